#!/bin/sh
# SPDX-License-Identifier: MIT
# OAuth after the first submit (issue 14): a source switched to OAUTH by
# update gets an authorization URL and waits for consent like the wizard;
# a partner agent whose grant is revoked (the simulator's switch POST
# /sandbox/agents/{id} {"revokeOAuth":true}) is explained by status
# --explain, and update --reauthorize brings it back: a new URL, consent,
# then activation.  Consent is given on the simulator's consent page with
# curl, as a person in a browser would.
. "${0%/*}/lib/cli.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
A="--api-url $S"
consents() { grep -c 'OAuth consent given' "$T/s.log"; }

# ---- a source changed to OAUTH ------------------------------------------------------

run_ao $A create --kind source --name "To OAuth" --source-id to-oauth --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --wait --timeout 30
expect_rc "a NO_AUTH source, ACTIVE" 0
before=$(consents)
: >"$T/err"
approve_when_shown "$T/err"
"$AO_BIN" $A update to-oauth --auth-type OAUTH --endpoint "$S/demo/mcp-oauth" --wait --timeout 30 \
	--json >"$T/out" 2>"$T/err"
RC=$?
expect_rc "update --auth-type OAUTH --wait: consent given, ACTIVE" 0
check "... it printed the authorization URL to open" grep -q "$S/sandbox/oauth/authorize?state=" "$T/err"
check "... and waited for the consent (given once)" test "$(consents)" -eq $((before + 1))
check "... the source is ACTIVE with OAuth configured" \
	jq -e '.status == "ACTIVE" and .authenticationType == "OAUTH" and .authConfigured == true' "$T/out"

# ---- a partner agent's grant revoked ---------------------------------------------

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Revoked Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH --json
expect_rc "an OAUTH partner agent" 0
agent=$(jq -r .agentId "$T/out")
: >"$T/err"
approve_when_shown "$T/err"
"$AO_BIN" $A status "$agent" --activate --timeout 30 >"$T/out" 2>"$T/err"
RC=$?
expect_rc "... consent given, activated: ACTIVE" 0

code=$(curl -sS -o "$T/revoke.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	-d '{"revokeOAuth":true}' "$S/sandbox/agents/$agent")
check "the simulator revokes the grant (POST /sandbox/agents/ID)" test "$code" = 200
run_ao $A status "$agent" --json
expect_rc "status after the revocation: PENDING" 6
check "... with the platform's oauthError" jq -e '.oauthError | test("revoked")' "$T/out"
run_ao $A status "$agent" --explain
expect_rc "status --explain" 6
check "... the verdict names the revoked or expired grant" \
	sh -c "head -n 1 '$T/out' | grep -q '$agent has no working OAuth grant (revoked, expired or never obtained)'"
check "... the fix is --reauthorize" sh -c "tail -n 1 '$T/out' | grep -qF 'Fix: agent-onboard update $agent --reauthorize --wait'"

before=$(consents)
: >"$T/err"
approve_when_shown "$T/err"
"$AO_BIN" $A update "$agent" --reauthorize --wait --timeout 30 >"$T/out" 2>"$T/err"
RC=$?
expect_rc "update --reauthorize --wait: consent seen, activation needed" 6
check "... it printed a new authorization URL" grep -q "$S/sandbox/oauth/authorize?state=" "$T/err"
check "... and waited until consent was given" test "$(consents)" -eq $((before + 1))
check "... then says partner agents need activating" grep -q 'status .*--wait --activate' "$T/err"
run_ao $A update "$agent" --status ACTIVE --json
expect_rc "update --status ACTIVE" 0
check "... ACTIVE again, the error gone" jq -e '.status == "ACTIVE" and (.oauthError == null)' "$T/out"

# the switch refuses what it cannot do
run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Open Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --json
open=$(jq -r .agentId "$T/out")
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	-d '{"revokeOAuth":true}' "$S/sandbox/agents/$open")
check "revoking a NO_AUTH agent's grant: 400" test "$code" = 400
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	-d '{"revokeOAuth":true}' "$S/sandbox/agents/nosuch_agent")
check "an unknown agent: 404" test "$code" = 404

done_testing
