#!/bin/sh
# SPDX-License-Identifier: MIT
# Global options and command dispatch (src/cli/main.c): options anywhere,
# unknown commands, the wizard's options without a command word, --version,
# and the API URL checks.  TAP output.
set -u
BIN=${AO_BIN:-build/agent-onboard}
T=$(mktemp -d "${TMPDIR:-/tmp}/ao-global.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
# check DESCRIPTION EXPECTED_RC PATTERN -- COMMAND...: runs COMMAND with no
# terminal, expects the exit code and PATTERN (grep -E) in stdout+stderr.
check() {
	desc=$1 want=$2 pat=$3; shift 4
	"$@" </dev/null >"$T/out" 2>&1; rc=$?
	if [ "$rc" -eq "$want" ] && grep -Eq -- "$pat" "$T/out"; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc, want $want; output: $(head -c 300 "$T/out"))"
	fi
}
export HOME="$T" XDG_STATE_HOME="$T/state"
unset SCOPE3_API_URL SCOPE3_API_KEY
check "--version names the program and libcurl" 0 'libcurl: +libcurl/[0-9]' -- "$BIN" --version
check "--help lists every command" 0 'create .*status ID.*' -- sh -c "$BIN --help | tr '\n' ' '"
check "--help lists the exit codes" 0 '130  interrupted' -- "$BIN" --help
check "an unknown command is a usage error" 2 'unknown command "bogus"' -- "$BIN" bogus
check "a wizard option value is not taken for a command" 2 'the wizard needs a terminal' -- "$BIN" --timeout 1
check "without a terminal the wizard points at create" 2 'agent-onboard create --answers FILE' -- "$BIN"
check "global options after the command" 2 'which registration' -- "$BIN" status --api-url http://127.0.0.1:9
check "a plain-http API URL is refused for a remote host" 2 'must use https://' -- "$BIN" --api-url http://api.example.com list
check "a malformed API URL is refused" 2 'is not valid' -- "$BIN" --api-url 'api.example.com' list
check "SCOPE3_API_URL is checked the same way" 2 'must use https://' -- env SCOPE3_API_URL=http://x.example "$BIN" list
check "an unreadable --ca-file is refused" 2 'cannot read the CA file' -- "$BIN" --ca-file "$T/nope.pem" list
check "--log needs a value" 2 '--log needs a value' -- "$BIN" list --log
echo "1..$n"
