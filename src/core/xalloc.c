/* SPDX-License-Identifier: MIT */
/* Allocation wrappers: running out of memory is not a condition this
 * program can recover from, so it is fatal here and nowhere else. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"

static void
fatal_oom(size_t size)
{
	fprintf(stderr, "agent-onboard: out of memory (%zu bytes)\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		fatal_oom(size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		fatal_oom(nmemb * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		fatal_oom(size);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		fatal_oom(strlen(fmt));
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static void (*memory_lock)(const void *p, size_t len);

void
ao_secret_memory_hook(void (*lock)(const void *p, size_t len))
{
	memory_lock = lock;
}

void
ao_secret_memory_lock(const void *p, size_t len)
{
	if (memory_lock != NULL && p != NULL && len > 0)
		memory_lock(p, len);
}

void
ao_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0)
		explicit_bzero(p, len);
}

void
ao_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	ao_wipe(secret, strlen(secret));
	free(secret);
}

void
ao_set_string(char **slot, const char *value, int secret)
{
	char *old = *slot;

	*slot = value != NULL ? xstrdup(value) : NULL;
	if (secret && *slot != NULL)
		ao_secret_memory_lock(*slot, strlen(*slot) + 1);
	if (secret)
		ao_secret_free(old);
	else
		free(old);
}
