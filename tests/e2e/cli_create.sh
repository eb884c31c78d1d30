#!/bin/sh
# SPDX-License-Identifier: MIT
# agent-onboard create against the simulator: every auth type and both
# registration kinds, from an answers file and from flags, secrets from a
# file, a descriptor, stdin and the environment; secrets on argv refused;
# every problem reported at once and nothing sent; --dry-run sends nothing
# and shows no secret.
. "${0%/*}/lib/cli.sh"

start_sandbox s1 --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
A="--api-url $S"
TOKEN=demo-agent-token
PASSWORD=demo-password
printf '%s\n' "$TOKEN" >"$T/token"
printf '%s\n' "$PASSWORD" >"$T/password"
chmod 600 "$T/token" "$T/password"
mkdir -p "$T/answers/keys"
cp "$REPO/tests/data/keys/ec-p256.pem" "$T/answers/keys/agent.pem"
cp "$REPO/tests/data/keys/rsa-2048.pem" "$T/rsa.pem"

# ---- secrets on the command line are refused ------------------------------

run_ao $A create --kind source --name X --token SENTINEL-ARGV-1
expect_rc "--token VALUE is refused" 2
check "the refusal says why and what to use" grep -q 'ps and shell history.*--secret-file.*--secret-fd.*AO_AGENT_TOKEN' "$T/err"
check "the refused value is not repeated" sh -c "! grep -q SENTINEL-ARGV-1 '$T/err' '$T/out'"
run_ao $A create --answers /dev/null --password=SENTINEL-ARGV-2
expect_rc "--password=VALUE is refused" 2
check "the password refusal names AO_AGENT_PASSWORD" grep -q 'AO_AGENT_PASSWORD' "$T/err"
run_ao $A create --kind source --api-key SENTINEL-ARGV-3
expect_rc "--api-key VALUE is refused" 2
check "the --api-key refusal points at SCOPE3_API_KEY" grep -q 'SCOPE3_API_KEY' "$T/err"

# ---- usage errors -----------------------------------------------------------

run_ao $A create
expect_rc "create without answers or flags" 2
check "it says to give --answers or flags" grep -q -- '--answers' "$T/err"
run_ao $A create --answers - --secret-file - --kind source
expect_rc "stdin used twice" 2
run_ao $A create --kind source --frobnicate
expect_rc "unknown option" 2
run_ao $A create --kind source --endpoint https://agent.example.com/mcp
check "an unknown option suggests the right one" grep -q 'did you mean --endpoint-url?' "$T/err"
run_ao $A create --kind source --token-file "$T/token"
check "--token-file suggests --secret-file" grep -q 'did you mean --secret-file?' "$T/err"
run_ao $A create --kind source extra-argument
expect_rc "positional argument" 2
run_ao $A create --kind source --timeout soon
expect_rc "bad --timeout" 2
run_ao $A create --kind source --secret-fd 57
expect_rc "--secret-fd on a closed descriptor" 2

# ---- invalid answers: all problems at once, nothing sent --------------------

cat >"$T/mistakes.json" <<'EOF'
{
  "kind": "partner-agent",
  "nmae": "Acme",
  "type": "SELLS",
  "endpointUrl": "http://agent.example.com/mcp",
  "protocol": "MCP",
  "authenticationType": "BASIC_AUTH",
  "token": "SENTINEL-IN-FILE",
  "accountPolicy": []
}
EOF
run_ao $A create --answers "$T/mistakes.json"
expect_rc "an answers file with several mistakes" 3
for what in '"nmae" is not a known field' '"token" is a secret' 'name (--name)' 'type (--type)' \
	'endpointUrl (--endpoint-url)' 'authenticationType (--auth-type)' 'partnerId (--partner-id)' \
	'accountPolicy (--account-policy)'; do
	check "the report names: $what" grep -qF "$what" "$T/err"
done
check "the report says nothing was sent" grep -q 'nothing was sent' "$T/err"
check "line numbers are given for the file's own mistakes" grep -q 'mistakes.json line 3' "$T/err"

run_ao $A create --kind source --name "No token" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY
expect_rc "API_KEY without a token" 3
check "the missing token says how to give it" grep -q 'token (--secret-file.*--secret-fd N' "$T/err"

