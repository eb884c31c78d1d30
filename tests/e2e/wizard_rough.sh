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
wait_until 10 sh -c "! $TM capture-pane -p -t $PANE | grep -q 'checking now'"
key r
wait_until 5 sh -c "$TM capture-pane -p -t $PANE | grep -q 'Checking now\|already running'"
check "r says that it checks (or that a check is running)" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Checking now\|already running'"
key r
expect_screen "r while a check is in flight says so" "A check is already running"
# the simulator logs a request when it answers it, after the 2 s hold
n0=$(requests slow "GET /api/v2/storefront/inventory-sources/wait-feedback")
wait_until 15 sh -c "! $TM capture-pane -p -t $PANE | grep -q 'already running'"
check "the r note goes once the check in flight has ended, not before" sh -c "[ \$(grep -c '^sandbox: GET /api/v2/storefront/inventory-sources/wait-feedback ' '$T/slow.log') -gt $n0 ]"
check "and the last check line shows its result" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Last check .*PENDING'"
key d
wait_exit 10

# ---- Test connection by itself; stale results and notices go (items 8 and 11) -------------
python3 "$REPO/tests/e2e/lib/bearer_agent.py" >"$T/bearer.url" 2>"$T/bearer.log" &
_pids="$_pids $!"
wait_until 10 grep -qs '^http' "$T/bearer.url" || fail "the Bearer-only agent did not start"
BEARER=$(head -n 1 "$T/bearer.url")
tui_start 80 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 1 && w_identity "Auto Test" && w_agent 1 1
wait_for "Endpoint URL  Step"
key C-t
expect_screen "Ctrl-T on an empty URL says what is missing" "Type the endpoint URL first."
n0=$(requests s "POST /demo/mcp-open")
type_text "$S/demo/mcp-open"
expect_screen "typing a URL and pausing tests it by itself, no key pressed" "Test connection: " 15
check "the notice about the empty URL went when the URL was typed" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Type the endpoint URL first'"
check "the simulator's agent was really asked" sh -c "[ \$(grep -c '^sandbox: POST /demo/mcp-open ' '$T/s.log') -gt $n0 ]"
type_text "-gone"
wait_until 5 sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Test connection: The agent'"
check "once the URL changes the old result is not shown for the new one" sh -c "! $TM capture-pane -p -t $PANE | grep -q '✓.*MCP'"
expect_screen "and the new URL is tested in turn" "404" 15
key C-u
type_text "$S/demo/mcp"
expect_screen "an agent that asks for a token: said before any type is chosen" "asks for a" 15
key Enter
w_auth 1
wait_for "Credentials  Step" && wait_for "Token" && type_text "wrong-token"
expect_screen "on the credentials step a rejected token shows without pressing a key" "rejected" 15
key C-u
type_text demo-agent-token
expect_screen "the corrected token is tested in turn" "bearer token accepted" 15
check "and the rejection is gone" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'rejected'"
key Enter
w_details
expect_screen "the review confirms the credential" "the agent accepted the credential" 15
key Escape; wait_for "Details  Step"; key Escape; wait_for "Credentials  Step"; key Escape
wait_for "Authentication  Step" && key Escape
wait_for "Endpoint URL  Step" && key C-u && type_text "$BEARER" && key Enter
w_auth 4 && w_details
expect_screen "OAuth on an agent without OAuth metadata: the review warns" "no OAuth" 15
key Escape; wait_for "Details  Step"; key Escape; wait_for "Authentication  Step"; key Escape
wait_for "Endpoint URL  Step" && key C-u && type_text "$S/demo/mcp-oauth" && key Enter
w_auth 4 && w_details
expect_screen "OAuth on an agent with OAuth metadata: the review says so" "publishes OAuth metadata" 15
check "and does not warn" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'no OAuth'"
key q; wait_for "Quit and keep the draft" && key Down Enter
wait_exit 10

done_testing
