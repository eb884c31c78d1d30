/* SPDX-License-Identifier: MIT */
/* The poll schedule, rate-limit pacing and backoff, simulated on a virtual
 * clock: the product's targets are checked as properties of the schedule. */
#include <math.h>

#include "testutil.h"

#include "agent-onboard/core/poll.h"

/* Polls from t=0 until activation at `active_at`; returns the detection
 * delay and stores the number of checks. */
static double
simulate(double active_at, unsigned seed, unsigned *checks)
{
	struct ao_poll p;
	double now = 0;

	ao_poll_start(&p, now, seed);
	*checks = 0;
	for (;;) {
		now += ao_poll_wait(&p, now);
		(*checks)++;
		if (now >= active_at)
			return now - active_at;
		ao_poll_checked(&p, now, NULL);
	}
}

static void
test_detects_within_2s_in_first_minute(void **state)
{
	unsigned checks, seed;
	double t;

	(void)state;
	for (seed = 1; seed < 50; seed++)
		for (t = 0.1; t < 60.0; t += 0.7)
			assert_true(simulate(t, seed, &checks) <= 2.0);
}

static void
test_under_30_requests_per_10_minutes_afterwards(void **state)
{
	struct ao_poll p;
	double now = 0, window_start;
	unsigned seed, in_window;

	(void)state;
	for (seed = 1; seed < 50; seed++) {
		ao_poll_start(&p, 0, seed);
		now = 0;
		/* any 10-minute window after the first minute */
		for (window_start = 60; window_start < 3600; window_start += 137) {
			in_window = 0;
			ao_poll_start(&p, 0, seed);
			now = 0;
			while (now < window_start + 600) {
				now += ao_poll_wait(&p, now);
				if (now >= window_start && now < window_start + 600)
					in_window++;
				ao_poll_checked(&p, now, NULL);
			}
			assert_true(in_window < 30);
		}
	}
	(void)now;
}

static void
test_slow_phase_never_exceeds_cap(void **state)
{
	struct ao_poll p;
	double now = 0, last = 0;
	int i;

	(void)state;
	ao_poll_start(&p, 0, 7);
	for (i = 0; i < 500; i++) {
		now += ao_poll_wait(&p, now);
		if (now > 120)
			assert_true(now - last <= AO_POLL_SLOW_MAX * 1.1 + 1e-9);
		last = now;
		ao_poll_checked(&p, now, NULL);
	}
}

static void
test_check_now_returns_to_fast_phase(void **state)
{
	struct ao_poll p;
	double now = 0;

	(void)state;
	ao_poll_start(&p, 0, 3);
	while (now < 300) {
		now += ao_poll_wait(&p, now);
		ao_poll_checked(&p, now, NULL);
	}
	assert_true(ao_poll_wait(&p, now) > 10);
	ao_poll_check_now(&p, now);
	assert_true(ao_poll_wait(&p, now) == 0);
	ao_poll_checked(&p, now, NULL);
	assert_true(ao_poll_wait(&p, now) <= AO_POLL_FAST);
}

