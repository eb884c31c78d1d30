/* SPDX-License-Identifier: MIT */
/* Contract test: what the simulator says about a source after its create,
 * as reference/scope3-api.md §2.1, §2.4 and §2.6 describe it: GET /readiness
 * with its check ids, statuses and compliance observations, the source's
 * diagnostics, the discovery test's four outcomes (success, empty, upstream
 * failure, never reached), and DELETE refused with 400 VALIDATION_ERROR
 * while media buys run (the simulator's switch) while disabling still works.
 * Each state is reached through the real activation probe of the demo
 * agent, waited for by polling, never by time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"

#define SOURCES "/api/v2/storefront/inventory-sources"
#define READINESS "/api/v2/storefront/readiness"
#define BEARER(tok) "{\"type\":\"bearer\",\"token\":\"" tok "\"}"
#define PATIENCE_MS 20000   /* a ceiling against hangs only */

static void
create(const char *id, const char *url, const char *auth_type, const char *auth)
{
	char *b = xasprintf("{\"name\":\"%s\",\"sourceId\":\"%s\",\"type\":\"SALES\",\"endpointUrl\":\"%s\","
	                    "\"protocol\":\"MCP\",\"authenticationType\":\"%s\"%s%s}", id, id, url, auth_type,
	                    auth != NULL ? ",\"auth\":" : "", auth != NULL ? auth : "");

	assert_int_equal(ao_test_call(ao_test_sb, "POST", SOURCES, b, NULL), 201);
	free(b);
}

static char *
demo_url(const char *path)
{
	return ao_test_sandbox_url(ao_test_sb, path);
}

static char *
source_path(const char *id, const char *tail)
{
	return xasprintf(SOURCES "/%s%s", id, tail);
}

/* The source was probed at least once (diagnostics count it). */
static int
probed(void *arg)
{
	char *p = source_path(arg, "/diagnostics");
	cJSON *j = NULL;
	const cJSON *calls;
	int ok;

	ao_test_call(ao_test_sb, "GET", p, NULL, &j);
	calls = ao_test_json_item(j, "data.calls");
	ok = cJSON_IsNumber(calls) && calls->valuedouble >= 1;
	cJSON_Delete(j);
	free(p);
	return ok;
}

static int
is_active(void *arg)
{
	char *p = source_path(arg, "");
	cJSON *j = NULL;
	int ok;

	ao_test_call(ao_test_sb, "GET", p, NULL, &j);
	ok = ao_test_json_str(j, "data.status") != NULL && strcmp(ao_test_json_str(j, "data.status"), "ACTIVE") == 0;
	cJSON_Delete(j);
	free(p);
	return ok;
}

/* The check with this id in a readiness answer. */
static const cJSON *
check(const cJSON *j, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, ao_test_json_item(j, "data.checks")) {
		if (ao_test_json_str(c, "id") != NULL && strcmp(ao_test_json_str(c, "id"), id) == 0)
			return c;
	}
	fail_msg("no check %s", id);
	return NULL;
}

static char *
discovery(const char *id)
{
	char *p = source_path(id, "/tests/discovery"), *out;
	cJSON *j = NULL;

	assert_int_equal(ao_test_call(ao_test_sb, "POST", p, "{\"brief\":\"video in Sweden\"}", &j), 200);
	assert_non_null(ao_test_json_str(j, "data.message"));
	out = xstrdup(ao_test_json_str(j, "data.outcome"));
	cJSON_Delete(j);
	free(p);
	return out;
}

