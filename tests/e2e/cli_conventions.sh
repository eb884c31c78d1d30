#!/bin/sh
# SPDX-License-Identifier: MIT
# The conventions scripts rely on (issue 11): a flag beats the environment;
# list is never silently partial; write errors are errors; -- ends options;
# --log - is stderr; no redrawn progress on TERM=dumb; boolean flags given a
# value; an empty SCOPE3_API_KEY; a non-loopback sandbox; login's stdout;
# help COMMAND; --version with the libraries; JSON schemaVersion and field
# selection.  TAP output.
. "${0%/*}/lib/cli.sh"

EX=$REPO/assets/examples/source-no-auth.json
# jq -e passes on an empty file: a JSON check needs a document first
jq() { for _a; do :; done; test -s "$_a" && command jq "$@"; }

# ---- precedence: flag > environment > default ------------------------------------

SCOPE3_API_URL=https://env.example run_ao create --answers "$EX" --dry-run
check "SCOPE3_API_URL is used without a flag" grep -q '^POST https://env.example/' "$T/out"
SCOPE3_API_URL=https://env.example run_ao --staging create --answers "$EX" --dry-run
expect_rc "--staging with SCOPE3_API_URL set" 0
check "--staging beats SCOPE3_API_URL" grep -q '^POST https://api.staging.interchange.io/' "$T/out"
SCOPE3_API_URL=https://env.example run_ao --api-url https://flag.example create --answers "$EX" --dry-run
check "--api-url beats SCOPE3_API_URL" grep -q '^POST https://flag.example/' "$T/out"
run_ao create --answers "$EX" --dry-run
check "the default is production" grep -q '^POST https://api.interchange.io/' "$T/out"
run_ao --staging --api-url https://flag.example create --answers "$EX" --dry-run
expect_rc "--staging together with --api-url is a usage error" 2
check "... saying which two" grep -q -- '--staging and --api-url' "$T/err"
"$AO_BIN" --help >"$T/help" 2>/dev/null
check "--help documents the precedence" grep -q '^Precedence: a command-line flag beats the environment' "$T/help"

# ---- list: never silently partial --------------------------------------------------

# a platform with 1050 inventory sources (more than the old 1000 cap)
python3 - "$T/many.json" <<'PY'
import json, sys
sources = [{"source": {"sourceId": "s%04d" % i, "name": "Source %d" % i, "status": "ACTIVE",
                       "type": "SALES", "protocol": "MCP", "authenticationType": "NO_AUTH",
                       "authConfigured": True, "endpointUrl": "https://agent%d.example/mcp" % i},
            "probeOk": True} for i in range(1050)]
json.dump({"version": 1, "nextId": 5000, "partners": [], "sources": sources, "agents": []},
          open(sys.argv[1], "w"))
PY
cp "$T/many.json" "$T/many-slow.json"
start_sandbox many --state "$T/many.json"
M=$URL

run_ao --api-url "$M" list --kind inventory-source --json
expect_rc "list follows every page past 1000 items" 0
check "... all 1050 inventory sources, in order" \
	jq -e '(.inventorySources | length) == 1050 and .inventorySources[1049].sourceId == "s1049"' "$T/out"
check "... in 11 pages of 100" test "$(grep -c 'GET /api/v2/storefront/inventory-sources' "$T/many.log")" -eq 11
check "... and nothing on stderr (not a terminal: no progress)" test ! -s "$T/err"

run_ao --api-url "$M" list --kind inventory-source --limit 1000 --json
expect_rc "list --limit 1000 while the platform has more: the partial-output exit code" 10
check "... prints the 1000 it has" jq -e '(.inventorySources | length) == 1000' "$T/out"
check "... says on stderr that it is cut, and how to get the rest" \
	grep -q 'cut at --limit: 1000 shown from offset 0 of 1050.*--offset 1000' "$T/err"
run_ao --api-url "$M" list --kind inventory-source --offset 1000 --json
expect_rc "list --offset 1000 gets the rest" 0
check "... the last 50" jq -e '(.inventorySources | length) == 50 and .inventorySources[0].sourceId == "s1000"' "$T/out"
run_ao --api-url "$M" list --kind inventory-source --limit 1050
expect_rc "list --limit equal to the total is complete" 0

# the second page never comes: the deadline cuts the listing after the first
start_sandbox slow --state "$T/many-slow.json" \
	--fault 'GET /api/v2/storefront/inventory-sources:latency=600000,after=1'
run_ao --api-url "$URL" list --kind inventory-source --timeout 5 --json
expect_rc "list whose --timeout passes with pages to come: the partial-output exit code" 10
check "... prints the first page" jq -e '(.inventorySources | length) == 100' "$T/out"
check "... says it is cut at --timeout and where to go on" grep -q 'cut at --timeout: 100 shown.*--offset 100' "$T/err"
check "... the first page answered, the second still outstanding" test "$(requests slow GET)" -eq 1

