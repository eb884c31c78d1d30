/* SPDX-License-Identifier: MIT */
/* Response parsers: bytes from the platform -> structs.  Liberal in what
 * they accept: a bare object or one wrapped in {"data": ...}, statuses in any
 * case, unknown statuses and extra fields (kept in raw), missing optional
 * fields.  They never trust the input: every parser has a fuzz target. */
#ifndef AO_CORE_RESPONSE_H
#define AO_CORE_RESPONSE_H

#include <stddef.h>

#include <cJSON.h>

#include "agent-onboard/core/model.h"

enum ao_reg_status {
	AO_ST_UNKNOWN = 0,  /* missing or unrecognised (raw value kept) */
	AO_ST_PENDING,
	AO_ST_ACTIVE,
	AO_ST_DISABLED,
	AO_ST_COMING_SOON,
};

/* An inventory source or a partner agent as the platform reports it. */
struct ao_resource {
	enum ao_kind kind;
	char *id;              /* sourceId for sources, agentId for agents */
	char *agent_id;        /* the linked agent (sources) or the agent itself */
	char *name;
	char *status_raw;      /* as received, e.g. "pending", "COMING_SOON" */
	enum ao_reg_status status;
	int auth_configured;   /* -1 not reported, 0, 1; for an OAUTH partner agent
	                          whose detail has no authConfigured (as documented):
	                          1 once the pending oauth block is gone */
	char *oauth_url;       /* oauth.authorizationUrl, when present */
	char *oauth_error;
	char *endpoint_url;
	char *type;
	char *protocol;
	char *auth_type;
	char *description;
	char *relationship;    /* partner agents: "SELF", "MARKETPLACE" or NULL */
	char *created_at;
	char *updated_at;
	cJSON *raw;            /* the whole object, extras included */
};

struct ao_resource_list {
	struct ao_resource *items;
	size_t count;
	int has_more;          /* -1 unknown */
	long total;            /* -1 unknown */
};

struct ao_partner {
	char *id;
	char *name;
	char *status;
	char *description;
};

struct ao_partner_list {
	struct ao_partner *items;
	size_t count;
	int has_more;          /* -1 unknown (meta.pagination.hasMore) */
	long total;            /* -1 unknown */
};

/* {error:{code,message,field,details}} plus what came with the response. */
struct ao_api_error {
	long http_status;
	char *code;         /* e.g. "VALIDATION_ERROR"; NULL if none */
	char *message;      /* the platform's message, safe to show */
	char *field;        /* field path, e.g. "endpointUrl" or "auth.token" */
	char *details;      /* compact JSON of details, or NULL */
	long retry_after;   /* seconds, from the Retry-After header; -1 none */
};

enum ao_reg_status ao_reg_status_parse(const char *s);
const char *ao_reg_status_name(enum ao_reg_status st);   /* "PENDING" ... "UNKNOWN" */

/* Each returns 0, or -1 with a human sentence in msg. */
int ao_parse_resource(const char *body, size_t len, enum ao_kind kind,
                      struct ao_resource *out, char *msg, size_t msgsz);
int ao_parse_resource_list(const char *body, size_t len, enum ao_kind kind,
                           struct ao_resource_list *out, char *msg, size_t msgsz);
int ao_parse_partner_list(const char *body, size_t len,
                          struct ao_partner_list *out, char *msg, size_t msgsz);
/* POST .../oauth/authorize -> the authorization URL (newly allocated). */
int ao_parse_oauth_authorize(const char *body, size_t len, char **url, char *msg, size_t msgsz);
/* GET /api/v2/accounts/current -> a one-line description of the account
 * ("Acme Media (seat 42, role ADMIN)"), newly allocated. */
int ao_parse_account(const char *body, size_t len, char **summary, char *msg, size_t msgsz);

/* Fills err from an error response (any body, even empty or not JSON). */
void ao_api_error_parse(long http_status, const char *body, size_t len, struct ao_api_error *err);
/* What happened and what to do next, in one or two sentences (newly
 * allocated).  kind selects the wording (sources vs agents). */
char *ao_api_error_advice(const struct ao_api_error *err, enum ao_kind kind);
/* The form field an error's field path concerns ("auth.token" with auth
 * type API_KEY -> AO_F_API_TOKEN), or -1. */
int ao_api_error_field(const struct ao_api_error *err, const struct ao_answers *a);

/* Whether a partner agent in a list is the caller's own: the marketplace
 * list also carries other owners' agents (relationship MARKETPLACE, their
 * PENDING ones as COMING_SOON).  A row without relationship counts as own. */
int ao_resource_is_own(const struct ao_resource *r);

void ao_resource_free(struct ao_resource *r);
void ao_resource_list_free(struct ao_resource_list *l);
void ao_partner_list_free(struct ao_partner_list *l);
void ao_api_error_free(struct ao_api_error *e);

/* Unwraps {"data": X} to X when present; otherwise returns root. */
const cJSON *ao_json_unwrap(const cJSON *root);
/* Where a cJSON parse failed, as "line L, column C" (1-based) into buf. */
void ao_json_error_position(const char *text, const char *error_ptr, char *buf, size_t bufsz);

#endif
