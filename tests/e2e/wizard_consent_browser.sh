#!/bin/sh
# SPDX-License-Identifier: MIT
# The OAuth consent page in a real browser, as presenters use it: the wizard
# (in tmux) shows the authorization URL; headless Chromium (Debian's
# `chromium`, driven over the DevTools protocol by peers/consent_browser.mjs,
# no npm package) loads exactly that URL, the page says plainly that it is
# the simulator, Approve is clicked, and the wizard moves on to ACTIVE by
# itself.  The screenshots are kept in $AO_BUILD/test-artifacts/consent/.
# Skipped, with the reason, only without chromium or a Node with WebSocket.
. "${0%/*}/lib/tmux.sh"

ART=${AO_BUILD:-build}/test-artifacts/consent
case $ART in /*) ;; *) ART=$PWD/$ART ;; esac
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	skip "the consent page in a real browser" "chromium is not installed (make deps installs it)"
	done_testing
	exit 0
fi
if ! node --experimental-websocket -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null; then
	skip "the consent page in a real browser" "this Node has no WebSocket client (Node >= 20.10 needed)"
	done_testing
	exit 0
fi
mkdir -p "$ART"
rm -f "$ART"/*.png

start_sandbox s --activate-after 0.05 --probe-interval 0.1
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

tui_start 100 60 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "Browser Consent" && w_agent 1 1 && w_endpoint "$S/demo/mcp-oauth" && w_auth 4
w_details && w_review
expect_screen "the wizard shows the authorization URL" "/sandbox/oauth/authorize?state="
key c
if wait_until 5 sh -c "$TM show-buffer 2>/dev/null | grep -q oauth/authorize"; then
	ok "the URL is copied (OSC 52, into tmux's clipboard)"
else
	fail "the URL is copied (OSC 52, into tmux's clipboard)"
fi
oauth_url=$($TM show-buffer 2>/dev/null)
state=${oauth_url##*state=}
# beside the QR code the URL wraps in its column (where depends on the
# port's digits): s shows it alone, where the terminal wraps it and
# capture-pane -J joins it again
key s
wait_for "c copies it to your clipboard"
check "the copied URL is the one on the screen" sh -c "$TM capture-pane -p -J -t $PANE | grep -qF '$oauth_url'"
key Escape
wait_for "Approve access"

AO_CHROMIUM=$CHROMIUM node --experimental-websocket "$REPO/tests/e2e/peers/consent_browser.mjs" "$oauth_url" "$ART" \
	>"$T/browser.json" 2>"$T/browser.err"
if jq -e '.ok' "$T/browser.json" >/dev/null 2>&1; then
	ok "headless Chromium loaded the consent page and clicked Approve"
else
	fail "headless Chromium loaded the consent page and clicked Approve" "$(cat "$T/browser.json" "$T/browser.err")"
fi
check "the page says plainly that it is the simulator" jq -e '.notice' "$T/browser.json"
check "the browser shows that access was granted" jq -e '.approved' "$T/browser.json"
check "the screenshots are kept as test artifacts" test -s "$ART/consent.png" -a -s "$ART/approved.png"
expect_screen "the wizard noticed the approval by itself: ACTIVE" "ACTIVE: the registration is live" 20
key Enter
expect_exit "exit code" 0

done_testing
