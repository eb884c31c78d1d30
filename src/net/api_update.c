/* SPDX-License-Identifier: MIT */
/* The update of a registration to the answers the user reviewed: PUT
 * /inventory-sources/{sourceId} (a partial update) or PATCH
 * /partner/agents/{agentId}.  Used when a submission this program started
 * had arrived after all and the user corrected something since. */
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"
#include "api_priv.h"

struct ao_api_call *ao_api_update(struct ao_api *api, enum ao_kind kind, const char *id,
                                  const struct ao_answers *a, const struct ao_secrets *s,
                                  ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_UPDATE, kind, done, arg);
	cJSON *json;
	char *text, *body;

	if ((kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT) || id == NULL || *id == '\0') {
		ao_api_finish(call, AO_ERR_USAGE, "No registration to update was given.");
		return call;
	}
	json = ao_build_update_body(a, s, 0);
	text = json != NULL ? cJSON_PrintUnformatted(json) : NULL;
	ao_json_wipe(json);
	cJSON_Delete(json);
	if (text == NULL) {
		ao_api_finish(call, AO_ERR_INVALID, "The answers do not make a complete update.");
		return call;
	}
	/* the body holds the credential: copied into our allocation, the
	 * cJSON copy wiped */
	body = xstrdup(text);
	ao_wipe(text, strlen(text));
	cJSON_free(text);
	/* setting the same values twice is setting them once: repeatable */
	ao_api_spec_set(&call->main, kind == AO_KIND_SOURCE ? AO_HTTP_PUT : AO_HTTP_PATCH,
	                ao_resource_path(kind, id), body, 1, 1);
	ao_api_send(call);
	return call;
}
