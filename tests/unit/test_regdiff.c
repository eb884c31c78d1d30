/* SPDX-License-Identifier: MIT */
/* A registration found on the platform compared with the reviewed answers,
 * and the update body that sends the reviewed values. */
#include "testutil.h"

#include "agent-onboard/core/regdiff.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"

static void
answers(struct ao_answers *a)
{
	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, "inventory-source");
	ao_answers_set(a, AO_F_NAME, "Premium Video");
	ao_answers_set(a, AO_F_TYPE, "SALES");
	ao_answers_set(a, AO_F_PROTOCOL, "MCP");
	ao_answers_set(a, AO_F_ENDPOINT_URL, "https://agent.example/mcp");
	ao_answers_set(a, AO_F_AUTH_TYPE, "API_KEY");
	ao_answers_set(a, AO_F_API_TOKEN, "TOKEN-SECRET");
	ao_answers_set(a, AO_F_DESCRIPTION, "Premium video inventory. Also display.");
	ao_answers_apply_defaults(a);
}

static void
platform(struct ao_resource *r, const char *description)
{
	memset(r, 0, sizeof(*r));
	r->kind = AO_KIND_SOURCE;
	r->name = xstrdup("Premium Video");
	r->type = xstrdup("sales");
	r->protocol = xstrdup("mcp");
	r->endpoint_url = xstrdup("HTTPS://Agent.Example/mcp/");
	r->auth_type = xstrdup("API_KEY");
	r->description = description != NULL ? xstrdup(description) : NULL;
}

static void
test_same_values(void **state)
{
	struct ao_answers a;
	struct ao_resource r;
	struct ao_regdiff d;

	(void)state;
	answers(&a);
	platform(&r, "Premium video inventory. Also display.");
	/* case of enums, of the URL's scheme and host, a trailing '/' */
	assert_int_equal(ao_regdiff(&a, &r, &d), 0);
	ao_regdiff_free(&d);
	ao_resource_free(&r);
	ao_answers_clear(&a);
}

static void
test_corrected_description(void **state)
{
	struct ao_answers a;
	struct ao_resource r;
	struct ao_regdiff d;

	(void)state;
	answers(&a);
	platform(&r, "Premium video inventory.");
	assert_int_equal(ao_regdiff(&a, &r, &d), 1);
	assert_int_equal(d.item[0].field, AO_F_DESCRIPTION);
	assert_string_equal(d.item[0].platform, "Premium video inventory.");
	assert_string_equal(d.item[0].reviewed, "Premium video inventory. Also display.");
	ao_regdiff_free(&d);
	ao_resource_free(&r);

	/* a source without a description has none: added since */
	platform(&r, NULL);
	assert_int_equal(ao_regdiff(&a, &r, &d), 1);
	assert_string_equal(d.item[0].platform, "");
	ao_regdiff_free(&d);
	ao_resource_free(&r);

	/* the path of the URL counts */
	platform(&r, "Premium video inventory. Also display.");
	free(r.endpoint_url);
	r.endpoint_url = xstrdup("https://agent.example/MCP");
	assert_int_equal(ao_regdiff(&a, &r, &d), 1);
	assert_int_equal(d.item[0].field, AO_F_ENDPOINT_URL);
	ao_regdiff_free(&d);
	ao_resource_free(&r);
	ao_answers_clear(&a);
}

static void
test_unreported_not_compared(void **state)
{
	struct ao_answers a;
	struct ao_resource r;
	struct ao_regdiff d;

	(void)state;
	answers(&a);
	memset(&r, 0, sizeof(r));
	r.kind = AO_KIND_AGENT;
	r.name = xstrdup("Premium Video");
	/* a list row of an agent says nothing of the rest */
	r.raw = cJSON_Parse("{\"agentId\":\"a1\",\"name\":\"Premium Video\"}");
	assert_int_equal(ao_regdiff(&a, &r, &d), 0);
	ao_resource_free(&r);
	ao_answers_clear(&a);
}

static void
test_update_body(void **state)
{
	struct ao_answers a;
	cJSON *body;
	char *text;

	(void)state;
	answers(&a);
	body = ao_build_update_body(&a, NULL, AO_BUILD_MASK_SECRETS);
	text = cJSON_PrintUnformatted(body);
	assert_null(strstr(text, "sourceId"));
	assert_null(strstr(text, "executionType"));
	assert_null(strstr(text, "\"type\":\"SALES\""));
	assert_non_null(strstr(text, "\"description\":\"Premium video inventory. Also display.\""));
	assert_non_null(strstr(text, "\"endpointUrl\""));
	/* the credential is sent again (masked here) */
	assert_non_null(strstr(text, "\"token\":\"" AO_MASK "\""));
	assert_null(strstr(text, "TOKEN-SECRET"));
	cJSON_free(text);
	cJSON_Delete(body);
	ao_answers_clear(&a);
}

/* Item 5: only the token was corrected.  The platform never returns it,
 * so the comparison alone finds nothing; the credential added by the
 * caller makes it a difference that names the field and no secret. */
static void
test_credential_only_change(void **state)
{
	struct ao_answers a;
	struct ao_resource r;
	struct ao_regdiff d;

	(void)state;
	answers(&a);
	platform(&r, "Premium video inventory. Also display.");
	assert_int_equal(ao_regdiff(&a, &r, &d), 0);
	ao_regdiff_add_credential(&d, AO_F_API_TOKEN);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.item[0].field, AO_F_API_TOKEN);
	assert_non_null(strstr(d.item[0].reviewed, "update to send it"));
	assert_null(strstr(d.item[0].platform, "TOKEN"));
	assert_null(strstr(d.item[0].reviewed, "TOKEN"));
	while (d.count < AO_REGDIFF_MAX)
		ao_regdiff_add_credential(&d, AO_F_API_TOKEN);
	ao_regdiff_add_credential(&d, AO_F_API_TOKEN);   /* full: ignored, no overflow */
	assert_int_equal(d.count, AO_REGDIFF_MAX);
	ao_regdiff_free(&d);
	ao_resource_free(&r);
	ao_answers_clear(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_values),
		cmocka_unit_test(test_corrected_description),
		cmocka_unit_test(test_unreported_not_compared),
		cmocka_unit_test(test_update_body),
		cmocka_unit_test(test_credential_only_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
