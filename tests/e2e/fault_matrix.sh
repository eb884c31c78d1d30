#!/bin/sh
# SPDX-License-Identifier: MIT
# The fault matrix (issue 8): `create --wait` and the wizard against the
# simulator's fault injection -- latency beyond the timeout, 500/502/503,
# 429 storms with Retry-After, connection refused, a connection reset
# before and in the middle of the body, truncated JSON, a 10 MiB body, the
# wrong content type, an untrusted TLS certificate, the keyring absent /
# locked / stalled, and SIGINT / SIGTERM / SIGHUP at each step.
#
# Each row is one TAP test made of four checks: the program did not crash
# (it exited by itself, no sanitizer report), the exit code is the
# documented one, the message says what happened and what to do (specific
# words), and nothing is lost (the wizard's draft is intact; the simulator
# holds the registration exactly once, or not at all when it was refused).
# The matrix is printed at the end as TAP comments.
#
#   sh tests/with-test-keyring.sh env AO_BIN=build/agent-onboard sh tests/e2e/fault_matrix.sh
# (The keyring rows make their own keyring environments; the wrapper is
# only needed for the "locked" row's nested one, which it starts itself.)
. "${0%/*}/lib/faults.sh"

printf 'demo-agent-token\n' >"$T/token"
printf 'not-the-agents-token\n' >"$T/wrong-token"
chmod 600 "$T/token" "$T/wrong-token"
# the answers file (no secret in it); each row overrides name and endpoint
cat >"$T/source.json" <<'EOF'
{
  "kind": "inventory-source",
  "name": "placeholder",
  "type": "SALES",
  "protocol": "MCP",
  "authenticationType": "API_KEY",
  "apiKeyType": "bearer"
}
EOF
POST='POST /api/v2/storefront/inventory-sources'
GET='GET /api/v2/storefront/inventory-sources/{sourceId}'
# activation at once when the agent accepts the token; a refused token is
# retried twice a second and never disables the source (stays PENDING)
FAST='--activate-after 0.05 --probe-interval 0.5 --disable-after 0'

# create_run NAME URL TOKEN_FILE|"" [MORE ARGS]: create --wait for source
# NAME (its sourceId is NAME too) against the simulator at URL, from the
# answers file, the token from TOKEN_FILE ("": the one the agent accepts).
# create_start: the same in the background.
create_run() {
	_name=$1 _url=$2 _tok=${3:-$T/token}
	shift 3
	ao_run "$_name" --api-url "$_url" create --answers "$T/source.json" --name "$_name" \
		--endpoint-url "$_url/demo/mcp" --secret-file "$_tok" --wait "$@"
}
create_start() {
	_name=$1 _url=$2 _tok=${3:-$T/token}
	shift 3
	ao_start "$_name" --api-url "$_url" create --answers "$T/source.json" --name "$_name" \
		--endpoint-url "$_url/demo/mcp" --secret-file "$_tok" --wait "$@"
}
# ms_at_most LIMIT: the run took at most LIMIT ms.
ms_at_most() { [ "$MS" -le "$1" ]; }
ms_at_least() { [ "$MS" -ge "$1" ]; }

export SCOPE3_API_KEY=$DEMO_KEY

# ================================================================================
# create --wait
# ================================================================================

# ---- latency beyond the timeout ---------------------------------------------------------
# Every status check takes 120 s; --timeout 3 (the first check is due 1.5 s
# after the create) must end the wait at the timeout, abandoning the check
# in flight.  Causality, not speed: the program says the check was
# abandoned, and it ended before the check could have answered (the ceiling
# is against hangs: an ASan build on a loaded machine once took 30 s to get
# this far).
g_latency() {
	start_sandbox lat $FAST --fault "$GET:latency=120000"
	row_begin "latency 120 s > --timeout 3 (status)" "create --wait" \
		"create --wait: a status check slower than --timeout ends the wait at the timeout, exit 6"
	create_run lat-timeout "$URL" "$T/wrong-token" --timeout 3
	no_crash lat-timeout
	want_rc 6
	says "$T/lat-timeout.err" "still PENDING" "status lat-timeout --wait" \
		"--timeout ran out after" "while a status check was in flight (it was abandoned)"
	need "ended before the 120 s check could answer (took ${MS} ms)" ms_at_most 100000
	regs_are "$(registrations "$URL" lat-timeout)" 1
	row_end
}

# ---- 5xx ----------------------------------------------------------------------------------------
row_5xx() {
	start_sandbox "s$1" $FAST --fault "$POST:status=$1"
	row_begin "HTTP $1 on every create" "create --wait" \
		"create --wait: $1 on every attempt is reported with what to do, exit 8, nothing created"
	create_run "http-$1" "$URL" "" --timeout 5
	no_crash "http-$1"
	want_rc 8
	says "$T/http-$1.err" "HTTP $1" "not created" "try again"
	says_not "$T/http-$1.err" "(HTTP 404)"
	regs_are "$(registrations "$URL" "http-$1")" 0
	row_end
}
g_500() { row_5xx 500; }
g_502() { row_5xx 502; }
g_503() { row_5xx 503; }

