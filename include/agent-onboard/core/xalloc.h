/* SPDX-License-Identifier: MIT */
/* Allocation that cannot fail (out of memory is fatal, as in tmux's
 * xmalloc.c) and wiping of secrets before they are freed (OpenSSH). */
#ifndef AO_CORE_XALLOC_H
#define AO_CORE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Overwrites a NUL-terminated string in place and frees it; NULL is fine. */
void ao_secret_free(char *secret);
/* Overwrites len bytes at p, in a way the compiler may not drop. */
void ao_wipe(void *p, size_t len);

/* Replaces *slot with a copy of value (NULL clears), freeing the old value;
 * when secret is non-zero the old value is wiped first. */
void ao_set_string(char **slot, const char *value, int secret);

#endif
