/* SPDX-License-Identifier: MIT */
/* Contract test: the simulator's demo agents speak their protocols the way
 * reference/scope3-api.md §5 describes (MCP streamable HTTP with JSON and
 * SSE replies, sessions, notifications, tools, server/discover; the A2A card
 * and JSON-RPC interface; OAuth discovery), refuse what strict servers
 * refuse, and pass the shared probe (net/probe.h) with the right credential
 * and fail it with a wrong one, all offline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/probe.h"
#include "../support/sandbox_fixture.h"

#define ACCEPT "Accept: application/json, text/event-stream"
#define TOKEN "Authorization: Bearer " AO_SANDBOX_AGENT_TOKEN
#define INIT "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"," \
             "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"


/* POST a JSON-RPC message to path with the given headers; returns the
 * parsed JSON reply (SSE: the data line whose id is 1) or NULL. */
static cJSON *
rpc(const char *path, const char *const *headers, const char *body, long *status, char *session, size_t sessionsz)
{
	struct ao_test_response r;
	cJSON *j = NULL;
	char ct[64] = "";

	ao_test_http(ao_test_sb, "POST", path, headers, body, &r);
	*status = r.status;
	if (session != NULL && ao_test_header(&r, "Mcp-Session-Id", session, sessionsz) == NULL)
		session[0] = '\0';
	ao_test_header(&r, "Content-Type", ct, sizeof(ct));
	if (strncmp(ct, "text/event-stream", 17) == 0) {
		char *line = r.body;

		/* skip comments and notifications; keep the reply */
		while ((line = strstr(line, "data: ")) != NULL) {
			char *end = strchr(line, '\n');
			cJSON *m = cJSON_ParseWithLength(line + 6, end != NULL ? (size_t)(end - line - 6) : strlen(line + 6));

			if (m != NULL && cJSON_GetObjectItemCaseSensitive(m, "id") != NULL) {
				cJSON_Delete(j);
				j = m;
			} else {
				cJSON_Delete(m);
			}
			line += 6;
		}
	} else {
		j = ao_test_json(&r);
	}
	ao_test_response_free(&r);
	return j;
}

static void
test_mcp_session_flow(void **state)
{
	const char *h[] = {ACCEPT, TOKEN, NULL};
	char session[64], hdr[100];
	long status;
	cJSON *j;

	(void)state;
	j = rpc("/demo/mcp", h, INIT, &status, session, sizeof(session));
	assert_int_equal(status, 200);
	assert_string_equal(ao_test_json_str(j, "jsonrpc"), "2.0");
	assert_int_equal(ao_test_json_item(j, "id")->valueint, 1);
	assert_string_equal(ao_test_json_str(j, "result.protocolVersion"), "2025-06-18");
	assert_non_null(ao_test_json_str(j, "result.serverInfo.name"));
	assert_non_null(ao_test_json_item(j, "result.capabilities.tools"));
	assert_int_equal(strlen(session), 32);
	cJSON_Delete(j);
	snprintf(hdr, sizeof(hdr), "Mcp-Session-Id: %s", session);
	{
		const char *hs[] = {ACCEPT, TOKEN, hdr, "MCP-Protocol-Version: 2025-06-18", NULL};
		struct ao_test_response r;

		ao_test_http(ao_test_sb, "POST", "/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", &r);
		assert_int_equal(r.status, 202);
		assert_int_equal(r.body_len, 0);
		ao_test_response_free(&r);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\"}", &status, NULL, 0);
		assert_int_equal(status, 200);
		assert_string_equal(ao_test_json_str(j, "id"), "two");
		assert_string_equal(ao_test_json_str(j, "result.tools.0.name"), "get_adcp_capabilities");
		assert_string_equal(ao_test_json_str(j, "result.tools.1.name"), "get_products");
		assert_string_equal(ao_test_json_str(j, "result.tools.0.inputSchema.type"), "object");
		cJSON_Delete(j);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
		        "\"get_adcp_capabilities\",\"arguments\":{}}}", &status, NULL, 0);
		assert_int_equal(ao_test_json_item(j, "result.structuredContent.adcp.major_versions.0")->valueint, 3);
		assert_string_equal(ao_test_json_str(j, "result.content.0.type"), "text");
		assert_true(cJSON_IsFalse(ao_test_json_item(j, "result.isError")));
		cJSON_Delete(j);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
		        "\"get_products\",\"arguments\":{\"brief\":\"ctv\"}}}", &status, NULL, 0);
		assert_non_null(ao_test_json_str(j, "result.structuredContent.products.0.product_id"));
		cJSON_Delete(j);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}",
		        &status, NULL, 0);
		assert_int_equal(ao_test_json_item(j, "error.code")->valueint, -32602);
		cJSON_Delete(j);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/list\"}", &status, NULL, 0);
		assert_int_equal(ao_test_json_item(j, "error.code")->valueint, -32601);
		cJSON_Delete(j);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}", &status, NULL, 0);
		assert_true(cJSON_IsObject(ao_test_json_item(j, "result")));
		cJSON_Delete(j);
		/* ending the session; afterwards it is unknown (404, as when it expired) */
		ao_test_http(ao_test_sb, "DELETE", "/demo/mcp", hs, NULL, &r);
		assert_int_equal(r.status, 200);
		ao_test_response_free(&r);
		j = rpc("/demo/mcp", hs, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}", &status, NULL, 0);
		assert_int_equal(status, 404);
		cJSON_Delete(j);
	}
}

