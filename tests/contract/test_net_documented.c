/* SPDX-License-Identifier: MIT */
/* The client against the simulator playing the platform the way the
 * documentation describes it (reference/scope3-api.md, Addendum), not the
 * friendlier way our own simulator used to:
 *   - validation errors with a generic message and the reasons in
 *     details.issues (string paths): the user sees the reason, at its field;
 *   - 403 TOS_ACCEPTANCE_REQUIRED on writes: its own status and exit code;
 *   - the partner-agent list is the marketplace: other owners' agents
 *     (COMING_SOON, relationship MARKETPLACE) never show as the user's, the
 *     client asks relationship=SELF, also when it reconciles a create;
 *   - partner seats past the first page of 50 reach the result;
 *   - the combined "RateLimit:" header is read and paces the client;
 *   - the partner API on a host of its own;
 *   - agent details without authConfigured: OAuth completion is the oauth
 *     block going away;
 *   - bare objects and a mix of bare and {data} answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/log.h"
#include "agent-onboard/net/loop.h"
#include "../support/api_fixture.h"

#define AGENTS "/api/v2/partner/agents"
#define PARTNERS "/api/v2/partner/partners"

/* The fixture's client, seed 7; partner_url puts partner calls on a host
 * of their own. */
static struct ao_api *new_api(struct ao_test_api_fx *f, const char *partner_url)
{
	char msg[256];
	struct ao_test_api_opts o = { .partner_url = partner_url, .attempts = 2, .seed = 7 };
	struct ao_api *api = ao_test_api_new(f, &o, msg, sizeof(msg));

	if (api == NULL)
		fail_msg("ao_api_new: %s", msg);
	return api;
}

static int fx_start(void **state, const struct ao_sandbox_options *o)
{
	struct ao_test_api_opts api = { .attempts = 2, .seed = 7 };

	*state = ao_test_api_fx_start(0, o, &api);
	return *state ? 0 : -1;
}

static int setup_plain(void **state)
{
	return fx_start(state, NULL);
}

static int setup_tos(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.tos_required = 1;
	return fx_start(state, &o);
}

static int setup_many_seats(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.seed_partners = 120;
	return fx_start(state, &o);
}

static int setup_combined_rate(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.combined_rate_headers = 1;
	o.rate_limit = 3;
	o.rate_window_ms = 60000;
	return fx_start(state, &o);
}

static int setup_two_hosts(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.partner_port = 0;
	return fx_start(state, &o);
}

static int setup_bare(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.response_style = AO_SANDBOX_BARE;
	return fx_start(state, &o);
}

static int setup_mix(void **state)
{
	struct ao_sandbox_options o;

	ao_test_sandbox_options(&o);
	o.response_style = AO_SANDBOX_MIX;
	return fx_start(state, &o);
}

static int teardown(void **state)
{
	ao_test_api_fx_stop(*state);
	return 0;
}

#define assert_ok(res)                                                                        \
	do {                                                                                  \
		if ((res)->status != AO_OK)                                                   \
			fail_msg("status %d (HTTP %ld): %s", (int)(res)->status,              \
			         (res)->http_status, (res)->message ? (res)->message : "");   \
	} while (0)

/* Sources without authentication, agents with the demo agent's token. */
static void agent_answers(struct ao_test_api_fx *f, struct ao_answers *a, const char *partner, const char *name,
                          const char *path, const char *auth)
{
	ao_test_agent_answers(f->t, a, partner, name, path, "MCP", auth);
}

static void source_answers(struct ao_test_api_fx *f, struct ao_answers *a, const char *name, const char *path)
{
	ao_test_source_answers(f->t, a, name, path, "NO_AUTH");
}

static char *read_trace(struct ao_test_api_fx *f)
{
	struct ao_buf b;

	ao_buf_init(&b, 0);
	assert_int_equal(ao_buf_read_file(&b, f->log_path, 4u << 20), 0);
	return ao_buf_steal(&b);
}

/* --- the reason for a rejection ----------------------------------------------------- */

static void test_validation_reason_reaches_its_field(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	agent_answers(f, &a, "4242", "Wrong Seat", "/demo/mcp", "API_KEY");
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res),
	                 AO_ERR_HTTP_CLIENT);
	/* the body has the generic message and the reason in details.issues */
	assert_string_equal(res.error.code, "VALIDATION_ERROR");
	assert_non_null(res.error.field);
	assert_string_equal(res.error.field, "partnerId");
	assert_int_equal(ao_api_error_field(&res.error, &a), AO_F_PARTNER_ID);
	/* the user reads the reason, not "Request validation failed" */
	assert_non_null(strstr(res.message, "No partner seat"));
	assert_null(strstr(res.message, "Request validation failed"));
	assert_int_equal(ao_status_exit(res.status), AO_EXIT_REJECTED);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* --- the Platform Service Agreement ------------------------------------------------------ */

