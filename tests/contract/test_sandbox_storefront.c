/* SPDX-License-Identifier: MIT */
/* Contract test: the simulator's storefront inventory-source API over real
 * HTTP, as reference/scope3-api.md §1-§2 describes it: the envelope, the
 * API key, every documented validation rule with its field, the AAO rule,
 * 409 on a duplicate sourceId, 404s, PUT / DELETE, and the status
 * transitions. */
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

static struct ao_test_sandbox *T;

static int
setup(void **state)
{
	struct ao_sandbox_options o;

	(void)state;
	ao_test_sandbox_options(&o);
	o.activate_after_ms = 60000;   /* these tests look at PENDING; lifecycle has its own */
	T = ao_test_sandbox_start(0, &o);
	return T != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	ao_test_sandbox_stop(T);
	T = NULL;
	return 0;
}

/* A valid create body for the demo MCP agent, with one field replaced:
 * extra is inserted verbatim after the standard fields ("" for none). */
static char *
body_with(const char *name, const char *auth_type, const char *auth, const char *extra)
{
	return xasprintf("{\"name\":\"%s\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp\","
	                 "\"protocol\":\"MCP\",\"authenticationType\":\"%s\"%s%s%s}",
	                 name, T->url, auth_type, auth != NULL ? ",\"auth\":" : "", auth != NULL ? auth : "",
	                 extra);
}

#define BEARER "{\"type\":\"bearer\",\"token\":\"" AO_SANDBOX_AGENT_TOKEN "\"}"

static void
expect_validation(const char *body, const char *field)
{
	cJSON *j = NULL;
	long status = ao_test_call(T, "POST", SOURCES, body, &j);

	if (status != 400 || ao_test_json_str(j, "error.field") == NULL ||
	    strcmp(ao_test_json_str(j, "error.field"), field) != 0)
		print_error("body %s\n -> %ld, field %s\n", body, status,
		            ao_test_json_str(j, "error.field") ? ao_test_json_str(j, "error.field") : "(none)");
	assert_int_equal(status, 400);
	assert_string_equal(ao_test_json_str(j, "error.code"), "VALIDATION_ERROR");
	assert_string_equal(ao_test_json_str(j, "error.field"), field);
	assert_non_null(ao_test_json_str(j, "error.message"));
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
	assert_true(cJSON_IsArray(ao_test_json_item(j, "error.details.issues")));
	cJSON_Delete(j);
}

static void
test_create_api_key_source_is_pending(void **state)
{
	char *body = body_with("Premium Video", "API_KEY", BEARER, ",\"description\":\"Zoë's agent\"");
	cJSON *j = NULL;

	(void)state;
	assert_int_equal(ao_test_call(T, "POST", SOURCES, body, &j), 201);
	assert_true(cJSON_IsNull(ao_test_json_item(j, "error")));
	assert_string_equal(ao_test_json_str(j, "data.sourceId"), "premium-video");
	assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
	assert_string_equal(ao_test_json_str(j, "data.executionType"), "AGENT");
	assert_string_equal(ao_test_json_str(j, "data.type"), "SALES");
	assert_string_equal(ao_test_json_str(j, "data.protocol"), "MCP");
	assert_string_equal(ao_test_json_str(j, "data.authenticationType"), "API_KEY");
	assert_string_equal(ao_test_json_str(j, "data.description"), "Zoë's agent");
	assert_true(cJSON_IsTrue(ao_test_json_item(j, "data.authConfigured")));
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data.oauth")));
	assert_non_null(ao_test_json_str(j, "data.id"));
	assert_non_null(ao_test_json_str(j, "data.agentId"));
	assert_non_null(ao_test_json_str(j, "data.createdAt"));
	/* the credential is stored, never echoed */
	assert_null(ao_test_json_item(j, "data.auth"));
	cJSON_Delete(j);
	free(body);

	assert_int_equal(ao_test_call(T, "GET", SOURCES "/premium-video", NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.name"), "Premium Video");
	assert_null(ao_test_json_item(j, "data.auth"));
	cJSON_Delete(j);
	assert_int_equal(ao_sandbox_source_count(T->sandbox), 1);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "POST " SOURCES), 1);
}

