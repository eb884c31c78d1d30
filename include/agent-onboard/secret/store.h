/* SPDX-License-Identifier: MIT */
/* The secret store: where the platform API key (and, while a draft is open,
 * the credential the user typed for their agent) is kept between runs.
 *
 * Two backends behind one interface (git's credential helpers, OpenSSH):
 *   - the keyring: the freedesktop Secret Service through libsecret
 *     (gnome-keyring, KeePassXC, ...), default collection;
 *   - memory: "keep it for this run only", and the fake used by tests.
 * There is deliberately no file backend: when the keyring cannot be used we
 * say why and offer memory or SCOPE3_API_KEY, never a silent plaintext file.
 *
 * Items are found by three NON-secret attributes (api_url, kind, id) under
 * the schema AO_SECRET_SCHEMA; the label says what the item is for
 * ("agent-onboard: Scope3 API key for https://api.interchange.io").  The
 * secret is only ever the item's value.
 *
 * Every keyring operation runs on a worker thread with a GCancellable and is
 * bounded (AO_SECRET_TIMEOUT_MS): a stalled or hung Secret Service costs at
 * most that long and never freezes the caller.  Two ways to use it:
 *   - blocking, for CLI commands:    ao_secret_lookup(store, &ref, &res);
 *   - a job, for the event loop:     job = ao_secret_job_start(...);
 *       watch ao_secret_job_fd(job) for POLLIN, then
 *       ao_secret_job_collect(job, &res); ao_secret_job_free(job);
 *
 * Secrets handed to callers are malloc'd copies: release them with
 * ao_secret_free() (core/xalloc.h), which wipes before freeing. */
#ifndef AO_SECRET_STORE_H
#define AO_SECRET_STORE_H

#include <stddef.h>

#include "agent-onboard/core/status.h"

#define AO_SECRET_SCHEMA "io.interchange.agent-onboard.Secret"
#define AO_SECRET_KIND_PLATFORM_KEY "platform-api-key"
#define AO_SECRET_KIND_DRAFT "draft-credential"
/* The id of the platform key (one per API URL). */
#define AO_SECRET_ID_PLATFORM_KEY "default"
/* Upper bound of every keyring call, check included. */
#define AO_SECRET_TIMEOUT_MS 3000

/* ---- why the keyring can or cannot be used ------------------------------ */

enum ao_keyring_cause {
	AO_KEYRING_OK = 0,
	AO_KEYRING_NO_BUS,                /* no D-Bus session bus (plain SSH, cron, containers) */
	AO_KEYRING_NO_SERVICE,            /* a bus, but nothing provides org.freedesktop.secrets */
	AO_KEYRING_LOCKED,                /* the default collection is locked */
	AO_KEYRING_NO_DEFAULT_COLLECTION, /* service running, but no default keyring yet */
	AO_KEYRING_TIMEOUT,               /* no answer within AO_SECRET_TIMEOUT_MS */
	AO_KEYRING_CANCELLED,             /* the caller cancelled the job */
	AO_KEYRING_OTHER,                 /* anything else: see detail */
};

struct ao_keyring_check {
	enum ao_keyring_cause cause;
	char detail[512];       /* the exact underlying error ("" when OK), e.g.
	                         * "DBUS_SESSION_BUS_ADDRESS is not set and
	                         * /run/user/0/bus does not exist" or the GError
	                         * text with its domain and code */
	char collection[128];   /* label of the default collection, when known */
	long elapsed_ms;
};

/* Short name: "ok", "no session bus", "no Secret Service", "keyring locked",
 * "no default keyring", "keyring timed out", "cancelled", "keyring error". */
const char *ao_keyring_cause_name(enum ao_keyring_cause c);
/* One concrete sentence saying what to do, e.g. for NO_BUS:
 * "run it inside `dbus-run-session -- agent-onboard ...`, use SCOPE3_API_KEY,
 * or keep the key for this run only".  "" for OK. */
const char *ao_keyring_cause_fix(enum ao_keyring_cause c);
/* Stable identifier for --json: "ok", "no_bus", "no_service", "locked",
 * "no_default_collection", "timeout", "cancelled", "other". */
const char *ao_keyring_cause_id(enum ao_keyring_cause c);

/* ---- the store ----------------------------------------------------------- */

enum ao_secret_backend {
	AO_SECRET_BACKEND_KEYRING,
	AO_SECRET_BACKEND_MEMORY,
};

