/* SPDX-License-Identifier: MIT */
/* The operator domain discover-agents is asked for: agents on subdomains
 * belong to their operator's domain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "agent-onboard/core/url.h"

static void
test_operator_domain(void **state)
{
	static const struct { const char *host, *want; } cases[] = {
		{ "agent.acme.example", "acme.example" },
		{ "agent.sales.acme.com", "acme.com" },
		{ "acme.com", "acme.com" },
		{ "Agent.ACME.com.", "acme.com" },
		{ "sales.acme.co.uk", "acme.co.uk" },
		{ "x.y.acme.com.au", "acme.com.au" },
		{ "api.video.de", "video.de" },
		{ "localhost", "localhost" },
		{ "127.0.0.1", "127.0.0.1" },
		{ "::1", "::1" },
	};
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ao_operator_domain(cases[i].host, out, sizeof(out)), 0);
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(ao_operator_domain("", out, sizeof(out)), -1);
	assert_int_equal(ao_operator_domain("agent.acme.example", out, 5), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operator_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
