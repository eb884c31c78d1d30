/* SPDX-License-Identifier: MIT */
/* After the registration exists: OAuth consent, partner activation and the
 * status poll, paced by core/poll.h (activation seen within 2 s in the first
 * minute, fewer than 30 requests per 10 minutes later, Retry-After and
 * RateLimit-* honoured through the rate info of each response). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "session_priv.h"

static void schedule(struct ao_session *s);

static int
is_oauth(const struct ao_session *s)
{
	return strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "OAUTH") == 0;
}

/* The platform's reason for DISABLED, when the response carries one. */
static char *
disabled_reason(const struct ao_resource *r)
{
	static const char *const keys[] = { "statusReason", "disabledReason", "reason", "lastError",
	                                    "error", "message", "oauthError" };
	const cJSON *v;
	size_t i;

	if (r->raw != NULL) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			v = cJSON_GetObjectItemCaseSensitive(r->raw, keys[i]);
			if (cJSON_IsString(v) && v->valuestring[0] != '\0')
				return xstrdup(v->valuestring);
			if (cJSON_IsObject(v)) {
				const cJSON *m = cJSON_GetObjectItemCaseSensitive(v, "message");

				if (cJSON_IsString(m) && m->valuestring[0] != '\0')
					return xstrdup(m->valuestring);
			}
		}
	}
	if (r->oauth_error != NULL)
		return xstrdup(r->oauth_error);
	return NULL;
}

void
ao_sess_finish(struct ao_session *s, enum ao_outcome out, const char *detail)
{
	ao_sess_stop_poll(s);
	s->phase = AO_PH_DONE;
	s->reauthorizing = 0;
	s->outcome = out;
	free(s->outcome_detail);
	s->outcome_detail = detail != NULL ? xstrdup(detail) : NULL;
	s->step = AO_STEP_RESULT;
	/* the registration exists (or failed for good): nothing to resume */
	ao_session_end_draft(s);
	if (out == AO_OUT_TIMEOUT || out == AO_OUT_DISABLED)
		ao_sess_explain_start(s);
	ao_sess_emit(s, AO_EV_STATUS | AO_EV_STEP);
}

/* Decides the phase from the latest view of the registration. */
static void
evaluate(struct ao_session *s)
{
	const struct ao_resource *r = &s->res;
	enum ao_phase before = s->phase;

	if (r->status == AO_ST_ACTIVE) {
		ao_sess_finish(s, AO_OUT_ACTIVE, NULL);
		return;
	}
	/* a DISABLED partner agent being re-authorized waits for the consent
	 * and then its activation, as a new one does */
	if (r->status == AO_ST_DISABLED && !(s->reauthorizing && r->kind == AO_KIND_AGENT)) {
		char *why = disabled_reason(r);

		ao_sess_finish(s, AO_OUT_DISABLED, why);
		free(why);
		return;
	}
	/* while a new URL is asked for, the one a status check still carries
	 * is the old, replaced one */
	if (r->oauth_url != NULL && s->busy != AO_BUSY_OAUTH_URL &&
	    (s->oauth_url == NULL || strcmp(r->oauth_url, s->oauth_url) != 0)) {
		free(s->oauth_url);
		s->oauth_url = xstrdup(r->oauth_url);
	}
	if (is_oauth(s) && r->auth_configured != 1)
		s->phase = AO_PH_OAUTH;
	else if (r->kind == AO_KIND_AGENT && !s->activation_requested)
		s->phase = AO_PH_ACTIVATE;
	else
		s->phase = AO_PH_WAIT;
	if (s->phase == AO_PH_ACTIVATE)
		ao_sess_stop_poll(s);   /* nothing changes until the user activates */
	if (s->phase != before)
		ao_sess_emit(s, AO_EV_STATUS);
}

void
ao_sess_take_resource(struct ao_session *s, struct ao_resource *r)
{
	ao_resource_free(&s->res);
	s->res = *r;
	memset(r, 0, sizeof(*r));
	r->auth_configured = -1;
	s->have_resource = 1;
	if (s->res.kind == AO_KIND_NONE)
		s->res.kind = ao_answers_kind(&s->a);
	if (s->res.id != NULL && (s->registered_id == NULL || strcmp(s->registered_id, s->res.id) != 0)) {
		free(s->registered_id);
		s->registered_id = xstrdup(s->res.id);
	}
	if (s->registered_id == NULL)
		s->registered_id = ao_expected_source_id(&s->a);
	s->step = AO_STEP_WAIT;
	ao_session_save_draft(s);
	ao_sess_start_wait(s);
}

