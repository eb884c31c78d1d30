/* SPDX-License-Identifier: MIT */
/* A total receive timeout per connection; see conn_guard.h.  Connections
 * are tracked from MHD_CONNECTION_NOTIFY_STARTED to _CLOSED in one list; a
 * sweeper thread, running only while the list is not empty, shuts down the
 * socket of any connection that has been waiting for its request for too
 * long, and libmicrohttpd then closes it as it would a client that hung up. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/xalloc.h"
#include "conn_guard.h"
#include "mhd_dl.h"
#include "sandbox_internal.h"

struct guard {
	struct ao_sandbox *s;
	int fd;
	long long waiting_since;   /* ms on the monotonic clock; 0 while answering */
	int cut;
	struct guard *prev, *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct guard *tracked;
static int sweeper_running;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* AO_SANDBOX_RECEIVE_TIMEOUT (seconds) can only shorten the limit: the
 * contract test uses it so as not to wait 30 s. */
static long long
receive_max_ms(void)
{
	const char *v = getenv("AO_SANDBOX_RECEIVE_TIMEOUT");
	int n = v != NULL ? atoi(v) : 0;

	return 1000LL * (n > 0 && n < SB_RECEIVE_MAX_S ? n : SB_RECEIVE_MAX_S);
}

static void *
sweep(void *arg)
{
	const struct timespec tick = { 0, 250 * 1000000L };

	(void)arg;
	for (;;) {
		struct guard *g;
		long long now = now_ms(), max = receive_max_ms();

		pthread_mutex_lock(&lock);
		if (tracked == NULL) {
			sweeper_running = 0;
			pthread_mutex_unlock(&lock);
			return NULL;
		}
		for (g = tracked; g != NULL; g = g->next) {
			if (g->cut || g->waiting_since == 0 || now - g->waiting_since < max)
				continue;
			/* the fd is still libmicrohttpd's (it is removed from the list
			 * under this lock before it is closed): shutdown, not close */
			shutdown(g->fd, SHUT_RDWR);
			g->cut = 1;
			sb_log(g->s, "connection closed: no complete request within %lld s", max / 1000);
		}
		pthread_mutex_unlock(&lock);
		nanosleep(&tick, NULL);
	}
}

static struct guard *
guard_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

void
sb_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                enum MHD_ConnectionNotificationCode toe)
{
	struct guard *g;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		pthread_t th;

		if (ci == NULL)
			return;
		g = xcalloc(1, sizeof(*g));
		g->s = cls;
		g->fd = ci->connect_fd;
		g->waiting_since = now_ms();
		pthread_mutex_lock(&lock);
		g->next = tracked;
		if (tracked != NULL)
			tracked->prev = g;
		tracked = g;
		if (!sweeper_running && pthread_create(&th, NULL, sweep, NULL) == 0) {
			pthread_detach(th);
			sweeper_running = 1;
		}
		pthread_mutex_unlock(&lock);
		*socket_context = g;
		return;
	}
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED && (g = *socket_context) != NULL) {
		pthread_mutex_lock(&lock);
		if (g->prev != NULL)
			g->prev->next = g->next;
		else
			tracked = g->next;
		if (g->next != NULL)
			g->next->prev = g->prev;
		pthread_mutex_unlock(&lock);
		free(g);
		*socket_context = NULL;
	}
}

void
sb_guard_received(struct MHD_Connection *conn)
{
	struct guard *g = guard_of(conn);

	if (g == NULL)
		return;
	pthread_mutex_lock(&lock);
	g->waiting_since = 0;
	pthread_mutex_unlock(&lock);
}

void
sb_guard_answered(struct MHD_Connection *conn)
{
	struct guard *g = guard_of(conn);

	if (g == NULL)
		return;
	pthread_mutex_lock(&lock);
	g->waiting_since = now_ms();
	pthread_mutex_unlock(&lock);
}