static void
test_retry_after_and_ratelimit_headers(void **state)
{
	struct ao_rate_info ri;
	struct ao_poll p;

	(void)state;
	ao_rate_info_init(&ri);
	assert_true(ao_rate_info_header(&ri, "Retry-After: 12", 0));
	assert_true(ao_rate_info_header(&ri, "ratelimit-remaining: 0", 0));
	assert_true(ao_rate_info_header(&ri, "RateLimit-Reset: 30", 0));
	assert_true(ao_rate_info_header(&ri, "RateLimit-Limit: 100", 0));
	assert_false(ao_rate_info_header(&ri, "Content-Type: x", 0));
	assert_true(fabs(ri.retry_after - 12) < 1e-9);
	assert_int_equal(ri.remaining, 0);
	assert_int_equal(ri.limit, 100);
	ao_poll_start(&p, 0, 1);
	ao_poll_checked(&p, 5, &ri);   /* fast phase, but the server asked for 30 s */
	assert_true(ao_poll_wait(&p, 5) >= 30 - 1e-9);
	/* HTTP-date form */
	ao_rate_info_init(&ri);
	assert_true(ao_rate_info_header(&ri, "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0));
	assert_true(fabs(ri.retry_after - 10) < 1e-9);
}

/* The combined header of the draft the platform's docs name (what
 * express-rate-limit's draft-7 mode sends), and the later drafts' form. */
static void
test_combined_ratelimit_header(void **state)
{
	struct ao_rate_info ri;
	struct ao_pacer pc;

	(void)state;
	ao_rate_info_init(&ri);
	assert_true(ao_rate_info_header(&ri, "RateLimit: limit=100, remaining=0, reset=30", 0));
	assert_int_equal(ri.limit, 100);
	assert_int_equal(ri.remaining, 0);
	assert_true(fabs(ri.reset - 30) < 1e-9);
	/* an exhausted budget read from it makes the pacer wait for the reset */
	ao_pacer_init(&pc);
	ao_pacer_update(&pc, 0, &ri);
	assert_true(ao_pacer_delay(&pc, 0) >= 30 - 1e-9);

	ao_rate_info_init(&ri);
	assert_true(ao_rate_info_header(&ri, "ratelimit: \"default\";r=7;t=12", 0));
	assert_int_equal(ri.remaining, 7);
	assert_true(fabs(ri.reset - 12) < 1e-9);
	/* garbage leaves it unknown, never a bogus 0 */
	ao_rate_info_init(&ri);
	assert_true(ao_rate_info_header(&ri, "RateLimit: remaining=, reset=x, =5, limit", 0));
	assert_true(ri.remaining < 0);
	assert_true(ri.reset < 0);
}

/* What a hostile or broken server can send: every wait it causes is
 * finite and at most AO_SERVER_WAIT_MAX, and what it asked is kept
 * (bounded) so a long Retry-After is reported, not waited. */
static void
test_hostile_header_values_are_clamped(void **state)
{
	static const struct {
		const char *line;
		double wait;    /* retry_after / reset after parsing; -1 = ignored */
		double asked;   /* retry_after_asked; -1 = ignored */
	} cases[] = {
		{ "Retry-After: 3600", AO_SERVER_WAIT_MAX, 3600 },
		{ "Retry-After: 999999999", AO_SERVER_WAIT_MAX, AO_SERVER_ASKED_MAX },
		{ "Retry-After: 99999999999999999999999999999999999", AO_SERVER_WAIT_MAX, AO_SERVER_ASKED_MAX },
		{ "Retry-After: inf", -1, -1 },
		{ "Retry-After: 1e999", -1, -1 },
		{ "Retry-After: nan", -1, -1 },
		{ "Retry-After: -5", -1, -1 },
		{ "Retry-After: 0x10", -1, -1 },
		{ "Retry-After: 2.5", 2.5, 2.5 },
		{ "Retry-After: Fri, 31 Dec 9999 23:59:59 GMT", AO_SERVER_WAIT_MAX, AO_SERVER_ASKED_MAX },
		{ "Retry-After: Wed, 21 Oct -2147483648 07:28:00 GMT", -1, -1 },
		{ "Retry-After: Wed, 99 Oct 2015 99:28:00 GMT", -1, -1 },
		{ "Retry-After: Wed, 21 Oct 1969 07:28:00 GMT", -1, -1 },
		{ "Retry-After: Wed, 21 Oct 2015 07:27:00 GMT", 0, 0 },   /* in the past: now */
	};
	struct ao_rate_info ri;
	struct ao_pacer pc;
	size_t i;
	double now = 1445412470.0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ao_rate_info_init(&ri);
		assert_true(ao_rate_info_header(&ri, cases[i].line, now));
		if (fabs(ri.retry_after - cases[i].wait) > 1e-9 || fabs(ri.retry_after_asked - cases[i].asked) > 1e-9)
			fail_msg("%s: wait %g asked %g, want %g and %g", cases[i].line, ri.retry_after,
			         ri.retry_after_asked, cases[i].wait, cases[i].asked);
	}
	/* RateLimit-Reset, alone, as an epoch and in the combined header */
	ao_rate_info_init(&ri);
	ao_rate_info_header(&ri, "RateLimit-Reset: 86399", now);
	assert_true(fabs(ri.reset - AO_SERVER_WAIT_MAX) < 1e-9);
	ao_rate_info_init(&ri);
	ao_rate_info_header(&ri, "X-RateLimit-Reset: 99999999999999", now);
	assert_true(fabs(ri.reset - AO_SERVER_WAIT_MAX) < 1e-9);
	ao_rate_info_init(&ri);
	ao_rate_info_header(&ri, "RateLimit-Reset: inf", now);
	assert_true(ri.reset < 0);
	ao_rate_info_init(&ri);
	ao_rate_info_header(&ri, "RateLimit: limit=100, remaining=0, reset=1e999", now);
	assert_true(ri.reset < 0);
	ao_rate_info_header(&ri, "RateLimit: remaining=0, reset=nan", now);
	assert_true(ri.reset < 0);
	ao_rate_info_header(&ri, "RateLimit: remaining=0, reset=7200", now);
	assert_true(fabs(ri.reset - AO_SERVER_WAIT_MAX) < 1e-9);
	ao_rate_info_header(&ri, "RateLimit-Remaining: 99999999999999999999999", now);
	assert_true(ri.remaining > 0);
	/* the pacer, fed a 200 answer asking for an hour, waits the maximum */
	ao_rate_info_init(&ri);
	ao_rate_info_header(&ri, "Retry-After: 3600", now);
	ao_pacer_init(&pc);
	ao_pacer_update(&pc, 10, &ri);
	assert_true(fabs(ao_pacer_delay(&pc, 10) - AO_SERVER_WAIT_MAX) < 1e-9);
	assert_true(fabs(ao_rate_info_wait(&ri) - AO_SERVER_WAIT_MAX) < 1e-9);
}

static void
test_pacer_waits_only_when_exhausted(void **state)
{
	struct ao_rate_info ri;
	struct ao_pacer pc;

	(void)state;
	ao_pacer_init(&pc);
	ao_rate_info_init(&ri);
	assert_true(ao_pacer_delay(&pc, 0) == 0);
	ri.limit = 100;
	ri.remaining = 1;    /* budget left: no waiting, however little */
	ri.reset = 20;
	ao_pacer_update(&pc, 100, &ri);
	assert_true(ao_pacer_delay(&pc, 100) == 0);
	ri.remaining = 0;
	ri.reset = 45;
	ao_pacer_update(&pc, 100, &ri);
	assert_true(fabs(ao_pacer_delay(&pc, 100) - 45.0) < 1e-9);
	assert_true(ao_pacer_delay(&pc, 200) == 0);
}

static void
test_backoff_grows_and_is_capped(void **state)
{
	unsigned rng = 42, attempt;
	double d;

	(void)state;
	for (attempt = 1; attempt < 20; attempt++) {
		double full = 0.5 * pow(2, attempt - 1);

		if (full > 8)
			full = 8;
		d = ao_backoff_delay(attempt, 0.5, 8, &rng);
		assert_true(d >= full / 2 - 1e-9);
		assert_true(d <= full + 1e-9);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detects_within_2s_in_first_minute),
		cmocka_unit_test(test_under_30_requests_per_10_minutes_afterwards),
		cmocka_unit_test(test_slow_phase_never_exceeds_cap),
		cmocka_unit_test(test_check_now_returns_to_fast_phase),
		cmocka_unit_test(test_retry_after_and_ratelimit_headers),
		cmocka_unit_test(test_hostile_header_values_are_clamped),
		cmocka_unit_test(test_combined_ratelimit_header),
		cmocka_unit_test(test_pacer_waits_only_when_exhausted),
		cmocka_unit_test(test_backoff_grows_and_is_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
