/* SPDX-License-Identifier: MIT */
/* Entry point: global options (accepted anywhere on the command line),
 * process hardening, the optional in-process simulator for --demo, then one
 * function per subcommand. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/completion.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/crypto/key_decoder.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/http.h"
#include "agent-onboard/net/log.h"
#include "agent-onboard/sandbox/sandbox.h"
#include "agent-onboard/secret/store.h"

static const struct {
	const char *name;
	ao_command_fn fn;
} commands[] = {
	{ "wizard", ao_cmd_wizard },
	{ "create", ao_cmd_create },
	{ "status", ao_cmd_status },
	{ "update", ao_cmd_update },
	{ "delete", ao_cmd_delete },
	{ "list", ao_cmd_list },
	{ "partners", ao_cmd_partners },
	{ "probe", ao_cmd_probe },
	{ "login", ao_cmd_login },
	{ "logout", ao_cmd_logout },
	{ "doctor", ao_cmd_doctor },
	{ "sandbox", ao_cmd_sandbox },
};

static ao_command_fn
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].fn;
	return NULL;
}

/* Matches "--name" and "--name=value"; for options with a value, takes it
 * from "=value" or the next argument.  Returns 1 when argv[*i] is this
 * option (and advances *i past a separate value), 0 otherwise, -1 when the
 * value is missing. */
static int
match_option(int argc, char **argv, int *i, const char *name, const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0)
		return 0;
	if (value == NULL)
		return arg[n] == '\0';
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

/* Commands main answers itself: `help [COMMAND]` and `completion SHELL`. */
static int
is_builtin(const char *name)
{
	return strcmp(name, "help") == 0 || strcmp(name, "completion") == 0;
}

/* Write errors are errors: a script that redirected the output to a full
 * disk must not get exit 0 and a truncated file.  Flushes stdout (so a late
 * ENOSPC is seen) and checks its error flag, which also keeps a failure of
 * an earlier flush; then checks stderr, which carries data too (the OAuth
 * URL, the final state of a wait).  stdout is not closed: the terminal
 * restore registered with atexit (ui/term.c) may still write to it.
 * Returns rc, or AO_EXIT_WRITE after saying so on stderr (if stderr still
 * works). */
static int
finish_output(int rc)
{
	int out_failed = ferror(stdout), err = 0;

	if (fflush(stdout) != 0) {
		out_failed = 1;
		err = errno;
	}
	if (out_failed && rc != AO_EXIT_INTERRUPTED) {
		/* a reader that went away (`| head`) already has what it wanted */
		if (err != EPIPE)
			fprintf(stderr, "agent-onboard: could not write the output%s%s; it is incomplete.\n",
			        err != 0 ? ": " : "", err != 0 ? strerror(err) : "");
		rc = AO_EXIT_WRITE;
	}
	if ((fflush(stderr) != 0 || ferror(stderr)) && rc != AO_EXIT_INTERRUPTED)
		rc = AO_EXIT_WRITE;
	return rc;
}

/* `help [COMMAND]` is `COMMAND --help`; `completion bash|zsh|fish` prints
 * a completion script generated from the option table.  argv[0] is the
 * builtin's name. */
static int
run_builtin(int argc, char **argv)
{
	const char *arg = argc > 1 ? argv[1] : NULL;

	if (argc > 2)
		return ao_usage_error(argv[0], "one argument at most (got \"%s\" and \"%s\")", argv[1], argv[2]);
	if (strcmp(argv[0], "completion") == 0) {
		if (arg != NULL && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
			ao_completion_help(stdout);
			return AO_EXIT_OK;
		}
		if (arg == NULL)
			return ao_usage_error("completion", "which shell? bash, zsh or fish");
		return ao_completion_print(stdout, arg) == 0
		       ? AO_EXIT_OK
		       : ao_usage_error("completion", "no completion for \"%s\"; the shells are bash, zsh and fish", arg);
	}
	if (arg == NULL || strcmp(arg, "help") == 0 || strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		ao_usage(stdout);
		return AO_EXIT_OK;
	}
	if (strcmp(arg, "completion") == 0) {
		ao_completion_help(stdout);
		return AO_EXIT_OK;
	}
	if (find_command(arg) != NULL) {
		/* every command answers --help before it looks at anything else */
		static const struct ao_global none;
		char *args[3] = { (char *)arg, (char *)"--help", NULL };

		return find_command(arg)(&none, 2, args);
	}
	return ao_usage_error("help", "unknown command \"%s\"", arg);
}

static int
env_set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0';
}

