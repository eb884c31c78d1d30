#!/bin/sh
# SPDX-License-Identifier: MIT
# `agent-onboard --demo`: the whole wizard against the built-in simulator
# with its demo agents (no network, no account, nothing stored); colours
# off with NO_COLOR, a monochrome terminal, and the ASCII-only fallback
# when the locale is not UTF-8.
. "${0%/*}/lib/tmux.sh"

# ---- the demo, start to ACTIVE ------------------------------------------------------------
tui_start 80 24 -- --demo
expect_screen "the demo says so in the title" "DEMO (simulator)"
expect_screen "the demo never touches the keyring" "not used: the demo runs against the built-in simulator"
expect_screen "the demo key is accepted by the simulator" "Sandbox Media Co."
w_platform && w_kind 1 && w_identity "Demo Agent" && w_agent 1 1
expect_screen "the endpoint is prefilled with the demo MCP agent" "/demo/mcp"
check "the help line lists the demo agents and their credentials" sh -c "$TM capture-pane -p -J -t $PANE | grep -q 'demo-agent-token'"
key F5
expect_screen "Test connection reaches the demo agent" "Test connection" 10
key Enter
w_auth 1 && w_token demo-agent-token && w_details && w_review
expect_screen "the demo source becomes ACTIVE (the simulator probes the demo agent)" "ACTIVE: the registration is live" 20
key Enter
expect_exit "demo: exit code" 0
check "a demo leaves no draft behind" sh -c "! ls '$XDG_STATE_HOME/agent-onboard/'*draft* 2>/dev/null"

# ---- NO_COLOR, monochrome, ASCII ---------------------------------------------------------------
tui_start 80 24 -- --demo
wait_for "Press Enter to continue"
if $TM capture-pane -p -e -t "$PANE" | grep -q "$(printf '\033')\\[[0-9;]*3[0-7]m"; then
	ok "with colours the keys bar is coloured"
else
	fail "with colours the keys bar is coloured"
fi
key q; wait_for "Quit?" && key Enter; wait_exit 5

tui_start 80 24 NO_COLOR=1 -- --demo
wait_for "Press Enter to continue"
if $TM capture-pane -p -e -t "$PANE" | grep -q "$(printf '\033')\\[[0-9;]*3[0-7]m"; then
	fail "NO_COLOR: no colour at all"
else
	ok "NO_COLOR: no colour at all"
fi
check "NO_COLOR: the title bar is still marked (reverse video)" sh -c "$TM capture-pane -p -e -t $PANE | head -n 1 | grep -q '\\[7m'"
key q; wait_for "Quit?" && key Enter; wait_exit 5

tui_start 80 24 TERM=vt100 -- --demo
expect_screen "a monochrome terminal (vt100) works" "Press Enter to continue"
key Enter
wait_for "What to register"
type_text 2
expect_screen "choices are marked without colour" "(•) Partner agent"
key q; wait_for "Quit?" && key Enter; wait_exit 5

tui_start 80 24 LC_ALL=C LANG=C -- --demo
expect_screen "under LC_ALL=C the wizard still runs (UTF-8 for the terminal)" "Press Enter to continue"
key Enter
wait_for "What to register" && type_text 1 && key Enter
wait_for "Name and id" && type_text "Zoë 日本"
expect_screen "and non-ASCII input still works" "Zoë 日本"
key C-c
expect_screen "Ctrl-C asks before quitting" "Quit and keep the draft"
key Down Enter
expect_exit "quit discarding the draft" 130
check "the discarded draft is gone" sh -c "! ls '$XDG_STATE_HOME/agent-onboard/'*draft* 2>/dev/null"

done_testing
