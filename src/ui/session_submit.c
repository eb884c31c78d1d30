/* SPDX-License-Identifier: MIT */
/* Calls to the platform that the form steps start: the partner list, the
 * submission, and the reconciliation after an interrupted submission (the
 * draft says submit_started: look the registration up -- sources by
 * sourceId, agents by endpoint URL -- before creating it again, so nothing
 * is created twice). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "session_priv.h"

/* ---- partners -------------------------------------------------------------- */

static void
on_partners(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	(void)call;
	if (s->busy == AO_BUSY_PARTNERS)
		ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	free(s->partners_error);
	s->partners_error = NULL;
	if (res->status == AO_OK) {
		ao_partner_list_free(&s->partners);
		s->partners = res->partners;
		memset(&res->partners, 0, sizeof(res->partners));
		s->partners_state = AO_LOAD_OK;
	} else {
		s->partners_state = AO_LOAD_FAILED;
		s->partners_error = xstrdup(res->message != NULL ? res->message : ao_status_message(res->status));
	}
	ao_sess_emit(s, AO_EV_PARTNERS);
}

void
ao_session_load_partners(struct ao_session *s)
{
	if (s->partners_state == AO_LOAD_RUNNING)
		return;
	if (s->busy != AO_BUSY_NONE) {
		s->partners_pending = 1;
		return;
	}
	if (!ao_sess_need_key(s)) {
		s->partners_pending = 1;
		return;
	}
	s->partners_state = AO_LOAD_RUNNING;
	ao_sess_set_busy(s, AO_BUSY_PARTNERS, NULL);
	s->call = ao_api_list_partners(s->api, on_partners, s);
	ao_sess_emit(s, AO_EV_PARTNERS);
}

const char *
ao_session_partner_name(const struct ao_session *s, const char *id)
{
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < s->partners.count; i++)
		if (s->partners.items[i].id != NULL && strcmp(s->partners.items[i].id, id) == 0)
			return s->partners.items[i].name;
	return NULL;
}

/* ---- submission ------------------------------------------------------------ */

static void
back_to_review(struct ao_session *s)
{
	s->step = AO_STEP_REVIEW;
	ao_session_save_draft(s);
	ao_sess_emit(s, AO_EV_SUBMIT | AO_EV_STEP);
}

static void
on_created(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;
	int f;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	if (res->status == AO_OK) {
		if (res->existed)
			ao_sess_notice(s, "The connection dropped after sending; the registration was found on the "
			                  "platform, so it was not created twice.");
		else
			ao_sess_notice(s, NULL);
		ao_sess_take_resource(s, &res->resource);
		ao_sess_emit(s, AO_EV_SUBMIT);
		return;
	}
	/* a create that surely did not reach the platform may be sent again
	 * freely; an ambiguous one is looked up first next time */
	s->submit_started = res->ambiguous;
	if (res->status == AO_ERR_CANCELLED) {
		ao_sess_notice(s, "%s", res->ambiguous
		               ? "Cancelled. The request may have reached the platform: submitting again checks first."
		               : "Cancelled; nothing was created.");
		back_to_review(s);
		return;
	}
	if (res->status == AO_ERR_UNAUTHORIZED) {
		s->key_state = AO_KS_NEEDED;
		free(s->key_error);
		s->key_error = xstrdup(res->message != NULL ? res->message : "The platform refused the API key.");
		s->return_step = AO_STEP_REVIEW;
		s->step = AO_STEP_PLATFORM;
		ao_session_save_draft(s);
		ao_sess_emit(s, AO_EV_SUBMIT | AO_EV_STEP | AO_EV_KEY);
		return;
	}
	f = res->error.http_status >= 400 ? ao_api_error_field(&res->error, &s->a) : -1;
	if (f >= 0 && ao_field_relevance(&s->a, (enum ao_field)f) != AO_HIDDEN) {
		free(s->server_error[f]);
		s->server_error[f] = xasprintf("The platform says: %s",
		                               res->error.message != NULL ? res->error.message
		                               : res->message != NULL ? res->message : "invalid value");
		ao_sess_notice(s, "%s", res->message != NULL ? res->message : "The platform refused a value.");
		s->step = ao_step_of_field((enum ao_field)f);
		ao_session_save_draft(s);
		ao_sess_emit(s, AO_EV_SUBMIT | AO_EV_STEP);
		return;
	}
	ao_sess_notice(s, "%s", res->message != NULL ? res->message : ao_status_message(res->status));
	back_to_review(s);
}

/* The PEM named by the key file, checked; NULL with a notice on failure. */
static char *
read_private_key(struct ao_session *s)
{
	struct ao_buf b;
	char msg[AO_MSG_MAX];
	const char *path = ao_answers_get(&s->a, AO_F_JWT_KEY_FILE);
	int rc;

	ao_buf_init(&b, 0);
	b.secret = 1;
	rc = ao_buf_read_file(&b, path, AO_PEM_MAX_BYTES);
	if (rc != 0) {
		free(s->server_error[AO_F_JWT_KEY_FILE]);
		s->server_error[AO_F_JWT_KEY_FILE] = xasprintf("Cannot read %s: %s", path, strerror(rc));
		ao_buf_free(&b);
		return NULL;
	}
	if (ao_pem_check_private_key(b.data ? b.data : "", b.len, ao_answers_get(&s->a, AO_F_JWT_ALGORITHM),
	                             msg, sizeof(msg)) != 0) {
		free(s->server_error[AO_F_JWT_KEY_FILE]);
		s->server_error[AO_F_JWT_KEY_FILE] = xstrdup(msg);
		ao_buf_free(&b);
		return NULL;
	}
	return ao_buf_steal(&b);
}

