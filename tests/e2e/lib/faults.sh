# SPDX-License-Identifier: MIT
# Shared by tests/e2e/fault_matrix.sh and tests/e2e/secret_audit.sh (sourced,
# not run: it lives in a subdirectory, so the e2e runner's tests/e2e/*.sh
# wildcard skips it).  It sources only tap.sh, not cli.sh or tmux.sh.
#
# Gives each script:
#   - a private temp dir $T with private HOME / XDG_* dirs and an empty
#     XDG_RUNTIME_DIR, no session bus (the wrapper's bus, if any, is kept in
#     $KEYRING_BUS for the scripts that want the keyring), LC_ALL=C.UTF-8;
#   - clean-up of every simulator, tmux server, private dbus-daemon and
#     stalled "Secret Service" on every exit path;
#   - runs of the binary under a small wrapper (python3) that tells an exit
#     code from a death by signal (a shell's $? cannot: 130 is both "exited
#     130" and "killed by SIGINT"), records the program's pid and keeps
#     sanitizer reports in files ($T/san) so that a report is seen even when
#     stderr is a terminal;
#   - TAP rows made of several checks (row_begin / need / row_end) and a
#     table of all rows printed as TAP comments at the end.

set -u
AO_BIN=${AO_BIN:-build/agent-onboard}
case $AO_BIN in /*) ;; *) AO_BIN=$PWD/$AO_BIN ;; esac
REPO=$PWD
DEMO_KEY=scope3_sandbox_demo_key
. "$REPO/tests/e2e/lib/tap.sh"

T=$(mktemp -d "${TMPDIR:-/tmp}/ao-fx.XXXXXX")
_pids=""
_progs=""

# Every background process is recorded in $T/allpids (rows run in
# subshells, so a shell variable would not reach the top-level clean-up).
_reg_pid() {
	_pids="$_pids $1"
	echo "$1" >>"$T/allpids"
}
_fx_cleanup() {
	for _s in "$T"/tmux*.sock; do
		[ -S "$_s" ] && tmux -S "$_s" kill-server 2>/dev/null
	done
	for _p in $(cat "$T/allpids" 2>/dev/null); do
		kill "$_p" 2>/dev/null
	done
	# the programs under test (one that ignores a hang-up must not outlive
	# the test) and stalled Secret Services (dbus-daemon starts them)
	for _f in "$T"/*.pid "$T"/*.svcpid; do
		[ -s "$_f" ] && kill "$(cat "$_f")" 2>/dev/null
	done
	for _p in $_pids; do
		wait "$_p" 2>/dev/null
	done
	# programs are not our children (the wrapper's): let them finish
	# writing (a hung-up wizard saves its draft) before the directory goes
	for _f in "$T"/*.pid; do
		[ -s "$_f" ] && wait_until 2 sh -c "! kill -0 $(cat "$_f") 2>/dev/null"
	done
	rm -rf "$T"
}
trap _fx_cleanup EXIT
trap 'exit 130' INT TERM HUP

for _c in python3 curl jq tmux; do
	if ! command -v "$_c" >/dev/null 2>&1; then
		echo "1..0 # SKIP $_c is not installed"
		exit 0
	fi
done

mkdir -p "$T/home" "$T/state" "$T/config" "$T/cache" "$T/run" "$T/san" "$T/san-sb"
SAN="$T/san/top"; mkdir -p "$SAN"
chmod 700 "$T/run"
KEYRING_BUS=${DBUS_SESSION_BUS_ADDRESS:-}
export HOME="$T/home" XDG_STATE_HOME="$T/state" XDG_CONFIG_HOME="$T/config" \
	XDG_CACHE_HOME="$T/cache" XDG_RUNTIME_DIR="$T/run" LC_ALL=C.UTF-8
unset DBUS_SESSION_BUS_ADDRESS SCOPE3_API_URL SCOPE3_API_KEY AO_AGENT_TOKEN AO_AGENT_PASSWORD \
	AO_SANDBOX_API_KEY NO_COLOR ACCESSIBLE TMUX STY SSH_CONNECTION SSH_TTY SSH_CLIENT DISPLAY \
	WAYLAND_DISPLAY 2>/dev/null
# Sanitizer reports of the program under test go to files (stderr may be a
# terminal); the simulators' to another directory.
_SAN_BASE_ASAN=${ASAN_OPTIONS:-}
_SAN_BASE_UBSAN=${UBSAN_OPTIONS:-}
export ASAN_OPTIONS="${_SAN_BASE_ASAN:+$_SAN_BASE_ASAN:}log_path=$SAN/asan"
export UBSAN_OPTIONS="${_SAN_BASE_UBSAN:+$_SAN_BASE_UBSAN:}log_path=$SAN/ubsan"
DRAFT="$XDG_STATE_HOME/agent-onboard/draft.json"

# ---- the wrapper ------------------------------------------------------------------
# wrap.py STATUS_FILE PID_FILE PROG ARGS...: runs PROG with SIGINT, SIGTERM,
# SIGHUP, SIGQUIT and SIGPIPE at their defaults (a background job of sh
# starts with SIGINT ignored; python ignores SIGPIPE) and every descriptor
# passed on (--secret-fd).  The wrapper itself ignores SIGINT, SIGTERM and
# SIGQUIT and passes SIGHUP on to PROG, as a shell does when its terminal
# hangs up (with WRAP_HUP=ignore it does not: PROG then only sees its
# terminal go away), so it outlives PROG and records what happened:
# STATUS_FILE gets "exit N" or "signal N"; the wrapper exits N or 128+N.
cat >"$T/wrap.py" <<'EOF'
import os, signal, subprocess, sys
status_file, pid_file, args = sys.argv[1], sys.argv[2], sys.argv[3:]
SIGS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
for s in SIGS:
    signal.signal(s, signal.SIG_IGN)
def child():
    for s in SIGS + (signal.SIGPIPE,):
        signal.signal(s, signal.SIG_DFL)
p = subprocess.Popen(args, preexec_fn=child, close_fds=False)
if os.environ.get("WRAP_HUP") != "ignore":
    signal.signal(signal.SIGHUP, lambda s, f: os.kill(p.pid, signal.SIGHUP))
with open(pid_file + ".tmp", "w") as f:
    f.write("%d\n" % p.pid)
os.rename(pid_file + ".tmp", pid_file)
rc = p.wait()
text = "signal %d" % -rc if rc < 0 else "exit %d" % rc
with open(status_file + ".tmp", "w") as f:
    f.write(text + "\n")
os.rename(status_file + ".tmp", status_file)
sys.exit(128 - rc if rc < 0 else rc)
EOF

# ---- small things -----------------------------------------------------------------------

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- runs of the binary ----------------------------------------------------------------
# ao_run NAME ARGS...: runs the binary in the foreground (stdin: the caller's),
# output in $T/NAME.out and $T/NAME.err; sets RC (N, or 128+signal), HOW
# ("exit N" / "signal N") and MS (wall time).
ao_run() {
	_r=$1; shift
	rm -f "$T/$_r.status" "$T/$_r.pid"
	_progs="$_progs $T/$_r.pid"
	_t0=$(now_ms)
	python3 "$T/wrap.py" "$T/$_r.status" "$T/$_r.pid" "$AO_BIN" "$@" >"$T/$_r.out" 2>"$T/$_r.err"
	RC=$?
	MS=$(($(now_ms) - _t0))
	HOW=$(cat "$T/$_r.status" 2>/dev/null || echo "no status")
}
# ao_status NAME: RC and HOW of a finished run from its status file (after
# a run in a pipeline, whose variables stay in a subshell).
ao_status() {
	HOW=$(cat "$T/$1.status" 2>/dev/null || echo "no status")
	RC=${HOW#* }
	case $HOW in signal*) RC=$((128 + RC)) ;; "no status") RC=none ;; esac
}
# ao_start NAME ARGS...: the same in the background (stdin: the caller's,
# passed through fd 5 because sh gives background jobs /dev/null); the
# wrapper's pid in WRAP_PID, the start time in T0.
ao_start() {
	_r=$1; shift
	rm -f "$T/$_r.status" "$T/$_r.pid"
	_progs="$_progs $T/$_r.pid"
	T0=$(now_ms)
	exec 5<&0
	python3 "$T/wrap.py" "$T/$_r.status" "$T/$_r.pid" "$AO_BIN" "$@" <&5 >"$T/$_r.out" 2>"$T/$_r.err" &
	WRAP_PID=$!
	exec 5<&-
	_reg_pid "$WRAP_PID"
}
# ao_pid NAME: the program's own pid (not the wrapper's), once it runs.
ao_pid() {
	wait_until 10 test -s "$T/$1.pid" || return 1
	cat "$T/$1.pid"
}
# ao_finish NAME: waits for a run started with ao_start; sets RC, HOW, MS.
ao_finish() {
	wait "$WRAP_PID"
	RC=$?
	MS=$(($(now_ms) - T0))
	HOW=$(cat "$T/$1.status" 2>/dev/null || echo "no status")
}

# ---- simulators -----------------------------------------------------------------------------
# start_sandbox NAME [sandbox options...]: a simulator on a free loopback
# port; its URL in $URL, its request log in $T/NAME.log.  Its own sanitizer
# reports go to $T/san-sb (they are not the program under test's).
start_sandbox() {
	_name=$1; shift
	ASAN_OPTIONS="${_SAN_BASE_ASAN:+$_SAN_BASE_ASAN:}log_path=$T/san-sb/asan" \
	UBSAN_OPTIONS="${_SAN_BASE_UBSAN:+$_SAN_BASE_UBSAN:}log_path=$T/san-sb/ubsan" \
		"$AO_BIN" sandbox --listen 127.0.0.1:0 --rate-limit off "$@" >"$T/$_name.url" 2>"$T/$_name.log" &
	_reg_pid $!
	if ! wait_until 10 grep -qs '^http' "$T/$_name.url"; then
		echo "Bail out! the simulator did not start: $(cat "$T/$_name.log")"
		exit 1
	fi
	URL=$(head -n 1 "$T/$_name.url")
}
# sandbox_requests NAME "METHOD /path": how many such requests NAME logged.
sandbox_requests() { grep -c "^sandbox: $2" "$T/$1.log"; }
# registrations URL SOURCE_ID [CURL OPTIONS...]: how many inventory sources
# with that sourceId the simulator at URL holds ("?" if it cannot be asked).
registrations() {
	_u=$1 _id=$2; shift 2
	curl -fsS "$@" -H "Authorization: Bearer ${REG_KEY:-$DEMO_KEY}" "$_u/api/v2/storefront/inventory-sources" 2>/dev/null |
		jq --arg id "$_id" '[.data[]? | select(.sourceId == $id)] | length' 2>/dev/null || echo "?"
}
# status_of URL SOURCE_ID: its status on the simulator.
status_of() {
	curl -fsS -H "Authorization: Bearer ${REG_KEY:-$DEMO_KEY}" "$1/api/v2/storefront/inventory-sources/$2" 2>/dev/null |
		jq -r '(.data // .).status' 2>/dev/null
}

# free_port: a loopback port nothing listens on (bound, then closed).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ---- keyring environments -----------------------------------------------------------------
# stalled_bus NAME: a private dbus-daemon whose org.freedesktop.secrets
# service is "activated" by a program that never registers (sleeps): the
# Secret Service stalls.  Its address in $STALLED_BUS.
stalled_bus() {
	_d="$T/$1.bus"
	mkdir -p "$_d/services"
	cat >"$_d/stall.sh" <<EOF
#!/bin/sh
echo \$\$ >"$T/$1.svcpid"
exec sleep 60
EOF
	chmod 755 "$_d/stall.sh"
	printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$_d/stall.sh" \
		>"$_d/services/org.freedesktop.secrets.service"
	cat >"$_d/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=$_d/bus</listen>
<auth>EXTERNAL</auth><servicedir>$_d/services</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/>
<allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
EOF
	dbus-daemon --config-file="$_d/bus.conf" --nofork --print-address=1 >"$_d/addr" 2>"$_d/log" </dev/null &
	_reg_pid $!
	wait_until 10 grep -qs '^unix:' "$_d/addr" || { echo "# dbus-daemon did not start"; return 1; }
	STALLED_BUS=$(head -n 1 "$_d/addr")
}

# ---- TAP rows, run in parallel, and the table ----------------------------------------------------
# A row group is a shell function that starts what it needs (simulators,
# runs) and reports one or more rows with row_begin / need ... / row_end.
# run_groups GROUP...: runs the groups in parallel subshells ($FX_JOBS at
# a time, default 4: the runs mostly wait on timers and sockets), each with
# its own state dir (drafts), tmux socket and sanitizer log dir, then prints
# their rows as TAP, in the order given, numbered.
FX_JOBS=${FX_JOBS:-4}
mkdir -p "$T/res"
_group_main() {
	GROUP=$1
	_pids="" _progs="" _k=0
	trap '_group_cleanup' EXIT
	export XDG_STATE_HOME="$T/state/$GROUP"
	DRAFT="$XDG_STATE_HOME/agent-onboard/draft.json"
	SAN="$T/san/$GROUP"
	mkdir -p "$XDG_STATE_HOME" "$SAN"
	export ASAN_OPTIONS="${_SAN_BASE_ASAN:+$_SAN_BASE_ASAN:}log_path=$SAN/asan"
	export UBSAN_OPTIONS="${_SAN_BASE_UBSAN:+$_SAN_BASE_UBSAN:}log_path=$SAN/ubsan"
	TMS="$T/tmux-$GROUP.sock"
	TM="tmux -S $TMS -f $T/tmux.conf"
	"$GROUP"
}
_group_cleanup() {
	[ -S "$TMS" ] && $TM kill-server 2>/dev/null
	for _f in $_progs; do
		[ -s "$_f" ] && kill "$(cat "$_f")" 2>/dev/null
	done
	for _p in $_pids; do
		kill "$_p" 2>/dev/null
	done
	for _p in $_pids; do
		wait "$_p" 2>/dev/null
	done
}
_alive() {
	_c=0
	for _p in $_running; do
		kill -0 "$_p" 2>/dev/null && _c=$((_c + 1))
	done
	echo "$_c"
}
run_groups() {
	_running=""
	for _g in "$@"; do
		while [ "$(_alive)" -ge "$FX_JOBS" ]; do
			sleep 0.05
		done
		(_group_main "$_g") >"$T/res/$_g.log" 2>&1 &
		_running="$_running $!"
		_reg_pid $!
	done
	for _p in $_running; do
		wait "$_p" 2>/dev/null
	done
	emit_rows "$@"
}
# emit_rows GROUP...: prints the rows the groups recorded, numbered.
emit_rows() {
	for _g in "$@"; do
		_found=0
		for _f in "$T/res/$_g".row.*; do
			case $_f in *.why) continue ;; esac
			[ -f "$_f" ] || continue
			_found=1
			_emit_row "$_f"
		done
		if [ "$_found" = 0 ]; then
			fail "$_g reported no row (it stopped early)"
			sed 's/^/#   /' "$T/res/$_g.log" | head -n 40
		elif [ -s "$T/res/$_g.log" ] && [ -n "$(cat "$T/res/$_g".row.*.why 2>/dev/null)" ]; then
			# what the failing rows printed (screens dumped while waiting)
			sed 's/^/#   /' "$T/res/$_g.log" | head -n 60
		fi
	done
}
_emit_row() {
	_n=$((_n + 1))
	_desc=$(sed -n 1p "$1")
	if [ -s "$1.why" ]; then
		_failed=$((_failed + 1))
		echo "not ok $_n - $_desc"
		sed 's/^/#   failed: /' "$1.why"
		_res=FAIL
	else
		echo "ok $_n - $_desc"
		_res=ok
	fi
	printf '%s\t%s\t%s\n' "$_n" "$(sed -n 2p "$1")" "$_res" >>"$T/rows.tsv"
}

# row_begin FAULT FLOW DESCRIPTION: starts a row; need ... adds checks;
# row_end records it.  Set R_EXP/R_GOT (want_rc does), R_MSG (says does),
# R_DRAFT, R_REGS (regs_are does) for the table.
row_begin() {
	R_FAULT=$1 R_FLOW=$2 R_DESC=$3
	R_EXP="" R_GOT="" R_MSG="" R_DRAFT="n/a" R_REGS="" R_WHY=""
}
# need DESCRIPTION COMMAND...: the check passes when COMMAND succeeds.
need() {
	_d=$1; shift
	if ! "$@" >/dev/null 2>&1; then
		R_WHY="$R_WHY
$_d"
	fi
}
row_end() {
	_k=$((_k + 1))
	_f="$T/res/$GROUP.row.$(printf %02d "$_k")"
	printf '%s\n' "$R_DESC" >"$_f"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$R_FAULT" "$R_FLOW" "$R_EXP/$R_GOT" "$R_MSG" "$R_DRAFT" \
		"$R_REGS" >>"$_f"
	printf '%s\n' "$R_WHY" | sed '/^$/d' >"$_f.why"
}
# Checks shared by every row of a run NAME (after ao_run / ao_finish):
# no_crash NAME: exited (no signal), no sanitizer report.
_no_signal() { case $HOW in "exit "*) return 0 ;; *) return 1 ;; esac; }
_no_san_report() {
	! grep -qE 'Sanitizer|runtime error:|SUMMARY: ' "$T/$1.err" 2>/dev/null &&
		[ -z "$(ls -A "$SAN")" ]
}
no_crash() {
	need "no crash: the program ended by itself ($HOW)" _no_signal
	need "no sanitizer report (stderr, $SAN: $(ls "$SAN" | tr '\n' ' '))" _no_san_report "$1"
	# keep later rows of the group independent of an earlier report
	if [ -n "$(ls -A "$SAN")" ]; then
		mkdir -p "$T/san-seen"
		for _f in "$SAN"/*; do
			sed 's/^/san: /' "$_f" | head -n 30
			mv "$_f" "$T/san-seen/"
		done
	fi
}
# want_rc N: the documented exit code.
want_rc() {
	R_EXP=$1 R_GOT=$RC
	[ "$RC" = "$1" ] || R_WHY="$R_WHY
exit code $RC, documented $1"
}
# says FILE WORDS...: each word (fixed string, case-insensitive) is in FILE.
# The line holding the first word becomes the row's message excerpt.
says() {
	_f=$1; shift
	if [ -z "$R_MSG" ]; then
		R_MSG=$(grep -iF -m 1 -- "$1" "$_f" 2>/dev/null | tr -s ' ' | sed 's/^ *//; s/^agent-onboard[a-z ]*: //' | cut -c 1-58)
		[ -n "$R_MSG" ] || R_MSG=$(grep -v '^ *$' "$_f" 2>/dev/null | tail -n 1 | sed 's/^ *//' | cut -c 1-58)
	fi
	for _w in "$@"; do
		grep -qiF -- "$_w" "$_f" 2>/dev/null || R_WHY="$R_WHY
