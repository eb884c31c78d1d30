/* SPDX-License-Identifier: MIT */
/* OAuth discovery documents for the OAuth-protected demo agent
 * (/demo/mcp-oauth): the protected-resource metadata its 401 points to
 * (RFC 9728) and the authorization-server metadata (RFC 8414), whose
 * authorization endpoint is the simulator's consent page.  Enough for a
 * probe to report "OAuth required, issuer ..." the way it would for a real
 * agent. */
#include <stdio.h>
#include <stdlib.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

void
sb_oauth_resource_metadata(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *m = cJSON_CreateObject(), *list;
	char *resource = xasprintf("%s/demo/mcp-oauth", r->sb->url);

	cJSON_AddStringToObject(m, "resource", resource);
	list = cJSON_AddArrayToObject(m, "authorization_servers");
	cJSON_AddItemToArray(list, cJSON_CreateString(r->sb->url));
	list = cJSON_AddArrayToObject(m, "bearer_methods_supported");
	cJSON_AddItemToArray(list, cJSON_CreateString("header"));
	free(resource);
	sb_reply_json(rep, 200, m);
}

void
sb_oauth_server_metadata(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *m = cJSON_CreateObject(), *list;
	char *url;

	cJSON_AddStringToObject(m, "issuer", r->sb->url);
	url = xasprintf("%s/sandbox/oauth/authorize", r->sb->url);
	cJSON_AddStringToObject(m, "authorization_endpoint", url);
	free(url);
	url = xasprintf("%s/sandbox/oauth/token", r->sb->url);
	cJSON_AddStringToObject(m, "token_endpoint", url);
	free(url);
	list = cJSON_AddArrayToObject(m, "response_types_supported");
	cJSON_AddItemToArray(list, cJSON_CreateString("code"));
	list = cJSON_AddArrayToObject(m, "grant_types_supported");
	cJSON_AddItemToArray(list, cJSON_CreateString("authorization_code"));
	cJSON_AddItemToArray(list, cJSON_CreateString("refresh_token"));
	list = cJSON_AddArrayToObject(m, "code_challenge_methods_supported");
	cJSON_AddItemToArray(list, cJSON_CreateString("S256"));
	sb_reply_json(rep, 200, m);
}
