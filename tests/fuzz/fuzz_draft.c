/* SPDX-License-Identifier: MIT */
/* libFuzzer target: drafts (a damaged or hostile draft file must never
 * crash the wizard at start-up), plus a serialise/parse round trip. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ao_draft d, e;
	char msg[256], *text;

	ao_draft_init(&d);
	if (ao_draft_parse((const char *)data, size, &d, msg, sizeof(msg)) == 0) {
		text = ao_draft_serialize(&d);
		ao_draft_init(&e);
		if (ao_draft_parse(text, strlen(text), &e, msg, sizeof(msg)) != 0)
			abort();   /* what we write we must be able to read back */
		ao_draft_clear(&e);
		free(text);
	}
	ao_draft_clear(&d);
	return 0;
}
