/* SPDX-License-Identifier: MIT */
/* The route table (method, path template, flags, handler), matching a
 * request path against it, the per-route request counters, and running a
 * route: rate limit, then the platform API key, then the handler, then the
 * state file, all under the simulator's lock. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

struct sb_route {
	const char *method;
	const char *pattern;      /* "/a/{id}/b": {x} matches one non-empty segment */
	unsigned flags;
	sb_handler *fn;
};

#define SF "/api/v2/storefront"
#define PA "/api/v2/partner"

static const struct sb_route routes[] = {
	{"GET", "/", 0, sb_index},
	{"GET", "/health", SB_ROUTE_LIMIT, sb_health},
	{"GET", "/api/v2/accounts/current", SB_ROUTE_API, sb_account_current},
	{"POST", "/api/v2/accept-tos", SB_ROUTE_API, sb_accept_tos},

	{"GET", SF "/inventory-sources", SB_ROUTE_API, sb_sources_list},
	{"POST", SF "/inventory-sources", SB_ROUTE_API, sb_source_create},
	{"GET", SF "/inventory-sources/{sourceId}", SB_ROUTE_API, sb_source_get},
	{"PUT", SF "/inventory-sources/{sourceId}", SB_ROUTE_API, sb_source_update},
	{"DELETE", SF "/inventory-sources/{sourceId}", SB_ROUTE_API, sb_source_delete},
	{"GET", SF "/discover-agents", SB_ROUTE_API, sb_discover_agents},
	{"GET", SF "/readiness", SB_ROUTE_API, sb_readiness},
	{"GET", SF "/inventory-sources/{sourceId}/diagnostics", SB_ROUTE_API, sb_source_diagnostics},
	{"POST", SF "/inventory-sources/{sourceId}/tests/discovery", SB_ROUTE_API, sb_source_discovery_test},

	{"GET", PA "/partners", SB_ROUTE_API, sb_partners_list},
	{"POST", PA "/partners", SB_ROUTE_API, sb_partner_create},
	{"GET", PA "/agents", SB_ROUTE_API, sb_agents_list},
	{"POST", PA "/agents", SB_ROUTE_API, sb_agent_register},
	{"GET", PA "/agents/{agentId}", SB_ROUTE_API, sb_agent_get},
	{"PATCH", PA "/agents/{agentId}", SB_ROUTE_API, sb_agent_update},
	{"POST", PA "/agents/{agentId}/oauth/authorize", SB_ROUTE_API, sb_agent_authorize},

	/* the consent page a browser (or curl) visits; no API key */
	{"GET", "/sandbox/oauth/authorize", 0, sb_consent_page},
	{"GET", "/sandbox/oauth/approve", 0, sb_consent_approve},
	{"POST", "/sandbox/oauth/approve", 0, sb_consent_approve},
	{"POST", "/sandbox/oauth/token", 0, sb_oauth_token},
	/* the simulator's own switch: running media buys, empty get_products */
	{"POST", "/sandbox/sources/{sourceId}", 0, sb_source_simulate},
	/* ... and a revoked OAuth grant */
	{"POST", "/sandbox/agents/{agentId}", 0, sb_agent_simulate},

	/* demo agents */
	{"POST", "/demo/mcp", 0, sb_demo_mcp},
	{"POST", "/demo/mcp-sse", 0, sb_demo_mcp},
	{"POST", "/demo/mcp-basic", 0, sb_demo_mcp},
	{"POST", "/demo/mcp-open", 0, sb_demo_mcp},
	{"POST", "/demo/mcp-oauth", 0, sb_demo_mcp},
	{"DELETE", "/demo/mcp", 0, sb_demo_mcp},
	{"DELETE", "/demo/mcp-sse", 0, sb_demo_mcp},
	{"DELETE", "/demo/mcp-basic", 0, sb_demo_mcp},
	{"DELETE", "/demo/mcp-open", 0, sb_demo_mcp},
	{"POST", "/demo/a2a", 0, sb_demo_a2a_rpc},
	{"GET", "/.well-known/agent-card.json", 0, sb_demo_a2a_card},
	{"GET", "/.well-known/agent.json", 0, sb_demo_a2a_card},
	{"GET", "/demo/.well-known/agent-card.json", 0, sb_demo_a2a_card},
	{"GET", "/demo/.well-known/agent.json", 0, sb_demo_a2a_card},
	{"GET", "/demo/a2a/.well-known/agent-card.json", 0, sb_demo_a2a_card},
	{"GET", "/demo/a2a/.well-known/agent.json", 0, sb_demo_a2a_card},
	{"GET", "/.well-known/oauth-protected-resource/demo/mcp-oauth", 0, sb_oauth_resource_metadata},
	{"GET", "/.well-known/oauth-protected-resource", 0, sb_oauth_resource_metadata},
	{"GET", "/.well-known/oauth-authorization-server", 0, sb_oauth_server_metadata},
};

/* Matches path against pattern; *param gets the {x} segment (copied into
 * parambuf). */
