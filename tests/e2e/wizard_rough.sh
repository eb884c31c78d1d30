#!/bin/sh
# SPDX-License-Identifier: MIT
# Rough edges of the wizard (issue 13, items 11, 8 and 5): the step number
# never jumps and has no total that changes; spaces around a URL are
# removed at both ends, visibly; a horizontally scrolled field scrolls back
# after Backspace; the wait screen says when it last checked and what, and
# r shows that it checks; notices go when what they describe changes; Test
# connection runs by itself on the endpoint and credentials steps; the
# review warns about OAuth on an agent without OAuth metadata; a corrected
# credential after a cut-off submission is offered as an update.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
title() { screen | head -n 1; }
# step_is N: the title says "Step N" and no total
step_is() { title | grep -q "Step $1\$\|Step $1 " && ! title | grep -q "Step $1 of"; }

# ---- the step number grows by one per step, whatever is chosen (item 11) -----------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform
wait_for "What to register"
check "step 2 is the kind, with no total" step_is 2
type_text 2; key Enter
wait_for "Partner seat"
check "a partner agent: the seat is step 3" step_is 3
wait_for "Sandbox Demo Partner" && type_text 1 && key Enter
wait_for "Name and id"
check "then the name, 4" step_is 4
type_text "Numbered Agent"; key Enter
wait_for "Agent type and protocol"
check "then 5" step_is 5
type_text 1; key Enter; type_text 1; key Enter
wait_for "Endpoint URL  Step"
check "then 6" step_is 6
type_text "$S/demo/mcp"; key Enter
wait_for "Authentication  Step"
check "authentication is 7" step_is 7
type_text 1; key Enter
wait_for "Credentials  Step"
check "choosing an API key: credentials are 8 (no total grows)" step_is 8
key C-c; wait_for "Quit and keep the draft" && key Down Enter
wait_exit 10

tui_start 80 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 1 && w_identity "Numbered Open"
wait_for "Agent type and protocol"
check "an inventory source: agent type is 4" step_is 4
type_text 1; key Enter; type_text 1; key Enter
# ---- spaces around a URL, leading and trailing alike (item 11) ---------------------------
wait_for "Endpoint URL  Step" && type_text "   $S/demo/mcp-open  "
expect_screen "leading spaces in a URL are not refused but removed, and it says so" "spaces around the URL were removed"
check "no 'cannot contain spaces' for them" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'cannot contain spaces'"
key Enter
wait_for "Authentication  Step"
check "authentication is 6" step_is 6
type_text 5; key Enter
wait_for "Details  Step"
check "no credentials for NO_AUTH: details are 7, not a jump" step_is 7
key Enter
wait_for "Review  Step"
check "the review is 8" step_is 8
expect_screen "the review shows the URL without the spaces, and says so" "mcp-open  (spaces around it"
key q; wait_for "Quit and keep the draft" && key Down Enter
wait_exit 10

# ---- a scrolled field scrolls back after Backspace (item 11), at 60 columns ---------------
tui_start 60 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 1 && w_identity "Scroll Back" && w_agent 1 1
wait_for "Endpoint URL  Step" && type_text "https://agent.example/0123456789/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJ"
expect_screen "a long URL scrolls the field: its end is shown" "ABCDEFGHIJ"
i=0
while [ $i -lt 30 ]; do key BSpace; i=$((i + 1)); done
# 30 characters gone: the value now ends in "...0123456789/abcdefg"
wait_until 5 sh -c "! $TM capture-pane -p -t $PANE | grep -q 'hijk'"
check "after Backspace the text before the cursor is shown again" sh -c "$TM capture-pane -p -t $PANE | grep -q '0123456789/abcdefg *\]'"
key C-c; wait_for "Quit and keep the draft" && key Down Enter
wait_exit 10

# ---- the wait screen: when it last checked, what it found; r answers (item 11) -------------
# every status check takes 2 s, so that a check r starts is seen running
start_sandbox slow --activate-after 3600 --probe-interval 0.1 --disable-after 0 \
	--fault "GET /api/v2/storefront/inventory-sources/{sourceId}:latency=2000"
SLOW=$URL
tui_start 80 24 "$K" -- --api-url "$SLOW" --fresh
w_platform && w_kind 1 && w_identity "Wait Feedback" && w_agent 1 1 && w_endpoint "$SLOW/demo/mcp" && w_auth 1 &&
	w_token demo-agent-token && w_details && w_review
expect_screen "the wait screen shows" "Waiting for activation"
expect_screen "the last check says when and what it found" "ago: PENDING" 20
n0=$(requests slow "GET /api/v2/storefront/inventory-sources/wait-feedback")
wait_until 10 sh -c "! $TM capture-pane -p -t $PANE | grep -q 'checking now'"
key r
wait_until 5 sh -c "$TM capture-pane -p -t $PANE | grep -q 'Checking now\|already running'"
check "r says that it checks (or that a check is running)" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Checking now\|already running'"
key r
expect_screen "r while a check is in flight says so" "A check is already running"
wait_until 10 sh -c "[ \$(grep -c '^sandbox: GET /api/v2/storefront/inventory-sources/wait-feedback ' '$T/slow.log') -gt $n0 ]"
expect_screen "when it ends, the note goes and the last check is the new one" "just now: PENDING" 10
check "the r note is gone once its check ended" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'already running'"
key d
wait_exit 10

done_testing
