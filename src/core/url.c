/* SPDX-License-Identifier: MIT */
/* A deliberately strict URL parser: endpoint URLs are typed by people and
 * sent to a platform that validates them as URIs, so anything ambiguous
 * (spaces, credentials in the URL, a missing host) is refused here with a
 * sentence saying what is expected. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"

static int
fail(char *msg, size_t msgsz, const char *text)
{
	return ao_fail_msg(msg, msgsz, "%s", text);
}

static int
is_host_char(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_';
}

/* Characters allowed in path, query and fragment (RFC 3986 pchar plus / ? #
 * and percent escapes); anything else must be percent-encoded. */
static int
is_uri_char(int c)
{
	return isalnum(c) || strchr("-._~!$&'()*+,;=:@/?#%[]", c) != NULL;
}

int
ao_url_parse(const char *text, struct ao_url *u, char *msg, size_t msgsz)
{
	const char *p, *auth, *auth_end, *host_end, *port_start = NULL;
	size_t hlen, i;

	memset(u, 0, sizeof(*u));
	u->path = "";
	if (text == NULL || *text == '\0')
		return fail(msg, msgsz, "Enter a URL such as https://agent.example.com/mcp.");
	for (p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f)
			return fail(msg, msgsz, isspace(c) ? "A URL cannot contain spaces; remove them or encode them as %20."
			            : "A URL may only contain ASCII characters; percent-encode the others (and use the punycode form of international host names).");
	}
	if (strncasecmp(text, "https://", 8) == 0) {
		strcpy(u->scheme, "https");
		u->port = 443;
		auth = text + 8;
	} else if (strncasecmp(text, "http://", 7) == 0) {
		strcpy(u->scheme, "http");
		u->port = 80;
		auth = text + 7;
	} else if (strstr(text, "://") != NULL) {
		return fail(msg, msgsz, "Only http:// and https:// URLs are supported.");
	} else {
		return fail(msg, msgsz, "Start the URL with https:// (for example https://agent.example.com/mcp).");
	}
	auth_end = auth + strcspn(auth, "/?#");
	for (p = auth; p < auth_end; p++) {
		if (*p == '@') {
			u->has_userinfo = 1;
			return fail(msg, msgsz, "Do not put a user name or password in the URL; choose an authentication type instead.");
		}
	}
	if (*auth == '[') {
		const char *close = memchr(auth, ']', (size_t)(auth_end - auth));

		if (close == NULL)
			return fail(msg, msgsz, "The IPv6 address is missing its closing ']'.");
		hlen = (size_t)(close - auth - 1);
		if (hlen == 0 || hlen >= sizeof(u->host))
			return fail(msg, msgsz, "The IPv6 address in the URL is not valid.");
		for (i = 0; i < hlen; i++) {
			int c = (unsigned char)auth[1 + i];

			if (!isxdigit(c) && c != ':' && c != '.')
				return fail(msg, msgsz, "The IPv6 address in the URL is not valid.");
			u->host[i] = (char)tolower(c);
		}
		u->ipv6 = 1;
		host_end = close + 1;
		if (host_end < auth_end) {
			if (*host_end != ':')
				return fail(msg, msgsz, "Unexpected characters after the IPv6 address.");
			port_start = host_end + 1;
		}
	} else {
		host_end = memchr(auth, ':', (size_t)(auth_end - auth));
		if (host_end != NULL)
			port_start = host_end + 1;
		else
			host_end = auth_end;
		hlen = (size_t)(host_end - auth);
		if (hlen == 0)
			return fail(msg, msgsz, "The URL has no host name (expected https://host/...).");
		if (hlen >= sizeof(u->host))
			return fail(msg, msgsz, "The host name is too long (at most 253 characters).");
		for (i = 0; i < hlen; i++) {
			int c = (unsigned char)auth[i];

			if (!is_host_char(c))
				return fail(msg, msgsz, "The host name may only contain letters, digits, '-' and '.'.");
			u->host[i] = (char)tolower(c);
		}
		if (u->host[0] == '.' || u->host[0] == '-' || strstr(u->host, "..") != NULL)
			return fail(msg, msgsz, "The host name is not valid.");
	}
	if (port_start != NULL) {
		long port = 0;

		if (port_start == auth_end)
			return fail(msg, msgsz, "The port after ':' is missing.");
		for (p = port_start; p < auth_end; p++) {
			if (!isdigit((unsigned char)*p))
				return fail(msg, msgsz, "The port must be a number from 1 to 65535.");
			port = port * 10 + (*p - '0');
			if (port > 65535)
				return fail(msg, msgsz, "The port must be a number from 1 to 65535.");
		}
		if (port < 1)
			return fail(msg, msgsz, "The port must be a number from 1 to 65535.");
		u->port = (int)port;
	}
	for (p = auth_end; *p; p++) {
		if (!is_uri_char((unsigned char)*p))
			return fail(msg, msgsz, "The URL contains a character that must be percent-encoded.");
		if (*p == '%' && !(isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])))
			return fail(msg, msgsz, "A '%' in the URL must start an escape such as %20.");
	}
	u->path = auth_end;
	return 0;
}

