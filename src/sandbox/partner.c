/* SPDX-License-Identifier: MIT */
/* The partner API (reference/scope3-api.md §3):
 *   GET/POST /api/v2/partner/partners                 ACTIVATION seats
 *   POST     /api/v2/partner/agents                   register: 201, always PENDING
 *   GET      /api/v2/partner/agents                   {items, total, hasMore}
 *   GET      /api/v2/partner/agents/{agentId}
 *   PATCH    /api/v2/partner/agents/{agentId}         {agentId, name, status, updatedFields, oauth?}
 *   POST     /api/v2/partner/agents/{agentId}/oauth/authorize
 * Partner agents never activate by themselves: the owner PATCHes
 * {"status":"ACTIVE"}, which is refused while auth is not configured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define NAME_MAX_CHARS 255
#define DESCRIPTION_MAX_CHARS 2000
#define PARTNER_DESCRIPTION_MAX_CHARS 1000
#define DEMO_CUSTOMER_ID "9001"

/* ---- partners ----------------------------------------------------------------- */

static long query_long(struct sb_request *r, struct sb_reply *rep, const char *name, long def,
                       long min, long max, int *bad);
static cJSON *agent_view(const cJSON *pub);

/* Seats come a page at a time: take (default 50, at most 100) and skip,
 * with meta.pagination {skip, take, total, hasMore}. */
void
sb_partners_list(struct sb_request *r, struct sb_reply *rep)
{
	const char *status = sb_query(r, "status"), *name = sb_query(r, "name");
	int bad = 0;
	long take = query_long(r, rep, "take", 50, 1, 100, &bad);
	long skip = query_long(r, rep, "skip", 0, 0, 1000000, &bad);
	cJSON *data, *meta, *pag;
	const cJSON *p;
	long total = 0, shown = 0;

	if (bad)
		return;
	data = cJSON_CreateArray();
	cJSON_ArrayForEach(p, r->sb->partners) {
		const char *pst = sb_json_str(p, "status"), *pname = sb_json_str(p, "name");

		if (status != NULL && (pst == NULL || strcmp(pst, status) != 0))
			continue;
		if (name != NULL && (pname == NULL || strcasestr(pname, name) == NULL))
			continue;
		if (total >= skip && shown < take) {
			cJSON_AddItemToArray(data, cJSON_Duplicate(p, 1));
			shown++;
		}
		total++;
	}
	meta = cJSON_CreateObject();
	pag = cJSON_AddObjectToObject(meta, "pagination");
	cJSON_AddNumberToObject(pag, "skip", (double)skip);
	cJSON_AddNumberToObject(pag, "take", (double)take);
	cJSON_AddNumberToObject(pag, "total", (double)total);
	cJSON_AddBoolToObject(pag, "hasMore", skip + shown < total);
	sb_reply_data(rep, 200, data, meta);
}

void
sb_partner_create(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	cJSON *body = sb_parse_object(r, rep, 0), *p;
	struct sb_issues is;
	const char *name, *description;
	char *now, *id;

	if (body == NULL)
		return;
	sb_issues_init(&is);
	name = sb_check_string(body, "name", 1, 1, NAME_MAX_CHARS, &is);
	description = sb_check_string(body, "description", 0, 0, PARTNER_DESCRIPTION_MAX_CHARS, &is);
	if (sb_issues_reply(&is, rep) > 0)
		goto out;
	now = sb_timestamp();
	id = xasprintf("%ld", ++s->next_id);
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "id", id);
	cJSON_AddStringToObject(p, "name", name);
	if (description != NULL)
		cJSON_AddStringToObject(p, "description", description);
	else
		cJSON_AddNullToObject(p, "description");
	cJSON_AddStringToObject(p, "status", "ACTIVE");
	cJSON_AddStringToObject(p, "createdAt", now);
	cJSON_AddStringToObject(p, "updatedAt", now);
	cJSON_AddItemToArray(s->partners, p);
	sb_reply_data(rep, 201, cJSON_Duplicate(p, 1), NULL);
	rep->mutated = 1;
	free(now);
	free(id);
