/* SPDX-License-Identifier: MIT */
/* The simulator as a network service: limits that keep one client from
 * locking everyone else out.  libmicrohttpd caps connections per client
 * (MHD_OPTION_PER_IP_CONNECTION_LIMIT), but its MHD_OPTION_CONNECTION_TIMEOUT
 * is an idle timeout, which a client sending one byte every few seconds
 * resets forever.  This guard adds a total one: a connection gets
 * SB_RECEIVE_MAX_S seconds, from its start or the end of its previous
 * answer, to deliver a complete request; after that it is shut down, however
 * many bytes trickle in.  Time the simulator itself spends answering
 * (latency faults included) does not count. */
#ifndef AO_SANDBOX_CONN_GUARD_H
#define AO_SANDBOX_CONN_GUARD_H

#include <microhttpd.h>

#define SB_PER_CLIENT_CONNECTIONS 64
#define SB_RECEIVE_MAX_S 30

/* MHD_OPTION_NOTIFY_CONNECTION callback (cls: the struct ao_sandbox). */
void sb_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe);
/* A complete request arrived on conn: its clock stops while it is answered. */
void sb_guard_received(struct MHD_Connection *conn);
/* The answer on conn is done: the clock runs again for the next request. */
void sb_guard_answered(struct MHD_Connection *conn);

#endif
