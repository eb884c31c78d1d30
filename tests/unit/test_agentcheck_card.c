/* SPDX-License-Identifier: MIT */
/* core/agentcheck, the rest: A2A agent cards, WWW-Authenticate challenges,
 * OAuth metadata, the AAO discover-agents listing and lenient agent URL
 * comparison, and the display-safe text helpers.  Table-driven, on
 * tests/data/agent/ fixtures. */
#include "testutil.h"

#include "agent-onboard/core/agentcheck.h"

/* --- A2A cards --------------------------------------------------------------- */

static void
test_card_fixtures(void **state)
{
	static const struct {
		const char *file;
		int rc;
		const char *name, *version, *proto, *rpc_url, *interfaces_has, *skills;
		int caps, products, ext, requires_auth;
		const char *schemes, *error_has;
	} cases[] = {
		{ "agent/a2a-card-v1.json", 0, "Acme Signals", "2.4.0", "1.0",
		  "https://agent.acme.example/a2a", "GRPC 1.0 https://agent.acme.example/a2a/grpc",
		  "get_adcp_capabilities, get_signals, get_products", 1, 1, 1, 1, "bearer", NULL },
		{ "agent/a2a-card-v03.json", 0, "Legacy Agent", "0.3.1", "0.3.0",
		  "https://legacy.example/a2a", "HTTP+JSON 0.3.0 https://legacy.example/rest",
		  "search", 1, 0, 0, 1, NULL, NULL },
		{ "agent/a2a-card-open.json", 0, "Open Agent", "", "0.3.0", "http://127.0.0.1:8080/a2a",
		  "JSONRPC", "", 0, 0, 0, 0, "", NULL },
		{ "agent/a2a-card-no-name.json", -1, "", "", "", NULL, NULL, "", 0, 0, 0, 0, "", "name" },
		{ "agent/a2a-card-no-interface.json", -1, "", "", "", NULL, NULL, "", 0, 0, 0, 0, "", "interface" },
		{ "agent/not-json.html", -1, "", "", "", NULL, NULL, "", 0, 0, 0, 0, "", "not valid JSON" },
		{ "agent/mcp-tools-plain.json", -1, "", "", "", NULL, NULL, "", 0, 0, 0, 0, "", "name" },
	};
	struct ao_a2a_card c;
	char msg[200];
	size_t i, len;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text = fixture(cases[i].file, &len);
		msg[0] = '\0';
		if (ao_a2a_card_parse(text, len, &c, msg, sizeof(msg)) != cases[i].rc)
			fail_msg("%s: rc differs (%s)", cases[i].file, msg);
		if (cases[i].rc != 0) {
			assert_contains(msg, cases[i].error_has);
			assert_null(c.rpc_url);   /* cleared on failure */
			free(text);
			continue;
		}
		assert_string_equal(c.name, cases[i].name);
		assert_string_equal(c.version, cases[i].version);
		assert_string_equal(c.protocol_version, cases[i].proto);
		assert_string_equal(c.rpc_url, cases[i].rpc_url);
		assert_contains(c.interfaces, cases[i].interfaces_has);
		assert_string_equal(c.skills, cases[i].skills);
		assert_int_equal(c.has_capabilities_skill, cases[i].caps);
		assert_int_equal(c.has_products_skill, cases[i].products);
		assert_int_equal(c.adcp_extension, cases[i].ext);
		assert_int_equal(c.requires_auth, cases[i].requires_auth);
		if (cases[i].schemes != NULL)
			assert_string_equal(c.auth_schemes, cases[i].schemes);
		ao_a2a_card_clear(&c);
		free(text);
	}
	ao_a2a_card_clear(NULL);
}

