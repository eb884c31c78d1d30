/* SPDX-License-Identifier: MIT */
/* When a wait ends PENDING or DISABLED: why (the same explanation as
 * `status --explain`, gathered by net/explain_job.h on the loop: the
 * registration, the storefront's readiness, the source's diagnostics and
 * its discovery test, and our own probe of the endpoint), and the fixes offered in
 * place -- edit the endpoint, re-enter the credential, re-authorize OAuth
 * -- which update the same registration and wait again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/request.h"
#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/explain_job.h"
#include "agent-onboard/net/loop.h"
#include "session_priv.h"

static void
on_explained(const struct ao_explanation *x, void *arg)
{
	struct ao_session *s = arg;

	s->explain_job = NULL;   /* it frees itself once this returns */
	s->explanation = *x;
	s->explain_state = AO_LOAD_OK;
	ao_sess_emit(s, AO_EV_STATUS);
}

static void
wait_until_freed(struct ao_session *s, int *freed)
{
	int i;

	/* the probe notices the cancel within its current step: give it a
	 * few seconds, so no thread outlives the session's loop */
	for (i = 0; i < 50 && !*freed; i++)
		ao_loop_run_once(s->loop, 0.1);
}

void
ao_sess_explain_stop(struct ao_session *s)
{
	s->explain_state = AO_LOAD_NONE;
	if (s->explain_job != NULL) {
		struct ao_explain_job *j = s->explain_job;

		s->explain_job = NULL;
		ao_explain_cancel(j);   /* done is not called; the job frees itself */
	}
}

/* At the session's end the loop stops running: a job still stopping is
 * waited for (bounded). */
void
ao_sess_explain_free(struct ao_session *s)
{
	struct ao_explain_job *j = s->explain_job;
	int freed = 0;

	if (j == NULL)
		return;
	ao_explain_watch_freed(j, &freed);
	ao_sess_explain_stop(s);
	wait_until_freed(s, &freed);
	if (!freed)
		ao_explain_watch_freed(j, NULL);   /* still stopping: never a write into this frame later */
}

void
ao_sess_explain_start(struct ao_session *s)
{
	struct ao_explain_options o;
	const char *auth;

	ao_sess_explain_stop(s);
	if (!s->have_resource)
		return;
	/* the same evidence as status --explain, with our own probe of the
	 * endpoint using the credential typed in this wizard (the platform
	 * never returns it): "the agent rejects the token" is then ours to say */
	memset(&o, 0, sizeof(o));
	auth = ao_answers_get(&s->a, AO_F_AUTH_TYPE);
	if (auth != NULL && strcmp(auth, "API_KEY") == 0) {
		o.api_key_type = ao_answers_get(&s->a, AO_F_API_KEY_TYPE);
		o.token = ao_answers_get(&s->a, AO_F_API_TOKEN);
	} else if (auth != NULL && strcmp(auth, "BASIC_AUTH") == 0) {
		o.username = ao_answers_get(&s->a, AO_F_BASIC_USERNAME);
		o.password = ao_answers_get(&s->a, AO_F_BASIC_PASSWORD);
	}
	o.ca_file = s->g->ca_file;
	o.log = s->g->log;
	o.time_limit = 20;
	s->explain_state = AO_LOAD_RUNNING;
	s->explain_job = ao_explain_start(s->api, &s->res, &o, on_explained, s);
}

/* ---- fixing in place ---------------------------------------------------------- */

int
ao_session_can_fix(const struct ao_session *s)
{
	return s->step == AO_STEP_RESULT && s->have_resource && s->registered_id != NULL &&
	       (s->outcome == AO_OUT_TIMEOUT || s->outcome == AO_OUT_DISABLED) && s->busy == AO_BUSY_NONE;
}

/* The registration as the platform last showed it becomes the one the
 * edit is compared with. */
