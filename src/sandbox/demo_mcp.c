/* SPDX-License-Identifier: MIT */
/* The demo MCP agent (Streamable HTTP, reference §5.1), so demos and the
 * activation probe work with no network.  Variants by path:
 *   /demo/mcp        Bearer AO_SANDBOX_AGENT_TOKEN (or x-adcp-auth), JSON replies
 *   /demo/mcp-sse    the same, replies as text/event-stream
 *   /demo/mcp-basic  Basic AO_SANDBOX_AGENT_USER:AO_SANDBOX_AGENT_PASSWORD
 *   /demo/mcp-open   no authentication
 *   /demo/mcp-oauth  always 401 with OAuth resource metadata (demo_oauth.c)
 * and ?sse=1 on any of them for event-stream replies.  It answers
 * initialize (issuing Mcp-Session-Id), notifications (202), ping,
 * tools/list (get_adcp_capabilities, get_products), tools/call and the
 * stateless era's server/discover.  Like strict servers it wants both
 * Accept types (406) and JSON bodies (415). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/base64.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define SESSIONS_MAX 1000

static const char *const versions[] = {"2025-11-25", "2025-06-18", "2025-03-26", NULL};
#define DISCOVER_VERSION "2026-07-28"


static int
bearer_ok(const struct sb_request *r)
{
	const char *h = sb_header(r, "Authorization"), *x = sb_header(r, "x-adcp-auth");

	if (x != NULL && strcmp(x, AO_SANDBOX_AGENT_TOKEN) == 0)
		return 1;
	return h != NULL && strncasecmp(h, "Bearer ", 7) == 0 && strcmp(h + 7, AO_SANDBOX_AGENT_TOKEN) == 0;
}

static int
basic_ok(const struct sb_request *r)
{
	const char *h = sb_header(r, "Authorization");
	char *expect = ao_base64_encode(AO_SANDBOX_AGENT_USER ":" AO_SANDBOX_AGENT_PASSWORD,
	                                strlen(AO_SANDBOX_AGENT_USER ":" AO_SANDBOX_AGENT_PASSWORD));
	int ok = h != NULL && strncasecmp(h, "Basic ", 6) == 0 && strcmp(h + 6, expect) == 0;

	ao_secret_free(expect);
	return ok;
}

static cJSON *
rpc_error(const cJSON *id, int code, const char *message)
{
	cJSON *msg = cJSON_CreateObject(), *err = cJSON_CreateObject();

	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	cJSON_AddItemToObject(msg, "id", id != NULL ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
	cJSON_AddNumberToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	cJSON_AddItemToObject(msg, "error", err);
	return msg;
}

static cJSON *
rpc_result(const cJSON *id, cJSON *result)
{
	cJSON *msg = cJSON_CreateObject();

	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	cJSON_AddItemToObject(msg, "id", cJSON_Duplicate(id, 1));
	cJSON_AddItemToObject(msg, "result", result);
	return msg;
}

/* Sends msg as JSON, or as an event stream with a log notification and a
 * comment first (clients must skip both and match the id). */
static void
send_message(struct sb_reply *rep, int status, cJSON *msg, int sse)
{
	char *text;

	if (!sse) {
		sb_reply_json(rep, status, msg);
		return;
	}
	text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	{
		char *stream = xasprintf(": sandbox demo agent\n\n"
		                         "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
		                         "\"params\":{\"level\":\"info\",\"data\":\"sandbox demo agent\"}}\n\n"
		                         "event: message\ndata: %s\n\n", text != NULL ? text : "null");

		sb_reply_take(rep, status, "text/event-stream", stream, strlen(stream));
		sb_reply_header(rep, "Cache-Control", "no-cache");
	}
	free(text);
}

static cJSON *
server_info(void)
{
	cJSON *info = cJSON_CreateObject();

	cJSON_AddStringToObject(info, "name", "Sandbox Demo Sales Agent");
	cJSON_AddStringToObject(info, "version", AO_VERSION);
	return info;
}

static cJSON *
capabilities(void)
{
	cJSON *caps = cJSON_CreateObject(), *tools = cJSON_AddObjectToObject(caps, "tools");

	cJSON_AddFalseToObject(tools, "listChanged");
	return caps;
}

