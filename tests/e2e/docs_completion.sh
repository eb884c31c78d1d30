#!/bin/sh
# SPDX-License-Identifier: MIT
# The completions (bash, zsh, fish) are generated from the option table
# that also prints every --help (`agent-onboard completion SHELL`); the
# committed files in assets/ are that output.  The bash completion loads,
# completes commands, options and choice values, without the bugs once found
# (an option's value taken for the command, file names with spaces split,
# options offered twice), and its option lists match what each command's
# --help defines.  zsh and fish: syntax, the same options, and their own
# completion of a few command lines (zsh through zpty, fish through complete -C).
. "${0%/*}/lib/cli.sh"

COMP=$REPO/assets/agent-onboard.bash-completion
for sh in bash zsh fish; do
	case $sh in bash) f=$COMP ;; *) f=$REPO/assets/agent-onboard.$sh ;; esac
	"$AO_BIN" completion $sh >"$T/gen.$sh" 2>"$T/err"
	if cmp -s "$T/gen.$sh" "$f"; then
		ok "the committed $sh completion is what \`agent-onboard completion $sh\` generates"
	else
		fail "assets/${f##*/} differs from \`agent-onboard completion $sh\` (regenerate it)" \
			"$(diff "$f" "$T/gen.$sh" | head -n 5)"
	fi
done
run_ao completion tcsh
expect_rc "completion for an unknown shell" 2

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
check "offers no option twice" test -z "$(sort "$T/c" | uniq -d)"
complete_words status -- >"$T/c"
check "offers no option twice after a command" test -z "$(sort "$T/c" | uniq -d)"

# regressions: the value of an option is not the command word
complete_words --answers draft.json --f >"$T/c"
check "after --answers FILE: no 'invalid variable name'" test ! -s "$T/err"
check "... and the wizard's options are still offered" grep -qx -- --fresh "$T/c"
complete_words --timeout 60 --fr >"$T/c"
check "after --timeout 60 the wizard's options are still offered" grep -qx -- --fresh "$T/c"
complete_words --timeout 60 "" >"$T/c"
check "after --timeout 60 the commands are offered" grep -qx status "$T/c"
complete_words --log trace.log list --li >"$T/c"
check "after a global option's value, the command's options" grep -qx -- --limit "$T/c"
mkdir -p "$T/dir"
: >"$T/dir/my answers.json"
complete_words create --answers "$T/dir/my" >"$T/c"
check "a file name with spaces is one completion" grep -qx "$T/dir/my answers.json" "$T/c"
check "... and only one" test "$(grep -c . "$T/c")" -eq 1
complete_words create --answers "" >"$T/c"
check "--answers offers - (stdin)" grep -qx -- - "$T/c"
complete_words status -- -x >"$T/c"
check "after -- no options are offered" test "$(grep -c . "$T/c")" -eq 0
complete_words list --kind = p >"$T/c"
check "--kind=VALUE completes the value" grep -qx partner-agent "$T/c"
complete_words help st >"$T/c"
check "help completes a command" grep -qx status "$T/c"
complete_words completion "" >"$T/c"
check "completion completes the shells" test "$(sort "$T/c" | tr '\n' ' ')" = "bash fish zsh "
complete_words list --timeout "" >"$T/c"
check "a free-text value (--timeout) offers nothing" test "$(grep -c . "$T/c")" -eq 0

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
	# the command's own options; the global ones are offered with every command
	bash -c ". '$COMP'; v=_agent_onboard_opts_$c; printf '%s\n' \${!v}" | grep -- '^--' | sort -u >"$T/listed"
	bash -c ". '$COMP'; printf '%s\n' \$_agent_onboard_global_opts" | grep -- '^--' | sort -u >"$T/global"
	sort -u "$T/listed" "$T/global" >"$T/offered"
	missing=$(comm -23 "$T/defined" "$T/offered" | tr '\n' ' ')
	extra=$(comm -13 "$T/mentioned" "$T/listed" | tr '\n' ' ')
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		ok "$c: the completion offers every option --help defines, and only those"
	else
		fail "$c: completion and --help disagree" "not offered: $missing" "not in --help: $extra"
	fi
	# zsh and fish offer the same options (the global ones once, for all)
	missing_zsh="" missing_fish=""
	for opt in $(cat "$T/defined"); do
		grep -q -- "'$opt[=[]\|{[^}]*$opt}" "$REPO/assets/agent-onboard.zsh" || missing_zsh="$missing_zsh $opt"
		grep -q -- " -l ${opt#--}\( \|\$\)" "$REPO/assets/agent-onboard.fish" || missing_fish="$missing_fish $opt"
	done
	if [ -z "$missing_zsh" ]; then ok "$c: the zsh completion offers every option --help defines"
	else fail "$c: the zsh completion lacks$missing_zsh"; fi
	if [ -z "$missing_fish" ]; then ok "$c: the fish completion offers every option --help defines"
	else fail "$c: the fish completion lacks$missing_fish"; fi
