/* SPDX-License-Identifier: MIT */
/* Contract test: the probe module (net/probe.h) against the simulator's
 * demo agents over real HTTP and HTTPS: MCP with JSON and event-stream
 * replies, bearer and basic credentials, a wrong credential, no
 * credential, OAuth discovery, JWT, the A2A card and its JSON-RPC
 * interface, 404, a slow agent, 5xx, oversized / HTML / dropped answers,
 * TLS with an unknown CA and with the test CA, cancel, and that no secret
 * ever appears in a result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/log.h"
#include "agent-onboard/net/probe.h"
#include "../support/sandbox_fixture.h"

static struct ao_test_sandbox *T;      /* plain HTTP */
static struct ao_test_sandbox *TLS;    /* HTTPS with a fresh test CA */

static int
setup(void **state)
{
	struct ao_sandbox_options o;

	(void)state;
	ao_test_sandbox_options(&o);
	o.activate_after_ms = 600000;   /* no activation probes competing for the demo agents */
	T = ao_test_sandbox_start(0, &o);
	TLS = ao_test_sandbox_start(AO_TEST_SANDBOX_TLS, &o);
	return T != NULL && TLS != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	ao_test_sandbox_stop(T);
	ao_test_sandbox_stop(TLS);
	return 0;
}

static int
reset(void **state)
{
	(void)state;
	ao_sandbox_clear_faults(T->sandbox);
	ao_sandbox_reset_counts(T->sandbox);
	return 0;
}

struct probe {
	const char *path, *protocol, *type, *auth, *token, *user, *password;
	const char *ca_file;
	long timeout_ms;
	int tls;
	struct ao_log *log;
};

static enum ao_probe_outcome
run(const struct probe *p, struct ao_probe_result *r)
{
	const struct ao_test_sandbox *t = p->tls ? TLS : T;
	struct ao_probe_request q;
	char *url = ao_test_sandbox_url(t, p->path);
	enum ao_probe_outcome o;

	memset(&q, 0, sizeof(q));
	q.url = url;
	q.protocol = p->protocol ? p->protocol : "MCP";
	q.agent_type = p->type;
	q.auth_type = p->auth;
	q.token = p->token;
	q.username = p->user;
	q.password = p->password;
	q.ca_file = p->ca_file;
	q.timeout_ms = p->timeout_ms ? p->timeout_ms : 5000;
	q.log = p->log;
	o = ao_probe_run(&q, r);
	free(url);
	return o;
}

/* No text of the result may contain the secret. */
static void
assert_no_secret(const struct ao_probe_result *r, const char *secret)
{
	size_t i;

	if (secret == NULL)
		return;
	assert_null(strstr(r->message, secret));
	assert_null(strstr(r->fix, secret));
	assert_null(strstr(r->skills, secret));
	assert_null(strstr(r->server_name, secret));
	for (i = 0; i < AO_CHECK_COUNT; i++)
		if (strstr(r->checks[i].detail, secret) != NULL)
			fail_msg("check %s shows the secret: %s", ao_probe_check_name(i), r->checks[i].detail);
}

static void
expect(const struct ao_probe_result *r, enum ao_probe_outcome want)
{
	if (r->outcome != want)
		fail_msg("outcome %s (%s | fix: %s), want %s", ao_probe_outcome_name(r->outcome),
		         r->message, r->fix, ao_probe_outcome_name(want));
}

/* --- MCP ------------------------------------------------------------------- */

static void
test_mcp_json_bearer(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp", .type = "SALES", .auth = "API_KEY",
	                   .token = AO_SANDBOX_AGENT_TOKEN };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.http_status, 200);
	assert_int_equal(r.reachable, 1);
	assert_int_equal(r.auth_accepted, 1);
	assert_int_equal(r.speaks_protocol, 1);
	assert_int_equal(r.has_capabilities_tool, 1);
	assert_int_equal(r.has_products_tool, 1);
	assert_int_equal(r.warnings, 0);
	assert_true(r.server_name[0] != '\0');
	assert_true(r.protocol_version[0] != '\0');
	assert_int_equal(r.checks[AO_CHECK_TOOLS].state, AO_CHECK_PASS);
	assert_non_null(strstr(r.checks[AO_CHECK_HTTP].detail, "JSON"));
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_OK);
	assert_no_secret(&r, AO_SANDBOX_AGENT_TOKEN);
	/* initialize, notifications/initialized, tools/list; then the session ends */
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "POST /demo/mcp"), 3);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "DELETE /demo/mcp"), 1);
}