static const char *
negotiate(const cJSON *params)
{
	const char *want = sb_json_str(params, "protocolVersion");
	const char *const *v;

	for (v = versions; want != NULL && *v != NULL; v++)
		if (strcmp(*v, want) == 0)
			return *v;
	/* anything newer or unknown: offer our latest session-era version */
	return versions[0];
}

static void
new_session(struct ao_sandbox *s, struct sb_reply *rep)
{
	struct sb_session *ss = xcalloc(1, sizeof(*ss)), **pp;

	sb_random_hex(ss->id, 16);
	ss->next = s->sessions;
	s->sessions = ss;
	if (++s->nsessions > SESSIONS_MAX) {
		/* forget the oldest */
		for (pp = &s->sessions; (*pp)->next != NULL; pp = &(*pp)->next)
			;
		free(*pp);
		*pp = NULL;
		s->nsessions--;
	}
	sb_reply_header(rep, "Mcp-Session-Id", "%s", ss->id);
}

static int
session_known(struct ao_sandbox *s, const char *id)
{
	struct sb_session *ss;

	for (ss = s->sessions; ss != NULL; ss = ss->next)
		if (strcmp(ss->id, id) == 0)
			return 1;
	return 0;
}

/* DELETE with Mcp-Session-Id: the client ends its session. */
static void
end_session(struct ao_sandbox *s, const char *id, struct sb_reply *rep)
{
	struct sb_session **pp, *ss;

	for (pp = &s->sessions; id != NULL && *pp != NULL; pp = &(*pp)->next) {
		if (strcmp((*pp)->id, id) == 0) {
			ss = *pp;
			*pp = ss->next;
			free(ss);
			s->nsessions--;
			sb_reply_take(rep, 200, NULL, NULL, 0);
			return;
		}
	}
	send_message(rep, 404, rpc_error(NULL, -32001, "Session not found"), 0);
}

static cJSON *
tool(const char *name, const char *description)
{
	cJSON *t = cJSON_CreateObject(), *schema;

	cJSON_AddStringToObject(t, "name", name);
	cJSON_AddStringToObject(t, "description", description);
	schema = cJSON_AddObjectToObject(t, "inputSchema");
	cJSON_AddStringToObject(schema, "type", "object");
	cJSON_AddObjectToObject(schema, "properties");
	return t;
}

static cJSON *
adcp_capabilities(void)
{
	cJSON *c = cJSON_CreateObject(), *adcp = cJSON_AddObjectToObject(c, "adcp"), *v, *p;

	v = cJSON_AddArrayToObject(adcp, "major_versions");
	cJSON_AddItemToArray(v, cJSON_CreateNumber(3));
	p = cJSON_AddArrayToObject(c, "supported_protocols");
	cJSON_AddItemToArray(p, cJSON_CreateString("media_buy"));
	cJSON_AddStringToObject(c, "agent_name", "Sandbox Demo Sales Agent");
	return c;
}

