/* SPDX-License-Identifier: MIT */
/* Contract test: the simulator's partner API over real HTTP
 * (reference/scope3-api.md §3): partners, agent registration with its
 * validation (accountPolicy, no BASIC_AUTH, reporting cadence), 409 on a
 * duplicate endpoint, list / get / 404, and the lifecycle: PENDING until
 * PATCH {status: ACTIVE}, refused while OAuth is not complete. */
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

#define AGENTS "/api/v2/partner/agents"
#define PARTNERS "/api/v2/partner/partners"


/* A valid registration of one of the demo agents; extra is appended. */
static char *
agent_body(const char *name, const char *path, const char *auth_type, const char *auth, const char *extra)
{
	return xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"%s\",\"endpointUrl\":\"%s%s\","
	                 "\"protocol\":\"MCP\",\"accountPolicy\":[\"advertiser_account\"],"
	                 "\"authenticationType\":\"%s\"%s%s%s}", name, ao_test_sb->url, path, auth_type,
	                 auth != NULL ? ",\"auth\":" : "", auth != NULL ? auth : "", extra);
}

#define BEARER "{\"type\":\"bearer\",\"token\":\"" AO_SANDBOX_AGENT_TOKEN "\"}"

static void
expect_field(const char *method, const char *path, const char *body, long status, const char *field)
{
	cJSON *j = NULL;
	long got = ao_test_call(ao_test_sb, method, path, body, &j);

	if (got != status || ao_test_json_str(j, "error.field") == NULL ||
	    strcmp(ao_test_json_str(j, "error.field"), field) != 0)
		print_error("%s %s %s\n -> %ld field %s\n", method, path, body != NULL ? body : "", got,
		            ao_test_json_str(j, "error.field") ? ao_test_json_str(j, "error.field") : "(none)");
	assert_int_equal(got, status);
	assert_string_equal(ao_test_json_str(j, "error.field"), field);
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
	if (status == 400 && strcmp(ao_test_json_str(j, "error.code"), "VALIDATION_ERROR") == 0) {
		/* the documented shape: the message is generic, the reason is in
		 * details.issues, its path a string (top level) or an array */
		const cJSON *ipath = ao_test_json_item(j, "error.details.issues.0.path");

		assert_string_equal(ao_test_json_str(j, "error.message"), "Request validation failed");
		assert_non_null(ao_test_json_str(j, "error.details.issues.0.message"));
		assert_true(strchr(field, '.') == NULL ? cJSON_IsString(ipath) : cJSON_IsArray(ipath));
	}
	cJSON_Delete(j);
}

/* Registers and returns the new agentId (free it). */
static char *
register_agent(const char *body)
{
	cJSON *j = NULL;
	char *id;

	assert_int_equal(ao_test_call(ao_test_sb, "POST", AGENTS, body, &j), 201);
	assert_non_null(ao_test_json_str(j, "data.agentId"));
	id = xstrdup(ao_test_json_str(j, "data.agentId"));
	cJSON_Delete(j);
	return id;
}

static void
test_partners_seeded_and_created(void **state)
{
	cJSON *j = NULL;

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "GET", PARTNERS, NULL, &j), 200);
	assert_true(cJSON_GetArraySize(ao_test_json_item(j, "data")) >= 1);
	assert_string_equal(ao_test_json_str(j, "data.0.id"), "1001");
	assert_string_equal(ao_test_json_str(j, "data.0.status"), "ACTIVE");
	assert_non_null(ao_test_json_str(j, "data.0.name"));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "POST", PARTNERS, "{\"name\":\"New Seat\",\"description\":\"x\"}", &j), 201);
	assert_string_equal(ao_test_json_str(j, "data.name"), "New Seat");
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", PARTNERS "?name=new", NULL, &j), 200);
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data")), 1);
	cJSON_Delete(j);
	expect_field("POST", PARTNERS, "{\"name\":\"\"}", 400, "name");
	expect_field("POST", PARTNERS, "{}", 400, "name");
}

