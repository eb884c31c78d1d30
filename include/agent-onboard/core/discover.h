/* SPDX-License-Identifier: MIT */
/* The agents AgenticAdvertising.org knows for an operator domain, from
 * GET /api/v2/storefront/discover-agents?domain= (reference §2.7): the
 * wizard offers them as a pick list on the endpoint step.  Pure: cJSON in,
 * display-safe strings out. */
#ifndef AO_CORE_DISCOVER_H
#define AO_CORE_DISCOVER_H

#include <stddef.h>

struct cJSON;

/* The most agents offered; a domain listing more is cut (the list says so). */
#define AO_DISCOVERED_MAX 40

struct ao_discovered_agent {
	char *url;        /* an http(s) URL as the registry has it (checked, unchanged) */
	char *label;      /* "name  URL" made display-safe, for the list */
	char *protocol;   /* "MCP" / "A2A", or NULL when the registry did not say */
	char *type;       /* "SALES" / "SIGNAL" / "CREATIVE" / "OUTCOME", or NULL */
};

struct ao_discovered {
	struct ao_discovered_agent items[AO_DISCOVERED_MAX];
	size_t count;
	size_t skipped;   /* entries left out: no usable URL, or past the maximum */
	int cut;          /* more than AO_DISCOVERED_MAX were listed */
};

/* Reads the answer (bare or wrapped in {"data": ...}): operator.agents
 * first, then publisher.authorized_agents not already listed.  Returns 0,
 * or -1 with a sentence in msg when it is not the documented shape.  An
 * answer with no usable agent returns 0 with count 0. */
int ao_discovered_parse(const struct cJSON *json, struct ao_discovered *out, char *msg, size_t msgsz);
void ao_discovered_free(struct ao_discovered *d);

/* Whether text can be sent as an operator domain: host-name characters
 * (letters, digits, '-', '.'), at least one letter or digit, at most 253
 * bytes, no scheme, path or port.  Returns 1, or 0 with why. */
int ao_domain_acceptable(const char *text, char *why, size_t whysz);

#endif
