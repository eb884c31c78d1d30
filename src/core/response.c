/* SPDX-License-Identifier: MIT */
/* Response parsers.  Two API generations answer differently (bare objects
 * or {"data": ...}, upper- or lower-case statuses), so the parsers accept
 * both, keep what they do not understand in raw, and fail only when the
 * body cannot be the thing asked for. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/xalloc.h"

void
ao_json_error_position(const char *text, const char *error_ptr, char *buf, size_t bufsz)
{
	const char *p;
	int line = 1, col = 1;

	if (text == NULL || error_ptr == NULL || error_ptr < text) {
		snprintf(buf, bufsz, "an unknown position");
		return;
	}
	for (p = text; p < error_ptr && *p; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(buf, bufsz, "line %d, column %d", line, col);
}

/* Parses body; on failure explains where.  The caller deletes the tree. */
static cJSON *
parse_json(const char *body, size_t len, char *msg, size_t msgsz)
{
	const char *end = NULL;
	cJSON *root;
	char where[64];

	if (body == NULL || len == 0) {
		ao_fail_msg(msg, msgsz, "the server sent an empty response where JSON was expected");
		return NULL;
	}
	root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	if (root == NULL) {
		ao_json_error_position(body, end, where, sizeof(where));
		ao_fail_msg(msg, msgsz, "the server's response is not valid JSON (at %s)", where);
	}
	return root;
}

const cJSON *
ao_json_unwrap(const cJSON *root)
{
	const cJSON *data;

	if (!cJSON_IsObject(root))
		return root;
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (data != NULL && (cJSON_IsObject(data) || cJSON_IsArray(data)))
		return data;
	return root;
}

/* A string copy of a scalar member (strings as they are, numbers printed),
 * or NULL. */
static char *
member_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsString(v) && v->valuestring != NULL)
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		/* the cast is only defined inside long long's range */
		if (v->valuedouble < 9.0e18 && v->valuedouble > -9.0e18 && v->valuedouble == (double)(long long)v->valuedouble)
			return xasprintf("%lld", (long long)v->valuedouble);
		return xasprintf("%g", v->valuedouble);
	}
	return NULL;
}

static int
member_bool(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? 1 : 0;
	if (cJSON_IsString(v) && v->valuestring != NULL) {
		if (strcasecmp(v->valuestring, "true") == 0)
			return 1;
		if (strcasecmp(v->valuestring, "false") == 0)
			return 0;
	}
	return -1;
}

enum ao_reg_status
ao_reg_status_parse(const char *s)
{
	if (s == NULL)
		return AO_ST_UNKNOWN;
	if (strcasecmp(s, "PENDING") == 0)
		return AO_ST_PENDING;
	if (strcasecmp(s, "ACTIVE") == 0)
		return AO_ST_ACTIVE;
	if (strcasecmp(s, "DISABLED") == 0)
		return AO_ST_DISABLED;
	if (strcasecmp(s, "COMING_SOON") == 0 || strcasecmp(s, "coming-soon") == 0)
		return AO_ST_COMING_SOON;
	return AO_ST_UNKNOWN;
}

const char *
ao_reg_status_name(enum ao_reg_status st)
{
	switch (st) {
	case AO_ST_PENDING: return "PENDING";
	case AO_ST_ACTIVE: return "ACTIVE";
	case AO_ST_DISABLED: return "DISABLED";
	case AO_ST_COMING_SOON: return "COMING_SOON";
	default: return "UNKNOWN";
	}
}

static void refuse_unusable_oauth_url(struct ao_resource *r);

