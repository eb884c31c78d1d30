/* SPDX-License-Identifier: MIT */
/* Contract test: fault injection and rate limiting over real HTTP.  Each
 * fault kind is observed the way a client sees it (curl's error, status,
 * headers, body), the spec options (times, after, code, routes and globs)
 * do what the help says, and "drop after commit" really commits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"

#define SOURCES "/api/v2/storefront/inventory-sources"


static void
fault(struct ao_test_sandbox *t, const char *spec)
{
	char err[256] = "";

	if (ao_sandbox_add_fault(t->sandbox, spec, err, sizeof(err)) != 0)
		print_error("fault %s: %s\n", spec, err);
	assert_string_equal(err, "");
}

static char *
source_body(const char *id)
{
	return xasprintf("{\"name\":\"%s\",\"sourceId\":\"%s\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
	                 "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", id, id, ao_test_sb->url);
}

static long
elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void
test_latency(void **state)
{
	struct timespec a;
	long ms;

	(void)state;
	fault(ao_test_sb, "GET /health:latency=3000");
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL), 200);
	ms = elapsed_ms(&a);
	assert_true(ms >= 3000);
	/* other routes are not slowed down: a loopback answer (milliseconds)
	 * against the 3 s of the fault, with a margin for a loaded machine */
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/api/v2/accounts/current", NULL, NULL), 200);
	assert_true(elapsed_ms(&a) < 2500);
}

static void
test_status_changes_nothing(void **state)
{
	struct ao_test_response r;
	char *b = source_body("s503");
	char hv[32];
	cJSON *j;

	(void)state;
	fault(ao_test_sb, "POST " SOURCES ":status=503,times=1");
	ao_test_http(ao_test_sb, "POST", SOURCES, NULL, b, &r);
	assert_int_equal(r.status, 503);
	j = ao_test_json(&r);
	assert_string_equal(ao_test_json_str(j, "error.code"), "SERVICE_UNAVAILABLE");
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
	assert_non_null(ao_test_header(&r, "Retry-After", hv, sizeof(hv)));
	cJSON_Delete(j);
	ao_test_response_free(&r);
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 0);
	/* times=1: the retry goes through */
	assert_int_equal(ao_test_call(ao_test_sb, "POST", SOURCES, b, NULL), 201);
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 1);
	free(b);
	/* code= and the default codes by status */
	fault(ao_test_sb, "PUT " SOURCES "/{sourceId}:status=403,times=1");
	assert_int_equal(ao_test_call(ao_test_sb, "PUT", SOURCES "/s503", "{\"name\":\"x\"}", &j), 403);
	assert_string_equal(ao_test_json_str(j, "error.code"), "TOS_ACCEPTANCE_REQUIRED");
	cJSON_Delete(j);
	fault(ao_test_sb, "PUT " SOURCES "/{sourceId}:status=500,code=INTERNAL_ERROR,times=1");
	assert_int_equal(ao_test_call(ao_test_sb, "PUT", SOURCES "/s503", "{\"name\":\"x\"}", &j), 500);
	assert_string_equal(ao_test_json_str(j, "error.code"), "INTERNAL_ERROR");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/s503", NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.name"), "s503");
	cJSON_Delete(j);
}

static void
test_drop(void **state)
{
	struct ao_test_response r;

	(void)state;
	fault(ao_test_sb, "GET " SOURCES ":drop");
	ao_test_http(ao_test_sb, "GET", SOURCES, NULL, NULL, &r);
	assert_int_equal(r.curl_code, CURLE_GOT_NOTHING);
	assert_int_equal(r.status, 0);
	ao_test_response_free(&r);
	/* the server is fine */
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL), 200);
}

static void
test_truncate(void **state)
{
	struct ao_test_response r;

	(void)state;
	fault(ao_test_sb, "GET /api/v2/partner/partners:truncate");
	ao_test_http(ao_test_sb, "GET", "/api/v2/partner/partners", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.curl_code, CURLE_PARTIAL_FILE);
	assert_true(r.body_len > 0);
	{
		cJSON *j = ao_test_json(&r);

		assert_null(j);   /* half a JSON document */
	}
	ao_test_response_free(&r);
}

