/* SPDX-License-Identifier: MIT */
/* Calls to the platform that the form steps start: the partner list, the
 * submission, and the reconciliation after an interrupted submission (the
 * draft says submit_started: look the registration up -- sources by
 * sourceId, agents by endpoint URL -- before creating it again, so nothing
 * is created twice). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/regdiff.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/user_file.h"
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

/* A create or update the platform refused or that did not finish. */
static void
submit_failed(struct ao_session *s, struct ao_api_result *res)
{
	int f;

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

static void
on_created(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

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
	submit_failed(s, res);
}

/* The PEM named by the key file, checked again (it may have changed since
 * it was validated); NULL with the reason at the field on failure. */
static char *
read_private_key(struct ao_session *s)
{
	struct ao_buf b;
	struct ao_key_verdict v;
	const char *path = ao_answers_get(&s->a, AO_F_JWT_KEY_FILE);

	ao_buf_init(&b, 0);
	b.secret = 1;
	if (ao_jwt_key_read(path, &b, v.message, sizeof(v.message)) != 0) {
		free(s->server_error[AO_F_JWT_KEY_FILE]);
		s->server_error[AO_F_JWT_KEY_FILE] = xstrdup(v.message);
		ao_buf_free(&b);
		return NULL;
	}
	if (ao_jwt_key_check(b.data, b.len, &v) != 0) {
		free(s->server_error[AO_F_JWT_KEY_FILE]);
		s->server_error[AO_F_JWT_KEY_FILE] = xstrdup(v.message);
		ao_buf_free(&b);
		return NULL;
	}
	return ao_buf_steal(&b);
}

/* The secrets that are not in the answers (the JWT key); 0 when ready,
 * -1 after sending the user to the credentials step. */
static int
gather_secrets(struct ao_session *s, struct ao_secrets *sec, char **pem)
{
	memset(sec, 0, sizeof(*sec));
	*pem = NULL;
	if (strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "JWT") != 0)
		return 0;
	*pem = read_private_key(s);
	if (*pem == NULL) {
		ao_sess_notice(s, "%s", s->server_error[AO_F_JWT_KEY_FILE]);
		s->step = AO_STEP_CREDENTIALS;
		ao_sess_emit(s, AO_EV_SUBMIT | AO_EV_STEP);
		return -1;
	}
	sec->jwt_private_key = *pem;
	return 0;
}

/* What identifies the credential being sent, without a secret in it: the
 * auth type, the credential step's plain values, and the edit count of
 * each secret. */
static char *
cred_mark(const struct ao_session *s)
{
	enum ao_field f[AO_FIELD_COUNT];
	size_t n = ao_step_fields(&s->a, AO_STEP_CREDENTIALS, f, AO_FIELD_COUNT), i;
	struct ao_buf b;

	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "%s", ao_answers_get(&s->a, AO_F_AUTH_TYPE));
	for (i = 0; i < n; i++) {
		if (ao_field_info(f[i])->flags & AO_FF_SECRET)
			ao_buf_appendf(&b, "\n%d #%u", (int)f[i], s->secret_gen[f[i]]);
		else
			ao_buf_appendf(&b, "\n%d %s", (int)f[i], ao_answers_get(&s->a, f[i]));
	}
	return ao_buf_steal(&b);
}

static void
remember_sent_cred(struct ao_session *s)
{
	free(s->sent_cred);
	s->sent_cred = cred_mark(s);
}

size_t
ao_session_regdiff(const struct ao_session *s, const struct ao_resource *r, struct ao_regdiff *d)
{
	ao_regdiff(&s->a, r, d);
	if (s->sent_cred != NULL) {
		char *now = cred_mark(s);

		if (strcmp(now, s->sent_cred) != 0) {
			enum ao_field f[AO_FIELD_COUNT];
			size_t n = ao_step_fields(&s->a, AO_STEP_CREDENTIALS, f, AO_FIELD_COUNT), i, pick = 0;

			/* name the secret (the token, the password) when there is one */
			for (i = 0; i < n; i++)
				if (ao_field_info(f[i])->flags & AO_FF_SECRET) {
					pick = i;
					break;
				}
			if (n > 0)
				ao_regdiff_add_credential(d, f[pick]);
		}
		free(now);
	}
	return d->count;
}