/* ---- the poll ---------------------------------------------------------------- */

void
ao_sess_stop_poll(struct ao_session *s)
{
	if (s->poll_timer != 0)
		ao_loop_timer_cancel(s->loop, s->poll_timer);
	s->poll_timer = 0;
	if (s->deadline_timer != 0)
		ao_loop_timer_cancel(s->loop, s->deadline_timer);
	s->deadline_timer = 0;
	if (s->poll_call != NULL)
		ao_api_call_cancel(s->poll_call);
	/* the callback still runs (cancelled) and sees poll_call cleared */
	s->poll_call = NULL;
}

static void
on_status(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	if (call != s->poll_call)
		return;   /* cancelled: a newer check or the end */
	s->poll_call = NULL;
	s->last_check = ao_now();
	ao_poll_checked(&s->poll, s->last_check, &res->rate);
	free(s->poll_error);
	s->poll_error = NULL;
	if (res->status == AO_OK) {
		char *url = s->oauth_url;

		res->resource.kind = s->res.kind;
		s->oauth_url = NULL;
		ao_resource_free(&s->res);
		s->res = res->resource;
		memset(&res->resource, 0, sizeof(res->resource));
		s->oauth_url = url;
		evaluate(s);
	} else if (res->status == AO_ERR_NOT_FOUND) {
		s->exit_code = AO_EXIT_FAILURE;
		ao_sess_finish(s, AO_OUT_FAILED, "The registration is no longer on the platform (404): it was "
		                                 "deleted while the wizard was waiting.");
		return;
	} else {
		s->poll_error = xstrdup(res->message != NULL ? res->message : ao_status_message(res->status));
	}
	ao_sess_emit(s, AO_EV_STATUS);
	schedule(s);
}

static void
check(struct ao_session *s)
{
	if (s->poll_call != NULL || s->phase == AO_PH_DONE || s->registered_id == NULL)
		return;
	s->poll_call = ao_api_get(s->api, s->res.kind != AO_KIND_NONE ? s->res.kind : ao_answers_kind(&s->a),
	                          s->registered_id, on_status, s);
	ao_sess_emit(s, AO_EV_STATUS);
}

static void
timed_out(struct ao_session *s)
{
	char *cmd = ao_session_status_command(s);
	/* a short --timeout is said in seconds, not as "0 minutes" */
	char *msg = xasprintf("Still %s after %.0f %s. The platform keeps trying; follow it with `%s`.",
	                      s->res.status_raw != NULL ? s->res.status_raw : "PENDING",
	                      s->timeout < 120 ? s->timeout : s->timeout / 60.0,
	                      s->timeout < 120 ? "seconds" : "minutes", cmd);

	ao_sess_finish(s, AO_OUT_TIMEOUT, msg);
	free(msg);
	free(cmd);
}

/* The end of the wait, even while a slow check is still in flight. */
static void
on_deadline(struct ao_loop *loop, void *arg)
{
	struct ao_session *s = arg;

	(void)loop;
	s->deadline_timer = 0;
	if (s->phase == AO_PH_OAUTH || s->phase == AO_PH_WAIT)
		timed_out(s);
}

static void
on_timer(struct ao_loop *loop, void *arg)
{
	struct ao_session *s = arg;

	(void)loop;
	s->poll_timer = 0;
	if (ao_now() - s->wait_started >= s->timeout) {
		timed_out(s);
		return;
	}
	check(s);
}

static void
schedule(struct ao_session *s)
{
	double wait;

	if (s->phase != AO_PH_OAUTH && s->phase != AO_PH_WAIT)
		return;
	if (s->deadline_timer == 0)
		s->deadline_timer = ao_loop_timer_add(s->loop, s->wait_started + s->timeout - ao_now(),
		                                      on_deadline, s);
	if (s->poll_timer != 0 || s->poll_call != NULL)
		return;
	wait = ao_poll_wait(&s->poll, ao_now());
	if (ao_now() + wait > s->wait_started + s->timeout)
		wait = s->wait_started + s->timeout - ao_now();
	if (wait < 0)
		wait = 0;
	s->poll_timer = ao_loop_timer_add(s->loop, wait, on_timer, s);
}

