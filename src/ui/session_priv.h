/* SPDX-License-Identifier: MIT */
/* What the session_*.c files share and nothing else sees. */
#ifndef AO_UI_SESSION_PRIV_H
#define AO_UI_SESSION_PRIV_H

#include "agent-onboard/net/api.h"
#include "agent-onboard/secret/store.h"
#include "agent-onboard/ui/session.h"

/* Notify the front end. */
void ao_sess_emit(struct ao_session *s, unsigned events);
/* Replaces the notice (NULL clears) and emits AO_EV_MESSAGE. */
void ao_sess_notice(struct ao_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Submit waited for the platform key; cleared once the key is accepted. */
#define AO_NOTICE_KEY_NEEDED "The platform key is needed before submitting."
/* sourceId is unset or the slug of the name. */
int ao_sess_slug_matches(const struct ao_answers *a);
/* Decides whether sourceId follows the name, and fills it in when it does. */
void ao_sess_fill_slug(struct ao_session *s);
void ao_sess_set_busy(struct ao_session *s, enum ao_busy b, struct ao_api_call *call);

/* ---- the keyring job queue (session_secret.c) ---- */
typedef void (*ao_sq_done_fn)(struct ao_session *s, struct ao_secret_result *r, void *arg);
/* Runs keyring operations one after the other on the loop.  ref strings and
 * value are copied.  must_finish: ao_sq_flush waits for it at exit
 * (PUT/CLEAR of draft secrets); other jobs are cancelled then. */
void ao_sq_push(struct ao_session *s, enum ao_secret_op op, const struct ao_secret_ref *ref,
                const char *value, int must_finish, ao_sq_done_fn done, void *arg);
/* Waits (bounded per job) for the must_finish jobs, cancels the rest. */
void ao_sq_flush(struct ao_session *s);
void ao_sq_free(struct ao_session *s);

/* ---- platform key (session_key.c) ---- */
void ao_sess_key_start(struct ao_session *s);
/* The key became usable: run what waited for it. */
void ao_sess_key_ready(struct ao_session *s);
/* Something needs the key: 1 when it is OK now; otherwise arranges to come
 * back (return_step) and returns 0. */
int ao_sess_need_key(struct ao_session *s);

/* ---- draft secrets (session_draft.c) ---- */
/* Stores the secrets that changed since they were last stored. */
void ao_sess_store_draft_secrets(struct ao_session *s);
void ao_sess_restore_draft_secrets(struct ao_session *s);
/* Resumed past the credentials step without the secrets (no keyring kept
 * them): asks for them first, on the credentials step, and Next comes back
 * to where the draft stopped.  Waits while the keyring may still have
 * them, and while the platform key is being asked for. */
void ao_sess_ask_lost_secrets(struct ao_session *s);

/* ---- the registration (session_wait.c) ---- */
/* Takes the created / found registration and starts what follows. */
void ao_sess_take_resource(struct ao_session *s, struct ao_resource *r);
void ao_sess_start_wait(struct ao_session *s);
void ao_sess_stop_poll(struct ao_session *s);
void ao_sess_finish(struct ao_session *s, enum ao_outcome out, const char *detail);

/* ---- submission (session_submit.c) ---- */
void ao_sess_do_reconcile(struct ao_session *s, int then_create);

/* ---- why it did not end ACTIVE (session_explain.c) ---- */
void ao_sess_explain_start(struct ao_session *s);
void ao_sess_explain_stop(struct ao_session *s);
void ao_sess_explain_free(struct ao_session *s);   /* at the session's end */
/* The --edit / fix body: only what changed (+ status ACTIVE for a fix of
 * a DISABLED registration). */
struct cJSON *ao_sess_edit_body(const struct ao_session *s, const struct ao_secrets *sec, unsigned flags);

/* ---- editing a registration (session_edit.c) ---- */
/* The key is OK: fetch the registration named by --edit. */
void ao_sess_edit_lookup(struct ao_session *s);

/* ---- probe (session_probe.c) ---- */
void ao_sess_probe_abandon(struct ao_session *s);
void ao_sess_probe_free(struct ao_session *s);

#endif