static void
test_card_details(void **state)
{
	struct ao_a2a_card c;
	size_t len;
	char *text = fixture("agent/a2a-card-v1.json", &len);

	(void)state;
	assert_int_equal(ao_a2a_card_parse(text, len, &c, NULL, 0), 0);
	assert_string_equal(c.adcp_extension_uri, "https://adcontextprotocol.org/extensions/adcp/v3");
	assert_int_equal(c.skill_count, 3);
	ao_a2a_card_clear(&c);
	free(text);

	/* a card made for 1.0 and 0.3 clients lists its interface once */
	{
		static const char both[] = "{\"name\":\"Both\",\"url\":\"https://b.example/a2a\","
			"\"protocolVersion\":\"0.3.0\",\"supportedInterfaces\":[{\"url\":"
			"\"https://b.example/a2a\",\"protocolBinding\":\"JSONRPC\",\"protocolVersion\":\"1.0\"}]}";

		assert_int_equal(ao_a2a_card_parse(both, strlen(both), &c, NULL, 0), 0);
		assert_string_equal(c.interfaces, "JSONRPC 1.0 https://b.example/a2a");
		assert_string_equal(c.protocol_version, "1.0");
		ao_a2a_card_clear(&c);
	}

	text = fixture("agent/a2a-card-v03.json", &len);
	assert_int_equal(ao_a2a_card_parse(text, len, &c, NULL, 0), 0);
	assert_contains(c.auth_schemes, "basic");
	assert_contains(c.auth_schemes, "apiKey");
	ao_a2a_card_clear(&c);
	free(text);
}

/* --- WWW-Authenticate ---------------------------------------------------------- */

static void
test_www_authenticate_table(void **state)
{
	static const struct {
		const char *in;
		int challenges, bearer, basic;
		const char *scheme, *realm, *error, *desc, *scope, *rm;
	} cases[] = {
		{ "Bearer", 1, 1, 0, "Bearer", "", "", "", "", "" },
		{ "Bearer realm=\"agent\", error=\"invalid_token\", error_description=\"The token expired\"",
		  1, 1, 0, "Bearer", "agent", "invalid_token", "The token expired", "", "" },
		{ "Bearer resource_metadata=\"https://agent.example/.well-known/oauth-protected-resource/mcp\", scope=\"adcp:read adcp:write\"",
		  1, 1, 0, "Bearer", "", "", "", "adcp:read adcp:write",
		  "https://agent.example/.well-known/oauth-protected-resource/mcp" },
		{ "Basic realm=\"Acme\", charset=\"UTF-8\"", 1, 0, 1, "Basic", "Acme", "", "", "", "" },
		{ "Basic realm=\"first\", Bearer realm=\"second\", error=invalid_token", 2, 1, 1, "Basic",
		  "second", "invalid_token", "", "", "" },
		{ "Negotiate dGVzdA==, Basic realm=x", 2, 0, 1, "Negotiate", "x", "", "", "", "" },
		{ "bearer realm = \"spaced\" , error = insufficient_scope", 1, 1, 0, "bearer", "spaced",
		  "insufficient_scope", "", "", "" },
		{ "Bearer realm=\"esc\\\"aped\"", 1, 1, 0, "Bearer", "esc\"aped", "", "", "", "" },
		{ "Bearer realm=\"unterminated", 1, 1, 0, "Bearer", "unterminated", "", "", "", "" },
		{ "Bearer error=\"a\x1b[2Jb\"", 1, 1, 0, "Bearer", "", "a\\e[2Jb", "", "", "" },
		{ "", 0, 0, 0, "", "", "", "", "", "" },
		{ ",,, ,", 0, 0, 0, "", "", "", "", "", "" },
		{ "=\"\"=", 0, 0, 0, "", "", "", "", "", "" },
	};
	struct ao_www_auth w;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ao_www_authenticate_parse(cases[i].in, strlen(cases[i].in), &w);
		if (w.challenges != cases[i].challenges || w.bearer != cases[i].bearer || w.basic != cases[i].basic)
			fail_msg("case %zu (%s): %d challenges bearer=%d basic=%d", i, cases[i].in,
			         w.challenges, w.bearer, w.basic);
		assert_string_equal(w.first_scheme, cases[i].scheme);
		assert_string_equal(w.realm, cases[i].realm);
		assert_string_equal(w.error, cases[i].error);
		assert_string_equal(w.error_description, cases[i].desc);
		assert_string_equal(w.scope, cases[i].scope);
		assert_string_equal(w.resource_metadata, cases[i].rm);
	}
	ao_www_authenticate_parse(NULL, 0, &w);
	assert_int_equal(w.challenges, 0);
}

/* --- OAuth metadata --------------------------------------------------------------- */

