/* SPDX-License-Identifier: MIT */
/* The --log FILE trace, redacted (see net/log.h for what is masked).  It is
 * written from the loop's thread and from probe worker threads, so every
 * block is written under a mutex. */
#include "agent-onboard/net/log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"

#define JSON_BODY_MAX (16 * 1024)
#define TEXT_BODY_MAX 2048

struct ao_log {
	FILE *fp;
	pthread_mutex_t lock;
};

struct ao_log *ao_log_open(const char *path, char *msg, size_t msgsz)
{
	/* "-" is stderr (a copy of it, so closing the log leaves stderr open) */
	int fd = strcmp(path, "-") == 0 ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)
	                                : open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);

	if (fd < 0) {
		snprintf(msg, msgsz, "Cannot open the log file %s: %s.", path, strerror(errno));
		return NULL;
	}
	/* An existing file keeps its mode on open; the trace is private. */
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) && fchmod(fd, 0600) != 0) {
		snprintf(msg, msgsz, "Cannot make the log file %s private (chmod 600): %s.", path,
		         strerror(errno));
		close(fd);
		return NULL;
	}
	FILE *fp = fdopen(fd, "a");
	if (!fp) {
		snprintf(msg, msgsz, "Cannot open the log file %s: %s.", path, strerror(errno));
		close(fd);
		return NULL;
	}
	struct ao_log *log = xcalloc(1, sizeof(*log));
	log->fp = fp;
	pthread_mutex_init(&log->lock, NULL);
	return log;
}

void ao_log_close(struct ao_log *log)
{
	if (!log)
		return;
	if (log->fp)
		fclose(log->fp);
	pthread_mutex_destroy(&log->lock);
	free(log);
}

static void timestamp(char *buf, size_t sz)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, sz, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sz - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

/* Writes one line "<time> <prefix><text>\n" under the lock; a failed write
 * disables the log rather than failing the program. */
static void write_line(struct ao_log *log, const char *prefix, const char *text, size_t len)
{
	char ts[40];

	timestamp(ts, sizeof(ts));
	pthread_mutex_lock(&log->lock);
	if (log->fp) {
		fprintf(log->fp, "%s %s", ts, prefix);
		fwrite(text, 1, len, log->fp);
		fputc('\n', log->fp);
		if (fflush(log->fp) != 0) {
			fclose(log->fp);
			log->fp = NULL;
		}
	}
	pthread_mutex_unlock(&log->lock);
}

void ao_log_printf(struct ao_log *log, const char *fmt, ...)
{
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	char *raw = xvasprintf(fmt, ap);
	va_end(ap);
	char *text = ao_display_dup(raw);   /* notes may quote a server */
	write_line(log, "note: ", text, strlen(text));
	free(text);
	free(raw);
}

static unsigned last_id;

unsigned ao_log_next_id(void)
{
	return __atomic_add_fetch(&last_id, 1, __ATOMIC_RELAXED);
}

int ao_log_header_is_secret(const char *name)
{
	static const char *const words[] = { "auth", "token", "secret", "key", "password",
		                             "session", "cookie", "credential", NULL };
	char lower[128];
	size_t n = 0;

	for (; name[n] && name[n] != ':' && n < sizeof(lower) - 1; n++)
		lower[n] = (char)tolower((unsigned char)name[n]);
	lower[n] = '\0';
	/* Challenges name the scheme and realm, never a credential; they are
	 * what one reads a trace for when OAuth discovery fails. */
	if (strcmp(lower, "www-authenticate") == 0)
		return 0;
	for (size_t i = 0; words[i]; i++) {
		if (strstr(lower, words[i]))
			return 1;
	}
	return 0;
}

/* Appends text through the display sanitiser (core/display.h), so the
 * trace stays one line per item and cannot drive a terminal it is
 * `cat`ed or `tail -f`ed to. */
static void append_escaped(struct ao_buf *b, const char *s, size_t len)
{
	ao_display_append(b, s, len, 0);
}

