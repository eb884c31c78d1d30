/* SPDX-License-Identifier: MIT */
/* The wizard's controller: everything both front ends (the curses screens
 * and the plain line mode) share, and nothing about how it is shown.
 *
 * It holds the answers and the current step (walked with core/steps.h),
 * the draft (saved after every step and on SIGHUP/SIGTERM), the platform key
 * and where it is kept, the API client, the partner list, the Test
 * connection probe (a worker thread), the submission with reconciliation
 * after an interrupted one, the status poll, OAuth and partner activation.
 *
 * Every slow operation is asynchronous on the one event loop: a call starts
 * it, the front end keeps reading keys, and when it finishes the session
 * records the outcome in its state and calls the front end's notify hook
 * with an AO_EV_* bit.  Front ends only read the state below and call the
 * functions of this header. */
#ifndef AO_UI_SESSION_H
#define AO_UI_SESSION_H

#include <signal.h>
#include <stddef.h>

#include "agent-onboard/core/discover.h"
#include "agent-onboard/core/explain.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/poll.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/steps.h"
#include "agent-onboard/net/probe.h"
#include "agent-onboard/secret/store.h"

struct ao_global;
struct ao_loop;
struct ao_api;
struct ao_api_call;

/* Events passed to the notify hook (a bit set). */
#define AO_EV_KEY      0x001u   /* platform key state changed */
#define AO_EV_KEYRING  0x002u   /* keyring check finished */
#define AO_EV_PARTNERS 0x004u   /* partner list loaded or failed */
#define AO_EV_PROBE    0x008u   /* Test connection finished */
#define AO_EV_SUBMIT   0x010u   /* submission (or resume lookup) finished */
#define AO_EV_STATUS   0x020u   /* a status check finished / phase changed */
#define AO_EV_STEP     0x040u   /* the session moved to another step by itself */
#define AO_EV_MESSAGE  0x080u   /* s->notice changed */
#define AO_EV_SECRETS  0x100u   /* draft secrets restored from the keyring */
#define AO_EV_DISCOVER 0x200u   /* discover-agents answered, failed or was cancelled */

/* What the session is waiting for (one foreground operation at a time;
 * the status poll runs in the background of the wait screen). */
enum ao_busy {
	AO_BUSY_NONE = 0,
	AO_BUSY_KEY,        /* keyring check / key lookup */
	AO_BUSY_ACCOUNT,    /* checking the key against the platform */
	AO_BUSY_PARTNERS,
	AO_BUSY_PROBE,
	AO_BUSY_LOOKUP,     /* resume: is the interrupted submission there? */
	AO_BUSY_SUBMIT,
	AO_BUSY_ACTIVATE,   /* partner PATCH status ACTIVE */
	AO_BUSY_OAUTH_URL,  /* asking for a new authorization URL */
	AO_BUSY_DISCOVER,   /* discover-agents for the operator domain */
};

enum ao_key_state {
	AO_KS_RESOLVING = 0, /* environment / keyring being consulted */
	AO_KS_NEEDED,        /* the user has to type it */
	AO_KS_CHECKING,      /* GET /accounts/current with it */
	AO_KS_OK,            /* the platform accepted it */
	AO_KS_FAILED,        /* it could not be checked (network); retry */
};

enum ao_keyring_state {
	AO_KR_UNKNOWN = 0,
	AO_KR_CHECKING,
	AO_KR_OK,
	AO_KR_UNAVAILABLE,   /* see s->kr (cause + detail + fix) */
	AO_KR_NOT_USED,      /* demo mode: nothing is stored */
};

enum ao_key_store {
	AO_STORE_KEYRING = 0,
	AO_STORE_MEMORY,
};

enum ao_load { AO_LOAD_NONE = 0, AO_LOAD_RUNNING, AO_LOAD_OK, AO_LOAD_FAILED };

/* Where the registration is after it was created. */
enum ao_phase {
	AO_PH_NONE = 0,
	AO_PH_OAUTH,         /* waiting for authConfigured */
	AO_PH_ACTIVATE,      /* partner agent: auth configured, offer the PATCH */
	AO_PH_WAIT,          /* waiting for the status to leave PENDING */
	AO_PH_DONE,          /* see s->outcome */
};

enum ao_outcome {
	AO_OUT_NONE = 0,
	AO_OUT_ACTIVE,
	AO_OUT_DISABLED,
	AO_OUT_TIMEOUT,
	AO_OUT_DETACHED,
	AO_OUT_FAILED,
};

struct ao_session_options {
	const char *answers_file;   /* --answers FILE, or NULL */
	int fresh;                  /* --fresh: ignore (and replace) a draft */
	double timeout;             /* seconds to wait for ACTIVE; 0 = 900 */
	const char *edit_id;        /* --edit ID: update this registration instead of creating one */
};