g_503_twice() {
	start_sandbox s503b $FAST --fault "$POST:status=503,times=2"
	row_begin "HTTP 503 twice, then OK" "create --wait" \
		"create --wait: two 503s are retried (Retry-After) and the source is created once, exit 0"
	create_run http-503-twice "$URL" "" --timeout 10
	no_crash http-503-twice
	want_rc 0
	says "$T/http-503-twice.err" "is ACTIVE"
	regs_are "$(registrations "$URL" http-503-twice)" 1
	row_end
}

g_503_wait() {
	start_sandbox s503w $FAST --fault "$GET:status=503"
	row_begin "HTTP 503 on every status check" "create --wait" \
		"create --wait: 503 on every check ends at --timeout with what to do next, exit 8"
	create_run http-503-wait "$URL" "" --timeout 2
	no_crash http-503-wait
	want_rc 8
	says "$T/http-503-wait.err" "HTTP 503" "status http-503-wait --wait"
	regs_are "$(registrations "$URL" http-503-wait)" 1
	row_end
}

# ---- 429 storms -------------------------------------------------------------------------------
g_429_create() {
	start_sandbox s429 $FAST --fault "$POST:status=429"
	row_begin "429 storm on every create (Retry-After 1)" "create --wait" \
		"create --wait: a 429 storm is waited out per Retry-After, then reported, exit 8, nothing created"
	create_run storm-create "$URL" "" --timeout 5
	no_crash storm-create
	want_rc 8
	says "$T/storm-create.err" "rate limit" "try again"
	need "Retry-After honoured between attempts (${MS} ms for $(sandbox_requests s429 "$POST") attempts)" \
		ms_at_least 2500
	regs_are "$(registrations "$URL" storm-create)" 0
	row_end
}
g_429_wait() {
	start_sandbox s429w $FAST --fault "$GET:status=429,times=2"
	row_begin "429 storm on status (2 x Retry-After 1)" "create --wait" \
		"create --wait: a 429 storm while waiting is waited out and the wait still ends ACTIVE, exit 0"
	create_run storm-wait "$URL" "" --timeout 20
	no_crash storm-wait
	want_rc 0
	says "$T/storm-wait.err" "is ACTIVE"
	need "each 429 was followed by a wait (took ${MS} ms)" ms_at_least 2000
	regs_are "$(registrations "$URL" storm-wait)" 1
	row_end
}

# ---- connection refused -------------------------------------------------------------------------
g_refused() {
	port=$(free_port)
	row_begin "connection refused (closed port)" "create --wait" \
		"create --wait: connection refused says so and what to check, exit 8"
	create_run refused "http://127.0.0.1:$port" "" --timeout 5
	no_crash refused
	want_rc 8
	says "$T/refused.err" "connect" "check the API URL"
	R_REGS="n/a (no server)"
	row_end
}

# ---- connection reset before / in the middle of the body ----------------------------------------
g_reset() {
	start_sandbox drop $FAST --fault "$POST:drop"
	row_begin "connection reset, no answer (every create)" "create --wait" \
		"create --wait: a create whose connection is always reset is looked up, not duplicated, exit 8"
	create_run reset-create "$URL" "" --timeout 5
	no_crash reset-create
	want_rc 8
	says "$T/reset-create.err" "closed" "not created" "try again"
	says_not "$T/reset-create.err" "(HTTP 404)"
	regs_are "$(registrations "$URL" reset-create)" 0
	row_end
}
g_midbody() {
	start_sandbox trunc $FAST --fault "$POST:truncate"
	row_begin "connection reset mid-body (create)" "create --wait" \
		"create --wait: the create's answer cut mid-body is reconciled: found, not created twice, exit 0"
	create_run reset-midbody "$URL" "" --timeout 10
	no_crash reset-midbody
	want_rc 0
	says "$T/reset-midbody.err" "not created twice" "is ACTIVE"
	regs_are "$(registrations "$URL" reset-midbody)" 1
	row_end
}
g_commit() {
	start_sandbox dac $FAST --fault "$POST:drop-after-commit"
	row_begin "drop after commit (create)" "create --wait" \
		"create --wait: a create committed then dropped is found by the lookup, not created twice, exit 0"
	create_run after-commit "$URL" "" --timeout 10
	no_crash after-commit
	want_rc 0
	says "$T/after-commit.err" "not created twice" "is ACTIVE"
	regs_are "$(registrations "$URL" after-commit)" 1
	row_end
}

