/* SPDX-License-Identifier: MIT */
/* Contract test: `agent-onboard sandbox` (ao_cmd_sandbox) run in a child
 * process, as a script would: the URL is the one line on stdout, the
 * options take effect, usage errors exit 2 with a message, keys are never
 * taken from argv, and SIGTERM / SIGINT stop it cleanly with status 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"

struct child {
	pid_t pid;
	FILE *out;             /* the child's stdout */
	char errpath[300];     /* its stderr, in a file */
	char url[128];
};

static char scratch[256];
static pid_t live_child;   /* killed by end_test when a test fails early */

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/ao-sandbox-cli.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	return mkdtemp(scratch) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", scratch);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", scratch);
	free(cmd);
	return 0;
}

static int
end_test(void **state)
{
	(void)state;
	if (live_child > 0) {
		kill(live_child, SIGKILL);
		waitpid(live_child, NULL, 0);
		live_child = 0;
	}
	return 0;
}

/* Runs ao_cmd_sandbox(argv) in a child with stdout on a pipe. */
static void
spawn(struct child *c, char **argv)
{
	int fds[2];
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	memset(c, 0, sizeof(*c));
	snprintf(c->errpath, sizeof(c->errpath), "%s/stderr.%d", scratch, (int)getpid());
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		struct ao_global g;
		FILE *err = fopen(c->errpath, "w");
		int rc;

		memset(&g, 0, sizeof(g));
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		if (err != NULL)
			dup2(fileno(err), 2);
		rc = ao_cmd_sandbox(&g, argc, argv);
		fflush(NULL);
		_exit(rc);
	}
	live_child = c->pid;
	close(fds[1]);
	c->out = fdopen(fds[0], "r");
	assert_non_null(c->out);
}

