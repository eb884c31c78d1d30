/* SPDX-License-Identifier: MIT */
/* Request bodies for every kind and auth type, and the response parsers
 * against fixtures in tests/data/api/. */
#include "testutil.h"

#include "agent-onboard/core/request.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/status.h"

static void
base(struct ao_answers *a, const char *kind, const char *auth)
{
	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, kind);
	ao_answers_set(a, AO_F_PARTNER_ID, "42");
	ao_answers_set(a, AO_F_NAME, "Zoë's Agent");
	ao_answers_set(a, AO_F_TYPE, "sales");
	ao_answers_set(a, AO_F_PROTOCOL, "mcp");
	ao_answers_set(a, AO_F_ENDPOINT_URL, "https://agent.example/mcp");
	ao_answers_set(a, AO_F_AUTH_TYPE, auth);
	ao_answers_set(a, AO_F_ACCOUNT_POLICY, "marketplace_account,advertiser_account");
	/* values of every auth type at once: only the chosen one may be sent */
	ao_answers_set(a, AO_F_API_TOKEN, "TOKEN-SECRET");
	ao_answers_set(a, AO_F_BASIC_USERNAME, "bob");
	ao_answers_set(a, AO_F_BASIC_PASSWORD, "PASSWORD-SECRET");
	ao_answers_set(a, AO_F_JWT_ISSUER, "iss");
	ao_answers_set(a, AO_F_JWT_SUBJECT, "sub");
	ao_answers_set(a, AO_F_JWT_KEY_ID, "kid");
	ao_answers_set(a, AO_F_JWT_SCOPE, "adcp");
	ao_answers_set(a, AO_F_JWT_TOKEN_URL, "https://idp.example/token");
	ao_answers_set(a, AO_F_JWT_AUDIENCE_URL, "https://idp.example");
	ao_answers_set(a, AO_F_JWT_ALGORITHM, "es256");
	ao_answers_apply_defaults(a);
}

static char *
body_text(const struct ao_answers *a, unsigned flags)
{
	struct ao_secrets s = { "-----BEGIN PRIVATE KEY-----KEY-SECRET" };
	cJSON *body = ao_build_create_body(a, &s, flags);
	char *text = cJSON_PrintUnformatted(body);

	cJSON_Delete(body);
	return text;
}

static void
test_source_bodies(void **state)
{
	static const struct { const char *auth; const char *has[4]; const char *hasnt[4]; } cases[] = {
		{ "API_KEY", { "\"auth\":{\"type\":\"bearer\",\"token\":\"TOKEN-SECRET\"}", NULL },
		  { "PASSWORD-SECRET", "KEY-SECRET", "bob", NULL } },
		{ "BASIC_AUTH", { "\"auth\":{\"type\":\"basic\",\"username\":\"bob\",\"password\":\"PASSWORD-SECRET\"}", NULL },
		  { "TOKEN-SECRET", "KEY-SECRET", NULL } },
		{ "JWT", { "\"type\":\"jwt\",\"privateKey\":\"-----BEGIN PRIVATE KEY-----KEY-SECRET\"",
		           "\"tokenEndpointUrl\":\"https://idp.example/token\"", "\"algorithm\":\"ES256\"", NULL },
		  { "TOKEN-SECRET", "PASSWORD-SECRET", "environment", NULL } },
		{ "OAUTH", { "\"authenticationType\":\"OAUTH\"", NULL }, { "\"auth\"", "SECRET", NULL } },
		{ "NO_AUTH", { "\"authenticationType\":\"NO_AUTH\"", NULL }, { "\"auth\"", "SECRET", NULL } },
	};
	struct ao_answers a;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t;

		base(&a, "inventory-source", cases[i].auth);
		t = body_text(&a, 0);
		assert_contains(t, "\"name\":\"Zoë's Agent\",\"sourceId\":\"zoe-s-agent\",\"executionType\":\"AGENT\","
		                   "\"type\":\"SALES\",\"endpointUrl\":\"https://agent.example/mcp\",\"protocol\":\"MCP\"");
		assert_not_contains(t, "partnerId");
		assert_not_contains(t, "accountPolicy");
		for (j = 0; cases[i].has[j]; j++)
			assert_contains(t, cases[i].has[j]);
		for (j = 0; cases[i].hasnt[j]; j++)
			assert_not_contains(t, cases[i].hasnt[j]);
		free(t);
		t = body_text(&a, AO_BUILD_MASK_SECRETS);
		assert_not_contains(t, "SECRET");
		if (strcmp(cases[i].auth, "API_KEY") == 0)
			assert_contains(t, "\"token\":\"********\"");
		free(t);
		ao_answers_clear(&a);
	}
}

