#!/bin/sh
# SPDX-License-Identifier: MIT
# The secret-leak audit (issue 8): every flow that handles a secret runs
# once with --log, using distinctive secrets -- the platform key (accepted
# by the simulator through AO_SANDBOX_API_KEY), an agent token, a basic-auth
# password, a JWT private key, and a token and a password typed into the
# wizard -- given through every channel (file, descriptor, stdin,
# environment, the keyboard).  Then every place a secret must never reach
# is searched for every one of them: the argv of every process (sampled
# from /proc/*/cmdline all along; /proc/PID/environ may hold the secrets
# given by environment and is not searched), the --log traces, the drafts
# (snapshots taken while the wizard runs), every file under HOME and the
# XDG dirs and TMPDIR, stdout/stderr, the terminal (screens and scrollback),
# and what a core-dump attempt (SIGSEGV / SIGABRT with ulimit -c unlimited)
# leaves behind.  Zero hits are required.  Positive controls show the
# search finds the secrets where they are meant to be (the secret files,
# the keyring).
#
#   sh tests/with-test-keyring.sh env AO_BIN=build/agent-onboard sh tests/e2e/secret_audit.sh
# (started without a session bus, it runs itself inside that wrapper)
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${AO_AUDIT_WRAPPED:-}" ]; then
	AO_AUDIT_WRAPPED=1 exec sh "${0%/*}/../with-test-keyring.sh" sh "$0"
fi
. "${0%/*}/lib/faults.sh"

if [ -z "$KEYRING_BUS" ] || ! command -v secret-tool >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
	echo "1..0 # SKIP needs a keyring (tests/with-test-keyring.sh), secret-tool and openssl"
	exit 0
fi
export DBUS_SESSION_BUS_ADDRESS="$KEYRING_BUS"
SCHEMA=io.interchange.agent-onboard.Secret
GROUP=audit
_k=0
SAN="$T/san/audit"
mkdir -p "$SAN" "$T/logs" "$T/tmp" "$T/drafts" "$T/term" "$T/core"
export ASAN_OPTIONS="${_SAN_BASE_ASAN:+$_SAN_BASE_ASAN:}log_path=$SAN/asan"
export UBSAN_OPTIONS="${_SAN_BASE_UBSAN:+$_SAN_BASE_UBSAN:}log_path=$SAN/ubsan"
export TMPDIR="$T/tmp"

# ---- the secrets: in files outside HOME, never on a command line ---------------------------
# (printf is a shell builtin: no process ever has a secret in its argv)
S="$T/secrets"
mkdir -m 700 "$S"
PKEY=scope3_AUDIT_key_9e1b
TOKEN=tok-AUDIT-7f3a9c
PASSWORD=pw-AUDIT-c41d
WTOKEN=tok-AUDIT-typed-2d8e
WPASS=pw-AUDIT-typed-6b07
printf '%s\n' "$PKEY" >"$S/pkey"
printf '%s\n' "$TOKEN" >"$S/token"
printf '%s\n' "$PASSWORD" >"$S/password"
printf '%s' "$WTOKEN" >"$S/wtoken"
printf '%s' "$WPASS" >"$S/wpass"
printf '%s' "$PKEY" >"$S/pkey.typed"
chmod 600 "$S"/*
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$S/agent.pem" 2>/dev/null
chmod 600 "$S/agent.pem"
# The needles: every secret, its distinctive part, every line of the PEM
# body and the private scalar in hex (whole, and each line openssl prints).
{
	printf '%s\n' "$PKEY" "$TOKEN" "$PASSWORD" "$WTOKEN" "$WPASS" \
		AUDIT_key_9e1b AUDIT-7f3a9c AUDIT-c41d AUDIT-typed-2d8e AUDIT-typed-6b07
	grep -v -e '-----' "$S/agent.pem"
	openssl pkey -in "$S/agent.pem" -text -noout 2>/dev/null |
		awk '/^priv:/ { p = 1; next } /^pub:/ { p = 0 } p { gsub(/ /, ""); print }' >"$S/priv.lines"
	grep -E '.{20,}' "$S/priv.lines" | sed 's/:$//'
	tr -d ':\n' <"$S/priv.lines"
	echo
} | sed '/^$/d' >"$S/needles"
# hits PATH...: the files under PATHs holding any secret (binary files too)
hits() { grep -rlaF -f "$S/needles" "$@" 2>/dev/null; }
no_hits() { [ -z "$(hits "$@")" ]; }

# ---- argv: a sampler reads /proc/*/cmdline of every process all along -----------------------
cat >"$T/sampler.py" <<'PY'
import os, signal, sys, time
out = open(sys.argv[1], "w")
seen = set()
sweeps = [0]
def stop(*a):
    out.write("# sweeps %d\n" % sweeps[0])
    out.close()
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
while True:
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if cmd and (pid, cmd) not in seen:
            seen.add((pid, cmd))
            out.write("%s\t%s\n" % (pid, cmd))
            out.flush()
    sweeps[0] += 1
    time.sleep(0.01)
