# SPDX-License-Identifier: MIT
# zsh -f zsh_complete.zsh 'COMMAND LINE' DIR: prints, one per line, what zsh's
# completion system offers for COMMAND LINE with the completion functions in
# DIR (e.g. _agent-onboard), by typing it and Tab into an interactive zsh on
# a pseudo-terminal (zsh/zpty) whose compadd also prints what it adds.
# The markers are written split ("<HI""T>") so that zsh echoing the command
# that defines them is not taken for them.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=''"
zpty -w z "fpath=($2 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" format ""'
zpty -w z '__done() { print -n "<EN""D>" }; comppostfuncs=( __done )'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local r=$?; (( $#__hits )) && print -l -- "<HI""T>"${^__hits}; return r; }'
zpty -w z "bindkey '^I' complete-word"
zpty -n -w z "$1"$'\t'
# everything up to the end marker (read by pattern: the marker ends no line)
local out line
zpty -r z out '*<END>*'
for line in ${(f)out}; do
	[[ $line == *'<HIT>'* ]] && print -r -- "${${line##*<HIT>}%%$'\r'*}"
done
zpty -d z
