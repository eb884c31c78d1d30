/* SPDX-License-Identifier: MIT */
/* The one event loop: curl_multi_poll over libcurl's sockets, the fds the
 * caller watches and a self-pipe; then fd callbacks, curl_multi_perform and
 * the info_read drain, then due timers (see net/loop.h). */
#include "agent-onboard/net/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/http.h"

#define MAX_WATCHED_FDS 32
/* Longest single wait when nothing else bounds it: only a backstop, every
 * real wake-up comes from an fd, a timer or the self-pipe. */
#define IDLE_WAIT_MS 60000

struct watched_fd {
	int fd;
	short events;
	ao_fd_fn fn;
	void *arg;
};

struct timer {
	unsigned id;
	double due;
	ao_timer_fn fn;
	void *arg;
};

struct ao_loop {
	CURLM *multi;
	int pipe_rd, pipe_wr;          /* self-pipe for signal handlers */

	struct watched_fd fds[MAX_WATCHED_FDS];
	size_t nfds;

	struct timer *timers;
	size_t ntimers, timers_cap;
	unsigned next_timer_id;

	struct ao_loop_xfer **xfers;
	size_t nxfers, xfers_cap;
};

double ao_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double ao_epoch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ao_loop *ao_loop_new(void)
{
	struct ao_loop *loop = xcalloc(1, sizeof(*loop));
	int p[2];

	/* no libcurl yet: it is loaded with the first transfer (net/curl_dl.c),
	 * so a screen can be drawn before that cost */
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
		/* Only fails when the process is out of fds. */
		free(loop);
		return NULL;
	}
	loop->pipe_rd = p[0];
	loop->pipe_wr = p[1];
	return loop;
}

void ao_loop_free(struct ao_loop *loop)
{
	if (!loop)
		return;
	if (loop->multi) {
		for (size_t i = 0; i < loop->nxfers; i++)
			curl_multi_remove_handle(loop->multi, loop->xfers[i]->easy);
		curl_multi_cleanup(loop->multi);
	}
	close(loop->pipe_rd);
	close(loop->pipe_wr);
	free(loop->timers);
	free(loop->xfers);
	free(loop);
}

/* --- fds ------------------------------------------------------------------ */

int ao_loop_watch_fd(struct ao_loop *loop, int fd, short events, ao_fd_fn fn, void *arg)
{
	if (fd < 0 || !fn)
		return -1;
	for (size_t i = 0; i < loop->nfds; i++) {
		if (loop->fds[i].fd == fd) {
			loop->fds[i] = (struct watched_fd){ fd, events, fn, arg };
			return 0;
		}
	}
	if (loop->nfds == MAX_WATCHED_FDS)
		return -1;
	loop->fds[loop->nfds++] = (struct watched_fd){ fd, events, fn, arg };
	return 0;
}

void ao_loop_unwatch_fd(struct ao_loop *loop, int fd)
{
	for (size_t i = 0; i < loop->nfds; i++) {
		if (loop->fds[i].fd == fd) {
			memmove(&loop->fds[i], &loop->fds[i + 1],
			        (loop->nfds - i - 1) * sizeof(loop->fds[0]));
			loop->nfds--;
			return;
		}
	}
}

/* --- timers --------------------------------------------------------------- */

unsigned ao_loop_timer_add(struct ao_loop *loop, double delay, ao_timer_fn fn, void *arg)
{
	if (loop->ntimers == loop->timers_cap) {
		loop->timers_cap = loop->timers_cap ? loop->timers_cap * 2 : 8;
		loop->timers = xrealloc(loop->timers, loop->timers_cap * sizeof(*loop->timers));
	}
	if (++loop->next_timer_id == 0)
		loop->next_timer_id = 1;
	loop->timers[loop->ntimers++] = (struct timer){
		.id = loop->next_timer_id,
		.due = ao_now() + (delay > 0 ? delay : 0),
		.fn = fn,
		.arg = arg,
	};
	return loop->next_timer_id;
}

static void remove_timer_at(struct ao_loop *loop, size_t i)
{
	loop->timers[i] = loop->timers[--loop->ntimers];
}

