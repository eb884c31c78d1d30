/* SPDX-License-Identifier: MIT */
/* Private to src/sandbox: the simulator's state, the request/reply objects
 * handed to route handlers, and the functions the files share.
 *
 * Threading: libmicrohttpd runs one thread per connection and the activation
 * prober runs on its own thread.  Everything in struct ao_sandbox below the
 * lock is guarded by s->lock; route handlers are called with it held and
 * must not block (the probe and fault latency run without it). */
#ifndef AO_SANDBOX_INTERNAL_H
#define AO_SANDBOX_INTERNAL_H

#include <cJSON.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "agent-onboard/sandbox/sandbox.h"

/* ---- requests and replies ------------------------------------------------ */

struct sb_request {
	struct ao_sandbox *sb;
	const char *method;
	const char *path;         /* decoded path, without the query */
	const char *route_key;    /* "POST /api/v2/storefront/inventory-sources" */
	const char *param;        /* the {id} segment of the route, or NULL */
	const char *body;         /* NUL-terminated; "" when none */
	size_t body_len;
	const char *client;       /* client address text */
	void *conn;               /* struct MHD_Connection * */
};

/* Header / query argument of the request, or NULL. */
const char *sb_header(const struct sb_request *r, const char *name);
const char *sb_query(const struct sb_request *r, const char *name);

#define SB_MAX_HEADERS 8

struct sb_reply {
	int status;
	char *content_type;       /* owned */
	char *body;               /* owned; NULL = empty */
	size_t body_len;
	char *hname[SB_MAX_HEADERS], *hvalue[SB_MAX_HEADERS];
	size_t nheaders;
	int mutated;              /* the handler changed the state (save it) */
	int bare;                 /* sb_reply_data without the {data} envelope */
};