static void
test_mcp_sse(void **state)
{
	static const char *const paths[] = { "/demo/mcp-sse", "/demo/mcp?sse=1" };
	struct ao_probe_result r;
	struct probe p = { .auth = "API_KEY", .token = AO_SANDBOX_AGENT_TOKEN };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		p.path = paths[i];
		run(&p, &r);
		expect(&r, AO_PROBE_OK);
		assert_non_null(strstr(r.checks[AO_CHECK_HTTP].detail, "event stream"));
		assert_int_equal(r.has_capabilities_tool, 1);
	}
}

static void
test_mcp_basic(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp-basic", .auth = "BASIC_AUTH", .user = AO_SANDBOX_AGENT_USER,
	                   .password = AO_SANDBOX_AGENT_PASSWORD };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.auth_accepted, 1);
	assert_no_secret(&r, AO_SANDBOX_AGENT_PASSWORD);

	p.password = "wrong-password";
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REJECTED);
	assert_int_equal(r.auth_accepted, 0);
	assert_int_equal(r.http_status, 401);
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_REJECTED);
	assert_no_secret(&r, "wrong-password");
}

static void
test_mcp_wrong_or_missing_credential(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp", .auth = "API_KEY", .token = "not-the-token" };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REJECTED);
	assert_int_equal(r.checks[AO_CHECK_AUTH].state, AO_CHECK_FAIL);
	assert_non_null(strstr(r.message, "invalid_token"));
	assert_non_null(strstr(r.fix, "token"));
	assert_no_secret(&r, "not-the-token");

	/* no credential at all: required, and the fix names the types */
	p.auth = "NO_AUTH";
	p.token = NULL;
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REQUIRED);
	assert_non_null(strstr(r.fix, "API_KEY"));

	/* a bearer token where Basic is wanted: the fix says so */
	p.path = "/demo/mcp-basic";
	p.auth = "API_KEY";
	p.token = AO_SANDBOX_AGENT_TOKEN;
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REJECTED);
	assert_non_null(strstr(r.fix, "BASIC_AUTH"));
}

static void
test_mcp_open(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp-open", .auth = "NO_AUTH" };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.checks[AO_CHECK_AUTH].state, AO_CHECK_PASS);
}

static void
test_mcp_oauth_and_jwt(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp-oauth", .auth = "OAUTH" };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_string_equal(r.oauth_issuer, T->url);
	assert_int_equal(r.checks[AO_CHECK_OAUTH].state, AO_CHECK_PASS);
	assert_int_equal(r.checks[AO_CHECK_AUTH].state, AO_CHECK_SKIP);
	assert_int_equal(r.auth_accepted, -1);

	/* the same agent with NO_AUTH: OAuth is required, and the fix says OAUTH */
	p.auth = "NO_AUTH";
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REQUIRED);
	assert_non_null(strstr(r.fix, "OAUTH"));

	/* JWT: the token exchange is the platform's; a 401 is what we expect */
	p.path = "/demo/mcp";
	p.auth = "JWT";
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.checks[AO_CHECK_AUTH].state, AO_CHECK_SKIP);
	assert_int_equal(r.speaks_protocol, -1);
	/* (OAUTH on an origin without any OAuth metadata: test_probe_edges) */
}

/* The wizard's endpoint step: no authentication type yet.  A 401 is not a
 * failure there; the result says which type fits. */