/* A canonical dotted quad: four decimal numbers 0-255, no leading zeros
 * (which some resolvers read as octal), nothing else.  Stores the first
 * octet.  "127.999.999.999" or "127.1" are not addresses: curl would hand
 * them to DNS, which may answer anything. */
static int
ipv4_first_octet(const char *s, int *first)
{
	int part, n, digits;

	for (part = 0; part < 4; part++) {
		if (part > 0 && *s++ != '.')
			return 0;
		n = 0;
		for (digits = 0; isdigit((unsigned char)s[digits]); digits++) {
			if (digits == 3)
				return 0;
			n = n * 10 + (s[digits] - '0');
		}
		if (digits == 0 || n > 255 || (digits > 1 && s[0] == '0'))
			return 0;
		if (part == 0)
			*first = n;
		s += digits;
	}
	return *s == '\0';
}

int
ao_url_host_is_loopback(const char *host)
{
	int first = -1;

	if (host == NULL)
		return 0;
	/* the only names curl itself resolves to loopback without DNS */
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "::1") == 0)
		return 1;
	return ipv4_first_octet(host, &first) && first == 127;
}

int
ao_oauth_url_acceptable(const char *url, char *why, size_t whysz)
{
	struct ao_url u;
	size_t i, len;

	if (url == NULL || *url == '\0')
		return ao_fail_msg(why, whysz, "it is empty."), 0;
	len = strlen(url);
	if (len > AO_OAUTH_URL_MAX)
		return ao_fail_msg(why, whysz, "it is %zu characters long (at most %d are accepted).", len,
		            AO_OAUTH_URL_MAX), 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c >= 0x7f)
			return ao_fail_msg(why, whysz, "it contains %s at position %zu.",
			            c == ' ' ? "a space" : c < 0x20 || c == 0x7f ? "a control character"
			                                                        : "a character outside ASCII", i + 1), 0;
	}
	if (ao_url_parse(url, &u, why, whysz) != 0)
		return 0;
	if (u.has_userinfo)
		return ao_fail_msg(why, whysz, "it carries a user name or password before the host."), 0;
	if (strcmp(u.scheme, "https") != 0 && !ao_url_host_is_loopback(u.host))
		return ao_fail_msg(why, whysz, "it is not https:// (plain http is accepted only to this machine)."), 0;
	return 1;
}

char *
ao_url_origin(const char *text)
{
	struct ao_url u;
	int default_port;

	if (ao_url_parse(text, &u, NULL, 0) != 0)
		return NULL;
	default_port = strcmp(u.scheme, "https") == 0 ? 443 : 80;
	if (u.port == default_port)
		return xasprintf("%s://%s%s%s", u.scheme, u.ipv6 ? "[" : "", u.host, u.ipv6 ? "]" : "");
	return xasprintf("%s://%s%s%s:%d", u.scheme, u.ipv6 ? "[" : "", u.host, u.ipv6 ? "]" : "", u.port);
}
