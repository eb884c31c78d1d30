/* SPDX-License-Identifier: MIT */
/* Why a registration is in its state: gathers the evidence -- for
 * inventory sources what the platform says (readiness, diagnostics, the
 * discovery test), for sources and partner agents our own probe of the
 * endpoint -- and hands core/explain.h's verdict, evidence and fix back,
 * on the loop.  Used by `status --explain` and the CLI waits that did not
 * end ACTIVE (cli/explain.h prints it), and by the wizard's result screen.
 *
 *     struct ao_explain_job *j = ao_explain_start(api, &r, &opts, on_explained, s);
 *     ...keep running the loop; on_explained(&x, s) is called once...
 *     ao_explain_cancel(j);    // only if leaving before it was called
 */
#ifndef AO_NET_EXPLAIN_JOB_H
#define AO_NET_EXPLAIN_JOB_H

#include "agent-onboard/core/explain.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/net/api.h"

struct ao_log;

/* How to probe the endpoint.  All may be NULL / 0: the probe then runs
 * without a credential (it still tells whether the agent is reachable).
 * Everything is copied by ao_explain_start; the secrets are wiped after
 * the probe. */
struct ao_explain_options {
	const char *api_key_type;   /* "bearer" | "apikey" | "api_key" (API_KEY), NULL = bearer */
	const char *token;          /* secret: the agent's token, as the platform should send it */
	const char *username;       /* BASIC_AUTH */
	const char *password;       /* secret: BASIC_AUTH */
	const char *ca_file;        /* extra CA bundle for the probe */
	struct ao_log *log;         /* --log trace of the probe (borrowed; must outlive the job) */
	int no_probe;               /* 1: do not probe (evidence says "not run") */
	double time_limit;          /* seconds for the whole gathering (0: none); what is not in
	                               by then is abandoned and reported as not available */
};

struct ao_explain_job;

/* Called once, on the loop's thread, with the finished explanation (valid
 * during the call only).  The job is freed after it returns. */
typedef void (*ao_explain_done_fn)(const struct ao_explanation *x, void *arg);

/* Starts gathering for r (copied: r may be freed after this returns) on the
 * loop of api.  opts may be NULL.  Never NULL; done is always called later,
 * from the loop (never from inside this call), unless cancelled. */
struct ao_explain_job *ao_explain_start(struct ao_api *api, const struct ao_resource *r,
                                        const struct ao_explain_options *opts,
                                        ao_explain_done_fn done, void *arg);
/* Abandons a job whose done has not been called: done will not be called.
 * The requests and the probe stop; the job frees itself once they have
 * (keep running the loop a little, or it is reclaimed at exit). */
void ao_explain_cancel(struct ao_explain_job *job);

/* *freed is set to 1 when the job has freed itself (after done, or after
 * a cancel once its requests and probe have stopped): a caller that runs
 * the loop until then knows nothing of the job is left running. */
void ao_explain_watch_freed(struct ao_explain_job *j, int *freed);

#endif
