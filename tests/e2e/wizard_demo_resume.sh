#!/bin/sh
# SPDX-License-Identifier: MIT
# Demo resume (issue 13, item 7): a --demo draft points at the previous
# run's simulator, which is gone.  Resuming moves its loopback URLs to this
# run's simulator, so the registration still goes through; the review's
# command and the result's next steps say they need `agent-onboard sandbox`
# once the demo has ended.
. "${0%/*}/lib/tmux.sh"

tui_start 80 24 -- --demo
w_platform && w_kind 1 && w_identity "Demo Again" && w_agent 1 1
wait_for "Endpoint URL  Step"
OLD=$(screen | grep -o 'http://127\.0\.0\.1:[0-9]*/demo/mcp' | head -n 1)
key Enter
w_auth 1 && w_token demo-agent-token && wait_for "Details  Step"
key C-c
wait_for "Quit and keep the draft" && key Enter
expect_exit "the first demo quits keeping its draft" 130
check "the draft names the first simulator's agent" grep -qF "$OLD" "$XDG_STATE_HOME/agent-onboard/demo-draft.json"

tui_start 80 24 -- --demo
wait_for "Resume" && key Enter
# the demo keeps no secrets: the token is asked for first
w_token demo-agent-token
wait_for "Details  Step" && key Enter
wait_for "Review  Step" && key End
expect_screen "the review's command says what it needs once the demo has ended" "agent-onboard sandbox"
review_text "$T/review"
check "the endpoint moved to this run's simulator" sh -c "grep -o 'http://127\\.0\\.0\\.1:[0-9]*/demo/mcp' '$T/review' | grep -vqF '$OLD'"
check "and nothing points at the old one" sh -c "! grep -qF '$OLD' '$T/review'"
key Enter
expect_screen "the resumed demo goes through" "ACTIVE: the registration is live" 20
check "what next says the commands need a simulator that stays up" sh -c "$TM capture-pane -p -J -t $PANE | grep -q 'agent-onboard sandbox'"
key Enter
expect_exit "resumed demo: exit code" 0
check "the summary on the normal screen keeps what to do next" sh -c "$TM capture-pane -p -J -S - -t $PANE | grep -q 'Next: .agent-onboard status'"

done_testing
