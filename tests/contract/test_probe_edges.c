/* SPDX-License-Identifier: MIT */
/* Contract test: the probe module against a scripted loopback server
 * (libmicrohttpd, in this file) for what the simulator's demo agents do not
 * do: an event stream left open after the reply, heartbeats before it, a
 * strict session (Mcp-Session-Id and MCP-Protocol-Version checked), a
 * stateless server that refuses initialize and answers server/discover,
 * paged tools/list, redirects to the same and to another host, an HTML
 * page, an OAuth agent with no metadata anywhere, A2A cards under the path,
 * a card that is not one, an interface on another origin; plus the
 * requests refused before anything is sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/probe.h"

#define SESSION "sess-0123456789"
#define TOKEN "edge-token-s3cr3t"

static struct MHD_Daemon *D;
static int PORT;
static volatile int STOP;
static pthread_mutex_t LOCK = PTHREAD_MUTEX_INITIALIZER;

/* what the server saw */
static struct {
	int requests;                 /* all */
	int open_json;                /* POST /mcp-open-json */
	int open_json_auth;           /* ... with an Authorization header */
	int bad_session;              /* MCP requests without the right session headers */
	int deleted;                  /* DELETE with the session */
	int rpc_with_auth;            /* A2A rpc calls that carried Authorization */
	int rest_with_auth;           /* A2A REST calls that carried Authorization */
} SEEN;

struct req {
	char *body;
	size_t len;
};

/* --- the server ------------------------------------------------------------- */

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
          const char *h1, const char *v1)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	                                                         MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (type != NULL)
		MHD_add_response_header(r, "Content-Type", type);
	if (h1 != NULL)
		MHD_add_response_header(r, h1, v1);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_json(struct MHD_Connection *c, unsigned status, const char *body)
{
	return send_text(c, status, "application/json", body, NULL, NULL);
}

/* An event stream: heartbeats, then the reply, then heartbeats for up to
 * 5 s (the stream stays open, as some servers keep it). */
struct stream {
	char *first;      /* ": hb\n\n" + the reply event */
	size_t sent;
	struct timespec start;
};

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	size_t n, left = strlen(s->first) - s->sent;
	struct timespec ts = { 0, 50 * 1000000L };

	(void)pos;
	if (left > 0) {
		n = left < max ? left : max;
		memcpy(buf, s->first + s->sent, n);
		s->sent += n;
		return (ssize_t)n;
	}
	if (STOP || elapsed_ms(&s->start) > 5000)
		return MHD_CONTENT_READER_END_OF_STREAM;
	nanosleep(&ts, NULL);
	/* a heartbeat; once the client has gone, writing it fails and MHD ends this */
	n = 6 < max ? 6 : max;
	memcpy(buf, ": hb\n\n", n);
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;

	free(s->first);
	free(s);
}

static enum MHD_Result
send_stream(struct MHD_Connection *c, const char *reply, int with_session)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	struct MHD_Response *r;
	enum MHD_Result ret;

	s->first = xasprintf(": hb\n\nevent: message\ndata: %s\n\n", reply);
	clock_gettime(CLOCK_MONOTONIC, &s->start);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, stream_read, s, stream_free);
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	if (with_session)
		MHD_add_response_header(r, "Mcp-Session-Id", SESSION);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static int
has(const char *body, const char *needle)
{
	return body != NULL && strstr(body, needle) != NULL;
}

