/* SPDX-License-Identifier: MIT */
/* Contract test: `agent-onboard probe` (ao_cmd_probe, run in-process with
 * stdout/stderr captured) against the simulator's demo agents: secrets
 * refused on argv (and blanked there), read from a file, a descriptor,
 * stdin and the environment, never printed; usage errors; --json; human
 * output with UTF-8 and ASCII marks; exit codes; and the --aao-check
 * pre-check through the platform API client (listed, not listed: a warning
 * that never changes the exit code). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"

static struct ao_test_sandbox *T;
static struct ao_global G;
static char OUT[64 * 1024], ERR[16 * 1024];

static int
setup(void **state)
{
	struct ao_sandbox_options o;

	(void)state;
	ao_test_sandbox_options(&o);
	o.activate_after_ms = 600000;
	T = ao_test_sandbox_start(0, &o);
	if (T == NULL)
		return -1;
	memset(&G, 0, sizeof(G));
	G.api_url = T->url;
	G.no_color = 1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ao_test_sandbox_stop(T);
	return 0;
}

static int
clean_env(void **state)
{
	(void)state;
	unsetenv("AO_AGENT_TOKEN");
	unsetenv("AO_AGENT_PASSWORD");
	G.demo = 0;
	G.demo_key = NULL;
	return 0;
}

static void
slurp(int fd, char *buf, size_t size)
{
	ssize_t n;
	size_t len = 0;

	lseek(fd, 0, SEEK_SET);
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
}

/* Runs ao_cmd_probe with args (NULL-terminated), stdin from in_fd (or
 * unchanged when -1); stdout/stderr land in OUT/ERR.  argv strings are
 * writable copies kept in keep[] so a test can look at them afterwards. */
