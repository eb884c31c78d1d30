/* SPDX-License-Identifier: MIT */
/* Contract test: bad requests get clean 4xx answers and never hurt the
 * simulator: malformed JSON, non-object bodies, NUL bytes, deep nesting,
 * huge bodies (by Content-Length and chunked), wrong content types, wrong
 * methods, path traversal and odd ids, garbage on a raw socket, clients that
 * hang up mid-request, and many requests at once.  After each, /health must
 * still answer.  Run under ASan (make asan) to catch memory errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "agent-onboard/core/xalloc.h"
#include "../support/sandbox_fixture.h"
#include "../../src/sandbox/conn_guard.h"

#define SOURCES "/api/v2/storefront/inventory-sources"


static void
still_healthy(void)
{
	assert_int_equal(ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL), 200);
}

/* An error reply in the envelope with this status. */
static void
expect_error(const char *method, const char *path, const char *const *headers, const char *body, long status)
{
	struct ao_test_response r;
	cJSON *j;

	ao_test_http(ao_test_sb, method, path, headers, body, &r);
	if (r.status != status)
		print_error("%s %.60s -> %ld (curl %d), wanted %ld\n", method, path, r.status, r.curl_code, status);
	assert_int_equal(r.status, status);
	j = ao_test_json(&r);
	assert_non_null(j);
	assert_true(cJSON_IsNull(ao_test_json_item(j, "data")));
	assert_non_null(ao_test_json_str(j, "error.code"));
	assert_non_null(ao_test_json_str(j, "error.message"));
	cJSON_Delete(j);
	ao_test_response_free(&r);
}

static void
test_malformed_bodies(void **state)
{
	const char *text_plain[] = {"Content-Type: text/plain", NULL};
	const char *form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	char *deep;
	size_t i, n = 5000;

	(void)state;
	expect_error("POST", SOURCES, NULL, "{\"name\":", 400);
	expect_error("POST", SOURCES, NULL, "{\"name\":\"x\",}", 400);
	expect_error("POST", SOURCES, NULL, "not json at all", 400);
	expect_error("POST", SOURCES, NULL, "[1,2,3]", 400);
	expect_error("POST", SOURCES, NULL, "\"a string\"", 400);
	expect_error("POST", SOURCES, NULL, "null", 400);
	expect_error("POST", SOURCES, NULL, "", 400);
	expect_error("POST", SOURCES, NULL, "{} trailing", 400);
	expect_error("POST", SOURCES, NULL, "{\"name\":123,\"type\":[],\"endpointUrl\":{},\"protocol\":null,"
	             "\"authenticationType\":true,\"auth\":7,\"description\":1.5}", 400);
	expect_error("POST", SOURCES, text_plain, "{\"name\":\"x\"}", 415);
	expect_error("POST", SOURCES, form, "name=x", 415);
	expect_error("PATCH", "/api/v2/partner/agents/x_1", NULL, "{", 404);
	expect_error("POST", "/api/v2/partner/agents", NULL, "{\"partnerId\":{\"$gt\":\"\"}}", 400);
	/* nesting far deeper than any parser limit */
	deep = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[2 * n - 1 - i] = ']';
	}
	deep[2 * n] = '\0';
	expect_error("POST", SOURCES, NULL, deep, 400);
	free(deep);
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 0);
	still_healthy();
}

static void
test_nul_byte_in_body(void **state)
{
	static const char req[] = "POST " SOURCES " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " AO_SANDBOX_DEMO_KEY
	                          "\r\nContent-Type: application/json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n"
	                          "{\"name\":\"a\0b\"}";
	char reply[4096];
	int fd;
	struct sockaddr_in sa;
	ssize_t n, got = 0;
	struct timeval tv = {10, 0};

	(void)state;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)ao_sandbox_port(ao_test_sb->sandbox));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_int_equal(write(fd, req, sizeof(req) - 1), (ssize_t)sizeof(req) - 1);
	while ((n = read(fd, reply + got, sizeof(reply) - 1 - (size_t)got)) > 0)
		got += n;
	reply[got] = '\0';
	close(fd);
	assert_memory_equal(reply, "HTTP/1.1 400", 12);
	still_healthy();
}