# progress on a terminal, but never \r ESC[K on a dumb one (stderr on a pty)
on_pty() {
	python3 - "$@" <<'PY'
import os, pty, subprocess, sys
term, out = sys.argv[1], sys.argv[2]
master, slave = pty.openpty()
env = dict(os.environ, TERM=term)
p = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
p.wait()
open(out, "wb").write(data)
sys.exit(p.returncode)
PY
}
on_pty xterm "$T/pty-xterm" "$AO_BIN" --api-url "$M" list --kind inventory-source
check "list on a terminal shows its progress redrawn in place" grep -q "$(printf '\033\\[K')fetching inventory sources: 100 of 1050" "$T/pty-xterm"
on_pty dumb "$T/pty-dumb" "$AO_BIN" --api-url "$M" list --kind inventory-source
check "TERM=dumb: no CR ESC[K progress lines" sh -c "! grep -q \"\$(printf '\\033')\" '$T/pty-dumb' && ! grep -q \"\$(printf '\\r')fetching\" '$T/pty-dumb'"

# the same for the wait of status --wait: each run follows a source of its
# own, made with a token the demo agent refuses, so it stays PENDING however
# slow the machine is.  Once the wait has checked twice, the token is
# corrected (update --secret-file), the simulator's probe activates the
# source, and that is what ends the wait.
start_sandbox slowact --probe-interval 0.2
printf 'demo-agent-token\n' >"$T/token"
printf 'not-the-demo-token\n' >"$T/wrong-token"
chmod 600 "$T/token" "$T/wrong-token"
checks_of() { grep -c "GET /api/v2/storefront/inventory-sources/$1 " "$T/slowact.log"; }
for term in xterm dumb; do
	run_ao --api-url "$URL" create --kind source --name "Wait $term" --type SALES --protocol MCP \
		--endpoint-url "$URL/demo/mcp" --auth-type API_KEY --secret-file "$T/wrong-token" --json
	sid=$(jq -r .sourceId "$T/out")
	on_pty $term "$T/wait-$term" "$AO_BIN" --api-url "$URL" status "$sid" --wait --timeout 600 &
	waiter=$!
	wait_until 60 sh -c "[ \$(grep -c 'GET /api/v2/storefront/inventory-sources/$sid ' '$T/slowact.log') -ge 2 ]"
	polls=$(checks_of "$sid")
	run_ao --api-url "$URL" update "$sid" --secret-file "$T/token"
	wait "$waiter"
	rc=$?
	eval "rc_$term=$rc polls_$term=$polls"
done
check "status --wait on a terminal redraws its progress line" \
	sh -c "[ $rc_xterm -eq 0 ] && [ $polls_xterm -ge 2 ] && grep -q \"\$(printf '\\033\\[K')\" '$T/wait-xterm'"
check "status --wait with TERM=dumb waits (checks more than once) without CR ESC[K" \
	sh -c "[ $rc_dumb -eq 0 ] && [ $polls_dumb -ge 2 ] && ! grep -q \"\$(printf '\\033')\" '$T/wait-dumb'"

# ---- write errors are errors ----------------------------------------------------------

if [ -w /dev/full ]; then
	"$AO_BIN" --api-url "$M" list --json >/dev/full 2>"$T/err"; RC=$?
	expect_rc "list --json > /dev/full fails with the write-error exit code" 11
	check "... and says so on stderr" grep -q 'could not write the output' "$T/err"
	"$AO_BIN" --version >/dev/full 2>"$T/err"; RC=$?
	expect_rc "--version > /dev/full" 11
	"$AO_BIN" status --help >/dev/full 2>"$T/err"; RC=$?
	expect_rc "status --help > /dev/full" 11
	"$AO_BIN" --api-url "$M" status s0001 --json >/dev/full 2>"$T/err"; RC=$?
	expect_rc "status --json > /dev/full" 11
else
	skip "write errors" "/dev/full is not writable here"
fi

# ---- -- ends options; --log - ------------------------------------------------------------

start_sandbox s
S=$URL
run_ao --api-url "$S" status -- -abc
expect_rc "status -- -abc looks up the id -abc" 4
check "... and says no registration has it" grep -q 'has the id "-abc"' "$T/err"
check "... after asking the platform for it" grep -q 'GET /api/v2/storefront/inventory-sources/-abc' "$T/s.log"
run_ao --api-url "$S" status -abc
expect_rc "status -abc (without --) is an unknown option" 2
run_ao --api-url "$S" --log - list --json
expect_rc "--log - " 0
check "--log - writes the trace to stderr" grep -q 'GET .*/api/v2/storefront/inventory-sources' "$T/err"
check "... and stdout stays the JSON document" jq -e '.schemaVersion == 2' "$T/out"

# ---- flags with values they do not take; an empty key; the sandbox ---------------------------

