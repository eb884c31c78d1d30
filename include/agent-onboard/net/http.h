/* SPDX-License-Identifier: MIT */
/* One HTTP request as an object (curl's per_transfer): method, URL, headers,
 * body; after completion the status, captured headers, the response body
 * (capped), an error message, and whether a failure is ambiguous.  Runs on
 * an ao_loop; completion is delivered by a callback from the loop.
 *
 * Every request: TLS verification on (there is no switch to turn it off),
 * an optional extra CA file (libcurl ignores SSL_CERT_FILE), https only
 * unless the host is loopback, redirects never followed (a 3xx fails and
 * names the Location), connect and total timeouts, a capped response body,
 * "User-Agent: agent-onboard/AO_VERSION", and an optional redacted trace.
 * Requests other than GET always use a new connection: on a kept-alive one
 * libcurl would silently send them again if the connection turned out dead,
 * and only the caller may decide to repeat a change.
 *
 *   struct ao_http *r = ao_http_new(loop, AO_HTTP_GET, url, &opts);
 *   ao_http_set_bearer(r, key);
 *   ao_http_start(r, on_done, ctx);      // on_done(r, ctx) from the loop
 *   ...                                  // Esc: ao_http_cancel(r)
 *   ao_http_free(r);                     // in on_done or later
 */
#ifndef AO_NET_HTTP_H
#define AO_NET_HTTP_H

#include <stddef.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/poll.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/net/loop.h"

struct ao_log;

enum ao_http_method {
	AO_HTTP_GET,
	AO_HTTP_POST,
	AO_HTTP_PUT,
	AO_HTTP_PATCH,
	AO_HTTP_DELETE,
};

#define AO_HTTP_BODY_LIMIT (1024u * 1024u)     /* response body cap, 1 MiB */
#define AO_HTTP_CONNECT_TIMEOUT_MS 10000L
#define AO_HTTP_TIMEOUT_MS 30000L

/* Per-request settings; zero values mean the defaults above. */
struct ao_http_opts {
	const char *ca_file;       /* extra CA bundle (PEM), or NULL for the system's */
	long connect_timeout_ms;
	long timeout_ms;           /* whole request */
	size_t body_limit;         /* response body cap in bytes */
	struct ao_log *log;        /* borrowed; NULL = no trace */
};

struct ao_http;
typedef void (*ao_http_done_fn)(struct ao_http *req, void *arg);

/* The fields below "outcome" are filled by the engine; read them in the
 * done callback.  Everything else is private to http.c. */
struct ao_http {
	struct ao_loop_xfer xfer;      /* private: must stay first */
	struct ao_loop *loop;
	int kind;                      /* free for the owner (e.g. which API call) */
	enum ao_http_method method;
	char *url;

	/* outcome */
	enum ao_status status;         /* AO_OK when a whole response arrived (any
	                                  HTTP status but 3xx); else the transport
	                                  error (AO_ERR_NETWORK, AO_ERR_TLS,
	                                  AO_ERR_TIMEOUT, AO_ERR_TOO_LARGE,
	                                  AO_ERR_CANCELLED, AO_ERR_INVALID for a
	                                  refused URL) */
	long http_status;              /* 0 when no response status line arrived */
	struct ao_buf body;            /* response body, NUL-terminated, capped */
	char *content_type;            /* response headers we keep, or NULL */
	char *location;
	char *www_authenticate;
	struct ao_rate_info rate;      /* Retry-After, RateLimit-* of the response */
	char error[1024];              /* a sentence when status != AO_OK, or "" */
	int sent;                      /* the request (or part of it) may have reached
	                                  the server: a failure now is ambiguous */
	int upload_done;               /* the whole request body was sent */
	int cancelled;                 /* ao_http_cancel was called */
	double started;                /* ao_now() at ao_http_start */
	double elapsed;                /* seconds from start to completion */
	unsigned log_id;               /* ties the trace lines together */

	/* private */
	struct ao_http_priv *priv;
};

/* A new request; the URL is copied.  opts may be NULL.  Never NULL. */
struct ao_http *ao_http_new(struct ao_loop *loop, enum ao_http_method method,
                            const char *url, const struct ao_http_opts *opts);
/* Cancels the request if it is in flight (no callback) and frees it; a
 * request may free itself from its own done callback.  NULL is fine. */
void ao_http_free(struct ao_http *req);

/* Adds "Name: value" (copied).  Not for secrets: use ao_http_set_bearer. */
void ao_http_add_header(struct ao_http *req, const char *name, const char *value);
/* Authorization: Bearer <token>.  Our copy is wiped when the request ends;
 * the trace shows "Authorization: ********". */
void ao_http_set_bearer(struct ao_http *req, const char *token);
/* The request body (copied).  secret: the body holds secrets (wiped after
 * the request; a non-JSON body is logged by length only). */
void ao_http_set_body(struct ao_http *req, const char *content_type,
                      const char *data, size_t len, int secret);

/* Starts the request on its loop.  done(req, arg) is always called exactly
 * once from the loop later -- also when the request is refused before any
 * network activity (bad or non-https URL) and when it is cancelled -- unless
 * the request is freed first.  Returns AO_OK, or an error if the request
 * was already started. */
enum ao_status ao_http_start(struct ao_http *req, ao_http_done_fn done, void *arg);

/* Stops the request at once: the easy handle leaves the multi (no further
 * network activity), status becomes AO_ERR_CANCELLED, and the done callback
 * runs from the loop in this same iteration (or the next one when called
 * from outside the loop).  No effect once the request has completed. */
void ao_http_cancel(struct ao_http *req);

/* True while the request is started and not yet completed. */
int ao_http_in_flight(const struct ao_http *req);

/* "GET" ... */
const char *ao_http_method_name(enum ao_http_method m);

/* The libcurl and OpenSSL versions, for `doctor` and `--version`. */
const char *ao_http_version_info(void);

/* Process-wide libcurl setup; call once from main before any thread starts
 * (the loop calls it too, but it is not thread-safe in libcurl 7.88). */
void ao_http_global_init(void);

#endif
