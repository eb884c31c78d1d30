/* SPDX-License-Identifier: MIT */
/* The platform API client against the simulator, over HTTP and over HTTPS
 * with a test CA and verification on: every call, every documented error
 * mapped to its message, retries with backoff and Retry-After, pacing by
 * RateLimit-*, the body cap, the ambiguous-create reconciliation (exactly
 * one registration results, counted through the fixture), cancel latency,
 * and a --log trace with no secret in it. */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/log.h"
#include "agent-onboard/net/loop.h"
#include "../support/api_fixture.h"

/* Upper bounds on time are ceilings against hangs only (the suite runs on a
 * loaded 2-core machine); what ended a call is asserted through its status
 * and the simulator's request counts. */
#define HANG_CEILING_S 10.0

#define SOURCES "/api/v2/storefront/inventory-sources"
#define AGENTS "/api/v2/partner/agents"

/* The fixture's client: the simulator's key and CA, 4 attempts, seed 42. */
static struct ao_api *new_api(struct ao_test_api_fx *f, const char *key, const char *ca_file, unsigned attempts)
{
	char msg[256];
	struct ao_test_api_opts o = { .key = key, .ca_file = ca_file, .no_ca = ca_file == NULL,
	                              .attempts = attempts };
	struct ao_api *api = ao_test_api_new(f, &o, msg, sizeof(msg));

	if (!api)
		fail_msg("ao_api_new: %s", msg);
	return api;
}

static int fx_start(void **state, unsigned flags, const struct ao_sandbox_options *o)
{
	*state = ao_test_api_fx_start(flags, o, NULL);
	return *state ? 0 : -1;
}

static int setup_http(void **state)
{
	return fx_start(state, 0, NULL);
}

static int setup_https(void **state)
{
	return fx_start(state, AO_TEST_SANDBOX_TLS, NULL);
}

/* The simulator's own rate limit on: 3 requests per second. */
static int setup_rate_limited(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.rate_limit = 3;
	o.rate_window_ms = 1000;
	return fx_start(state, 0, &o);
}

static int teardown(void **state)
{
	ao_test_api_fx_stop(*state);
	return 0;
}

static void fault(struct ao_test_api_fx *f, const char *spec)
{
	char err[256];

	if (ao_sandbox_add_fault(f->t->sandbox, spec, err, sizeof(err)) != 0)
		fail_msg("fault %s: %s", spec, err);
}

/* --- answers: sources with the demo agent's token, agents of seat 1001 ------ */

static void source_answers(struct ao_test_api_fx *f, struct ao_answers *a, const char *name, const char *path)
{
	ao_test_source_answers(f->t, a, name, path, "API_KEY");
}

static void agent_answers(struct ao_test_api_fx *f, struct ao_answers *a, const char *name, const char *path,
                          const char *protocol, const char *auth)
{
	ao_test_agent_answers(f->t, a, "1001", name, path, protocol, auth);
}

static enum ao_status wait_call(struct ao_api_call *call, struct ao_api_result *res)
{
	return ao_api_wait(call, NULL, res);
}

#define assert_ok(res)                                                                        \
	do {                                                                                  \
		if ((res)->status != AO_OK)                                                   \
			fail_msg("status %d (HTTP %ld): %s", (int)(res)->status,              \
			         (res)->http_status, (res)->message ? (res)->message : "");   \
	} while (0)

static int list_has(const struct ao_resource_list *l, const char *id)
{
	for (size_t i = 0; i < l->count; i++) {
		if (l->items[i].id && strcmp(l->items[i].id, id) == 0)
			return 1;
	}
	return 0;
}

/* --- every call ----------------------------------------------------------------- */