static int
run_probe(char **keep, int in_fd, ...)
{
	char *argv[32];
	FILE *out_f = tmpfile(), *err_f = tmpfile();
	int argc = 0, rc, out = fileno(out_f), err = fileno(err_f);
	int saved_out = dup(1), saved_err = dup(2), saved_in = -1;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"probe";
	va_start(ap, in_fd);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 31) {
		argv[argc] = xstrdup(a);
		if (keep != NULL)
			keep[argc - 1] = argv[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	if (in_fd >= 0) {
		saved_in = dup(0);
		dup2(in_fd, 0);
	}
	rc = ao_cmd_probe(&G, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	if (saved_in >= 0) {
		dup2(saved_in, 0);
		close(saved_in);
	}
	slurp(out, OUT, sizeof(OUT));
	slurp(err, ERR, sizeof(ERR));
	fclose(out_f);
	fclose(err_f);
	if (keep == NULL)
		for (argc--; argc > 0; argc--)
			free(argv[argc]);
	return rc;
}

static void
free_kept(char **keep)
{
	for (; *keep != NULL; keep++)
		free(*keep);
}

static char *
url(const char *path)
{
	return ao_test_sandbox_url(T, path);
}

static cJSON *
json_out(void)
{
	cJSON *j = cJSON_Parse(OUT);

	if (j == NULL)
		fail_msg("not JSON: %s\nstderr: %s", OUT, ERR);
	return j;
}

static const char *
jstr(const cJSON *j, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static char *
write_temp(const char *content)
{
	char *path = xstrdup("/tmp/ao-probe-cli.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	return path;
}

/* --- secrets ----------------------------------------------------------------- */

static void
test_secret_on_argv_is_refused_and_blanked(void **state)
{
	static const char *const forms[][2] = {
		{ "--token", "s3cr3t-argv" }, { "--token=s3cr3t-argv", NULL },
		{ "--password", "s3cr3t-argv" }, { "--api-key=s3cr3t-argv", NULL },
	};
	char *keep[32] = { NULL }, *u = url("/demo/mcp");
	size_t i, k;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		memset(keep, 0, sizeof(keep));
		rc = run_probe(keep, -1, u, "--protocol", "MCP", "--auth-type", "API_KEY", forms[i][0],
		               forms[i][1], NULL);
		assert_int_equal(rc, AO_EXIT_USAGE);
		assert_non_null(strstr(ERR, "--secret-file"));
		assert_non_null(strstr(ERR, "ps"));
		assert_null(strstr(ERR, "s3cr3t"));
		assert_null(strstr(OUT, "s3cr3t"));
		/* the value no longer sits in the process's argv */
		for (k = 0; keep[k] != NULL; k++)
			assert_null(strstr(keep[k], "s3cr3t"));
		free_kept(keep);
	}
	free(u);
}

static void
test_secret_sources(void **state)
{
	char *u = url("/demo/mcp"), *file = write_temp(AO_SANDBOX_AGENT_TOKEN "\n"), fdarg[16];
	int p[2], in;
	cJSON *j;

	(void)state;
	/* --secret-file FILE (the trailing newline is not part of the token) */
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "API_KEY",
	                           "--secret-file", file, "--json", NULL), AO_EXIT_OK);
	j = json_out();
	assert_string_equal(jstr(j, "outcome"), "ok");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "authAccepted")));
	cJSON_Delete(j);
	assert_null(strstr(OUT, AO_SANDBOX_AGENT_TOKEN));

	/* --secret-fd N */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], AO_SANDBOX_AGENT_TOKEN, strlen(AO_SANDBOX_AGENT_TOKEN)),
	                 (ssize_t)strlen(AO_SANDBOX_AGENT_TOKEN));
	close(p[1]);
	snprintf(fdarg, sizeof(fdarg), "%d", p[0]);
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "API_KEY",
	                           "--secret-fd", fdarg, "--json", NULL), AO_EXIT_OK);
	close(p[0]);

	/* --secret-file - and a lone -: standard input */
	in = open(file, O_RDONLY);
	assert_int_equal(run_probe(NULL, in, u, "--protocol", "MCP", "--auth-type", "API_KEY",
	                           "--secret-file", "-", "--json", NULL), AO_EXIT_OK);
	close(in);
	in = open(file, O_RDONLY);
	assert_int_equal(run_probe(NULL, in, u, "--protocol", "MCP", "--auth-type", "API_KEY", "-",
	                           "--json", NULL), AO_EXIT_OK);
	close(in);

	/* the environment */
	setenv("AO_AGENT_TOKEN", AO_SANDBOX_AGENT_TOKEN, 1);
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "API_KEY",
	                           "--json", NULL), AO_EXIT_OK);
	unsetenv("AO_AGENT_TOKEN");
	free(u);

	/* basic: user name on the command line, password from the environment */
	u = url("/demo/mcp-basic");
	setenv("AO_AGENT_PASSWORD", AO_SANDBOX_AGENT_PASSWORD, 1);
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "BASIC_AUTH",
	                           "--username", AO_SANDBOX_AGENT_USER, "--json", NULL), AO_EXIT_OK);
	assert_null(strstr(OUT, AO_SANDBOX_AGENT_PASSWORD));
	unlink(file);
	free(file);
	free(u);
}

static void
test_usage_errors(void **state)
{
	char *u = url("/demo/mcp"), *file = write_temp("x\n");

	(void)state;
	assert_int_equal(run_probe(NULL, -1, u, NULL), AO_EXIT_USAGE);                       /* no --protocol */
	assert_non_null(strstr(ERR, "--protocol"));
	assert_int_equal(run_probe(NULL, -1, "--protocol", "MCP", NULL), AO_EXIT_USAGE);     /* no URL */
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "SOAP", NULL), AO_EXIT_USAGE);
	assert_non_null(strstr(ERR, "MCP, A2A"));
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "API_KEY", NULL),
	                 AO_EXIT_USAGE);                                                     /* no token */
	assert_non_null(strstr(ERR, "AO_AGENT_TOKEN"));
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--secret-file", file, NULL),
	                 AO_EXIT_USAGE);                                                     /* NO_AUTH + secret */
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "BASIC_AUTH", NULL),
	                 AO_EXIT_USAGE);                                                     /* no --username */
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--timeout", "0", NULL), AO_EXIT_USAGE);
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--bogus", NULL), AO_EXIT_USAGE);
	assert_int_equal(run_probe(NULL, -1, u, u, "--protocol", "MCP", NULL), AO_EXIT_USAGE);
	assert_int_equal(run_probe(NULL, -1, "--help", NULL), AO_EXIT_OK);
	assert_non_null(strstr(OUT, "Exit codes"));
	/* a URL the probe refuses: invalid, nothing sent */
	assert_int_equal(run_probe(NULL, -1, "http://agent.example/mcp", "--protocol", "MCP", NULL),
	                 AO_EXIT_INVALID);
	unlink(file);
	free(file);
	free(u);
}