static int
resource_from_object(const cJSON *obj, enum ao_kind kind, struct ao_resource *r, char *msg, size_t msgsz)
{
	const cJSON *oauth;

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->auth_configured = -1;
	if (!cJSON_IsObject(obj))
		return ao_fail_msg(msg, msgsz, "the server's response is not a JSON object");
	r->agent_id = member_string(obj, "agentId");
	if (kind == AO_KIND_SOURCE)
		r->id = member_string(obj, "sourceId");
	else
		r->id = r->agent_id != NULL ? xstrdup(r->agent_id) : NULL;
	if (r->id == NULL)
		r->id = member_string(obj, "id");
	if (r->id == NULL) {
		ao_resource_free(r);
		return ao_fail_msg(msg, msgsz, "the server's response has no %s", kind == AO_KIND_SOURCE ? "sourceId" : "agentId");
	}
	r->name = member_string(obj, "name");
	r->status_raw = member_string(obj, "status");
	r->status = ao_reg_status_parse(r->status_raw);
	r->auth_configured = member_bool(obj, "authConfigured");
	oauth = cJSON_GetObjectItemCaseSensitive(obj, "oauth");
	if (cJSON_IsObject(oauth))
		r->oauth_url = member_string(oauth, "authorizationUrl");
	if (r->oauth_url == NULL)
		r->oauth_url = member_string(obj, "authorizationUrl");
	r->oauth_error = member_string(obj, "oauthError");
	refuse_unusable_oauth_url(r);
	r->endpoint_url = member_string(obj, "endpointUrl");
	r->type = member_string(obj, "type");
	r->protocol = member_string(obj, "protocol");
	r->auth_type = member_string(obj, "authenticationType");
	r->description = member_string(obj, "description");
	r->relationship = member_string(obj, "relationship");
	/* the documented agent detail has no authConfigured: OAuth is done
	 * when the pending authorization (oauth block, oauthError) is gone */
	if (kind == AO_KIND_AGENT && r->auth_configured < 0 && r->auth_type != NULL &&
	    strcasecmp(r->auth_type, "OAUTH") == 0 && r->status != AO_ST_COMING_SOON)
		r->auth_configured = r->oauth_url == NULL && r->oauth_error == NULL;
	r->created_at = member_string(obj, "createdAt");
	r->updated_at = member_string(obj, "updatedAt");
	r->raw = cJSON_Duplicate(obj, 1);
	return 0;
}

int
ao_parse_resource(const char *body, size_t len, enum ao_kind kind, struct ao_resource *out,
                  char *msg, size_t msgsz)
{
	cJSON *root = parse_json(body, len, msg, msgsz);
	const cJSON *obj;
	int rc;

	memset(out, 0, sizeof(*out));
	out->auth_configured = -1;
	if (root == NULL)
		return -1;
	obj = ao_json_unwrap(root);
	/* some endpoints nest the resource once more ({"data":{"agent":{...}}}) */
	if (cJSON_IsObject(obj) && cJSON_GetObjectItemCaseSensitive(obj, "status") == NULL) {
		const cJSON *inner = cJSON_GetObjectItemCaseSensitive(obj, kind == AO_KIND_SOURCE ? "inventorySource" : "agent");

		if (cJSON_IsObject(inner))
			obj = inner;
	}
	rc = resource_from_object(obj, kind, out, msg, msgsz);
	cJSON_Delete(root);
	return rc;
}

/* The array of a list response, wherever this API generation put it. */
static const cJSON *
list_items(const cJSON *root, const cJSON **container)
{
	static const char *const keys[] = { "items", "data", "inventorySources", "agents", "partners", "results", NULL };
	const cJSON *obj = ao_json_unwrap(root), *arr;
	size_t i;

	*container = obj;
	if (cJSON_IsArray(obj))
		return obj;
	for (i = 0; keys[i]; i++) {
		arr = cJSON_GetObjectItemCaseSensitive(obj, keys[i]);
		if (cJSON_IsArray(arr))
			return arr;
	}
	return NULL;
}

static void
list_meta(const cJSON *root, const cJSON *container, long *total, int *has_more)
{
	const cJSON *meta, *pag, *v;
	const cJSON *places[3];
	size_t i;

	*total = -1;
	*has_more = -1;
	meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
	pag = cJSON_IsObject(meta) ? cJSON_GetObjectItemCaseSensitive(meta, "pagination") : NULL;
	places[0] = container;
	places[1] = pag;
	places[2] = root;
	for (i = 0; i < 3; i++) {
		if (!cJSON_IsObject(places[i]))
			continue;
		v = cJSON_GetObjectItemCaseSensitive(places[i], "total");
		if (*total < 0 && cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 2e9)
			*total = (long)v->valuedouble;
		v = cJSON_GetObjectItemCaseSensitive(places[i], "hasMore");
		if (*has_more < 0 && cJSON_IsBool(v))
			*has_more = cJSON_IsTrue(v);
	}
}

