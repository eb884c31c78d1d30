#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs CMD inside a private D-Bus session with an unlocked gnome-keyring, so
# tests never touch a developer's real keyring.  Recipe and the reason for
# each step: ../shared/reference/toolchain.md section 2.
#   tests/with-test-keyring.sh CMD ARGS...
# Exports AO_TEST_KEYRING_PASSWORD so a test can lock and unlock the login
# collection itself.
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -m 700 "$tmp/run" "$tmp/data"
rc=0
# fd 3 = the caller's stderr for CMD; D-Bus and keyring chatter goes to bus.log
AO_TEST_KEYRING_PASSWORD=test-keyring-pw XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" \
dbus-run-session -- sh -c '
  printf %s "$AO_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 97
  gdbus wait --session --timeout 10 org.freedesktop.secrets || exit 98
  "$@" 2>&3 3>&-' sh "$@" 3>&2 2>"$tmp/bus.log" </dev/null || rc=$?
[ "$rc" -lt 97 ] || { echo "with-test-keyring: setup failed rc=$rc" >&2; cat "$tmp/bus.log" >&2; }
exit "$rc"
