/* SPDX-License-Identifier: MIT */
/* core/explain.h: the verdict picks the cause the evidence shows, the
 * evidence lists every source (or says it was not available), and the fix
 * is the command for that cause. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "agent-onboard/core/explain.h"

static struct ao_resource
source(enum ao_reg_status st, const char *raw, const char *auth, int configured)
{
	struct ao_resource r;

	memset(&r, 0, sizeof(r));
	r.kind = AO_KIND_SOURCE;
	r.id = (char *)"acme";
	r.agent_id = (char *)"acme_1";
	r.endpoint_url = (char *)"https://agent.example/mcp";
	r.protocol = (char *)"MCP";
	r.status = st;
	r.status_raw = (char *)raw;
	r.auth_type = (char *)auth;
	r.auth_configured = configured;
	return r;
}

static void
test_refused_credential(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "API_KEY", 1);
	cJSON *disc = cJSON_Parse("{\"outcome\":\"UPSTREAM_ERROR\",\"message\":\"credential refused: HTTP 401\"}");
	struct ao_explanation x;

	(void)state;
	ao_explain(&r, NULL, NULL, disc, &x);
	assert_non_null(strstr(x.verdict, "rejects the stored credential: credential refused: HTTP 401"));
	assert_non_null(strstr(x.fix, "agent-onboard update acme --secret-file FILE"));
	assert_non_null(strstr(x.evidence, "readiness: not available"));
	assert_non_null(strstr(x.evidence, "discovery test: UPSTREAM_ERROR"));
	cJSON_Delete(disc);
}

static void
test_refused_seen_in_compliance_only(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "BASIC_AUTH", 1);
	cJSON *ready = cJSON_Parse("{\"status\":\"blocked\",\"checks\":[{\"id\":\"agent_connectivity\",\"compliance\":"
	                           "[{\"agentId\":\"acme_1\",\"passed\":false,\"observations\":[\"HTTP 403 from the agent\"]}]}]}");
	struct ao_explanation x;

	(void)state;
	ao_explain(&r, ready, NULL, NULL, &x);
	assert_non_null(strstr(x.verdict, "rejects the stored credential: HTTP 403"));
	assert_non_null(strstr(x.fix, "--username"));
	assert_non_null(strstr(x.evidence, "compliance: not passed; HTTP 403 from the agent"));
	cJSON_Delete(ready);
}

static void
test_unreachable(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "API_KEY", 1);
	cJSON *diag = cJSON_Parse("{\"calls\":3,\"failures\":3,\"lastCall\":{\"message\":\"not working: connection refused\"}}");
	cJSON *disc = cJSON_Parse("{\"outcome\":\"NOT_REACHED\",\"message\":\"not working: connection refused\"}");
	struct ao_explanation x;

	(void)state;
	ao_explain(&r, NULL, diag, disc, &x);
	assert_non_null(strstr(x.verdict, "cannot reach the agent at https://agent.example/mcp: not working"));
	assert_non_null(strstr(x.fix, "agent-onboard probe https://agent.example/mcp --protocol MCP"));
	assert_non_null(strstr(x.evidence, "diagnostics: 3 calls, 3 failed"));
	cJSON_Delete(diag);
	cJSON_Delete(disc);
}

static void
test_no_credential_and_oauth_and_disabled(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "API_KEY", 0);
	struct ao_explanation x;

	(void)state;
	ao_explain(&r, NULL, NULL, NULL, &x);
	assert_non_null(strstr(x.verdict, "no credential"));
	assert_string_equal(x.fix, "agent-onboard update acme --secret-file FILE");

	r = source(AO_ST_PENDING, "PENDING", "OAUTH", 0);
	r.kind = AO_KIND_AGENT;
	ao_explain(&r, NULL, NULL, NULL, &x);
	assert_non_null(strstr(x.verdict, "OAuth consent"));
	assert_string_equal(x.fix, "agent-onboard update acme --reauthorize --wait");

	r = source(AO_ST_DISABLED, "DISABLED", "NO_AUTH", 1);
	ao_explain(&r, NULL, NULL, NULL, &x);
	assert_non_null(strstr(x.verdict, "DISABLED"));
	assert_string_equal(x.fix, "agent-onboard update acme --status ACTIVE");

	r = source(AO_ST_ACTIVE, "ACTIVE", "API_KEY", 1);
	ao_explain(&r, NULL, NULL, NULL, &x);
	assert_non_null(strstr(x.verdict, "ACTIVE"));
	assert_string_equal(x.fix, "");
}

/* Our own probe of the endpoint: its 401 with the credential given names
 * the credential even when the platform has not said anything yet. */