the message does not say \"$_w\" ($(tr '\n' ' ' <"$_f" 2>/dev/null | tr -s ' ' | cut -c 1-400))"
	done
}
# says_not FILE TEXT: the message does not say TEXT (e.g. blames the wrong
# HTTP status).
says_not() {
	! grep -qiF -- "$2" "$1" 2>/dev/null || R_WHY="$R_WHY
the message says \"$2\", which is not what happened: $(grep -iF -m 1 -- "$2" "$1" | cut -c 1-200)"
}
# regs_are GOT WANT: nothing lost, nothing created twice.
regs_are() {
	R_REGS="$1 (want $2)"
	[ "$1" = "$2" ] || R_WHY="$R_WHY
$1 registrations on the simulator, want $2"
}

# print_table TITLE: every row as a TAP comment.
print_table() {
	echo "# $1"
	awk -F '\t' 'BEGIN {
		fmt = "# %-3s %-38s %-13s %-8s %-58s %-7s %-10s %s\n"
		printf fmt, "#", "fault", "flow", "exit e/g", "message excerpt", "draft", "regs", "result"
	} { printf fmt, $1, substr($2, 1, 38), substr($3, 1, 13), $4, $5, $6, $7, $8 }' "$T/rows.tsv"
}

# ---- the terminal (tmux) ----------------------------------------------------------------------
# A private tmux server per script: remain-on-exit (read the screen after the
# program ends), no status line, a fixed size, LC_ALL=C.UTF-8, ESCDELAY=25.
TMS="$T/tmux.sock"
TM="tmux -S $TMS -f $T/tmux.conf"
cat >"$T/tmux.conf" <<'EOF'
set -g remain-on-exit on
set -g status off
set -g history-limit 20000
set -g default-terminal tmux-256color
set -g escape-time 0
EOF