# ---- truncated JSON: a complete HTTP answer whose JSON is cut (lib/halfjson.py) --------------------
# half_json NAME UPSTREAM METHOD PATH_PREFIX TIMES (-1: always): URL in $PROXY
half_json() {
	python3 -u "$REPO/tests/e2e/lib/halfjson.py" "$2" "$3" "$4" "$5" >"$T/$1.url" 2>"$T/$1.log" &
	_reg_pid $!
	wait_until 10 grep -qs '^http' "$T/$1.url" || { echo "the proxy did not start"; exit 1; }
	PROXY=$(head -n 1 "$T/$1.url")
}
g_json_create() {
	start_sandbox hj $FAST
	half_json hjp "$URL" POST /api/v2/storefront/inventory-sources 1
	row_begin "truncated JSON (create answer)" "create --wait" \
		"create --wait: half a JSON answer to the create is reconciled: found, not created twice, exit 0"
	ao_run json-create --api-url "$PROXY" create --answers "$T/source.json" --name json-create \
		--endpoint-url "$URL/demo/mcp" --secret-file "$T/token" --wait --timeout 10
	no_crash json-create
	want_rc 0
	says "$T/json-create.err" "not created twice" "is ACTIVE"
	regs_are "$(registrations "$URL" json-create)" 1
	row_end
}
g_json_wait() {
	start_sandbox hj2 $FAST
	half_json hjp2 "$URL" GET /api/v2/storefront/inventory-sources/json-wait -1
	row_begin "truncated JSON (every status answer)" "create --wait" \
		"create --wait: unreadable status answers end the wait with what to do next, exit 8"
	ao_run json-wait --api-url "$PROXY" create --answers "$T/source.json" --name json-wait \
		--endpoint-url "$URL/demo/mcp" --secret-file "$T/token" --wait --timeout 4
	no_crash json-wait
	want_rc 8
	says "$T/json-wait.err" "could not be read" "status json-wait --wait"
	regs_are "$(registrations "$URL" json-wait)" 1
	row_end
}

# ---- a 10 MiB body ----------------------------------------------------------------------------------
g_big_create() {
	start_sandbox big $FAST --fault "$POST:oversize=10485760"
	row_begin "10 MiB body (create answer)" "create --wait" \
		"create --wait: a 10 MiB answer to the create is refused, reconciled, not created twice, exit 0"
	create_run big-create "$URL" "" --timeout 10
	no_crash big-create
	want_rc 0
	says "$T/big-create.err" "not created twice" "is ACTIVE"
	regs_are "$(registrations "$URL" big-create)" 1
	row_end
}
g_big_wait() {
	start_sandbox big2 $FAST --fault "$GET:oversize=10485760"
	row_begin "10 MiB body (every status answer)" "create --wait" \
		"create --wait: 10 MiB status answers end the wait with what to do next, exit 8"
	create_run big-wait "$URL" "" --timeout 4
	no_crash big-wait
	want_rc 8
	says "$T/big-wait.err" "larger than" "status big-wait --wait"
	regs_are "$(registrations "$URL" big-wait)" 1
	row_end
}

# ---- the wrong content type ----------------------------------------------------------------------------
g_html_create() {
	start_sandbox html $FAST --fault "$POST:wrong-type"
	row_begin "HTML, not JSON (create answer)" "create --wait" \
		"create --wait: an HTML page as the create's answer is reconciled, not created twice, exit 0"
	create_run html-create "$URL" "" --timeout 10
	no_crash html-create
	want_rc 0
	says "$T/html-create.err" "not created twice" "is ACTIVE"
	regs_are "$(registrations "$URL" html-create)" 1
	row_end
}
g_html_wait() {
	start_sandbox html2 $FAST --fault "$GET:wrong-type"
	row_begin "HTML, not JSON (every status answer)" "create --wait" \
		"create --wait: HTML status answers end the wait with what to do next, exit 8"
	create_run html-wait "$URL" "" --timeout 4
	no_crash html-wait
	want_rc 8
	says "$T/html-wait.err" "could not be read" "status html-wait --wait"
	regs_are "$(registrations "$URL" html-wait)" 1
	row_end
}

# ---- an untrusted TLS certificate --------------------------------------------------------------------------
g_tls() {
	sh "$REPO/tests/support/make-test-ca.sh" "$T/ca" && sh "$REPO/tests/support/make-test-ca.sh" "$T/other-ca"
	start_sandbox tls $FAST --tls-cert "$T/ca/server.crt" --tls-key "$T/ca/server.key"
	row_begin "TLS certificate of an unknown CA" "create --wait" \
		"create --wait: a certificate from a CA not given with --ca-file is refused with the fix, exit 8"
	create_run tls-unknown "$URL" "" --timeout 5
	no_crash tls-unknown
	want_rc 8
	says "$T/tls-unknown.err" "certificate" "--ca-file"
	regs_are "$(registrations "$URL" tls-unknown --cacert "$T/ca/ca.crt")" 0
	row_end

	row_begin "TLS certificate, --ca-file of another CA" "create --wait" \
		"create --wait: --ca-file naming the wrong CA is refused with the fix, exit 8"
	ao_run tls-other --api-url "$URL" --ca-file "$T/other-ca/ca.crt" create --answers "$T/source.json" \
		--name tls-other --endpoint-url "$URL/demo/mcp" --secret-file "$T/token" --wait --timeout 5
	no_crash tls-other
	want_rc 8
	says "$T/tls-other.err" "certificate" "--ca-file"
	regs_are "$(registrations "$URL" tls-other --cacert "$T/ca/ca.crt")" 0
	row_end

	row_begin "none: the right --ca-file (control)" "create --wait" \
		"create --wait: the same simulator with its CA given by --ca-file works (control), exit 0"
	ao_run tls-ok --api-url "$URL" --ca-file "$T/ca/ca.crt" create --answers "$T/source.json" \
		--name tls-ok --endpoint-url "$URL/demo/mcp-open" --auth-type NO_AUTH --wait --timeout 5
	no_crash tls-ok
	want_rc 0
	says "$T/tls-ok.err" "is ACTIVE"
	regs_are "$(registrations "$URL" tls-ok --cacert "$T/ca/ca.crt")" 1
	row_end
}