static cJSON *
products(void)
{
	/* the AdCP v3 product shape (what @adcp/client's GetProductsResponseSchema
	 * checks): publisher_properties, format_ids, delivery_type,
	 * pricing_options with an id, delivery_measurement */
	static const struct {
		const char *id, *name, *description, *format;
		double cpm;
	} demo[] = {
		{"sandbox_ctv_premium", "Premium CTV (sandbox)", "Connected TV, prime time, guaranteed.", "video_30s", 32.0},
		{"sandbox_display_ros", "Run-of-site display (sandbox)", "Standard display sizes, non-guaranteed.",
		 "display_300x250", 4.5},
	};
	cJSON *c = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(c, "products");
	size_t i;

	for (i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		cJSON *p = cJSON_CreateObject(), *prices = cJSON_AddArrayToObject(p, "pricing_options"), *opt, *sel, *fmt;

		cJSON_AddStringToObject(p, "product_id", demo[i].id);
		cJSON_AddStringToObject(p, "name", demo[i].name);
		cJSON_AddStringToObject(p, "description", demo[i].description);
		cJSON_AddStringToObject(p, "delivery_type", i == 0 ? "guaranteed" : "non_guaranteed");
		sel = cJSON_CreateObject();
		cJSON_AddStringToObject(sel, "publisher_domain", "sandbox.example");
		cJSON_AddStringToObject(sel, "selection_type", "all");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "publisher_properties"), sel);
		fmt = cJSON_CreateObject();
		cJSON_AddStringToObject(fmt, "agent_url", "https://creative.adcontextprotocol.org");
		cJSON_AddStringToObject(fmt, "id", demo[i].format);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "format_ids"), fmt);
		opt = cJSON_CreateObject();
		cJSON_AddStringToObject(opt, "pricing_option_id", i == 0 ? "cpm_fixed" : "cpm_floor");
		cJSON_AddStringToObject(opt, "pricing_model", "cpm");
		cJSON_AddStringToObject(opt, "currency", "USD");
		cJSON_AddNumberToObject(opt, i == 0 ? "fixed_price" : "floor_price", demo[i].cpm);
		cJSON_AddItemToArray(prices, opt);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(p, "delivery_measurement"), "provider",
		                        "agent-onboard sandbox (simulated)");
		cJSON_AddItemToArray(list, p);
	}
	return c;
}

static cJSON *
tool_result(cJSON *structured)
{
	cJSON *res = cJSON_CreateObject(), *content = cJSON_AddArrayToObject(res, "content"), *text;
	char *s = cJSON_PrintUnformatted(structured);

	text = cJSON_CreateObject();
	cJSON_AddStringToObject(text, "type", "text");
	cJSON_AddStringToObject(text, "text", s != NULL ? s : "{}");
	cJSON_AddItemToArray(content, text);
	cJSON_AddItemToObject(res, "structuredContent", structured);
	cJSON_AddFalseToObject(res, "isError");
	free(s);
	return res;
}

static cJSON *
call_method(struct ao_sandbox *s, const char *method, const cJSON *id, const cJSON *params,
            struct sb_reply *rep)
{
	cJSON *res;

	if (strcmp(method, "initialize") == 0) {
		res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "protocolVersion", negotiate(params));
		cJSON_AddItemToObject(res, "capabilities", capabilities());
		cJSON_AddItemToObject(res, "serverInfo", server_info());
		cJSON_AddStringToObject(res, "instructions", "A demo AdCP sales agent served by agent-onboard sandbox.");
		new_session(s, rep);
		return rpc_result(id, res);
	}
	if (strcmp(method, "server/discover") == 0) {
		cJSON *sv, *meta;
		const char *const *v;

		res = cJSON_CreateObject();
		sv = cJSON_AddArrayToObject(res, "supportedVersions");
		cJSON_AddItemToArray(sv, cJSON_CreateString(DISCOVER_VERSION));
		for (v = versions; *v != NULL; v++)
			cJSON_AddItemToArray(sv, cJSON_CreateString(*v));
		cJSON_AddItemToObject(res, "capabilities", capabilities());
		meta = cJSON_AddObjectToObject(res, "_meta");
		cJSON_AddItemToObject(meta, "serverInfo", server_info());
		cJSON_AddItemToObject(res, "serverInfo", server_info());
		return rpc_result(id, res);
	}
	if (strcmp(method, "ping") == 0)
		return rpc_result(id, cJSON_CreateObject());
	if (strcmp(method, "tools/list") == 0) {
		cJSON *tools;

		res = cJSON_CreateObject();
		tools = cJSON_AddArrayToObject(res, "tools");
		cJSON_AddItemToArray(tools, tool("get_adcp_capabilities",
		                                 "AdCP versions and protocols this agent supports."));
		cJSON_AddItemToArray(tools, tool("get_products", "Products available for a brief."));
		return rpc_result(id, res);
	}
	if (strcmp(method, "tools/call") == 0) {
		const char *name = sb_json_str(params, "name");

		if (name != NULL && strcmp(name, "get_adcp_capabilities") == 0)
			return rpc_result(id, tool_result(adcp_capabilities()));
		if (name != NULL && strcmp(name, "get_products") == 0)
			return rpc_result(id, tool_result(products()));
		return rpc_error(id, -32602, "Unknown tool");
	}
	return rpc_error(id, -32601, "Method not found");
}