static void test_every_call(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	assert_int_equal(wait_call(ao_api_health(f->api, NULL, NULL), &res), AO_OK);
	ao_api_result_free(&res);

	wait_call(ao_api_account(f->api, NULL, NULL), &res);
	assert_ok(&res);
	assert_non_null(res.account);
	assert_true(res.account[0] != '\0');
	ao_api_result_free(&res);

	wait_call(ao_api_list_partners(f->api, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.partners.count >= 1);
	assert_string_equal(res.partners.items[0].id, "1001");
	ao_api_result_free(&res);

	/* an inventory source: create, get, list */
	source_answers(f, &a, "Every Call Source", "/demo/mcp");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_int_equal(res.http_status, 201);
	assert_int_equal(res.op, AO_API_CREATE);
	assert_int_equal(res.kind, AO_KIND_SOURCE);
	assert_string_equal(res.resource.id, "every-call-source");
	assert_false(res.reconciled);
	assert_int_equal(res.requests, 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	wait_call(ao_api_get(f->api, AO_KIND_SOURCE, "every-call-source", NULL, NULL), &res);
	assert_ok(&res);
	assert_string_equal(res.resource.id, "every-call-source");
	assert_true(res.resource.status == AO_ST_PENDING || res.resource.status == AO_ST_ACTIVE);
	ao_api_result_free(&res);

	wait_call(ao_api_list(f->api, AO_KIND_SOURCE, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(list_has(&res.list, "every-call-source"));
	ao_api_result_free(&res);

	/* a partner agent: create, get, list, activate */
	agent_answers(f, &a, "Every Call Agent", "/demo/a2a", "A2A", "API_KEY");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_int_equal(res.kind, AO_KIND_AGENT);
	assert_non_null(res.resource.id);
	assert_int_equal(res.resource.status, AO_ST_PENDING);
	char *agent_id = xstrdup(res.resource.id);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	wait_call(ao_api_get(f->api, AO_KIND_AGENT, agent_id, NULL, NULL), &res);
	assert_ok(&res);
	assert_string_equal(res.resource.id, agent_id);
	ao_api_result_free(&res);

	wait_call(ao_api_list(f->api, AO_KIND_AGENT, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(list_has(&res.list, agent_id));
	ao_api_result_free(&res);

	wait_call(ao_api_patch_status(f->api, agent_id, "ACTIVE", NULL, NULL), &res);
	assert_ok(&res);
	ao_api_result_free(&res);
	wait_call(ao_api_get(f->api, AO_KIND_AGENT, agent_id, NULL, NULL), &res);
	assert_ok(&res);
	assert_int_equal(res.resource.status, AO_ST_ACTIVE);
	ao_api_result_free(&res);
	free(agent_id);

	/* an OAuth agent: the create starts the flow; authorize mints a URL */
	agent_answers(f, &a, "Every Call OAuth", "/demo/mcp-oauth", "MCP", "OAUTH");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_non_null(res.resource.oauth_url);
	agent_id = xstrdup(res.resource.id);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
	wait_call(ao_api_oauth_authorize(f->api, agent_id, NULL, NULL), &res);
	assert_ok(&res);
	assert_non_null(res.oauth_url);
	assert_true(strncmp(res.oauth_url, "http", 4) == 0);
	ao_api_result_free(&res);
	free(agent_id);

	wait_call(ao_api_discover_agents(f->api, "127.0.0.1", NULL, NULL), &res);
	if (res.status == AO_OK)
		assert_non_null(res.json);
	else   /* no AAO manifest for the domain: a documented 404 */
		assert_int_equal(res.status, AO_ERR_NOT_FOUND);
	ao_api_result_free(&res);

	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 1);
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 2);
}

/* Without --ca-file the test CA is unknown: the error names the problem. */
static void test_tls_without_ca_names_the_problem(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api *api = new_api(f, f->t->api_key, NULL, 4);
	struct ao_api_result res;

	assert_int_equal(wait_call(ao_api_account(api, NULL, NULL), &res), AO_ERR_TLS);
	assert_non_null(res.message);
	assert_non_null(strstr(res.message, "certificate"));
	assert_non_null(strstr(res.message, "--ca-file"));
	assert_int_equal(res.requests, 1);   /* not retried */
	assert_int_equal(ao_test_api_count(f, "*"), 0);   /* nothing reached the simulator */
	ao_api_result_free(&res);
	ao_api_free(api);

	/* --ca-file naming another CA (a certificate that did not issue the
	 * server's): named as a certificate problem, with --ca-file as the fix */
	api = new_api(f, f->t->api_key, "tests/data/keys/cert.pem", 4);
	assert_int_equal(wait_call(ao_api_account(api, NULL, NULL), &res), AO_ERR_TLS);
	assert_non_null(res.message);
	assert_non_null(strstr(res.message, "certificate problem"));
	assert_non_null(strstr(res.message, "--ca-file"));
	assert_non_null(strstr(res.message, "tests/data/keys/cert.pem"));
	assert_int_equal(ao_test_api_count(f, "*"), 0);
	ao_api_result_free(&res);
	ao_api_free(api);

	/* an unreadable CA file names the file and the flag */
	api = new_api(f, f->t->api_key, "/nonexistent/ca.pem", 4);
	assert_int_equal(wait_call(ao_api_account(api, NULL, NULL), &res), AO_ERR_TLS);
	assert_non_null(strstr(res.message, "/nonexistent/ca.pem"));
	assert_non_null(strstr(res.message, "--ca-file"));
	ao_api_result_free(&res);
	ao_api_free(api);
}

static void test_plain_http_to_remote_api_refused(void **state)
{
	struct ao_test_api_fx *f = *state;
	char msg[256] = "";
	struct ao_api_config cfg = { .base_url = "http://api.example.com", .api_key = "k" };

	assert_null(ao_api_new(f->loop, &cfg, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "https"));
	cfg.base_url = "https://user:pw@api.example.com";
	assert_null(ao_api_new(f->loop, &cfg, msg, sizeof(msg)));
}

static void test_pick_url(void **state)
{
	(void)state;
	unsetenv(AO_API_URL_ENV);
	assert_string_equal(ao_api_pick_url(NULL, 0), AO_API_PRODUCTION_URL);
	assert_string_equal(ao_api_pick_url(NULL, 1), AO_API_STAGING_URL);
	setenv(AO_API_URL_ENV, "https://env.example", 1);
	/* an explicit --staging beats the environment */
	assert_string_equal(ao_api_pick_url(NULL, 1), AO_API_STAGING_URL);
	assert_string_equal(ao_api_pick_url(NULL, 0), "https://env.example");
	assert_string_equal(ao_api_pick_url("https://flag.example", 1), "https://flag.example");
	setenv(AO_API_URL_ENV, "", 1);
	assert_string_equal(ao_api_pick_url(NULL, 0), AO_API_PRODUCTION_URL);
	unsetenv(AO_API_URL_ENV);
}

/* --- documented errors -------------------------------------------------------------- */

static void test_400_validation_error_names_the_field(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	/* Not in the AAO registry: the documented 400 on endpointUrl. */
	source_answers(f, &a, "Unregistered", "/not-registered/mcp");
	assert_int_equal(wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res), AO_ERR_HTTP_CLIENT);
	assert_int_equal(res.http_status, 400);
	assert_string_equal(res.error.code, "VALIDATION_ERROR");
	assert_non_null(res.error.field);
	assert_int_equal(ao_api_error_field(&res.error, &a), AO_F_ENDPOINT_URL);
	assert_non_null(res.message);
	assert_non_null(strstr(res.message, "AgenticAdvertising.org"));
	assert_false(res.ambiguous);
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 1);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 0);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

static void test_401_bad_key(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api *api = new_api(f, "scope3_wrong_key", f->t->ca_file, 4);
	struct ao_api_result res;

	assert_int_equal(wait_call(ao_api_account(api, NULL, NULL), &res), AO_ERR_UNAUTHORIZED);
	assert_int_equal(res.http_status, 401);
	assert_non_null(strstr(res.message, "agent-onboard login"));
	assert_int_equal(res.requests, 1);
	ao_api_result_free(&res);
	ao_api_free(api);
}

static void test_403_tos(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	fault(f, "POST " SOURCES ":status=403,code=TOS_ACCEPTANCE_REQUIRED");
	source_answers(f, &a, "Tos Source", "/demo/mcp");
	/* its own status and exit code: not the bad-key one (5) */
	assert_int_equal(wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res), AO_ERR_TOS);
	assert_int_equal(ao_status_exit(res.status), AO_EXIT_TOS);
	assert_int_not_equal(ao_status_exit(res.status), AO_EXIT_AUTH);
	assert_string_equal(res.error.code, "TOS_ACCEPTANCE_REQUIRED");
	assert_non_null(strstr(res.message, "Platform Service Agreement"));
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 1);
	assert_int_equal(ao_test_api_count(f, "GET *"), 0);   /* a 4xx is not ambiguous */
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

static void test_404_not_found(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;

	assert_int_equal(wait_call(ao_api_get(f->api, AO_KIND_SOURCE, "no-such-source", NULL, NULL), &res),
	                 AO_ERR_NOT_FOUND);
	assert_non_null(strstr(res.message, "agent-onboard list"));
	assert_int_equal(res.requests, 1);
	ao_api_result_free(&res);
}

static void test_409_duplicate_endpoint(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	agent_answers(f, &a, "Dup One", "/demo/mcp", "MCP", "API_KEY");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	ao_api_result_free(&res);
	ao_answers_set(&a, AO_F_NAME, "Dup Two");
	assert_int_equal(wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res), AO_ERR_CONFLICT);
	assert_non_null(strstr(res.message, "already registered"));
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

static void test_429_gives_up_with_retry_after(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api *api = new_api(f, f->t->api_key, f->t->ca_file, 2);
	struct ao_api_result res;

	fault(f, "GET /api/v2/accounts/current:status=429");
	double start = ao_now();
	assert_int_equal(wait_call(ao_api_account(api, NULL, NULL), &res), AO_ERR_RATE_LIMITED);
	double took = ao_now() - start;
	assert_int_equal(res.error.retry_after, 1);
	assert_non_null(strstr(res.message, "wait 1 s"));
	assert_int_equal(res.requests, 2);
	assert_int_equal(ao_test_api_count(f, "GET /api/v2/accounts/current"), 2);
	assert_true(took >= 0.95);   /* the retry waited Retry-After */
	ao_api_result_free(&res);
	ao_api_free(api);
}

static void test_5xx_retried_then_reported(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;

	fault(f, "GET /api/v2/partner/partners:status=500");
	assert_int_equal(wait_call(ao_api_list_partners(f->api, NULL, NULL), &res), AO_ERR_SERVER);
	assert_int_equal(res.http_status, 500);
	assert_non_null(strstr(res.message, "try again"));
	assert_int_equal(res.requests, 4);
	assert_int_equal(res.retries, 3);
	assert_int_equal(ao_test_api_count(f, "GET /api/v2/partner/partners"), 4);
	ao_api_result_free(&res);
}

/* --- retries -------------------------------------------------------------------------- */

static void test_get_retries_5xx_and_drops(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;

	/* First, so it runs on a fresh connection: libcurl itself re-sends a
	 * GET once when a *reused* connection turns out dead. */
	fault(f, "GET /api/v2/partner/partners:drop,times=2");
	wait_call(ao_api_list_partners(f->api, NULL, NULL), &res);
	assert_ok(&res);
	assert_int_equal(res.retries, 2);
	assert_int_equal(ao_test_api_count(f, "GET /api/v2/partner/partners"), 3);
	ao_api_result_free(&res);

	fault(f, "GET /api/v2/accounts/current:status=502,times=1");
	wait_call(ao_api_account(f->api, NULL, NULL), &res);
	assert_ok(&res);
	assert_int_equal(res.retries, 1);
	assert_int_equal(ao_test_api_count(f, "GET /api/v2/accounts/current"), 2);
	ao_api_result_free(&res);
}

static void test_503_honours_retry_after(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;

	fault(f, "GET /api/v2/partner/partners:status=503,times=1");
	double start = ao_now();
	wait_call(ao_api_list_partners(f->api, NULL, NULL), &res);
	double took = ao_now() - start;
	assert_ok(&res);
	assert_int_equal(res.retries, 1);
	/* The backoff alone is at most 0.1 s here: only Retry-After explains 1 s. */
	assert_true(took >= 0.95);
	assert_true(took < HANG_CEILING_S);
	ao_api_result_free(&res);
}

/* A create refused with 5xx every time: looked up (absent) and re-sent, but
 * never at once -- Retry-After (503) or the backoff comes between -- and
 * the failure names the create's own status, not the lookup's 404. */
static void test_create_5xx_backs_off_and_reports_its_status(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;
	double start;

	fault(f, "POST " SOURCES ":status=503");
	source_answers(f, &a, "Always 503", "/demo/mcp");
	start = ao_now();
	assert_int_equal(wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res), AO_ERR_SERVER);
	/* two waits of Retry-After: 1 between the three attempts */
	assert_true(ao_now() - start >= 1.9);
	assert_int_equal(res.http_status, 503);
	assert_non_null(strstr(res.message, "HTTP 503"));
	assert_non_null(strstr(res.message, "not created"));
	assert_null(strstr(res.message, "404"));
	assert_false(res.ambiguous);
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 3);
	assert_int_equal(ao_test_api_count(f, "GET " SOURCES "/{sourceId}"), 3);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 0);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	/* 500 (no Retry-After): the same, with the backoff */
	ao_sandbox_clear_faults(f->t->sandbox);
	ao_sandbox_reset_counts(f->t->sandbox);
	fault(f, "POST " SOURCES ":status=500");
	source_answers(f, &a, "Always 500", "/demo/mcp");
	assert_int_equal(wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res), AO_ERR_SERVER);
	assert_int_equal(res.http_status, 500);
	assert_null(strstr(res.message, "404"));
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 3);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	/* no answer at all: no HTTP status to name */
	ao_sandbox_clear_faults(f->t->sandbox);
	ao_sandbox_reset_counts(f->t->sandbox);
	fault(f, "POST " SOURCES ":drop");
	source_answers(f, &a, "Always Dropped", "/demo/mcp");
	assert_int_equal(wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res), AO_ERR_NETWORK);
	assert_int_equal(res.http_status, 0);
	assert_non_null(strstr(res.message, "closed"));
	assert_non_null(strstr(res.message, "not created"));
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 0);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* ao_api_wait_until: a call still running at the deadline is cancelled by
 * the loop timer, at the deadline; one waiting for its retry says what it
 * was retrying. */
