#!/bin/sh
# SPDX-License-Identifier: MIT
# partners (issue 14): every partner seat, across the platform's pages
# (take=50/skip), as an aligned table or as JSON with schemaVersion and
# field selection.
. "${0%/*}/lib/cli.sh"

start_sandbox s --seed-partners 120
A="--api-url $URL"

run_ao $A partners --json
expect_rc "partners --json" 0
check "... all 120 seats, not only the first page" jq -e '.schemaVersion == 2 and (.partners | length) == 120' "$T/out"
check "... fetched page by page (3 pages of at most 50)" \
	test "$(grep -c '^sandbox: GET /api/v2/partner/partners' "$T/s.log")" -ge 3
check "... each seat has id, name and status" jq -e 'all(.partners[]; .id != null and .name != null and .status != null)' "$T/out"

run_ao $A partners --json=id
expect_rc "partners --json=id" 0
check "... only the id of each seat" jq -e 'all(.partners[]; keys == ["id"])' "$T/out"
run_ao $A partners --json=nosuch
expect_rc "partners --json with an unknown field" 2

run_ao $A partners
expect_rc "partners (table)" 0
check "... a header and one line per seat" test "$(wc -l <"$T/out")" -eq 121
check "... the header names the columns" grep -Eq '^ID +STATUS +NAME$' "$T/out"
run_ao $A partners extra
expect_rc "partners takes no arguments" 2

done_testing
