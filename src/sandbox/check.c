/* SPDX-License-Identifier: MIT */
/* The platform's documented validation rules, as the simulator enforces
 * them: types, lengths counted in characters, case-sensitive upper-case enums
 * (as on G3), URIs of at most 2048 characters, and the `auth` rules per
 * authentication type.  Every broken rule becomes one issue; the first one
 * is reported as error.field (with all of them in details.issues). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

const char *const sb_agent_types[] = {"SALES", "SIGNAL", "CREATIVE", "OUTCOME", NULL};
const char *const sb_protocols[] = {"MCP", "A2A", NULL};
const char *const sb_source_auth_types[] = {"API_KEY", "JWT", "BASIC_AUTH", "NO_AUTH", "OAUTH", NULL};
const char *const sb_agent_auth_types[] = {"API_KEY", "NO_AUTH", "JWT", "OAUTH", NULL};
const char *const sb_statuses[] = {"PENDING", "ACTIVE", "DISABLED", NULL};
const char *const sb_account_policies[] = {"advertiser_account", "marketplace_account", NULL};
const char *const sb_reporting_types[] = {"WEBHOOK", "BUCKET", "POLLING", NULL};
const char *const sb_reporting_cadences[] = {"DAILY", "MONTHLY", NULL};

#define URI_MAX_CHARS 2048

void
sb_issues_init(struct sb_issues *is)
{
	memset(is, 0, sizeof(*is));
	is->list = cJSON_CreateArray();
}

/* An issue's path as the platform writes it: the documented example has a
 * string ("name"); Zod, behind it, gives arrays (["auth","token"]).  The
 * simulator sends both, so a client must read both: top-level fields as a
 * string, nested ones as an array. */
static cJSON *
issue_path(const char *field)
{
	cJSON *arr;
	const char *p = field;

	if (strchr(field, '.') == NULL)
		return cJSON_CreateString(field);
	arr = cJSON_CreateArray();
	while (*p != '\0') {
		size_t n = strcspn(p, ".");
		char *seg = xstrndup(p, n);

		cJSON_AddItemToArray(arr, cJSON_CreateString(seg));
		free(seg);
		p += n;
		if (*p == '.')
			p++;
	}
	return arr;
}

void
sb_issue(struct sb_issues *is, const char *field, const char *fmt, ...)
{
	cJSON *item = cJSON_CreateObject();
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (is->count == 0) {
		snprintf(is->field, sizeof(is->field), "%s", field != NULL ? field : "");
		snprintf(is->message, sizeof(is->message), "%s", message);
	}
	cJSON_AddItemToObject(item, "path", issue_path(field != NULL ? field : ""));
	cJSON_AddStringToObject(item, "message", message);
	cJSON_AddItemToArray(is->list, item);
	is->count++;
}

int
sb_issues_reply(struct sb_issues *is, struct sb_reply *rep)
{
	int count = is->count;

	if (count > 0) {
		cJSON *details = cJSON_CreateObject();

		/* the documented body: a generic message, the reasons in
		 * details.issues (reference/scope3-api.md, Addendum) */
		cJSON_AddItemToObject(details, "issues", is->list);
		sb_reply_error(rep, 400, "VALIDATION_ERROR", is->field, details, "Request validation failed");
	} else {
		cJSON_Delete(is->list);
	}
	is->list = NULL;
	return count;
}

void
sb_reply_invalid(struct sb_reply *rep, const char *field, const char *fmt, ...)
{
	struct sb_issues is;
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	sb_issues_init(&is);
	sb_issue(&is, field, "%s", message);
	sb_issues_reply(&is, rep);
}

static const char *
json_type_name(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsArray(v))
		return "an array";
	return "an object";
}

/* The item for key: NULL when absent or null (an issue if required). */
static const cJSON *
present(const cJSON *obj, const char *key, int required, struct sb_issues *is)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			sb_issue(is, key, "%s is required.", key);
		return NULL;
	}
	return v;
}

