/* SPDX-License-Identifier: MIT */
/* The platform's small shared endpoints: GET /health (no key),
 * GET /api/v2/accounts/current (the key check), GET
 * /api/v2/storefront/discover-agents?domain= (what the AAO registry knows
 * for a domain), and a plain-text index page at / for people who open the
 * sandbox in a browser. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

void
sb_health(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *h = cJSON_CreateObject();

	(void)r;
	/* the platform answers a bare object here (quickstart) */
	cJSON_AddStringToObject(h, "status", "ok");
	cJSON_AddStringToObject(h, "service", "agent-onboard sandbox");
	sb_reply_json(rep, 200, h);
}

void
sb_account_current(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *seat = cJSON_CreateObject();

	(void)r;
	cJSON_AddStringToObject(seat, "id", "9001");
	cJSON_AddStringToObject(seat, "company", "Sandbox Media Co.");
	cJSON_AddStringToObject(seat, "name", "Sandbox Demo Seller");
	cJSON_AddStringToObject(seat, "role", "ADMIN");
	sb_reply_data(rep, 200, seat, NULL);
}

/* POST /api/v2/accept-tos: the account accepts the Platform Service
 * Agreement (the simulator's --tos-required state ends). */
void
sb_accept_tos(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *data = cJSON_CreateObject();

	r->sb->tos_accepted = 1;
	cJSON_AddTrueToObject(data, "accepted");
	sb_reply_data(rep, 200, data, NULL);
}

static int
valid_domain(const char *d)
{
	size_t n = strlen(d);
	const char *p;

	if (n == 0 || n > 253 || d[0] == '.' || d[0] == '-' || d[n - 1] == '.' || strstr(d, "..") != NULL)
		return 0;
	for (p = d; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return 0;
	return 1;
}

/* host equals domain, or is a subdomain of it */
static int
host_in_domain(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);

	if (strcasecmp(host, domain) == 0)
		return 1;
	return h > d && host[h - d - 1] == '.' && strcasecmp(host + h - d, domain) == 0;
}

#define DISCOVER_CACHE_MS (120 * 1000)

/* Answers from the cache when the domain was looked up less than two
 * minutes ago; 1 when it did. */
static int
cached_answer(struct ao_sandbox *s, const char *domain, struct sb_reply *rep)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(s->aao_cache, domain), *data;

	if (!cJSON_IsObject(c) ||
	    sb_now_ms() - (int64_t)cJSON_GetObjectItemCaseSensitive(c, "at")->valuedouble >= DISCOVER_CACHE_MS)
		return 0;
	data = cJSON_GetObjectItemCaseSensitive(c, "data");
	if (cJSON_IsObject(data))
		sb_reply_data(rep, 200, cJSON_Duplicate(data, 1), NULL);
	else
		sb_reply_error(rep, 404, "NOT_FOUND", "domain", NULL,
		               "AAO has no manifest for %s: no registered agent runs on that domain.", domain);
	return 1;
}

static void
remember_answer(struct ao_sandbox *s, const char *domain, const cJSON *data)
{
	cJSON *c = cJSON_CreateObject();

	if (s->aao_cache == NULL)
		s->aao_cache = cJSON_CreateObject();
	cJSON_AddNumberToObject(c, "at", (double)sb_now_ms());
	cJSON_AddItemToObject(c, "data", data != NULL ? cJSON_Duplicate(data, 1) : cJSON_CreateNull());
	cJSON_DeleteItemFromObjectCaseSensitive(s->aao_cache, domain);
	cJSON_AddItemToObject(s->aao_cache, domain, c);
}