static void
test_register_is_pending_with_detail(void **state)
{
	char *b = agent_body("Premium Video", "/demo/mcp", "API_KEY", BEARER,
	                     ",\"reportingType\":\"POLLING\",\"reportingPollingCadence\":\"DAILY\"");
	cJSON *j = NULL;
	char *id, *path;

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "POST", AGENTS, b, &j), 201);
	assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
	assert_string_equal(ao_test_json_str(j, "data.type"), "SALES");
	assert_string_equal(ao_test_json_str(j, "data.accountPolicy.0"), "advertiser_account");
	assert_string_equal(ao_test_json_str(j, "data.authenticationType"), "API_KEY");
	assert_string_equal(ao_test_json_str(j, "data.reportingPollingCadence"), "DAILY");
	assert_null(ao_test_json_item(j, "data.auth"));
	id = xstrdup(ao_test_json_str(j, "data.agentId"));
	assert_memory_equal(id, "premiumvideo_", strlen("premiumvideo_"));
	cJSON_Delete(j);
	free(b);
	path = xasprintf(AGENTS "/%s", id);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", path, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.agentId"), id);
	assert_string_equal(ao_test_json_str(j, "data.relationship"), "SELF");
	/* as documented, the detail has no authConfigured (list rows do) */
	assert_null(ao_test_json_item(j, "data.authConfigured"));
	cJSON_Delete(j);
	/* partner agents never activate by themselves, even with a working credential */
	assert_int_equal(ao_test_call(ao_test_sb, "GET", path, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
	cJSON_Delete(j);
	/* the owner activates */
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"status\":\"ACTIVE\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	assert_string_equal(ao_test_json_str(j, "data.updatedFields.0"), "status");
	assert_string_equal(ao_test_json_str(j, "data.agentId"), id);
	cJSON_Delete(j);
	/* -> DISABLED and -> PENDING are always allowed */
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"status\":\"DISABLED\"}", NULL), 200);
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"status\":\"PENDING\"}", NULL), 200);
	free(path);
	free(id);
}

static void
test_register_validation(void **state)
{
	char *b;

	(void)state;
	b = xasprintf("{\"type\":\"SALES\",\"name\":\"n\",\"endpointUrl\":\"%s/demo/mcp\",\"protocol\":\"MCP\","
	              "\"accountPolicy\":[\"advertiser_account\"],\"authenticationType\":\"NO_AUTH\"}", ao_test_sb->url);
	expect_field("POST", AGENTS, b, 400, "partnerId");
	free(b);
	b = xasprintf("{\"partnerId\":\"999999\",\"type\":\"SALES\",\"name\":\"n\",\"endpointUrl\":\"%s/demo/mcp\","
	              "\"protocol\":\"MCP\",\"accountPolicy\":[\"advertiser_account\"],\"authenticationType\":\"NO_AUTH\"}",
	              ao_test_sb->url);
	expect_field("POST", AGENTS, b, 400, "partnerId");
	free(b);
	/* accountPolicy: required, non-empty, only the two values */
	b = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"n\",\"endpointUrl\":\"%s/demo/mcp\","
	              "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", ao_test_sb->url);
	expect_field("POST", AGENTS, b, 400, "accountPolicy");
	free(b);
	b = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"n\",\"endpointUrl\":\"%s/demo/mcp\","
	              "\"protocol\":\"MCP\",\"accountPolicy\":[],\"authenticationType\":\"NO_AUTH\"}", ao_test_sb->url);
	expect_field("POST", AGENTS, b, 400, "accountPolicy");
	free(b);
	b = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"n\",\"endpointUrl\":\"%s/demo/mcp\","
	              "\"protocol\":\"MCP\",\"accountPolicy\":[\"ADVERTISER_ACCOUNT\"],\"authenticationType\":\"NO_AUTH\"}",
	              ao_test_sb->url);
	expect_field("POST", AGENTS, b, 400, "accountPolicy");
	free(b);
	b = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"n\",\"endpointUrl\":\"%s/demo/mcp\","
	              "\"protocol\":\"MCP\",\"accountPolicy\":\"advertiser_account\",\"authenticationType\":\"NO_AUTH\"}",
	              ao_test_sb->url);
	expect_field("POST", AGENTS, b, 400, "accountPolicy");
	free(b);
	/* no BASIC_AUTH on the partner API */
	b = agent_body("n", "/demo/mcp-basic", "BASIC_AUTH",
	               "{\"type\":\"basic\",\"username\":\"demo\",\"password\":\"demo-password\"}", "");
	expect_field("POST", AGENTS, b, 400, "authenticationType");
	free(b);
	/* auth rules as for sources */
	b = agent_body("n", "/demo/mcp", "API_KEY", NULL, "");
	expect_field("POST", AGENTS, b, 400, "auth");
	free(b);
	b = agent_body("n", "/demo/mcp-oauth", "OAUTH", BEARER, "");
	expect_field("POST", AGENTS, b, 400, "auth");
	free(b);
	b = agent_body("n", "/demo/mcp-open", "NO_AUTH", BEARER, "");
	expect_field("POST", AGENTS, b, 400, "auth");
	free(b);
	/* reportingPollingCadence only with POLLING */
	b = agent_body("n", "/demo/mcp-open", "NO_AUTH", NULL, ",\"reportingType\":\"WEBHOOK\",\"reportingPollingCadence\":\"DAILY\"");
	expect_field("POST", AGENTS, b, 400, "reportingPollingCadence");
	free(b);
	b = agent_body("n", "/demo/mcp-open", "NO_AUTH", NULL, ",\"reportingPollingCadence\":\"MONTHLY\"");
	expect_field("POST", AGENTS, b, 400, "reportingPollingCadence");
	free(b);
	b = agent_body("n", "/demo/mcp-open", "NO_AUTH", NULL, ",\"reportingType\":\"polling\"");
	expect_field("POST", AGENTS, b, 400, "reportingType");
	free(b);
	b = agent_body("", "/demo/mcp-open", "NO_AUTH", NULL, "");
	expect_field("POST", AGENTS, b, 400, "name");
	free(b);
	assert_int_equal(ao_sandbox_agent_count(ao_test_sb->sandbox), 0);
}