static void
test_auth_not_chosen_yet(void **state)
{
	static const struct {
		const char *path, *fix_has;
		int auth_state;
	} cases[] = {
		{ "/demo/mcp", "API_KEY", AO_CHECK_SKIP },
		{ "/demo/mcp-basic", "BASIC_AUTH", AO_CHECK_SKIP },
		{ "/demo/mcp-oauth", "OAUTH", AO_CHECK_SKIP },
		{ "/demo/mcp-open", NULL, AO_CHECK_PASS },
	};
	struct ao_probe_result r;
	struct probe p = { .auth = NULL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p.path = cases[i].path;
		run(&p, &r);
		expect(&r, AO_PROBE_OK);
		assert_int_equal(r.checks[AO_CHECK_AUTH].state, cases[i].auth_state);
		if (cases[i].fix_has != NULL) {
			if (strstr(r.fix, cases[i].fix_has) == NULL)
				fail_msg("%s: fix \"%s\" does not suggest %s", cases[i].path, r.fix, cases[i].fix_has);
			assert_non_null(strstr(r.message, "choose the authentication type"));
		}
	}
	/* the OAuth agent's authorization server was found on the way */
	p.path = "/demo/mcp-oauth";
	run(&p, &r);
	assert_string_equal(r.oauth_issuer, T->url);
	/* a Bearer agent without OAuth metadata shows no OAuth line */
	p.path = "/demo/mcp-basic";
	run(&p, &r);
	assert_int_equal(r.checks[AO_CHECK_OAUTH].state, AO_CHECK_NOT_RUN);
}

static void
test_not_found(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/no-such-agent", .auth = "NO_AUTH" };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_non_null(strstr(r.fix, "/mcp"));
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_REJECTED);
}

/* A ceiling against hangs only: the suite runs on a loaded 2-core machine,
 * so what ended a probe is asserted through its result, not its speed. */
#define HANG_CEILING_MS 9000

static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void
test_slow_agent_times_out(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp-open", .auth = "NO_AUTH", .timeout_ms = 400 };
	struct timespec t0;
	char err[200];

	(void)state;
	/* the agent would answer after 30 s: a TIMEOUT result can only come
	 * from the probe's own 400 ms deadline; the ceiling is against hangs */
	assert_int_equal(ao_sandbox_add_fault(T->sandbox, "POST /demo/mcp-open:latency=30000", err,
	                                      sizeof(err)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run(&p, &r);
	expect(&r, AO_PROBE_TIMEOUT);
	assert_true(ms_since(&t0) < HANG_CEILING_MS);
	assert_int_equal(r.checks[AO_CHECK_CONNECT].state, AO_CHECK_PASS);   /* it was reachable */
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_NETWORK);
}

static void
test_server_faults(void **state)
{
	static const struct {
		const char *fault;
		enum ao_probe_outcome outcome;
		int exit_code;
	} cases[] = {
		{ "POST /demo/mcp-open:status=503", AO_PROBE_HTTP, AO_EXIT_NETWORK },
		{ "POST /demo/mcp-open:status=500", AO_PROBE_HTTP, AO_EXIT_NETWORK },
		{ "POST /demo/mcp-open:oversize", AO_PROBE_NOT_PROTOCOL, AO_EXIT_REJECTED },
		{ "POST /demo/mcp-open:wrong-type", AO_PROBE_NOT_PROTOCOL, AO_EXIT_REJECTED },
		{ "POST /demo/mcp-open:drop", AO_PROBE_HTTP, AO_EXIT_NETWORK },
		{ "POST /demo/mcp-open:truncate", AO_PROBE_HTTP, AO_EXIT_NETWORK },
	};
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp-open", .auth = "NO_AUTH" };
	char err[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ao_sandbox_clear_faults(T->sandbox);
		assert_int_equal(ao_sandbox_add_fault(T->sandbox, cases[i].fault, err, sizeof(err)), 0);
		run(&p, &r);
		if (r.outcome != cases[i].outcome || ao_probe_exit_code(&r) != cases[i].exit_code)
			fail_msg("%s: outcome %s exit %d (%s)", cases[i].fault, ao_probe_outcome_name(r.outcome),
			         ao_probe_exit_code(&r), r.message);
		assert_true(r.message[0] != '\0');
		assert_true(r.fix[0] != '\0');
	}
}

/* --- A2A ------------------------------------------------------------------- */

static void
test_a2a(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/a2a", .protocol = "A2A", .type = "SALES", .auth = "API_KEY",
	                   .token = AO_SANDBOX_AGENT_TOKEN };

	(void)state;
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.speaks_protocol, 1);
	assert_int_equal(r.adcp_extension, 1);
	assert_int_equal(r.has_capabilities_tool, 1);
	assert_int_equal(r.has_products_tool, 1);
	assert_int_equal(r.auth_accepted, 1);   /* the JSON-RPC call got past the credential check */
	assert_non_null(strstr(r.interfaces, "JSONRPC"));
	assert_non_null(strstr(r.skills, "get_adcp_capabilities"));
	assert_non_null(strstr(r.server_name, "Demo"));
	assert_int_equal(r.warnings, 0);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "GET /.well-known/agent-card.json"), 1);

	p.token = "wrong";
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REJECTED);
	assert_no_secret(&r, "wrong");

	p.auth = "NO_AUTH";
	p.token = NULL;
	run(&p, &r);
	expect(&r, AO_PROBE_AUTH_REQUIRED);

	/* an MCP-only path probed as A2A still finds the card at the origin;
	 * probing a non-agent host as A2A is in test_probe_edges */
}