static void
test_token_never_in_any_response(void **state)
{
	char *body = body_with("Secret Keeper", "API_KEY", "{\"type\":\"bearer\",\"token\":\"s3cr3t-t0k3n\"}", "");
	struct ao_test_response r;

	(void)state;
	ao_test_http(T, "POST", SOURCES, NULL, body, &r);
	assert_int_equal(r.status, 201);
	assert_null(strstr(r.body, "s3cr3t-t0k3n"));
	ao_test_response_free(&r);
	ao_test_http(T, "GET", SOURCES, NULL, NULL, &r);
	assert_null(strstr(r.body, "s3cr3t-t0k3n"));
	ao_test_response_free(&r);
	ao_test_http(T, "GET", SOURCES "/secret-keeper", NULL, NULL, &r);
	assert_null(strstr(r.body, "s3cr3t-t0k3n"));
	ao_test_response_free(&r);
	free(body);
}

static void
test_no_auth_is_active_at_once(void **state)
{
	char *body = xasprintf("{\"name\":\"Open\",\"sourceId\":\"open-1\",\"type\":\"SIGNAL\",\"endpointUrl\":"
	                       "\"%s/demo/mcp-open\",\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}",
	                       T->url);
	cJSON *j = NULL;

	(void)state;
	assert_int_equal(ao_test_call(T, "POST", SOURCES, body, &j), 201);
	assert_string_equal(ao_test_json_str(j, "data.sourceId"), "open-1");
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	assert_true(cJSON_IsTrue(ao_test_json_item(j, "data.authConfigured")));
	cJSON_Delete(j);
	free(body);
}

static void
test_oauth_source_gets_authorization_url(void **state)
{
	char *body = xasprintf("{\"name\":\"OAuth One\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-oauth\","
	                       "\"protocol\":\"MCP\",\"authenticationType\":\"OAUTH\"}", T->url);
	cJSON *j = NULL;
	const char *url;

	(void)state;
	assert_int_equal(ao_test_call(T, "POST", SOURCES, body, &j), 201);
	assert_string_equal(ao_test_json_str(j, "data.status"), "PENDING");
	assert_true(cJSON_IsFalse(ao_test_json_item(j, "data.authConfigured")));
	url = ao_test_json_str(j, "data.oauth.authorizationUrl");
	assert_non_null(url);
	assert_memory_equal(url, T->url, strlen(T->url));
	assert_string_equal(ao_test_json_str(j, "data.oauth.agentName"), "OAuth One");
	assert_string_equal(ao_test_json_str(j, "data.oauth.agentId"), ao_test_json_str(j, "data.agentId"));
	cJSON_Delete(j);
	free(body);
}

static void
test_api_key_is_checked(void **state)
{
	const char *wrong[] = {"Authorization: Bearer scope3_wrong", NULL};
	const char *none[] = {"Authorization:", NULL};
	const char *basic[] = {"Authorization: Basic c2NvcGUzOng=", NULL};
	const char *const *cases[] = {wrong, none, basic};
	struct ao_test_response r;
	char hv[64];
	size_t i;
	cJSON *j;

	(void)state;
	for (i = 0; i < 3; i++) {
		ao_test_http(T, "GET", SOURCES, cases[i], NULL, &r);
		assert_int_equal(r.status, 401);
		j = ao_test_json(&r);
		assert_string_equal(ao_test_json_str(j, "error.code"), "UNAUTHORIZED");
		assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
		assert_non_null(ao_test_header(&r, "WWW-Authenticate", hv, sizeof(hv)));
		cJSON_Delete(j);
		ao_test_response_free(&r);
	}
	/* a create without the key changes nothing */
	{
		char *body = body_with("Nope", "NO_AUTH", NULL, "");

		ao_test_http(T, "POST", SOURCES, none, body, &r);
		assert_int_equal(r.status, 401);
		ao_test_response_free(&r);
		free(body);
		assert_int_equal(ao_sandbox_source_count(T->sandbox), 0);
	}
	/* /health needs no key */
	ao_test_http(T, "GET", "/health", none, NULL, &r);
	assert_int_equal(r.status, 200);
	j = ao_test_json(&r);
	assert_string_equal(ao_test_json_str(j, "status"), "ok");
	cJSON_Delete(j);
	ao_test_response_free(&r);
	/* the key check endpoint */
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/accounts/current", NULL, &j), 200);
	assert_non_null(ao_test_json_str(j, "data.id"));
	assert_non_null(ao_test_json_str(j, "data.company"));
	assert_non_null(ao_test_json_str(j, "data.role"));
	cJSON_Delete(j);
}