typedef void (*ao_session_notify_fn)(void *ui, unsigned events);

struct ao_probe_task;
struct ao_explain_job;
struct ao_secret_queue;

struct ao_session {
	const struct ao_global *g;
	struct ao_loop *loop;
	struct ao_api *api;
	const char *api_url;
	double timeout;

	/* answers and the step machine */
	struct ao_answers a;
	enum ao_step step;
	int source_id_auto;                  /* sourceId follows the name */
	char *server_error[AO_FIELD_COUNT];  /* VALIDATION_ERROR per field */
	char *notice;                        /* last message for the user, or NULL */
	/* spaces typed around a URL were removed (a pasted URL often carries
	 * them): the front ends say so at the field and on the review */
	unsigned char trimmed[AO_FIELD_COUNT];

	/* the draft */
	char *draft_path;                    /* NULL: no state dir, no drafts */
	int have_draft;                      /* a draft was found at start */
	struct ao_draft *found;              /* that draft, until resumed or dropped */
	int submit_started;                  /* a create may have reached the platform */
	char *registered_id;                 /* sourceId / agentId once known */
	int draft_secrets_stored;            /* some secrets are in the keyring */
	int draft_ended;                     /* removed: never saved again */

	/* the keyring and the platform key */
	struct ao_secret_store *keyring;
	enum ao_keyring_state kr_state;
	struct ao_keyring_check kr;
	enum ao_key_state key_state;
	char *key;                           /* secret; NULL until known */
	char key_where[256];                 /* "SCOPE3_API_KEY (environment)" ... */
	enum ao_key_store key_store;         /* where a typed key goes */
	char *account;                       /* "Acme (seat 42, role ADMIN)" */
	char *key_error;                     /* why the key was refused / not checked */
	int key_store_pending;               /* store the typed key once accepted */
	int key_typed;                       /* the key being checked was typed */

	/* partners */
	enum ao_load partners_state;
	struct ao_partner_list partners;
	char *partners_error;

	/* a wait that ended PENDING or DISABLED: why (core/explain.h), from
	 * the registration, readiness, diagnostics, the discovery test and
	 * our own probe (net/explain_job.h) */
	enum ao_load explain_state;
	struct ao_explanation explanation;
	struct ao_explain_job *explain_job;

	/* --edit ID: the registration is fetched once the key is OK, the
	 * forms are filled from it (s->existing), and submit updates it */
	char *edit_id;
	int edit_pending;                    /* look it up once the key is OK */

	/* the agents AAO knows for an operator domain (endpoint step) */
	enum ao_load discover_state;
	struct ao_discovered discovered;
	char *discover_domain;               /* the domain asked for */
	char *discover_error;                /* why the look-up gave nothing */
	unsigned discover_gen;               /* bumped whenever the above change */

	/* Test connection */
	enum ao_load probe_state;
	struct ao_probe_result probe;
	enum ao_step probe_step;             /* the step it was started from */
	int probe_without_auth;              /* started before an auth type was chosen */
	int probe_background;                /* started by the review, not by the user: not busy */
	char *probe_tested;                  /* endpoint and auth type the result is for */

	/* foreground operation */
	enum ao_busy busy;
	double busy_since;
	struct ao_api_call *call;

	/* the registration */
	int have_resource;
	struct ao_resource res;
	enum ao_phase phase;
	enum ao_outcome outcome;
	char *oauth_url;
	char *outcome_detail;                /* DISABLED reason, failure message */
	int activation_requested;
	int reauthorizing;                   /* o on the result: a DISABLED agent waits for consent, then activation */
	/* a registration this wizard started, found on the platform with
	 * values other than the reviewed ones: the user updates or keeps it */
	int conflict;
	struct ao_resource existing;
	/* the credential as last sent (non-secret values and edit counts of
	 * the secrets, never a secret): a correction of only the credential
	 * is a difference the platform cannot show */
	char *sent_cred;

	/* the status poll */
	struct ao_poll poll;
	double wait_started;
	double last_check;                   /* when the last check finished, 0 none */
	unsigned poll_timer;
	unsigned deadline_timer;             /* the end of --timeout */
	struct ao_api_call *poll_call;
	char *poll_error;                    /* last check failed: why */

	/* deferred work: waits for the platform key */
	int return_step;                     /* step to go back to after PLATFORM, or -1 */
	int reconcile_pending;               /* resume: look up before anything else */
	int reconcile_then_create;           /* the lookup runs for a Submit */
	int poll_pending;                    /* resume: start polling once the key is OK */
	int partners_pending;

