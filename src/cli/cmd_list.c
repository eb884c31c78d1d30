/* SPDX-License-Identifier: MIT */
/* `agent-onboard list`: the user's inventory sources and partner agents with
 * their status and whether their authentication is configured; an aligned
 * table for people, the platform's objects as JSON for scripts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"

static void
help(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard list [--kind KIND] [--json]\n"
	        "\n"
	        "Lists your storefront inventory sources and partner agents: id, status,\n"
	        "authentication type and whether it is configured, and name.\n"
	        "\n"
	        "Options:\n"
	        "  --kind KIND   only inventory-source or only partner-agent\n"
	        "  --json        {\"inventorySources\": [...], \"partnerAgents\": [...]} on stdout, each\n"
	        "                item as the platform returned it; a list the platform does not\n"
	        "                offer (404) is null\n"
	        "  -h, --help    this help\n"
	        "\n"
	        "Exit code 8 also covers rate limiting: HTTP 429 that outlasted the retries\n"
	        "(each Retry-After is waited, up to 60 s), and answers that could not be read\n"
	        "(not JSON, cut short, larger than 1 MiB).\n"
	        "\n");
	ao_usage_exit_codes(out);
}

struct row {
	const char *cell[6];
};

enum { COL_KIND, COL_ID, COL_STATUS, COL_AUTH, COL_CONFIGURED, COL_NAME, NCOLS };

/* Width in columns, counted in code points (names may be in any script;
 * this is exact for the ids, statuses and enums that are aligned). */
static size_t
width(const char *s)
{
	long n = ao_utf8_count(s, strlen(s));

	return n < 0 ? strlen(s) : (size_t)n;
}

static void
print_table(const struct row *rows, size_t n)
{
	static const char *const head[NCOLS] = { "KIND", "ID", "STATUS", "AUTH", "CONFIGURED", "NAME" };
	size_t w[NCOLS], i, c;

	for (c = 0; c < NCOLS; c++)
		w[c] = strlen(head[c]);
	for (i = 0; i < n; i++)
		for (c = 0; c < NCOLS; c++)
			if (width(rows[i].cell[c]) > w[c])
				w[c] = width(rows[i].cell[c]);
	for (c = 0; c < NCOLS; c++)
		printf("%s%-*s", c ? "  " : "", c + 1 < NCOLS ? (int)w[c] : 0, head[c]);
	printf("\n");
	for (i = 0; i < n; i++) {
		for (c = 0; c < NCOLS; c++) {
			const char *v = rows[i].cell[c];

			printf("%s%s", c ? "  " : "", v);
			if (c + 1 < NCOLS)
				printf("%*s", (int)(w[c] - width(v)), "");
		}
		printf("\n");
	}
}

/* Fetches one collection.  Returns an exit code; a 404 (the partner API is
 * not offered by every platform host) gives *missing = 1 and OK. */
static int
fetch(struct ao_cli_session *s, enum ao_kind kind, int tolerate_404, struct ao_resource_list *out,
      int *missing)
{
	struct ao_api_result res;
	struct ao_api_call *call = ao_api_list(s->api, kind, NULL, NULL);
	int rc;

	*missing = 0;
	ao_api_wait(call, &ao_cli_interrupted, &res);
	if (res.status == AO_OK) {
		*out = res.list;
		memset(&res.list, 0, sizeof(res.list));
		ao_api_result_free(&res);
		return AO_EXIT_OK;
	}
	if (res.status == AO_ERR_NOT_FOUND && tolerate_404) {
		fprintf(stderr, "agent-onboard: this platform (%s) does not offer the %s list; showing the rest.\n",
		        ao_api_base_url(s->api), kind == AO_KIND_AGENT ? "partner agents" : "inventory sources");
		*missing = 1;
		ao_api_result_free(&res);
		return AO_EXIT_OK;
	}
	rc = ao_cli_report_failure(&res, kind == AO_KIND_AGENT ? "listing partner agents"
	                                                     : "listing inventory sources");
	ao_api_result_free(&res);
	return rc;
}

static cJSON *
list_json(const struct ao_resource_list *l, int missing)
{
	cJSON *arr;
	size_t i;

	if (missing)
		return cJSON_CreateNull();
	arr = cJSON_CreateArray();
	for (i = 0; i < l->count; i++)
		cJSON_AddItemToArray(arr, ao_cli_resource_json(&l->items[i]));
	return arr;
}

