#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages agent-onboard needs to build, run and test.
# Idempotent: asks dpkg first and only runs apt-get for what is missing, so a
# machine that already has everything pays no network round trip.
set -eu
# scripts/deps.sh [build|test]: build = what `make` and `make demo` need;
# test (the default) = everything `make test` uses.
MODE=${1:-test}

# What building and running needs (`make demo` asks for no more: a presenter
# should not wait for a browser and two compilers to download) ...
BUILD_PACKAGES="build-essential pkg-config
libncurses-dev libcurl4-openssl-dev libssl-dev libcjson-dev libsecret-1-dev libmicrohttpd-dev libqrencode-dev"
# ... and what the tests, fuzzing, benchmarks and packaging need besides.
TEST_PACKAGES="libcmocka-dev
dbus dbus-daemon gnome-keyring libsecret-tools libglib2.0-bin
tmux openssl curl dialog jq procps groff-base man-db chromium
clang libclang-rt-14-dev valgrind
debhelper dpkg-dev fakeroot lintian
zsh fish"

# Tools that may come from outside Debian's archive (e.g. Node.js from
# NodeSource, Python from pyenv): checked by command, installed from Debian
# only when the command is missing.  npm installs the independent MCP server
# the probe is tested against.
COMMANDS="python3:python3 node:nodejs npm:npm"

case $MODE in
build) PACKAGES=$BUILD_PACKAGES; COMMANDS="" ;;
test) PACKAGES="$BUILD_PACKAGES $TEST_PACKAGES" ;;
*) echo "usage: scripts/deps.sh [build|test]" >&2; exit 2 ;;
esac

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
for pair in $COMMANDS; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
# The npm packages the end-to-end tests start as independent peers, cached
# in $AO_BUILD/npm* (a no-op once they are there; without npm the tests say
# why they skip).
npm_peers() {
	[ "$MODE" = test ] || return 0
	sh "${0%/*}/npm-peers.sh" ||
		echo "deps: npm test peers not installed; the tests that need them say why" >&2
}
if [ -z "$missing" ]; then
	npm_peers
	exit 0
fi

line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "agent-onboard: these Debian packages are missing:$missing" >&2
	echo "Install them as root, then run make again:" >&2
	echo "  apt-get update && $line" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive $line
npm_peers
