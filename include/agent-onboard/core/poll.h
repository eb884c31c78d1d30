/* SPDX-License-Identifier: MIT */
/* Timing decisions, as pure functions of "now" so they are unit-tested
 * without sleeping: the status poll schedule, rate-limit pacing and retry
 * backoff.  Times are seconds on a monotonic clock (double). */
#ifndef AO_CORE_POLL_H
#define AO_CORE_POLL_H

/* The longest wait a server can impose on us through Retry-After or
 * RateLimit-Reset: longer values (an hour, 1e999, inf, a date in year
 * 9999) are clamped to it when parsed, so no header can stall a run for
 * longer.  retry_after_asked keeps what was asked (at most
 * AO_SERVER_ASKED_MAX), so a 429 or 503 asking for more than the client
 * is willing to wait is reported instead of retried. */
#define AO_SERVER_WAIT_MAX 60.0
#define AO_SERVER_ASKED_MAX 86400.0

/* What a response said about rate limits; -1 = header absent. */
struct ao_rate_info {
	double retry_after;       /* Retry-After (seconds), at most AO_SERVER_WAIT_MAX */
	double retry_after_asked; /* Retry-After as asked, at most AO_SERVER_ASKED_MAX */
	long remaining;           /* RateLimit-Remaining */
	double reset;             /* RateLimit-Reset (seconds from now), at most AO_SERVER_WAIT_MAX */
	long limit;               /* RateLimit-Limit */
};

void ao_rate_info_init(struct ao_rate_info *ri);
/* Parses one response header line ("RateLimit-Remaining: 3") into ri;
 * returns 1 if it was one of ours. Retry-After in HTTP-date form is
 * accepted when now_epoch is given (seconds since the epoch). */
int ao_rate_info_header(struct ao_rate_info *ri, const char *line, double now_epoch);
/* A header's number of seconds to wait: delta-seconds (digits, optionally
 * a fraction) or, when now_epoch > 0, an IMF-fixdate; -1 when it is neither
 * (negative, "inf", "1e999", "nan", garbage, a year outside 1970-9999).
 * The result is finite and at most AO_SERVER_ASKED_MAX. */
double ao_header_seconds(const char *value, double now_epoch);
/* How long the server asked to wait before the next request (Retry-After,
 * or RateLimit-Reset once the budget is spent), clamped; 0 if nothing. */
double ao_rate_info_wait(const struct ao_rate_info *ri);

/* Spacing of all calls to the platform: never faster than the server's
 * budget allows.  Calls go out at once while the window has budget left;
 * at RateLimit-Remaining 0 they wait for RateLimit-Reset, and after a
 * Retry-After for that long.  After a response, ao_pacer_update; before a request,
 * ao_pacer_delay says how long to wait. */
struct ao_pacer {
	double not_before;
};
void ao_pacer_init(struct ao_pacer *p);
void ao_pacer_update(struct ao_pacer *p, double now, const struct ao_rate_info *ri);
double ao_pacer_delay(const struct ao_pacer *p, double now);

/* The status poll: every AO_POLL_FAST seconds during the first
 * AO_POLL_FAST_WINDOW seconds (activation seen within 2 s), then doubling
 * up to AO_POLL_SLOW_MAX (under 30 requests per 10 minutes), with +-10%
 * jitter; "check now" returns to the fast phase. */
#define AO_POLL_FAST 1.5
#define AO_POLL_FAST_WINDOW 60.0
#define AO_POLL_SLOW_MIN 3.0
#define AO_POLL_SLOW_MAX 30.0

struct ao_poll {
	double phase_start;   /* start of the current fast phase */
	double due;           /* when the next check is due */
	double interval;      /* last interval used in the slow phase */
	unsigned checks;      /* checks made */
	unsigned rng;         /* jitter state */
};

void ao_poll_start(struct ao_poll *p, double now, unsigned seed);
/* Records a completed check at now and schedules the next one, never before
 * what the rate limit allows (ri may be NULL). */
void ao_poll_checked(struct ao_poll *p, double now, const struct ao_rate_info *ri);
/* "r: check now": due immediately and back in the fast phase. */
void ao_poll_check_now(struct ao_poll *p, double now);
/* Seconds until the next check (0 when due). */
double ao_poll_wait(const struct ao_poll *p, double now);

/* Delay before retry number attempt (1, 2, ...) of an idempotent request:
 * exponential from base, capped, with full jitter from *rng. */
double ao_backoff_delay(unsigned attempt, double base, double cap, unsigned *rng);

#endif
