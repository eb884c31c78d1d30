/* SPDX-License-Identifier: MIT */
/* The one base64 (core/base64.c): the RFC 4648 test vectors both ways, and
 * what the decoder refuses. */
#include "testutil.h"

#include "agent-onboard/core/base64.h"
#include "agent-onboard/core/xalloc.h"

static void
test_rfc4648_vectors(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const coded[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	unsigned char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		char *enc = ao_base64_encode(plain[i], strlen(plain[i]));
		long n;

		assert_string_equal(enc, coded[i]);
		ao_secret_free(enc);
		n = ao_base64_decode(coded[i], strlen(coded[i]), out, sizeof(out));
		assert_int_equal(n, (long)strlen(plain[i]));
		assert_memory_equal(out, plain[i], (size_t)n);
	}
}

static void
test_decode_refuses_what_is_not_base64(void **state)
{
	unsigned char out[16];

	(void)state;
	assert_int_equal(ao_base64_decode("Zm9v\nYmFy", 9, out, sizeof(out)), 6);   /* whitespace ignored */
	assert_int_equal(ao_base64_decode("Zm9v!", 5, out, sizeof(out)), -1);
	assert_int_equal(ao_base64_decode("Zg==Zg", 6, out, sizeof(out)), -1);        /* data after padding */
	assert_int_equal(ao_base64_decode("Z", 1, out, sizeof(out)), -1);             /* a lone sextet */
	/* a binary round trip, every byte value */
	{
		unsigned char all[256], back[256];
		char *enc;
		int i;

		for (i = 0; i < 256; i++)
			all[i] = (unsigned char)i;
		enc = ao_base64_encode(all, sizeof(all));
		assert_int_equal(ao_base64_decode(enc, strlen(enc), back, sizeof(back)), 256);
		assert_memory_equal(all, back, 256);
		ao_secret_free(enc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_decode_refuses_what_is_not_base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
