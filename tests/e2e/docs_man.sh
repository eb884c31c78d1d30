#!/bin/sh
# SPDX-License-Identifier: MIT
# The documentation stays true to the program: every command's --help exits
# 0; the man page renders without warnings and names every command, every
# option each --help shows, every exit code of enum ao_exit and every
# environment variable; `make install` installs it; the example answers
# files cover both kinds and every auth type, and all of them validate.
. "${0%/*}/lib/cli.sh"

MAN=$REPO/assets/agent-onboard.1
# the man page with roff's \- turned into plain dashes, for grepping
sed 's/\\-/-/g; s/\\(en/-/g' "$MAN" >"$T/man.txt"

commands=$(sed -n 's/^[[:space:]]*{ "\([a-z]*\)", ao_cmd_[a-z]* },.*/\1/p' "$REPO/src/cli/main.c")
if [ -n "$commands" ]; then ok "commands read from src/cli/main.c: $(echo $commands)"; else fail "no commands found in main.c"; fi

# ---- --help -------------------------------------------------------------------

run_ao --help
expect_rc "agent-onboard --help" 0
for c in $commands; do
	run_ao "$c" --help
	if [ "$RC" -ne 0 ] && grep -q 'is not in this build yet' "$T/err"; then
		skip "agent-onboard $c --help" "the $c command is not in this build yet"
		continue
	fi
	expect_rc "agent-onboard $c --help" 0
	check "agent-onboard $c --help starts with Usage" grep -q '^Usage: agent-onboard' "$T/out"
	cp "$T/out" "$T/help-$c"
done

# ---- the man page ---------------------------------------------------------------

if command -v groff >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$MAN" >"$T/groff.err" 2>&1
	if [ ! -s "$T/groff.err" ]; then ok "the man page renders without warnings"
	else fail "groff warnings" "$(head -n 5 "$T/groff.err")"; fi
else
	skip "the man page renders without warnings" "groff is not installed"
fi
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "CREATE OPTIONS" "EXIT STATUS" ENVIRONMENT FILES \
	EXAMPLES; do
	check "man page section $s" grep -q "^\.SH \"*$s\"*\$" "$MAN"
done

for c in $commands; do
	case $c in
	wizard) check "man page describes the wizard (no command)" grep -q '^\.B agent-onboard \\fR(no command)' "$MAN" ;;
	*) check "man page describes the $c command" grep -Eq "^\.BI? $c( |\$)" "$T/man.txt" ;;
	esac
done

# each command's options, as its --help lists them, are in the man page
for c in "" $commands; do
	if [ -z "$c" ]; then f=$T/help-top; "$AO_BIN" --help >"$f" 2>/dev/null; else f=$T/help-$c; fi
	[ -f "$f" ] || continue
	missing=""
	for opt in $(grep -oE -- '--[a-z][a-z0-9-]*' "$f" | sort -u); do
		grep -qe "$opt" "$T/man.txt" || missing="$missing $opt"
	done
	if [ -z "$missing" ]; then ok "man page has every option of ${c:-the top-level} --help"
	else fail "man page lacks options of ${c:-top-level} --help:$missing"; fi
done

# every exit code of enum ao_exit, in the EXIT STATUS section
sed -n '/^\.SH "*EXIT STATUS"*$/,/^\.SH /p' "$MAN" >"$T/exit-section"
codes=$(sed -n 's/^[[:space:]]*AO_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$REPO/include/agent-onboard/core/status.h")
if [ "$(echo $codes | wc -w)" -ge 9 ]; then ok "exit codes read from enum ao_exit: $(echo $codes)"
else fail "could not read enum ao_exit" "$codes"; fi
for code in $codes; do
	check "man page documents exit code $code" grep -qx "\.B $code" "$T/exit-section"
	check "agent-onboard --help documents exit code $code" grep -Eq "^ +$code  " "$T/help-top"
done
n_man=$(grep -c '^\.B [0-9]*$' "$T/exit-section")
check "the man page lists no exit code that does not exist ($n_man)" test "$n_man" -eq "$(echo $codes | wc -w)"

# the environment variables --help names, and the ones create reads
for var in $(sed -n '/^Environment:/,/^$/p' "$T/help-top" | grep -oE '^ +[A-Z][A-Z0-9_]+' | tr -d ' ') \
	AO_AGENT_TOKEN AO_AGENT_PASSWORD; do
	check "man page ENVIRONMENT has $var" sh -c "sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' '$MAN' | grep -q '$var'"
done
check "man page FILES names the drafts directory" grep -q 'XDG_STATE_HOME/agent.-onboard/draft.json' "$MAN"
check "man page FILES says where secrets are kept" grep -q 'system keyring' "$T/man.txt"

check "make install installs the man page" grep -q 'assets/agent-onboard.1 .*man1/agent-onboard.1' "$REPO/Makefile"
check "make install installs the bash completion" grep -q 'assets/agent-onboard.bash-completion' "$REPO/Makefile"

# ---- example answers files ---------------------------------------------------------

pairs=""
for f in "$REPO"/assets/examples/*.json; do
	name=${f##*/}
	key=$REPO/tests/data/keys/ec-p256.pem
	[ "$(jq -r .algorithm "$f")" = RS256 ] && key=$REPO/tests/data/keys/rsa-2048.pem
	AO_AGENT_TOKEN=example-token AO_AGENT_PASSWORD=example-password \
		run_ao create --answers "$f" --private-key-file "$key" --dry-run --json
	expect_rc "example $name is valid (dry run)" 0
	check "example $name has no secret in it" sh -c \
		"! jq -e 'has(\"token\") or has(\"password\") or has(\"privateKey\")' '$f' >/dev/null"
	pairs="$pairs $(jq -r '.kind + "/" + .authenticationType' "$f")"
done
for want in inventory-source/API_KEY inventory-source/BASIC_AUTH inventory-source/JWT inventory-source/OAUTH \
	inventory-source/NO_AUTH partner-agent/API_KEY partner-agent/JWT partner-agent/OAUTH partner-agent/NO_AUTH; do
	case " $pairs " in
	*" $want "*) ok "an example answers file for $want" ;;
	*) fail "no example answers file for $want" ;;
	esac
done

done_testing
