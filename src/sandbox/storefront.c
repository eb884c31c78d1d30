/* SPDX-License-Identifier: MIT */
/* Storefront inventory sources (G3, reference/scope3-api.md §2):
 *   POST   /api/v2/storefront/inventory-sources            201, PENDING / ACTIVE (NO_AUTH)
 *   GET    /api/v2/storefront/inventory-sources            list + meta.pagination
 *   GET    /api/v2/storefront/inventory-sources/{sourceId}
 *   PUT    /api/v2/storefront/inventory-sources/{sourceId} partial update
 *   DELETE /api/v2/storefront/inventory-sources/{sourceId} 204; 400 while media buys run
 * The path id is the storefront-scoped sourceId.  Credentials are stored
 * and never returned (authConfigured says whether there are some). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define NAME_MAX_CHARS 255
#define DESCRIPTION_MAX_CHARS 2000

static int
is_credential_type(const char *auth_type)
{
	return auth_type != NULL && (strcmp(auth_type, "API_KEY") == 0 || strcmp(auth_type, "JWT") == 0 ||
	                             strcmp(auth_type, "BASIC_AUTH") == 0);
}

static void
not_found(struct sb_reply *rep, const char *id)
{
	sb_reply_error(rep, 404, "NOT_FOUND", NULL, NULL, "No inventory source with sourceId \"%.255s\".",
	               id != NULL ? id : "");
}

static void
reject_unregistered(struct sb_reply *rep, const char *url)
{
	sb_reply_invalid(rep, "endpointUrl", "The agent at %.2048s is not registered with AAO (agenticadvertising.org). "
	               "Register it in the AAO registry first, then create the source again.", url);
}


/* Applies the authentication type: credentials are kept (and the prober
 * armed), NO_AUTH is active at once, OAUTH waits for consent. */
static void
apply_auth(struct ao_sandbox *s, struct sb_source *src, const char *auth_type, const cJSON *auth)
{
	const char *status = sb_json_str(src->pub, "status");

	free(src->oauth_state);
	src->oauth_state = NULL;
	sb_json_set(src->pub, "oauth", cJSON_CreateNull());
	if (auth != NULL) {
		sb_json_wipe_delete(src->auth);
		src->auth = cJSON_Duplicate(auth, 1);
	}
	if (strcmp(auth_type, "NO_AUTH") == 0) {
		sb_json_wipe_delete(src->auth);
		src->auth = NULL;
		sb_json_set(src->pub, "authConfigured", cJSON_CreateTrue());
		src->probe_due = 0;
		src->gen++;
		if (status != NULL && strcmp(status, "PENDING") == 0)
			sb_json_set_str(src->pub, "status", "ACTIVE");
	} else if (strcmp(auth_type, "OAUTH") == 0) {
		sb_json_wipe_delete(src->auth);
		src->auth = NULL;
		src->probe_due = 0;
		src->gen++;
		/* pending OAuth: a fresh consent link, not configured yet */
		sb_set_oauth(s, src->pub, &src->oauth_state);
		sb_json_set(src->pub, "authConfigured", cJSON_CreateFalse());
		/* "OAUTH sources get oauth.authorizationUrl and stay PENDING until
		 * the token lands" (reference §2): a source switched to OAUTH has
		 * no token to be called with, so it waits for consent as a new one
		 * does (what the platform does here is not documented) */
		if (status != NULL && strcmp(status, "ACTIVE") == 0)
			sb_json_set_str(src->pub, "status", "PENDING");
	} else {
		/* the prober checks the credential whatever the status: it
		 * activates a PENDING source, and lets a DISABLED one be
		 * re-activated once the agent answers */
		sb_json_set(src->pub, "authConfigured", src->auth != NULL ? cJSON_CreateTrue() : cJSON_CreateFalse());
		if (src->auth != NULL)
			sb_source_arm_probe(s, src);
	}
}