static const char *
string_rule(const cJSON *v, const char *field, long min_chars, long max_chars, struct sb_issues *is)
{
	long n;

	if (!cJSON_IsString(v)) {
		sb_issue(is, field, "%s must be a string, not %s.", field, json_type_name(v));
		return NULL;
	}
	n = ao_utf8_count(v->valuestring, strlen(v->valuestring));
	if (n < 0) {
		sb_issue(is, field, "%s is not valid UTF-8.", field);
		return NULL;
	}
	if (n < min_chars) {
		sb_issue(is, field, min_chars == 1 ? "%s must not be empty." : "%s is too short.", field);
		return NULL;
	}
	if (max_chars > 0 && n > max_chars) {
		sb_issue(is, field, "%s must be at most %ld characters; it has %ld.", field, max_chars, n);
		return NULL;
	}
	return v->valuestring;
}

const char *
sb_check_string(const cJSON *obj, const char *key, int required, long min_chars, long max_chars,
                struct sb_issues *is)
{
	const cJSON *v = present(obj, key, required, is);

	return v != NULL ? string_rule(v, key, min_chars, max_chars, is) : NULL;
}

static int
in_list(const char *value, const char *const *values)
{
	for (; *values != NULL; values++)
		if (strcmp(value, *values) == 0)
			return 1;
	return 0;
}

static void
join_list(const char *const *values, char *out, size_t outsz)
{
	size_t used = 0;

	out[0] = '\0';
	for (; *values != NULL && used < outsz; values++)
		used += (size_t)snprintf(out + used, outsz - used, "%s%s", used > 0 ? ", " : "", *values);
}

static const char *
enum_rule(const cJSON *v, const char *field, const char *const *values, struct sb_issues *is)
{
	char choices[256];

	if (!cJSON_IsString(v)) {
		sb_issue(is, field, "%s must be a string, not %s.", field, json_type_name(v));
		return NULL;
	}
	if (!in_list(v->valuestring, values)) {
		join_list(values, choices, sizeof(choices));
		/* %.64s: the value is the client's and may be anything */
		sb_issue(is, field, "%s must be one of %s (exactly, case-sensitive); got \"%.64s\".",
		         field, choices, v->valuestring);
		return NULL;
	}
	return v->valuestring;
}

const char *
sb_check_enum(const cJSON *obj, const char *key, int required, const char *const *values,
              struct sb_issues *is)
{
	const cJSON *v = present(obj, key, required, is);

	return v != NULL ? enum_rule(v, key, values, is) : NULL;
}

static const char *
url_rule(const cJSON *v, const char *field, struct sb_issues *is)
{
	struct ao_url u;
	char why[256];
	const char *s = string_rule(v, field, 1, URI_MAX_CHARS, is);

	if (s == NULL)
		return NULL;
	if (ao_url_parse(s, &u, why, sizeof(why)) != 0) {
		sb_issue(is, field, "%s is not a valid URI: %s", field, why);
		return NULL;
	}
	if (u.has_userinfo) {
		sb_issue(is, field, "%s must not contain a user name or password.", field);
		return NULL;
	}
	return s;
}

const char *
sb_check_url(const cJSON *obj, const char *key, int required, struct sb_issues *is)
{
	const cJSON *v = present(obj, key, required, is);

	return v != NULL ? url_rule(v, key, is) : NULL;
}

static void
auth_string(const cJSON *auth, const char *key, int required, long max_chars, struct sb_issues *is)
{
	char field[64];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(auth, key);

	snprintf(field, sizeof(field), "auth.%s", key);
	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			sb_issue(is, field, "%s is required.", field);
		return;
	}
	string_rule(v, field, required ? 1 : 0, max_chars, is);
}

static void
auth_url(const cJSON *auth, const char *key, struct sb_issues *is)
{
	char field[64];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(auth, key);

	snprintf(field, sizeof(field), "auth.%s", key);
	if (v == NULL || cJSON_IsNull(v))
		sb_issue(is, field, "%s is required.", field);
	else
		url_rule(v, field, is);
}

