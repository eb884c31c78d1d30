/* SPDX-License-Identifier: MIT */
/* Timing policy as pure functions of "now": the status poll, pacing from
 * RateLimit-* headers, and retry backoff.  The event loop asks these how
 * long to wait; nothing here sleeps.  The headers themselves are read (and
 * clamped) in header_numbers.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent-onboard/core/poll.h"

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
