#!/bin/sh
# SPDX-License-Identifier: MIT
# delete on a terminal asks first (issue 14): n (or just Enter) deletes
# nothing, y deletes; without a terminal and without --yes it is a usage
# error (cli_delete.sh).
. "${0%/*}/lib/tmux.sh"

export SCOPE3_API_KEY=$DEMO_KEY
start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
deletes() { grep -c '^sandbox: DELETE ' "$T/s.log"; }
create() {
	"$AO_BIN" --api-url "$S" create --kind source --name "$1" --source-id "$1" --type SALES --protocol MCP \
		--endpoint-url "$S/demo/mcp-open" --auth-type NO_AUTH >/dev/null 2>"$T/create.err"
}
if create kept && create doomed; then ok "create two NO_AUTH sources"; else fail "create" "$(cat "$T/create.err")"; fi

tui_start 100 10 SCOPE3_API_KEY=$DEMO_KEY -- --api-url "$S" delete kept
expect_screen "delete on a terminal asks" "Delete inventory source kept? "
expect_screen "... [y/N], no by default" "[y/N]"
type_text n
key Enter
expect_exit "... answered n" 1
expect_screen "... says not deleted" "not deleted."
check "... and sent no DELETE" test "$(deletes)" -eq 0
check "... the source is still there" sh -c "curl -fsS -H 'Authorization: Bearer $DEMO_KEY' '$S/api/v2/storefront/inventory-sources/kept' >/dev/null"

tui_start 100 10 SCOPE3_API_KEY=$DEMO_KEY -- --api-url "$S" delete kept
wait_for "[y/N]"
key Enter
expect_exit "... Enter alone is no" 1
check "... still no DELETE" test "$(deletes)" -eq 0

tui_start 100 10 SCOPE3_API_KEY=$DEMO_KEY -- --api-url "$S" delete doomed
wait_for "[y/N]"
type_text y
key Enter
expect_exit "... answered y: deleted" 0
expect_screen "... says so" "inventory source doomed deleted"
check "... one DELETE was sent" test "$(deletes)" -eq 1
check "... and the source is gone (404)" sh -c "! curl -fsS -H 'Authorization: Bearer $DEMO_KEY' '$S/api/v2/storefront/inventory-sources/doomed' >/dev/null 2>&1"

done_testing
