#!/bin/sh
# SPDX-License-Identifier: MIT
# A wait that ends without ACTIVE: the result screen says why (the
# `status --explain` explanation: verdict, evidence, fix) and offers the fix
# in place -- re-enter the credential, edit the endpoint, re-authorize a
# partner agent's OAuth -- which updates
# the same registration (PUT with only what changed) and waits again to
# ACTIVE, without a new create.  What was sent is read from --log.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# ---- wrong token -> why -> c: the right token -> ACTIVE ------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh --timeout 3 --log "$T/fix1.log"
w_platform && w_kind 1 && w_identity "Fix Token" && w_agent 1 1 && w_endpoint "$S/demo/mcp"
w_auth 1 && w_token wrong-token && w_details && w_review
expect_screen "the wait ends still PENDING" "Still PENDING" 30
expect_screen "the result says why, verdict first" "the agent rejects the stored credential" 30
expect_screen "... found by our own probe, with the token typed in the wizard" "(our probe, with the credential given)"
expect_screen "and offers the fixes in the keys bar" "c credential  e endpoint"
key NPage
expect_screen "the fixes are listed" "re-enter the credential (rotate it)"
key c
expect_screen "c opens the credentials step" "Credentials  Step"
check "the token typed before is not kept in the field" sh -c "! $TM capture-pane -p -t $PANE | grep -q '\\*\\*\\*'"
key Tab
type_text "demo-agent-token"
key Enter
wait_for "Details  Step" && key Enter
wait_for "Review  Step"
expect_screen "the review says the credential is replaced" "replaced by the one typed"
key Enter
expect_screen "the same registration becomes ACTIVE" "ACTIVE: the registration is live" 30
check "one create, then one PUT of the source" sh -c "test \$(grep -c '> POST $S/api/v2/storefront/inventory-sources\$' '$T/fix1.log') -eq 1 && grep -q '> PUT $S/api/v2/storefront/inventory-sources/fix-token' '$T/fix1.log'"
check "the PUT carried only the credential" grep -q '> body [0-9]* bytes (application/json): {"authenticationType":"API_KEY","auth":{' "$T/fix1.log"
check "no token is in the trace" sh -c "! grep -q -e 'demo-agent-token' -e 'wrong-token' '$T/fix1.log'"
key Enter
expect_exit "the fixed registration exits 0" 0

# ---- the wrong agent -> e: another endpoint, the stored token kept -> ACTIVE -----------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh --timeout 3 --log "$T/fix2.log"
w_platform && w_kind 1 && w_identity "Fix Endpoint" && w_agent 1 1 && w_endpoint "$S/demo/mcp-basic"
w_auth 1 && w_token demo-agent-token && w_details && w_review
expect_screen "a bearer token at the basic-auth agent stays PENDING" "Still PENDING" 30
wait_for "c credential  e endpoint" 30
key e
expect_screen "e opens the endpoint step" "Endpoint URL  Step"
key C-u
type_text "$S/demo/mcp"
key Enter
wait_for "Authentication  Step" && key Enter
wait_for "Credentials  Step" && key Tab Enter
wait_for "Details  Step" && key Enter
wait_for "Review  Step"
expect_screen "the review shows the endpoint change" "new: $S/demo/mcp"
expect_screen "and that the stored token is kept" "kept as stored (nothing sent)"
key Enter
expect_screen "the source becomes ACTIVE with the stored token" "ACTIVE: the registration is live" 30
check "only the endpoint was sent" grep -q "> body [0-9]* bytes (application/json): {\"endpointUrl\":\"$S/demo/mcp\"}\$" "$T/fix2.log"
key Enter
expect_exit "exit 0" 0

# ---- a partner agent's OAuth consent never given -> o: a new URL -> consent -> ACTIVE -------------
tui_start 100 60 "$K" -- --api-url "$S" --fresh --timeout 3 --log "$T/fix3.log"
w_platform && w_kind 2 && w_partner 1 && w_name "Fix OAuth" && w_agent 1 1 && w_endpoint "$S/demo/mcp-oauth" &&
	w_auth 3
