/* SPDX-License-Identifier: MIT */
/* Shared between the files of the platform API client only:
 *   api.c            client, call lifecycle, sending, retry policy, waiting
 *   api_calls.c      the calls: paths, bodies, parsing of their answers
 *   api_reconcile.c  the lookup after an ambiguous create */
#ifndef AO_NET_API_PRIV_H
#define AO_NET_API_PRIV_H

#include <stddef.h>

#include "agent-onboard/net/api.h"
#include "agent-onboard/net/http.h"

struct ao_api {
	struct ao_loop *loop;
	char *base_url;            /* no trailing '/' */
	char *partner_base_url;    /* for /api/v2/partner/...; no trailing '/' */
	char *api_key;             /* secret */
	struct ao_http_opts http;  /* ca_file points at our copy */
	char *ca_file;
	unsigned max_attempts;
	double backoff_base, backoff_cap, max_retry_after;
	unsigned rng;
	struct ao_pacer pacer;
	struct ao_api_call *calls; /* running calls, for ao_api_free */
};

/* One HTTP request a call makes (the call itself, a page, a lookup). */
struct api_spec {
	enum ao_http_method method;
	char *path;                /* relative to the base URL, query included */
	char *body;                /* JSON or NULL; wiped when secret */
	size_t body_len;
	int secret;
	int idempotent;            /* safe to repeat after an ambiguous failure */
	int with_key;              /* send Authorization */
};

enum api_stage {
	STAGE_MAIN,                /* the call's own request (and its pages) */
	STAGE_LOOKUP,              /* create: is the registration there? */
};

struct ao_api_call {
	struct ao_api *api;
	struct ao_loop *loop;      /* api->loop, kept so a callback may free the client */
	struct ao_api_call *next, *prev;
	enum ao_api_op op;
	ao_api_done_fn done;
	void *arg;
	struct ao_api_result res;
	double started;

	struct api_spec main;      /* the call's request */
	struct api_spec lookup;    /* STAGE_LOOKUP's current request */
	enum api_stage stage;
	struct ao_http *req;       /* in flight, or NULL */
	unsigned timer;            /* pending send (backoff, pacing), or 0 */
	unsigned attempts;         /* sends of the current request */

	/* LIST paging and the agent lookup */
	long offset;
	struct ao_resource_list acc;
	int one_page;              /* ao_api_list_page: stop after the first page */

	/* create */
	unsigned creates;          /* create requests sent */
	char *source_id;           /* sources: the id it will have */
	char *endpoint_url;        /* agents: how to recognise it */
	enum ao_status ambiguous_status;
	char *ambiguous_error;     /* the failure that made the create ambiguous */
	long ambiguous_http;       /* that create's HTTP status (0: no answer) */
	double ambiguous_retry_after;  /* its Retry-After, or -1 */

	int finishing;
	unsigned finish_timer;
	int *wait_done;            /* ao_api_wait */
	struct ao_api_result *wait_out;
};

/* api.c */
struct ao_api_call *ao_api_call_new(struct ao_api *api, enum ao_api_op op, enum ao_kind kind,
                                    ao_api_done_fn done, void *arg);
/* Sends the current request (main or lookup), after the pacer's delay. */
void ao_api_send(struct ao_api_call *call);
/* The same, delay seconds from now (backoff, Retry-After). */
void ao_api_send_after(struct ao_api_call *call, double delay);
/* The backoff before the next send of the current request (exponential,
 * with jitter), counting attempts from 1. */
double ao_api_backoff(struct ao_api_call *call, unsigned attempt);
/* Completes the call with status; message (copied) may be NULL.  The
 * callback runs from the loop. */
void ao_api_finish(struct ao_api_call *call, enum ao_status status, const char *message);
/* Completes the call with the platform's error in req's response. */
void ao_api_finish_http_error(struct ao_api_call *call, const struct ao_http *req);
void ao_api_spec_clear(struct api_spec *s);
void ao_api_spec_set(struct api_spec *s, enum ao_http_method method, char *path, char *body,
                     int secret, int idempotent);

/* api_calls.c: handles a 2xx answer to the main request; finishes the call
 * or sends the next page. */
void ao_api_main_success(struct ao_api_call *call, const struct ao_http *req);

/* api_reconcile.c */
/* The create failed ambiguously (status, error; req is its answer, or NULL
 * for a resumed submission): look it up. */
void ao_api_reconcile_start(struct ao_api_call *call, enum ao_status status, const char *error,
                            const struct ao_http *req);
/* An answer to a lookup request (2xx or 404); finishes or re-creates. */
void ao_api_reconcile_answer(struct ao_api_call *call, const struct ao_http *req);
/* The lookup itself failed for good. */
void ao_api_reconcile_failed(struct ao_api_call *call, const struct ao_http *req);

#endif
