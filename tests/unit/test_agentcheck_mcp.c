/* SPDX-License-Identifier: MIT */
/* core/agentcheck, MCP side: the event-stream parser (whole and fed in
 * pieces), JSON-RPC reply classification, initialize / server/discover /
 * tools/list results.  Table-driven, on tests/data/agent/ fixtures. */
#include "testutil.h"

#include "agent-onboard/core/agentcheck.h"

/* --- SSE ------------------------------------------------------------------ */

struct collected {
	int events;
	char data[8][256];
	char id[8][64];
	char event[8][32];
	int truncated[8];
	int stop_after;   /* return 1 after this many events (0 = never) */
};

static int
collect(const struct ao_sse_event *ev, void *arg)
{
	struct collected *c = arg;

	if (c->events < 8) {
		snprintf(c->data[c->events], sizeof(c->data[0]), "%s", ev->data);
		snprintf(c->id[c->events], sizeof(c->id[0]), "%s", ev->id);
		snprintf(c->event[c->events], sizeof(c->event[0]), "%s", ev->event);
		c->truncated[c->events] = ev->truncated;
	}
	c->events++;
	return c->stop_after != 0 && c->events >= c->stop_after;
}

/* Feeds text in pieces of `chunk` bytes (0 = all at once). */
static void
parse_in_chunks(const char *text, size_t len, size_t chunk, struct collected *out)
{
	struct ao_sse_parser p;
	size_t off = 0, n;

	ao_sse_init(&p, collect, out);
	if (chunk == 0)
		chunk = len ? len : 1;
	while (off < len) {
		n = len - off < chunk ? len - off : chunk;
		if (ao_sse_feed(&p, text + off, n))
			break;
		off += n;
	}
	ao_sse_finish(&p);
}

static void
test_sse_table(void **state)
{
	static const struct {
		const char *in;
		int events;
		const char *data0, *data1, *id_last, *event0;
	} cases[] = {
		{ "data: a\n\n", 1, "a", NULL, "", "message" },
		{ "data:a\r\n\r\n", 1, "a", NULL, "", "message" },                  /* no space, CRLF */
		{ "data: a\r\rdata: b\r\r", 2, "a", "b", "", "message" },          /* CR only */
		{ "data: one\ndata: two\n\n", 1, "one\ntwo", NULL, "", "message" },
		{ "data:  two spaces\n\n", 1, " two spaces", NULL, "", "message" },
		{ ": comment\n\ndata: x\n\n", 1, "x", NULL, "", "message" },
		{ "event: ping\n\n", 0, NULL, NULL, NULL, NULL },                   /* no data: not dispatched */
		{ "event: endpoint\ndata: /m\n\ndata: y\n\n", 2, "/m", "y", "", "endpoint" },
		{ "id: 1\ndata: a\n\ndata: b\n\n", 2, "a", "b", "1", "message" },  /* id persists */
		{ "data\n\n", 1, "", NULL, "", "message" },                         /* field without colon */
		{ "data: a\n", 0, NULL, NULL, NULL, NULL },                          /* unterminated: discarded */
		{ "\xef\xbb\xbf" "data: bom\n\n", 1, "bom", NULL, "", "message" },
		{ "retry: 10\nfoo: bar\ndata: z\n\n", 1, "z", NULL, "", "message" },
		{ "", 0, NULL, NULL, NULL, NULL },
	};
	static const size_t chunks[] = { 0, 1, 2, 3, 7 };
	struct collected c;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
			memset(&c, 0, sizeof(c));
			parse_in_chunks(cases[i].in, strlen(cases[i].in), chunks[k], &c);
			if (c.events != cases[i].events)
				fail_msg("case %zu chunk %zu: %d events, want %d", i, chunks[k], c.events,
				         cases[i].events);
			if (cases[i].data0 != NULL)
				assert_string_equal(c.data[0], cases[i].data0);
			if (cases[i].data1 != NULL)
				assert_string_equal(c.data[1], cases[i].data1);
			if (cases[i].events > 0) {
				assert_string_equal(c.id[cases[i].events - 1], cases[i].id_last);
				assert_string_equal(c.event[0], cases[i].event0);
			}
		}
	}
}

static void
test_sse_stop_and_oversize(void **state)
{
	struct collected c;
	char *big, *stream;
	size_t n = AO_SSE_MAX_EVENT + 10;

	(void)state;
	/* the callback stops the parser: later events are not seen */
	memset(&c, 0, sizeof(c));
	c.stop_after = 1;
	parse_in_chunks("data: 1\n\ndata: 2\n\n", 18, 0, &c);
	assert_int_equal(c.events, 1);

	/* an event over the limit arrives marked truncated, and the next one is whole */
	big = repeat("x", n);
	stream = malloc(n + 64);
	snprintf(stream, n + 64, "data: %s\n\ndata: next\n\n", big);
	memset(&c, 0, sizeof(c));
	parse_in_chunks(stream, strlen(stream), 4096, &c);
	assert_int_equal(c.events, 2);
	assert_true(c.truncated[0]);
	assert_false(c.truncated[1]);
	assert_string_equal(c.data[1], "next");
	free(big);
	free(stream);
}

