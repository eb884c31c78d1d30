/* SPDX-License-Identifier: MIT */
/* libFuzzer target: answers files (written by people, so anything goes),
 * followed by validation and the request builder on whatever loaded. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "agent-onboard/core/files.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ao_answers a;
	struct ao_problems p;
	char msg[2048], *saved;
	cJSON *body;

	ao_answers_init(&a);
	(void)ao_answers_load((const char *)data, size, &a, msg, sizeof(msg));
	/* the key file path is a fuzzer-chosen string: never read files here */
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, NULL);
	(void)ao_validate_all(&a, &p);
	body = ao_build_create_body(&a, NULL, AO_BUILD_MASK_SECRETS);
	cJSON_Delete(body);
	saved = ao_answers_save(&a);
	free(saved);
	ao_answers_clear(&a);
	return 0;
}
