#!/bin/sh
# SPDX-License-Identifier: MIT
# update ID --answers FILE (issue 14): a partial update from an answers
# file in create's format -- only the keys present are sent, flags win,
# identity keys must name the registration, secrets in the file are
# refused as create refuses them, keys update cannot change are named.
. "${0%/*}/lib/cli.sh"

printf 'demo-agent-token\n' >"$T/token"
chmod 600 "$T/token"
start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
A="--api-url $S"
puts() { requests s PUT; }

cat >"$T/source.json" <<JSON
{"kind": "inventory-source", "name": "From File", "sourceId": "from-file", "type": "SALES",
 "protocol": "MCP", "endpointUrl": "$S/demo/mcp", "authenticationType": "API_KEY", "apiKeyType": "bearer"}
JSON
run_ao $A create --answers "$T/source.json" --secret-file "$T/token" --wait --timeout 30
expect_rc "create from the answers file" 0

printf '{"description": "Only this"}\n' >"$T/desc.json"
run_ao $A update from-file --answers "$T/desc.json" --dry-run --json
expect_rc "update --answers --dry-run" 0
check "... the PUT carries only the key the file has" jq -e '.method == "PUT" and .body == {"description": "Only this"}' "$T/out"
before=$(puts)
run_ao $A update from-file --answers "$T/desc.json" --json
expect_rc "update --answers with one key" 0
check "... one PUT" test "$(puts)" -eq $((before + 1))
check "... the description changed, the rest kept" \
	jq -e '.description == "Only this" and .name == "From File" and .status == "ACTIVE"' "$T/out"

printf '{"name": "File Name", "description": "Both"}\n' >"$T/two.json"
run_ao $A update from-file --answers "$T/two.json" --name "Flag Name" --json
expect_rc "a flag together with the file" 0
check "... the flag wins, the file's other key is sent" jq -e '.name == "Flag Name" and .description == "Both"' "$T/out"

printf '{"description": "From stdin"}\n' | "$AO_BIN" $A update from-file --answers - --json >"$T/out" 2>"$T/err"
RC=$?
expect_rc "--answers - reads stdin" 0
check "... applied" jq -e '.description == "From stdin"' "$T/out"

# the create file itself, with the credential rotated from --secret-file
before=$(puts)
run_ao $A update from-file --answers "$T/source.json" --secret-file "$T/token" --wait --timeout 30 --json
expect_rc "the whole create file again, with --secret-file: identity keys match" 0
check "... one PUT, the source ACTIVE with the file's name" \
	sh -c "test $(puts) -eq $((before + 1)) && jq -e '.name == \"From File\" and .status == \"ACTIVE\"' '$T/out'"

# refused, and nothing sent
before=$(puts)
printf '{"description": "x", "token": "demo-agent-token"}\n' >"$T/secret.json"
run_ao $A update from-file --answers "$T/secret.json"
expect_rc "a secret in the file is refused, as create refuses it" 2
check "... saying where secrets go" grep -q 'secret-file' "$T/err"
check "... and the secret is not echoed" sh -c "! grep -q demo-agent-token '$T/err' '$T/out'"
printf '{"sourceId": "other-source", "description": "x"}\n' >"$T/other.json"
run_ao $A update from-file --answers "$T/other.json"
expect_rc "a file for another source" 2
check "... names both ids" grep -q 'sourceId "other-source", not from-file' "$T/err"
printf '{"kind": "partner-agent", "description": "x"}\n' >"$T/kind.json"
run_ao $A update from-file --answers "$T/kind.json"
expect_rc "a file for the other kind" 2
printf '{"type": "SIGNAL", "description": "x"}\n' >"$T/type.json"
run_ao $A update from-file --answers "$T/type.json"
expect_rc "another type than the source's" 2
check "... is named" grep -q 'update cannot change type (from-file is SALES)' "$T/err"
printf '{"accountPolicy": "advertiser", "description": "x"}\n' >"$T/policy.json"
run_ao $A update from-file --answers "$T/policy.json"
expect_rc "a key update cannot change" 2
check "... is named, not ignored" grep -q 'update cannot change accountPolicy' "$T/err"
printf '{"protocol": "SOAP"}\n' >"$T/bad.json"
run_ao $A update from-file --answers "$T/bad.json"
expect_rc "a bad value in the file" 2
printf '{"sourceId": "from-file"}\n' >"$T/none.json"
run_ao $A update from-file --answers "$T/none.json"
expect_rc "a file with nothing to change" 2
run_ao $A update from-file --answers "$T/missing.json"
expect_rc "a file that does not exist" 2
check "... nothing of it was sent" test "$(puts)" -eq "$before"

# a partner agent: PATCH with the file's keys
run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "File Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --json
agent=$(jq -r .agentId "$T/out")
printf '{"kind": "partner-agent", "partnerId": "1001", "description": "Agent from file"}\n' >"$T/agent.json"
run_ao $A update "$agent" --answers "$T/agent.json" --json
expect_rc "update --answers on a partner agent" 0
check "... PATCHed" jq -e '.description == "Agent from file" and .name == "File Agent"' "$T/out"

done_testing
