#!/bin/sh
# SPDX-License-Identifier: MIT
# Text that is never cut (issue 13, item 10): a message longer than its two
# rows grows into the help rows; a help line (or a message longer than four
# rows) ends with "… F3/^O more" and F3 (or Ctrl-O, sent as the raw byte
# through paste-buffer without -p) shows all of it, at 80x24 and at the
# minimum 60x18; the review's command and the OAuth URL are shown alone
# (s) so the terminal wraps them and a selection takes them whole
# (capture-pane -J), copied (c, OSC 52 into tmux's buffer) and printed on
# the normal screen on quit and detach; the QR code's minimum window is the
# size at which it really appears, and z shows it full-screen.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --fault 'POST /api/v2/storefront/inventory-sources:status=400,code=VALIDATION_ERROR'
S=$URL
start_sandbox ok
S2=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# raw FORMAT: the bytes as they are, no paste markers
raw() { printf "$1" >"$T/buf" && $TM load-buffer -b r "$T/buf" && $TM paste-buffer -r -d -b r -t "$PANE"; }
joined() { $TM capture-pane -p -J -t "$PANE"; }
# the lines the program printed after it restored the terminal (the
# scrollback, wrapped lines joined)
printed() { $TM capture-pane -p -S - -E - -J -t "$PANE"; }

# ---- a long help line, at 80x24 and 60x18 -----------------------------------------------------
tui_start 80 24 -- --demo
w_platform && w_kind 1 && w_identity "Text Agent" && w_agent 1 1
wait_for "Endpoint URL  Step"
expect_screen "80x24: the demo's long help line ends with the key to read it all" "F3/^O more"
check "80x24: the end of it is not on the screen" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'mcp-oauth (OAuth)'"
key F3
expect_screen "80x24: F3 shows the whole text" "The whole message"
expect_screen "80x24: with the end that did not fit" "/demo/mcp-oauth (OAuth)."
key Escape
wait_gone "The whole message"
check "Esc closes it and the step is back" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Endpoint URL  Step'"
raw '\017'
expect_screen "Ctrl-O (the raw byte) shows it too" "The whole message"
key q
wait_gone "The whole message"
check "q closes it without quitting" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Endpoint URL  Step'"
resize 60 18
expect_screen "60x18: still the key to read it all" "F3/^O more"
key F3
expect_screen "60x18: F3 shows the whole text" "/demo/mcp-oauth (OAuth)."
key Escape
wait_gone "The whole message"
type_text x
expect_screen "typing still goes into the field after the overlay" "demo/mcpx"
key C-c; wait_for "Quit?" && key Enter; wait_exit 5

# ---- a platform error whose instruction would be cut at 60x18 ----------------------------------
# Two rows hold the start of it; the message grows into the help rows, so
# the instruction stays on the screen, and the help line waits behind F3.
tui_start 60 18 "$K" -- --fresh --api-url "$S"
w_platform && w_kind 1 && w_identity "Text Rejected" && w_agent 1 1 && w_endpoint "$S/demo/mcp-open" && w_auth 5
w_details && w_review
expect_screen "60x18: the platform's rejection is shown" "The platform rejected the request"
expect_screen "60x18: the message grows, and its instruction is on the screen" "submit again."
check "60x18: the help line gave way to it" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Check every value'"
key F3
expect_screen "60x18: F3 shows the whole message" "The whole message"
expect_screen "60x18: and the help line that gave way" "Check every value"
key Escape
wait_gone "The whole message"
resize 80 24
expect_screen "80x24: the whole message fits, instruction included" "Correct it and submit again."
check "80x24: the help line is back" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Check every value'"
check "80x24: no 'more' key when nothing is cut" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'F3/^O more'"

# ---- the review's command: alone, copied, printed on quit --------------------------------------
resize 60 18
wait_for "Review  Step"
key s
expect_screen "s shows the command alone" "c copies it to your clipboard"
check "no frame or box drawing around it" sh -c "! $TM capture-pane -p -t $PANE | grep -q '[│┌└]'"
cmd_line=$(joined | grep '^agent-onboard create ')
case $cmd_line in
*"--endpoint-url $S/demo/mcp-open"*"--auth-type NO_AUTH"*) ok "at 60 columns the command is one line to a selection (capture-pane -J)" ;;
*) fail "at 60 columns the command is one line to a selection (capture-pane -J)" "got: $cmd_line" ;;
esac
check "the terminal wrapped it (it is wider than the window)" test "${#cmd_line}" -gt 60
key c
if wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q '^agent-onboard create '"; then
	ok "c copies the command (OSC 52, into tmux's buffer)"
else
	fail "c copies the command (OSC 52, into tmux's buffer)"
