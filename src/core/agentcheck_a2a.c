/* SPDX-License-Identifier: MIT */
/* The A2A agent card (/.well-known/agent-card.json, formerly agent.json).
 * Accepts both shapes in use: A2A 1.0 (supportedInterfaces[] with
 * protocolBinding/protocolVersion, securitySchemes keyed by scheme kind,
 * securityRequirements) and 0.3 (top-level url, preferredTransport,
 * additionalInterfaces[], OpenAPI-style securitySchemes, security). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/xalloc.h"

static const char *
json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : NULL;
}

static int
fail(char *msg, size_t msgsz, const char *text)
{
	return ao_fail_msg(msg, msgsz, "%s", text);
}

static void
add_interface(struct ao_a2a_card *c, const char *url, const char *binding, const char *version)
{
	char item[200];

	if (url == NULL)
		return;
	if (binding == NULL)
		binding = "JSONRPC";   /* the default transport in 0.3 */
	snprintf(item, sizeof(item), "%s%s%s %s", binding, version ? " " : "", version ? version : "", url);
	ao_display_list_append(c->interfaces, sizeof(c->interfaces), item, strlen(item));
	if (c->rest_url == NULL && (strcasecmp(binding, "HTTP+JSON") == 0 || strcasecmp(binding, "REST") == 0) &&
	    strlen(url) <= 2048) {
		c->rest_url = xstrdup(url);
		c->rest_v03 = version != NULL && strncmp(version, "0.", 2) == 0;
	}
	if (c->rpc_url == NULL && strcasecmp(binding, "JSONRPC") == 0 && strlen(url) <= 2048) {
		c->rpc_url = xstrdup(url);
		if (version != NULL)
			ao_copy_display(c->protocol_version, sizeof(c->protocol_version), version, strlen(version));
	}
}

static void
interfaces(const cJSON *root, struct ao_a2a_card *c)
{
	const cJSON *list, *it;
	const char *top_version = json_string(root, "protocolVersion");

	list = cJSON_GetObjectItemCaseSensitive(root, "supportedInterfaces");
	cJSON_ArrayForEach(it, (cJSON_IsArray(list) ? list : NULL)) {
		const char *binding = json_string(it, "protocolBinding");

		if (binding == NULL)
			binding = json_string(it, "transport");
		add_interface(c, json_string(it, "url"), binding, json_string(it, "protocolVersion"));
	}
	/* 0.3: the main interface is at the top level (cards made for both
	 * versions repeat the 1.0 interface there; list it once) */
	if (c->rpc_url == NULL || json_string(root, "url") == NULL ||
	    strcmp(c->rpc_url, json_string(root, "url")) != 0)
		add_interface(c, json_string(root, "url"), json_string(root, "preferredTransport"), top_version);
	list = cJSON_GetObjectItemCaseSensitive(root, "additionalInterfaces");
	cJSON_ArrayForEach(it, (cJSON_IsArray(list) ? list : NULL))
		add_interface(c, json_string(it, "url"), json_string(it, "transport"), top_version);
	if (c->protocol_version[0] == '\0' && top_version != NULL)
		ao_copy_display(c->protocol_version, sizeof(c->protocol_version), top_version, strlen(top_version));
}

static void
skills(const cJSON *root, struct ao_a2a_card *c)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "skills"), *sk;
	const char *id, *name;

	cJSON_ArrayForEach(sk, (cJSON_IsArray(list) ? list : NULL)) {
		id = json_string(sk, "id");
		name = json_string(sk, "name");
		if (id == NULL)
			id = name;
		if (id == NULL)
			continue;
		c->skill_count++;
		ao_display_list_append(c->skills, sizeof(c->skills), id, strlen(id));
		if (strcmp(id, AO_ADCP_CAPABILITIES_TOOL) == 0 ||
		    (name != NULL && strcmp(name, AO_ADCP_CAPABILITIES_TOOL) == 0))
			c->has_capabilities_skill = 1;
		if (strcmp(id, AO_ADCP_PRODUCTS_TOOL) == 0 ||
		    (name != NULL && strcmp(name, AO_ADCP_PRODUCTS_TOOL) == 0))
			c->has_products_skill = 1;
	}
}

