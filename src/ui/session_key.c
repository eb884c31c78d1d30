/* SPDX-License-Identifier: MIT */
/* The platform step: where the platform key comes from and where a typed
 * one will go, decided before any secret is asked for.  Order: the demo
 * key (demo mode never touches the keyring), SCOPE3_API_KEY, the keyring;
 * otherwise the user types it, told first whether it can be stored and,
 * if not, exactly why (no session bus, no Secret Service, locked, timeout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/xalloc.h"
#include "session_priv.h"

static void check_account(struct ao_session *s);

/* The key has to be typed: when a later step is waiting for it, bring the
 * user to the platform step and back afterwards. */
static void
redirect_to_platform(struct ao_session *s)
{
	/* from any step: nothing can be sent without it, and asking first
	 * beats a review that only repeats that it is missing */
	if (s->step != AO_STEP_PLATFORM) {
		s->return_step = (int)s->step;
		s->step = AO_STEP_PLATFORM;
		ao_sess_emit(s, AO_EV_STEP);
	}
}

static void
key_needed(struct ao_session *s)
{
	s->key_state = AO_KS_NEEDED;
	redirect_to_platform(s);
}

static void
on_stored(struct ao_session *s, struct ao_secret_result *r, void *arg)
{
	(void)arg;
	if (r->status == AO_OK) {
		snprintf(s->key_where, sizeof(s->key_where), "%s",
		         "the system keyring (Secret Service); `agent-onboard logout` removes it");
		ao_sess_emit(s, AO_EV_KEY);
		return;
	}
	snprintf(s->key_where, sizeof(s->key_where), "%s",
	         "memory (this run only): the keyring refused it");
	ao_sess_notice(s, "The key could not be stored in the keyring (%s%s%s); it is kept for this run only.",
	               ao_keyring_cause_name(r->check.cause), r->check.detail[0] ? ": " : "",
	               r->check.detail);
	ao_sess_emit(s, AO_EV_KEY);
}

static void
on_account(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;

	(void)call;
	ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	free(s->key_error);
	s->key_error = NULL;
	if (res->status == AO_OK) {
		free(s->account);
		s->account = res->account;
		res->account = NULL;
		s->key_state = AO_KS_OK;
		if (s->key_store_pending && s->key_store == AO_STORE_KEYRING) {
			struct ao_secret_ref ref = ao_secret_ref_platform_key(s->api_url);

			ao_sq_push(s, AO_SECRET_OP_PUT, &ref, s->key, 1, on_stored, NULL);
		}
		s->key_store_pending = 0;
		ao_sess_emit(s, AO_EV_KEY);
		ao_sess_key_ready(s);
		return;
	}
	if (res->status == AO_ERR_UNAUTHORIZED || res->status == AO_ERR_FORBIDDEN) {
		s->key_error = xasprintf("The platform refused the key from %s: %s", s->key_where,
		                         res->message != NULL ? res->message : "unauthorized");
		ao_secret_free(s->key);
		s->key = NULL;
		s->key_store_pending = 0;
		if (s->key_store == AO_STORE_KEYRING && s->kr_state != AO_KR_OK)
			s->key_store = AO_STORE_MEMORY;
		key_needed(s);
	} else {
		s->key_error = xstrdup(res->status == AO_ERR_CANCELLED
		                       ? "The check was cancelled. Press Enter to try again."
		                       : res->message != NULL ? res->message : ao_status_message(res->status));
		s->key_state = AO_KS_FAILED;
	}
	ao_sess_emit(s, AO_EV_KEY);
}

static void
check_account(struct ao_session *s)
{
	s->key_state = AO_KS_CHECKING;
	ao_api_set_key(s->api, s->key);
	ao_sess_set_busy(s, AO_BUSY_ACCOUNT, NULL);
	s->call = ao_api_account(s->api, on_account, s);
	ao_sess_emit(s, AO_EV_KEY);
}

static void
on_lookup(struct ao_session *s, struct ao_secret_result *r, void *arg)
{
	struct ao_platform_key k;

	(void)arg;
	if (s->busy == AO_BUSY_KEY)
		ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	memset(&k, 0, sizeof(k));
	ao_platform_key_from_lookup(&k, s->keyring, s->api_url, r);
	if (k.key != NULL) {
		s->key = k.key;
		k.key = NULL;
		snprintf(s->key_where, sizeof(s->key_where), "%s", k.where);
		ao_platform_key_clear(&k);
		check_account(s);
		return;
	}
	if (k.keyring.cause != AO_KEYRING_OK) {
		s->kr_state = AO_KR_UNAVAILABLE;
		s->kr = k.keyring;
		s->key_store = AO_STORE_MEMORY;
	} else {
		s->key_store = AO_STORE_KEYRING;
	}
	ao_platform_key_clear(&k);
	key_needed(s);
	ao_sess_emit(s, AO_EV_KEY | AO_EV_KEYRING);
}