static void
test_extra_key_from_options(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	const char *extra[] = {"Authorization: Bearer scope3_env_key_123", NULL};
	struct ao_test_response r;

	(void)state;
	ao_test_sandbox_options(&o);
	o.extra_api_key = "scope3_env_key_123";
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	ao_test_http(t, "GET", "/api/v2/accounts/current", extra, NULL, &r);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	ao_test_http(t, "GET", "/api/v2/accounts/current", NULL, NULL, &r);
	assert_int_equal(r.status, 200);   /* the demo key still works */
	ao_test_response_free(&r);
	ao_test_sandbox_stop(t);
	/* without the option that key is refused */
	ao_test_http(T, "GET", "/api/v2/accounts/current", extra, NULL, &r);
	assert_int_equal(r.status, 401);
	ao_test_response_free(&r);
}

static void
test_required_fields(void **state)
{
	char *b;

	(void)state;
	b = xasprintf("{\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp\",\"protocol\":\"MCP\","
	              "\"authenticationType\":\"NO_AUTH\"}", T->url);
	expect_validation(b, "name");
	free(b);
	b = xasprintf("{\"name\":\"x\",\"endpointUrl\":\"%s/demo/mcp\",\"protocol\":\"MCP\","
	              "\"authenticationType\":\"NO_AUTH\"}", T->url);
	expect_validation(b, "type");
	free(b);
	expect_validation("{\"name\":\"x\",\"type\":\"SALES\",\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}",
	                  "endpointUrl");
	b = xasprintf("{\"name\":\"x\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp\","
	              "\"authenticationType\":\"NO_AUTH\"}", T->url);
	expect_validation(b, "protocol");
	free(b);
	b = xasprintf("{\"name\":\"x\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp\",\"protocol\":\"MCP\"}", T->url);
	expect_validation(b, "authenticationType");
	free(b);
	assert_int_equal(ao_sandbox_source_count(T->sandbox), 0);
}

static void
test_enums_are_upper_case_and_case_sensitive(void **state)
{
	char *b;

	(void)state;
	b = xasprintf("{\"name\":\"x\",\"type\":\"sales\",\"endpointUrl\":\"%s/demo/mcp-open\",\"protocol\":\"MCP\","
	              "\"authenticationType\":\"NO_AUTH\"}", T->url);
	expect_validation(b, "type");
	free(b);
	b = xasprintf("{\"name\":\"x\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\",\"protocol\":\"mcp\","
	              "\"authenticationType\":\"NO_AUTH\"}", T->url);
	expect_validation(b, "protocol");
	free(b);
	b = body_with("x", "no_auth", NULL, "");
	expect_validation(b, "authenticationType");
	free(b);
	b = body_with("x", "NO_AUTH", NULL, ",\"executionType\":\"agent\"");
	expect_validation(b, "executionType");
	free(b);
	b = body_with("x", "NO_AUTH", NULL, ",\"executionType\":\"MANAGED_SALES_AGENT\"");
	expect_validation(b, "executionType");
	free(b);
	b = body_with("x", "NO_AUTH", NULL, ",\"executionType\":\"AGENT\"");
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
}

