/* SPDX-License-Identifier: MIT */
/* Keyring operations for the wizard, one after the other on the event loop:
 * each runs as a bounded job on a worker thread (secret/store.h) whose fd
 * the loop watches, so a slow or hung Secret Service never freezes the
 * screen. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "session_priv.h"

struct sq_entry {
	enum ao_secret_op op;
	char *api_url, *kind, *id;
	char *value;                 /* secret */
	int must_finish;
	ao_sq_done_fn done;
	void *arg;
	struct sq_entry *next;
};

struct ao_secret_queue {
	struct sq_entry *head, *tail;
	struct ao_secret_job *job;   /* running for head */
	int fd;
};

static void
entry_free(struct sq_entry *e)
{
	free(e->api_url);
	free(e->kind);
	free(e->id);
	ao_secret_free(e->value);
	free(e);
}

static struct ao_secret_ref
entry_ref(const struct sq_entry *e)
{
	struct ao_secret_ref ref = { e->api_url, e->kind, e->id };

	return ref;
}

static void start_next(struct ao_session *s);

static void
on_job(struct ao_loop *loop, int fd, short revents, void *arg)
{
	struct ao_session *s = arg;
	struct ao_secret_queue *q = s->secrets;
	struct sq_entry *e = q->head;
	struct ao_secret_result r;

	(void)revents;
	ao_loop_unwatch_fd(loop, fd);
	ao_secret_result_init(&r);
	if (ao_secret_job_collect(q->job, &r) < 0) {
		r.status = AO_ERR_KEYRING;
		r.check.cause = AO_KEYRING_OTHER;
	}
	ao_secret_job_free(q->job);
	q->job = NULL;
	q->head = e->next;
	if (q->head == NULL)
		q->tail = NULL;
	if (e->done != NULL)
		e->done(s, &r, e->arg);
	ao_secret_result_clear(&r);
	entry_free(e);
	start_next(s);
}

static void
start_next(struct ao_session *s)
{
	struct ao_secret_queue *q = s->secrets;
	struct ao_secret_ref ref;

	if (q == NULL || q->job != NULL || q->head == NULL || s->keyring == NULL)
		return;
	ref = entry_ref(q->head);
	q->job = ao_secret_job_start(s->keyring, q->head->op, &ref, q->head->value, 0);
	q->fd = ao_secret_job_fd(q->job);
	ao_loop_watch_fd(s->loop, q->fd, POLLIN, on_job, s);
}

void
ao_sq_push(struct ao_session *s, enum ao_secret_op op, const struct ao_secret_ref *ref,
           const char *value, int must_finish, ao_sq_done_fn done, void *arg)
{
	struct sq_entry *e;

	if (s->keyring == NULL)
		return;
	if (s->secrets == NULL)
		s->secrets = xcalloc(1, sizeof(*s->secrets));
	e = xcalloc(1, sizeof(*e));
	e->op = op;
	e->api_url = ref != NULL && ref->api_url != NULL ? xstrdup(ref->api_url) : NULL;
	e->kind = ref != NULL && ref->kind != NULL ? xstrdup(ref->kind) : NULL;
	e->id = ref != NULL && ref->id != NULL ? xstrdup(ref->id) : NULL;
	e->value = value != NULL ? xstrdup(value) : NULL;
	e->must_finish = must_finish;
	e->done = done;
	e->arg = arg;
	if (s->secrets->tail != NULL)
		s->secrets->tail->next = e;
	else
		s->secrets->head = e;
	s->secrets->tail = e;
	start_next(s);
}

void
ao_sq_flush(struct ao_session *s)
{
	struct ao_secret_queue *q = s->secrets;
	struct sq_entry *e;

	if (q == NULL)
		return;
	/* the running job: wait only when it matters (draft clean-up) */
	if (q->job != NULL) {
		struct ao_secret_result r;

		ao_loop_unwatch_fd(s->loop, q->fd);
		if (!q->head->must_finish)
			ao_secret_job_cancel(q->job);
		ao_secret_job_wait(q->job, &r);
		ao_secret_result_clear(&r);
		ao_secret_job_free(q->job);
		q->job = NULL;
		e = q->head;
		q->head = e->next;
		entry_free(e);
	}
	while ((e = q->head) != NULL) {
		q->head = e->next;
		if (e->must_finish) {
			struct ao_secret_ref ref = entry_ref(e);
			struct ao_secret_result r;

			if (e->op == AO_SECRET_OP_PUT)
				ao_secret_put(s->keyring, &ref, e->value, &r);
			else if (e->op == AO_SECRET_OP_CLEAR)
				ao_secret_clear(s->keyring, &ref, &r);
			else
				ao_secret_result_init(&r);
			ao_secret_result_clear(&r);
		}
		entry_free(e);
	}
	q->tail = NULL;
}

void
ao_sq_free(struct ao_session *s)
{
	struct ao_secret_queue *q = s->secrets;
	struct sq_entry *e;

	if (q == NULL)
		return;
	if (q->job != NULL) {
		ao_loop_unwatch_fd(s->loop, q->fd);
		ao_secret_job_free(q->job);
	}
	while ((e = q->head) != NULL) {
		q->head = e->next;
		entry_free(e);
	}
	free(q);
	s->secrets = NULL;
}
