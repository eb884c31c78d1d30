/* SPDX-License-Identifier: MIT */
/* Growable byte buffer with a hard cap (HTTP bodies must not grow without
 * bound) and optional wiping for buffers that hold secrets. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/xalloc.h"

void
ao_buf_init(struct ao_buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

static void
buf_grow(struct ao_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *data;

	while (cap < need)
		cap *= 2;
	if (cap == b->cap)
		return;
	if (!b->secret) {
		b->data = xrealloc(b->data, cap);
	} else {
		/* realloc could leave a copy of the secret behind in freed memory */
		data = xmalloc(cap);
		ao_secret_memory_lock(data, cap);
		if (b->data != NULL) {
			memcpy(data, b->data, b->len + 1);
			ao_wipe(b->data, b->cap);
			free(b->data);
		}
		b->data = data;
	}
	b->cap = cap;
}

int
ao_buf_append(struct ao_buf *b, const void *p, size_t n)
{
	if (b->limit != 0 && (n > b->limit || b->len > b->limit - n)) {
		b->over = 1;
		return -1;
	}
	buf_grow(b, b->len + n + 1);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
ao_buf_appendf(struct ao_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	rc = ao_buf_append(b, s, strlen(s));
	if (b->secret)
		ao_wipe(s, strlen(s));
	free(s);
	return rc;
}

void
ao_buf_reset(struct ao_buf *b)
{
	if (b->data != NULL) {
		if (b->secret)
			ao_wipe(b->data, b->cap);
		b->data[0] = '\0';
	}
	b->len = 0;
	b->over = 0;
}

char *
ao_buf_steal(struct ao_buf *b)
{
	char *data = b->data != NULL ? b->data : xstrdup("");
	size_t limit = b->limit;
	int secret = b->secret;

	ao_buf_init(b, limit);
	b->secret = secret;
	return data;
}

void
ao_buf_free(struct ao_buf *b)
{
	if (b == NULL)
		return;
	if (b->secret && b->data != NULL)
		ao_wipe(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->over = 0;
}

int
ao_buf_read_file(struct ao_buf *b, const char *path, size_t limit)
{
	char chunk[4096];
	ssize_t n;
	int fd, err = 0;

	/* FIFOs, devices, directories and files over the limit are refused
	 * before anything is read (core/user_file.h) */
	fd = ao_user_file_open(path, limit, &err);
	if (fd < 0)
		return err;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (n == 0)
			break;
		if (b->len + (size_t)n > limit) {
			err = EFBIG;
			break;
		}
		ao_buf_append(b, chunk, (size_t)n);
	}
	ao_wipe(chunk, sizeof(chunk));
	close(fd);
	if (b->data == NULL)
		ao_buf_append(b, "", 0);
	return err;
}
