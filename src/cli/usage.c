/* SPDX-License-Identifier: MIT */
/* Top-level help.  Kept in step with the README and assets/agent-onboard.1
 * (tests compare the exit-code table with enum ao_exit). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/status.h"

void
ao_usage_exit_codes(FILE *out)
{
	fprintf(out,
	        "Exit codes:\n"
	        "  %3d  success: the registration is ACTIVE (or the command did what it says)\n"
	        "  %3d  failure not listed below (doctor: a check failed)\n"
	        "  %3d  usage: bad command line\n"
	        "  %3d  invalid answers: nothing was sent\n"
	        "  %3d  rejected by the platform (4xx: validation, conflict, not found)\n"
	        "  %3d  authentication: the platform API key is missing, invalid or not allowed\n"
	        "  %3d  still PENDING when --timeout ran out (or detached with d)\n"
	        "  %3d  the registration is DISABLED\n"
	        "  %3d  network, TLS or server (5xx) failure, rate limited (429) after the retries,\n"
	        "       or an answer that could not be read\n"
	        "  %3d  the keyring could not be used\n"
	        "  %3d  the output is incomplete: list stopped at --limit or --timeout while the\n"
	        "       platform had more (stderr says how to get the rest)\n"
	        "  %3d  the output could not be written (disk full, closed pipe ...)\n"
	        "  %3d  the organisation has not accepted the Platform Service Agreement\n"
	        "       (HTTP 403 TOS_ACCEPTANCE_REQUIRED): an admin accepts it in the web app\n"
	        "  %3d  interrupted (Ctrl-C, SIGTERM, SIGHUP); the draft is kept\n",
	        AO_EXIT_OK, AO_EXIT_FAILURE, AO_EXIT_USAGE, AO_EXIT_INVALID, AO_EXIT_REJECTED,
	        AO_EXIT_AUTH, AO_EXIT_PENDING, AO_EXIT_DISABLED, AO_EXIT_NETWORK, AO_EXIT_KEYRING,
	        AO_EXIT_PARTIAL, AO_EXIT_WRITE, AO_EXIT_TOS, AO_EXIT_INTERRUPTED);
}

void
ao_usage(FILE *out)
{
	const struct ao_command_info *c;

	fprintf(out,
	        "agent-onboard %s: register an AdCP agent (MCP or A2A) with the Scope3 agentic platform.\n"
	        "\n"
	        "Usage: agent-onboard [GLOBAL OPTIONS] [COMMAND] [ARGS]\n"
	        "\n"
	        "Commands:\n",
	        AO_VERSION);
	for (c = ao_commands; c->name != NULL; c++) {
		const char *name = strcmp(c->name, "wizard") == 0 ? "(none)"
		                   : strcmp(c->name, "status") == 0 ? "status ID"
		                   : strcmp(c->name, "probe") == 0 ? "probe URL" : c->name;

		fprintf(out, "  %-12s  %s\n", name, c->summary);
	}
	fprintf(out,
	        "Run `agent-onboard COMMAND --help` (or `agent-onboard help COMMAND`) for a command's\n"
	        "options. `--` ends the options: what follows is an argument (an id starting with -).\n"
	        "\n"
	        "Global options (anywhere on the command line):\n");
	ao_option_help(out, "");
	fprintf(out,
	        "\n"
	        "Precedence: a command-line flag beats the environment, which beats the keyring,\n"
	        "which beats the default: --api-url or --staging > SCOPE3_API_URL > the production\n"
	        "URL; SCOPE3_API_KEY > the keyring (agent-onboard login).\n"
	        "\n"
	        "Two hosts: storefront calls (and the key check) go to the API URL; partner calls\n"
	        "(/api/v2/partner/...) to the partner API URL: --partner-api-url >\n"
	        "SCOPE3_PARTNER_API_URL > an --api-url or SCOPE3_API_URL naming a loopback host\n"
	        "(the simulator serves both) > https://api.agentic.scope3.com (with --staging\n"
	        "https://api.agentic.staging.scope3.com).\n"
	        "\n"
	        "Secrets are never accepted as command-line values (they would show in ps and shell\n"
	        "history): use --secret-file FILE, --secret-fd N, --secret-file - (stdin) or the\n"
	        "environment variables below.\n"
	        "\n");
	ao_usage_exit_codes(out);
	fprintf(out,
	        "\n"
	        "Environment:\n"
	        "  SCOPE3_API_KEY     platform API key (used before the keyring)\n"
	        "  SCOPE3_API_URL     platform API base URL (--api-url and --staging win)\n"
	        "  SCOPE3_PARTNER_API_URL  partner API base URL (--partner-api-url wins)\n"
	        "  AO_AGENT_TOKEN     the agent's API token (create, probe)\n"
	        "  AO_AGENT_PASSWORD  the agent's basic-auth password (create, probe)\n"
	        "  NO_COLOR           no colours; TERM=dumb or ACCESSIBLE=1 imply --plain\n"
	        "  XDG_STATE_HOME     drafts go to $XDG_STATE_HOME/agent-onboard/ (default ~/.local/state)\n"
	        "\n"
	        "Files:\n"
	        "  ~/.local/state/agent-onboard/draft.json   the wizard's answers so far (no secrets, 0600)\n"
	        "  Secrets live only in the system keyring (Secret Service), or in memory for one run.\n");
}

int
ao_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	struct ao_buf b;
	char *text = NULL, *safe;
	int n;

	fprintf(stderr, "agent-onboard%s%s: ", command[0] ? " " : "", command);
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	/* the message may quote a flag's value, an answers file's or the
	 * platform's words: all through the one sanitiser, as everything else
	 * from outside (a line break the message itself makes is kept) */
	ao_buf_init(&b, 0);
	if (n >= 0)
		ao_display_append(&b, text, (size_t)n, AO_DISPLAY_KEEP_NEWLINE);
	safe = ao_buf_steal(&b);
	fputs(safe, stderr);
	free(safe);
	free(text);
	fprintf(stderr, "\nRun `agent-onboard%s%s --help` for the options.\n", command[0] ? " " : "", command);
	return AO_EXIT_USAGE;
}
