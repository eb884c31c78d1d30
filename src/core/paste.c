/* SPDX-License-Identifier: MIT */
/* See paste.h. */
#include <string.h>

#include "agent-onboard/core/paste.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"

static int
is_break(char c)
{
	return c == '\n' || c == '\r';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || is_break(c);
}

char *
ao_paste_one_line(const char *text, int *lines)
{
	size_t len = strlen(text), i = 0, n = 0, k;
	char *out = xmalloc(len + 1);
	int count = 1;

	while (len > 0 && is_blank(text[len - 1]))
		len--;
	while (i < len && is_blank(text[i]))
		i++;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp = 0;

		if (is_break((char)c)) {
			while (i < len && is_blank(text[i]))
				i++;
			if (n > 0 && out[n - 1] == ' ')
				n--;
			out[n++] = ' ';
			count++;
			continue;
		}
		if (c == '\t') {
			out[n++] = ' ';
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			i++;
			continue;
		}
		k = ao_utf8_decode(text + i, len - i, &cp);
		if (k == 0) {
			i++;   /* not UTF-8: dropped, as a control would be */
			continue;
		}
		if (cp < 0x80 || cp >= 0xa0) {
			memcpy(out + n, text + i, k);
			n += k;
		}
		i += k;
	}
	out[n] = '\0';
	if (lines != NULL)
		*lines = count;
	return out;
}

int
ao_paste_is_pem(const char *text)
{
	return strstr(text, "-----BEGIN ") != NULL;
}
