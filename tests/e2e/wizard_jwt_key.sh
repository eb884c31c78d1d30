#!/bin/sh
# SPDX-License-Identifier: MIT
# The JWT key in the wizard (tmux, 80x24) and in the plain mode, with keys
# made at test time by openssl: a key the platform cannot sign with is
# refused at the key field with what to do, and Next is refused while it is
# there; a usable key preselects the algorithm it signs (RSA -> RS256,
# P-256 -> ES256), and the algorithm follows when the key changes; a ~/
# path is read from $HOME; an algorithm changed by hand that does not fit
# is refused at the algorithm field; the registration then becomes ACTIVE.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"
mkdir -p "$HOME/keys"
(
	cd "$HOME/keys" || exit 1
	exec </dev/null 2>/dev/null
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem &&
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem &&
	openssl genpkey -algorithm ED25519 -out ed25519.pem &&
	openssl pkey -in ec.pem -pubout -out public.pem
) || { echo "Bail out! openssl could not make the test keys"; exit 1; }
chmod 600 "$HOME/keys"/*.pem

# the line of the algorithm list that is selected
selected_alg() { screen | grep -oE '\((•|\*)\) (Not set|ES256|RS256)' | grep -oE 'Not set|ES256|RS256'; }
alg_is() { [ "$(selected_alg)" = "$1" ]; }

# ---- the wizard ----------------------------------------------------------------------
tui_start 80 24 "$K" -- --api-url "$S"
w_platform && w_kind 1 && w_identity "Key Agent" && w_agent 1 1 && w_endpoint "$S/demo/mcp" && w_auth 3
wait_for "Private key file"
expect_screen "the algorithm starts unset" "Not set"
type_text "$HOME/keys/public.pem"
expect_screen "a public key is refused at the field, with the fix" "this is a public key; give the private key"
check "... and no algorithm is chosen from it" alg_is "Not set"
key C-u
type_text "$HOME/keys/ed25519.pem"
expect_screen "an Ed25519 key is refused: the platform signs only RS256 or ES256" "this is an Ed25519 key; the platform signs only RS256"
key C-u
type_text "~/keys/rsa.pem"
if wait_until 10 alg_is RS256; then ok "a ~/ path to an RSA key preselects RS256"; else fail "a ~/ path to an RSA key preselects RS256" "$(screen_dump)"; fi
check "... and the key field shows no problem" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Cannot read\\|this is a'"
key C-u
type_text "~/keys/ec.pem"
if wait_until 10 alg_is ES256; then ok "changing the key to a P-256 key moves the algorithm to ES256"; else fail "changing the key to a P-256 key moves the algorithm to ES256" "$(screen_dump)"; fi

# the algorithm changed by hand to one that does not fit
key Tab
type_text 3                                   # the list: Not set, ES256, RS256
if wait_until 10 alg_is RS256; then ok "RS256 can still be chosen by hand"; else fail "RS256 can still be chosen by hand" "$(screen_dump)"; fi
expect_screen "RS256 with an EC key is refused at the algorithm, with the fix" "RS256 does not fit the key file: it is an EC P-256 key, which signs ES256"
# Next is refused while it does not fit: fill the rest and press Enter at the end
key Tab; type_text "issuer-1"; key Tab; type_text "subject-1"; key Tab; type_text "kid-1"; key Tab
type_text "adcp"; key Tab; type_text "$S/token"; key Tab; type_text "$S/audience"; key Tab; key Enter
expect_screen "Next is refused while the algorithm does not fit the key" "does not fit the key file"
check "... and the step is still the credentials" sh -c "$TM capture-pane -p -t $PANE | grep -q 'Credentials  Step'"
# back to the key: setting it again puts the algorithm right
key BTab; key BTab; key BTab; key BTab; key BTab; key BTab; key BTab; key BTab
key C-u
type_text "~/keys/ec.pem"
if wait_until 10 alg_is ES256; then ok "editing the key again preselects ES256"; else fail "editing the key again preselects ES256" "$(screen_dump)"; fi
key Tab; key Tab; key Tab; key Tab; key Tab; key Tab; key Tab; key Tab; key Enter
w_details
review_text "$T/review"
check "the review shows the algorithm the key signs" grep -q '"algorithm":  "ES256"' "$T/review"
check "the review shows the ~/ path, not the key" sh -c "grep -q '~/keys/ec.pem' '$T/review' && ! grep -q 'BEGIN' '$T/review'"
key Enter
expect_screen "the JWT source becomes ACTIVE" "ACTIVE: the registration is live" 15
key Enter
expect_exit "exit code" 0

# ---- the plain mode ----------------------------------------------------------------------
answer() { wait_prompt "$1" && type_text "$2" && key Enter; }
tui_start 100 40 "$K" TERM=dumb -- --api-url "$S"
answer "Choose a number:" 1
answer "Name:" "Plain Key"
answer "Source id [plain-key] (- clears):" ""
wait_for "Agent type: What" && answer "Choose a number:" 1
wait_for "Protocol: How" && answer "Choose a number:" 1
answer "Endpoint URL:" "$S/demo/mcp"
wait_for "Authentication: How" && answer "Choose a number:" 3
answer "Private key file:" "$HOME/keys/public.pem"
expect_screen "plain: a public key is refused with the fix" "Problem: this is a public key; give the private key"
# the refused path is not offered as the default: the prompt has none
answer "Private key file:" "~/keys/rsa.pem"
expect_screen "plain: the key sets the algorithm" "The key signs RS256; Algorithm is set to it."
expect_screen "plain: the algorithm question offers it" "Choose a number [RS256]:"
$TM kill-session -t "$PANE" 2>/dev/null

done_testing
