/* SPDX-License-Identifier: MIT */
/* libFuzzer target: everything an agent under test can send us — SSE
 * streams (whole and fed in pieces), JSON-RPC replies, MCP initialize /
 * server/discover / tools/list results, A2A agent cards, WWW-Authenticate
 * headers, OAuth metadata — and the platform's discover-agents listing
 * (the AAO check and the wizard's pick list). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/discover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count_event(const struct ao_sse_event *ev, void *arg)
{
	size_t *n = arg;

	if (ev->data == NULL || ev->data[ev->data_len] != '\0')
		abort();   /* data is promised NUL-terminated at data_len */
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct ao_sse_parser p;
	struct ao_sse_scan scan;
	struct ao_rpc_reply rpc;
	struct ao_mcp_server srv;
	struct ao_mcp_tools tools;
	struct ao_a2a_card card;
	struct ao_www_auth www;
	struct ao_oauth_resource res;
	struct ao_oauth_server as;
	struct ao_aao_check aao;
	char msg[256];
	size_t events = 0, i, step;

	ao_sse_scan(b, size, 1, &scan);
	ao_sse_scan_clear(&scan);
	/* the same bytes in uneven pieces must give the same events */
	ao_sse_init(&p, count_event, &events);
	step = size > 0 ? (size_t)data[0] % 7 + 1 : 1;
	for (i = 0; i < size; i += step)
		ao_sse_feed(&p, b + i, size - i < step ? size - i : step);
	ao_sse_finish(&p);
	ao_rpc_reply_parse(b, size, 1, &rpc);
	ao_mcp_initialize_parse(b, size, 1, &srv);
	ao_mcp_discover_parse(b, size, 2, &srv);
	ao_mcp_tools_parse(b, size, 3, &tools);
	ao_mcp_tools_clear(&tools);
	if (ao_a2a_card_parse(b, size, &card, msg, sizeof(msg)) == 0)
		ao_a2a_card_clear(&card);
	else
		ao_a2a_card_clear(&card);
	ao_www_authenticate_parse(b, size, &www);
	(void)ao_oauth_resource_parse(b, size, &res, msg, sizeof(msg));
	(void)ao_oauth_server_parse(b, size, &as, msg, sizeof(msg));
	ao_aao_check_parse(b, size, "https://agent.example.com/mcp", &aao);
	{
		cJSON *j = ao_json_parse_untrusted(b, size);
		struct ao_discovered d;

		if (j != NULL) {
			(void)ao_discovered_parse(j, &d, msg, sizeof(msg));
			ao_discovered_free(&d);
			cJSON_Delete(j);
		}
	}
	return 0;
}
