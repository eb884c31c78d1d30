#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs test programs and counts their results.
#   tests/run.sh SUITE PROGRAM...
# cmocka binaries print "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)"
# on stderr, so stderr is merged into the log CI shows.  Shell tests print TAP
# lines ("ok ..." / "not ok ..." / "ok ... # SKIP").  A program that exits
# non-zero without reporting a failure (a crash) counts as one failure.
# Totals are appended to $AO_COUNTS when set, else printed.  With
# AO_CLAIM_DIR set, a program another runner claimed is left to it.
set -u
suite=$1; shift
passed=0; failed=0; skipped=0
suite_start=$(date +%s)
log=$(mktemp "${TMPDIR:-/tmp}/ao-test.XXXXXX")
trap 'rm -f "$log"' EXIT
for prog in "$@"; do
	# AO_CLAIM_DIR: several runners share one list (tests/run-all.sh's e2e
	# lanes); each program runs in the runner that claims it first
	if [ -n "${AO_CLAIM_DIR:-}" ]; then
		mkdir "$AO_CLAIM_DIR/$(echo "$prog" | tr / _)" 2>/dev/null || continue
	fi
	echo "== $suite: $prog"
	prog_start=$(date +%s)
	case $prog in
	*.sh) sh "$prog" >"$log" 2>&1; rc=$? ;;
	*)    "$prog" >"$log" 2>&1; rc=$? ;;
	esac
	cat "$log"
	# how long each program took, so the slow ones can be found in a CI log
	echo "-- $suite: $prog took $(( $(date +%s) - prog_start )) s"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	tap_skip=$(grep -c '^ok .*# SKIP' "$log")
	tap_ok=$(grep -c '^ok ' "$log")
	tap_fail=$(grep -c '^not ok ' "$log")
	p=$(( ${p:-0} + tap_ok - tap_skip )); f=$(( ${f:-0} + tap_fail )); s=$(( ${s:-0} + tap_skip ))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "!! $prog exited with status $rc without reporting a failure" >&2
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
		echo "!! $prog reported no test results" >&2
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
took=$(( $(date +%s) - suite_start ))
if [ -n "${AO_COUNTS:-}" ]; then
	echo "$suite $passed $failed $skipped $took" >>"$AO_COUNTS"
else
	echo "$suite: $passed passed, $failed failed, $skipped skipped in $took s"
fi
[ "$failed" -eq 0 ]
