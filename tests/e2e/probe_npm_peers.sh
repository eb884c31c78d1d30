#!/bin/sh
# SPDX-License-Identifier: MIT
# agent-onboard against independently written servers and clients from npm,
# not against our own simulator alone (a bug shared by our client and our
# simulator passes both):
#   - `probe` against @modelcontextprotocol/sdk streamable-HTTP servers:
#     stateful with event-stream replies, stateless with JSON replies, one
#     that wants a bearer token, and one behind OAuth whose RFC 9728
#     metadata points at an authorization server on another port;
#   - `probe` against @a2a-js/sdk servers: JSON-RPC + HTTP+JSON without
#     auth (card at agent-card.json), JSON-RPC with a bearer token (card only
#     at the older agent.json), HTTP+JSON only with a bearer token;
#   - the simulator's demo agents against the official clients: the A2A
#     client (@a2a-js/sdk) gets a task from SendMessage and sees a wrong token
#     as HTTP 401; @adcp/client's schema accepts the demo MCP get_products.
# The packages come from the cache scripts/npm-peers.sh fills (make deps);
# each server is started once and waited for through a port file.  Skipped,
# with the reason, only when npm cannot install them.  TAP output.
#   AO_BIN=build/agent-onboard AO_BUILD=build sh tests/e2e/probe_npm_peers.sh
set -u

