/* SPDX-License-Identifier: MIT */
/* The one event loop of the program (curl's tool_operate.c): a libcurl multi
 * handle, extra file descriptors the caller watches (the terminal's stdin,
 * worker-thread completion pipes), one-shot timers, and a self-pipe that
 * signal handlers and other threads may write to.  One iteration is:
 *
 *   curl_multi_poll(multi, extra fds + self-pipe, timeout = next timer)
 *   -> callbacks of the watched fds that are ready
 *   -> curl_multi_perform, then drain curl_multi_info_read (transfer done)
 *   -> callbacks of the timers that are due
 *
 * Everything runs on the thread that calls ao_loop_run_once; callbacks may
 * add or remove fds, timers and transfers, and may free their own objects.
 * Only ao_loop_wakeup (threads) and a write() to ao_loop_signal_fd (signal
 * handlers) may be used from elsewhere. */
#ifndef AO_NET_LOOP_H
#define AO_NET_LOOP_H

#include <signal.h>

#include <curl/curl.h>

struct ao_loop;

/* Seconds on a monotonic clock (CLOCK_MONOTONIC); only differences mean
 * anything.  The time base of core/poll.h. */
double ao_now(void);
/* Seconds since the epoch (wall clock), for Retry-After HTTP dates. */
double ao_epoch_now(void);

struct ao_loop *ao_loop_new(void);
/* Removes remaining transfers (their done callbacks are not called), drops
 * fds and timers, closes the self-pipe.  NULL is fine. */
void ao_loop_free(struct ao_loop *loop);

/* --- watched file descriptors ------------------------------------------ */
/* revents is what poll() reported (POLLIN, POLLOUT, POLLHUP, POLLERR...). */
typedef void (*ao_fd_fn)(struct ao_loop *loop, int fd, short revents, void *arg);

/* Watches fd for events (POLLIN and/or POLLOUT); a second call for the same
 * fd replaces the callback.  Returns 0, or -1 (bad fd / too many fds). */
int ao_loop_watch_fd(struct ao_loop *loop, int fd, short events, ao_fd_fn fn, void *arg);
/* Stops watching fd; safe from inside its own callback. */
void ao_loop_unwatch_fd(struct ao_loop *loop, int fd);

/* --- one-shot timers ---------------------------------------------------- */
typedef void (*ao_timer_fn)(struct ao_loop *loop, void *arg);

/* Calls fn once, delay seconds from now (0 = at the end of the current or
 * next iteration).  Returns an id > 0 for ao_loop_timer_cancel. */
unsigned ao_loop_timer_add(struct ao_loop *loop, double delay, ao_timer_fn fn, void *arg);
/* Cancels a timer that has not fired yet; 0 and stale ids are ignored. */
void ao_loop_timer_cancel(struct ao_loop *loop, unsigned id);
/* Seconds until the earliest timer, or -1 when there is none. */
double ao_loop_next_timer(const struct ao_loop *loop);

/* --- transfers (used by net/http.c; other modules use struct ao_http) --- */
/* A transfer embeds this; the loop stores it as CURLOPT_PRIVATE and calls
 * done(x, result) once the easy handle has finished and been removed from
 * the multi.  done may free the object that embeds x. */
struct ao_loop_xfer {
	CURL *easy;
	void (*done)(struct ao_loop_xfer *x, CURLcode result);
};

/* curl_multi_add_handle; returns 0 or -1. */
int ao_loop_add_xfer(struct ao_loop *loop, struct ao_loop_xfer *x);
/* curl_multi_remove_handle at once, without calling done (cancel, free).
 * Must not be called from inside a libcurl callback. */
void ao_loop_remove_xfer(struct ao_loop *loop, struct ao_loop_xfer *x);
/* Number of transfers in flight. */
int ao_loop_xfer_count(const struct ao_loop *loop);

/* --- waking the loop ---------------------------------------------------- */
/* From any thread: makes a wait in progress return (curl_multi_wakeup). */
void ao_loop_wakeup(struct ao_loop *loop);
/* The write end of the loop's self-pipe (non-blocking).  A signal handler
 * that only sets a flag should also write(fd, "", 1) here, so a wait that
 * began just before the signal returns at once instead of at its timeout.
 * The loop drains the pipe itself. */
int ao_loop_signal_fd(const struct ao_loop *loop);

/* --- running ------------------------------------------------------------ */
/* One iteration: waits at most max_wait seconds (less when a timer is due;
 * max_wait < 0 means "until something happens"), then dispatches.  Returns
 * after the dispatch, after a wakeup and after a signal, so the caller can
 * check its flags.  Returns 0, or -1 on a libcurl failure. */
int ao_loop_run_once(struct ao_loop *loop, double max_wait);

/* Runs iterations until *stop or *interrupt becomes non-zero (either may be
 * NULL).  Each wait is capped at 100 ms, so a flag set by a signal handler
 * that did not write to the self-pipe is still seen within 100 ms.
 * Returns 0 when *stop was set, 1 when *interrupt was set, -1 on failure. */
int ao_loop_run_until(struct ao_loop *loop, const int *stop,
                      const volatile sig_atomic_t *interrupt);

#endif
