#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: runs every benchmark and prints a table of figures beside the
# targets of ../shared/PRODUCT.md ("Quality bars").  Nothing here passes or
# fails: a figure that misses its target is printed, not asserted.
#
# Run from the repository root (make bench does), with AO_BIN (the program)
# and AO_BUILD (the build directory; the bench programs are in
# $AO_BUILD/bench).  Knobs:
#   BENCH_RUNS=N     repetitions of the start-up measurements (default 20)
#   BENCH_QUICK=1    skip the 10-minute poll case and the 300-create pacing
#                    run (about 6 minutes instead of about 11)
#   BENCH_OUT=DIR    where the logs and results go (default $AO_BUILD/bench/out)
#   BENCH_ONLY="startup keys inflight memory poll pacing size"
#                    run only these groups
#   BENCH_RT=1       run the pty benchmarks (and so the programs they
#                    measure) under `chrt -f 10` (SCHED_FIFO, needs root):
#                    isolates the timings from other load on the machine;
#                    the figures are then somewhat better than on an idle
#                    machine with the normal scheduler.  machine.log says
#                    which was used.
#
# Layout of a run (about 11 minutes; the slow cases overlap idle ones):
#   first    the start-up measurements, alone (about 40 s)
#   then     poll 600 s (1 run) and poll 60-62 s (3 runs) start in the background
#            (each: its own `agent-onboard sandbox` + `create --wait`), and the
#            other pty benchmarks run one after the other in the foreground
#   then     poll 5.0-6.2 s (5 runs, in the background) and the 300-create pacing
#            run (3 minutes, foreground); then wait for the 600 s case.
# Every child (simulators, bench programs) is stopped on exit, also on
# Ctrl-C.
set -u

BIN=${AO_BIN:-build/agent-onboard}
BUILD=${AO_BUILD:-build}
B=$BUILD/bench
OUT=${BENCH_OUT:-$B/out}
RUNS=${BENCH_RUNS:-20}
QUICK=${BENCH_QUICK:-0}
ONLY=${BENCH_ONLY:-"startup keys inflight memory poll pacing size"}
KEY=scope3_sandbox_demo_key
# 46 characters: fits every field at 80 columns (the wizard's are 54 wide,
# dialog's 54), so no horizontal scrolling is measured
TEXT='the quick brown fox jumps over the lazy dog 42'

mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.log
# measure a private copy: other people rebuild build/agent-onboard in the
# same tree, and a binary replaced in the middle of a run fails it (or
# mixes two builds in one figure)
cp "$BIN" "$OUT/agent-onboard" || exit 1
BIN=$OUT/agent-onboard

# what else is running matters for the timings: keep it with the results
machine() {
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "processes using more than 5% CPU (besides this benchmark):"
	ps -eo pid,pcpu,etime,args --sort=-pcpu | awk 'NR > 1 && $2 > 5 { print "  " $0 }' | head -10
}
{
	echo "started $(date '+%Y-%m-%d %H:%M:%S'); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	machine
} >"$OUT/machine.log"
PIDS=""        # background bench programs
SANDBOXES=""   # simulators serving the pty benchmarks