static void
on_check(struct ao_session *s, struct ao_secret_result *r, void *arg)
{
	(void)arg;
	if (r->status == AO_OK) {
		s->kr_state = AO_KR_OK;
		if (s->key == NULL) {
			struct ao_secret_ref ref = ao_secret_ref_platform_key(s->api_url);

			ao_sq_push(s, AO_SECRET_OP_LOOKUP, &ref, NULL, 0, on_lookup, NULL);
		}
		if (s->want_draft_secrets)
			ao_sess_restore_draft_secrets(s);
	} else {
		s->kr_state = AO_KR_UNAVAILABLE;
		s->kr = r->check;
		if (s->kr.cause == AO_KEYRING_OK)
			s->kr.cause = AO_KEYRING_OTHER;
		s->want_draft_secrets = 0;
		if (s->key == NULL) {
			if (s->busy == AO_BUSY_KEY)
				ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
			s->key_store = AO_STORE_MEMORY;
			key_needed(s);
		}
		ao_sess_ask_lost_secrets(s);
	}
	ao_sess_emit(s, AO_EV_KEYRING | AO_EV_KEY);
}

void
ao_sess_key_start(struct ao_session *s)
{
	struct ao_platform_key k;

	if (s->g->demo) {
		s->kr_state = AO_KR_NOT_USED;
		s->key = xstrdup(s->g->demo_key != NULL ? s->g->demo_key : "");
		snprintf(s->key_where, sizeof(s->key_where), "%s",
		         "the demo simulator's built-in key (nothing is stored)");
		check_account(s);
		return;
	}
	memset(&k, 0, sizeof(k));
	if (ao_platform_key_from_env(&k)) {
		s->key = k.key;
		k.key = NULL;
		snprintf(s->key_where, sizeof(s->key_where), "%s", k.where);
		check_account(s);
	}
	ao_platform_key_clear(&k);
	/* checked even with SCOPE3_API_KEY: the draft's credentials go there */
	s->kr_state = AO_KR_CHECKING;
	if (s->key == NULL)
		ao_sess_set_busy(s, AO_BUSY_KEY, NULL);
	ao_sq_push(s, AO_SECRET_OP_CHECK, NULL, NULL, 0, on_check, NULL);
	ao_sess_emit(s, AO_EV_KEYRING);
}

void
ao_session_set_key(struct ao_session *s, const char *key, enum ao_key_store where)
{
	if (s->busy != AO_BUSY_NONE || key == NULL || key[0] == '\0')
		return;
	ao_secret_free(s->key);
	s->key = xstrdup(key);
	if (where == AO_STORE_KEYRING && s->kr_state != AO_KR_OK)
		where = AO_STORE_MEMORY;
	s->key_store = where;
	s->key_typed = 1;
	s->key_store_pending = where == AO_STORE_KEYRING;
	snprintf(s->key_where, sizeof(s->key_where), "%s",
	         where == AO_STORE_KEYRING ? "what you typed (stored in the keyring once the platform accepts it)"
	                                   : "what you typed (kept in memory for this run only)");
	check_account(s);
}

void
ao_session_recheck_key(struct ao_session *s)
{
	if (s->busy != AO_BUSY_NONE || s->key == NULL)
		return;
	check_account(s);
}

int
ao_session_key_ok(const struct ao_session *s)
{
	return s->key_state == AO_KS_OK;
}

void
ao_sess_key_ready(struct ao_session *s)
{
	if (s->step == AO_STEP_PLATFORM && s->return_step >= 0)
		return;   /* the user is shown the platform step; Next goes back */
	if (s->edit_pending) {
		s->edit_pending = 0;
		ao_sess_edit_lookup(s);
	} else if (s->reconcile_pending) {
		s->reconcile_pending = 0;
		ao_sess_do_reconcile(s, 0);
	} else if (s->poll_pending) {
		s->poll_pending = 0;
		ao_sess_start_wait(s);
	}
	if (s->partners_pending) {
		s->partners_pending = 0;
		ao_session_load_partners(s);
	}
}

int
ao_sess_need_key(struct ao_session *s)
{
	if (s->key_state == AO_KS_OK)
		return 1;
	if (s->key_state == AO_KS_NEEDED || s->key_state == AO_KS_FAILED)
		redirect_to_platform(s);
	return 0;
}
