/* SPDX-License-Identifier: MIT */
/* Contract test: the simulator over HTTPS with a test CA generated for the
 * run (tests/support/make-test-ca.sh) and certificate verification on:
 * every endpoint, the activation probe against the demo agents over TLS,
 * the OAuth consent page, faults, and what a client sees without the CA. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"

#define SOURCES "/api/v2/storefront/inventory-sources"
#define AGENTS "/api/v2/partner/agents"
#define BEARER "{\"type\":\"bearer\",\"token\":\"" AO_SANDBOX_AGENT_TOKEN "\"}"

static struct ao_test_sandbox *T;

static int
setup(void **state)
{
	(void)state;
	T = ao_test_sandbox_start(AO_TEST_SANDBOX_TLS, NULL);
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

struct watch {
	const char *path, *want;
};

static int
has_status(void *arg)
{
	struct watch *w = arg;
	cJSON *j = NULL;
	int ok;

	ao_test_call(T, "GET", w->path, NULL, &j);
	ok = ao_test_json_str(j, "data.status") != NULL && strcmp(ao_test_json_str(j, "data.status"), w->want) == 0;
	cJSON_Delete(j);
	return ok;
}

static void
test_every_endpoint_over_https(void **state)
{
	char *b, *id, *path, *auth_url;
	cJSON *j = NULL;
	struct ao_test_response r;

	(void)state;
	assert_memory_equal(T->url, "https://127.0.0.1:", 18);
	assert_non_null(T->ca_file);
	assert_int_equal(ao_test_call(T, "GET", "/health", NULL, NULL), 200);
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/accounts/current", NULL, NULL), 200);
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/storefront/discover-agents?domain=127.0.0.1", NULL, NULL), 200);
	/* sources: create, list, get, put, delete */
	b = xasprintf("{\"name\":\"Secure\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp\",\"protocol\":\"MCP\","
	              "\"authenticationType\":\"API_KEY\",\"auth\":" BEARER "}", T->url);
	assert_int_equal(ao_test_call(T, "POST", SOURCES, b, &j), 201);
	assert_memory_equal(ao_test_json_str(j, "data.endpointUrl"), "https://", 8);
	cJSON_Delete(j);
	free(b);
	assert_int_equal(ao_test_call(T, "GET", SOURCES, NULL, NULL), 200);
	{
		/* the prober reaches the demo agent over TLS, trusting the test CA */
		struct watch w = {SOURCES "/secure", "ACTIVE"};

		assert_true(ao_test_wait_until(has_status, &w, 10000));
	}
	assert_int_equal(ao_test_call(T, "PUT", SOURCES "/secure", "{\"description\":\"tls\"}", NULL), 200);
	assert_int_equal(ao_test_call(T, "DELETE", SOURCES "/secure", NULL, NULL), 204);
	assert_int_equal(ao_test_call(T, "GET", SOURCES "/secure", NULL, NULL), 404);
	/* partners and agents */
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/partner/partners", NULL, NULL), 200);
	assert_int_equal(ao_test_call(T, "POST", "/api/v2/partner/partners", "{\"name\":\"TLS Seat\"}", NULL), 201);
	b = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"Secure Agent\",\"endpointUrl\":"
	              "\"%s/demo/mcp-oauth\",\"protocol\":\"MCP\",\"accountPolicy\":[\"advertiser_account\"],"
	              "\"authenticationType\":\"OAUTH\"}", T->url);
	assert_int_equal(ao_test_call(T, "POST", AGENTS, b, &j), 201);
	free(b);
	id = xstrdup(ao_test_json_str(j, "data.agentId"));
	cJSON_Delete(j);
	assert_int_equal(ao_test_call(T, "GET", AGENTS, NULL, NULL), 200);
	path = xasprintf(AGENTS "/%s", id);
	assert_int_equal(ao_test_call(T, "GET", path, NULL, NULL), 200);
	b = xasprintf("%s/oauth/authorize", path);
	assert_int_equal(ao_test_call(T, "POST", b, "{}", &j), 200);
	auth_url = xstrdup(ao_test_json_str(j, "data.authorizationUrl"));
	cJSON_Delete(j);
	free(b);
	assert_memory_equal(auth_url, T->url, strlen(T->url));
	/* the consent page over https */
	ao_test_http(T, "GET", auth_url, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	b = xasprintf("/sandbox/oauth/approve?state=%s", strstr(auth_url, "state=") + 6);
	ao_test_http(T, "GET", b, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	free(b);
	assert_int_equal(ao_test_call(T, "PATCH", path, "{\"status\":\"ACTIVE\"}", &j), 200);
	assert_string_equal(ao_test_json_str(j, "data.status"), "ACTIVE");
	cJSON_Delete(j);
	free(auth_url);
	free(path);
	free(id);
	/* demo agents */
	{
		const char *h[] = {"Accept: application/json, text/event-stream",
		                   "Authorization: Bearer " AO_SANDBOX_AGENT_TOKEN, NULL};

		ao_test_http(T, "POST", "/demo/mcp", h, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
		             "\"params\":{\"protocolVersion\":\"2025-06-18\"}}", &r);
		assert_int_equal(r.status, 200);
		ao_test_response_free(&r);
	}
	assert_int_equal(ao_test_call(T, "GET", "/.well-known/agent-card.json", NULL, NULL), 200);
}

static void
test_verification_is_on(void **state)
{
	struct ao_test_sandbox view = *T;
	struct ao_test_response r;
	char *localhost;

	(void)state;
	/* without the test CA the certificate is not trusted */
	view.ca_file = NULL;
	ao_test_http(&view, "GET", "/health", NULL, NULL, &r);
	assert_int_equal(r.curl_code, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(r.status, 0);
	ao_test_response_free(&r);
	/* the certificate names localhost too */
	localhost = xasprintf("https://localhost:%d/health", ao_sandbox_port(T->sandbox));
	ao_test_http(T, "GET", localhost, NULL, NULL, &r);
	assert_int_equal(r.curl_code, 0);
	assert_int_equal(r.status, 200);
	ao_test_response_free(&r);
	free(localhost);
	/* plain HTTP to the TLS port is refused cleanly, and the server lives on */
	{
		char *plain = xasprintf("http://127.0.0.1:%d/health", ao_sandbox_port(T->sandbox));

		ao_test_http(T, "GET", plain, NULL, NULL, &r);
		assert_true(r.curl_code != 0 || r.status >= 400);
		ao_test_response_free(&r);
		free(plain);
	}
	assert_int_equal(ao_test_call(T, "GET", "/health", NULL, NULL), 200);
}

static void
test_faults_over_tls(void **state)
{
	struct ao_test_response r;
	char err[128];

	(void)state;
	assert_int_equal(ao_sandbox_add_fault(T->sandbox, "GET /health:drop,times=1", err, sizeof(err)), 0);
	ao_test_http(T, "GET", "/health", NULL, NULL, &r);
	assert_true(r.curl_code != 0);
	assert_int_equal(r.status, 0);
	ao_test_response_free(&r);
	assert_int_equal(ao_sandbox_add_fault(T->sandbox, "GET /api/v2/partner/partners:truncate,times=1", err, sizeof(err)), 0);
	ao_test_http(T, "GET", "/api/v2/partner/partners", NULL, NULL, &r);
	assert_true(r.curl_code != 0);
	ao_test_response_free(&r);
	assert_int_equal(ao_sandbox_add_fault(T->sandbox, "GET /api/v2/accounts/current:status=503,times=1", err, sizeof(err)), 0);
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/accounts/current", NULL, NULL), 503);
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/accounts/current", NULL, NULL), 200);
}

static void
test_bad_certificate_files(void **state)
{
	struct ao_sandbox_options o;
	char path[300], err[512];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/garbage.pem", T->dir);
	f = fopen(path, "w");
	fputs("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", f);
	fclose(f);
	ao_sandbox_options_init(&o);
	o.tls_cert_file = path;
	o.tls_key_file = path;
	assert_null(ao_sandbox_start(&o, err, sizeof(err)));
	assert_true(strlen(err) > 0);
	o.tls_cert_file = "/nonexistent/cert.pem";
	assert_null(ao_sandbox_start(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/cert.pem"));
	o.tls_key_file = NULL;
	assert_null(ao_sandbox_start(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "--tls-key"));
	/* and never anything but loopback */
	ao_sandbox_options_init(&o);
	o.host = "0.0.0.0";
	assert_null(ao_sandbox_start(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "loopback"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_endpoint_over_https, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verification_is_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_faults_over_tls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_certificate_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
