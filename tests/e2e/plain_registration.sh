#!/bin/sh
# SPDX-License-Identifier: MIT
# The plain mode in a real terminal (a tmux pane is a pty): automatic with
# TERM=dumb or ACCESSIBLE=1, numbered choices, one question per line, the
# secret read with echo off -- it completes a registration and the typed
# secret never appears in the terminal, not even in the scrollback.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# answer PROMPT TEXT: waits for PROMPT, types TEXT and Enter
answer() { wait_prompt "$1" && type_text "$2" && key Enter; }

# ---- TERM=dumb: an inventory source with an API key ---------------------------------------
tui_start 100 40 "$K" TERM=dumb -- --api-url "$S"
expect_screen "TERM=dumb starts the plain mode" "Answer each question and press Enter"
check "no screen drawing: no alternate screen, no escape sequences on screen" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Tab next field'"
answer "Choose a number:" 1
answer "Name:" "Plain Sörce"
answer "Source id [plain-sorce] (- clears):" ""
wait_for "Agent type: What" && answer "Choose a number:" 1
wait_for "Protocol: How" && answer "Choose a number:" 1
answer "Endpoint URL:" "$S/demo/mcp"
wait_for "Authentication: How" && answer "Choose a number:" 1
wait_for "Key type: How" && answer "Choose a number [bearer]:" ""
answer "Token (typing is hidden" "demo-agent-token"
answer "Description:" "<"
if wait_prompt "Token (typing is hidden; Enter keeps the one already given)"; then
	ok "< goes back to the previous question"
else
	fail "< goes back to the previous question"
fi
key Enter
answer "Description:" "Typed in the plain mode"
expect_screen "the review lists the answers" "Review: what will be registered"
check "the review masks the token" sh -c "$TM capture-pane -p -S - -t $PANE | grep -qF '\"token\":  \"********\"'"
answer "Submit now?" y
expect_screen "plain mode: the source becomes ACTIVE" "ACTIVE: the registration is live" 15
expect_exit "plain mode: exit code" 0
check "the secret never appeared in the terminal (whole scrollback)" sh -c "! $TM capture-pane -p -S - -t $PANE | grep -q demo-agent-token"
check "the source is on the platform" sh -c "curl -fsS -H 'Authorization: Bearer $DEMO_KEY' $S/api/v2/storefront/inventory-sources/plain-sorce | grep -q 'Typed in the plain mode'"

# ---- ACCESSIBLE=1: a partner agent, activated -----------------------------------------------
tui_start 100 40 "$K" ACCESSIBLE=1 -- --api-url "$S"
expect_screen "ACCESSIBLE=1 starts the plain mode" "Answer each question and press Enter"
answer "Choose a number:" 2
expect_screen "the partner list is numbered" "2) Sandbox Second Partner (1002)"
answer "Choose a number:" 1
answer "Name:" "Plain Partner"
wait_for "Agent type: What" && answer "Choose a number:" 1
wait_for "Protocol: How" && answer "Choose a number:" 1
answer "Endpoint URL:" "$S/demo/mcp-sse"
wait_for "Authentication: How" && answer "Choose a number:" 1
wait_for "Key type: How" && answer "Choose a number [bearer]:" ""
answer "Token (typing is hidden" "demo-agent-token"
wait_for "Account policy: Which"
answer "Choose one or more numbers" "3"
if wait_for "Please type one or more numbers from the list above."; then
	ok "a wrong number is refused and asked again"
else
	fail "a wrong number is refused and asked again"
fi
answer "Choose one or more numbers" "1,2"
wait_for "Reporting: How" && answer "Choose a number:" 0
answer "Description:" ""
answer "Submit now?" y
if wait_prompt "Activate the agent now"; then ok "activation is offered"; else fail "activation is offered"; fi
type_text y; key Enter
expect_screen "plain mode: the partner agent becomes ACTIVE" "ACTIVE: the registration is live" 15
expect_exit "partner agent: exit code" 0
check "the token never appeared" sh -c "! $TM capture-pane -p -S - -t $PANE | grep -q demo-agent-token"

# ---- end of input quits and keeps a draft ---------------------------------------------------
tui_start 100 40 "$K" -- --plain --api-url "$S"
answer "Choose a number:" 1
answer "Name:" "Plain Draft"
wait_prompt "Source id"
key C-d
expect_exit "end of input quits with the interrupted code" 130
check "and says where the draft is" sh -c "$TM capture-pane -p -S - -J -t $PANE | grep -q 'Your answers are saved in'"
check "the draft has the name" grep -q 'Plain Draft' "$XDG_STATE_HOME/agent-onboard/draft.json"
tui_start 100 40 "$K" -- --plain --api-url "$S"
if wait_prompt "Resume it?"; then ok "the plain mode offers to resume too"; else fail "the plain mode offers to resume too"; fi
type_text n; key Enter
wait_prompt "Choose a number:"
expect_screen "n starts afresh" "What to register"
key C-d
wait_exit 5

done_testing