out:
	cJSON_Delete(body);
}

/* ---- agents ------------------------------------------------------------------- */

static struct sb_agent *
agent_with_endpoint(struct ao_sandbox *s, const char *url, const struct sb_agent *except)
{
	struct sb_agent *a;

	for (a = s->agents; a != NULL; a = a->next) {
		const char *u = sb_json_str(a->pub, "endpointUrl");

		if (a != except && u != NULL && strcmp(u, url) == 0)
			return a;
	}
	return NULL;
}

static void
conflict(struct sb_reply *rep, const struct sb_agent *other, const char *url)
{
	cJSON *details = cJSON_CreateObject();

	cJSON_AddStringToObject(details, "agentId", sb_json_str(other->pub, "agentId"));
	sb_reply_error(rep, 409, "CONFLICT", "endpointUrl", details,
	               "An agent is already registered at %.2048s (agentId %s).", url,
	               sb_json_str(other->pub, "agentId"));
}

/* accountPolicy: a non-empty array of the two documented values. */
static cJSON *
check_account_policy(const cJSON *body, int required, struct sb_issues *is)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, "accountPolicy"), *item;
	int bad = 0;

	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			sb_issue(is, "accountPolicy", "accountPolicy is required: choose advertiser_account, "
			         "marketplace_account or both.");
		return NULL;
	}
	if (!cJSON_IsArray(v)) {
		sb_issue(is, "accountPolicy", "accountPolicy must be an array of strings.");
		return NULL;
	}
	if (cJSON_GetArraySize(v) == 0) {
		sb_issue(is, "accountPolicy", "accountPolicy must list at least one of advertiser_account, "
		         "marketplace_account.");
		return NULL;
	}
	cJSON_ArrayForEach(item, v) {
		const char *const *ok;

		if (!cJSON_IsString(item)) {
			bad = 1;
			continue;
		}
		for (ok = sb_account_policies; *ok != NULL && strcmp(*ok, item->valuestring) != 0; ok++)
			;
		if (*ok == NULL)
			bad = 1;
	}
	if (bad) {
		sb_issue(is, "accountPolicy", "accountPolicy may only contain advertiser_account and "
		         "marketplace_account (exactly, lower case).");
		return NULL;
	}
	return (cJSON *)v;
}

static void
check_reporting(const cJSON *body, const char *current_type, struct sb_issues *is)
{
	const char *type = sb_check_enum(body, "reportingType", 0, sb_reporting_types, is);
	const char *cadence = sb_check_enum(body, "reportingPollingCadence", 0, sb_reporting_cadences, is);
	const cJSON *type_item = cJSON_GetObjectItemCaseSensitive(body, "reportingType");

	if (type_item == NULL)
		type = current_type;   /* PATCH without reportingType keeps the old one */
	if (cadence != NULL && (type == NULL || strcmp(type, "POLLING") != 0))
		sb_issue(is, "reportingPollingCadence",
		         "reportingPollingCadence is only allowed when reportingType is POLLING.");
}

static void
check_agent_auth_type(const cJSON *body, int required, const char **out, struct sb_issues *is)
{
	const char *t = sb_json_str(body, "authenticationType");

	if (t != NULL && strcmp(t, "BASIC_AUTH") == 0) {
		sb_issue(is, "authenticationType", "BASIC_AUTH is not available for partner agents; use "
		         "API_KEY, JWT, NO_AUTH or OAUTH.");
		*out = NULL;
		return;
	}
	*out = sb_check_enum(body, "authenticationType", required, sb_agent_auth_types, is);
}