static char *
repeat(const char *unit, size_t n)
{
	size_t len = strlen(unit), i;
	char *s = xmalloc(len * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	s[len * n] = '\0';
	return s;
}

static void
test_lengths_count_characters(void **state)
{
	char *name, *b;
	cJSON *j = NULL;

	(void)state;
	/* 255 three-byte characters (765 bytes) are a valid name ... */
	name = repeat("日", 255);
	b = body_with(name, "NO_AUTH", NULL, ",\"sourceId\":\"cjk\"");
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, &j), 201);
	assert_string_equal(ao_test_json_str(j, "data.name"), name);
	cJSON_Delete(j);
	free(b);
	free(name);
	/* ... 256 are not */
	name = repeat("é", 256);
	b = body_with(name, "NO_AUTH", NULL, ",\"sourceId\":\"too-long\"");
	expect_validation(b, "name");
	free(b);
	free(name);
	b = body_with("", "NO_AUTH", NULL, "");
	expect_validation(b, "name");
	free(b);
	/* description at most 2000 characters */
	name = repeat("ü", 2000);
	b = xasprintf("{\"name\":\"d\",\"sourceId\":\"d2000\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
	              "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\",\"description\":\"%s\"}", T->url, name);
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
	free(name);
	name = repeat("a", 2001);
	b = xasprintf("{\"name\":\"d\",\"sourceId\":\"d2001\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
	              "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\",\"description\":\"%s\"}", T->url, name);
	expect_validation(b, "description");
	free(b);
	free(name);
	/* sourceId 1-255 and a safe charset */
	name = repeat("s", 256);
	b = xasprintf("{\"name\":\"d\",\"sourceId\":\"%s\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
	              "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", name, T->url);
	expect_validation(b, "sourceId");
	free(b);
	free(name);
	b = body_with("d", "NO_AUTH", NULL, ",\"sourceId\":\"\"");
	expect_validation(b, "sourceId");
	free(b);
	b = body_with("d", "NO_AUTH", NULL, ",\"sourceId\":\"../etc\"");
	expect_validation(b, "sourceId");
	free(b);
	/* invalid UTF-8 is not a name */
	b = body_with("bad\\ud800", "NO_AUTH", NULL, "");
	{
		long st = ao_test_call(T, "POST", SOURCES, b, NULL);

		assert_true(st == 400);
	}
	free(b);
}

static void
test_endpoint_url_rules(void **state)
{
	char *b, *path;

	(void)state;
	expect_validation("{\"name\":\"u\",\"type\":\"SALES\",\"endpointUrl\":\"not a url\",\"protocol\":\"MCP\","
	                  "\"authenticationType\":\"NO_AUTH\"}", "endpointUrl");
	expect_validation("{\"name\":\"u\",\"type\":\"SALES\",\"endpointUrl\":\"ftp://x.example/a\",\"protocol\":\"MCP\","
	                  "\"authenticationType\":\"NO_AUTH\"}", "endpointUrl");
	expect_validation("{\"name\":\"u\",\"type\":\"SALES\",\"endpointUrl\":42,\"protocol\":\"MCP\","
	                  "\"authenticationType\":\"NO_AUTH\"}", "endpointUrl");
	/* at most 2048 characters */
	path = repeat("a", 2049 - strlen("https://agent.example/"));
	b = xasprintf("{\"name\":\"u\",\"type\":\"SALES\",\"endpointUrl\":\"https://agent.example/%s\",\"protocol\":\"MCP\","
	              "\"authenticationType\":\"NO_AUTH\"}", path);
	expect_validation(b, "endpointUrl");
	free(b);
	free(path);
}

