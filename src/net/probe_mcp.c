/* SPDX-License-Identifier: MIT */
/* The MCP probe, over streamable HTTP, as the platform will talk to the
 * agent (reference/scope3-api.md 5.1):
 *   1. POST initialize (Accept: application/json, text/event-stream); the
 *      reply is one JSON object or an event stream; keep Mcp-Session-Id.
 *   2. POST notifications/initialized (expect 202).
 *   3. POST tools/list (following nextCursor) and look for the AdCP tools.
 *   4. DELETE the session, as the transport asks clients to.
 * A server that refuses initialize (a JSON-RPC error or a 4xx) may be a
 * stateless 2026-07-28 server: then server/discover, and tools/list with
 * the per-request protocol metadata. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/xalloc.h"
#include "probe_internal.h"

#define MCP_VERSION "2025-06-18"
#define MCP_STATELESS_VERSION "2026-07-28"
#define MCP_MAX_TOOL_PAGES 10

static const char accept_header[] = "Accept: application/json, text/event-stream";

static const char initialize_body[] =
	"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
	"\"protocolVersion\":\"" MCP_VERSION "\",\"capabilities\":{},"
	"\"clientInfo\":{\"name\":\"agent-onboard\",\"version\":\"" AO_VERSION "\"}}}";

static const char discover_body[] =
	"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":{"
	"\"io.modelcontextprotocol/protocolVersion\":\"" MCP_STATELESS_VERSION "\","
	"\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

struct mcp_session {
	int stateless;              /* server/discover era: no session, metadata per request */
	char id_header[300];        /* "Mcp-Session-Id: ..." or "" */
	char version_header[64];    /* "MCP-Protocol-Version: ..." */
};

/* A POST to the endpoint with the headers every MCP request carries. */
static void
mcp_post(struct probe_ctx *c, struct probe_exchange *x, const struct mcp_session *s,
         const char *body, long id, const char *method_header)
{
	size_t n = 0;

	probe_exchange_init(x, "POST", c->req->url);
	x->post = body;
	x->with_auth = 1;
	x->sse_id = id;
	x->headers[n++] = accept_header;
	if (s != NULL && s->id_header[0] != '\0')
		x->headers[n++] = s->id_header;
	if (s != NULL && s->version_header[0] != '\0')
		x->headers[n++] = s->version_header;
	if (method_header != NULL)
		x->headers[n++] = method_header;
	x->headers[n] = NULL;
}

/* What came back instead of a JSON-RPC reply, in words. */
static void
describe_answer(const struct probe_exchange *x, const char *what, char *out, size_t outsz)
{
	if (x->sse)
		snprintf(out, outsz, "an event stream without a reply to %s", what);
	else if (strncasecmp(x->content_type, "text/html", 9) == 0)
		snprintf(out, outsz, "an HTML page");
	else if (probe_is_json(x))
		snprintf(out, outsz, "JSON that is not a JSON-RPC reply to %s", what);
	else if (x->body.len == 0)
		snprintf(out, outsz, "an empty body");
	else
		snprintf(out, outsz, "content of type %s", x->content_type[0] ? x->content_type : "(none)");
}

static void
not_mcp(struct probe_ctx *c, const struct probe_exchange *x, const char *what, const char *problem)
{
	char answer[200];

	c->res->speaks_protocol = 0;
	if (problem != NULL && problem[0] != '\0')
		snprintf(answer, sizeof(answer), "a reply where %s", problem);
	else
		describe_answer(x, what, answer, sizeof(answer));
	probe_check(c->res, AO_CHECK_PROTOCOL, AO_CHECK_FAIL, "answered %s with %s", what, answer);
	probe_fail(c, AO_PROBE_NOT_PROTOCOL, "Check that the URL is the MCP endpoint itself (it "
	           "often ends in /mcp), not the agent's web site, and that the server speaks MCP "
	           "over streamable HTTP.", "The agent answered %s with %s, not as an MCP server.",
	           what, answer);
}

