/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the core unit tests (header-only: each test is
 * its own program linked against the core alone). */
#ifndef AO_TEST_UTIL_H
#define AO_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agent-onboard/core/buf.h"

/* Reads tests/data/NAME (tests run from the repository root). */
static inline char *
fixture(const char *name, size_t *len)
{
	char path[512];
	struct ao_buf b;

	snprintf(path, sizeof(path), "%s/%s", AO_TEST_DATA, name);
	ao_buf_init(&b, 0);
	if (ao_buf_read_file(&b, path, 1 << 20) != 0)
		fail_msg("cannot read fixture %s", path);
	if (len != NULL)
		*len = b.len;
	return ao_buf_steal(&b);
}

static inline char *
fixture_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", AO_TEST_DATA, name);
	return path;
}

/* A string of n copies of the UTF-8 sequence unit. */
static inline char *
repeat(const char *unit, size_t n)
{
	size_t ul = strlen(unit), i;
	char *s = malloc(ul * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	s[ul * n] = '\0';
	return s;
}

#define assert_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (h_ == NULL || strstr(h_, n_) == NULL) \
		fail_msg("\"%s\" does not contain \"%s\"", h_ ? h_ : "(null)", n_); \
} while (0)

#define assert_not_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (h_ != NULL && strstr(h_, n_) != NULL) \
		fail_msg("\"%s\" unexpectedly contains \"%s\"", h_, n_); \
} while (0)

#endif