static void
test_readiness_blocked_then_ready(void **state)
{
	cJSON *j = NULL;
	const cJSON *conn, *comp;
	char *url = demo_url("/demo/mcp"), *put;

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "GET", READINESS, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "blocked");
	assert_string_equal(ao_test_json_str(check(j, "inventory_sources"), "status"), "missing");
	cJSON_Delete(j);

	/* the wrong token: the credential is there, the agent refuses it */
	create("wrongtok", url, "API_KEY", BEARER("not-the-token"));
	assert_true(ao_test_wait_until(probed, "wrongtok", PATIENCE_MS));
	assert_int_equal(ao_test_call(ao_test_sb, "GET", READINESS, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "blocked");
	assert_string_equal(ao_test_json_str(check(j, "inventory_sources"), "status"), "complete");
	assert_string_equal(ao_test_json_str(check(j, "agent_auth"), "status"), "complete");
	assert_string_equal(ao_test_json_str(check(j, "agent_status"), "status"), "missing");
	conn = check(j, "agent_connectivity");
	assert_string_equal(ao_test_json_str(conn, "status"), "missing");
	comp = ao_test_json_item(conn, "compliance.0");
	assert_non_null(comp);
	assert_string_equal(ao_test_json_str(comp, "agentUrl"), url);
	assert_true(cJSON_IsFalse(ao_test_json_item(comp, "passed")));
	assert_non_null(strstr(ao_test_json_str(comp, "observations.0"), "credential refused"));
	assert_string_equal(ao_test_json_str(j, "data.sourceDiagnostics.0.sourceId"), "wrongtok");
	assert_true(cJSON_IsTrue(ao_test_json_item(j, "data.sourceDiagnostics.0.auth.configured")));
	assert_true(cJSON_IsFalse(ao_test_json_item(j, "data.sourceDiagnostics.0.compliance.passed")));
	/* the secret never shows */
	{
		char *text = cJSON_PrintUnformatted(j);

		assert_null(strstr(text, "not-the-token"));
		free(text);
	}
	cJSON_Delete(j);

	/* rotating the credential activates, and readiness follows */
	put = xasprintf("{\"auth\":" BEARER(AO_SANDBOX_AGENT_TOKEN) "}");
	assert_int_equal(ao_test_call(ao_test_sb, "PUT", SOURCES "/wrongtok", put, NULL), 200);
	assert_true(ao_test_wait_until(is_active, "wrongtok", PATIENCE_MS));
	assert_int_equal(ao_test_call(ao_test_sb, "GET", READINESS, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ready");
	assert_string_equal(ao_test_json_str(check(j, "agent_connectivity"), "status"), "complete");
	assert_true(cJSON_IsTrue(ao_test_json_item(check(j, "agent_connectivity"), "compliance.0.passed")));
	cJSON_Delete(j);
	free(put);
	free(url);
}

static void
test_readiness_needs_the_api_key(void **state)
{
	struct ao_test_response r;
	const char *const no_key[] = {"Authorization:", NULL};

	(void)state;
	ao_test_http(ao_test_sb, "GET", READINESS, no_key, NULL, &r);
	assert_int_equal(r.status, 401);
	ao_test_response_free(&r);
}

static void
test_diagnostics(void **state)
{
	cJSON *j = NULL;
	char *url = demo_url("/demo/mcp");

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/nosuch/diagnostics", NULL, &j), 404);
	assert_string_equal(ao_test_json_str(j, "error.code"), "NOT_FOUND");
	cJSON_Delete(j);
	create("diag", url, "API_KEY", BEARER("not-the-token"));
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/diag/diagnostics?windowHours=0", NULL, &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "windowHours");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/diag/diagnostics?windowHours=721", NULL, NULL), 400);
	assert_true(ao_test_wait_until(probed, "diag", PATIENCE_MS));
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/diag/diagnostics?windowHours=720", NULL, &j), 200);
	assert_int_equal((int)ao_test_json_item(j, "data.windowHours")->valuedouble, 720);
	assert_true(ao_test_json_item(j, "data.failures")->valuedouble >= 1);
	assert_string_equal(ao_test_json_str(j, "data.lastCall.outcome"), "credential refused");
	assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
	cJSON_Delete(j);
	free(url);
}

