/* SPDX-License-Identifier: MIT */
/* The platform API client: the calls both registrations need, on top of
 * net/http.h, with the core's builders and parsers.
 *
 * Every call is asynchronous: it returns a call object at once and its
 * callback runs later from the loop, exactly once (also for errors found
 * before anything is sent, and after ao_api_call_cancel).  The call object
 * and the result are freed by the client right after the callback returns;
 * the callback may take ownership of any pointer in the result by setting it
 * to NULL.  For CLI commands, ao_api_wait runs the loop until a call is done.
 *
 * Policy, the same for every call:
 *   - Authorization: Bearer <key>, wiped from our memory after each request;
 *   - every call waits for the shared pacer (RateLimit-Remaining/-Reset of
 *     earlier responses) before it is sent;
 *   - reads (get, list, partners, account, discover, health) and the status
 *     PATCH are retried on network errors, timeouts, 5xx and 429, with
 *     exponential backoff and full jitter; 429 and 503 wait Retry-After;
 *   - a create is never re-sent blindly.  It is retried only when it surely
 *     did not reach the server (connection refused before sending) or was
 *     refused with 429.  After an ambiguous failure (timeout, dropped
 *     connection or 5xx after sending) the client looks the registration up
 *     (sources: GET by sourceId; agents: list and match endpointUrl) and
 *     creates it again only if it is absent.  result.reconciled says so.
 *   - errors: the platform's {error:{code,message,field}} is parsed into
 *     result.error and explained in result.message (what to do next). */
#ifndef AO_NET_API_H
#define AO_NET_API_H

#include <signal.h>
#include <stddef.h>

#include <cJSON.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/poll.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/net/loop.h"

struct ao_log;

#define AO_API_PRODUCTION_URL "https://api.interchange.io"
#define AO_API_STAGING_URL "https://api.staging.interchange.io"
#define AO_API_URL_ENV "SCOPE3_API_URL"

/* The base URL to use (flag > environment > default): flag_url (--api-url)
 * if given, else the staging URL when staging (--staging), else
 * $SCOPE3_API_URL if set and non-empty, else production.  The command line
 * refuses --api-url together with --staging.  Returns a pointer to one
 * of those strings (not allocated). */
const char *ao_api_pick_url(const char *flag_url, int staging);

/* The partner API lives on a host of its own (net/api_hosts.c). */
#define AO_PARTNER_API_PRODUCTION_URL "https://api.agentic.scope3.com"
#define AO_PARTNER_API_STAGING_URL "https://api.agentic.staging.scope3.com"
#define AO_PARTNER_API_URL_ENV "SCOPE3_PARTNER_API_URL"
/* The partner API's base: flag_url (--partner-api-url), else
 * $SCOPE3_PARTNER_API_URL, else api_url when it was given explicitly
 * (--api-url or $SCOPE3_API_URL) for a loopback host (a local simulator
 * serves both APIs), else the documented partner host (staging with
 * --staging).  Not allocated. */
const char *ao_api_pick_partner_url(const char *flag_url, int staging, const char *api_url,
                                    int api_url_explicit);
/* url without trailing '/' and without a trailing "/api/v2/partner" (the
 * docs write the base with it); newly allocated. */
char *ao_api_partner_base(const char *url);
/* Whether a request path belongs to the partner API. */
int ao_api_is_partner_path(const char *path);

struct ao_api_config {
	const char *base_url;      /* "https://api.interchange.io" (a path prefix
	                              is allowed; a trailing '/' is ignored) */
	const char *partner_base_url; /* where /api/v2/partner/... goes
	                              ("https://api.agentic.scope3.com"); NULL =
	                              base_url */
	const char *api_key;       /* secret; copied by ao_api_new and wiped on free;
	                              NULL for no Authorization (health only) */
	const char *ca_file;       /* --ca-file, or NULL */
	struct ao_log *log;        /* --log, borrowed, or NULL */
	long connect_timeout_ms;   /* 0 = AO_HTTP_CONNECT_TIMEOUT_MS */
	long timeout_ms;           /* per request; 0 = AO_HTTP_TIMEOUT_MS */
	size_t body_limit;         /* 0 = AO_HTTP_BODY_LIMIT */
	unsigned max_attempts;     /* per request, retries included; 0 = 4 */
	double backoff_base;       /* seconds; 0 = 0.5 */
	double backoff_cap;        /* seconds; 0 = 8 */
	double max_retry_after;    /* a longer Retry-After is not waited for: the
	                              call fails with RATE_LIMITED; 0 = 60 */
	unsigned seed;             /* jitter seed; 0 = from the clock */
};

struct ao_api;

/* Checks the base URL (absolute, https unless loopback, no user:password@)
 * and copies the config.  Returns NULL with a sentence in msg. */