/* authConfigured and the oauth block for the agent's authentication type. */
static void
apply_agent_auth(struct ao_sandbox *s, struct sb_agent *a, const char *auth_type, const cJSON *auth)
{
	if (auth != NULL && strcmp(auth_type, "OAUTH") != 0) {
		sb_json_wipe_delete(a->auth);
		a->auth = cJSON_Duplicate(auth, 1);
	}
	if (strcmp(auth_type, "OAUTH") == 0) {
		sb_json_wipe_delete(a->auth);
		a->auth = NULL;
		sb_json_set(a->pub, "authConfigured", cJSON_CreateFalse());
		sb_set_oauth(s, a->pub, &a->oauth_state);
	} else {
		free(a->oauth_state);
		a->oauth_state = NULL;
		sb_json_set(a->pub, "oauth", cJSON_CreateNull());
		if (strcmp(auth_type, "NO_AUTH") == 0) {
			sb_json_wipe_delete(a->auth);
			a->auth = NULL;
		}
		sb_json_set(a->pub, "authConfigured",
		            cJSON_CreateBool(strcmp(auth_type, "NO_AUTH") == 0 || a->auth != NULL));
	}
}

void
sb_agent_register(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	cJSON *body = sb_parse_object(r, rep, 0), *pub, *policy;
	struct sb_issues is;
	const char *partner_id, *type, *name, *url, *protocol, *auth_type = NULL, *description;
	struct sb_agent *a, *other;
	char *now = NULL, *agent_id = NULL;

	if (body == NULL)
		return;
	sb_issues_init(&is);
	partner_id = sb_check_string(body, "partnerId", 1, 1, 255, &is);
	if (partner_id != NULL && sb_partner_find(s, partner_id) == NULL) {
		sb_issue(&is, "partnerId", "No partner seat with id \"%.64s\"; list them with GET /api/v2/partner/partners.",
		         partner_id);
		partner_id = NULL;
	}
	type = sb_check_enum(body, "type", 1, sb_agent_types, &is);
	name = sb_check_string(body, "name", 1, 1, NAME_MAX_CHARS, &is);
	url = sb_check_url(body, "endpointUrl", 1, &is);
	protocol = sb_check_enum(body, "protocol", 1, sb_protocols, &is);
	policy = check_account_policy(body, 1, &is);
	check_agent_auth_type(body, 1, &auth_type, &is);
	sb_check_auth(body, auth_type, 1, &is);
	description = sb_check_string(body, "description", 0, 0, DESCRIPTION_MAX_CHARS, &is);
	check_reporting(body, NULL, &is);
	if (sb_issues_reply(&is, rep) > 0)
		goto out;
	other = agent_with_endpoint(s, url, NULL);
	if (other != NULL) {
		conflict(rep, other, url);
		goto out;
	}

	now = sb_timestamp();
	agent_id = sb_make_agent_id(name);
	while (sb_agent_find(s, agent_id) != NULL) {
		free(agent_id);
		agent_id = sb_make_agent_id(name);
	}
	pub = cJSON_CreateObject();
	cJSON_AddStringToObject(pub, "agentId", agent_id);
	cJSON_AddStringToObject(pub, "partnerId", partner_id);
	cJSON_AddStringToObject(pub, "type", type);
	cJSON_AddStringToObject(pub, "name", name);
	cJSON_AddStringToObject(pub, "status", "PENDING");
	cJSON_AddStringToObject(pub, "endpointUrl", url);
	cJSON_AddStringToObject(pub, "protocol", protocol);
	cJSON_AddItemToObject(pub, "accountPolicy", cJSON_Duplicate(policy, 1));
	cJSON_AddStringToObject(pub, "authenticationType", auth_type);
	if (description != NULL)
		cJSON_AddStringToObject(pub, "description", description);
	else
		cJSON_AddNullToObject(pub, "description");
	sb_json_set_str(pub, "reportingType", sb_json_str(body, "reportingType"));
	sb_json_set_str(pub, "reportingPollingCadence", sb_json_str(body, "reportingPollingCadence"));
	cJSON_AddStringToObject(pub, "relationship", "SELF");
	cJSON_AddStringToObject(pub, "customerId", DEMO_CUSTOMER_ID);
	cJSON_AddFalseToObject(pub, "authConfigured");
	cJSON_AddNullToObject(pub, "oauth");
	cJSON_AddStringToObject(pub, "createdAt", now);
	cJSON_AddStringToObject(pub, "updatedAt", now);

	a = xcalloc(1, sizeof(*a));
	a->pub = pub;
	a->next = s->agents;
	s->agents = a;
	apply_agent_auth(s, a, auth_type, cJSON_GetObjectItemCaseSensitive(body, "auth"));
	sb_log(s, "agent %s registered (%s, PENDING)", agent_id, auth_type);
	sb_reply_data(rep, 201, agent_view(pub), NULL);
	rep->mutated = 1;
out:
	sb_json_wipe_delete(body);
	free(now);
	free(agent_id);
}

