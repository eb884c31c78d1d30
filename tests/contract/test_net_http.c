/* SPDX-License-Identifier: MIT */
/* The HTTP engine against a tiny scripted HTTP/1.1 server on 127.0.0.1 (one
 * canned answer per connection), for what the simulator cannot show: the
 * exact request bytes (User-Agent, Authorization, no Expect), headers we
 * capture, a redirect that must not be followed, chunked bodies over the
 * cap, a connection dropped after the request, and the total timeout. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/http.h"
#include "agent-onboard/net/loop.h"

enum reply_mode {
	REPLY_CANNED,      /* write `reply` and close */
	REPLY_DROP,        /* read the request, close without answering */
	REPLY_SILENT,      /* read the request, never answer (until the client leaves) */
};

struct raw_server {
	int fd;
	int port;
	pthread_t thread;
	enum reply_mode mode;
	const char *reply;         /* the canned answer */
	size_t reply_len;
	struct ao_buf request;     /* the last request, as received */
	int connections;
};

/* Reads one request: the head, then Content-Length bytes of body. */
static void read_request(int c, struct ao_buf *req)
{
	char buf[4096];
	ssize_t n;

	ao_buf_reset(req);
	for (;;) {
		struct pollfd p = { .fd = c, .events = POLLIN };
		if (poll(&p, 1, 3000) <= 0)
			return;
		n = read(c, buf, sizeof(buf));
		if (n <= 0)
			return;
		ao_buf_append(req, buf, (size_t)n);
		char *end = strstr(req->data, "\r\n\r\n");
		if (!end)
			continue;
		const char *cl = strcasestr(req->data, "\r\nContent-Length:");
		size_t want = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
		if (req->len >= (size_t)(end + 4 - req->data) + want)
			return;
	}
}

static void *serve(void *arg)
{
	struct raw_server *s = arg;

	for (;;) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		if (poll(&p, 1, 5000) <= 0)
			return NULL;
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			return NULL;
		s->connections++;
		read_request(c, &s->request);
		if (s->mode == REPLY_CANNED) {
			size_t off = 0;
			while (off < s->reply_len) {
				ssize_t w = send(c, s->reply + off, s->reply_len - off, MSG_NOSIGNAL);
				if (w <= 0)
					break;
				off += (size_t)w;
			}
		} else if (s->mode == REPLY_SILENT) {
			char junk[256];
			struct pollfd q = { .fd = c, .events = POLLIN };
			while (poll(&q, 1, 5000) > 0 && read(c, junk, sizeof(junk)) > 0)
				;
		}
		shutdown(c, SHUT_RDWR);
		close(c);
	}
}

static struct raw_server *raw_start(enum reply_mode mode, const char *reply, size_t reply_len)
{
	struct raw_server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int one = 1;

	s->mode = mode;
	s->reply = reply;
	s->reply_len = reply ? (reply_len ? reply_len : strlen(reply)) : 0;
	ao_buf_init(&s->request, 0);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(s->fd, 4), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&sa, &len), 0);
	s->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
	return s;
}

static void raw_stop(struct raw_server *s)
{
	shutdown(s->fd, SHUT_RDWR);
	close(s->fd);
	pthread_join(s->thread, NULL);
	ao_buf_free(&s->request);
	free(s);
}

struct outcome {
	int done;
};

static void on_done(struct ao_http *req, void *arg)
{
	(void)req;
	((struct outcome *)arg)->done = 1;
}

/* Runs req to completion on loop; returns it (still owned by the caller). */
static struct ao_http *run(struct ao_loop *loop, struct ao_http *req)
{
	struct outcome o = { 0 };
	double start = ao_now();

	assert_int_equal(ao_http_start(req, on_done, &o), AO_OK);
	while (!o.done && ao_now() - start < 10)
		assert_int_equal(ao_loop_run_once(loop, 0.1), 0);
	assert_true(o.done);
	return req;
}

static char *url_for(const struct raw_server *s, const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", s->port, path);
}