static void
do_create(struct ao_session *s)
{
	struct ao_secrets sec;
	char *pem;

	if (gather_secrets(s, &sec, &pem) != 0)
		return;
	/* recorded before the request leaves: if we die while it is in flight,
	 * the next start looks it up instead of creating it again */
	s->submit_started = 1;
	remember_sent_cred(s);
	s->step = AO_STEP_SUBMIT;
	ao_session_save_draft(s);
	ao_sess_set_busy(s, AO_BUSY_SUBMIT, NULL);
	s->call = ao_api_create(s->api, &s->a, &sec, on_created, s);
	ao_secret_free(pem);
	ao_sess_emit(s, AO_EV_STEP);
}

static void do_edit(struct ao_session *s);

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
		ao_sess_notice(s, "%s", AO_NOTICE_KEY_NEEDED);
		return;
	}
	ao_sess_store_draft_secrets(s);
	if (s->a.editing)
		do_edit(s);
	else if (s->conflict)
		ao_session_update_existing(s);
	else if (s->submit_started)
		ao_sess_do_reconcile(s, 1);
	else
		do_create(s);
}

/* ---- reconciliation ---------------------------------------------------------- */

/* ---- a registration found with other values --------------------------------- */

/* "Description, Endpoint URL": the labels of the fields that differ. */
static void
diff_labels(const struct ao_regdiff *d, char *buf, size_t bufsz)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < d->count; i++) {
		if (buf[0] != '\0')
			strncat(buf, ", ", bufsz - strlen(buf) - 1);
		strncat(buf, ao_field_info(d->item[i].field)->label, bufsz - strlen(buf) - 1);
	}
}

static void
on_updated(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	if (res->status == AO_OK) {
		s->conflict = 0;
		remember_sent_cred(s);
		ao_sess_notice(s, "The registration was updated to the values you reviewed.");
		/* an agent's PATCH answers with a summary: the registration
		 * found stands for it until the next check */
		ao_sess_take_resource(s, res->resource.id != NULL ? &res->resource : &s->existing);
		ao_sess_emit(s, AO_EV_SUBMIT);
		return;
	}
	if (res->status == AO_ERR_CANCELLED) {
		/* it may have arrived: the next Submit looks again */
		s->conflict = 0;
		ao_sess_notice(s, "Cancelled. The update may have reached the platform: submitting again compares "
		                  "first.");
		back_to_review(s);
		return;
	}
	submit_failed(s, res);
}

void
ao_session_update_existing(struct ao_session *s)
{
	struct ao_secrets sec;
	struct ao_regdiff d;
	char *pem;
	size_t i;

	if (!s->conflict || s->busy != AO_BUSY_NONE)
		return;
	ao_session_regdiff(s, &s->existing, &d);
	for (i = 0; i < d.count; i++) {
		if (d.item[i].field == AO_F_TYPE) {
			ao_sess_notice(s, "The agent type cannot be changed once registered (the platform has %s). "
			                  "Set it back on the agent type step, or keep the registration as it is.",
			               d.item[i].platform);
			ao_regdiff_free(&d);
			ao_sess_emit(s, AO_EV_MESSAGE);
			return;
		}
	}
	ao_regdiff_free(&d);
	if (gather_secrets(s, &sec, &pem) != 0)
		return;
	s->step = AO_STEP_SUBMIT;
	ao_sess_set_busy(s, AO_BUSY_SUBMIT, NULL);
	s->call = ao_api_update(s->api, s->existing.kind != AO_KIND_NONE ? s->existing.kind : ao_answers_kind(&s->a),
	                        s->existing.id, &s->a, &sec, on_updated, s);
	ao_secret_free(pem);
	ao_sess_emit(s, AO_EV_STEP);
}

/* --edit: only what differs from the registration as fetched, and the
 * credential when one was typed. */
