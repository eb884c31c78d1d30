/* SPDX-License-Identifier: MIT */
/* Request builders: the answers become exactly the body the API documents,
 * with upper-case enums and only the fields that apply to the chosen kind
 * and authentication type (values kept for other types are never sent). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/regdiff.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"

static void
add_if_set(cJSON *obj, const char *key, const struct ao_answers *a, enum ao_field f)
{
	if (ao_field_relevance(a, f) != AO_HIDDEN && ao_answers_has(a, f))
		cJSON_AddStringToObject(obj, key, ao_answers_get(a, f));
}

static void
add_secret(cJSON *obj, const char *key, const char *value, unsigned flags)
{
	cJSON_AddStringToObject(obj, key, (flags & AO_BUILD_MASK_SECRETS) ? AO_MASK : (value ? value : ""));
}

static cJSON *
build_auth(const struct ao_answers *a, const struct ao_secrets *s, unsigned flags)
{
	const char *type = ao_answers_get(a, AO_F_AUTH_TYPE);
	cJSON *auth;

	if (strcmp(type, "API_KEY") == 0) {
		auth = cJSON_CreateObject();
		cJSON_AddStringToObject(auth, "type", ao_answers_has(a, AO_F_API_KEY_TYPE)
		                        ? ao_answers_get(a, AO_F_API_KEY_TYPE) : "bearer");
		add_secret(auth, "token", ao_answers_get(a, AO_F_API_TOKEN), flags);
		return auth;
	}
	if (strcmp(type, "BASIC_AUTH") == 0) {
		auth = cJSON_CreateObject();
		cJSON_AddStringToObject(auth, "type", "basic");
		cJSON_AddStringToObject(auth, "username", ao_answers_get(a, AO_F_BASIC_USERNAME));
		add_secret(auth, "password", ao_answers_get(a, AO_F_BASIC_PASSWORD), flags);
		return auth;
	}
	if (strcmp(type, "JWT") == 0) {
		auth = cJSON_CreateObject();
		cJSON_AddStringToObject(auth, "type", "jwt");
		add_secret(auth, "privateKey", s != NULL ? s->jwt_private_key : NULL, flags);
		add_if_set(auth, "issuer", a, AO_F_JWT_ISSUER);
		add_if_set(auth, "subject", a, AO_F_JWT_SUBJECT);
		add_if_set(auth, "keyId", a, AO_F_JWT_KEY_ID);
		add_if_set(auth, "scope", a, AO_F_JWT_SCOPE);
		add_if_set(auth, "tokenEndpointUrl", a, AO_F_JWT_TOKEN_URL);
		add_if_set(auth, "audienceUrl", a, AO_F_JWT_AUDIENCE_URL);
		add_if_set(auth, "algorithm", a, AO_F_JWT_ALGORITHM);
		add_if_set(auth, "environment", a, AO_F_JWT_ENVIRONMENT);
		return auth;
	}
	return NULL;   /* NO_AUTH and OAUTH: auth must be omitted */
}

void
ao_json_wipe(cJSON *j)
{
	cJSON *c;

	if (j == NULL)
		return;
	if (j->valuestring != NULL)
		ao_wipe(j->valuestring, strlen(j->valuestring));
	for (c = j->child; c != NULL; c = c->next)
		ao_json_wipe(c);
}

cJSON *
ao_json_string_list(const char *csv)
{
	cJSON *arr = cJSON_CreateArray();
	const char *p = csv;

	while (*p) {
		size_t len = strcspn(p, ",");
		char *item = xstrndup(p, len);

		cJSON_AddItemToArray(arr, cJSON_CreateString(item));
		free(item);
		p += len;
		if (*p == ',')
			p++;
	}
	return arr;
}

char *
ao_expected_source_id(const struct ao_answers *a)
{
	if (ao_answers_kind(a) != AO_KIND_SOURCE)
		return NULL;
	if (ao_answers_has(a, AO_F_SOURCE_ID))
		return xstrdup(ao_answers_get(a, AO_F_SOURCE_ID));
	return ao_slugify(ao_answers_get(a, AO_F_NAME));
}

