/* SPDX-License-Identifier: MIT */
/* Contract test: the inventory-source lifecycle the simulator plays, with
 * the real activation probe (net/probe.h) against its own demo agents:
 * API_KEY / BASIC_AUTH / SSE / A2A / JWT sources become ACTIVE once the agent
 * answers with the credential and not before activate_after; a wrong
 * credential stays PENDING (and is DISABLED after disable_after); rotating
 * the credential activates; NO_AUTH at once; OAuth through the consent page
 * (link and form); the state file keeps everything across a restart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"

#define SOURCES "/api/v2/storefront/inventory-sources"
#define BEARER(tok) "{\"type\":\"bearer\",\"token\":\"" tok "\"}"


static char *
create(struct ao_test_sandbox *t, const char *id, const char *path, const char *protocol, const char *auth_type,
       const char *auth)
{
	char *b = xasprintf("{\"name\":\"%s\",\"sourceId\":\"%s\",\"type\":\"SALES\",\"endpointUrl\":\"%s%s\","
	                    "\"protocol\":\"%s\",\"authenticationType\":\"%s\"%s%s}", id, id, t->url, path, protocol,
	                    auth_type, auth != NULL ? ",\"auth\":" : "", auth != NULL ? auth : "");
	cJSON *j = NULL;
	char *status;

	assert_int_equal(ao_test_call(t, "POST", SOURCES, b, &j), 201);
	status = xstrdup(ao_test_json_str(j, "data.status"));
	cJSON_Delete(j);
	free(b);
	return status;
}

struct watch {
	struct ao_test_sandbox *t;
	const char *id;
	const char *want;
	char last[32];
};

static int
has_status(void *arg)
{
	struct watch *w = arg;
	char *path = xasprintf(SOURCES "/%s", w->id);
	cJSON *j = NULL;
	int ok;

	ao_test_call(w->t, "GET", path, NULL, &j);
	snprintf(w->last, sizeof(w->last), "%s", ao_test_json_str(j, "data.status") ? ao_test_json_str(j, "data.status") : "?");
	ok = strcmp(w->last, w->want) == 0;
	cJSON_Delete(j);
	free(path);
	return ok;
}

/* Polls GET until the status is want; fails the test with the last one. */
static void
wait_status(struct ao_test_sandbox *t, const char *id, const char *want, long timeout_ms)
{
	struct watch w = {t, id, want, ""};

	if (!ao_test_wait_until(has_status, &w, timeout_ms))
		print_error("%s: still %s after %ld ms, wanted %s\n", id, w.last, timeout_ms, want);
	assert_string_equal(w.last, want);
}

static const char *
status_now(struct ao_test_sandbox *t, const char *id, char *buf, size_t bufsz)
{
	struct watch w = {t, id, "", ""};

	has_status(&w);
	snprintf(buf, bufsz, "%s", w.last);
	return buf;
}