struct ao_api *ao_api_new(struct ao_loop *loop, const struct ao_api_config *cfg,
                          char *msg, size_t msgsz);
/* Cancels calls still running (their callbacks are not called), wipes the
 * key.  NULL is fine. */
void ao_api_free(struct ao_api *api);
/* Replaces the API key (copied; the old one is wiped).  NULL removes it. */
void ao_api_set_key(struct ao_api *api, const char *key);
const char *ao_api_base_url(const struct ao_api *api);
const char *ao_api_partner_url(const struct ao_api *api);   /* the partner base */
struct ao_loop *ao_api_loop(const struct ao_api *api);
/* The pacer shared by all calls of this client (read it to show "next check
 * in N s"; ao_poll_checked already honours the same rate info). */
const struct ao_pacer *ao_api_pacer(const struct ao_api *api);

enum ao_api_op {
	AO_API_CREATE,
	AO_API_GET,
	AO_API_LIST,
	AO_API_PATCH_STATUS,
	AO_API_LIST_PARTNERS,
	AO_API_OAUTH_AUTHORIZE,
	AO_API_ACCOUNT,
	AO_API_DISCOVER_AGENTS,
	AO_API_HEALTH,
	AO_API_UPDATE,
	AO_API_DELETE,
	AO_API_RAW,
};

struct ao_api_result {
	enum ao_api_op op;
	enum ao_kind kind;
	enum ao_status status;         /* AO_OK, or what went wrong */
	long http_status;              /* of the last response, 0 if none; for a CREATE
	                                  that failed after a lookup, the create's own
	                                  (not the lookup's 404) */
	struct ao_api_error error;     /* parsed platform error (http_status >= 400) */
	char *message;                 /* for a person: what happened and what to do
	                                  next; NULL on success */

	/* by op; empty unless status == AO_OK */
	struct ao_resource resource;   /* CREATE, GET, PATCH_STATUS (re-read) */
	struct ao_resource_list list;  /* LIST (every page) */
	struct ao_partner_list partners;   /* LIST_PARTNERS */
	char *oauth_url;               /* OAUTH_AUTHORIZE */
	char *account;                 /* ACCOUNT: "Acme Media (seat 42, role ADMIN)" */
	cJSON *json;                   /* DISCOVER_AGENTS, HEALTH: the body, unwrapped
	                                  from {data} (owned by the result) */

	struct ao_rate_info rate;      /* rate headers of the last response */
	unsigned requests;             /* HTTP requests sent for this call */
	unsigned retries;              /* of which were retries */
	int ambiguous;                 /* CREATE failed and it is not known whether the
	                                  registration exists: check before retrying */
	int reconciled;                /* CREATE: an ambiguous failure was resolved by a
	                                  lookup (see existed) */
	int existed;                   /* CREATE: the lookup found the registration, so
	                                  it was not created again */
	enum ao_status retry_status;   /* why the last attempt that was retried failed,
	                                  AO_OK when none was: with ao_api_wait_until,
	                                  what a call cut by its deadline was retrying */
	char *retry_message;           /* the same as a sentence, or NULL */
	int deadline_passed;           /* ao_api_wait_until gave up at its deadline */
	double elapsed;                /* seconds from the call to its completion */
	size_t page_items;             /* ao_api_list_page: items the platform sent in
	                                  the page (other owners' ones included), so
	                                  the next page starts at offset + page_items */
};

void ao_api_result_init(struct ao_api_result *r);
/* Frees the contents (not r itself); NULL is fine. */
void ao_api_result_free(struct ao_api_result *r);
/* Moves the contents of src into dst (dst is overwritten, src emptied). */
void ao_api_result_move(struct ao_api_result *dst, struct ao_api_result *src);

struct ao_api_call;
/* res is valid during the callback only (take pointers by setting them to
 * NULL).  call is freed after the callback returns. */
typedef void (*ao_api_done_fn)(struct ao_api_call *call, struct ao_api_result *res, void *arg);

/* POST the registration described by a (kind by ao_answers_kind).  The
 * answers and secrets are used at once (the body is built before this
 * returns), so they may be freed afterwards. */
struct ao_api_call *ao_api_create(struct ao_api *api, const struct ao_answers *a,
                                  const struct ao_secrets *s, ao_api_done_fn done, void *arg);
/* The same, for a submission that may already have reached the platform
 * (a draft resumed after a crash, SIGHUP or a cancelled create): looks the
 * registration up first, exactly as after an ambiguous failure, and creates
 * it only when it is absent.  result.existed says which happened. */
struct ao_api_call *ao_api_create_resumed(struct ao_api *api, const struct ao_answers *a,
                                          const struct ao_secrets *s, ao_api_done_fn done,
                                          void *arg);
/* GET one source (by sourceId) or agent (by agentId). */
struct ao_api_call *ao_api_get(struct ao_api *api, enum ao_kind kind, const char *id,
                               ao_api_done_fn done, void *arg);
