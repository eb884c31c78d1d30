/* SPDX-License-Identifier: MIT */
/* libFuzzer target: every parser of platform responses (resources of both
 * kinds, lists, partners, OAuth authorize, account, error bodies). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "agent-onboard/core/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct ao_resource r;
	struct ao_resource_list l;
	struct ao_partner_list p;
	struct ao_api_error e;
	struct ao_answers a;
	char msg[256], *s = NULL, *advice;

	if (ao_parse_resource(body, size, AO_KIND_SOURCE, &r, msg, sizeof(msg)) == 0)
		ao_resource_free(&r);
	if (ao_parse_resource(body, size, AO_KIND_AGENT, &r, msg, sizeof(msg)) == 0)
		ao_resource_free(&r);
	if (ao_parse_resource_list(body, size, AO_KIND_SOURCE, &l, msg, sizeof(msg)) == 0)
		ao_resource_list_free(&l);
	if (ao_parse_partner_list(body, size, &p, msg, sizeof(msg)) == 0)
		ao_partner_list_free(&p);
	if (ao_parse_oauth_authorize(body, size, &s, msg, sizeof(msg)) == 0)
		free(s);
	if (ao_parse_account(body, size, &s, msg, sizeof(msg)) == 0)
		free(s);
	ao_api_error_parse(400, body, size, &e);
	advice = ao_api_error_advice(&e, AO_KIND_SOURCE);
	free(advice);
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "API_KEY");
	(void)ao_api_error_field(&e, &a);
	ao_answers_clear(&a);
	ao_api_error_free(&e);
	return 0;
}