/* Parses a list response; returns its array (inside *root, which the
 * caller deletes) or NULL with msg naming what was expected. */
static const cJSON *
parse_list(const char *body, size_t len, const char *what, cJSON **root, const cJSON **container,
           char *msg, size_t msgsz)
{
	const cJSON *arr;

	*root = parse_json(body, len, msg, msgsz);
	if (*root == NULL)
		return NULL;
	arr = list_items(*root, container);
	if (arr == NULL) {
		cJSON_Delete(*root);
		*root = NULL;
		ao_fail_msg(msg, msgsz, "the server's response has no list of %s", what);
	}
	return arr;
}

int
ao_parse_resource_list(const char *body, size_t len, enum ao_kind kind, struct ao_resource_list *out,
                       char *msg, size_t msgsz)
{
	const cJSON *arr, *item, *container;
	char what[64];
	cJSON *root;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	snprintf(what, sizeof(what), "%ss", ao_kind_label(kind));
	arr = parse_list(body, len, what, &root, &container, msg, msgsz);
	if (arr == NULL)
		return -1;
	out->items = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*out->items));
	cJSON_ArrayForEach(item, arr) {
		/* one malformed row must not hide the others */
		if (resource_from_object(item, kind, &out->items[n], NULL, 0) == 0)
			n++;
	}
	out->count = n;
	list_meta(root, container, &out->total, &out->has_more);
	cJSON_Delete(root);
	return 0;
}

int
ao_parse_partner_list(const char *body, size_t len, struct ao_partner_list *out, char *msg, size_t msgsz)
{
	const cJSON *arr, *item, *container;
	cJSON *root;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	arr = parse_list(body, len, "partners", &root, &container, msg, msgsz);
	if (arr == NULL)
		return -1;
	out->items = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*out->items));
	cJSON_ArrayForEach(item, arr) {
		struct ao_partner *p = &out->items[n];

		if (!cJSON_IsObject(item))
			continue;
		p->id = member_string(item, "id");
		if (p->id == NULL)
			p->id = member_string(item, "partnerId");
		if (p->id == NULL)
			continue;
		p->name = member_string(item, "name");
		p->status = member_string(item, "status");
		p->description = member_string(item, "description");
		n++;
	}
	out->count = n;
	/* seats come 50 to a page (take/skip, meta.pagination) */
	list_meta(root, container, &out->total, &out->has_more);
	cJSON_Delete(root);
	return 0;
}

/* An authorization URL we would not open, copy, encode or print as the
 * URL to open is dropped here, once for every screen and command, and
 * becomes an OAuth error that says so. */
static void
refuse_unusable_oauth_url(struct ao_resource *r)
{
	char why[160];

	if (r->oauth_url == NULL || ao_oauth_url_acceptable(r->oauth_url, why, sizeof(why)))
		return;
	free(r->oauth_url);
	r->oauth_url = NULL;
	if (r->oauth_error == NULL)
		r->oauth_error = xasprintf("the platform sent an authorization URL that cannot be used: %s "
		                           "Nothing was opened or copied. Ask for a new one later with "
		                           "`agent-onboard status ID`, or contact the platform's support.", why);
}

int
ao_parse_oauth_authorize(const char *body, size_t len, char **url, char *msg, size_t msgsz)
{
	cJSON *root = parse_json(body, len, msg, msgsz);
	const cJSON *obj, *oauth;
	char why[160];

	*url = NULL;
	if (root == NULL)
		return -1;
	obj = ao_json_unwrap(root);
	if (cJSON_IsObject(obj)) {
		*url = member_string(obj, "authorizationUrl");
		oauth = cJSON_GetObjectItemCaseSensitive(obj, "oauth");
		if (*url == NULL && cJSON_IsObject(oauth))
			*url = member_string(oauth, "authorizationUrl");
	}
	cJSON_Delete(root);
	if (*url == NULL)
		return ao_fail_msg(msg, msgsz, "the server's response has no authorizationUrl");
	if (!ao_oauth_url_acceptable(*url, why, sizeof(why))) {
		free(*url);
		*url = NULL;
		return ao_fail_msg(msg, msgsz, "the platform sent an authorization URL that cannot be used: %s", why);
	}
	return 0;
}

