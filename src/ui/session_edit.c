/* SPDX-License-Identifier: MIT */
/* agent-onboard --edit ID: the registration is looked up (as a source,
 * then as a partner agent), the forms are filled from what the platform
 * has, and the submission updates it with only what differs
 * (session_submit.c, core/request.h ao_build_edit_body).  The platform
 * never returns credentials: the credential fields start empty, and empty
 * keeps the stored one (core/model.h ao_answers_credential_kept). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent-onboard/core/display.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "session_priv.h"

static void on_edit_found(struct ao_api_call *call, struct ao_api_result *res, void *arg);

static void
look_up(struct ao_session *s, enum ao_kind kind)
{
	ao_sess_set_busy(s, AO_BUSY_LOOKUP, NULL);
	s->existing.kind = kind;
	s->call = ao_api_get(s->api, kind, s->edit_id, on_edit_found, s);
	ao_sess_emit(s, AO_EV_STATUS);
}

void
ao_sess_edit_lookup(struct ao_session *s)
{
	if (s->edit_id == NULL || s->busy != AO_BUSY_NONE)
		return;
	look_up(s, AO_KIND_SOURCE);
}

static void
set_from(struct ao_session *s, enum ao_field f, const char *v)
{
	if (v != NULL && v[0] != '\0')
		ao_answers_set(&s->a, f, v);
}

/* The forms from the registration as the platform has it. */
static void
fill(struct ao_session *s, const struct ao_resource *r)
{
	const cJSON *partner = r->raw != NULL ? cJSON_GetObjectItemCaseSensitive(r->raw, "partnerId") : NULL;

	ao_answers_clear(&s->a);
	ao_answers_set(&s->a, AO_F_KIND, r->kind == AO_KIND_AGENT ? "PARTNER_AGENT" : "INVENTORY_SOURCE");
	set_from(s, AO_F_NAME, r->name);
	if (r->kind == AO_KIND_SOURCE)
		set_from(s, AO_F_SOURCE_ID, r->id);
	else if (cJSON_IsString(partner))
		set_from(s, AO_F_PARTNER_ID, partner->valuestring);
	else if (cJSON_IsNumber(partner)) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%.0f", partner->valuedouble);
		set_from(s, AO_F_PARTNER_ID, buf);
	}
	set_from(s, AO_F_TYPE, r->type);
	set_from(s, AO_F_PROTOCOL, r->protocol);
	set_from(s, AO_F_ENDPOINT_URL, r->endpoint_url);
	set_from(s, AO_F_AUTH_TYPE, r->auth_type);
	set_from(s, AO_F_DESCRIPTION, r->description);
	/* the platform never says the key type (auth.type): bearer, as for a
	 * create, sent only with a new token */
	ao_answers_apply_defaults(&s->a);
	s->a.editing = 1;
	snprintf(s->a.stored_auth, sizeof(s->a.stored_auth), "%s", ao_answers_get(&s->a, AO_F_AUTH_TYPE));
	s->source_id_auto = 0;
}

/* The edit cannot start: the result says why (msg is taken over). */
static void
give_up(struct ao_session *s, int code, char *msg)
{
	s->exit_code = code;
	ao_sess_finish(s, AO_OUT_FAILED, msg);
	free(msg);
}

static void
on_edit_found(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;
	enum ao_kind kind = s->existing.kind;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	if (res->status == AO_ERR_NOT_FOUND && kind == AO_KIND_SOURCE) {
		look_up(s, AO_KIND_AGENT);
		return;
	}
	if (res->status != AO_OK) {
		char *safe = ao_display_dup(s->edit_id);

		if (res->status == AO_ERR_NOT_FOUND)
			give_up(s, AO_EXIT_REJECTED, xasprintf("No inventory source or partner agent has the id \"%s\" "
			                                       "(see `agent-onboard list`); nothing was changed.", safe));
		else
			give_up(s, (int)ao_status_exit(res->status),
			        xasprintf("Could not fetch the registration \"%s\" to edit: %s", safe,
			                  res->message != NULL ? res->message : ao_status_message(res->status)));
		free(safe);
		return;
	}
	if (res->resource.kind == AO_KIND_NONE)
		res->resource.kind = kind;
	ao_resource_free(&s->existing);
	s->existing = res->resource;
	memset(&res->resource, 0, sizeof(res->resource));
	res->resource.auth_configured = -1;
	fill(s, &s->existing);
	ao_sess_notice(s, "Editing %s %s: change what you need; the review shows what will be sent.",
	               ao_kind_label(s->existing.kind), s->existing.id != NULL ? s->existing.id : s->edit_id);
	s->step = AO_STEP_IDENTITY;
	ao_sess_emit(s, AO_EV_STEP | AO_EV_SUBMIT);
}
