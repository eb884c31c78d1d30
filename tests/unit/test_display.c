/* SPDX-License-Identifier: MIT */
/* The display sanitiser (core/display.c): one test per class of dangerous
 * text a server could send, checking what a user would see instead. */
#include "testutil.h"

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/utf8.h"

static void
expect(const char *in, size_t len, const char *want)
{
	struct ao_buf b;

	ao_buf_init(&b, 0);
	ao_display_append(&b, in, len, 0);
	if (strcmp(b.data != NULL ? b.data : "", want) != 0)
		fail_msg("got \"%s\", want \"%s\"", b.data, want);
	ao_buf_free(&b);
}
#define EXPECT(in, want) expect(in, sizeof(in) - 1, want)

static void
test_c0_controls_are_escaped(void **state)
{
	(void)state;
	EXPECT("a\x01" "b\x08" "c\x1f", "a\\x01b\\x08c\\x1f");
	EXPECT("bell\a", "bell\\a");
	EXPECT("t\tr\rn\n", "t\\tr\\rn\\n");
	expect("nul\0after", 9, "nul\\x00after");   /* a NUL inside a header is not an end */
}

static void
test_escape_sequences_are_escaped(void **state)
{
	(void)state;
	/* title change, clear screen, OSC 52 clipboard write */
	EXPECT("\x1b]0;pwned\a", "\\e]0;pwned\\a");
	EXPECT("\x1b[2J\x1b[H", "\\e[2J\\e[H");
	EXPECT("\x1b]52;c;ZWNobyBwd25lZA==\x1b\\", "\\e]52;c;ZWNobyBwd25lZA==\\e\\");
}

static void
test_del_is_escaped(void **state)
{
	(void)state;
	EXPECT("x\x7fy", "x\\x7fy");
}

static void
test_c1_as_utf8_and_as_raw_bytes(void **state)
{
	(void)state;
	EXPECT("csi\xc2\x9b" "2J", "csi\\u009b2J");   /* U+009B encoded */
	EXPECT("csi\x9b" "2J", "csi\\x9b2J");         /* the 8-bit byte itself */
	EXPECT("osc\x9d" "0;t\x9c", "osc\\x9d0;t\\x9c");
	EXPECT("\xc2\x85", "\\u0085");                  /* NEL */
}

static void
test_bidi_controls_are_escaped(void **state)
{
	(void)state;
	EXPECT("abc\xe2\x80\xae" "fdp.exe", "abc\\u202efdp.exe");   /* RLO */
	EXPECT("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");     /* LRI .. PDI */
	EXPECT("\xe2\x80\xaa\xe2\x80\xac", "\\u202a\\u202c");
	EXPECT("line\xe2\x80\xa8sep", "line\\u2028sep");
}

static void
test_invalid_utf8_becomes_replacement_character(void **state)
{
	(void)state;
	EXPECT("bad\xff", "bad\xef\xbf\xbd");
	EXPECT("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");               /* overlong '/' */
	EXPECT("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\\x80");   /* surrogate; 0x80 is C1 */
	EXPECT("cut\xe3\xa1", "cut\xef\xbf\xbd\xef\xbf\xbd");   /* a cut 3-byte character */
}

static void
test_ordinary_text_passes_unchanged(void **state)
{
	(void)state;
	EXPECT("Acme Sales Agent", "Acme Sales Agent");
	EXPECT("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x9a\x80 Zo\xc3\xab",
	       "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x9a\x80 Zo\xc3\xab");
	EXPECT("https://a.example/x?y=1&z=\\", "https://a.example/x?y=1&z=\\");
	EXPECT("", "");
}

static void
test_newline_kept_only_when_asked(void **state)
{
	struct ao_buf b;

	(void)state;
	ao_buf_init(&b, 0);
	ao_display_append(&b, "one\ntwo\x1b[K\r\n", 12, AO_DISPLAY_KEEP_NEWLINE);
	assert_string_equal(b.data, "one\ntwo\\e[K\\r\n");
	ao_buf_free(&b);
}

static void
test_dup_and_fixed_copy(void **state)
{
	char small[7];
	char *d;

	(void)state;
	d = ao_display_dup("id\x1b[31m");
	assert_string_equal(d, "id\\e[31m");
	free(d);
	d = ao_display_dup(NULL);
	assert_string_equal(d, "");
	free(d);
	ao_copy_display(small, sizeof(small), "abcde\x1b", 6);
	assert_string_equal(small, "abcde");   /* "\e" does not fit whole: cut before it */
	assert_true(ao_display_needs_escape("a\x9b", 2));
	assert_true(ao_display_needs_escape("a\xe2\x80\xae", 4));
	assert_false(ao_display_needs_escape("plain \xc3\xa9", 8));
}

/* Whatever the input, the output holds no byte a terminal acts on. */
static void
test_no_control_byte_survives_any_pair(void **state)
{
	struct ao_buf b;
	unsigned i, j;
	size_t k, n;

	(void)state;
	for (i = 0; i < 256; i++) {
		for (j = 0; j < 256; j++) {
			char in[3] = { (char)i, (char)j, (char)0x9b };

			ao_buf_init(&b, 0);
			ao_display_append(&b, in, 3, 0);
			for (k = 0; k < b.len; k += n) {
				uint32_t cp;

				n = ao_utf8_decode(b.data + k, b.len - k, &cp);
				if (n == 0)
					fail_msg("invalid UTF-8 out for input %02x %02x", i, j);
				if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
					fail_msg("U+%04x passed for input %02x %02x", (unsigned)cp, i, j);
			}
			ao_buf_free(&b);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c0_controls_are_escaped),
		cmocka_unit_test(test_escape_sequences_are_escaped),
		cmocka_unit_test(test_del_is_escaped),
		cmocka_unit_test(test_c1_as_utf8_and_as_raw_bytes),
		cmocka_unit_test(test_bidi_controls_are_escaped),
		cmocka_unit_test(test_invalid_utf8_becomes_replacement_character),
		cmocka_unit_test(test_ordinary_text_passes_unchanged),
		cmocka_unit_test(test_newline_kept_only_when_asked),
		cmocka_unit_test(test_dup_and_fixed_copy),
		cmocka_unit_test(test_no_control_byte_survives_any_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
