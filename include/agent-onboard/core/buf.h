/* SPDX-License-Identifier: MIT */
/* A growable byte buffer with a hard cap, used for HTTP bodies, terminal
 * output and file contents.  Always NUL-terminated for convenience. */
#ifndef AO_CORE_BUF_H
#define AO_CORE_BUF_H

#include <stddef.h>

struct ao_buf {
	char *data;     /* NUL-terminated; NULL until something is appended */
	size_t len;
	size_t cap;
	size_t limit;   /* 0 = unlimited; appends past it fail and set over */
	int over;       /* set once an append was refused by the limit */
	int secret;     /* wipe on free and on growth */
};

void ao_buf_init(struct ao_buf *b, size_t limit);
/* Returns 0, or -1 when the limit refused the bytes (b->over is set). */
int ao_buf_append(struct ao_buf *b, const void *p, size_t n);
int ao_buf_appendf(struct ao_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ao_buf_reset(struct ao_buf *b);
/* Hands the data to the caller (never NULL) and resets the buffer. */
char *ao_buf_steal(struct ao_buf *b);
void ao_buf_free(struct ao_buf *b);

/* Reads a whole file (at most limit bytes) into b, opened with
 * ao_user_file_open (a FIFO, device or directory is refused).  Returns 0,
 * or an errno value (EFBIG when it is larger than limit, EISDIR,
 * AO_ENOTREGULAR): say it with ao_user_file_strerror. */
int ao_buf_read_file(struct ao_buf *b, const char *path, size_t limit);

#endif