void
sb_discover_agents(struct sb_request *r, struct sb_reply *rep)
{
	const char *domain = sb_query(r, "domain");
	struct sb_registry_entry *e;
	cJSON *data, *op, *pub, *agents, *authorized, *member;
	int found = 0;

	if (domain == NULL || *domain == '\0') {
		sb_reply_invalid(rep, "domain", "domain is required, e.g. ?domain=publisher.example.");
		return;
	}
	if (!valid_domain(domain)) {
		sb_reply_invalid(rep, "domain", "domain must be a host name such as publisher.example (no scheme, path or port).");
		return;
	}
	/* the platform caches each domain's answer ~2 minutes; refresh=true
	 * bypasses the cache (reference, Addendum) */
	if (!(sb_query(r, "refresh") != NULL && strcmp(sb_query(r, "refresh"), "true") == 0) &&
	    cached_answer(r->sb, domain, rep))
		return;
	data = cJSON_CreateObject();
	op = cJSON_AddObjectToObject(data, "operator");
	cJSON_AddStringToObject(op, "domain", domain);
	member = cJSON_AddObjectToObject(op, "member");
	cJSON_AddStringToObject(member, "name", "Sandbox AAO Member");
	agents = cJSON_AddArrayToObject(op, "agents");
	pub = cJSON_AddObjectToObject(data, "publisher");
	cJSON_AddStringToObject(pub, "domain", domain);
	cJSON_AddItemToObject(pub, "member", cJSON_Duplicate(member, 1));
	cJSON_AddTrueToObject(pub, "adagents_valid");
	cJSON_AddArrayToObject(pub, "properties");
	authorized = cJSON_AddArrayToObject(pub, "authorized_agents");
	for (e = r->sb->registry; e != NULL; e = e->next) {
		struct ao_url u;
		cJSON *a, *compliance;

		if (ao_url_parse(e->url, &u, NULL, 0) != 0 || !host_in_domain(u.host, domain))
			continue;
		a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "url", e->url);
		sb_json_set_str(a, "name", e->name);
		sb_json_set_str(a, "type", e->type != NULL ? e->type : "SALES");
		sb_json_set_str(a, "protocol", e->protocol);
		compliance = cJSON_AddObjectToObject(a, "compliance");
		cJSON_AddStringToObject(compliance, "status", "passing");
		cJSON_AddArrayToObject(a, "storyboards");
		cJSON_AddArrayToObject(a, "authorized_by");
		cJSON_AddItemToArray(agents, a);
		a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "url", e->url);
		cJSON_AddItemToArray(authorized, a);
		found++;
	}
	remember_answer(r->sb, domain, found > 0 ? data : NULL);
	if (found == 0) {
		cJSON_Delete(data);
		sb_reply_error(rep, 404, "NOT_FOUND", "domain", NULL,
		               "AAO has no manifest for %s: no registered agent runs on that domain.", domain);
		return;
	}
	sb_reply_data(rep, 200, data, NULL);
}

void
sb_index(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	char *text = xasprintf(
		"agent-onboard sandbox: a simulator of the Scope3 / Interchange platform API\n"
		"\n"
		"API base URL:   %s   (API key: Authorization: Bearer %s)\n"
		"  GET  /health, GET /api/v2/accounts/current\n"
		"  POST/GET /api/v2/storefront/inventory-sources, GET/PUT/DELETE .../{sourceId}\n"
		"  GET  /api/v2/storefront/discover-agents?domain=...\n"
		"  GET/POST /api/v2/partner/partners, POST/GET /api/v2/partner/agents,\n"
		"  GET/PATCH /api/v2/partner/agents/{agentId}, POST .../{agentId}/oauth/authorize\n"
		"\n"
		"Demo agents (registered with the simulated AAO registry):\n"
		"  %s/demo/mcp        MCP, Authorization: Bearer %s\n"
		"  %s/demo/mcp-sse    MCP over SSE replies, same token\n"
		"  %s/demo/mcp-basic  MCP, basic auth %s / %s\n"
		"  %s/demo/mcp-open   MCP, no authentication\n"
		"  %s/demo/mcp-oauth  MCP protected by OAuth\n"
		"  %s/demo/a2a        A2A (card at /.well-known/agent-card.json)\n",
		s->url, AO_SANDBOX_DEMO_KEY, s->url, AO_SANDBOX_AGENT_TOKEN, s->url, s->url,
		AO_SANDBOX_AGENT_USER, AO_SANDBOX_AGENT_PASSWORD, s->url, s->url, s->url);

	sb_reply_take(rep, 200, "text/plain; charset=utf-8", text, strlen(text));
}
