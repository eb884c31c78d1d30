/* SPDX-License-Identifier: MIT */
/* See cli/lookup.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/lookup.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/net/api.h"

int
ao_cli_look_up(struct ao_cli_session *s, enum ao_kind kind, const char *id, struct ao_resource *r)
{
	static const enum ao_kind order[] = { AO_KIND_SOURCE, AO_KIND_AGENT };
	size_t i;
	char *safe;

	for (i = 0; i < 2; i++) {
		struct ao_api_result res;
		int rc;

		if (kind != AO_KIND_NONE && order[i] != kind)
			continue;
		ao_api_wait(ao_api_get(s->api, order[i], id, NULL, NULL), &ao_cli_interrupted, &res);
		if (res.status == AO_OK) {
			*r = res.resource;
			if (r->kind == AO_KIND_NONE)
				r->kind = order[i];
			memset(&res.resource, 0, sizeof(res.resource));
			ao_api_result_free(&res);
			return AO_EXIT_OK;
		}
		if (res.status == AO_ERR_NOT_FOUND && kind == AO_KIND_NONE) {
			ao_api_result_free(&res);
			continue;
		}
		if (res.status == AO_ERR_INTERRUPTED) {
			ao_api_result_free(&res);
			fprintf(stderr, "agent-onboard: interrupted.\n");
			return AO_EXIT_INTERRUPTED;
		}
		rc = ao_cli_report_failure(&res, order[i] == AO_KIND_AGENT ? "looking up the partner agent"
		                           : "looking up the inventory source");
		ao_api_result_free(&res);
		return rc;
	}
	safe = ao_display_dup(id);
	fprintf(stderr, "agent-onboard: no inventory source or partner agent has the id \"%s\" "
	        "(see `agent-onboard list`).\n", safe);
	free(safe);
	return AO_EXIT_REJECTED;
}
