#!/bin/sh
# SPDX-License-Identifier: MIT
# The wizard (curses) and the plain mode against a hostile platform
# (tests/e2e/lib/hostile.py: every string of every answer carries a window
# title change, a screen clear, 8-bit and UTF-8 CSI, a right-to-left
# override and an OSC 52 clipboard write of "echo pwned").  What a user
# would notice is checked: the window title is unchanged, nothing reached
# the clipboard, the hostile text is on screen visibly escaped (\e...), and
# the raw bytes the program wrote to the terminal (tmux pipe-pane) hold none
# of the hostile sequences -- on the screens, in the plain mode and in the
# summary printed after the wizard leaves the screen.
. "${0%/*}/lib/tmux.sh"
. "${0%/*}/lib/hostile.sh"

start_hostile
K="SCOPE3_API_KEY=$DEMO_KEY"

# record every byte the program writes to its terminal
record() { rm -f "$T/raw"; $TM pipe-pane -o -t "$PANE" "cat >>'$T/raw'"; }
# no hostile sequence in the raw terminal output (the program's own
# drawing is fine): the OSC title and clipboard writes, CSI in UTF-8 and
# 8-bit form, the override
raw_clean() {
	python3 - "$T/raw" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = [b"\x1b]0;PWNED", b"\x1b]52;c;ZWNobyBwd25lZA", b"\xc2\x9b31m", b"\x9b31m", b"\xe2\x80\xae", b"\x07\x1b[2J"]
found = [b for b in bad if b in data]
if found:
    print("raw output holds %r" % found)
    sys.exit(1)
PY
}
title_kept() { ! $TM display -p -t "$PANE" '#{pane_title}' | grep -q PWNED; }
no_clipboard() { ! $TM show-buffer 2>/dev/null | grep -q .; }
escaped_on_screen() { $TM capture-pane -p -S - -t "$PANE" | grep -qF '\e]0;PWNED'; }

# ---- the curses wizard: account, review, submit, wait, result, summary ---------------------
tui_start 100 30 "$K" -- --api-url "$H" --timeout 3
record
expect_screen "the platform step shows the hostile account" "Press Enter to continue"
wait_for 'PWNED'
check "the account name is shown with its escape sequences visibly escaped" escaped_on_screen
w_platform && w_kind 1 && w_identity "Hostile Wizard" hostile-wizard && w_agent 1 1
w_endpoint "$S/demo/mcp-open"
w_auth 5 && w_details && w_review
wait_for "Enter exit" 20 && key Enter
wait_exit 20
check "the summary after the wizard left the screen is on the terminal" sh -c "$TM capture-pane -p -S - -t $PANE | grep -q 'agent-onboard:'"
check "wizard: the window title was not changed" title_kept
check "wizard: nothing was written to the clipboard" no_clipboard
check "wizard: the hostile text reached the terminal only escaped" raw_clean
check "wizard: the raw output was recorded" test -s "$T/raw"

# ---- the plain mode --------------------------------------------------------------------
answer() { wait_prompt "$1" && type_text "$2" && key Enter; }
tui_start 100 40 "$K" TERM=dumb -- --api-url "$H" --timeout 3
record
expect_screen "plain mode starts" "Answer each question and press Enter"
answer "Choose a number:" 1
answer "Name:" "Hostile Plain"
answer "Source id [hostile-plain] (- clears):" ""
wait_for "Agent type: What" && answer "Choose a number:" 1
wait_for "Protocol: How" && answer "Choose a number:" 1
answer "Endpoint URL:" "$S/demo/mcp-open"
wait_for "Authentication: How" && answer "Choose a number:" 5
answer "Description:" ""
answer "Submit now?" y
wait_exit 20
check "plain mode: the hostile status is shown escaped" escaped_on_screen
check "plain mode: the window title was not changed" title_kept
check "plain mode: nothing was written to the clipboard" no_clipboard
check "plain mode: the hostile text reached the terminal only escaped" raw_clean
# the terminal turns each newline into CR LF (onlcr): those CRs are its own
tr -d '\r' <"$T/raw" >"$T/raw.lines"
if python3 "$REPO/tests/e2e/lib/nocontrol.py" "$T/raw.lines" >"$T/dirty"; then
	ok "plain mode: not one control byte written (it draws nothing)"
else
	fail "plain mode: not one control byte written (it draws nothing)" "$(cat "$T/dirty")"
fi

done_testing
