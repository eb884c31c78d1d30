/* SPDX-License-Identifier: MIT */
/* The decisions of a wait for a registration to leave PENDING, as a state
 * machine of "now" and of what the checks answered, so every path (final
 * states, activation of partner agents, --timeout cutting a request in
 * flight, failures that the next check may not have, Ctrl-C) is unit-tested
 * without a network or a clock.  cli/wait.c is the driver: it asks what to
 * do next, does it (a GET, the PATCH to ACTIVE, a sleep in the event loop),
 * feeds the outcome back and words the end for a person.
 *
 * Final states:
 *   - ACTIVE, DISABLED;
 *   - an inventory source leaves PENDING by itself (also after OAuth
 *     consent: the platform sets authConfigured, then activates it);
 *   - a partner agent never activates by itself (reference §3.3): once its
 *     auth is configured (OAuth consent done, or a credential / NO_AUTH) it
 *     is PATCHed to ACTIVE when activation was asked for; otherwise the wait
 *     ends there, since nothing more will happen.
 *
 * --timeout is a deadline for the whole wait, requests included: one still
 * in flight when it passes is abandoned by the driver and reported with
 * deadline_passed; the machine then ends with what it last really saw. */
#ifndef AO_CORE_WAIT_MACHINE_H
#define AO_CORE_WAIT_MACHINE_H

#include "agent-onboard/core/poll.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/status.h"

/* What the driver does next. */
enum ao_wait_do {
	AO_WAIT_DO_CHECK,      /* GET the registration, then ao_wait_machine_checked */
	AO_WAIT_DO_ACTIVATE,   /* PATCH status ACTIVE, then ao_wait_machine_activated */
	AO_WAIT_DO_SLEEP,      /* sleep until *until (or an interrupt), then ask again */
	AO_WAIT_DO_END,        /* done: see m->end and m->status */
};

/* Why the wait ended. */
enum ao_wait_end {
	AO_WAIT_END_NONE = 0,
	AO_WAIT_END_ACTIVE,
	AO_WAIT_END_DISABLED,
	AO_WAIT_END_NEEDS_ACTIVATION,  /* an agent ready to activate; activation not asked for */
	AO_WAIT_END_TIMEOUT,           /* --timeout; the last check answered */
	AO_WAIT_END_TIMEOUT_CUT,       /* --timeout while a request was in flight (abandoned) */
	AO_WAIT_END_FAILING,           /* --timeout; the checks since the last answer all failed */
	AO_WAIT_END_CHECK_FAILED,      /* a check failed in a way the next one will not fix */
	AO_WAIT_END_ACTIVATE_FAILED,   /* the PATCH to ACTIVE was refused or failed */
	AO_WAIT_END_INTERRUPTED,       /* Ctrl-C, SIGTERM, SIGHUP */
};

struct ao_wait_machine {
	enum ao_kind kind;
	int activate;             /* agents: PATCH to ACTIVE once auth is configured */
	double start;
	double deadline;          /* 0: none */
	struct ao_poll poll;
	/* the registration as last seen */
	int known;                /* a state was given or a check answered */
	enum ao_reg_status status;
	int auth_ready;           /* agents: see ao_wait_agent_auth_ready */
	/* progress */
	int check_now;            /* the next step is a check, not a sleep */
	int patched;              /* the PATCH to ACTIVE was accepted */
	int cut;                  /* the deadline abandoned a request in flight */
	enum ao_status last_err;  /* the latest check's transient failure, AO_OK after an answer */
	int asked_later;          /* the platform's latest Retry-After / RateLimit-Reset reaches
	                           * past the deadline: it asked to come back later than that */
	unsigned checks;          /* checks made (answered or not) */
	/* the end */
	enum ao_wait_end end;
	enum ao_status status_out; /* AO_OK (ACTIVE), AO_ERR_PENDING, AO_ERR_DISABLED, ... */
	int timed_out;
};

/* Starts a wait at now.  known is the state at hand (the create's answer,
 * or a GET), or NULL: then the first step is a check.  timeout <= 0: none. */
void ao_wait_machine_start(struct ao_wait_machine *m, enum ao_kind kind, int activate, double now,
                           double timeout, const struct ao_resource *known, unsigned seed);

/* What to do next at now; *until is set for AO_WAIT_DO_SLEEP (never past the
 * deadline).  interrupted: a signal asked to stop. */
enum ao_wait_do ao_wait_machine_next(struct ao_wait_machine *m, double now, int interrupted,
                                     double *until);

/* A check ended at now with st.  r is what it read (st == AO_OK);
 * deadline_passed: the deadline abandoned it, and retry_status is the
 * failure it was waiting to retry, if any; rate may be NULL. */
void ao_wait_machine_checked(struct ao_wait_machine *m, double now, enum ao_status st,
                             const struct ao_resource *r, int deadline_passed,
                             enum ao_status retry_status, const struct ao_rate_info *rate);

/* The PATCH to ACTIVE ended at now with st (deadline_passed as above). */
void ao_wait_machine_activated(struct ao_wait_machine *m, double now, enum ao_status st,
                               int deadline_passed);

/* Failures of one check that the next check may not have: the network, the
 * server (5xx, 429 after the client's own retries) and answers that cannot
 * be read (truncated, HTML: a proxy's error page; too large). */
int ao_wait_transient(enum ao_status st);

/* Whether an agent's auth is far enough along to be activated. */
int ao_wait_agent_auth_ready(const struct ao_resource *r);
/* Whether r's state will not change by itself any more (for agents,
 * activate says whether we would PATCH it). */
int ao_wait_is_final(const struct ao_resource *r, int activate);

#endif