static void test_wait_until_cuts_at_the_deadline(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	double start;

	/* the answer would come after 30 s: TIMEOUT with deadline_passed can
	 * only be the 0.3 s deadline's doing */
	fault(f, "GET /api/v2/accounts/current:latency=30000");
	start = ao_now();
	assert_int_equal(ao_api_wait_until(ao_api_account(f->api, NULL, NULL), NULL, start + 0.3, &res),
	                 AO_ERR_TIMEOUT);
	assert_true(ao_now() - start < HANG_CEILING_S);
	assert_true(res.deadline_passed);
	assert_int_equal(res.retry_status, AO_OK);   /* nothing had failed */
	ao_api_result_free(&res);

	fault(f, "GET /api/v2/partner/partners:status=503");
	ao_sandbox_reset_counts(f->t->sandbox);
	start = ao_now();
	assert_int_equal(ao_api_wait_until(ao_api_list_partners(f->api, NULL, NULL), NULL, start + 0.5, &res),
	                 AO_ERR_TIMEOUT);
	/* cut while waiting for Retry-After: 1, before the retry was sent */
	assert_int_equal(ao_test_api_count(f, "GET /api/v2/partner/partners"), 1);
	assert_true(ao_now() - start < HANG_CEILING_S);
	assert_true(res.deadline_passed);
	assert_int_equal(res.retry_status, AO_ERR_SERVER);
	assert_non_null(res.retry_message);
	assert_non_null(strstr(res.retry_message, "HTTP 503"));
	ao_api_result_free(&res);

	/* a deadline that is not reached changes nothing */
	ao_sandbox_clear_faults(f->t->sandbox);
	assert_int_equal(ao_api_wait_until(ao_api_account(f->api, NULL, NULL), NULL, ao_now() + 5, &res), AO_OK);
	assert_false(res.deadline_passed);
	ao_api_result_free(&res);
	/* the loop keeps no timer of it */
	assert_true(ao_loop_next_timer(f->loop) < 0);
}