static void
test_duplicate_endpoint_conflicts(void **state)
{
	char *b = agent_body("First", "/demo/mcp-open", "NO_AUTH", NULL, "");
	char *id = register_agent(b);
	cJSON *j = NULL;

	(void)state;
	free(b);
	b = agent_body("Second", "/demo/mcp-open", "NO_AUTH", NULL, "");
	assert_int_equal(ao_test_call(ao_test_sb, "POST", AGENTS, b, &j), 409);
	assert_string_equal(ao_test_json_str(j, "error.code"), "CONFLICT");
	assert_string_equal(ao_test_json_str(j, "error.details.agentId"), id);
	cJSON_Delete(j);
	free(b);
	assert_int_equal(ao_sandbox_agent_count(ao_test_sb->sandbox), 1);
	/* PATCHing another agent onto the same endpoint conflicts too */
	b = agent_body("Third", "/demo/mcp", "NO_AUTH", NULL, "");
	{
		char *other = register_agent(b), *path = xasprintf(AGENTS "/%s", other);
		char *patch = xasprintf("{\"endpointUrl\":\"%s/demo/mcp-open\"}", ao_test_sb->url);

		assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, patch, NULL), 409);
		free(patch);
		free(path);
		free(other);
	}
	free(b);
	free(id);
}

static void
test_oauth_agent_needs_consent_before_activation(void **state)
{
	char *b = agent_body("OAuth Agent", "/demo/mcp-oauth", "OAUTH", NULL, "");
	cJSON *j = NULL;
	char *id, *path, *auth_url, *authorize;
	struct ao_test_response r;

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "POST", AGENTS, b, &j), 201);
	free(b);
	id = xstrdup(ao_test_json_str(j, "data.agentId"));
	assert_non_null(ao_test_json_str(j, "data.oauth.authorizationUrl"));
	assert_string_equal(ao_test_json_str(j, "data.oauth.agentId"), id);
	assert_string_equal(ao_test_json_str(j, "data.oauth.agentName"), "OAuth Agent");
	cJSON_Delete(j);
	path = xasprintf(AGENTS "/%s", id);
	/* PATCH ACTIVE is refused while auth is not configured */
	expect_field("PATCH", path, "{\"status\":\"ACTIVE\"}", 400, "status");
	/* a fresh authorization URL, as POST .../oauth/authorize gives */
	authorize = xasprintf("%s/oauth/authorize", path);
	assert_int_equal(ao_test_call(ao_test_sb, "POST", authorize, "{}", &j), 200);
	auth_url = xstrdup(ao_test_json_str(j, "data.authorizationUrl"));
	assert_string_equal(ao_test_json_str(j, "data.agentId"), id);
	assert_string_equal(ao_test_json_str(j, "data.agentName"), "OAuth Agent");
	cJSON_Delete(j);
	/* an empty body works too */
	assert_int_equal(ao_test_call(ao_test_sb, "POST", authorize, NULL, NULL), 200);
	ao_test_call(ao_test_sb, "POST", authorize, "{}", &j);
	free(auth_url);
	auth_url = xstrdup(ao_test_json_str(j, "data.authorizationUrl"));
	cJSON_Delete(j);
	/* the consent page, then Approve (a link the browser follows) */
	ao_test_http(ao_test_sb, "GET", auth_url, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Approve"));
	assert_non_null(strstr(r.body, "OAuth Agent"));
	ao_test_response_free(&r);
	{
		char *approve = xasprintf("%s/sandbox/oauth/approve?state=%s", ao_test_sb->url, strstr(auth_url, "state=") + 6);

		ao_test_http(ao_test_sb, "GET", approve, NULL, NULL, &r);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "complete"));
		ao_test_response_free(&r);
		/* the link works once */
		ao_test_http(ao_test_sb, "GET", approve, NULL, NULL, &r);
		assert_int_equal(r.status, 400);
		ao_test_response_free(&r);
		free(approve);
	}
	assert_int_equal(ao_test_call(ao_test_sb, "GET", path, NULL, &j), 200);
	/* completion is the oauth block going away (no authConfigured in a detail) */
	assert_null(ao_test_json_item(j, "data.authConfigured"));
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data.oauth")));
	/* consent alone does not activate a partner agent */
	assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"status\":\"ACTIVE\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	free(authorize);
	free(auth_url);
	free(path);
	free(id);
}