int
ao_parse_account(const char *body, size_t len, char **summary, char *msg, size_t msgsz)
{
	cJSON *root = parse_json(body, len, msg, msgsz);
	const cJSON *obj;
	char *id, *company, *name, *role;

	*summary = NULL;
	if (root == NULL)
		return -1;
	obj = ao_json_unwrap(root);
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(root);
		return ao_fail_msg(msg, msgsz, "the server's response is not a JSON object");
	}
	id = member_string(obj, "id");
	company = member_string(obj, "company");
	name = member_string(obj, "name");
	role = member_string(obj, "role");
	if (id == NULL && company == NULL && name == NULL) {
		ao_fail_msg(msg, msgsz, "the server's response does not describe an account");
	} else {
		*summary = xasprintf("%s%s%s (seat %s%s%s)",
		                     company ? company : (name ? name : "account"),
		                     company && name ? ", " : "", company && name ? name : "",
		                     id ? id : "?", role ? ", role " : "", role ? role : "");
	}
	free(id);
	free(company);
	free(name);
	free(role);
	cJSON_Delete(root);
	return *summary != NULL ? 0 : -1;
}

/* An issue's path as a dotted field name: Zod gives an array
 * (["auth","token"]), the documented example a string ("name"). */
static char *
issue_path(const cJSON *path)
{
	char buf[256] = "";
	const cJSON *el;

	if (cJSON_IsString(path) && path->valuestring != NULL)
		return path->valuestring[0] != '\0' ? xstrdup(path->valuestring) : NULL;
	if (!cJSON_IsArray(path))
		return NULL;
	cJSON_ArrayForEach(el, path) {
		if (buf[0])
			strncat(buf, ".", sizeof(buf) - strlen(buf) - 1);
		if (cJSON_IsString(el))
			strncat(buf, el->valuestring, sizeof(buf) - strlen(buf) - 1);
		else if (cJSON_IsNumber(el))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%d", el->valueint);
	}
	return buf[0] ? xstrdup(buf) : NULL;
}

/* Whether an issue's path is about field ("auth" covers "auth.token"). */
static int
path_is_about(const char *path, const char *field)
{
	size_t n = strlen(field);

	return strcmp(path, field) == 0 || (strncmp(path, field, n) == 0 && path[n] == '.');
}

/* The platform's top-level message for a validation error is generic
 * ("Request validation failed"); the reasons are in details.issues.  Takes
 * the issue about error.field (else the first one with a path) for the
 * field and its message for the message, and names up to three others. */
static void
read_issues(const cJSON *issues, struct ao_api_error *err)
{
	const cJSON *it, *chosen = NULL, *first = NULL, *msg;
	char others[512] = "";
	int nothers = 0;

	cJSON_ArrayForEach(it, issues) {
		char *p = cJSON_IsObject(it) ? issue_path(cJSON_GetObjectItemCaseSensitive(it, "path")) : NULL;

		if (p != NULL && first == NULL)
			first = it;
		if (p != NULL && chosen == NULL && err->field != NULL && path_is_about(p, err->field))
			chosen = it;
		free(p);
	}
	if (chosen == NULL)
		chosen = first;
	if (chosen == NULL)
		return;
	cJSON_ArrayForEach(it, issues) {
		char *p;

		msg = cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, "message") : NULL;
		if (it == chosen || !cJSON_IsString(msg) || nothers >= 3)
			continue;
		p = issue_path(cJSON_GetObjectItemCaseSensitive(it, "path"));
		if (p != NULL) {
			size_t used = strlen(others);

			snprintf(others + used, sizeof(others) - used, "%s%s: %s", nothers ? "; " : "", p,
			         msg->valuestring);
			nothers++;
		}
		free(p);
	}
	if (err->field == NULL)
		err->field = issue_path(cJSON_GetObjectItemCaseSensitive(chosen, "path"));
	msg = cJSON_GetObjectItemCaseSensitive(chosen, "message");
	if (cJSON_IsString(msg) && msg->valuestring != NULL) {
		free(err->message);
		err->message = nothers > 0 ? xasprintf("%s (also %s)", msg->valuestring, others)
		                           : xstrdup(msg->valuestring);
	}
}

