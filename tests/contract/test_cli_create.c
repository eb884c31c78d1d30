/* SPDX-License-Identifier: MIT */
/* Contract test: `create`, `status` and the shared wait loop, in-process
 * against the simulator, counting the requests it receives:
 *   - --dry-run, a secret given as a flag and invalid answers send nothing
 *     (not a single request of any kind reaches the simulator);
 *   - a real create sends exactly one POST and registers one source;
 *   - ao_wait_run: a timeout on a source that stays PENDING, a wait that is
 *     interrupted before it starts (no request), a check slower than
 *     --timeout abandoned at the timeout, unreadable / 5xx / oversized
 *     answers ridden out until the timeout and reported with how to follow
 *     the registration, an agent activated with the PATCH, and the "final
 *     state" rules;
 *   - no platform key and no usable keyring: exit 9, nothing sent;
 *   - secret input: option parsing, the environment fallback, the
 *     refusal sentence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/secret_input.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/http.h"
#include "agent-onboard/net/loop.h"
#include "../support/sandbox_fixture.h"

#define SOURCES "/api/v2/storefront/inventory-sources"
#define TOKEN_SENTINEL "sentinel-token-never-shown"

static struct ao_test_sandbox *T;
static char token_file[300], wrong_file[300], out_file[300];

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	ao_http_global_init();
	setenv("SCOPE3_API_KEY", AO_SANDBOX_DEMO_KEY, 1);
	unsetenv("AO_AGENT_TOKEN");
	unsetenv("AO_AGENT_PASSWORD");
	T = ao_test_sandbox_start(0, NULL);
	if (T == NULL)
		return -1;
	snprintf(token_file, sizeof(token_file), "%s/token", T->dir);
	snprintf(wrong_file, sizeof(wrong_file), "%s/wrong", T->dir);
	snprintf(out_file, sizeof(out_file), "%s/stdout", T->dir);
	f = fopen(token_file, "w");
	fprintf(f, "%s\n", AO_SANDBOX_AGENT_TOKEN);
	fclose(f);
	f = fopen(wrong_file, "w");
	fprintf(f, "%s\n", TOKEN_SENTINEL);
	fclose(f);
	chmod(token_file, 0600);
	chmod(wrong_file, 0600);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ao_test_sandbox_stop(T);
	T = NULL;
	return 0;
}

/* Runs a command in-process with stdout and stderr in out_file; returns its
 * exit code.  args: NULL-terminated, without the command name. */
static int
run(ao_command_fn fn, const char *name, const char *const *args)
{
	struct ao_global g;
	char *argv[64];
	int argc = 0, saved_out, saved_err, fd, rc;

	memset(&g, 0, sizeof(g));
	g.api_url = T->url;
	argv[argc++] = (char *)name;
	while (*args != NULL && argc < 63)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	fd = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	rc = fn(&g, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	return rc;
}

static char *
output(void)
{
	FILE *f = fopen(out_file, "r");
	char *buf = xcalloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);

	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
dry_run_sends_nothing(void **state)
{
	char *url = ao_test_sandbox_url(T, "/demo/mcp"), *out;
	const char *args[] = { "--kind", "source", "--name", "Dry", "--type", "SALES", "--protocol", "MCP",
	                       "--endpoint-url", url, "--auth-type", "API_KEY", "--secret-file", wrong_file,
	                       "--dry-run", NULL };

	(void)state;
	ao_sandbox_reset_counts(T->sandbox);
	assert_int_equal(run(ao_cmd_create, "create", args), AO_EXIT_OK);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "*"), 0);
	out = output();
	assert_non_null(strstr(out, "POST "));
	assert_non_null(strstr(out, "Authorization: Bearer " AO_MASK));
	assert_null(strstr(out, TOKEN_SENTINEL));
	assert_null(strstr(out, AO_SANDBOX_DEMO_KEY));
	free(out);
	free(url);
}

