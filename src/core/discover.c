/* SPDX-License-Identifier: MIT */
/* The discover-agents answer as a pick list.  Everything in it came from a
 * registry anyone can publish to: URLs are kept only when they parse as
 * http(s) URLs we would accept in the endpoint field, enums only when they
 * are ones we know, and names only in their display-safe form. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/discover.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"

#define URL_MAX 2048
#define NAME_SHOWN 60

static const char *
known(const cJSON *v, const char *const *values)
{
	size_t i;

	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return NULL;
	for (i = 0; values[i] != NULL; i++)
		if (strcasecmp(v->valuestring, values[i]) == 0)
			return values[i];
	return NULL;
}

static int
usable_url(const cJSON *v)
{
	struct ao_url u;

	if (!cJSON_IsString(v) || v->valuestring == NULL || strlen(v->valuestring) > URL_MAX)
		return 0;
	if (ao_display_needs_escape(v->valuestring, strlen(v->valuestring)))
		return 0;
	return ao_url_parse(v->valuestring, &u, NULL, 0) == 0 && !u.has_userinfo;
}

static int
listed(const struct ao_discovered *d, const char *url)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (ao_agent_url_same(d->items[i].url, url))
			return 1;
	return 0;
}

static void
add(struct ao_discovered *d, const cJSON *agent)
{
	static const char *const protocols[] = {"MCP", "A2A", NULL};
	static const char *const types[] = {"SALES", "SIGNAL", "CREATIVE", "OUTCOME", NULL};
	const cJSON *url = cJSON_GetObjectItemCaseSensitive(agent, "url");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(agent, "name");
	struct ao_discovered_agent *a;
	const char *p, *ty;
	char shown[NAME_SHOWN * 4 + 8];

	if (!usable_url(url)) {
		d->skipped++;
		return;
	}
	if (listed(d, url->valuestring))
		return;
	if (d->count == AO_DISCOVERED_MAX) {
		d->skipped++;
		d->cut = 1;
		return;
	}
	a = &d->items[d->count++];
	a->url = xstrdup(url->valuestring);
	p = known(cJSON_GetObjectItemCaseSensitive(agent, "protocol"), protocols);
	ty = known(cJSON_GetObjectItemCaseSensitive(agent, "type"), types);
	a->protocol = p != NULL ? xstrdup(p) : NULL;
	a->type = ty != NULL ? xstrdup(ty) : NULL;
	shown[0] = '\0';
	if (cJSON_IsString(name) && name->valuestring != NULL && name->valuestring[0] != '\0')
		ao_copy_display(shown, sizeof(shown), name->valuestring, strlen(name->valuestring));
	/* the URL first: it is what gets filled in, and a narrow list cuts
	 * the end of the label */
	a->label = xasprintf("%s%s%s%s%s", a->url, p != NULL ? "  " : "", p != NULL ? p : "",
	                     shown[0] ? "  " : "", shown);
}

static void
add_all(struct ao_discovered *d, const cJSON *arr)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		if (cJSON_IsObject(it))
			add(d, it);
		else
			d->skipped++;
	}
}

int
ao_discovered_parse(const cJSON *json, struct ao_discovered *out, char *msg, size_t msgsz)
{
	const cJSON *data = json, *op, *pub, *agents = NULL, *authorized = NULL;

	memset(out, 0, sizeof(*out));
	if (cJSON_IsObject(json) && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(json, "data")))
		data = cJSON_GetObjectItemCaseSensitive(json, "data");
	if (!cJSON_IsObject(data)) {
		snprintf(msg, msgsz, "The platform's discover-agents answer is not an object.");
		return -1;
	}
	op = cJSON_GetObjectItemCaseSensitive(data, "operator");
	pub = cJSON_GetObjectItemCaseSensitive(data, "publisher");
	if (cJSON_IsObject(op))
		agents = cJSON_GetObjectItemCaseSensitive(op, "agents");
	if (cJSON_IsObject(pub))
		authorized = cJSON_GetObjectItemCaseSensitive(pub, "authorized_agents");
	if (!cJSON_IsArray(agents) && !cJSON_IsArray(authorized)) {
		snprintf(msg, msgsz, "The platform's discover-agents answer has neither operator.agents nor "
		         "publisher.authorized_agents.");
		return -1;
	}
	if (cJSON_IsArray(agents))
		add_all(out, agents);
	if (cJSON_IsArray(authorized))
		add_all(out, authorized);
	return 0;
}

void
ao_discovered_free(struct ao_discovered *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->count; i++) {
		free(d->items[i].url);
		free(d->items[i].label);
		free(d->items[i].protocol);
		free(d->items[i].type);
	}
	memset(d, 0, sizeof(*d));
}

int
ao_domain_acceptable(const char *text, char *why, size_t whysz)
{
	size_t n = text != NULL ? strlen(text) : 0, i;
	int alnum = 0;

	if (n == 0) {
		snprintf(why, whysz, "Type the operator domain, e.g. publisher.example.");
		return 0;
	}
	if (strstr(text, "://") != NULL || strchr(text, '/') != NULL || strchr(text, ':') != NULL) {
		snprintf(why, whysz, "Only the domain, e.g. publisher.example: no scheme, path or port.");
		return 0;
	}
	if (n > 253) {
		snprintf(why, whysz, "A domain has at most 253 characters.");
		return 0;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (isalnum(c) && c < 0x80)
			alnum = 1;
		else if (c != '-' && c != '.') {
			snprintf(why, whysz, "A domain holds letters, digits, '-' and '.' only "
			         "(an international name in its xn-- form).");
			return 0;
		}
	}
	if (!alnum || text[0] == '.' || text[0] == '-') {
		snprintf(why, whysz, "That is not a domain; e.g. publisher.example.");
		return 0;
	}
	return 1;
}