static int
path_matches(const char *pattern, const char *path, char *parambuf, size_t paramsz, int *has_param)
{
	const char *p = pattern, *q = path;

	*has_param = 0;
	while (*p != '\0' && *q != '\0') {
		if (*p == '{') {
			const char *pend = strchr(p, '}');
			size_t n = strcspn(q, "/");

			if (pend == NULL || n == 0 || n >= paramsz)
				return 0;
			memcpy(parambuf, q, n);
			parambuf[n] = '\0';
			*has_param = 1;
			p = pend + 1;
			q += n;
			continue;
		}
		if (*p != *q)
			return 0;
		p++;
		q++;
	}
	return *p == '\0' && *q == '\0';
}

const struct sb_route *
sb_route_match(const char *method, const char *path, char *param, size_t paramsz, char *key,
               size_t keysz, int *method_mismatch, char *allow, size_t allowsz)
{
	size_t i, used = 0;
	const struct sb_route *found = NULL;
	char buf[512];
	int has_param;

	param[0] = '\0';
	*method_mismatch = 0;
	allow[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!path_matches(routes[i].pattern, path, buf, sizeof(buf), &has_param))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			found = &routes[i];
			if (has_param)
				snprintf(param, paramsz, "%s", buf);
			break;
		}
		/* the same path exists with another method: 405 with Allow */
		if (strstr(allow, routes[i].method) == NULL && used < allowsz)
			used += (size_t)snprintf(allow + used, allowsz - used, "%s%s", used > 0 ? ", " : "",
			                         routes[i].method);
		*method_mismatch = 1;
	}
	if (found != NULL) {
		*method_mismatch = 0;
		snprintf(key, keysz, "%s %s", found->method, found->pattern);
	} else {
		snprintf(key, keysz, "%s (unmatched)", method);
	}
	return found;
}

int
sb_route_flags(const struct sb_route *rt)
{
	return rt != NULL ? (int)rt->flags : 0;
}

/* ---- counters -------------------------------------------------------------- */

void
sb_count_request(struct ao_sandbox *s, const char *route_key)
{
	struct sb_count *c;

	for (c = s->counts; c != NULL; c = c->next) {
		if (strcmp(c->key, route_key) == 0) {
			c->n++;
			return;
		}
	}
	c = xcalloc(1, sizeof(*c));
	c->key = xstrdup(route_key);
	c->n = 1;
	c->next = s->counts;
	s->counts = c;
}

void
sb_counts_free(struct ao_sandbox *s)
{
	while (s->counts != NULL) {
		struct sb_count *next = s->counts->next;

		free(s->counts->key);
		free(s->counts);
		s->counts = next;
	}
}

long
ao_sandbox_request_count(struct ao_sandbox *s, const char *pattern)
{
	struct sb_count *c;
	char *full = NULL;
	long n = 0;

	/* a pattern without a method matches every method */
	if (strcmp(pattern, "*") != 0 && strchr(pattern, ' ') == NULL)
		pattern = full = xasprintf("* %s", pattern);
	pthread_mutex_lock(&s->lock);
	for (c = s->counts; c != NULL; c = c->next)
		if (fnmatch(pattern, c->key, 0) == 0)
			n += c->n;
	pthread_mutex_unlock(&s->lock);
	free(full);
	return n;
}

void
ao_sandbox_reset_counts(struct ao_sandbox *s)
{
	pthread_mutex_lock(&s->lock);
	sb_counts_free(s);
	pthread_mutex_unlock(&s->lock);
}

/* ---- running a route ----------------------------------------------------------- */

/* Compares without an early exit, so timing says nothing about the key. */
static int
same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char diff = la != lb;

	for (i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

static int
api_key_ok(struct ao_sandbox *s, const struct sb_request *r)
{
	const char *h = sb_header(r, "Authorization");
	size_t i;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	for (i = 0; i < sizeof(s->keys) / sizeof(s->keys[0]); i++)
		if (s->keys[i] != NULL && same_secret(h, s->keys[i]))
			return 1;
	return 0;
}

void
sb_route_run(const struct sb_route *rt, struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;

	pthread_mutex_lock(&s->lock);
	if ((rt->flags & SB_ROUTE_LIMIT) && !sb_rate_check(s, r->client, rep))
		goto out;
	if ((rt->flags & SB_ROUTE_AUTH) && !api_key_ok(s, r)) {
		sb_reply_header(rep, "WWW-Authenticate", "Bearer realm=\"scope3\"");
		sb_reply_error(rep, 401, "UNAUTHORIZED", NULL, NULL,
		               sb_header(r, "Authorization") == NULL
		               ? "Missing API key: send Authorization: Bearer <your scope3_ API key>."
		               : "Invalid or revoked API key.");
		goto out;
	}
	if (rt->flags & SB_ROUTE_AUTH) {
		if (s->opt.response_style == AO_SANDBOX_BARE)
			rep->bare = 1;
		else if (s->opt.response_style == AO_SANDBOX_MIX)
			rep->bare = (int)(s->replies++ & 1u);
		if (s->opt.tos_required && !s->tos_accepted && strcmp(r->method, "GET") != 0 &&
		    strcmp(rt->pattern, "/api/v2/accept-tos") != 0) {
			/* writes only: reads still work (reference §1.2) */
			sb_reply_error(rep, 403, "TOS_ACCEPTANCE_REQUIRED", NULL, NULL,
			               "Your organization must accept the current Platform Service Agreement "
			               "before making changes.");
			goto out;
		}
	}
	rt->fn(r, rep);
	if (rep->mutated && s->state_file != NULL)
		sb_state_save(s);
out:
	pthread_mutex_unlock(&s->lock);
}
