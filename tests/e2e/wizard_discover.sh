#!/bin/sh
# SPDX-License-Identifier: MIT
# The endpoint step's "Find agents for my domain" (F4 / Ctrl-L): the agents
# AgenticAdvertising.org knows for the operator domain (discover-agents) as
# a pick list that fills the endpoint, protocol and agent type; a domain
# with no agents, a malformed domain, a look-up cancelled with Esc, a
# hostile name from the registry, and typing a URL by hand afterwards.
. "${0%/*}/lib/tmux.sh"

# the registry's own names can hold anything: one tries to retitle the window
printf 'https://sales.acme.example/mcp MCP SALES Acme Sales\n' >"$T/registry"
printf 'https://signals.acme.example/a2a A2A SIGNAL Acme \033]0;pwned\007Signals\n' >>"$T/registry"
start_sandbox s --activate-after 0.05 --probe-interval 0.1 --registry "$T/registry"
S=$URL
start_sandbox slow --activate-after 0.05 --probe-interval 0.1 \
	--fault "GET /api/v2/storefront/discover-agents:latency=30000"
SLOW=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# ---- pick an agent of the domain --------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 1 && w_identity "Acme Signals" && w_agent 1 1
wait_for "Endpoint URL  Step"
expect_screen "the keys bar offers the look-up" "^L find"
key C-l
expect_screen "Ctrl-L opens the look-up box" "Find agents for my domain"
expect_screen "with nothing typed yet there is no domain to guess: Enter looks up what is typed" "Enter look up"
type_text "acme.example"
key Enter
expect_screen "the domain's agents are listed with their protocol" "https://signals.acme.example/a2a  A2A"
expect_screen "and how many there are" "2 agents for acme.example"
check "the registry's escape sequence is shown, not obeyed" _has 'Acme \e]0;pwned\aSignals'
check "and the window title is untouched" sh -c "! $TM display -p -t $PANE '#{pane_title}' | grep -q pwned"
key Down Enter
wait_gone "Find agents for my domain"
expect_screen "Enter fills the endpoint with the one chosen" "[https://signals.acme.example/a2a"
expect_screen "and says what else it filled" "protocol A2A, agent type SIGNAL"
key Escape
wait_for "Agent type and protocol"
check "the protocol was set from the registry" _has "(•) A2A"
check "and the agent type" _has "(•) Signal"
key Enter Enter
wait_for "Endpoint URL  Step"

# ---- a domain AAO does not know; a malformed one; another try --------------------------------
key F4
expect_screen "F4 opens the box too, with the last answer" "2 agents for acme.example"
key Tab
expect_screen "Tab goes back to the domain" "[acme.example_]"
key C-u
type_text "nowhere.example"
key Enter
expect_screen "a domain without agents says so" "knows no agents for nowhere.example"
key C-u
type_text "https://acme.example/"
key Enter
expect_screen "a URL instead of a domain is refused before anything is sent" "no scheme, path or port"
check "and nothing was sent for it" sh -c "! grep -q 'discover-agents?domain=https' '$T/s.log'"
key Escape
wait_gone "Find agents for my domain"
check "closing the box leaves the endpoint as it was" _has "[https://signals.acme.example/a2a"

# ---- typing a URL still works ------------------------------------------------------------------
key C-u
type_text "$S/demo/mcp-open"
key Enter
expect_screen "a typed URL goes on as before" "Authentication  Step"
key C-c
wait_for "Quit?" && key Down Enter
wait_exit 5

# ---- Esc cancels a slow look-up ----------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$SLOW" --fresh
w_platform && w_kind 1 && w_identity "Slow" && w_agent 1 1
wait_for "Endpoint URL  Step"
type_text "https://agent.acme.example/mcp"
key C-l
expect_screen "the domain is guessed from the endpoint typed (its operator domain)" "[acme.example_]"
key Enter
expect_screen "a spinner says what is asked, and that Esc cancels" "Asking for the agents of acme.example"
check "the request is in flight" wait_until 10 grep -q 'holding GET /api/v2/storefront/discover-agents' "$T/slow.log"
key Escape
expect_screen "Esc cancels the look-up and says so" "The look-up was cancelled."
check "the box stays open for another try" _has "Find agents for my domain"
key Escape
wait_gone "Find agents for my domain"
check "the endpoint typed is kept" _has "[https://agent.acme.example/mcp"
key C-c
wait_for "Quit?" && key Down Enter
wait_exit 5

# ---- the demo: its own agents -------------------------------------------------------------------
tui_start 80 24 -- --demo --fresh
w_platform && w_kind 1 && w_identity "Demo" && w_agent 1 1
wait_for "Endpoint URL  Step"
key C-l
expect_screen "in the demo the simulator's host is offered" "[127.0.0.1_]"
key Enter
expect_screen "and its six demo agents are listed" "6 agents for 127.0.0.1"
key End Enter
expect_screen "the last one (A2A) fills the endpoint" "/demo/a2a"
key C-c
wait_for "Quit?" && key Down Enter
wait_exit 5

done_testing