PY
python3 "$T/sampler.py" "$T/argv.samples" &
SAMPLER=$!
_reg_pid "$SAMPLER"

# ---- the simulator, which accepts the audit key ------------------------------------------------
export AO_SANDBOX_API_KEY="$PKEY"
# (the sources stay PENDING: the demo agents refuse the audit's credentials;
# probing them once a second keeps the simulator quiet)
start_sandbox sb --activate-after 0.05 --probe-interval 1 --disable-after 0
unset AO_SANDBOX_API_KEY
U=$URL
LOGS="$T/logs"
ALL_RUNS=""

# ---- one row per run --------------------------------------------------------------------------
# audit_row NAME "SECRET via CHANNEL" WANT_RC [EXTRA PLACES...]: after a run,
# the row checks the run did not crash, ended as expected, wrote its
# --log trace, and no secret is in that trace, its stdout/stderr, or the
# extra places (terminal captures...).
audit_row() {
	_r=$1 _via=$2 _want=$3
	shift 3
	ALL_RUNS="$ALL_RUNS $_r"
	row_begin "$_r" "$_via" "audit: $_r ($_via): no secret in its --log trace, stdout/stderr${1:+, terminal}"
	no_crash "$_r"
	want_rc "$_want"
	# (logout and --dry-run send no request: nothing to trace)
	case $_r in logout* | *-dry | probe-[ps]*) ;; *) need "the --log trace was written" test -s "$LOGS/$_r.log" ;; esac
	# --log promises a trace of every request: a probe's go to the agent
	case $_r in probe-token) need "the --log trace holds the probe's requests to the agent (it has $(grep -c ' > [A-Z]* ' "$LOGS/$_r.log" 2>/dev/null) requests, none to /demo/)" grep -q ' > [A-Z]* .*/demo/' "$LOGS/$_r.log" ;; esac
	_h=$(hits "$LOGS/$_r.log" "$T/$_r.out" "$T/$_r.err" "$@" | sed "s#$T/##" | tr '\n' ' ')
	need "no secret in: $_h" test -z "$_h"
	R_MSG="log $(wc -c <"$LOGS/$_r.log" 2>/dev/null || echo 0) B; out+err $(cat "$T/$_r.out" "$T/$_r.err" 2>/dev/null | wc -c) B${1:+; terminal}"
	R_REGS=${_h:-0}
	R_DRAFT=-
	row_end
}
# ao RUN ARGS...: the binary with --api-url and --log (RC, HOW, MS set)
ao() { _r=$1; shift; ao_run "$_r" --api-url "$U" --log "$LOGS/$_r.log" "$@"; }
# slow_cat FILE: the file after 0.3 s, so the reader is seen waiting
slow_cat() { sleep 0.3; cat "$1"; }
lookup_key() {
	secret-tool lookup xdg:schema $SCHEMA api_url "$U" kind platform-api-key id default 2>/dev/null
}
SRC="--kind inventory-source --type SALES --protocol MCP"