# ---- signals -----------------------------------------------------------------------------------------
# While waiting: the source stays PENDING (the agent refuses the token).
row_sig_wait() {
	sig=$1 id=sig-wait-$2
	start_sandbox "$id" $FAST
	row_begin "SIG$sig while waiting" "create --wait" \
		"create --wait: SIG$sig while waiting stops at once, says how to resume, exit 130, source kept"
	create_start "$id" "$URL" "$T/wrong-token" --timeout 30
	pid=$(ao_pid "$id")
	# it is waiting once it has checked the status
	wait_until 10 grep -q "GET /api/v2/storefront/inventory-sources/$id " "$T/$id.log"
	kill -"$sig" "$pid"
	ao_finish "$id"
	no_crash "$id"
	want_rc 130
	says "$T/$id.err" "Interrupted" "status $id --wait"
	# "Interrupted" (not the --timeout 30 message) shows the signal ended
	# it; the ceiling is only against a hang
	need "ended before the 30 s timeout (${MS} ms in all)" ms_at_most 25000
	need "the source is still there, PENDING" test "$(status_of "$URL" "$id")" = PENDING
	regs_are "$(registrations "$URL" "$id")" 1
	row_end
}
g_sig_wait_int() { row_sig_wait INT int; }
g_sig_wait_term() { row_sig_wait TERM term; }
g_sig_wait_hup() { row_sig_wait HUP hup; }

# While the create is in flight (the simulator takes 1.5 s to answer): the
# program cannot know whether it was created, and must say how to check.
row_sig_post() {
	sig=$1 id=sig-post-$2
	# held long enough that the signal surely lands while it is in flight
	start_sandbox "$id" $FAST --fault "$POST:latency=8000"
	row_begin "SIG$sig while the create is in flight" "create --wait" \
		"create --wait: SIG$sig during the create says it may exist and how to check, exit 130, no duplicate"
	create_start "$id" "$URL" "" --timeout 30
	pid=$(ao_pid "$id")
	# the simulator says when it holds the create (not a guessed sleep)
	wait_until 20 grep -q "holding $POST " "$T/$id.log"
	kill -"$sig" "$pid"
	ao_finish "$id"
	no_crash "$id"
	want_rc 130
	says "$T/$id.err" "may have been created" "agent-onboard list"
	# the simulator finishes the request it was given
	wait_until 20 grep -q "source $id created" "$T/$id.log"
	regs_are "$(registrations "$URL" "$id")" 1
	row_end
}
g_sig_post_int() { row_sig_post INT int; }
g_sig_post_term() { row_sig_post TERM term; }
g_sig_post_hup() { row_sig_post HUP hup; }

# While the platform key is looked up in a keyring that stalls (3 s).
g_sig_keyring() {
	stalled_bus stall1
	start_sandbox sigk $FAST
	row_begin "SIGTERM during a stalled keyring lookup" "create --wait" \
		"create --wait: SIGTERM while the keyring stalls ends with a message, exit 130, nothing sent"
	unset SCOPE3_API_KEY
	export DBUS_SESSION_BUS_ADDRESS="$STALLED_BUS"
	create_start sig-keyring "$URL" "" --timeout 5
	pid=$(ao_pid sig-keyring)
	# the program is in the lookup once the bus has started the (stalling)
	# service for it
	wait_until 20 test -s "$T/stall1.svcpid"
	kill -TERM "$pid"
	ao_finish sig-keyring
	no_crash sig-keyring
	want_rc 130
	says "$T/sig-keyring.err" "interrupted"
	regs_are "$(registrations "$URL" sig-keyring)" 0
	row_end
}

# ---- the keyring, when the key must come from it -------------------------------------------------------------
g_kr_absent() {
	start_sandbox kra $FAST
	row_begin "keyring absent (no session bus)" "create --wait" \
		"create --wait: no session bus: names the cause and the fix (SCOPE3_API_KEY), exit 9, nothing sent"
	unset SCOPE3_API_KEY
	create_run kr-absent "$URL" "" --timeout 5
	no_crash kr-absent
	want_rc 9
	says "$T/kr-absent.err" "no session bus" "SCOPE3_API_KEY"
	regs_are "$(registrations "$URL" kr-absent)" 0
	row_end
}