void ao_loop_timer_cancel(struct ao_loop *loop, unsigned id)
{
	if (!loop || id == 0)
		return;
	for (size_t i = 0; i < loop->ntimers; i++) {
		if (loop->timers[i].id == id) {
			remove_timer_at(loop, i);
			return;
		}
	}
}

double ao_loop_next_timer(const struct ao_loop *loop)
{
	double now = ao_now(), best = -1;

	for (size_t i = 0; i < loop->ntimers; i++) {
		double left = loop->timers[i].due - now;
		if (left < 0)
			left = 0;
		if (best < 0 || left < best)
			best = left;
	}
	return best;
}

/* Fires the timers that were due when the phase began.  Timers a callback
 * adds are left for the next iteration, so a timer that re-arms itself with
 * delay 0 cannot starve the loop. */
static void run_due_timers(struct ao_loop *loop)
{
	double now = ao_now();
	unsigned newest = loop->next_timer_id;

	for (;;) {
		size_t pick = SIZE_MAX;

		for (size_t i = 0; i < loop->ntimers; i++) {
			const struct timer *t = &loop->timers[i];
			if (t->due > now || t->id > newest)
				continue;
			if (pick == SIZE_MAX || t->due < loop->timers[pick].due)
				pick = i;
		}
		if (pick == SIZE_MAX)
			return;
		struct timer t = loop->timers[pick];
		remove_timer_at(loop, pick);
		t.fn(loop, t.arg);
	}
}

/* --- transfers ------------------------------------------------------------ */

/* The multi handle, made with the first transfer (and libcurl loaded then). */
static CURLM *multi(struct ao_loop *loop)
{
	if (!loop->multi) {
		ao_http_global_init();
		/* ao_loop_wakeup reads it from other threads */
		__atomic_store_n(&loop->multi, curl_multi_init(), __ATOMIC_RELEASE);
	}
	return loop->multi;
}

int ao_loop_add_xfer(struct ao_loop *loop, struct ao_loop_xfer *x)
{
	if (!multi(loop))
		return -1;
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, (char *)x);
	if (curl_multi_add_handle(loop->multi, x->easy) != CURLM_OK)
		return -1;
	if (loop->nxfers == loop->xfers_cap) {
		loop->xfers_cap = loop->xfers_cap ? loop->xfers_cap * 2 : 8;
		loop->xfers = xrealloc(loop->xfers, loop->xfers_cap * sizeof(*loop->xfers));
	}
	loop->xfers[loop->nxfers++] = x;
	return 0;
}

/* Forgets x; returns 1 if it was in flight. */
static int forget_xfer(struct ao_loop *loop, struct ao_loop_xfer *x)
{
	for (size_t i = 0; i < loop->nxfers; i++) {
		if (loop->xfers[i] == x) {
			loop->xfers[i] = loop->xfers[--loop->nxfers];
			return 1;
		}
	}
	return 0;
}

void ao_loop_remove_xfer(struct ao_loop *loop, struct ao_loop_xfer *x)
{
	if (forget_xfer(loop, x) && loop->multi)
		curl_multi_remove_handle(loop->multi, x->easy);
}

int ao_loop_xfer_count(const struct ao_loop *loop)
{
	return (int)loop->nxfers;
}

/* Delivers every finished transfer.  The message is copied before the handle
 * is removed (removal invalidates it); done may start new transfers or free
 * the object that embeds x. */