# ---- login / logout ----------------------------------------------------------------------------
ao login-file login --secret-file "$S/pkey"
audit_row login-file "platform key, --secret-file" 0
ao logout-1 logout
audit_row logout-1 "platform key, keyring" 0
slow_cat "$S/pkey" | ao login-stdin login -
ao_status login-stdin
audit_row login-stdin "platform key, stdin" 0
ao logout-2 logout
audit_row logout-2 "platform key, keyring" 0
ao login-fd login --secret-fd 3 3<"$S/pkey"
audit_row login-fd "platform key, --secret-fd 3" 0
# positive control: the key is in the keyring (where it belongs) and the
# needles find it there
lookup_key >"$T/keyring.value"
row_begin keyring "platform key, secret-tool lookup" \
	"audit: positive control: login stored the key in the keyring, and the search finds it there"
need "the keyring holds the key and the search finds it" test -n "$(hits "$T/keyring.value")"
R_EXP=found R_GOT=$(hits "$T/keyring.value" | wc -l) R_MSG="the keyring is where the key belongs" R_DRAFT=- R_REGS=-
row_end
rm -f "$T/keyring.value"

# ---- create: API key, basic auth, JWT; from file, descriptor, stdin, environment ------------------
# (the platform key comes from the keyring; the demo agents refuse these
# credentials, so the sources stay PENDING: --wait ends at its --timeout)
ao c-token-file create $SRC --name "Aud Token File" --endpoint-url "$U/demo/mcp" --auth-type API_KEY \
	--secret-file "$S/token" --wait --timeout 1
audit_row c-token-file "token, --secret-file (--wait)" 6
ao c-token-fd create $SRC --name "Aud Token Fd" --endpoint-url "$U/demo/mcp" --auth-type API_KEY \
	--secret-fd 3 3<"$S/token"
audit_row c-token-fd "token, --secret-fd 3" 0
slow_cat "$S/token" | ao c-token-stdin create $SRC --name "Aud Token Stdin" --endpoint-url "$U/demo/mcp" \
	--auth-type API_KEY --secret-file - --json
ao_status c-token-stdin
audit_row c-token-stdin "token, stdin (--json)" 0
export AO_AGENT_TOKEN="$TOKEN"
ao c-token-env create $SRC --name "Aud Token Env" --endpoint-url "$U/demo/mcp" --auth-type API_KEY
unset AO_AGENT_TOKEN
audit_row c-token-env "token, AO_AGENT_TOKEN" 0
ao c-token-dry create $SRC --name "Aud Token Dry" --endpoint-url "$U/demo/mcp" --auth-type API_KEY \
	--secret-file "$S/token" --dry-run
audit_row c-token-dry "token, --secret-file (--dry-run)" 0

BASIC="--endpoint-url $U/demo/mcp-basic --auth-type BASIC_AUTH --username demo"
ao c-pw-file create $SRC --name "Aud Pw File" $BASIC --secret-file "$S/password"
audit_row c-pw-file "password, --secret-file" 0
ao c-pw-fd create $SRC --name "Aud Pw Fd" $BASIC --secret-fd 4 4<"$S/password" --wait --timeout 1
audit_row c-pw-fd "password, --secret-fd 4 (--wait)" 6
slow_cat "$S/password" | ao c-pw-stdin create $SRC --name "Aud Pw Stdin" $BASIC --secret-file -
ao_status c-pw-stdin
audit_row c-pw-stdin "password, stdin" 0
export AO_AGENT_PASSWORD="$PASSWORD"
ao c-pw-env create $SRC --name "Aud Pw Env" $BASIC
unset AO_AGENT_PASSWORD
audit_row c-pw-env "password, AO_AGENT_PASSWORD" 0

