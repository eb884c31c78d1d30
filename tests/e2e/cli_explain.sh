#!/bin/sh
# SPDX-License-Identifier: MIT
# status --explain runs our own probe of the endpoint (issue 14): with the
# credential given by file, stdin or environment (never argv) a 401 names
# the credential, a closed port names the agent as unreachable -- for
# inventory sources and partner agents; the right credential while the
# platform's was refused says they differ.
. "${0%/*}/lib/cli.sh"

printf 'demo-agent-token\n' >"$T/token"
printf 'not-the-token\n' >"$T/wrong"
chmod 600 "$T/token" "$T/wrong"
# a port nobody listens on: a simulator's, once it has stopped
start_sandbox gone
GONE=$URL
kill "${_pids##* }"
wait "${_pids##* }" 2>/dev/null
printf '%s/mcp MCP SALES Gone Agent\n' "$GONE" >"$T/registry"
start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0 --registry "$T/registry"
S=$URL
A="--api-url $S"

# ---- the credential the agent refuses ------------------------------------------

run_ao $A create --kind source --name "Explained" --source-id explained --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/wrong" --json
expect_rc "create a source with the wrong token" 0
probed() { grep -q 'explained: still PENDING' "$T/s.log"; }
check "... the simulator tried it and kept it PENDING" wait_until 20 probed

run_ao $A status explained --explain --secret-file "$T/wrong"
expect_rc "status --explain --secret-file (the stored, wrong token)" 6
check "... the verdict is our probe's 401, with the URL" \
	sh -c "head -n 1 '$T/out' | grep -qF 'the agent rejects the stored credential: HTTP 401 from $S/demo/mcp (our probe, with the credential given).'"
check "... the evidence has our probe's line" \
	grep -qF "  - our probe (with the given credential) of $S/demo/mcp: credential rejected" "$T/out"
check "... and the fixing command last" sh -c "tail -n 1 '$T/out' | grep -q '^Fix: agent-onboard update explained --secret-file FILE'"
check "... the token is nowhere in the output" sh -c "! grep -q not-the-token '$T/out' '$T/err'"

"$AO_BIN" $A status explained --explain --secret-file - <"$T/token" >"$T/out" 2>"$T/err"
RC=$?
expect_rc "status --explain --secret-file - (the right token on stdin)" 6
check "... says the agent takes it while the platform's stored one is refused" \
	sh -c "head -n 1 '$T/out' | grep -q 'accepts the credential given to our probe, but rejects the one the platform stored for explained: they differ'"
check "... our probe worked" grep -qF "  - our probe (with the given credential) of $S/demo/mcp: works" "$T/out"

AO_AGENT_TOKEN=not-the-token "$AO_BIN" $A status explained --explain >"$T/out" 2>"$T/err"
RC=$?
expect_rc "status --explain with AO_AGENT_TOKEN" 6
check "... the environment's token was probed" grep -q '^the agent rejects the stored credential: HTTP 401' "$T/out"

run_ao $A status explained --explain
expect_rc "status --explain without a credential" 6
check "... our probe only says the agent is reachable and asks for one" \
	grep -q '  - our probe (without a credential) of .*: reachable; it asks for a credential' "$T/out"
check "... the platform's word decides the verdict" grep -q '^the agent rejects the stored credential: credential refused' "$T/out"

run_ao $A status explained --explain --token not-the-token
expect_rc "a token on the command line is refused" 2
check "... naming the safe ways" grep -q 'secret-file' "$T/err"
run_ao $A status explained --secret-file "$T/wrong"
expect_rc "--secret-file without --explain is a usage error" 2

# ---- an agent that does not answer ------------------------------------------------

run_ao $A create --kind source --name "Gone Source" --source-id gone-source --type SALES --protocol MCP \
	--endpoint-url "$GONE/mcp" --auth-type API_KEY --secret-file "$T/token" --json
expect_rc "create a source whose agent is down" 0
run_ao $A status gone-source --explain --secret-file "$T/token"
expect_rc "status --explain of it" 6
check "... the verdict: unreachable, with our probe's reason" \
	sh -c "head -n 1 '$T/out' | grep -q '^the agent is unreachable: .*[Cc]onnection refused'"
check "... the fix names the endpoint" grep -qF "Fix: start the agent at $GONE/mcp" "$T/out"

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Gone Agent" --type SALES \
	--protocol MCP --endpoint-url "$GONE/mcp" --auth-type NO_AUTH --json
expect_rc "create a partner agent whose endpoint is down" 0
agent=$(jq -r .agentId "$T/out")
run_ao $A status "$agent" --explain
expect_rc "status --explain of the partner agent" 6
check "... the verdict: unreachable (partner agents are probed too)" \
	sh -c "head -n 1 '$T/out' | grep -q '^the agent is unreachable: .*[Cc]onnection refused'"
check "... no platform checks claimed for an agent" \
	grep -q 'the platform reports them for inventory sources only' "$T/out"

# ---- a working one ------------------------------------------------------------------

run_ao $A update explained --secret-file "$T/token" --wait --timeout 30
expect_rc "rotating to the right token: ACTIVE" 0
run_ao $A status explained --explain --secret-file "$T/token"
expect_rc "status --explain once ACTIVE" 0
check "... ACTIVE, our probe works, no fix" \
	sh -c "head -n 1 '$T/out' | grep -q 'explained is ACTIVE' && grep -q 'our probe (with the given credential) of .*: works' '$T/out' && ! grep -q '^Fix:' '$T/out'"

done_testing