static void
test_aao_rule_names_the_endpoint(void **state)
{
	const char *body = "{\"name\":\"Unregistered\",\"type\":\"SALES\",\"endpointUrl\":\"https://unknown-agent.example/mcp\","
	                   "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}";
	cJSON *j = NULL;

	(void)state;
	assert_int_equal(ao_test_call(T, "POST", SOURCES, body, &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.code"), "VALIDATION_ERROR");
	assert_string_equal(ao_test_json_str(j, "error.field"), "endpointUrl");
	/* the documented shape: a generic message, the reason in details.issues */
	assert_string_equal(ao_test_json_str(j, "error.message"), "Request validation failed");
	assert_string_equal(ao_test_json_str(j, "error.details.issues.0.path"), "endpointUrl");
	assert_non_null(strstr(ao_test_json_str(j, "error.details.issues.0.message"), "https://unknown-agent.example/mcp"));
	assert_non_null(strstr(ao_test_json_str(j, "error.details.issues.0.message"), "AAO"));
	cJSON_Delete(j);
	assert_int_equal(ao_sandbox_source_count(T->sandbox), 0);
	/* once registered it is accepted */
	ao_sandbox_registry_add(T->sandbox, "https://unknown-agent.example/mcp");
	assert_int_equal(ao_test_call(T, "POST", SOURCES, body, NULL), 201);
}

static void
test_registry_file(void **state)
{
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t;
	char path[300];
	FILE *f;
	cJSON *j = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/registry.txt", T->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# the agents AAO knows\n\nhttps://sales.publisher.example/mcp MCP SALES Publisher Sales\n"
	      "https://signals.publisher.example/a2a A2A SIGNAL\n", f);
	fclose(f);
	ao_test_sandbox_options(&o);
	o.registry_file = path;
	t = ao_test_sandbox_start(0, &o);
	assert_non_null(t);
	assert_int_equal(ao_test_call(t, "POST", SOURCES, "{\"name\":\"P\",\"type\":\"SALES\",\"endpointUrl\":"
	                 "\"https://sales.publisher.example/mcp/\",\"protocol\":\"MCP\",\"authenticationType\":\"OAUTH\"}",
	                 NULL), 201);
	/* discover-agents reports what the registry knows for a domain */
	assert_int_equal(ao_test_call(t, "GET", "/api/v2/storefront/discover-agents?domain=publisher.example", NULL, &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.operator.domain"), "publisher.example");
	assert_string_equal(ao_test_json_str(j, "data.operator.agents.0.url"), "https://sales.publisher.example/mcp");
	assert_string_equal(ao_test_json_str(j, "data.operator.agents.0.name"), "Publisher Sales");
	assert_string_equal(ao_test_json_str(j, "data.operator.agents.1.type"), "SIGNAL");
	assert_string_equal(ao_test_json_str(j, "data.publisher.authorized_agents.1.url"),
	                    "https://signals.publisher.example/a2a");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(t, "GET", "/api/v2/storefront/discover-agents?domain=nobody.example", NULL, &j), 404);
	assert_string_equal(ao_test_json_str(j, "error.code"), "NOT_FOUND");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(t, "GET", "/api/v2/storefront/discover-agents?domain=https://x/y", NULL, &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "domain");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(t, "GET", "/api/v2/storefront/discover-agents", NULL, &j), 400);
	cJSON_Delete(j);
	/* the demo agents are registered under 127.0.0.1 */
	assert_int_equal(ao_test_call(t, "GET", "/api/v2/storefront/discover-agents?domain=127.0.0.1", NULL, &j), 200);
	assert_true(cJSON_GetArraySize(ao_test_json_item(j, "data.operator.agents")) >= 6);
	cJSON_Delete(j);
	ao_test_sandbox_stop(t);

	/* a broken registry file stops the start with a reason */
	f = fopen(path, "w");
	fputs("not-a-url MCP\n", f);
	fclose(f);
	{
		char err[256] = "";
		struct ao_sandbox *s;

		o.registry_file = path;
		s = ao_sandbox_start(&o, err, sizeof(err));
		assert_null(s);
		assert_non_null(strstr(err, "registry.txt:1"));
	}
}

static void
test_auth_rules(void **state)
{
	char *b;

	(void)state;
	/* required for API_KEY, JWT, BASIC_AUTH */
	b = body_with("a", "API_KEY", NULL, "");
	expect_validation(b, "auth");
	free(b);
	b = body_with("a", "JWT", NULL, "");
	expect_validation(b, "auth");
	free(b);
	b = body_with("a", "BASIC_AUTH", NULL, "");
	expect_validation(b, "auth");
	free(b);
	/* forbidden for OAUTH and NO_AUTH */
	b = body_with("a", "OAUTH", BEARER, "");
	expect_validation(b, "auth");
	free(b);
	b = body_with("a", "NO_AUTH", BEARER, "");
	expect_validation(b, "auth");
	free(b);
	/* shapes */
	b = body_with("a", "API_KEY", "{\"type\":\"Bearer\",\"token\":\"t\"}", "");
	expect_validation(b, "auth.type");
	free(b);
	b = body_with("a", "API_KEY", "{\"type\":\"bearer\"}", "");
	expect_validation(b, "auth.token");
	free(b);
	b = body_with("a", "API_KEY", "{\"type\":\"api_key\",\"token\":\"\"}", "");
	expect_validation(b, "auth.token");
	free(b);
	b = body_with("a", "API_KEY", "\"token\"", "");
	expect_validation(b, "auth");
	free(b);
	b = body_with("a", "BASIC_AUTH", "{\"type\":\"basic\",\"username\":\"u\"}", "");
	expect_validation(b, "auth.password");
	free(b);
	b = body_with("a", "JWT", "{\"type\":\"jwt\",\"privateKey\":\"not a key\",\"issuer\":\"i\",\"subject\":\"s\","
	              "\"keyId\":\"k\",\"scope\":\"x\",\"tokenEndpointUrl\":\"https://t.example/token\","
	              "\"audienceUrl\":\"https://a.example\"}", "");
	expect_validation(b, "auth.privateKey");
	free(b);
	b = body_with("a", "JWT", "{\"type\":\"jwt\",\"privateKey\":\"x\",\"issuer\":\"i\",\"subject\":\"s\","
	              "\"keyId\":\"k\",\"scope\":\"x\",\"tokenEndpointUrl\":\"https://t.example/token\","
	              "\"audienceUrl\":\"https://a.example\",\"algorithm\":\"HS256\"}", "");
	expect_validation(b, "auth.algorithm");
	free(b);
	/* a real EC P-256 key with RS256: the algorithm does not fit the key */
	b = body_with("a", "JWT", "{\"type\":\"jwt\",\"privateKey\":\"-----BEGIN PRIVATE KEY-----\\n"
	              "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0qw+bFFs38IfDGhR\\n"
	              "sj8N8t50OM5Ghi1UIKZ1oVLcNnWhRANCAATWRmssuSszmYlvNKf8uU/6p2CmeG0+\\n"
	              "AtoO7yVTH2jPZjrIF9qsNW/5hrf8C3a8vviEi/fr9HQABlSKCbI8XgPY\\n"
	              "-----END PRIVATE KEY-----\\n\",\"issuer\":\"i\",\"subject\":\"s\","
	              "\"keyId\":\"k\",\"scope\":\"x\",\"tokenEndpointUrl\":\"https://t.example/token\","
	              "\"audienceUrl\":\"https://a.example\",\"algorithm\":\"RS256\"}", "");
	expect_validation(b, "auth.algorithm");
	free(b);
	/* every valid key type is accepted */
	b = body_with("k1", "API_KEY", "{\"type\":\"apikey\",\"token\":\"t\"}", "");
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
	b = body_with("k2", "API_KEY", "{\"type\":\"api_key\",\"token\":\"t\"}", "");
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
	b = body_with("b1", "BASIC_AUTH", "{\"type\":\"basic\",\"username\":\"u\",\"password\":\"p\"}", "");
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
}

static void
test_duplicate_source_id_conflicts(void **state)
{
	char *b = body_with("Twice", "NO_AUTH", NULL, "");
	cJSON *j = NULL;

	(void)state;
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, &j), 409);
	assert_string_equal(ao_test_json_str(j, "error.code"), "CONFLICT");
	assert_string_equal(ao_test_json_str(j, "error.field"), "sourceId");
	cJSON_Delete(j);
	assert_int_equal(ao_sandbox_source_count(T->sandbox), 1);
	free(b);
}