ao c-jwt create $SRC --name "Aud Jwt" --endpoint-url "$U/demo/mcp" --auth-type JWT \
	--private-key-file "$S/agent.pem" --algorithm ES256 --issuer iss-audit --subject sub-audit \
	--key-id kid-audit --scope adcp --token-endpoint-url "$U/token" --audience-url "$U/audience"
audit_row c-jwt "JWT key, --private-key-file" 0

# ---- status / list / doctor: the key from the keyring, then from the environment ------------------
ao status-1 status aud-token-file
audit_row status-1 "platform key, keyring" 6
ao status-wait status aud-pw-file --wait --timeout 0.5 --json
audit_row status-wait "platform key, keyring (--wait)" 6
ao list-1 list
audit_row list-1 "platform key, keyring" 0
export SCOPE3_API_KEY="$PKEY"
ao list-env list --json
audit_row list-env "platform key, SCOPE3_API_KEY" 0
ao doctor-env doctor
unset SCOPE3_API_KEY
R=$RC
audit_row doctor-env "platform key, SCOPE3_API_KEY" "$R"
ao doctor-1 doctor --json
audit_row doctor-1 "platform key, keyring" "$RC"

# ---- probe with a token and a password ------------------------------------------------------------
ao probe-token probe "$U/demo/mcp" --protocol MCP --auth-type API_KEY --secret-file "$S/token" --aao-check
audit_row probe-token "token, --secret-file" 4
export AO_AGENT_PASSWORD="$PASSWORD"
ao probe-pw probe "$U/demo/mcp-basic" --protocol MCP --auth-type BASIC_AUTH --username demo --json
unset AO_AGENT_PASSWORD
audit_row probe-pw "password, AO_AGENT_PASSWORD (--json)" 4
slow_cat "$S/token" | ao probe-stdin probe "$U/demo/a2a" --protocol A2A --auth-type API_KEY --secret-file -
ao_status probe-stdin
audit_row probe-stdin "token, stdin (A2A)" 4

# ---- core-dump attempts while secrets are in memory -------------------------------------------------
# In a directory of its own, with ulimit -c unlimited (core_pattern "core"):
# SIGSEGV / SIGABRT while create --wait holds the key and has sent the
# token.  The program makes itself undumpable; if a core appears anyway it
# must not hold a secret.  Control: a dumpable process does leave a core.
core_attempt() {
	_r=$1 _sig=$2
	mkdir -p "$T/core/$_r"
	(
		cd "$T/core/$_r" || exit 1
		ulimit -c unlimited 2>/dev/null
		export ASAN_OPTIONS="${_SAN_BASE_ASAN:+$_SAN_BASE_ASAN:}log_path=$T/core/$_r/asan"
		export UBSAN_OPTIONS="${_SAN_BASE_UBSAN:+$_SAN_BASE_UBSAN:}log_path=$T/core/$_r/ubsan"
		ao_start "$_r" --api-url "$U" --log "$LOGS/$_r.log" create $SRC --name "Aud Core $_sig" \
			--endpoint-url "$U/demo/mcp" --auth-type API_KEY --secret-file "$S/token" --wait --timeout 30
		_id=$(echo "aud-core-$_sig" | tr 'A-Z' 'a-z')
		wait_until 10 grep -q "GET /api/v2/storefront/inventory-sources/$_id " "$T/sb.log"
		kill -"$_sig" "$(ao_pid "$_r")"
		ao_finish "$_r"
		echo "$HOW" >"$T/$_r.how"
	)
	HOW=$(cat "$T/$_r.how")
	ALL_RUNS="$ALL_RUNS $_r"
	row_begin "$_r" "SIG$_sig, ulimit -c unlimited" \
		"audit: SIG$_sig during create --wait: no core file, or none with a secret; nothing in its output"
	# the deliberate signal is expected to end it (or the sanitizer's handler)
	need "it ended ($HOW)" test -s "$T/$_r.status"
	_cores=$(ls "$T/core/$_r" | grep '^core' | tr '\n' ' ')
	_h=$(hits "$T/core/$_r" "$LOGS/$_r.log" "$T/$_r.out" "$T/$_r.err" | sed "s#$T/##" | tr '\n' ' ')
	need "no secret in the core or the crash output: $_h" test -z "$_h"
	R_EXP=signal R_GOT=$(echo "$HOW" | tr ' ' '-')
	R_MSG="core files: ${_cores:-none}; reports: $(ls "$T/core/$_r" | grep -c -v '^core')"
	R_DRAFT=- R_REGS=${_h:-0}
	row_end
}
core_attempt core-segv SEGV
core_attempt core-abrt ABRT
mkdir -p "$T/core/control"
(
	cd "$T/core/control" && ulimit -c unlimited 2>/dev/null
	sleep 30 &
	_p=$!
	sleep 0.1
	kill -SEGV "$_p"
	wait "$_p" 2>/dev/null
)
if ls "$T/core/control" | grep -q '^core'; then
	CORE_CONTROL="a dumpable process left a core here, so core dumps are possible"
	rm -rf "$T/core/control"