static char *
tools_list_body(long id, const char *cursor, int stateless)
{
	cJSON *root = cJSON_CreateObject(), *params = cJSON_CreateObject(), *meta;
	char *text, *copy;

	cJSON_AddStringToObject(root, "jsonrpc", "2.0");
	cJSON_AddNumberToObject(root, "id", (double)id);
	cJSON_AddStringToObject(root, "method", "tools/list");
	if (cursor != NULL)
		cJSON_AddStringToObject(params, "cursor", cursor);
	if (stateless) {
		meta = cJSON_AddObjectToObject(params, "_meta");
		cJSON_AddStringToObject(meta, "io.modelcontextprotocol/protocolVersion", MCP_STATELESS_VERSION);
		cJSON_AddObjectToObject(meta, "io.modelcontextprotocol/clientCapabilities");
	}
	cJSON_AddItemToObject(root, "params", params);
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (text == NULL)
		return NULL;
	copy = xstrdup(text);   /* ours to free with free(), whatever cJSON's allocator */
	cJSON_free(text);
	return copy;
}

static void
judge_tools(struct probe_ctx *c, size_t count)
{
	struct ao_probe_result *r = c->res;
	int sales = c->req->agent_type != NULL && strcasecmp(c->req->agent_type, "SALES") == 0;

	if (!r->has_capabilities_tool) {
		probe_check(r, AO_CHECK_TOOLS, AO_CHECK_WARN, "no %s among %zu tools",
		            AO_ADCP_CAPABILITIES_TOOL, count);
		probe_advise(c, "An AdCP agent offers get_adcp_capabilities (and get_products when it "
		             "sells): without it the platform's AAO compliance checks will fail.");
	} else if (sales && !r->has_products_tool) {
		probe_check(r, AO_CHECK_TOOLS, AO_CHECK_WARN, "%s offered, but no %s (a SALES agent "
		            "needs it)", AO_ADCP_CAPABILITIES_TOOL, AO_ADCP_PRODUCTS_TOOL);
		probe_advise(c, "A SALES agent must offer get_products: the platform discovers "
		             "inventory with it.");
	} else {
		probe_check(r, AO_CHECK_TOOLS, AO_CHECK_PASS, "%s%s offered (%zu tools)",
		            AO_ADCP_CAPABILITIES_TOOL, r->has_products_tool ? " and " AO_ADCP_PRODUCTS_TOOL : "",
		            count);
	}
}

static void
list_tools(struct probe_ctx *c, const struct mcp_session *s)
{
	struct ao_probe_result *r = c->res;
	struct probe_exchange x;
	struct ao_mcp_tools page;
	static const char method_header[] = "Mcp-Method: tools/list";
	char *cursor = NULL, *body;
	const char *bytes;
	size_t len, count = 0;
	long id = 2;
	int pages, rc;

	r->has_capabilities_tool = r->has_products_tool = 0;
	for (pages = 0; pages < MCP_MAX_TOOL_PAGES; pages++, id++) {
		body = tools_list_body(id, cursor, s->stateless);
		free(cursor);
		cursor = NULL;
		mcp_post(c, &x, s, body, id, s->stateless ? method_header : NULL);
		rc = probe_http(c, &x);
		if (rc < 0) {
			if (x.rc == CURLE_ABORTED_BY_CALLBACK || count == 0) {
				probe_transport_failed(c, &x, "tools/list");
			} else {
				probe_check(r, AO_CHECK_TOOLS, AO_CHECK_WARN, "tools/list page %d: %s",
				            pages + 1, x.err);
			}
			goto fail;
		}
		if (x.status == 401 || x.status == 403) {
			probe_auth_refused(c, &x);
			goto fail;
		}
		if (x.status < 200 || x.status >= 300) {
			probe_check(r, AO_CHECK_TOOLS, AO_CHECK_FAIL, "tools/list answered HTTP %ld", x.status);
			probe_http_failed(c, &x, "tools/list");
			goto fail;
		}
		bytes = probe_reply(&x, &len);
		ao_mcp_tools_parse(x.sse && !x.sse_found ? "" : bytes, x.sse && !x.sse_found ? 0 : len,
		                   id, &page);
		if (!page.ok) {
			if (page.rpc.kind == AO_RPC_ERROR)
				probe_check(r, AO_CHECK_TOOLS, AO_CHECK_FAIL, "tools/list failed: %s (%ld)",
				            page.rpc.error_message, page.rpc.error_code);
			else
				probe_check(r, AO_CHECK_TOOLS, AO_CHECK_FAIL, "tools/list gave no tools array");
			probe_fail(c, AO_PROBE_NOT_PROTOCOL, "An MCP agent must answer tools/list: the "
			           "platform calls its tools.", "The agent did not list its tools (%s).",
			           r->checks[AO_CHECK_TOOLS].detail);
			ao_mcp_tools_clear(&page);
			goto fail;
		}
		count += page.count;
		r->has_capabilities_tool |= page.has_capabilities;
		r->has_products_tool |= page.has_products;
		if (page.names[0] != '\0')
			ao_display_list_append(r->skills, sizeof(r->skills), page.names, strlen(page.names));
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		ao_mcp_tools_clear(&page);
		probe_exchange_free(&x);
		free(body);
		if (cursor == NULL)
			break;
	}
	free(cursor);
	judge_tools(c, count);
	return;
fail:
	probe_exchange_free(&x);
	free(body);
	free(cursor);
	r->has_capabilities_tool = r->has_products_tool = -1;
}