static void
test_oversize(void **state)
{
	struct ao_test_response r;
	cJSON *j;

	(void)state;
	fault(ao_test_sb, "GET /api/v2/accounts/current:oversize=2000000");
	ao_test_http(ao_test_sb, "GET", "/api/v2/accounts/current", NULL, NULL, &r);
	assert_int_equal(r.curl_code, 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 2000000);
	/* still the same (valid) answer, just far too big */
	j = ao_test_json(&r);
	assert_non_null(ao_test_json_str(j, "data.id"));
	cJSON_Delete(j);
	ao_test_response_free(&r);
	fault(ao_test_sb, "GET /health:oversize");
	ao_test_http(ao_test_sb, "GET", "/health", NULL, NULL, &r);
	assert_int_equal(r.body_len, 4 * 1024 * 1024);
	ao_test_response_free(&r);
}

static void
test_wrong_type(void **state)
{
	struct ao_test_response r;
	char ct[64];

	(void)state;
	fault(ao_test_sb, "GET " SOURCES ":wrong-type,times=1");
	ao_test_http(ao_test_sb, "GET", SOURCES, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ao_test_header(&r, "Content-Type", ct, sizeof(ct)), "text/html");
	assert_non_null(strstr(r.body, "<html>"));
	assert_null(ao_test_json(&r));
	ao_test_response_free(&r);
	fault(ao_test_sb, "GET " SOURCES ":wrong-type=text/plain; charset=utf-8,times=1");
	ao_test_http(ao_test_sb, "GET", SOURCES, NULL, NULL, &r);
	assert_string_equal(ao_test_header(&r, "Content-Type", ct, sizeof(ct)), "text/plain; charset=utf-8");
	ao_test_response_free(&r);
	/* times ran out: JSON again */
	ao_test_http(ao_test_sb, "GET", SOURCES, NULL, NULL, &r);
	assert_string_equal(ao_test_header(&r, "Content-Type", ct, sizeof(ct)), "application/json");
	ao_test_response_free(&r);
}

static void
test_drop_after_commit(void **state)
{
	struct ao_test_response r;
	char *b = source_body("committed");
	cJSON *j = NULL;

	(void)state;
	fault(ao_test_sb, "POST " SOURCES ":drop-after-commit,times=1");
	ao_test_http(ao_test_sb, "POST", SOURCES, NULL, b, &r);
	assert_int_equal(r.curl_code, CURLE_GOT_NOTHING);
	ao_test_response_free(&r);
	/* the client saw nothing, but the source exists, exactly once */
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 1);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES "/committed", NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	/* a blind retry is told it exists */
	assert_int_equal(ao_test_call(ao_test_sb, "POST", SOURCES, b, NULL), 409);
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 1);
	assert_int_equal(ao_sandbox_request_count(ao_test_sb->sandbox, "POST " SOURCES), 2);
	free(b);
}

static void
test_global_after_and_globs(void **state)
{
	(void)state;
	/* the first two matching requests pass, the third fails, then all pass */
	fault(ao_test_sb, "/api/v2/partner/*:status=502,after=2,times=1");
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/api/v2/partner/partners", NULL, NULL), 200);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/api/v2/partner/agents", NULL, NULL), 200);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/api/v2/partner/partners", NULL, NULL), 502);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/api/v2/partner/partners", NULL, NULL), 200);
	/* storefront routes never matched */
	assert_int_equal(ao_test_call(ao_test_sb, "GET", SOURCES, NULL, NULL), 200);
	/* "*" is every route, unknown ones too */
	fault(ao_test_sb, "*:status=500,times=2");
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL), 500);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/no/such/path", NULL, NULL), 500);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/no/such/path", NULL, NULL), 404);
	ao_sandbox_clear_faults(ao_test_sb->sandbox);
	fault(ao_test_sb, "*:drop");
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL), 0);
	ao_sandbox_clear_faults(ao_test_sb->sandbox);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL), 200);
}