static void
test_discovery_four_outcomes(void **state)
{
	char *url = demo_url("/demo/mcp"), *oauth = demo_url("/demo/mcp-oauth"), *o;
	const char *dead = "http://127.0.0.1:9/mcp";   /* discard port: nothing listens */

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "POST", SOURCES "/nosuch/tests/discovery", "{}", NULL), 404);

	/* never reached: no credential yet (OAuth before consent), or no answer */
	create("consent", oauth, "OAUTH", NULL);
	o = discovery("consent");
	assert_string_equal(o, "NOT_REACHED");
	free(o);
	ao_sandbox_registry_add(ao_test_sb->sandbox, dead);
	create("dead", dead, "API_KEY", BEARER(AO_SANDBOX_AGENT_TOKEN));
	assert_true(ao_test_wait_until(probed, "dead", PATIENCE_MS));
	o = discovery("dead");
	assert_string_equal(o, "NOT_REACHED");
	free(o);

	/* upstream failure: the agent answers, but refuses the credential */
	create("refused", url, "API_KEY", BEARER("not-the-token"));
	assert_true(ao_test_wait_until(probed, "refused", PATIENCE_MS));
	o = discovery("refused");
	assert_string_equal(o, "UPSTREAM_ERROR");
	free(o);

	/* success, then empty once the simulator is told the agent has no products */
	create("works", url, "API_KEY", BEARER(AO_SANDBOX_AGENT_TOKEN));
	assert_true(ao_test_wait_until(is_active, "works", PATIENCE_MS));
	o = discovery("works");
	assert_string_equal(o, "SUCCESS");
	free(o);
	assert_int_equal(ao_test_call(ao_test_sb, "POST", "/sandbox/sources/works", "{\"noProducts\":true}", NULL), 200);
	o = discovery("works");
	assert_string_equal(o, "EMPTY");
	free(o);
	free(url);
	free(oauth);
}

static void
test_delete_refused_while_media_buys_run(void **state)
{
	cJSON *j = NULL;
	char *url = demo_url("/demo/mcp-open");

	(void)state;
	create("busy", url, "NO_AUTH", NULL);
	assert_int_equal(ao_test_call(ao_test_sb, "POST", "/sandbox/sources/busy", "{\"mediaBuys\":\"two\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "mediaBuys");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "POST", "/sandbox/sources/busy", "{\"mediaBuys\":2}", NULL), 200);

	assert_int_equal(ao_test_call(ao_test_sb, "DELETE", SOURCES "/busy", NULL, &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.code"), "VALIDATION_ERROR");
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
	assert_non_null(strstr(ao_test_json_str(j, "error.details.issues.0.message"), "media buy"));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/busy", NULL, NULL), 200);

	/* disabling is what the platform suggests instead, and it works */
	assert_int_equal(ao_test_call(ao_test_sb, "PUT", SOURCES "/busy", "{\"status\":\"DISABLED\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "DISABLED");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "PUT", SOURCES "/busy", "{\"status\":\"PENDING\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "status");
	cJSON_Delete(j);

	/* once the buys end, DELETE is 204 with no body and the source is gone */
	assert_int_equal(ao_test_call(ao_test_sb, "POST", "/sandbox/sources/busy", "{\"mediaBuys\":0}", NULL), 200);
	{
		struct ao_test_response r;

		ao_test_http(ao_test_sb, "DELETE", SOURCES "/busy", NULL, NULL, &r);
		assert_int_equal(r.status, 204);
		assert_int_equal(r.body_len, 0);
		ao_test_response_free(&r);
	}
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/busy", NULL, NULL), 404);
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_readiness_blocked_then_ready, ao_test_sandbox_setup,
		                                ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_readiness_needs_the_api_key, ao_test_sandbox_setup,
		                                ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_diagnostics, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_discovery_four_outcomes, ao_test_sandbox_setup,
		                                ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_delete_refused_while_media_buys_run, ao_test_sandbox_setup,
		                                ao_test_sandbox_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