/* U+0000 written as \u0000 in a name: refused, not stored cut short at it
 * (an escaped backslash before "u0000" is ordinary text and accepted). */
static void
test_escaped_nul_in_a_name(void **state)
{
	char *b;
	struct ao_test_response r;

	(void)state;
	b = xasprintf("{\"name\":\"Acme\\u0000Evil\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
	              "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", ao_test_sb->url);
	expect_error("POST", SOURCES, NULL, b, 400);
	free(b);
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 0);
	b = xasprintf("{\"name\":\"back\\\\u0000slash\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
	              "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", ao_test_sb->url);
	ao_test_http(ao_test_sb, "POST", SOURCES, NULL, b, &r);
	assert_int_equal(r.status, 201);
	ao_test_response_free(&r);
	free(b);
	still_healthy();
}

static int
connect_local(void)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)ao_sandbox_port(ao_test_sb->sandbox));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Whether the server closed fd, waiting at most ms for it to say so. */
static int
closed_by_server(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char c;

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

/* A client sending a header one byte at a time resets any idle timeout;
 * the guard's total receive limit (shortened to 1 s here) still closes the
 * connection, the request never reaches a handler, and others are served. */
static void
test_trickle_cannot_hold_a_connection(void **state)
{
	static const char start[] = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
	int fd, i, closed = 0;

	setenv("AO_SANDBOX_RECEIVE_TIMEOUT", "1", 1);
	assert_int_equal(ao_test_sandbox_setup(state), 0);
	fd = connect_local();
	assert_int_equal(send(fd, start, sizeof(start) - 1, MSG_NOSIGNAL), (ssize_t)sizeof(start) - 1);
	/* a byte every 100 ms; 600 of them is only a ceiling against a hang */
	for (i = 0; i < 600 && !closed; i++)
		closed = send(fd, "x", 1, MSG_NOSIGNAL) != 1 || closed_by_server(fd, 100);
	close(fd);
	assert_true(closed);
	assert_int_equal(ao_sandbox_request_count(ao_test_sb->sandbox, "GET /health"), 0);
	still_healthy();
	unsetenv("AO_SANDBOX_RECEIVE_TIMEOUT");
	ao_test_sandbox_teardown(state);
}

/* One client holding idle connections gets SB_PER_CLIENT_CONNECTIONS of
 * them; the ones past that are closed at once, and once it lets go the
 * server answers again. */
static void
test_connections_per_client_are_capped(void **state)
{
	int fds[SB_PER_CLIENT_CONNECTIONS + 4], n, refused = 0, i;

	(void)state;
	for (n = 0; n < SB_PER_CLIENT_CONNECTIONS + 4; n++)
		fds[n] = connect_local();
	for (n = SB_PER_CLIENT_CONNECTIONS; n < SB_PER_CLIENT_CONNECTIONS + 4; n++)
		refused += closed_by_server(fds[n], 10000);   /* a ceiling, not a timing */
	assert_int_equal(refused, 4);
	assert_false(closed_by_server(fds[0], 0));   /* those within the cap stay open */
	for (n = 0; n < SB_PER_CLIENT_CONNECTIONS + 4; n++)
		close(fds[n]);
	/* the server notices the closes on its own schedule: poll, with a ceiling */
	for (i = 0; i < 200 && ao_test_call(ao_test_sb, "GET", "/health", NULL, NULL) != 200; i++)
		poll(NULL, 0, 50);
	still_healthy();
}

static void
test_huge_bodies(void **state)
{
	size_t n = AO_SANDBOX_MAX_BODY + 100;
	char *big = xmalloc(n + 1);
	const char *chunked[] = {"Transfer-Encoding: chunked", NULL};
	struct ao_test_response r;

	(void)state;
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	/* announced by Content-Length: refused before it is read */
	ao_test_http(ao_test_sb, "POST", SOURCES, NULL, big, &r);
	assert_int_equal(r.status, 413);
	ao_test_response_free(&r);
	/* chunked, no length: read up to the cap, then refused */
	ao_test_http(ao_test_sb, "POST", SOURCES, chunked, big, &r);
	assert_true(r.status == 413 || r.curl_code != 0);
	ao_test_response_free(&r);
	free(big);
	/* a huge header block is refused by the HTTP layer */
	{
		char *h = xmalloc(100 * 1024);
		const char *hs[] = {h, NULL};

		memcpy(h, "X-Big: ", 7);
		memset(h + 7, 'a', 100 * 1024 - 8);
		h[100 * 1024 - 1] = '\0';
		ao_test_http(ao_test_sb, "GET", "/health", hs, NULL, &r);
		assert_true(r.status >= 400 || r.curl_code != 0);
		ao_test_response_free(&r);
		free(h);
	}
	still_healthy();
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 0);
}