void sb_reply_init(struct sb_reply *rep);
void sb_reply_clear(struct sb_reply *rep);
/* Takes ownership of body. */
void sb_reply_take(struct sb_reply *rep, int status, const char *content_type, char *body, size_t len);
void sb_reply_text(struct sb_reply *rep, int status, const char *content_type, const char *text);
/* {"data": data, "error": null[, "meta": meta]}; takes ownership of both. */
void sb_reply_data(struct sb_reply *rep, int status, cJSON *data, cJSON *meta);
/* Any JSON as is (demo agents); takes ownership. */
void sb_reply_json(struct sb_reply *rep, int status, cJSON *json);
/* {"data": null, "error": {code, message, field?, details?}}; takes details. */
void sb_reply_error(struct sb_reply *rep, int status, const char *code, const char *field,
                    cJSON *details, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void sb_reply_header(struct sb_reply *rep, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The error code the platform uses for an HTTP status. */
const char *sb_default_error_code(int status);

/* Parses the body as a JSON object; on failure fills rep with a 400/415 and
 * returns NULL. allow_empty: an empty body is {}. */
cJSON *sb_parse_object(const struct sb_request *r, struct sb_reply *rep, int allow_empty);

/* ---- validation (check.c) -------------------------------------------------- */

/* Collects every broken rule; the first one is reported as error.field. */
struct sb_issues {
	cJSON *list;              /* [{path, message}] */
	char field[64];
	char message[512];
	int count;
};

void sb_issues_init(struct sb_issues *is);
void sb_issue(struct sb_issues *is, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 400 VALIDATION_ERROR with details.issues when there are issues; returns
 * the count.  Always releases the list. */
int sb_issues_reply(struct sb_issues *is, struct sb_reply *rep);
/* The same for one broken rule: 400 VALIDATION_ERROR, the generic message,
 * the reason in details.issues[0] with field as its path. */
void sb_reply_invalid(struct sb_reply *rep, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Each returns the (valid) value or NULL: absent, null or broken (then an
 * issue is recorded; a missing required field is an issue too). */
const char *sb_check_string(const cJSON *obj, const char *key, int required,
                            long min_chars, long max_chars, struct sb_issues *is);
const char *sb_check_enum(const cJSON *obj, const char *key, int required,
                          const char *const *values, struct sb_issues *is);
const char *sb_check_url(const cJSON *obj, const char *key, int required, struct sb_issues *is);
/* Checks "auth" against authType (presence rules and shape).  partner:
 * BASIC_AUTH is not offered. */
void sb_check_auth(const cJSON *obj, const char *auth_type, int required_when_credential,
                   struct sb_issues *is);
/* sourceId / path-id charset: letters, digits, '.', '_', '-', not "." or "..". */
int sb_id_is_valid(const char *id);

extern const char *const sb_agent_types[];
extern const char *const sb_protocols[];
extern const char *const sb_source_auth_types[];
extern const char *const sb_agent_auth_types[];
extern const char *const sb_statuses[];
extern const char *const sb_account_policies[];
extern const char *const sb_reporting_types[];
extern const char *const sb_reporting_cadences[];

/* ---- the simulated platform state (store.c) --------------------------------- */

struct sb_source {
	cJSON *pub;               /* InventorySourceResponse exactly as returned */
	cJSON *auth;              /* stored credential: secret, never returned */
	char *oauth_state;        /* consent token while OAuth is pending */
	int64_t probe_due;        /* monotonic ms of the next probe; 0 = none */
	int64_t failing_since;    /* monotonic ms of the first failed probe; 0 = none */
	int probe_ok;             /* the agent answered with the credential once */
	unsigned gen;             /* bumped on every change the prober must notice */
	char last_probe[256];     /* last probe outcome, for messages */
	int last_outcome;         /* enum sb_check_outcome of it, when last_probe_at is set */
	long calls, failures;     /* probes made and failed (diagnostics) */
	long last_latency_ms;     /* of the last probe */
	char last_probe_at[32];   /* ISO time of the last probe, "" = never */
	long media_buys;          /* simulated non-terminal media buys: DELETE is refused */
	int no_products;          /* simulated: get_products answers an empty list */
	struct sb_source *next;
};

struct sb_agent {
	cJSON *pub;               /* partner agent detail as returned */
	cJSON *auth;
	char *oauth_state;
	char *redirect_uri;       /* where consent redirects to, or NULL */
	struct sb_agent *next;
};

struct sb_registry_entry {
	char *url;
	char *protocol;           /* "MCP" / "A2A" or NULL */
	char *type;               /* "SALES" ... or NULL */
	char *name;               /* or NULL */
	struct sb_registry_entry *next;
};

struct sb_count {
	char *key;
	long n;
	struct sb_count *next;
};

enum sb_fault_kind {
	SB_FAULT_LATENCY,
	SB_FAULT_STATUS,
	SB_FAULT_DROP,
	SB_FAULT_TRUNCATE,
	SB_FAULT_OVERSIZE,
	SB_FAULT_WRONG_TYPE,
	SB_FAULT_DROP_AFTER_COMMIT,
};

struct sb_fault {
	char *spec;               /* as given, for logs */
	char *route;              /* fnmatch pattern "METHOD /path" */
	enum sb_fault_kind kind;
	long arg;                 /* ms, status or bytes */
	char *text;               /* content type, or NULL */
	char *code;               /* error.code for status=, or NULL */
	long times, after;        /* 0 times = always */
	long seen, fired;
	struct sb_fault *next;
};

/* What the faults say about one request. */
struct sb_fault_plan {
	long latency_ms;
	int status;               /* 0 = none */
	char code[64];
	int drop, truncate, drop_after_commit;
	long oversize;            /* 0 = none */
	char wrong_type[128];     /* "" = none */
	char names[160];          /* fired faults, for the log */
};

struct sb_client {
	char addr[64];
	int64_t window_start;
	long used;
	struct sb_client *next;
};

struct sb_session {
	char id[40];
	struct sb_session *next;
};

struct ao_sandbox {
	struct ao_sandbox_options opt;   /* strings below are owned copies */
	char *url;
	char *host;
	int port;
	int tls;
	char *keys[2];                   /* accepted platform API keys */
	char *state_file;
	char *probe_ca_file;
	FILE *log;
	void *daemon;                    /* struct MHD_Daemon * */
	int listen_fd, listen_ipv6;      /* bound and listening, until the daemon takes it */
	char *tls_cert, *tls_key;        /* PEM text, kept while the daemon runs */

	pthread_mutex_t lock;
	pthread_cond_t wake;             /* prober and fault latency sleep on it */
	int stopping;
	volatile int cancel_probe;
	pthread_t prober;
	int prober_started;

	struct sb_source *sources;
	struct sb_agent *agents;
	cJSON *partners;                 /* array of partner objects */
	cJSON *marketplace;              /* other owners' agents, as the list shows them */
	cJSON *aao_cache;                /* discover-agents answers by domain {at, data} */
	int tos_accepted;                /* see opt.tos_required */
	unsigned long replies;           /* for AO_SANDBOX_MIX */
	void *partner_daemon;            /* the partner API's own listener, or NULL */
	int partner_port;
	char *partner_url;
	long next_id;
	struct sb_registry_entry *registry;
	struct sb_fault *faults;
	struct sb_count *counts;
	struct sb_client *clients;
	struct sb_session *sessions;
	size_t nsessions;
};

/* ---- shared helpers ---------------------------------------------------------- */

int64_t sb_now_ms(void);                      /* monotonic */
char *sb_timestamp(void);                     /* "2026-11-22T11:02:00.000Z", new */
void sb_random_hex(char *out, size_t nbytes); /* writes 2*nbytes hex + NUL */
/* Name-based id "<slug>_<8 hex>" (agentId). */
char *sb_make_agent_id(const char *name);
/* Deletes a JSON tree after wiping every string in it (credentials). */
void sb_json_wipe_delete(cJSON *json);
const char *sb_json_str(const cJSON *obj, const char *key);   /* string value or NULL */
void sb_json_set(cJSON *obj, const char *key, cJSON *value);  /* replace or add */
void sb_json_set_str(cJSON *obj, const char *key, const char *value); /* NULL = null */
void sb_json_touch(cJSON *obj);                                /* updatedAt = now */
void sb_log(struct ao_sandbox *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* store.c */
struct sb_source *sb_source_find(struct ao_sandbox *s, const char *source_id);
struct sb_agent *sb_agent_find(struct ao_sandbox *s, const char *agent_id);
const cJSON *sb_partner_find(struct ao_sandbox *s, const char *id);
void sb_source_unlink(struct ao_sandbox *s, struct sb_source *src);
void sb_source_free(struct sb_source *src);
void sb_agent_free(struct sb_agent *a);
void sb_store_free(struct ao_sandbox *s);
void sb_store_seed(struct ao_sandbox *s);     /* demo partners */
/* The consent token of a pending OAuth registration, new, and the
 * authorization URL to hand out for it. */
char *sb_oauth_url(struct ao_sandbox *s, char **state_slot);
/* Sets pub's "oauth" block {authorizationUrl, agentId, agentName} with a
 * fresh consent link (its state goes to *state_slot). */
void sb_set_oauth(struct ao_sandbox *s, cJSON *pub, char **state_slot);
/* Counts a probe of the source for its diagnostics (source_health.c). */
void sb_source_record_probe(struct sb_source *src, int outcome, long latency_ms);
/* Arms the activation prober for a PENDING source with credentials. */
void sb_source_arm_probe(struct ao_sandbox *s, struct sb_source *src);

/* registry.c */
int sb_registry_load(struct ao_sandbox *s, const char *path, char *err, size_t errsz);
void sb_registry_add(struct ao_sandbox *s, const char *url, const char *protocol,
                     const char *type, const char *name);
void sb_registry_add_demo_agents(struct ao_sandbox *s);
int sb_registry_contains(struct ao_sandbox *s, const char *url);
void sb_registry_free(struct ao_sandbox *s);

/* faults.c */
int sb_fault_parse(const char *spec, struct sb_fault **out, char *err, size_t errsz);
void sb_fault_free(struct sb_fault *f);
void sb_faults_free(struct ao_sandbox *s);
void sb_faults_plan(struct ao_sandbox *s, const char *route_key, struct sb_fault_plan *plan);
/* Rewrites rep for oversize / wrong-type. */
void sb_faults_shape_reply(const struct sb_fault_plan *plan, struct sb_reply *rep);

/* ratelimit.c: returns 1 when the request may proceed; fills the headers. */
int sb_rate_check(struct ao_sandbox *s, const char *client, struct sb_reply *headers_to);
void sb_rate_free(struct ao_sandbox *s);

/* counts (router.c) */
void sb_count_request(struct ao_sandbox *s, const char *route_key);
void sb_counts_free(struct ao_sandbox *s);

/* router.c */
struct sb_route;
/* Finds the route for method + path; the {id} segment goes to param ("" if
 * none), the counting key to key.  NULL when nothing matches; then
 * *method_mismatch says whether the path exists with other methods (listed
 * in allow). */
const struct sb_route *sb_route_match(const char *method, const char *path, char *param,
                                      size_t paramsz, char *key, size_t keysz,
                                      int *method_mismatch, char *allow, size_t allowsz);
int sb_route_flags(const struct sb_route *rt);
#define SB_ROUTE_AUTH  0x1u   /* needs the platform API key */
#define SB_ROUTE_LIMIT 0x2u   /* counts against the rate limit */
#define SB_ROUTE_API   (SB_ROUTE_AUTH | SB_ROUTE_LIMIT)
/* Runs the route (takes the lock itself). */
void sb_route_run(const struct sb_route *rt, struct sb_request *r, struct sb_reply *rep);

/* Route handlers (called with s->lock held). */
typedef void sb_handler(struct sb_request *r, struct sb_reply *rep);
sb_handler sb_health, sb_account_current, sb_index, sb_accept_tos;
sb_handler sb_sources_list, sb_source_create, sb_source_get, sb_source_update, sb_source_delete;
sb_handler sb_discover_agents;
sb_handler sb_partners_list, sb_partner_create;
sb_handler sb_agents_list, sb_agent_register, sb_agent_get, sb_agent_update, sb_agent_authorize;
/* POST /sandbox/agents/{agentId} {"revokeOAuth": true}: the simulator's own
 * switch, the agent's authorization server revoking the OAuth grant */
sb_handler sb_agent_simulate;
sb_handler sb_consent_page, sb_consent_approve, sb_oauth_token;
sb_handler sb_demo_mcp, sb_demo_a2a_card, sb_demo_a2a_rpc;
sb_handler sb_oauth_resource_metadata, sb_oauth_server_metadata;
/* source_health.c: readiness, diagnostics, the discovery test and the
 * sandbox's own switch for media buys / empty products */
sb_handler sb_readiness, sb_source_diagnostics, sb_source_discovery_test, sb_source_simulate;

/* agent_check.c: the activation check, independent of net/probe.h */
enum sb_check_outcome {
	SB_CHECK_OK,          /* the agent answered with the credential */
	SB_CHECK_AUTH,        /* 401/403: the credential was refused */
	SB_CHECK_FAILED,      /* unreachable, or not speaking MCP / A2A */
};
struct sb_check_request {
	const char *url, *protocol;
	const char *bearer;                 /* secret, or NULL */
	const char *username, *password;    /* basic auth (secret), or NULL */
	const char *ca_file;
	long timeout_ms;
	const volatile int *cancel;
	int a2a_v1;                         /* send A2A-Version: 1.0 */
};
enum sb_check_outcome sb_agent_check(const struct sb_check_request *q, char *msg, size_t msgsz);
const char *sb_check_outcome_name(enum sb_check_outcome o);

/* lifecycle.c */
int sb_prober_start(struct ao_sandbox *s);
void sb_prober_stop(struct ao_sandbox *s);

/* state_file.c (called with the lock held) */
int sb_state_load(struct ao_sandbox *s, char *err, size_t errsz);
void sb_state_save(struct ao_sandbox *s);

#endif