static void
refusals_send_nothing(void **state)
{
	char *url = ao_test_sandbox_url(T, "/demo/mcp"), *out;
	const char *secret_flag[] = { "--kind", "source", "--name", "X", "--token", TOKEN_SENTINEL, NULL };
	const char *secret_eq[] = { "--kind", "source", "--password=" TOKEN_SENTINEL, NULL };
	const char *invalid[] = { "--kind", "source", "--name", "X", "--type", "SELLS", "--protocol", "MCP",
	                          "--endpoint-url", "http://remote.example/mcp", "--auth-type", "API_KEY", NULL };
	const char *nothing[] = { NULL };

	(void)state;
	ao_sandbox_reset_counts(T->sandbox);
	assert_int_equal(run(ao_cmd_create, "create", secret_flag), AO_EXIT_USAGE);
	out = output();
	assert_non_null(strstr(out, "ps and shell history"));
	assert_null(strstr(out, TOKEN_SENTINEL));
	free(out);
	assert_int_equal(run(ao_cmd_create, "create", secret_eq), AO_EXIT_USAGE);
	assert_int_equal(run(ao_cmd_create, "create", nothing), AO_EXIT_USAGE);
	assert_int_equal(run(ao_cmd_create, "create", invalid), AO_EXIT_INVALID);
	out = output();
	/* every problem at once: type, endpointUrl, the missing token */
	assert_non_null(strstr(out, "type (--type)"));
	assert_non_null(strstr(out, "endpointUrl (--endpoint-url)"));
	assert_non_null(strstr(out, "token (--secret-file"));
	free(out);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "*"), 0);
	free(url);
}

static void
create_sends_one_post(void **state)
{
	char *url = ao_test_sandbox_url(T, "/demo/mcp");
	const char *args[] = { "--kind", "source", "--name", "Once", "--type", "SALES", "--protocol", "MCP",
	                       "--endpoint-url", url, "--auth-type", "API_KEY", "--secret-file", token_file,
	                       "--json", NULL };
	const char *status_args[] = { "once", "--wait", "--timeout", "20", NULL };
	size_t before = ao_sandbox_source_count(T->sandbox);

	(void)state;
	ao_sandbox_reset_counts(T->sandbox);
	assert_int_equal(run(ao_cmd_create, "create", args), AO_EXIT_OK);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "POST " SOURCES), 1);
	assert_int_equal(ao_sandbox_source_count(T->sandbox), before + 1);
	assert_int_equal(run(ao_cmd_status, "status", status_args), AO_EXIT_OK);
	free(url);
}

/* A client for ao_wait_run. */
static struct ao_api *
client(struct ao_loop **loop)
{
	struct ao_api_config cfg;
	char msg[256];
	struct ao_api *api;

	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = T->url;
	cfg.api_key = AO_SANDBOX_DEMO_KEY;
	*loop = ao_loop_new();
	api = ao_api_new(*loop, &cfg, msg, sizeof(msg));
	assert_non_null(api);
	return api;
}

static void
wait_times_out_and_interrupts(void **state)
{
	char *url = ao_test_sandbox_url(T, "/demo/mcp");
	const char *args[] = { "--kind", "source", "--name", "Stays Pending", "--type", "SALES", "--protocol",
	                       "MCP", "--endpoint-url", url, "--auth-type", "API_KEY", "--secret-file", wrong_file,
	                       NULL };
	struct ao_wait_spec spec = { AO_KIND_SOURCE, "stays-pending", 0.4, 0, 0 };
	struct ao_resource r;
	struct ao_wait_result w;
	struct ao_loop *loop;
	struct ao_api *api;
	volatile sig_atomic_t stop = 0;
	double t0;

	(void)state;
	assert_int_equal(run(ao_cmd_create, "create", args), AO_EXIT_OK);
	api = client(&loop);

	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	t0 = ao_now();
	assert_int_equal(ao_wait_run(api, &spec, &r, &stop, &w), AO_ERR_PENDING);
	assert_true(w.timed_out);
	assert_true(w.checks >= 1);
	assert_true(ao_now() - t0 < 15.0);   /* a ceiling against hangs only */
	assert_int_equal(r.status, AO_ST_PENDING);
	assert_non_null(strstr(w.message, "status stays-pending --wait"));
	ao_wait_result_free(&w);

	/* interrupted before anything happened: no request at all */
	ao_sandbox_reset_counts(T->sandbox);
	stop = 1;
	ao_resource_free(&r);
	assert_int_equal(ao_wait_run(api, &spec, &r, &stop, &w), AO_ERR_INTERRUPTED);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "*"), 0);
	assert_int_equal(ao_status_exit(w.status), AO_EXIT_INTERRUPTED);
	ao_wait_result_free(&w);

	ao_resource_free(&r);
	ao_api_free(api);
	ao_loop_free(loop);
	free(url);
}

