/* SPDX-License-Identifier: MIT */
/* Lists of untrusted names for display (each item through the one
 * sanitiser, core/display.c), and parsing untrusted JSON. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"

void
ao_display_list_append(char *list, size_t size, const char *item, size_t item_len)
{
	size_t used = strlen(list), sep = used ? 2 : 0;

	if (used >= 3 && strcmp(list + used - 3, "...") == 0)
		return;   /* already full */
	/* a rough fit: escapes make an item longer, and ao_copy_display then
	 * cuts it at a whole character */
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
