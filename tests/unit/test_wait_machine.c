/* SPDX-License-Identifier: MIT */
/* The wait's decisions on a virtual clock: a driver that answers each step
 * from a script of what the platform says, so every way a wait can end is
 * checked in order, without a network or a real second passing. */
#include "testutil.h"

#include "agent-onboard/core/wait_machine.h"

static struct ao_resource
reg(enum ao_kind kind, enum ao_reg_status st, const char *auth_type, int auth_configured)
{
	struct ao_resource r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.status = st;
	r.auth_type = (char *)auth_type;
	r.auth_configured = auth_configured;
	return r;
}

/* The platform as a script: the status of the n-th check (the last entry
 * repeats), and what a check or PATCH returns. */
struct platform {
	enum ao_kind kind;
	const char *auth_type;
	enum ao_reg_status statuses[8];
	int n_statuses;
	enum ao_status check_status;    /* AO_OK, or a failure of every check */
	double check_takes;             /* seconds a check takes */
	enum ao_status patch_status;
	double patch_takes;
	int patches;
	int patched;                    /* the platform took the PATCH: ACTIVE from then on */
	unsigned checks;
	int interrupt_after_checks;     /* 0: never */
};

/* Drives m until it ends; returns the virtual time at the end. */
static double
drive(struct ao_wait_machine *m, struct platform *p, double now)
{
	double until = 0;
	int steps = 0;

	for (;;) {
		int interrupted = p->interrupt_after_checks > 0 && (int)p->checks >= p->interrupt_after_checks;
		enum ao_wait_do d = ao_wait_machine_next(m, now, interrupted, &until);

		assert_true(++steps < 10000);   /* a machine that never ends is a bug */
		if (d == AO_WAIT_DO_END)
			return now;
		if (d == AO_WAIT_DO_SLEEP) {
			assert_true(until > now);
			if (m->deadline > 0)
				assert_true(until <= m->deadline);
			now = until;
		} else if (d == AO_WAIT_DO_CHECK) {
			int i = (int)p->checks < p->n_statuses ? (int)p->checks : p->n_statuses - 1;
			struct ao_resource r = reg(p->kind, p->patched ? AO_ST_ACTIVE : p->statuses[i], p->auth_type, -1);
			double done = now + p->check_takes;

			p->checks++;
			if (m->deadline > 0 && done > m->deadline) {
				now = m->deadline;
				ao_wait_machine_checked(m, now, AO_ERR_TIMEOUT, NULL, 1, AO_OK, NULL);
			} else {
				now = done;
				ao_wait_machine_checked(m, now, p->check_status,
				                        p->check_status == AO_OK ? &r : NULL, 0, AO_OK, NULL);
			}
		} else {
			double done = now + p->patch_takes;

			p->patches++;
			if (m->deadline > 0 && done > m->deadline) {
				now = m->deadline;
				ao_wait_machine_activated(m, now, AO_ERR_TIMEOUT, 1);
			} else {
				now = done;
				if (p->patch_status == AO_OK)
					p->patched = 1;
				ao_wait_machine_activated(m, now, p->patch_status, 0);
			}
		}
	}
}

static void
test_source_pending_then_active(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING, AO_ST_PENDING, AO_ST_ACTIVE }, 3,
	                      AO_OK, 0.1, AO_OK, 0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;
	double end;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, NULL, 1);
	end = drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_ACTIVE);
	assert_int_equal(m.status_out, AO_OK);
	assert_int_equal(p.checks, 3);         /* looked up at once, then on the schedule */
	assert_int_equal(m.checks, 3);
	assert_true(end >= 2 * AO_POLL_FAST * 0.9);   /* it slept between checks */
	assert_false(m.timed_out);
	assert_int_equal(p.patches, 0);        /* sources are never PATCHed */
}