# locked: a keyring of its own (a nested private session), where login
# stores the key and the collection is then locked.
g_kr_locked() {
	start_sandbox krl $FAST
	printf '%s\n' "$DEMO_KEY" >"$T/platform-key"
	chmod 600 "$T/platform-key"
	cat >"$T/locked.sh" <<EOF
unset SCOPE3_API_KEY
"$AO_BIN" --api-url "$URL" login --secret-file "$T/platform-key" >"$T/kr-locked.login" 2>&1 || exit 1
gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \\
	--method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" \\
	>>"$T/kr-locked.login" 2>&1 || exit 1
python3 "$T/wrap.py" "$T/kr-locked.status" "$T/kr-locked.pid" "$AO_BIN" --api-url "$URL" create \\
	--answers "$T/source.json" --name kr-locked --endpoint-url "$URL/demo/mcp" \\
	--secret-file "$T/token" --wait --timeout 5 >"$T/kr-locked.out" 2>"$T/kr-locked.err"
exit 0
EOF
	row_begin "keyring locked (the key is stored there)" "create --wait" \
		"create --wait: the key's keyring is locked: says so and how to unlock, exit 9, nothing sent"
	if sh "$REPO/tests/with-test-keyring.sh" sh "$T/locked.sh" 2>"$T/kr-locked.setup"; then
		HOW=$(cat "$T/kr-locked.status" 2>/dev/null || echo "no status")
		RC=${HOW#* }
		case $HOW in signal*) RC=$((128 + RC)) ;; esac
		no_crash kr-locked
		want_rc 9
		says "$T/kr-locked.err" "locked" "unlock" "SCOPE3_API_KEY"
	else
		R_WHY="
the locked keyring could not be set up: $(cat "$T/kr-locked.login" "$T/kr-locked.setup" 2>/dev/null | tr '\n' ' ')"
	fi
	regs_are "$(registrations "$URL" kr-locked)" 0
	row_end
}

g_kr_stalled() {
	stalled_bus stall2
	start_sandbox krs $FAST
	row_begin "keyring stalled (service never starts)" "create --wait" \
		"create --wait: a stalled Secret Service is given up within seconds, named, exit 9, nothing sent"
	unset SCOPE3_API_KEY
	export DBUS_SESSION_BUS_ADDRESS="$STALLED_BUS"
	create_run kr-stalled "$URL" "" --timeout 5
	unset DBUS_SESSION_BUS_ADDRESS
	no_crash kr-stalled
	want_rc 9
	says "$T/kr-stalled.err" "did not answer" "SCOPE3_API_KEY"
	# "did not answer" is the store's own 3 s deadline speaking (libsecret's
	# own 25 s block would end with its own words); the time is only a
	# ceiling against a hang, generous for a loaded machine
	need "ended, without hanging (took ${MS} ms)" ms_at_most 90000
	regs_are "$(registrations "$URL" kr-stalled)" 0
	row_end
}

CREATE_GROUPS="g_latency g_429_create g_kr_stalled g_503 g_503_wait g_json_wait g_big_wait
	g_html_wait g_429_wait g_503_twice g_sig_wait_int g_sig_wait_term g_sig_wait_hup g_sig_post_int
	g_sig_post_term g_sig_post_hup g_sig_keyring g_kr_locked g_kr_absent g_500 g_502 g_refused
	g_reset g_midbody g_commit g_json_create g_big_create g_html_create g_tls"

# ================================================================================
# the wizard (tmux, 80x24, C.UTF-8, ESCDELAY=25), keyring absent unless said
# ================================================================================
K="SCOPE3_API_KEY=$DEMO_KEY"
# Each helper waits for its step, answers it and presses Enter; it fails
# (return 1, the screen dumped) when the step does not show.
w_platform() { wait_for "Press Enter to continue" && key Enter; }
w_kind() { wait_for "What to register" && type_text 1 && key Enter; }
w_name() { wait_for "Name and id" && type_text "$1" && key Enter && key Enter; }
w_agent() { wait_for "Agent type and protocol" && type_text 1 && key Enter && type_text 1 && key Enter; }
w_endpoint() { wait_for "Endpoint URL  Step" && type_text "$1" && key Enter; }
w_auth_key() { wait_for "Authentication  Step" && type_text 1 && key Enter; }
w_token() { wait_for "Credentials  Step" && wait_for "Token" && type_text "$1" && key Enter; }
w_details() { wait_for "Details  Step" && key Enter; }
w_submit() { wait_for "Review  Step" && key Enter; }
# w_to_review NAME URL TOKEN: from the platform step to the review.
w_to_review() {
	w_platform && w_kind && w_name "$1" && w_agent && w_endpoint "$2/demo/mcp" && w_auth_key &&
		w_token "$3" && w_details && wait_for "Review  Step"
}
# capture RUN: the screen (while it runs) or the whole scrollback, in a file
capture() { screen >"$T/$1.screen"; }
capture_all() { scrollback >"$T/$1.err"; }
# draft_ok JQ_EXPR: the draft exists, is private (0600), is JSON, and the
# expression holds; it holds no secret (token, platform key).
draft_ok() {
	[ -f "$DRAFT" ] && [ "$(stat -c %a "$DRAFT")" = 600 ] && jq -e "$1" "$DRAFT" >/dev/null &&
		! grep -rqF -e demo-agent-token -e wrong-token -e "$DEMO_KEY" "$XDG_STATE_HOME"
}
# draft_row JQ_EXPR: the row's "draft intact" check and column.
draft_row() {
	if draft_ok "$1"; then
		R_DRAFT=intact
	else
		R_DRAFT=LOST
		R_WHY="$R_WHY
the draft is not intact: want $1, have $(tr -d '\n\t' <"$DRAFT" 2>/dev/null || echo 'no draft')"
	fi
}
# resumes_with RUN TEXT [ENV]: a new start offers to resume, showing TEXT.
resumes_with() {
	_rr=$1 _txt=$2; shift 2
	tui_start "$_rr" 80 24 "$@" -- --api-url "$URL"
	wait_for "Resume where you left off" && wait_for "$_txt"
	_ok=$?
	hang_up
	return $_ok
}
posts() { sandbox_requests "$1" "POST /api/v2/storefront/inventory-sources "; }

