#!/bin/sh
# SPDX-License-Identifier: MIT
# Input as real terminals deliver it (issue 13, items 1, 2, 3 and 4):
# bracketed paste puts text into the focused field and its newlines never
# act as Enter; key sequences terminfo does not describe (PuTTY/rxvt F-keys,
# Home/End as tmux and screen send them, Alt-letter) are recognised or
# swallowed whole; keys typed ahead are kept between steps, and only the
# review drops what was typed before it was drawn; letters (Ctrl-G, Ctrl-R,
# Ctrl-T, ?) do what F1, F2 and F5 do.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --disable-after 0
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

# paste FORMAT: bracketed, as a terminal pastes (tmux adds the markers
# only when the program asked for them); FORMAT is printf's
paste() { printf "$1" >"$T/buf" && $TM load-buffer -b p "$T/buf" && $TM paste-buffer -p -r -d -b p -t "$PANE"; }
# raw FORMAT: the bytes as they are, no markers
raw() { printf "$1" >"$T/buf" && $TM load-buffer -b r "$T/buf" && $TM paste-buffer -r -d -b r -t "$PANE"; }
creates() { grep -c '^sandbox: POST /api/v2/storefront/inventory-sources ' "$T/s.log"; }

tui_start 80 24 "$K" -- --api-url "$S"
# the raw output, to see the terminal put back (bracketed paste off)
$TM pipe-pane -t "$PANE" "cat >>'$T/raw'"

# ---- typeahead: answers typed in one burst all land ------------------------------------------
w_platform && w_kind 1 && wait_for "Name and id"
type_text "Burst Agent"
key Enter Enter 1 Enter 2 Enter
expect_screen "a burst of keys crosses two steps (name, then type and protocol)" "Endpoint URL  Step"
key Escape
expect_screen "the protocol typed ahead was chosen" "(•) A2A"
key Enter Enter

# ---- letters for the F-keys (item 3) ------------------------------------------------------------
wait_for "Endpoint URL  Step"
check "the keys bar offers letters for help and test (^G, ^T)" sh -c "$TM capture-pane -p -t $PANE | tail -n 1 | grep -F '^G help' | grep -qF '^T test'"
type_text "$S/demo/a2a"
key C-t
expect_screen "Ctrl-T tests the connection" "Test connection:"
key C-g
expect_screen "Ctrl-G opens the help in a text field" "Esc close"
check "the help names the letter keys" _has "Ctrl-R"
key Escape; wait_gone "Esc close"
key Enter

# ---- unknown key sequences -----------------------------------------------------------------------
wait_for "Authentication  Step" && type_text 2
wait_for "(•) Basic"
type_text "?"
expect_screen "? opens the help on a list" "Esc close"
key Escape; wait_gone "Esc close"
raw '\033[12~'
raw '\033[24~'
raw '\033b'
raw '\033[1;5C'
key F1
expect_screen "after PuTTY F2/F12, Alt-b and Ctrl-Right the list still works (F1 help opens)" "Esc close"
key Escape
wait_gone "Esc close"
check "the sequences did not go back a step" _has "Authentication  Step"
check "nor changed the chosen auth type" _has "(•) Basic"
raw '\033[11~'
expect_screen "rxvt/PuTTY F1 opens the help" "Esc close"
key Escape; wait_gone "Esc close"
key Escape; wait_for "Endpoint URL  Step"; key Escape
wait_for "Agent type and protocol"; key Escape
wait_for "Name and id"
key Up Up
raw '\033[1~'
type_text "A"
raw '\033[4~'
type_text "Z"
raw '\033[1~\033[3~'
raw '\033x'
expect_screen "Home/End as tmux and screen send them, and Delete, edit the name" "urst AgentZ"
check "Alt-x typed nothing" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'AgentZx\\|xurst'"

# ---- bracketed paste ------------------------------------------------------------------------------
key Enter Enter
wait_for "Agent type and protocol" && key Enter Enter
wait_for "Endpoint URL  Step" && key Enter
wait_for "Authentication  Step" && type_text 5 && key Enter
wait_for "Details  Step"
paste 'Premium video inventory.\nAlso display and audio.\n'
expect_screen "a two-line paste is joined into the one-line description" "Premium video inventory. Also display and audio."
check "the step stays: the pasted newlines were not Enter" _has "Details  Step"
check "and says the lines were joined" _has "2 pasted lines were joined"
check "nothing was submitted" test "$(creates)" -eq 0
paste '\n\n'
check "a paste of newlines only does not move either" _has "Details  Step"

# ---- the review drops keys typed before it was drawn ---------------------------------------
key Enter Enter
wait_for "Review  Step"
key F1
expect_screen "the review shows (its help opens)" "Nothing has been sent yet"
check "the second Enter of the burst did not submit" test "$(creates)" -eq 0
key Escape; wait_gone "Nothing has been sent yet"
paste 'x\n'
key F1
wait_for "Nothing has been sent yet"
check "a paste on the review does not submit" test "$(creates)" -eq 0
key Escape; wait_gone "Nothing has been sent yet"
review_text "$T/review"
check "the review has the joined description" grep -qF "Premium video inventory. Also display and audio." "$T/review"
key q; wait_for "Quit and keep the draft" && key Down Enter
expect_exit "quit" 130
check "bracketed paste was turned on" grep -qF "$(printf '\033[?2004h')" "$T/raw"
check "and is off when the program has left" sh -c "tail -c 200 '$T/raw' | grep -qF '$(printf '\033[?2004l')'"

# ---- a pasted platform key is not Enter; off on SIGTERM too ------------------------------------
tui_start 80 24 -- --api-url "$S"
$TM pipe-pane -t "$PANE" "cat >'$T/raw2'"
wait_for "Keep the key"
paste "$DEMO_KEY\n"
key C-r
expect_screen "a pasted key lands in the key field, without its newline (Ctrl-R shows it)" "$DEMO_KEY"
check "and is not checked before Enter" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Sandbox Media Co.'"
key Enter
expect_screen "Enter checks it" "Sandbox Media Co."
kill -TERM "$(ao_pid)"
expect_exit "SIGTERM ends the wizard" 130
check "bracketed paste is off after SIGTERM" grep -qF "$(printf '\033[?2004l')" "$T/raw2"

done_testing
