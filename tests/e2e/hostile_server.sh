#!/bin/sh
# SPDX-License-Identifier: MIT
# A hostile platform (tests/e2e/lib/hostile.py: every string of every
# answer carries a window-title change, a screen clear, 8-bit and UTF-8 CSI,
# a right-to-left override and an OSC 52 clipboard write; headers too)
# against every command: nothing any command writes to stdout, stderr or
# its --log trace holds an ESC, BEL, C1 or bidirectional control byte, and
# what the server sent is still shown, visibly escaped.  --json stays JSON.
# The wizard and plain mode against the same server: hostile_wizard.sh.
. "${0%/*}/lib/cli.sh"
. "${0%/*}/lib/hostile.sh"

start_hostile
A="--api-url $H"
printf 'demo-agent-token\n' >"$T/token"

# clean DESCRIPTION FILE...: no control byte in any of the files
clean() {
	_d=$1; shift
	if python3 "$REPO/tests/e2e/lib/nocontrol.py" "$@" >"$T/dirty" 2>&1; then
		ok "$_d"
	else
		fail "$_d" "$(cat "$T/dirty")"
	fi
}
# shown FILE: the hostile text reached the user, escaped (not dropped)
shown() { grep -qF '\e]0;PWNED' "$@"; }

# ---- create, status, list -------------------------------------------------------------

run_ao $A --log "$T/trace" create --kind source --name "Hostile One" --source-id hostile-one --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --wait --timeout 3
clean "create --wait: stdout, stderr and the --log trace carry no control byte" "$T/out" "$T/err" "$T/trace"
check "create: the hostile name is shown escaped" shown "$T/out" "$T/err"
check "create --log: the hostile header is in the trace, escaped" grep -qF 'X-Request-Note: \e]0;PWNED' "$T/trace"

run_ao $A create --kind agent --partner-id 1001 --account-policy advertiser --name "Hostile Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH
clean "create (OAuth partner agent): no control byte" "$T/out" "$T/err"
check "an authorization URL with escape sequences is refused, with what to do" \
	grep -q 'authorization URL that cannot be used' "$T/err"
check "... and never offered as the URL to open" sh -c "! grep -q 'Approve access' '$T/err'"

run_ao $A create --kind source --name "Hostile Json" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp-open" \
	--auth-type NO_AUTH --json
check "create --json: still JSON, the hostile text escaped by JSON itself" jq -e '.name | contains("PWNED")' "$T/out"
clean "create --json: no raw control byte" "$T/out" "$T/err"

run_ao $A list
clean "list: the table carries no control byte" "$T/out" "$T/err"
check "list: hostile names shown escaped" shown "$T/out"
run_ao $A list --json
check "list --json parses" jq -e '.inventorySources | length >= 1' "$T/out"
clean "list --json: no raw control byte" "$T/out"

run_ao $A status hostile-one
clean "status: no control byte" "$T/out" "$T/err"
check "status: the hostile status is shown escaped" shown "$T/out" "$T/err"
run_ao $A status hostile-one --wait --timeout 2
clean "status --wait: progress and result carry no control byte" "$T/out" "$T/err"
run_ao $A status no-such-id
clean "status of an unknown id (hostile error message): no control byte" "$T/out" "$T/err"

# ---- a wait the platform asks for that outlasts --timeout ------------------------------------

python3 "$REPO/tests/e2e/lib/hostile.py" "$S" "Retry-After: 3600" >"$T/later.url" 2>/dev/null &
_pids="$_pids $!"
wait_until 10 grep -qs '^http' "$T/later.url" || { echo "Bail out! hostile.py did not start"; exit 1; }
timeout 120 "$AO_BIN" --api-url "$(head -n 1 "$T/later.url")" status hostile-one --wait --timeout 3 \
	>"$T/out" 2>"$T/err"
RC=$?
expect_rc "Retry-After: 3600 on every answer: status --wait ends at --timeout (not after an hour)" 6
check "... saying the platform asked to come back later" grep -q 'asked to come back later' "$T/err"
check "... after the 3 s of --timeout, by its own account" grep -q 'after 3 s' "$T/err"

# ---- login, logout, doctor ------------------------------------------------------------------

printf 'scope3_wrong_key\n' >"$T/wrongkey"
run_ao $A login --secret-file "$T/wrongkey"
clean "login with a key the platform rejects (hostile error): no control byte" "$T/out" "$T/err"
SCOPE3_API_KEY=scope3_wrong_key run_ao $A list
clean "a rejected key (hostile error message): no control byte" "$T/out" "$T/err"
run_ao $A logout
clean "logout: no control byte" "$T/out" "$T/err"
run_ao $A doctor
clean "doctor (hostile account name): no control byte" "$T/out" "$T/err"

# ---- probe: agent replies, WWW-Authenticate, Location, an HTML error page ---------------------

run_ao probe "$H/demo/mcp" --protocol MCP --type SALES --auth-type API_KEY --secret-file "$T/token"
clean "probe of an MCP agent with hostile replies: no control byte" "$T/out" "$T/err"
check "probe: the hostile server name is shown escaped" shown "$T/out" "$T/err"
run_ao probe "$H/demo/a2a" --protocol A2A
clean "probe of an A2A agent with a hostile card: no control byte" "$T/out" "$T/err"
run_ao probe "$H/hostile/401" --protocol MCP
clean "probe: a hostile WWW-Authenticate: no control byte" "$T/out" "$T/err"
run_ao probe "$H/hostile/redirect" --protocol MCP
clean "probe: a hostile redirect Location: no control byte" "$T/out" "$T/err"
run_ao probe "$H/hostile/html" --protocol MCP --json
clean "probe --json: a hostile HTML error page: no raw control byte" "$T/out" "$T/err"
run_ao --api-url "$H/hostile/redirect" list
clean "the platform redirecting to a hostile Location: no control byte" "$T/out" "$T/err"

# ---- the simulator's own request log ------------------------------------------------------

curl -s -o /dev/null "$S/api/v2/%1b%5d0;PWNED%07%9b%c2%9b" || true
curl -s -o /dev/null -H "$(printf 'User-Agent: \033]0;PWNED\007')" "$S/health" || true
wait_until 5 grep -q 'PWNED' "$T/s.log"
clean "the simulator's request log: a hostile path carries no control byte" "$T/s.log"

done_testing