void
sb_source_create(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	cJSON *body = sb_parse_object(r, rep, 0), *pub = NULL;
	struct sb_issues is;
	const char *name, *source_id, *type, *url, *protocol, *auth_type, *description;
	char *slug = NULL, *agent_id = NULL, *now = NULL, *id = NULL;
	struct sb_source *src;

	if (body == NULL)
		return;
	sb_issues_init(&is);
	name = sb_check_string(body, "name", 1, 1, NAME_MAX_CHARS, &is);
	source_id = sb_check_string(body, "sourceId", 0, 1, 255, &is);
	if (source_id != NULL && !sb_id_is_valid(source_id)) {
		sb_issue(&is, "sourceId", "sourceId may only contain letters, digits, '.', '_' and '-'.");
		source_id = NULL;
	}
	sb_check_enum(body, "executionType", 0, (const char *const[]){"AGENT", NULL}, &is);
	type = sb_check_enum(body, "type", 1, sb_agent_types, &is);
	url = sb_check_url(body, "endpointUrl", 1, &is);
	protocol = sb_check_enum(body, "protocol", 1, sb_protocols, &is);
	auth_type = sb_check_enum(body, "authenticationType", 1, sb_source_auth_types, &is);
	sb_check_auth(body, auth_type, 1, &is);
	description = sb_check_string(body, "description", 0, 0, DESCRIPTION_MAX_CHARS, &is);
	if (sb_issues_reply(&is, rep) > 0)
		goto out;
	if (source_id == NULL) {
		slug = ao_slugify(name);
		if (slug[0] == '\0') {
			/* the client makes no id up for a name with too few Latin
			 * letters; the platform's rule for that is not documented, so
			 * the simulator derives a stable one from the name */
			uint32_t h = 2166136261u;
			const char *c;

			for (c = name; *c; c++)
				h = (h ^ (unsigned char)*c) * 16777619u;
			free(slug);
			slug = xasprintf("source-%08x", (unsigned)h);
		}
		source_id = slug;
	}
	if (!sb_registry_contains(s, url)) {
		reject_unregistered(rep, url);
		goto out;
	}
	if (sb_source_find(s, source_id) != NULL) {
		cJSON *details = cJSON_CreateObject();

		cJSON_AddStringToObject(details, "sourceId", source_id);
		sb_reply_error(rep, 409, "CONFLICT", "sourceId", details,
		               "An inventory source with sourceId \"%s\" already exists; choose another sourceId "
		               "or update that source.", source_id);
		goto out;
	}

	now = sb_timestamp();
	agent_id = sb_make_agent_id(name);
	id = xasprintf("%ld", ++s->next_id);
	pub = cJSON_CreateObject();
	cJSON_AddStringToObject(pub, "id", id);
	cJSON_AddStringToObject(pub, "sourceId", source_id);
	cJSON_AddStringToObject(pub, "name", name);
	cJSON_AddStringToObject(pub, "executionType", "AGENT");
	cJSON_AddStringToObject(pub, "status", "PENDING");
	cJSON_AddStringToObject(pub, "agentId", agent_id);
	cJSON_AddStringToObject(pub, "type", type);
	cJSON_AddStringToObject(pub, "endpointUrl", url);
	cJSON_AddStringToObject(pub, "protocol", protocol);
	if (description != NULL)
		cJSON_AddStringToObject(pub, "description", description);
	else
		cJSON_AddNullToObject(pub, "description");
	cJSON_AddStringToObject(pub, "authenticationType", auth_type);
	cJSON_AddFalseToObject(pub, "authConfigured");
	cJSON_AddNullToObject(pub, "oauth");
	cJSON_AddNullToObject(pub, "reportingType");
	cJSON_AddNullToObject(pub, "reportingPollingCadence");
	cJSON_AddFalseToObject(pub, "isAdapterSource");
	cJSON_AddNullToObject(pub, "managedSa");
	cJSON_AddNullToObject(pub, "linkedStorefront");
	cJSON_AddStringToObject(pub, "createdAt", now);
	cJSON_AddStringToObject(pub, "updatedAt", now);

	src = xcalloc(1, sizeof(*src));
	src->pub = pub;
	src->next = s->sources;
	s->sources = src;
	apply_auth(s, src, auth_type, cJSON_GetObjectItemCaseSensitive(body, "auth"));
	sb_log(s, "source %s created (%s, %s)", source_id, auth_type, sb_json_str(pub, "status"));
	sb_reply_data(rep, 201, cJSON_Duplicate(pub, 1), NULL);
	rep->mutated = 1;
out:
	sb_json_wipe_delete(body);
	free(slug);
	free(agent_id);
	free(now);
	free(id);
}

/* skip/take query arguments; -1 with a 400 in rep when they are bad. */
static int
paging_arg(struct sb_request *r, struct sb_reply *rep, const char *name, long def, long max, long *out)
{
	const char *v = sb_query(r, name);
	char *end;
	long n;

	*out = def;
	if (v == NULL)
		return 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n < 0 || n > max) {
		sb_reply_invalid(rep, name, "%s must be a whole number from 0 to %ld.", name, max);
		return -1;
	}
	*out = n;
	return 0;
}

