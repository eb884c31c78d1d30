/* SPDX-License-Identifier: MIT */
/* The --log FILE trace: one timestamped block per request and per response,
 * redacted.  The file is created 0600 (and made 0600 if it existed) and
 * appended to.  What is never written:
 *   - the value of Authorization, Proxy-Authorization, Cookie, Set-Cookie
 *     and any header whose name contains "auth", "token", "secret", "key",
 *     "password" or "session" (WWW-Authenticate is kept: it holds no secret);
 *   - the value of any secret-looking JSON key (ao_json_mask_secrets);
 *   - any non-JSON body of a request marked secret, and any body that does
 *     not parse as JSON in a response to such a request (length only).
 * Logging never fails the program: a write error only disables the log. */
#ifndef AO_NET_LOG_H
#define AO_NET_LOG_H

#include <stddef.h>

struct ao_log;

/* Opens (creates 0600, appends) path; "-" writes to stderr.  Returns NULL
 * with a sentence in msg when the file cannot be opened. */
struct ao_log *ao_log_open(const char *path, char *msg, size_t msgsz);
void ao_log_close(struct ao_log *log);   /* NULL is fine */

/* A free-form timestamped line ("2026-11-22T10:00:00.123Z note: ...").
 * Callers must not pass secrets.  log may be NULL (does nothing). */
void ao_log_printf(struct ao_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when name is a header whose value must be masked. */
int ao_log_header_is_secret(const char *name);

/* Pieces of an HTTP exchange; every function accepts log == NULL.
 * id ties a response to its request in the trace. */
/* A new id, unique in this process (API requests and probes share them, so
 * one trace never shows two exchanges under the same number). */
unsigned ao_log_next_id(void);
void ao_log_request_line(struct ao_log *log, unsigned id, const char *method, const char *url);
/* One header line "Name: value" (CRLF optional), sent (">") or received
 * ("<"); the value is masked when the name is secret. */
void ao_log_header(struct ao_log *log, unsigned id, char dir, const char *line, size_t len);
/* A body: JSON bodies are parsed and masked, then written compactly (at most
 * 16 KiB); other bodies are written (printable text, at most 2 KiB) unless
 * secret is set, in which case only their length is written. */
void ao_log_body(struct ao_log *log, unsigned id, char dir, const char *content_type,
                 const char *body, size_t len, int secret);
/* The end of an exchange: HTTP status (0 if none), outcome, elapsed time. */
void ao_log_outcome(struct ao_log *log, unsigned id, long http_status, const char *outcome,
                    double elapsed);

#endif