static void
test_agent_body(void **state)
{
	struct ao_answers a;
	char *t;

	(void)state;
	base(&a, "partner-agent", "API_KEY");
	ao_answers_set(&a, AO_F_SOURCE_ID, "ignored-for-agents");
	ao_answers_set(&a, AO_F_REPORTING_TYPE, "WEBHOOK");
	ao_answers_set(&a, AO_F_REPORTING_CADENCE, "DAILY");   /* only with POLLING */
	t = body_text(&a, 0);
	assert_contains(t, "{\"partnerId\":\"42\",\"name\":\"Zoë's Agent\",\"type\":\"SALES\"");
	assert_contains(t, "\"accountPolicy\":[\"advertiser_account\",\"marketplace_account\"]");
	assert_contains(t, "\"reportingType\":\"WEBHOOK\"");
	assert_not_contains(t, "reportingPollingCadence");
	assert_not_contains(t, "sourceId");
	assert_not_contains(t, "executionType");
	free(t);
	ao_answers_set(&a, AO_F_REPORTING_TYPE, "POLLING");
	t = body_text(&a, 0);
	assert_contains(t, "\"reportingPollingCadence\":\"DAILY\"");
	free(t);
	ao_answers_clear(&a);
}

static void
test_paths_and_escaping(void **state)
{
	char *p;

	(void)state;
	p = ao_resource_path(AO_KIND_SOURCE, "../../admin");
	assert_string_equal(p, "/api/v2/storefront/inventory-sources/..%2F..%2Fadmin");
	free(p);
	p = ao_resource_path(AO_KIND_AGENT, "a b/ü");
	assert_string_equal(p, "/api/v2/partner/agents/a%20b%2F%C3%BC");
	free(p);
	p = ao_url_escape("x.y_z~-1");
	assert_string_equal(p, "x.y_z~-1");
	free(p);
}

static void
test_mask_secrets_recursively(void **state)
{
	cJSON *j = cJSON_Parse("{\"auth\":{\"token\":\"T\",\"Password\":\"P\",\"keyId\":\"k\"},"
	                       "\"headers\":[{\"Authorization\":\"Bearer X\"}],\"privateKey\":\"K\"}");
	char *t;

	(void)state;
	ao_json_mask_secrets(j);
	t = cJSON_PrintUnformatted(j);
	assert_string_equal(t, "{\"auth\":{\"token\":\"********\",\"Password\":\"********\",\"keyId\":\"k\"},"
	                       "\"headers\":[{\"Authorization\":\"********\"}],\"privateKey\":\"********\"}");
	free(t);
	cJSON_Delete(j);
}

static void
test_parse_source_bare(void **state)
{
	struct ao_resource r;
	char msg[200], *body;
	size_t len;

	(void)state;
	body = fixture("api/source-bare.json", &len);
	assert_int_equal(ao_parse_resource(body, len, AO_KIND_SOURCE, &r, msg, sizeof(msg)), 0);
	assert_string_equal(r.id, "acme-sales-agent");
	assert_string_equal(r.agent_id, "acmesalesagent_ab12cd34");
	assert_int_equal(r.status, AO_ST_PENDING);
	assert_int_equal(r.auth_configured, 1);
	assert_null(r.oauth_url);
	assert_string_equal(r.endpoint_url, "https://agent.acme.example/mcp");
	assert_null(r.description);   /* JSON null */
	assert_non_null(cJSON_GetObjectItem(r.raw, "isAdapterSource"));
	ao_resource_free(&r);
	free(body);
}

static void
test_parse_source_wrapped_oauth(void **state)
{
	struct ao_resource r;
	char msg[200], *body;
	size_t len;

	(void)state;
	body = fixture("api/source-wrapped-oauth.json", &len);
	assert_int_equal(ao_parse_resource(body, len, AO_KIND_SOURCE, &r, msg, sizeof(msg)), 0);
	assert_string_equal(r.id, "oauth-agent");
	assert_int_equal(r.status, AO_ST_PENDING);       /* lower case accepted */
	assert_string_equal(r.status_raw, "pending");
	assert_int_equal(r.auth_configured, 0);
	assert_string_equal(r.oauth_url, "https://api.interchange.io/oauth/start?state=abc");
	assert_non_null(cJSON_GetObjectItem(r.raw, "futureField"));   /* extras kept */
	ao_resource_free(&r);
	free(body);
}