/* The agent as the register response and the detail show it: the
 * documented detail has no authConfigured (only list rows do); OAuth
 * completion shows as the oauth block going away. */
static cJSON *
agent_view(const cJSON *pub)
{
	cJSON *v = cJSON_Duplicate(pub, 1);

	cJSON_DeleteItemFromObjectCaseSensitive(v, "authConfigured");
	return v;
}

static long
query_long(struct sb_request *r, struct sb_reply *rep, const char *name, long def, long min, long max, int *bad)
{
	const char *v = sb_query(r, name);
	char *end;
	long n;

	if (v == NULL || *bad)
		return def;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n < min || n > max) {
		sb_reply_invalid(rep, name, "%s must be a whole number from %ld to %ld.",
		               name, min, max);
		*bad = 1;
		return def;
	}
	return n;
}

/* One row of the marketplace list, if it passes the filters. */
static int
agent_row_matches(const cJSON *pub, const char *type, const char *status, const char *relationship,
                  const char *name)
{
	const char *v;

	if (type != NULL && ((v = sb_json_str(pub, "type")) == NULL || strcmp(v, type) != 0))
		return 0;
	if (status != NULL && ((v = sb_json_str(pub, "status")) == NULL || strcmp(v, status) != 0))
		return 0;
	if (relationship != NULL && ((v = sb_json_str(pub, "relationship")) == NULL || strcmp(v, relationship) != 0))
		return 0;
	if (name != NULL && ((v = sb_json_str(pub, "name")) == NULL || strcasestr(v, name) == NULL))
		return 0;
	return 1;
}

/* GET /agents is the marketplace: the caller's own agents (relationship
 * SELF) and every other owner's non-disabled one (MARKETPLACE; pending ones
 * as COMING_SOON), unless relationship=SELF asks for the own ones only. */
void
sb_agents_list(struct sb_request *r, struct sb_reply *rep)
{
	static const char *const relationships[] = {"SELF", "MARKETPLACE", NULL};
	const char *type = sb_query(r, "type"), *status = sb_query(r, "status");
	const char *relationship = sb_query(r, "relationship"), *name = sb_query(r, "name");
	int bad = 0;
	long limit = query_long(r, rep, "limit", 20, 1, 100, &bad);
	long offset = query_long(r, rep, "offset", 0, 0, 1000000, &bad);
	long total = 0, shown = 0, n = 0, count = 0, i;
	struct sb_agent *a;
	const cJSON **rows, *m;
	cJSON *data, *items;

	if (bad)
		return;
	if (relationship != NULL) {
		const char *const *ok;

		for (ok = relationships; *ok != NULL && strcmp(*ok, relationship) != 0; ok++)
			;
		if (*ok == NULL) {
			struct sb_issues is;

			sb_issues_init(&is);
			sb_issue(&is, "relationship", "Invalid enum value. Expected 'SELF' | 'MARKETPLACE', received '%.32s'",
			         relationship);
			sb_issues_reply(&is, rep);
			return;
		}
	}
	for (a = r->sb->agents; a != NULL; a = a->next)
		count++;
	count += cJSON_GetArraySize(r->sb->marketplace);
	rows = xcalloc((size_t)count + 1, sizeof(*rows));
	/* own agents oldest first, then the marketplace */
	for (a = r->sb->agents; a != NULL; a = a->next)
		n++;
	i = n;
	for (a = r->sb->agents; a != NULL; a = a->next)
		rows[--i] = a->pub;
	cJSON_ArrayForEach(m, r->sb->marketplace)
		rows[n++] = m;
	data = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(data, "items");
	for (i = 0; i < n; i++) {
		if (!agent_row_matches(rows[i], type, status, relationship, name))
			continue;
		if (total >= offset && shown < limit) {
			cJSON *row = cJSON_Duplicate(rows[i], 1);

			cJSON_AddBoolToObject(row, "requiresAccount", 0);
			cJSON_AddArrayToObject(row, "customerAccounts");
			cJSON_AddItemToArray(items, row);
			shown++;
		}
		total++;
	}
	free(rows);
	cJSON_AddNumberToObject(data, "total", (double)total);
	cJSON_AddBoolToObject(data, "hasMore", offset + shown < total);
	sb_reply_data(rep, 200, data, NULL);
}

