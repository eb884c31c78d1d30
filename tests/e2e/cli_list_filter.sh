#!/bin/sh
# SPDX-License-Identifier: MIT
# list --status and --name (issue 14): filtered after every page is
# fetched (the inventory source list has no such filter), so a match on
# the last page is found; with --limit the cut is still said (exit 10) and
# an empty result never reads as "no registrations".
. "${0%/*}/lib/cli.sh"

# 1050 inventory sources: statuses in turn, every 100th named "Video"
python3 - "$T/many.json" <<'PY'
import json, sys
st = ["ACTIVE", "PENDING", "DISABLED"]
sources = [{"source": {"sourceId": "s%04d" % i, "name": ("Video Desk %d" if i % 100 == 7 else "Source %d") % i,
                       "status": st[i % 3], "type": "SALES", "protocol": "MCP", "authenticationType": "NO_AUTH",
                       "authConfigured": True, "endpointUrl": "https://agent%d.example/mcp" % i},
            "probeOk": True} for i in range(1050)]
json.dump({"version": 1, "nextId": 5000, "partners": [], "sources": sources, "agents": []},
          open(sys.argv[1], "w"))
PY
start_sandbox many --state "$T/many.json" --activate-after 1000
M=$URL
pages() { grep -c 'GET /api/v2/storefront/inventory-sources' "$T/many.log"; }

before=$(pages)
run_ao --api-url "$M" list --kind inventory-source --status DISABLED --json
expect_rc "list --status DISABLED" 0
check "... the 350 DISABLED ones of all 11 pages, and only those" \
	jq -e '(.inventorySources | length) == 350 and all(.inventorySources[]; .status == "DISABLED") and .inventorySources[349].sourceId == "s1049"' "$T/out"
check "... every page was fetched" test "$(pages)" -eq $((before + 11))

run_ao --api-url "$M" list --kind inventory-source --status active --name video
expect_rc "list --status active (any case) --name video (any case)" 0
# i % 100 == 7 and i % 3 == 0: 207, 507, 807
check "... the table has exactly the three matches" \
	sh -c "test \$(tail -n +2 '$T/out' | wc -l) -eq 3 && grep -q '^source  s0207  ACTIVE' '$T/out' && grep -q 's0807' '$T/out'"
check "... and its header" sh -c "head -n 1 '$T/out' | grep -q '^KIND  *ID  *STATUS'"

run_ao --api-url "$M" list --kind inventory-source --name "no such name"
expect_rc "a filter nothing matches" 0
check "... says none of the fetched ones match, not that there are none" \
	sh -c "grep -q 'None of the 1050 inventory sources fetched match --name \"no such name\"' '$T/err' && ! grep -q 'yet' '$T/err'"

run_ao --api-url "$M" list --kind inventory-source --name "Video Desk 1007" --limit 500 --json
expect_rc "a filter on a list cut by --limit: the partial-output exit code" 10
check "... no match in the part fetched" jq -e '(.inventorySources | length) == 0' "$T/out"
check "... and it says more may match beyond the cut, with the --offset that continues" \
	sh -c "grep -q 'None of the 500 inventory sources fetched match.*more may match beyond it' '$T/err' && grep -q 'cut at --limit: 500 fetched from offset 0 of 1050, 0 of them match.*--offset 500' '$T/err'"
run_ao --api-url "$M" list --kind inventory-source --name "Video Desk 1007" --offset 500 --json
expect_rc "the --offset it gave" 0
check "... finds it" jq -e '.inventorySources == [.inventorySources[0]] and .inventorySources[0].sourceId == "s1007"' "$T/out"

run_ao --api-url "$M" list --status COMING_SOON
expect_rc "--status other than PENDING/ACTIVE/DISABLED" 2
run_ao --api-url "$M" list --name
expect_rc "--name without a value" 2

# partner agents, filtered the same way (a simulator with its partner seats)
printf 'https://alpha.example/mcp MCP SALES\nhttps://beta.example/mcp MCP SALES\n' >"$T/registry"
start_sandbox ag --registry "$T/registry"
M=$URL
run_ao --api-url "$M" create --kind source --name "Seller Source" --source-id seller-source --type SALES \
	--protocol MCP --endpoint-url "$M/demo/mcp-open" --auth-type NO_AUTH
for n in Alpha Beta; do
	run_ao --api-url "$M" create --kind agent --partner-id 1001 --account-policy advertiser --name "$n Seller" \
		--type SALES --protocol MCP --endpoint-url "https://$(echo $n | tr A-Z a-z).example/mcp" --auth-type NO_AUTH
	expect_rc "create partner agent $n Seller" 0
done
run_ao --api-url "$M" list --kind partner-agent --name beta --json=name,status
expect_rc "list --kind partner-agent --name beta" 0
check "... only Beta Seller" jq -e '.partnerAgents == [{"name": "Beta Seller", "status": "PENDING"}]' "$T/out"
run_ao --api-url "$M" list --name seller --status PENDING --json
expect_rc "both kinds: --name seller --status PENDING" 0
check "... the source (ACTIVE by now, or PENDING) only if PENDING; both agents" \
	jq -e 'all(.inventorySources[]; .status == "PENDING") and (.partnerAgents | length) == 2' "$T/out"

done_testing
