# SPDX-License-Identifier: MIT
# Shared by tests/e2e/cli_*.sh and docs_*.sh (sourced, not run: it lives in
# a subdirectory so the e2e runner's tests/e2e/*.sh wildcard skips it).
#
# Gives each script: TAP helpers (ok/fail/skip/check/done_testing), a
# private temp dir $T with a private HOME and XDG_STATE_HOME, no session bus
# (so the keyring is never touched), SCOPE3_API_KEY set to the simulator's
# demo key, simulators started on port 0 and stopped on every exit path,
# and run_ao, which runs the binary and keeps its exit code, stdout and
# stderr in $RC, $T/out and $T/err.

set -u
AO_BIN=${AO_BIN:-build/agent-onboard}
case $AO_BIN in /*) ;; *) AO_BIN=$PWD/$AO_BIN ;; esac
REPO=$PWD
DEMO_KEY=scope3_sandbox_demo_key

T=$(mktemp -d "${TMPDIR:-/tmp}/ao-cli.XXXXXX")
_pids=""

_cleanup() {
	for _p in $_pids; do
		kill "$_p" 2>/dev/null
	done
	for _p in $_pids; do
		wait "$_p" 2>/dev/null
	done
	rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir -p "$T/home" "$T/state"
export HOME="$T/home" XDG_STATE_HOME="$T/state" XDG_CONFIG_HOME="$T/home/.config"
export LC_ALL=C.UTF-8 SCOPE3_API_KEY=$DEMO_KEY
unset DBUS_SESSION_BUS_ADDRESS SCOPE3_API_URL AO_AGENT_TOKEN AO_AGENT_PASSWORD AO_SANDBOX_API_KEY \
	NO_COLOR ACCESSIBLE 2>/dev/null
# /run/user/UID/bus is the other way libsecret finds a bus: point the
# runtime dir at our empty temp dir so no real keyring is ever touched
export XDG_RUNTIME_DIR="$T"

. "$REPO/tests/e2e/lib/tap.sh"
# under a failure: the program's stderr
fail_context() {
	if [ -f "$T/err" ]; then sed 's/^/#   stderr: /' "$T/err" | head -n 20; fi
}

# run_ao ARGS...: runs the binary with stdin from /dev/null (unless the
# caller redirects), sets RC and leaves the output in $T/out and $T/err.
run_ao() {
	"$AO_BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}
run_ao_stdin() {
	_in=$1; shift
	"$AO_BIN" "$@" <"$_in" >"$T/out" 2>"$T/err"
	RC=$?
}

# expect_rc DESCRIPTION WANT: checks $RC.
expect_rc() {
	if [ "$RC" -eq "$2" ]; then ok "$1 (exit $2)"; else fail "$1" "exit $RC, want $2"; fi
}

# start_sandbox NAME [sandbox options...]: starts a simulator on a free
# loopback port; its URL is in $URL (and $T/NAME.url), its request log in
# $T/NAME.log ("sandbox: METHOD /path -> STATUS").
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

# requests NAME [METHOD]: how many API requests the simulator NAME logged.
requests() {
	grep -Ec "^sandbox: ${2:-[A-Z]+} /" "$T/$1.log"
}

# approve_when_shown FILE: in the background, waits for an authorization
# URL in FILE and approves it on the simulator's consent page (as a person
# in a browser would).
approve_when_shown() {
	(
		wait_until 20 grep -qs 'oauth/authorize' "$1" || exit 1
		_u=$(grep -o 'http[^ "]*oauth/authorize[^ "]*' "$1" | head -n 1)
		curl -fsS -o /dev/null "$(printf '%s' "$_u" | sed 's#/oauth/authorize#/oauth/approve#')"
	) &
	_pids="$_pids $!"
}
