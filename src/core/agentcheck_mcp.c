/* SPDX-License-Identifier: MIT */
/* JSON-RPC replies from an MCP server: initialize (the 2025 handshake),
 * server/discover (the stateless 2026-07-28 revision) and tools/list.
 * Lenient where servers differ harmlessly (ids echoed as strings, a missing
 * "jsonrpc" member on a reply), strict about what the probe reports: a
 * server "speaks MCP" only when the result has the members the method
 * promises. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/xalloc.h"

static const char *
json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : NULL;
}

static void
copy_json_string(char *dst, size_t dstsz, const cJSON *obj, const char *key)
{
	const char *s = json_string(obj, key);

	ao_copy_display(dst, dstsz, s, s != NULL ? strlen(s) : 0);
}

static int
id_matches(const cJSON *id, long want)
{
	char *end;
	long v;

	if (cJSON_IsNumber(id))
		return id->valuedouble == (double)want;
	if (cJSON_IsString(id) && id->valuestring != NULL && id->valuestring[0] != '\0') {
		errno = 0;
		v = strtol(id->valuestring, &end, 10);
		return errno == 0 && *end == '\0' && v == want;
	}
	return 0;
}

/* Classifies one message; returns it when it is the reply to want_id. */
static const cJSON *
classify_one(const cJSON *msg, long want_id, struct ao_rpc_reply *out)
{
	const cJSON *id, *result, *error, *code;
	const char *version;

	out->kind = AO_RPC_NOT_RPC;
	if (!cJSON_IsObject(msg))
		return NULL;
	version = json_string(msg, "jsonrpc");
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	result = cJSON_GetObjectItemCaseSensitive(msg, "result");
	error = cJSON_GetObjectItemCaseSensitive(msg, "error");
	if (version != NULL && strcmp(version, "2.0") != 0)
		return NULL;
	if (cJSON_GetObjectItemCaseSensitive(msg, "method") != NULL) {
		if (version == NULL)
			return NULL;
		out->kind = AO_RPC_OTHER;   /* a request or notification from the server */
		return NULL;
	}
	if (version == NULL && (id == NULL || (result == NULL && error == NULL)))
		return NULL;
	if (result == NULL && !cJSON_IsObject(error))
		return NULL;
	if (!id_matches(id, want_id) && !(cJSON_IsNull(id) && cJSON_IsObject(error))) {
		out->kind = AO_RPC_OTHER;
		return NULL;
	}
	if (cJSON_IsObject(error)) {
		out->kind = AO_RPC_ERROR;
		code = cJSON_GetObjectItemCaseSensitive(error, "code");
		/* the cast is only defined for values a long can hold */
		out->error_code = cJSON_IsNumber(code) && code->valuedouble > -1e15 &&
		                  code->valuedouble < 1e15 ? (long)code->valuedouble : 0;
		copy_json_string(out->error_message, sizeof(out->error_message), error, "message");
		return msg;
	}
	out->kind = AO_RPC_RESULT;
	return msg;
}

/* Whole message or batch; a reply to want_id wins over everything else. */
static const cJSON *
classify(const cJSON *root, long want_id, struct ao_rpc_reply *out)
{
	const cJSON *el, *hit;
	struct ao_rpc_reply one;
	enum ao_rpc_kind best = AO_RPC_NOT_RPC;

	memset(out, 0, sizeof(*out));
	if (root == NULL) {
		out->kind = AO_RPC_NOT_JSON;
		return NULL;
	}
	if (!cJSON_IsArray(root))
		return classify_one(root, want_id, out);
	cJSON_ArrayForEach(el, root) {
		memset(&one, 0, sizeof(one));
		hit = classify_one(el, want_id, &one);
		if (hit != NULL && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(hit, "id")) &&
		    best != AO_RPC_ERROR) {
			*out = one;   /* an error for an unparseable request; keep looking */
			best = AO_RPC_ERROR;
			continue;
		}
		if (hit != NULL) {
			*out = one;
			return hit;
		}
		if (one.kind == AO_RPC_OTHER && best == AO_RPC_NOT_RPC)
			best = AO_RPC_OTHER;
	}
	if (best != AO_RPC_ERROR)
		out->kind = best;
	return NULL;
}

void
ao_rpc_reply_parse(const char *bytes, size_t len, long want_id, struct ao_rpc_reply *out)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);

	classify(root, want_id, out);
	cJSON_Delete(root);
}

/* Parses and finds the result object of the reply to want_id; NULL when
 * there is none (out->rpc says why). */
