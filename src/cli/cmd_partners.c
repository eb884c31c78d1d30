/* SPDX-License-Identifier: MIT */
/* `agent-onboard partners`: the partner (ACTIVATION) seats a partner agent
 * is registered under (GET /api/v2/partner/partners, every page: the client
 * follows take/skip and meta.pagination; reference/scope3-api.md §3.1 and
 * the addendum).  The id is what create's --partner-id takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
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
	        "Usage: agent-onboard partners [--json[=FIELD,...]]\n"
	        "\n"
	        "Lists the partner (ACTIVATION) seats of the account, every page of them: id,\n"
	        "status and name. The id is what create --partner-id takes.\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "partners");
	fprintf(out, "\n");
	ao_usage_exit_codes(out);
}

static cJSON *
partners_json(const struct ao_partner_list *l)
{
	cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "partners");
	size_t i;

	for (i = 0; i < l->count; i++) {
		cJSON *p = cJSON_CreateObject();

		if (l->items[i].id != NULL)
			cJSON_AddStringToObject(p, "id", l->items[i].id);
		else
			cJSON_AddNullToObject(p, "id");
		if (l->items[i].name != NULL)
			cJSON_AddStringToObject(p, "name", l->items[i].name);
		else
			cJSON_AddNullToObject(p, "name");
		if (l->items[i].status != NULL)
			cJSON_AddStringToObject(p, "status", l->items[i].status);
		else
			cJSON_AddNullToObject(p, "status");
		if (l->items[i].description != NULL)
			cJSON_AddStringToObject(p, "description", l->items[i].description);
		else
			cJSON_AddNullToObject(p, "description");
		cJSON_AddItemToArray(arr, p);
	}
	return doc;
}

int
ao_cmd_partners(const struct ao_global *g, int argc, char **argv)
{
	struct ao_cli_session s;
	struct ao_api_result res;
	struct ao_json_select json = { 0, "" };
	int i, m, rc;
	size_t k, idw = 2;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			help(stdout);
			return AO_EXIT_OK;
		}
		if ((m = ao_json_option("partners", argv[i], &json)) != 0) {
			if (m < 0)
				return -m;
			continue;
		}
		if (argv[i][0] != '-')
			return ao_usage_error("partners", "takes no arguments (got \"%s\")", argv[i]);
		return ao_option_unknown("partners", argv[i]);
	}
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	ao_api_wait(ao_api_list_partners(s.api, NULL, NULL), &ao_cli_interrupted, &res);
	if (res.status != AO_OK) {
		rc = ao_cli_report_failure(&res, "listing the partner seats");
		goto out;
	}
	if (json.on) {
		ao_json_emit(stdout, partners_json(&res.partners), &json, 1);
	} else if (res.partners.count == 0) {
		fprintf(stderr, "No partner seats: create one in the platform's web app (partner agents need one).\n");
	} else {
		for (k = 0; k < res.partners.count; k++)
			if (res.partners.items[k].id != NULL && strlen(res.partners.items[k].id) > idw)
				idw = strlen(res.partners.items[k].id);
		printf("%-*s  %-8s  %s\n", (int)idw, "ID", "STATUS", "NAME");
		for (k = 0; k < res.partners.count; k++) {
			char *id = ao_display_dup(res.partners.items[k].id != NULL ? res.partners.items[k].id : "");
			char *st = ao_display_dup(res.partners.items[k].status != NULL ? res.partners.items[k].status : "");
			char *name = ao_display_dup(res.partners.items[k].name != NULL ? res.partners.items[k].name : "");

			printf("%-*s  %-8s  %s\n", (int)idw, id, st, name);
			free(id);
			free(st);
			free(name);
		}
		fflush(stdout);
	}
	rc = AO_EXIT_OK;
out:
	ao_api_result_free(&res);
	ao_cli_session_close(&s);
	return rc;
}
