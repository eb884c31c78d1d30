/* SPDX-License-Identifier: MIT */
/* After an ambiguous create (it left, and the connection dropped, timed out
 * or a 5xx came back) the registration may or may not exist.  Never send it
 * blindly again: look it up -- sources by sourceId, agents by listing them
 * and matching endpointUrl -- and create it again only when it is absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/xalloc.h"
#include "api_priv.h"

#define LOOKUP_PAGE 100
#define LOOKUP_MAX_ITEMS 2000
#define MAX_CREATES 3

static void lookup_send(struct ao_api_call *call, char *path)
{
	call->stage = STAGE_LOOKUP;
	call->attempts = 0;
	ao_api_spec_set(&call->lookup, AO_HTTP_GET, path, NULL, 0, 1);
	ao_api_send(call);
}

/* Only the caller's own agents: without relationship=SELF the list is the
 * whole marketplace, and the lookup would page through it. */
static char *agents_page(long offset)
{
	return xasprintf("%s?relationship=SELF&limit=%d&offset=%ld", ao_collection_path(AO_KIND_AGENT),
	                 LOOKUP_PAGE, offset);
}

void ao_api_reconcile_start(struct ao_api_call *call, enum ao_status status, const char *error,
                            const struct ao_http *req)
{
	call->res.ambiguous = 1;
	call->ambiguous_status = status;
	free(call->ambiguous_error);
	call->ambiguous_error = xstrdup(error);
	/* what the create itself got: reported if it fails for good, so the
	 * lookup's 404 is never blamed */
	call->ambiguous_http = req != NULL && req->status == AO_OK ? req->http_status : 0;
	call->ambiguous_retry_after = req != NULL ? req->rate.retry_after_asked : -1;
	call->offset = 0;
	if (call->res.kind == AO_KIND_SOURCE && call->source_id && *call->source_id)
		lookup_send(call, ao_resource_path(AO_KIND_SOURCE, call->source_id));
	else if (call->res.kind == AO_KIND_AGENT && call->endpoint_url && *call->endpoint_url)
		lookup_send(call, agents_page(0));
	else
		ao_api_reconcile_failed(call, NULL);
}

/* Equal URLs, ignoring one trailing '/' and the case of scheme and host. */
static int same_endpoint(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '/')
		la--;
	if (lb && b[lb - 1] == '/')
		lb--;
	if (la != lb)
		return 0;
	const char *pa = strstr(a, "://"), *pb = strstr(b, "://");
	size_t origin = 0;
	if (pa && pb && pa - a == pb - b) {
		const char *end = strchr(pa + 3, '/');
		origin = end ? (size_t)(end - a) : la;
	}
	if (origin > la)
		origin = la;
	return strncasecmp(a, b, origin) == 0 && memcmp(a + origin, b + origin, la - origin) == 0;
}

/* Ends the call with the ambiguous create's failure: its status, its HTTP
 * status (not the lookup's) and message, plus what the lookup established. */
static void fail_as_create(struct ao_api_call *call, const char *what)
{
	char *msg = xasprintf("%s %s", call->ambiguous_error ? call->ambiguous_error : "The request failed.",
	                      what);

	free(call->res.message);
	call->res.message = msg;
	call->res.http_status = call->ambiguous_http;
	ao_api_finish(call, call->ambiguous_status ? call->ambiguous_status : AO_ERR_NETWORK, NULL);
}

static void recreate(struct ao_api_call *call)
{
	struct ao_api *api = call->api;
	double ra = call->ambiguous_retry_after, delay;

	call->res.reconciled = 1;
	call->res.existed = 0;
	/* Known to be absent: sending it again is no longer blind. */
	call->res.ambiguous = 0;
	if (call->creates >= MAX_CREATES) {
		fail_as_create(call, "The registration was not created (checked); try again later.");
		return;
	}
	/* Not at once: a server that just failed is given the same backoff as
	 * any retry, or the time it asked for (Retry-After). */
	if (ra > api->max_retry_after) {
		char *what = xasprintf("The registration was not created (checked); the platform asked "
		                       "to wait %.0f s, so try again after that.", ra);
		fail_as_create(call, what);
		free(what);
		return;
	}
	delay = ra >= 0 ? (ra < AO_SERVER_WAIT_MAX ? ra : AO_SERVER_WAIT_MAX) : ao_api_backoff(call, call->creates);
	call->stage = STAGE_MAIN;
	call->attempts = 0;
	call->res.retries++;
	ao_api_send_after(call, delay);
}

static void found(struct ao_api_call *call, struct ao_resource *r)
{
	ao_resource_free(&call->res.resource);
	call->res.resource = *r;
	memset(r, 0, sizeof(*r));
	call->res.reconciled = 1;
	call->res.existed = 1;
	call->res.ambiguous = 0;
	call->res.http_status = 201;   /* it was created, by the first request */
	ao_api_finish(call, AO_OK, NULL);
}

static void agent_page(struct ao_api_call *call, const struct ao_http *req)
{
	struct ao_resource_list page = { .has_more = -1, .total = -1 };
	char msg[256];

	if (ao_parse_resource_list(req->body.data ? req->body.data : "", req->body.len, AO_KIND_AGENT,
	                           &page, msg, sizeof(msg)) != 0) {
		ao_resource_list_free(&page);
		ao_api_reconcile_failed(call, NULL);
		return;
	}
	for (size_t i = 0; i < page.count; i++) {
		const char *url = page.items[i].endpoint_url;
		/* another owner's agent at the same URL is a conflict, not ours */
		if (url && ao_resource_is_own(&page.items[i]) && same_endpoint(url, call->endpoint_url)) {
			found(call, &page.items[i]);
			ao_resource_list_free(&page);
			return;
		}
	}
	size_t got = page.count;
	int more = page.has_more == 1 ||
	           (page.total >= 0 && call->offset + (long)got < page.total);
	ao_resource_list_free(&page);
	if (more && got > 0 && call->offset + (long)got < LOOKUP_MAX_ITEMS) {
		call->offset += (long)got;
		lookup_send(call, agents_page(call->offset));
		return;
	}
	recreate(call);
}

void ao_api_reconcile_answer(struct ao_api_call *call, const struct ao_http *req)
{
	if (call->res.kind == AO_KIND_AGENT) {
		if (req->http_status == 404)
			ao_api_reconcile_failed(call, req);
		else
			agent_page(call, req);
		return;
	}
	if (req->http_status == 404) {
		recreate(call);
		return;
	}
	struct ao_resource r = { .auth_configured = -1 };
	char msg[256];
	if (ao_parse_resource(req->body.data ? req->body.data : "", req->body.len, AO_KIND_SOURCE, &r,
	                      msg, sizeof(msg)) != 0) {
		ao_resource_free(&r);
		ao_api_reconcile_failed(call, NULL);
		return;
	}
	found(call, &r);
}

void ao_api_reconcile_failed(struct ao_api_call *call, const struct ao_http *req)
{
	/* An authentication problem is what the user must fix first. */
	if (req && req->status == AO_OK && (req->http_status == 401 || req->http_status == 403)) {
		call->res.ambiguous = 1;
		ao_api_finish_http_error(call, req);
		return;
	}
	call->res.ambiguous = 1;
	fail_as_create(call, "The registration may have been created, and looking it up failed too; "
	               "check with `agent-onboard list` before trying again.");
}
