/* SPDX-License-Identifier: MIT */
/* The AAO pre-check: the platform refuses to register an endpoint that is
 * not registered with AgenticAdvertising.org (a documented 400), and
 * GET /api/v2/storefront/discover-agents?domain=<host> shows what the
 * registry knows about a domain.  This decides whether the endpoint is
 * listed there.  A "not listed" answer is only a warning for the caller:
 * the lookup cannot see members-only agents. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/xalloc.h"

/* The comparable form of an agent URL: lower-case scheme and authority,
 * default port dropped, fragment dropped, trailing slashes of the path
 * dropped (an empty path and "/" are the same). */
static char *
normalize(const char *url)
{
	const char *p = url, *end, *scheme_end, *auth, *auth_end, *path_end;
	char *out, *o;
	size_t n, len;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	path_end = memchr(p, '#', (size_t)(end - p));
	if (path_end != NULL)
		end = path_end;
	len = (size_t)(end - p);
	out = o = xmalloc(len + 2);
	scheme_end = strstr(p, "://");
	if (scheme_end == NULL || scheme_end >= end) {
		while (len > 0 && p[len - 1] == '/')
			len--;
		memcpy(o, p, len);
		o[len] = '\0';
		return out;
	}
	for (; p < scheme_end; p++)
		*o++ = (char)tolower((unsigned char)*p);
	memcpy(o, "://", 4);   /* terminated, so the scheme can be compared */
	o += 3;
	auth = scheme_end + 3;
	auth_end = auth;
	while (auth_end < end && *auth_end != '/' && *auth_end != '?')
		auth_end++;
	n = (size_t)(auth_end - auth);
	/* drop the scheme's default port */
	if (strcmp(out, "https://") == 0 && n > 4 && memcmp(auth_end - 4, ":443", 4) == 0)
		n -= 4;
	else if (strcmp(out, "http://") == 0 && n > 3 && memcmp(auth_end - 3, ":80", 3) == 0)
		n -= 3;
	for (; n > 0; n--, auth++)
		*o++ = (char)tolower((unsigned char)*auth);
	p = auth_end;
	path_end = p;
	while (path_end < end && *path_end != '?')
		path_end++;
	n = (size_t)(path_end - p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	memcpy(o, p, n);
	o += n;
	n = (size_t)(end - path_end);   /* the query, compared exactly */
	memcpy(o, path_end, n);
	o += n;
	*o = '\0';
	return out;
}

int
ao_agent_url_same(const char *a, const char *b)
{
	char *na, *nb;
	int same;

	if (a == NULL || b == NULL)
		return 0;
	na = normalize(a);
	nb = normalize(b);
	same = na[0] != '\0' && strcmp(na, nb) == 0;
	free(na);
	free(nb);
	return same;
}

static const char *
json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : NULL;
}

static void
compliance_of(const cJSON *agent, struct ao_aao_check *out)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(agent, "compliance");
	const char *s = cJSON_IsString(c) ? c->valuestring : json_string(c, "status");

	if (s != NULL)
		ao_copy_display(out->compliance, sizeof(out->compliance), s, strlen(s));
}

/* Looks for endpoint in list[].url; returns the matching element. */
static const cJSON *
find_agent(const cJSON *list, const char *endpoint, struct ao_aao_check *out)
{
	const cJSON *agent;
	const char *url;

	cJSON_ArrayForEach(agent, (cJSON_IsArray(list) ? list : NULL)) {
		url = json_string(agent, "url");
		if (url == NULL)
			continue;
		out->agents_seen++;
		if (ao_agent_url_same(url, endpoint))
			return agent;
	}
	return NULL;
}

void
ao_aao_check_parse(const char *bytes, size_t len, const char *endpoint_url, struct ao_aao_check *out)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const cJSON *body = root, *data, *error, *op, *pub, *member, *hit;
	const char *m;

	memset(out, 0, sizeof(*out));
	out->listing = AO_AAO_BAD_RESPONSE;
	out->operator_member = -1;
	if (!cJSON_IsObject(root)) {
		snprintf(out->problem, sizeof(out->problem), "the discover-agents answer is not a JSON object");
		goto out;
	}
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	error = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(data))
		body = data;
	else if (cJSON_IsObject(error)) {
		m = json_string(error, "message");
		snprintf(out->problem, sizeof(out->problem), "the discover-agents answer is an error");
		if (m != NULL) {
			size_t used = strlen(out->problem);

			snprintf(out->problem + used, sizeof(out->problem) - used, ": ");
			used = strlen(out->problem);
			ao_copy_display(out->problem + used, sizeof(out->problem) - used, m, strlen(m));
		}
		goto out;
	}
	op = cJSON_GetObjectItemCaseSensitive(body, "operator");
	pub = cJSON_GetObjectItemCaseSensitive(body, "publisher");
	if (!cJSON_IsObject(op) && !cJSON_IsObject(pub)) {
		snprintf(out->problem, sizeof(out->problem),
		         "the discover-agents answer has neither \"operator\" nor \"publisher\"");
		goto out;
	}
	member = cJSON_GetObjectItemCaseSensitive(op, "member");
	if (member != NULL)
		out->operator_member = cJSON_IsObject(member) ? 1 : 0;
	out->listing = AO_AAO_NOT_LISTED;
	if (endpoint_url == NULL)
		goto out;
	hit = find_agent(cJSON_GetObjectItemCaseSensitive(op, "agents"), endpoint_url, out);
	if (hit != NULL) {
		out->listing = AO_AAO_LISTED;
		snprintf(out->where, sizeof(out->where), "operator.agents");
		compliance_of(hit, out);
		goto out;
	}
	hit = find_agent(cJSON_GetObjectItemCaseSensitive(pub, "authorized_agents"), endpoint_url, out);
	if (hit != NULL) {
		out->listing = AO_AAO_LISTED;
		snprintf(out->where, sizeof(out->where), "publisher.authorized_agents");
	}
out:
	cJSON_Delete(root);
}