static void
test_authorize_redirect_uri(void **state)
{
	char *b = agent_body("Redirected", "/demo/mcp-oauth", "OAUTH", NULL, "");
	char *id = register_agent(b), *authorize = xasprintf(AGENTS "/%s/oauth/authorize", id);
	const char *no_follow[] = {NULL};
	struct ao_test_response r;
	cJSON *j = NULL;
	char *approve, loc[512];
	const char *url;

	(void)state;
	assert_int_equal(ao_test_call(ao_test_sb, "POST", authorize, "{\"redirectUri\":\"not a uri\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "redirectUri");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "POST", authorize, "{\"redirectUri\":\"http://127.0.0.1:9/cb\"}", &j), 200);
	url = ao_test_json_str(j, "data.authorizationUrl");
	approve = xasprintf("%s/sandbox/oauth/approve?state=%s", ao_test_sb->url, strstr(url, "state=") + 6);
	cJSON_Delete(j);
	ao_test_http(ao_test_sb, "GET", approve, no_follow, NULL, &r);
	assert_int_equal(r.status, 302);
	assert_non_null(ao_test_header(&r, "Location", loc, sizeof(loc)));
	assert_memory_equal(loc, "http://127.0.0.1:9/cb?code=", strlen("http://127.0.0.1:9/cb?code="));
	ao_test_response_free(&r);
	free(approve);
	/* authorize on a non-OAuth agent is refused; unknown agent is 404 */
	free(b);
	b = agent_body("Keyed", "/demo/mcp", "API_KEY", BEARER, "");
	{
		char *other = register_agent(b), *p = xasprintf(AGENTS "/%s/oauth/authorize", other);

		assert_int_equal(ao_test_call(ao_test_sb, "POST", p, "{}", NULL), 400);
		free(p);
		free(other);
	}
	assert_int_equal(ao_test_call(ao_test_sb, "POST", AGENTS "/nobody_12345678/oauth/authorize", "{}", NULL), 404);
	free(b);
	free(authorize);
	free(id);
}

static void
test_list_filters_and_404(void **state)
{
	char *b;
	char *ids[3];
	cJSON *j = NULL;
	int i;
	const char *paths[] = {"/demo/mcp", "/demo/mcp-open", "/demo/a2a"};

	(void)state;
	for (i = 0; i < 3; i++) {
		char name[32];

		snprintf(name, sizeof(name), "Agent %d", i);
		b = i == 0 ? agent_body(name, paths[i], "API_KEY", BEARER, "")
		           : agent_body(name, paths[i], "NO_AUTH", NULL, "");
		ids[i] = register_agent(b);
		free(b);
	}
	{
		char *p = xasprintf(AGENTS "/%s", ids[1]);

		assert_int_equal(ao_test_call(ao_test_sb, "PATCH", p, "{\"status\":\"ACTIVE\"}", NULL), 200);
		free(p);
	}
	/* without relationship=SELF the list is the marketplace: other owners'
	 * agents too, their pending ones as COMING_SOON */
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS, NULL, &j), 200);
	assert_int_equal(ao_test_json_item(j, "data.total")->valueint, 5);
	assert_string_equal(ao_test_json_str(j, "data.items.3.relationship"), "MARKETPLACE");
	assert_string_equal(ao_test_json_str(j, "data.items.4.status"), "COMING_SOON");
	assert_string_equal(ao_test_json_str(j, "data.items.4.endpointUrl"), "");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "?relationship=MARKETPLACE", NULL, &j), 200);
	assert_int_equal(ao_test_json_item(j, "data.total")->valueint, 2);
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "?relationship=self", NULL, &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.details.issues.0.path"), "relationship");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "?relationship=SELF", NULL, &j), 200);
	assert_int_equal(ao_test_json_item(j, "data.total")->valueint, 3);
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data.items")), 3);
	assert_string_equal(ao_test_json_str(j, "data.items.0.agentId"), ids[0]);
	assert_true(cJSON_IsFalse(ao_test_json_item(j, "data.hasMore")));
	assert_non_null(ao_test_json_item(j, "data.items.0.authConfigured"));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "?relationship=SELF&status=ACTIVE", NULL, &j), 200);
	assert_int_equal(ao_test_json_item(j, "data.total")->valueint, 1);
	assert_string_equal(ao_test_json_str(j, "data.items.0.agentId"), ids[1]);
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "?limit=1&offset=1", NULL, &j), 200);
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data.items")), 1);
	assert_string_equal(ao_test_json_str(j, "data.items.0.agentId"), ids[1]);
	assert_true(cJSON_IsTrue(ao_test_json_item(j, "data.hasMore")));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "?relationship=SELF&name=agent%202", NULL, &j), 200);
	assert_int_equal(ao_test_json_item(j, "data.total")->valueint, 1);
	cJSON_Delete(j);
	expect_field("GET", AGENTS "?limit=1000", NULL, 400, "limit");
	assert_int_equal(ao_test_call(ao_test_sb, "GET", AGENTS "/nobody_00000000", NULL, &j), 404);
	assert_string_equal(ao_test_json_str(j, "error.code"), "NOT_FOUND");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", AGENTS "/nobody_00000000", "{\"name\":\"x\"}", NULL), 404);
	for (i = 0; i < 3; i++)
		free(ids[i]);
}

