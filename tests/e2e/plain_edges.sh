#!/bin/sh
# SPDX-License-Identifier: MIT
# Rough edges of the plain mode (issue 13, item 11): after a refused value
# the [default] is the last value that passed, never the refused one; an
# optional field is cleared with "-", as the prompt and "?" say; spaces
# around a URL are removed alike at both ends, and the answer and the
# review say so.  --edit in plain mode: the questions filled from the
# platform, only what changed sent (PUT), nothing sent when nothing changed.
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

# ---- --edit in plain mode: only the changed description is sent --------------------------------
printf 'demo-agent-token\n' >"$T/token"
chmod 600 "$T/token"
SCOPE3_API_KEY=$DEMO_KEY "$AO_BIN" --api-url "$S" create --kind source --name "Plain Edit" --type SALES \
	--protocol MCP --endpoint-url "$S/demo/mcp" --auth-type API_KEY --secret-file "$T/token" \
	--description "old words" --wait --timeout 60 >/dev/null 2>"$T/create.err"
tui_start 100 40 "$K" TERM=dumb -- --api-url "$S" --edit plain-edit --log "$T/edit.log"
expect_screen "--edit opens the plain questions filled from the platform" "Name [Plain Edit]"
check "with SCOPE3_API_KEY the keyring is a note, not a warning with a fix" \
	sh -c "$TM capture-pane -p -S - -t $PANE | grep -q 'Keyring: not needed for the key (SCOPE3_API_KEY)' &&
	       ! $TM capture-pane -p -S - -t $PANE | grep -q 'Fix: run it inside'"
answer "Name [Plain Edit]" ""
answer "Choose a number [SALES]" ""
answer "Choose a number [MCP]" ""
answer "Endpoint URL [$S/demo/mcp]" ""
answer "Choose a number [API_KEY]" ""
# the stored token is never shown nor returned: empty keeps it
answer "Choose a number [bearer]" ""
wait_prompt "Token" && key Enter
answer "Description [old words] (- clears):" "new words"
expect_screen "the review says what changes" "Description: old words -> new words"
check "... and that the stored token is kept" sh -c "$TM capture-pane -p -S - -t $PANE | grep -qF 'Credential: kept as stored (nothing sent)'"
answer "Submit now?" y
expect_screen "the update is made" "ACTIVE: the registration is live" 15
expect_exit "--edit: exit code" 0
check "only the description was sent, with PUT" \
	sh -c "grep -q '> PUT .*/inventory-sources/plain-edit' '$T/edit.log' &&
	       grep -q '> body [0-9]* bytes (application/json): {\"description\":\"new words\"}\$' '$T/edit.log'"
check "the platform has the new description, the token still stored" \
	sh -c "curl -fsS -H 'Authorization: Bearer $DEMO_KEY' $S/api/v2/storefront/inventory-sources/plain-edit | grep -q '\"description\":\"new words\"'"

# ---- --edit with nothing changed sends nothing -----------------------------------------------
tui_start 100 40 "$K" TERM=dumb -- --api-url "$S" --edit plain-edit --log "$T/edit2.log"
for prompt in "Name [Plain Edit]" "Choose a number [SALES]" "Choose a number [MCP]" "Endpoint URL [" \
	"Choose a number [API_KEY]"; do
	answer "$prompt" ""
done
answer "Choose a number [bearer]" ""
wait_prompt "Token" && key Enter
answer "Description [new words] (- clears):" ""
expect_screen "an edit that changes nothing says so" "Nothing has changed: submitting sends nothing."
answer "Submit now?" y
expect_exit "--edit without a change: exit code" 0
check "... and no PUT was sent" sh -c "! grep -q '> PUT ' '$T/edit2.log'"

done_testing
