/* SPDX-License-Identifier: MIT */
/* Pasted text folded into one line. */
#include "testutil.h"

#include "agent-onboard/core/paste.h"

static void
test_one_line(void **state)
{
	static const struct { const char *in, *out; int lines; } cases[] = {
		{ "", "", 1 },
		{ "plain", "plain", 1 },
		{ "copied line\n", "copied line", 1 },
		{ "  around  \r\n", "around", 1 },
		{ "Premium video inventory.\nAlso display and audio.\n",
		  "Premium video inventory. Also display and audio.", 2 },
		{ "a\r\nb\rc", "a b c", 3 },
		{ "a \n\n  b", "a b", 2 },
		{ "tab\there", "tab here", 1 },
		{ "bell\adel\x7f", "belldel", 1 },
		{ "c1\xc2\x85x", "c1x", 1 },
		{ "東京メディア\n広告", "東京メディア 広告", 2 },
		{ "bad\xff byte", "bad byte", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int lines = 0;
		char *out = ao_paste_one_line(cases[i].in, &lines);

		assert_string_equal(out, cases[i].out);
		assert_int_equal(lines, cases[i].lines);
		free(out);
	}
}

static void
test_pem(void **state)
{
	(void)state;
	assert_true(ao_paste_is_pem("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"));
	assert_false(ao_paste_is_pem("/home/me/keys/agent.pem"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_pem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
