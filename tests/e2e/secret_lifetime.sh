#!/bin/sh
# SPDX-License-Identifier: MIT
# An agent credential is wiped right after the request that carries it has
# gone out, not kept through --wait: while `create --wait` is polling, the
# token is nowhere in the process's memory (read as root through
# /proc/PID/mem; skipped when that is not allowed).
# Skipped for a sanitizer build too: libcurl copies a small request body
# into its own request buffer (headers and body together) and frees it
# without wiping; ASan's quarantine keeps that freed block readable for the
# whole run, where glibc reuses it for the next status check's request.
. "${0%/*}/lib/cli.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is not installed"
	exit 0
fi
start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
TOKEN=wrong-token-$$-7f3a9c2e5b11   # wrong on purpose: the source stays PENDING, the wait goes on
printf '%s' "$TOKEN" >"$T/token"
chmod 600 "$T/token"
"$AO_BIN" --api-url "$URL" create --kind source --name Lifetime --type SALES --protocol MCP \
	--endpoint-url "$URL/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --wait --timeout 60 \
	>"$T/out" 2>"$T/err" &
pid=$!
_pids="$_pids $pid"
polls() { [ "$(grep -c 'GET /api/v2/storefront/inventory-sources/' "$T/s.log")" -ge 2 ]; }
if wait_until 30 polls; then
	ok "create is waiting (its status checks reach the simulator)"
else
	fail "create is waiting (its status checks reach the simulator)"
fi
if grep -aq __asan_init "$AO_BIN"; then
	rc=3
else
	python3 "$REPO/tests/e2e/lib/memscan.py" "$pid" "$TOKEN" >"$T/where"
	rc=$?
fi
case $rc in
3) skip "during --wait the token is nowhere in the program's memory" "an ASan build (libcurl's freed request buffer stays in its quarantine)" ;;
0) ok "during --wait the token is nowhere in the program's memory" ;;
2) skip "during --wait the token is nowhere in the program's memory" "cannot read /proc/PID/mem (not root)" ;;
*) fail "during --wait the token is nowhere in the program's memory" "found in: $(cat "$T/where")" ;;
esac
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
done_testing
