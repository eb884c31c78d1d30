/* SPDX-License-Identifier: MIT */
/* The simulated platform's records: inventory sources, partner agents and
 * partners (ACTIVATION seats), each kept as the JSON the API returns plus
 * the private parts it never returns (credentials, consent tokens, probe
 * timing). */
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

struct sb_source *
sb_source_find(struct ao_sandbox *s, const char *source_id)
{
	struct sb_source *src;

	for (src = s->sources; src != NULL; src = src->next) {
		const char *id = sb_json_str(src->pub, "sourceId");

		if (id != NULL && strcmp(id, source_id) == 0)
			return src;
	}
	return NULL;
}

struct sb_agent *
sb_agent_find(struct ao_sandbox *s, const char *agent_id)
{
	struct sb_agent *a;

	for (a = s->agents; a != NULL; a = a->next) {
		const char *id = sb_json_str(a->pub, "agentId");

		if (id != NULL && strcmp(id, agent_id) == 0)
			return a;
	}
	return NULL;
}

const cJSON *
sb_partner_find(struct ao_sandbox *s, const char *id)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, s->partners) {
		const char *pid = sb_json_str(p, "id");

		if (pid != NULL && strcmp(pid, id) == 0)
			return p;
	}
	return NULL;
}

void
sb_source_unlink(struct ao_sandbox *s, struct sb_source *src)
{
	struct sb_source **pp;

	for (pp = &s->sources; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == src) {
			*pp = src->next;
			src->next = NULL;
			return;
		}
	}
}

void
sb_source_free(struct sb_source *src)
{
	if (src == NULL)
		return;
	cJSON_Delete(src->pub);
	sb_json_wipe_delete(src->auth);
	free(src->oauth_state);
	free(src);
}

void
sb_agent_free(struct sb_agent *a)
{
	if (a == NULL)
		return;
	cJSON_Delete(a->pub);
	sb_json_wipe_delete(a->auth);
	free(a->oauth_state);
	free(a->redirect_uri);
	free(a);
}

void
sb_store_free(struct ao_sandbox *s)
{
	while (s->sources != NULL) {
		struct sb_source *next = s->sources->next;

		sb_source_free(s->sources);
		s->sources = next;
	}
	while (s->agents != NULL) {
		struct sb_agent *next = s->agents->next;

		sb_agent_free(s->agents);
		s->agents = next;
	}
	while (s->sessions != NULL) {
		struct sb_session *next = s->sessions->next;

		free(s->sessions);
		s->sessions = next;
	}
	cJSON_Delete(s->partners);
	s->partners = NULL;
	cJSON_Delete(s->marketplace);
	s->marketplace = NULL;
	cJSON_Delete(s->aao_cache);
	s->aao_cache = NULL;
}

static void
add_partner(struct ao_sandbox *s, const char *id, const char *name, const char *description)
{
	cJSON *p = cJSON_CreateObject();
	char *now = sb_timestamp();

	cJSON_AddStringToObject(p, "id", id);
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "description", description);
	cJSON_AddStringToObject(p, "status", "ACTIVE");
	cJSON_AddStringToObject(p, "createdAt", now);
	cJSON_AddStringToObject(p, "updatedAt", now);
	cJSON_AddItemToArray(s->partners, p);
	free(now);
}

/* Other companies' agents: the documented partner-agent list shows every
 * non-disabled agent on the marketplace (relationship MARKETPLACE), other
 * owners' PENDING ones as COMING_SOON with the name only. */
