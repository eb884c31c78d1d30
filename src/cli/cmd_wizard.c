/* SPDX-License-Identifier: MIT */
/* `agent-onboard` with no subcommand: the wizard, on screen or in the
 * plain line mode; without a terminal it says what to use instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/ui/plain.h"
#include "agent-onboard/ui/session.h"
#include "agent-onboard/ui/tui.h"

static void
usage(FILE *out)
{
	fputs("Usage: agent-onboard [--demo] [--plain] [--answers FILE] [--fresh] [--timeout SECONDS]\n"
	      "       agent-onboard --edit ID [--timeout SECONDS]\n"
	      "\n"
	      "The wizard: registers your AdCP agent (MCP or A2A) with the Scope3 / Interchange\n"
	      "platform as a storefront inventory source or a partner agent, then waits until it\n"
	      "is ACTIVE (or shows the OAuth consent URL).\n"
	      "\n"
	      "Options:\n", out);
	ao_option_help(out, "wizard");
	fputs("and the global options (agent-onboard --help), --demo and --plain among them;\n"
	      "--plain is automatic with TERM=dumb or ACCESSIBLE=1.\n"
	      "\n"
	      "Keys: Tab/Shift-Tab fields, Up/Down lists, Space select, Enter next, Esc back or\n"
	      "cancel a request, F1 help, F2 show a secret, F5 test the connection, q quit.\n"
	      "\n"
	      "Drafts: the answers (never secrets) are saved after every step in\n"
	      "$XDG_STATE_HOME/agent-onboard/draft.json (default ~/.local/state/agent-onboard),\n"
	      "mode 0600; the next start offers to resume.  Without a terminal use\n"
	      "`agent-onboard create --answers FILE`.\n"
	      "\n", out);
	ao_usage_exit_codes(out);
}

static int
usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "agent-onboard: %s%s", what, arg);
	fprintf(stderr, "\nRun `agent-onboard --help` or `agent-onboard wizard --help` for usage.\n");
	return AO_EXIT_USAGE;
}

int
ao_cmd_wizard(const struct ao_global *g, int argc, char **argv)
{
	struct ao_session_options o;
	struct ao_session *s;
	char msg[4096];
	int i, rc = AO_EXIT_OK;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(a, "--fresh") == 0) {
			o.fresh = 1;
		} else if (strcmp(a, "--answers") == 0 || strncmp(a, "--answers=", 10) == 0) {
			if (a[9] == '=')
				o.answers_file = a + 10;
			else if (i + 1 < argc)
				o.answers_file = argv[++i];
			else
				return usage_error("this option needs a file: ", a);
		} else if (strcmp(a, "--edit") == 0 || strncmp(a, "--edit=", 7) == 0) {
			if (a[6] == '=')
				o.edit_id = a + 7;
			else if (i + 1 < argc)
				o.edit_id = argv[++i];
			else
				return usage_error("this option needs a registration id: ", a);
			if (o.edit_id[0] == '\0')
				return usage_error("--edit needs a registration id (sourceId or agentId)", "");
		} else if (strcmp(a, "--timeout") == 0 || strncmp(a, "--timeout=", 10) == 0) {
			const char *v = a[9] == '=' ? a + 10 : i + 1 < argc ? argv[++i] : NULL;
			char *end;

			if (v == NULL)
				return usage_error("this option needs a number of seconds: ", a);
			o.timeout = strtod(v, &end);
			if (*end != '\0' || o.timeout <= 0)
				return usage_error("--timeout needs a positive number of seconds, not ", v);
		} else if (a[0] == '-' && strchr(a, '=') != NULL && ao_option_find("wizard", a) != NULL) {
			return ao_option_unknown("wizard", a);   /* --fresh=yes */
		} else {
			return usage_error("unknown option for the wizard: ", a);
		}
	}
	if (o.edit_id != NULL && o.answers_file != NULL)
		return usage_error("--edit fills the forms from the platform; it cannot be combined with ", "--answers");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
		        "agent-onboard: the wizard needs a terminal, and %s is not one.\n"
		        "To register without a terminal, put the answers in a file and run:\n"
		        "  agent-onboard create --answers FILE --secret-file TOKEN_FILE --wait\n"
		        "(`agent-onboard create --help` lists the fields; secrets come from a file, a\n"
		        "descriptor or an environment variable, never from the command line.)\n",
		        !isatty(STDIN_FILENO) ? "standard input" : "standard output");
		return AO_EXIT_USAGE;
	}
	s = ao_session_new(g, &o, msg, sizeof(msg), &rc);
	if (s == NULL) {
		fprintf(stderr, "agent-onboard: %s\n", msg);
		return rc;
	}
	rc = g->plain ? ao_plain_run(s) : ao_tui_run(s);
	ao_session_free(s);
	return rc;
}