static void
add_fault(const char *spec)
{
	char err[256];

	if (ao_sandbox_add_fault(T->sandbox, spec, err, sizeof(err)) != 0)
		fail_msg("fault %s: %s", spec, err);
}

/* A source that stays PENDING (the agent refuses the token). */
static void
pending_source(const char *name)
{
	char *url = ao_test_sandbox_url(T, "/demo/mcp");
	const char *args[] = { "--kind", "source", "--name", name, "--type", "SALES", "--protocol", "MCP",
	                       "--endpoint-url", url, "--auth-type", "API_KEY", "--secret-file", wrong_file,
	                       NULL };

	assert_int_equal(run(ao_cmd_create, "create", args), AO_EXIT_OK);
	free(url);
}

/* --timeout is a deadline for the checks too: a check slower than the
 * timeout is abandoned at the timeout, and the message says so. */
static void
wait_deadline_cuts_a_slow_check(void **state)
{
	struct ao_wait_spec spec = { AO_KIND_SOURCE, "slow-checks", 0.5, 0, 0 };
	struct ao_resource r;
	struct ao_wait_result w;
	struct ao_loop *loop;
	struct ao_api *api;
	double t0;

	(void)state;
	pending_source("Slow Checks");
	/* the check would answer after 30 s: "in flight" below shows the 0.5 s
	 * deadline cut it */
	add_fault("GET " SOURCES "/{sourceId}:latency=30000");
	api = client(&loop);
	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	t0 = ao_now();
	assert_int_equal(ao_wait_run(api, &spec, &r, NULL, &w), AO_ERR_PENDING);
	assert_true(ao_now() - t0 < 15.0);   /* a ceiling against hangs only */
	assert_true(w.timed_out);
	assert_non_null(strstr(w.message, "in flight"));
	assert_non_null(strstr(w.message, "status slow-checks --wait"));
	ao_wait_result_free(&w);
	ao_sandbox_clear_faults(T->sandbox);
	ao_resource_free(&r);
	ao_api_free(api);
	ao_loop_free(loop);
}

/* While waiting, a registration exists: answers that cannot be read, a 5xx
 * or an oversized body cost one check, not the wait; when they last until
 * the timeout, the message says how to follow it -- never "try again". */
static void
wait_rides_out_bad_answers(void **state)
{
	static const char *const faults[] = { "wrong-type", "truncate", "oversize=2000000", "status=503" };
	/* (truncate cuts the connection mid-body: a network error) */
	static const char *const words[] = { "could not be read", "closed", "larger than", "HTTP 503" };
	struct ao_wait_spec spec = { AO_KIND_SOURCE, "bad-answers", 2.2, 0, 0 };
	struct ao_resource r;
	struct ao_wait_result w;
	struct ao_loop *loop;
	struct ao_api *api;
	char spec_text[128];
	size_t i;

	(void)state;
	pending_source("Bad Answers");
	api = client(&loop);
	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		ao_sandbox_clear_faults(T->sandbox);
		snprintf(spec_text, sizeof(spec_text), "GET " SOURCES "/{sourceId}:%s", faults[i]);
		add_fault(spec_text);
		memset(&r, 0, sizeof(r));
		r.auth_configured = -1;
		ao_wait_run(api, &spec, &r, NULL, &w);
		if (ao_status_exit(w.status) != AO_EXIT_NETWORK || !w.timed_out)
			fail_msg("%s: status %d, timed out %d: %s", faults[i], (int)w.status, w.timed_out, w.message);
		/* answers that arrive whole are not retried by the client: the
		 * wait checks again (a 503 or a cut connection is retried inside
		 * the check, with Retry-After or backoff, which may fill the time) */
		if ((i == 0 || i == 2) && w.checks < 2)
			fail_msg("%s: the wait ended after %u check(s): %s", faults[i], w.checks, w.message);
		if (strstr(w.message, words[i]) == NULL || strstr(w.message, "status bad-answers --wait") == NULL ||
		    strstr(w.message, "registered") == NULL || strstr(w.message, "try again") != NULL ||
		    strstr(w.message, "answers are kept") != NULL)
			fail_msg("%s: %s", faults[i], w.message);
		ao_wait_result_free(&w);
		ao_resource_free(&r);
	}
	ao_sandbox_clear_faults(T->sandbox);
	ao_api_free(api);
	ao_loop_free(loop);
}