static struct sb_agent *
find_or_404(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_agent *a = r->param != NULL ? sb_agent_find(r->sb, r->param) : NULL;

	if (a == NULL)
		sb_reply_error(rep, 404, "NOT_FOUND", NULL, NULL, "No agent with agentId \"%.255s\".",
		               r->param != NULL ? r->param : "");
	return a;
}

void
sb_agent_get(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_agent *a = find_or_404(r, rep);
	cJSON *detail;

	if (a == NULL)
		return;
	detail = agent_view(a->pub);
	cJSON_AddNumberToObject(detail, "customerAccountCount", 0);
	cJSON_AddFalseToObject(detail, "hasCustomerAccount");
	cJSON_AddFalseToObject(detail, "hasMasterAccount");
	cJSON_AddNullToObject(detail, "customerAccount");
	sb_reply_data(rep, 200, detail, NULL);
}

void
sb_agent_update(struct sb_request *r, struct sb_reply *rep)
{
	static const char *const known[] = {"name", "description", "endpointUrl", "protocol", "accountPolicy",
	                                    "authenticationType", "auth", "reportingType",
	                                    "reportingPollingCadence", "status", NULL};
	struct ao_sandbox *s = r->sb;
	struct sb_agent *a = find_or_404(r, rep), *other;
	cJSON *body = NULL, *policy, *updated, *data;
	const cJSON *auth;
	struct sb_issues is;
	const char *name, *description, *url, *protocol, *auth_type = NULL, *status, *new_type;
	char old_type[32];
	const char *const *k;
	int fields = 0, type_changed, configured;

	if (a == NULL)
		return;
	body = sb_parse_object(r, rep, 0);
	if (body == NULL)
		return;
	for (k = known; *k != NULL; k++)
		fields += cJSON_GetObjectItemCaseSensitive(body, *k) != NULL;
	sb_issues_init(&is);
	if (cJSON_GetObjectItemCaseSensitive(body, "type") != NULL)
		sb_issue(&is, "type", "type cannot be changed after the agent is registered.");
	if (fields == 0 && is.count == 0)
		sb_issue(&is, "", "The update is empty; send at least one field.");
	name = sb_check_string(body, "name", 0, 1, NAME_MAX_CHARS, &is);
	description = sb_check_string(body, "description", 0, 0, DESCRIPTION_MAX_CHARS, &is);
	url = sb_check_url(body, "endpointUrl", 0, &is);
	protocol = sb_check_enum(body, "protocol", 0, sb_protocols, &is);
	policy = check_account_policy(body, 0, &is);
	check_agent_auth_type(body, 0, &auth_type, &is);
	/* a copy: the pub string is replaced below */
	snprintf(old_type, sizeof(old_type), "%s", sb_json_str(a->pub, "authenticationType"));
	type_changed = auth_type != NULL && strcmp(auth_type, old_type) != 0;
	new_type = auth_type != NULL ? auth_type : old_type;
	auth = cJSON_GetObjectItemCaseSensitive(body, "auth");
	if (auth != NULL && cJSON_IsNull(auth))
		auth = NULL;
	/* for an OAUTH agent, sending auth asks for a new authorization
	 * (reference §3.3); any object will do */
	if (strcmp(new_type, "OAUTH") == 0 && auth != NULL && !type_changed) {
		if (!cJSON_IsObject(auth))
			sb_issue(&is, "auth", "auth must be an object.");
	} else {
		sb_check_auth(body, new_type, type_changed, &is);
	}
	check_reporting(body, sb_json_str(a->pub, "reportingType"), &is);
	status = sb_check_enum(body, "status", 0, sb_statuses, &is);
	if (sb_issues_reply(&is, rep) > 0)
		goto out;
	if (url != NULL && (other = agent_with_endpoint(s, url, a)) != NULL) {
		conflict(rep, other, url);
		goto out;
	}
	if (strcmp(new_type, "NO_AUTH") == 0)
		configured = 1;
	else if (strcmp(new_type, "OAUTH") == 0)
		configured = !type_changed && auth == NULL &&
		             cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a->pub, "authConfigured"));
	else
		configured = auth != NULL || (!type_changed && a->auth != NULL);
	if (status != NULL && strcmp(status, "ACTIVE") == 0 && !configured) {
		sb_reply_invalid(rep, "status", "%s",
		               strcmp(new_type, "OAUTH") == 0
		               ? "The agent cannot be ACTIVE before OAuth is complete: open oauth.authorizationUrl "
		                 "and approve, then activate."
		               : "The agent cannot be ACTIVE before its auth is configured: send auth first.");
		goto out;
	}

	updated = cJSON_CreateArray();
	for (k = known; *k != NULL; k++)
		if (cJSON_GetObjectItemCaseSensitive(body, *k) != NULL)
			cJSON_AddItemToArray(updated, cJSON_CreateString(*k));
	if (name != NULL)
		sb_json_set_str(a->pub, "name", name);
	if (cJSON_GetObjectItemCaseSensitive(body, "description") != NULL)
		sb_json_set_str(a->pub, "description", description);
	if (url != NULL)
		sb_json_set_str(a->pub, "endpointUrl", url);
	if (protocol != NULL)
		sb_json_set_str(a->pub, "protocol", protocol);
	if (policy != NULL)
		sb_json_set(a->pub, "accountPolicy", cJSON_Duplicate(policy, 1));
	if (cJSON_GetObjectItemCaseSensitive(body, "reportingType") != NULL) {
		sb_json_set_str(a->pub, "reportingType", sb_json_str(body, "reportingType"));
		if (sb_json_str(body, "reportingType") == NULL ||
		    strcmp(sb_json_str(body, "reportingType"), "POLLING") != 0)
			sb_json_set_str(a->pub, "reportingPollingCadence", NULL);
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "reportingPollingCadence") != NULL)
		sb_json_set_str(a->pub, "reportingPollingCadence", sb_json_str(body, "reportingPollingCadence"));
	if (type_changed || auth != NULL) {
		sb_json_set_str(a->pub, "authenticationType", new_type);
		apply_agent_auth(s, a, new_type, auth);
	}
	if (status != NULL)
		sb_json_set_str(a->pub, "status", status);
	sb_json_touch(a->pub);

	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "agentId", sb_json_str(a->pub, "agentId"));
	cJSON_AddStringToObject(data, "name", sb_json_str(a->pub, "name"));
	cJSON_AddStringToObject(data, "status", sb_json_str(a->pub, "status"));
	cJSON_AddItemToObject(data, "updatedFields", updated);
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(a->pub, "oauth")))
		cJSON_AddItemToObject(data, "oauth", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(a->pub, "oauth"), 1));
	sb_reply_data(rep, 200, data, NULL);
	rep->mutated = 1;