static void
test_oauth_metadata(void **state)
{
	struct ao_oauth_resource prm;
	struct ao_oauth_server as;
	char msg[200];
	size_t len;
	char *text;

	(void)state;
	text = fixture("agent/oauth-protected-resource.json", &len);
	assert_int_equal(ao_oauth_resource_parse(text, len, &prm, msg, sizeof(msg)), 0);
	assert_string_equal(prm.auth_server, "https://auth.acme.example/tenant1");
	assert_string_equal(prm.resource, "https://agent.acme.example/mcp");
	free(text);

	text = fixture("agent/oauth-protected-resource-empty.json", &len);
	assert_int_equal(ao_oauth_resource_parse(text, len, &prm, msg, sizeof(msg)), -1);
	assert_contains(msg, "authorization_servers");
	free(text);

	text = fixture("agent/oauth-authorization-server.json", &len);
	assert_int_equal(ao_oauth_server_parse(text, len, &as, msg, sizeof(msg)), 0);
	assert_string_equal(as.issuer, "https://auth.acme.example/tenant1");
	assert_string_equal(as.token_endpoint, "https://auth.acme.example/tenant1/token");
	assert_true(as.registration);
	assert_true(as.pkce_s256);
	free(text);

	text = fixture("agent/openid-configuration-no-pkce.json", &len);
	assert_int_equal(ao_oauth_server_parse(text, len, &as, msg, sizeof(msg)), 0);
	assert_false(as.registration);
	assert_false(as.pkce_s256);
	free(text);

	text = fixture("agent/oauth-server-incomplete.json", &len);
	assert_int_equal(ao_oauth_server_parse(text, len, &as, msg, sizeof(msg)), -1);
	assert_contains(msg, "authorization_endpoint");
	free(text);

	assert_int_equal(ao_oauth_server_parse("[]", 2, &as, msg, sizeof(msg)), -1);
	assert_int_equal(ao_oauth_resource_parse("nope", 4, &prm, NULL, 0), -1);
}

/* --- AAO ------------------------------------------------------------------------- */

static void
test_agent_url_same_table(void **state)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
		{ "https://agent.example/mcp", "https://agent.example/mcp", 1 },
		{ "https://agent.example/mcp", "https://agent.example/mcp/", 1 },
		{ "HTTPS://Agent.Example/mcp", "https://agent.example/mcp", 1 },
		{ "https://agent.example:443/mcp", "https://agent.example/mcp", 1 },
		{ "http://127.0.0.1:80/a", "http://127.0.0.1/a", 1 },
		{ "https://agent.example", "https://agent.example/", 1 },
		{ "https://agent.example/mcp#frag", "https://agent.example/mcp", 1 },
		{ "  https://agent.example/mcp ", "https://agent.example/mcp", 1 },
		{ "https://agent.example/MCP", "https://agent.example/mcp", 0 },   /* paths are case-sensitive */
		{ "https://agent.example:8443/mcp", "https://agent.example/mcp", 0 },
		{ "http://agent.example/mcp", "https://agent.example/mcp", 0 },
		{ "https://agent.example/mcp?x=1", "https://agent.example/mcp", 0 },
		{ "https://agent.example/mcp/v2", "https://agent.example/mcp", 0 },
		{ "https://other.example/mcp", "https://agent.example/mcp", 0 },
		{ "agent.example/mcp", "agent.example/mcp/", 1 },
		{ "", "", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ao_agent_url_same(cases[i].a, cases[i].b) != cases[i].same ||
		    ao_agent_url_same(cases[i].b, cases[i].a) != cases[i].same)
			fail_msg("case %zu: \"%s\" vs \"%s\" should %sbe the same", i, cases[i].a,
			         cases[i].b, cases[i].same ? "" : "not ");
	}
	assert_false(ao_agent_url_same(NULL, "https://a"));
}

