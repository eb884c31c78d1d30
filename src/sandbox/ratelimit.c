/* SPDX-License-Identifier: MIT */
/* The platform's rate limit (100 requests/minute per client address by
 * default), as a fixed window per client, with the IETF draft-7 headers the
 * platform sends on every response (RateLimit-Limit, RateLimit-Remaining,
 * RateLimit-Reset) and 429 RATE_LIMITED with Retry-After when the window is
 * used up (reference/scope3-api.md §1.5).  Only API routes count; the demo
 * agents and the consent page do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

static struct sb_client *
client_slot(struct ao_sandbox *s, const char *addr, int64_t now)
{
	struct sb_client *c;

	for (c = s->clients; c != NULL; c = c->next)
		if (strcmp(c->addr, addr) == 0)
			return c;
	c = xcalloc(1, sizeof(*c));
	snprintf(c->addr, sizeof(c->addr), "%s", addr);
	c->window_start = now;
	c->next = s->clients;
	s->clients = c;
	return c;
}

/* The budget in the style asked for: three RateLimit-* headers (what the
 * docs' table lists), or draft-7's combined "RateLimit:" with its policy
 * (what "IETF draft-7 style" servers such as express-rate-limit send). */
static void
rate_headers(struct ao_sandbox *s, struct sb_reply *rep, long limit, long remaining, long reset_s)
{
	if (s->opt.combined_rate_headers) {
		sb_reply_header(rep, "RateLimit", "limit=%ld, remaining=%ld, reset=%ld", limit, remaining, reset_s);
		sb_reply_header(rep, "RateLimit-Policy", "%ld;w=%ld", limit,
		                (long)((s->opt.rate_window_ms > 0 ? s->opt.rate_window_ms : 60000) / 1000));
		return;
	}
	sb_reply_header(rep, "RateLimit-Limit", "%ld", limit);
	sb_reply_header(rep, "RateLimit-Remaining", "%ld", remaining);
	sb_reply_header(rep, "RateLimit-Reset", "%ld", reset_s);
}

int
sb_rate_check(struct ao_sandbox *s, const char *client, struct sb_reply *rep)
{
	int64_t now = sb_now_ms(), window = s->opt.rate_window_ms > 0 ? s->opt.rate_window_ms : 60000;
	long limit = s->opt.rate_limit, remaining, reset_s;
	struct sb_client *c;

	if (limit <= 0)
		return 1;
	c = client_slot(s, client, now);
	if (now - c->window_start >= window) {
		c->window_start = now;
		c->used = 0;
	}
	/* whole seconds, rounded up, never 0 while the window is running */
	reset_s = (long)((c->window_start + window - now + 999) / 1000);
	if (reset_s < 1)
		reset_s = 1;
	if (c->used >= limit) {
		rate_headers(s, rep, limit, 0, reset_s);
		sb_reply_header(rep, "Retry-After", "%ld", reset_s);
		sb_reply_error(rep, 429, "RATE_LIMITED", NULL, NULL, "Too many requests");
		return 0;
	}
	c->used++;
	remaining = limit - c->used;
	rate_headers(s, rep, limit, remaining, reset_s);
	return 1;
}

void
sb_rate_free(struct ao_sandbox *s)
{
	while (s->clients != NULL) {
		struct sb_client *next = s->clients->next;

		free(s->clients);
		s->clients = next;
	}
}
