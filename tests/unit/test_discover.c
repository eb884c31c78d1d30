/* SPDX-License-Identifier: MIT */
/* The discover-agents answer as the wizard's pick list: what a hostile
 * registry entry can and cannot put in front of the user. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "agent-onboard/core/discover.h"

static int
parse(const char *text, struct ao_discovered *d, char *msg, size_t msgsz)
{
	cJSON *j = cJSON_Parse(text);
	int rc;

	assert_non_null(j);
	rc = ao_discovered_parse(j, d, msg, msgsz);
	cJSON_Delete(j);
	return rc;
}

static void
test_operator_then_publisher(void **state)
{
	struct ao_discovered d;
	char msg[256];

	(void)state;
	assert_int_equal(parse("{\"data\":{\"operator\":{\"domain\":\"acme.example\",\"agents\":["
	                       "{\"url\":\"https://sales.acme.example/mcp\",\"name\":\"Acme Sales\","
	                       "\"type\":\"sales\",\"protocol\":\"mcp\"},"
	                       "{\"url\":\"https://signals.acme.example/a2a\",\"protocol\":\"A2A\"}]},"
	                       "\"publisher\":{\"authorized_agents\":["
	                       "{\"url\":\"https://SALES.acme.example:443/mcp/\"},"
	                       "{\"url\":\"https://other.example/mcp\"}]}}}",
	                       &d, msg, sizeof(msg)), 0);
	assert_int_equal(d.count, 3);
	assert_string_equal(d.items[0].url, "https://sales.acme.example/mcp");
	assert_string_equal(d.items[0].protocol, "MCP");
	assert_string_equal(d.items[0].type, "SALES");
	assert_string_equal(d.items[0].label, "https://sales.acme.example/mcp  MCP  Acme Sales");
	assert_string_equal(d.items[1].protocol, "A2A");
	assert_null(d.items[1].type);
	/* the publisher's copy of the first URL is not listed twice */
	assert_string_equal(d.items[2].url, "https://other.example/mcp");
	assert_null(d.items[2].protocol);
	assert_string_equal(d.items[2].label, "https://other.example/mcp");
	ao_discovered_free(&d);
}

static void
test_hostile_entries(void **state)
{
	struct ao_discovered d;
	char msg[256];

	(void)state;
	assert_int_equal(parse("{\"operator\":{\"agents\":["
	                       "{\"url\":\"javascript:alert(1)\"},"
	                       "{\"url\":\"https://user:pw@x.example/\"},"
	                       "{\"url\":\"https://x.example/\\u001b]0;pwned\\u0007\"},"
	                       "{\"url\":42},"
	                       "\"https://bare-string.example/\","
	                       "{\"url\":\"https://ok.example/mcp\",\"name\":\"\\u001b[2JEvil\\u202e\","
	                       "\"protocol\":\"GRPC\",\"type\":\"ROOT\"}]}}",
	                       &d, msg, sizeof(msg)), 0);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.skipped, 5);
	assert_string_equal(d.items[0].url, "https://ok.example/mcp");
	assert_null(d.items[0].protocol);
	assert_null(d.items[0].type);
	assert_null(strchr(d.items[0].label, '\033'));
	assert_non_null(strstr(d.items[0].label, "\\e[2JEvil\\u202e"));
	ao_discovered_free(&d);
}

static void
test_shapes(void **state)
{
	struct ao_discovered d;
	char msg[256];
	char big[60000];
	size_t n = 0;
	int i;

	(void)state;
	assert_int_equal(parse("[1,2]", &d, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "not an object"));
	assert_int_equal(parse("{\"data\":{\"operator\":{}}}", &d, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "operator.agents"));
	assert_int_equal(parse("{\"operator\":{\"agents\":[]}}", &d, msg, sizeof(msg)), 0);
	assert_int_equal(d.count, 0);
	ao_discovered_free(&d);
	n += (size_t)snprintf(big + n, sizeof(big) - n, "{\"operator\":{\"agents\":[");
	for (i = 0; i < AO_DISCOVERED_MAX + 5; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%s{\"url\":\"https://a%d.example/\"}", i ? "," : "", i);
	snprintf(big + n, sizeof(big) - n, "]}}");
	assert_int_equal(parse(big, &d, msg, sizeof(msg)), 0);
	assert_int_equal(d.count, AO_DISCOVERED_MAX);
	assert_int_equal(d.cut, 1);
	assert_int_equal(d.skipped, 5);
	ao_discovered_free(&d);
	ao_discovered_free(NULL);
}

static void
test_domain_acceptable(void **state)
{
	char why[200];

	(void)state;
	assert_int_equal(ao_domain_acceptable("acme.example", why, sizeof(why)), 1);
	assert_int_equal(ao_domain_acceptable("127.0.0.1", why, sizeof(why)), 1);
	assert_int_equal(ao_domain_acceptable("xn--bcher-kva.example", why, sizeof(why)), 1);
	assert_int_equal(ao_domain_acceptable("", why, sizeof(why)), 0);
	assert_int_equal(ao_domain_acceptable("https://acme.example", why, sizeof(why)), 0);
	assert_non_null(strstr(why, "no scheme"));
	assert_int_equal(ao_domain_acceptable("acme.example:8080", why, sizeof(why)), 0);
	assert_int_equal(ao_domain_acceptable("acme example", why, sizeof(why)), 0);
	assert_int_equal(ao_domain_acceptable("b\xc3\xbc" "cher.example", why, sizeof(why)), 0);
	assert_non_null(strstr(why, "xn--"));
	assert_int_equal(ao_domain_acceptable("..", why, sizeof(why)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operator_then_publisher),
		cmocka_unit_test(test_hostile_entries),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_domain_acceptable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
