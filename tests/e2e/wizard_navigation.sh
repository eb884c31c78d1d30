#!/bin/sh
# SPDX-License-Identifier: MIT
# Moving around the wizard without losing anything: Esc back keeps values,
# switching the auth type keeps the other type's values, a resize (also
# below the minimum size) keeps what was typed, a server-side validation
# error comes back to its field, Esc cancels a slow request, F1/F2/q do
# what the keys bar says, and without a terminal the wizard says what to
# use instead of hanging.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
start_sandbox slow --activate-after 0.05 --probe-interval 0.1 --disable-after 0 \
	--fault "POST /api/v2/storefront/inventory-sources:latency=30000"
SLOW=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# ---- no terminal ----------------------------------------------------------------------------
"$AO_BIN" --api-url "$S" </dev/null >"$T/out" 2>"$T/err"
rc=$?
check "without a terminal the wizard exits 2 at once" test "$rc" -eq 2
check "and points at create --answers" grep -q 'agent-onboard create --answers FILE' "$T/err"
echo | "$AO_BIN" --api-url "$S" >"$T/out" 2>"$T/err"
check "a pipe on stdin is not a terminal either" grep -q 'standard input is not one' "$T/err"

# ---- back keeps values; F1; F2; q ---------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "Keep Me" && w_agent 1 2 && w_endpoint "$S/demo/a2a"
wait_for "Authentication  Step"
key Escape
expect_screen "Esc goes back to the endpoint step" "Endpoint URL  Step"
check "the endpoint typed is still there" sh -c "$TM capture-pane -p -t $PANE | grep -qF '$S/demo/a2a'"
key Escape
expect_screen "Esc again: agent type and protocol" "Agent type and protocol"
check "the protocol chosen is still chosen" sh -c "$TM capture-pane -p -t $PANE | grep -q '(•) A2A'"
key Escape
expect_screen "Esc again: name and id" "Name and id"
check "the name is still there" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Keep Me'"
check "and its slug" sh -c "$TM capture-pane -p -t $PANE | grep -q 'keep-me'"
key F1
expect_screen "F1 opens the long help of the focused field" "The name buyers and your team see"
key Escape
wait_gone "The name buyers and your team see"
check "Esc closes the help and keeps the screen" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Keep Me'"
# forward again with Enter only: the answers are kept
key Enter Enter
wait_for "Agent type and protocol" && key Enter Enter
wait_for "Endpoint URL  Step" && key Enter
expect_screen "forward again without retyping anything" "Authentication  Step"
type_text 1; key Enter
w_token SENTINEL-shown-token && wait_for "Details  Step" && key Escape
wait_for "Credentials  Step"
check "the token is masked on screen" sh -c "$TM capture-pane -p -t $PANE | grep -qF '********************'"
check "and not shown" sh -c "! $TM capture-pane -p -t $PANE | grep -q SENTINEL-shown-token"
key F2
expect_screen "F2 shows the token" "SENTINEL-shown-token"
key F2
wait_gone "SENTINEL-shown-token"
ok "F2 hides it again"

# ---- switching the auth type keeps the other type's values ------------------------------------
key Escape
wait_for "Authentication  Step"
key Down
key Enter
if wait_for "Credentials  Step" && wait_for "User name"; then
	type_text "basic-user"; key Enter
	type_text "basic-pass"; key Escape
fi
wait_for "Authentication  Step"
key Up Enter
expect_screen "back on API key, the token is still there" "********************"
check "basic auth's fields are hidden" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'User name'"
key Escape
wait_for "Authentication  Step"
key Down Enter
expect_screen "and back on basic auth, the user name is still there" "basic-user"
key Escape; wait_for "Authentication  Step"; key Up Enter
wait_for "Credentials  Step" && key Enter Enter
w_details
review_text "$T/review-switch"
check "the request has the token, masked" grep -qF '"token":  "********"' "$T/review-switch"
check "the request has no basic auth values" sh -c "! grep -q 'basic-user' '$T/review-switch'"

