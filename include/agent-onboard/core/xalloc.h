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
 * when secret is non-zero the old value is wiped first and the copy is
 * locked in memory (ao_secret_memory_lock). */
void ao_set_string(char **slot, const char *value, int secret);

/* Keeps the pages of a secret buffer out of swap, where the limit on locked
 * memory allows (best effort, never an error).  The core cannot call
 * mlock() itself (libc + cJSON only, and mlock is in <sys/mman.h>): the
 * program installs the locking function once (src/secret/protect.c); until
 * then, and in the unit tests, this does nothing.  Pages are never
 * unlocked: another secret may share them. */
void ao_secret_memory_hook(void (*lock)(const void *p, size_t len));
void ao_secret_memory_lock(const void *p, size_t len);

#endif
