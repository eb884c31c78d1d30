#!/bin/sh
# SPDX-License-Identifier: MIT
# `agent-onboard probe` against a real MCP server written by someone else:
# @modelcontextprotocol/server-everything from npm, in streamable-HTTP mode
# (`index.js streamableHttp`; it reads its port from $PORT, serves POST /mcp,
# answers with text/event-stream and keeps sessions by Mcp-Session-Id).
# It is installed once into $AO_BUILD/npm and reused.  The server is bound
# to 127.0.0.1 on a kernel-chosen port (probe_loopback_listen.cjs) and the
# test waits for the port file, never a fixed sleep.
# TAP output.  Skipped, with the reason, only when npm cannot install it.
#   AO_BIN=build/agent-onboard sh tests/e2e/probe_npm_mcp.sh
set -u

AO_BIN=${AO_BIN:-build/agent-onboard}
AO_BUILD=${AO_BUILD:-build}
PKG=@modelcontextprotocol/server-everything
VERSION=${AO_NPM_MCP_VERSION:-2026.8.31}
NPM_DIR=$AO_BUILD/npm
HERE=$(cd "$(dirname "$0")" && pwd)
PLAN=16

n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'; }
check()  { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2" "${3:-}"; fi; }

echo "1..$PLAN"

if [ ! -x "$AO_BIN" ]; then
	not_ok "agent-onboard binary at $AO_BIN" "build it with make, or set AO_BIN"
	exit 1
fi

entry=$NPM_DIR/node_modules/$PKG/dist/index.js
if [ ! -f "$entry" ]; then
	mkdir -p "$NPM_DIR"
	if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
		reason="node/npm not installed"
	# the lock: scripts/npm-peers.sh (probe_npm_peers.sh) installs into the
	# same directory and may run at the same time in another e2e lane
	elif ! out=$(flock "$NPM_DIR.lock" npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error \
	             "$PKG@$VERSION" 2>&1); then
		reason="npm install $PKG@$VERSION failed: $(printf '%s\n' "$out" | grep -v -e '^npm warn' \
		         -e 'complete log' | head -n 2 | tr '\n' ' ')"
	else
		reason=""
	fi
	if [ ! -f "$entry" ]; then
		i=0
		while [ $i -lt $PLAN ]; do
			i=$((i + 1))
			echo "ok $i - npm MCP server test # SKIP ${reason:-$PKG installed without dist/index.js}"
		done
		exit 0
	fi
fi
ok "$PKG@$VERSION installed in $NPM_DIR"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ao-probe-npm.XXXXXX")
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- start the server on loopback and wait for its port --------------------
AO_PORT_FILE=$tmp/port PORT=0 node --require "$HERE/probe_loopback_listen.cjs" "$entry" streamableHttp \
	>"$tmp/server.log" 2>&1 &
server_pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 300 ] && kill -0 "$server_pid" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
if [ ! -s "$tmp/port" ]; then
	not_ok "the MCP server listens on 127.0.0.1" "$(tail -n 5 "$tmp/server.log")"
	exit 1
fi
port=$(cat "$tmp/port")
ok "the MCP server listens on 127.0.0.1:$port"
url=http://127.0.0.1:$port/mcp

# json FILE EXPR: evaluates a JavaScript expression over the parsed JSON (j)
json() {
	node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	         process.stdout.write(String(eval(process.argv[2])));' "$1" "$2" 2>/dev/null
}

