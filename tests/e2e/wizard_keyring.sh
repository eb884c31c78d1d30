#!/bin/sh
# SPDX-License-Identifier: MIT
# The wizard with a real keyring (gnome-keyring on a private D-Bus, via
# tests/with-test-keyring.sh): the keyring is checked before any secret is
# asked for, a typed platform key goes there and is found the next time,
# the credential of an unfinished draft waits in the keyring (never in the
# draft file) and comes back on resume, and it is removed when the
# registration is done.
if [ -z "${AO_TUI_KEEP_BUS:-}" ]; then
	if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
		echo "1..0 # SKIP no dbus-run-session / gnome-keyring-daemon"
		exit 0
	fi
	AO_TUI_KEEP_BUS=1 exec sh "${0%/*}/../with-test-keyring.sh" sh "$0" "$@"
fi
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
DRAFT="$XDG_STATE_HOME/agent-onboard/draft.json"
# secret-tool prints the attributes on stderr; only counts leave this function
items() { secret-tool search --all kind "$1" 2>&1 | grep -c '^attribute.id'; }
item_with() { secret-tool search --all kind "$1" 2>&1 | grep -q "^attribute.$2 = $3\$"; }
no_items() { [ "$(items "$1")" -eq 0 ]; }
some_items() { [ "$(items "$1")" -ge 1 ]; }

# ---- the platform key: asked once, stored in the keyring --------------------------------------
tui_start 80 24 -- --api-url "$S"
expect_screen "the keyring is checked first and said to be available" "available: secrets you choose to keep"
expect_screen "then the key is asked for, with where it will go" "in the system keyring"
type_text "$DEMO_KEY"
check "the key is hidden while typed" sh -c "! $TM capture-pane -p -t $PANE | grep -q '$DEMO_KEY'"
key Enter
expect_screen "the platform accepts it" "Sandbox Media Co."
if wait_until 5 item_with platform-api-key api_url "$S"; then
	ok "the key was stored in the keyring, for this API URL"
else
	fail "the key was stored in the keyring, for this API URL"
fi
key Enter
w_kind 1 && w_identity "Keyring Draft" && w_agent 1 1 && w_endpoint "$S/demo/mcp" && w_auth 1 &&
	w_token demo-agent-token
wait_for "Details  Step"
if wait_until 5 item_with draft-credential id token; then
	ok "the draft's token waits in the keyring"
else
	fail "the draft's token waits in the keyring"
fi
hangup
wait_until 10 test -s "$DRAFT"
check "the draft file has no token" sh -c "! grep -q demo-agent-token '$DRAFT'"

# ---- next start: key from the keyring, draft resumed with its token ---------------------------------
tui_start 80 24 -- --api-url "$S"
wait_for "Resume where you left off" && key Enter
expect_screen "resume lands on the details step" "Details  Step"
# the platform key is checked again behind the resumed step, and while it
# is ("Esc cancels" on screen) Esc would cancel that check, not go back
wait_gone "Esc cancels"
key Escape
expect_screen "the token came back from the keyring" "****************"
key Enter Enter
w_details && w_review
expect_screen "the registration goes through without typing anything again" "ACTIVE: the registration is live" 15
key Enter
expect_exit "exit code" 0
if wait_until 5 no_items draft-credential; then
	ok "the draft's token was removed from the keyring when the draft ended"
else
	fail "the draft's token was removed from the keyring when the draft ended"
fi
check "the platform key stays (logout removes it)" some_items platform-api-key

tui_start 80 24 -- --api-url "$S"
expect_screen "the next run finds the key in the keyring" "API key        from the system keyring"
key q; wait_for "Quit?" && key Enter; wait_exit 5

done_testing