static const char *
hdr(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static const char init_reply[] =
	"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\","
	"\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"edge\",\"version\":\"1.0\"}}}";

/* A strict MCP server that replies on event streams it keeps open. */
static enum MHD_Result
mcp_keepopen(struct MHD_Connection *c, const char *method, const char *body)
{
	const char *sid = hdr(c, "Mcp-Session-Id"), *ver = hdr(c, "MCP-Protocol-Version");
	int ok_session = sid != NULL && strcmp(sid, SESSION) == 0 && ver != NULL &&
	                 strcmp(ver, "2025-06-18") == 0;

	if (strcmp(method, "DELETE") == 0) {
		pthread_mutex_lock(&LOCK);
		SEEN.deleted += ok_session;
		pthread_mutex_unlock(&LOCK);
		return send_text(c, 200, NULL, "", NULL, NULL);
	}
	if (has(body, "\"initialize\""))
		return send_stream(c, init_reply, 1);
	if (!ok_session) {
		pthread_mutex_lock(&LOCK);
		SEEN.bad_session++;
		pthread_mutex_unlock(&LOCK);
		return send_json(c, 400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,"
		                 "\"message\":\"Bad Request: No valid session ID provided\"}}");
	}
	if (has(body, "notifications/initialized"))
		return send_text(c, 202, NULL, "", NULL, NULL);
	if (has(body, "tools/list"))
		return send_stream(c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":["
		                   "{\"name\":\"get_adcp_capabilities\"},{\"name\":\"get_products\"}]}}", 0);
	return send_json(c, 400, "{}");
}

/* A stateless (2026-07-28) server: no initialize, server/discover, and
 * tools/list in two pages, each request with its Mcp-Method header. */
static enum MHD_Result
mcp_stateless(struct MHD_Connection *c, const char *body)
{
	const char *m = hdr(c, "Mcp-Method"), *ver = hdr(c, "MCP-Protocol-Version");

	if (has(body, "\"initialize\""))
		return send_json(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,"
		                 "\"message\":\"initialize was removed; use server/discover\"}}");
	if (m == NULL || ver == NULL || strcmp(ver, "2026-07-28") != 0 ||
	    !has(body, "io.modelcontextprotocol/protocolVersion"))
		return send_json(c, 400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
		                 "\"message\":\"missing protocol metadata\"}}");
	if (strcmp(m, "server/discover") == 0)
		return send_json(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"supportedVersions\":"
		                 "[\"2026-07-28\"],\"capabilities\":{\"tools\":{}},\"_meta\":{\"serverInfo\":"
		                 "{\"name\":\"stateless-edge\",\"version\":\"2\"}}}}");
	if (strcmp(m, "tools/list") == 0 && has(body, "\"cursor\":\"page-2\""))
		return send_json(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":"
		                 "[{\"name\":\"get_adcp_capabilities\"}]}}");
	if (strcmp(m, "tools/list") == 0)
		return send_json(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":"
		                 "[{\"name\":\"echo\"}],\"nextCursor\":\"page-2\"}}");
	return send_json(c, 400, "{}");
}

static enum MHD_Result
mcp_open_json(struct MHD_Connection *c, const char *method, const char *body)
{
	pthread_mutex_lock(&LOCK);
	SEEN.open_json++;
	SEEN.open_json_auth += hdr(c, "Authorization") != NULL;
	pthread_mutex_unlock(&LOCK);
	if (strcmp(method, "DELETE") == 0)
		return send_text(c, 200, NULL, "", NULL, NULL);
	if (has(body, "\"initialize\""))
		return send_json(c, 200, init_reply);
	if (has(body, "notifications/initialized"))
		return send_text(c, 202, NULL, "", NULL, NULL);
	if (has(body, "tools/list"))
		return send_json(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}");
	return send_json(c, 400, "{}");
}

static enum MHD_Result
a2a(struct MHD_Connection *c, const char *url)
{
	char *body;
	enum MHD_Result ret;

	if (strcmp(url, "/agents/x/.well-known/agent-card.json") == 0) {
		/* the JSON-RPC interface is on another origin (localhost, not 127.0.0.1) */
		body = xasprintf("{\"name\":\"Path Agent\",\"version\":\"1\",\"supportedInterfaces\":[{"
		                 "\"url\":\"http://localhost:%d/agents/x/rpc\",\"protocolBinding\":"
		                 "\"JSONRPC\",\"protocolVersion\":\"1.0\"}],\"skills\":[]}", PORT);
		ret = send_json(c, 200, body);
		free(body);
		return ret;
	}
	if (strcmp(url, "/same/.well-known/agent-card.json") == 0) {
		body = xasprintf("{\"name\":\"Same Origin\",\"url\":\"http://127.0.0.1:%d/same/rpc\","
		                 "\"protocolVersion\":\"0.3.0\",\"skills\":[{\"id\":\"get_adcp_capabilities\"}],"
		                 "\"capabilities\":{\"extensions\":[{\"uri\":"
		                 "\"https://adcontextprotocol.org/extensions/adcp/v3\"}]}}", PORT);
		ret = send_json(c, 200, body);
		free(body);
		return ret;
	}
	if (strcmp(url, "/bad/.well-known/agent-card.json") == 0)
		return send_json(c, 200, "{\"hello\":\"world\"}");
	if (strcmp(url, "/rest/.well-known/agent-card.json") == 0) {
		/* the only interface is HTTP+JSON (REST) */
		body = xasprintf("{\"name\":\"Rest Only\",\"version\":\"1\",\"protocolVersion\":\"0.3.0\","
		                 "\"url\":\"http://127.0.0.1:%d/rest\",\"preferredTransport\":\"HTTP+JSON\","
		                 "\"skills\":[{\"id\":\"get_adcp_capabilities\"}]}", PORT);
		ret = send_json(c, 200, body);
		free(body);
		return ret;
	}
	if (strncmp(url, "/rest/v1/tasks/", 15) == 0) {
		const char *h = hdr(c, "Authorization");

		pthread_mutex_lock(&LOCK);
		SEEN.rest_with_auth += h != NULL;
		pthread_mutex_unlock(&LOCK);
		if (h == NULL || strcmp(h, "Bearer " TOKEN) != 0)
			return send_text(c, 401, "application/json", "{\"error\":\"unauthorized\"}",
			                 "WWW-Authenticate", "Bearer realm=\"rest\"");
		return send_json(c, 404, "{\"code\":-32001,\"message\":\"Task not found\"}");
	}
	return send_json(c, 404, "{\"error\":\"not found\"}");
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct req *rq = *con_cls;
	char *loc;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (rq == NULL) {
		*con_cls = xcalloc(1, sizeof(struct req));
		return MHD_YES;
	}
	if (*upload_size > 0) {
		rq->body = xrealloc(rq->body, rq->len + *upload_size + 1);
		memcpy(rq->body + rq->len, upload, *upload_size);
		rq->len += *upload_size;
		rq->body[rq->len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&LOCK);
	SEEN.requests++;
	pthread_mutex_unlock(&LOCK);
	if (strcmp(url, "/mcp-keepopen") == 0)
		return mcp_keepopen(c, method, rq->body);
	if (strcmp(url, "/mcp-stateless") == 0)
		return mcp_stateless(c, rq->body);
	if (strcmp(url, "/mcp-open-json") == 0)
		return mcp_open_json(c, method, rq->body);
	if (strcmp(url, "/mcp-400") == 0)
		return send_text(c, 400, "text/plain", "bad request", NULL, NULL);
	if (strcmp(url, "/html") == 0)
		return send_text(c, 200, "text/html", "<!doctype html><title>Welcome</title>", NULL, NULL);
	if (strcmp(url, "/redirect-same") == 0)
		return send_text(c, 307, "text/plain", "", "Location", "/mcp-open-json");
	if (strcmp(url, "/redirect-other") == 0) {
		loc = xasprintf("http://localhost:%d/mcp-open-json", PORT);
		ret = send_text(c, 307, "text/plain", "", "Location", loc);
		free(loc);
		return ret;
	}
	if (strcmp(url, "/oauth-other") == 0 || strcmp(url, "/oauth-good") == 0) {
		loc = xasprintf("Bearer resource_metadata=\"http://127.0.0.1:%d/meta/%s\"", PORT,
		                url[7] == 'o' ? "other" : "good");
		ret = send_text(c, 401, "application/json", "{}", "WWW-Authenticate", loc);
		free(loc);
		return ret;
	}
	if (strcmp(url, "/meta/other") == 0 || strcmp(url, "/meta/good") == 0) {
		/* RFC 9728 metadata: for another resource, or for this whole origin */
		loc = xasprintf("{\"resource\":\"http://127.0.0.1:%d%s\",\"authorization_servers\":"
		                "[\"http://127.0.0.1:%d/as\"]}", PORT, url[6] == 'o' ? "/elsewhere" : "", PORT);
		ret = send_json(c, 200, loc);
		free(loc);
		return ret;
	}
	if (strcmp(url, "/.well-known/oauth-authorization-server/as") == 0) {
		loc = xasprintf("{\"issuer\":\"http://127.0.0.1:%d/as\",\"authorization_endpoint\":"
		                "\"http://127.0.0.1:%d/as/authorize\",\"token_endpoint\":\"http://127.0.0.1:%d/as/token\","
		                "\"registration_endpoint\":\"http://127.0.0.1:%d/as/register\","
		                "\"code_challenge_methods_supported\":[\"S256\"]}", PORT, PORT, PORT, PORT);
		ret = send_json(c, 200, loc);
		free(loc);
		return ret;
	}
	if (strcmp(url, "/oauth-bare") == 0)
		return send_text(c, 401, "application/json", "{}", "WWW-Authenticate", "Bearer realm=\"edge\"");
	if (strcmp(url, "/same/rpc") == 0) {
		pthread_mutex_lock(&LOCK);
		SEEN.rpc_with_auth += hdr(c, "Authorization") != NULL;
		pthread_mutex_unlock(&LOCK);
		return send_json(c, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,"
		                 "\"message\":\"Task not found\"}}");
	}
	if (strcmp(method, "GET") == 0)
		return a2a(c, url);
	return send_json(c, 404, "{}");
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)why;
	if (rq != NULL) {
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static int
setup(void **state)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	(void)state;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	D = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
	                     NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
	if (D == NULL)
		return -1;
	info = MHD_get_daemon_info(D, MHD_DAEMON_INFO_BIND_PORT);
	PORT = info != NULL ? info->port : 0;
	return PORT > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	STOP = 1;
	MHD_stop_daemon(D);
	return 0;
}

static int
reset(void **state)
{
	(void)state;
	pthread_mutex_lock(&LOCK);
	memset(&SEEN, 0, sizeof(SEEN));
	pthread_mutex_unlock(&LOCK);
	return 0;
}

/* --- helpers ------------------------------------------------------------------ */

static enum ao_probe_outcome
probe(const char *path, const char *protocol, const char *auth, const char *token,
      struct ao_probe_result *r)
{
	struct ao_probe_request q;
	char *url = xasprintf("http://127.0.0.1:%d%s", PORT, path);
	enum ao_probe_outcome o;

	memset(&q, 0, sizeof(q));
	q.url = url;
	q.protocol = protocol;
	q.auth_type = auth;
	q.token = token;
	q.timeout_ms = 3000;
	o = ao_probe_run(&q, r);
	free(url);
	return o;
}

static void
expect(const struct ao_probe_result *r, enum ao_probe_outcome want)
{
	if (r->outcome != want)
		fail_msg("outcome %s (%s | fix: %s), want %s", ao_probe_outcome_name(r->outcome),
		         r->message, r->fix, ao_probe_outcome_name(want));
}

static int
seen(const int *field)
{
	int v;

	pthread_mutex_lock(&LOCK);
	v = *field;
	pthread_mutex_unlock(&LOCK);
	return v;
}

/* --- tests -------------------------------------------------------------------- */

static void
test_open_event_stream_and_strict_session(void **state)
{
	struct ao_probe_result r;

	(void)state;
	probe("/mcp-keepopen", "MCP", "NO_AUTH", NULL, &r);
	expect(&r, AO_PROBE_OK);
	/* the reply was taken from the open stream, not after the 3 s timeout */
	assert_true(r.total_ms < 1500);
	assert_string_equal(r.server_name, "edge");
	assert_int_equal(r.has_capabilities_tool, 1);
	assert_int_equal(r.has_products_tool, 1);
	assert_int_equal(r.warnings, 0);
	assert_int_equal(seen(&SEEN.bad_session), 0);   /* session and version echoed */
	assert_int_equal(seen(&SEEN.deleted), 1);
}

static void
test_stateless_server_discover(void **state)
{
	struct ao_probe_result r;

	(void)state;
	probe("/mcp-stateless", "MCP", "NO_AUTH", NULL, &r);
	expect(&r, AO_PROBE_OK);
	assert_string_equal(r.protocol_version, "2026-07-28");
	assert_string_equal(r.server_name, "stateless-edge");
	assert_non_null(strstr(r.checks[AO_CHECK_PROTOCOL].detail, "stateless"));
	/* the AdCP tool is on the second page */
	assert_int_equal(r.has_capabilities_tool, 1);
	assert_non_null(strstr(r.skills, "echo"));
}

static void
test_not_mcp_answers(void **state)
{
	struct ao_probe_result r;

	(void)state;
	probe("/html", "MCP", NULL, NULL, &r);
	expect(&r, AO_PROBE_NOT_PROTOCOL);
	assert_non_null(strstr(r.message, "HTML"));
	assert_int_equal(r.speaks_protocol, 0);
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_REJECTED);

	/* 400 to initialize, and no server/discover either: the 400 is reported */
	probe("/mcp-400", "MCP", NULL, NULL, &r);
	expect(&r, AO_PROBE_HTTP);
	assert_int_equal(r.http_status, 400);
	assert_non_null(strstr(r.message, "initialize"));
}

static void
test_redirects(void **state)
{
	struct ao_probe_result r;

	(void)state;
	/* same host, 307: followed, and the credential goes along */
	probe("/redirect-same", "MCP", "API_KEY", TOKEN, &r);
	expect(&r, AO_PROBE_OK);
	assert_true(seen(&SEEN.open_json) >= 1);
	assert_int_equal(seen(&SEEN.open_json_auth), seen(&SEEN.open_json));

	/* another host: not followed, nothing sent there, the fix says what to register */
	reset(NULL);
	probe("/redirect-other", "MCP", "API_KEY", TOKEN, &r);
	expect(&r, AO_PROBE_HTTP);
	assert_int_equal(r.http_status, 307);
	assert_int_equal(seen(&SEEN.open_json), 0);
	assert_non_null(strstr(r.message, "localhost"));
	assert_non_null(strstr(r.fix, "register"));
	assert_null(strstr(r.message, TOKEN));
}

static void
test_oauth_without_metadata(void **state)
{
	struct ao_probe_result r;

	(void)state;
	probe("/oauth-bare", "MCP", "OAUTH", NULL, &r);
	expect(&r, AO_PROBE_AUTH_REQUIRED);
	assert_int_equal(r.checks[AO_CHECK_OAUTH].state, AO_CHECK_FAIL);
	assert_non_null(strstr(r.fix, "oauth-protected-resource"));
	assert_string_equal(r.oauth_issuer, "");
}

static void
test_oauth_resource_metadata(void **state)
{
	struct ao_probe_result r;
	char *issuer = xasprintf("http://127.0.0.1:%d/as", PORT);

	(void)state;
	/* metadata for this origin, naming an authorization server under a path */
	probe("/oauth-good", "MCP", "OAUTH", NULL, &r);
	expect(&r, AO_PROBE_OK);
	assert_string_equal(r.oauth_issuer, issuer);
	assert_non_null(strstr(r.checks[AO_CHECK_OAUTH].detail, "dynamic client registration offered"));
	/* before a type is chosen, the wizard is told to choose OAUTH */
	probe("/oauth-good", "MCP", NULL, NULL, &r);
	expect(&r, AO_PROBE_OK);
	assert_non_null(strstr(r.fix, "OAUTH"));

	/* metadata about another resource is not this agent's (RFC 9728 3.3) */
	probe("/oauth-other", "MCP", "OAUTH", NULL, &r);
	expect(&r, AO_PROBE_AUTH_REQUIRED);
	assert_non_null(strstr(r.checks[AO_CHECK_OAUTH].detail, "another resource"));
	probe("/oauth-other", "MCP", NULL, NULL, &r);
	expect(&r, AO_PROBE_OK);
	assert_non_null(strstr(r.fix, "fix it, then choose OAUTH"));
	assert_int_equal(r.checks[AO_CHECK_OAUTH].state, AO_CHECK_WARN);
	assert_int_equal(r.warnings, 1);

	/* a plain Bearer 401 with no OAuth metadata anywhere: API_KEY, no OAuth line */
	probe("/oauth-bare", "MCP", NULL, NULL, &r);
	expect(&r, AO_PROBE_OK);
	assert_non_null(strstr(r.fix, "API_KEY"));
	assert_int_equal(r.checks[AO_CHECK_OAUTH].state, AO_CHECK_NOT_RUN);
	free(issuer);
}

static void
test_a2a_cards(void **state)
{
	struct ao_probe_result r;

	(void)state;
	/* the card under the URL's path; its interface is on another origin, so
	 * the credential is not sent there */
	probe("/agents/x", "A2A", "API_KEY", TOKEN, &r);
	expect(&r, AO_PROBE_OK);
	assert_string_equal(r.server_name, "Path Agent");
	assert_non_null(strstr(r.final_url, "/agents/x/.well-known/agent-card.json"));
	assert_int_equal(r.checks[AO_CHECK_AUTH].state, AO_CHECK_SKIP);
	assert_int_equal(r.auth_accepted, -1);
	assert_int_equal(r.checks[AO_CHECK_TOOLS].state, AO_CHECK_WARN);   /* no AdCP extension */
	assert_int_equal(r.adcp_extension, 0);

	/* a 0.3 card whose interface is on the same origin: one tasks/get with the token */
	probe("/same", "A2A", "API_KEY", TOKEN, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.auth_accepted, 1);
	assert_int_equal(seen(&SEEN.rpc_with_auth), 1);
	assert_int_equal(r.adcp_extension, 1);

	/* a card whose only interface is HTTP+JSON: the credential is tried
	 * there (GET /v1/tasks/{id}), so a wrong token fails the probe */
	probe("/rest", "A2A", "API_KEY", "wrong-token", &r);
	expect(&r, AO_PROBE_AUTH_REJECTED);
	assert_int_equal(r.auth_accepted, 0);
	assert_int_equal(seen(&SEEN.rest_with_auth), 1);
	probe("/rest", "A2A", "API_KEY", TOKEN, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.auth_accepted, 1);
	assert_int_equal(seen(&SEEN.rest_with_auth), 2);

	/* JSON at the card URL that is not a card */
	probe("/bad", "A2A", NULL, NULL, &r);
	expect(&r, AO_PROBE_NOT_PROTOCOL);
	assert_non_null(strstr(r.message, "name"));

	/* no card anywhere */
	probe("/nothing", "A2A", NULL, NULL, &r);
	expect(&r, AO_PROBE_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_non_null(strstr(r.fix, "agent-card.json"));
}

static void
test_refused_before_sending(void **state)
{
	static const struct {
		const char *url, *protocol, *auth, *token, *user, *password;
		enum ao_probe_outcome outcome;
		int exit_code;
	} cases[] = {
		{ "http://agent.example/mcp", "MCP", NULL, NULL, NULL, NULL, AO_PROBE_BAD_URL, AO_EXIT_INVALID },
		{ "https://user:pw@agent.example/mcp", "MCP", NULL, NULL, NULL, NULL, AO_PROBE_BAD_URL, AO_EXIT_INVALID },
		{ "ftp://agent.example/", "MCP", NULL, NULL, NULL, NULL, AO_PROBE_BAD_URL, AO_EXIT_INVALID },
		{ "", "MCP", NULL, NULL, NULL, NULL, AO_PROBE_BAD_URL, AO_EXIT_INVALID },
		{ "http://127.0.0.1:1/mcp", "SOAP", NULL, NULL, NULL, NULL, AO_PROBE_BAD_INPUT, AO_EXIT_USAGE },
		{ "http://127.0.0.1:1/mcp", "MCP", "API_KEY", NULL, NULL, NULL, AO_PROBE_BAD_INPUT, AO_EXIT_USAGE },
		{ "http://127.0.0.1:1/mcp", "MCP", "API_KEY", "a\r\nX-Injected: 1", NULL, NULL, AO_PROBE_BAD_INPUT, AO_EXIT_USAGE },
		{ "http://127.0.0.1:1/mcp", "MCP", "BASIC_AUTH", NULL, "us:er", "pw", AO_PROBE_BAD_INPUT, AO_EXIT_USAGE },
		{ "http://127.0.0.1:1/mcp", "MCP", "BASIC_AUTH", NULL, "user", NULL, AO_PROBE_BAD_INPUT, AO_EXIT_USAGE },
		{ "http://127.0.0.1:1/mcp", "MCP", "KERBEROS", NULL, NULL, NULL, AO_PROBE_BAD_INPUT, AO_EXIT_USAGE },
	};
	struct ao_probe_request q;
	struct ao_probe_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&q, 0, sizeof(q));
		q.url = cases[i].url;
		q.protocol = cases[i].protocol;
		q.auth_type = cases[i].auth;
		q.token = cases[i].token;
		q.username = cases[i].user;
		q.password = cases[i].password;
		ao_probe_run(&q, &r);
		if (r.outcome != cases[i].outcome || ao_probe_exit_code(&r) != cases[i].exit_code)
			fail_msg("case %zu (%s): %s / exit %d: %s", i, cases[i].url,
			         ao_probe_outcome_name(r.outcome), ao_probe_exit_code(&r), r.message);
		assert_true(r.message[0] != '\0');
		assert_true(r.fix[0] != '\0');
		assert_int_equal(r.reachable, -1);   /* nothing was sent */
		assert_null(strstr(r.message, "X-Injected"));
	}
}

