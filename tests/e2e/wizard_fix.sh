#!/bin/sh
# SPDX-License-Identifier: MIT
# A wait that ends without ACTIVE: the result screen says why (the
# `status --explain` explanation: verdict, evidence, fix) and offers the fix
# in place -- re-enter the credential, edit the endpoint -- which updates
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

done_testing