struct ao_secret_store;

/* The Secret Service backend.  Creating it contacts nothing. */
struct ao_secret_store *ao_secret_store_new_keyring(void);
/* An empty in-memory store, private to this process and wiped when freed. */
struct ao_secret_store *ao_secret_store_new_memory(void);
/* Wipes memory-backend values; NULL is fine.  Jobs still running keep what
 * they need alive, so the store may be freed before them. */
void ao_secret_store_free(struct ao_secret_store *s);
enum ao_secret_backend ao_secret_store_backend(const struct ao_secret_store *s);
/* Where values go, for messages: "the system keyring (Secret Service)" or
 * "memory (this run only; forgotten when agent-onboard exits)". */
const char *ao_secret_store_where(const struct ao_secret_store *s);

/* Where a value put now would go, for the sentence said before a secret
 * is asked for ("The key will be stored in ..."), from a CHECK result's
 * check (c may be NULL for the memory backend).  Newly allocated:
 *   the system keyring (Secret Service), collection "Login"
 *   memory (this run only; forgotten when agent-onboard exits)
 *   nowhere: the keyring cannot be used (no session bus)            */
char *ao_secret_destination(const struct ao_secret_store *s, const struct ao_keyring_check *c);

/* What identifies an item.  For clear/list, a NULL member matches any value
 * (kind must be set); for lookup/store all three must be set. */
struct ao_secret_ref {
	const char *api_url;   /* normalised by the store (trailing '/' removed) */
	const char *kind;      /* AO_SECRET_KIND_* */
	const char *id;        /* AO_SECRET_ID_PLATFORM_KEY, a field key, a registration id */
};

/* The platform key's ref for api_url (points into api_url, no copy). */
struct ao_secret_ref ao_secret_ref_platform_key(const char *api_url);

/* An item as listed or removed: attributes and label only, never the value. */
struct ao_secret_item {
	char *api_url, *kind, *id, *label;
};

struct ao_secret_result {
	/* AO_OK; AO_ERR_NOT_FOUND (lookup: nothing stored for ref);
	 * AO_ERR_KEYRING (see check.cause, e.g. LOCKED: a locked lookup is
	 * reported as such, never as "not found"); AO_ERR_TIMEOUT;
	 * AO_ERR_CANCELLED; AO_ERR_USAGE (bad ref). */
	enum ao_status status;
	struct ao_keyring_check check;   /* cause + detail when status != AO_OK */
	char *value;                     /* lookup: the secret; ao_secret_free */
	struct ao_secret_item *items;    /* clear: what was removed; list: what matched */
	size_t n_items;
};

void ao_secret_result_init(struct ao_secret_result *r);
/* Wipes and frees value and items; leaves r initialised.  NULL is fine. */
void ao_secret_result_clear(struct ao_secret_result *r);

/* Blocking calls, each bounded by AO_SECRET_TIMEOUT_MS.  Each initialises
 * *r (the caller must ao_secret_result_clear it) and returns r->status. */

/* Can this store be used right now?  For the keyring: no bus (decided
 * without touching D-Bus, so nothing is ever autolaunched), no service, no
 * default collection, locked, timeout.  The memory backend is always OK. */
enum ao_status ao_secret_check(struct ao_secret_store *s, struct ao_secret_result *r);
enum ao_status ao_secret_lookup(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                                struct ao_secret_result *r);
/* Stores (replaces) value under ref with a label naming its purpose. */
enum ao_status ao_secret_put(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                             const char *value, struct ao_secret_result *r);
/* Removes every item matching ref (NULL members match anything) and lists
 * them in r->items.  Nothing matching is AO_OK with n_items == 0. */
enum ao_status ao_secret_clear(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                               struct ao_secret_result *r);
/* Lists the items matching ref without their values. */
enum ao_status ao_secret_list(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                              struct ao_secret_result *r);

/* ---- jobs: the same operations for an event loop ------------------------- */

enum ao_secret_op {
	AO_SECRET_OP_CHECK,
	AO_SECRET_OP_LOOKUP,
	AO_SECRET_OP_PUT,
	AO_SECRET_OP_CLEAR,
	AO_SECRET_OP_LIST,
};

struct ao_secret_job;

