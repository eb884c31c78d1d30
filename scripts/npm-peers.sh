#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the independently written npm packages the end-to-end tests start
# as real peers (tests/e2e/probe_npm_peers.sh, probe_npm_mcp.sh) into a cache
# the tests reuse: ${AO_BUILD:-build}/npm and ${AO_BUILD:-build}/npm-adcp
# (@adcp/client pins its own @modelcontextprotocol/sdk, so it lives apart).
# Versions are pinned; a cache that has them is left alone (no network).
# Exit 0 when everything is there, 1 with the reason on stderr otherwise.
set -u
BUILD=${AO_BUILD:-build}
PEERS="@modelcontextprotocol/sdk@1.32.2 @a2a-js/sdk@1.3.0 express@5.3.0 @modelcontextprotocol/server-everything@${AO_NPM_MCP_VERSION:-2026.8.31}"
ADCP="@adcp/client@4.8.0"

have() {   # DIR PKG@VERSION
	name=${2%@*}
	want=${2##*@}
	f=$1/node_modules/$name/package.json
	[ -f "$f" ] && grep -q "\"version\": *\"$want\"" "$f"
}

install_into() {   # DIR PKGS...
	dir=$1
	shift
	need=""
	for p in "$@"; do have "$dir" "$p" || need="$need $p"; done
	[ -n "$need" ] || return 0
	if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
		echo "npm-peers: node/npm not installed" >&2
		return 1
	fi
	mkdir -p "$dir"
	echo "npm-peers: installing$need into $dir" >&2
	# the lock: the e2e suite may run probe_npm_mcp.sh, which installs into
	# the same directory, at the same time (two npm installs into one prefix
	# break each other)
	# shellcheck disable=SC2086
	if ! out=$(flock "$dir.lock" npm install --prefix "$dir" --no-audit --no-fund --loglevel=error $need 2>&1); then
		echo "npm-peers: npm install failed: $(printf '%s\n' "$out" | grep -v -e '^npm warn' \
		     -e 'complete log' | head -n 2 | tr '\n' ' ')" >&2
		return 1
	fi
}

rc=0
# shellcheck disable=SC2086
install_into "$BUILD/npm" $PEERS || rc=1
install_into "$BUILD/npm-adcp" $ADCP || rc=1
exit $rc
