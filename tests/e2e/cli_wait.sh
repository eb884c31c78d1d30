#!/bin/sh
# SPDX-License-Identifier: MIT
# --wait and status: to ACTIVE, to DISABLED, to the --timeout (still
# PENDING), interrupted by SIGINT / SIGTERM, and progress on stderr only
# when stderr is a terminal.
. "${0%/*}/lib/cli.sh"

printf 'demo-agent-token\n' >"$T/token"
printf 'wrong-token\n' >"$T/wrong"

# A simulator that gives up on an agent it cannot reach after 0.5 s ...
start_sandbox dis --activate-after 0.05 --probe-interval 0.05 --disable-after 0.5
D=$URL
# ... and one that never does, so a source with a bad credential stays PENDING.
start_sandbox pen --activate-after 0.05 --probe-interval 0.2 --disable-after 0
P=$URL

run_ao --api-url "$D" create --kind source --name "Wait Active" --type SALES --protocol MCP \
	--endpoint-url "$D/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --wait --timeout 20
expect_rc "create --wait to ACTIVE" 0
check "... the last line says ACTIVE" grep -q 'wait-active is ACTIVE' "$T/err"

run_ao --api-url "$D" create --kind source --name "Wait Disabled" --type SALES --protocol MCP \
	--endpoint-url "$D/demo/mcp" --auth-type API_KEY --secret-file "$T/wrong" --wait --timeout 20
expect_rc "create --wait to DISABLED (the agent refuses the credential)" 7
check "... it says DISABLED, then why: the status --explain verdict naming the credential" \
	sh -c "grep -A1 'wait-disabled is DISABLED after [0-9]* s of waiting: the platform does not use it. Why:' '$T/err' | tail -n 1 | grep -q '^the agent rejects the stored credential'"
check "... with the evidence and the fixing command last" \
	sh -c "grep -q '^  - discovery test: UPSTREAM_ERROR' '$T/err' && tail -n 1 '$T/err' | grep -q '^Fix: agent-onboard update wait-disabled --secret-file FILE'"
run_ao --api-url "$D" status wait-disabled
expect_rc "status of a DISABLED source" 7

start=$(date +%s)
run_ao --api-url "$P" create --kind source --name "Wait Pending" --type SALES --protocol MCP \
	--endpoint-url "$P/demo/mcp" --auth-type API_KEY --secret-file "$T/wrong" --wait --timeout 1
elapsed=$(($(date +%s) - start))
expect_rc "create --wait --timeout 1 on a source that stays PENDING" 6
# the program's own clock says when the deadline acted; the wall time of
# the whole run is only a ceiling against a hang (a loaded machine starts slowly)
said=$(sed -n 's/.*still PENDING after \([0-9]*\) s (--timeout).*/\1/p' "$T/err")
check "... the --timeout ended it, after ${said:-?} s by its own clock" test "${said:-99}" -le 3
check "... no hang (${elapsed} s in all)" test "$elapsed" -le 60
check "... then why, as status --explain says it: the refused credential" \
	sh -c "grep -A1 'still PENDING after [0-9]* s (--timeout); follow it with .agent-onboard status wait-pending --wait.. Why:' '$T/err' | tail -n 1 | grep -q '^the agent rejects the stored credential'"
check "... evidence, and the fix instead of 'it may still activate'" \
	sh -c "grep -q '^Evidence:' '$T/err' && tail -n 1 '$T/err' | grep -q '^Fix: agent-onboard update wait-pending --secret-file FILE' && ! grep -q 'may still activate' '$T/err'"
check "... no progress line when stderr is not a terminal" sh -c "! grep -q -e 'next check' -e \"$(printf '\r')\" '$T/err'"

run_ao --api-url "$P" status wait-pending
expect_rc "status of a PENDING source" 6
check "... it says what happens next" grep -q 'activates by itself' "$T/err"
run_ao --api-url "$P" status wait-pending --timeout 0.5 --json
expect_rc "status --timeout 0.5 (implies --wait) on a PENDING source" 6
check "... --json still prints the resource" jq -e '.status == "PENDING"' "$T/out"

# Ctrl-C and SIGTERM end a wait at once with 130 and change nothing.
for sig in INT TERM; do
	"$AO_BIN" --api-url "$P" status wait-pending --wait --timeout 60 >"$T/out" 2>"$T/err" &
	pid=$!
	_pids="$_pids $pid"
	before=$(requests pen GET)
	# it is waiting once it has looked the source up
	wait_until 10 sh -c "[ \$(grep -c '^sandbox: GET /api/v2/storefront/inventory-sources/wait-pending' '$T/pen.log') -gt $before ]"
	kill -$sig "$pid"
	wait "$pid"
	RC=$?
	expect_rc "SIG$sig during status --wait" 130
	check "... it says how to resume" grep -q 'Resume with .*status wait-pending --wait' "$T/err"
done
run_ao --api-url "$P" status wait-pending --json
check "... the source is unchanged (still PENDING)" jq -e '.status == "PENDING"' "$T/out"

# Progress is drawn only on a terminal: run under script(1) for a pty.
if command -v script >/dev/null 2>&1; then
	script -qec "'$AO_BIN' --api-url '$P' status wait-pending --timeout 2" /dev/null >"$T/tty" 2>&1
	RC=$?
	# script passes the exit status on with -e
	expect_rc "status --wait on a terminal" 6
	check "... shows progress (status, elapsed, next check)" grep -q 'PENDING [0-9]*s, next check [0-9]*s, timeout [0-9]*s: waiting for the agent to answer' "$T/tty"
	check "... redraws in place and clears the line" grep -q "$(printf '\r')" "$T/tty"
else
	skip "status --wait on a terminal" "script(1) is not installed"
fi

# A partner agent with OAuth: --wait alone stops once consent is given and
# says activation is needed; status --activate finishes the job.
run_ao --api-url "$P" create --kind agent --partner-id 1001 --account-policy advertiser --name "Wait OAuth" \
	--type SALES --protocol MCP --endpoint-url "$P/demo/mcp-oauth" --auth-type OAUTH --json
agent=$(jq -r .agentId "$T/out")
cp "$T/err" "$T/oauth.err"
approve_when_shown "$T/oauth.err"
run_ao --api-url "$P" status "$agent" --wait --timeout 20
expect_rc "status --wait on an OAuth agent: consent seen, activation needed" 6
check "... it says partner agents need activating" grep -q 'do not activate by themselves' "$T/err"
run_ao --api-url "$P" status "$agent" --kind partner-agent --activate --timeout 20
expect_rc "status --activate --kind partner-agent" 0

done_testing