static void
test_known_state_is_not_checked_again_at_once(void **state)
{
	struct ao_resource known = reg(AO_KIND_SOURCE, AO_ST_PENDING, "API_KEY", -1);
	struct ao_wait_machine m;
	double until = 0;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, &known, 1);
	assert_int_equal(ao_wait_machine_next(&m, 0, 0, &until), AO_WAIT_DO_SLEEP);
	assert_true(until > 0);
	/* and an ACTIVE one ends the wait without a request */
	known.status = AO_ST_ACTIVE;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, &known, 1);
	assert_int_equal(ao_wait_machine_next(&m, 0, 0, &until), AO_WAIT_DO_END);
	assert_int_equal(m.end, AO_WAIT_END_ACTIVE);
	assert_int_equal(m.checks, 0);
}

static void
test_disabled_ends(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING, AO_ST_DISABLED }, 2,
	                      AO_OK, 0.1, AO_OK, 0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_DISABLED);
	assert_int_equal(m.status_out, AO_ERR_DISABLED);
	assert_int_equal(p.checks, 2);
}

/* A check answered PENDING with a Retry-After beyond the remaining
 * --timeout: the wait sleeps to the deadline, not past it, ends there, and
 * knows the platform asked to come back later. */
static void
test_retry_after_past_the_deadline(void **state)
{
	struct ao_wait_machine m;
	struct ao_rate_info ri;
	struct ao_resource r = reg(AO_KIND_SOURCE, AO_ST_PENDING, "API_KEY", -1);
	double until = 0;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 20, NULL, 1);
	assert_int_equal(ao_wait_machine_next(&m, 0, 0, &until), AO_WAIT_DO_CHECK);
	ao_rate_info_init(&ri);
	ao_rate_info_header(&ri, "Retry-After: 3600", 0);   /* clamped to 60 s, still past 20 */
	ao_wait_machine_checked(&m, 1, AO_OK, &r, 0, AO_OK, &ri);
	assert_true(m.asked_later);
	assert_int_equal(ao_wait_machine_next(&m, 1, 0, &until), AO_WAIT_DO_SLEEP);
	assert_true(until <= 20);
	assert_int_equal(ao_wait_machine_next(&m, 20, 0, &until), AO_WAIT_DO_END);
	assert_int_equal(m.end, AO_WAIT_END_TIMEOUT);
	/* a wait that fits leaves it unset */
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, NULL, 1);
	ao_wait_machine_next(&m, 0, 0, &until);
	ao_wait_machine_checked(&m, 1, AO_OK, &r, 0, AO_OK, &ri);
	assert_false(m.asked_later);
}

static void
test_timeout_ends_at_the_deadline(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING }, 1, AO_OK, 0.1, AO_OK, 0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;
	double end;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 10, NULL, 1);
	end = drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_TIMEOUT);
	assert_int_equal(m.status_out, AO_ERR_PENDING);
	assert_true(m.timed_out);
	assert_true(end >= 10 && end < 10.001);   /* not a sleep past it */
	assert_true(p.checks >= 5);              /* fast checks in the first minute */
}

static void
test_timeout_abandons_a_slow_check(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING }, 1, AO_OK, 30, AO_OK, 0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;
	double end;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 1, NULL, 1);
	end = drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_TIMEOUT_CUT);
	assert_int_equal(m.status_out, AO_ERR_PENDING);
	assert_true(end <= 1.0);
	assert_int_equal(p.checks, 1);
}

static void
test_failing_checks_until_the_deadline(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING }, 1, AO_ERR_SERVER, 0.1, AO_OK, 0.1,
	                      0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 20, NULL, 1);
	drive(&m, &p, 0);
	/* a 5xx only costs that check: the schedule goes on to the deadline */
	assert_int_equal(m.end, AO_WAIT_END_FAILING);
	assert_int_equal(m.status_out, AO_ERR_SERVER);
	assert_true(p.checks > 3);
}

static void
test_a_failure_the_next_check_would_repeat_ends_at_once(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING }, 1, AO_ERR_UNAUTHORIZED, 0.1, AO_OK,
	                      0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_CHECK_FAILED);
	assert_int_equal(m.status_out, AO_ERR_UNAUTHORIZED);
	assert_int_equal(p.checks, 1);
	assert_false(m.timed_out);
}

