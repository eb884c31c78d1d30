#!/bin/sh
# SPDX-License-Identifier: MIT
# Resume without a keyring (issue 13, item 6): over SSH with no session
# bus, the platform key and the agent token were kept for that run only.
# After a hang-up and a restart, resuming asks first for what was lost --
# the platform key, then the token -- and then continues where it stopped,
# instead of a review that only says they are missing.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
DRAFT="$XDG_STATE_HOME/agent-onboard/draft.json"

tui_start 80 24 -- --api-url "$S" --fresh
wait_for "Keep the key" && type_text "$DEMO_KEY" && key Enter
w_platform && w_kind 1 && w_identity "Lost Token" && w_agent 1 1 && w_endpoint "$S/demo/mcp" && w_auth 1 &&
	w_token demo-agent-token
wait_for "Details  Step" && type_text "Kept description"
hangup
if wait_until 10 grep -q 'Kept description' "$DRAFT"; then ok "the hang-up saved the draft"; else fail "the hang-up saved the draft"; fi
check "the draft holds neither key nor token" sh -c "! grep -q 'demo-agent-token\\|$DEMO_KEY' '$DRAFT'"

tui_start 80 24 -- --api-url "$S"
wait_for "Resume" && key Enter
expect_screen "resuming asks for the platform key first" "Keep the key"
type_text "$DEMO_KEY"; key Enter
wait_for "Press Enter to continue" && key Enter
expect_screen "then the token, on the credentials step" "Credentials  Step"
check "saying why it is asked again" _has "kept for that run only"
type_text demo-agent-token; key Enter
expect_screen "Enter goes back where the draft stopped" "Details  Step"
check "with what was typed there" _has "Kept description"
key Enter
w_review
expect_screen "and the registration goes through" "ACTIVE: the registration is live" 20
key Enter
expect_exit "resumed without a keyring: exit code" 0

done_testing
