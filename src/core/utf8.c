/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 decoding (RFC 3629): the API counts lengths in characters,
 * and invalid bytes must be refused before they reach the platform. */
#include "agent-onboard/core/utf8.h"

size_t
ao_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;   /* overlong, out of range, or a surrogate */
	*cp = c;
	return n;
}

long
ao_utf8_count(const char *s, size_t len)
{
	size_t i = 0, n;
	long count = 0;
	uint32_t cp;

	while (i < len) {
		n = ao_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return -1;
		i += n;
		count++;
	}
	return count;
}

int
ao_utf8_has_control(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = ao_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;   /* invalid input is reported by ao_utf8_count */
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return 1;
		i += n;
	}
	return 0;
}

size_t
ao_utf8_prefix_bytes(const char *s, size_t len, size_t max_chars)
{
	size_t i = 0, n, chars = 0;
	uint32_t cp;

	while (i < len && chars < max_chars) {
		n = ao_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			break;
		i += n;
		chars++;
	}
	return i;
}