printf 'one\ntwo\n' >"$T/two-lines"
run_ao $A create --kind source --name "Empty" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp" \
	--auth-type API_KEY --secret-file "$T/empty-nonexistent"
expect_rc "a secret file that does not exist" 3
: >"$T/empty"
run_ao $A create --kind source --name "Empty" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp" \
	--auth-type API_KEY --secret-file "$T/empty"
expect_rc "an empty secret file" 3
run_ao $A create --kind source --name "NoAuth secret" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --secret-file "$T/token"
expect_rc "a secret for NO_AUTH" 3

run_ao $A create --kind source --name "Bad key" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp" \
	--auth-type JWT --private-key-file "$REPO/tests/data/keys/ec-p256-public.pem" --issuer i --subject s \
	--key-id k --scope adcp --token-endpoint-url https://idp.example/token --audience-url https://idp.example \
	--algorithm ES256
expect_rc "JWT with a public key instead of a private key" 3
check "the key problem names privateKeyFile" grep -q 'privateKeyFile (--private-key-file).*public key' "$T/err"
run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name Basic --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp" --auth-type BASIC_AUTH --username demo --secret-file "$T/password"
expect_rc "BASIC_AUTH for a partner agent" 3

# ---- --dry-run: the exact request, masked, nothing sent ----------------------

before=$(requests s1)
printf 'SENTINEL-TOKEN-42\n' >"$T/sentinel"
run_ao $A create --kind source --name "Dry Source" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp" \
	--auth-type API_KEY --secret-file "$T/sentinel" --dry-run
expect_rc "dry run of an API_KEY source" 0
check "dry run: method and URL" grep -qx "POST $S/api/v2/storefront/inventory-sources" "$T/out"
check "dry run: Authorization is masked" grep -qx 'Authorization: Bearer \*\*\*\*\*\*\*\*' "$T/out"
check "dry run: Content-Type header" grep -qx 'Content-Type: application/json' "$T/out"
check "dry run: the token is masked in the body" grep -q '"token":.*"\*\*\*\*\*\*\*\*"' "$T/out"
check "dry run: no secret and no key anywhere" sh -c \
	"! grep -q -e SENTINEL-TOKEN-42 -e $DEMO_KEY '$T/out' '$T/err'"

AO_AGENT_PASSWORD=SENTINEL-PASSWORD-43 run_ao $A create --kind source --name "Dry Basic" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-basic" --auth-type BASIC_AUTH --username demo --dry-run
expect_rc "dry run of a BASIC_AUTH source (password from the environment)" 0
check "dry run: no password" sh -c "! grep -q SENTINEL-PASSWORD-43 '$T/out' '$T/err'"

keyline=$(sed -n 2p "$T/answers/keys/agent.pem")
cat >"$T/answers/jwt.json" <<'EOF'
{
  "kind": "inventory-source",
  "name": "JWT Source",
  "type": "SALES",
  "endpointUrl": "https://agent.example.com/mcp",
  "protocol": "MCP",
  "authenticationType": "JWT",
  "privateKeyFile": "keys/agent.pem",
  "issuer": "acme",
  "subject": "scope3",
  "keyId": "k1",
  "scope": "adcp",
  "tokenEndpointUrl": "https://idp.example.com/token",
  "audienceUrl": "https://idp.example.com",
  "algorithm": "ES256"
}
EOF
(cd / && "$AO_BIN" $A create --answers "$T/answers/jwt.json" --dry-run >"$T/out" 2>"$T/err")
RC=$?
expect_rc "dry run of a JWT source (key path relative to the answers file)" 0
check "dry run: the private key is masked" grep -q '"privateKey":.*"\*\*\*\*\*\*\*\*"' "$T/out"
check "dry run: no part of the PEM" sh -c "! grep -q -e 'BEGIN' -e '$keyline' '$T/out' '$T/err'"

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser,marketplace --name "Dry Agent" \
	--type SALES --protocol A2A --endpoint-url "$S/demo/a2a" --auth-type OAUTH --dry-run --json
expect_rc "dry run --json of a partner agent" 0
check "dry run --json parses, with method, URL, headers and body" jq -e \
	--arg u "$S/api/v2/partner/agents" \
	'.method == "POST" and .url == $u and .headers.Authorization == "Bearer ********"
	 and (.body.accountPolicy | length) == 2 and (.body | has("auth") | not)' "$T/out"