AO_BIN=${AO_BIN:-build/agent-onboard}
AO_BUILD=${AO_BUILD:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PLAN=17

n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'; }
check()  { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2" "${3:-}"; fi; }

echo "1..$PLAN"
if [ ! -x "$AO_BIN" ]; then
	not_ok "agent-onboard binary at $AO_BIN" "build it with make, or set AO_BIN"
	exit 1
fi
case $AO_BUILD in /*) ;; *) AO_BUILD=$(pwd)/$AO_BUILD ;; esac
if ! reason=$(AO_BUILD=$AO_BUILD sh "$REPO/scripts/npm-peers.sh" 2>&1); then
	i=0
	while [ $i -lt $PLAN ]; do
		i=$((i + 1))
		echo "ok $i - npm peers # SKIP $(printf '%s' "$reason" | tail -n 1)"
	done
	exit 0
fi
ok "the npm peers are installed in $AO_BUILD/npm and $AO_BUILD/npm-adcp"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ao-npm-peers.XXXXXX")
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The scripts resolve their packages from a node_modules next to them.
mkdir -p "$tmp/peers" "$tmp/adcp"
cp "$HERE/peers/mcp_server.mjs" "$HERE/peers/a2a_server.mjs" "$HERE/peers/a2a_client.mjs" "$tmp/peers/"
cp "$HERE/peers/adcp_validate.mjs" "$tmp/adcp/"
ln -s "$AO_BUILD/npm/node_modules" "$tmp/peers/node_modules"
ln -s "$AO_BUILD/npm-adcp/node_modules" "$tmp/adcp/node_modules"

# start NAME CMD...: runs it with AO_PORT_FILE=$tmp/NAME.port and waits for
# the file (the server writes it once it listens); never a fixed sleep
start() {
	name=$1
	shift
	AO_PORT_FILE=$tmp/$name.port "$@" >"$tmp/$name.log" 2>&1 &
	pids="$pids $!"
	i=0
	while [ ! -s "$tmp/$name.port" ] && [ $i -lt 600 ] && kill -0 $! 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$tmp/$name.port" ]
}

# json FILE EXPR: a JavaScript expression over the parsed JSON (j)
json() {
	node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	         process.stdout.write(String(eval(process.argv[2])));' "$1" "$2" 2>/dev/null
}

# probe NAME URL PROTOCOL [AUTH TOKEN]: --json into $tmp/NAME.json, rc in RC
probe() {
	name=$1 url=$2 proto=$3 auth=${4:-NO_AUTH} token=${5:-}
	AO_AGENT_TOKEN=$token "$AO_BIN" probe "$url" --protocol "$proto" --type SALES --auth-type "$auth" \
		--json >"$tmp/$name.json" 2>"$tmp/$name.err"
	RC=$?
}

# --- MCP: @modelcontextprotocol/sdk ---------------------------------------------
if start mcp node "$tmp/peers/mcp_server.mjs"; then
	read -r MP AP <"$tmp/mcp.port"
	ok "the MCP SDK servers listen (127.0.0.1:$MP; authorization server :$AP)"
else
	not_ok "the MCP SDK servers listen" "$(tail -n 5 "$tmp/mcp.log")"
	MP=1 AP=1
fi
M=http://127.0.0.1:$MP

probe sse "$M/stateful-sse" MCP
[ $RC = 0 ] && [ "$(json "$tmp/sse.json" 'j.speaksProtocol && j.adcp.getProducts')" = true ]
check $? "stateful server, event-stream replies: speaks MCP, get_products offered, exit 0" \
	"rc=$RC $(cat "$tmp/sse.err" "$tmp/sse.json")"
probe stateless "$M/stateless-json" MCP
[ $RC = 0 ] && [ "$(json "$tmp/stateless.json" 'j.speaksProtocol && j.adcp.getAdcpCapabilities')" = true ]
check $? "stateless server, JSON replies: speaks MCP, exit 0" "rc=$RC $(cat "$tmp/stateless.err" "$tmp/stateless.json")"
probe bearer "$M/bearer" MCP API_KEY peer-token
[ $RC = 0 ] && [ "$(json "$tmp/bearer.json" 'j.authAccepted')" = true ]
check $? "bearer token accepted by the SDK server, exit 0" "rc=$RC $(cat "$tmp/bearer.err" "$tmp/bearer.json")"
probe wrong "$M/bearer" MCP API_KEY wrong-token
[ $RC = 4 ] && [ "$(json "$tmp/wrong.json" 'j.outcome + " " + j.authAccepted')" = "auth_rejected false" ]
check $? "a wrong bearer token: auth_rejected, exit 4" "rc=$RC $(cat "$tmp/wrong.json")"
probe oauth "$M/oauth" MCP OAUTH
[ $RC = 0 ] && [ "$(json "$tmp/oauth.json" 'j.oauthIssuer')" = "http://127.0.0.1:$AP" ]
check $? "OAuth: RFC 9728 metadata followed to the authorization server on another port" \
	"rc=$RC $(cat "$tmp/oauth.err" "$tmp/oauth.json")"

# --- A2A: @a2a-js/sdk -----------------------------------------------------------------
if start a2a node "$tmp/peers/a2a_server.mjs"; then
	read -r OP CP RP <"$tmp/a2a.port"
	ok "the A2A SDK servers listen (open :$OP, JSON-RPC with auth :$CP, REST with auth :$RP)"
else
	not_ok "the A2A SDK servers listen" "$(tail -n 5 "$tmp/a2a.log")"
	OP=1 CP=1 RP=1
fi
probe open "http://127.0.0.1:$OP/" A2A
[ $RC = 0 ] && [ "$(json "$tmp/open.json" 'j.speaksProtocol && j.adcp.extension && j.cardUrl.endsWith("/agent-card.json")')" = true ]
check $? "JSON-RPC + HTTP+JSON, no auth: card at agent-card.json, AdCP extension, exit 0" \
	"rc=$RC $(cat "$tmp/open.err" "$tmp/open.json")"
probe rpc "http://127.0.0.1:$CP/" A2A API_KEY peer-token
[ $RC = 0 ] && [ "$(json "$tmp/rpc.json" 'j.authAccepted && j.cardUrl.endsWith("/agent.json")')" = true ]
check $? "JSON-RPC with a bearer token, card only at agent.json: accepted, exit 0" \
	"rc=$RC $(cat "$tmp/rpc.err" "$tmp/rpc.json")"
probe rpcwrong "http://127.0.0.1:$CP/" A2A API_KEY wrong-token
check "$([ $RC = 4 ] && echo 0 || echo 1)" "JSON-RPC with a wrong token: exit 4" "rc=$RC $(cat "$tmp/rpcwrong.json")"
probe rest "http://127.0.0.1:$RP/" A2A API_KEY peer-token
[ $RC = 0 ] && [ "$(json "$tmp/rest.json" 'j.authAccepted')" = true ]
check $? "HTTP+JSON only, right token: tried on that binding and accepted, exit 0" \
	"rc=$RC $(cat "$tmp/rest.err" "$tmp/rest.json")"
probe restwrong "http://127.0.0.1:$RP/" A2A API_KEY wrong-token
[ $RC = 4 ] && [ "$(json "$tmp/restwrong.json" 'j.authAccepted')" = false ]
check $? "HTTP+JSON only, wrong token: refused, exit 4 (it used to pass)" "rc=$RC $(cat "$tmp/restwrong.json")"

# --- the simulator's demo agents and the official clients -----------------------------------
"$AO_BIN" sandbox --quiet --rate-limit off >"$tmp/sandbox.url" 2>"$tmp/sandbox.log" &
pids="$pids $!"
i=0
while [ ! -s "$tmp/sandbox.url" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
S=$(head -n 1 "$tmp/sandbox.url")
node "$tmp/peers/a2a_client.mjs" "$S" demo-agent-token >"$tmp/client.json" 2>&1
[ "$(json "$tmp/client.json" 'j.ok + " " + j.kind')" = "true task" ]
check $? "@a2a-js/sdk client: the demo A2A agent's SendMessage answer is a task" "$(cat "$tmp/client.json")"
node "$tmp/peers/a2a_client.mjs" "$S" wrong-token >"$tmp/client401.json" 2>&1
[ "$(json "$tmp/client401.json" '!j.ok && /401/.test(j.error) && !/32001/.test(j.error)')" = true ]
check $? "@a2a-js/sdk client: a wrong token is an HTTP 401, not JSON-RPC -32001" "$(cat "$tmp/client401.json")"
node "$tmp/adcp/adcp_validate.mjs" "$S/demo/mcp" demo-agent-token >"$tmp/adcp.json" 2>&1
[ "$(json "$tmp/adcp.json" 'j.ok && j.products > 0')" = true ]
check $? "@adcp/client: the demo MCP agent's get_products passes GetProductsResponseSchema" "$(cat "$tmp/adcp.json")"
node "$tmp/adcp/adcp_validate.mjs" "$S/demo/mcp-sse" demo-agent-token >"$tmp/adcp-sse.json" 2>&1
[ "$(json "$tmp/adcp-sse.json" 'j.ok && j.products > 0')" = true ]
check $? "@adcp/client: the same over event-stream replies" "$(cat "$tmp/adcp-sse.json")"