/* No SCOPE3_API_KEY: a keyring that answers without a key is exit 5; one
 * that cannot be used (no session bus) is exit 9 with the cause and the
 * fix.  Nothing is sent either way. */
static void
keyring_unusable_is_exit_9(void **state)
{
	const char *list[] = { NULL };
	const char *status[] = { "anything", NULL };
	char *old_bus = getenv("DBUS_SESSION_BUS_ADDRESS"), *old_run = getenv("XDG_RUNTIME_DIR"), *out;

	(void)state;
	old_bus = old_bus != NULL ? xstrdup(old_bus) : NULL;
	old_run = old_run != NULL ? xstrdup(old_run) : NULL;
	unsetenv("SCOPE3_API_KEY");
	/* a keyring that answers (tests/with-test-keyring.sh) and holds no key
	 * for this URL: that is 5, with how to provide one */
	if (old_bus != NULL) {
		ao_sandbox_reset_counts(T->sandbox);
		assert_int_equal(run(ao_cmd_list, "list", list), AO_EXIT_AUTH);
		out = output();
		assert_non_null(strstr(out, "agent-onboard login"));
		free(out);
		assert_int_equal(ao_sandbox_request_count(T->sandbox, "* /api/*"), 0);
	}
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	setenv("XDG_RUNTIME_DIR", T->dir, 1);   /* no "bus" socket there */
	ao_sandbox_reset_counts(T->sandbox);
	assert_int_equal(run(ao_cmd_list, "list", list), AO_EXIT_KEYRING);
	out = output();
	assert_non_null(strstr(out, "no session bus"));
	assert_non_null(strstr(out, "SCOPE3_API_KEY"));
	free(out);
	assert_int_equal(run(ao_cmd_status, "status", status), AO_EXIT_KEYRING);
	/* (the simulator's own activation probes of the demo agents do not count) */
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "* /api/*"), 0);
	setenv("SCOPE3_API_KEY", AO_SANDBOX_DEMO_KEY, 1);
	if (old_bus != NULL)
		setenv("DBUS_SESSION_BUS_ADDRESS", old_bus, 1);
	if (old_run != NULL)
		setenv("XDG_RUNTIME_DIR", old_run, 1);
	else
		unsetenv("XDG_RUNTIME_DIR");
	free(old_bus);
	free(old_run);
}

static void
wait_activates_agent(void **state)
{
	char *url = ao_test_sandbox_url(T, "/demo/mcp-open");
	char *body = xasprintf("{\"partnerId\":\"1001\",\"type\":\"SALES\",\"name\":\"Waited\",\"endpointUrl\":\"%s\","
	                       "\"protocol\":\"MCP\",\"accountPolicy\":[\"advertiser_account\"],"
	                       "\"authenticationType\":\"NO_AUTH\"}", url);
	struct ao_test_response resp;
	struct ao_wait_spec spec = { AO_KIND_AGENT, NULL, 10, 0, 0 };
	struct ao_resource r;
	struct ao_wait_result w;
	struct ao_loop *loop;
	struct ao_api *api;
	char id[128];
	const char *p, *q;

	(void)state;
	ao_test_http(T, "POST", "/api/v2/partner/agents", NULL, body, &resp);
	assert_int_equal(resp.status, 201);
	p = strstr(resp.body, "\"agentId\":\"");
	assert_non_null(p);
	p += 11;
	q = strchr(p, '"');
	snprintf(id, sizeof(id), "%.*s", (int)(q - p), p);
	ao_test_response_free(&resp);
	spec.id = id;
	api = client(&loop);

	/* without --activate the wait stops: nothing more will happen */
	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	assert_int_equal(ao_wait_run(api, &spec, &r, NULL, &w), AO_ERR_PENDING);
	assert_true(w.needs_activation);
	assert_false(w.timed_out);
	ao_wait_result_free(&w);

	/* with it: one PATCH, then ACTIVE */
	ao_sandbox_reset_counts(T->sandbox);
	spec.activate = 1;
	assert_int_equal(ao_wait_run(api, &spec, &r, NULL, &w), AO_OK);
	assert_true(w.activated);
	assert_int_equal(r.status, AO_ST_ACTIVE);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "PATCH *"), 1);
	ao_wait_result_free(&w);

	ao_resource_free(&r);
	ao_api_free(api);
	ao_loop_free(loop);
	free(body);
	free(url);
}