(unset SCOPE3_API_KEY; "$AO_BIN" $A create --kind source --name "No key" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --dry-run >"$T/out" 2>"$T/err")
RC=$?
expect_rc "dry run needs no platform key" 0
after=$(requests s1)
if [ "$before" -eq "$after" ] && [ "$(requests s1 POST)" -eq 0 ]; then
	ok "the simulator saw no request from any dry run or refused create"
else
	fail "the simulator saw requests from dry runs" "before $before, after $after"
fi

# ---- inventory sources, every auth type ---------------------------------------

run_ao $A create --kind source --name "Bearer From File" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --wait --timeout 20
expect_rc "API_KEY source from flags, secret from --secret-file, --wait" 0
check "... ends ACTIVE" grep -q 'Status: *ACTIVE' "$T/out"

cat >"$T/answers/api-key.json" <<'EOF'
{
  "kind": "inventory-source",
  "name": "From The File",
  "sourceId": "bearer-fd",
  "type": "SALES",
  "endpointUrl": "REPLACE/demo/mcp-sse",
  "protocol": "MCP",
  "authenticationType": "API_KEY",
  "description": "registered by tests/e2e/cli_create.sh"
}
EOF
sed -i "s#REPLACE#$S#" "$T/answers/api-key.json"
"$AO_BIN" $A create --answers "$T/answers/api-key.json" --secret-fd 3 --wait --json 3<"$T/token" \
	>"$T/out" 2>"$T/err"
RC=$?
expect_rc "API_KEY source from an answers file, secret from --secret-fd, --wait --json" 0
check "... stdout is only the resource, ACTIVE" jq -e '.sourceId == "bearer-fd" and .status == "ACTIVE"' "$T/out"

run_ao_stdin "$T/token" $A create --answers "$T/answers/api-key.json" --name "Flag Wins" --source-id a2a-stdin \
	--protocol A2A --endpoint-url "$S/demo/a2a" --secret-file - --wait --json
expect_rc "A2A source, flags override the file, secret from stdin" 0
check "... the flags won over the file" jq -e '.name == "Flag Wins" and .protocol == "A2A" and .status == "ACTIVE"' "$T/out"

AO_AGENT_TOKEN=$TOKEN run_ao $A create --answers "$T/answers/api-key.json" --source-id bearer-env --json
expect_rc "API_KEY source with the token from AO_AGENT_TOKEN (no --wait)" 0
check "... created PENDING or ACTIVE" jq -e '.sourceId == "bearer-env" and (.status == "PENDING" or .status == "ACTIVE")' "$T/out"

cat >"$T/answers/basic.json" <<EOF
{
  "kind": "inventory-source",
  "name": "Basic",
  "type": "SALES",
  "endpointUrl": "$S/demo/mcp-basic",
  "protocol": "MCP",
  "authenticationType": "BASIC_AUTH",
  "username": "demo"
}
EOF
run_ao $A create --answers "$T/answers/basic.json" --source-id basic-file --secret-file "$T/password" --wait --json
expect_rc "BASIC_AUTH source, password from --secret-file" 0
check "... ACTIVE" jq -e '.status == "ACTIVE"' "$T/out"
"$AO_BIN" $A create --answers "$T/answers/basic.json" --source-id basic-fd --secret-fd 4 --wait --json \
	4<"$T/password" >"$T/out" 2>"$T/err"
RC=$?
expect_rc "BASIC_AUTH source, password from --secret-fd" 0
printf '%s' "$PASSWORD" | "$AO_BIN" $A create --answers "$T/answers/basic.json" --source-id basic-stdin \
	--secret-file - --wait --json >"$T/out" 2>"$T/err"
RC=$?
expect_rc "BASIC_AUTH source, password from stdin (no trailing newline)" 0
AO_AGENT_PASSWORD=$PASSWORD run_ao $A create --answers "$T/answers/basic.json" --source-id basic-env --wait --json
expect_rc "BASIC_AUTH source, password from AO_AGENT_PASSWORD" 0

run_ao $A create --kind source --name "Open" --type SIGNAL --protocol MCP --endpoint-url "$S/demo/mcp-open" \
	--auth-type NO_AUTH --json