static void
test_wrong_methods(void **state)
{
	struct ao_test_response r;
	char allow[64];

	(void)state;
	ao_test_http(ao_test_sb, "PATCH", SOURCES, NULL, "{}", &r);
	assert_int_equal(r.status, 405);
	assert_non_null(ao_test_header(&r, "Allow", allow, sizeof(allow)));
	assert_non_null(strstr(allow, "GET"));
	assert_non_null(strstr(allow, "POST"));
	ao_test_response_free(&r);
	expect_error("DELETE", "/api/v2/partner/agents", NULL, NULL, 405);
	expect_error("PUT", "/api/v2/partner/agents/abc_12345678", NULL, "{}", 405);
	expect_error("POST", "/health", NULL, "{}", 405);
	expect_error("GET", "/api/v2/partner/agents/abc/oauth/authorize", NULL, NULL, 405);
	expect_error("BREW", "/health", NULL, NULL, 405);
	expect_error("GET", "/api/v3/storefront/inventory-sources", NULL, NULL, 404);
	expect_error("GET", "/nothing/here", NULL, NULL, 404);
	still_healthy();
}

static void
test_odd_ids_and_traversal(void **state)
{
	const char *paths[] = {
		SOURCES "/..",
		SOURCES "/.",
		SOURCES "/..%2F..%2Fetc%2Fpasswd",
		SOURCES "/%2e%2e",
		SOURCES "/a%00b",
		SOURCES "/%ff%fe",
		SOURCES "/" "x%20y",
		SOURCES "/<script>",
		"/api/v2/partner/agents/..",
		"/api/v2/partner/agents/%2e%2e%2f",
		NULL,
	};
	size_t i;
	struct ao_test_response r;
	char *longid;

	(void)state;
	for (i = 0; paths[i] != NULL; i++) {
		ao_test_http(ao_test_sb, "GET", paths[i], NULL, NULL, &r);
		if (r.status != 404 && r.status != 400)
			print_error("GET %s -> %ld\n", paths[i], r.status);
		assert_true(r.status == 404 || r.status == 400);
		assert_null(strstr(r.body, "root:"));
		ao_test_response_free(&r);
		ao_test_http(ao_test_sb, "DELETE", paths[i], NULL, NULL, &r);
		assert_true(r.status == 404 || r.status == 400 || r.status == 405);
		ao_test_response_free(&r);
	}
	/* a very long id */
	longid = xmalloc(5000);
	memset(longid, 'a', 4999);
	longid[4999] = '\0';
	{
		char *p = xasprintf(SOURCES "/%s", longid);

		ao_test_http(ao_test_sb, "GET", p, NULL, NULL, &r);
		assert_true(r.status == 404 || r.status == 414 || r.status == 431);
		ao_test_response_free(&r);
		free(p);
	}
	free(longid);
	still_healthy();
}

static int
raw_exchange(const char *req, size_t len, char *reply, size_t replysz)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	struct timeval tv = {10, 0};
	ssize_t n, got = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)ao_sandbox_port(ao_test_sb->sandbox));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (len > 0 && write(fd, req, len) < 0) {
		close(fd);
		return -1;
	}
	shutdown(fd, SHUT_WR);
	while (got < (ssize_t)replysz - 1 && (n = read(fd, reply + got, replysz - 1 - (size_t)got)) > 0)
		got += n;
	reply[got] = '\0';
	close(fd);
	return (int)got;
}