static void
test_patch_rules(void **state)
{
	char *b = agent_body("Patchy", "/demo/mcp-open", "NO_AUTH", NULL, "");
	char *id = register_agent(b), *path = xasprintf(AGENTS "/%s", id);
	cJSON *j = NULL;

	(void)state;
	expect_field("PATCH", path, "{\"type\":\"SIGNAL\"}", 400, "type");
	expect_field("PATCH", path, "{\"status\":\"Active\"}", 400, "status");
	expect_field("PATCH", path, "{\"accountPolicy\":[]}", 400, "accountPolicy");
	expect_field("PATCH", path, "{\"authenticationType\":\"BASIC_AUTH\"}", 400, "authenticationType");
	expect_field("PATCH", path, "{\"authenticationType\":\"API_KEY\"}", 400, "auth");
	expect_field("PATCH", path, "{\"reportingPollingCadence\":\"DAILY\"}", 400, "reportingPollingCadence");
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.code"), "VALIDATION_ERROR");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"name\":\"Renamed\",\"accountPolicy\":[\"advertiser_account\","
	                 "\"marketplace_account\"],\"reportingType\":\"POLLING\",\"reportingPollingCadence\":\"MONTHLY\"}",
	                 &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.name"), "Renamed");
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data.updatedFields")), 4);
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(ao_test_sb, "GET", path, NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.accountPolicy.1"), "marketplace_account");
	assert_string_equal(ao_test_json_str(j, "data.reportingPollingCadence"), "MONTHLY");
	cJSON_Delete(j);
	/* switching to OAUTH starts a new authorization; auth is no longer configured */
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"authenticationType\":\"OAUTH\"}", &j), 200);
	assert_non_null(ao_test_json_str(j, "data.oauth.authorizationUrl"));
	cJSON_Delete(j);
	expect_field("PATCH", path, "{\"status\":\"ACTIVE\"}", 400, "status");
	/* sending auth for an OAUTH agent asks for re-authorization */
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"auth\":{}}", &j), 200);
	assert_non_null(ao_test_json_str(j, "data.oauth.authorizationUrl"));
	cJSON_Delete(j);
	/* API key with its credential in the same PATCH: configured, activation allowed */
	assert_int_equal(ao_test_call(ao_test_sb, "PATCH", path, "{\"authenticationType\":\"API_KEY\",\"auth\":" BEARER
	                 ",\"status\":\"ACTIVE\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	free(path);
	free(id);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_partners_seeded_and_created, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_register_is_pending_with_detail, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_register_validation, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_endpoint_conflicts, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_oauth_agent_needs_consent_before_activation, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_authorize_redirect_uri, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_list_filters_and_404, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_patch_rules, ao_test_sandbox_setup, ao_test_sandbox_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
