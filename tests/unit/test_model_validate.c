/* SPDX-License-Identifier: MIT */
/* Field relevance, choices and every validation rule, table-driven. */
#include "testutil.h"

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"

/* A complete, valid inventory source with an API key. */
static void
valid_source(struct ao_answers *a)
{
	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, "inventory-source");
	ao_answers_set(a, AO_F_NAME, "Acme Sales Agent");
	ao_answers_set(a, AO_F_TYPE, "SALES");
	ao_answers_set(a, AO_F_PROTOCOL, "MCP");
	ao_answers_set(a, AO_F_ENDPOINT_URL, "https://agent.acme.example/mcp");
	ao_answers_set(a, AO_F_AUTH_TYPE, "API_KEY");
	ao_answers_set(a, AO_F_API_TOKEN, "s3cr3t-token");
	ao_answers_apply_defaults(a);
}

static void
valid_agent(struct ao_answers *a)
{
	valid_source(a);
	ao_answers_set(a, AO_F_KIND, "partner-agent");
	ao_answers_set(a, AO_F_PARTNER_ID, "42");
	ao_answers_set(a, AO_F_ACCOUNT_POLICY, "advertiser_account");
}

static void
test_valid_answers_have_no_problems(void **state)
{
	struct ao_answers a;
	struct ao_problems p;

	(void)state;
	valid_source(&a);
	assert_int_equal(ao_validate_all(&a, &p), 0);
	ao_answers_clear(&a);
	valid_agent(&a);
	assert_int_equal(ao_validate_all(&a, &p), 0);
	ao_answers_clear(&a);
}

static void
test_relevance_by_kind_and_auth(void **state)
{
	struct ao_answers a;

	(void)state;
	valid_source(&a);
	assert_int_equal(ao_field_relevance(&a, AO_F_SOURCE_ID), AO_OPTIONAL);
	assert_int_equal(ao_field_relevance(&a, AO_F_PARTNER_ID), AO_HIDDEN);
	assert_int_equal(ao_field_relevance(&a, AO_F_ACCOUNT_POLICY), AO_HIDDEN);
	assert_int_equal(ao_field_relevance(&a, AO_F_API_TOKEN), AO_REQUIRED);
	assert_int_equal(ao_field_relevance(&a, AO_F_BASIC_PASSWORD), AO_HIDDEN);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "JWT");
	assert_int_equal(ao_field_relevance(&a, AO_F_API_TOKEN), AO_HIDDEN);
	assert_int_equal(ao_field_relevance(&a, AO_F_JWT_KEY_FILE), AO_REQUIRED);
	assert_int_equal(ao_field_relevance(&a, AO_F_JWT_ALGORITHM), AO_OPTIONAL);
	assert_int_equal(ao_field_relevance(&a, AO_F_JWT_ENVIRONMENT), AO_OPTIONAL);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "OAUTH");
	assert_int_equal(ao_field_relevance(&a, AO_F_JWT_KEY_FILE), AO_HIDDEN);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "BASIC_AUTH");
	assert_int_equal(ao_field_relevance(&a, AO_F_BASIC_USERNAME), AO_REQUIRED);
	ao_answers_set(&a, AO_F_KIND, "partner-agent");
	assert_int_equal(ao_field_relevance(&a, AO_F_BASIC_USERNAME), AO_HIDDEN);
	assert_int_equal(ao_field_relevance(&a, AO_F_PARTNER_ID), AO_REQUIRED);
	assert_int_equal(ao_field_relevance(&a, AO_F_SOURCE_ID), AO_HIDDEN);
	assert_int_equal(ao_field_relevance(&a, AO_F_REPORTING_CADENCE), AO_HIDDEN);
	ao_answers_set(&a, AO_F_REPORTING_TYPE, "polling");
	assert_int_equal(ao_field_relevance(&a, AO_F_REPORTING_CADENCE), AO_REQUIRED);
	ao_answers_clear(&a);
}

static void
test_switching_auth_type_keeps_values(void **state)
{
	struct ao_answers a;

	(void)state;
	valid_source(&a);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "BASIC_AUTH");
	ao_answers_set(&a, AO_F_BASIC_USERNAME, "bob");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "API_KEY");
	assert_string_equal(ao_answers_get(&a, AO_F_API_TOKEN), "s3cr3t-token");
	assert_string_equal(ao_answers_get(&a, AO_F_BASIC_USERNAME), "bob");
	ao_answers_clear(&a);
}

