/* SPDX-License-Identifier: MIT */
/* The demo A2A agent (reference §5.2): its card at
 * /.well-known/agent-card.json (and the pre-0.3 agent.json, also under
 * /demo and /demo/a2a), in the A2A 1.0 shape with the 0.3 fields kept for
 * older clients, and a JSON-RPC interface at /demo/a2a that wants
 * Bearer AO_SANDBOX_AGENT_TOKEN: SendMessage / message/send answer with a
 * completed task carrying the AdCP capabilities, GetTask / tasks/get say
 * the task does not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define ADCP_EXTENSION "https://adcontextprotocol.org/extensions/adcp/v3"

static cJSON *
skill(const char *id, const char *name, const char *description)
{
	cJSON *s = cJSON_CreateObject(), *tags;

	cJSON_AddStringToObject(s, "id", id);
	cJSON_AddStringToObject(s, "name", name);
	cJSON_AddStringToObject(s, "description", description);
	tags = cJSON_AddArrayToObject(s, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("adcp"));
	return s;
}

void
sb_demo_a2a_card(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	cJSON *card = cJSON_CreateObject(), *ifaces, *iface, *caps, *exts, *ext, *schemes, *bearer, *req, *one;
	cJSON *skills, *modes;
	char *rpc = xasprintf("%s/demo/a2a", s->url);

	cJSON_AddStringToObject(card, "name", "Sandbox Demo Sales Agent (A2A)");
	cJSON_AddStringToObject(card, "description", "A demo AdCP sales agent served by agent-onboard sandbox.");
	cJSON_AddStringToObject(card, "version", AO_VERSION);
	ifaces = cJSON_AddArrayToObject(card, "supportedInterfaces");
	iface = cJSON_CreateObject();
	cJSON_AddStringToObject(iface, "url", rpc);
	cJSON_AddStringToObject(iface, "protocolBinding", "JSONRPC");
	cJSON_AddStringToObject(iface, "protocolVersion", "1.0");
	cJSON_AddItemToArray(ifaces, iface);
	/* the 0.3 shape of the same interface */
	cJSON_AddStringToObject(card, "url", rpc);
	cJSON_AddStringToObject(card, "preferredTransport", "JSONRPC");
	cJSON_AddStringToObject(card, "protocolVersion", "0.3.0");
	caps = cJSON_AddObjectToObject(card, "capabilities");
	cJSON_AddFalseToObject(caps, "streaming");
	cJSON_AddFalseToObject(caps, "pushNotifications");
	cJSON_AddFalseToObject(caps, "extendedAgentCard");
	exts = cJSON_AddArrayToObject(caps, "extensions");
	ext = cJSON_CreateObject();
	cJSON_AddStringToObject(ext, "uri", ADCP_EXTENSION);
	cJSON_AddStringToObject(ext, "description", "AdCP v3 (Ad Context Protocol)");
	cJSON_AddFalseToObject(ext, "required");
	cJSON_AddItemToArray(exts, ext);
	schemes = cJSON_AddObjectToObject(card, "securitySchemes");
	bearer = cJSON_AddObjectToObject(schemes, "bearerAuth");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(bearer, "httpAuthSecurityScheme"), "scheme", "Bearer");
	req = cJSON_AddArrayToObject(card, "securityRequirements");
	one = cJSON_CreateObject();
	cJSON_AddArrayToObject(one, "bearerAuth");
	cJSON_AddItemToArray(req, one);
	modes = cJSON_AddArrayToObject(card, "defaultInputModes");
	cJSON_AddItemToArray(modes, cJSON_CreateString("application/json"));
	modes = cJSON_AddArrayToObject(card, "defaultOutputModes");
	cJSON_AddItemToArray(modes, cJSON_CreateString("application/json"));
	skills = cJSON_AddArrayToObject(card, "skills");
	cJSON_AddItemToArray(skills, skill("get_adcp_capabilities", "AdCP capabilities",
	                                   "AdCP versions and protocols this agent supports."));
	cJSON_AddItemToArray(skills, skill("get_products", "Products", "Products available for a brief."));
	free(rpc);
	sb_reply_json(rep, 200, card);
}

