/* SPDX-License-Identifier: MIT */
/* OAuth metadata discovery for OAUTH agents: what the platform needs to
 * start the consent flow after registration, checked before it.  Follows
 * what MCP clients do (and the AdCP client's discoverAuthorizationRequirements):
 * the 401's resource_metadata pointer, else the RFC 9728 well-known URLs
 * of the endpoint; its authorization_servers[0]; then RFC 8414 metadata
 * (or OpenID configuration) of that server.  No credential is ever sent
 * here, and every URL a server names is checked against the probe's rules
 * before it is fetched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "probe_internal.h"

#define OAUTH_MAX_CANDIDATES 4

/* GETs url; returns 0 with x holding a 200 JSON answer. */
static int
fetch_json(struct probe_ctx *c, struct probe_exchange *x, const char *url)
{
	probe_exchange_init(x, "GET", url);
	x->headers[0] = "Accept: application/json";
	if (probe_http(c, x) != 0 || x->status != 200) {
		probe_exchange_free(x);
		return -1;
	}
	return 0;
}

/* Splits an https URL into origin and path ("" for "/"), both new. */
static int
split_url(const char *url, char **origin, char **path)
{
	struct ao_url u;
	size_t n;

	if (ao_url_parse(url, &u, NULL, 0) != 0)
		return -1;
	*origin = ao_url_origin(url);
	n = strcspn(u.path, "?#");
	while (n > 0 && u.path[n - 1] == '/')
		n--;
	*path = xstrndup(u.path, n);
	return *origin != NULL ? 0 : -1;
}

/* RFC 9728 3.3: the metadata must be about this resource.  Its identifier
 * may be the endpoint itself or a prefix of it (an origin, or a path that
 * covers the endpoint), compared leniently. */
static int
resource_matches(const char *endpoint, const char *resource)
{
	char *prefix;
	size_t i, len = strlen(endpoint), start;
	int same = 0;

	if (resource[0] == '\0' || ao_agent_url_same(resource, endpoint))
		return 1;
	start = strstr(endpoint, "://") != NULL ? (size_t)(strstr(endpoint, "://") - endpoint) + 3 : 0;
	for (i = start; i < len && !same; i++) {
		if (endpoint[i] != '/' && endpoint[i] != '?')
			continue;
		prefix = xstrndup(endpoint, i);
		same = ao_agent_url_same(prefix, resource);
		free(prefix);
	}
	return same;
}

static int
find_resource_metadata(struct probe_ctx *c, const struct ao_www_auth *challenge,
                       struct ao_oauth_resource *prm, char *tried, size_t triedsz)
{
	char *cand[OAUTH_MAX_CANDIDATES] = { NULL };
	char *origin = NULL, *path = NULL, why[200];
	struct probe_exchange x;
	size_t n = 0, i, len;
	const char *body;
	int found = -1;

	if (challenge != NULL && challenge->resource_metadata[0] != '\0') {
		if (probe_url_allowed(c, challenge->resource_metadata, why, sizeof(why)) == 0)
			cand[n++] = xstrdup(challenge->resource_metadata);
		else
			snprintf(tried, triedsz, "resource_metadata refused: %s; ", why);
	}
	if (split_url(c->req->url, &origin, &path) == 0) {
		if (path[0] != '\0')
			cand[n++] = xasprintf("%s/.well-known/oauth-protected-resource%s", origin, path);
		cand[n++] = xasprintf("%s/.well-known/oauth-protected-resource", origin);
	}
	for (i = 0; i < n && found != 0; i++) {
		if (fetch_json(c, &x, cand[i]) != 0)
			continue;
		body = probe_reply(&x, &len);
		if (ao_oauth_resource_parse(body, len, prm, NULL, 0) == 0) {
			if (resource_matches(c->req->url, prm->resource))
				found = 0;
			else {
				char *note = xasprintf("the metadata at %s is for another resource (%s); ",
				                       cand[i], prm->resource);

				ao_copy_display(tried, triedsz, note, strlen(note));
				free(note);
			}
		}
		probe_exchange_free(&x);
	}
	if (found != 0 && n > 0)
		snprintf(tried + strlen(tried), triedsz - strlen(tried), "no protected-resource "
		         "metadata at %s", cand[n - 1]);
	for (i = 0; i < n; i++)
		free(cand[i]);
	free(origin);
	free(path);
	return found;
}

static int
find_server_metadata(struct probe_ctx *c, const char *issuer, struct ao_oauth_server *as)
{
	char *cand[OAUTH_MAX_CANDIDATES] = { NULL };
	char *origin = NULL, *path = NULL, why[200];
	struct probe_exchange x;
	size_t n = 0, i, len;
	const char *body;
	int found = -1;

	if (probe_url_allowed(c, issuer, why, sizeof(why)) != 0 || split_url(issuer, &origin, &path) != 0)
		goto out;
	/* RFC 8414 inserts the well-known part before the issuer's path;
	 * OpenID Connect appends it */
	cand[n++] = xasprintf("%s/.well-known/oauth-authorization-server%s", origin, path);
	cand[n++] = xasprintf("%s/.well-known/openid-configuration%s", origin, path);
	if (path[0] != '\0')
		cand[n++] = xasprintf("%s%s/.well-known/openid-configuration", origin, path);
	for (i = 0; i < n && found != 0; i++) {
		if (fetch_json(c, &x, cand[i]) != 0)
			continue;
		body = probe_reply(&x, &len);
		if (ao_oauth_server_parse(body, len, as, NULL, 0) == 0)
			found = 0;
		probe_exchange_free(&x);
	}
out:
	for (i = 0; i < n; i++)
		free(cand[i]);
	free(origin);
	free(path);
	return found;
}

int
probe_oauth_discover(struct probe_ctx *c, const struct ao_www_auth *challenge, int require_resource)
{
	struct ao_probe_result *r = c->res;
	struct ao_oauth_resource prm;
	struct ao_oauth_server as;
	char tried[400] = "", *issuer = NULL;
	int rc = -1;

	if (find_resource_metadata(c, challenge, &prm, tried, sizeof(tried)) == 0)
		issuer = xstrdup(prm.auth_server);
	else if (!require_resource)
		issuer = ao_url_origin(c->req->url);   /* older agents: the AS is the agent's origin */
	if (issuer == NULL) {
		probe_check(r, AO_CHECK_OAUTH, AO_CHECK_FAIL, "%s", tried[0] ? tried : "no OAuth metadata");
		goto out;
	}
	if (find_server_metadata(c, issuer, &as) != 0) {
		probe_check(r, AO_CHECK_OAUTH, AO_CHECK_FAIL, "no authorization-server metadata for %s%s%s",
		            issuer, tried[0] ? "; " : "", tried);
		goto out;
	}
	snprintf(r->oauth_issuer, sizeof(r->oauth_issuer), "%s", as.issuer);
	probe_check(r, AO_CHECK_OAUTH, as.pkce_s256 ? AO_CHECK_PASS : AO_CHECK_WARN,
	            "authorization server %s; %s; %s", as.issuer,
	            as.registration ? "dynamic client registration offered" :
	                              "no dynamic client registration",
	            as.pkce_s256 ? "PKCE S256" : "PKCE S256 not advertised");
	if (!as.pkce_s256)
		probe_advise(c, "The platform uses PKCE (S256): the authorization server should list "
		             "S256 in code_challenge_methods_supported.");
	rc = 0;
out:
	free(issuer);
	return rc;
}
