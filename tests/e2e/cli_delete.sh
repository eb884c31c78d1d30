#!/bin/sh
# SPDX-License-Identifier: MIT
# delete after the first submit (issue 14): without a terminal it needs
# --yes and sends nothing; while media buys run the platform refuses and
# the command suggests disabling, which works; then it deletes (204) and
# the source is gone; partner agents have no documented delete.  The
# simulator's --state file keeps the running media buys across a restart.
. "${0%/*}/lib/cli.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
A="--api-url $S"

run_ao $A create --kind source --name "Busy" --source-id busy --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH
expect_rc "create a NO_AUTH source" 0

deletes() { requests s DELETE; }
run_ao $A delete busy
expect_rc "delete without a terminal and without --yes" 2
check "... says to add --yes" grep -q -- '--yes' "$T/err"
check "... and sent nothing" test "$(deletes)" -eq 0

# the simulator's switch: two media buys run on the source's agent
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"mediaBuys":2}' "$S/sandbox/sources/busy"
run_ao $A delete busy --yes
expect_rc "delete while media buys run: refused" 4
check "... one DELETE was sent" test "$(deletes)" -eq 1
check "... the platform's reason is shown" grep -q 'media buy' "$T/err"
check "... and disabling is suggested" grep -q 'agent-onboard update busy --status DISABLED' "$T/err"
run_ao $A update busy --status DISABLED --json
expect_rc "update --status DISABLED instead" 0
check "... DISABLED" jq -e '.status == "DISABLED"' "$T/out"

curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"mediaBuys":0}' "$S/sandbox/sources/busy"
run_ao $A delete busy --yes
expect_rc "delete once the buys ended" 0
check "... says the agent was disabled first" grep -q 'deleted (its agent was disabled first)' "$T/err"
run_ao $A status busy --kind inventory-source
expect_rc "... and the source is gone" 4
run_ao $A delete busy --yes
expect_rc "delete of an unknown id" 4

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Kept Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH --json
agent=$(jq -r .agentId "$T/out")
before=$(deletes)
run_ao $A delete "$agent" --yes
expect_rc "delete of a partner agent: no documented call" 4
check "... suggests disabling it" grep -q "agent-onboard update $agent --status DISABLED" "$T/err"
check "... and sent no DELETE" test "$(deletes)" -eq "$before"

# ---- the simulator's --state keeps the media buys (so a demo stays refused) -----

start_sandbox st --state "$T/st.json" --activate-after 0.05 --probe-interval 0.05 --disable-after 0
ST=$URL
st_pid=${_pids##* }
run_ao --api-url "$ST" create --kind source --name "Kept Busy" --source-id kept-busy --type SALES --protocol MCP \
	--endpoint-url "$ST/demo/mcp-open" --auth-type NO_AUTH
expect_rc "create a source on a simulator with --state" 0
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"mediaBuys":3}' "$ST/sandbox/sources/kept-busy"
check "... the state file records the media buys" \
	jq -e '.sources[] | select(.source.sourceId == "kept-busy") | .mediaBuys == 3' "$T/st.json"
kill "$st_pid"
wait "$st_pid" 2>/dev/null
start_sandbox st2 --state "$T/st.json" --activate-after 0.05 --probe-interval 0.05 --disable-after 0
run_ao --api-url "$URL" delete kept-busy --yes
expect_rc "after a restart, delete is still refused" 4
check "... for the 3 media buys kept" grep -q '3 .*media buys' "$T/err"
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"mediaBuys":0}' "$URL/sandbox/sources/kept-busy"
run_ao --api-url "$URL" delete kept-busy --yes
expect_rc "... and deleted once they ended" 0

done_testing