static void
test_mcp_version_negotiation_and_discover(void **state)
{
	const char *h[] = {ACCEPT, TOKEN, NULL};
	long status;
	cJSON *j;

	(void)state;
	j = rpc("/demo/mcp", h, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
	        "\"2026-07-28\",\"capabilities\":{}}}", &status, NULL, 0);
	assert_string_equal(ao_test_json_str(j, "result.protocolVersion"), "2025-11-25");
	cJSON_Delete(j);
	j = rpc("/demo/mcp", h, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
	        "\"2025-03-26\"}}", &status, NULL, 0);
	assert_string_equal(ao_test_json_str(j, "result.protocolVersion"), "2025-03-26");
	cJSON_Delete(j);
	{
		const char *hd[] = {ACCEPT, TOKEN, "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: server/discover", NULL};

		j = rpc("/demo/mcp", hd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{}}",
		        &status, NULL, 0);
		assert_int_equal(status, 200);
		assert_string_equal(ao_test_json_str(j, "result.supportedVersions.0"), "2026-07-28");
		assert_non_null(ao_test_json_str(j, "result._meta.serverInfo.name"));
		cJSON_Delete(j);
	}
}

static void
test_mcp_sse_replies(void **state)
{
	const char *h[] = {ACCEPT, TOKEN, NULL};
	const char *open[] = {ACCEPT, NULL};
	struct ao_test_response r;
	char ct[64];
	long status;
	cJSON *j;

	(void)state;
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-sse", h, INIT, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ao_test_header(&r, "Content-Type", ct, sizeof(ct)), "text/event-stream");
	/* a comment and a notification come first; the reply is an event too */
	assert_memory_equal(r.body, ":", 1);
	assert_non_null(strstr(r.body, "notifications/message"));
	assert_non_null(strstr(r.body, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,"));
	ao_test_response_free(&r);
	j = rpc("/demo/mcp-sse", h, INIT, &status, NULL, 0);
	assert_string_equal(ao_test_json_str(j, "result.protocolVersion"), "2025-06-18");
	cJSON_Delete(j);
	/* ?sse=1 on any variant */
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-open?sse=1", open, INIT, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ao_test_header(&r, "Content-Type", ct, sizeof(ct)), "text/event-stream");
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-open", open, INIT, &r);
	assert_string_equal(ao_test_header(&r, "Content-Type", ct, sizeof(ct)), "application/json");
	ao_test_response_free(&r);
}

static void
test_mcp_auth_variants(void **state)
{
	const char *none[] = {ACCEPT, "Authorization:", NULL};
	const char *wrong[] = {ACCEPT, "Authorization: Bearer nope", NULL};
	const char *alias[] = {ACCEPT, "Authorization:", "x-adcp-auth: " AO_SANDBOX_AGENT_TOKEN, NULL};
	const char *basic_ok[] = {ACCEPT, "Authorization: Basic ZGVtbzpkZW1vLXBhc3N3b3Jk", NULL};   /* demo:demo-password */
	const char *basic_bad[] = {ACCEPT, "Authorization: Basic ZGVtbzp3cm9uZw==", NULL};         /* demo:wrong */
	struct ao_test_response r;
	char v[256];

	(void)state;
	ao_test_http(ao_test_sb, "POST", "/demo/mcp", none, INIT, &r);
	assert_int_equal(r.status, 401);
	assert_memory_equal(ao_test_header(&r, "WWW-Authenticate", v, sizeof(v)), "Bearer", 6);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp", wrong, INIT, &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(ao_test_header(&r, "WWW-Authenticate", v, sizeof(v)), "invalid_token"));
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp", alias, INIT, &r);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-basic", basic_ok, INIT, &r);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-basic", basic_bad, INIT, &r);
	assert_int_equal(r.status, 401);
	assert_memory_equal(ao_test_header(&r, "WWW-Authenticate", v, sizeof(v)), "Basic", 5);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-open", none, INIT, &r);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/mcp-oauth", wrong, INIT, &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(ao_test_header(&r, "WWW-Authenticate", v, sizeof(v)),
	                       "/.well-known/oauth-protected-resource/demo/mcp-oauth"));
	ao_test_response_free(&r);
}

