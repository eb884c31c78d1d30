#!/bin/sh
# SPDX-License-Identifier: MIT
# Small rough edges (issue 13, item 11): Esc on the first step asks with
# "Stay" preselected; the keyring is not a warning when SCOPE3_API_KEY is
# used; the terminal cursor sits on the focused list item (magnifiers
# follow it); the too-small screen quits on q and points at --plain; a
# short --timeout is reported in seconds, not "0 minutes".
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
start_sandbox never --activate-after 3600 --probe-interval 0.1 --disable-after 0
NEVER=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
cursor_row() { $TM display -p -t "$PANE" '#{cursor_y}'; }
row_of() { screen | grep -n -F -- "$1" | head -n 1 | cut -d: -f1; }

tui_start 80 24 "$K" -- --api-url "$S"
wait_for "Press Enter to continue"
check "with SCOPE3_API_KEY, no keyring is a note, not a fix to apply" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Fix:'"
check "and it says the key does not need it" _has "not needed for the key"
key Escape
expect_screen "Esc on the first step asks" "Quit and keep the draft"
key Enter
wait_gone "Quit and keep the draft"
check "Enter there stays (Stay was preselected)" _has "Press Enter to continue"
key Enter
wait_for "What to register" && key Down
wait_for "What to register"
want=$(( $(row_of "Partner agent") - 1 ))
check "the cursor is on the focused list item" test "$(cursor_row)" = "$want"
resize 50 12
expect_screen "too small: says so" "The terminal is 50x12"
check "and points at --plain" _has "--plain"
key q
expect_exit "q quits from the too-small screen" 130

tui_start 80 24 "$K" -- --api-url "$NEVER" --timeout 3
w_platform && w_kind 1 && w_identity "Short Wait" && w_agent 1 1 && w_endpoint "$NEVER/demo/mcp" && w_auth 1 && w_token demo-agent-token &&
	w_details && w_review
expect_screen "a short --timeout ends the wait" "stopped waiting" 20
check "and says seconds, not 0 minutes" sh -c "$TM capture-pane -p -J -t $PANE | grep -q 'after 3 seconds'"
key Enter
wait_exit 10

done_testing
