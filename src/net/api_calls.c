/* SPDX-License-Identifier: MIT */
/* The platform calls: what each one sends (path, method, body, whether it
 * may be repeated) and how its answer is read, with the core's builders and
 * parsers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "api_priv.h"

#define PARTNERS_PATH "/api/v2/partner/partners"
#define ACCOUNT_PATH "/api/v2/accounts/current"
#define DISCOVER_PATH "/api/v2/storefront/discover-agents"
#define HEALTH_PATH "/health"
#define PAGE_SIZE 100
#define LIST_MAX_ITEMS 1000
#define PARTNERS_PAGE 50

/* Overwrites every string in a JSON tree (cJSON frees without wiping). */
static void json_wipe(cJSON *j)
{
	for (; j; j = j->next) {
		if (j->valuestring)
			ao_wipe(j->valuestring, strlen(j->valuestring));
		json_wipe(j->child);
	}
}

/* Takes a JSON tree holding secrets: prints it, wipes and frees the tree.
 * Printed into a buffer of our own (cJSON_PrintPreallocated): cJSON's own
 * printing grows its buffer with realloc, which leaves unwiped copies of
 * the secret behind in freed memory. */
static char *print_secret_json(cJSON *json)
{
	size_t size = 4096;
	char *text = NULL;

	while (size <= (64u << 20)) {
		text = xmalloc(size);
		ao_secret_memory_lock(text, size);
		if (cJSON_PrintPreallocated(json, text, (int)size, 0))
			break;
		ao_wipe(text, size);
		free(text);
		text = NULL;
		size *= 2;
	}
	json_wipe(json);
	cJSON_Delete(json);
	return text;
}

static struct ao_api_call *fail_now(struct ao_api_call *call, enum ao_status st, const char *msg)
{
	ao_api_finish(call, st, msg);
	return call;
}

/* The query that asks for one page of a collection.  The partner-agent
 * list is the whole marketplace unless relationship=SELF is sent. */
static char *page_path(enum ao_kind kind, long offset)
{
	if (kind == AO_KIND_AGENT)
		return xasprintf("%s?relationship=SELF&limit=%d&offset=%ld", ao_collection_path(kind),
		                 PAGE_SIZE, offset);
	return xasprintf("%s?take=%d&skip=%ld", ao_collection_path(kind), PAGE_SIZE, offset);
}

/* --- entry points ----------------------------------------------------------- */