void
ao_api_error_parse(long http_status, const char *body, size_t len, struct ao_api_error *err)
{
	cJSON *root = NULL;
	const cJSON *e, *details, *issues;

	memset(err, 0, sizeof(*err));
	err->http_status = http_status;
	err->retry_after = -1;
	if (body != NULL && len > 0)
		root = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(root))
		goto out;
	e = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(e)) {
		err->code = member_string(e, "code");
		err->message = member_string(e, "message");
		err->field = member_string(e, "field");
		details = cJSON_GetObjectItemCaseSensitive(e, "details");
		if (details != NULL && !cJSON_IsNull(details)) {
			err->details = cJSON_PrintUnformatted(details);
			issues = cJSON_IsObject(details) ? cJSON_GetObjectItemCaseSensitive(details, "issues") : NULL;
			if (cJSON_IsArray(issues))
				read_issues(issues, err);
		}
	} else if (cJSON_IsString(e)) {
		err->message = xstrdup(e->valuestring);
	}
	if (err->message == NULL)
		err->message = member_string(root, "message");
	if (err->code == NULL)
		err->code = member_string(root, "code");
out:
	cJSON_Delete(root);
}

static int
mentions(const char *s, const char *word)
{
	return s != NULL && strcasestr(s, word) != NULL;
}

char *
ao_api_error_advice(const struct ao_api_error *err, enum ao_kind kind)
{
	char trimmed[512];
	const char *m = trimmed;
	size_t n;

	/* the platform's sentences end with a full stop; ours add one */
	snprintf(trimmed, sizeof(trimmed), "%s", err->message != NULL ? err->message : "");
	n = strlen(trimmed);
	while (n > 0 && (trimmed[n - 1] == '.' || trimmed[n - 1] == ' '))
		trimmed[--n] = '\0';
	const char *code = err->code != NULL ? err->code : "";
	long st = err->http_status;

	if (st == 400 || st == 422) {
		if (mentions(m, "AAO") || mentions(m, "agenticadvertising") || mentions(m, "not registered"))
			return xasprintf("The platform refused the endpoint: %s. Register the agent with "
			                 "AgenticAdvertising.org (https://agenticadvertising.org/dashboard/agents), "
			                 "then submit again.", m[0] ? m : "it is not registered with AAO");
		if (strcmp(code, "VALIDATION_ERROR") == 0 || err->field != NULL)
			return xasprintf("The platform rejected %s%s: %s. Correct it and submit again.",
			                 err->field ? "the field " : "the request", err->field ? err->field : "",
			                 m[0] ? m : "invalid value");
		return xasprintf("The platform rejected the request%s%s%s. Check the answers and submit again.",
		                 code[0] ? " (" : "", code, code[0] ? ")" : "");
	}
	if (st == 401)
		return xasprintf("The platform did not accept the API key%s%s. Run `agent-onboard login` with a "
		                 "key from https://interchange.io/user-api-keys, or set SCOPE3_API_KEY.",
		                 m[0] ? ": " : "", m);
	if (st == 403) {
		if (strcmp(code, "TOS_ACCEPTANCE_REQUIRED") == 0)
			return xstrdup("Your organisation has not accepted the current Platform Service Agreement. "
			               "An organisation admin must accept it in the platform's web console; then "
			               "submit again (your answers are kept).");
		return xasprintf("This API key may not do that%s%s. Ask an organisation admin for access "
		                 "or use a key with more rights.", m[0] ? ": " : "", m);
	}
	if (st == 404)
		return xasprintf("Not found%s%s. Check the id; `agent-onboard list` shows your %ss.",
		                 m[0] ? ": " : "", m, ao_kind_label(kind));
	if (st == 409) {
		if (kind == AO_KIND_AGENT)
			return xasprintf("An agent is already registered at this endpoint URL%s%s. "
			                 "`agent-onboard list` shows it; register a different endpoint or use that agent.",
			                 m[0] ? ": " : "", m);
		return xasprintf("This inventory source already exists%s%s. Choose another source id, or "
		                 "follow the existing one with `agent-onboard status ID --wait`.",
		                 m[0] ? ": " : "", m);
	}
	if (st == 429) {
		if (err->retry_after >= 0)
			return xasprintf("The platform is rate limiting this client; it asked to wait %ld s. "
			                 "Try again after that.", err->retry_after);
		return xstrdup("The platform is rate limiting this client. Wait a minute and try again.");
	}
	if (st >= 500)
		return xasprintf("The platform had a problem (HTTP %ld%s%s%s). Your answers are kept; "
		                 "try again in a minute.", st, m[0] ? ": " : "", m, "");
	return xasprintf("The platform answered HTTP %ld%s%s.", st, m[0] ? ": " : "", m);
}