/* GET the collection, following pages (at most 1000 items: for lookups;
 * `list` pages itself with ao_api_list_page so it can say where it stopped). */
struct ao_api_call *ao_api_list(struct ao_api *api, enum ao_kind kind,
                                ao_api_done_fn done, void *arg);
/* PATCH /api/v2/partner/agents/{id} {"status": status}, e.g. "ACTIVE".  The
 * response is parsed into result.resource when it is a whole agent. */
/* GET one page (the platform's page size, 100) from item offset on:
 * result.list holds it with has_more and total as the platform said. */
struct ao_api_call *ao_api_list_page(struct ao_api *api, enum ao_kind kind, long offset,
                                     ao_api_done_fn done, void *arg);
struct ao_api_call *ao_api_patch_status(struct ao_api *api, const char *agent_id,
                                        const char *status, ao_api_done_fn done, void *arg);
/* The registration id to the reviewed answers: PUT for a source, PATCH for
 * an agent (core/request.h ao_build_update_body); result.resource holds
 * the answer when it is a whole registration. */
struct ao_api_call *ao_api_update(struct ao_api *api, enum ao_kind kind, const char *id,
                                  const struct ao_answers *a, const struct ao_secrets *s,
                                  ao_api_done_fn done, void *arg);
/* The same with a body the caller built (a partial update of only the
 * fields given, e.g. `agent-onboard update`): body_json is copied and the
 * copy wiped after sending when secret. */
struct ao_api_call *ao_api_update_json(struct ao_api *api, enum ao_kind kind, const char *id,
                                       const char *body_json, int secret, ao_api_done_fn done,
                                       void *arg);
/* DELETE the source (204) or agent; an error answer says why not. */
struct ao_api_call *ao_api_delete(struct ao_api *api, enum ao_kind kind, const char *id,
                                  ao_api_done_fn done, void *arg);
/* GET (body NULL) or POST (body JSON) of a storefront path such as
 * "/api/v2/storefront/readiness" -> result.json, unwrapped from {data}
 * (status --explain: readiness, diagnostics, the discovery test). */
struct ao_api_call *ao_api_raw(struct ao_api *api, const char *path, const char *body,
                               ao_api_done_fn done, void *arg);
/* GET /api/v2/partner/partners. */
struct ao_api_call *ao_api_list_partners(struct ao_api *api, ao_api_done_fn done, void *arg);
/* POST /api/v2/partner/agents/{id}/oauth/authorize {} -> result.oauth_url. */
struct ao_api_call *ao_api_oauth_authorize(struct ao_api *api, const char *agent_id,
                                           ao_api_done_fn done, void *arg);
/* GET /api/v2/accounts/current -> result.account (checks the key). */
struct ao_api_call *ao_api_account(struct ao_api *api, ao_api_done_fn done, void *arg);
/* GET /api/v2/storefront/discover-agents?domain=...&refresh=true -> result.json
 * (domain: the operator domain, core/url.h ao_operator_domain). */
struct ao_api_call *ao_api_discover_agents(struct ao_api *api, const char *domain,
                                           ao_api_done_fn done, void *arg);
/* GET /health without the key -> result.json (reachability, for doctor). */
struct ao_api_call *ao_api_health(struct ao_api *api, ao_api_done_fn done, void *arg);

/* Stops the call at once (the request in flight leaves the multi, timers
 * are dropped); its callback then runs from the loop with AO_ERR_CANCELLED.
 * Only valid before the callback has run.  A cancelled create may still
 * have reached the server: result.ambiguous says so. */
void ao_api_call_cancel(struct ao_api_call *call);

/* Blocking helper for CLI commands: runs the loop until call completes and
 * moves its result into *out (free it with ao_api_result_free).  When
 * *interrupt becomes non-zero (Ctrl-C; may be NULL) the call is cancelled and
 * out->status is AO_ERR_INTERRUPTED.  The call's own callback, if any, is
 * not called.  Returns out->status. */
enum ao_status ao_api_wait(struct ao_api_call *call, const volatile sig_atomic_t *interrupt,
                           struct ao_api_result *out);

/* ao_api_wait with a deadline on the ao_now() clock (<= 0: none).  A loop
 * timer fires at the deadline; a call still running then is cancelled (a
 * create that left stays ambiguous), out->deadline_passed is set and
 * out->status is AO_ERR_TIMEOUT (Ctrl-C first still gives
 * AO_ERR_INTERRUPTED).  out->retry_status/retry_message then say what the
 * call had failed with so far, if anything.  Returns out->status. */
enum ao_status ao_api_wait_until(struct ao_api_call *call, const volatile sig_atomic_t *interrupt,
                                 double deadline, struct ao_api_result *out);

const char *ao_api_op_name(enum ao_api_op op);   /* "create", "get", ... */

#endif