static void
test_interrupt_ends_before_the_next_request(void **state)
{
	struct platform p = { AO_KIND_SOURCE, "API_KEY", { AO_ST_PENDING }, 1, AO_OK, 0.1, AO_OK, 0.1, 0, 0, 0, 2 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_SOURCE, 0, 0, 900, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_INTERRUPTED);
	assert_int_equal(m.status_out, AO_ERR_INTERRUPTED);
	assert_int_equal(p.checks, 2);
}

static void
test_agent_is_activated_once_then_read_back(void **state)
{
	struct platform p = { AO_KIND_AGENT, "API_KEY", { AO_ST_PENDING }, 1, AO_OK, 0.1, AO_OK, 0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_AGENT, 1, 0, 900, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_ACTIVE);
	assert_int_equal(p.patches, 1);
	assert_true(m.patched);
	/* the look-up, then the read-back at once after the PATCH */
	assert_int_equal(p.checks, 2);
}

static void
test_agent_without_activate_stops_ready(void **state)
{
	struct platform p = { AO_KIND_AGENT, "API_KEY", { AO_ST_PENDING }, 1, AO_OK, 0.1, AO_OK, 0.1, 0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_AGENT, 0, 0, 900, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_NEEDS_ACTIVATION);
	assert_int_equal(m.status_out, AO_ERR_PENDING);
	assert_int_equal(p.patches, 0);
}

static void
test_agent_patch_refused(void **state)
{
	struct platform p = { AO_KIND_AGENT, "NO_AUTH", { AO_ST_PENDING }, 1, AO_OK, 0.1, AO_ERR_HTTP_CLIENT, 0.1,
	                      0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_AGENT, 1, 0, 900, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_ACTIVATE_FAILED);
	assert_int_equal(m.status_out, AO_ERR_HTTP_CLIENT);
	assert_int_equal(p.patches, 1);
}

/* The PATCH is cut by the deadline: the wait ends there, and is never
 * re-sent after the deadline (it would only be abandoned again). */
static void
test_deadline_during_patch_ends_without_resending(void **state)
{
	struct platform p = { AO_KIND_AGENT, "API_KEY", { AO_ST_PENDING }, 1, AO_OK, 0.1, AO_OK, 60, 0, 0, 0, 0 };
	struct ao_wait_machine m;

	(void)state;
	ao_wait_machine_start(&m, AO_KIND_AGENT, 1, 0, 5, NULL, 1);
	drive(&m, &p, 0);
	assert_int_equal(m.end, AO_WAIT_END_TIMEOUT_CUT);
	assert_int_equal(p.patches, 1);
}

/* An OAuth agent is not ready while its authorization URL is pending. */
static void
test_oauth_agent_waits_for_consent(void **state)
{
	struct ao_resource r = reg(AO_KIND_AGENT, AO_ST_PENDING, "OAUTH", -1);

	(void)state;
	r.oauth_url = (char *)"https://auth.example/authorize";
	assert_false(ao_wait_agent_auth_ready(&r));
	assert_false(ao_wait_is_final(&r, 0));
	r.oauth_url = NULL;
	assert_true(ao_wait_agent_auth_ready(&r));
	assert_true(ao_wait_is_final(&r, 0));
	assert_false(ao_wait_is_final(&r, 1));
	r.auth_configured = 0;
	assert_false(ao_wait_agent_auth_ready(&r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_pending_then_active),
		cmocka_unit_test(test_known_state_is_not_checked_again_at_once),
		cmocka_unit_test(test_disabled_ends),
		cmocka_unit_test(test_timeout_ends_at_the_deadline),
		cmocka_unit_test(test_retry_after_past_the_deadline),
		cmocka_unit_test(test_timeout_abandons_a_slow_check),
		cmocka_unit_test(test_failing_checks_until_the_deadline),
		cmocka_unit_test(test_a_failure_the_next_check_would_repeat_ends_at_once),
		cmocka_unit_test(test_interrupt_ends_before_the_next_request),
		cmocka_unit_test(test_agent_is_activated_once_then_read_back),
		cmocka_unit_test(test_agent_without_activate_stops_ready),
		cmocka_unit_test(test_agent_patch_refused),
		cmocka_unit_test(test_deadline_during_patch_ends_without_resending),
		cmocka_unit_test(test_oauth_agent_waits_for_consent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