int
ao_api_error_field(const struct ao_api_error *err, const struct ao_answers *a)
{
	static const struct { const char *key; enum ao_field f; } auth_fields[] = {
		{ "token", AO_F_API_TOKEN }, { "type", AO_F_API_KEY_TYPE },
		{ "username", AO_F_BASIC_USERNAME }, { "password", AO_F_BASIC_PASSWORD },
		{ "privateKey", AO_F_JWT_KEY_FILE }, { "issuer", AO_F_JWT_ISSUER },
		{ "subject", AO_F_JWT_SUBJECT }, { "keyId", AO_F_JWT_KEY_ID },
		{ "scope", AO_F_JWT_SCOPE }, { "tokenEndpointUrl", AO_F_JWT_TOKEN_URL },
		{ "audienceUrl", AO_F_JWT_AUDIENCE_URL }, { "algorithm", AO_F_JWT_ALGORITHM },
		{ "environment", AO_F_JWT_ENVIRONMENT },
	};
	const char *auth = ao_answers_get(a, AO_F_AUTH_TYPE);
	char path[128], *p;
	size_t i;
	int f;

	if (err->field == NULL || strlen(err->field) >= sizeof(path))
		return -1;
	p = err->field;
	if (strncmp(p, "body.", 5) == 0)
		p += 5;
	while (*p == '/' || *p == '$' || *p == '.')
		p++;
	snprintf(path, sizeof(path), "%s", p);
	for (p = path; *p; p++)
		if (*p == '/')
			*p = '.';
	if (strncmp(path, "auth", 4) == 0 && (path[4] == '\0' || path[4] == '.')) {
		if (path[4] == '.') {
			for (i = 0; i < sizeof(auth_fields) / sizeof(auth_fields[0]); i++)
				if (strcmp(path + 5, auth_fields[i].key) == 0) {
					/* a credential field of a type that sends none (auth
					 * given for OAUTH) is a problem of the auth type */
					if (ao_field_relevance(a, auth_fields[i].f) == AO_HIDDEN)
						return AO_F_AUTH_TYPE;
					return auth_fields[i].f;
				}
		}
		if (strcmp(auth, "API_KEY") == 0)
			return AO_F_API_TOKEN;
		if (strcmp(auth, "BASIC_AUTH") == 0)
			return AO_F_BASIC_USERNAME;
		if (strcmp(auth, "JWT") == 0)
			return AO_F_JWT_KEY_FILE;
		return AO_F_AUTH_TYPE;
	}
	path[strcspn(path, ".[")] = '\0';
	f = ao_field_by_key(path);
	if (f == AO_F_KIND)
		return -1;
	return f;
}

int
ao_resource_is_own(const struct ao_resource *r)
{
	return r->relationship == NULL || strcasecmp(r->relationship, "SELF") == 0;
}

void
ao_resource_free(struct ao_resource *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->agent_id);
	free(r->name);
	free(r->status_raw);
	free(r->oauth_url);
	free(r->oauth_error);
	free(r->endpoint_url);
	free(r->type);
	free(r->protocol);
	free(r->auth_type);
	free(r->description);
	free(r->relationship);
	free(r->created_at);
	free(r->updated_at);
	cJSON_Delete(r->raw);
	memset(r, 0, sizeof(*r));
	r->auth_configured = -1;
}

void
ao_resource_list_free(struct ao_resource_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->count; i++)
		ao_resource_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
ao_partner_list_free(struct ao_partner_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->count; i++) {
		free(l->items[i].id);
		free(l->items[i].name);
		free(l->items[i].status);
		free(l->items[i].description);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
ao_api_error_free(struct ao_api_error *e)
{
	if (e == NULL)
		return;
	free(e->code);
	free(e->message);
	free(e->field);
	cJSON_free(e->details);
	memset(e, 0, sizeof(*e));
	e->retry_after = -1;
}