static struct ao_api_call *create(struct ao_api *api, const struct ao_answers *a,
                                  const struct ao_secrets *s, ao_api_done_fn done, void *arg,
                                  int resumed)
{
	enum ao_kind kind = ao_answers_kind(a);
	struct ao_api_call *call = ao_api_call_new(api, AO_API_CREATE, kind, done, arg);

	if (kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT)
		return fail_now(call, AO_ERR_INVALID,
		                "Choose what to register: an inventory source or a partner agent.");
	cJSON *json = ao_build_create_body(a, s, 0);
	if (!json)
		return fail_now(call, AO_ERR_INVALID, "The answers do not make a complete request.");
	char *body = print_secret_json(json);
	if (!body)
		return fail_now(call, AO_ERR_INVALID, "The answers do not make a complete request.");
	ao_api_spec_set(&call->main, AO_HTTP_POST, xstrdup(ao_collection_path(kind)), body, 1, 0);
	if (kind == AO_KIND_SOURCE)
		call->source_id = ao_expected_source_id(a);
	call->endpoint_url = xstrdup(ao_answers_get(a, AO_F_ENDPOINT_URL));
	if (resumed)
		ao_api_reconcile_start(call, AO_ERR_NETWORK,
		                       "An earlier attempt may have reached the platform.", NULL);
	else
		ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_create(struct ao_api *api, const struct ao_answers *a,
                                  const struct ao_secrets *s, ao_api_done_fn done, void *arg)
{
	return create(api, a, s, done, arg, 0);
}

struct ao_api_call *ao_api_create_resumed(struct ao_api *api, const struct ao_answers *a,
                                          const struct ao_secrets *s, ao_api_done_fn done,
                                          void *arg)
{
	return create(api, a, s, done, arg, 1);
}

struct ao_api_call *ao_api_get(struct ao_api *api, enum ao_kind kind, const char *id,
                               ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_GET, kind, done, arg);

	if (kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT)
		return fail_now(call, AO_ERR_USAGE, "Say whether the id is an inventory source or an agent.");
	if (!id || !*id)
		return fail_now(call, AO_ERR_USAGE, "No id was given.");
	ao_api_spec_set(&call->main, AO_HTTP_GET, ao_resource_path(kind, id), NULL, 0, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_list(struct ao_api *api, enum ao_kind kind, ao_api_done_fn done,
                                void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_LIST, kind, done, arg);

	if (kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT)
		return fail_now(call, AO_ERR_USAGE, "Say whether to list inventory sources or agents.");
	ao_api_spec_set(&call->main, AO_HTTP_GET, page_path(kind, 0), NULL, 0, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_list_page(struct ao_api *api, enum ao_kind kind, long offset,
                                     ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_LIST, kind, done, arg);

	if (kind != AO_KIND_SOURCE && kind != AO_KIND_AGENT)
		return fail_now(call, AO_ERR_USAGE, "Say whether to list inventory sources or agents.");
	call->one_page = 1;
	call->offset = offset < 0 ? 0 : offset;
	ao_api_spec_set(&call->main, AO_HTTP_GET, page_path(kind, call->offset), NULL, 0, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_patch_status(struct ao_api *api, const char *agent_id,
                                        const char *status, ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_PATCH_STATUS, AO_KIND_AGENT, done, arg);

	if (!agent_id || !*agent_id || !status || !*status)
		return fail_now(call, AO_ERR_USAGE, "No agent id or status was given.");
	cJSON *json = ao_build_status_patch(status);
	char *body = json ? cJSON_PrintUnformatted(json) : NULL;
	cJSON_Delete(json);
	if (!body)
		return fail_now(call, AO_ERR_INVALID, "The status change could not be built.");
	/* Setting a status twice is the same as setting it once: repeatable. */
	ao_api_spec_set(&call->main, AO_HTTP_PATCH, ao_resource_path(AO_KIND_AGENT, agent_id),
	                xstrdup(body), 0, 1);
	cJSON_free(body);
	ao_api_send(call);
	return call;
}

/* Seats are paged with take (default and our page: 50) and skip. */
static char *partners_page(long skip)
{
	return xasprintf("%s?take=%d&skip=%ld", PARTNERS_PATH, PARTNERS_PAGE, skip);
}

struct ao_api_call *ao_api_list_partners(struct ao_api *api, ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_LIST_PARTNERS, AO_KIND_AGENT, done, arg);

	ao_api_spec_set(&call->main, AO_HTTP_GET, partners_page(0), NULL, 0, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_oauth_authorize(struct ao_api *api, const char *agent_id,
                                           ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_OAUTH_AUTHORIZE, AO_KIND_AGENT, done, arg);

	if (!agent_id || !*agent_id)
		return fail_now(call, AO_ERR_USAGE, "No agent id was given.");
	char *base = ao_resource_path(AO_KIND_AGENT, agent_id);
	/* Each call mints a new authorization URL: not repeated after it left. */
	ao_api_spec_set(&call->main, AO_HTTP_POST, xasprintf("%s/oauth/authorize", base),
	                xstrdup("{}"), 0, 0);
	free(base);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_account(struct ao_api *api, ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_ACCOUNT, AO_KIND_NONE, done, arg);

	ao_api_spec_set(&call->main, AO_HTTP_GET, xstrdup(ACCOUNT_PATH), NULL, 0, 1);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_discover_agents(struct ao_api *api, const char *domain,
                                           ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_DISCOVER_AGENTS, AO_KIND_SOURCE, done, arg);

	if (!domain || !*domain)
		return fail_now(call, AO_ERR_USAGE, "No domain was given.");
	char *q = ao_url_escape(domain);
	/* refresh=true: past the platform's ~2-minute cache, so an agent
	 * registered a minute ago is seen */
	ao_api_spec_set(&call->main, AO_HTTP_GET, xasprintf("%s?domain=%s&refresh=true", DISCOVER_PATH, q),
	                NULL, 0, 1);
	free(q);
	ao_api_send(call);
	return call;
}

struct ao_api_call *ao_api_health(struct ao_api *api, ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = ao_api_call_new(api, AO_API_HEALTH, AO_KIND_NONE, done, arg);

	ao_api_spec_set(&call->main, AO_HTTP_GET, xstrdup(HEALTH_PATH), NULL, 0, 1);
	call->main.with_key = 0;
	ao_api_send(call);
	return call;
}

/* --- answers ---------------------------------------------------------------- */

/* Appends a page to the accumulated list (items are moved, not copied);
 * other owners' agents, should a platform ignore relationship=SELF, are
 * dropped: they are not the user's to list. */
static void list_append(struct ao_resource_list *acc, struct ao_resource_list *page)
{
	if (page->count) {
		acc->items = xrealloc(acc->items, (acc->count + page->count) * sizeof(*acc->items));
		for (size_t i = 0; i < page->count; i++) {
			if (ao_resource_is_own(&page->items[i]))
				acc->items[acc->count++] = page->items[i];
			else
				ao_resource_free(&page->items[i]);
		}
		page->count = 0;
	}
	acc->has_more = page->has_more;
	acc->total = page->total;
	ao_resource_list_free(page);
}

static void list_page(struct ao_api_call *call, const char *body, size_t len)
{
	struct ao_resource_list page = { .has_more = -1, .total = -1 };
	char msg[256];
	enum ao_kind kind = call->res.kind;

	if (ao_parse_resource_list(body, len, kind, &page, msg, sizeof(msg)) != 0) {
		ao_resource_list_free(&page);
		ao_api_finish(call, AO_ERR_PARSE, msg);
		return;
	}
	size_t got = page.count;
	call->res.page_items = got;
	list_append(&call->acc, &page);
	int more = call->acc.has_more == 1 ||
	           (call->acc.total >= 0 && call->offset + (long)got < call->acc.total);
	if (more && got > 0 && !call->one_page && call->acc.count < LIST_MAX_ITEMS) {
		call->offset += (long)got;
		call->attempts = 0;
		ao_api_spec_set(&call->main, AO_HTTP_GET, page_path(kind, call->offset), NULL, 0, 1);
		ao_api_send(call);
		return;
	}
	call->res.list = call->acc;
	memset(&call->acc, 0, sizeof(call->acc));
	ao_api_finish(call, AO_OK, NULL);
}

/* One page of partner seats: appended to the result, then the next page
 * while the platform says there is more (so seat 51 reaches the picker). */
static void partners_next(struct ao_api_call *call, const char *body, size_t len)
{
	struct ao_partner_list page, *acc = &call->res.partners;
	char msg[256];

	if (ao_parse_partner_list(body, len, &page, msg, sizeof(msg)) != 0) {
		char *text = xasprintf("The platform's answer could not be read: %s", msg);

		ao_api_finish(call, AO_ERR_PARSE, text);
		free(text);
		return;
	}
	size_t got = page.count;
	if (got > 0) {
		acc->items = xrealloc(acc->items, (acc->count + got) * sizeof(*acc->items));
		memcpy(acc->items + acc->count, page.items, got * sizeof(*page.items));
		acc->count += got;
	}
	free(page.items);
	acc->has_more = page.has_more;
	acc->total = page.total;
	int more = page.has_more == 1 || (page.total >= 0 && call->offset + (long)got < page.total);
	if (more && got > 0 && acc->count < LIST_MAX_ITEMS) {
		call->offset += (long)got;
		call->attempts = 0;
		ao_api_spec_set(&call->main, AO_HTTP_GET, partners_page(call->offset), NULL, 0, 1);
		ao_api_send(call);
		return;
	}
	ao_api_finish(call, AO_OK, NULL);
}

/* The body unwrapped from {"data": ...}, detached from its root. */
static cJSON *parse_unwrapped(const char *body, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *inner;
	cJSON *out;

	if (!root)
		return NULL;
	inner = ao_json_unwrap(root);
	if (inner == root)
		return root;
	out = cJSON_Duplicate(inner, 1);
	cJSON_Delete(root);
	return out;
}

void ao_api_main_success(struct ao_api_call *call, const struct ao_http *req)
{
	struct ao_api_result *res = &call->res;
	const char *body = req->body.data ? req->body.data : "";
	size_t len = req->body.len;
	char msg[256] = "";
	int rc = 0;

	switch (call->op) {
	case AO_API_CREATE:
	case AO_API_GET:
		rc = ao_parse_resource(body, len, res->kind, &res->resource, msg, sizeof(msg));
		break;
	case AO_API_PATCH_STATUS:
	case AO_API_UPDATE:
		/* The change is made whatever the answer looks like; the short
		 * {agentId, status, updatedFields} answer is read when it parses. */
		if (len && ao_parse_resource(body, len, res->kind, &res->resource, msg, sizeof(msg)) != 0) {
			ao_resource_free(&res->resource);
			memset(&res->resource, 0, sizeof(res->resource));
			res->resource.auth_configured = -1;
		}
		break;
	case AO_API_LIST:
		list_page(call, body, len);
		return;
	case AO_API_LIST_PARTNERS:
		partners_next(call, body, len);
		return;
	case AO_API_OAUTH_AUTHORIZE:
		rc = ao_parse_oauth_authorize(body, len, &res->oauth_url, msg, sizeof(msg));
		break;
	case AO_API_ACCOUNT:
		rc = ao_parse_account(body, len, &res->account, msg, sizeof(msg));
		break;
	case AO_API_DISCOVER_AGENTS:
	case AO_API_RAW:
		res->json = parse_unwrapped(body, len);
		if (!res->json) {
			rc = -1;
			snprintf(msg, sizeof(msg), "The platform's answer is not JSON.");
		}
		break;
	case AO_API_HEALTH:
		res->json = parse_unwrapped(body, len);   /* any 2xx is healthy */
		break;
	case AO_API_DELETE:
		break;   /* 204, no body: nothing to read */
	}
	if (rc != 0) {
		char *text = xasprintf("The platform's answer could not be read: %s", msg);
		if (call->op == AO_API_CREATE) {
			/* It was created (2xx) but we cannot tell what it looks like:
			 * read it back rather than report a failure. */
			ao_api_reconcile_start(call, AO_ERR_PARSE, text, req);
			free(text);
			return;
		}
		ao_api_finish(call, AO_ERR_PARSE, text);
		free(text);
		return;
	}
	ao_api_finish(call, AO_OK, NULL);
}
