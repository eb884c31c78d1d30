/* SPDX-License-Identifier: MIT */
/* What an agent says about authentication: WWW-Authenticate challenges
 * (RFC 9110 11.6.1, RFC 6750 error codes, the RFC 9728 resource_metadata
 * pointer) and the OAuth metadata documents the platform uses to find an
 * OAUTH agent's authorization server (RFC 9728 protected resource, RFC 8414
 * authorization server / OpenID configuration). */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/agentcheck.h"

/* RFC 9110 tchar */
static int
is_tchar(int c)
{
	return isalnum(c) || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
is_token68_char(int c)
{
	return isalnum(c) || (c != 0 && strchr("-._~+/", c) != NULL);
}

struct cursor {
	const char *p, *end;
};

static void
skip_space(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static size_t
take(struct cursor *c, int (*ok)(int))
{
	const char *start = c->p;

	while (c->p < c->end && ok((unsigned char)*c->p))
		c->p++;
	return (size_t)(c->p - start);
}

/* Reads a token or quoted-string value into dst (display-safe). */
static void
read_value(struct cursor *c, char *dst, size_t dstsz)
{
	char raw[1024];
	size_t n = 0;
	const char *start;

	if (c->p < c->end && *c->p == '"') {
		c->p++;
		while (c->p < c->end && *c->p != '"') {
			if (*c->p == '\\' && c->p + 1 < c->end)
				c->p++;
			if (n + 1 < sizeof(raw))
				raw[n++] = *c->p;
			c->p++;
		}
		if (c->p < c->end)
			c->p++;   /* closing quote; an unterminated string ends the header */
	} else {
		start = c->p;
		take(c, is_tchar);
		n = (size_t)(c->p - start);
		if (n >= sizeof(raw))
			n = sizeof(raw) - 1;
		memcpy(raw, start, n);
	}
	if (dst != NULL)
		ao_copy_display(dst, dstsz, raw, n);
}

static int
name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Stores one auth-param of the current challenge where it matters: the
 * Bearer challenge's parameters win over another scheme's. */
static void
store_param(struct ao_www_auth *out, int in_bearer, const char *name, size_t nlen,
            struct cursor *c)
{
	struct {
		const char *name;
		char *dst;
		size_t size;
	} fields[] = {
		{ "realm", out->realm, sizeof(out->realm) },
		{ "error", out->error, sizeof(out->error) },
		{ "error_description", out->error_description, sizeof(out->error_description) },
		{ "scope", out->scope, sizeof(out->scope) },
		{ "resource_metadata", out->resource_metadata, sizeof(out->resource_metadata) },
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!name_is(name, nlen, fields[i].name))
			continue;
		if (fields[i].dst[0] == '\0' || in_bearer) {
			read_value(c, fields[i].dst, fields[i].size);
			return;
		}
		break;
	}
	read_value(c, NULL, 0);
}

void
ao_www_authenticate_parse(const char *bytes, size_t len, struct ao_www_auth *out)
{
	struct cursor c = { bytes, bytes + (bytes != NULL ? len : 0) };
	const char *tok, *save;
	size_t n;
	int in_bearer = 0, after_scheme = 0;

	memset(out, 0, sizeof(*out));
	while (c.p < c.end) {
		skip_space(&c);
		if (c.p < c.end && *c.p == ',') {
			c.p++;
			after_scheme = 0;
			continue;
		}
		if (c.p >= c.end)
			break;
		save = c.p;
		if (after_scheme) {
			/* right after a scheme and a space: maybe a token68 */
			after_scheme = 0;
			if (take(&c, is_token68_char) > 0) {
				while (c.p < c.end && *c.p == '=')
					c.p++;
				skip_space(&c);
				if (c.p >= c.end || *c.p == ',')
					continue;   /* a token68 credential hint; nothing we use */
			}
			c.p = save;
		}
		tok = c.p;
		n = take(&c, is_tchar);
		if (n == 0) {
			c.p++;   /* stray character; skip it */
			continue;
		}
		skip_space(&c);
		if (c.p < c.end && *c.p == '=') {
			c.p++;
			skip_space(&c);
			store_param(out, in_bearer, tok, n, &c);
			continue;
		}
		/* a token without '=' starts a new challenge */
		out->challenges++;
		in_bearer = name_is(tok, n, "Bearer");
		out->bearer |= in_bearer;
		out->basic |= name_is(tok, n, "Basic");
		if (out->first_scheme[0] == '\0')
			ao_copy_display(out->first_scheme, sizeof(out->first_scheme), tok, n);
		after_scheme = 1;
	}
}

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
fail(char *msg, size_t msgsz, const char *text)
{
	return ao_fail_msg(msg, msgsz, "%s", text);
}

int
ao_oauth_resource_parse(const char *bytes, size_t len, struct ao_oauth_resource *out,
                        char *msg, size_t msgsz)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const cJSON *servers, *first;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(root)) {
		fail(msg, msgsz, "the protected-resource metadata is not a JSON object");
		goto out;
	}
	copy_json_string(out->resource, sizeof(out->resource), root, "resource");
	servers = cJSON_GetObjectItemCaseSensitive(root, "authorization_servers");
	first = cJSON_IsArray(servers) ? cJSON_GetArrayItem(servers, 0) : NULL;
	if (first == NULL || !cJSON_IsString(first) || first->valuestring == NULL ||
	    first->valuestring[0] == '\0') {
		fail(msg, msgsz, "the protected-resource metadata lists no authorization_servers");
		goto out;
	}
	ao_copy_display(out->auth_server, sizeof(out->auth_server), first->valuestring,
	                strlen(first->valuestring));
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

int
ao_oauth_server_parse(const char *bytes, size_t len, struct ao_oauth_server *out,
                      char *msg, size_t msgsz)
{
	cJSON *root = ao_json_parse_untrusted(bytes, len);
	const cJSON *methods, *m;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(root)) {
		fail(msg, msgsz, "the authorization-server metadata is not a JSON object");
		goto out;
	}
	copy_json_string(out->issuer, sizeof(out->issuer), root, "issuer");
	copy_json_string(out->authorization_endpoint, sizeof(out->authorization_endpoint), root,
	                 "authorization_endpoint");
	copy_json_string(out->token_endpoint, sizeof(out->token_endpoint), root, "token_endpoint");
	if (out->issuer[0] == '\0' || out->authorization_endpoint[0] == '\0' ||
	    out->token_endpoint[0] == '\0') {
		fail(msg, msgsz, "the authorization-server metadata lacks issuer, "
		     "authorization_endpoint or token_endpoint");
		goto out;
	}
	out->registration = json_string(root, "registration_endpoint") != NULL;
	methods = cJSON_GetObjectItemCaseSensitive(root, "code_challenge_methods_supported");
	cJSON_ArrayForEach(m, (cJSON_IsArray(methods) ? methods : NULL))
		if (cJSON_IsString(m) && m->valuestring != NULL && strcmp(m->valuestring, "S256") == 0)
			out->pkce_s256 = 1;
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}
