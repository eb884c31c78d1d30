/* SPDX-License-Identifier: MIT */
/* Text from outside made safe for a terminal; see display.h for the rules
 * and why there is exactly one place that applies them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"

/* Bidirectional controls that can make text display in an order other than
 * its own, and the separators some terminals treat as line breaks. */
static int
is_bidi_or_separator(uint32_t cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* The display form of the character (or bad byte) at s: writes it to out
 * (at least 8 bytes) and returns its length; *used is how many input bytes
 * it stands for. */
static size_t
escape_one(const char *s, size_t len, unsigned flags, char *out, size_t *used)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp = 0;
	size_t n = ao_utf8_decode(s, len, &cp);

	if (n == 0) {
		*used = 1;
		if (c >= 0x80 && c <= 0x9f)   /* 8-bit C1, e.g. a raw CSI */
			return (size_t)snprintf(out, 8, "\\x%02x", c);
		memcpy(out, "\xef\xbf\xbd", 3);   /* U+FFFD */
		return 3;
	}
	*used = n;
	if (cp < 0x20 || cp == 0x7f) {
		switch (cp) {
		case 0x1b: memcpy(out, "\\e", 2); return 2;
		case 0x07: memcpy(out, "\\a", 2); return 2;
		case '\t': memcpy(out, "\\t", 2); return 2;
		case '\r': memcpy(out, "\\r", 2); return 2;
		case '\n':
			if (flags & AO_DISPLAY_KEEP_NEWLINE) {
				out[0] = '\n';
				return 1;
			}
			memcpy(out, "\\n", 2);
			return 2;
		default:
			return (size_t)snprintf(out, 8, "\\x%02x", (unsigned)cp);
		}
	}
	if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_or_separator(cp))
		return (size_t)snprintf(out, 8, "\\u%04x", (unsigned)cp);
	memcpy(out, s, n);
	return n;
}

void
ao_display_append(struct ao_buf *b, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, run = 0, used, n;
	char one[8];

	if (s == NULL)
		return;
	while (i + run < len) {
		n = escape_one(s + i + run, len - i - run, flags, one, &used);
		if (n == used && memcmp(one, s + i + run, n) == 0) {
			run += used;   /* unchanged: copied later in one piece */
			continue;
		}
		ao_buf_append(b, s + i, run);
		ao_buf_append(b, one, n);
		i += run + used;
		run = 0;
	}
	ao_buf_append(b, s + i, run);
}

char *
ao_display_dup(const char *s)
{
	struct ao_buf b;

	ao_buf_init(&b, 0);
	if (s != NULL)
		ao_display_append(&b, s, strlen(s), 0);
	return ao_buf_steal(&b);
}

void
ao_copy_display(char *dst, size_t dstsz, const char *src, size_t len)
{
	size_t i = 0, o = 0, used, n;
	char one[8];

	if (dstsz == 0)
		return;
	while (src != NULL && i < len) {
		n = escape_one(src + i, len - i, 0, one, &used);
		if (o + n >= dstsz)
			break;   /* never half a character or half an escape */
		memcpy(dst + o, one, n);
		o += n;
		i += used;
	}
	dst[o] = '\0';
}

char *
ao_display_json(const char *json)
{
	struct ao_buf b;
	size_t i = 0, len = json != NULL ? strlen(json) : 0, n;
	uint32_t cp;

	ao_buf_init(&b, 0);
	while (i < len) {
		n = ao_utf8_decode(json + i, len - i, &cp);
		if (n == 0) {
			ao_buf_append(&b, "\\ufffd", 6);
			i++;
		} else if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_or_separator(cp)) {
			ao_buf_appendf(&b, "\\u%04x", (unsigned)cp);   /* only inside strings: JSON is ASCII outside */
			i += n;
		} else {
			ao_buf_append(&b, json + i, n);
			i += n;
		}
	}
	return ao_buf_steal(&b);
}

int
ao_display_needs_escape(const char *s, size_t len)
{
	size_t i = 0, used, n;
	char one[8];

	while (s != NULL && i < len) {
		n = escape_one(s + i, len - i, 0, one, &used);
		if (n != used || memcmp(one, s + i, n) != 0)
			return 1;
		i += used;
	}
	return 0;
}
