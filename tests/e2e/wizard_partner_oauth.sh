#!/bin/sh
# SPDX-License-Identifier: MIT
# The wizard for a partner agent (partner chosen from the platform's list,
# account policy with no default, cadence only with POLLING, activation
# with PATCH) and OAuth (the full URL, copy through OSC 52 into tmux's
# clipboard, the test approving on the consent page like a browser would,
# then authConfigured and ACTIVE).
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# ---- partner agent with activation ------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform && w_kind 2
expect_screen "the partner list comes from the platform" "Sandbox Second Partner (1002)"
type_text 2; key Enter
wait_for "Name and id"
check "a partner agent has no source id" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Source id'"
w_name "Partner Agent" && w_agent 1 1 && w_endpoint "$S/demo/mcp"
if wait_for "Authentication  Step"; then
	check "partner agents are not offered basic auth" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Basic auth'"
	type_text 1; key Enter
fi
w_token demo-agent-token
if wait_for "Details  Step"; then
	check "the account policy starts with nothing chosen" sh -c "! $TM capture-pane -p -t $PANE | grep -q '\\[x\\]'"
	check "no cadence until POLLING is chosen" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Polling cadence'"
	key Tab Tab Enter   # Enter on the last field: Next, with no account policy
	expect_screen "Next is refused without an account policy, with the rule" "Choose at least one Account policy; there is no default."
	check "the problem is marked at its field" sh -c "$TM capture-pane -p -t $PANE | grep -q '^! Account policy'"
	check "the focus went back to that field" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Details  Step'"
	key Space      # advertiser_account
	key Down Space # marketplace_account too
	expect_screen "both account policies can be chosen" "[x] Marketplace account"
	key Tab        # reporting
	type_text 4    # POLLING (item 1 is "Not set")
	expect_screen "POLLING brings the cadence field" "Polling cadence"
	key Tab
	type_text 1    # DAILY
	key Tab        # description
	type_text "A partner agent"
	key Enter
fi
review_text "$T/review-partner"
check "the review names the partner" grep -q 'Sandbox Second Partner (1002)' "$T/review-partner"
check "the request carries both account policies" grep -q 'marketplace_account' "$T/review-partner"
check "the request carries the cadence" grep -q '"reportingPollingCadence":  "DAILY"' "$T/review-partner"
key End; key Enter
expect_screen "after registration the agent is offered for activation" "press a to activate it now"
check "the agent is PENDING until activated" sh -c "$TM capture-pane -p -t $PANE | grep -q PENDING"
key a
expect_screen "activation (PATCH) makes it ACTIVE" "ACTIVE: the registration is live" 10
check "one PATCH was sent" sh -c "[ \$(grep -c '^sandbox: PATCH /api/v2/partner/agents/' '$T/s.log') -eq 1 ]"
key Enter
expect_exit "partner agent: exit code" 0

# ---- OAuth: consent, then ACTIVE -----------------------------------------------------------
tui_start 100 60 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "OAuth Agent" && w_agent 1 1 && w_endpoint "$S/demo/mcp-oauth" && w_auth 4
check "OAuth asks for no credential" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Credentials  Step'"
w_details && w_review
expect_screen "the OAuth screen shows the authorization URL" "/sandbox/oauth/authorize?state="
check "no browser is offered without a display" sh -c "$TM capture-pane -p -t $PANE | grep -q 'No browser is started: there is no graphical display'"
check "a QR code is shown in a large terminal" sh -c "$TM capture-pane -p -t $PANE | grep -q '█'"
key c
if wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q oauth/authorize"; then
	ok "c copies the URL through OSC 52 (tmux's clipboard has it)"
else
	fail "c copies the URL through OSC 52"
fi
oauth_url=$($TM show-buffer 2>/dev/null)
state=${oauth_url##*state=}
check "the copied URL is the one on screen" sh -c "$TM capture-pane -p -t $PANE | grep -qF '$state'"
check "still waiting for consent" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Approve access'"
# the person in the browser: open the consent page, then approve
check "the consent page loads" curl -fsS -o "$T/consent.html" "$oauth_url"
check "approving on the consent page" curl -fsS -o /dev/null "$(printf '%s' "$oauth_url" | sed 's#/oauth/authorize#/oauth/approve#')"
expect_screen "after consent the source becomes ACTIVE" "ACTIVE: the registration is live" 15
key Enter
expect_exit "OAuth: exit code" 0

# ---- a partner agent with OAuth: consent, then activation ---------------------------------------
tui_start 100 60 "$K" -- --api-url "$S"
w_platform && w_kind 2 && w_partner 1 && w_name "OAuth Partner" && w_agent 1 1 && w_endpoint "$S/demo/mcp-oauth" &&
	w_auth 3
if wait_for "Details  Step"; then
	key Space Enter Enter Enter      # advertiser_account; reporting not set; no description
fi
wait_for "Review  Step" && key End && key Enter
expect_screen "the partner agent's OAuth screen" "/sandbox/oauth/authorize?state="
check "agents can ask for a new authorization URL" sh -c "$TM capture-pane -p -t $PANE | grep -q 'n new URL'"
key c
wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q 'oauth/authorize'"
purl=$($TM show-buffer 2>/dev/null)
curl -fsS -o /dev/null "$(printf '%s' "$purl" | sed 's#/oauth/authorize#/oauth/approve#')"
expect_screen "after consent the agent is offered for activation" "press a to activate" 10
key a
expect_screen "and activation makes it ACTIVE" "ACTIVE: the registration is live" 10
key Enter
expect_exit "OAuth partner: exit code" 0

# ---- OAuth at 80x24: no room for the QR code, and a clear note -------------------------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "OAuth Small" && w_agent 1 1 && w_endpoint "$S/demo/mcp-oauth" && w_auth 4 &&
	w_details && w_review
expect_screen "at 80x24 the QR code gives way to a note" "A QR code needs a window of at least"
check "the URL is still shown in full" sh -c "$TM capture-pane -p -J -t $PANE | grep -q 'oauth/authorize?state='"
key d
expect_exit "OAuth: d detaches" 6

# ---- over SSH no browser is ever started ------------------------------------------------------
tui_start 80 24 "$K" DISPLAY=:0 SSH_CONNECTION="10.0.0.1 22 10.0.0.2 22" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "OAuth SSH" && w_agent 1 1 && w_endpoint "$S/demo/mcp-oauth" && w_auth 4 &&
	w_details && w_review
expect_screen "over SSH the OAuth screen says why no browser is started" "this is an SSH session"
key o
expect_screen "o over SSH explains instead of starting a browser" "No browser here"
key d
expect_exit "OAuth over SSH: detach" 6

done_testing