static void test_create_retried_after_429(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	fault(f, "POST " SOURCES ":status=429,times=1");
	source_answers(f, &a, "After 429", "/demo/mcp");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_false(res.reconciled);
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 2);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* The simulator's own limiter (3 per second) sends RateLimit-* on every
 * answer: the pacer spaces the calls so none is refused. */
static void test_rate_limit_headers_pace_calls(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	unsigned retries = 0;

	double start = ao_now();
	for (int i = 0; i < 5; i++) {
		wait_call(ao_api_account(f->api, NULL, NULL), &res);
		assert_ok(&res);
		assert_true(res.rate.remaining >= 0);
		retries += res.retries;
		ao_api_result_free(&res);
	}
	double took = ao_now() - start;
	assert_int_equal(retries, 0);           /* no 429 happened */
	assert_true(took >= 0.9);               /* 5 calls at 3 per second */
	assert_true(ao_pacer_delay(ao_api_pacer(f->api), ao_now()) >= 0);
	assert_int_equal(ao_test_api_count(f, "GET /api/v2/accounts/current"), 5);
}

/* --- body cap and broken answers ---------------------------------------------------------- */

static void test_body_cap(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;

	fault(f, "GET " SOURCES ":oversize");
	assert_int_equal(wait_call(ao_api_list(f->api, AO_KIND_SOURCE, NULL, NULL), &res), AO_ERR_TOO_LARGE);
	assert_non_null(strstr(res.message, "larger than"));
	assert_int_equal(res.requests, 1);   /* not retried */
	ao_api_result_free(&res);
}

