/* SPDX-License-Identifier: MIT */
/* The blocking wait of `create --wait` and `status --wait`: polls one
 * registration on the core's schedule until it reaches a final state, the
 * timeout runs out or Ctrl-C.  What is final, and every decision on the
 * way, is the core's wait machine (core/wait_machine.h); this is its driver
 * over the API client and the event loop. */
#ifndef AO_CLI_WAIT_H
#define AO_CLI_WAIT_H

#include <signal.h>
#include <stdio.h>

#include "agent-onboard/core/response.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/wait_machine.h"   /* ao_wait_is_final, ao_wait_agent_auth_ready */

struct ao_api;

/* Default --timeout for --wait, in seconds. */
#define AO_WAIT_DEFAULT_TIMEOUT 900.0   /* the same as the wizard's */

struct ao_wait_spec {
	enum ao_kind kind;   /* AO_KIND_SOURCE or AO_KIND_AGENT */
	const char *id;      /* sourceId / agentId */
	double timeout;      /* seconds from the start of the wait; <= 0: none */
	int activate;        /* agents: PATCH status ACTIVE once auth is configured */
	int progress;        /* redraw a one-line progress report on stderr (a terminal) */
};

struct ao_wait_result {
	/* AO_OK (ACTIVE), AO_ERR_PENDING (timeout, or an agent that needs
	 * activation), AO_ERR_DISABLED, AO_ERR_INTERRUPTED, or the failure of
	 * the last request (AO_ERR_NETWORK, AO_ERR_UNAUTHORIZED ...). */
	enum ao_status status;
	int timed_out;
	int needs_activation;   /* an agent with auth configured, not activated */
	int activated;          /* the PATCH to ACTIVE was sent and accepted */
	char *message;          /* what ended the wait, for a person (never NULL after a run) */
	int explainable;        /* it ended PENDING at --timeout or DISABLED, with the platform
	                           answering: ao_cli_wait_report adds the explanation */
	unsigned checks;        /* GET requests made */
	double elapsed;         /* seconds */
};

void ao_wait_result_init(struct ao_wait_result *w);
void ao_wait_result_free(struct ao_wait_result *w);

/* Runs the wait.  *cur is the state known at the start (from the create
 * response, or a GET; its id and kind may be unset, then spec->id and
 * spec->kind are used) and holds the last state seen on return.  interrupt
 * (may be NULL) ends the wait within 100 ms when it becomes non-zero.
 * Returns w->status. */
enum ao_status ao_wait_run(struct ao_api *api, const struct ao_wait_spec *spec,
                           struct ao_resource *cur, const volatile sig_atomic_t *interrupt,
                           struct ao_wait_result *w);

struct ao_explain_options;
struct ao_resource;

/* Tells how a wait ended, on err: by w->message, and when w->explainable
 * (PENDING at --timeout, or DISABLED) with the explanation of `status
 * --explain` after it (cli/explain.h: verdict, evidence, fix), gathered now
 * for r within AO_WAIT_EXPLAIN_LIMIT seconds.  A wait cut while a check was
 * in flight, or held back by the platform's Retry-After, gets no
 * explanation: the platform is not answering in time, and the message
 * says how to keep waiting.  opts (may be NULL) is the credential for the
 * probe. */
#define AO_WAIT_EXPLAIN_LIMIT 20.0
void ao_cli_wait_report(FILE *err, struct ao_api *api, const struct ao_wait_result *w,
                        const struct ao_resource *r, const struct ao_explain_options *opts);

#endif