static void
final_states(void **state)
{
	struct ao_resource r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	r.kind = AO_KIND_SOURCE;
	r.status = AO_ST_PENDING;
	assert_false(ao_wait_is_final(&r, 0));
	r.status = AO_ST_ACTIVE;
	assert_true(ao_wait_is_final(&r, 0));
	r.status = AO_ST_DISABLED;
	assert_true(ao_wait_is_final(&r, 1));
	r.status = AO_ST_UNKNOWN;
	assert_false(ao_wait_is_final(&r, 0));

	r.kind = AO_KIND_AGENT;
	r.status = AO_ST_PENDING;
	r.auth_type = (char *)"OAUTH";
	r.auth_configured = 0;
	assert_false(ao_wait_agent_auth_ready(&r));
	assert_false(ao_wait_is_final(&r, 0));   /* consent may still come */
	r.auth_configured = 1;
	assert_true(ao_wait_is_final(&r, 0));    /* needs activation */
	assert_false(ao_wait_is_final(&r, 1));   /* we will activate it */
	r.auth_configured = -1;                  /* not reported: the pending URL decides */
	r.oauth_url = (char *)"https://as.example/authorize";
	assert_false(ao_wait_agent_auth_ready(&r));
	r.oauth_url = NULL;
	assert_true(ao_wait_agent_auth_ready(&r));
	r.auth_type = (char *)"NO_AUTH";
	r.auth_configured = 0;
	assert_true(ao_wait_agent_auth_ready(&r));
}

static void
secret_input(void **state)
{
	struct ao_secret_input in;
	char msg[512], from[300], *value = NULL;
	char *argv[] = { (char *)"x", (char *)"--secret-file", token_file, (char *)"--secret-fd=0", NULL };
	int i = 1;

	(void)state;
	ao_secret_input_init(&in);
	assert_int_equal(ao_secret_input_option(&in, 4, argv, &i, msg, sizeof(msg)), 1);
	assert_int_equal(i, 2);
	i = 3;
	/* a second source is refused */
	assert_int_equal(ao_secret_input_option(&in, 4, argv, &i, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "not both"));
	assert_int_equal(ao_secret_input_read(&in, "AO_TEST_UNUSED", &value, from, sizeof(from), msg, sizeof(msg)), 0);
	assert_string_equal(value, AO_SANDBOX_AGENT_TOKEN);   /* newline removed */
	assert_non_null(strstr(from, "--secret-file"));
	ao_secret_free(value);

	/* nothing given: the environment, one trailing CRLF removed */
	ao_secret_input_init(&in);
	setenv("AO_TEST_SECRET", "from-env\r\n", 1);
	assert_int_equal(ao_secret_input_read(&in, "AO_TEST_SECRET", &value, from, sizeof(from), msg, sizeof(msg)), 0);
	assert_string_equal(value, "from-env");
	assert_string_equal(from, "AO_TEST_SECRET");
	ao_secret_free(value);
	unsetenv("AO_TEST_SECRET");
	assert_int_equal(ao_secret_input_read(&in, "AO_TEST_SECRET", &value, from, sizeof(from), msg, sizeof(msg)), 0);
	assert_null(value);

	/* not an option of ours */
	{
		char *other[] = { (char *)"x", (char *)"--secret-files", NULL };

		i = 1;
		assert_int_equal(ao_secret_input_option(&in, 2, other, &i, msg, sizeof(msg)), 0);
	}
	ao_secret_input_refusal("token", "AO_AGENT_TOKEN", msg, sizeof(msg));
	assert_non_null(strstr(msg, "--token: secrets given on the command line show up in ps and shell history"));
	assert_non_null(strstr(msg, "AO_AGENT_TOKEN"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dry_run_sends_nothing),
		cmocka_unit_test(refusals_send_nothing),
		cmocka_unit_test(create_sends_one_post),
		cmocka_unit_test(wait_times_out_and_interrupts),
		cmocka_unit_test(wait_deadline_cuts_a_slow_check),
		cmocka_unit_test(wait_rides_out_bad_answers),
		cmocka_unit_test(keyring_unusable_is_exit_9),
		cmocka_unit_test(wait_activates_agent),
		cmocka_unit_test(final_states),
		cmocka_unit_test(secret_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