void
sb_sources_list(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	const char *status = sb_query(r, "status");
	cJSON *data = cJSON_CreateArray(), *meta, *pag;
	struct sb_source *src;
	long skip, take, total = 0, i = 0;

	if (paging_arg(r, rep, "skip", 0, 1000000, &skip) != 0 ||
	    paging_arg(r, rep, "take", 50, 100, &take) != 0) {
		cJSON_Delete(data);
		return;
	}
	/* oldest first, as created */
	for (src = s->sources; src != NULL; src = src->next)
		total++;
	{
		struct sb_source **order = xcalloc((size_t)total + 1, sizeof(*order));
		long n = 0;

		for (src = s->sources; src != NULL; src = src->next)
			order[total - 1 - n++] = src;
		total = 0;
		for (n = 0; order[n] != NULL; n++) {
			const char *st = sb_json_str(order[n]->pub, "status");

			if (status != NULL && (st == NULL || strcmp(st, status) != 0))
				continue;
			if (total >= skip && i < take) {
				cJSON_AddItemToArray(data, cJSON_Duplicate(order[n]->pub, 1));
				i++;
			}
			total++;
		}
		free(order);
	}
	meta = cJSON_CreateObject();
	pag = cJSON_AddObjectToObject(meta, "pagination");
	cJSON_AddNumberToObject(pag, "skip", (double)skip);
	cJSON_AddNumberToObject(pag, "take", (double)take);
	cJSON_AddNumberToObject(pag, "total", (double)total);
	cJSON_AddBoolToObject(pag, "hasMore", skip + i < total);
	sb_reply_data(rep, 200, data, meta);
}

void
sb_source_get(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_source *src = r->param != NULL ? sb_source_find(r->sb, r->param) : NULL;

	if (src == NULL) {
		not_found(rep, r->param);
		return;
	}
	sb_reply_data(rep, 200, cJSON_Duplicate(src->pub, 1), NULL);
}

void
sb_source_delete(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_source *src = r->param != NULL ? sb_source_find(r->sb, r->param) : NULL;

	if (src == NULL) {
		not_found(rep, r->param);
		return;
	}
	if (src->media_buys > 0) {
		/* reference §2.6: refused while the agent has non-terminal media buys */
		sb_reply_invalid(rep, "sourceId", "Inventory source \"%s\" cannot be deleted while its agent has %ld "
		                 "media buy%s in ACTIVE, PAUSED, PENDING_APPROVAL or INPUT_REQUIRED; disable it "
		                 "instead (PUT {\"status\":\"DISABLED\"}).", r->param, src->media_buys,
		                 src->media_buys == 1 ? "" : "s");
		return;
	}
	sb_source_unlink(r->sb, src);
	sb_log(r->sb, "source %s deleted", r->param);
	sb_source_free(src);
	sb_reply_take(rep, 204, NULL, NULL, 0);
	rep->mutated = 1;
}

/* Whether status may move from -> to (reference §2.4), given the state the
 * source will have after the rest of the request; why says what to do. */
static int
transition_allowed(const struct sb_source *src, const char *from, const char *to, const char *auth_type,
                   int configured, int probe_ok, char *why, size_t whysz)
{
	if (strcmp(from, to) == 0)
		return 1;
	if (strcmp(to, "PENDING") == 0) {
		snprintf(why, whysz, "An inventory source cannot go back to PENDING (allowed: PENDING to ACTIVE "
		         "or DISABLED, ACTIVE to DISABLED and back).");
		return 0;
	}
	if (strcmp(to, "ACTIVE") != 0)
		return 1;
	if (!configured) {
		snprintf(why, whysz, "%s", strcmp(auth_type, "OAUTH") == 0
		         ? "The source cannot be ACTIVE before OAuth consent is complete; open oauth.authorizationUrl first."
		         : "The source cannot be ACTIVE without credentials; send auth first.");
		return 0;
	}
	if (is_credential_type(auth_type) && !probe_ok) {
		snprintf(why, whysz, "The agent has not answered with the stored credential yet%s%.300s%s "
		         "The sandbox checks it again now; retry in a moment.",
		         src->last_probe[0] ? " (last check: " : ".", src->last_probe,
		         src->last_probe[0] ? ")." : "");
		return 0;
	}
	return 1;
}

