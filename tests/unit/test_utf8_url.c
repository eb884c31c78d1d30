/* SPDX-License-Identifier: MIT */
/* UTF-8 counting and the URL parser. */
#include "testutil.h"

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/utf8.h"

static void
test_utf8_counts(void **state)
{
	static const struct { const char *s; long chars; } cases[] = {
		{ "", 0 }, { "abc", 3 }, { "Zoë", 3 }, { "日本語", 3 }, { "a😀b", 3 },
		{ "\xc3", -1 },                 /* truncated */
		{ "\xc0\xaf", -1 },             /* overlong '/' */
		{ "\xed\xa0\x80", -1 },         /* surrogate */
		{ "\xf4\x90\x80\x80", -1 },     /* past U+10FFFF */
		{ "\xff", -1 },
		{ "ok\x80", -1 },               /* stray continuation byte */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(ao_utf8_count(cases[i].s, strlen(cases[i].s)), cases[i].chars);
}

static void
test_utf8_control(void **state)
{
	(void)state;
	assert_false(ao_utf8_has_control("plain ünïcode", strlen("plain ünïcode")));
	assert_true(ao_utf8_has_control("tab\there", 8));
	assert_true(ao_utf8_has_control("nl\n", 3));
	assert_true(ao_utf8_has_control("del\x7f", 4));
	assert_true(ao_utf8_has_control("c1\xc2\x85", 4));   /* U+0085 NEL */
	assert_int_equal(ao_utf8_prefix_bytes("日本語", 9, 2), 6);
}

static void
test_url_valid(void **state)
{
	struct ao_url u;
	char msg[200];

	(void)state;
	assert_int_equal(ao_url_parse("https://Agent.Example.com/mcp?x=1#f", &u, msg, sizeof(msg)), 0);
	assert_string_equal(u.scheme, "https");
	assert_string_equal(u.host, "agent.example.com");
	assert_int_equal(u.port, 443);
	assert_string_equal(u.path, "/mcp?x=1#f");
	assert_int_equal(ao_url_parse("http://127.0.0.1:8080", &u, msg, sizeof(msg)), 0);
	assert_int_equal(u.port, 8080);
	assert_int_equal(ao_url_parse("https://[::1]:9443/a", &u, msg, sizeof(msg)), 0);
	assert_true(u.ipv6);
	assert_string_equal(u.host, "::1");
	assert_int_equal(ao_url_parse("HTTPS://x.example/%20a", &u, msg, sizeof(msg)), 0);
}

static void
test_url_invalid(void **state)
{
	static const struct { const char *url, *why; } cases[] = {
		{ "", "Enter a URL" },
		{ "agent.example.com/mcp", "Start the URL with https://" },
		{ "ftp://x.example", "Only http:// and https://" },
		{ "https://", "no host name" },
		{ "https:///path", "no host name" },
		{ "https://user:pw@x.example/", "Do not put a user name or password" },
		{ "https://x.example:0/", "port must be a number" },
		{ "https://x.example:70000/", "port must be a number" },
		{ "https://x.example:/", "port after ':' is missing" },
		{ "https://x .example/", "cannot contain spaces" },
		{ "https://exämple.com/", "ASCII" },
		{ "https://x.example/a b", "cannot contain spaces" },
		{ "https://x.example/%zz", "escape" },
		{ "https://x.example/<script>", "percent-encoded" },
		{ "https://[::1/", "closing ']'" },
		{ "https://x..example/", "not valid" },
	};
	struct ao_url u;
	char msg[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		msg[0] = '\0';
		if (ao_url_parse(cases[i].url, &u, msg, sizeof(msg)) == 0)
			fail_msg("accepted \"%s\"", cases[i].url);
		assert_contains(msg, cases[i].why);
	}
}

static void
test_loopback(void **state)
{
	(void)state;
	assert_true(ao_url_host_is_loopback("localhost"));
	assert_true(ao_url_host_is_loopback("LOCALHOST"));
	assert_true(ao_url_host_is_loopback("127.0.0.1"));
	assert_true(ao_url_host_is_loopback("127.1.2.3"));
	assert_true(ao_url_host_is_loopback("127.255.255.255"));
	assert_true(ao_url_host_is_loopback("::1"));
	assert_false(ao_url_host_is_loopback("127.example.com"));
	/* not real IPv4 addresses: resolved by DNS, which may answer anything */
	assert_false(ao_url_host_is_loopback("127.999.999.999"));
	assert_false(ao_url_host_is_loopback("127.256.0.1"));
	assert_false(ao_url_host_is_loopback("127.1"));
	assert_false(ao_url_host_is_loopback("127.0.0.1."));
	assert_false(ao_url_host_is_loopback("127.0.0.1.5"));
	assert_false(ao_url_host_is_loopback("127.00.0.1"));
	assert_false(ao_url_host_is_loopback("0127.0.0.1"));
	assert_false(ao_url_host_is_loopback("127.0.0.1000"));
	assert_false(ao_url_host_is_loopback("127.0.0.-1"));
	assert_false(ao_url_host_is_loopback("agent.localhost"));
	assert_false(ao_url_host_is_loopback("::ffff:10.0.0.1"));
	assert_false(ao_url_host_is_loopback("128.0.0.1"));
	assert_false(ao_url_host_is_loopback("localhost.evil.com"));
	assert_false(ao_url_host_is_loopback("10.0.0.1"));
	assert_false(ao_url_host_is_loopback(NULL));
}

static void
test_oauth_url_acceptance(void **state)
{
	static const struct {
		const char *url;
		int ok;
	} cases[] = {
		{ "https://auth.acme.example/authorize?client_id=x&state=y%20z", 1 },
		{ "http://127.0.0.1:4000/oauth/authorize?state=1", 1 },
		{ "http://localhost/oauth", 1 },
		{ "http://auth.acme.example/authorize", 0 },      /* plain http elsewhere */
		{ "http://127.999.999.999/authorize", 0 },
		{ "javascript:alert(1)", 0 },
		{ "file:///etc/passwd", 0 },
		{ "https://user:pw@auth.acme.example/", 0 },
		{ "https://auth.acme.example/a b", 0 },
		{ "https://auth.acme.example/\x1b]52;c;ZWNobw==\a", 0 },
		{ "https://auth.acme.example/\xe2\x80\xae", 0 },   /* a bidi override */
		{ "https://auth.acme.example/\n", 0 },
		{ "", 0 },
	};
	char why[160], *long_url;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why[0] = '\0';
		if (ao_oauth_url_acceptable(cases[i].url, why, sizeof(why)) != cases[i].ok)
			fail_msg("case %zu: want %d (%s)", i, cases[i].ok, why);
		if (!cases[i].ok && why[0] == '\0')
			fail_msg("case %zu: refused without a reason", i);
	}
	assert_false(ao_oauth_url_acceptable(NULL, why, sizeof(why)));
	long_url = calloc(1, AO_OAUTH_URL_MAX + 2);
	memcpy(long_url, "https://a.example/", 18);
	memset(long_url + 18, 'a', AO_OAUTH_URL_MAX - 18);
	assert_true(ao_oauth_url_acceptable(long_url, why, sizeof(why)));   /* exactly the maximum */
	long_url[AO_OAUTH_URL_MAX] = 'a';
	assert_false(ao_oauth_url_acceptable(long_url, why, sizeof(why)));
	assert_non_null(strstr(why, "2048"));
	free(long_url);
}

static void
test_origin(void **state)
{
	char *o;

	(void)state;
	o = ao_url_origin("https://x.example/mcp");
	assert_string_equal(o, "https://x.example");
	free(o);
	o = ao_url_origin("http://127.0.0.1:8080/a/b");
	assert_string_equal(o, "http://127.0.0.1:8080");
	free(o);
	assert_null(ao_url_origin("nonsense"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_counts),
		cmocka_unit_test(test_utf8_control),
		cmocka_unit_test(test_url_valid),
		cmocka_unit_test(test_url_invalid),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_oauth_url_acceptance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