static void test_truncated_and_wrong_type(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;

	fault(f, "GET /api/v2/accounts/current:truncate");
	assert_int_equal(wait_call(ao_api_account(f->api, NULL, NULL), &res), AO_ERR_NETWORK);
	assert_non_null(strstr(res.message, "closed before"));
	ao_api_result_free(&res);
	ao_sandbox_clear_faults(f->t->sandbox);

	fault(f, "GET /api/v2/partner/partners:wrong-type");
	assert_int_equal(wait_call(ao_api_list_partners(f->api, NULL, NULL), &res), AO_ERR_PARSE);
	assert_non_null(res.message);
	ao_api_result_free(&res);
}

/* --- the ambiguous create ----------------------------------------------------------------- */

static void test_source_drop_after_commit_reconciled(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	/* A call first, so a connection is kept alive: libcurl would re-send a
	 * request on its own when a reused connection dies, which a create must
	 * never allow. */
	wait_call(ao_api_account(f->api, NULL, NULL), &res);
	assert_ok(&res);
	ao_api_result_free(&res);
	fault(f, "POST " SOURCES ":drop-after-commit,times=1");
	source_answers(f, &a, "Committed Source", "/demo/mcp");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.reconciled);
	assert_true(res.existed);
	assert_false(res.ambiguous);
	assert_string_equal(res.resource.id, "committed-source");
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 1);
	assert_int_equal(ao_test_api_count(f, "GET " SOURCES "/{sourceId}"), 1);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

