/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the JWT key file's PEM framing and labels
 * (core/jwt_key.c; the key itself is OpenSSL's to decode, so a stand-in
 * decoder that checks it was handed exactly one whole block), the URL
 * parser and the UTF-8 decoder (key files and URLs come from users). */
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
whole_block(const char *block, size_t len, struct ao_key_facts *f)
{
	if (len < 22 || memcmp(block, "-----BEGIN ", 11) != 0 || block[len - 1] != '-')
		abort();   /* the decoder must get one block, BEGIN to END */
	f->type = (len & 1) ? AO_KEY_RSA : AO_KEY_EC;
	f->bits = (int)len;
	snprintf(f->curve, sizeof(f->curve), "%s", (len & 2) ? "prime256v1" : "secp384r1");
	return (len & 4) ? -1 : 0;
}

/* The id passes the same check as one the user types. */
static int
source_id_ok(const char *id)
{
	struct ao_answers a;
	char msg[256];
	int ok;

	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "inventory-source");
	ao_answers_set(&a, AO_F_SOURCE_ID, id);
	ok = ao_validate_field(&a, AO_F_SOURCE_ID, msg, sizeof(msg)) == 0;
	ao_answers_clear(&a);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256], *s, *slug, *origin;
	struct ao_url u;
	struct ao_key_verdict v;

	ao_jwt_key_set_decoder(whole_block);
	if (ao_jwt_key_check((const char *)data, size, &v) == 0 && v.algorithm == NULL)
		abort();   /* accepted means an algorithm */
	(void)ao_utf8_count((const char *)data, size);
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	(void)ao_url_parse(s, &u, msg, sizeof(msg));
	origin = ao_url_origin(s);
	free(origin);
	/* a slug is a usable id, or empty when too little of the name could be
	 * kept (the user is then asked for an id) */
	slug = ao_slugify(s);
	if (strlen(slug) > 255 || (slug[0] != '\0' && !source_id_ok(slug)))
		abort();
	free(slug);
	free(s);
	return 0;
}