static void
test_sse_scan_fixtures(void **state)
{
	static const struct {
		const char *file;
		long id;
		size_t events;
		int found;
		const char *reply_has;
	} cases[] = {
		{ "agent/mcp-initialize.sse", 1, 1, 1, "mcp-servers/everything" },
		{ "agent/mcp-initialize-crlf.sse", 1, 3, 1, "\"name\":\"crlf\"" },
		{ "agent/mcp-initialize-crlf.sse", 2, 3, 0, NULL },
		{ "agent/mcp-initialize-unterminated.sse", 1, 1, 0, NULL },
	};
	struct ao_sse_scan s;
	struct ao_mcp_server si;
	size_t i, len;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text = fixture(cases[i].file, &len);
		ao_sse_scan(text, len, cases[i].id, &s);
		if (s.events != cases[i].events || s.found != cases[i].found)
			fail_msg("%s id %ld: %zu events found=%d", cases[i].file, cases[i].id, s.events, s.found);
		if (cases[i].reply_has != NULL) {
			assert_contains(s.reply, cases[i].reply_has);
			ao_mcp_initialize_parse(s.reply, s.reply_len, cases[i].id, &si);
			assert_true(si.ok);
			assert_string_equal(si.protocol_version, "2025-06-18");
		}
		ao_sse_scan_clear(&s);
		free(text);
	}
}

/* --- JSON-RPC -------------------------------------------------------------- */

static void
test_rpc_reply_table(void **state)
{
	static const struct {
		const char *in;
		long id;
		enum ao_rpc_kind kind;
		long code;
		const char *message;
	} cases[] = {
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", 1, AO_RPC_RESULT, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}", 1, AO_RPC_RESULT, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":\"01x\",\"result\":{}}", 1, AO_RPC_OTHER, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", 1, AO_RPC_OTHER, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", 1, AO_RPC_RESULT, 0, "" },
		{ "{\"id\":1,\"result\":{}}", 1, AO_RPC_RESULT, 0, "" },   /* no "jsonrpc": tolerated */
		{ "{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":{}}", 1, AO_RPC_NOT_RPC, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"nope\"}}", 1,
		  AO_RPC_ERROR, -32601, "nope" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}", 1,
		  AO_RPC_ERROR, -32700, "Parse error" },
		/* a code no long can hold (found by fuzzing: the cast was undefined) */
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-3e77,\"message\":\"x\"}}", 1,
		  AO_RPC_ERROR, 0, "x" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}", 1, AO_RPC_OTHER, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", 1, AO_RPC_OTHER, 0, "" },
		{ "{\"hello\":\"world\"}", 1, AO_RPC_NOT_RPC, 0, "" },
		{ "[1,2,3]", 1, AO_RPC_NOT_RPC, 0, "" },
		{ "[]", 1, AO_RPC_NOT_RPC, 0, "" },
		{ "\"just a string\"", 1, AO_RPC_NOT_RPC, 0, "" },
		{ "<html>", 1, AO_RPC_NOT_JSON, 0, "" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{", 1, AO_RPC_NOT_JSON, 0, "" },
		{ "", 1, AO_RPC_NOT_JSON, 0, "" },
	};
	struct ao_rpc_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ao_rpc_reply_parse(cases[i].in, strlen(cases[i].in), cases[i].id, &r);
		if (r.kind != cases[i].kind)
			fail_msg("case %zu (%s): kind %d, want %d", i, cases[i].in, r.kind, cases[i].kind);
		assert_int_equal(r.error_code, cases[i].code);
		assert_string_equal(r.error_message, cases[i].message);
	}
	/* length is honoured: a valid reply followed by garbage outside len */
	ao_rpc_reply_parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}GARBAGE", 36, 1, &r);
	assert_int_equal(r.kind, AO_RPC_RESULT);
	ao_rpc_reply_parse(NULL, 0, 1, &r);
	assert_int_equal(r.kind, AO_RPC_NOT_JSON);
}

/* --- MCP results ------------------------------------------------------------ */