# ---- q asks first; keeping the draft ---------------------------------------------------------------
key q
expect_screen "q asks before quitting" "Quit and keep the draft"
key Escape
wait_gone "Quit and keep the draft"
ok "Esc in the question stays"
key q
wait_for "Quit and keep the draft" && key Enter
expect_exit "quitting exits with the interrupted code" 130
check "the draft was saved" test -f "$XDG_STATE_HOME/agent-onboard/draft.json"
check "the draft is private (0600)" sh -c "[ \$(stat -c %a '$XDG_STATE_HOME/agent-onboard/draft.json') = 600 ]"
check "the draft holds no secret" sh -c "! grep -q 'SENTINEL\\|basic-pass' '$XDG_STATE_HOME/agent-onboard/draft.json'"
check "the draft keeps hidden values (basic auth user)" grep -q basic-user "$XDG_STATE_HOME/agent-onboard/draft.json"
check "the message says how to resume" sh -c "$TM capture-pane -p -S - -J -t $PANE | grep -q 'run agent-onboard again to resume'"

# ---- --answers prefills the wizard -------------------------------------------------------------
cat >"$T/answers.json" <<JSON
{
  "kind": "inventory-source",
  "name": "From A File",
  "type": "SIGNAL",
  "protocol": "A2A",
  "endpointUrl": "$S/demo/a2a",
  "authenticationType": "API_KEY"
}
JSON
tui_start 80 24 "$K" -- --api-url "$S" --fresh --answers="$T/answers.json"
w_platform
wait_for "What to register"
check "the kind comes from the answers file" sh -c "$TM capture-pane -p -t $PANE | grep -q '(•) Storefront inventory source'"
key Enter
expect_screen "so does the name, and its slug" "from-a-file"
key Enter Enter
wait_for "Agent type and protocol"
check "and the agent type and protocol" sh -c "$TM capture-pane -p -t $PANE | grep -q '(•) Signal' && $TM capture-pane -p -t $PANE | grep -q '(•) A2A'"
key Enter Enter
wait_for "Endpoint URL  Step" && key Enter
wait_for "Authentication  Step" && key Enter
expect_screen "the secret is the only thing left to type" "Credentials  Step"
key C-c
wait_for "Quit and keep the draft" && key Down Enter
wait_exit 5

# ---- resize, also below the minimum, keeps the input ------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 1
wait_for "Name and id" && type_text "Résumé Größe"
resize 50 14
expect_screen "below the minimum size a clear message" "The terminal is 50x14"
type_text "ignored"
resize 100 30
expect_screen "larger again: the form is back" "Name and id"
check "with the name typed before" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Résumé Größe'"
check "and nothing typed while too small" sh -c "! $TM capture-pane -p -t $PANE | grep -q ignored"
resize 80 24
wait_for "Name and id"
type_text " Plus"
key Enter
expect_screen "typing goes on after the resizes" "Résumé Größe Plus"
key Enter
w_agent 1 1 && w_endpoint "$S/not-registered/mcp" && w_auth 5 && w_details && w_review

# ---- a server-side validation error comes back to its field -----------------------------------------
expect_screen "the platform's VALIDATION_ERROR brings back the endpoint step" "Endpoint URL  Step" 10
expect_screen "with the platform's message at the field" "The platform says: The agent at"
check "and the field marked" sh -c "$TM capture-pane -p -t $PANE | grep -q '^! Endpoint URL'"
key C-u
type_text "$S/demo/mcp-open"
wait_gone "The platform says"
ok "editing the field clears the platform's message"
key Enter
w_auth 5 && w_details && w_review
expect_screen "corrected, the registration goes through" "ACTIVE: the registration is live" 10
key Enter
expect_exit "exit code" 0

# ---- Esc cancels a slow request -----------------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$SLOW" --fresh
w_platform && w_kind 1 && w_identity "Slow One" && w_agent 1 1 && w_endpoint "$SLOW/demo/mcp-open" && w_auth 5 &&
	w_details && w_review
expect_screen "submitting shows a spinner, elapsed time and Esc" "Esc cancels"
type_text "x"
t0=$(date +%s%N)
key Escape
# The create would answer after 30 s: "Cancelled" before then is Esc's
# doing.  How fast Esc acts is measured by make bench, not here.
if wait_for "Cancelled" 25; then
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	if [ "$ms" -lt 25000 ]; then ok "Esc cancelled the request before it could answer (${ms} ms, polling included)"; else fail "Esc took ${ms} ms"; fi
else
	fail "Esc cancels the slow request"
fi
check "back on the review screen" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Review  Step'"
check "it says the request may have arrived" sh -c "$TM capture-pane -p -t $PANE | grep -q 'may have reached the platform'"
key q
wait_for "Quit and keep the draft" && key Enter
expect_exit "quit after cancelling" 130
check "the draft remembers the submission may have started" grep -q '"submitStarted":.*true' "$XDG_STATE_HOME/agent-onboard/draft.json"

done_testing