static void
do_edit(struct ao_session *s)
{
	struct ao_secrets sec;
	struct ao_regdiff d;
	cJSON *body;
	char *pem, *text;
	size_t i;
	int secret;

	ao_regdiff(&s->a, &s->existing, &d);
	for (i = 0; i < d.count; i++) {
		if (d.item[i].field == AO_F_TYPE) {
			ao_sess_notice(s, "The agent type cannot be changed once registered (the platform has %s). "
			                  "Set it back on the agent type step.", d.item[i].platform);
			ao_regdiff_free(&d);
			ao_sess_emit(s, AO_EV_MESSAGE);
			return;
		}
	}
	ao_regdiff_free(&d);
	if (gather_secrets(s, &sec, &pem) != 0)
		return;
	body = ao_sess_edit_body(s, &sec, 0);
	ao_secret_free(pem);
	if (cJSON_GetArraySize(body) == 0) {
		cJSON_Delete(body);
		ao_sess_notice(s, "Nothing was changed, so nothing was sent; waiting on the registration as it is.");
		ao_sess_take_resource(s, &s->existing);
		ao_sess_emit(s, AO_EV_SUBMIT);
		return;
	}
	secret = cJSON_HasObjectItem(body, "auth");
	text = cJSON_PrintUnformatted(body);
	ao_json_wipe(body);
	cJSON_Delete(body);
	s->step = AO_STEP_SUBMIT;
	ao_sess_set_busy(s, AO_BUSY_SUBMIT, NULL);
	s->call = ao_api_update_json(s->api, s->existing.kind, s->existing.id, text, secret, on_updated, s);
	ao_wipe(text, strlen(text));
	cJSON_free(text);
	ao_sess_emit(s, AO_EV_STEP);
}

void
ao_session_keep_existing(struct ao_session *s)
{
	struct ao_regdiff d;
	char what[256];

	if (!s->conflict || s->busy != AO_BUSY_NONE)
		return;
	ao_session_regdiff(s, &s->existing, &d);
	diff_labels(&d, what, sizeof(what));
	ao_regdiff_free(&d);
	s->conflict = 0;
	ao_sess_notice(s, "Kept as the platform has it: your changes (%s) were not sent.", what);
	ao_sess_take_resource(s, &s->existing);
	ao_sess_emit(s, AO_EV_SUBMIT);
}

/* Found, and the platform's values differ from the reviewed ones: back
 * to the review, which shows the differences and asks. */
static void
found_other_values(struct ao_session *s, struct ao_resource *found, const struct ao_regdiff *d)
{
	char what[256];

	diff_labels(d, what, sizeof(what));
	ao_resource_free(&s->existing);
	s->existing = *found;
	memset(found, 0, sizeof(*found));
	found->auth_configured = -1;
	if (s->existing.kind == AO_KIND_NONE)
		s->existing.kind = ao_answers_kind(&s->a);
	s->conflict = 1;
	ao_sess_notice(s, "The earlier submission reached the platform: %s %s exists with other values (%s). "
	                  "Update it to the reviewed values, or keep it as it is.",
	               ao_kind_label(ao_answers_kind(&s->a)), s->existing.id != NULL ? s->existing.id : "", what);
	back_to_review(s);
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
			    ao_same_endpoint(res->list.items[i].endpoint_url, url))
				found = &res->list.items[i];
	} else if (res->status != AO_ERR_NOT_FOUND) {
		ao_sess_notice(s, "Could not check whether the interrupted submission reached the platform: %s",
		               res->message != NULL ? res->message : ao_status_message(res->status));
		back_to_review(s);
		return;
	}
	if (found != NULL) {
		struct ao_regdiff d;

		if (ao_session_regdiff(s, found, &d) > 0) {
			found_other_values(s, found, &d);
			ao_regdiff_free(&d);
			return;
		}
		ao_sess_notice(s, "The interrupted submission had reached the platform (%s %s, as reviewed): it "
		                  "was not created again.",
		               ao_kind_label(ao_answers_kind(&s->a)), found->id != NULL ? found->id : "");
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