static void
test_garbage_on_the_socket(void **state)
{
	static const char *const garbage[] = {
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",       /* a TLS hello to a plain port */
		"GET\r\n\r\n",
		"GET / HTTP/9.9\r\n\r\n",
		"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
		"POST " SOURCES " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"",
		"POST " SOURCES " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"GET /health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
		"\r\n\r\n\r\n",
		"",
	};
	char reply[8192];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		int n = raw_exchange(garbage[i], strlen(garbage[i]), reply, sizeof(reply));

		/* either a clean 4xx/5xx or a closed connection, never a crash or a hang */
		if (n > 0)
			assert_memory_equal(reply, "HTTP/1.", 7);
		still_healthy();
	}
}

static void *
hammer(void *arg)
{
	long ok = 0;
	int i;

	(void)arg;
	for (i = 0; i < 20; i++) {
		char *b = xasprintf("{\"name\":\"n\",\"type\":\"SALES\",\"endpointUrl\":\"%s/demo/mcp-open\","
		                    "\"protocol\":\"MCP\",\"authenticationType\":\"NO_AUTH\"}", ao_test_sb->url);
		long st = ao_test_call(ao_test_sb, i % 2 ? "GET" : "POST", i % 2 ? SOURCES : SOURCES, i % 2 ? NULL : b, NULL);

		ok += st == 200 || st == 201 || st == 409;
		free(b);
	}
	return (void *)ok;
}

static void
test_concurrent_clients(void **state)
{
	pthread_t th[8];
	void *ok;
	long total = 0;
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, hammer, NULL), 0);
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], &ok);
		total += (long)ok;
	}
	assert_int_equal(total, 160);
	/* the same sourceId from 80 creates: exactly one exists */
	assert_int_equal(ao_sandbox_source_count(ao_test_sb->sandbox), 1);
	assert_int_equal(ao_sandbox_request_count(ao_test_sb->sandbox, "POST " SOURCES), 80);
	still_healthy();
}

struct slow_client {
	struct ao_test_sandbox view;   /* a copy: the fixture's is freed by stop */
	char url[64];
	long status;
};

static void *
slow_request(void *arg)
{
	struct slow_client *c = arg;

	c->status = ao_test_call(&c->view, "GET", "/health", NULL, NULL);
	return NULL;
}

static int
request_arrived(void *arg)
{
	return ao_sandbox_request_count(arg, "*") > 0;
}

static void
test_stop_with_a_slow_request_in_flight(void **state)
{
	struct ao_test_sandbox *t;
	struct slow_client c;
	struct timeval a, b;
	char err[128];
	pthread_t th;

	(void)state;
	t = ao_test_sandbox_start(0, NULL);
	assert_non_null(t);
	assert_int_equal(ao_sandbox_add_fault(t->sandbox, "*:latency=600000", err, sizeof(err)), 0);
	memset(&c, 0, sizeof(c));
	c.view = *t;
	snprintf(c.url, sizeof(c.url), "%s", t->url);
	c.view.url = c.url;
	c.view.sandbox = NULL;
	assert_int_equal(pthread_create(&th, NULL, slow_request, &c), 0);
	assert_true(ao_test_wait_until(request_arrived, t->sandbox, 5000));
	/* a request stuck in a 10-minute latency fault must not hold up stop */
	gettimeofday(&a, NULL);
	ao_test_sandbox_stop(t);
	gettimeofday(&b, NULL);
	pthread_join(th, NULL);
	assert_true((b.tv_sec - a.tv_sec) * 1000 + (b.tv_usec - a.tv_usec) / 1000 < 5000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_malformed_bodies, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_in_body, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_huge_bodies, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_escaped_nul_in_a_name, ao_test_sandbox_setup,
		                                ao_test_sandbox_teardown),
		cmocka_unit_test(test_trickle_cannot_hold_a_connection),
		cmocka_unit_test_setup_teardown(test_connections_per_client_are_capped, ao_test_sandbox_setup,
		                                ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_methods, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_odd_ids_and_traversal, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_garbage_on_the_socket, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_clients, ao_test_sandbox_setup, ao_test_sandbox_teardown),
		cmocka_unit_test(test_stop_with_a_slow_request_in_flight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