static void
test_choice_canonicalisation(void **state)
{
	static const struct { enum ao_field f; const char *in, *out; } cases[] = {
		{ AO_F_KIND, "Inventory Source", "inventory-source" },
		{ AO_F_KIND, "source", "inventory-source" },
		{ AO_F_KIND, "partner_agent", "partner-agent" },
		{ AO_F_AUTH_TYPE, "no-auth", "NO_AUTH" },
		{ AO_F_AUTH_TYPE, "oauth", "OAUTH" },
		{ AO_F_AUTH_TYPE, "basic", "BASIC_AUTH" },
		{ AO_F_TYPE, "sales", "SALES" },
		{ AO_F_PROTOCOL, "a2a", "A2A" },
		{ AO_F_API_KEY_TYPE, "Bearer", "bearer" },
		{ AO_F_API_KEY_TYPE, "API_KEY", "api_key" },
		{ AO_F_ACCOUNT_POLICY, "Marketplace", "marketplace_account" },
		{ AO_F_REPORTING_CADENCE, "daily", "DAILY" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *c = ao_choice_canonical(cases[i].f, cases[i].in);

		assert_non_null(c);
		assert_string_equal(c, cases[i].out);
	}
	assert_null(ao_choice_canonical(AO_F_TYPE, "BUYER"));
	assert_null(ao_choice_canonical(AO_F_API_KEY_TYPE, "api-key"));
}

static void
test_partner_agents_have_no_basic_auth(void **state)
{
	const struct ao_choice *c[16];
	struct ao_answers a;
	char msg[AO_MSG_MAX];
	size_t n, i;

	(void)state;
	valid_agent(&a);
	n = ao_field_choices(&a, AO_F_AUTH_TYPE, c, 16);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++)
		assert_string_not_equal(c[i]->value, "BASIC_AUTH");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "BASIC_AUTH");
	assert_int_equal(ao_validate_field(&a, AO_F_AUTH_TYPE, msg, sizeof(msg)), -1);
	assert_contains(msg, "Partner agents cannot use BASIC_AUTH");
	ao_answers_set(&a, AO_F_KIND, "inventory-source");
	assert_int_equal(ao_field_choices(&a, AO_F_AUTH_TYPE, c, 16), 5);
	ao_answers_clear(&a);
}

static void
test_multi_toggle(void **state)
{
	char *l1, *l2, *l3;

	(void)state;
	l1 = ao_multi_toggle(AO_F_ACCOUNT_POLICY, "", "marketplace_account");
	assert_string_equal(l1, "marketplace_account");
	l2 = ao_multi_toggle(AO_F_ACCOUNT_POLICY, l1, "advertiser_account");
	assert_string_equal(l2, "advertiser_account,marketplace_account");   /* table order */
	l3 = ao_multi_toggle(AO_F_ACCOUNT_POLICY, l2, "marketplace_account");
	assert_string_equal(l3, "advertiser_account");
	assert_true(ao_multi_contains(l2, "advertiser_account"));
	assert_false(ao_multi_contains(l3, "marketplace_account"));
	free(l1);
	free(l2);
	free(l3);
}

/* One row: set field to value on valid answers (after setup), expect a
 * problem containing want (NULL = valid). */
struct rule_case {
	const char *name;
	int agent;
	const char *auth;
	enum ao_field field;
	const char *value;
	const char *want;
};

static void
run_rule(const struct rule_case *c)
{
	struct ao_answers a;
	char msg[AO_MSG_MAX] = "";
	int rc;

	if (c->agent)
		valid_agent(&a);
	else
		valid_source(&a);
	if (c->auth != NULL)
		ao_answers_set(&a, AO_F_AUTH_TYPE, c->auth);
	ao_answers_set(&a, c->field, c->value);
	rc = ao_validate_field(&a, c->field, msg, sizeof(msg));
	if (c->want == NULL && rc != 0)
		fail_msg("%s: expected valid, got \"%s\"", c->name, msg);
	if (c->want != NULL) {
		if (rc == 0)
			fail_msg("%s: expected a problem containing \"%s\"", c->name, c->want);
		if (strstr(msg, c->want) == NULL)
			fail_msg("%s: \"%s\" does not contain \"%s\"", c->name, msg, c->want);
	}
	ao_answers_clear(&a);
}