int
main(int argc, char **argv)
{
	static const char *const value_options[] = { "--api-url", "--ca-file", "--log", "--partner-api-url" };
	struct ao_global g = { 0 };
	struct ao_sandbox *sandbox = NULL;
	const char *api_url_flag = NULL, *partner_url_flag = NULL, *command = NULL;
	char **rest, msg[512];
	int nrest = 0, i, rc, want_help = 0, want_version = 0;
	ao_command_fn fn;

	ao_secret_protect_process();
	/* JWT key files are decoded by OpenSSL behind the core's interface */
	ao_crypto_install_key_decoder();
	setlocale(LC_ALL, "");
	/* a closed pipe (`agent-onboard list | head`) must not kill us mid-write */
	signal(SIGPIPE, SIG_IGN);

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (rest == NULL)
		return AO_EXIT_FAILURE;
	for (i = 1; i < argc; i++) {
		const char *v = NULL;
		size_t k;
		int m = 0;

		if (strcmp(argv[i], "--") == 0) {
			for (; i < argc; i++)
				rest[nrest++] = argv[i];
			break;
		}
		for (k = 0; k < sizeof(value_options) / sizeof(value_options[0]); k++) {
			m = match_option(argc, argv, &i, value_options[k], &v);
			if (m < 0) {
				free(rest);
				return ao_usage_error("", "%s needs a value", value_options[k]);
			}
			if (m > 0) {
				if (k == 0)
					api_url_flag = v;
				else if (k == 3)
					partner_url_flag = v;
				else if (k == 1)
					g.ca_file = v;
				else
					g.log_path = v;
				break;
			}
		}
		if (m > 0)
			continue;
		if (strncmp(argv[i], "--", 2) == 0 && strchr(argv[i], '=') != NULL &&
		    ao_option_find("", argv[i]) != NULL && ao_option_find("", argv[i])->command[0] == '\0') {
			/* "--staging=yes": a global flag given a value */
			free(rest);
			return ao_option_unknown("", argv[i]);
		}
		if (strcmp(argv[i], "--staging") == 0) {
			g.staging = 1;
		} else if (strcmp(argv[i], "--plain") == 0) {
			g.plain = 1;
		} else if (strcmp(argv[i], "--demo") == 0) {
			g.demo = 1;
		} else if (command == NULL && (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)) {
			want_help = 1;
		} else if (command == NULL && (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0)) {
			want_version = 1;
		} else {
			/* The first bare word is the command when it names one.  The
			 * wizard needs no command word, so a bare word right after one
			 * of its options ("--timeout 1") is that option's value. */
			if (command == NULL && argv[i][0] != '-') {
				int after_option = nrest > 0 && rest[nrest - 1][0] == '-' &&
				                   strchr(rest[nrest - 1], '=') == NULL;

				if (find_command(argv[i]) != NULL || is_builtin(argv[i]))
					command = argv[i];
				else if (!after_option) {
					free(rest);
					return ao_usage_error("", "unknown command \"%s\"", argv[i]);
				}
			}
			rest[nrest++] = argv[i];
		}
	}
	if (want_version) {
		ao_print_version(stdout);
		free(rest);
		return finish_output(AO_EXIT_OK);
	}
	if (want_help) {
		ao_usage(stdout);
		free(rest);
		return finish_output(AO_EXIT_OK);
	}
	if (command != NULL && is_builtin(command)) {
		rc = run_builtin(nrest, rest);
		free(rest);
		return finish_output(rc);
	}
	if (api_url_flag != NULL && g.staging) {
		free(rest);
		return ao_usage_error("", "--staging and --api-url both name the API URL; give one of them");
	}

	g.plain = g.plain || (getenv("TERM") != NULL && strcmp(getenv("TERM"), "dumb") == 0) ||
	          env_set("ACCESSIBLE");
	g.no_color = env_set("NO_COLOR");
	g.api_url = ao_api_pick_url(api_url_flag, g.staging);
	g.partner_api_url = ao_api_pick_partner_url(partner_url_flag, g.staging, g.api_url,
	                                            api_url_flag != NULL || env_set(AO_API_URL_ENV));
	if (!g.demo) {
		struct ao_url u;

		if (ao_url_parse(g.api_url, &u, msg, sizeof(msg)) != 0) {
			fprintf(stderr, "agent-onboard: the API URL %s is not valid: %s\n", g.api_url, msg);
			free(rest);
			return AO_EXIT_USAGE;
		}
		if (strcmp(u.scheme, "https") != 0 && !ao_url_host_is_loopback(u.host)) {
			fprintf(stderr, "agent-onboard: the API URL must use https:// (plain http only for localhost): %s\n",
			        g.api_url);
			free(rest);
			return AO_EXIT_USAGE;
		}
	}
	if (g.ca_file != NULL && access(g.ca_file, R_OK) != 0) {
		fprintf(stderr, "agent-onboard: cannot read the CA file %s\n", g.ca_file);
		free(rest);
		return AO_EXIT_USAGE;
	}
	ao_http_global_init();
	if (g.log_path != NULL) {
		g.log = ao_log_open(g.log_path, msg, sizeof(msg));
		if (g.log == NULL) {
			fprintf(stderr, "agent-onboard: %s\n", msg);
			free(rest);
			return AO_EXIT_USAGE;
		}
	}
	if (g.demo && (command == NULL || strcmp(command, "sandbox") != 0)) {
		struct ao_sandbox_options o;

		ao_sandbox_options_init(&o);
		/* long enough to see PENDING on screen, short enough for a demo */
		o.activate_after_ms = 3000;
		sandbox = ao_sandbox_start(&o, msg, sizeof(msg));
		if (sandbox == NULL) {
			fprintf(stderr, "agent-onboard: the demo simulator could not start: %s\n", msg);
			ao_log_close(g.log);
			free(rest);
			return AO_EXIT_FAILURE;
		}
		g.api_url = ao_sandbox_url(sandbox);
		g.partner_api_url = ao_sandbox_partner_url(sandbox);
		g.demo_key = AO_SANDBOX_DEMO_KEY;
	}

	if (command == NULL) {
		/* no subcommand: the wizard, which explains what to do without a terminal */
		memmove(rest + 1, rest, (size_t)nrest * sizeof(*rest));
		rest[0] = (char *)"wizard";
		nrest++;
		command = "wizard";
	}
	if (g.log != NULL && strcmp(g.log_path, "-") == 0 && strcmp(command, "wizard") == 0 &&
	    isatty(STDERR_FILENO)) {
		/* the trace would scribble over the wizard's screen */
		ao_sandbox_stop(sandbox);
		ao_log_close(g.log);
		free(rest);
		return ao_usage_error("", "--log - writes to stderr, which is the wizard's terminal; give --log FILE");
	}
	fn = find_command(command);
	rc = fn(&g, nrest, rest);
	ao_sandbox_stop(sandbox);
	ao_log_close(g.log);
	free(rest);
	return finish_output(rc);
}