static void
do_create(struct ao_session *s)
{
	struct ao_secrets sec = { NULL };
	char *pem = NULL;

	if (strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "JWT") == 0) {
		pem = read_private_key(s);
		if (pem == NULL) {
			ao_sess_notice(s, "%s", s->server_error[AO_F_JWT_KEY_FILE]);
			s->step = AO_STEP_CREDENTIALS;
			ao_sess_emit(s, AO_EV_SUBMIT | AO_EV_STEP);
			return;
		}
		sec.jwt_private_key = pem;
	}
	/* recorded before the request leaves: if we die while it is in flight,
	 * the next start looks it up instead of creating it again */
	s->submit_started = 1;
	s->step = AO_STEP_SUBMIT;
	ao_session_save_draft(s);
	ao_sess_set_busy(s, AO_BUSY_SUBMIT, NULL);
	s->call = ao_api_create(s->api, &s->a, &sec, on_created, s);
	ao_secret_free(pem);
	ao_sess_emit(s, AO_EV_STEP);
}

void
ao_session_submit(struct ao_session *s)
{
	struct ao_problems p;

	if (s->busy != AO_BUSY_NONE)
		return;
	if (ao_step_first_invalid(&s->a) != AO_STEP_REVIEW) {
		enum ao_step bad = ao_step_first_invalid(&s->a);

		ao_step_check(&s->a, bad, &p);
		ao_sess_notice(s, "%s", p.count > 0 ? p.item[0].message : "A value is not valid.");
		s->step = bad;
		ao_sess_emit(s, AO_EV_STEP);
		return;
	}
	if (!ao_sess_need_key(s)) {
		ao_sess_notice(s, "The platform key is needed before submitting.");
		return;
	}
	ao_sess_store_draft_secrets(s);
	if (s->submit_started)
		ao_sess_do_reconcile(s, 1);
	else
		do_create(s);
}

/* ---- reconciliation ---------------------------------------------------------- */

/* Equal URLs, ignoring one trailing '/' and the case of scheme and host. */
static int
same_endpoint(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), origin;
	const char *pa, *end;

	if (la > 0 && a[la - 1] == '/')
		la--;
	if (lb > 0 && b[lb - 1] == '/')
		lb--;
	if (la != lb)
		return 0;
	pa = strstr(a, "://");
	end = pa != NULL ? strchr(pa + 3, '/') : NULL;
	origin = end != NULL ? (size_t)(end - a) : la;
	if (origin > la)
		origin = la;
	return strncasecmp(a, b, origin) == 0 && memcmp(a + origin, b + origin, la - origin) == 0;
}

static void
on_lookup(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;
	struct ao_resource *found = NULL;
	size_t i;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	if (res->status == AO_OK && res->op == AO_API_GET) {
		found = &res->resource;
	} else if (res->status == AO_OK && res->op == AO_API_LIST) {
		const char *url = ao_answers_get(&s->a, AO_F_ENDPOINT_URL);

		for (i = 0; i < res->list.count && found == NULL; i++)
			if (res->list.items[i].endpoint_url != NULL &&
			    same_endpoint(res->list.items[i].endpoint_url, url))
				found = &res->list.items[i];
	} else if (res->status != AO_ERR_NOT_FOUND) {
		ao_sess_notice(s, "Could not check whether the interrupted submission reached the platform: %s",
		               res->message != NULL ? res->message : ao_status_message(res->status));
		back_to_review(s);
		return;
	}
	if (found != NULL) {
		ao_sess_notice(s, "The interrupted submission had reached the platform: %s %s exists, so it was "
		                  "not created again.", ao_kind_label(ao_answers_kind(&s->a)),
		               found->id != NULL ? found->id : "");
		ao_sess_take_resource(s, found);
		ao_sess_emit(s, AO_EV_SUBMIT);
		return;
	}
	s->submit_started = 0;
	if (s->reconcile_then_create) {
		do_create(s);
		return;
	}
	ao_sess_notice(s, "The interrupted submission never reached the platform. Review and submit again.");
	back_to_review(s);
}

void
ao_sess_do_reconcile(struct ao_session *s, int then_create)
{
	char *id;

	s->reconcile_then_create = then_create;
	s->step = AO_STEP_SUBMIT;
	if (ao_answers_kind(&s->a) == AO_KIND_SOURCE) {
		id = ao_expected_source_id(&s->a);
		ao_sess_set_busy(s, AO_BUSY_LOOKUP, NULL);
		s->call = ao_api_get(s->api, AO_KIND_SOURCE, id != NULL ? id : "", on_lookup, s);
		free(id);
	} else {
		ao_sess_set_busy(s, AO_BUSY_LOOKUP, NULL);
		s->call = ao_api_list(s->api, AO_KIND_AGENT, on_lookup, s);
	}
	ao_sess_emit(s, AO_EV_STEP);
}

void
ao_session_reconcile(struct ao_session *s)
{
	s->reconcile_pending = 1;
	if (ao_sess_need_key(s)) {
		s->reconcile_pending = 0;
		ao_sess_do_reconcile(s, 0);
	}
}

void
ao_session_cancel(struct ao_session *s)
{
	if (s->busy == AO_BUSY_PROBE) {
		ao_sess_probe_abandon(s);
		return;
	}
	if (s->call != NULL) {
		/* the callback runs from the loop with AO_ERR_CANCELLED */
		ao_api_call_cancel(s->call);
		s->call = NULL;
	}
}