/* --- TLS --------------------------------------------------------------------- */

static void
test_tls_unknown_ca_then_trusted(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp", .auth = "API_KEY", .token = AO_SANDBOX_AGENT_TOKEN, .tls = 1 };

	(void)state;
	assert_non_null(strstr(TLS->url, "https://"));
	run(&p, &r);
	expect(&r, AO_PROBE_TLS);
	assert_int_equal(r.tls_ok, 0);
	assert_int_equal(r.checks[AO_CHECK_TLS].state, AO_CHECK_FAIL);
	assert_non_null(strstr(r.message, "does not trust"));
	assert_non_null(strstr(r.fix, "--ca-file"));
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_NETWORK);
	/* the credential never went out: the handshake failed first */
	assert_int_equal(ao_sandbox_request_count(TLS->sandbox, "POST /demo/mcp"), 0);

	p.ca_file = TLS->ca_file;
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	assert_int_equal(r.tls_ok, 1);
	assert_int_equal(r.checks[AO_CHECK_TLS].state, AO_CHECK_PASS);

	/* --ca-file naming another CA: a certificate problem, and --ca-file
	 * (the right CA) is the fix */
	p.ca_file = "tests/data/keys/cert.pem";
	ao_sandbox_reset_counts(TLS->sandbox);
	run(&p, &r);
	expect(&r, AO_PROBE_TLS);
	assert_non_null(strstr(r.message, "certificate problem"));
	assert_non_null(strstr(r.checks[AO_CHECK_TLS].detail, "certificate problem"));
	assert_non_null(strstr(r.fix, "--ca-file"));
	assert_non_null(strstr(r.fix, "does not vouch"));
	assert_int_equal(ao_sandbox_request_count(TLS->sandbox, "POST /demo/mcp"), 0);

	/* a missing CA file is named */
	p.ca_file = "/nonexistent/ca.pem";
	run(&p, &r);
	expect(&r, AO_PROBE_TLS);
	assert_non_null(strstr(r.message, "/nonexistent/ca.pem"));
}

static void
test_https_to_plain_port(void **state)
{
	struct ao_probe_result r;
	struct ao_probe_request q;
	char *url = xasprintf("https://127.0.0.1:%d/demo/mcp-open", ao_sandbox_port(T->sandbox));

	(void)state;
	memset(&q, 0, sizeof(q));
	q.url = url;
	q.protocol = "MCP";
	q.timeout_ms = 3000;
	ao_probe_run(&q, &r);
	expect(&r, AO_PROBE_TLS);
	assert_non_null(strstr(r.checks[AO_CHECK_TLS].detail, "handshake"));
	free(url);
}

/* --- the --log trace ------------------------------------------------------------ */

/* --log promises a redacted trace of every request: the probe's exchanges
 * with the agent are in it (request line, headers, bodies, outcome), the
 * credential only as a masked Authorization header. */