expect_rc "NO_AUTH source" 0
check "... ACTIVE at once, without waiting" jq -e '.status == "ACTIVE"' "$T/out"

(cd / && "$AO_BIN" $A create --answers "$T/answers/jwt.json" --endpoint-url "$S/demo/mcp" --json \
	>"$T/out" 2>"$T/err")
RC=$?
expect_rc "JWT source from an answers file (key file relative to it)" 0
check "... created with its auth configured" jq -e '.sourceId == "jwt-source" and .authenticationType == "JWT"' "$T/out"

approve_when_shown "$T/oauth-source.err"
"$AO_BIN" $A create --kind source --name "OAuth Source" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH --wait --timeout 20 >"$T/out" 2>"$T/oauth-source.err"
RC=$?
cp "$T/oauth-source.err" "$T/err"
expect_rc "OAUTH source: URL shown, approved, --wait until ACTIVE" 0
check "... the authorization URL was on stderr" grep -q "$S/sandbox/oauth/authorize" "$T/err"

run_ao $A create --kind source --name "OAuth JSON" --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH --json
expect_rc "OAUTH source with --json" 0
check "... the authorization URL is in the JSON for scripts" jq -e '.oauth.authorizationUrl | test("oauth/authorize")' "$T/out"

# ---- partner agents, every auth type -----------------------------------------

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Agent Bearer" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --wait --json
expect_rc "API_KEY partner agent, --wait without --activate: activation needed" 6
check "... it says to activate" grep -q 'status .* --wait --activate' "$T/err"
agent=$(jq -r .agentId "$T/out")
run_ao $A status "$agent" --activate --json
expect_rc "status --activate activates it" 0
check "... ACTIVE" jq -e '.status == "ACTIVE"' "$T/out"

run_ao $A create --kind agent --partner-id 1001 --account-policy marketplace --name "Agent Open" --type SIGNAL \
	--protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --activate --json
expect_rc "NO_AUTH partner agent, create --activate" 0
check "... ACTIVE" jq -e '.status == "ACTIVE"' "$T/out"

run_ao $A create --kind agent --partner-id 1002 --account-policy advertiser --name "Agent JWT" --type SALES \
	--protocol A2A --endpoint-url "$S/demo/a2a" --auth-type JWT --private-key-file "$T/rsa.pem" \
	--algorithm RS256 --issuer acme --subject scope3 --key-id k2 --scope adcp \
	--token-endpoint-url https://idp.example.com/token --audience-url https://idp.example.com --json
expect_rc "JWT partner agent from flags (--private-key-file)" 0
# as documented, a partner agent's detail carries no authConfigured
check "... PENDING, no authConfigured in the detail" jq -e '.status == "PENDING" and (has("authConfigured") | not)' "$T/out"

approve_when_shown "$T/oauth-agent.err"
"$AO_BIN" $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Agent OAuth" \
	--type SALES --protocol MCP --endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH --activate \
	--timeout 20 --json >"$T/out" 2>"$T/oauth-agent.err"
RC=$?
cp "$T/oauth-agent.err" "$T/err"
expect_rc "OAUTH partner agent: approved, then activated by --activate" 0
check "... ACTIVE, the OAuth block gone" jq -e '.status == "ACTIVE" and .oauth == null' "$T/out"

cat >"$T/answers/agent.json" <<EOF
{
  "kind": "partner-agent",
  "partnerId": "1001",
  "name": "Agent From File",
  "type": "CREATIVE",
  "endpointUrl": "$S/demo/mcp-sse",
  "protocol": "MCP",
  "authenticationType": "API_KEY",
  "accountPolicy": ["advertiser_account"],
  "reportingType": "POLLING",
  "reportingPollingCadence": "DAILY"
}
EOF
AO_AGENT_TOKEN=$TOKEN run_ao $A create --answers "$T/answers/agent.json" --activate --json
expect_rc "API_KEY partner agent from an answers file, token from the environment, --activate" 0
check "... ACTIVE, reporting fields sent" jq -e '.status == "ACTIVE" and .reportingPollingCadence == "DAILY"' "$T/out"

if [ "$(requests s1 POST)" -gt 0 ] && ! grep -q -e "$TOKEN" -e "$PASSWORD" "$T/s1.log"; then
	ok "the simulator's log shows no credential"
else
	fail "credentials in the simulator log"
fi

done_testing
