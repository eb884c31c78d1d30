/* SPDX-License-Identifier: MIT */
/* agent-onboard --edit: what the forms ask when a registration is edited
 * (fixed fields hidden, the stored credential kept while no credential
 * field is filled in) and the body sent (only what differs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/steps.h"

static void
editing_source(struct ao_answers *a, struct ao_resource *r)
{
	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, "INVENTORY_SOURCE");
	ao_answers_set(a, AO_F_NAME, "Acme");
	ao_answers_set(a, AO_F_SOURCE_ID, "acme");
	ao_answers_set(a, AO_F_TYPE, "SALES");
	ao_answers_set(a, AO_F_PROTOCOL, "MCP");
	ao_answers_set(a, AO_F_ENDPOINT_URL, "https://acme.example/mcp");
	ao_answers_set(a, AO_F_AUTH_TYPE, "API_KEY");
	ao_answers_apply_defaults(a);
	a->editing = 1;
	snprintf(a->stored_auth, sizeof(a->stored_auth), "API_KEY");
	memset(r, 0, sizeof(*r));
	r->kind = AO_KIND_SOURCE;
	r->name = "Acme";
	r->type = "SALES";
	r->protocol = "MCP";
	r->endpoint_url = "https://acme.example/mcp";
	r->auth_type = "API_KEY";
}

static void
test_fixed_fields_hidden(void **state)
{
	struct ao_answers a;
	struct ao_resource r;

	(void)state;
	editing_source(&a, &r);
	assert_int_equal(ao_field_relevance(&a, AO_F_KIND), AO_HIDDEN);
	assert_int_equal(ao_field_relevance(&a, AO_F_SOURCE_ID), AO_HIDDEN);
	assert_int_equal(ao_step_applies(&a, AO_STEP_KIND), 0);
	assert_int_equal(ao_step_applies(&a, AO_STEP_PARTNER), 0);
	assert_int_equal(ao_step_applies(&a, AO_STEP_IDENTITY), 1);
	ao_answers_clear(&a);
}

static void
test_credential_kept_or_rotated(void **state)
{
	struct ao_answers a;
	struct ao_resource r;
	cJSON *body;

	(void)state;
	editing_source(&a, &r);
	/* nothing typed: the stored token stays, the step is answered */
	assert_int_equal(ao_answers_credential_kept(&a), 1);
	assert_int_equal(ao_field_relevance(&a, AO_F_API_TOKEN), AO_OPTIONAL);
	assert_int_equal(ao_step_first_invalid(&a), AO_STEP_REVIEW);
	body = ao_build_edit_body(&a, NULL, &r, 0);
	assert_int_equal(cJSON_GetArraySize(body), 0);
	cJSON_Delete(body);
	/* only the description changed: only it is sent */
	ao_answers_set(&a, AO_F_DESCRIPTION, "New words");
	body = ao_build_edit_body(&a, NULL, &r, 0);
	assert_int_equal(cJSON_GetArraySize(body), 1);
	assert_string_equal(cJSON_GetObjectItem(body, "description")->valuestring, "New words");
	cJSON_Delete(body);
	/* a token typed: rotated, with the type it belongs to */
	ao_answers_set(&a, AO_F_API_TOKEN, "new-token");
	assert_int_equal(ao_answers_credential_kept(&a), 0);
	body = ao_build_edit_body(&a, NULL, &r, 0);
	assert_string_equal(cJSON_GetObjectItem(body, "authenticationType")->valuestring, "API_KEY");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(body, "auth"), "token")->valuestring, "new-token");
	assert_null(cJSON_GetObjectItem(body, "name"));
	cJSON_Delete(body);
	ao_answers_clear(&a);
}

static void
test_auth_type_changed_needs_credential(void **state)
{
	struct ao_answers a;
	struct ao_resource r;
	cJSON *body;

	(void)state;
	editing_source(&a, &r);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "BASIC_AUTH");
	assert_int_equal(ao_answers_credential_kept(&a), 0);
	assert_int_equal(ao_field_relevance(&a, AO_F_BASIC_PASSWORD), AO_REQUIRED);
	assert_int_equal(ao_step_first_invalid(&a), AO_STEP_CREDENTIALS);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "NO_AUTH");
	body = ao_build_edit_body(&a, NULL, &r, 0);
	assert_string_equal(cJSON_GetObjectItem(body, "authenticationType")->valuestring, "NO_AUTH");
	assert_null(cJSON_GetObjectItem(body, "auth"));
	cJSON_Delete(body);
	ao_answers_clear(&a);
}

/* A fix in place clears the credential: for JWT the claims too, so the
 * stored credential is kept and the key file is no longer required. */
static void
test_clearing_a_jwt_credential_keeps_the_stored_one(void **state)
{
	struct ao_answers a;
	struct ao_resource r;

	(void)state;
	editing_source(&a, &r);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "JWT");
	snprintf(a.stored_auth, sizeof(a.stored_auth), "JWT");
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "/keys/old.pem");
	ao_answers_set(&a, AO_F_JWT_ISSUER, "acme");
	ao_answers_set(&a, AO_F_JWT_TOKEN_URL, "https://acme.example/token");
	assert_int_equal(ao_answers_credential_kept(&a), 0);
	ao_answers_clear_credential(&a);
	assert_int_equal(ao_answers_credential_kept(&a), 1);
	assert_false(ao_answers_has(&a, AO_F_JWT_ISSUER));
	assert_int_equal(ao_field_relevance(&a, AO_F_JWT_KEY_FILE), AO_OPTIONAL);
	ao_answers_clear(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_fields_hidden),
		cmocka_unit_test(test_credential_kept_or_rotated),
		cmocka_unit_test(test_auth_type_changed_needs_credential),
		cmocka_unit_test(test_clearing_a_jwt_credential_keeps_the_stored_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