static void
test_mcp_refuses_what_strict_servers_refuse(void **state)
{
	const char *json_only[] = {"Accept: application/json", TOKEN, NULL};
	const char *text[] = {ACCEPT, TOKEN, "Content-Type: text/plain", NULL};
	const char *h[] = {ACCEPT, TOKEN, NULL};
	const char *ghost[] = {ACCEPT, TOKEN, "Mcp-Session-Id: 0123456789abcdef0123456789abcdef", NULL};
	long status;
	cJSON *j;

	(void)state;
	j = rpc("/demo/mcp", json_only, INIT, &status, NULL, 0);
	assert_int_equal(status, 406);
	cJSON_Delete(j);
	j = rpc("/demo/mcp", text, INIT, &status, NULL, 0);
	assert_int_equal(status, 415);
	cJSON_Delete(j);
	j = rpc("/demo/mcp", h, "{\"jsonrpc\":", &status, NULL, 0);
	assert_int_equal(status, 400);
	assert_int_equal(ao_test_json_item(j, "error.code")->valueint, -32700);
	cJSON_Delete(j);
	j = rpc("/demo/mcp", h, "[" INIT "]", &status, NULL, 0);
	assert_int_equal(status, 400);
	cJSON_Delete(j);
	j = rpc("/demo/mcp", h, "{\"id\":1,\"method\":\"initialize\"}", &status, NULL, 0);
	assert_int_equal(status, 400);
	assert_int_equal(ao_test_json_item(j, "error.code")->valueint, -32600);
	cJSON_Delete(j);
	j = rpc("/demo/mcp", ghost, INIT, &status, NULL, 0);
	assert_int_equal(status, 404);
	cJSON_Delete(j);
	/* GET (no server-initiated stream) is not offered */
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/demo/mcp", NULL, NULL), 405);
}

static void
test_a2a_card_and_rpc(void **state)
{
	const char *paths[] = {"/.well-known/agent-card.json", "/.well-known/agent.json",
	                       "/demo/a2a/.well-known/agent-card.json", "/demo/.well-known/agent.json", NULL};
	const char *no_key[] = {"Authorization:", NULL};
	const char *token[] = {TOKEN, NULL};
	struct ao_test_response r;
	char *rpc_url = xasprintf("%s/demo/a2a", ao_test_sb->url);
	size_t i;
	cJSON *j;

	(void)state;
	for (i = 0; paths[i] != NULL; i++) {
		ao_test_http(ao_test_sb, "GET", paths[i], no_key, NULL, &r);
		assert_int_equal(r.status, 200);
		j = ao_test_json(&r);
		assert_non_null(ao_test_json_str(j, "name"));
		assert_string_equal(ao_test_json_str(j, "supportedInterfaces.0.url"), rpc_url);
		assert_string_equal(ao_test_json_str(j, "supportedInterfaces.0.protocolBinding"), "JSONRPC");
		assert_string_equal(ao_test_json_str(j, "url"), rpc_url);
		assert_string_equal(ao_test_json_str(j, "capabilities.extensions.0.uri"),
		                    "https://adcontextprotocol.org/extensions/adcp/v3");
		assert_string_equal(ao_test_json_str(j, "skills.0.id"), "get_adcp_capabilities");
		assert_string_equal(ao_test_json_str(j, "skills.1.id"), "get_products");
		cJSON_Delete(j);
		ao_test_response_free(&r);
	}
	ao_test_http(ao_test_sb, "POST", "/demo/a2a", no_key, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\"}", &r);
	assert_int_equal(r.status, 401);
	/* an HTTP 401, not JSON-RPC -32001 (which A2A uses for TaskNotFound) */
	assert_null(strstr(r.body, "-32001"));
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/a2a", token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":"
	             "{\"id\":\"x\"}}", &r);
	assert_int_equal(r.status, 200);
	j = ao_test_json(&r);
	assert_int_equal(ao_test_json_item(j, "error.code")->valueint, -32001);
	cJSON_Delete(j);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/a2a", token, "{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"method\":\"SendMessage\",\"params\":"
	             "{\"message\":{\"messageId\":\"1\",\"role\":\"ROLE_USER\",\"parts\":[{\"data\":{\"skill\":"
	             "\"get_adcp_capabilities\",\"input\":{}}}]}}}", &r);
	j = ao_test_json(&r);
	/* A2A 1.0: SendMessage answers {"task": ...} (or {"message": ...}) */
	assert_string_equal(ao_test_json_str(j, "result.task.status.state"), "TASK_STATE_COMPLETED");
	assert_int_equal(ao_test_json_item(j, "result.task.artifacts.0.parts.0.data.adcp.major_versions.0")->valueint, 3);
	cJSON_Delete(j);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/a2a", token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"message/send\"}", &r);
	j = ao_test_json(&r);
	assert_string_equal(ao_test_json_str(j, "result.status.state"), "completed");
	assert_string_equal(ao_test_json_str(j, "result.kind"), "task");
	cJSON_Delete(j);
	ao_test_response_free(&r);
	ao_test_http(ao_test_sb, "POST", "/demo/a2a", token, "{oops", &r);
	assert_int_equal(r.status, 400);
	ao_test_response_free(&r);
	free(rpc_url);
}