static void
test_parse_unknown_status_is_not_fatal(void **state)
{
	struct ao_resource r;
	char msg[200], *body;
	size_t len;

	(void)state;
	body = fixture("api/source-unknown-status.json", &len);
	assert_int_equal(ao_parse_resource(body, len, AO_KIND_SOURCE, &r, msg, sizeof(msg)), 0);
	assert_int_equal(r.status, AO_ST_UNKNOWN);
	assert_string_equal(r.status_raw, "Quarantined");
	assert_int_equal(r.auth_configured, 1);          /* "true" as a string */
	ao_resource_free(&r);
	free(body);
}

static void
test_parse_agent(void **state)
{
	struct ao_resource r;
	char msg[200], *body;
	size_t len;

	(void)state;
	body = fixture("api/agent-register.json", &len);
	assert_int_equal(ao_parse_resource(body, len, AO_KIND_AGENT, &r, msg, sizeof(msg)), 0);
	assert_string_equal(r.id, "premiumvideo_a1b2c3d4");
	assert_string_equal(r.oauth_url, "https://auth.video.example/authorize?x=1");
	assert_string_equal(r.oauth_error, "metadata discovery was slow");
	/* the documented detail has no authConfigured: a pending oauth block
	 * means not configured yet ... */
	assert_int_equal(r.auth_configured, 0);
	ao_resource_free(&r);
	free(body);
	/* ... and its going away means the consent completed */
	static const char done[] = "{\"data\":{\"agentId\":\"pv_1\",\"status\":\"PENDING\","
	                           "\"authenticationType\":\"OAUTH\",\"oauth\":null,\"relationship\":\"SELF\"}}";
	assert_int_equal(ao_parse_resource(done, strlen(done), AO_KIND_AGENT, &r, msg, sizeof(msg)), 0);
	assert_int_equal(r.auth_configured, 1);
	assert_true(ao_resource_is_own(&r));
	ao_resource_free(&r);
	/* another owner's agent in the marketplace list is not the user's */
	static const char other[] = "{\"agentId\":\"x_1\",\"status\":\"COMING_SOON\",\"name\":\"X\","
	                            "\"endpointUrl\":\"\",\"relationship\":\"MARKETPLACE\"}";
	assert_int_equal(ao_parse_resource(other, strlen(other), AO_KIND_AGENT, &r, msg, sizeof(msg)), 0);
	assert_int_equal(r.status, AO_ST_COMING_SOON);
	assert_false(ao_resource_is_own(&r));
	ao_resource_free(&r);
}

static void
test_parse_lists(void **state)
{
	struct ao_resource_list l;
	struct ao_partner_list p;
	char msg[200], *body;
	size_t len;

	(void)state;
	body = fixture("api/source-list.json", &len);
	assert_int_equal(ao_parse_resource_list(body, len, AO_KIND_SOURCE, &l, msg, sizeof(msg)), 0);
	assert_int_equal(l.count, 2);   /* the row without an id is skipped, not fatal */
	assert_int_equal(l.items[1].status, AO_ST_DISABLED);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.has_more, 0);
	ao_resource_list_free(&l);
	free(body);
	body = fixture("api/agent-list.json", &len);
	assert_int_equal(ao_parse_resource_list(body, len, AO_KIND_AGENT, &l, msg, sizeof(msg)), 0);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.items[0].status, AO_ST_COMING_SOON);
	assert_int_equal(l.has_more, 1);
	ao_resource_list_free(&l);
	free(body);
	body = fixture("api/partners.json", &len);
	assert_int_equal(ao_parse_partner_list(body, len, &p, msg, sizeof(msg)), 0);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.items[1].id, "7");   /* numeric id */
	assert_string_equal(p.items[0].name, "Acme Activation");
	ao_partner_list_free(&p);
	free(body);
}

static void
test_parse_oauth_and_account(void **state)
{
	char msg[200], *body, *out;
	size_t len;

	(void)state;
	body = fixture("api/oauth-authorize.json", &len);
	assert_int_equal(ao_parse_oauth_authorize(body, len, &out, msg, sizeof(msg)), 0);
	assert_string_equal(out, "https://auth.example/authorize?state=s");
	free(out);
	free(body);
	body = fixture("api/account.json", &len);
	assert_int_equal(ao_parse_account(body, len, &out, msg, sizeof(msg)), 0);
	assert_string_equal(out, "Acme Media, Alice (seat seat_42, role ADMIN)");
	free(out);
	free(body);
}