static void test_agent_drop_after_commit_reconciled(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	wait_call(ao_api_list_partners(f->api, NULL, NULL), &res);
	assert_ok(&res);
	ao_api_result_free(&res);
	fault(f, "POST " AGENTS ":drop-after-commit,times=1");
	agent_answers(f, &a, "Committed Agent", "/demo/mcp", "MCP", "API_KEY");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.reconciled);
	assert_true(res.existed);
	assert_non_null(res.resource.id);
	assert_int_equal(ao_test_api_count(f, "POST " AGENTS), 1);
	assert_true(ao_test_api_count(f, "GET " AGENTS) >= 1);
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* Dropped before the work was done, or refused with a 5xx: the lookup finds
 * nothing and the create is sent once more. */
static void test_create_not_committed_is_sent_again(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	fault(f, "POST " SOURCES ":drop,times=1");
	source_answers(f, &a, "Dropped Source", "/demo/mcp");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.reconciled);
	assert_false(res.existed);
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 2);
	assert_int_equal(ao_test_api_count(f, "GET " SOURCES "/{sourceId}"), 1);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	ao_sandbox_reset_counts(f->t->sandbox);
	fault(f, "POST " AGENTS ":status=500,times=1");
	agent_answers(f, &a, "Refused Agent", "/demo/mcp-open", "MCP", "NO_AUTH");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.reconciled);
	assert_false(res.existed);
	assert_int_equal(ao_test_api_count(f, "POST " AGENTS), 2);
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 1);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* A resumed submission looks first: once it exists, never again. */
static void test_resumed_create_looks_first(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	source_answers(f, &a, "Resumed Source", "/demo/mcp");
	wait_call(ao_api_create_resumed(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.reconciled);
	assert_false(res.existed);
	ao_api_result_free(&res);
	wait_call(ao_api_create_resumed(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	assert_true(res.existed);
	assert_string_equal(res.resource.id, "resumed-source");
	ao_api_result_free(&res);
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 1);
	assert_int_equal(ao_test_api_count(f, "GET " SOURCES "/{sourceId}"), 2);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 1);
	ao_answers_clear(&a);

	agent_answers(f, &a, "Resumed Agent", "/demo/a2a", "A2A", "API_KEY");
	for (int i = 0; i < 2; i++) {
		wait_call(ao_api_create_resumed(f->api, &a, NULL, NULL, NULL), &res);
		assert_ok(&res);
		assert_int_equal(res.existed, i == 1);
		ao_api_result_free(&res);
	}
	assert_int_equal(ao_test_api_count(f, "POST " AGENTS), 1);
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 1);
	ao_answers_clear(&a);
}