/* Waits for the child; returns its exit status (-1 if it did not exit). */
static int
reap(struct child *c)
{
	int st = 0;

	while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
		;
	live_child = 0;
	if (c->out != NULL)
		fclose(c->out);
	c->out = NULL;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *
read_stderr(const struct child *c)
{
	FILE *f = fopen(c->errpath, "r");
	char *buf = xcalloc(1, 65536);

	if (f != NULL) {
		size_t n = fread(buf, 1, 65535, f);

		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

/* Reads the URL line; the view lets the fixture's HTTP helper talk to it. */
static void
read_url(struct child *c, struct ao_test_sandbox *view)
{
	size_t n;

	assert_non_null(fgets(c->url, sizeof(c->url), c->out));
	n = strlen(c->url);
	assert_true(n > 0 && c->url[n - 1] == '\n');
	c->url[n - 1] = '\0';
	memset(view, 0, sizeof(*view));
	view->url = c->url;
	view->api_key = AO_SANDBOX_DEMO_KEY;
}

static void
test_prints_url_and_stops_on_sigterm(void **state)
{
	char *argv[] = {"sandbox", "--listen", "127.0.0.1:0", NULL};
	struct ao_test_sandbox v;
	struct child c;
	char *err, rest[64];

	(void)state;
	spawn(&c, argv);
	read_url(&c, &v);
	assert_memory_equal(c.url, "http://127.0.0.1:", 17);
	assert_int_equal(ao_test_call(&v, "GET", "/health", NULL, NULL), 200);
	assert_int_equal(ao_test_call(&v, "GET", "/api/v2/accounts/current", NULL, NULL), 200);
	kill(c.pid, SIGTERM);
	/* nothing else on stdout */
	assert_null(fgets(rest, sizeof(rest), c.out));
	assert_int_equal(reap(&c), 0);
	/* the request log went to stderr */
	err = read_stderr(&c);
	assert_non_null(strstr(err, "GET /health -> 200"));
	assert_non_null(strstr(err, "stopped"));
	free(err);
}

static void
test_sigint_and_quiet(void **state)
{
	char *argv[] = {"sandbox", "--quiet", NULL};
	struct ao_test_sandbox v;
	struct child c;
	char *err;

	(void)state;
	spawn(&c, argv);
	read_url(&c, &v);
	assert_int_equal(ao_test_call(&v, "GET", "/health", NULL, NULL), 200);
	kill(c.pid, SIGINT);
	assert_int_equal(reap(&c), 0);
	err = read_stderr(&c);
	assert_string_equal(err, "");
	free(err);
}

static void
test_options_take_effect(void **state)
{
	char *argv[] = {"sandbox", "--quiet", "--rate-limit=2/min", "--activate-after", "0.05",
	                "--fault", "GET /api/v2/partner/partners:status=503", NULL};
	struct ao_test_sandbox v;
	struct child c;

	(void)state;
	setenv(AO_SANDBOX_KEY_ENV, "scope3_cli_env_key", 1);
	spawn(&c, argv);
	unsetenv(AO_SANDBOX_KEY_ENV);
	read_url(&c, &v);
	assert_int_equal(ao_test_call(&v, "GET", "/api/v2/partner/partners", NULL, NULL), 503);
	v.api_key = "scope3_cli_env_key";
	/* injected faults answer before the rate limit; these two count */
	assert_int_equal(ao_test_call(&v, "GET", "/api/v2/accounts/current", NULL, NULL), 200);
	assert_int_equal(ao_test_call(&v, "GET", "/health", NULL, NULL), 200);
	assert_int_equal(ao_test_call(&v, "GET", "/api/v2/accounts/current", NULL, NULL), 429);
	kill(c.pid, SIGTERM);
	assert_int_equal(reap(&c), 0);
}

static void
test_state_option(void **state)
{
	char *state_path = xasprintf("%s/state.json", scratch);
	char *argv[] = {"sandbox", "--quiet", "--state", state_path, NULL};
	struct ao_test_sandbox v;
	struct child c;
	cJSON *j = NULL;

	(void)state;
	spawn(&c, argv);
	read_url(&c, &v);
	assert_int_equal(ao_test_call(&v, "POST", "/api/v2/partner/partners", "{\"name\":\"Kept Seat\"}", NULL), 201);
	kill(c.pid, SIGTERM);
	assert_int_equal(reap(&c), 0);
	spawn(&c, argv);
	read_url(&c, &v);
	assert_int_equal(ao_test_call(&v, "GET", "/api/v2/partner/partners?name=kept", NULL, &j), 200);
	assert_int_equal(cJSON_GetArraySize(ao_test_json_item(j, "data")), 1);
	cJSON_Delete(j);
	kill(c.pid, SIGTERM);
	assert_int_equal(reap(&c), 0);
	free(state_path);
}

static void
expect_usage_error(char **argv, const char *needle, int code)
{
	struct child c;
	char *err, line[128];

	spawn(&c, argv);
	assert_null(fgets(line, sizeof(line), c.out));   /* no URL */
	assert_int_equal(reap(&c), code);
	err = read_stderr(&c);
	if (strstr(err, needle) == NULL)
		print_error("stderr was: %s\n", err);
	assert_non_null(strstr(err, needle));
	free(err);
}

static void
test_usage_errors(void **state)
{
	char *bad_fault[] = {"sandbox", "--fault", "*:teleport", NULL};
	char *api_key[] = {"sandbox", "--api-key", "scope3_secret", NULL};
	char *unknown[] = {"sandbox", "--frobnicate", NULL};
	char *missing[] = {"sandbox", "--listen", NULL};
	char *bad_listen[] = {"sandbox", "--listen", "127.0.0.1:99999", NULL};
	char *bad_rate[] = {"sandbox", "--rate-limit", "lots", NULL};
	char *bad_secs[] = {"sandbox", "--activate-after", "soon", NULL};
	char *public[] = {"sandbox", "--listen", "0.0.0.0:0", NULL};

	(void)state;
	expect_usage_error(bad_fault, "teleport", 2);
	expect_usage_error(api_key, AO_SANDBOX_KEY_ENV, 2);
	expect_usage_error(unknown, "--frobnicate", 2);
	expect_usage_error(missing, "needs a value", 2);
	expect_usage_error(bad_listen, "--listen", 2);
	expect_usage_error(bad_rate, "--rate-limit", 2);
	expect_usage_error(bad_secs, "--activate-after", 2);
	/* a non-loopback address is a usage error (issue 11), not a failed start */
	expect_usage_error(public, "loopback", 2);
}

static void
test_help(void **state)
{
	char *argv[] = {"sandbox", "--help", NULL};
	struct child c;
	char line[256];
	int seen_fault = 0, seen_listen = 0, lines = 0;

	(void)state;
	spawn(&c, argv);
	while (fgets(line, sizeof(line), c.out) != NULL) {
		lines++;
		seen_fault |= strstr(line, "drop-after-commit") != NULL;
		seen_listen |= strstr(line, "--listen") != NULL;
		/* fits an 80-column terminal */
		assert_true(strlen(line) <= 81);
	}
	assert_int_equal(reap(&c), 0);
	assert_true(seen_fault && seen_listen && lines > 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_prints_url_and_stops_on_sigterm, end_test),
		cmocka_unit_test_teardown(test_sigint_and_quiet, end_test),
		cmocka_unit_test_teardown(test_options_take_effect, end_test),
		cmocka_unit_test_teardown(test_state_option, end_test),
		cmocka_unit_test_teardown(test_usage_errors, end_test),
		cmocka_unit_test_teardown(test_help, end_test),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
