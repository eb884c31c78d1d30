/* SPDX-License-Identifier: MIT */
/* Making untrusted text safe to show.  Server names, error messages and
 * card fields end up on a terminal; an escape sequence in them could
 * rewrite the screen, so control characters never get through. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"

/* C0/C1 controls and DEL, line/paragraph separators, and the bidirectional
 * overrides that can make text display in an order other than its own. */
static int
is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

void
ao_copy_display(char *dst, size_t dstsz, const char *src, size_t len)
{
	size_t i = 0, o = 0, n;
	uint32_t cp = 0;

	if (dstsz == 0)
		return;
	while (src != NULL && i < len) {
		n = ao_utf8_decode(src + i, len - i, &cp);
		if (n == 0 || is_unsafe(cp)) {
			if (o + 1 >= dstsz)
				break;
			dst[o++] = n == 1 && cp == '\t' ? ' ' : '?';
			i += n ? n : 1;
			continue;
		}
		if (o + n >= dstsz)
			break;   /* cut at a character boundary */
		memcpy(dst + o, src + i, n);
		o += n;
		i += n;
	}
	dst[o] = '\0';
}

void
ao_display_list_append(char *list, size_t size, const char *item, size_t item_len)
{
	size_t used = strlen(list), sep = used ? 2 : 0;

	if (used >= 3 && strcmp(list + used - 3, "...") == 0)
		return;   /* already full */
	/* item_len bounds the copy: replacing a bad byte never makes it longer */
	if (used + sep + item_len + 4 > size) {
		if (used + sep + 4 <= size)
			strcat(list, used ? ", ..." : "...");
		else if (used + 4 <= size)
			strcat(list, "...");
		return;
	}
	if (sep)
		strcat(list, ", ");
	ao_copy_display(list + used + sep, size - used - sep, item, item_len);
}

/* cJSON_ParseWithLength is given a terminated copy: the bytes come from the
 * network, and a terminator keeps every cJSON code path inside the buffer
 * even on truncated input. */
struct cJSON *
ao_json_parse_untrusted(const char *bytes, size_t len)
{
	char *copy;
	cJSON *root;

	if (bytes == NULL)
		return NULL;
	copy = xmalloc(len + 1);
	memcpy(copy, bytes, len);
	copy[len] = '\0';
	root = cJSON_ParseWithLength(copy, len);
	free(copy);
	return root;
}