void
sb_source_update(struct sb_request *r, struct sb_reply *rep)
{
	static const char *const known[] = {"name", "executionType", "status", "description", "endpointUrl",
	                                    "protocol", "authenticationType", "auth", NULL};
	struct ao_sandbox *s = r->sb;
	struct sb_source *src = r->param != NULL ? sb_source_find(s, r->param) : NULL;
	cJSON *body = NULL;
	const cJSON *auth;
	struct sb_issues is;
	const char *name, *status, *description, *url, *protocol, *auth_type, *new_type, *from;
	char old_type[32];
	const char *const *k;
	int fields = 0, type_changed, target_changed, configured, probe_ok;
	char why[512];

	if (src == NULL) {
		not_found(rep, r->param);
		return;
	}
	body = sb_parse_object(r, rep, 0);
	if (body == NULL)
		return;
	for (k = known; *k != NULL; k++)
		fields += cJSON_GetObjectItemCaseSensitive(body, *k) != NULL;
	sb_issues_init(&is);
	if (cJSON_GetObjectItemCaseSensitive(body, "type") != NULL)
		sb_issue(&is, "type", "type cannot be changed after the source is created.");
	if (cJSON_GetObjectItemCaseSensitive(body, "sourceId") != NULL &&
	    (sb_json_str(body, "sourceId") == NULL || strcmp(sb_json_str(body, "sourceId"), r->param) != 0))
		sb_issue(&is, "sourceId", "sourceId cannot be changed.");
	if (fields == 0 && is.count == 0)
		sb_issue(&is, "", "The update is empty; send at least one of name, status, description, "
		         "endpointUrl, protocol, authenticationType, auth.");
	name = sb_check_string(body, "name", 0, 1, NAME_MAX_CHARS, &is);
	sb_check_enum(body, "executionType", 0, (const char *const[]){"AGENT", NULL}, &is);
	status = sb_check_enum(body, "status", 0, sb_statuses, &is);
	description = sb_check_string(body, "description", 0, 0, DESCRIPTION_MAX_CHARS, &is);
	url = sb_check_url(body, "endpointUrl", 0, &is);
	protocol = sb_check_enum(body, "protocol", 0, sb_protocols, &is);
	/* a copy: the pub string is replaced below */
	snprintf(old_type, sizeof(old_type), "%s", sb_json_str(src->pub, "authenticationType"));
	auth_type = sb_check_enum(body, "authenticationType", 0, sb_source_auth_types, &is);
	type_changed = auth_type != NULL && strcmp(auth_type, old_type) != 0;
	new_type = auth_type != NULL ? auth_type : old_type;
	/* a new credential type needs its credential; the same type keeps the stored one */
	sb_check_auth(body, new_type, type_changed, &is);
	auth = cJSON_GetObjectItemCaseSensitive(body, "auth");
	if (auth != NULL && cJSON_IsNull(auth))
		auth = NULL;
	if (sb_issues_reply(&is, rep) > 0)
		goto out;
	if (url != NULL && !sb_registry_contains(s, url)) {
		reject_unregistered(rep, url);
		goto out;
	}

	/* the state after this request, for the status rule */
	from = sb_json_str(src->pub, "status");
	target_changed = (url != NULL && strcmp(url, sb_json_str(src->pub, "endpointUrl")) != 0) ||
	                 (protocol != NULL && strcmp(protocol, sb_json_str(src->pub, "protocol")) != 0);
	if (strcmp(new_type, "NO_AUTH") == 0)
		configured = 1;
	else if (strcmp(new_type, "OAUTH") == 0)
		configured = !type_changed && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src->pub, "authConfigured"));
	else
		configured = auth != NULL || (!type_changed && src->auth != NULL);
	probe_ok = type_changed || auth != NULL || target_changed ? 0 : src->probe_ok;
	if (status != NULL && !transition_allowed(src, from, status, new_type, configured, probe_ok,
	                                          why, sizeof(why))) {
		/* a credential that was never checked (e.g. a DISABLED source) is
		 * probed now, so that a retry can succeed */
		if (strcmp(status, "ACTIVE") == 0 && configured && is_credential_type(new_type) &&
		    !type_changed && auth == NULL && !target_changed && src->probe_due == 0)
			sb_source_arm_probe(s, src);
		sb_reply_invalid(rep, "status", "%s", why);
		goto out;
	}

	if (name != NULL)
		sb_json_set_str(src->pub, "name", name);
	if (cJSON_GetObjectItemCaseSensitive(body, "description") != NULL)
		sb_json_set_str(src->pub, "description", description);
	if (url != NULL)
		sb_json_set_str(src->pub, "endpointUrl", url);
	if (protocol != NULL)
		sb_json_set_str(src->pub, "protocol", protocol);
	if (status != NULL)
		sb_json_set_str(src->pub, "status", status);
	if (type_changed || auth != NULL || target_changed) {
		src->probe_ok = 0;
		src->last_probe[0] = '\0';
		sb_json_set_str(src->pub, "authenticationType", new_type);
		apply_auth(s, src, new_type, auth);
	}
	sb_json_touch(src->pub);
	sb_reply_data(rep, 200, cJSON_Duplicate(src->pub, 1), NULL);
	rep->mutated = 1;
out:
	sb_json_wipe_delete(body);
}
