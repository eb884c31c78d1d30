#!/bin/sh
# SPDX-License-Identifier: MIT
# make test: every suite runs even if an earlier one failed; the last line is
# the total CI reads ("N passed, N failed").
#   tests/run-all.sh "UNIT_BINS" "CONTRACT_BINS" "E2E_SCRIPTS"
set -u
AO_COUNTS=$(mktemp "${TMPDIR:-/tmp}/ao-counts.XXXXXX"); export AO_COUNTS
bglogs=$(mktemp -d "${TMPDIR:-/tmp}/ao-bg.XXXXXX")
trap 'rm -rf "$AO_COUNTS" "$bglogs"' EXIT
started=$(date +%s)
# Suites marked "ao-suite: background" only compile and check their own
# scratch builds (clang, the Debian package, the fuzz targets): CPU work
# that the end-to-end tests, which mostly wait on terminals and timers,
# leave idle.  They start
# first, beside the others, and their logs are printed whole once they end,
# so the CI log stays readable.  Their counts go to $AO_COUNTS like any
# suite's (one short O_APPEND write each).
bg=
for extra in tests/suites/*.sh; do
	[ -f "$extra" ] || continue
	grep -q '^# ao-suite: background' "$extra" || continue
	name=$(basename "$extra" .sh)
	# at the lowest priority: they take what the others leave idle and
	# never slow a test that is waiting on a terminal or a timer
	nice -n 19 sh "$extra" >"$bglogs/$name.log" 2>&1 &
	bg="$bg $!:$name"
done
# shellcheck disable=SC2086
[ -z "$1" ] || sh tests/run.sh unit $1
[ -z "$2" ] || sh tests/with-test-keyring.sh sh tests/run.sh contract $2
# e2e: the scripts spend most of their time waiting (terminals, timers,
# simulated latency), so AO_E2E_LANES runners (default 2) take them from one
# shared list, longest first, each on a private bus with a keyring of its
# own (login/logout need one; tests of the no-keyring paths unset
# DBUS_SESSION_BUS_ADDRESS themselves).  Every script has its own temp dir,
# tmux server and port-0 simulators, so lanes share nothing else (the npm
# installs take a lock).
if [ -n "$3" ]; then
	lanes=${AO_E2E_LANES:-2}
	# longest first by size, so that a long script does not start last
	# shellcheck disable=SC2086
	ordered=$(ls -S $3)
	mkdir "$bglogs/claims"
	lane=0 lanepids=
	while [ "$lane" -lt "$lanes" ]; do
		lane=$((lane + 1))
		# lane 1 prints as it goes (a hang shows where); the others are kept
		# shellcheck disable=SC2086
		if [ "$lane" -eq 1 ]; then
			AO_CLAIM_DIR="$bglogs/claims" sh tests/with-test-keyring.sh \
				sh tests/run.sh "e2e.$lane" $ordered 2>&1 &
		else
			AO_CLAIM_DIR="$bglogs/claims" sh tests/with-test-keyring.sh \
				sh tests/run.sh "e2e.$lane" $ordered >"$bglogs/e2e.$lane.log" 2>&1 &
		fi
		lanepids="$lanepids $!"
	done
	for pid in $lanepids; do wait "$pid"; done
	lane=1
	while [ "$lane" -lt "$lanes" ]; do
		lane=$((lane + 1))
		echo "== e2e lane $lane of $lanes (ran beside lane 1):"
		cat "$bglogs/e2e.$lane.log"
	done
fi
for extra in tests/suites/*.sh; do
	[ -f "$extra" ] || continue
	grep -q '^# ao-suite: background' "$extra" && continue
	sh "$extra"
done
for job in $bg; do
	wait "${job%%:*}"
	echo "== background suite ${job#*:} (started first, ran beside the others):"
	cat "$bglogs/${job#*:}.log"
done
# make test runs this script as a session leader (setsid): anything still
# running in the session now was left behind by a test.  Report and stop it,
# so CI never waits on a stray simulator holding the log pipe open.
left=$(ps -o pid= -s $$ 2>/dev/null | tr -d ' ' | grep -vx "$$" || true)
killed=
for pid in $left; do
	# ps and the command substitution that ran it are in the list too and
	# gone by now: a process that vanished is no stray (and no error)
	cmd=$(cat "/proc/$pid/cmdline" 2>/dev/null | tr '\0' ' ')
	# an empty command line is a zombie about to be reaped, not a stray
	if [ -n "$cmd" ] && [ "$pid" != "$$" ]; then
		echo "!! a test left process $pid running: $cmd" >&2
		kill "$pid" 2>/dev/null && killed="$killed $pid"
	fi
done
# let what was stopped finish dying before the summary, so that nothing it
# prints on the way out can follow the summary line
for pid in $killed; do
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
done
echo
echo "Summary by suite:"
awk '{ printf "  %-14s %5d passed, %3d failed, %3d skipped  %5d s\n", $1, $2, $3, $4, $5 }' "$AO_COUNTS"
echo "  (all suites: $(( $(date +%s) - started )) s; background suites overlap the others)"
awk '{ p += $2; f += $3; s += $4 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s; exit (f > 0 || NR == 0) }' "$AO_COUNTS"