static void
test_rules(void **state)
{
	char *cjk255 = repeat("日", 255), *cjk256 = repeat("日", 256), *a255 = repeat("a", 255);
	char *a256 = repeat("a", 256), *d2000 = repeat("é", 2000), *d2001 = repeat("é", 2001);
	char *p2030 = repeat("p", 2048 - 18), *p2031 = repeat("p", 2049 - 18);
	char *long_url = xasprintf("https://x.example/%s", p2030);
	char *too_long_url = xasprintf("https://x.example/%s", p2031);
	const struct rule_case cases[] = {
		{ "empty name", 0, NULL, AO_F_NAME, "", "Name is required" },
		{ "255 ascii", 0, NULL, AO_F_NAME, a255, NULL },
		{ "256 ascii", 0, NULL, AO_F_NAME, a256, "at most 255 characters; it has 256" },
		{ "255 CJK accepted (765 bytes)", 0, NULL, AO_F_NAME, cjk255, NULL },
		{ "256 CJK refused", 0, NULL, AO_F_NAME, cjk256, "it has 256" },
		{ "invalid utf-8", 0, NULL, AO_F_NAME, "bad\xc3(", "not valid UTF-8" },
		{ "control char", 0, NULL, AO_F_NAME, "tab\tname", "control characters" },
		{ "only spaces", 0, NULL, AO_F_NAME, "   ", "only spaces" },
		{ "japanese name", 0, NULL, AO_F_NAME, "日本の広告エージェント", NULL },
		{ "source id slash", 0, NULL, AO_F_SOURCE_ID, "a/b", "only contain " AO_SOURCE_ID_RULE },
		{ "source id upper case, as the rule says", 0, NULL, AO_F_SOURCE_ID, "Acme-V2", NULL },
		{ "source id non-ASCII letter", 0, NULL, AO_F_SOURCE_ID, "caf\xc3\xa9", "only contain" },
		{ "source id dotdot", 0, NULL, AO_F_SOURCE_ID, "..", "cannot be" },
		{ "source id ok", 0, NULL, AO_F_SOURCE_ID, "acme_sales.v2-x", NULL },
		{ "source id 256", 0, NULL, AO_F_SOURCE_ID, a256, "at most 255" },
		{ "http endpoint", 0, NULL, AO_F_ENDPOINT_URL, "http://agent.example/mcp", "must use https://" },
		{ "http loopback ok", 0, NULL, AO_F_ENDPOINT_URL, "http://127.0.0.1:9000/mcp", NULL },
		{ "http localhost ok", 0, NULL, AO_F_ENDPOINT_URL, "http://localhost/mcp", NULL },
		{ "no scheme", 0, NULL, AO_F_ENDPOINT_URL, "agent.example/mcp", "Start the URL with https://" },
		{ "userinfo", 0, NULL, AO_F_ENDPOINT_URL, "https://u:p@agent.example/", "Do not put a user name" },
		{ "2048 url", 0, NULL, AO_F_ENDPOINT_URL, long_url, NULL },
		{ "2049 url", 0, NULL, AO_F_ENDPOINT_URL, too_long_url, "at most 2048" },
		{ "bad type", 0, NULL, AO_F_TYPE, "BUYER", "must be SALES, SIGNAL, CREATIVE or OUTCOME" },
		{ "missing type", 0, NULL, AO_F_TYPE, "", "Agent type is required: choose SALES, SIGNAL, CREATIVE or OUTCOME." },
		{ "bad protocol", 0, NULL, AO_F_PROTOCOL, "GRPC", "MCP or A2A" },
		{ "missing token", 0, NULL, AO_F_API_TOKEN, "", "Token is required" },
		{ "token with space", 0, NULL, AO_F_API_TOKEN, "abc ", "starts or ends with a space" },
		{ "token for oauth ignored", 0, "OAUTH", AO_F_API_TOKEN, "", NULL },
		{ "basic user colon", 0, "BASIC_AUTH", AO_F_BASIC_USERNAME, "a:b", "cannot contain ':'" },
		{ "basic password missing", 0, "BASIC_AUTH", AO_F_BASIC_PASSWORD, "", "Password is required" },
		{ "jwt issuer missing", 0, "JWT", AO_F_JWT_ISSUER, "", "Issuer is required" },
		{ "jwt token url http", 0, "JWT", AO_F_JWT_TOKEN_URL, "http://idp.example/token", "must use https://" },
		{ "jwt audience ok", 0, "JWT", AO_F_JWT_AUDIENCE_URL, "https://aud.example", NULL },
		{ "jwt bad algorithm", 0, "JWT", AO_F_JWT_ALGORITHM, "HS256", "ES256 or RS256" },
		{ "jwt environment optional", 0, "JWT", AO_F_JWT_ENVIRONMENT, "", NULL },
		{ "jwt key file missing", 0, "JWT", AO_F_JWT_KEY_FILE, "/nonexistent/key.pem", "Cannot read the private key file" },
		{ "description 2000", 0, NULL, AO_F_DESCRIPTION, d2000, NULL },
		{ "description 2001", 0, NULL, AO_F_DESCRIPTION, d2001, "at most 2000 characters; it has 2001" },
		{ "description newline ok", 0, NULL, AO_F_DESCRIPTION, "line 1\nline 2", NULL },
		{ "missing partner", 1, NULL, AO_F_PARTNER_ID, "", "Partner is required" },
		{ "account policy none", 1, NULL, AO_F_ACCOUNT_POLICY, "", "Choose at least one" },
		{ "account policy both", 1, NULL, AO_F_ACCOUNT_POLICY, "advertiser_account,marketplace_account", NULL },
		{ "account policy bad", 1, NULL, AO_F_ACCOUNT_POLICY, "advertiser_account,buyer", "not \"buyer\"" },
		{ "basic for agent", 1, NULL, AO_F_AUTH_TYPE, "BASIC_AUTH", "cannot use BASIC_AUTH" },
		{ "reporting bad", 1, NULL, AO_F_REPORTING_TYPE, "EMAIL", "WEBHOOK, BUCKET or POLLING" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_rule(&cases[i]);
	free(cjk255); free(cjk256); free(a255); free(a256); free(d2000); free(d2001);
	free(long_url); free(too_long_url); free(p2030); free(p2031);
}

static void
test_cadence_required_with_polling(void **state)
{
	struct ao_answers a;
	struct ao_problems p;

	(void)state;
	valid_agent(&a);
	ao_answers_set(&a, AO_F_REPORTING_TYPE, "POLLING");
	assert_int_equal(ao_validate_all(&a, &p), 1);
	assert_int_equal(p.item[0].field, AO_F_REPORTING_CADENCE);
	ao_answers_set(&a, AO_F_REPORTING_CADENCE, "MONTHLY");
	assert_int_equal(ao_validate_all(&a, &p), 0);
	ao_answers_clear(&a);
}

static void
test_validate_all_reports_every_problem(void **state)
{
	struct ao_answers a;
	struct ao_problems p;

	(void)state;
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "partner-agent");
	ao_answers_set(&a, AO_F_ENDPOINT_URL, "http://agent.example");
	/* partner, name, type, protocol, endpoint, auth type, account policy */
	assert_int_equal(ao_validate_all(&a, &p), 7);
	assert_int_equal(p.item[0].field, AO_F_PARTNER_ID);
	ao_answers_clear(&a);
}

static void
test_slugs(void **state)
{
	static const struct { const char *name, *slug; } cases[] = {
		{ "Acme Sales Agent", "acme-sales-agent" },
		{ "  Zoë's  Café -- Ads!! ", "zoe-s-cafe-ads" },
		{ "Straße Œuvre Łódź", "strasse-oeuvre-lodz" },
		{ "ACME_v2.0", "acme-v2-0" },
		{ "日本 Ads 2", "ads-2" },
	};
	size_t i;
	char *s, *s2, *longname;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = ao_slugify(cases[i].name);
		assert_string_equal(s, cases[i].slug);
		free(s);
	}
	/* too few Latin letters: no id is made up ("東京メディアX 広" is not
	 * "x"), and the empty source id asks for one with the rule */
	s = ao_slugify("日本の広告");
	assert_string_equal(s, "");
	free(s);
	s = ao_slugify("東京メディアX 広");
	assert_string_equal(s, "");
	free(s);
	s = ao_slugify("Ｔｏｋｙｏ Media 東京");
	assert_string_equal(s, "tokyo-media");
	free(s);
	{
		struct ao_answers a;
		char msg[512];

		ao_answers_init(&a);
		ao_answers_set(&a, AO_F_KIND, "inventory-source");
		ao_answers_set(&a, AO_F_NAME, "東京メディアX 広");
		assert_int_not_equal(ao_validate_field(&a, AO_F_SOURCE_ID, msg, sizeof(msg)), 0);
		assert_contains(msg, "type a source id");
		assert_contains(msg, AO_SOURCE_ID_RULE);
		ao_answers_set(&a, AO_F_SOURCE_ID, "tokyo-media");
		assert_int_equal(ao_validate_field(&a, AO_F_SOURCE_ID, msg, sizeof(msg)), 0);
		ao_answers_set(&a, AO_F_NAME, "Acme");
		ao_answers_set(&a, AO_F_SOURCE_ID, NULL);
		assert_int_equal(ao_validate_field(&a, AO_F_SOURCE_ID, msg, sizeof(msg)), 0);
		ao_answers_clear(&a);
	}
	(void)s2;
	longname = repeat("ab ", 200);
	s = ao_slugify(longname);
	assert_true(strlen(s) <= 255);
	assert_true(s[strlen(s) - 1] != '-');
	free(s);
	free(longname);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_answers_have_no_problems),
		cmocka_unit_test(test_relevance_by_kind_and_auth),
		cmocka_unit_test(test_switching_auth_type_keeps_values),
		cmocka_unit_test(test_choice_canonicalisation),
		cmocka_unit_test(test_partner_agents_have_no_basic_auth),
		cmocka_unit_test(test_multi_toggle),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_cadence_required_with_polling),
		cmocka_unit_test(test_validate_all_reports_every_problem),
		cmocka_unit_test(test_slugs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
