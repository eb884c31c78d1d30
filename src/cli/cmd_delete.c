/* SPDX-License-Identifier: MIT */
/* `agent-onboard delete ID`: DELETE /inventory-sources/{sourceId} (204;
 * reference/scope3-api.md §2.6).  The platform disables the linked agent
 * first and refuses while the agent has running media buys; the command
 * then suggests disabling instead, as the docs do.  The partner API
 * documents no DELETE for agents (§3.1), so for them it says how to
 * disable.  Asks on a terminal; without one it needs --yes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/lookup.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/net/api.h"

static void
help(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard delete [--kind KIND] [--yes] [--] ID\n"
	        "\n"
	        "Deletes a storefront inventory source (DELETE /api/v2/storefront/inventory-sources/ID).\n"
	        "The platform disables the source's agent first, then removes the source; it refuses\n"
	        "while the agent has media buys that are ACTIVE, PAUSED, PENDING_APPROVAL or\n"
	        "INPUT_REQUIRED; disable it instead: agent-onboard update ID --status DISABLED.\n"
	        "The partner API has no documented delete for partner agents: disable them the same way.\n"
	        "On a terminal it asks first; without one, --yes is required.\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "delete");
	fprintf(out, "\nExit code 0 once deleted; 4 when the platform refuses (or no registration has the id).\n\n");
	ao_usage_exit_codes(out);
}

/* y/yes on the terminal. */
static int
confirmed(const char *what, const char *id)
{
	char line[32];

	fprintf(stderr, "Delete %s %s? The platform disables its agent first, then removes it; this cannot be "
	        "undone. [y/N] ", what, id);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 0;
	return strcmp(line, "y\n") == 0 || strcmp(line, "Y\n") == 0 || strcmp(line, "yes\n") == 0;
}

int
ao_cmd_delete(const struct ao_global *g, int argc, char **argv)
{
	struct ao_cli_session s;
	struct ao_resource r;
	struct ao_api_result res;
	enum ao_kind kind = AO_KIND_NONE;
	const char *id = NULL;
	char *safe = NULL;
	int i, yes = 0, ended = 0, rc;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (ended || arg[0] != '-' || arg[1] == '\0') {
			if (id != NULL)
				return ao_usage_error("delete", "one id at a time (got \"%s\" and \"%s\")", id, arg);
			id = arg;
		} else if (strcmp(arg, "--") == 0) {
			ended = 1;
		} else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(arg, "--yes") == 0 || strcmp(arg, "-y") == 0) {
			yes = 1;
		} else if (strcmp(arg, "--kind") == 0 || strncmp(arg, "--kind=", 7) == 0) {
			if (arg[6] == '=')
				v = arg + 7;
			else if (i + 1 < argc)
				v = argv[++i];
			else
				return ao_usage_error("delete", "%s", "--kind needs a value");
			kind = ao_cli_parse_kind(v);
			if (kind == AO_KIND_NONE)
				return ao_usage_error("delete", "--kind must be inventory-source or partner-agent, not \"%s\"", v);
		} else {
			return ao_option_unknown("delete", arg);
		}
	}
	if (id == NULL || *id == '\0')
		return ao_usage_error("delete", "%s", "which registration? Give its id: agent-onboard delete ID");
	if (!yes && !(isatty(STDIN_FILENO) && isatty(STDERR_FILENO)))
		return ao_usage_error("delete", "%s", "without a terminal to ask on, add --yes to delete");

	memset(&r, 0, sizeof(r));
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	rc = ao_cli_look_up(&s, kind, id, &r);
	if (rc != AO_EXIT_OK)
		goto out;
	safe = ao_display_dup(r.id);
	if (r.kind == AO_KIND_AGENT) {
		fprintf(stderr, "agent-onboard: the partner API documents no delete for partner agents; disable "
		        "%s instead: agent-onboard update %s --status DISABLED\n", safe, safe);
		rc = AO_EXIT_REJECTED;
		goto out;
	}
	if (!yes && !confirmed("inventory source", safe)) {
		fprintf(stderr, "agent-onboard: not deleted.\n");
		rc = AO_EXIT_FAILURE;
		goto out;
	}
	ao_api_wait(ao_api_delete(s.api, r.kind, r.id, NULL, NULL), &ao_cli_interrupted, &res);
	if (res.status != AO_OK) {
		rc = ao_cli_report_failure(&res, "deleting the inventory source");
		if (res.http_status == 400)
			fprintf(stderr, "The platform keeps a source whose agent still has running media buys. Disable it "
			        "instead (it stops taking new buys): agent-onboard update %s --status DISABLED\n", safe);
		ao_api_result_free(&res);
		goto out;
	}
	ao_api_result_free(&res);
	fprintf(stderr, "agent-onboard: inventory source %s deleted (its agent was disabled first).\n", safe);
	rc = AO_EXIT_OK;
out:
	free(safe);
	ao_resource_free(&r);
	ao_cli_session_close(&s);
	return rc;
}
