/* SPDX-License-Identifier: MIT */
/* A strict parser for the absolute http(s) URLs this program sends to or
 * accepts from users: scheme://host[:port][/path][?query][#fragment]. */
#ifndef AO_CORE_URL_H
#define AO_CORE_URL_H

#include <stddef.h>

struct ao_url {
	char scheme[8];    /* "http" or "https", lower case */
	char host[256];    /* lower case; IPv6 without brackets */
	int ipv6;
	int port;          /* explicit port, or the scheme's default */
	int has_userinfo;  /* user:pass@ present (we refuse it) */
	const char *path;  /* points into the parsed string: "/..." or "" */
};

/* Parses text into u.  Returns 0, or -1 with a human sentence in msg (what
 * is wrong and what is expected). */
int ao_url_parse(const char *text, struct ao_url *u, char *msg, size_t msgsz);
/* localhost, a canonical IPv4 address in 127.0.0.0/8, or ::1: the only
 * hosts where plain http is allowed (tests, the simulator, an agent on
 * this machine). */
int ao_url_host_is_loopback(const char *host);

/* The longest OAuth authorization URL we open, copy or encode. */
#define AO_OAUTH_URL_MAX 2048
/* Whether an authorization URL from the platform may be opened in a
 * browser, copied to the clipboard (OSC 52), put in a QR code or printed as
 * the URL to open: https:// (or http:// to loopback, for the simulator), a
 * well-formed URL without userinfo, only printable ASCII (no control
 * character, whitespace or look-alike), at most AO_OAUTH_URL_MAX bytes.
 * Returns 1, or 0 with the reason in why. */
int ao_oauth_url_acceptable(const char *url, char *why, size_t whysz);
/* The origin "scheme://host[:port]" of an URL (newly allocated), or NULL. */
char *ao_url_origin(const char *text);

/* The operator domain of a host ("agent.sales.acme.co.uk" -> "acme.co.uk";
 * see core/operator_domain.c for the rule), lower-cased into out.  IP
 * addresses and single labels are returned as they are.  0, or -1 when
 * host is empty or does not fit. */
int ao_operator_domain(const char *host, char *out, size_t outsz);

#endif