static void
check_jwt(const cJSON *auth, struct sb_issues *is)
{
	static const char *const algorithms[] = {"ES256", "RS256", NULL};
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(auth, "privateKey");
	const cJSON *alg = cJSON_GetObjectItemCaseSensitive(auth, "algorithm");
	const char *algorithm = NULL;
	struct ao_key_verdict v;

	if (alg != NULL && !cJSON_IsNull(alg))
		algorithm = enum_rule(alg, "auth.algorithm", algorithms, is);
	if (key == NULL || cJSON_IsNull(key)) {
		sb_issue(is, "auth.privateKey", "auth.privateKey is required.");
	} else if (string_rule(key, "auth.privateKey", 1, 64 * 1024, is) != NULL) {
		if (ao_jwt_key_check(key->valuestring, strlen(key->valuestring), &v) != 0)
			sb_issue(is, "auth.privateKey", "auth.privateKey is not a usable private key: %s", v.message);
		else if (algorithm != NULL && strcmp(algorithm, v.algorithm) != 0)
			sb_issue(is, "auth.algorithm", "auth.algorithm %s does not fit the private key, which signs %s.",
			         algorithm, v.algorithm);
	}
	auth_string(auth, "issuer", 1, 2048, is);
	auth_string(auth, "subject", 1, 2048, is);
	auth_string(auth, "keyId", 1, 2048, is);
	auth_string(auth, "scope", 1, 2048, is);
	auth_url(auth, "tokenEndpointUrl", is);
	auth_url(auth, "audienceUrl", is);
	auth_string(auth, "environment", 0, 255, is);
}

static void
auth_type_rule(const cJSON *auth, const char *const *types, struct sb_issues *is)
{
	char choices[128];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(auth, "type");

	if (v == NULL || cJSON_IsNull(v)) {
		join_list(types, choices, sizeof(choices));
		sb_issue(is, "auth.type", "auth.type is required (%s).", choices);
		return;
	}
	enum_rule(v, "auth.type", types, is);
}

void
sb_check_auth(const cJSON *obj, const char *auth_type, int required_when_credential,
              struct sb_issues *is)
{
	static const char *const key_types[] = {"bearer", "apikey", "api_key", NULL};
	static const char *const basic_types[] = {"basic", NULL};
	static const char *const jwt_types[] = {"jwt", NULL};
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(obj, "auth");
	int has = auth != NULL && !cJSON_IsNull(auth);

	if (auth_type == NULL)
		return;   /* the authenticationType issue is already recorded */
	if (strcmp(auth_type, "OAUTH") == 0 || strcmp(auth_type, "NO_AUTH") == 0) {
		if (has)
			sb_issue(is, "auth", "auth must be omitted when authenticationType is %s.", auth_type);
		return;
	}
	if (!has) {
		if (required_when_credential)
			sb_issue(is, "auth", "auth is required when authenticationType is %s.", auth_type);
		return;
	}
	if (!cJSON_IsObject(auth)) {
		sb_issue(is, "auth", "auth must be an object, not %s.", json_type_name(auth));
		return;
	}
	if (strcmp(auth_type, "API_KEY") == 0) {
		auth_type_rule(auth, key_types, is);
		auth_string(auth, "token", 1, 8192, is);
	} else if (strcmp(auth_type, "BASIC_AUTH") == 0) {
		auth_type_rule(auth, basic_types, is);
		auth_string(auth, "username", 1, 1024, is);
		auth_string(auth, "password", 1, 8192, is);
	} else if (strcmp(auth_type, "JWT") == 0) {
		auth_type_rule(auth, jwt_types, is);
		check_jwt(auth, is);
	}
}

int
sb_id_is_valid(const char *id)
{
	const char *p;

	if (id == NULL || *id == '\0' || strlen(id) > 255)
		return 0;
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return 0;
	for (p = id; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}