static void
test_faults_in_options_and_bad_specs(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	const char *faults[] = {"GET /health:status=503", NULL};
	const char *bad[] = {"nocolon", "*:teleport", "*:latency", "*:latency=-1", "*:status=200", "*:drop=1",
	                     "*:status=500,times=0", "*:status=500,bogus=1", "*:oversize=0", ":drop", NULL};
	char err[256];
	size_t i;

	(void)state;
	ao_test_sandbox_options(&o);
	o.faults = faults;
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	assert_int_equal(ao_test_call(t, "GET", "/health", NULL, NULL), 503);
	ao_test_sandbox_stop(t);
	for (i = 0; bad[i] != NULL; i++) {
		err[0] = '\0';
		if (ao_sandbox_fault_check(bad[i], err, sizeof(err)) == 0)
			print_error("accepted bad spec %s\n", bad[i]);
		assert_int_equal(ao_sandbox_fault_check(bad[i], err, sizeof(err)), -1);
		assert_true(strlen(err) > 0);
	}
	/* a bad spec in the options stops the start */
	faults[0] = "*:teleport";
	assert_null(ao_sandbox_start(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "teleport"));
	assert_non_null(strstr(ao_sandbox_fault_help(), "drop-after-commit"));
}

static void
test_rate_limit(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	struct ao_test_response r;
	char v[32];
	int i;
	cJSON *j;

	(void)state;
	ao_test_sandbox_options(&o);
	o.rate_limit = 5;
	/* the seven calls below must fall in one window, even on a loaded machine */
	o.rate_window_ms = 30000;
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	for (i = 0; i < 5; i++) {
		ao_test_http(t, "GET", "/api/v2/accounts/current", NULL, NULL, &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(ao_test_header(&r, "RateLimit-Limit", v, sizeof(v)), "5");
		assert_int_equal(atoi(ao_test_header(&r, "RateLimit-Remaining", v, sizeof(v))), 4 - i);
		assert_true(atoi(ao_test_header(&r, "RateLimit-Reset", v, sizeof(v))) >= 1);
		ao_test_response_free(&r);
	}
	ao_test_http(t, "GET", "/api/v2/accounts/current", NULL, NULL, &r);
	assert_int_equal(r.status, 429);
	assert_string_equal(ao_test_header(&r, "RateLimit-Remaining", v, sizeof(v)), "0");
	assert_true(atoi(ao_test_header(&r, "Retry-After", v, sizeof(v))) >= 1);
	j = ao_test_json(&r);
	assert_string_equal(ao_test_json_str(j, "error.code"), "RATE_LIMITED");
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
	cJSON_Delete(j);
	ao_test_response_free(&r);
	/* a refused create creates nothing */
	{
		char *b = xasprintf("{\"name\":\"rl\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
		                    "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", t->url);

		assert_int_equal(ao_test_call(t, "POST", SOURCES, b, NULL), 429);
		free(b);
		assert_int_equal(ao_sandbox_source_count(t->sandbox), 0);
	}
	/* demo agents and the consent page are not the platform API: not limited */
	{
		const char *h[] = {"Authorization:", NULL};

		ao_test_http(t, "GET", "/.well-known/agent-card.json", h, NULL, &r);
		assert_int_equal(r.status, 200);
		assert_null(ao_test_header(&r, "RateLimit-Limit", v, sizeof(v)));
		ao_test_response_free(&r);
	}
	ao_test_sandbox_stop(t);
}

static int
passes_again(void *arg)
{
	return ao_test_call(arg, "GET", "/api/v2/accounts/current", NULL, NULL) == 200;
}

static void
test_rate_limit_window_resets(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;

	(void)state;
	ao_test_sandbox_options(&o);
	o.rate_limit = 2;
	/* long enough that three calls fit in one window on a loaded machine */
	o.rate_window_ms = 4000;
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	assert_int_equal(ao_test_call(t, "GET", "/health", NULL, NULL), 200);
	assert_int_equal(ao_test_call(t, "GET", "/health", NULL, NULL), 200);
	assert_int_equal(ao_test_call(t, "GET", "/health", NULL, NULL), 429);
	/* after the window requests pass again (429s do not extend it) */
	assert_true(ao_test_wait_until(passes_again, t, 20000));
	ao_test_sandbox_stop(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_latency, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_status_changes_nothing, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_drop, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_truncate, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_oversize, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_type, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_drop_after_commit, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_global_after_and_globs, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_faults_in_options_and_bad_specs, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_window_resets, ao_test_sandbox_setup, ao_test_sandbox_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