static void
test_list_get_404_delete(void **state)
{
	char *b;
	cJSON *j = NULL;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char name[32];

		snprintf(name, sizeof(name), "Source %d", i);
		b = body_with(name, "NO_AUTH", NULL, "");
		assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
		free(b);
	}
	assert_int_equal(ao_test_call(T, "GET", SOURCES, NULL, &j), 200);
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data")), 3);
	assert_string_equal(ao_test_json_str(j, "data.0.sourceId"), "source-0");
	assert_int_equal(ao_test_json_item(j, "meta.pagination.total")->valueint, 3);
	assert_true(cJSON_IsFalse(ao_test_json_item(j, "meta.pagination.hasMore")));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "GET", SOURCES "?skip=1&take=1", NULL, &j), 200);
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data")), 1);
	assert_string_equal(ao_test_json_str(j, "data.0.sourceId"), "source-1");
	assert_true(cJSON_IsTrue(ao_test_json_item(j, "meta.pagination.hasMore")));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "GET", SOURCES "?take=abc", NULL, &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "take");
	cJSON_Delete(j);

	assert_int_equal(ao_test_call(T, "GET", SOURCES "/nope", NULL, &j), 404);
	assert_string_equal(ao_test_json_str(j, "error.code"), "NOT_FOUND");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/nope", "{\"name\":\"x\"}", NULL), 404);
	assert_int_equal(ao_test_call(T, "DELETE", SOURCES "/nope", NULL, NULL), 404);

	{
		struct ao_test_response r;

		ao_test_http(T, "DELETE", SOURCES "/source-1", NULL, NULL, &r);
		assert_int_equal(r.status, 204);
		assert_int_equal(r.body_len, 0);
		ao_test_response_free(&r);
	}
	assert_int_equal(ao_test_call(T, "GET", SOURCES "/source-1", NULL, NULL), 404);
	assert_int_equal(ao_sandbox_source_count(T->sandbox), 2);
}

