/* SPDX-License-Identifier: MIT */
/* The wait as a state machine; see wait_machine.h. */
#include <string.h>

#include "agent-onboard/core/wait_machine.h"

static int
is_oauth(const struct ao_resource *r)
{
	return r->auth_type != NULL && strcmp(r->auth_type, "OAUTH") == 0;
}

int
ao_wait_agent_auth_ready(const struct ao_resource *r)
{
	if (r->auth_configured == 1)
		return 1;
	if (r->auth_type != NULL && strcmp(r->auth_type, "NO_AUTH") == 0)
		return 1;
	/* a platform that does not report authConfigured: a credential sent
	 * with the registration is configured; OAuth is only known to be done
	 * once the pending authorization URL is gone */
	if (r->auth_configured < 0)
		return is_oauth(r) ? r->oauth_url == NULL : 1;
	return 0;
}

int
ao_wait_is_final(const struct ao_resource *r, int activate)
{
	if (r->status == AO_ST_ACTIVE || r->status == AO_ST_DISABLED)
		return 1;
	if (r->kind == AO_KIND_AGENT && r->status == AO_ST_PENDING)
		return !activate && ao_wait_agent_auth_ready(r);
	return 0;
}

int
ao_wait_transient(enum ao_status st)
{
	return st == AO_ERR_NETWORK || st == AO_ERR_TIMEOUT || st == AO_ERR_SERVER ||
	       st == AO_ERR_RATE_LIMITED || st == AO_ERR_PARSE || st == AO_ERR_TOO_LARGE;
}

static void
seen(struct ao_wait_machine *m, const struct ao_resource *r)
{
	m->known = 1;
	m->status = r->status;
	m->auth_ready = ao_wait_agent_auth_ready(r);
}

void
ao_wait_machine_start(struct ao_wait_machine *m, enum ao_kind kind, int activate, double now,
                      double timeout, const struct ao_resource *known, unsigned seed)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->activate = activate;
	m->start = now;
	m->deadline = timeout > 0 ? now + timeout : 0;
	m->last_err = AO_OK;
	m->status_out = AO_OK;
	ao_poll_start(&m->poll, now, seed);
	if (known != NULL) {
		seen(m, known);
		/* what we were given counts as a check */
		ao_poll_checked(&m->poll, now, NULL);
	} else {
		m->check_now = 1;
	}
}

static enum ao_wait_do
finish(struct ao_wait_machine *m, enum ao_wait_end end, enum ao_status st)
{
	m->end = end;
	m->status_out = st;
	return AO_WAIT_DO_END;
}

enum ao_wait_do
ao_wait_machine_next(struct ao_wait_machine *m, double now, int interrupted, double *until)
{
	int ready_agent;

	if (m->end != AO_WAIT_END_NONE)
		return AO_WAIT_DO_END;
	if (interrupted)
		return finish(m, AO_WAIT_END_INTERRUPTED, AO_ERR_INTERRUPTED);
	ready_agent = m->kind == AO_KIND_AGENT && m->status == AO_ST_PENDING && m->auth_ready;
	if (m->known && !m->check_now) {
		if (m->status == AO_ST_ACTIVE)
			return finish(m, AO_WAIT_END_ACTIVE, AO_OK);
		if (m->status == AO_ST_DISABLED)
			return finish(m, AO_WAIT_END_DISABLED, AO_ERR_DISABLED);
		if (ready_agent && !m->activate)
			return finish(m, AO_WAIT_END_NEEDS_ACTIVATION, AO_ERR_PENDING);
	}
	/* the deadline comes before any new request, the PATCH included: a
	 * request sent after it could only be abandoned at once */
	if (m->deadline > 0 && now >= m->deadline) {
		m->timed_out = 1;
		if (m->last_err != AO_OK)
			return finish(m, AO_WAIT_END_FAILING, m->last_err);
		return finish(m, m->cut ? AO_WAIT_END_TIMEOUT_CUT : AO_WAIT_END_TIMEOUT, AO_ERR_PENDING);
	}
	if (m->known && !m->check_now && ready_agent && !m->patched)
		return AO_WAIT_DO_ACTIVATE;
	if (!m->check_now) {
		double wait = ao_poll_wait(&m->poll, now);

		if (wait > 0) {
			*until = now + wait;
			if (m->deadline > 0 && *until > m->deadline)
				*until = m->deadline;
			return AO_WAIT_DO_SLEEP;
		}
	}
	return AO_WAIT_DO_CHECK;
}

void
ao_wait_machine_checked(struct ao_wait_machine *m, double now, enum ao_status st,
                        const struct ao_resource *r, int deadline_passed, enum ao_status retry_status,
                        const struct ao_rate_info *rate)
{
	m->checks++;
	ao_poll_checked(&m->poll, now, rate);
	/* the wait it asks for is clamped (header_numbers.c); one that still
	 * outlasts --timeout ends the wait at the deadline, saying why */
	m->asked_later = rate != NULL && m->deadline > 0 && ao_rate_info_wait(rate) > 0 &&
	                 now + ao_rate_info_wait(rate) > m->deadline;
	/* an interrupted check is not a check: the loop ends on the flag */
	if (st != AO_ERR_INTERRUPTED)
		m->check_now = 0;
	if (deadline_passed) {
		/* if it had failed and was waiting for its retry, that failure
		 * is the latest news */
		m->cut = 1;
		if (retry_status != AO_OK)
			m->last_err = retry_status;
	} else if (st == AO_OK) {
		if (r != NULL)
			seen(m, r);
		m->last_err = AO_OK;
	} else if (st == AO_ERR_INTERRUPTED) {
		/* seen by the next step */
	} else if (ao_wait_transient(st)) {
		/* the client has retried already; keep the schedule going */
		m->last_err = st;
	} else {
		/* 401/403/404/4xx: the next check would say the same */
		finish(m, AO_WAIT_END_CHECK_FAILED, st);
	}
}

void
ao_wait_machine_activated(struct ao_wait_machine *m, double now, enum ao_status st, int deadline_passed)
{
	if (deadline_passed) {
		m->cut = 1;
		return;
	}
	if (st == AO_ERR_INTERRUPTED)
		return;
	if (st != AO_OK) {
		finish(m, AO_WAIT_END_ACTIVATE_FAILED, st);
		return;
	}
	m->patched = 1;
	/* the PATCH answer is a summary ({agentId, status, updatedFields}):
	 * read the whole agent back at once */
	m->check_now = 1;
	ao_poll_check_now(&m->poll, now);
}
