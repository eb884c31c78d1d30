/* SPDX-License-Identifier: MIT */
/* The in-memory backend: "keep the key for this run only" when the keyring
 * cannot be used, and the fake the contract tests run the same suite
 * against.  Values are wiped when replaced, removed or when the store is
 * freed.  A mutex, because jobs may run it from any thread. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "internal.h"

struct entry {
	char *api_url, *kind, *id, *label, *value;
	struct entry *next;
};

struct memory {
	pthread_mutex_t mu;
	struct entry *head;
};

static void entry_free(struct entry *e)
{
	free(e->api_url);
	free(e->kind);
	free(e->id);
	free(e->label);
	ao_secret_free(e->value);
	free(e);
}

static int matches(const struct entry *e, const struct ao_secret_request *q)
{
	return ao_secret_attr_match(q->api_url, e->api_url) &&
	       ao_secret_attr_match(q->kind, e->kind) && ao_secret_attr_match(q->id, e->id);
}

static void memory_run(void *state, const struct ao_secret_request *q, void *cancel,
                       struct ao_secret_result *r)
{
	struct memory *m = state;
	struct entry **pp, *e;

	(void)cancel;
	pthread_mutex_lock(&m->mu);
	r->status = AO_OK;
	switch (q->op) {
	case AO_SECRET_OP_CHECK:
		break;
	case AO_SECRET_OP_LOOKUP:
		r->status = AO_ERR_NOT_FOUND;
		for (e = m->head; e != NULL; e = e->next) {
			if (matches(e, q)) {
				r->value = xstrdup(e->value);
				r->status = AO_OK;
				break;
			}
		}
		break;
	case AO_SECRET_OP_PUT:
		for (e = m->head; e != NULL && !matches(e, q); e = e->next)
			;
		if (e == NULL) {
			e = xcalloc(1, sizeof(*e));
			e->api_url = xstrdup(q->api_url);
			e->kind = xstrdup(q->kind);
			e->id = xstrdup(q->id);
			e->next = m->head;
			m->head = e;
		}
		ao_set_string(&e->label, q->label, 0);
		ao_set_string(&e->value, q->value, 1);
		break;
	case AO_SECRET_OP_CLEAR:
	case AO_SECRET_OP_LIST:
		for (pp = &m->head; (e = *pp) != NULL;) {
			if (!matches(e, q)) {
				pp = &e->next;
				continue;
			}
			ao_secret_result_add_item(r, e->api_url, e->kind, e->id, e->label);
			if (q->op == AO_SECRET_OP_CLEAR) {
				*pp = e->next;
				entry_free(e);
			} else {
				pp = &e->next;
			}
		}
		break;
	}
	pthread_mutex_unlock(&m->mu);
}

static void memory_free(void *state)
{
	struct memory *m = state;
	struct entry *e, *next;

	if (m == NULL)
		return;
	for (e = m->head; e != NULL; e = next) {
		next = e->next;
		entry_free(e);
	}
	pthread_mutex_destroy(&m->mu);
	free(m);
}

void *ao_secret_memory_state_new(void)
{
	struct memory *m = xcalloc(1, sizeof(*m));

	pthread_mutex_init(&m->mu, NULL);
	return m;
}

const struct ao_secret_backend_ops ao_secret_memory_ops = {
	.kind = AO_SECRET_BACKEND_MEMORY,
	.where = "memory (this run only; forgotten when agent-onboard exits)",
	.threaded = 0,
	.run = memory_run,
	.free_state = memory_free,
};