# ---- 503 at submit, then quit and resume ---------------------------------------------------
wz_503() {
	start_sandbox w503 $FAST --fault "$POST:status=503,times=3"
	row_begin "HTTP 503 (x3) at submit, quit" "wizard" \
		"wizard: 503 at submit says what happened and what to do; quitting keeps the draft, exit 130"
	tui_start w503a 80 24 "$K" -- --api-url "$URL"
	w_to_review "Wiz Five" "$URL" demo-agent-token && key Enter
	wait_for "try again" 20
	capture w503a
	key q
	wait_for "Quit and keep the draft" && key Enter
	tui_exit 10
	capture_all w503a
	no_crash w503a
	want_rc 130
	says "$T/w503a.screen" "HTTP 503" "not created" "try again"
	says "$T/w503a.err" "saved" "run agent-onboard again"
	draft_row '.step == "review" and .answers.name == "Wiz Five" and (.answers.endpointUrl | endswith("/demo/mcp"))'
	regs_are "$(registrations "$URL" wiz-five)" 0
	row_end

	row_begin "resume after the 503" "wizard" \
		"wizard: resuming after the 503 asks only for the token again and registers once, exit 0"
	tui_start w503b 80 24 "$K" -- --api-url "$URL"
	wait_for "Resume where you left off" && key Enter
	# secrets are not in drafts (and there is no keyring): resuming asks
	# for the token first, then comes back to the review
	w_token demo-agent-token && w_submit
	wait_for "ACTIVE: the registration is live" 20 && key Enter
	tui_exit 10
	capture_all w503b
	no_crash w503b
	want_rc 0
	says "$T/w503b.err" "ACTIVE"
	need "the draft is gone once registered" test ! -e "$DRAFT"
	R_DRAFT="done"
	regs_are "$(registrations "$URL" wiz-five)" 1
	row_end
}

# ---- drop after commit at submit, with and without a hang-up ----------------------------------
wz_commit() {
	start_sandbox wdac $FAST --fault "$POST:drop-after-commit,times=1"
	row_begin "drop after commit at submit" "wizard" \
		"wizard: the create committed then dropped is found, not created twice, exit 0"
	tui_start wdac 80 24 "$K" -- --api-url "$URL"
	w_to_review "Wiz Commit" "$URL" demo-agent-token && key Enter
	wait_for "ACTIVE: the registration is live" 20
	capture wdac
	key Enter
	tui_exit 10
	no_crash wdac
	want_rc 0
	says "$T/wdac.screen" "not created twice"
	need "one create sent" test "$(posts wdac)" = 1
	need "the draft is gone once registered" test ! -e "$DRAFT"
	R_DRAFT="done"
	regs_are "$(registrations "$URL" wiz-commit)" 1
	row_end
}

wz_commit_hup() {
	start_sandbox wdh $FAST --fault "$POST:latency=8000,times=1" --fault "$POST:drop-after-commit,times=1"
	row_begin "drop after commit + hang-up at submit" "wizard" \
		"wizard: a hang-up while the create is in flight keeps the draft marked submitted, exit 130"
	tui_start wdh1 80 24 "$K" -- --api-url "$URL"
	w_to_review "Wiz Hangup" "$URL" demo-agent-token && key Enter
	wait_for "Submitting" && wait_until 20 grep -q "holding $POST " "$T/wdh.log"
	hang_up
	tui_exit 10
	no_crash wdh1
	want_rc 130
	R_MSG="(terminal closed)"
	draft_row '.submitStarted == true and .answers.name == "Wiz Hangup"'
	# the simulator finishes the create it was given, then drops the answer
	wait_until 20 grep -q 'then dropped' "$T/wdh.log"
	regs_are "$(registrations "$URL" wiz-hangup)" 1
	row_end

	row_begin "resume after drop-after-commit + hang-up" "wizard" \
		"wizard: resuming a submission that had arrived finds it and does not create it again, exit 0"
	tui_start wdh2 80 24 "$K" -- --api-url "$URL"
	wait_for "A submission was interrupted" && key Enter
	wait_for "ACTIVE: the registration is live" 20
	capture wdh2
	key Enter
	tui_exit 10
	no_crash wdh2
	want_rc 0
	says "$T/wdh2.screen" "not created again"
	need "no second create was sent ($(posts wdh) in all)" test "$(posts wdh)" = 1
	R_DRAFT="done"
	regs_are "$(registrations "$URL" wiz-hangup)" 1
	row_end
}

