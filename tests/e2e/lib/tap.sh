# SPDX-License-Identifier: MIT
# TAP output and polling, shared by the e2e libraries (cli.sh, tmux.sh,
# faults.sh source it; sourced, not run).  A library may redefine the hooks
# after sourcing: fail_context (printed under every failure: cli.sh shows
# the program's stderr) and check_context (under a failed check: tmux.sh
# shows the screen).

_n=0
_failed=0

fail_context() { :; }
check_context() { :; }

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
# fail DESCRIPTION [DETAIL...]
fail() {
	_n=$((_n + 1)); _failed=$((_failed + 1))
	echo "not ok $_n - $1"
	shift
	for _l in "$@"; do echo "#   $_l"; done
	fail_context
}
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() {
	_d=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$_d"; else fail "$_d" "failed: $*"; check_context; fi
}
done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}

# wait_until TIMEOUT_SECONDS COMMAND...: polls every 50 ms.  The timeout is
# a ceiling against hangs, stretched by AO_TEST_PATIENCE (default 3) so that
# a loaded machine is slow, not failing; a condition met returns at once.
wait_until() {
	_limit=$(awk "BEGIN { print int($1 * 20 * ${AO_TEST_PATIENCE:-3}) }"); shift
	_i=0
	while [ "$_i" -lt "$_limit" ]; do
		if "$@"; then return 0; fi
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}
