#!/bin/sh
# SPDX-License-Identifier: MIT
# The partner seat step with many seats (--seed-partners 120, more than
# one page and more than the list holds): typing searches the seats by name
# or id, Backspace widens, Esc clears, a search that matches nothing cannot
# answer the step, and a seat far down the list can be chosen.
. "${0%/*}/lib/tmux.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.1 --seed-partners 120
S=$URL
K="SCOPE3_API_KEY=$DEMO_KEY"

tui_start 80 24 "$K" -- --api-url "$S" --fresh
w_platform && w_kind 2
wait_for "Partner seat"
expect_screen "all pages of seats are loaded, and the help says typing searches" "120 seats (the first ones listed): type part"
expect_screen "letters are for the search, so the keys bar offers ^C to quit" "^C quit"
type_text "partner 11"
expect_screen "typing narrows the list to the matching names" "Search \"partner 11\": 10 of 120 seats"
check "a seat past the first page is listed" _has "Sandbox Partner 117 (1117)"
check "seats that do not match are gone" sh -c "! $TM capture-pane -p -t $PANE | grep -q 'Sandbox Demo Partner'"
type_text "7"
expect_screen "one more character: one seat" "Search \"partner 117\": 1 of 120 seats"
key BSpace
expect_screen "Backspace widens the search" "Search \"partner 11\": 10 of 120 seats"
key C-u
type_text "zzz"
expect_screen "a search that matches nothing says so" "no seat matches"
key Enter
check "and Enter does not leave the step without a seat" _has "Partner seat  Step"
key Escape
expect_screen "Esc clears the search (and stays on the step)" "120 seats (the first ones"
check "the step is still the partner seat" _has "Partner seat  Step"
type_text "1117"
expect_screen "the search also matches the seat id" "Search \"1117\": 1 of 120 seats"
key Enter
expect_screen "Enter chooses the one seat found and goes on" "Name and id"
key Escape
wait_for "Partner seat"
expect_screen "back on the step, the chosen seat is kept" "(•) Sandbox Partner 117 (1117)"
key C-c
wait_for "Quit?" && key Down Enter
wait_exit 5

done_testing
