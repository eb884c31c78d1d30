/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the PEM private-key checker, the URL parser and the
 * UTF-8 decoder (key files and URLs come from users). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256], *s, *slug, *origin;
	struct ao_url u;

	(void)ao_pem_check_private_key((const char *)data, size, "ES256", msg, sizeof(msg));
	(void)ao_pem_check_private_key((const char *)data, size, "RS256", msg, sizeof(msg));
	(void)ao_utf8_count((const char *)data, size);
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	(void)ao_url_parse(s, &u, msg, sizeof(msg));
	origin = ao_url_origin(s);
	free(origin);
	slug = ao_slugify(s);
	if (strlen(slug) == 0 || strlen(slug) > 255)
		abort();   /* a slug is always a usable id */
	free(slug);
	free(s);
	return 0;
}