stop_all() {
	for p in $PIDS $SANDBOXES; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS $SANDBOXES; do
		wait "$p" 2>/dev/null
	done
	PIDS=""
	SANDBOXES=""
}
cleanup() {
	stop_all
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP

want() {
	case " $ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

note() {
	printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

# start_sandbox NAME [ARGS...]: runs `agent-onboard sandbox` in the
# background, sets $SANDBOX_URL.
start_sandbox() {
	name=$1
	shift
	"$BIN" sandbox --listen 127.0.0.1:0 --quiet "$@" >"$OUT/$name.url" 2>"$OUT/$name.log" &
	SANDBOXES="$SANDBOXES $!"
	SANDBOX_URL=""
	i=0
	while [ $i -lt 100 ]; do
		SANDBOX_URL=$(head -n 1 "$OUT/$name.url" 2>/dev/null)
		[ -n "$SANDBOX_URL" ] && break
		sleep 0.05
		i=$((i + 1))
	done
	[ -n "$SANDBOX_URL" ] || { echo "bench: the simulator $name did not start" >&2; exit 1; }
}

PTY=$B/pty_bench
if [ "${BENCH_RT:-0}" = 1 ]; then
	if chrt -f 10 true 2>/dev/null; then
		PTY="chrt -f 10 $B/pty_bench"
		echo "scheduling: pty benchmarks under chrt -f 10 (SCHED_FIFO)" >>"$OUT/machine.log"
	else
		echo "bench: BENCH_RT=1 but chrt -f is not permitted; running with the normal scheduler" >&2
		echo "scheduling: normal (chrt -f not permitted)" >>"$OUT/machine.log"
	fi
else
	echo "scheduling: normal (SCHED_OTHER)" >>"$OUT/machine.log"
fi

# ---------------------------------------------------------------------------
# start-up: first frame of the wizard and dialog, --help
if want startup; then
	start_sandbox sb_plain
	PLAIN_URL=$SANDBOX_URL
	note "startup: --help x$RUNS"
	$PTY --runs "$RUNS" --warmup 2 --label help eof -- "$BIN" --help >"$OUT/help.txt" 2>"$OUT/help.log"
	note "startup: dialog --inputbox x$RUNS"
	$PTY --runs "$RUNS" --warmup 2 --label dialog.start 'frame:Name of the agent' -- \
		dialog --inputbox 'Name of the agent' 8 60 >"$OUT/dialog_start.txt" 2>"$OUT/dialog_start.log"
	note "startup: wizard --demo x$RUNS"
	$PTY --runs "$RUNS" --warmup 2 --fresh-state --label wizard.demo.start \
		'frame:Platform and API key' 'wait:role ADMIN' -- \
		"$BIN" --demo >"$OUT/wizard_demo_start.txt" 2>"$OUT/wizard_demo_start.log"
	note "startup: wizard --api-url (external simulator, key from SCOPE3_API_KEY) x$RUNS"
	$PTY --runs "$RUNS" --warmup 2 --fresh-state --label wizard.api.start -e SCOPE3_API_KEY=$KEY \
		'frame:Platform and API key' 'wait:role ADMIN' -- \
		"$BIN" --api-url "$PLAIN_URL" >"$OUT/wizard_api_start.txt" 2>"$OUT/wizard_api_start.log"
fi

# ---------------------------------------------------------------------------
# background: poll efficiency (the long ones first)
if want poll; then
	if [ "$QUICK" != 1 ]; then
		note "poll: activation after 600 s (background, about 10 minutes)"
		"$B/poll_wait" --bin "$BIN" --activate-after 600 --label poll.600s >"$OUT/poll600.txt" 2>"$OUT/poll600.log" &
		PIDS="$PIDS $!"
	fi
	# the client's poll schedule is deterministic (fixed jitter seed), so
	# repeated runs vary the activation time across one poll interval
	# instead: 60, 61, 62 s (the slow phase polls every 3 s at first)
	note "poll: activation after 60, 61, 62 s (background)"
	for i in 1 2 3; do
		"$B/poll_wait" --bin "$BIN" --activate-after $((59 + i)) --label "poll.60s.$i" >"$OUT/poll60_$i.txt" 2>"$OUT/poll60_$i.log" &
		PIDS="$PIDS $!"
	done
fi

# ---------------------------------------------------------------------------
# bytes per typed character
if want keys; then
	note "keys: dialog --inputbox, 5 runs x ${#TEXT} characters"
	$PTY --runs 5 --warmup 0 --gap 80 --label dialog.keys 'wait:Name of the agent' 'quiet:150' \
		"type:field:$TEXT" 'send:\e' eof -- \
		dialog --inputbox 'Name of the agent' 8 60 >"$OUT/dialog_keys.txt" 2>"$OUT/dialog_keys.log"
	note "keys: wizard name / endpoint URL / description fields, 5 runs"
	$PTY --runs 5 --warmup 0 --gap 80 --fresh-state --label wizard.keys \
		'grab:U:http://127.0.0.1:' 'wait:role ADMIN' 'send:\r' 'wait:Step 2' 'send:\r' 'wait:Step 3' \
		"type:name:$TEXT" 'quiet:300' 'send:\r' 'send:\r' 'wait:Step 4' 'send:\r' 'send:\r' \
		'wait:Step 5' 'send:\x15' 'quiet:100' 'type:url:{U}/demo/mcp-open' 'send:\r' 'wait:Authentication' 'send:5' 'send:\r' \
		'wait:Details' "type:description:$TEXT" -- \
		"$BIN" --demo >"$OUT/wizard_keys.txt" 2>"$OUT/wizard_keys.log"
	note "keys: wizard name field typed slowly (a 400 ms pause after each key), 2 runs"
	$PTY --runs 2 --warmup 0 --gap 400 --fresh-state --label wizard.keys_slow \
		'wait:role ADMIN' 'send:\r' 'wait:Step 2' 'send:\r' 'wait:Step 3' "type:name:$TEXT" -- \
		"$BIN" --demo >"$OUT/wizard_keys_slow.txt" 2>"$OUT/wizard_keys_slow.log"
	note "keys: wizard token (secret) field, 5 runs"
	$PTY --runs 5 --warmup 0 --gap 80 --fresh-state --label wizard.keys_secret \
		'grab:U:http://127.0.0.1:' 'wait:role ADMIN' 'send:\r' 'wait:Step 2' 'send:\r' 'wait:Step 3' \
		'type:n:Acme' 'quiet:300' 'send:\r' 'send:\r' 'wait:Step 4' 'send:\r' 'send:\r' \
		'wait:Step 5' 'send:\x15' 'quiet:100' 'type:u:{U}/demo/mcp' 'send:\r' 'wait:Authentication' 'send:\r' 'wait:Token' \
		'quiet:150' "type:secret:$TEXT" -- \
		"$BIN" --demo >"$OUT/wizard_keys_secret.txt" 2>"$OUT/wizard_keys_secret.log"
fi

# ---------------------------------------------------------------------------
# keys while a request is in flight; Esc cancel
if want inflight; then
	# every MCP request to the open demo agent and every create take 3 s
	start_sandbox sb_slow --fault 'POST /demo/mcp-open:latency=3000' \
		--fault 'POST /api/v2/storefront/inventory-sources:latency=3000'
	SLOW_URL=$SANDBOX_URL
	note "inflight: echo during Test connection, Esc cancel of the test and of the create, 5 runs"
	$PTY --runs 5 --warmup 1 --fresh-state --label wizard.inflight -e SCOPE3_API_KEY=$KEY \
		'wait:role ADMIN' 'send:\r' 'wait:Step 2' 'send:\r' 'wait:Step 3' 'type:n:Acme {RUN}' \
		'quiet:300' 'send:\r' 'send:\r' 'wait:Step 4' 'send:\r' 'send:\r' 'wait:Step 5' 'send:\x15' 'quiet:100' \
		"type:u:$SLOW_URL/demo/mcp-open" 'send:\e[15~' 'wait:s   Esc cancels' 'sleep:200' \
		'echo:echo_while_probing_ms:15:150:x' \
		'send:\e' 'time:esc_cancels_probe_ms:-s   Esc cancels' 'wait:cancelled' \
		'send:\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f' 'quiet:100' \
		'send:\r' 'wait:Authentication' 'send:5' 'send:\r' 'wait:Details' 'send:\r' 'wait:Review' \
		'send:\r' 'wait:s   Esc cancels' 'sleep:200' \
		'send:\eOP' 'time:f1_while_creating_ms:+Esc close' 'quiet:10' \
		'send:\e' 'time:esc_closes_help_ms:-Esc close' 'quiet:10' \
		'send:\e' 'time:esc_cancels_create_ms:-s   Esc cancels' 'wait:Cancelled' -- \
		"$BIN" --api-url "$SLOW_URL" >"$OUT/wizard_inflight.txt" 2>"$OUT/wizard_inflight.log"
fi

# ---------------------------------------------------------------------------
# a complete wizard run: peak memory
if want memory; then
	[ -n "${PLAIN_URL:-}" ] || { start_sandbox sb_plain; PLAIN_URL=$SANDBOX_URL; }
	# API key agent (PENDING until the simulator probes it), Test connection,
	# token, review, submit, wait for ACTIVE, result, exit
	for mode in demo api; do
		if [ $mode = demo ]; then
			set -- "$BIN" --demo
		else
			set -- "$BIN" --api-url "$PLAIN_URL"
		fi
		note "memory: complete wizard run ($mode), 5 runs"
		$PTY --runs 5 --warmup 0 --fresh-state --timeout 30 --label "wizard.$mode.run" \
			-e SCOPE3_API_KEY=$KEY \
			'grab:U:http://127.0.0.1:' 'wait:role ADMIN' 'send:\r' 'wait:Step 2' 'send:\r' 'wait:Step 3' \
			'type:n:Acme Sales {RUN}' 'quiet:300' 'send:\r' 'send:\r' 'wait:Step 4' 'send:\r' 'send:\r' \
			'wait:Step 5' 'send:\x15' 'quiet:100' 'type:u:{U}/demo/mcp' 'send:\e[15~' 'wait:Test connection:' 'send:\r' \
			'wait:Authentication' 'send:\r' 'wait:Token' 'quiet:150' 'type:secret:demo-agent-token' \
			'send:\r' 'wait:Details' 'type:d:Premium video' 'send:\r' 'wait:Review' 'send:\r' \
			'wait:Waiting' 'wait:the registration is live' 'quiet:200' mem 'mark:active_ms' \
			'send:\r' eof exit -- "$@" >"$OUT/wizard_${mode}_run.txt" 2>"$OUT/wizard_${mode}_run.log"
	done
fi

# ---------------------------------------------------------------------------
# rate-limit pacing (3 minutes), with the short poll cases beside it
if want poll; then
	# 5.0 .. 6.2 s: across one 1.5 s interval of the fast phase
	note "poll: activation after 5.0, 5.3, 5.6, 5.9, 6.2 s (background, one after the other)"
	(
		child=""
		trap 'kill $child 2>/dev/null; exit 143' TERM INT HUP
		for i in 1 2 3 4 5; do
			after=$(awk -v i=$i 'BEGIN { printf "%.1f", 5 + (i - 1) * 0.3 }')
			"$B/poll_wait" --bin "$BIN" --activate-after "$after" --label "poll.5s.$i" >"$OUT/poll5_$i.txt" 2>"$OUT/poll5_$i.log" &
			child=$!
			wait $child
		done
	) &
	PIDS="$PIDS $!"
fi
if want pacing && [ "$QUICK" != 1 ]; then
	note "pacing: 300 creates at 100/min (about 3 minutes)"
	"$B/rate_pacing" --count 300 --limit 100 --window-ms 60000 --label pacing >"$OUT/pacing.txt" 2>"$OUT/pacing.log"
fi

# ---------------------------------------------------------------------------
if want size; then
	stripped=$OUT/agent-onboard.stripped
	strip -o "$stripped" "$BIN" 2>/dev/null
	{
		echo "RESULT size.file_bytes $(stat -c %s "$BIN") - - 1 B"
		[ -f "$stripped" ] && echo "RESULT size.stripped_bytes $(stat -c %s "$stripped") - - 1 B"
		size "$BIN" | awk 'NR == 2 { print "RESULT size.text " $1 " - - 1 B"; print "RESULT size.data " $2 " - - 1 B"; print "RESULT size.bss " $3 " - - 1 B" }'
		echo "RESULT size.shared_libs $(ldd "$BIN" | grep -c '=>') - - 1 libs"
	} >"$OUT/size.txt"
	rm -f "$stripped"
	size "$BIN" >"$OUT/size.log" 2>&1
fi

for p in $SANDBOXES; do
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
SANDBOXES=""
if [ -n "$PIDS" ]; then
	note "waiting for the background poll runs"
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	PIDS=""
fi

# ---------------------------------------------------------------------------
# the table
{
	echo "finished $(date '+%Y-%m-%d %H:%M:%S')"
	machine
} >>"$OUT/machine.log"
cat "$OUT"/*.txt 2>/dev/null | grep '^RESULT ' >"$OUT/results"
sh bench/table.sh "$OUT/results" | tee "$OUT/table"
echo "machine during the run ($OUT/machine.log):"
sed 's/^/  /' "$OUT/machine.log"
if awk '{ exit !($3 > 0.5) }' /proc/loadavg 2>/dev/null; then
	echo "warning: the machine was busy (15-minute load average above 0.5); timings are slower than on an idle machine" >&2
fi
for f in "$OUT"/*.txt; do
	if grep -q 'failed_runs\|failed' "$f" 2>/dev/null && grep -q '^RESULT .*failed_runs' "$f"; then
		echo "note: $(basename "$f" .txt) had failed runs; see $OUT/$(basename "$f" .txt).log" >&2
	fi
done
echo "(all figures: $OUT/results; logs: $OUT/*.log)"
exit 0
