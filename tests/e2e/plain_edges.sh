#!/bin/sh
# SPDX-License-Identifier: MIT
# Rough edges of the plain mode (issue 13, item 11): after a refused value
# the [default] is the last value that passed, never the refused one; an
# optional field is cleared with "-", as the prompt and "?" say; spaces
# around a URL are removed alike at both ends, and the answer and the
# review say so.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
answer() { wait_prompt "$1" && type_text "$2" && key Enter; }

cat >"$T/answers.json" <<JSON
{ "kind": "inventory-source", "name": "Plain Edges", "description": "Old words to clear" }
JSON
tui_start 100 40 "$K" TERM=dumb -- --api-url "$S" --answers "$T/answers.json"
expect_screen "the plain mode starts" "Answer each question and press Enter"
answer "Choose a number [" ""
answer "Name [Plain Edges]" ""
answer "Source id [plain-edges] (- clears):" "bad id"
expect_screen "a source id with a space is refused" "Problem: Source id may only contain"
if wait_prompt "Source id [plain-edges] (- clears):"; then
	ok "after the refusal the default is the last accepted value, not the refused one"
else
	fail "after the refusal the default is the last accepted value, not the refused one"
fi
check "the refused value is not offered as the default" sh -c "! $TM capture-pane -p -S - -t $PANE | grep -qF '[bad id]'"
type_text "?"; key Enter
expect_screen "? says how to clear an optional field" "type - to leave it empty"
answer "Source id [plain-edges] (- clears):" "-"
wait_for "Agent type: What" && answer "Choose a number" 1
wait_for "Protocol: How" && answer "Choose a number" 1
answer "Endpoint URL:" "   $S/demo/mcp-open   "
expect_screen "spaces around a pasted URL are removed, and it says so" "(The spaces around it were removed: $S/demo/mcp-open)"
check "no Problem for the leading spaces" sh -c "! $TM capture-pane -p -S - -t $PANE | grep -q 'URL cannot contain spaces'"
wait_for "Authentication: How" && answer "Choose a number" 5
answer "Description [Old words to clear] (- clears):" "-"
expect_screen "the review lists the answers" "Review: what will be registered"
check "the review says the spaces were removed" sh -c "$TM capture-pane -p -S - -t $PANE | grep -qF 'mcp-open  (spaces around it removed)'"
check "the cleared description is not set" sh -c "$TM capture-pane -p -S - -t $PANE | grep -qF 'Description: not set'"
check "the cleared source id follows the name again" sh -c "$TM capture-pane -p -S - -t $PANE | grep -qF '\"sourceId\":  \"plain-edges\"'"
answer "Submit now?" y
expect_screen "it is registered" "ACTIVE: the registration is live" 15
expect_exit "exit code" 0
check "the platform has the trimmed URL and no description" sh -c "curl -fsS -H 'Authorization: Bearer $DEMO_KEY' $S/api/v2/storefront/inventory-sources/plain-edges >'$T/got' && grep -qF '\"endpointUrl\":\"$S/demo/mcp-open\"' '$T/got' && ! grep -q 'Old words' '$T/got'"

done_testing