static int
accepts(const char *accept, const char *type)
{
	return accept != NULL && (strcasestr(accept, type) != NULL);
}

void
sb_demo_mcp(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	const char *path = r->path, *accept = sb_header(r, "Accept"), *ctype = sb_header(r, "Content-Type");
	const char *session = sb_header(r, "Mcp-Session-Id"), *sse_arg = sb_query(r, "sse");
	int sse = strcmp(path, "/demo/mcp-sse") == 0 || (sse_arg != NULL && strcmp(sse_arg, "1") == 0);
	const cJSON *id, *method, *params;
	cJSON *msg = NULL;
	const char *end = NULL;

	if (strcmp(path, "/demo/mcp-oauth") == 0) {
		sb_reply_header(rep, "WWW-Authenticate", "Bearer resource_metadata=\"%s/.well-known/"
		                "oauth-protected-resource/demo/mcp-oauth\"", s->url);
		send_message(rep, 401, rpc_error(NULL, -32001, "Unauthorized: authorize with OAuth first"), 0);
		return;
	}
	if ((strcmp(path, "/demo/mcp") == 0 || strcmp(path, "/demo/mcp-sse") == 0) && !bearer_ok(r)) {
		sb_reply_header(rep, "WWW-Authenticate", "Bearer realm=\"sandbox-demo-agent\"%s",
		                sb_header(r, "Authorization") != NULL ? ", error=\"invalid_token\"" : "");
		send_message(rep, 401, rpc_error(NULL, -32001, "Unauthorized"), 0);
		return;
	}
	if (strcmp(path, "/demo/mcp-basic") == 0 && !basic_ok(r)) {
		sb_reply_header(rep, "WWW-Authenticate", "Basic realm=\"sandbox-demo-agent\"");
		send_message(rep, 401, rpc_error(NULL, -32001, "Unauthorized"), 0);
		return;
	}
	if (strcmp(r->method, "DELETE") == 0) {
		end_session(s, session, rep);
		return;
	}
	if (!(accepts(accept, "*/*") || (accepts(accept, "application/json") && accepts(accept, "text/event-stream")))) {
		send_message(rep, 406, rpc_error(NULL, -32600, "Not Acceptable: the client must accept both "
		             "application/json and text/event-stream"), 0);
		return;
	}
	if (ctype == NULL || strncasecmp(ctype, "application/json", 16) != 0) {
		send_message(rep, 415, rpc_error(NULL, -32600, "Unsupported Media Type: send application/json"), 0);
		return;
	}
	if (session != NULL && !session_known(s, session)) {
		send_message(rep, 404, rpc_error(NULL, -32001, "Session not found"), 0);
		return;
	}
	msg = strlen(r->body) == r->body_len ? cJSON_ParseWithOpts(r->body, &end, 1) : NULL;
	if (msg == NULL) {
		send_message(rep, 400, rpc_error(NULL, -32700, "Parse error"), 0);
		return;
	}
	if (cJSON_IsArray(msg)) {
		send_message(rep, 400, rpc_error(NULL, -32600, "Batches are not supported"), 0);
		goto out;
	}
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	method = cJSON_GetObjectItemCaseSensitive(msg, "method");
	params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	if (!cJSON_IsObject(msg) || sb_json_str(msg, "jsonrpc") == NULL || strcmp(sb_json_str(msg, "jsonrpc"), "2.0") != 0 ||
	    !cJSON_IsString(method) || (id != NULL && !cJSON_IsString(id) && !cJSON_IsNumber(id))) {
		send_message(rep, 400, rpc_error(id != NULL && (cJSON_IsString(id) || cJSON_IsNumber(id)) ? id : NULL,
		             -32600, "Invalid Request"), 0);
		goto out;
	}
	if (id == NULL) {
		/* a notification (notifications/initialized ...): accepted, no body */
		sb_reply_take(rep, 202, NULL, NULL, 0);
		goto out;
	}
	send_message(rep, 200, call_method(s, method->valuestring, id, params, rep), sse);
out:
	cJSON_Delete(msg);
}