static void
compare_with_last_seen(struct ao_session *s)
{
	char *text = s->res.raw != NULL ? cJSON_PrintUnformatted(s->res.raw) : NULL;
	char msg[256];

	ao_resource_free(&s->existing);
	memset(&s->existing, 0, sizeof(s->existing));
	s->existing.auth_configured = -1;
	if (text == NULL || ao_parse_resource(text, strlen(text), s->res.kind, &s->existing, msg, sizeof(msg)) != 0) {
		/* no raw answer kept: what was reviewed is what the platform has */
		s->existing.kind = s->res.kind;
		s->existing.id = xstrdup(s->registered_id);
		s->existing.name = xstrdup(ao_answers_get(&s->a, AO_F_NAME));
		s->existing.endpoint_url = xstrdup(ao_answers_get(&s->a, AO_F_ENDPOINT_URL));
		s->existing.protocol = xstrdup(ao_answers_get(&s->a, AO_F_PROTOCOL));
		s->existing.auth_type = xstrdup(ao_answers_get(&s->a, AO_F_AUTH_TYPE));
		s->existing.status = s->res.status;
	}
	if (text != NULL)
		cJSON_free(text);
	if (s->existing.kind == AO_KIND_NONE)
		s->existing.kind = s->res.kind;
	if (s->existing.id == NULL)
		s->existing.id = xstrdup(s->registered_id);
}

void
ao_session_fix(struct ao_session *s, enum ao_step step)
{
	if (!ao_session_can_fix(s) || (step != AO_STEP_ENDPOINT && step != AO_STEP_CREDENTIALS))
		return;
	ao_sess_explain_stop(s);
	compare_with_last_seen(s);
	/* the credential sent before is not sent again unless retyped (the
	 * JWT claims with it: all of it, or none, is sent) */
	ao_answers_clear_credential(&s->a);
	s->a.editing = 1;
	snprintf(s->a.stored_auth, sizeof(s->a.stored_auth), "%s", ao_answers_get(&s->a, AO_F_AUTH_TYPE));
	s->phase = AO_PH_NONE;
	s->outcome = AO_OUT_NONE;
	s->wait_started = 0;   /* the next wait has its own --timeout */
	free(s->outcome_detail);
	s->outcome_detail = NULL;
	if (step == AO_STEP_CREDENTIALS && !ao_step_applies(&s->a, AO_STEP_CREDENTIALS))
		step = AO_STEP_AUTH_TYPE;   /* NO_AUTH / OAUTH: choose another type first */
	s->step = step;
	ao_sess_notice(s, "Fixing %s %s: the review shows what will be sent; then the wizard waits again.",
	               ao_kind_label(s->existing.kind), s->registered_id);
	ao_sess_emit(s, AO_EV_STEP);
}

void
ao_session_reauthorize(struct ao_session *s)
{
	if (!ao_session_can_fix(s) || s->res.kind != AO_KIND_AGENT ||
	    strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "OAUTH") != 0)
		return;
	ao_sess_explain_stop(s);
	s->outcome = AO_OUT_NONE;
	s->wait_started = 0;
	s->reauthorizing = 1;
	s->activation_requested = 0;
	free(s->outcome_detail);
	s->outcome_detail = NULL;
	s->phase = AO_PH_OAUTH;
	s->step = AO_STEP_WAIT;
	ao_sess_start_wait(s);
	/* start_wait decides the phase from the registration; a new URL is
	 * asked for in any case, as `update --reauthorize` does */
	s->phase = AO_PH_OAUTH;
	ao_session_new_oauth_url(s);
	ao_sess_emit(s, AO_EV_STEP | AO_EV_STATUS);
}

cJSON *
ao_sess_edit_body(const struct ao_session *s, const struct ao_secrets *sec, unsigned flags)
{
	cJSON *body = ao_build_edit_body(&s->a, sec, &s->existing, flags);

	/* a fix of a DISABLED registration re-enables it (never back to
	 * PENDING: the documented transitions) */
	if (s->existing.status == AO_ST_DISABLED && s->res.status == AO_ST_DISABLED && s->existing.kind == AO_KIND_SOURCE)
		cJSON_AddStringToObject(body, "status", "ACTIVE");
	return body;
}