/* --- results ------------------------------------------------------------------- */

static void
test_json_and_exit_codes(void **state)
{
	char *u = url("/demo/mcp"), *file = write_temp("wrong-token\n"), *a2a = url("/demo/a2a");
	cJSON *j, *checks, *c;
	int saw_auth_fail = 0;

	(void)state;
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", "--auth-type", "API_KEY",
	                           "--secret-file", file, "--json", NULL), AO_EXIT_REJECTED);
	j = json_out();
	assert_string_equal(jstr(j, "outcome"), "auth_rejected");
	assert_int_equal(cJSON_GetObjectItem(j, "httpStatus")->valuedouble, 401);
	assert_int_equal(cJSON_GetObjectItem(j, "exitCode")->valuedouble, AO_EXIT_REJECTED);
	assert_true(strlen(jstr(j, "fix")) > 0);
	checks = cJSON_GetObjectItem(j, "checks");
	cJSON_ArrayForEach(c, checks)
		saw_auth_fail |= strcmp(jstr(c, "name"), "auth") == 0 && strcmp(jstr(c, "state"), "fail") == 0;
	assert_true(saw_auth_fail);
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "timingsMs"), "total"));
	cJSON_Delete(j);
	assert_null(strstr(OUT, "wrong-token"));

	/* A2A: skills and interfaces as arrays */
	setenv("AO_AGENT_TOKEN", AO_SANDBOX_AGENT_TOKEN, 1);
	assert_int_equal(run_probe(NULL, -1, a2a, "--protocol", "A2A", "--type", "SALES", "--auth-type",
	                           "API_KEY", "--json", NULL), AO_EXIT_OK);
	j = json_out();
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "skills")) >= 2);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "interfaces")) >= 1);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "adcp"), "extension")));
	cJSON_Delete(j);
	unlink(file);
	free(file);
	free(u);
	free(a2a);
}

static void
test_human_output(void **state)
{
	char *u = url("/demo/mcp-open");
	const char *old = getenv("LC_ALL");
	char *saved = old ? xstrdup(old) : NULL;

	(void)state;
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", NULL), AO_EXIT_OK);
	assert_non_null(strstr(OUT, "\u2713 Protocol"));
	assert_non_null(strstr(OUT, "Result: "));
	setenv("LC_ALL", "C", 1);
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", NULL), AO_EXIT_OK);
	assert_non_null(strstr(OUT, "[ok]   Protocol"));
	assert_null(strstr(OUT, "\u2713"));
	G.plain = 1;   /* screen readers: words, not symbols, in any locale */
	setenv("LC_ALL", "C.UTF-8", 1);
	run_probe(NULL, -1, u, "--protocol", "MCP", NULL);
	assert_non_null(strstr(OUT, "[ok]"));
	G.plain = 0;
	if (saved != NULL)
		setenv("LC_ALL", saved, 1);
	else
		unsetenv("LC_ALL");
	free(saved);
	free(u);

	u = ao_test_sandbox_url(T, "/demo/no-such-agent");
	assert_int_equal(run_probe(NULL, -1, u, "--protocol", "MCP", NULL), AO_EXIT_REJECTED);
	assert_non_null(strstr(OUT, "Problem: "));
	assert_non_null(strstr(OUT, "Fix: "));
	free(u);
}

/* --- the AAO pre-check ---------------------------------------------------------- */