static void
test_probe_rejects_given_credential(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "API_KEY", 1);
	struct ao_explain_probe p = { AO_EXPLAIN_PROBE_REJECTED, 1, 401, "https://agent.example/mcp",
	                              "The agent rejected the token (HTTP 401)." };
	struct ao_explanation x;

	(void)state;
	ao_explain_with_probe(&r, NULL, NULL, NULL, &p, &x);
	assert_string_equal(x.verdict, "the agent rejects the stored credential: HTTP 401 from "
	                    "https://agent.example/mcp (our probe, with the credential given).");
	assert_string_equal(x.fix, "agent-onboard update acme --secret-file FILE   (the agent's current token)");
	assert_non_null(strstr(x.evidence, "- our probe (with the given credential) of https://agent.example/mcp: "
	                       "credential rejected: The agent rejected the token (HTTP 401).\n"));
}

static void
test_probe_unreachable(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "API_KEY", 1);
	struct ao_explain_probe p = { AO_EXPLAIN_PROBE_UNREACHABLE, 0, 0, "https://agent.example/mcp",
	                              "connection refused" };
	struct ao_explanation x;

	(void)state;
	ao_explain_with_probe(&r, NULL, NULL, NULL, &p, &x);
	assert_string_equal(x.verdict, "the agent is unreachable: connection refused");
	assert_non_null(strstr(x.fix, "start the agent at https://agent.example/mcp"));
	/* a partner agent the same (no platform evidence for agents) */
	r.kind = AO_KIND_AGENT;
	ao_explain_with_probe(&r, NULL, NULL, NULL, &p, &x);
	assert_string_equal(x.verdict, "the agent is unreachable: connection refused");
}

/* The platform's call was refused, ours with the given credential worked:
 * the stored credential is not the one the agent expects. */
static void
test_probe_accepts_what_platform_was_refused(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "API_KEY", 1);
	cJSON *disc = cJSON_Parse("{\"outcome\":\"UPSTREAM_ERROR\",\"message\":\"credential refused: HTTP 401\"}");
	struct ao_explain_probe p = { AO_EXPLAIN_PROBE_OK, 1, 200, "https://agent.example/mcp", "" };
	struct ao_explanation x;

	(void)state;
	ao_explain_with_probe(&r, NULL, NULL, disc, &p, &x);
	assert_non_null(strstr(x.verdict, "they differ"));
	assert_non_null(strstr(x.fix, "--secret-file FILE"));
	/* and without our probe: the platform's word alone */
	ao_explain_with_probe(&r, NULL, NULL, disc, NULL, &x);
	assert_non_null(strstr(x.verdict, "rejects the stored credential: credential refused"));
	assert_non_null(strstr(x.evidence, "- our probe: not run\n"));
	cJSON_Delete(disc);
}

/* A revoked or expired grant shows as oauthError: named, and re-authorizing fixes it. */
static void
test_revoked_oauth_grant(void **state)
{
	struct ao_resource r = source(AO_ST_PENDING, "PENDING", "OAUTH", 0);
	struct ao_explanation x;

	(void)state;
	r.kind = AO_KIND_AGENT;
	r.oauth_error = (char *)"invalid_grant: the OAuth grant was revoked or has expired; authorize again";
	ao_explain(&r, NULL, NULL, NULL, &x);
	assert_string_equal(x.verdict, "acme has no working OAuth grant (revoked, expired or never obtained); the "
	                    "platform says: invalid_grant: the OAuth grant was revoked or has expired; authorize again");
	assert_string_equal(x.fix, "agent-onboard update acme --reauthorize --wait");
	assert_non_null(strstr(x.evidence, "- OAuth error: invalid_grant"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_credential),
		cmocka_unit_test(test_refused_seen_in_compliance_only),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_no_credential_and_oauth_and_disabled),
		cmocka_unit_test(test_probe_rejects_given_credential),
		cmocka_unit_test(test_probe_unreachable),
		cmocka_unit_test(test_revoked_oauth_grant),
		cmocka_unit_test(test_probe_accepts_what_platform_was_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
