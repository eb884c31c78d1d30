#!/bin/sh
# SPDX-License-Identifier: MIT
# login's hidden prompt in a real terminal (tmux): what is typed is not
# shown, the key is stored, and Ctrl-C at the prompt leaves the terminal
# with echo on.  Needs a keyring: run inside tests/with-test-keyring.sh
# (make test does).   AO_BIN=build/agent-onboard sh tests/e2e/login_prompt.sh
set -u
AO_BIN=${AO_BIN:-build/agent-onboard}
case $AO_BIN in /*) ;; *) AO_BIN=$PWD/$AO_BIN ;; esac
SCHEMA=io.interchange.agent-onboard.Secret
URL=https://api.prompt-test.example
KEY='typed-key-Zoë-0123456789'
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

if ! command -v tmux >/dev/null; then
	echo "ok 1 - tmux # SKIP tmux is not installed"; echo "1..1"; exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ao-login-prompt.XXXXXX")
S=$tmp/tmux.sock
T="tmux -S $S -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

# Polls the pane for a fixed string (no fixed sleeps); 1 if it never shows.
wait_for() {
	i=0
	while [ $i -lt 400 ]; do
		$T capture-pane -p -t t >"$tmp/screen" 2>/dev/null && grep -qF -- "$1" "$tmp/screen" && return 0
		i=$((i + 1)); sleep 0.05
	done
	return 1
}
# The negative: the text does not show within half a second (echo by the
# terminal would show it within milliseconds).
never_shows() {
	i=0
	while [ $i -lt 10 ]; do
		$T capture-pane -p -t t >"$tmp/screen" 2>/dev/null && grep -qF -- "$1" "$tmp/screen" && return 1
		i=$((i + 1)); sleep 0.05
	done
	return 0
}
lookup() {
	secret-tool lookup xdg:schema $SCHEMA api_url "$URL" kind platform-api-key id default 2>/dev/null
}
secret-tool clear xdg:schema $SCHEMA api_url "$URL" kind platform-api-key id default 2>/dev/null

# The pane's shell runs login, then records the terminal state and login's
# exit status.  trap ':' INT keeps that shell alive after Ctrl-C while login
# gets the default disposition.
cat >"$tmp/run.sh" <<EOF
trap ':' INT
env LC_ALL=C.UTF-8 "$AO_BIN" --api-url "$URL" login --no-verify
echo "rc=\$?" >"$tmp/rc"
stty -a >"$tmp/stty"
echo DONE
sleep 30
EOF

# 1. type the key at the hidden prompt
$T new-session -d -s t -x 100 -y 30 "sh $tmp/run.sh"
check "the prompt says where the key will go, before asking" \
	'wait_for "Platform API key (input hidden):" && grep -q "will be stored in the system keyring" "$tmp/screen"'
$T send-keys -t t -l "$KEY"
check "typed characters are not echoed" 'never_shows typed-key'
$T send-keys -t t Enter
check "login finishes after Enter" 'wait_for DONE'
check "login exits 0" 'grep -qx "rc=0" "$tmp/rc"'
check "the key was never on the screen" '! grep -qF "typed-key" "$tmp/screen"'
check "the screen says where it was stored" 'grep -qF "Stored in the system keyring" "$tmp/screen"'
check "the keyring holds exactly the typed key (UTF-8 intact)" '[ "$(lookup)" = "$KEY" ]'
check "echo is on again after login" 'grep -Eq "(^| )echo( |$)" "$tmp/stty"'
$T kill-server 2>/dev/null

# 2. Ctrl-C in the middle of typing (a new server on its own socket: the old
# one may still be exiting)
S=$tmp/tmux2.sock
T="tmux -S $S -f /dev/null"
secret-tool clear xdg:schema $SCHEMA api_url "$URL" kind platform-api-key id default
rm -f "$tmp/rc" "$tmp/stty"
$T new-session -d -s t -x 100 -y 30 "sh $tmp/run.sh"
wait_for "Platform API key (input hidden):" || true
$T send-keys -t t -l "half-typed"
check "a half-typed key is not echoed" 'never_shows half-typed'
$T send-keys -t t C-c
check "Ctrl-C ends login" 'wait_for DONE'
check "login reports the interrupt (exit 130)" 'grep -qx "rc=130" "$tmp/rc"'
check "echo is restored after Ctrl-C at the hidden prompt" 'grep -Eq "(^| )echo( |$)" "$tmp/stty"'
check "nothing was stored" '[ -z "$(lookup)" ]'
check "the half-typed key was never shown" '! grep -qF "half-typed" "$tmp/screen"'
echo "1..$n"