# --- the probe, --json -------------------------------------------------------
"$AO_BIN" probe "$url" --protocol MCP --json >"$tmp/ok.json" 2>"$tmp/ok.err"
rc=$?
check $rc "probe --json exits 0 for a working MCP server" "rc=$rc $(cat "$tmp/ok.err" "$tmp/ok.json")"
[ "$(json "$tmp/ok.json" 'j.outcome + " " + j.speaks_protocol + " " + j.http_status')" = "ok true 200" ]
check $? "outcome ok, speaks_protocol true, HTTP 200" "$(cat "$tmp/ok.json")"
[ "$(json "$tmp/ok.json" 'j.server.name.length > 0 && /^\d{4}-\d\d-\d\d$/.test(j.server.protocol_version)')" = true ]
check $? "server name and negotiated protocol version reported" "$(cat "$tmp/ok.json")"
# tools/list only works with the echoed Mcp-Session-Id (else HTTP 400)
[ "$(json "$tmp/ok.json" 'j.tools.includes("echo") && j.checks.some(c => c.name == "adcp")')" = true ]
check $? "tools listed through the session (echo among them)" "$(cat "$tmp/ok.json")"
[ "$(json "$tmp/ok.json" 'j.adcp.get_adcp_capabilities + " " + j.warnings + " " + (j.fix.indexOf("get_adcp_capabilities") >= 0)')" = "false 1 true" ]
check $? "not an AdCP agent: get_adcp_capabilities false, one warning with advice" "$(cat "$tmp/ok.json")"
[ "$(json "$tmp/ok.json" 'typeof j.timings_ms.total == "number" && j.timings_ms.total > 0')" = true ]
check $? "timings reported" "$(cat "$tmp/ok.json")"
grep -q "session termination request" "$tmp/server.log"
check $? "the probe ended its MCP session (DELETE with Mcp-Session-Id)" "$(tail -n 5 "$tmp/server.log")"

# --- human output, UTF-8 and ASCII ------------------------------------------
LC_ALL=C.UTF-8 "$AO_BIN" probe "$url" --protocol MCP --type SALES >"$tmp/human.txt" 2>&1
rc=$?
grep -q '✓ Protocol   MCP' "$tmp/human.txt" && grep -q '^Fix: .*get_adcp_capabilities' "$tmp/human.txt"
check $(( $? + rc )) "human output: one line per check with ✓, and the fix" "$(cat "$tmp/human.txt")"
LC_ALL=C "$AO_BIN" probe "$url" --protocol MCP >"$tmp/ascii.txt" 2>&1
grep -q '^  \[ok\]   Protocol' "$tmp/ascii.txt" && ! grep -q '✓' "$tmp/ascii.txt"
check $? "ASCII marks when the locale is not UTF-8" "$(cat "$tmp/ascii.txt")"

# --- credentials: from the environment / stdin, never argv --------------------
AO_AGENT_TOKEN=not-checked-by-this-server "$AO_BIN" probe "$url" --protocol MCP --auth-type API_KEY \
	--json >"$tmp/tok.json" 2>"$tmp/tok.err"
rc=$?
[ $rc = 0 ] && [ "$(json "$tmp/tok.json" 'j.auth_accepted')" = true ] && ! grep -q not-checked "$tmp/tok.json"
check $? "API_KEY from AO_AGENT_TOKEN is sent, and never printed" "rc=$rc $(cat "$tmp/tok.err" "$tmp/tok.json")"
"$AO_BIN" probe "$url" --protocol MCP --auth-type API_KEY --token s3cr3t-on-argv >"$tmp/argv.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q -- '--secret-file' "$tmp/argv.out" && ! grep -q s3cr3t "$tmp/argv.out"
check $? "--token VALUE is refused (exit 2) with the alternatives" "rc=$rc $(cat "$tmp/argv.out")"

# --- wrong path, wrong protocol ---------------------------------------------
"$AO_BIN" probe "http://127.0.0.1:$port/nothing-here" --protocol MCP --json >"$tmp/404.json" 2>/dev/null
rc=$?
[ $rc = 4 ] && [ "$(json "$tmp/404.json" 'j.outcome + " " + j.http_status')" = "http 404" ]
check $? "a path with no MCP server: outcome http, 404, exit 4" "rc=$rc $(cat "$tmp/404.json")"
"$AO_BIN" probe "$url" --protocol A2A --json >"$tmp/a2a.json" 2>/dev/null
rc=$?
[ $rc = 4 ] && [ "$(json "$tmp/a2a.json" 'j.speaks_protocol')" = false ]
check $? "probed as A2A, the MCP server has no agent card: exit 4" "rc=$rc $(cat "$tmp/a2a.json")"

# --- the server gone: unreachable ---------------------------------------------
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=
"$AO_BIN" probe "$url" --protocol MCP --json >"$tmp/down.json" 2>/dev/null
rc=$?
[ $rc = 8 ] && [ "$(json "$tmp/down.json" 'j.outcome + " " + j.reachable')" = "connect false" ]
check $? "server stopped: outcome connect, reachable false, exit 8" "rc=$rc $(cat "$tmp/down.json")"

[ $n = $PLAN ] || echo "# planned $PLAN tests, ran $n"