static cJSON *
rpc_reply(const cJSON *id, cJSON *result, int code, const char *message)
{
	cJSON *msg = cJSON_CreateObject();

	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	cJSON_AddItemToObject(msg, "id", id != NULL ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
	if (result != NULL) {
		cJSON_AddItemToObject(msg, "result", result);
	} else {
		cJSON *err = cJSON_AddObjectToObject(msg, "error");

		cJSON_AddNumberToObject(err, "code", code);
		cJSON_AddStringToObject(err, "message", message);
	}
	return msg;
}

/* A completed task whose artifact holds the agent's AdCP capabilities. */
static cJSON *
completed_task(int v03)
{
	cJSON *task = cJSON_CreateObject(), *status, *artifacts, *art, *parts, *part, *data, *adcp, *v;
	char id[33];

	sb_random_hex(id, 16);
	cJSON_AddStringToObject(task, "id", id);
	sb_random_hex(id, 16);
	cJSON_AddStringToObject(task, "contextId", id);
	if (v03)
		cJSON_AddStringToObject(task, "kind", "task");
	status = cJSON_AddObjectToObject(task, "status");
	cJSON_AddStringToObject(status, "state", v03 ? "completed" : "TASK_STATE_COMPLETED");
	artifacts = cJSON_AddArrayToObject(task, "artifacts");
	art = cJSON_CreateObject();
	cJSON_AddStringToObject(art, "artifactId", "adcp-capabilities");
	parts = cJSON_AddArrayToObject(art, "parts");
	part = cJSON_CreateObject();
	if (v03)
		cJSON_AddStringToObject(part, "kind", "data");
	data = cJSON_AddObjectToObject(part, "data");
	adcp = cJSON_AddObjectToObject(data, "adcp");
	v = cJSON_AddArrayToObject(adcp, "major_versions");
	cJSON_AddItemToArray(v, cJSON_CreateNumber(3));
	v = cJSON_AddArrayToObject(data, "supported_protocols");
	cJSON_AddItemToArray(v, cJSON_CreateString("media_buy"));
	cJSON_AddItemToArray(parts, part);
	cJSON_AddItemToArray(artifacts, art);
	return task;
}

/* A2A 1.0 SendMessageResponse: exactly one of {"task": ...} or
 * {"message": ...}. */
static cJSON *
wrapped_task(void)
{
	cJSON *out = cJSON_CreateObject();

	cJSON_AddItemToObject(out, "task", completed_task(0));
	return out;
}

void
sb_demo_a2a_rpc(struct sb_request *r, struct sb_reply *rep)
{
	const char *h = sb_header(r, "Authorization"), *method;
	const cJSON *id;
	cJSON *msg, *out;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0 || strcmp(h + 7, AO_SANDBOX_AGENT_TOKEN) != 0) {
		/* an HTTP 401, not a JSON-RPC error: -32001 means TaskNotFound in
		 * A2A, and clients (@a2a-js/sdk) read the HTTP status */
		sb_reply_header(rep, "WWW-Authenticate", "Bearer realm=\"sandbox-demo-agent\"");
		sb_reply_text(rep, 401, "application/json",
		              "{\"error\":\"unauthorized\",\"message\":\"Send Authorization: Bearer <token>.\"}");
		return;
	}
	msg = strlen(r->body) == r->body_len ? cJSON_ParseWithOpts(r->body, NULL, 1) : NULL;
	if (msg == NULL || !cJSON_IsObject(msg)) {
		sb_reply_json(rep, 400, rpc_reply(NULL, NULL, msg == NULL ? -32700 : -32600,
		                                  msg == NULL ? "Parse error" : "Invalid Request"));
		cJSON_Delete(msg);
		return;
	}
	id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	method = sb_json_str(msg, "method");
	if (method == NULL)
		out = rpc_reply(id, NULL, -32600, "Invalid Request");
	else if (strcmp(method, "message/send") == 0)
		out = rpc_reply(id, completed_task(1), 0, NULL);   /* 0.3: the Task itself, kind "task" */
	else if (strcmp(method, "SendMessage") == 0)
		out = rpc_reply(id, wrapped_task(), 0, NULL);      /* 1.0: {"task": Task} */
	else if (strcmp(method, "GetTask") == 0 || strcmp(method, "tasks/get") == 0)
		out = rpc_reply(id, NULL, -32001, "Task not found");
	else
		out = rpc_reply(id, NULL, -32601, "Method not found");
	cJSON_Delete(msg);
	sb_reply_json(rep, 200, out);
}