else
	CORE_CONTROL="no core even from a dumpable process: this machine does not write cores"
fi

# ---- the wizard: a typed platform key, a typed token and a typed password ---------------------------
# Secrets are typed by pasting a tmux buffer loaded from a file, so no
# process (tmux send-keys) ever has one in its argv.
type_secret() { $TM load-buffer -b s "$1" && $TM paste-buffer -b s -d -t w; }
# paste_secret FILE LABEL: types the secret into the field labelled LABEL
# once it is ready for it (a form may be rebuilt while it settles, which
# drops what was typed): retried until the field shows it masked.
_masked() { screen | grep -q "$1  *\[\*\*\*\*"; }
paste_secret() {
	for _try in 1 2 3; do
		key C-u
		type_secret "$1"
		wait_until 2 _masked "$2" && return 0
	done
	echo "# the secret never reached the field $2"
	screen_dump
	return 1
}
has_secret() { screen | grep -qaF -f "$S/needles"; }
snap_draft() { [ -f "$DRAFT" ] && cp "$DRAFT" "$T/drafts/$1.json"; }
term_ok() { ! has_secret; }

ao logout-3 logout
audit_row logout-3 "platform key, keyring" 0

# 1. no key anywhere: the key is typed at the platform step and stored in
# the keyring; the token typed, shown with F2 and hidden again; submitted;
# then a core-dump attempt on the wizard itself while it waits.
mkdir -p "$T/core/wiz-token"
(cd "$T/core/wiz-token" || exit 1
	ulimit -c unlimited 2>/dev/null
	tui_start wiz-token 80 24 "DBUS_SESSION_BUS_ADDRESS=$KEYRING_BUS" \
		"ASAN_OPTIONS=${_SAN_BASE_ASAN:+$_SAN_BASE_ASAN:}log_path=$T/core/wiz-token/asan" \
		-- --api-url "$U" --log "$LOGS/wiz-token.log"
	echo "$TMS" >"$T/wiz-token.sock")
