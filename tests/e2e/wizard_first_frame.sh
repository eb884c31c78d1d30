#!/bin/sh
# SPDX-License-Identifier: MIT
# The first frame comes before anything slow (issue 13, item 12): the
# wizard writes its first screen before it loads libcurl (and its thirty
# libraries) for the first request, before it loads libmicrohttpd and starts
# the demo's simulator, and before it loads libsecret for the keyring
# check.  Order, not time: the program runs in tmux under strace, and the
# trace says which came first (the write of the title, or the openat of the
# library).  Timings are make bench's (bench/table.sh prints the ratio to
# dialog --inputbox).  It runs with a private keyring (with-test-keyring.sh),
# so the keyring check really loads libsecret.
if [ -z "${AO_TUI_KEEP_BUS:-}" ]; then
	if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
		echo "1..0 # SKIP no dbus-run-session / gnome-keyring-daemon"
		exit 0
	fi
	AO_TUI_KEEP_BUS=1 exec sh "${0%/*}/../with-test-keyring.sh" sh "$0" "$@"
fi
. "${0%/*}/lib/tmux.sh"

if ! command -v strace >/dev/null 2>&1 || ! strace -f -o /dev/null true 2>/dev/null; then
	echo "1..0 # SKIP strace is missing or not permitted here"
	exit 0
fi
REAL_BIN=$AO_BIN

# first_line FILE PATTERN: the line number of the first match in the trace
first_line() { grep -n -m1 -- "$2" "$1" | cut -d: -f1; }
# before FILE A B: A is in the trace, and before B (or B is not there)
before() {
	_a=$(first_line "$1" "$2")
	_b=$(first_line "$1" "$3")
	[ -n "$_a" ] && { [ -z "$_b" ] || [ "$_a" -lt "$_b" ]; }
}

# ---- --demo: the screen, then the simulator's server ----------------------------------------
AO_BIN=strace
tui_start 80 24 -- -f -s 200 -o "$T/demo.trace" -e trace=openat,write "$REAL_BIN" --demo
AO_BIN=$REAL_BIN
expect_screen "--demo under strace: the first screen" "Platform and API key"
expect_screen "and the simulator answers (its server started after it)" "Sandbox Media Co." 20
check "the trace shows libmicrohttpd loaded" grep -q 'openat(.*libmicrohttpd' "$T/demo.trace"
check "the title was written before libmicrohttpd was loaded" before "$T/demo.trace" 'write(1, .*Platform and API key' 'openat(.*libmicrohttpd'
check "the trace shows libcurl loaded (the account check is a request)" grep -q 'openat(.*libcurl' "$T/demo.trace"
check "the title was written before libcurl and its libraries were loaded" before "$T/demo.trace" 'write(1, .*Platform and API key' 'openat(.*libcurl'
key q; wait_for "Quit?" && key Enter; wait_exit 10

# ---- the keyring check after the screen ---------------------------------------------------------
start_sandbox s
AO_BIN=strace
tui_start 80 24 -- -f -s 200 -o "$T/key.trace" -e trace=openat,write "$REAL_BIN" --fresh --api-url "$URL"
AO_BIN=$REAL_BIN
expect_screen "--api-url under strace: the first screen" "Platform and API key"
expect_screen "the keyring check ends and the key is asked for" "Keep the key" 20
check "the trace shows libsecret loaded for the keyring check" grep -q 'openat(.*libsecret' "$T/key.trace"
check "the title was written before libsecret was loaded" before "$T/key.trace" 'write(1, .*Platform and API key' 'openat(.*libsecret'
key C-c; wait_for "Quit?" && key Enter; wait_exit 10

done_testing