static void test_tos_not_accepted(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;

	source_answers(f, &a, "Tos Source", "/demo/mcp-open");
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res), AO_ERR_TOS);
	assert_string_equal(res.error.code, "TOS_ACCEPTANCE_REQUIRED");
	assert_non_null(strstr(res.message, "Platform Service Agreement"));
	/* not the bad-key advice, not the bad-key exit */
	assert_null(strstr(res.message, "agent-onboard login"));
	assert_int_equal(ao_status_exit(res.status), AO_EXIT_TOS);
	assert_int_not_equal(AO_EXIT_TOS, AO_EXIT_AUTH);
	ao_api_result_free(&res);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 0);
	/* reads still work */
	assert_int_equal(ao_api_wait(ao_api_list(f->api, AO_KIND_SOURCE, NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	assert_int_equal(ao_api_wait(ao_api_account(f->api, NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
}

/* --- the marketplace list ----------------------------------------------------------------- */

static void test_partner_list_is_own_agents_only(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;
	struct ao_test_response r;
	char *trace;

	agent_answers(f, &a, "1001", "Mine", "/demo/mcp", "API_KEY");
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	/* the documented list, without relationship=SELF, is the marketplace */
	ao_test_http(f->t, "GET", AGENTS, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "COMING_SOON"));
	assert_non_null(strstr(r.body, "\"relationship\":\"MARKETPLACE\""));
	ao_test_response_free(&r);

	assert_int_equal(ao_api_wait(ao_api_list(f->api, AO_KIND_AGENT, NULL, NULL), NULL, &res), AO_OK);
	assert_int_equal(res.list.count, 1);
	assert_string_equal(res.list.items[0].name, "Mine");
	assert_string_equal(res.list.items[0].relationship, "SELF");
	ao_api_result_free(&res);
	/* what was asked, in the client's own trace */
	trace = read_trace(f);
	assert_non_null(strstr(trace, AGENTS "?relationship=SELF"));
	free(trace);
	ao_answers_clear(&a);
}

/* An interrupted create is reconciled against the user's own agents only:
 * one request for the lookup, with relationship=SELF. */
static void test_reconcile_asks_for_own_agents(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;
	char err[256], *trace;

	agent_answers(f, &a, "1001", "Cut Off", "/demo/mcp-sse", "API_KEY");
	assert_int_equal(ao_sandbox_add_fault(f->t->sandbox, "POST " AGENTS ":drop-after-commit,times=1", err,
	                                      sizeof(err)), 0);
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	assert_true(res.reconciled);
	assert_true(res.existed);
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 1);
	assert_int_equal(ao_test_api_count(f, "GET " AGENTS), 1);
	ao_api_result_free(&res);
	trace = read_trace(f);
	assert_non_null(strstr(trace, AGENTS "?relationship=SELF"));
	free(trace);
	ao_answers_clear(&a);
}

/* --- partner seats past the first page ---------------------------------------------------- */

static void test_partner_seats_follow_pages(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	int seen51 = 0;

	assert_int_equal(ao_api_wait(ao_api_list_partners(f->api, NULL, NULL), NULL, &res), AO_OK);
	assert_int_equal(res.partners.count, 120);
	for (size_t i = 0; i < res.partners.count; i++)
		if (strcmp(res.partners.items[i].name, "Sandbox Partner 051") == 0)
			seen51 = 1;
	assert_true(seen51);
	/* 50 to a page: three requests */
	assert_int_equal(ao_test_api_count(f, "GET " PARTNERS), 3);
	ao_api_result_free(&res);
}

/* --- the combined RateLimit header ---------------------------------------------------------- */

static void test_combined_ratelimit_paces(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	int i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(ao_api_wait(ao_api_account(f->api, NULL, NULL), NULL, &res), AO_OK);
		if (i < 2)
			ao_api_result_free(&res);
	}
	/* "RateLimit: limit=3, remaining=0, reset=N" was read ... */
	assert_int_equal(res.rate.limit, 3);
	assert_int_equal(res.rate.remaining, 0);
	assert_true(res.rate.reset > 0);
	ao_api_result_free(&res);
	/* ... so the next call waits for the window instead of earning a 429 */
	assert_true(ao_pacer_delay(ao_api_pacer(f->api), ao_now()) > 1.0);
	assert_int_equal(ao_test_api_count(f, "*"), 3);
}

/* --- two hosts ---------------------------------------------------------------------------- */

static void test_partner_api_on_its_own_host(void **state)
{
	struct ao_test_api_fx *f = *state;
	const char *partner = ao_sandbox_partner_url(f->t->sandbox);
	struct ao_api_result res;
	struct ao_answers a;
	struct ao_api *api;

	assert_string_not_equal(partner, f->t->url);
	/* the storefront host has no partner API, as on the platform */
	assert_int_equal(ao_api_wait(ao_api_list_partners(f->api, NULL, NULL), NULL, &res), AO_ERR_NOT_FOUND);
	ao_api_result_free(&res);

	/* with the partner base set, partner calls go there and the rest stays */
	api = new_api(f, partner);
	assert_string_equal(ao_api_partner_url(api), partner);
	assert_int_equal(ao_api_wait(ao_api_list_partners(api, NULL, NULL), NULL, &res), AO_OK);
	assert_int_equal(res.partners.count, 2);
	ao_api_result_free(&res);
	agent_answers(f, &a, "1001", "Two Hosts", "/demo/mcp", "API_KEY");
	assert_int_equal(ao_api_wait(ao_api_create(api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
	source_answers(f, &a, "Two Hosts Source", "/demo/mcp-open");
	assert_int_equal(ao_api_wait(ao_api_create(api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	assert_int_equal(ao_api_wait(ao_api_account(api, NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	assert_int_equal(ao_sandbox_agent_count(f->t->sandbox), 1);
	assert_int_equal(ao_sandbox_source_count(f->t->sandbox), 1);
	ao_answers_clear(&a);
	ao_api_free(api);
}

static void test_partner_url_rule(void **state)
{
	char *b;

	(void)state;
	unsetenv(AO_PARTNER_API_URL_ENV);
	/* the documented host by default, staging with --staging */
	assert_string_equal(ao_api_pick_partner_url(NULL, 0, AO_API_PRODUCTION_URL, 0), AO_PARTNER_API_PRODUCTION_URL);
	assert_string_equal(ao_api_pick_partner_url(NULL, 1, AO_API_STAGING_URL, 0), AO_PARTNER_API_STAGING_URL);
	/* one --api-url for a local simulator serves both */
	assert_string_equal(ao_api_pick_partner_url(NULL, 0, "http://127.0.0.1:4321", 1), "http://127.0.0.1:4321");
	/* a remote --api-url does not move the partner API */
	assert_string_equal(ao_api_pick_partner_url(NULL, 0, "https://proxy.example", 1), AO_PARTNER_API_PRODUCTION_URL);
	/* flag beats environment beats the rest */
	setenv(AO_PARTNER_API_URL_ENV, "https://env-partner.example", 1);
	assert_string_equal(ao_api_pick_partner_url(NULL, 0, "http://127.0.0.1:4321", 1), "https://env-partner.example");
	assert_string_equal(ao_api_pick_partner_url("https://flag.example", 0, NULL, 0), "https://flag.example");
	unsetenv(AO_PARTNER_API_URL_ENV);
	/* the docs write the base with the API's prefix */
	b = ao_api_partner_base("https://api.agentic.scope3.com/api/v2/partner/");
	assert_string_equal(b, "https://api.agentic.scope3.com");
	free(b);
}

/* --- OAuth without authConfigured ------------------------------------------------------------ */

static void test_oauth_completion_without_auth_configured(void **state)
{
	struct ao_test_api_fx *f = *state;
	struct ao_api_result res;
	struct ao_answers a;
	struct ao_test_response r;
	char *approve, *p, *id;
	cJSON *detail;

	agent_answers(f, &a, "1001", "OAuth Agent", "/demo/mcp-oauth", "OAUTH");
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	assert_non_null(res.resource.oauth_url);
	assert_int_equal(res.resource.auth_configured, 0);   /* the oauth block is there */
	id = xstrdup(res.resource.id);
	p = strstr(res.resource.oauth_url, "/sandbox/oauth/authorize?");
	assert_non_null(p);
	approve = xasprintf("%s/sandbox/oauth/approve?%s", f->t->url, strchr(p, '?') + 1);
	ao_api_result_free(&res);

	/* the documented detail: no authConfigured field at all */
	p = xasprintf(AGENTS "/%s", id);
	assert_int_equal(ao_test_call(f->t, "GET", p, NULL, &detail), 200);
	assert_null(ao_test_json_item(detail, "data.authConfigured"));
	assert_non_null(ao_test_json_item(detail, "data.oauth.authorizationUrl"));
	cJSON_Delete(detail);

	ao_test_http(f->t, "GET", approve, NULL, NULL, &r);
	assert_true(r.status == 200 || r.status == 302 || r.status == 303);
	ao_test_response_free(&r);
	assert_int_equal(ao_test_call(f->t, "GET", p, NULL, &detail), 200);
	assert_null(ao_test_json_item(detail, "data.authConfigured"));
	cJSON_Delete(detail);

	/* the client reads the oauth block going away as completion */
	assert_int_equal(ao_api_wait(ao_api_get(f->api, AO_KIND_AGENT, id, NULL, NULL), NULL, &res), AO_OK);
	assert_null(res.resource.oauth_url);
	assert_int_equal(res.resource.auth_configured, 1);
	ao_api_result_free(&res);
	assert_int_equal(ao_api_wait(ao_api_patch_status(f->api, id, "ACTIVE", NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	free(p);
	free(approve);
	free(id);
	ao_answers_clear(&a);
}

/* --- bare objects, and a mix -------------------------------------------------------------------- */

static void every_read_and_write(struct ao_test_api_fx *f)
{
	struct ao_api_result res;
	struct ao_answers a;
	char *id;

	source_answers(f, &a, "Style Source", "/demo/mcp-open");
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	assert_string_equal(res.resource.id, "style-source");
	assert_int_equal(res.resource.status, AO_ST_ACTIVE);
	ao_api_result_free(&res);
	ao_answers_clear(&a);
	agent_answers(f, &a, "1001", "Style Agent", "/demo/mcp", "API_KEY");
	assert_int_equal(ao_api_wait(ao_api_create(f->api, &a, NULL, NULL, NULL), NULL, &res), AO_OK);
	assert_int_equal(res.resource.status, AO_ST_PENDING);
	id = xstrdup(res.resource.id);
	ao_api_result_free(&res);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(ao_api_wait(ao_api_get(f->api, AO_KIND_SOURCE, "style-source", NULL, NULL), NULL, &res), AO_OK);
		assert_string_equal(res.resource.name, "Style Source");
		ao_api_result_free(&res);
		assert_int_equal(ao_api_wait(ao_api_get(f->api, AO_KIND_AGENT, id, NULL, NULL), NULL, &res), AO_OK);
		assert_string_equal(res.resource.name, "Style Agent");
		ao_api_result_free(&res);
		assert_int_equal(ao_api_wait(ao_api_account(f->api, NULL, NULL), NULL, &res), AO_OK);
		assert_non_null(strstr(res.account, "Sandbox Media Co."));
		ao_api_result_free(&res);
		assert_int_equal(ao_api_wait(ao_api_list(f->api, AO_KIND_AGENT, NULL, NULL), NULL, &res), AO_OK);
		assert_int_equal(res.list.count, 1);
		ao_api_result_free(&res);
	}
	assert_int_equal(ao_api_wait(ao_api_patch_status(f->api, id, "ACTIVE", NULL, NULL), NULL, &res), AO_OK);
	ao_api_result_free(&res);
	assert_int_equal(ao_api_wait(ao_api_get(f->api, AO_KIND_AGENT, id, NULL, NULL), NULL, &res), AO_OK);
	assert_int_equal(res.resource.status, AO_ST_ACTIVE);
	ao_api_result_free(&res);
	free(id);
	ao_answers_clear(&a);
}

static void test_bare_objects(void **state)
{
	struct ao_test_api_fx *f = *state;
	cJSON *j;

	/* the simulator really answers bare */
	assert_int_equal(ao_test_call(f->t, "GET", "/api/v2/accounts/current", NULL, &j), 200);
	assert_null(ao_test_json_item(j, "data"));
	assert_non_null(ao_test_json_item(j, "company"));
	cJSON_Delete(j);
	every_read_and_write(f);
}

static void test_mixed_styles(void **state)
{
	every_read_and_write(*state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_validation_reason_reaches_its_field, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_tos_not_accepted, setup_tos, teardown),
		cmocka_unit_test_setup_teardown(test_partner_list_is_own_agents_only, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_reconcile_asks_for_own_agents, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_partner_seats_follow_pages, setup_many_seats, teardown),
		cmocka_unit_test_setup_teardown(test_combined_ratelimit_paces, setup_combined_rate, teardown),
		cmocka_unit_test_setup_teardown(test_partner_api_on_its_own_host, setup_two_hosts, teardown),
		cmocka_unit_test(test_partner_url_rule),
		cmocka_unit_test_setup_teardown(test_oauth_completion_without_auth_configured, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_bare_objects, setup_bare, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_styles, setup_mix, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