static void
test_api_key_activates_after_probe(void **state)
{
	char *st;
	char buf[32];

	(void)state;
	st = create(ao_test_sb, "keyed", "/demo/mcp", "MCP", "API_KEY", BEARER(AO_SANDBOX_AGENT_TOKEN));
	assert_string_equal(st, "PENDING");
	free(st);
	wait_status(ao_test_sb, "keyed", "ACTIVE", 10000);
	/* the simulator really probed the agent with the credential */
	assert_true(ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/mcp") >= 1);
	assert_string_equal(status_now(ao_test_sb, "keyed", buf, sizeof(buf)), "ACTIVE");
}

static void
test_not_active_before_activate_after(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	struct timespec a, b;
	char *st, buf[32];
	long ms;

	(void)state;
	ao_test_sandbox_options(&o);
	/* long enough that the create and the first look fit in it even on a
	 * loaded machine: the order (PENDING, no probe, then ACTIVE) is the
	 * test, and ms >= the delay below shows it was not early */
	o.activate_after_ms = 3000;
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	clock_gettime(CLOCK_MONOTONIC, &a);
	st = create(t, "timed", "/demo/mcp-open", "MCP", "API_KEY", BEARER("anything"));
	assert_string_equal(st, "PENDING");
	free(st);
	assert_string_equal(status_now(t, "timed", buf, sizeof(buf)), "PENDING");
	assert_int_equal(ao_sandbox_request_count(t->sandbox, "POST /demo/mcp-open"), 0);
	wait_status(t, "timed", "ACTIVE", 10000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	assert_true(ms >= 3000);
	ao_test_sandbox_stop(t);
}

static void
test_wrong_credential_stays_pending(void **state)
{
	char *st;
	char buf[32];

	(void)state;
	st = create(ao_test_sb, "wrong", "/demo/mcp", "MCP", "API_KEY", BEARER("not-the-token"));
	free(st);
	/* wait until it has been probed several times, then look */
	while (ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/mcp") < 3)
		wait_status(ao_test_sb, "wrong", "PENDING", 1000);
	assert_string_equal(status_now(ao_test_sb, "wrong", buf, sizeof(buf)), "PENDING");
	/* rotating the credential (PUT auth) activates it */
	assert_int_equal(ao_test_call(ao_test_sb, "PUT", SOURCES "/wrong", "{\"auth\":" BEARER(AO_SANDBOX_AGENT_TOKEN) "}", NULL), 200);
	wait_status(ao_test_sb, "wrong", "ACTIVE", 10000);
}

static int
activation_accepted(void *arg)
{
	return ao_test_call(arg, "PUT", SOURCES "/doomed", "{\"status\":\"ACTIVE\"}", NULL) == 200;
}

static void
test_failing_source_is_disabled(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	cJSON *j = NULL;
	char *st;

	(void)state;
	ao_test_sandbox_options(&o);
	o.disable_after_ms = 300;
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	st = create(t, "doomed", "/demo/mcp-basic", "MCP", "BASIC_AUTH",
	            "{\"type\":\"basic\",\"username\":\"demo\",\"password\":\"wrong\"}");
	free(st);
	wait_status(t, "doomed", "DISABLED", 10000);
	/* it cannot be forced ACTIVE with a credential that never worked */
	assert_int_equal(ao_test_call(t, "PUT", SOURCES "/doomed", "{\"status\":\"ACTIVE\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "status");
	cJSON_Delete(j);
	/* a working credential is checked again; once it passed, ACTIVE is allowed */
	assert_int_equal(ao_test_call(t, "PUT", SOURCES "/doomed", "{\"auth\":{\"type\":\"basic\",\"username\":\"demo\","
	                 "\"password\":\"" AO_SANDBOX_AGENT_PASSWORD "\"}}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "DISABLED");
	cJSON_Delete(j);
	assert_true(ao_test_wait_until(activation_accepted, t, 10000));
	wait_status(t, "doomed", "ACTIVE", 1000);
	ao_test_sandbox_stop(t);
}

static void
test_basic_sse_and_a2a_activate(void **state)
{
	char *st;

	(void)state;
	st = create(ao_test_sb, "basic", "/demo/mcp-basic", "MCP", "BASIC_AUTH",
	            "{\"type\":\"basic\",\"username\":\"" AO_SANDBOX_AGENT_USER "\",\"password\":\""
	            AO_SANDBOX_AGENT_PASSWORD "\"}");
	free(st);
	st = create(ao_test_sb, "sse", "/demo/mcp-sse", "MCP", "API_KEY", "{\"type\":\"apikey\",\"token\":\"" AO_SANDBOX_AGENT_TOKEN "\"}");
	free(st);
	st = create(ao_test_sb, "a2a", "/demo/a2a", "A2A", "API_KEY", BEARER(AO_SANDBOX_AGENT_TOKEN));
	free(st);
	wait_status(ao_test_sb, "basic", "ACTIVE", 10000);
	wait_status(ao_test_sb, "sse", "ACTIVE", 10000);
	wait_status(ao_test_sb, "a2a", "ACTIVE", 10000);
	assert_true(ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/mcp-basic") >= 1);
	assert_true(ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/mcp-sse") >= 1);
	assert_true(ao_sandbox_request_count(ao_test_sb->sandbox, "GET *agent-card.json") >= 1);
}

static void
test_a2a_wrong_credential_stays_pending(void **state)
{
	char *st, buf[32];

	(void)state;
	st = create(ao_test_sb, "a2a-wrong", "/demo/a2a", "A2A", "API_KEY", BEARER("nope"));
	free(st);
	while (ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/a2a") < 2)
		wait_status(ao_test_sb, "a2a-wrong", "PENDING", 1000);
	assert_string_equal(status_now(ao_test_sb, "a2a-wrong", buf, sizeof(buf)), "PENDING");
}

static void
test_failing_agent_stays_pending(void **state)
{
	char *st, buf[32], err[128];

	(void)state;
	/* the agent answers 503 to everything */
	assert_int_equal(ao_sandbox_add_fault(ao_test_sb->sandbox, "/demo/mcp:status=503", err, sizeof(err)), 0);
	st = create(ao_test_sb, "failing", "/demo/mcp", "MCP", "API_KEY", BEARER(AO_SANDBOX_AGENT_TOKEN));
	free(st);
	while (ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/mcp") < 3)
		wait_status(ao_test_sb, "failing", "PENDING", 1000);
	assert_string_equal(status_now(ao_test_sb, "failing", buf, sizeof(buf)), "PENDING");
	/* the agent recovers: the next probe activates */
	ao_sandbox_clear_faults(ao_test_sb->sandbox);
	wait_status(ao_test_sb, "failing", "ACTIVE", 10000);
}

static int
a2a_checked_thrice(void *arg)
{
	(void)arg;
	return ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/a2a") >= 3;
}

static void
test_jwt_activates_when_reachable(void **state)
{
	char buf[32];
	static const char key[] =
		"-----BEGIN PRIVATE KEY-----\\n"
		"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0qw+bFFs38IfDGhR\\n"
		"sj8N8t50OM5Ghi1UIKZ1oVLcNnWhRANCAATWRmssuSszmYlvNKf8uU/6p2CmeG0+\\n"
		"AtoO7yVTH2jPZjrIF9qsNW/5hrf8C3a8vviEi/fr9HQABlSKCbI8XgPY\\n"
		"-----END PRIVATE KEY-----\\n";
	/* a token endpoint on the simulator's origin: the simulator plays that
	 * identity provider, and the "exchanged" token gets in */
	char *auth = xasprintf("{\"type\":\"jwt\",\"privateKey\":\"%s\",\"issuer\":\"iss\",\"subject\":\"sub\","
	                       "\"keyId\":\"kid\",\"scope\":\"adcp\",\"tokenEndpointUrl\":\"%s/token\","
	                       "\"audienceUrl\":\"https://idp.example\",\"algorithm\":\"ES256\"}", key,
	                       ao_test_sb->url);
	char *st;

	(void)state;
	st = create(ao_test_sb, "jwt", "/demo/mcp", "MCP", "JWT", auth);
	assert_string_equal(st, "PENDING");
	free(st);
	free(auth);
	wait_status(ao_test_sb, "jwt", "ACTIVE", 10000);

	/* an identity provider the simulator cannot play: the agent is checked
	 * without a credential, and its 401 is not an activation */
	auth = xasprintf("{\"type\":\"jwt\",\"privateKey\":\"%s\",\"issuer\":\"iss\",\"subject\":\"sub\","
	                 "\"keyId\":\"kid\",\"scope\":\"adcp\",\"tokenEndpointUrl\":\"https://idp.example/token\","
	                 "\"audienceUrl\":\"https://idp.example\",\"algorithm\":\"ES256\"}", key);
	st = create(ao_test_sb, "jwt-elsewhere", "/demo/a2a", "A2A", "JWT", auth);
	assert_string_equal(st, "PENDING");
	free(st);
	free(auth);
	/* checked several times (every 50 ms), and still PENDING */
	assert_true(ao_test_wait_until(a2a_checked_thrice, NULL, 10000));
	assert_string_equal(status_now(ao_test_sb, "jwt-elsewhere", buf, sizeof(buf)), "PENDING");
}

static void
test_no_auth_active_without_probe(void **state)
{
	char *st;

	(void)state;
	st = create(ao_test_sb, "open", "/demo/mcp-open", "MCP", "NO_AUTH", NULL);
	assert_string_equal(st, "ACTIVE");
	free(st);
	assert_int_equal(ao_sandbox_request_count(ao_test_sb->sandbox, "POST /demo/*"), 0);
}

/* The consent page: GET shows Approve; following the link (GET) or the
 * form (POST) completes it. */
static void
consent(struct ao_test_sandbox *t, const char *authorization_url, int use_form)
{
	struct ao_test_response r;
	const char *state = strstr(authorization_url, "state=");
	char *form;

	assert_non_null(state);
	ao_test_http(t, "GET", authorization_url, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Approve"));
	assert_non_null(strstr(r.body, "<form"));
	assert_non_null(strstr(r.body, "/sandbox/oauth/approve?state="));
	ao_test_response_free(&r);
	if (use_form) {
		const char *h[] = {"Content-Type: application/x-www-form-urlencoded", "Authorization:", NULL};

		form = xasprintf("state=%s", state + 6);
		ao_test_http(t, "POST", "/sandbox/oauth/approve", h, form, &r);
		free(form);
	} else {
		char *link = xasprintf("/sandbox/oauth/approve?state=%s", state + 6);
		const char *h[] = {"Authorization:", NULL};

		ao_test_http(t, "GET", link, h, NULL, &r);
		free(link);
	}
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Authorization complete"));
	ao_test_response_free(&r);
}

static void
test_oauth_consent_activates(void **state)
{
	const char *agents[] = {"/demo/mcp-oauth", "/demo/mcp"};
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		char *b = xasprintf("{\"name\":\"O%d\",\"sourceId\":\"o%d\",\"type\":\"SALES\",\"endpointUrl\":"
		                    "\"%s%s\",\"protocol\":\"MCP\",\"authenticationType\":\"OAUTH\"}",
		                    i + 1, i + 1, ao_test_sb->url, agents[i]);
		char *url, *path = xasprintf(SOURCES "/o%d", i + 1);
		cJSON *j = NULL;
		struct ao_test_response r;

		assert_int_equal(ao_test_call(ao_test_sb, "POST", SOURCES, b, &j), 201);
		url = xstrdup(ao_test_json_str(j, "data.oauth.authorizationUrl"));
		cJSON_Delete(j);
		/* nothing happens until the page is visited */
		assert_int_equal(ao_test_call(ao_test_sb, "GET", path, NULL, &j), 200);
		assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
		assert_true(cJSON_IsFalse(ao_test_json_item(j, "data.authConfigured")));
		cJSON_Delete(j);
		consent(ao_test_sb, url, i == 1);
		assert_int_equal(ao_test_call(ao_test_sb, "GET", path, NULL, &j), 200);
		assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
		assert_true(cJSON_IsTrue(ao_test_json_item(j, "data.authConfigured")));
		assert_true(cJSON_IsNull(ao_test_json_item(j, "data.oauth")));
		cJSON_Delete(j);
		/* used links and made-up ones are refused cleanly */
		ao_test_http(ao_test_sb, "GET", url, NULL, NULL, &r);
		assert_int_equal(r.status, 400);
		ao_test_response_free(&r);
		free(url);
		free(b);
		free(path);
	}
	{
		struct ao_test_response r;

		ao_test_http(ao_test_sb, "GET", "/sandbox/oauth/authorize?state=<script>", NULL, NULL, &r);
		assert_int_equal(r.status, 400);
		assert_null(strstr(r.body, "<script>"));
		ao_test_response_free(&r);
		ao_test_http(ao_test_sb, "POST", "/sandbox/oauth/approve", NULL, "", &r);
		assert_int_equal(r.status, 400);
		ao_test_response_free(&r);
	}
	/* the OAuth demo agent advertises its authorization server */
	{
		cJSON *j = NULL;

		assert_int_equal(ao_test_call(ao_test_sb, "GET", "/.well-known/oauth-protected-resource/demo/mcp-oauth", NULL, &j), 200);
		assert_string_equal(ao_test_json_str(j, "authorization_servers.0"), ao_test_sb->url);
		cJSON_Delete(j);
		assert_int_equal(ao_test_call(ao_test_sb, "GET", "/.well-known/oauth-authorization-server", NULL, &j), 200);
		assert_non_null(strstr(ao_test_json_str(j, "authorization_endpoint"), "/sandbox/oauth/authorize"));
		cJSON_Delete(j);
	}
}

static void
test_state_file_survives_restart(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	char path[300], buf[32], path_url_port[64];
	struct stat sb;
	char *st, *b, *agent_id;
	cJSON *j = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/state.json", ao_test_sb->dir);
	ao_test_sandbox_options(&o);
	o.state_file = path;
	o.activate_after_ms = 60000;   /* still PENDING when stopped */
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	st = create(t, "persisted", "/demo/mcp", "MCP", "API_KEY", BEARER(AO_SANDBOX_AGENT_TOKEN));
	free(st);
	st = create(t, "open", "/demo/mcp-open", "MCP", "NO_AUTH", NULL);
	free(st);
	b = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"Kept\",\"endpointUrl\":\"%s/demo/mcp-oauth\","
	              "\"protocol\":\"MCP\",\"accountPolicy\":[\"marketplace_account\"],\"authenticationType\":\"OAUTH\"}",
	              t->url);
	assert_int_equal(ao_test_call(t, "POST", "/api/v2/partner/agents", b, &j), 201);
	agent_id = xstrdup(ao_test_json_str(j, "data.agentId"));
	cJSON_Delete(j);
	free(b);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path_url_port, sizeof(path_url_port), "%s", t->url);
	ao_test_sandbox_stop(t);

	/* restarted on the same port (the demo agents' URLs are in the records) */
	o.activate_after_ms = 50;
	o.port = atoi(strrchr(path_url_port, ':') + 1);
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	assert_int_equal(ao_sandbox_source_count(t->sandbox), 2);
	assert_int_equal(ao_sandbox_agent_count(t->sandbox), 1);
	assert_string_equal(status_now(t, "open", buf, sizeof(buf)), "ACTIVE");
	assert_int_equal(ao_test_call(t, "GET", SOURCES, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.0.sourceId"), "persisted");
	cJSON_Delete(j);
	/* the stored credential is still there: the probe activates it now */
	wait_status(t, "persisted", "ACTIVE", 10000);
	{
		char *p = xasprintf("/api/v2/partner/agents/%s", agent_id);
		char *url;

		assert_int_equal(ao_test_call(t, "GET", p, NULL, &j), 200);
		url = xstrdup(ao_test_json_str(j, "data.oauth.authorizationUrl"));
		cJSON_Delete(j);
		/* the consent link points at the new URL and still works */
		assert_memory_equal(url, t->url, strlen(t->url));
		consent(t, url, 0);
		assert_int_equal(ao_test_call(t, "GET", p, NULL, &j), 200);
		assert_true(cJSON_IsNull(ao_test_json_item(j, "data.oauth")));
		cJSON_Delete(j);
		free(url);
		free(p);
	}
	ao_test_sandbox_stop(t);
	free(agent_id);

	/* a damaged file is refused, not overwritten */
	{
		FILE *f = fopen(path, "w");
		char err[300] = "";

		fputs("{\"version\":1,\"sources\":[{\"source\":{}}]}", f);
		fclose(f);
		assert_null(ao_sandbox_start(&o, err, sizeof(err)));
		assert_non_null(strstr(err, "state file"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_api_key_activates_after_probe, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_not_active_before_activate_after, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_credential_stays_pending, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_failing_source_is_disabled, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_basic_sse_and_a2a_activate, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_a2a_wrong_credential_stays_pending, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_failing_agent_stays_pending, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_jwt_activates_when_reachable, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_no_auth_active_without_probe, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_oauth_consent_activates, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_state_file_survives_restart, ao_test_sandbox_setup, ao_test_sandbox_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
