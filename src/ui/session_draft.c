/* SPDX-License-Identifier: MIT */
/* Drafts: the non-secret answers and where the wizard was, written after
 * every step (and on SIGHUP/SIGTERM and quit) to $XDG_STATE_HOME/
 * agent-onboard/draft.json, 0600 and atomically.  The credentials typed in
 * an unfinished draft go only to the keyring, under the draft-credential
 * kind, and are removed when the draft ends; without a keyring they are
 * simply asked again after a resume. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "session_priv.h"

static const enum ao_field secret_fields[] = { AO_F_API_TOKEN, AO_F_BASIC_PASSWORD };
#define N_SECRET_FIELDS (sizeof(secret_fields) / sizeof(secret_fields[0]))

static int
worth_saving(const struct ao_session *s)
{
	return s->step > AO_STEP_KIND || ao_answers_has(&s->a, AO_F_NAME) || s->submit_started;
}

int
ao_session_save_draft(struct ao_session *s)
{
	struct ao_draft d;
	char *text, *dir, *slash;
	int rc;

	if (s->draft_path == NULL || s->draft_ended || !worth_saving(s))
		return 0;
	ao_draft_init(&d);
	ao_answers_copy(&d.answers, &s->a);
	d.step = s->step;
	d.api_url = xstrdup(s->api_url);
	if (ao_answers_has(&s->a, AO_F_PARTNER_ID)) {
		const char *name = ao_session_partner_name(s, ao_answers_get(&s->a, AO_F_PARTNER_ID));

		if (name != NULL)
			d.partner_name = xstrdup(name);
	}
	d.submit_started = s->submit_started;
	d.registered_id = s->registered_id != NULL ? xstrdup(s->registered_id) : NULL;
	d.saved_at = (long long)time(NULL);
	text = ao_draft_serialize(&d);
	ao_draft_clear(&d);
	dir = xstrdup(s->draft_path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	rc = ao_mkdir_private(dir);
	if (rc != 0) {
		char why[600];

		/* a symlinked or shared state directory is refused, with the fix */
		ao_private_dir_problem(dir, rc, why, sizeof(why));
		ao_sess_notice(s, "The draft was not saved: %s", why);
	}
	if (rc == 0)
		rc = ao_write_private_atomic(s->draft_path, text, strlen(text));
	free(dir);
	free(text);
	return rc;
}

static int
drafts_use_keyring(const struct ao_session *s)
{
	return !s->g->demo && s->kr_state == AO_KR_OK;
}

static void
on_put(struct ao_session *s, struct ao_secret_result *r, void *arg)
{
	(void)arg;
	if (r->status == AO_OK)
		s->draft_secrets_stored = 1;
}

void
ao_sess_store_draft_secrets(struct ao_session *s)
{
	size_t i;

	if (!drafts_use_keyring(s) || s->draft_ended)
		return;
	for (i = 0; i < N_SECRET_FIELDS; i++) {
		enum ao_field f = secret_fields[i];
		struct ao_secret_ref ref = { s->api_url, AO_SECRET_KIND_DRAFT, ao_field_info(f)->key };

		if (s->secret_gen[f] == s->secret_stored_gen[f])
			continue;
		s->secret_stored_gen[f] = s->secret_gen[f];
		if (ao_answers_has(&s->a, f))
			ao_sq_push(s, AO_SECRET_OP_PUT, &ref, ao_answers_get(&s->a, f), 1, on_put, NULL);
		else
			ao_sq_push(s, AO_SECRET_OP_CLEAR, &ref, NULL, 1, NULL, NULL);
	}
}

static void
on_restored(struct ao_session *s, struct ao_secret_result *r, void *arg)
{
	enum ao_field f = (enum ao_field)(long)arg;

	if (r->status != AO_OK || r->value == NULL || ao_answers_has(&s->a, f))
		return;
	ao_answers_set(&s->a, f, r->value);
	s->draft_secrets_stored = 1;
	ao_sess_emit(s, AO_EV_SECRETS);
}

void
ao_sess_restore_draft_secrets(struct ao_session *s)
{
	size_t i;

	s->want_draft_secrets = 0;
	if (!drafts_use_keyring(s))
		return;
	for (i = 0; i < N_SECRET_FIELDS; i++) {
		enum ao_field f = secret_fields[i];
		struct ao_secret_ref ref = { s->api_url, AO_SECRET_KIND_DRAFT, ao_field_info(f)->key };

		ao_sq_push(s, AO_SECRET_OP_LOOKUP, &ref, NULL, 0, on_restored, (void *)(long)f);
	}
}

static void
clear_draft_secrets(struct ao_session *s)
{
	struct ao_secret_ref ref = { s->api_url, AO_SECRET_KIND_DRAFT, NULL };

	if (s->g->demo || s->keyring == NULL)
		return;
	/* whether or not this run stored any: an earlier run may have.  When
	 * the keyring check has not finished the job simply waits its turn. */
	if (s->kr_state == AO_KR_UNAVAILABLE)
		return;
	ao_sq_push(s, AO_SECRET_OP_CLEAR, &ref, NULL, 1, NULL, NULL);
	s->draft_secrets_stored = 0;
}

