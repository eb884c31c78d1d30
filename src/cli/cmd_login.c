/* SPDX-License-Identifier: MIT */
/* agent-onboard login: read the platform API key (hidden prompt, file,
 * descriptor or stdin; never argv), check it with GET /api/v2/accounts/current,
 * store it in the keyring, and say exactly where.
 *
 * The order answers what gh/stripe users complain about (ux-anchors.md §2,
 * pain points 1-2): the keyring is checked *before* the key is asked for,
 * so a user over SSH learns at once that it cannot be stored, why, and what
 * to do, instead of after typing it; there is no plaintext fallback. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/ui/prompt.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/secret/store.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard login [--secret-file FILE | --secret-fd N | -] [--no-verify]\n"
	        "\n"
	        "Stores the platform API key for the API URL in the system keyring (Secret\n"
	        "Service), after checking it with GET /api/v2/accounts/current. Every message\n"
	        "goes to stderr; stdout stays empty.\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "login");
	fprintf(out,
	        "\n"
	        "The key is read from --secret-file or --secret-fd; else from standard input\n"
	        "(also with a lone -): a hidden prompt when it is a terminal, its first line\n"
	        "when it is not. Never as a command-line value: that would show in ps and your\n"
	        "shell history.\n"
	        "\n"
	        "If the keyring cannot be used, login says why before asking for the key and\n"
	        "stores nothing (no plaintext file); use SCOPE3_API_KEY instead.\n"
	        "\n");
	ao_usage_exit_codes(out);
}

/* An argument that looks like the key itself, or like --key=VALUE. */
static int looks_like_key_option(const char *arg)
{
	static const char *const names[] = { "--key", "--api-key", "--token", "--secret",
	                                     "--password", "--scope3-api-key" };
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (strncmp(arg, names[i], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
			return 1;
	}
	return 0;
}

static int refuse_key_on_argv(char *arg)
{
	/* Blank it in place so it at least leaves /proc/PID/cmdline now
	 * (curl's cleanarg); it has already been visible to ps. */
	ao_wipe(arg, strlen(arg));
	fprintf(stderr,
	        "agent-onboard login: refusing a key given on the command line: it shows in `ps`\n"
	        "and is saved in your shell history (consider removing it from there, and\n"
	        "rotating the key).  Instead:\n"
	        "  agent-onboard login                          (asks for it, hidden)\n"
	        "  agent-onboard login --secret-file FILE       (first line of FILE)\n"
	        "  printf %%s \"$KEY\" | agent-onboard login -    (standard input)\n"
	        "  agent-onboard login --secret-fd 3 3<FILE\n"
	        "  export SCOPE3_API_KEY=...                    (no keyring needed)\n");
	return AO_EXIT_USAGE;
}

/* Keys are one token: surrounding blanks (a pasted newline, a file saved by
 * an editor) are dropped; anything else odd is refused. */
static int tidy_key(char *key, char *msg, size_t msgsz)
{
	size_t len = strlen(key), start = 0, i;

	while (len > 0 && isspace((unsigned char)key[len - 1]))
		key[--len] = '\0';
	while (start < len && isspace((unsigned char)key[start]))
		start++;
	memmove(key, key + start, len - start + 1);
	ao_wipe(key + len - start + 1, start);   /* the tail the move left behind */
	len -= start;
	if (len == 0) {
		snprintf(msg, msgsz, "the key is empty");
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (isspace((unsigned char)key[i]) || iscntrl((unsigned char)key[i])) {
			snprintf(msg, msgsz, "that does not look like an API key: it contains a space "
			         "or control character (did the file hold something else?)");
			return -1;
		}
	}
	return 0;
}

/* GET /api/v2/accounts/current with key.  Returns an exit code; *account is
 * the platform's description of the account on success. */
static int verify_key(const struct ao_global *g, const char *key, char **account)
{
	struct ao_api_config cfg;
	struct ao_api_result res;
	struct ao_loop *loop = ao_loop_new();
	struct ao_api *api;
	struct sigaction sa, old_int, old_term, old_hup;
	char msg[512];
	enum ao_status st;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = g->api_url;
	cfg.partner_base_url = g->partner_api_url;
	cfg.api_key = key;
	cfg.ca_file = g->ca_file;
	cfg.log = g->log;
	ao_api_result_init(&res);
	api = ao_api_new(loop, &cfg, msg, sizeof(msg));
	if (api == NULL) {
		fprintf(stderr, "agent-onboard login: %s\n", msg);
		ao_loop_free(loop);
		return AO_EXIT_USAGE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	fprintf(stderr, "Checking the key with %s ...\n", g->api_url);
	st = ao_api_wait(ao_api_account(api, NULL, NULL), &interrupted, &res);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	switch (st) {
	case AO_OK:
		*account = res.account;
		res.account = NULL;
		rc = AO_EXIT_OK;
		break;
	case AO_ERR_UNAUTHORIZED:
	case AO_ERR_FORBIDDEN:
		fprintf(stderr, "agent-onboard login: %s did not accept this key (HTTP %ld%s%s).\n"
		        "Nothing was stored.  Check that you copied the whole key, and that it is a key\n"
		        "for this API URL (production and staging keys differ).\n",
		        g->api_url, res.http_status, res.error.message ? ": " : "",
		        res.error.message ? res.error.message : "");
		rc = AO_EXIT_AUTH;
		break;
	case AO_ERR_INTERRUPTED:
	case AO_ERR_CANCELLED:
		fprintf(stderr, "agent-onboard login: interrupted; nothing was stored.\n");
		rc = AO_EXIT_INTERRUPTED;
		break;
	default:
		fprintf(stderr, "agent-onboard login: could not check the key: %s\n"
		        "Nothing was stored.  To store it without checking: agent-onboard login --no-verify\n",
		        res.message ? res.message : ao_status_message(st));
		rc = (int)ao_status_exit(st);
		if (rc == AO_EXIT_OK)
			rc = AO_EXIT_FAILURE;
		break;
	}
	ao_api_result_free(&res);
	ao_api_free(api);
	ao_loop_free(loop);
	return rc;
}

static void explain_keyring(const char *what, const struct ao_keyring_check *c)
{
	fprintf(stderr, "agent-onboard login: %s: %s.\n  %s\n  Fix: %s.\n", what,
	        ao_keyring_cause_name(c->cause), c->detail, ao_keyring_cause_fix(c->cause));
}

struct source {
	const char *file;   /* --secret-file (or "-") */
	int fd;             /* --secret-fd, or -1 */
};

static enum ao_prompt_rc read_key(const struct source *src, char **key)
{
	const char *warning = NULL;
	enum ao_prompt_rc rc;

	if (src->file != NULL) {
		rc = ao_read_secret_file(src->file, key, &warning);
		if (rc == AO_PROMPT_IO)
			fprintf(stderr, "agent-onboard login: cannot read %s: %s\n", src->file, strerror(errno));
		if (warning != NULL)
			fprintf(stderr, "agent-onboard login: warning: %s: %s\n", src->file, warning);
		return rc;
	}
	if (src->fd >= 0)
		return ao_read_secret_fd(src->fd, key);
	if (isatty(STDIN_FILENO))
		return ao_prompt_hidden("Platform API key (input hidden): ", key);
	return ao_read_secret_fd(STDIN_FILENO, key);
}

int ao_cmd_login(const struct ao_global *g, int argc, char **argv)
{
	struct source src = { NULL, -1 };
	struct ao_secret_store *store = NULL;
	struct ao_secret_ref ref = ao_secret_ref_platform_key(g->api_url);
	struct ao_secret_result r;
	char *key = NULL, *account = NULL, *label = NULL, *where = NULL, *end, msg[256];
	const char *env;
	int no_verify = 0, rc = AO_EXIT_OK, i;
	enum ao_prompt_rc prc;

	ao_secret_result_init(&r);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(a, "--no-verify") == 0) {
			no_verify = 1;
		} else if (strcmp(a, "-") == 0) {
			src.file = "-";
		} else if (strncmp(a, "--secret-file=", 14) == 0) {
			src.file = a + 14;
		} else if (strcmp(a, "--secret-file") == 0 && i + 1 < argc) {
			src.file = argv[++i];
		} else if (strncmp(a, "--secret-fd", 11) == 0 && (a[11] == '=' || (a[11] == '\0' && i + 1 < argc))) {
			const char *v = a[11] == '=' ? a + 12 : argv[++i];
			long n;

			errno = 0;
			n = strtol(v, &end, 10);
			if (errno != 0 || *end != '\0' || end == v || n < 0 || n > 1023) {
				fprintf(stderr, "agent-onboard login: --secret-fd needs a file descriptor number, not \"%s\"\n", v);
				return AO_EXIT_USAGE;
			}
			src.fd = (int)n;
		} else if (strcmp(a, "--secret-file") == 0 || strcmp(a, "--secret-fd") == 0) {
			fprintf(stderr, "agent-onboard login: %s needs a value\n", a);
			return AO_EXIT_USAGE;
		} else if (looks_like_key_option(a) || a[0] != '-') {
			return refuse_key_on_argv(argv[i]);
		} else {
			return ao_option_unknown("login", a);   /* also --no-verify=yes */
		}
	}
	if (src.file != NULL && src.fd >= 0) {
		fprintf(stderr, "agent-onboard login: give either --secret-file or --secret-fd, not both\n");
		return AO_EXIT_USAGE;
	}

	/* Where will it go?  Said before the key is asked for. */
	store = ao_secret_store_new_keyring();
	label = ao_secret_label(&ref);
	if (ao_secret_check(store, &r) != AO_OK) {
		explain_keyring("the key cannot be stored in the keyring", &r.check);
		fprintf(stderr,
		        "  Nothing was asked for and nothing was written (there is no plaintext fallback).\n"
		        "  Without a keyring, give the key to each run through the environment, e.g.\n"
		        "    read -rs SCOPE3_API_KEY && export SCOPE3_API_KEY\n"
		        "  or let the wizard keep it in memory for one run.\n");
		rc = AO_EXIT_KEYRING;
		goto out;
	}
	where = ao_secret_destination(store, &r.check);
	fprintf(stderr, "The key for %s will be stored in %s, as \"%s\".\n", g->api_url, where, label);
	env = getenv("SCOPE3_API_KEY");
	if (env != NULL && env[0] != '\0')
		fprintf(stderr, "Note: SCOPE3_API_KEY is set in this environment; it is used before "
		        "the keyring until you unset it.\n");
	ao_secret_result_clear(&r);

	prc = read_key(&src, &key);
	if (prc == AO_PROMPT_INTERRUPTED) {
		rc = AO_EXIT_INTERRUPTED;
		goto out;
	}
	if (prc != AO_PROMPT_OK) {
		if (prc != AO_PROMPT_IO)
			fprintf(stderr, "agent-onboard login: no key read: %s\n", ao_prompt_rc_message(prc));
		rc = AO_EXIT_USAGE;
		goto out;
	}
	if (tidy_key(key, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "agent-onboard login: %s; nothing was stored.\n", msg);
		rc = AO_EXIT_USAGE;
		goto out;
	}
	if (!no_verify) {
		rc = verify_key(g, key, &account);
		if (rc != AO_EXIT_OK)
			goto out;
		/* every message on stderr: stdout stays clean for scripts */
		fprintf(stderr, "The key is valid%s%s.\n", account ? " for " : "", account ? account : "");
	}
	if (ao_secret_put(store, &ref, key, &r) != AO_OK) {
		explain_keyring("the key could not be stored", &r.check);
		rc = r.status == AO_ERR_INTERRUPTED ? AO_EXIT_INTERRUPTED : AO_EXIT_KEYRING;
		goto out;
	}
	fprintf(stderr, "Stored in %s, as \"%s\".\n"
	        "agent-onboard uses it for %s from now on; `agent-onboard logout` removes it.\n",
	        where, label, g->api_url);
out:
	ao_secret_result_clear(&r);
	ao_secret_free(key);
	free(account);
	free(label);
	free(where);
	ao_secret_store_free(store);
	return rc;
}