cJSON *
ao_build_create_body(const struct ao_answers *a, const struct ao_secrets *s, unsigned flags)
{
	enum ao_kind kind = ao_answers_kind(a);
	cJSON *body = cJSON_CreateObject(), *auth;

	if (kind == AO_KIND_AGENT)
		add_if_set(body, "partnerId", a, AO_F_PARTNER_ID);
	cJSON_AddStringToObject(body, "name", ao_answers_get(a, AO_F_NAME));
	if (kind == AO_KIND_SOURCE) {
		char *id = ao_expected_source_id(a);

		/* the docs disagree on whether it is optional: always send it */
		cJSON_AddStringToObject(body, "sourceId", id);
		free(id);
		cJSON_AddStringToObject(body, "executionType", "AGENT");
	}
	add_if_set(body, "type", a, AO_F_TYPE);
	add_if_set(body, "endpointUrl", a, AO_F_ENDPOINT_URL);
	add_if_set(body, "protocol", a, AO_F_PROTOCOL);
	if (kind == AO_KIND_AGENT)
		cJSON_AddItemToObject(body, "accountPolicy", ao_json_string_list(ao_answers_get(a, AO_F_ACCOUNT_POLICY)));
	add_if_set(body, "authenticationType", a, AO_F_AUTH_TYPE);
	auth = build_auth(a, s, flags);
	if (auth != NULL)
		cJSON_AddItemToObject(body, "auth", auth);
	add_if_set(body, "description", a, AO_F_DESCRIPTION);
	if (kind == AO_KIND_AGENT) {
		add_if_set(body, "reportingType", a, AO_F_REPORTING_TYPE);
		add_if_set(body, "reportingPollingCadence", a, AO_F_REPORTING_CADENCE);
	}
	return body;
}

cJSON *
ao_build_update_body(const struct ao_answers *a, const struct ao_secrets *s, unsigned flags)
{
	static const char *const fixed[] = { "sourceId", "type", "partnerId", "executionType" };
	cJSON *body = ao_build_create_body(a, s, flags);
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(body, fixed[i]);
	return body;
}

cJSON *
ao_build_status_patch(const char *status)
{
	cJSON *body = cJSON_CreateObject();
	char up[32];
	size_t i;

	for (i = 0; status[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)status[i]);
	up[i] = '\0';
	cJSON_AddStringToObject(body, "status", up);
	return body;
}

const char *
ao_collection_path(enum ao_kind k)
{
	switch (k) {
	case AO_KIND_SOURCE: return "/api/v2/storefront/inventory-sources";
	case AO_KIND_AGENT: return "/api/v2/partner/agents";
	default: return "/";
	}
}

char *
ao_url_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

char *
ao_resource_path(enum ao_kind k, const char *id)
{
	char *esc = ao_url_escape(id), *path;

	path = xasprintf("%s/%s", ao_collection_path(k), esc);
	free(esc);
	return path;
}

int
ao_json_key_is_secret(const char *key)
{
	static const char *const secret_keys[] = {
		"token", "password", "privatekey", "secret", "authorization", "apikey", "api_key",
		"clientsecret", "client_secret", "accesstoken", "access_token", "refreshtoken",
		"refresh_token", "x-adcp-auth", "cookie", NULL
	};
	char folded[64];
	size_t i;

	if (key == NULL || strlen(key) >= sizeof(folded))
		return 0;
	for (i = 0; key[i]; i++)
		folded[i] = (char)tolower((unsigned char)key[i]);
	folded[i] = '\0';
	for (i = 0; secret_keys[i]; i++)
		if (strcmp(folded, secret_keys[i]) == 0)
			return 1;
	return 0;
}

void
ao_json_mask_secrets(cJSON *json)
{
	cJSON *child;

	if (json == NULL)
		return;
	cJSON_ArrayForEach(child, json) {
		if (child->string != NULL && ao_json_key_is_secret(child->string) &&
		    !cJSON_IsObject(child) && !cJSON_IsArray(child) && !cJSON_IsNull(child)) {
			cJSON *mask = cJSON_CreateString(AO_MASK);

			if (cJSON_IsString(child) && child->valuestring != NULL)
				memset(child->valuestring, 0, strlen(child->valuestring));
			/* the object variant copies the key onto the replacement */
			cJSON_ReplaceItemInObjectCaseSensitive(json, child->string, mask);
			child = mask;
		} else {
			ao_json_mask_secrets(child);
		}
	}
}

/* The JSON key of a field regdiff compares. */
static const char *
edit_key(enum ao_field f)
{
	switch (f) {
	case AO_F_NAME: return "name";
	case AO_F_DESCRIPTION: return "description";
	case AO_F_ENDPOINT_URL: return "endpointUrl";
	case AO_F_PROTOCOL: return "protocol";
	case AO_F_AUTH_TYPE: return "authenticationType";
	default: return NULL;
	}
}

cJSON *
ao_build_edit_body(const struct ao_answers *a, const struct ao_secrets *s, const struct ao_resource *r,
                   unsigned flags)
{
	cJSON *body = cJSON_CreateObject(), *auth;
	struct ao_regdiff d;
	size_t i;

	ao_regdiff(a, r, &d);
	for (i = 0; i < d.count; i++) {
		const char *key = edit_key(d.item[i].field);

		if (key != NULL)
			cJSON_AddStringToObject(body, key, d.item[i].reviewed);
	}
	ao_regdiff_free(&d);
	if (!ao_answers_credential_kept(a)) {
		auth = build_auth(a, s, flags);
		if (auth != NULL) {
			/* the credential's shape follows the type: say which */
			if (!cJSON_HasObjectItem(body, "authenticationType"))
				add_if_set(body, "authenticationType", a, AO_F_AUTH_TYPE);
			cJSON_AddItemToObject(body, "auth", auth);
		}
	}
	return body;
}