/* The URL with the values of secret-looking query parameters masked. */
static void append_masked_url(struct ao_buf *b, const char *url)
{
	const char *q = strchr(url, '?');

	if (!q) {
		append_escaped(b, url, strlen(url));
		return;
	}
	append_escaped(b, url, (size_t)(q - url) + 1);
	const char *p = q + 1;
	while (*p) {
		size_t plen = strcspn(p, "&#");
		const char *eq = memchr(p, '=', plen);
		if (eq) {
			char *name = xstrndup(p, (size_t)(eq - p));
			append_escaped(b, p, (size_t)(eq - p) + 1);
			if (ao_json_key_is_secret(name) || ao_log_header_is_secret(name))
				ao_buf_append(b, AO_MASK, strlen(AO_MASK));
			else
				append_escaped(b, eq + 1, plen - (size_t)(eq - p) - 1);
			free(name);
		} else {
			append_escaped(b, p, plen);
		}
		p += plen;
		if (*p == '#') {
			append_escaped(b, p, strlen(p));
			break;
		}
		if (*p == '&')
			ao_buf_append(b, p++, 1);
	}
}

void ao_log_request_line(struct ao_log *log, unsigned id, const char *method, const char *url)
{
	struct ao_buf b;

	if (!log)
		return;
	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "#%u > %s ", id, method);
	append_masked_url(&b, url);
	write_line(log, "", b.data, b.len);
	ao_buf_free(&b);
}

void ao_log_header(struct ao_log *log, unsigned id, char dir, const char *line, size_t len)
{
	struct ao_buf b;

	if (!log)
		return;
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	if (len == 0)
		return;
	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "#%u %c ", id, dir);
	const char *colon = memchr(line, ':', len);
	if (colon && ao_log_header_is_secret(line)) {
		append_escaped(&b, line, (size_t)(colon - line));
		ao_buf_appendf(&b, ": %s", AO_MASK);
	} else {
		append_escaped(&b, line, len);
	}
	write_line(log, "", b.data, b.len);
	ao_buf_free(&b);
}

static int looks_json(const char *content_type, const char *body, size_t len)
{
	if (content_type && strstr(content_type, "json"))
		return 1;
	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)body[i]))
			continue;
		return body[i] == '{' || body[i] == '[';
	}
	return 0;
}

void ao_log_body(struct ao_log *log, unsigned id, char dir, const char *content_type,
                 const char *body, size_t len, int secret)
{
	struct ao_buf b;

	if (!log || !body || len == 0)
		return;
	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "#%u %c body %zu bytes", id, dir, len);
	if (content_type) {
		ao_buf_append(&b, " (", 2);
		append_escaped(&b, content_type, strlen(content_type));
		ao_buf_append(&b, ")", 1);
	}

	cJSON *json = looks_json(content_type, body, len) ? cJSON_ParseWithLength(body, len) : NULL;
	if (json) {
		ao_json_mask_secrets(json);
		char *text = cJSON_PrintUnformatted(json);
		cJSON_Delete(json);
		if (text) {
			size_t tlen = strlen(text);
			ao_buf_append(&b, ": ", 2);
			append_escaped(&b, text, tlen < JSON_BODY_MAX ? tlen : JSON_BODY_MAX);
			if (tlen > JSON_BODY_MAX)
				ao_buf_appendf(&b, "... (%zu more bytes)", tlen - JSON_BODY_MAX);
			cJSON_free(text);
		}
	} else if (secret) {
		/* Not JSON, so we cannot tell the secret parts apart: length only. */
		ao_buf_appendf(&b, ", not logged: the request carries secrets");
	} else {
		ao_buf_append(&b, ": ", 2);
		append_escaped(&b, body, len < TEXT_BODY_MAX ? len : TEXT_BODY_MAX);
		if (len > TEXT_BODY_MAX)
			ao_buf_appendf(&b, "... (%zu more bytes)", len - TEXT_BODY_MAX);
	}
	write_line(log, "", b.data, b.len);
	ao_buf_free(&b);
}

void ao_log_outcome(struct ao_log *log, unsigned id, long http_status, const char *outcome,
                    double elapsed)
{
	if (!log)
		return;
	char *safe = ao_display_dup(outcome);   /* may quote a server's error */
	char *text = xasprintf("#%u = HTTP %ld, %s, %.3f s", id, http_status, safe, elapsed);
	free(safe);
	write_line(log, "", text, strlen(text));
	free(text);
}