static void
test_aao_check_fixtures(void **state)
{
	static const struct {
		const char *file, *endpoint;
		enum ao_aao_listing listing;
		const char *where, *compliance, *problem_has;
		size_t seen;
		int member;
	} cases[] = {
		{ "agent/discover-agents-listed.json", "https://agent.acme.example/mcp", AO_AAO_LISTED,
		  "operator.agents", "pending", NULL, 2, 1 },
		{ "agent/discover-agents-listed.json", "https://signals.acme.example/a2a/", AO_AAO_LISTED,
		  "operator.agents", "passing", NULL, 1, 1 },
		{ "agent/discover-agents-listed.json", "https://agent.acme.example/a2a", AO_AAO_NOT_LISTED,
		  "", "", NULL, 2, 1 },
		{ "agent/discover-agents-publisher.json", "https://agent.acme.example/mcp", AO_AAO_LISTED,
		  "publisher.authorized_agents", "", NULL, 2, 0 },
		{ "agent/discover-agents-not-listed.json", "https://agent.acme.example/mcp", AO_AAO_NOT_LISTED,
		  "", "", NULL, 1, 0 },
		{ "agent/discover-agents-error.json", "https://agent.acme.example/mcp", AO_AAO_BAD_RESPONSE,
		  "", "", "not a valid hostname", 0, -1 },
		{ "agent/discover-agents-wrong-shape.json", "https://agent.acme.example/mcp", AO_AAO_BAD_RESPONSE,
		  "", "", "neither", 0, -1 },
		{ "agent/not-json.html", "https://agent.acme.example/mcp", AO_AAO_BAD_RESPONSE,
		  "", "", "not a JSON object", 0, -1 },
	};
	struct ao_aao_check chk;
	size_t i, len;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text = fixture(cases[i].file, &len);
		ao_aao_check_parse(text, len, cases[i].endpoint, &chk);
		if (chk.listing != cases[i].listing)
			fail_msg("case %zu (%s, %s): listing %d", i, cases[i].file, cases[i].endpoint, chk.listing);
		assert_string_equal(chk.where, cases[i].where);
		assert_string_equal(chk.compliance, cases[i].compliance);
		assert_int_equal(chk.agents_seen, cases[i].seen);
		assert_int_equal(chk.operator_member, cases[i].member);
		if (cases[i].problem_has != NULL)
			assert_contains(chk.problem, cases[i].problem_has);
		free(text);
	}
}

/* --- display-safe text ------------------------------------------------------------ */

static void
test_copy_display_table(void **state)
{
	static const struct {
		const char *in;
		size_t size;
		const char *out;
	} cases[] = {
		{ "plain", 32, "plain" },
		{ "tab\there", 32, "tab\\there" },
		{ "esc\x1b[31mred", 32, "esc\\e[31mred" },
		{ "nl\r\nx", 32, "nl\\r\\nx" },
		{ "del\x7f", 32, "del\\x7f" },
		{ "c1\xc2\x9b", 32, "c1\\u009b" },             /* U+009B CSI */
		{ "bidi\xe2\x80\xae", 32, "bidi\\u202e" },      /* U+202E */
		{ "bad\xff\xfe", 32, "bad\xef\xbf\xbd\xef\xbf\xbd" },   /* U+FFFD each */
		{ "esc\x1b", 5, "esc" },                        /* never half an escape */
		{ "Zo\xc3\xab", 32, "Zo\xc3\xab" },              /* UTF-8 is kept */
		{ "abc\xc3\xab", 5, "abc" },                      /* cut before a 2-byte character */
		{ "abcdef", 4, "abc" },
		{ "", 1, "" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ao_copy_display(out, cases[i].size, cases[i].in, strlen(cases[i].in));
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, out, cases[i].out);
	}
	ao_copy_display(out, sizeof(out), NULL, 5);
	assert_string_equal(out, "");
}

static void
test_list_append(void **state)
{
	char list[17] = "", tight[15] = "";

	(void)state;
	ao_display_list_append(list, sizeof(list), "alpha", 5);
	ao_display_list_append(list, sizeof(list), "beta", 4);
	assert_string_equal(list, "alpha, beta");
	ao_display_list_append(list, sizeof(list), "gamma", 5);
	assert_string_equal(list, "alpha, beta, ...");
	ao_display_list_append(list, sizeof(list), "d", 1);   /* full: stays */
	assert_string_equal(list, "alpha, beta, ...");
	assert_true(strlen(list) < sizeof(list));
	/* no room for ", ...": the list still ends with "..." */
	ao_display_list_append(tight, sizeof(tight), "alpha, beta", 11);
	ao_display_list_append(tight, sizeof(tight), "gamma", 5);
	assert_string_equal(tight, "alpha, beta...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card_fixtures),
		cmocka_unit_test(test_card_details),
		cmocka_unit_test(test_www_authenticate_table),
		cmocka_unit_test(test_oauth_metadata),
		cmocka_unit_test(test_agent_url_same_table),
		cmocka_unit_test(test_aao_check_fixtures),
		cmocka_unit_test(test_copy_display_table),
		cmocka_unit_test(test_list_append),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