static void
test_parse_bad_bodies(void **state)
{
	static const char *const bodies[] = { "", "null", "[]", "\"x\"", "{}", "{\"data\":null}", "{\"data\":[1,2]}" };
	struct ao_resource r;
	struct ao_resource_list l;
	char msg[200], *body;
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		msg[0] = '\0';
		assert_int_equal(ao_parse_resource(bodies[i], strlen(bodies[i]), AO_KIND_SOURCE, &r, msg, sizeof(msg)), -1);
		assert_true(msg[0] != '\0');
		ao_resource_free(&r);
	}
	/* found by fuzzing: numbers outside long's range */
	assert_int_equal(ao_parse_resource_list("{\"items\":[{\"id\":1e300}],\"total\":3e31}", 41,
	                                        AO_KIND_SOURCE, &l, msg, sizeof(msg)), 0);
	assert_int_equal(l.total, -1);
	ao_resource_list_free(&l);
	body = fixture("api/truncated.json", &len);
	assert_int_equal(ao_parse_resource(body, len, AO_KIND_SOURCE, &r, msg, sizeof(msg)), -1);
	assert_contains(msg, "not valid JSON (at line 1, column");
	free(body);
	body = fixture("api/error-html.txt", &len);
	assert_int_equal(ao_parse_resource_list(body, len, AO_KIND_SOURCE, &l, msg, sizeof(msg)), -1);
	free(body);
}

struct error_case {
	long status;
	const char *file;
	const char *code, *field;
	const char *advice;
	int form_field;
	const char *auth;
};

static void
test_errors(void **state)
{
	static const struct error_case cases[] = {
		{ 400, "api/error-validation.json", "VALIDATION_ERROR", "endpointUrl", "The platform rejected the field endpointUrl: endpointUrl must be a valid URI", AO_F_ENDPOINT_URL, "API_KEY" },
		{ 400, "api/error-zod.json", "VALIDATION_ERROR", "auth.token", "the field auth.token: Required", AO_F_API_TOKEN, "API_KEY" },
		{ 400, "api/error-zod.json", "VALIDATION_ERROR", "auth.token", "auth.token", AO_F_AUTH_TYPE, "OAUTH" },
		/* the documented shape: a generic message, the reason in details.issues
		 * with a string path; the user must see "Required", not the generic text */
		{ 400, "api/error-documented.json", "VALIDATION_ERROR", "name", "The platform rejected the field name: Required.", AO_F_NAME, "API_KEY" },
		{ 400, "api/error-issues-no-field.json", "VALIDATION_ERROR", "endpointUrl", "the field endpointUrl: Invalid url (also auth.token: Required)", AO_F_ENDPOINT_URL, "API_KEY" },
		{ 400, "api/error-aao.json", "VALIDATION_ERROR", "endpointUrl", "agenticadvertising.org", AO_F_ENDPOINT_URL, "API_KEY" },
		{ 401, NULL, NULL, NULL, "agent-onboard login", -1, "API_KEY" },
		{ 403, "api/error-tos.json", "TOS_ACCEPTANCE_REQUIRED", NULL, "Platform Service Agreement", -1, "API_KEY" },
		{ 404, NULL, NULL, NULL, "agent-onboard list", -1, "API_KEY" },
		{ 409, "api/error-conflict.json", "CONFLICT", NULL, "already exists", -1, "API_KEY" },
		{ 429, "api/error-rate.json", "RATE_LIMITED", NULL, "rate limiting", -1, "API_KEY" },
		{ 502, "api/error-html.txt", NULL, NULL, "HTTP 502", -1, "API_KEY" },
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ao_api_error e;
		struct ao_answers a;
		char *body = cases[i].file ? fixture(cases[i].file, &len) : NULL, *advice;

		ao_api_error_parse(cases[i].status, body, body ? len : 0, &e);
		if (cases[i].code)
			assert_string_equal(e.code, cases[i].code);
		else
			assert_null(e.code);
		if (cases[i].field)
			assert_string_equal(e.field, cases[i].field);
		advice = ao_api_error_advice(&e, AO_KIND_SOURCE);
		assert_contains(advice, cases[i].advice);
		ao_answers_init(&a);
		ao_answers_set(&a, AO_F_AUTH_TYPE, cases[i].auth);
		assert_int_equal(ao_api_error_field(&e, &a), cases[i].form_field);
		ao_answers_clear(&a);
		free(advice);
		ao_api_error_free(&e);
		free(body);
	}
}