static void
send_initialized(struct probe_ctx *c, const struct mcp_session *s)
{
	static const char body[] = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
	struct probe_exchange x;
	int rc;

	mcp_post(c, &x, s, body, 0, NULL);
	rc = probe_http(c, &x);
	if (rc < 0) {
		if (x.rc == CURLE_ABORTED_BY_CALLBACK)
			probe_transport_failed(c, &x, "notifications/initialized");
		else
			probe_check(c->res, AO_CHECK_PROTOCOL, AO_CHECK_WARN, "%s; notifications/initialized "
			            "failed: %s", c->res->checks[AO_CHECK_PROTOCOL].detail, x.err);
	} else if (x.status < 200 || x.status >= 300) {
		probe_check(c->res, AO_CHECK_PROTOCOL, AO_CHECK_WARN, "%s; notifications/initialized "
		            "answered HTTP %ld (expected 202)", c->res->checks[AO_CHECK_PROTOCOL].detail,
		            x.status);
		probe_advise(c, "The server must accept notifications/initialized (HTTP 202) after "
		             "initialize, as the MCP lifecycle requires.");
	}
	probe_exchange_free(&x);
}

/* Ends the session: polite, and keeps test servers from piling up
 * sessions.  Its result does not matter to the probe. */
static void
end_session(struct probe_ctx *c, const struct mcp_session *s)
{
	struct probe_exchange x;

	if (s->id_header[0] == '\0' || probe_cancelled(c))
		return;
	probe_exchange_init(&x, "DELETE", c->req->url);
	x.with_auth = 1;
	x.budget_ms = 1000;
	x.headers[0] = s->id_header;
	x.headers[1] = s->version_header;
	probe_http(c, &x);
	probe_exchange_free(&x);
}

/* Records a server that answered initialize or server/discover. */
static void
speaks_mcp(struct probe_ctx *c, const struct probe_exchange *x, const struct ao_mcp_server *si,
           const char *how)
{
	struct ao_probe_result *r = c->res;

	r->http_status = x->status;
	probe_check(r, AO_CHECK_HTTP, AO_CHECK_PASS, "%ld to %s (%s)", x->status, how,
	            x->sse ? "event stream" : "JSON");
	probe_auth_passed(c);
	r->speaks_protocol = 1;
	snprintf(r->server_name, sizeof(r->server_name), "%s", si->name);
	snprintf(r->server_version, sizeof(r->server_version), "%s", si->version);
	snprintf(r->protocol_version, sizeof(r->protocol_version), "%s", si->protocol_version);
	probe_check(r, AO_CHECK_PROTOCOL, AO_CHECK_PASS, "MCP %s%s, server %s%s%s%s",
	            si->protocol_version, strcmp(how, "server/discover") == 0 ? " (stateless)" : "",
	            si->name[0] ? si->name : "(unnamed)", si->version[0] ? " " : "", si->version,
	            x->session_id[0] ? ", session" : "");
}

typedef void (*server_parse_fn)(const char *, size_t, long, struct ao_mcp_server *);

static void
parse_server(const struct probe_exchange *x, server_parse_fn parse, struct ao_mcp_server *si)
{
	size_t len;
	const char *bytes = probe_reply(x, &len);

	if (x->sse && !x->sse_found) {
		bytes = "";
		len = 0;
	}
	parse(bytes, len, 1, si);
}