static void
test_initialize_fixtures(void **state)
{
	static const struct {
		const char *file;
		int discover;
		int ok;
		enum ao_rpc_kind kind;
		const char *version, *name, *server_version;
		int tools;
	} cases[] = {
		{ "agent/mcp-initialize.json", 0, 1, AO_RPC_RESULT, "2025-06-18", "Acme Sales Agent", "3.1.0", 1 },
		{ "agent/mcp-initialize-string-id.json", 0, 1, AO_RPC_RESULT, "2025-03-26", "Only A Title", "0.1", 0 },
		{ "agent/mcp-initialize-error.json", 0, 0, AO_RPC_ERROR, "", "", "", 0 },
		{ "agent/mcp-initialize-no-version.json", 0, 0, AO_RPC_RESULT, "", "", "", 0 },
		{ "agent/mcp-batch.json", 0, 1, AO_RPC_RESULT, "2025-06-18", "batched", "1", 0 },
		{ "agent/not-json.html", 0, 0, AO_RPC_NOT_JSON, "", "", "", 0 },
		{ "agent/mcp-discover.json", 1, 1, AO_RPC_RESULT, "2026-07-28", "stateless-agent", "0.9.0", 1 },
		{ "agent/mcp-initialize.json", 1, 0, AO_RPC_RESULT, "", "", "", 0 },   /* not a discover result */
	};
	struct ao_mcp_server si;
	size_t i, len;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text = fixture(cases[i].file, &len);
		if (cases[i].discover)
			ao_mcp_discover_parse(text, len, 1, &si);
		else
			ao_mcp_initialize_parse(text, len, 1, &si);
		if (si.ok != cases[i].ok || si.rpc.kind != cases[i].kind)
			fail_msg("%s: ok=%d kind=%d", cases[i].file, si.ok, si.rpc.kind);
		assert_string_equal(si.protocol_version, cases[i].version);
		if (cases[i].ok) {
			assert_string_equal(si.name, cases[i].name);
			assert_string_equal(si.version, cases[i].server_version);
			assert_int_equal(si.tools_capability, cases[i].tools);
		} else if (si.rpc.kind == AO_RPC_RESULT) {
			assert_true(si.problem[0] != '\0');   /* says what is missing */
		}
		free(text);
	}
}

static void
test_initialize_error_message(void **state)
{
	struct ao_mcp_server si;
	size_t len;
	char *text = fixture("agent/mcp-initialize-error.json", &len);

	(void)state;
	ao_mcp_initialize_parse(text, len, 1, &si);
	assert_int_equal(si.rpc.error_code, -32601);
	assert_contains(si.rpc.error_message, "server/discover");
	free(text);
}

static void
test_hostile_text_is_made_safe(void **state)
{
	struct ao_mcp_server si;
	size_t len, i;
	char *text = fixture("agent/mcp-initialize-hostile-name.json", &len);

	(void)state;
	ao_mcp_initialize_parse(text, len, 1, &si);
	assert_true(si.ok);
	for (i = 0; si.name[i]; i++)
		assert_true((unsigned char)si.name[i] >= 0x20 && si.name[i] != 0x7f);
	assert_not_contains(si.name, "\xe2\x80\xae");   /* U+202E right-to-left override */
	assert_contains(si.name, "evil");
	assert_string_equal(si.version, "1\\n2");
	free(text);
}

static void
test_tools_fixtures(void **state)
{
	struct ao_mcp_tools t;
	size_t len;
	char *text;

	(void)state;
	text = fixture("agent/mcp-tools-adcp.json", &len);
	ao_mcp_tools_parse(text, len, 2, &t);
	assert_true(t.ok);
	assert_int_equal(t.count, 3);
	assert_true(t.has_capabilities);
	assert_true(t.has_products);
	assert_string_equal(t.names, "get_adcp_capabilities, get_products, create_media_buy");
	assert_string_equal(t.next_cursor, "page-2");
	ao_mcp_tools_clear(&t);
	assert_null(t.next_cursor);
	/* the wrong id is not our reply */
	ao_mcp_tools_parse(text, len, 3, &t);
	assert_false(t.ok);
	assert_int_equal(t.rpc.kind, AO_RPC_OTHER);
	ao_mcp_tools_clear(&t);
	free(text);

	text = fixture("agent/mcp-tools-plain.json", &len);
	ao_mcp_tools_parse(text, len, 3, &t);
	assert_true(t.ok);
	assert_int_equal(t.count, 2);
	assert_false(t.has_capabilities);
	assert_false(t.has_products);
	assert_null(t.next_cursor);
	ao_mcp_tools_clear(&t);
	free(text);

	ao_mcp_tools_clear(NULL);
}

static void
test_tools_long_list_is_cut(void **state)
{
	struct ao_mcp_tools t;
	char *json = malloc(64 * 1024), *p = json;
	int i;

	(void)state;
	p += sprintf(p, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[");
	for (i = 0; i < 200; i++)
		p += sprintf(p, "%s{\"name\":\"tool_number_%03d\"}", i ? "," : "", i);
	p += sprintf(p, ",{\"name\":\"get_adcp_capabilities\"}]}}");
	ao_mcp_tools_parse(json, strlen(json), 2, &t);
	assert_true(t.ok);
	assert_int_equal(t.count, 201);
	assert_true(t.has_capabilities);   /* found although it is not shown */
	assert_true(strlen(t.names) < sizeof(t.names));
	assert_string_equal(t.names + strlen(t.names) - 3, "...");
	ao_mcp_tools_clear(&t);
	free(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sse_table),
		cmocka_unit_test(test_sse_stop_and_oversize),
		cmocka_unit_test(test_sse_scan_fixtures),
		cmocka_unit_test(test_rpc_reply_table),
		cmocka_unit_test(test_initialize_fixtures),
		cmocka_unit_test(test_initialize_error_message),
		cmocka_unit_test(test_hostile_text_is_made_safe),
		cmocka_unit_test(test_tools_fixtures),
		cmocka_unit_test(test_tools_long_list_is_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
