/* SPDX-License-Identifier: MIT */
/* The operator domain an agent's host belongs to.  discover-agents is keyed
 * by the operator domain, and agents on its subdomains belong to it
 * (reference/scope3-api.md, Addendum): asking for "agent.sales.acme.com"
 * finds nothing, asking for "acme.com" finds the agent.  Without the
 * Public Suffix List this keeps the registrable part by a small rule: the
 * last two labels, or three when the second-last is a common second-level
 * label under a two-letter country code (acme.co.uk, acme.com.au).  IP
 * addresses and single labels are their own domain.  --operator-domain
 * overrides it when the rule guesses wrong. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "agent-onboard/core/url.h"

static int
is_ip_literal(const char *host)
{
	const char *p;

	if (strchr(host, ':') != NULL)
		return 1;   /* IPv6 */
	for (p = host; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return 0;
	return 1;
}

int
ao_operator_domain(const char *host, char *out, size_t outsz)
{
	static const char *const second_level[] = { "co", "com", "net", "org", "gov", "ac", "edu", "ltd", "plc", NULL };
	const char *labels[4] = { NULL, NULL, NULL, NULL }, *p;
	size_t n, keep = 2, i, hl;
	int nl = 0;

	if (host == NULL || *host == '\0' || outsz == 0)
		return -1;
	hl = strlen(host);
	while (hl > 0 && host[hl - 1] == '.')
		hl--;   /* a fully qualified "acme.com." */
	if (hl == 0 || hl >= outsz)
		return -1;
	if (is_ip_literal(host)) {
		snprintf(out, outsz, "%.*s", (int)hl, host);
		return 0;
	}
	/* the starts of the last three labels, from the right */
	for (p = host + hl; p > host && nl < 3;) {
		p--;
		if (*p == '.') {
			labels[nl++] = p + 1;
		}
	}
	if (nl < 3 && p == host)
		labels[nl++] = host;
	if (nl < 2) {
		snprintf(out, outsz, "%.*s", (int)hl, host);
		return 0;
	}
	/* labels[0] is the TLD, labels[1] the second-level label */
	n = (size_t)(host + hl - labels[0]);
	if (n == 2 && nl >= 3) {
		size_t sl = (size_t)(labels[0] - 1 - labels[1]);

		for (i = 0; second_level[i] != NULL; i++)
			if (strlen(second_level[i]) == sl && strncasecmp(labels[1], second_level[i], sl) == 0)
				keep = 3;
	}
	if ((int)keep > nl)
		keep = (size_t)nl;
	p = labels[keep - 1];
	snprintf(out, outsz, "%.*s", (int)(host + hl - p), p);
	for (char *q = out; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	return 0;
}
