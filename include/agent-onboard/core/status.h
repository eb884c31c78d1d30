/* SPDX-License-Identifier: MIT */
/* One table of outcomes, each with its message and exit code (tig's
 * STATUS_CODE_INFO, OpenSSH's SSH_ERR_*).  Functions that can fail for a
 * reason the user should see return an ao_status; details go in a message
 * buffer the caller provides. */
#ifndef AO_CORE_STATUS_H
#define AO_CORE_STATUS_H

#include <stddef.h>

/* Exit codes, documented in --help, the man page and the README. */
enum ao_exit {
	AO_EXIT_OK = 0,            /* done; the registration is ACTIVE */
	AO_EXIT_FAILURE = 1,       /* anything not covered below (e.g. doctor found a problem) */
	AO_EXIT_USAGE = 2,         /* bad command line */
	AO_EXIT_INVALID = 3,       /* answers invalid (nothing was sent) */
	AO_EXIT_REJECTED = 4,      /* the platform refused the request (4xx) */
	AO_EXIT_AUTH = 5,          /* the platform API key is missing, invalid or lacks access */
	AO_EXIT_PENDING = 6,       /* still PENDING when --timeout ran out, or detached */
	AO_EXIT_DISABLED = 7,      /* the registration is DISABLED */
	AO_EXIT_NETWORK = 8,       /* network, TLS or server (5xx) failure */
	AO_EXIT_KEYRING = 9,       /* the secret store could not be used */
	AO_EXIT_PARTIAL = 10,      /* the output is cut short (list: a page cap or deadline) */
	AO_EXIT_WRITE = 11,        /* the output could not be written (disk full, closed pipe) */
	AO_EXIT_TOS = 12,          /* the organisation has not accepted the Platform Service Agreement */
	AO_EXIT_INTERRUPTED = 130, /* interrupted (Ctrl-C, SIGTERM, SIGHUP) */
};

enum ao_status {
	AO_OK = 0,
	AO_ERR_USAGE,
	AO_ERR_INVALID,
	AO_ERR_IO,
	AO_ERR_PARSE,
	AO_ERR_NETWORK,
	AO_ERR_TLS,
	AO_ERR_TIMEOUT,
	AO_ERR_CANCELLED,
	AO_ERR_TOO_LARGE,
	AO_ERR_HTTP_CLIENT,   /* 4xx other than the ones below */
	AO_ERR_UNAUTHORIZED,  /* 401 */
	AO_ERR_FORBIDDEN,     /* 403 */
	AO_ERR_TOS,           /* 403 TOS_ACCEPTANCE_REQUIRED: not the key's fault */
	AO_ERR_NOT_FOUND,     /* 404 */
	AO_ERR_CONFLICT,      /* 409 */
	AO_ERR_RATE_LIMITED,  /* 429 */
	AO_ERR_SERVER,        /* 5xx */
	AO_ERR_KEYRING,
	AO_ERR_INTERRUPTED,
	AO_ERR_PENDING,
	AO_ERR_DISABLED,
	AO_STATUS_COUNT
};

const char *ao_status_message(enum ao_status st);
enum ao_exit ao_status_exit(enum ao_status st);
/* Writes a sentence into msg (if msg is not NULL) and returns -1: the one
 * way functions here report what went wrong to a caller's buffer. */
int ao_fail_msg(char *msg, size_t msgsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Maps an HTTP status to the outcome class above (2xx -> AO_OK). */
enum ao_status ao_status_from_http(long http_status);
/* The same, refined by the platform's error.code (may be NULL): a 403
 * TOS_ACCEPTANCE_REQUIRED is AO_ERR_TOS, not a key problem. */
enum ao_status ao_status_from_api_error(long http_status, const char *error_code);

#endif
