/* SPDX-License-Identifier: MIT */
/* UTF-8 checks.  Field lengths are counted in characters (code points), as
 * the API counts them, never in bytes. */
#ifndef AO_CORE_UTF8_H
#define AO_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns the number of code points in s[0..len), or -1 if the bytes are not
 * valid UTF-8 (overlongs, surrogates and values past U+10FFFF are invalid). */
long ao_utf8_count(const char *s, size_t len);
/* Decodes one code point at s (len bytes available); returns its length in
 * bytes and stores it in *cp, or returns 0 on invalid input. */
size_t ao_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Non-zero if s contains a C0/C1 control character or DEL. */
int ao_utf8_has_control(const char *s, size_t len);
/* Byte length of the longest prefix of s holding at most max_chars code
 * points (s must be valid UTF-8). */
size_t ao_utf8_prefix_bytes(const char *s, size_t len, size_t max_chars);

#endif
