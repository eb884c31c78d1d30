#!/bin/sh
# SPDX-License-Identifier: MIT
# agent-onboard --edit ID: the same forms, filled from the platform, for an
# update instead of a create.  A source (PUT) and a partner agent (PATCH)
# get only what changed, the stored credential is kept while the
# credential fields stay empty and replaced when one is typed, an unknown
# id is a clear error with its exit code, and --edit does not mix with
# --answers.  What was sent is read from the program's own --log trace.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
printf 'demo-agent-token' >"$T/token"
SCOPE3_API_KEY=$DEMO_KEY "$AO_BIN" --api-url "$S" create --kind inventory-source --name "Edit Me" \
	--type SALES --protocol MCP --endpoint-url "$S/demo/mcp" --auth-type API_KEY \
	--secret-file "$T/token" --wait --timeout 30 >/dev/null 2>&1
check "a source to edit exists and is ACTIVE" sh -c "curl -fsS -H 'Authorization: Bearer $DEMO_KEY' '$S/api/v2/storefront/inventory-sources/edit-me' | grep -q '\"status\":\"ACTIVE\"'"

# ---- a source: only the description changes; the token is kept ---------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --log "$T/edit1.log" --edit edit-me
expect_screen "the forms open on the name, filled from the platform" "[Edit Me"
expect_screen "and say what is being edited" "Editing storefront inventory source edit-me"
check "the kind and the source id are not asked again" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Source id'"
key Enter
wait_for "Agent type and protocol"
check "the agent type is the platform's" _has "(•) Sales"
key Enter Enter
wait_for "Endpoint URL  Step"
check "the endpoint is the platform's" _has "[$S/demo/mcp "
key Enter
wait_for "Authentication  Step"
check "the auth type is the platform's" _has "(•) API key"
key Enter
wait_for "Credentials  Step"
key Tab
expect_screen "the empty token field says empty keeps the stored credential" "keep the current credential"
key Enter
wait_for "Details  Step"
type_text "Edited in the wizard"
key Enter
wait_for "Review  Step"
expect_screen "the review lists what will change" "What will change on storefront inventory source edit-me"
expect_screen "with the new description" "new: Edited in the wizard"
expect_screen "and that the credential is kept" "kept as stored (nothing sent)"
expect_screen "the request is a PUT to the source" "PUT $S/api/v2/storefront/inventory-sources/edit-me"
key Enter
expect_screen "the update is reported, and the wait ends ACTIVE" "ACTIVE: the registration is live" 20
check "only the description was sent" grep -q '> body [0-9]* bytes (application/json): {"description":"Edited in the wizard"}$' "$T/edit1.log"
check "with PUT, and nothing was created" sh -c "grep -q '> PUT $S/api/v2/storefront/inventory-sources/edit-me' '$T/edit1.log' && ! grep -q '> POST' '$T/edit1.log'"
check "the platform has the new description" sh -c "curl -fsS -H 'Authorization: Bearer $DEMO_KEY' '$S/api/v2/storefront/inventory-sources/edit-me' | grep -q 'Edited in the wizard'"
key Enter
expect_exit "an edit that ends ACTIVE exits 0" 0
check "an edit leaves no draft" sh -c "! ls '$XDG_STATE_HOME/agent-onboard/'*draft* 2>/dev/null"

# ---- the same source: a new token is sent (and never shown) -------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --log "$T/edit2.log" --edit edit-me
wait_for "[Edit Me"
key Enter Enter Enter Enter Enter
wait_for "Credentials  Step"
key Tab
type_text "demo-agent-token"
key Enter
wait_for "Details  Step"
key Enter
wait_for "Review  Step"
expect_screen "a typed token is reported as replacing the stored one" "replaced by the one typed"
check "and nothing else changes" sh -c "! $TM capture-pane -p -t $PANE | grep -q ' new: '"
key Enter
expect_screen "the rotated source is ACTIVE again" "ACTIVE: the registration is live" 20
check "the credential was sent with its type" grep -q '> body [0-9]* bytes (application/json): {"authenticationType":"API_KEY","auth":{' "$T/edit2.log"
check "and the token is not in the trace" sh -c "! grep -q 'demo-agent-token' '$T/edit2.log'"
key Enter
wait_exit 5

# ---- a partner agent: PATCH with the new name --------------------------------------------------
SCOPE3_API_KEY=$DEMO_KEY "$AO_BIN" --api-url "$S" create --kind partner-agent --partner-id 1001 \
	--name "Agent Edit" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH \
	--account-policy advertiser_account --json >"$T/agent.json" 2>/dev/null
AGENT=$(sed -n 's/.*"agentId":[[:space:]]*"\([^"]*\)".*/\1/p' "$T/agent.json")
check "a partner agent to edit exists" test -n "$AGENT"
tui_start 80 24 "$K" -- --api-url "$S" --log "$T/edit3.log" --edit "$AGENT"
expect_screen "an agent id opens the partner agent" "Editing partner agent $AGENT"
check "the partner seat is not asked again" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Partner seat'"
key C-u
type_text "Agent Renamed"
key Enter
wait_for "Agent type and protocol"
key Enter Enter Enter Enter
wait_for "Details  Step"
check "account policy and reporting are not offered (the edit does not send them)" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Account policy'"
key Enter
wait_for "Review  Step"
expect_screen "the request is a PATCH to the agent" "PATCH $S/api/v2/partner/agents/$AGENT"
key Enter
wait_for "Activate" 20 || wait_for "ACTIVE" 20
check "only the name was sent, with PATCH" sh -c "grep -q '> PATCH $S/api/v2/partner/agents/$AGENT' '$T/edit3.log' && grep -q '> body [0-9]* bytes (application/json): {\"name\":\"Agent Renamed\"}\$' '$T/edit3.log'"
key C-c
wait_for "Quit?" && key Enter
wait_exit 5

# ---- an id that does not exist; --edit with --answers --------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --edit no-such-thing
expect_screen "an unknown id says so, and that nothing was changed" "No inventory source or partner agent has the id \"no-such-thing\""
key Enter
expect_exit "an unknown id exits 4 (rejected), as status and update do" 4
echo '{}' >"$T/answers.json"
"$AO_BIN" --api-url "$S" --edit edit-me --answers "$T/answers.json" >"$T/out" 2>"$T/err"
check "--edit with --answers is a usage error" test $? -eq 2
check "that says why" grep -q 'cannot be combined with --answers' "$T/err"

done_testing