static void test_request_bytes_and_captured_headers(void **state)
{
	(void)state;
	static const char reply[] =
		"HTTP/1.1 200 OK\r\n"
		"Content-Type: application/json\r\n"
		"RateLimit-Limit: 100\r\n"
		"RateLimit-Remaining: 7\r\n"
		"RateLimit-Reset: 30\r\n"
		"Retry-After: 2\r\n"
		"WWW-Authenticate: Bearer realm=\"x\"\r\n"
		"Content-Length: 11\r\n"
		"Connection: close\r\n\r\n"
		"{\"ok\":true}";
	struct raw_server *s = raw_start(REPLY_CANNED, reply, 0);
	struct ao_loop *loop = ao_loop_new();
	char *url = url_for(s, "/api/v2/x");
	struct ao_http *req = ao_http_new(loop, AO_HTTP_PATCH, url, NULL);

	ao_http_add_header(req, "Accept", "application/json");
	ao_http_set_bearer(req, "tok-123");
	ao_http_set_body(req, "application/json", "{\"status\":\"ACTIVE\"}", 19, 0);
	run(loop, req);

	assert_int_equal(req->status, AO_OK);
	assert_int_equal(req->http_status, 200);
	assert_string_equal(req->body.data, "{\"ok\":true}");
	assert_string_equal(req->content_type, "application/json");
	assert_string_equal(req->www_authenticate, "Bearer realm=\"x\"");
	assert_int_equal(req->rate.remaining, 7);
	assert_true(req->rate.reset == 30);
	assert_true(req->rate.retry_after == 2);
	assert_int_equal(req->rate.limit, 100);
	assert_true(req->sent);
	assert_true(req->upload_done);
	assert_true(req->elapsed > 0);

	const char *r = s->request.data;
	assert_non_null(r);
	assert_true(strncmp(r, "PATCH /api/v2/x HTTP/1.1\r\n", 26) == 0);
	assert_non_null(strstr(r, "\r\nUser-Agent: agent-onboard/" AO_VERSION "\r\n"));
	assert_non_null(strstr(r, "\r\nAuthorization: Bearer tok-123\r\n"));
	assert_non_null(strstr(r, "\r\nContent-Type: application/json\r\n"));
	assert_non_null(strstr(r, "\r\nAccept: application/json\r\n"));
	assert_null(strcasestr(r, "Expect:"));
	assert_non_null(strstr(r, "\r\n\r\n{\"status\":\"ACTIVE\"}"));

	ao_http_free(req);
	free(url);
	ao_loop_free(loop);
	raw_stop(s);
}

static void test_redirect_is_not_followed(void **state)
{
	(void)state;
	static const char reply[] = "HTTP/1.1 302 Found\r\n"
	                            "Location: http://evil.example/steal\r\n"
	                            "Content-Length: 0\r\nConnection: close\r\n\r\n";
	struct raw_server *s = raw_start(REPLY_CANNED, reply, 0);
	struct ao_loop *loop = ao_loop_new();
	char *url = url_for(s, "/api");
	struct ao_http *req = run(loop, ao_http_new(loop, AO_HTTP_GET, url, NULL));

	assert_int_equal(req->status, AO_ERR_NETWORK);
	assert_int_equal(req->http_status, 302);
	assert_non_null(strstr(req->error, "http://evil.example/steal"));
	assert_non_null(strstr(req->error, "redirect"));
	assert_int_equal(s->connections, 1);
	ao_http_free(req);
	free(url);
	ao_loop_free(loop);
	raw_stop(s);
}

/* A chunked body has no Content-Length: the cap must stop it while it
 * streams in. */
static char *chunked_reply(size_t total)
{
	struct ao_buf b;

	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	                   "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
	char chunk[8192];
	memset(chunk, 'a', sizeof(chunk));
	for (size_t sent = 0; sent < total; sent += sizeof(chunk)) {
		ao_buf_appendf(&b, "%zx\r\n", sizeof(chunk));
		ao_buf_append(&b, chunk, sizeof(chunk));
		ao_buf_append(&b, "\r\n", 2);
	}
	ao_buf_appendf(&b, "0\r\n\r\n");
	return ao_buf_steal(&b);
}