static void
test_status_table(void **state)
{
	(void)state;
	assert_int_equal(ao_status_from_http(201), AO_OK);
	assert_int_equal(ao_status_from_http(401), AO_ERR_UNAUTHORIZED);
	assert_int_equal(ao_status_from_http(418), AO_ERR_HTTP_CLIENT);
	assert_int_equal(ao_status_from_http(503), AO_ERR_SERVER);
	assert_int_equal(ao_status_exit(AO_ERR_UNAUTHORIZED), AO_EXIT_AUTH);
	assert_int_equal(ao_status_exit(AO_ERR_CONFLICT), AO_EXIT_REJECTED);
	assert_int_equal(ao_status_exit(AO_ERR_TLS), AO_EXIT_NETWORK);
	assert_int_equal(ao_status_exit(AO_ERR_PENDING), AO_EXIT_PENDING);
	assert_int_equal(ao_status_exit(AO_ERR_DISABLED), AO_EXIT_DISABLED);
	assert_int_equal(ao_status_exit(AO_ERR_INTERRUPTED), AO_EXIT_INTERRUPTED);
	assert_string_equal(ao_status_message(AO_STATUS_COUNT), "unknown error");
}

/* An unusable authorization URL never reaches a screen, browser,
 * clipboard or QR code: it is dropped and becomes an OAuth error. */
static void
test_unusable_oauth_url_is_refused(void **state)
{
	static const char body[] = "{\"data\":{\"sourceId\":\"s\",\"status\":\"PENDING\","
	                           "\"authenticationType\":\"OAUTH\",\"oauth\":{\"authorizationUrl\":"
	                           "\"https://a.example/\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\"}}}";
	static const char ok_body[] = "{\"data\":{\"authorizationUrl\":\"javascript:alert(1)\"}}";
	struct ao_resource r;
	char msg[256], *url = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(ao_parse_resource(body, sizeof(body) - 1, AO_KIND_SOURCE, &r, msg, sizeof(msg)), 0);
	assert_null(r.oauth_url);
	assert_non_null(r.oauth_error);
	assert_non_null(strstr(r.oauth_error, "authorization URL that cannot be used"));
	assert_true(r.auth_configured != 1);
	ao_resource_free(&r);
	assert_int_equal(ao_parse_oauth_authorize(ok_body, sizeof(ok_body) - 1, &url, msg, sizeof(msg)), -1);
	assert_null(url);
	assert_non_null(strstr(msg, "cannot be used"));
}

/* ao_json_wipe: every string below the node is zeroed, its siblings are
 * not (a masked copy keeps its other fields). */
static void
test_json_wipe_stops_at_the_node(void **state)
{
	cJSON *root = cJSON_Parse("{\"auth\":{\"token\":\"s3cret\",\"type\":\"bearer\"},\"name\":\"Acme\"}");
	cJSON *auth = cJSON_GetObjectItemCaseSensitive(root, "auth");
	cJSON *token = cJSON_GetObjectItemCaseSensitive(auth, "token");
	cJSON *type = cJSON_GetObjectItemCaseSensitive(auth, "type");
	char *kept = token->valuestring;

	(void)state;
	ao_json_wipe(token);
	assert_int_equal(kept[0], '\0');
	assert_string_equal(type->valuestring, "bearer");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "name")->valuestring, "Acme");
	ao_json_wipe(root);
	assert_int_equal(type->valuestring[0], '\0');
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "name")->valuestring[0], '\0');
	cJSON_Delete(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_bodies),
		cmocka_unit_test(test_agent_body),
		cmocka_unit_test(test_paths_and_escaping),
		cmocka_unit_test(test_mask_secrets_recursively),
		cmocka_unit_test(test_parse_source_bare),
		cmocka_unit_test(test_parse_source_wrapped_oauth),
		cmocka_unit_test(test_parse_unknown_status_is_not_fatal),
		cmocka_unit_test(test_parse_agent),
		cmocka_unit_test(test_parse_lists),
		cmocka_unit_test(test_parse_oauth_and_account),
		cmocka_unit_test(test_parse_bad_bodies),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_unusable_oauth_url_is_refused),
		cmocka_unit_test(test_json_wipe_stops_at_the_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