static void
test_log_traces_every_exchange(void **state)
{
	struct ao_probe_result r;
	struct probe p = { .path = "/demo/mcp", .auth = "API_KEY", .token = AO_SANDBOX_AGENT_TOKEN };
	struct probe pw = { .path = "/demo/mcp-basic", .auth = "BASIC_AUTH", .user = "demo",
	                    .password = "demo-password" };
	char path[512], msg[256];
	struct ao_buf b;

	(void)state;
	snprintf(path, sizeof(path), "%s/probe-trace.log", T->dir);
	p.log = ao_log_open(path, msg, sizeof(msg));
	assert_non_null(p.log);
	run(&p, &r);
	expect(&r, AO_PROBE_OK);
	pw.log = p.log;
	run(&pw, &r);
	expect(&r, AO_PROBE_OK);
	ao_log_close(p.log);

	ao_buf_init(&b, 1024 * 1024);
	assert_int_equal(ao_buf_read_file(&b, path, 1024 * 1024), 0);
	/* every request the agent received is in the trace */
	assert_non_null(strstr(b.data, "> POST http://127.0.0.1:"));
	assert_non_null(strstr(b.data, "/demo/mcp\n"));
	assert_non_null(strstr(b.data, "\"method\":\"initialize\""));
	assert_non_null(strstr(b.data, "\"method\":\"tools/list\""));
	assert_non_null(strstr(b.data, "< HTTP/1.1 200"));
	assert_non_null(strstr(b.data, "= HTTP 200, ok"));
	assert_non_null(strstr(b.data, "Authorization: " AO_MASK));
	/* and no secret */
	assert_null(strstr(b.data, AO_SANDBOX_AGENT_TOKEN));
	assert_null(strstr(b.data, "demo-password"));
	assert_null(strstr(b.data, "ZGVtbzpkZW1vLXBhc3N3b3Jk"));   /* base64 of demo:demo-password */
	assert_null(strstr(b.data, "Bearer "));
	assert_null(strstr(b.data, "Basic "));
	ao_buf_free(&b);
}

/* --- cancel ------------------------------------------------------------------- */

struct canceller {
	volatile int *flag;
	long after_ms;
};

static void *
cancel_later(void *arg)
{
	struct canceller *c = arg;
	struct timespec ts = { c->after_ms / 1000, (c->after_ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
	*c->flag = 1;
	return NULL;
}

static void
test_cancel_is_prompt(void **state)
{
	struct ao_probe_request q;
	struct ao_probe_result r;
	volatile int flag = 0;
	struct canceller c = { &flag, 150 };
	struct timespec t0;
	pthread_t th;
	char err[200], *url = ao_test_sandbox_url(T, "/demo/mcp-open");

	(void)state;
	assert_int_equal(ao_sandbox_add_fault(T->sandbox, "POST /demo/mcp-open:latency=30000", err,
	                                      sizeof(err)), 0);
	memset(&q, 0, sizeof(q));
	q.url = url;
	q.protocol = "MCP";
	q.timeout_ms = 10000;
	q.cancel = &flag;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&th, NULL, cancel_later, &c);
	ao_probe_run(&q, &r);
	pthread_join(th, NULL);
	/* CANCELLED, not TIMEOUT (10 s) nor an answer (30 s): the cancel
	 * ended it.  How fast is a benchmark's business (make bench). */
	expect(&r, AO_PROBE_CANCELLED);
	assert_true(ms_since(&t0) < HANG_CEILING_MS);
	assert_int_equal(ao_probe_exit_code(&r), AO_EXIT_INTERRUPTED);
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mcp_json_bearer, reset),
		cmocka_unit_test_setup(test_mcp_sse, reset),
		cmocka_unit_test_setup(test_mcp_basic, reset),
		cmocka_unit_test_setup(test_mcp_wrong_or_missing_credential, reset),
		cmocka_unit_test_setup(test_mcp_open, reset),
		cmocka_unit_test_setup(test_mcp_oauth_and_jwt, reset),
		cmocka_unit_test_setup(test_auth_not_chosen_yet, reset),
		cmocka_unit_test_setup(test_not_found, reset),
		cmocka_unit_test_setup(test_slow_agent_times_out, reset),
		cmocka_unit_test_setup(test_server_faults, reset),
		cmocka_unit_test_setup(test_a2a, reset),
		cmocka_unit_test_setup(test_tls_unknown_ca_then_trusted, reset),
		cmocka_unit_test_setup(test_https_to_plain_port, reset),
		cmocka_unit_test_setup(test_cancel_is_prompt, reset),
		cmocka_unit_test_setup(test_log_traces_every_exchange, reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
