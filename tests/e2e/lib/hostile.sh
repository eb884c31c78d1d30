# SPDX-License-Identifier: MIT
# start_hostile: the simulator, and tests/e2e/lib/hostile.py in front of it
# (a platform whose every string and header carries escape sequences); the
# simulator's URL in $S, the hostile platform's in $H.  Sourced after
# lib/cli.sh or lib/tmux.sh (start_sandbox, wait_until, $T, $REPO).
start_hostile() {
	if ! command -v python3 >/dev/null 2>&1; then
		echo "1..0 # SKIP python3 is not installed"
		exit 0
	fi
	start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
	S=$URL
	python3 "$REPO/tests/e2e/lib/hostile.py" "$S" >"$T/hostile.url" 2>"$T/hostile.log" &
	_pids="$_pids $!"
	wait_until 10 grep -qs '^http' "$T/hostile.url" || { echo "Bail out! hostile.py did not start"; exit 1; }
	H=$(head -n 1 "$T/hostile.url")
}
