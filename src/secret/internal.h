/* SPDX-License-Identifier: MIT */
/* Private to src/secret: the backend ops table and the request a job
 * carries.  Callers see only agent-onboard/secret/store.h. */
#ifndef AO_SECRET_INTERNAL_H
#define AO_SECRET_INTERNAL_H

#include <stddef.h>

#include "agent-onboard/secret/store.h"

/* What a job asks a backend to do; every string is the job's own copy. */
struct ao_secret_request {
	enum ao_secret_op op;
	char *api_url;   /* normalised; NULL = any (clear/list) */
	char *kind;
	char *id;
	char *label;     /* PUT */
	char *value;     /* PUT; wiped when the job ends */
};

/* Copies what op needs out of the caller's ref (normalising the URL,
 * building the label); returns 0, or -1 with r filled when the ref is not
 * usable for op. */
int ao_secret_request_init(struct ao_secret_request *q, enum ao_secret_op op,
                           const struct ao_secret_ref *ref, const char *value,
                           struct ao_secret_result *r);
/* Frees the copies, wiping the value. */
void ao_secret_request_clear(struct ao_secret_request *q);

/* cancel is an opaque GCancellable* (only keyring.c includes GLib). */
struct ao_secret_backend_ops {
	enum ao_secret_backend kind;
	const char *where;
	int threaded;    /* may block: run on a worker thread with a deadline */
	void (*run)(void *state, const struct ao_secret_request *req, void *cancel,
	            struct ao_secret_result *r);
	void (*free_state)(void *state);
};

struct ao_secret_store {
	const struct ao_secret_backend_ops *ops;
	void *state;
	int refs;        /* the owner plus each job still running (atomic) */
};

extern const struct ao_secret_backend_ops ao_secret_keyring_ops;
extern const struct ao_secret_backend_ops ao_secret_memory_ops;
/* The memory backend's state (an empty list). */
void *ao_secret_memory_state_new(void);

void ao_secret_store_ref(struct ao_secret_store *s);
void ao_secret_store_unref(struct ao_secret_store *s);

/* Sets r->status and the cause, with a printf-style detail. */
void ao_secret_fail(struct ao_secret_result *r, enum ao_status st, enum ao_keyring_cause cause,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Appends an item (copies of the strings; NULL becomes ""). */
void ao_secret_result_add_item(struct ao_secret_result *r, const char *api_url,
                               const char *kind, const char *id, const char *label);
/* Does the attribute value v satisfy the request's want (NULL = any)? */
int ao_secret_attr_match(const char *want, const char *v);

/* The session bus test that never touches D-Bus (so never autolaunches it):
 * returns 1 when there is an address to try, else 0 with the reason. */
int ao_keyring_bus_present(char *detail, size_t detailsz);

/* Monotonic milliseconds. */
long long ao_secret_now_ms(void);

#endif