/* The shared probe, offline, against every demo agent. */
static enum ao_probe_outcome
probe(const char *path, const char *protocol, const char *auth_type, const char *token, const char *user,
      const char *password, struct ao_probe_result *res)
{
	struct ao_probe_request req;
	char *url = xasprintf("%s%s", ao_test_sb->url, path);
	enum ao_probe_outcome o;

	memset(&req, 0, sizeof(req));
	memset(res, 0, sizeof(*res));
	req.url = url;
	req.protocol = protocol;
	req.agent_type = "SALES";
	req.auth_type = auth_type;
	req.api_key_type = "bearer";
	req.token = token;
	req.username = user;
	req.password = password;
	req.ca_file = ao_test_sb->ca_file;
	req.timeout_ms = 5000;
	o = ao_probe_run(&req, res);
	free(url);
	return o;
}

static void
test_probe_against_demo_agents(void **state)
{
	struct ao_probe_result res;

	(void)state;
	assert_int_equal(probe("/demo/mcp", "MCP", "API_KEY", AO_SANDBOX_AGENT_TOKEN, NULL, NULL, &res), AO_PROBE_OK);
	assert_int_equal(res.has_capabilities_tool, 1);
	assert_int_equal(res.has_products_tool, 1);
	assert_int_equal(probe("/demo/mcp-sse", "MCP", "API_KEY", AO_SANDBOX_AGENT_TOKEN, NULL, NULL, &res), AO_PROBE_OK);
	assert_int_equal(probe("/demo/mcp-open", "MCP", "NO_AUTH", NULL, NULL, NULL, &res), AO_PROBE_OK);
	assert_int_equal(probe("/demo/mcp-basic", "MCP", "BASIC_AUTH", NULL, AO_SANDBOX_AGENT_USER,
	                       AO_SANDBOX_AGENT_PASSWORD, &res), AO_PROBE_OK);
	assert_int_equal(probe("/demo/a2a", "A2A", "API_KEY", AO_SANDBOX_AGENT_TOKEN, NULL, NULL, &res), AO_PROBE_OK);
	assert_int_equal(res.adcp_extension, 1);
	assert_int_equal(probe("/demo/mcp", "MCP", "API_KEY", "wrong", NULL, NULL, &res), AO_PROBE_AUTH_REJECTED);
	assert_int_equal(probe("/demo/mcp-basic", "MCP", "BASIC_AUTH", NULL, "demo", "wrong", &res),
	                 AO_PROBE_AUTH_REJECTED);
	assert_int_equal(probe("/demo/a2a", "A2A", "API_KEY", "wrong", NULL, NULL, &res), AO_PROBE_AUTH_REJECTED);
	{
		enum ao_probe_outcome o = probe("/demo/mcp-oauth", "MCP", "OAUTH", NULL, NULL, NULL, &res);

		/* for an OAuth agent a 401 pointing at its authorization server is
		 * the expected answer before consent */
		assert_true(o == AO_PROBE_OK || o == AO_PROBE_AUTH_REQUIRED);
		assert_string_equal(res.oauth_issuer, ao_test_sb->url);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mcp_session_flow, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_mcp_version_negotiation_and_discover, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_mcp_sse_replies, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_mcp_auth_variants, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_mcp_refuses_what_strict_servers_refuse, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_a2a_card_and_rpc, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_probe_against_demo_agents, ao_test_sandbox_setup, ao_test_sandbox_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
