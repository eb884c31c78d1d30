/* SPDX-License-Identifier: MIT */
/* Bounded, cancellable keyring work.
 *
 * libsecret's calls are synchronous or need a GMainContext turning; a stalled
 * Secret Service blocks them for 25 s (toolchain.md §2).  So each job runs
 * the backend on a detached worker thread, and a second small thread is the
 * watchdog: at the deadline it publishes TIMEOUT and cancels the worker's
 * GCancellable.  The caller never waits on the worker itself: the result is
 * "published" exactly once (by the worker, the watchdog, or a cancel) and a
 * byte written to a pipe makes the job's fd readable, which is all an event
 * loop needs.  A worker that is still stuck after its result was published
 * finishes on its own and discards what it got; the job is reference
 * counted (caller, worker, watchdog) so nobody frees it under another. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "agent-onboard/core/xalloc.h"
#include "internal.h"
#include "libsecret_dl.h"

struct ao_secret_job {
	pthread_mutex_t mu;
	pthread_cond_t cv;         /* broadcast when published */
	int refs;                  /* under mu */
	int published;             /* under mu: result is final */
	int collected;
	int fds[2];                /* [0] watched by the caller; -1 if pipe() failed */
	struct timespec deadline;  /* CLOCK_MONOTONIC */
	long timeout_ms;
	long long started_ms;
	GCancellable *cancel;
	struct ao_secret_store *store;
	struct ao_secret_request req;
	struct ao_secret_result result;
};

/* ---- lifetime ---------------------------------------------------------------- */