static void
add_marketplace_agent(struct ao_sandbox *s, const char *id, const char *name, const char *status,
                      const char *url, const char *customer)
{
	cJSON *a = cJSON_CreateObject();
	char *now = sb_timestamp();

	cJSON_AddStringToObject(a, "agentId", id);
	cJSON_AddStringToObject(a, "type", "SALES");
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "status", status);
	cJSON_AddStringToObject(a, "endpointUrl", url);
	cJSON_AddStringToObject(a, "protocol", "MCP");
	cJSON_AddStringToObject(a, "authenticationType", url[0] != '\0' ? "API_KEY" : "");
	cJSON_AddNullToObject(a, "accountPolicy");
	cJSON_AddStringToObject(a, "relationship", "MARKETPLACE");
	cJSON_AddStringToObject(a, "customerId", customer);
	cJSON_AddBoolToObject(a, "authConfigured", url[0] != '\0');
	cJSON_AddStringToObject(a, "createdAt", now);
	cJSON_AddStringToObject(a, "updatedAt", now);
	cJSON_AddItemToArray(s->marketplace, a);
	free(now);
}

static void
seed_marketplace(struct ao_sandbox *s)
{
	cJSON_Delete(s->marketplace);
	s->marketplace = cJSON_CreateArray();
	add_marketplace_agent(s, "othervideo_5e1f9a20", "Other Company Video", "ACTIVE",
	                      "https://video.other-company.example/mcp", "7001");
	add_marketplace_agent(s, "upcoming_0b7c3d11", "Upcoming Retail Media", "COMING_SOON", "", "7002");
}

void
sb_store_seed(struct ao_sandbox *s)
{
	s->partners = cJSON_CreateArray();
	s->next_id = 1000;
	/* two ACTIVATION seats, so the wizard has a list to offer */
	add_partner(s, "1001", "Sandbox Demo Partner", "ACTIVATION seat of the sandbox's demo account");
	add_partner(s, "1002", "Sandbox Second Partner", "A second ACTIVATION seat, to choose from");
	/* more on request (--seed-partners): beyond 50 they take a second page */
	for (int i = 3; i <= s->opt.seed_partners; i++) {
		char id[16], name[64];

		snprintf(id, sizeof(id), "%d", 1000 + i);
		snprintf(name, sizeof(name), "Sandbox Partner %03d", i);
		add_partner(s, id, name, "A seeded ACTIVATION seat");
	}
	s->next_id = 1000 + (s->opt.seed_partners > 2 ? s->opt.seed_partners : 2);
	seed_marketplace(s);
}

char *
sb_oauth_url(struct ao_sandbox *s, char **state_slot)
{
	char token[33];

	sb_random_hex(token, 16);
	free(*state_slot);
	*state_slot = xstrdup(token);
	return xasprintf("%s/sandbox/oauth/authorize?state=%s", s->url, token);
}

void
sb_source_arm_probe(struct ao_sandbox *s, struct sb_source *src)
{
	src->probe_due = sb_now_ms() + s->opt.activate_after_ms;
	if (src->probe_due == 0)
		src->probe_due = 1;
	src->failing_since = 0;
	src->gen++;
	pthread_cond_broadcast(&s->wake);
}

size_t
ao_sandbox_source_count(struct ao_sandbox *s)
{
	struct sb_source *src;
	size_t n = 0;

	pthread_mutex_lock(&s->lock);
	for (src = s->sources; src != NULL; src = src->next)
		n++;
	pthread_mutex_unlock(&s->lock);
	return n;
}

size_t
ao_sandbox_agent_count(struct ao_sandbox *s)
{
	struct sb_agent *a;
	size_t n = 0;

	pthread_mutex_lock(&s->lock);
	for (a = s->agents; a != NULL; a = a->next)
		n++;
	pthread_mutex_unlock(&s->lock);
	return n;
}

void
sb_set_oauth(struct ao_sandbox *s, cJSON *pub, char **state_slot)
{
	cJSON *oauth = cJSON_CreateObject();
	char *url = sb_oauth_url(s, state_slot);

	cJSON_AddStringToObject(oauth, "authorizationUrl", url);
	cJSON_AddStringToObject(oauth, "agentId", sb_json_str(pub, "agentId"));
	cJSON_AddStringToObject(oauth, "agentName", sb_json_str(pub, "name"));
	sb_json_set(pub, "oauth", oauth);
	free(url);
}