/* The stateless revision.  Returns 0 when the server answered it; else the
 * caller reports the initialize failure, which is the more telling one. */
static int
try_discover(struct probe_ctx *c)
{
	static const char method_header[] = "Mcp-Method: server/discover";
	struct mcp_session s;
	struct probe_exchange x;
	struct ao_mcp_server si;
	int rc, done = -1;

	memset(&s, 0, sizeof(s));
	s.stateless = 1;
	snprintf(s.version_header, sizeof(s.version_header), "MCP-Protocol-Version: %s",
	         MCP_STATELESS_VERSION);
	mcp_post(c, &x, &s, discover_body, 1, method_header);
	rc = probe_http(c, &x);
	if (rc < 0) {
		if (x.rc == CURLE_ABORTED_BY_CALLBACK || x.rc == CURLE_OPERATION_TIMEDOUT) {
			probe_transport_failed(c, &x, "server/discover");
			done = 0;
		}
		goto out;
	}
	if (x.status < 200 || x.status >= 300)
		goto out;
	parse_server(&x, ao_mcp_discover_parse, &si);
	if (!si.ok)
		goto out;
	speaks_mcp(c, &x, &si, "server/discover");
	list_tools(c, &s);
	done = 0;
out:
	probe_exchange_free(&x);
	return done;
}

void
probe_mcp(struct probe_ctx *c)
{
	struct probe_exchange x;
	struct ao_mcp_server si;
	struct mcp_session s;
	char refused[300];
	int rc;

	memset(&s, 0, sizeof(s));
	mcp_post(c, &x, NULL, initialize_body, 1, NULL);
	rc = probe_http(c, &x);
	if (rc < 0) {
		probe_transport_failed(c, &x, "initialize");
		goto out;
	}
	c->res->http_status = x.status;
	if (x.status == 401 || x.status == 403) {
		probe_auth_refused(c, &x);
		goto out;
	}
	if (x.too_large || x.location[0] != '\0' || x.status < 200 || x.status >= 500 ||
	    (x.status >= 300 && x.status < 400)) {
		probe_http_failed(c, &x, "initialize");
		goto out;
	}
	if (x.status >= 400) {
		/* maybe a stateless server: it would answer server/discover */
		if (try_discover(c) != 0)
			probe_http_failed(c, &x, "initialize");
		goto out;
	}
	parse_server(&x, ao_mcp_initialize_parse, &si);
	if (si.rpc.kind == AO_RPC_ERROR) {
		if (try_discover(c) == 0)
			goto out;
		snprintf(refused, sizeof(refused), "a JSON-RPC error: %s (code %ld)",
		         si.rpc.error_message[0] ? si.rpc.error_message : "no message", si.rpc.error_code);
		c->res->http_status = x.status;
		probe_check(c->res, AO_CHECK_HTTP, AO_CHECK_PASS, "%ld to initialize", x.status);
		c->res->speaks_protocol = 0;
		probe_check(c->res, AO_CHECK_PROTOCOL, AO_CHECK_FAIL, "initialize refused with %s; "
		            "server/discover not answered either", refused);
		probe_fail(c, AO_PROBE_NOT_PROTOCOL, "Check that the server supports MCP over "
		           "streamable HTTP at this URL (protocol " MCP_VERSION " or newer).",
		           "The agent refused initialize with %s, and did not answer server/discover.",
		           refused);
		goto out;
	}
	if (!si.ok) {
		probe_check(c->res, AO_CHECK_HTTP, AO_CHECK_PASS, "%ld to initialize", x.status);
		not_mcp(c, &x, "initialize", si.rpc.kind == AO_RPC_RESULT ? si.problem : NULL);
		goto out;
	}
	speaks_mcp(c, &x, &si, "initialize");
	if (x.session_id[0] != '\0')
		snprintf(s.id_header, sizeof(s.id_header), "Mcp-Session-Id: %s", x.session_id);
	snprintf(s.version_header, sizeof(s.version_header), "MCP-Protocol-Version: %s",
	         si.protocol_version);
	probe_exchange_free(&x);
	send_initialized(c, &s);
	list_tools(c, &s);
	end_session(c, &s);
	return;
out:
	probe_exchange_free(&x);
}