static const cJSON *
reply_result(const cJSON *root, long want_id, struct ao_rpc_reply *rpc)
{
	const cJSON *msg = classify(root, want_id, rpc);

	if (msg == NULL || rpc->kind != AO_RPC_RESULT)
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(msg, "result");
}

static void
server_info(const cJSON *info, struct ao_mcp_server *out)
{
	if (!cJSON_IsObject(info))
		return;
	copy_json_string(out->name, sizeof(out->name), info, "name");
	if (out->name[0] == '\0')
		copy_json_string(out->name, sizeof(out->name), info, "title");
	copy_json_string(out->version, sizeof(out->version), info, "version");
}

static void
tools_capability(const cJSON *result, struct ao_mcp_server *out)
{
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(result, "capabilities");

	out->tools_capability = cJSON_IsObject(caps) &&
	                        cJSON_GetObjectItemCaseSensitive(caps, "tools") != NULL;
}

void
ao_mcp_initialize_parse(const char *bytes, size_t len, long want_id, struct ao_mcp_server *out)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const cJSON *result;

	memset(out, 0, sizeof(*out));
	result = reply_result(root, want_id, &out->rpc);
	if (result == NULL)
		goto out;
	if (!cJSON_IsObject(result)) {
		snprintf(out->problem, sizeof(out->problem), "the initialize result is not an object");
		goto out;
	}
	copy_json_string(out->protocol_version, sizeof(out->protocol_version), result, "protocolVersion");
	if (out->protocol_version[0] == '\0') {
		snprintf(out->problem, sizeof(out->problem), "the initialize result has no protocolVersion");
		goto out;
	}
	server_info(cJSON_GetObjectItemCaseSensitive(result, "serverInfo"), out);
	tools_capability(result, out);
	out->ok = 1;
out:
	cJSON_Delete(root);
}

void
ao_mcp_discover_parse(const char *bytes, size_t len, long want_id, struct ao_mcp_server *out)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const cJSON *result, *versions, *v, *meta;
	const char *newest = NULL;

	memset(out, 0, sizeof(*out));
	result = reply_result(root, want_id, &out->rpc);
	if (result == NULL)
		goto out;
	versions = cJSON_GetObjectItemCaseSensitive(result, "supportedVersions");
	/* versions are dates (YYYY-MM-DD), so the newest sorts last */
	cJSON_ArrayForEach(v, (cJSON_IsArray(versions) ? versions : NULL)) {
		if (cJSON_IsString(v) && v->valuestring != NULL &&
		    (newest == NULL || strcmp(v->valuestring, newest) > 0))
			newest = v->valuestring;
	}
	if (newest == NULL) {
		snprintf(out->problem, sizeof(out->problem),
		         "the server/discover result lists no supportedVersions");
		goto out;
	}
	ao_copy_display(out->protocol_version, sizeof(out->protocol_version), newest, strlen(newest));
	meta = cJSON_GetObjectItemCaseSensitive(result, "_meta");
	server_info(cJSON_GetObjectItemCaseSensitive(meta, "serverInfo"), out);
	if (out->name[0] == '\0')
		server_info(cJSON_GetObjectItemCaseSensitive(result, "serverInfo"), out);
	tools_capability(result, out);
	out->ok = 1;
out:
	cJSON_Delete(root);
}

void
ao_mcp_tools_parse(const char *bytes, size_t len, long want_id, struct ao_mcp_tools *out)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const cJSON *result, *tools, *tool;
	const char *name, *cursor;

	memset(out, 0, sizeof(*out));
	result = reply_result(root, want_id, &out->rpc);
	tools = cJSON_GetObjectItemCaseSensitive(result, "tools");
	if (!cJSON_IsArray(tools))
		goto out;
	out->ok = 1;
	cJSON_ArrayForEach(tool, tools) {
		name = json_string(tool, "name");
		if (name == NULL)
			continue;
		out->count++;
		if (strcmp(name, AO_ADCP_CAPABILITIES_TOOL) == 0)
			out->has_capabilities = 1;
		if (strcmp(name, AO_ADCP_PRODUCTS_TOOL) == 0)
			out->has_products = 1;
		ao_display_list_append(out->names, sizeof(out->names), name, strlen(name));
	}
	cursor = json_string(result, "nextCursor");
	if (cursor != NULL && cursor[0] != '\0' && strlen(cursor) <= 4096)
		out->next_cursor = xstrdup(cursor);
out:
	cJSON_Delete(root);
}

void
ao_mcp_tools_clear(struct ao_mcp_tools *t)
{
	if (t == NULL)
		return;
	free(t->next_cursor);
	memset(t, 0, sizeof(*t));
}
