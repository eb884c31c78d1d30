#!/bin/sh
# SPDX-License-Identifier: MIT
# --json of every command against the simulator (issue 14): the top-level
# fields the man page's JSON OUTPUT section lists -- read from the rendered
# page, so the docs and the program cannot drift -- are there, after
# "schemaVersion": 2 (the first key); and every key, at any depth, is
# camelCase (the HTTP header names of a dry run excepted).
. "${0%/*}/lib/cli.sh"

if ! command -v groff >/dev/null 2>&1; then
	echo "1..0 # SKIP groff is not installed (the field lists are read from the rendered man page)"
	exit 0
fi
groff -man -Tascii -rLL=2000n -P-cbou "$REPO/assets/agent-onboard.1" 2>/dev/null |
	sed -n '/^JSON OUTPUT/,/^EXIT STATUS/p' >"$T/json-section"
# "TAG\n  top-level fields: a, b, c.  More text" -> "TAG|a b c"
awk '/top-level fields:/ { sub(/^ */, "", prev); f = $0; sub(/.*top-level fields: */, "", f);
	sub(/\..*/, "", f); gsub(/, /, " ", f); print prev "|" f } { if ($0 !~ /^ *$/) prev = $0 }' \
	"$T/json-section" >"$T/documented"
check "the man page documents the fields of 8 --json documents" test "$(wc -l <"$T/documented")" -eq 8
fields_of() { grep -F "$1|" "$T/documented" | head -n 1 | cut -d'|' -f2; }

printf 'demo-agent-token\n' >"$T/token"
chmod 600 "$T/token"
start_sandbox s --activate-after 0.05 --probe-interval 0.05
S=$URL
A="--api-url $S"

# has_fields FILE "TAG": schemaVersion 2 first, and every documented field there
has_fields() {
	_want=$(fields_of "$2")
	[ -n "$_want" ] || { echo "# no documented fields for: $2" >&2; return 1; }
	_missing=""
	for _k in $_want; do
		jq -e --arg k "$_k" 'has($k)' "$1" >/dev/null || _missing="$_missing $_k"
	done
	if [ -n "$_missing" ]; then
		echo "# $2: documented but not printed:$_missing" >&2
		return 1
	fi
	jq -e '(keys_unsorted[0] == "schemaVersion") and .schemaVersion == 2' "$1" >/dev/null
}
# camel FILE: every key at any depth is camelCase (headers' names excepted)
camel() {
	jq -r 'del(.headers) | [.. | objects | keys[]] | unique[]' "$1" >"$T/keys"
	if grep -vE '^[a-z][a-zA-Z0-9]*$' "$T/keys" >"$T/bad"; then
		echo "# keys not in camelCase: $(tr '\n' ' ' <"$T/bad")" >&2
		return 1
	fi
}
document() {
	_tag=$1 _what=$2; shift 2
	run_ao "$@"
	cp "$T/out" "$T/doc.json"
	if ! jq -e 'type == "object"' "$T/doc.json" >/dev/null 2>&1; then
		fail "$_what prints one JSON object" "exit $RC"
		return
	fi
	check "$_what: the documented fields, after schemaVersion 2" has_fields "$T/doc.json" "$_tag"
	check "$_what: every key camelCase" camel "$T/doc.json"
}

document "status, create, update --json (inventory source)" "create --json (source)" \
	$A create --kind source --name "Schema" --source-id schema --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --json
document "status, create, update --json (inventory source)" "status --json (source)" $A status schema --json
document "status, create, update --json (inventory source)" "update --json (source)" \
	$A update schema --description "Schema test" --json
document "status, create, update --json (partner agent)" "create --json (agent)" \
	$A create --kind agent --partner-id 1001 --account-policy advertiser --name "Schema Agent" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp-oauth" --auth-type OAUTH --json
agent=$(jq -r .agentId "$T/doc.json")
document "status, create, update --json (partner agent)" "status --json (agent)" $A status "$agent" --json
document "status, create, update --json (partner agent)" "update --json (agent)" \
	$A update "$agent" --description "Schema test" --json
document "create, update --json (--dry-run)" "create --dry-run --json" \
	$A create --kind source --name "Dry" --source-id dry --type SALES --protocol MCP \
	--endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" --dry-run --json
document "create, update --json (--dry-run)" "update --dry-run --json" \
	$A update schema --secret-file "$T/token" --dry-run --json
document "list --json" "list --json" $A list --json
document "partners --json" "partners --json" $A partners --json
document "probe --json" "probe --json (MCP)" probe "$S/demo/mcp" --protocol MCP --auth-type API_KEY \
	--secret-file "$T/token" --json
document "probe --json" "probe --json (A2A)" probe "$S/demo/a2a" --protocol A2A --auth-type API_KEY \
	--secret-file "$T/token" --json
document "doctor --json" "doctor --json" $A doctor --json
document "logout --json" "logout --json" logout --json

done_testing