	/* secrets typed in this draft: bumped on every change, and the
	 * generation last stored in the keyring */
	unsigned secret_gen[AO_FIELD_COUNT];
	unsigned secret_stored_gen[AO_FIELD_COUNT];
	int want_draft_secrets;              /* resume: look them up once the keyring is OK */
	int ask_lost_secrets;                /* resume: credentials no keyring kept are asked for first */

	/* internals */
	struct ao_probe_task *probe_task;
	int probe_again;                     /* the running probe is for old values: test again when it ends */
	struct ao_secret_queue *secrets;
	ao_session_notify_fn notify;
	void *notify_arg;
	int exit_code;
};

/* Builds the session (loop, API client, draft path, answers file).  Returns
 * NULL with a sentence in msg (bad answers file ...) and *exit_code set. */
struct ao_session *ao_session_new(const struct ao_global *g, const struct ao_session_options *o,
                                  char *msg, size_t msgsz, int *exit_code);
/* Cancels everything, waits (bounded) for keyring clean-up, wipes secrets. */
void ao_session_free(struct ao_session *s);
void ao_session_set_notify(struct ao_session *s, ao_session_notify_fn fn, void *ui);

/* Starts what main left for after the first frame (g->start_later: the
 * demo simulator), then the platform step's background work: keyring
 * check, key lookup (environment, keyring, or the demo key) and the
 * account check.  Returns 0, or -1 with a sentence in err when the
 * deferred start failed (nothing else was started). */
int ao_session_start(struct ao_session *s, char *err, size_t errsz);

/* ---- drafts ---- */
/* Takes the found draft: answers, step, submission state.  Restoring the
 * draft's secrets from the keyring follows asynchronously (AO_EV_SECRETS). */
void ao_session_resume(struct ao_session *s);
/* Forgets the found draft (and its keyring secrets): start fresh. */
void ao_session_discard_draft(struct ao_session *s);
/* Saves the non-secret answers now (after each step, on SIGHUP/SIGTERM,
 * on quit).  Returns 0 or an errno value.  Async-signal context: never. */
int ao_session_save_draft(struct ao_session *s);
/* The registration is over (result shown, detached): remove the draft and
 * its keyring secrets. */
void ao_session_end_draft(struct ao_session *s);

/* ---- answers ---- */
/* Sets a field from the front end; keeps the slug in step with the name
 * while sourceId was not edited, and clears the field's server error. */
void ao_session_set(struct ao_session *s, enum ao_field f, const char *value);
/* The message shown at a field: the server's VALIDATION_ERROR for it, else
 * the core's rule.  Returns NULL when the field is valid. */
const char *ao_session_field_error(struct ao_session *s, enum ao_field f, char *buf, size_t bufsz);

/* ---- navigation ---- */
/* Checks the current step; on success moves to the next applicable step,
 * saves the draft and returns 0.  Otherwise returns -1 and sets *bad to the
 * first invalid field. */
int ao_session_next(struct ao_session *s, enum ao_field *bad);
/* Back one step (never below PLATFORM); values are kept. */
void ao_session_back(struct ao_session *s);
void ao_session_goto(struct ao_session *s, enum ao_step step);

/* ---- the platform step ---- */
/* The user typed a key: check it against the platform, then store it where
 * they chose.  The key is copied. */
void ao_session_set_key(struct ao_session *s, const char *key, enum ao_key_store where);
/* Checks the current key again (after a network failure). */
void ao_session_recheck_key(struct ao_session *s);
/* Whether the platform step is done (key accepted). */
int ao_session_key_ok(const struct ao_session *s);

/* ---- partners ---- */
void ao_session_load_partners(struct ao_session *s);
/* The partner's display name for the chosen partnerId, or NULL. */
const char *ao_session_partner_name(const struct ao_session *s, const char *id);

/* ---- after a wait that did not end ACTIVE: fix in place ---- */
/* Whether the result offers the fixes (the wait ended PENDING or DISABLED
 * on a registration this session knows). */
int ao_session_can_fix(const struct ao_session *s);
/* Edits the registration from step (AO_STEP_ENDPOINT or
 * AO_STEP_CREDENTIALS, whose credential fields start empty): the review
 * shows what will change, submit updates only that (PUT / PATCH; a
 * DISABLED registration is also set ACTIVE again) and waits again on the
 * same registration -- nothing is created. */
void ao_session_fix(struct ao_session *s, enum ao_step step);
/* A partner agent with OAUTH: a new authorization URL, then the OAuth
 * screen and the wait again. */
void ao_session_reauthorize(struct ao_session *s);

/* ---- agents AAO knows (the endpoint step's pick list) ---- */
/* The operator domain to offer for discover-agents: that of the endpoint
 * typed so far, else (demo) the simulator's; "" when there is no guess.
 * Written into out (size outsz). */