static void
extensions(const cJSON *root, struct ao_a2a_card *c)
{
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(root, "capabilities");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(caps, "extensions"), *ext;
	const char *uri;

	cJSON_ArrayForEach(ext, (cJSON_IsArray(list) ? list : NULL)) {
		uri = json_string(ext, "uri");
		if (uri != NULL && strncmp(uri, AO_ADCP_A2A_EXTENSION, strlen(AO_ADCP_A2A_EXTENSION)) == 0) {
			c->adcp_extension = 1;
			ao_copy_display(c->adcp_extension_uri, sizeof(c->adcp_extension_uri), uri, strlen(uri));
			return;
		}
	}
}

/* The kind of one security scheme: 1.0 wraps it in a member named after
 * the kind, 0.3 (OpenAPI) has "type" and, for http, "scheme". */
static const char *
scheme_kind(const cJSON *s)
{
	static const struct { const char *member, *kind; } v1[] = {
		{ "apiKeySecurityScheme", "apiKey" },
		{ "oauth2SecurityScheme", "oauth2" },
		{ "openIdConnectSecurityScheme", "openIdConnect" },
		{ "mtlsSecurityScheme", "mtls" },
	};
	const cJSON *http;
	const char *type, *scheme;
	size_t i;

	http = cJSON_GetObjectItemCaseSensitive(s, "httpAuthSecurityScheme");
	if (cJSON_IsObject(http)) {
		scheme = json_string(http, "scheme");
		return scheme != NULL && strcasecmp(scheme, "basic") == 0 ? "basic" : "bearer";
	}
	for (i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
		if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(s, v1[i].member)))
			return v1[i].kind;
	type = json_string(s, "type");
	if (type == NULL)
		return NULL;
	if (strcasecmp(type, "http") == 0) {
		scheme = json_string(s, "scheme");
		return scheme != NULL && strcasecmp(scheme, "basic") == 0 ? "basic" : "bearer";
	}
	for (i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
		if (strcasecmp(type, v1[i].kind) == 0 || (strcasecmp(type, "mutualTLS") == 0 && i == 3))
			return v1[i].kind;
	return NULL;
}

static void
security(const cJSON *root, struct ao_a2a_card *c)
{
	const cJSON *schemes = cJSON_GetObjectItemCaseSensitive(root, "securitySchemes"), *s, *req;
	const char *kind;
	size_t i;

	cJSON_ArrayForEach(s, (cJSON_IsObject(schemes) ? schemes : NULL)) {
		kind = scheme_kind(s);
		if (kind == NULL || strstr(c->auth_schemes, kind) != NULL)
			continue;
		ao_display_list_append(c->auth_schemes, sizeof(c->auth_schemes), kind, strlen(kind));
	}
	for (i = 0; i < 2; i++) {
		req = cJSON_GetObjectItemCaseSensitive(root, i == 0 ? "securityRequirements" : "security");
		/* [{}] is "no authentication" in OpenAPI terms */
		cJSON_ArrayForEach(s, (cJSON_IsArray(req) ? req : NULL))
			if (cJSON_IsObject(s) && s->child != NULL)
				c->requires_auth = 1;
	}
}

int
ao_a2a_card_parse(const char *bytes, size_t len, struct ao_a2a_card *out, char *msg, size_t msgsz)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const char *name;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (root == NULL) {
		fail(msg, msgsz, "the agent card is not valid JSON");
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		fail(msg, msgsz, "the agent card is not a JSON object");
		goto out;
	}
	name = json_string(root, "name");
	if (name == NULL || name[0] == '\0') {
		fail(msg, msgsz, "the agent card has no \"name\"");
		goto out;
	}
	ao_copy_display(out->name, sizeof(out->name), name, strlen(name));
	name = json_string(root, "version");
	if (name != NULL)
		ao_copy_display(out->version, sizeof(out->version), name, strlen(name));
	interfaces(root, out);
	if (out->interfaces[0] == '\0') {
		fail(msg, msgsz, "the agent card names no interface URL (supportedInterfaces[].url or url)");
		goto out;
	}
	skills(root, out);
	extensions(root, out);
	security(root, out);
	rc = 0;
out:
	if (rc != 0)
		ao_a2a_card_clear(out);
	cJSON_Delete(root);
	return rc;
}

void
ao_a2a_card_clear(struct ao_a2a_card *c)
{
	if (c == NULL)
		return;
	free(c->rpc_url);
	free(c->rest_url);
	memset(c, 0, sizeof(*c));
}