run_ao create --answers "$EX" --dry-run=no
expect_rc "--dry-run=no" 2
check "... says --dry-run takes no value" grep -q -- '--dry-run takes no value ("--dry-run=no")' "$T/err"
run_ao --api-url "$S" status --wait=yes x
expect_rc "status --wait=yes" 2
check "... says --wait takes no value" grep -q -- '--wait takes no value' "$T/err"
run_ao --staging=yes list
expect_rc "--staging=yes" 2
check "... says --staging takes no value" grep -q -- '--staging takes no value' "$T/err"
run_ao --api-url "$S" status --json=foo x
expect_rc "status --json=foo" 2
check "... names the field and lists the fields there are" grep -q 'no field "foo" in --json; the fields are: .*sourceId' "$T/err"

SCOPE3_API_KEY= run_ao --api-url "$S" list
check "an empty SCOPE3_API_KEY is reported as empty" grep -q 'SCOPE3_API_KEY is set but empty' "$T/err"
check "... not as not set" sh -c "! grep -q 'SCOPE3_API_KEY is not set' '$T/err'"
(unset SCOPE3_API_KEY; "$AO_BIN" --api-url "$S" list >"$T/out" 2>"$T/err")
check "an unset SCOPE3_API_KEY is reported as not set" grep -q 'SCOPE3_API_KEY is not set' "$T/err"

run_ao sandbox --listen 0.0.0.0:0
expect_rc "sandbox --listen 0.0.0.0:0 is a usage error" 2
check "... saying only loopback is allowed" grep -q 'loopback address only' "$T/err"
run_ao sandbox --listen 192.0.2.1:8080
expect_rc "sandbox --listen on another non-loopback address" 2

printf 'not-a-real-key\n' >"$T/key"
run_ao --api-url "$S" login --secret-file "$T/key"
check "login (failing here: no keyring) prints nothing on stdout" test ! -s "$T/out"
check "... and its messages on stderr" test -s "$T/err"

# ---- help, --version ---------------------------------------------------------------------------

"$AO_BIN" status --help >"$T/a" 2>&1
run_ao help status
expect_rc "help status" 0
check "help status is status --help" cmp -s "$T/a" "$T/out"
"$AO_BIN" --help >"$T/a" 2>&1
run_ao help
check "help alone is --help" cmp -s "$T/a" "$T/out"
run_ao help bogus
expect_rc "help of an unknown command" 2

run_ao --version
expect_rc "--version" 0
check "--version: the program's version first" grep -Eq '^agent-onboard [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"
for lib in libcurl ncurses cJSON libsecret libmicrohttpd; do
	check "--version names $lib and its version (or why it cannot be loaded)" \
		grep -Eq "^  $lib: +([a-zA-Z]*[ /-]?[0-9]|not loadable: .)" "$T/out"
done

# ---- JSON: schemaVersion and field selection ---------------------------------------------------

run_ao --api-url "$S" create --answers "$EX" --endpoint-url "$S/demo/mcp-open" --json
expect_rc "create --json" 0
id=$(jq -r .sourceId "$T/out")
check "create --json has schemaVersion 2" jq -e '.schemaVersion == 2' "$T/out"
run_ao --api-url "$S" status --json "$id"
expect_rc "status --json ID (a bare --json never takes the id as a field list)" 0
check "... the whole registration, with schemaVersion first" \
	sh -c "jq -e '.sourceId == \"$id\" and has(\"endpointUrl\")' '$T/out' >/dev/null && sed -n 2p '$T/out' | grep -q schemaVersion"
run_ao --api-url "$S" status "$id" --json=sourceId,status
expect_rc "status --json=sourceId,status" 0
check "... only those fields (and schemaVersion)" \
	jq -e '(keys | sort) == ["schemaVersion", "sourceId", "status"] and .sourceId == "'"$id"'"' "$T/out"
run_ao --api-url "$S" status "$id" --json=sourceId,oauthError
check "a known field the registration lacks is null" jq -e '.oauthError == null and has("oauthError")' "$T/out"
run_ao --api-url "$S" list --json=sourceId,name
expect_rc "list --json=sourceId,name" 0
check "... selects the fields of every item" \
	jq -e '.schemaVersion == 2 and (.inventorySources[0] | keys | sort) == ["name", "sourceId"]' "$T/out"
run_ao create --answers "$EX" --dry-run --json=method,url
check "create --dry-run --json=method,url" jq -e '(keys | sort) == ["method", "schemaVersion", "url"]' "$T/out"
run_ao --api-url "$S" doctor --json
check "doctor --json has schemaVersion 2" jq -e '.schemaVersion == 2 and has("checks")' "$T/out"
run_ao --api-url "$S" doctor --json=ok
check "doctor --json=ok" jq -e '(keys | sort) == ["ok", "schemaVersion"]' "$T/out"
run_ao probe "$S/demo/mcp-open" --protocol MCP --json
check "probe --json has schemaVersion 2" jq -e '.schemaVersion == 2 and has("outcome")' "$T/out"
run_ao logout --json
check "logout --json has schemaVersion 2" jq -e '.schemaVersion == 2 and has("removed")' "$T/out"
run_ao --api-url "$S" list --json=
expect_rc "an empty --json= field list" 2

done_testing
