/* SPDX-License-Identifier: MIT */
/* Timing policy as pure functions of "now": the status poll, pacing from
 * RateLimit-* headers, and retry backoff.  The event loop asks these how
 * long to wait; nothing here sleeps. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent-onboard/core/poll.h"

void
ao_rate_info_init(struct ao_rate_info *ri)
{
	ri->retry_after = -1;
	ri->remaining = -1;
	ri->reset = -1;
	ri->limit = -1;
}

/* Parses an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT") to epoch
 * seconds, or -1. */
static double
parse_http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int day, year, hh, mm, ss;
	const char *m;
	struct tm tm;

	if (sscanf(s, "%*3s, %d %3s %d %d:%d:%d GMT", &day, mon, &year, &hh, &mm, &ss) != 6)
		return -1;
	mon[3] = '\0';
	m = strstr(months, mon);
	if (m == NULL || (m - months) % 3 != 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = day;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year = year - 1900;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return (double)timegm(&tm);
}

/* The combined header of the IETF draft the platform's docs name (draft-7
 * style, as express-rate-limit sends it): "limit=100, remaining=50,
 * reset=30"; also the later drafts' "\"default\";r=50;t=30".  Unknown
 * parameters (a policy name, w=) are skipped. */
static void
rate_combined(struct ao_rate_info *ri, const char *v)
{
	const char *p = v;

	while (*p != '\0') {
		const char *key, *eq;
		size_t klen;
		char *end;
		double d;

		while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';')
			p++;
		key = p;
		while (*p != '\0' && *p != '=' && *p != ',' && *p != ';')
			p++;
		if (*p != '=')
			continue;
		eq = p;
		klen = (size_t)(eq - key);
		while (klen > 0 && (key[klen - 1] == ' ' || key[klen - 1] == '\t'))
			klen--;
		d = strtod(eq + 1, &end);
		p = end != eq + 1 ? end : eq + 1;
		if (end == eq + 1 || d < 0 || d > 1e9)
			continue;
#define KEY(name) (klen == strlen(name) && strncasecmp(key, name, klen) == 0)
		if (KEY("remaining") || KEY("r"))
			ri->remaining = (long)d;
		else if (KEY("reset") || KEY("t"))
			ri->reset = d;
		else if (KEY("limit") || KEY("l"))
			ri->limit = (long)d;
#undef KEY
	}
}

int
ao_rate_info_header(struct ao_rate_info *ri, const char *line, double now_epoch)
{
	const char *colon = strchr(line, ':'), *v;
	size_t namelen;
	char *end;
	double d;

	if (colon == NULL)
		return 0;
	namelen = (size_t)(colon - line);
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
#define IS(name) (namelen == strlen(name) && strncasecmp(line, name, namelen) == 0)
	if (IS("Retry-After")) {
		d = strtod(v, &end);
		if (end != v && d >= 0) {
			ri->retry_after = d;
		} else if (now_epoch > 0) {
			d = parse_http_date(v);
			if (d > 0)
				ri->retry_after = d > now_epoch ? d - now_epoch : 0;
		}
		return 1;
	}
	if (IS("RateLimit-Remaining") || IS("X-RateLimit-Remaining")) {
		long n = strtol(v, &end, 10);

		if (end != v && n >= 0)
			ri->remaining = n;
		return 1;
	}
	if (IS("RateLimit-Reset") || IS("X-RateLimit-Reset")) {
		d = strtod(v, &end);
		/* a value larger than a day is an epoch timestamp (X- variants) */
		if (end != v && d >= 0)
			ri->reset = (d > 86400 && now_epoch > 0) ? (d > now_epoch ? d - now_epoch : 0) : d;
		return 1;
	}
	if (IS("RateLimit-Limit") || IS("X-RateLimit-Limit")) {
		long n = strtol(v, &end, 10);

		if (end != v && n >= 0)
			ri->limit = n;
		return 1;
	}
	if (IS("RateLimit")) {
		rate_combined(ri, v);
		return 1;
	}
#undef IS
	return 0;
}

void
ao_pacer_init(struct ao_pacer *p)
{
	p->not_before = 0;
}

void
ao_pacer_update(struct ao_pacer *p, double now, const struct ao_rate_info *ri)
{
	double until = now;

	if (ri == NULL)
		return;
	if (ri->retry_after >= 0)
		until = now + ri->retry_after;
	/* Only an exhausted budget waits, until the window resets: spreading
	 * the last requests over the window would make every window as slow as
	 * the slowest (300 creates at 100/min took 180 s instead of 120), and
	 * the poll scheduler already keeps polling far below the limit. */
	if (ri->remaining == 0 && ri->reset >= 0 && now + ri->reset > until)
		until = now + ri->reset;
	if (until > p->not_before)
		p->not_before = until;
}

double
ao_pacer_delay(const struct ao_pacer *p, double now)
{
	return p->not_before > now ? p->not_before - now : 0;
}

static double
jitter(unsigned *rng)
{
	/* xorshift: deterministic for tests, good enough to spread clients */
	unsigned x = *rng ? *rng : 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*rng = x;
	return (double)(x % 10000) / 10000.0;
}

void
ao_poll_start(struct ao_poll *p, double now, unsigned seed)
{
	memset(p, 0, sizeof(*p));
	p->phase_start = now;
	p->due = now;
	p->rng = seed ? seed : 1;
}

void
ao_poll_checked(struct ao_poll *p, double now, const struct ao_rate_info *ri)
{
	double interval, floor_at = now;

	p->checks++;
	if (now - p->phase_start < AO_POLL_FAST_WINDOW) {
		interval = AO_POLL_FAST;
		p->interval = 0;
	} else {
		interval = p->interval > 0 ? p->interval * 2 : AO_POLL_SLOW_MIN;
		if (interval > AO_POLL_SLOW_MAX)
			interval = AO_POLL_SLOW_MAX;
		p->interval = interval;
	}
	/* +-10% so many waiting clients do not poll in lock step; the fast
	 * interval only jitters downwards so detection stays within 2 s */
	if (interval == AO_POLL_FAST)
		interval *= 0.9 + 0.1 * jitter(&p->rng);
	else
		interval *= 0.9 + 0.2 * jitter(&p->rng);
	if (ri != NULL) {
		struct ao_pacer pacer;

		ao_pacer_init(&pacer);
		ao_pacer_update(&pacer, now, ri);
		floor_at = pacer.not_before;
	}
	p->due = now + interval;
	if (floor_at > p->due)
		p->due = floor_at;
}

void
ao_poll_check_now(struct ao_poll *p, double now)
{
	p->phase_start = now;
	p->interval = 0;
	if (p->due > now)
		p->due = now;
}

double
ao_poll_wait(const struct ao_poll *p, double now)
{
	return p->due > now ? p->due - now : 0;
}

double
ao_backoff_delay(unsigned attempt, double base, double cap, unsigned *rng)
{
	double d = base;
	unsigned i;

	for (i = 1; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	/* "equal jitter": at least half the delay, so retries stay spaced */
	return d / 2 + (d / 2) * jitter(rng);
}