# ---- latency beyond the wizard's --timeout -----------------------------------------------------
wz_latency() {
	# as g_latency: the check would answer after 120 s
	start_sandbox wlat $FAST --fault "$GET:latency=120000"
	row_begin "latency 120 s > --timeout=1 (status)" "wizard" \
		"wizard: a status check slower than --timeout ends the wait at the timeout, exit 6"
	tui_start wlat 80 24 "$K" -- --api-url "$URL" --timeout=1
	w_to_review "Wiz Slow" "$URL" wrong-token && key Enter
	t0=$(now_ms)
	wait_for "Still PENDING" 40
	MS=$(($(now_ms) - t0))
	key Enter
	tui_exit 10
	capture_all wlat
	no_crash wlat
	want_rc 6
	says "$T/wlat.err" "Still PENDING" "status wiz-slow --api-url $URL --wait"
	need "ended before the 120 s check could answer (took ${MS} ms)" ms_at_most 100000
	regs_are "$(registrations "$URL" wiz-slow)" 1
	row_end
}

# ---- keyring absent: said before any secret is asked for ------------------------------------------
wz_kr_absent() {
	start_sandbox wkr $FAST
	row_begin "keyring absent (no session bus)" "wizard" \
		"wizard: no keyring: the cause and the choices (memory, SCOPE3_API_KEY) come before the key prompt"
	unset SCOPE3_API_KEY
	tui_start wkr 80 24 -- --api-url "$URL"
	wait_for "in memory, for this run only"
	capture wkr
	says "$T/wkr.screen" "no session bus" "in memory, for this run only" "SCOPE3_API_KEY"
	need "the key field is empty when the explanation shows" grep -q 'API key  *\[  *\]' "$T/wkr.screen"
	type_text "$DEMO_KEY" && key Enter
	# the platform step may wait for Enter once the key is accepted
	wait_until 10 sh -c "$TM capture-pane -p -t w | grep -q -e 'Press Enter to continue' -e 'What to register'"
	_has "Press Enter to continue" && key Enter
	w_kind && w_name "Wiz Memory" && w_agent && w_endpoint "$URL/demo/mcp" && w_auth_key &&
		w_token demo-agent-token && w_details && w_submit
	wait_for "ACTIVE: the registration is live" 20 && key Enter
	tui_exit 10
	no_crash wkr
	want_rc 0
	need "no file holds the platform key or the token" \
		sh -c "! grep -rqF -e '$DEMO_KEY' -e demo-agent-token '$HOME' '$XDG_STATE_HOME'"
	R_DRAFT="done"
	regs_are "$(registrations "$URL" wiz-memory)" 1
	row_end
}

