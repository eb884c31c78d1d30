/* SPDX-License-Identifier: MIT */
/* Changes to a registration after its create, with bodies the caller
 * built: a partial PUT /inventory-sources/{sourceId} or PATCH
 * /partner/agents/{agentId} of only the fields given, and DELETE
 * (reference/scope3-api.md §2.5, §2.6, §3.3). */
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "api_priv.h"

struct ao_api_call *ao_api_update_json(struct ao_api *api, enum ao_kind kind, const char *id,
                                       const char *body_json, int secret, ao_api_done_fn done,
                                       void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_UPDATE, kind, done, arg);

	if ((kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT) || id == NULL || *id == '\0' ||
	    body_json == NULL) {
		ao_api_finish(call, AO_ERR_USAGE, "No registration or change to update was given.");
		return call;
	}
	/* the same values twice are the same values once: repeatable */
	ao_api_spec_set(&call->main, kind == AO_KIND_SOURCE ? AO_HTTP_PUT : AO_HTTP_PATCH,
	                ao_resource_path(kind, id), xstrdup(body_json), secret, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_delete(struct ao_api *api, enum ao_kind kind, const char *id,
                                  ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_DELETE, kind, done, arg);

	if ((kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT) || id == NULL || *id == '\0') {
		ao_api_finish(call, AO_ERR_USAGE, "No registration to delete was given.");
		return call;
	}
	/* a repeated DELETE of a deleted row is a 404, not a second deletion:
	 * safe to retry after a lost answer */
	ao_api_spec_set(&call->main, AO_HTTP_DELETE, ao_resource_path(kind, id), NULL, 0, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_raw(struct ao_api *api, const char *path, const char *body,
                               ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_RAW, AO_KIND_SOURCE, done, arg);

	/* both are read-only on the platform (the discovery test only reads
	 * get_products): repeatable */
	ao_api_spec_set(&call->main, body != NULL ? AO_HTTP_POST : AO_HTTP_GET, xstrdup(path),
	                body != NULL ? xstrdup(body) : NULL, 0, 1);
	ao_api_send(call);
	return call;
}
