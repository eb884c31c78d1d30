#!/bin/sh
# SPDX-License-Identifier: MIT
# Drafts and resume: a hang-up (the terminal closed under the wizard, as a
# dropped SSH connection does) and SIGTERM save the answers; the next start
# offers to resume at the same step with every value; a submission cut off
# mid-request is looked up on the platform on resume, so exactly one
# registration exists in the end.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
start_sandbox slowagent --activate-after 0.05 --probe-interval 0.1 --disable-after 0 \
	--fault "POST /api/v2/partner/agents:latency=1500,times=1"
SLOWAGENT=$URL
start_sandbox slow --activate-after 0.05 --probe-interval 0.1 --disable-after 0 \
	--fault "POST /api/v2/storefront/inventory-sources:latency=1500,times=1"
SLOW=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
DRAFT="$XDG_STATE_HOME/agent-onboard/draft.json"

# ---- SIGHUP mid-form, then resume ---------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "Hangup Test" && w_agent 3 2 && w_endpoint "$S/demo/a2a"
wait_for "Authentication  Step"
type_text 1
wait_for "(•) API key"
hangup
if wait_until 10 test -s "$DRAFT"; then ok "a hang-up saves the draft"; else fail "a hang-up saves the draft"; fi
check "the draft has the step" grep -q '"step":.*"auth-type"' "$DRAFT"
check "the draft has the answers" sh -c "grep -q 'Hangup Test' '$DRAFT' && grep -q 'CREATIVE' '$DRAFT' && grep -q '/demo/a2a' '$DRAFT'"
check "including the choice made on the step it was on" grep -q '"API_KEY"' "$DRAFT"
check "the draft is 0600" sh -c "[ \$(stat -c %a '$DRAFT') = 600 ]"
check "the draft directory is private" sh -c "[ \$(stat -c %a '$XDG_STATE_HOME/agent-onboard') = 700 ]"

tui_start 80 24 "$K" -- --api-url "$S"
expect_screen "the next start offers to resume" "Resume where you left off"
check "it names the draft and its step" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Hangup Test.*Authentication\\|Hangup Test'"
key Enter
expect_screen "resume lands on the same step" "Authentication  Step"
check "with the choice made there" sh -c "$TM capture-pane -p -t $PANE | grep -q '(•) API key'"
key Escape
expect_screen "and the earlier answers are there" "$S/demo/a2a"
key Escape
wait_for "Agent type and protocol"
check "agent type and protocol kept" sh -c "$TM capture-pane -p -t $PANE | grep -q '(•) Creative' && $TM capture-pane -p -t $PANE | grep -q '(•) A2A'"

# ---- SIGTERM saves too; starting afresh discards ------------------------------------------------
kill -TERM "$(ao_pid)"
expect_exit "SIGTERM ends the wizard with the interrupted code" 130
check "SIGTERM saved the draft at the step it was on" grep -q '"step":.*"agent"' "$DRAFT"
check "the terminal was restored (the message is on the normal screen)" sh -c "$TM capture-pane -p -S - -J -t $PANE | grep -q 'terminated (SIGTERM)'"
tui_start 80 24 "$K" -- --api-url "$S"
wait_for "Resume where you left off" && key Down Enter
expect_screen "starting afresh begins at the platform step" "Platform and API key"
check "and deletes the draft" test ! -e "$DRAFT"
key q
wait_for "Quit?" && key Enter
wait_exit 5

# ---- a submission cut off mid-request is reconciled, not sent twice ---------------------------------
tui_start 80 24 "$K" -- --api-url "$SLOW" --fresh
w_platform && w_kind 1 && w_identity "Cut Off" && w_agent 1 1 && w_endpoint "$SLOW/demo/mcp" && w_auth 1 &&
	w_token demo-agent-token && w_details && w_review
expect_screen "submitting" "Submitting the registration"
hangup
if wait_until 10 grep -q '"submitStarted":.*true' "$DRAFT"; then
	ok "the draft records that the submission started"
else
	fail "the draft records that the submission started"
fi
check "the draft holds no token" sh -c "! grep -q demo-agent-token '$DRAFT'"
# the platform finishes the request the wizard no longer waits for
if wait_until 10 grep -q 'POST /api/v2/storefront/inventory-sources -> 201' "$T/slow.log"; then
	ok "the create reached the platform after the hang-up"
else
	fail "the create reached the platform after the hang-up"
fi
tui_start 80 24 "$K" -- --api-url "$SLOW"
expect_screen "the next start offers to resume the interrupted submission" "A submission was interrupted"
key Enter
expect_screen "resume looks it up and finds it" "had reached the platform" 10
expect_screen "then goes on waiting until ACTIVE" "ACTIVE: the registration is live" 15
key Enter
expect_exit "resumed registration: exit code" 0
check "exactly one create was sent" sh -c "[ \$(grep -c '^sandbox: POST /api/v2/storefront/inventory-sources ' '$T/slow.log') -eq 1 ]"
check "exactly one source exists" sh -c "[ \$(curl -fsS -H 'Authorization: Bearer $DEMO_KEY' '$SLOW/api/v2/storefront/inventory-sources' | grep -o '\"sourceId\":\"cut-off\"' | wc -l) -eq 1 ]"
check "the draft is gone" test ! -e "$DRAFT"

# ---- the same for a partner agent: found by its endpoint URL ----------------------------------------
tui_start 80 24 "$K" -- --api-url "$SLOWAGENT" --fresh
w_platform && w_kind 2 && w_partner 1 && w_name "Cut Agent" && w_agent 1 1 && w_endpoint "$SLOWAGENT/demo/mcp" &&
	w_auth 1 && w_token demo-agent-token
if wait_for "Details  Step"; then key Space Enter Enter Enter; fi
wait_for "Review  Step" && key End && key Enter
expect_screen "submitting the agent" "Submitting the registration"
hangup
wait_until 10 grep -q '"submitStarted":.*true' "$DRAFT"
if wait_until 10 grep -q 'POST /api/v2/partner/agents -> 201' "$T/slowagent.log"; then
	ok "the agent's create reached the platform after the hang-up"
else
	fail "the agent's create reached the platform after the hang-up"
fi
tui_start 80 24 "$K" -- --api-url "$SLOWAGENT"
wait_for "A submission was interrupted" && key Enter
expect_screen "resume finds the agent by its endpoint URL" "had reached the platform" 10
expect_screen "and offers its activation" "press a to activate it now" 10
check "exactly one agent create was sent" sh -c "[ \$(grep -c '^sandbox: POST /api/v2/partner/agents ' '$T/slowagent.log') -eq 1 ]"
key a
expect_screen "activated" "ACTIVE: the registration is live" 10
key Enter
expect_exit "resumed agent: exit code" 0

# ---- resume while waiting: back to the wait screen -------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "Wait Resume" && w_agent 1 1 && w_endpoint "$S/demo/mcp" && w_auth 1 &&
	w_token wrong-token && w_details && w_review
wait_for "Waiting for activation"
hangup
wait_until 10 grep -q '"registeredId":.*"wait-resume"' "$DRAFT"
check "a hang-up while waiting keeps the registration id" grep -q '"registeredId":.*"wait-resume"' "$DRAFT"
tui_start 80 24 "$K" -- --api-url "$S"
wait_for "It was registered as wait-resume" && key Enter
expect_screen "resuming goes back to waiting" "Waiting for activation"
expect_screen "with the platform's status" "PENDING"
check "no second create was sent" sh -c "[ \$(grep -c '^sandbox: POST /api/v2/storefront/inventory-sources ' '$T/s.log') -eq 1 ]"
key d
expect_exit "detach" 6

done_testing