TMS=$(cat "$T/wiz-token.sock")
TM="tmux -S $TMS -f $T/tmux.conf"
_progs="$_progs $T/wiz-token.pid"
TUI_RUN=wiz-token
W=""
# each step waits for the screen it needs; the walk stops at the first
# one that does not show (W names what went wrong)
wiz_token_walk() {
	wait_for "Enter check key" || return 1
	term_ok || W="$W screen-at-start"
	paste_secret "$S/pkey.typed" "API key" && key Enter || return 1
	wait_until 10 sh -c "$TM capture-pane -p -t w | grep -q -e 'Press Enter to continue' -e 'What to register'"
	term_ok || W="$W platform-screen"
	if _has "Press Enter to continue"; then key Enter; fi
	wait_for "What to register" && type_text 1 && key Enter &&
		wait_for "Name and id" && type_text "Aud Wiz Token" && key Enter && key Enter &&
		wait_for "Agent type and protocol" && type_text 1 && key Enter && type_text 1 && key Enter &&
		wait_for "Endpoint URL  Step" && type_text "$U/demo/mcp" && key Enter &&
		wait_for "Authentication  Step" && type_text 1 && key Enter &&
		wait_for "Credentials  Step" && wait_for "Token" || return 1
	paste_secret "$S/wtoken" Token || { W="$W token-not-typed"; return 1; }
	term_ok || W="$W token-shown-while-typed"
	snap_draft wiz-token-credentials
	key F2
	# positive control of the screen search: F2 shows the token
	if wait_until 3 has_secret; then SHOWN=yes; else SHOWN=no; fi
	key F2
	wait_until 3 term_ok || W="$W token-still-shown-after-F2-hide"
	key Enter
	wait_for "Details  Step" && key Enter && wait_for "Review  Step" || return 1
	term_ok || W="$W review"
	snap_draft wiz-token-review
	key Enter
	wait_for "Waiting for activation" 15 && wait_for "PENDING" || return 1
	term_ok || W="$W wait-screen"
	snap_draft wiz-token-wait
}
SHOWN=no
wiz_token_walk || W="$W (the walk stopped)"
scrollback >"$T/term/wiz-token.live"
kill -SEGV "$(tui_pid)"
tui_exit 10
scrollback >"$T/term/wiz-token.after"
R_WIZ=$RC
RC=$R_WIZ
ALL_RUNS="$ALL_RUNS wiz-token"
row_begin wiz-token "platform key + token, typed (F2 on/off), SIGSEGV" \
	"audit: wizard with a typed platform key and token (F2 show/hide), then SIGSEGV: nothing on screen, in the scrollback, trace, drafts or core"
need "it ended ($HOW)" test -n "$HOW"
need "no secret on the screen where it must not be:$W" test -z "$W"
need "the --log trace was written" test -s "$LOGS/wiz-token.log"
_h=$(hits "$LOGS/wiz-token.log" "$T/term" "$T/drafts" "$T/core/wiz-token" | sed "s#$T/##" | tr '\n' ' ')
need "no secret in: $_h" test -z "$_h"
need "the keyring holds the typed key (the wizard stored it)" sh -c "secret-tool lookup xdg:schema $SCHEMA api_url '$U' kind platform-api-key id default | grep -qF -f '$S/needles'"
R_EXP=signal R_GOT=$(echo "$HOW" | tr ' ' '-')
R_MSG="log $(wc -c <"$LOGS/wiz-token.log") B; cores: $(ls "$T/core/wiz-token" | grep -c '^core')"
R_DRAFT=- R_REGS=${_h:-0}
row_end
row_begin wiz-token-F2 "token typed, F2" \
	"audit: positive control of the screen search: F2 shows the typed token, F2 hides it again"
need "F2 did not show the typed token (the field stayed masked)" test "$SHOWN" = yes
R_EXP=shown R_GOT=$SHOWN R_MSG="the search finds it while shown" R_DRAFT=- R_REGS=-
row_end

