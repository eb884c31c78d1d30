/* SPDX-License-Identifier: MIT */
/* `agent-onboard status ID`: shows one inventory source or partner agent,
 * or waits for it (the same wait as `create --wait`).  The id alone does
 * not say which kind it is, so without --kind the inventory source is
 * looked up first and the partner agent on a 404. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/lookup.h"
#include "agent-onboard/cli/secret_input.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/cli/explain.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"

static void
help(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard status [--kind KIND] [--wait [--timeout SECONDS]] [--activate]\n"
	        "                            [--explain [--secret-file FILE|- | --secret-fd N] [--username TEXT]\n"
	        "                            | --json[=FIELD,...]] [--] ID\n"
	        "\n"
	        "Shows one storefront inventory source (by sourceId) or partner agent (by agentId),\n"
	        "or waits until it leaves PENDING. Polling is fast during the first minute (every\n"
	        "1.5 s), then backs off to every 30 s, and honours the platform's rate limits.\n"
	        "An id that starts with - goes after -- (status -- -abc).\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "status");
	fprintf(out,
	        "\n"
	        "The exit code tells the state: 0 ACTIVE, 6 PENDING (or still PENDING when\n"
	        "--timeout ran out), 7 DISABLED; 4 when no registration has that id. While\n"
	        "waiting, a failed check (5xx, 429, an unreadable answer, the network) is\n"
	        "retried on the schedule; only if checks fail until --timeout is it exit 8.\n"
	        "\n"
	        "Exit code 8 also covers rate limiting: HTTP 429 that outlasted the retries\n"
	        "(each Retry-After is waited, up to 60 s), and answers that could not be read\n"
	        "(not JSON, cut short, larger than 1 MiB).\n"
	        "\n");
	ao_usage_exit_codes(out);
}

int
ao_cmd_status(const struct ao_global *g, int argc, char **argv)
{
	struct ao_cli_session s;
	struct ao_resource r;
	struct ao_wait_result w;
	enum ao_kind kind = AO_KIND_NONE;
	const char *id = NULL;
	double timeout = AO_WAIT_DEFAULT_TIMEOUT;
	struct ao_json_select json = { 0, "" };
	int i, wait = 0, activate = 0, rc, options_ended = 0, m, explain = 0;
	struct ao_secret_input secret;
	struct ao_explain_options probe_opts;
	const char *username = NULL;
	char *credential = NULL, msg[512];

	ao_secret_input_init(&secret);
	memset(&probe_opts, 0, sizeof(probe_opts));

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v = NULL;

		if (options_ended || arg[0] != '-' || arg[1] == '\0') {
			if (id != NULL)
				return ao_usage_error("status", "one id at a time (got \"%s\" and \"%s\")", id, arg);
			id = arg;
		} else if (strcmp(arg, "--") == 0) {
			/* what follows is the id, even when it starts with - */
			options_ended = 1;
		} else if ((m = ao_secret_input_option(&secret, argc, argv, &i, msg, sizeof(msg))) != 0) {
			if (m < 0)
				return ao_usage_error("status", "%s", msg);
		} else if (strcmp(arg, "--username") == 0 || strncmp(arg, "--username=", 11) == 0) {
			if (arg[10] == '=')
				username = arg + 11;
			else if (i + 1 < argc)
				username = argv[++i];
			else
				return ao_usage_error("status", "%s needs a value", arg);
		} else if (strncmp(arg, "--token", 7) == 0 || strncmp(arg, "--password", 10) == 0 ||
		           strncmp(arg, "--secret=", 9) == 0 || strcmp(arg, "--secret") == 0) {
			ao_secret_input_refusal(arg + 2, strncmp(arg, "--password", 10) == 0 ? "AO_AGENT_PASSWORD"
			                        : "AO_AGENT_TOKEN", msg, sizeof(msg));
			return ao_usage_error("status", "%s", msg);
		} else if ((m = ao_json_option("status", arg, &json)) != 0) {
			if (m < 0)
				return -m;
		} else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(arg, "--wait") == 0) {
			wait = 1;
		} else if (strcmp(arg, "--explain") == 0) {
			explain = 1;
		} else if (strcmp(arg, "--activate") == 0) {
			activate = wait = 1;
		} else if (strcmp(arg, "--timeout") == 0 || strncmp(arg, "--timeout=", 10) == 0 ||
		           strcmp(arg, "--kind") == 0 || strncmp(arg, "--kind=", 7) == 0) {
			const char *eq = strchr(arg, '=');

			if (eq != NULL)
				v = eq + 1;
			else if (i + 1 < argc)
				v = argv[++i];
			else
				return ao_usage_error("status", "%s needs a value", arg);
			if (strncmp(arg, "--kind", 6) == 0) {
				kind = ao_cli_parse_kind(v);
				if (kind == AO_KIND_NONE)
					return ao_usage_error("status", "--kind must be inventory-source or partner-agent, not \"%s\"", v);
			} else {
				timeout = ao_cli_parse_seconds(v);
				if (timeout < 0)
					return ao_usage_error("status", "--timeout needs a number of seconds (0 = no limit), not \"%s\"", v);
				wait = 1;
			}
		} else {
			return ao_option_unknown("status", arg);
		}
	}
	if (explain && json.on)
		return ao_usage_error("status", "%s", "--explain prints text for people; use it without --json");
	if ((ao_secret_input_given(&secret) || username != NULL) && !explain)
		return ao_usage_error("status", "%s", "--secret-file, --secret-fd and --username are for our probe "
		                      "of the endpoint: add --explain");
	if (id == NULL || *id == '\0')
		return ao_usage_error("status", "%s", "which registration? Give its id: agent-onboard status ID "
		                   "(`agent-onboard list` shows them)");

	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	ao_wait_result_init(&w);
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	rc = ao_cli_look_up(&s, kind, id, &r);
	if (rc != AO_EXIT_OK)
		goto out;

	if (wait) {
		struct ao_wait_spec spec = { r.kind, r.id != NULL ? r.id : id, timeout, activate,
		                             isatty(STDERR_FILENO) };

		if (!ao_wait_is_final(&r, activate))
			ao_cli_print_oauth(stderr, &r);
		ao_wait_run(s.api, &spec, &r, &ao_cli_interrupted, &w);
		rc = ao_status_exit(w.status);
	} else {
		rc = ao_cli_state_exit(&r);
	}
	if (explain) {
		/* our probe's credential: the token, or BASIC_AUTH's password */
		int basic = r.auth_type != NULL && strcmp(r.auth_type, "BASIC_AUTH") == 0;

		if (ao_secret_input_read(&secret, basic ? "AO_AGENT_PASSWORD" : "AO_AGENT_TOKEN", &credential,
		                         NULL, 0, msg, sizeof(msg)) != 0) {
			fprintf(stderr, "agent-onboard: %s\n", msg);
			rc = AO_EXIT_USAGE;
			goto out;
		}
		if (basic) {
			probe_opts.password = credential;
			probe_opts.username = username;
		} else {
			probe_opts.token = credential;
		}
		probe_opts.ca_file = g->ca_file;
		probe_opts.log = g->log;
		if (basic && credential != NULL && username == NULL)
			fprintf(stderr, "agent-onboard: our probe needs --username with the BASIC_AUTH password; "
			        "probing without a credential.\n");
		ao_cli_explain(stdout, s.api, &r, &probe_opts);
	} else if (json.on) {
		ao_json_emit(stdout, ao_cli_resource_json(&r), &json, 0);
	} else {
		ao_cli_print_resource(stdout, &r);
		fflush(stdout);
	}
	if (wait && !explain)
		ao_cli_wait_report(stderr, s.api, &w, &r, &probe_opts);
	else if (wait)
		fprintf(stderr, "%s%s\n", w.status == AO_OK ? "" : "agent-onboard: ", w.message);
	else if (!json.on && !explain && r.status != AO_ST_ACTIVE)
		ao_cli_print_next_step(stderr, &r);
out:
	ao_secret_free(credential);
	ao_wait_result_free(&w);
	ao_resource_free(&r);
	ao_cli_session_close(&s);
	return rc;
}
