/* SPDX-License-Identifier: MIT */
/* The store object, results, refs and labels, and the blocking calls (a job
 * started and waited for: one code path for the CLI and the event loop). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent-onboard/core/xalloc.h"
#include "internal.h"

static struct ao_secret_store *store_new(const struct ao_secret_backend_ops *ops)
{
	struct ao_secret_store *s = xcalloc(1, sizeof(*s));

	s->ops = ops;
	s->refs = 1;
	return s;
}

struct ao_secret_store *ao_secret_store_new_keyring(void)
{
	return store_new(&ao_secret_keyring_ops);
}

struct ao_secret_store *ao_secret_store_new_memory(void)
{
	struct ao_secret_store *s = store_new(&ao_secret_memory_ops);

	s->state = ao_secret_memory_state_new();
	return s;
}

void ao_secret_store_ref(struct ao_secret_store *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_SEQ_CST);
}

void ao_secret_store_unref(struct ao_secret_store *s)
{
	if (s == NULL || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	if (s->ops->free_state != NULL)
		s->ops->free_state(s->state);
	free(s);
}

void ao_secret_store_free(struct ao_secret_store *s)
{
	ao_secret_store_unref(s);
}

enum ao_secret_backend ao_secret_store_backend(const struct ao_secret_store *s)
{
	return s->ops->kind;
}

const char *ao_secret_store_where(const struct ao_secret_store *s)
{
	return s->ops->where;
}

char *ao_secret_destination(const struct ao_secret_store *s, const struct ao_keyring_check *c)
{
	if (s->ops->kind == AO_SECRET_BACKEND_MEMORY)
		return xstrdup(s->ops->where);
	if (c == NULL)
		return xstrdup(s->ops->where);
	if (c->cause != AO_KEYRING_OK)
		return xasprintf("nowhere: the keyring cannot be used (%s)", ao_keyring_cause_name(c->cause));
	if (c->collection[0] != '\0')
		return xasprintf("%s, collection \"%s\"", s->ops->where, c->collection);
	return xstrdup(s->ops->where);
}

long long ao_secret_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- results -------------------------------------------------------------- */

void ao_secret_result_init(struct ao_secret_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = AO_OK;
	r->check.cause = AO_KEYRING_OK;
}

void ao_secret_result_clear(struct ao_secret_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	ao_secret_free(r->value);
	for (i = 0; i < r->n_items; i++) {
		free(r->items[i].api_url);
		free(r->items[i].kind);
		free(r->items[i].id);
		free(r->items[i].label);
	}
	free(r->items);
	ao_secret_result_init(r);
}

void ao_secret_fail(struct ao_secret_result *r, enum ao_status st, enum ao_keyring_cause cause,
                    const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	r->check.cause = cause;
	va_start(ap, fmt);
	vsnprintf(r->check.detail, sizeof(r->check.detail), fmt, ap);
	va_end(ap);
}

void ao_secret_result_add_item(struct ao_secret_result *r, const char *api_url,
                               const char *kind, const char *id, const char *label)
{
	struct ao_secret_item *it;

	r->items = xrealloc(r->items, (r->n_items + 1) * sizeof(*r->items));
	it = &r->items[r->n_items++];
	it->api_url = xstrdup(api_url ? api_url : "");
	it->kind = xstrdup(kind ? kind : "");
	it->id = xstrdup(id ? id : "");
	it->label = xstrdup(label ? label : "");
}

int ao_secret_attr_match(const char *want, const char *v)
{
	return want == NULL || (v != NULL && strcmp(want, v) == 0);
}

/* ---- refs and labels -------------------------------------------------------- */

struct ao_secret_ref ao_secret_ref_platform_key(const char *api_url)
{
	struct ao_secret_ref ref = {
		.api_url = api_url,
		.kind = AO_SECRET_KIND_PLATFORM_KEY,
		.id = AO_SECRET_ID_PLATFORM_KEY,
	};
	return ref;
}

/* "https://api.example/" and "https://api.example" are the same platform,
 * so the attribute drops trailing slashes. */
static char *normalise_url(const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return xstrndup(url, n);
}