out:
	sb_json_wipe_delete(body);
}

void
sb_agent_authorize(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_agent *a = find_or_404(r, rep);
	cJSON *body, *data;
	struct sb_issues is;
	const char *redirect;

	if (a == NULL)
		return;
	body = sb_parse_object(r, rep, 1);
	if (body == NULL)
		return;
	sb_issues_init(&is);
	redirect = sb_check_url(body, "redirectUri", 0, &is);
	if (sb_issues_reply(&is, rep) > 0)
		goto out;
	if (strcmp(sb_json_str(a->pub, "authenticationType"), "OAUTH") != 0) {
		sb_reply_error(rep, 400, "INVALID_STATE", "authenticationType", NULL,
		               "Agent %s uses %s, not OAUTH; there is nothing to authorize.",
		               sb_json_str(a->pub, "agentId"), sb_json_str(a->pub, "authenticationType"));
		goto out;
	}
	free(a->redirect_uri);
	a->redirect_uri = redirect != NULL ? xstrdup(redirect) : NULL;
	sb_set_oauth(r->sb, a->pub, &a->oauth_state);
	data = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(a->pub, "oauth"), 1);
	sb_reply_data(rep, 200, data, NULL);
	rep->mutated = 1;
out:
	cJSON_Delete(body);
}