int
ao_cmd_list(const struct ao_global *g, int argc, char **argv)
{
	static const enum ao_kind kinds[2] = { AO_KIND_SOURCE, AO_KIND_AGENT };
	struct ao_cli_session s;
	struct ao_resource_list lists[2];
	int missing[2] = { 0, 0 }, wanted[2] = { 1, 1 };
	enum ao_kind only = AO_KIND_NONE;
	int i, json = 0, rc = AO_EXIT_OK;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(arg, "--json") == 0) {
			json = 1;
		} else if (strcmp(arg, "--kind") == 0 || strncmp(arg, "--kind=", 7) == 0) {
			const char *v = arg[6] == '=' ? arg + 7 : (i + 1 < argc ? argv[++i] : NULL);

			if (v == NULL)
				return ao_usage_error("list", "%s", "--kind needs a value");
			only = ao_cli_parse_kind(v);
			if (only == AO_KIND_NONE)
				return ao_usage_error("list", "--kind must be inventory-source or partner-agent, not \"%s\"", v);
		} else if (arg[0] == '-') {
			return ao_usage_error("list", "unknown option %s", arg);
		} else {
			return ao_usage_error("list", "list takes no arguments (\"%s\"); for one registration use "
			                   "`agent-onboard status ID`", arg);
		}
	}
	if (only != AO_KIND_NONE) {
		wanted[0] = only == AO_KIND_SOURCE;
		wanted[1] = only == AO_KIND_AGENT;
	}
	memset(lists, 0, sizeof(lists));
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	for (k = 0; k < 2 && rc == AO_EXIT_OK; k++)
		if (wanted[k])
			/* with both lists asked for, one host may lack the partner API */
			rc = fetch(&s, kinds[k], only == AO_KIND_NONE, &lists[k], &missing[k]);
	if (rc != AO_EXIT_OK)
		goto out;
	if (missing[0] && missing[1]) {
		fprintf(stderr, "agent-onboard: %s offers neither list; is the API URL right?\n",
		        ao_api_base_url(s.api));
		rc = AO_EXIT_REJECTED;
		goto out;
	}

	if (json) {
		cJSON *root = cJSON_CreateObject();

		if (wanted[0])
			cJSON_AddItemToObject(root, "inventorySources", list_json(&lists[0], missing[0]));
		if (wanted[1])
			cJSON_AddItemToObject(root, "partnerAgents", list_json(&lists[1], missing[1]));
		ao_cli_print_json(stdout, root);
		cJSON_Delete(root);
	} else {
		size_t n = lists[0].count + lists[1].count, r = 0, j;
		struct row *rows = xcalloc(n ? n : 1, sizeof(*rows));
		char **owned = xcalloc(n ? n * NCOLS : 1, sizeof(*owned));

		for (k = 0; k < 2; k++) {
			for (j = 0; j < lists[k].count; j++, r++) {
				const struct ao_resource *it = &lists[k].items[j];
				const char *vals[NCOLS];
				int c;

				vals[COL_KIND] = k == 0 ? "source" : "agent";
				vals[COL_ID] = it->id != NULL ? it->id : "-";
				vals[COL_STATUS] = it->status_raw != NULL ? it->status_raw : "-";
				vals[COL_AUTH] = it->auth_type != NULL ? it->auth_type : "-";
				vals[COL_CONFIGURED] = it->auth_configured == 1 ? "yes" : it->auth_configured == 0 ? "no" : "-";
				vals[COL_NAME] = it->name != NULL ? it->name : "";
				/* the platform's text goes to a terminal: no escapes */
				for (c = 0; c < NCOLS; c++) {
					owned[r * NCOLS + (size_t)c] = ao_display_dup(vals[c]);
					rows[r].cell[c] = owned[r * NCOLS + (size_t)c];
				}
			}
		}
		if (n == 0)
			fprintf(stderr, "No %s yet. Register one with `agent-onboard` (the wizard) or "
			        "`agent-onboard create`.\n",
			        only == AO_KIND_SOURCE ? "inventory sources"
			        : only == AO_KIND_AGENT ? "partner agents" : "inventory sources or partner agents");
		else
			print_table(rows, n);
		for (j = 0; j < n * NCOLS; j++)
			free(owned[j]);
		free(owned);
		free(rows);
		fflush(stdout);
	}
out:
	ao_resource_list_free(&lists[0]);
	ao_resource_list_free(&lists[1]);
	ao_cli_session_close(&s);
	return rc;
}