done

# ---- zsh and fish ---------------------------------------------------------------

if command -v zsh >/dev/null 2>&1; then
	check "the zsh completion parses (zsh -n)" zsh -n "$REPO/assets/agent-onboard.zsh"
	check "the zsh completion starts with #compdef" sh -c "head -n 1 '$REPO/assets/agent-onboard.zsh' | grep -qx '#compdef agent-onboard'"
	# zsh's own completion system, driven on a pseudo-terminal
	mkdir -p "$T/zfn"
	cp "$REPO/assets/agent-onboard.zsh" "$T/zfn/_agent-onboard"
	# zsh_complete LINE: what zsh offers, in $T/c.  The driver returns once
	# zsh's completion has ended; a driver killed by the ceiling is a failure
	# of its own (its output could still hold the right words).
	zsh_complete() {
		HOME=$T timeout 60 zsh -f "$REPO/tests/e2e/lib/zsh_complete.zsh" "$1" "$T/zfn" \
			>"$T/c" 2>"$T/err"
		[ $? -ne 124 ] || fail "zsh's completion of '$1' never ended (stopped after 60 s)"
	}
	zsh_complete "agent-onboard st"
	check "zsh completes a command" grep -qx status "$T/c"
	zsh_complete "agent-onboard --timeout 60 --fr"
	check "zsh: after --timeout 60 the wizard's options" grep -qx -- --fresh "$T/c"
	zsh_complete "agent-onboard list --kind "
	check "zsh completes --kind values" grep -qx partner-agent "$T/c"
	zsh_complete "agent-onboard create --end"
	check "zsh completes create's field flags" grep -qx -- --endpoint-url "$T/c"
	zsh_complete "agent-onboard create --tok"
	check "zsh never offers a secret flag (--token)" sh -c "grep -qx -- --token-endpoint-url '$T/c' && ! grep -qx -- --token '$T/c'"
else
	skip "the zsh completion parses" "zsh is not installed"
fi
if command -v fish >/dev/null 2>&1; then
	check "the fish completion parses (fish -n)" fish -n "$REPO/assets/agent-onboard.fish"
	fish_complete() {
		HOME=$T fish -c "source '$REPO/assets/agent-onboard.fish'; complete -C '$1'" 2>"$T/err" | cut -f1
	}
	fish_complete "agent-onboard st" >"$T/c"
	check "fish completes a command" grep -qx status "$T/c"
	fish_complete "agent-onboard --timeout 60 --fr" >"$T/c"
	check "fish: after --timeout 60 the wizard's options" grep -qx -- --fresh "$T/c"
	fish_complete "agent-onboard list --kind " >"$T/c"
	check "fish completes --kind values" grep -qx partner-agent "$T/c"
	fish_complete "agent-onboard create --end" >"$T/c"
	check "fish completes create's field flags" grep -qx -- --endpoint-url "$T/c"
	fish_complete "agent-onboard create --tok" >"$T/c"
	check "fish never offers a secret flag (--token)" sh -c "! grep -qx -- --token '$T/c'"
else
	skip "the fish completion" "fish is not installed"
fi

done_testing
