/* SPDX-License-Identifier: MIT */
/* When a wait ends PENDING or DISABLED: why (the same explanation as
 * `status --explain`, core/explain.h, from the registration, the
 * storefront's readiness, the source's diagnostics and its discovery test,
 * fetched one after the other on the loop), and the fixes offered in
 * place -- edit the endpoint, re-enter the credential, re-authorize OAuth
 * -- which update the same registration and wait again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"
#include "session_priv.h"

static void next_stage(struct ao_session *s);

static void
on_evidence(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	if (call != s->explain_call)
		return;
	s->explain_call = NULL;
	if (res->status == AO_ERR_CANCELLED)
		return;
	/* a source of evidence that fails is left out; the evidence says so */
	if (res->status == AO_OK && s->explain_stage >= 1 && s->explain_stage <= 3) {
		s->explain_json[s->explain_stage - 1] = res->json;
		res->json = NULL;
	}
	next_stage(s);
}

static void
next_stage(struct ao_session *s)
{
	char *base, *path;

	s->explain_stage++;
	if (s->res.kind == AO_KIND_SOURCE && s->registered_id != NULL && s->explain_stage <= 3) {
		base = ao_resource_path(AO_KIND_SOURCE, s->registered_id);
		if (s->explain_stage == 1)
			s->explain_call = ao_api_raw(s->api, "/api/v2/storefront/readiness", NULL, on_evidence, s);
		else {
			path = xasprintf(s->explain_stage == 2 ? "%s/diagnostics?windowHours=24" : "%s/tests/discovery",
			                 base);
			s->explain_call = ao_api_raw(s->api, path, s->explain_stage == 3 ? "{}" : NULL, on_evidence, s);
			free(path);
		}
		free(base);
		return;
	}
	ao_explain(&s->res, s->explain_json[0], s->explain_json[1], s->explain_json[2], &s->explanation);
	s->explain_state = AO_LOAD_OK;
	ao_sess_emit(s, AO_EV_STATUS);
}

void
ao_sess_explain_stop(struct ao_session *s)
{
	int i;

	if (s->explain_call != NULL) {
		struct ao_api_call *c = s->explain_call;

		s->explain_call = NULL;   /* its callback sees it is stale */
		ao_api_call_cancel(c);
	}
	for (i = 0; i < 3; i++) {
		cJSON_Delete(s->explain_json[i]);
		s->explain_json[i] = NULL;
	}
	s->explain_stage = 0;
	s->explain_state = AO_LOAD_NONE;
}

void
ao_sess_explain_start(struct ao_session *s)
{
	ao_sess_explain_stop(s);
	if (!s->have_resource)
		return;
	s->explain_state = AO_LOAD_RUNNING;
	next_stage(s);
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
	static const enum ao_field credential[] = {
		AO_F_API_TOKEN, AO_F_BASIC_USERNAME, AO_F_BASIC_PASSWORD, AO_F_JWT_KEY_FILE,
	};
	size_t i;

	if (!ao_session_can_fix(s) || (step != AO_STEP_ENDPOINT && step != AO_STEP_CREDENTIALS))
		return;
	ao_sess_explain_stop(s);
	compare_with_last_seen(s);
	/* the credential sent before is not sent again unless retyped */
	for (i = 0; i < sizeof(credential) / sizeof(credential[0]); i++)
		ao_answers_set(&s->a, credential[i], NULL);
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
