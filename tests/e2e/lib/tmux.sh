# SPDX-License-Identifier: MIT
# Shared by tests/e2e/wizard_*.sh and plain_*.sh (sourced, not run: it lives
# in a subdirectory, so the e2e runner's tests/e2e/*.sh wildcard skips it).
#
# Drives the real binary in a real terminal: a private tmux server (its own
# socket, its own config with remain-on-exit so exit statuses can be read,
# status line off so the pane is the whole window, set-clipboard on so OSC 52
# lands in a tmux buffer), at a fixed size, LC_ALL=C.UTF-8 and ESCDELAY=25
# (toolchain.md §3).  Synchronisation is by polling capture-pane, never by
# fixed sleeps.
#
# Gives each script: TAP helpers (ok/fail/skip/check/done_testing), a
# private temp dir $T with a private HOME, XDG_STATE_HOME and an empty
# XDG_RUNTIME_DIR (no session bus: the real keyring is never touched),
# simulators on port 0, and clean-up of everything on every exit path.

set -u
AO_BIN=${AO_BIN:-build/agent-onboard}
case $AO_BIN in /*) ;; *) AO_BIN=$PWD/$AO_BIN ;; esac
REPO=$PWD
DEMO_KEY=scope3_sandbox_demo_key

T=$(mktemp -d "${TMPDIR:-/tmp}/ao-tui.XXXXXX")
_pids=""
TM="tmux -S $T/tmux.sock -f $T/tmux.conf"
PANE=w

_tui_cleanup() {
	$TM kill-server 2>/dev/null
	for _p in $_pids; do
		kill "$_p" 2>/dev/null
	done
	for _p in $_pids; do
		wait "$_p" 2>/dev/null
	done
	# a program hung up by kill-server may still be saving its draft
	_i=0
	while ! rm -rf "$T" 2>/dev/null && [ "$_i" -lt 40 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}
trap _tui_cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir -p "$T/home" "$T/state" "$T/run"
chmod 700 "$T/run"
cat >"$T/tmux.conf" <<'EOF'
set -g remain-on-exit on
set -g status off
set -g history-limit 20000
set -g set-clipboard on
set -g default-terminal tmux-256color
set -g escape-time 0
EOF
export HOME="$T/home" XDG_STATE_HOME="$T/state" LC_ALL=C.UTF-8
# AO_TUI_KEEP_BUS=1: a test running inside tests/with-test-keyring.sh keeps
# its private session bus (and keyring); every other test has none
if [ -z "${AO_TUI_KEEP_BUS:-}" ]; then
	export XDG_RUNTIME_DIR="$T/run"
	unset DBUS_SESSION_BUS_ADDRESS
	_nobus="-u DBUS_SESSION_BUS_ADDRESS"
else
	_nobus="DBUS_SESSION_BUS_ADDRESS=${DBUS_SESSION_BUS_ADDRESS:-}"
fi
unset SCOPE3_API_URL SCOPE3_API_KEY NO_COLOR ACCESSIBLE TMUX STY \
	SSH_CONNECTION SSH_TTY SSH_CLIENT DISPLAY WAYLAND_DISPLAY 2>/dev/null

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

# ---- TAP ------------------------------------------------------------------------
. "$REPO/tests/e2e/lib/tap.sh"
# under a failed check: the screen as it was
check_context() { screen_dump; }

# ---- the terminal -----------------------------------------------------------------

# tui_start COLS ROWS [VAR=value ...] -- ARGS...: runs the binary in a new
# pane (replacing an earlier one), with the test's environment plus the
# VAR=value pairs given before "--".
tui_start() {
	_cols=$1 _rows=$2; shift 2
	_stuck=0
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
	# a session that never ends keeps the server up between scenarios
	$TM has-session -t keep 2>/dev/null || $TM new-session -d -s keep -x 20 -y 5 "exec cat"
	$TM kill-session -t "$PANE" 2>/dev/null
	rm -f "$T/exit"
	# tmux 3.3a sometimes loses #{pane_dead_status} when a program exits
	# fast, so a small shell records the exit status in $T/exit (it
	# survives Ctrl-C: the trap is reset to the default for the program),
	# and the terminal modes the program left behind in $T/stty
	$TM new-session -d -s "$PANE" -x "$_cols" -y "$_rows" \
		"exec env $_nobus LC_ALL=C.UTF-8 ESCDELAY=25 HOME='$HOME' \
		 XDG_STATE_HOME='$XDG_STATE_HOME' XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR' $_env \
		 sh -c 'trap : INT; \"\$0\" \"\$@\"; echo \$? >\"$T/exit.tmp\"; stty -a >\"$T/stty\" 2>&1; mv \"$T/exit.tmp\" \"$T/exit\"' '$AO_BIN' $_args"
}

screen() { $TM capture-pane -p -t "$PANE" 2>/dev/null; }
# the whole scrollback, not only what is on screen
scrollback() { $TM capture-pane -p -S - -E - -t "$PANE" 2>/dev/null; }
screen_dump() { screen | sed 's/^/#   | /'; }

# wait_for TEXT [TIMEOUT]: until TEXT (fixed string) is on screen.
_has() { screen | grep -qF -- "$1"; }
_hasnt() { ! screen | grep -qF -- "$1"; }
# After one wait timed out, the rest of that scenario (until the next
# tui_start) waits only briefly: its later steps fail fast instead of each
# taking the whole timeout.
_stuck=0
_timeout() { if [ "$_stuck" = 1 ]; then echo 0.3; else echo "$1"; fi; }
wait_for() {
	if wait_until "$(_timeout "${2:-10}")" _has "$1"; then return 0; fi
	echo "# timed out waiting for: $1"
	[ "$_stuck" = 1 ] || screen_dump
	_stuck=1
	return 1
}
wait_gone() {
	if wait_until "$(_timeout "${2:-10}")" _hasnt "$1"; then return 0; fi
	echo "# timed out waiting for this to go away: $1"
	[ "$_stuck" = 1 ] || screen_dump
	_stuck=1
	return 1
}
# wait_prompt TEXT [TIMEOUT]: until the last line on screen (where the plain
# mode's cursor waits) contains TEXT; earlier lines do not count, so the
# same question asked again is waited for properly.
_last_line() { screen | grep -v '^[[:space:]]*$' | tail -n 1; }
_prompt_is() { _last_line | grep -qF -- "$1"; }
wait_prompt() {
	if wait_until "$(_timeout "${2:-10}")" _prompt_is "$1"; then return 0; fi
	echo "# timed out waiting for the prompt: $1"
	[ "$_stuck" = 1 ] || screen_dump
	_stuck=1
	return 1
}
# expect_screen DESCRIPTION TEXT [TIMEOUT]: a TAP line for wait_for.
expect_screen() {
	if wait_for "$2" "${3:-10}"; then ok "$1"; else fail "$1" "never showed: $2"; fi
}

# type TEXT: literal text (UTF-8 fine); key NAME...: tmux key names.
type_text() { $TM send-keys -t "$PANE" -l -- "$1"; }
key() { $TM send-keys -t "$PANE" "$@"; }

pane_dead() { [ "$($TM display -p -t "$PANE" '#{pane_dead}' 2>/dev/null)" = 1 ]; }
_exited() { [ -s "$T/exit" ]; }
# wait_exit [TIMEOUT]: until the program ended; its status in $EXIT_STATUS.
wait_exit() {
	EXIT_STATUS=""
	if ! wait_until "$(_timeout "${1:-10}")" _exited; then
		echo "# the program did not exit"
		screen_dump
		return 1
	fi
	EXIT_STATUS=$(cat "$T/exit")
	return 0
}
# expect_exit DESCRIPTION STATUS [TIMEOUT]
expect_exit() {
	if wait_exit "${3:-10}" && [ "$EXIT_STATUS" = "$2" ]; then
		ok "$1 (exit $2)"
	else
		fail "$1" "exit status '$EXIT_STATUS', want $2"
	fi
}
# the pid of agent-onboard itself (the child of the recording shell)
ao_pid() {
	_pp=$($TM display -p -t "$PANE" '#{pane_pid}')
	cat "/proc/$_pp/task/$_pp/children" 2>/dev/null | awk '{ print $1 }'
}
# hangup: close the terminal under the program, as a dropped SSH
# connection does (the kernel sends SIGHUP to the foreground processes)
hangup() { $TM kill-pane -t "$PANE"; }
resize() { $TM resize-window -t "$PANE" -x "$1" -y "$2"; }
clipboard() { $TM show-buffer 2>/dev/null; }

# ---- the simulator -------------------------------------------------------------------

# start_sandbox NAME [sandbox options...]: a simulator on a free loopback
# port; its URL in $URL, its request log in $T/NAME.log.
start_sandbox() {
	_name=$1; shift
	"$AO_BIN" sandbox --listen 127.0.0.1:0 --rate-limit off "$@" >"$T/$_name.url" 2>"$T/$_name.log" &
	_pids="$_pids $!"
	if ! wait_until 10 grep -qs '^http' "$T/$_name.url"; then
		echo "Bail out! the simulator did not start: $(cat "$T/$_name.log")"
		exit 1
	fi
	URL=$(head -n 1 "$T/$_name.url")
}
# requests NAME "METHOD /path": how many such requests NAME logged.
requests() { grep -c "^sandbox: $2 " "$T/$1.log"; }
# api PATH: GET PATH on the simulator at $URL with the demo key.
api() { curl -fsS -H "Authorization: Bearer $DEMO_KEY" "$URL$1"; }

# ---- walking the wizard -------------------------------------------------------------
# Each helper waits for its step, answers it and presses Enter; they fail
# (return 1, with the screen dumped) when the step does not show.

w_platform() { wait_for "Press Enter to continue" 10 && key Enter; }
# w_kind 1|2: inventory source | partner agent
w_kind() { wait_for "What to register" && type_text "$1" && key Enter; }
# w_partner N: the N-th partner of the list
w_partner() { wait_for "Partner seat" && wait_for "Sandbox Demo Partner" && type_text "$1" && key Enter; }
# w_identity NAME [SOURCE_ID]
w_identity() {
	wait_for "Name and id" || return 1
	type_text "$1"; key Enter
	if [ $# -gt 1 ]; then key C-u; type_text "$2"; fi
	key Enter
}
# w_name NAME: the identity step of a partner agent (no source id)
w_name() { wait_for "Name and id" && type_text "$1" && key Enter; }
# w_agent TYPE_N PROTOCOL_N
w_agent() { wait_for "Agent type and protocol" && type_text "$1" && key Enter && type_text "$2" && key Enter; }
w_endpoint() { wait_for "Endpoint URL  Step" && type_text "$1" && key Enter; }
# w_auth N: sources 1 API key, 2 basic, 3 JWT, 4 OAuth, 5 none (agents: no basic)
w_auth() { wait_for "Authentication  Step" && type_text "$1" && key Enter; }
w_token() { wait_for "Credentials  Step" && wait_for "Token" && type_text "$1" && key Enter; }
w_basic() { wait_for "Credentials  Step" && type_text "$1" && key Enter && type_text "$2" && key Enter; }
# w_details: the inventory source's details step (description only)
w_details() { wait_for "Details  Step" && key Enter; }
# review_text FILE: every page of the review screen, top to bottom, in FILE
review_text() {
	wait_for "Review  Step" || return 1
	key Home
	: >"$1"
	_i=0
	while [ "$_i" -lt 8 ]; do
		sleep 0.1   # let the page settle; reading a page has no event to poll for
		screen >>"$1"
		key NPage
		_i=$((_i + 1))
	done
	key Home
}
# w_review: scrolls to the end of the review (the command) and submits
w_review() { wait_for "Review  Step" && key End && wait_for "agent-onboard create" && key Enter; }