void ao_session_discover_guess(const struct ao_session *s, char *out, size_t outsz);
/* GET discover-agents for domain (checked with ao_domain_acceptable: a bad
 * one fails at once with discover_error).  AO_EV_DISCOVER when it ends;
 * Esc (ao_session_cancel) cancels it. */
void ao_session_discover(struct ao_session *s, const char *domain);
/* Fills the endpoint (and protocol and agent type when the registry said)
 * from discovered agent i, and says so in the notice. */
void ao_session_pick_discovered(struct ao_session *s, size_t i);

/* ---- Test connection ---- */
void ao_session_probe(struct ao_session *s);
/* The same in the background (nothing waits for it; the review starts it):
 * ao_session_probe_verdict says what it found that contradicts the
 * answers, or NULL. */
void ao_session_probe_background(struct ao_session *s);
/* A sentence for the review once the probe of the current endpoint and
 * auth type is back: a warning when it contradicts the choice (role 1),
 * a confirmation when the credential was accepted (role 0); NULL when
 * there is nothing to say yet. */
/* The endpoint or credentials step changed and typing paused: test the
 * connection in the background once the step's values are valid (never
 * busy, never blocks typing).  A test running for older values is
 * cancelled and the new values are tested when it has ended. */
void ao_session_probe_auto(struct ao_session *s);
/* The differences between a registration found on the platform and the
 * reviewed answers (core/regdiff.h), including a credential changed since
 * it was sent. */
struct ao_regdiff;
size_t ao_session_regdiff(const struct ao_session *s, const struct ao_resource *r, struct ao_regdiff *d);
/* 1 when the probe result (or the probe running) is for the answers as
 * they are now; a result for values since changed is stale. */
int ao_session_probe_current(const struct ao_session *s);
const char *ao_session_probe_verdict(const struct ao_session *s, int *warning, char *buf, size_t bufsz);

/* ---- submission and after ---- */
/* Submits (after a reconciliation lookup when an earlier submission may
 * have reached the platform).  The outcome arrives as AO_EV_SUBMIT. */
void ao_session_submit(struct ao_session *s);
/* With s->conflict: send the reviewed values to the registration found
 * (PUT for a source, PATCH for an agent; ao_session_submit does the same),
 * or keep it as the platform has it.  Both go on to the wait. */
void ao_session_update_existing(struct ao_session *s);
void ao_session_keep_existing(struct ao_session *s);
/* Resume after an interrupted submission: look the registration up first
 * (AO_EV_SUBMIT; s->have_resource when it was found). */
void ao_session_reconcile(struct ao_session *s);
/* Esc: cancels the foreground operation (the probe is abandoned). */
void ao_session_cancel(struct ao_session *s);
/* r: check the status now.  1: a check started; 0: one is already in
 * flight (its result comes soon); -1: nothing to check (not waiting). */
int ao_session_check_now(struct ao_session *s);
/* Partner agent: PATCH {"status":"ACTIVE"} then wait again. */
void ao_session_activate(struct ao_session *s);
/* Partner agent with OAuth: ask the platform for a new authorization URL. */
void ao_session_new_oauth_url(struct ao_session *s);
/* d: stop waiting; the process exits with AO_EXIT_PENDING. */
void ao_session_detach(struct ao_session *s);

/* ---- display helpers ---- */
/* The notice was shown (plain mode prints each once). */
void ao_session_clear_notice(struct ao_session *s);
/* Seconds the foreground operation has been running. */
double ao_session_busy_elapsed(const struct ao_session *s);
/* Seconds since waiting started, and until the next check (-1 if none). */
double ao_session_wait_elapsed(const struct ao_session *s);
double ao_session_next_check(const struct ao_session *s);
/* "agent-onboard create --kind inventory-source --name '...' ..." with
 * secrets replaced by --secret-file placeholders; newly allocated. */
char *ao_session_create_command(const struct ao_session *s);
/* "agent-onboard status ID --wait" (with --api-url when not the default);
 * newly allocated. */
char *ao_session_status_command(const struct ao_session *s);
/* The request body with secrets masked, pretty JSON; newly allocated. */
char *ao_session_masked_request(const struct ao_session *s);
/* A short "what next" text for the result; static or from the session. */
const char *ao_session_outcome_title(const struct ao_session *s);
/* The exit code the process should end with for the current outcome. */
int ao_session_exit_code(const struct ao_session *s);
const char *ao_busy_label(enum ao_busy b);

/* Signals: the handlers only set these and write to the loop's self-pipe
 * (ao_session_install_signals); front ends act on them. */
extern volatile sig_atomic_t ao_sig_winch, ao_sig_hup, ao_sig_term, ao_sig_int;
void ao_session_install_signals(struct ao_session *s);

#endif