/* The grant the agent's authorization server gave is revoked (or expired
 * for good): the platform cannot call the agent.  What the platform then
 * shows is not documented; the simulator shows what a failed OAuth start
 * shows (reference §3.4): no configured auth, an oauthError saying why,
 * no consent link until someone re-authorizes, and an ACTIVE agent back to
 * PENDING (partner agents are activated by a PATCH once auth is configured
 * again). */
void
sb_agent_simulate(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_agent *a = find_or_404(r, rep);
	const cJSON *revoke;
	cJSON *body, *d;
	char *now;

	if (a == NULL)
		return;
	body = sb_parse_object(r, rep, 0);
	if (body == NULL)
		return;
	revoke = cJSON_GetObjectItemCaseSensitive(body, "revokeOAuth");
	if (!cJSON_IsTrue(revoke)) {
		sb_reply_invalid(rep, "revokeOAuth", "%s", "revokeOAuth must be true (the only switch for agents).");
		goto out;
	}
	if (strcmp(sb_json_str(a->pub, "authenticationType"), "OAUTH") != 0) {
		sb_reply_error(rep, 400, "INVALID_STATE", "authenticationType", NULL,
		               "Agent %s uses %s, not OAUTH; there is no grant to revoke.",
		               sb_json_str(a->pub, "agentId"), sb_json_str(a->pub, "authenticationType"));
		goto out;
	}
	free(a->oauth_state);
	a->oauth_state = NULL;
	sb_json_set(a->pub, "authConfigured", cJSON_CreateFalse());
	sb_json_set(a->pub, "oauth", cJSON_CreateNull());
	sb_json_set_str(a->pub, "oauthError", "invalid_grant: the OAuth grant was revoked or has expired; "
	                "authorize again");
	if (strcmp(sb_json_str(a->pub, "status"), "ACTIVE") == 0)
		sb_json_set_str(a->pub, "status", "PENDING");
	now = sb_timestamp();
	sb_json_set_str(a->pub, "updatedAt", now);
	free(now);
	sb_log(r->sb, "agent %s: OAuth grant revoked, %s", sb_json_str(a->pub, "agentId"),
	       sb_json_str(a->pub, "status"));
	d = cJSON_CreateObject();
	cJSON_AddBoolToObject(d, "revokeOAuth", 1);
	cJSON_AddStringToObject(d, "status", sb_json_str(a->pub, "status"));
	sb_reply_data(rep, 200, d, NULL);
	rep->mutated = 1;
out:
	cJSON_Delete(body);
}