/* A demo's agents live in its simulator, which has a new port in this run:
 * loopback URLs of the old one are moved to the new one, or the resumed
 * endpoint test and the submit would go nowhere. */
static void
demo_follow_simulator(struct ao_session *s)
{
	static const enum ao_field urls[] = { AO_F_ENDPOINT_URL, AO_F_JWT_TOKEN_URL, AO_F_JWT_AUDIENCE_URL };
	char *now = ao_url_origin(s->api_url), msg[256];
	size_t i;

	for (i = 0; now != NULL && i < sizeof(urls) / sizeof(urls[0]); i++) {
		const char *v = ao_answers_get(&s->a, urls[i]);
		char *old = ao_url_origin(v), *moved;
		struct ao_url u;

		if (old != NULL && strcmp(old, now) != 0 && ao_url_parse(v, &u, msg, sizeof(msg)) == 0 &&
		    ao_url_host_is_loopback(u.host)) {
			moved = xasprintf("%s%s", now, v + strlen(old));
			ao_answers_set(&s->a, urls[i], moved);
			free(moved);
		}
		free(old);
	}
	free(now);
}

void
ao_session_resume(struct ao_session *s)
{
	struct ao_draft *d = s->found;

	if (d == NULL)
		return;
	ao_answers_copy(&s->a, &d->answers);
	ao_answers_apply_defaults(&s->a);
	if (s->g->demo)
		demo_follow_simulator(s);
	ao_sess_fill_slug(s);
	s->submit_started = d->submit_started;
	free(s->registered_id);
	s->registered_id = d->registered_id != NULL ? xstrdup(d->registered_id) : NULL;
	s->step = d->step;
	if (s->registered_id != NULL) {
		s->step = AO_STEP_WAIT;
		s->poll_pending = 1;
	} else if (s->submit_started) {
		s->step = AO_STEP_SUBMIT;
		s->reconcile_pending = 1;
	} else if (s->step > AO_STEP_REVIEW) {
		s->step = AO_STEP_REVIEW;
	}
	if (s->step > AO_STEP_PLATFORM && s->step <= AO_STEP_REVIEW && !ao_step_applies(&s->a, s->step))
		s->step = ao_step_next(&s->a, s->step);
	if (s->step == AO_STEP_PARTNER)
		s->partners_pending = 1;
	s->want_draft_secrets = 1;
	s->ask_lost_secrets = 1;
	if (s->kr_state == AO_KR_OK)
		ao_sess_restore_draft_secrets(s);
	else if (s->kr_state == AO_KR_UNAVAILABLE || s->kr_state == AO_KR_NOT_USED)
		s->want_draft_secrets = 0;
	ao_draft_clear(d);
	free(d);
	s->found = NULL;
	/* what was lost comes first: the platform key (the platform step,
	 * then back here), then the credentials */
	if (ao_sess_need_key(s))
		ao_sess_key_ready(s);
	ao_sess_ask_lost_secrets(s);
}

void
ao_sess_ask_lost_secrets(struct ao_session *s)
{
	struct ao_problems p;
	enum ao_field f;
	char names[160] = "";

	if (!s->ask_lost_secrets || s->want_draft_secrets || s->kr_state == AO_KR_OK ||
	    s->kr_state == AO_KR_UNKNOWN || s->kr_state == AO_KR_CHECKING || s->step == AO_STEP_PLATFORM)
		return;
	s->ask_lost_secrets = 0;
	if (s->step <= AO_STEP_CREDENTIALS || s->step > AO_STEP_REVIEW ||
	    !ao_step_applies(&s->a, AO_STEP_CREDENTIALS))
		return;
	if (ao_step_check(&s->a, AO_STEP_CREDENTIALS, &p) == 0)
		return;
	for (f = 0; f < AO_FIELD_COUNT; f++) {
		if (!(ao_field_info(f)->flags & AO_FF_SECRET) || ao_field_relevance(&s->a, f) != AO_REQUIRED ||
		    ao_answers_has(&s->a, f))
			continue;
		if (names[0] != '\0')
			strncat(names, " and ", sizeof(names) - strlen(names) - 1);
		strncat(names, ao_field_info(f)->label, sizeof(names) - strlen(names) - 1);
	}
	s->return_step = (int)s->step;
	s->step = AO_STEP_CREDENTIALS;
	ao_sess_notice(s, "Resumed without the %s: without a keyring it was kept for that run only. Type it "
	                  "again; Enter then goes back to %s.", names[0] ? names : "credentials",
	               ao_step_title((enum ao_step)s->return_step));
	ao_sess_emit(s, AO_EV_STEP);
}

void
ao_session_discard_draft(struct ao_session *s)
{
	if (s->found != NULL) {
		ao_draft_clear(s->found);
		free(s->found);
		s->found = NULL;
	}
	if (s->draft_path != NULL && unlink(s->draft_path) != 0 && errno != ENOENT)
		ao_sess_notice(s, "The old draft %s could not be removed: %s", s->draft_path, strerror(errno));
	clear_draft_secrets(s);
}

void
ao_session_end_draft(struct ao_session *s)
{
	if (s->draft_ended)
		return;
	s->draft_ended = 1;
	if (s->draft_path != NULL)
		unlink(s->draft_path);
	clear_draft_secrets(s);
}