/* The create and every lookup fail: the result says it may exist. */
static void test_unresolved_ambiguity_is_reported(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	fault(f, "POST " SOURCES ":drop-after-commit,times=1");
	fault(f, "GET " SOURCES "/{sourceId}:status=503");
	source_answers(f, &a, "Unknown Fate", "/demo/mcp");
	enum ao_status st = wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_int_equal(st, AO_ERR_NETWORK);
	assert_true(res.ambiguous);
	assert_non_null(strstr(res.message, "may have been created"));
	assert_int_equal(ao_test_api_count(f, "POST " SOURCES), 1);   /* never re-sent blindly */
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* --- cancel ------------------------------------------------------------------------------ */

struct esc_ctx {
	struct ao_api_call *call;
	int term[2];            /* a pipe standing in for the terminal */
	double esc_at, done_at;
	int xfers_after_cancel;
	enum ao_status status;
	int done;
};

static void on_key(struct ao_loop *loop, int fd, short revents, void *arg)
{
	struct esc_ctx *c = arg;
	char key;

	(void)revents;
	if (read(fd, &key, 1) == 1 && key == 0x1b && c->call) {
		ao_api_call_cancel(c->call);
		c->call = NULL;
		c->xfers_after_cancel = ao_loop_xfer_count(loop);
	}
}

static void press_esc(struct ao_loop *loop, void *arg)
{
	struct esc_ctx *c = arg;

	(void)loop;
	c->esc_at = ao_now();
	assert_int_equal(write(c->term[1], "\x1b", 1), 1);
}

static void on_call_done(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct esc_ctx *c = arg;

	(void)call;
	c->done = 1;
	c->done_at = ao_now();
	c->status = res->status;
}

/* Esc during a request: the transfer leaves the loop at once and the call
 * ends CANCELLED long before the 30 s answer.  How fast is measured by make
 * bench (Esc cancel), not asserted on a loaded machine. */
static void test_esc_cancels_the_request(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct esc_ctx c = { .xfers_after_cancel = -1 };

	fault(f, "GET /api/v2/accounts/current:latency=30000");
	assert_int_equal(pipe(c.term), 0);
	assert_int_equal(ao_loop_watch_fd(f->loop, c.term[0], POLLIN, on_key, &c), 0);
	c.call = ao_api_account(f->api, on_call_done, &c);
	ao_loop_timer_add(f->loop, 0.3, press_esc, &c);
	double start = ao_now();
	while (!c.done && ao_now() - start < HANG_CEILING_S)
		assert_int_equal(ao_loop_run_once(f->loop, -1), 0);
	assert_true(c.done);
	assert_int_equal(c.status, AO_ERR_CANCELLED);
	assert_int_equal(c.xfers_after_cancel, 0);   /* the request left at once */
	assert_true(c.done_at >= c.esc_at);          /* ended by the key, after it */
	ao_loop_unwatch_fd(f->loop, c.term[0]);
	close(c.term[0]);
	close(c.term[1]);
}

struct interrupter {
	volatile sig_atomic_t *flag;
	double at;
};

static void *interrupt_later(void *arg)
{
	struct interrupter *in = arg;

	usleep(300 * 1000);
	in->at = ao_now();
	*in->flag = 1;
	return NULL;
}

static void test_blocking_wait_interrupted(void **state)
{
	struct ao_test_api_fx *f = *state;
	static volatile sig_atomic_t interrupted;
	struct interrupter in = { &interrupted, 0 };
	struct ao_api_result res;
	struct ao_answers a;
	pthread_t th;

	fault(f, "POST " SOURCES ":latency=30000");
	source_answers(f, &a, "Interrupted Source", "/demo/mcp");
	interrupted = 0;
	struct ao_api_call *call = ao_api_create(f->api, &a, NULL, NULL, NULL);
	ao_answers_clear(&a);   /* the call no longer needs the answers */
	assert_int_equal(pthread_create(&th, NULL, interrupt_later, &in), 0);
	enum ao_status st = ao_api_wait(call, &interrupted, &res);
	double ended = ao_now();
	pthread_join(th, NULL);
	/* INTERRUPTED, after the flag was raised and long before the 30 s
	 * answer: the wait watches the flag (every 100 ms at most) */
	assert_int_equal(st, AO_ERR_INTERRUPTED);
	assert_true(ended >= in.at);
	assert_true(ended - in.at < HANG_CEILING_S);
	assert_true(res.ambiguous);    /* the create had left */
	assert_non_null(strstr(res.message, "may have been created"));
	ao_api_result_free(&res);
}

/* --- the trace ----------------------------------------------------------------------------- */

static void test_log_has_no_secret(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;
	struct ao_buf text;
	struct stat st;

	source_answers(f, &a, "Logged Source", "/demo/mcp");
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	source_answers(f, &a, "Logged Basic", "/demo/mcp-basic");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "BASIC_AUTH");
	ao_answers_set(&a, AO_F_BASIC_USERNAME, AO_SANDBOX_AGENT_USER);
	ao_answers_set(&a, AO_F_BASIC_PASSWORD, AO_SANDBOX_AGENT_PASSWORD);
	wait_call(ao_api_create(f->api, &a, NULL, NULL, NULL), &res);
	assert_ok(&res);
	ao_api_result_free(&res);
	ao_answers_clear(&a);

	/* an error answer and a retried one are traced too */
	fault(f, "GET /api/v2/accounts/current:status=500,times=1");
	wait_call(ao_api_account(f->api, NULL, NULL), &res);
	ao_api_result_free(&res);

	ao_log_close(f->log);
	f->log = NULL;
	assert_int_equal(stat(f->log_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	ao_buf_init(&text, 0);
	assert_int_equal(ao_buf_read_file(&text, f->log_path, 1 << 24), 0);
	if (strstr(text.data, f->t->api_key))
		fail_msg("the API key is in the trace");
	if (strstr(text.data, AO_SANDBOX_AGENT_TOKEN))
		fail_msg("the agent token is in the trace");
	if (strstr(text.data, AO_SANDBOX_AGENT_PASSWORD))
		fail_msg("the agent password is in the trace");
	/* ...and the trace is useful */
	assert_non_null(strstr(text.data, "> POST " ));
	assert_non_null(strstr(text.data, "/api/v2/storefront/inventory-sources"));
	assert_non_null(strstr(text.data, "Authorization: ********"));
	assert_non_null(strstr(text.data, "\"token\":\"********\""));
	assert_non_null(strstr(text.data, "Logged Source"));
	assert_non_null(strstr(text.data, "HTTP 201"));
	assert_non_null(strstr(text.data, "HTTP 500"));
	ao_buf_free(&text);
}

#define BOTH(fn) cmocka_unit_test_setup_teardown(fn, setup_http, teardown), \
                 cmocka_unit_test_setup_teardown(fn, setup_https, teardown)
#define HTTP(fn) cmocka_unit_test_setup_teardown(fn, setup_http, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_every_call),
		cmocka_unit_test_setup_teardown(test_tls_without_ca_names_the_problem, setup_https, teardown),
		HTTP(test_plain_http_to_remote_api_refused),
		cmocka_unit_test(test_pick_url),
		BOTH(test_400_validation_error_names_the_field),
		BOTH(test_401_bad_key),
		HTTP(test_403_tos),
		HTTP(test_404_not_found),
		HTTP(test_409_duplicate_endpoint),
		HTTP(test_429_gives_up_with_retry_after),
		HTTP(test_5xx_retried_then_reported),
		BOTH(test_get_retries_5xx_and_drops),
		HTTP(test_503_honours_retry_after),
		HTTP(test_create_retried_after_429),
		HTTP(test_create_5xx_backs_off_and_reports_its_status),
		BOTH(test_wait_until_cuts_at_the_deadline),
		cmocka_unit_test_setup_teardown(test_rate_limit_headers_pace_calls, setup_rate_limited, teardown),
		BOTH(test_body_cap),
		HTTP(test_truncated_and_wrong_type),
		BOTH(test_source_drop_after_commit_reconciled),
		BOTH(test_agent_drop_after_commit_reconciled),
		HTTP(test_create_not_committed_is_sent_again),
		HTTP(test_unresolved_ambiguity_is_reported),
		BOTH(test_resumed_create_looks_first),
		BOTH(test_esc_cancels_the_request),
		HTTP(test_blocking_wait_interrupted),
		BOTH(test_log_has_no_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
