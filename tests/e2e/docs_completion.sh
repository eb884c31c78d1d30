#!/bin/sh
# SPDX-License-Identifier: MIT
# The bash completion loads, completes commands, options and choice values,
# and its option lists match what each command's --help defines (so a new
# option fails here until the completion knows it).
. "${0%/*}/lib/cli.sh"

COMP=$REPO/assets/agent-onboard.bash-completion
if ! command -v bash >/dev/null 2>&1; then
	skip "bash completion" "bash is not installed"
	done_testing
	exit
fi

# complete_words WORDS...: the completions bash would offer for the command
# line "agent-onboard WORDS" (the last word is the one being completed), one
# per line.
complete_words() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_agent_onboard
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$COMP" agent-onboard "$@" 2>"$T/err"
}

check "the completion script loads and registers agent-onboard" \
	bash -c ". '$COMP' && complete -p agent-onboard | grep -q _agent_onboard"

complete_words cr >"$T/c"
check "completes a command: cr -> create" grep -qx create "$T/c"
complete_words --api-url http://x st >"$T/c"
check "completes a command after a global option with a value" grep -qx status "$T/c"
complete_words create --end >"$T/c"
check "completes a create field flag: --end -> --endpoint-url" grep -qx -- --endpoint-url "$T/c"
complete_words create --auth-type "" >"$T/c"
check "completes --auth-type values (5)" test "$(grep -c . "$T/c")" -eq 5
complete_words create --kind p >"$T/c"
check "completes --kind values" grep -qx partner-agent "$T/c"
complete_words status --js >"$T/c"
check "completes status options" grep -qx -- --json "$T/c"
complete_words create --token >"$T/c"
check "never offers a secret flag (--token)" sh -c "! grep -q -- '--token\$' '$T/c'"
complete_words -- >"$T/c"
check "completes global options" grep -qx -- --demo "$T/c"
check "completes the wizard's options without a command" grep -qx -- --fresh "$T/c"

# The choice values offered are the ones create --help lists for the flag.
"$AO_BIN" create --help >"$T/create-help" 2>/dev/null
for flag in kind type protocol auth-type api-key-type algorithm reporting-type reporting-cadence; do
	complete_words create --$flag "" | sort >"$T/offered"
	# the flag's entry runs from its line to the next option line; the
	# values follow "One of:" (or "One or more ... of:")
	awk -v f="--$flag" '
		!seen && $1 == f { seen = 1; on = 1; text = ""; next }
		on && /^  +--/ { on = 0 }
		on && /^[^ ]/ { on = 0 }
		on { text = text " " $0 }
		END { sub(/.*of:/, "", text); print text }' "$T/create-help" | tr ' ' '\n' | grep . | sort >"$T/documented"
	if [ -s "$T/documented" ] && cmp -s "$T/offered" "$T/documented"; then
		ok "--$flag: the completion offers exactly the documented values"
	else
		fail "--$flag values differ" "offered: $(echo $(cat "$T/offered"))" "documented: $(echo $(cat "$T/documented"))"
	fi
done

# Every option a command's --help defines (in its Usage line or as an
# indented entry) is offered, and nothing the help does not mention.
for c in wizard create status list probe login logout doctor sandbox; do
	if ! "$AO_BIN" "$c" --help >"$T/help" 2>"$T/err"; then
		if grep -q 'is not in this build yet' "$T/err"; then skip "$c options" "not in this build yet"
		else fail "$c --help failed"; fi
		continue
	fi
	{
		grep '^Usage:' "$T/help" | grep -oE -- '--[a-z][a-z0-9-]*'
		grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' "$T/help" | sed 's/.*--/--/'
	} | sort -u >"$T/defined"
	{ grep -oE -- '--[a-z][a-z0-9-]*' "$T/help"; echo --help; } | sort -u >"$T/mentioned"
	bash -c ". '$COMP'; v=_agent_onboard_opts_$c; printf '%s\n' \${!v}" | sort -u >"$T/listed"
	missing=$(comm -23 "$T/defined" "$T/listed" | tr '\n' ' ')
	extra=$(comm -13 "$T/mentioned" "$T/listed" | tr '\n' ' ')
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		ok "$c: the completion offers every option --help defines, and only those"
	else
		fail "$c: completion and --help disagree" "not offered: $missing" "not in --help: $extra"
	fi
done

done_testing