# 2. the key from the keyring; basic auth with a typed password (F2 on and
# off); submitted; d detaches (exit 6).
$TM kill-server 2>/dev/null
rm -f "$DRAFT"
tui_start wiz-pw 80 24 "DBUS_SESSION_BUS_ADDRESS=$KEYRING_BUS" -- --api-url "$U" --log "$LOGS/wiz-pw.log" --fresh
W=""
wiz_pw_walk() {
	wait_for "Press Enter to continue" && key Enter &&
		wait_for "What to register" && type_text 1 && key Enter &&
		wait_for "Name and id" && type_text "Aud Wiz Password" && key Enter && key Enter &&
		wait_for "Agent type and protocol" && type_text 1 && key Enter && type_text 1 && key Enter &&
		wait_for "Endpoint URL  Step" && type_text "$U/demo/mcp-basic" && key Enter &&
		wait_for "Authentication  Step" && type_text 2 && key Enter &&
		wait_for "Credentials  Step" && type_text demo && key Tab || return 1
	paste_secret "$S/wpass" Password || { W="$W password-not-typed"; return 1; }
	term_ok || W="$W password-shown-while-typed"
	snap_draft wiz-pw-credentials
	key F2
	if wait_until 3 has_secret; then PW_SHOWN=yes; else PW_SHOWN=no; fi
	key F2
	wait_until 3 term_ok || W="$W password-still-shown-after-F2-hide"
	key Enter
	wait_for "Details  Step" && key Enter && wait_for "Review  Step" || return 1
	term_ok || W="$W review"
	key Enter
	wait_for "Waiting for activation" 15 && wait_for "PENDING" || return 1
	term_ok || W="$W wait-screen"
	snap_draft wiz-pw-wait
}
PW_SHOWN=no
wiz_pw_walk || W="$W (the walk stopped)"
key d
tui_exit 10
scrollback >"$T/term/wiz-pw.after"
ALL_RUNS="$ALL_RUNS wiz-pw"
row_begin wiz-pw "password typed (F2 on/off), d" \
	"audit: wizard with a typed basic-auth password (F2 show/hide), detached: nothing on screen, scrollback, trace or drafts"
no_crash wiz-pw
want_rc 6
need "no secret on the screen where it must not be:$W" test -z "$W"
need "the --log trace was written" test -s "$LOGS/wiz-pw.log"
_h=$(hits "$LOGS/wiz-pw.log" "$T/term/wiz-pw.after" "$T/drafts" | sed "s#$T/##" | tr '\n' ' ')
need "no secret in: $_h" test -z "$_h"
R_MSG="log $(wc -c <"$LOGS/wiz-pw.log") B; terminal" R_DRAFT=- R_REGS=${_h:-0}
row_end
row_begin wiz-pw-F2 "password typed, F2" \
	"audit: positive control of the screen search: F2 shows the typed password, F2 hides it again"
need "F2 did not show the typed password (the field stayed masked)" test "$PW_SHOWN" = yes
R_EXP=shown R_GOT=$PW_SHOWN R_MSG="the search finds it while shown" R_DRAFT=- R_REGS=-
row_end
$TM kill-server 2>/dev/null

# ---- logout: everything removed, and said so ------------------------------------------------------
ao logout-4 logout
audit_row logout-4 "platform key + draft credentials, keyring" 0
need_gone() { [ -z "$(lookup_key)" ]; }
row_begin keyring-end "platform key, secret-tool lookup" "audit: logout removed the platform key from the keyring"
need "the key is still in the keyring" need_gone
R_EXP=gone R_GOT=$(need_gone && echo gone || echo present) R_MSG="" R_DRAFT=- R_REGS=-
row_end

# ---- the places searched once everything ran ------------------------------------------------------
kill "$SAMPLER" 2>/dev/null
wait "$SAMPLER" 2>/dev/null
# every run that took a secret from a file, a descriptor or stdin waited
# at least 0.3 s for it, long enough for the sampler to see it
seen=0 missed=""
for r in $ALL_RUNS; do
	p=$(cat "$T/$r.pid" 2>/dev/null) || continue
	if grep -q "^$p	" "$T/argv.samples"; then seen=$((seen + 1)); else missed="$missed $r"; fi
done
sweeps=$(sed -n 's/^# sweeps //p' "$T/argv.samples")
row_begin "argv" "/proc/*/cmdline, every process" \
	"audit: no secret in the argv of any process ($sweeps sweeps of /proc, $(grep -c '	' "$T/argv.samples") distinct command lines)"
_h=$(grep -aF -f "$S/needles" "$T/argv.samples" | cut -c 1-120 | tr '\n' ' ')
need "secrets in argv: $_h" test -z "$_h"
need "the sampler saw the runs that wait for their secret (missed:$missed)" \
	sh -c "for r in login-stdin c-token-stdin c-pw-stdin probe-stdin wiz-token wiz-pw; do case ' $missed ' in *\" \$r \"*) exit 1 ;; esac; done"
