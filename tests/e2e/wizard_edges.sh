#!/bin/sh
# SPDX-License-Identifier: MIT
# Small rough edges (issue 13, item 11): Esc on the first step asks with
# "Stay" preselected; the keyring is not a warning when SCOPE3_API_KEY is
# used; the terminal cursor sits on the focused list item (magnifiers
# follow it); the too-small screen quits on q and points at --plain; a
# short --timeout is reported in seconds, not "0 minutes".  And item 8:
# the review tests the connection in the background and warns when the
# agent contradicts the chosen authentication.
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

# ---- the review tests the connection in the background (item 8) --------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 1 && w_identity "No Auth Here" && w_agent 1 1 && w_endpoint "$S/demo/mcp" && w_auth 5 && w_details
expect_screen "no authentication on an agent that asks for a token: the review warns" "the agent asks for a credential"
key Escape; wait_for "Details  Step"; key Escape
wait_for "Authentication  Step" && type_text 1 && key Enter
w_token wrong-token && w_details
expect_screen "a token the agent rejects: the review warns" "the agent rejected the credential"
key Escape; wait_for "Details  Step"; key Escape
wait_for "Credentials  Step" && key Tab C-u && type_text demo-agent-token && key Enter
w_details
expect_screen "the right token: the review confirms it" "the agent accepted the credential"
check "and the warning is gone" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'rejected the credential'"
key q; wait_for "Quit and keep the draft" && key Down Enter
wait_exit 10

tui_start 80 24 "$K" -- --api-url "$NEVER" --timeout 3
w_platform && w_kind 1 && w_identity "Short Wait" && w_agent 1 1 && w_endpoint "$NEVER/demo/mcp" && w_auth 1 && w_token demo-agent-token &&
	w_details && w_review
expect_screen "a short --timeout ends the wait" "stopped waiting" 20
check "and says seconds, not 0 minutes" sh -c "$TM capture-pane -p -J -t $PANE | grep -q 'after 3 seconds'"
key Enter
wait_exit 10

done_testing