/* Starts op on a worker thread (the memory backend completes at once).
 * ref and value are copied (the value is wiped when the job ends); ref is
 * ignored for CHECK, value is used by PUT only.  timeout_ms <= 0 means
 * AO_SECRET_TIMEOUT_MS.  Never NULL. */
struct ao_secret_job *ao_secret_job_start(struct ao_secret_store *s, enum ao_secret_op op,
                                          const struct ao_secret_ref *ref, const char *value,
                                          long timeout_ms);
/* Becomes readable (POLLIN) once the result is ready: finished, timed out
 * or cancelled.  Do not read from it; it stays readable until freed, and
 * ao_secret_job_free closes it, so stop watching it first.  -1 only when
 * the process is out of descriptors (the job is then already done). */
int ao_secret_job_fd(const struct ao_secret_job *j);
/* Non-zero once the result is ready (the fd is readable). */
int ao_secret_job_done(struct ao_secret_job *j);
/* Asks the worker to stop; the result becomes AO_ERR_CANCELLED at once. */
void ao_secret_job_cancel(struct ao_secret_job *j);
/* Moves the result into *r (initialised here).  Returns r->status, or -1
 * (and leaves *r initialised) when the job is not done yet. */
int ao_secret_job_collect(struct ao_secret_job *j, struct ao_secret_result *r);
/* Blocks until done (at most the job's timeout), then collects. */
enum ao_status ao_secret_job_wait(struct ao_secret_job *j, struct ao_secret_result *r);
/* Cancels it if running and releases it; NULL is fine.  A worker stuck in
 * the keyring finishes on its own and discards its result. */
void ao_secret_job_free(struct ao_secret_job *j);

/* ---- the platform API key ------------------------------------------------ */

enum ao_key_source {
	AO_KEY_NONE = 0,
	AO_KEY_ENV,        /* SCOPE3_API_KEY */
	AO_KEY_KEYRING,
	AO_KEY_MEMORY,     /* kept for this run only */
};

struct ao_platform_key {
	char *key;                  /* NULL when none; freed by ao_platform_key_clear */
	enum ao_key_source source;
	char where[256];            /* "SCOPE3_API_KEY (environment)",
	                             * "the system keyring (Secret Service), item
	                             * \"agent-onboard: Scope3 API key for URL\"",
	                             * "nowhere: not in SCOPE3_API_KEY nor the keyring" */
	struct ao_keyring_check keyring;  /* the keyring's state when it was
	                                   * consulted and could not answer; cause
	                                   * OK when it answered or was not asked */
};

void ao_platform_key_clear(struct ao_platform_key *k);
/* $SCOPE3_API_KEY (non-empty), else the store for api_url (store may be
 * NULL: environment only), else none.  Never prompts: callers do that (see
 * ui/prompt.h) and offer to ao_secret_put the answer.  Returns AO_OK when
 * a key was found, AO_ERR_NOT_FOUND when none was (k->keyring says whether
 * the keyring could be asked at all). */
enum ao_status ao_platform_key_resolve(struct ao_secret_store *s, const char *api_url,
                                       struct ao_platform_key *k);
/* The same in two halves, for an event loop: from_env is instant (returns 1
 * when SCOPE3_API_KEY was used); otherwise start a LOOKUP job with
 * ao_secret_ref_platform_key(api_url) and hand its result to from_lookup,
 * which takes r->value. */
int ao_platform_key_from_env(struct ao_platform_key *k);
/* "is not set" or "is set but empty": how SCOPE3_API_KEY failed, for
 * messages (an empty value is never used as a key). */
const char *ao_platform_key_env_state(void);
void ao_platform_key_from_lookup(struct ao_platform_key *k, const struct ao_secret_store *s,
                                 const char *api_url, struct ao_secret_result *r);
/* "agent-onboard: Scope3 API key for URL" (or the draft-credential form);
 * newly allocated; used as the keyring label. */
char *ao_secret_label(const struct ao_secret_ref *ref);

/* ---- process hardening --------------------------------------------------- */

/* prctl(PR_SET_DUMPABLE, 0) and RLIMIT_CORE 0 so no core dump or ptrace
 * attach by other users can read secrets.  Best effort; call early in main. */
void ao_secret_protect_process(void);

/* For --version: loads libsecret (as the first keyring use would) and
 * writes its soname and GLib's version to out; -1 with the reason it cannot
 * be loaded in out. */
int ao_secret_libsecret_version(char *out, size_t outsz);

#endif