R_EXP=0 R_GOT=$(grep -caF -f "$S/needles" "$T/argv.samples")
R_MSG="program runs seen: $seen of $(echo $ALL_RUNS | wc -w)" R_DRAFT=- R_REGS=${_h:-0}
row_end

row_begin "files" "HOME, XDG state/config/cache, TMPDIR" \
	"audit: no secret in any file under HOME, the XDG dirs (drafts) or TMPDIR"
_files=$(find "$HOME" "$T/state" "$T/config" "$T/cache" "$T/tmp" -type f | wc -l)
_h=$(hits "$HOME" "$T/state" "$T/config" "$T/cache" "$T/tmp" | sed "s#$T/##" | tr '\n' ' ')
need "secrets in: $_h" test -z "$_h"
R_EXP=0 R_GOT=$(echo "$_h" | wc -w) R_MSG="$_files files" R_DRAFT=- R_REGS=${_h:-0}
row_end

row_begin "drafts" "draft snapshots while the wizard ran" \
	"audit: no secret in the drafts saved while secrets were typed ($(ls "$T/drafts" | wc -l) snapshots)"
need "draft snapshots were taken" test -n "$(ls "$T/drafts")"
_h=$(hits "$T/drafts" | sed "s#$T/##" | tr '\n' ' ')
need "secrets in: $_h" test -z "$_h"
R_EXP=0 R_GOT=$(echo "$_h" | wc -w) R_MSG="$(ls "$T/drafts" | tr '\n' ' ' | cut -c 1-58)" R_DRAFT=- R_REGS=${_h:-0}
row_end

row_begin "logs" "every --log trace" "audit: no secret in any --log trace ($(ls "$LOGS" | wc -l) traces)"
_h=$(hits "$LOGS" | sed "s#$T/##" | tr '\n' ' ')
need "secrets in: $_h" test -z "$_h"
need "the traces show requests with the key masked" grep -rq 'Authorization: \*' "$LOGS"
R_EXP=0 R_GOT=$(echo "$_h" | wc -w) R_MSG="$(cat "$LOGS"/* | wc -c) bytes" R_DRAFT=- R_REGS=${_h:-0}
row_end

row_begin "output" "stdout and stderr of every run" "audit: no secret on the stdout or stderr of any run"
_h=$(for r in $ALL_RUNS; do hits "$T/$r.out" "$T/$r.err"; done | sed "s#$T/##" | tr '\n' ' ')
need "secrets in: $_h" test -z "$_h"
R_EXP=0 R_GOT=$(echo "$_h" | wc -w) R_MSG="$(for r in $ALL_RUNS; do cat "$T/$r.out" "$T/$r.err" 2>/dev/null; done | wc -c) bytes" R_DRAFT=- R_REGS=${_h:-0}
row_end

row_begin "positive" "needles in the secret files" \
	"audit: positive control: the search finds every needle in the secret files themselves"
need "every needle is found" test "$(cat "$S"/pkey "$S"/token "$S"/password "$S"/wtoken "$S"/wpass "$S"/agent.pem "$S"/priv.lines 2>/dev/null |
	tr -d ':\n ' | grep -coaF -f "$S/needles")" -ge 1
R_EXP=found R_GOT=$(grep -lraF -f "$S/needles" "$S" | grep -c -v needles) R_MSG="$(wc -l <"$S/needles") needles" R_DRAFT=- R_REGS=-
row_end

emit_rows audit
echo "# core-dump control: $CORE_CONTROL"
echo "# The secret-leak audit (hits = files or samples holding a secret; zero required)"
awk -F '\t' 'BEGIN {
	fmt = "# %-3s %-15s %-45s %-14s %-48s %-8s %s\n"
	printf fmt, "#", "flow", "secret / channel / searched", "exit e/g", "evidence", "hits", "result"
} { printf fmt, $1, $2, substr($3, 1, 45), $4, substr($5, 1, 48), substr($7, 1, 8), $8 }' "$T/rows.tsv"
done_testing