void
ao_sess_start_wait(struct ao_session *s)
{
	double now = ao_now();

	s->step = AO_STEP_WAIT;
	if (s->wait_started == 0)
		s->wait_started = now;
	ao_poll_start(&s->poll, now, (unsigned)(now * 1000.0));
	if (!s->have_resource) {
		/* resumed while waiting: learn the state at once */
		s->res.kind = ao_answers_kind(&s->a);
		s->res.auth_configured = -1;
		s->phase = AO_PH_WAIT;
		check(s);
		schedule(s);
		ao_sess_emit(s, AO_EV_STEP | AO_EV_STATUS);
		return;
	}
	evaluate(s);
	if (s->phase != AO_PH_DONE)
		schedule(s);
	ao_sess_emit(s, AO_EV_STEP | AO_EV_STATUS);
}

int
ao_session_check_now(struct ao_session *s)
{
	if (s->phase != AO_PH_OAUTH && s->phase != AO_PH_WAIT)
		return -1;
	ao_poll_check_now(&s->poll, ao_now());
	if (s->poll_call != NULL)
		return 0;
	if (s->poll_timer != 0)
		ao_loop_timer_cancel(s->loop, s->poll_timer);
	s->poll_timer = 0;
	check(s);
	return s->poll_call != NULL ? 1 : -1;
}

double
ao_session_wait_elapsed(const struct ao_session *s)
{
	return s->wait_started > 0 ? ao_now() - s->wait_started : 0;
}

double
ao_session_next_check(const struct ao_session *s)
{
	if (s->poll_call != NULL)
		return 0;
	if (s->poll_timer == 0)
		return -1;
	return ao_poll_wait(&s->poll, ao_now());
}

/* ---- partner activation and OAuth -------------------------------------------- */

static void
on_activated(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	if (res->status != AO_OK) {
		ao_sess_notice(s, "Activation refused: %s",
		               res->message != NULL ? res->message : ao_status_message(res->status));
		ao_sess_emit(s, AO_EV_STATUS);
		return;
	}
	ao_sess_notice(s, NULL);
	s->activation_requested = 1;
	if (res->resource.id != NULL || res->resource.status != AO_ST_UNKNOWN) {
		res->resource.kind = AO_KIND_AGENT;
		if (res->resource.id == NULL && s->registered_id != NULL)
			res->resource.id = xstrdup(s->registered_id);
		if (res->resource.auth_configured < 0)
			res->resource.auth_configured = s->res.auth_configured;
		ao_resource_free(&s->res);
		s->res = res->resource;
		memset(&res->resource, 0, sizeof(res->resource));
	}
	/* a new wait, with its own --timeout */
	s->wait_started = ao_now();
	ao_poll_start(&s->poll, s->wait_started, (unsigned)(s->wait_started * 1000.0));
	evaluate(s);
	if (s->phase != AO_PH_DONE)
		schedule(s);
	ao_sess_emit(s, AO_EV_STATUS);
}

void
ao_session_activate(struct ao_session *s)
{
	if (s->busy != AO_BUSY_NONE || s->phase != AO_PH_ACTIVATE || s->registered_id == NULL)
		return;
	ao_sess_set_busy(s, AO_BUSY_ACTIVATE, NULL);
	s->call = ao_api_patch_status(s->api, s->registered_id, "ACTIVE", on_activated, s);
	ao_sess_emit(s, AO_EV_STATUS);
}

static void
on_oauth_url(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	if (res->status == AO_OK && res->oauth_url != NULL) {
		free(s->oauth_url);
		s->oauth_url = res->oauth_url;
		res->oauth_url = NULL;
		ao_sess_notice(s, "A new authorization URL was issued.");
	} else {
		ao_sess_notice(s, "No new authorization URL (n asks again): %s",
		               res->message != NULL ? res->message : ao_status_message(res->status));
	}
	ao_sess_emit(s, AO_EV_STATUS);
}

void
ao_session_new_oauth_url(struct ao_session *s)
{
	if (s->busy != AO_BUSY_NONE || s->phase != AO_PH_OAUTH || s->registered_id == NULL ||
	    s->res.kind != AO_KIND_AGENT)
		return;
	ao_sess_set_busy(s, AO_BUSY_OAUTH_URL, NULL);
	/* the platform replaces the grant request: the old URL stops working,
	 * so it is neither shown nor copied while the new one is asked for */
	free(s->oauth_url);
	s->oauth_url = NULL;
	s->call = ao_api_oauth_authorize(s->api, s->registered_id, on_oauth_url, s);
	ao_sess_emit(s, AO_EV_STATUS);
}

void
ao_session_detach(struct ao_session *s)
{
	if (s->registered_id == NULL)
		return;
	ao_sess_finish(s, AO_OUT_DETACHED, NULL);
}