if wait_for "Details  Step"; then
	key Space Enter Enter Enter      # advertiser_account; reporting not set; no description
fi
wait_for "Review  Step" && key End && key Enter
expect_screen "the first consent URL is shown" "/sandbox/oauth/authorize?state="
# the URL as c copies it (OSC 52 into tmux's buffer): beside the QR code it
# wraps in its column
copied_url() { key c && wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q 'oauth/authorize'" &&
	$TM show-buffer 2>/dev/null; }
first=$(copied_url)
# nobody approves: the wait ends at --timeout with the fixes offered
expect_screen "unapproved, the wait ends with the fixes, re-authorize among them" "o re-authorize" 30
key o
expect_screen "o asks for a new consent URL and shows it" "/sandbox/oauth/authorize?state=" 15
# the new URL replaces the old one once the platform has answered
new_url_shown() { $TM capture-pane -p -t "$PANE" | grep -q "$(printf '%s' "${first##*state=}" | cut -c1-16)" && return 1; return 0; }
wait_until 15 new_url_shown
second=$(copied_url)
check "... a new one (${first##*state=} -> ${second##*state=})" test -n "$second" -a "$second" != "$first"
check "... asked of the platform with POST .../oauth/authorize" \
	test "$(grep -c '^sandbox: POST /api/v2/partner/agents/[^ ]*/oauth/authorize' "$T/s.log")" -ge 1
curl -fsS -o /dev/null "$(printf '%s' "$second" | sed 's#/oauth/authorize#/oauth/approve#')"
expect_screen "after consent on the new URL the agent is offered for activation" "press a to activate" 15
key a
expect_screen "and it becomes ACTIVE, on the same registration" "ACTIVE: the registration is live" 15
check "one agent was created, never a second" \
	test "$(grep -c '^sandbox: POST /api/v2/partner/agents -> 201' "$T/s.log")" -eq 1
key Enter
expect_exit "exit 0" 0

# ---- a partner agent disabled while it waits for consent -> o -> consent -> a -> ACTIVE ----------
# (a simulator of its own: the OAuth demo agent's endpoint is taken above)
start_sandbox s4 --activate-after 0.05 --probe-interval 0.1
S=$URL
tui_start 100 60 "$K" -- --api-url "$S" --fresh --timeout 120 --log "$T/fix4.log"
w_platform && w_kind 2 && w_partner 1 && w_name "Fix Disabled" && w_agent 1 1 &&
	w_endpoint "$S/demo/mcp-oauth" && w_auth 3
if wait_for "Details  Step"; then
	key Space Enter Enter Enter
fi
wait_for "Review  Step" && key End && key Enter
expect_screen "the consent URL is shown" "/sandbox/oauth/authorize?state="
aid=$(api "/api/v2/partner/agents?relationship=SELF" | jq -r '.data.items[] | select(.name == "Fix Disabled") | .agentId' | head -n 1)
check "it is disabled elsewhere (update $aid --status DISABLED)" \
	env SCOPE3_API_KEY="$DEMO_KEY" "$AO_BIN" --api-url "$S" update "$aid" --status DISABLED
expect_screen "disabled elsewhere, the wait ends DISABLED with the fixes" "o re-authorize" 30
key o
wait_until 15 sh -c "$TM capture-pane -p -t $PANE | grep -q '/sandbox/oauth/authorize?state='"
url4=$(copied_url)
check "o on a DISABLED agent shows a new consent URL, waiting for it" test -n "$url4"
curl -fsS -o /dev/null "$(printf '%s' "$url4" | sed 's#/oauth/authorize#/oauth/approve#')"
expect_screen "after consent the DISABLED agent is offered for activation" "press a to activate" 15
key a
expect_screen "and activating makes it ACTIVE again" "ACTIVE: the registration is live" 15
key Enter
expect_exit "exit 0" 0

done_testing