static void
test_connection_refused(void **state)
{
	struct ao_probe_request q;
	struct ao_probe_result r;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.url = "http://127.0.0.1:1/mcp";   /* nothing listens on port 1 */
	q.protocol = "MCP";
	ao_probe_run(&q, &r);
	expect(&r, AO_PROBE_CONNECT);
	assert_int_equal(r.reachable, 0);
	assert_int_equal(r.checks[AO_CHECK_CONNECT].state, AO_CHECK_FAIL);
	assert_non_null(strstr(r.message, "refused"));
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_NETWORK);
}

static void
test_names(void **state)
{
	int i;

	(void)state;
	for (i = AO_PROBE_OK; i <= AO_PROBE_BAD_INPUT; i++)
		assert_string_not_equal(ao_probe_outcome_name((enum ao_probe_outcome)i), "unknown");
	for (i = 0; i < AO_CHECK_COUNT; i++) {
		assert_string_not_equal(ao_probe_check_name((enum ao_probe_check_id)i), "unknown");
		assert_string_not_equal(ao_probe_check_label((enum ao_probe_check_id)i), "?");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_event_stream_and_strict_session, reset),
		cmocka_unit_test_setup(test_stateless_server_discover, reset),
		cmocka_unit_test_setup(test_not_mcp_answers, reset),
		cmocka_unit_test_setup(test_redirects, reset),
		cmocka_unit_test_setup(test_oauth_without_metadata, reset),
		cmocka_unit_test_setup(test_oauth_resource_metadata, reset),
		cmocka_unit_test_setup(test_a2a_cards, reset),
		cmocka_unit_test_setup(test_refused_before_sending, reset),
		cmocka_unit_test_setup(test_connection_refused, reset),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
