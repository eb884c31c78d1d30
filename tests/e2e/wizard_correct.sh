#!/bin/sh
# SPDX-License-Identifier: MIT
# Cancel, correct, submit again (issue 13, item 5): a create cancelled
# after it was sent reaches the platform anyway; the user corrects the
# description and submits again.  The wizard finds the registration it
# started, shows what differs from the review, and either updates it to
# the reviewed values (PUT) or keeps it as it is, saying so -- never
# "ACTIVE" for values that were not sent.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0 \
	--fault "POST /api/v2/storefront/inventory-sources:latency=4000,times=2"
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
posted() { grep -c "^sandbox: POST /api/v2/storefront/inventory-sources -> 201" "$T/s.log"; }
puts() { grep -c "^sandbox: PUT /api/v2/storefront/inventory-sources/$1 " "$T/s.log"; }

# cancel_and_correct NAME: submits with the description "First version",
# cancels while the create is in flight, waits until the platform has it,
# then changes the description to "Corrected version" and submits again
cancel_and_correct() {
	_before=$(posted)
	w_platform && w_kind 1 && w_identity "$1" && w_agent 1 1 && w_endpoint "$S/demo/mcp-open" && w_auth 5
	wait_for "Details  Step" && type_text "First version" && key Enter
	w_review
	wait_for "Submitting the registration" && key Escape
	expect_screen "$1: Esc after sending says it may have arrived" "may have reached the platform"
	if wait_until 20 sh -c "[ \$(grep -c '^sandbox: POST /api/v2/storefront/inventory-sources -> 201' '$T/s.log') -gt $_before ]"; then
		ok "$1: the cancelled create reached the platform anyway"
	else
		fail "$1: the cancelled create reached the platform anyway"
	fi
	key Escape
	wait_for "Details  Step" && key C-u && type_text "Corrected version" && key Enter
	wait_for "Review  Step" && key End && wait_for "agent-onboard create" && key Enter
	expect_screen "$1: submitting again finds it and shows what differs" "Already on the platform"
	key Home
	check "$1: the platform's description" _has "platform: First version"
	check "$1: and the reviewed one" _has "reviewed: Corrected version"
	check "$1: update and keep are offered" _has "k keep"
}

# ---- update -------------------------------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh
cancel_and_correct "Fix Me"
key u
expect_screen "u updates it and goes on to ACTIVE" "ACTIVE: the registration is live" 20
check "with the update said" _has "updated to the values you reviewed"
key Enter
expect_exit "updated registration: exit code" 0
check "one create" test "$(posted)" -eq 1
check "and one update (PUT)" test "$(puts fix-me)" -eq 1
api /api/v2/storefront/inventory-sources/fix-me >"$T/fix-me.json"
check "the platform has the corrected description" grep -q 'Corrected version' "$T/fix-me.json"

# ---- keep -----------------------------------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh
cancel_and_correct "Keep Me"
key k
expect_screen "k keeps it and says the change was not sent" "were not sent"
check "naming the field" _has "(Description)"
check "no update was sent" test "$(puts keep-me)" -eq 0
api /api/v2/storefront/inventory-sources/keep-me >"$T/keep-me.json"
check "the platform keeps the first description" grep -q 'First version' "$T/keep-me.json"
key Enter
expect_exit "kept registration: exit code" 0

# ---- a partner agent whose only correction is the token (PATCH) --------------------------------
# The platform never returns credentials, so the comparison alone would find
# nothing and report the agent as reviewed: a credential typed since the
# submission that arrived is a difference, and u sends it (PATCH).
start_sandbox p --activate-after 0.05 --probe-interval 0.1 --disable-after 0 \
	--fault "POST /api/v2/partner/agents:latency=4000,times=1"
P=$URL
agents_posted() { grep -c "^sandbox: POST /api/v2/partner/agents -> 201" "$T/p.log"; }
patches() { grep -c "^sandbox: PATCH /api/v2/partner/agents/" "$T/p.log"; }
tui_start 80 24 "$K" -- --api-url "$P" --fresh
w_platform && w_kind 2 && w_partner 1 && w_name "Token Fix" && w_agent 1 1 && w_endpoint "$P/demo/mcp" && w_auth 1 &&
	w_token wrong-token
wait_for "Details  Step" && key Space Enter Enter Enter
w_review
wait_for "Submitting the registration" && key Escape
expect_screen "agent: Esc after sending says it may have arrived" "may have reached the platform"
if wait_until 20 sh -c "[ \$(grep -c '^sandbox: POST /api/v2/partner/agents -> 201' '$T/p.log') -ge 1 ]"; then
	ok "agent: the cancelled create reached the platform anyway"
else
	fail "agent: the cancelled create reached the platform anyway"
fi
key Escape; wait_for "Details  Step"; key Escape
wait_for "Credentials  Step" && key Tab C-u && type_text demo-agent-token && key Enter
wait_for "Details  Step" && key Enter Enter Enter
wait_for "Review  Step" && key End && wait_for "agent-onboard create" && key Enter
expect_screen "agent: only the token changed, and submitting again shows it as a difference" "Already on the platform"
key Home
check "agent: it names the token" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Token .*platform: the one sent then'"
check "agent: and says the new one may differ and how to send it" _has "update to send it"
check "agent: no secret on screen" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'demo-agent-token\|wrong-token'"
key u
expect_screen "agent: u sends it" "updated to the values you reviewed" 20
check "agent: one create" test "$(agents_posted)" -eq 1
check "agent: and one PATCH, the update (no activation was asked for)" test "$(patches)" -eq 1
key d
expect_exit "agent: d detaches with the PENDING code" 6

done_testing