fi
check "the copy is the command shown" test "$(clipboard)" = "$cmd_line"
key Escape
wait_for "Review  Step"
check "Esc brings the review back whole (no text left over)" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'c copies it to your clipboard'"
$TM delete-buffer 2>/dev/null
key c
if wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q '^agent-onboard create '"; then
	ok "c on the review copies the command too"
else
	fail "c on the review copies the command too"
fi
key q; wait_for "Quit?" && key Enter
expect_exit "quit at the review" 130
check "on quit the command is printed on the normal screen" sh -c "$TM capture-pane -p -S - -E - -J -t $PANE | grep -qA1 'The same registration without the wizard:' "
printf '%s\n' "$cmd_line" >"$T/cmd"
check "whole, on a line of its own" sh -c "$TM capture-pane -p -S - -E - -J -t $PANE | grep -qxF -f '$T/cmd'"

# ---- OAuth: the QR code's one minimum size, z, the URL alone, printed on quit ------------------
tui_start 60 18 -- --demo --fresh
w_platform && w_kind 1 && w_identity "QR Agent" && w_agent 1 1
wait_for "Endpoint URL  Step"
demo=$($TM capture-pane -p -t "$PANE" | grep -o 'http://127\.0\.0\.1:[0-9]*' | head -n 1)
key C-u; type_text "$demo/demo/mcp-oauth"; key Enter
w_auth 4 && w_details && w_review
expect_screen "the OAuth screen" "/sandbox/oauth/authorize?state="
expect_screen "60x18: no room for the QR code, and its size is named" "A QR code needs a window of at least"
need=$($TM capture-pane -p -J -t "$PANE" | sed -n 's/.*needs a window of at least \([0-9]*x[0-9]*\).*/\1/p' | head -n 1)
check "the note says z shows it full-screen" sh -c "$TM capture-pane -p -J -t $PANE | grep -q 'z shows it full-screen'"
check "no QR code drawn at 60x18" sh -c "! $TM capture-pane -p -t $PANE | grep -q '█'"
key z
expect_screen "z at 60x18: the code does not fit even alone, and it says so" "Even alone, the QR code needs"
key Escape
wait_for "Approve access"
resize 80 24
wait_for "this one is 80x24"
key z
expect_screen "z at 80x24: the QR code full-screen" "Scan it with a phone"
check "and it is drawn" sh -c "$TM capture-pane -p -t $PANE | grep -q '█'"
key Escape
wait_gone "Scan it with a phone"
w=${need%x*} h=${need#*x}
resize "$w" "$h"
if wait_until 5 sh -c "$TM capture-pane -p -t $PANE | grep -q '█'"; then
	ok "at the size named ($need) the QR code is on the OAuth screen"
else
	fail "at the size named ($need) the QR code is on the OAuth screen"
	screen_dump
fi
check "and the note is gone" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'needs a window of at least'"
resize "$w" $((h - 1))
expect_screen "one row less ($w x $((h - 1))) and it gives way to the note again" "needs a window of at least $need"
resize 60 18
key s
expect_screen "s shows the URL alone" "c copies it to your clipboard"
url=$(joined | grep '^http://127\.0\.0\.1:[0-9]*/sandbox/oauth/authorize?state=')
check "at 60 columns the URL is one line to a selection (capture-pane -J)" test -n "$url"
check "the terminal wrapped it (it is wider than the window)" test "${#url}" -gt 60
key c
wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q oauth/authorize"
check "c copies exactly the URL shown" test "$(clipboard)" = "$url"
key Escape
wait_for "Approve access"
key q; wait_for "Quit?" && key Enter
expect_exit "quit while waiting for consent" 130
check "on quit the URL is printed, whole, on a line of its own" sh -c "$TM capture-pane -p -S - -E - -J -t $PANE | grep -qxF -- '$url'"
check "after what it is for" sh -c "$TM capture-pane -p -S - -E - -J -t $PANE | grep -q 'Approve access for the platform at this URL'"

# ---- OAuth: d detaches and prints the URL too -------------------------------------------------
tui_start 80 24 "$K" -- --fresh --api-url "$S2"
w_platform && w_kind 1 && w_identity "Detach Agent" && w_agent 1 1 && w_endpoint "$S2/demo/mcp-oauth" && w_auth 4
w_details && w_review
wait_for "/sandbox/oauth/authorize?state="
key d
expect_exit "d detaches" 6
check "the detach message prints the URL whole" sh -c "$TM capture-pane -p -S - -E - -J -t $PANE | grep -qx 'http://127\.0\.0\.1:[0-9]*/sandbox/oauth/authorize?state=[0-9a-f]*'"

done_testing
