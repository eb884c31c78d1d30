/* SPDX-License-Identifier: MIT */
/* The simulated AAO registry (agenticadvertising.org): the agent URLs the
 * platform accepts on create, and what discover-agents reports.  It always
 * holds the simulator's own demo agents, plus entries from --registry FILE
 * ("URL [MCP|A2A] [SALES|SIGNAL|CREATIVE|OUTCOME] [NAME...]" per line, '#'
 * starts a comment) and from the embedding program.
 *
 * How the real platform matches URLs is an open question (scope3-api.md
 * §9.2); the simulator compares scheme and host case-insensitively and
 * ignores trailing slashes, nothing more. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define REGISTRY_FILE_MAX (1024 * 1024)

void
sb_registry_add(struct ao_sandbox *s, const char *url, const char *protocol, const char *type,
                const char *name)
{
	struct sb_registry_entry *e = xcalloc(1, sizeof(*e)), **tail;

	e->url = xstrdup(url);
	e->protocol = protocol != NULL ? xstrdup(protocol) : NULL;
	e->type = type != NULL ? xstrdup(type) : NULL;
	e->name = name != NULL && *name != '\0' ? xstrdup(name) : NULL;
	for (tail = &s->registry; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = e;
}

void
sb_registry_add_demo_agents(struct ao_sandbox *s)
{
	static const struct {
		const char *path, *protocol, *name;
	} demo[] = {
		{"/demo/mcp", "MCP", "Sandbox Demo Sales Agent (MCP, bearer)"},
		{"/demo/mcp-sse", "MCP", "Sandbox Demo Sales Agent (MCP over SSE, bearer)"},
		{"/demo/mcp-basic", "MCP", "Sandbox Demo Sales Agent (MCP, basic auth)"},
		{"/demo/mcp-open", "MCP", "Sandbox Demo Sales Agent (MCP, no auth)"},
		{"/demo/mcp-oauth", "MCP", "Sandbox Demo Sales Agent (MCP, OAuth)"},
		{"/demo/a2a", "A2A", "Sandbox Demo Sales Agent (A2A)"},
	};
	size_t i;

	for (i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		char *url = xasprintf("%s%s", s->url, demo[i].path);

		sb_registry_add(s, url, demo[i].protocol, "SALES", demo[i].name);
		free(url);
	}
}

static int
is_one_of_n(const char *word, size_t n, const char *const *values)
{
	for (; *values != NULL; values++)
		if (strlen(*values) == n && strncmp(word, *values, n) == 0)
			return 1;
	return 0;
}

/* One line: URL, then optional protocol and type words, then the name. */
static int
parse_line(struct ao_sandbox *s, char *line, char *err, size_t errsz, int lineno, const char *path)
{
	char *p = line, *url, *word, *protocol = NULL, *type = NULL;
	struct ao_url u;
	char why[256];

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	url = p;
	while (*p != '\0' && !isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		*p++ = '\0';
	if (ao_url_parse(url, &u, why, sizeof(why)) != 0) {
		snprintf(err, errsz, "%s:%d: %s", path, lineno, why);
		return -1;
	}
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		word = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if (p == word)
			break;
		if (is_one_of_n(word, (size_t)(p - word), sb_protocols) && protocol == NULL) {
			protocol = word;
		} else if (is_one_of_n(word, (size_t)(p - word), sb_agent_types) && type == NULL) {
			type = word;
		} else {
			p = word;
			break;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	/* the rest of the line is the name, without trailing blanks */
	word = p + strlen(p);
	while (word > p && isspace((unsigned char)word[-1]))
		*--word = '\0';
	sb_registry_add(s, url, protocol, type, p);
	return 0;
}

int
sb_registry_load(struct ao_sandbox *s, const char *path, char *err, size_t errsz)
{
	struct ao_buf b;
	char *line, *save = NULL;
	int rc, lineno = 0;

	ao_buf_init(&b, REGISTRY_FILE_MAX);
	rc = ao_buf_read_file(&b, path, REGISTRY_FILE_MAX);
	if (rc != 0) {
		snprintf(err, errsz, "cannot read the registry file %s: %s", path,
		         rc == EFBIG ? "larger than 1 MiB" : strerror(rc));
		rc = -1;
		goto out;
	}
	for (line = strtok_r(b.data != NULL ? b.data : (char *)"", "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (parse_line(s, line, err, errsz, lineno, path) != 0) {
			rc = -1;
			goto out;
		}
	}
	rc = 0;
out:
	ao_buf_free(&b);
	return rc;
}

/* Compares two URLs the way the registry does (see the top comment). */
static int
same_agent_url(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	const char *pa, *pb;
	size_t ha, hb;

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (lb > 0 && b[lb - 1] == '/')
		lb--;
	pa = strstr(a, "://");
	pb = strstr(b, "://");
	if (pa == NULL || pb == NULL)
		return la == lb && strncmp(a, b, la) == 0;
	pa = strchr(pa + 3, '/');
	pb = strchr(pb + 3, '/');
	ha = pa != NULL ? (size_t)(pa - a) : la;
	hb = pb != NULL ? (size_t)(pb - b) : lb;
	if (ha > la)
		ha = la;
	if (hb > lb)
		hb = lb;
	if (ha != hb || strncasecmp(a, b, ha) != 0)
		return 0;
	return la - ha == lb - hb && strncmp(a + ha, b + hb, la - ha) == 0;
}

int
sb_registry_contains(struct ao_sandbox *s, const char *url)
{
	struct sb_registry_entry *e;

	for (e = s->registry; e != NULL; e = e->next)
		if (same_agent_url(e->url, url))
			return 1;
	return 0;
}

void
sb_registry_free(struct ao_sandbox *s)
{
	while (s->registry != NULL) {
		struct sb_registry_entry *next = s->registry->next;

		free(s->registry->url);
		free(s->registry->protocol);
		free(s->registry->type);
		free(s->registry->name);
		free(s->registry);
		s->registry = next;
	}
}

void
ao_sandbox_registry_add(struct ao_sandbox *s, const char *url)
{
	pthread_mutex_lock(&s->lock);
	sb_registry_add(s, url, NULL, NULL, NULL);
	pthread_mutex_unlock(&s->lock);
}