# ---- signals at each step ---------------------------------------------------------------------------
wz_sig_name() {
	start_sandbox wsn $FAST
	row_begin "SIGINT x2 at Name and id (typed)" "wizard" \
		"wizard: SIGINT opens the quit dialog, a second one quits with the draft kept, exit 130"
	tui_start wsn 80 24 "$K" -- --api-url "$URL"
	w_platform && w_kind && wait_for "Name and id" && type_text "Sig Name"
	wait_for "Sig Name"
	kill -INT "$(tui_pid)"
	wait_for "Quit?"
	kill -INT "$(tui_pid)"
	tui_exit 10
	capture_all wsn
	no_crash wsn
	want_rc 130
	says "$T/wsn.err" "interrupted" "run agent-onboard again"
	draft_row '.answers.name == "Sig Name"'
	need "the next start offers to resume it" resumes_with wsn2 '"Sig Name"' "$K"
	regs_are "$(registrations "$URL" sig-name)" 0
	row_end
}
wz_sig_endpoint() {
	start_sandbox wse $FAST
	row_begin "SIGTERM at Endpoint URL (half typed)" "wizard" \
		"wizard: SIGTERM saves even the half-typed endpoint and says how to resume, exit 130"
	tui_start wse 80 24 "$K" -- --api-url "$URL"
	w_platform && w_kind && w_name "Sig Endpoint" && w_agent && wait_for "Endpoint URL  Step" &&
		type_text "$URL/demo/mc"
	wait_for "/demo/mc"
	kill -TERM "$(tui_pid)"
	tui_exit 10
	capture_all wse
	no_crash wse
	want_rc 130
	says "$T/wse.err" "terminated (SIGTERM)" "run agent-onboard again"
	draft_row ".answers.name == \"Sig Endpoint\" and .answers.endpointUrl == \"$URL/demo/mc\""
	need "the next start offers to resume it" resumes_with wse2 '"Sig Endpoint"' "$K"
	regs_are "$(registrations "$URL" sig-endpoint)" 0
	row_end
}
wz_sig_creds() {
	start_sandbox wsc $FAST
	row_begin "SIGHUP at Credentials (token typed)" "wizard" \
		"wizard: SIGHUP at the credentials keeps every answer but the token, exit 130"
	tui_start wsc 80 24 "$K" -- --api-url "$URL"
	w_platform && w_kind && w_name "Sig Creds" && w_agent && w_endpoint "$URL/demo/mcp" && w_auth_key &&
		wait_for "Credentials  Step" && type_text demo-agent-token
	wait_for "****"
	kill -HUP "$(tui_pid)"
	tui_exit 10
	capture_all wsc
	no_crash wsc
	want_rc 130
	says "$T/wsc.err" "hung up (SIGHUP)" "run agent-onboard again"
	draft_row '.answers.name == "Sig Creds" and .answers.authenticationType == "API_KEY"'
	need "the next start offers to resume it" resumes_with wsc2 '"Sig Creds"' "$K"
	regs_are "$(registrations "$URL" sig-creds)" 0
	row_end
}
wz_hangup_review() {
	start_sandbox whr $FAST
	row_begin "terminal hang-up at Review" "wizard" \
		"wizard: the terminal closing at the review keeps the draft at the review, exit 130"
	tui_start whr 80 24 "$K" -- --api-url "$URL"
	w_to_review "Sig Review" "$URL" demo-agent-token
	hang_up
	tui_exit 10
	no_crash whr
	want_rc 130
	R_MSG="(terminal closed)"
	draft_row '.step == "review" and .answers.name == "Sig Review"'
	need "the next start offers to resume it" resumes_with whr2 '"Sig Review"' "$K"
	regs_are "$(registrations "$URL" sig-review)" 0
	row_end
}
# The terminal goes away but no SIGHUP comes (the process that would pass
# it on ignores it): reads fail at once, and the wizard must end as for
# SIGHUP, not run on without a terminal.
wz_hangup_nosig() {
	start_sandbox whn $FAST
	row_begin "terminal gone, no SIGHUP, at Name and id" "wizard" \
		"wizard: a terminal that goes away without SIGHUP ends the wizard with the draft kept, exit 130"
	tui_start whn 80 24 "$K" WRAP_HUP=ignore -- --api-url "$URL"
	w_platform && w_kind && wait_for "Name and id" && type_text "Sig Gone"
	wait_for "Sig Gone"
	hang_up
	tui_exit 5
	no_crash whn
	want_rc 130
	R_MSG="(terminal closed)"
	draft_row '.answers.name == "Sig Gone"'
	regs_are "$(registrations "$URL" sig-gone)" 0
	row_end
}
wz_sig_wait() {
	start_sandbox wsw $FAST
	row_begin "SIGTERM at the wait screen (PENDING)" "wizard" \
		"wizard: SIGTERM while waiting keeps the draft at the wait; resuming waits, no new create, exit 130"
	tui_start wsw 80 24 "$K" -- --api-url "$URL"
	w_to_review "Sig Wait" "$URL" wrong-token && key Enter
	wait_for "Waiting for activation" && wait_for "PENDING"
	kill -TERM "$(tui_pid)"
	tui_exit 10
	capture_all wsw
	no_crash wsw
	want_rc 130
	says "$T/wsw.err" "terminated (SIGTERM)" "run agent-onboard again"
	draft_row '.step == "wait" and .registeredId == "sig-wait"'
	need "the next start offers to resume the wait" resumes_with wsw2 "goes back to waiting" "$K"
	regs_are "$(registrations "$URL" sig-wait)" 1
	row_end

	row_begin "Ctrl-C x2 at the resumed wait" "wizard" \
		"wizard: Ctrl-C (keys) at the resumed wait quits without creating again, exit 130"
	tui_start wsw3 80 24 "$K" -- --api-url "$URL"
	wait_for "Resume where you left off" && key Enter
	wait_for "Waiting for activation" && wait_for "next check"
	key C-c
	wait_for "Quit?" && key C-c
	tui_exit 10
	capture_all wsw3
	no_crash wsw3
	want_rc 130
	says "$T/wsw3.err" "interrupted" "run agent-onboard again"
	draft_row '.step == "wait" and .registeredId == "sig-wait"'
	need "no second create was sent ($(posts wsw) in all)" test "$(posts wsw)" = 1
	regs_are "$(registrations "$URL" sig-wait)" 1
	row_end
}

WIZARD_GROUPS="wz_503 wz_commit_hup wz_latency wz_sig_wait wz_kr_absent wz_commit wz_sig_name
	wz_sig_endpoint wz_sig_creds wz_hangup_review wz_hangup_nosig"

# The slow groups first, so that the parallel runs end together.
# shellcheck disable=SC2086
# FX_ONLY="g_tls wz_503" runs only those groups (while working on them)
run_groups ${FX_ONLY:-$WIZARD_GROUPS $CREATE_GROUPS}

print_table "The fault matrix (exit e/g = expected/got; regs = registrations on the simulator)"
done_testing
