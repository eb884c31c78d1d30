#!/bin/sh
# SPDX-License-Identifier: MIT
# The real binary against the simulator playing the platform as documented
# (reference/scope3-api.md, Addendum), the way a user meets it:
#   - two hosts: the partner API on its own listener; partner calls go to
#     --partner-api-url / SCOPE3_PARTNER_API_URL, the rest to --api-url, and
#     doctor says which host answers;
#   - a validation error shows its real reason at its field, not the
#     generic "Request validation failed";
#   - 403 TOS_ACCEPTANCE_REQUIRED: its own message and exit 12, not the
#     bad-key exit 5;
#   - `list` shows only the user's own partner agents, never other owners'.
#   - bare objects and {data} answers mixed, and the combined RateLimit header.
. "${0%/*}/lib/cli.sh"

printf 'demo-agent-token\n' >"$T/token"

# ---- two hosts ---------------------------------------------------------------------
start_sandbox two --activate-after 0.05 --probe-interval 0.05 --partner-port 0
S=$URL
P=$(sed -n 2p "$T/two.url")
check "the simulator prints the partner API's own URL as a second line" test -n "$P" -a "$P" != "$S"

run_ao --api-url "$S" --partner-api-url "$P" create --kind agent --partner-id 1001 --account-policy advertiser \
	--name "Two Hosts" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp" --auth-type API_KEY \
	--secret-file "$T/token" --json
expect_rc "partner agent created through --partner-api-url" 0
check "... PENDING, as partner agents start" jq -e '.status == "PENDING"' "$T/out"
run_ao --api-url "$S" --partner-api-url "$P" create --kind source --name "Storefront Side" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --json
expect_rc "the inventory source still goes to --api-url" 0
SCOPE3_PARTNER_API_URL=$P run_ao --api-url "$S" list --kind partner-agent --json
expect_rc "SCOPE3_PARTNER_API_URL: list partner agents" 0
check "... the one created" jq -e '.partnerAgents | length == 1 and .[0].name == "Two Hosts"' "$T/out"

run_ao --api-url "$S" --partner-api-url "$P" doctor --json
check "doctor: the partner API answers at --partner-api-url" \
	jq -e --arg p "$P" '.partnerApiUrl == $p and (.checks[] | select(.check == "partner-api") | .status == "ok")' "$T/out"
# one --api-url for the storefront host alone: partner calls go there, and it has no partner API
run_ao --api-url "$S" doctor
check "doctor: a host without the partner API is named, with the fix" \
	grep -q "partner.*has no partner API (HTTP 404)" "$T/out"
check "... and the fix names --partner-api-url" grep -q -- "--partner-api-url" "$T/out"

# ---- the reason for a rejection ---------------------------------------------------------
start_sandbox one --activate-after 0.05 --probe-interval 0.05
S=$URL
run_ao --api-url "$S" create --kind agent --partner-id 4242 --account-policy advertiser --name "Wrong Seat" \
	--type SALES --protocol MCP --endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token"
expect_rc "a seat that does not exist is rejected" 4
check "... with the real reason, at its field" grep -q "partnerId: No partner seat" "$T/err"
check "... not the generic message" sh -c "! grep -q 'Request validation failed' '$T/err'"

# ---- other owners' agents ------------------------------------------------------------------
run_ao --api-url "$S" create --kind agent --partner-id 1001 --account-policy advertiser --name "Mine" \
	--type SALES --protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH
run_ao --api-url "$S" list --kind partner-agent
expect_rc "list partner agents" 0
check "... shows the user's own" grep -q "Mine" "$T/out"
check "... and no other owner's (the marketplace has them)" \
	sh -c "! grep -q -e 'Other Company Video' -e 'Upcoming Retail Media' -e COMING_SOON '$T/out'"

# ---- the Platform Service Agreement -------------------------------------------------------
start_sandbox tos --tos-required
S=$URL
run_ao --api-url "$S" create --kind source --name "Tos Source" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH
expect_rc "TOS not accepted: its own exit code, not the bad-key one" 12
check "... says what to do" grep -q "Platform Service Agreement" "$T/err"
check "... and does not send the user to login" sh -c "! grep -q 'agent-onboard login' '$T/err'"
run_ao --api-url "$S" list
expect_rc "reads still work without the agreement" 0

# ---- bare and wrapped answers mixed, the combined RateLimit header ---------------------------
start_sandbox mix --activate-after 0.05 --probe-interval 0.05 --responses mix --rate-headers combined \
	--rate-limit 100/min
S=$URL
curl -fsS -D "$T/headers" -o "$T/body" -H "Authorization: Bearer $DEMO_KEY" "$S/api/v2/accounts/current"
check "the simulator sends the draft's combined RateLimit header" grep -qi '^RateLimit: limit=100, remaining=' "$T/headers"
check "... instead of the three separate ones" sh -c "! grep -qi '^RateLimit-Remaining' '$T/headers'"
run_ao --api-url "$S" create --kind source --name "Mixed Answers" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --wait --timeout 60 --json
expect_rc "create --wait through bare and {data} answers alike" 0
check "... ACTIVE" jq -e '.status == "ACTIVE"' "$T/out"
run_ao --api-url "$S" status mixed-answers --json
expect_rc "status reads it, whichever style the answer has" 0
run_ao --api-url "$S" list --json
check "list reads it too" jq -e '.inventorySources | length == 1' "$T/out"

done_testing