static void
test_put_partial_update_and_transitions(void **state)
{
	char *b = body_with("Movable", "NO_AUTH", NULL, "");
	cJSON *j = NULL;

	(void)state;
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"name\":\"Moved\",\"description\":\"d\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.name"), "Moved");
	assert_string_equal(ao_test_json_str(j, "data.description"), "d");
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	/* empty update, immutable type, bad enum, back to PENDING: 400 with field */
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.code"), "VALIDATION_ERROR");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"type\":\"SIGNAL\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "type");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"status\":\"active\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "status");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"status\":\"PENDING\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "status");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"auth\":{\"type\":\"bearer\",\"token\":\"t\"}}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "auth");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"endpointUrl\":\"https://elsewhere.example/mcp\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "endpointUrl");
	cJSON_Delete(j);
	/* ACTIVE <-> DISABLED */
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"status\":\"DISABLED\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "DISABLED");
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/movable", "{\"status\":\"ACTIVE\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	/* a PENDING OAuth source cannot be forced ACTIVE */
	b = xasprintf("{\"name\":\"O\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-oauth\",\"protocol\":\"MCP\","
	              "\"authenticationType\":\"OAUTH\"}", T->url);
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, NULL), 201);
	free(b);
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/o", "{\"status\":\"ACTIVE\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "status");
	assert_non_null(strstr(ao_test_json_str(j, "error.details.issues.0.message"), "OAuth"));
	cJSON_Delete(j);
	/* switching it to NO_AUTH activates it */
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/o", "{\"authenticationType\":\"NO_AUTH\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data.oauth")));
	cJSON_Delete(j);
	/* switching to API_KEY needs the credential in the same request */
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/o", "{\"authenticationType\":\"API_KEY\"}", &j), 400);
	assert_string_equal(ao_test_json_str(j, "error.field"), "auth");
	cJSON_Delete(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_api_key_source_is_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_never_in_any_response, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_auth_is_active_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oauth_source_gets_authorization_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_key_is_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_key_from_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enums_are_upper_case_and_case_sensitive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lengths_count_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_url_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aao_rule_names_the_endpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_source_id_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_get_404_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_partial_update_and_transitions, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