static void job_destroy(struct ao_secret_job *j)
{
	if (j->fds[0] >= 0)
		close(j->fds[0]);
	if (j->fds[1] >= 0)
		close(j->fds[1]);
	ao_secret_request_clear(&j->req);
	ao_secret_result_clear(&j->result);
	if (j->cancel != NULL)
		g_object_unref(j->cancel);
	ao_secret_store_unref(j->store);
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

static void job_unref(struct ao_secret_job *j)
{
	int last;

	pthread_mutex_lock(&j->mu);
	last = --j->refs == 0;
	pthread_mutex_unlock(&j->mu);
	if (last)
		job_destroy(j);
}

/* Makes r the job's result, once; called with mu held.  Returns 1 if r was
 * taken, 0 if a result was already published (r is then left alone). */
static int publish_locked(struct ao_secret_job *j, struct ao_secret_result *r)
{
	ssize_t n;

	if (j->published)
		return 0;
	j->result = *r;
	ao_secret_result_init(r);
	j->published = 1;
	if (j->fds[1] >= 0) {
		do
			n = write(j->fds[1], "x", 1);
		while (n < 0 && errno == EINTR);
	}
	pthread_cond_broadcast(&j->cv);
	return 1;
}

/* ---- the two threads ------------------------------------------------------------ */

static void *worker_main(void *arg)
{
	struct ao_secret_job *j = arg;
	struct ao_secret_result r;

	ao_secret_result_init(&r);
	j->store->ops->run(j->store->state, &j->req, j->cancel, &r);
	r.check.elapsed_ms = (long)(ao_secret_now_ms() - j->started_ms);
	pthread_mutex_lock(&j->mu);
	if (!publish_locked(j, &r))
		ao_secret_result_clear(&r);   /* too late: timed out or cancelled */
	pthread_mutex_unlock(&j->mu);
	job_unref(j);
	return NULL;
}

static void *watchdog_main(void *arg)
{
	struct ao_secret_job *j = arg;
	struct ao_secret_result r;
	int fired = 0;

	pthread_mutex_lock(&j->mu);
	while (!j->published) {
		if (pthread_cond_timedwait(&j->cv, &j->mu, &j->deadline) == ETIMEDOUT)
			break;
	}
	if (!j->published) {
		ao_secret_result_init(&r);
		ao_secret_fail(&r, AO_ERR_TIMEOUT, AO_KEYRING_TIMEOUT,
		               "the Secret Service did not answer within %ld ms", j->timeout_ms);
		r.check.elapsed_ms = (long)(ao_secret_now_ms() - j->started_ms);
		publish_locked(j, &r);
		fired = 1;
	}
	pthread_mutex_unlock(&j->mu);
	if (fired)
		g_cancellable_cancel(j->cancel);
	job_unref(j);
	return NULL;
}

/* Worker threads take no signals: the program's handlers (which only set
 * flags) must run on the thread that polls, to interrupt it. */
static int spawn_detached(void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* ---- public ---------------------------------------------------------------------- */

static struct ao_secret_job *job_new(struct ao_secret_store *s)
{
	struct ao_secret_job *j = xcalloc(1, sizeof(*j));
	pthread_condattr_t ca;

	pthread_mutex_init(&j->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&j->cv, &ca);
	pthread_condattr_destroy(&ca);
	j->refs = 1;
	if (pipe2(j->fds, O_CLOEXEC | O_NONBLOCK) != 0)
		j->fds[0] = j->fds[1] = -1;
	ao_secret_store_ref(s);
	j->store = s;
	ao_secret_result_init(&j->result);
	return j;
}

struct ao_secret_job *ao_secret_job_start(struct ao_secret_store *s, enum ao_secret_op op,
                                          const struct ao_secret_ref *ref, const char *value,
                                          long timeout_ms)
{
	struct ao_secret_job *j = job_new(s);
	struct ao_secret_result r;
	long long t0 = ao_secret_now_ms();
	char why[400];
	int err;

	ao_secret_result_init(&r);
	if (timeout_ms <= 0)
		timeout_ms = AO_SECRET_TIMEOUT_MS;
	if (ao_secret_request_init(&j->req, op, ref, value, &r) != 0)
		goto publish;
	if (!s->ops->threaded) {
		s->ops->run(s->state, &j->req, NULL, &r);
		goto publish;
	}
	clock_gettime(CLOCK_MONOTONIC, &j->deadline);
	j->deadline.tv_sec += timeout_ms / 1000;
	j->deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (j->deadline.tv_nsec >= 1000000000L) {
		j->deadline.tv_sec++;
		j->deadline.tv_nsec -= 1000000000L;
	}
	j->timeout_ms = timeout_ms;
	j->started_ms = t0;
	/* Without a session bus every keyring operation fails the same way;
	 * say so without loading libsecret and GLib at all (plain SSH). */
	if (!ao_keyring_bus_present(why, sizeof(why))) {
		ao_secret_fail(&r, AO_ERR_KEYRING, AO_KEYRING_NO_BUS, "%s", why);
		goto publish;
	}
	/* the first keyring job pays for loading libsecret, not start-up */
	if (ao_libsecret_load(why, sizeof(why)) != 0) {
		ao_secret_fail(&r, AO_ERR_KEYRING, AO_KEYRING_OTHER, "%s", why);
		goto publish;
	}
	j->cancel = g_cancellable_new();
	j->refs = 3;
	if ((err = spawn_detached(worker_main, j)) != 0) {
		j->refs = 1;
		ao_secret_fail(&r, AO_ERR_KEYRING, AO_KEYRING_OTHER,
		               "cannot start a thread for the keyring: %s", strerror(err));
		goto publish;
	}
	if ((err = spawn_detached(watchdog_main, j)) != 0) {
		/* No deadline without the watchdog: give up on the worker now. */
		pthread_mutex_lock(&j->mu);
		j->refs--;
		ao_secret_fail(&r, AO_ERR_KEYRING, AO_KEYRING_OTHER,
		               "cannot start a thread for the keyring: %s", strerror(err));
		publish_locked(j, &r);
		pthread_mutex_unlock(&j->mu);
		g_cancellable_cancel(j->cancel);
	}
	return j;

publish:
	r.check.elapsed_ms = (long)(ao_secret_now_ms() - t0);
	pthread_mutex_lock(&j->mu);
	publish_locked(j, &r);
	pthread_mutex_unlock(&j->mu);
	return j;
}

int ao_secret_job_fd(const struct ao_secret_job *j)
{
	return j->fds[0];
}

int ao_secret_job_done(struct ao_secret_job *j)
{
	int done;

	pthread_mutex_lock(&j->mu);
	done = j->published;
	pthread_mutex_unlock(&j->mu);
	return done;
}

void ao_secret_job_cancel(struct ao_secret_job *j)
{
	struct ao_secret_result r;

	ao_secret_result_init(&r);
	ao_secret_fail(&r, AO_ERR_CANCELLED, AO_KEYRING_CANCELLED, "cancelled");
	pthread_mutex_lock(&j->mu);
	publish_locked(j, &r);
	pthread_mutex_unlock(&j->mu);
	if (j->cancel != NULL)
		g_cancellable_cancel(j->cancel);
}

int ao_secret_job_collect(struct ao_secret_job *j, struct ao_secret_result *r)
{
	ao_secret_result_init(r);
	pthread_mutex_lock(&j->mu);
	if (!j->published || j->collected) {
		pthread_mutex_unlock(&j->mu);
		return -1;
	}
	*r = j->result;
	ao_secret_result_init(&j->result);
	j->collected = 1;
	pthread_mutex_unlock(&j->mu);
	return (int)r->status;
}

enum ao_status ao_secret_job_wait(struct ao_secret_job *j, struct ao_secret_result *r)
{
	struct pollfd p = { .fd = j->fds[0], .events = POLLIN };

	/* The watchdog publishes by the deadline, so this wait is bounded;
	 * a signal (EINTR) just polls again. */
	while (!ao_secret_job_done(j)) {
		if (p.fd < 0) {
			struct timespec ts = { 0, 10 * 1000000L };
			nanosleep(&ts, NULL);
			continue;
		}
		(void)poll(&p, 1, 1000);
	}
	if (ao_secret_job_collect(j, r) < 0) {
		ao_secret_fail(r, AO_ERR_USAGE, AO_KEYRING_OTHER, "the job's result was already collected");
		return AO_ERR_USAGE;
	}
	return r->status;
}

void ao_secret_job_free(struct ao_secret_job *j)
{
	if (j == NULL)
		return;
	ao_secret_job_cancel(j);
	job_unref(j);
}