static void drain_finished(struct ao_loop *loop)
{
	CURLMsg *msg;
	int left;

	if (!loop->multi)
		return;
	while ((msg = curl_multi_info_read(loop->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		CURL *easy = msg->easy_handle;
		CURLcode result = msg->data.result;
		char *priv = NULL;

		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		struct ao_loop_xfer *x = (struct ao_loop_xfer *)(void *)priv;
		if (!x || !forget_xfer(loop, x))
			continue;
		curl_multi_remove_handle(loop->multi, easy);
		x->done(x, result);
	}
}

/* --- waking --------------------------------------------------------------- */

void ao_loop_wakeup(struct ao_loop *loop)
{
	CURLM *m = __atomic_load_n(&loop->multi, __ATOMIC_ACQUIRE);

	if (m) {
		curl_multi_wakeup(m);
	} else {
		/* before the first transfer the loop polls its self-pipe itself */
		char c = 1;
		ssize_t n = write(loop->pipe_wr, &c, 1);

		(void)n;   /* full: a wake-up is pending anyway */
	}
}

int ao_loop_signal_fd(const struct ao_loop *loop)
{
	return loop->pipe_wr;
}

static void drain_pipe(int fd)
{
	char junk[64];

	while (read(fd, junk, sizeof(junk)) > 0)
		;
}

/* --- running -------------------------------------------------------------- */

static int wait_ms(const struct ao_loop *loop, double max_wait)
{
	double wait = ao_loop_next_timer(loop);

	if (max_wait >= 0 && (wait < 0 || max_wait < wait))
		wait = max_wait;
	if (wait < 0)
		return IDLE_WAIT_MS;
	if (wait * 1000.0 >= IDLE_WAIT_MS)
		return IDLE_WAIT_MS;
	/* Round up so a timer is not polled for repeatedly just before it is due. */
	return (int)(wait * 1000.0 + 0.999);
}

int ao_loop_run_once(struct ao_loop *loop, double max_wait)
{
	struct curl_waitfd wfds[MAX_WATCHED_FDS + 1];
	struct watched_fd snapshot[MAX_WATCHED_FDS];
	size_t n = loop->nfds;
	int running = 0, numfds = 0;

	wfds[0] = (struct curl_waitfd){ .fd = loop->pipe_rd, .events = POLLIN };
	for (size_t i = 0; i < n; i++) {
		wfds[i + 1] = (struct curl_waitfd){ .fd = loop->fds[i].fd, .events = loop->fds[i].events };
		snapshot[i] = loop->fds[i];
	}
	/* curl_multi_poll returns early on EINTR, on curl_multi_wakeup and when
	 * one of our fds is ready; libcurl shortens the wait for its own timers.
	 * Before the first transfer there is no libcurl: plain poll. */
	if (loop->multi) {
		if (curl_multi_poll(loop->multi, wfds, (unsigned)(n + 1), wait_ms(loop, max_wait), &numfds) != CURLM_OK)
			return -1;
	} else {
		struct pollfd pfds[MAX_WATCHED_FDS + 1];

		for (size_t i = 0; i <= n; i++)
			pfds[i] = (struct pollfd){ .fd = wfds[i].fd, .events = (short)wfds[i].events };
		numfds = poll(pfds, (nfds_t)(n + 1), wait_ms(loop, max_wait));
		if (numfds < 0 && errno != EINTR)
			return -1;
		for (size_t i = 0; i <= n; i++)
			wfds[i].revents = numfds > 0 ? (short)pfds[i].revents : 0;
	}

	if (wfds[0].revents)
		drain_pipe(loop->pipe_rd);
	for (size_t i = 0; i < n; i++) {
		if (!wfds[i + 1].revents)
			continue;
		/* A callback may have unwatched or replaced this fd meanwhile. */
		int still = 0;
		for (size_t j = 0; j < loop->nfds; j++) {
			if (loop->fds[j].fd == snapshot[i].fd && loop->fds[j].fn == snapshot[i].fn &&
			    loop->fds[j].arg == snapshot[i].arg)
				still = 1;
		}
		if (still)
			snapshot[i].fn(loop, snapshot[i].fd, wfds[i + 1].revents, snapshot[i].arg);
	}

	if (loop->multi && curl_multi_perform(loop->multi, &running) != CURLM_OK)
		return -1;
	drain_finished(loop);
	run_due_timers(loop);
	return 0;
}

int ao_loop_run_until(struct ao_loop *loop, const int *stop, const volatile sig_atomic_t *interrupt)
{
	for (;;) {
		if (interrupt && *interrupt)
			return 1;
		if (stop && *stop)
			return 0;
		if (ao_loop_run_once(loop, 0.1) != 0)
			return -1;
	}
}