# tui_start RUN COLS ROWS [VAR=value ...] -- ARGS...: the binary in a new
# pane (replacing an earlier one) under the wrapper, so the exit status
# ($T/RUN.status) and pid ($T/RUN.pid) are known even after a hang-up.
tui_start() {
	_r=$1 _cols=$2 _rows=$3; shift 3
	_env=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		_env="$_env '$1'"
		shift
	done
	[ $# -gt 0 ] && shift
	_args=""
	for _a in "$@"; do
		_args="$_args '$_a'"
	done
	# a new server on a socket of its own: the previous one may still be
	# exiting (it is stopped, not waited for)
	$TM kill-server 2>/dev/null
	TMS="$T/tmux-${GROUP:-top}-$_r.sock"
	TM="tmux -S $TMS -f $T/tmux.conf"
	rm -f "$T/$_r.status" "$T/$_r.pid"
	_progs="$_progs $T/$_r.pid"
	TUI_RUN=$_r
	T0=$(now_ms)
	$TM new-session -d -s w -x "$_cols" -y "$_rows" \
		"exec env -u DBUS_SESSION_BUS_ADDRESS LC_ALL=C.UTF-8 ESCDELAY=25 TERM=tmux-256color \
		 HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR' \
		 ASAN_OPTIONS='$ASAN_OPTIONS' UBSAN_OPTIONS='$UBSAN_OPTIONS' $_env \
		 python3 '$T/wrap.py' '$T/$_r.status' '$T/$_r.pid' '$AO_BIN' $_args"
}
screen() { $TM capture-pane -p -t w 2>/dev/null; }
scrollback() { $TM capture-pane -p -S - -E - -t w 2>/dev/null; }
screen_dump() { screen | sed 's/^/#   | /'; }
_has() { screen | grep -qF -- "$1"; }
# wait_for TEXT [SECONDS]: until TEXT (fixed string) is on the screen.
wait_for() {
	if wait_until "${2:-10}" _has "$1"; then return 0; fi
	echo "# timed out waiting for: $1"
	screen_dump
	return 1
}
type_text() { $TM send-keys -t w -l -- "$1"; }
key() { $TM send-keys -t w "$@"; }
# tui_exit [SECONDS]: until the program under the wrapper ended; RC, HOW.
tui_exit() {
	if ! wait_until "${1:-10}" test -s "$T/$TUI_RUN.status"; then
		RC="none" HOW="still running"
		return 1
	fi
	HOW=$(cat "$T/$TUI_RUN.status")
	RC=${HOW#* }
	case $HOW in signal*) RC=$((128 + RC)) ;; esac
	return 0
}
tui_pid() { ao_pid "$TUI_RUN"; }
# hang_up: close the terminal under the program, as a dropped SSH
# connection does (the kernel sends SIGHUP; reads then fail).
hang_up() { $TM kill-server 2>/dev/null; }