static void
test_aao_check(void **state)
{
	char *listed = url("/demo/mcp-open"), *unlisted = url("/demo/mcp-open?sse=1");
	cJSON *j, *aao;

	(void)state;
	G.demo = 1;
	G.demo_key = AO_SANDBOX_DEMO_KEY;
	assert_int_equal(run_probe(NULL, -1, listed, "--protocol", "MCP", "--aao-check", "--json", NULL),
	                 AO_EXIT_OK);
	j = json_out();
	aao = cJSON_GetObjectItem(j, "aao");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(aao, "checked")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(aao, "listed")));
	assert_string_equal(jstr(aao, "compliance"), "passing");
	cJSON_Delete(j);
	assert_int_equal(ao_sandbox_request_count(T->sandbox, "GET /api/v2/storefront/discover-agents"), 1);

	/* a working agent AAO does not list: a warning with what to do, exit still 0 */
	assert_int_equal(run_probe(NULL, -1, unlisted, "--protocol", "MCP", "--aao-check", "--json", NULL),
	                 AO_EXIT_OK);
	j = json_out();
	aao = cJSON_GetObjectItem(j, "aao");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(aao, "listed")));
	assert_non_null(strstr(jstr(aao, "fix"), "agenticadvertising.org"));
	assert_non_null(strstr(jstr(aao, "fix"), "members-only"));
	cJSON_Delete(j);

	/* human form */
	run_probe(NULL, -1, unlisted, "--protocol", "MCP", "--aao-check", NULL);
	assert_non_null(strstr(OUT, "AAO"));
	assert_non_null(strstr(OUT, "AAO: Register"));

	/* no platform key: skipped, said so, exit unchanged */
	G.demo = 0;
	G.demo_key = NULL;
	setenv("SCOPE3_API_KEY", "scope3_not_a_valid_key", 1);
	assert_int_equal(run_probe(NULL, -1, listed, "--protocol", "MCP", "--aao-check", "--json", NULL),
	                 AO_EXIT_OK);
	j = json_out();
	aao = cJSON_GetObjectItem(j, "aao");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(aao, "listed")));
	assert_true(strlen(jstr(aao, "message")) > 0);
	cJSON_Delete(j);
	unsetenv("SCOPE3_API_KEY");
	free(listed);
	free(unlisted);
}

/* discover-agents is keyed by the operator domain, and caches ~2 minutes:
 * an agent on a subdomain, registered a moment ago, is still found. */
static void
test_aao_check_operator_domain(void **state)
{
	static const char agent[] = "https://agent.sales.acme.invalid/mcp";
	cJSON *j, *aao;

	(void)state;
	G.demo = 1;
	G.demo_key = AO_SANDBOX_DEMO_KEY;
	/* a lookup the platform's cache will remember: nothing there yet */
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/storefront/discover-agents?domain=acme.invalid", NULL, NULL),
	                 404);
	ao_sandbox_registry_add(T->sandbox, agent);
	/* without refresh the cache still answers 404 ... */
	assert_int_equal(ao_test_call(T, "GET", "/api/v2/storefront/discover-agents?domain=acme.invalid", NULL, NULL),
	                 404);
	/* ... the probe asks for the operator domain with refresh=true (the
	 * agent itself does not resolve: exit 8, and the AAO check still runs) */
	assert_int_equal(run_probe(NULL, -1, agent, "--protocol", "MCP", "--aao-check", "--json", NULL),
	                 AO_EXIT_NETWORK);
	j = json_out();
	aao = cJSON_GetObjectItem(j, "aao");
	assert_string_equal(jstr(aao, "domain"), "acme.invalid");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(aao, "listed")));
	cJSON_Delete(j);
	/* --operator-domain asks another one */
	assert_int_equal(run_probe(NULL, -1, agent, "--protocol", "MCP", "--aao-check", "--operator-domain",
	                           "other.invalid", "--json", NULL), AO_EXIT_NETWORK);
	j = json_out();
	aao = cJSON_GetObjectItem(j, "aao");
	assert_string_equal(jstr(aao, "domain"), "other.invalid");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(aao, "listed")));
	cJSON_Delete(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_secret_on_argv_is_refused_and_blanked, clean_env),
		cmocka_unit_test_setup(test_secret_sources, clean_env),
		cmocka_unit_test_setup(test_usage_errors, clean_env),
		cmocka_unit_test_setup(test_json_and_exit_codes, clean_env),
		cmocka_unit_test_setup(test_human_output, clean_env),
		cmocka_unit_test_setup(test_aao_check, clean_env),
		cmocka_unit_test_setup(test_aao_check_operator_domain, clean_env),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