char *ao_secret_label(const struct ao_secret_ref *ref)
{
	char *url = normalise_url(ref->api_url ? ref->api_url : "");
	char *label;

	if (ref->kind != NULL && strcmp(ref->kind, AO_SECRET_KIND_PLATFORM_KEY) == 0)
		label = xasprintf("agent-onboard: Scope3 API key for %s", url);
	else if (ref->kind != NULL && strcmp(ref->kind, AO_SECRET_KIND_DRAFT) == 0)
		label = xasprintf("agent-onboard: agent credential \"%s\" of an unfinished "
		                  "registration (%s)", ref->id ? ref->id : "", url);
	else
		label = xasprintf("agent-onboard: %s \"%s\" for %s", ref->kind ? ref->kind : "secret",
		                  ref->id ? ref->id : "", url);
	free(url);
	return label;
}

/* ---- requests -------------------------------------------------------------- */

int ao_secret_request_init(struct ao_secret_request *q, enum ao_secret_op op,
                           const struct ao_secret_ref *ref, const char *value,
                           struct ao_secret_result *r)
{
	memset(q, 0, sizeof(*q));
	q->op = op;
	if (op == AO_SECRET_OP_CHECK)
		return 0;
	if (ref == NULL || ref->kind == NULL || ref->kind[0] == '\0') {
		ao_secret_fail(r, AO_ERR_USAGE, AO_KEYRING_OTHER, "no kind given for the secret");
		return -1;
	}
	if ((op == AO_SECRET_OP_LOOKUP || op == AO_SECRET_OP_PUT) &&
	    (ref->api_url == NULL || ref->id == NULL || ref->api_url[0] == '\0' || ref->id[0] == '\0')) {
		ao_secret_fail(r, AO_ERR_USAGE, AO_KEYRING_OTHER,
		               "a secret is identified by its API URL, kind and id; one is missing");
		return -1;
	}
	if (op == AO_SECRET_OP_PUT && (value == NULL || value[0] == '\0')) {
		ao_secret_fail(r, AO_ERR_USAGE, AO_KEYRING_OTHER, "refusing to store an empty secret");
		return -1;
	}
	q->api_url = ref->api_url ? normalise_url(ref->api_url) : NULL;
	q->kind = xstrdup(ref->kind);
	q->id = ref->id ? xstrdup(ref->id) : NULL;
	if (op == AO_SECRET_OP_PUT) {
		q->label = ao_secret_label(ref);
		q->value = xstrdup(value);
	}
	return 0;
}

void ao_secret_request_clear(struct ao_secret_request *q)
{
	free(q->api_url);
	free(q->kind);
	free(q->id);
	free(q->label);
	ao_secret_free(q->value);
	memset(q, 0, sizeof(*q));
}

/* ---- blocking calls ---------------------------------------------------------- */

static enum ao_status run_blocking(struct ao_secret_store *s, enum ao_secret_op op,
                                   const struct ao_secret_ref *ref, const char *value,
                                   struct ao_secret_result *r)
{
	struct ao_secret_job *j = ao_secret_job_start(s, op, ref, value, 0);
	enum ao_status st = ao_secret_job_wait(j, r);

	ao_secret_job_free(j);
	return st;
}

enum ao_status ao_secret_check(struct ao_secret_store *s, struct ao_secret_result *r)
{
	return run_blocking(s, AO_SECRET_OP_CHECK, NULL, NULL, r);
}

enum ao_status ao_secret_lookup(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                                struct ao_secret_result *r)
{
	return run_blocking(s, AO_SECRET_OP_LOOKUP, ref, NULL, r);
}

enum ao_status ao_secret_put(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                             const char *value, struct ao_secret_result *r)
{
	return run_blocking(s, AO_SECRET_OP_PUT, ref, value, r);
}

enum ao_status ao_secret_clear(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                               struct ao_secret_result *r)
{
	return run_blocking(s, AO_SECRET_OP_CLEAR, ref, NULL, r);
}

enum ao_status ao_secret_list(struct ao_secret_store *s, const struct ao_secret_ref *ref,
                              struct ao_secret_result *r)
{
	return run_blocking(s, AO_SECRET_OP_LIST, ref, NULL, r);
}