static void test_chunked_body_over_cap(void **state)
{
	(void)state;
	char *reply = chunked_reply(2u * 1024 * 1024);
	struct raw_server *s = raw_start(REPLY_CANNED, reply, 0);
	struct ao_loop *loop = ao_loop_new();
	char *url = url_for(s, "/big");
	struct ao_http *req = run(loop, ao_http_new(loop, AO_HTTP_GET, url, NULL));

	assert_int_equal(req->status, AO_ERR_TOO_LARGE);
	assert_non_null(strstr(req->error, "larger than"));
	assert_true(req->body.len <= AO_HTTP_BODY_LIMIT);
	ao_http_free(req);
	free(url);
	free(reply);
	ao_loop_free(loop);
	raw_stop(s);
}

static void test_body_cap_boundary(void **state)
{
	(void)state;
	static const struct {
		const char *reply;
		enum ao_status expect;
	} cases[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Length: 16\r\nConnection: close\r\n\r\n0123456789abcdef",
		  AO_OK },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 17\r\nConnection: close\r\n\r\n0123456789abcdefg",
		  AO_ERR_TOO_LARGE },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
		  "11\r\n0123456789abcdefg\r\n0\r\n\r\n",
		  AO_ERR_TOO_LARGE },
		{ NULL, AO_OK },
	};
	struct ao_http_opts opts = { .body_limit = 16 };

	for (size_t i = 0; cases[i].reply; i++) {
		struct raw_server *s = raw_start(REPLY_CANNED, cases[i].reply, 0);
		struct ao_loop *loop = ao_loop_new();
		char *url = url_for(s, "/");
		struct ao_http *req = run(loop, ao_http_new(loop, AO_HTTP_GET, url, &opts));
		assert_int_equal(req->status, cases[i].expect);
		ao_http_free(req);
		free(url);
		ao_loop_free(loop);
		raw_stop(s);
	}
}

static void test_drop_after_request_is_ambiguous(void **state)
{
	(void)state;
	struct raw_server *s = raw_start(REPLY_DROP, NULL, 0);
	struct ao_loop *loop = ao_loop_new();
	char *url = url_for(s, "/create");
	struct ao_http *req = ao_http_new(loop, AO_HTTP_POST, url, NULL);

	ao_http_set_body(req, "application/json", "{\"name\":\"x\"}", 12, 1);
	run(loop, req);
	assert_int_equal(req->status, AO_ERR_NETWORK);
	assert_int_equal(req->http_status, 0);
	assert_true(req->sent);
	assert_non_null(strstr(req->error, "closed"));
	assert_non_null(strstr(s->request.data, "{\"name\":\"x\"}"));
	ao_http_free(req);
	free(url);
	ao_loop_free(loop);
	raw_stop(s);
}

static void test_total_timeout(void **state)
{
	(void)state;
	struct raw_server *s = raw_start(REPLY_SILENT, NULL, 0);
	struct ao_loop *loop = ao_loop_new();
	char *url = url_for(s, "/slow");
	struct ao_http_opts opts = { .timeout_ms = 200 };
	double start = ao_now();
	struct ao_http *req = run(loop, ao_http_new(loop, AO_HTTP_GET, url, &opts));
	double took = ao_now() - start;

	assert_int_equal(req->status, AO_ERR_TIMEOUT);
	assert_true(req->sent);
	assert_non_null(strstr(req->error, "did not answer"));
	/* the server never answers: only the 200 ms limit ends it; the upper
	 * bound is a ceiling against hangs, not a speed test */
	assert_true(took >= 0.19);
	assert_true(took < 10.0);
	ao_http_free(req);
	free(url);
	ao_loop_free(loop);
	raw_stop(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_bytes_and_captured_headers),
		cmocka_unit_test(test_redirect_is_not_followed),
		cmocka_unit_test(test_chunked_body_over_cap),
		cmocka_unit_test(test_body_cap_boundary),
		cmocka_unit_test(test_drop_after_request_is_ambiguous),
		cmocka_unit_test(test_total_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
