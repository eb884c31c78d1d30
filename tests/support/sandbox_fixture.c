/* SPDX-License-Identifier: MIT */
/* See sandbox_fixture.h. */
#include "sandbox_fixture.h"

#include <curl/curl.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/xalloc.h"

#define BODY_CAP (64L * 1024 * 1024)

void
ao_test_sandbox_options(struct ao_sandbox_options *o)
{
	ao_sandbox_options_init(o);
	o->activate_after_ms = 50;
	o->probe_interval_ms = 50;
	o->disable_after_ms = 0;
	o->probe_timeout_ms = 3000;
	o->rate_limit = 0;
}

static int
run_make_ca(const char *dir)
{
	const char *support = getenv("AO_TEST_SUPPORT_DIR");
	char *cmd;
	int rc;

	if (support == NULL || *support == '\0')
		support = "tests/support";
	cmd = xasprintf("sh '%s/make-test-ca.sh' '%s'", support, dir);
	rc = system(cmd);
	free(cmd);
	return (rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0) ? 0 : -1;
}

static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

struct ao_test_sandbox *
ao_test_sandbox_start(unsigned flags, const struct ao_sandbox_options *o)
{
	struct ao_test_sandbox *t = xcalloc(1, sizeof(*t));
	struct ao_sandbox_options opt;
	char err[512] = "";
	char cert[300], key[300], ca[300];
	const char *tmp = getenv("TMPDIR");

	/* Writes to a connection the client already closed must not kill the
	 * test (the fault tests close connections on purpose). */
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);

	snprintf(t->dir, sizeof(t->dir), "%s/ao-sandbox-test.XXXXXX",
	         (tmp != NULL && *tmp != '\0') ? tmp : "/tmp");
	if (mkdtemp(t->dir) == NULL) {
		fprintf(stderr, "sandbox fixture: mkdtemp: %s\n", strerror(errno));
		t->dir[0] = '\0';
		goto fail;
	}
	if (o != NULL)
		opt = *o;
	else
		ao_test_sandbox_options(&opt);
	opt.host = "127.0.0.1";
	opt.tls_cert_file = NULL;
	opt.tls_key_file = NULL;
	if (flags & AO_TEST_SANDBOX_TLS) {
		if (run_make_ca(t->dir) != 0) {
			fprintf(stderr, "sandbox fixture: make-test-ca.sh failed in %s\n", t->dir);
			goto fail;
		}
		snprintf(cert, sizeof(cert), "%s/server.crt", t->dir);
		snprintf(key, sizeof(key), "%s/server.key", t->dir);
		snprintf(ca, sizeof(ca), "%s/ca.crt", t->dir);
		opt.tls_cert_file = cert;
		opt.tls_key_file = key;
		opt.probe_ca_file = ca;
		t->ca_file = xstrdup(ca);
	}
	t->sandbox = ao_sandbox_start(&opt, err, sizeof(err));
	if (t->sandbox == NULL) {
		fprintf(stderr, "sandbox fixture: %s\n", err);
		goto fail;
	}
	t->url = ao_sandbox_url(t->sandbox);
	t->api_key = AO_SANDBOX_DEMO_KEY;
	return t;
fail:
	ao_test_sandbox_stop(t);
	return NULL;
}

void
ao_test_sandbox_stop(struct ao_test_sandbox *t)
{
	if (t == NULL)
		return;
	ao_sandbox_stop(t->sandbox);
	if (t->dir[0] != '\0')
		nftw(t->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free((char *)t->ca_file);
	free(t);
}

char *
ao_test_sandbox_url(const struct ao_test_sandbox *t, const char *path)
{
	return xasprintf("%s%s", t->url, path);
}

struct sink {
	char *data;
	size_t len;
	int over;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t add = size * n;

	if (s->len + add > (size_t)BODY_CAP) {
		s->over = 1;
		return 0;
	}
	s->data = xrealloc(s->data, s->len + add + 1);
	memcpy(s->data + s->len, p, add);
	s->len += add;
	s->data[s->len] = '\0';
	return add;
}

static int
has_header(const char *const *headers, const char *name)
{
	size_t n = strlen(name);

	for (; headers != NULL && *headers != NULL; headers++)
		if (strncasecmp(*headers, name, n) == 0 && (*headers)[n] == ':')
			return 1;
	return 0;
}

int
ao_test_http(const struct ao_test_sandbox *t, const char *method, const char *path,
                 const char *const *headers, const char *body, struct ao_test_response *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *list = NULL;
	struct sink b = {0}, h = {0};
	char *url = NULL, *auth = NULL;
	const char *const *hp;

	memset(r, 0, sizeof(*r));
	if (c == NULL) {
		r->curl_code = CURLE_FAILED_INIT;
		goto out;
	}
	url = strncmp(path, "http", 4) == 0 ? xstrdup(path) : ao_test_sandbox_url(t, path);
	if (!has_header(headers, "Authorization")) {
		auth = xasprintf("Authorization: Bearer %s", t->api_key);
		list = curl_slist_append(list, auth);
	}
	if (body != NULL && !has_header(headers, "Content-Type"))
		list = curl_slist_append(list, "Content-Type: application/json");
	/* libcurl adds "Expect: 100-continue" to large bodies; the simulator
	 * handles it, but tests are simpler without the extra round trip. */
	if (!has_header(headers, "Expect"))
		list = curl_slist_append(list, "Expect:");
	for (hp = headers; hp != NULL && *hp != NULL; hp++)
		list = curl_slist_append(list, *hp);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->error);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 15000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (t->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, t->ca_file);
	r->curl_code = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
out:
	r->body = b.data != NULL ? b.data : xstrdup("");
	r->body_len = b.len;
	r->headers = h.data != NULL ? h.data : xstrdup("");
	curl_slist_free_all(list);
	if (c != NULL)
		curl_easy_cleanup(c);
	free(url);
	free(auth);
	return r->curl_code;
}

const char *
ao_test_header(const struct ao_test_response *r, const char *name, char *out, size_t outsz)
{
	const char *p = r->headers;
	size_t n = strlen(name);

	while (p != NULL && *p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t linelen = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (linelen > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			size_t vlen;

			while (*v == ' ' || *v == '\t')
				v++;
			vlen = linelen - (size_t)(v - p);
			while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == ' '))
				vlen--;
			if (vlen >= outsz)
				vlen = outsz - 1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return out;
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	return NULL;
}

void
ao_test_response_free(struct ao_test_response *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r->headers);
	r->body = r->headers = NULL;
}

int
ao_test_wait_until(int (*cond)(void *arg), void *arg, long timeout_ms)
{
	struct timespec start, now, pause = {0, 10 * 1000 * 1000};
	int v;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		v = cond(arg);
		if (v)
			return v;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L >= timeout_ms)
			return v;
		nanosleep(&pause, NULL);
	}
}

cJSON *
ao_test_json(const struct ao_test_response *r)
{
	return r->body != NULL ? cJSON_ParseWithLength(r->body, r->body_len) : NULL;
}

const cJSON *
ao_test_json_item(const cJSON *root, const char *path)
{
	const cJSON *cur = root;
	const char *p = path;

	while (cur != NULL && *p != '\0') {
		char part[128];
		size_t n = strcspn(p, ".");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, p, n);
		part[n] = '\0';
		if (cJSON_IsArray(cur) && part[0] >= '0' && part[0] <= '9')
			cur = cJSON_GetArrayItem(cur, atoi(part));
		else
			cur = cJSON_GetObjectItemCaseSensitive(cur, part);
		p += n;
		if (*p == '.')
			p++;
	}
	return cur;
}

const char *
ao_test_json_str(const cJSON *root, const char *path)
{
	const cJSON *v = ao_test_json_item(root, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

long
ao_test_call(const struct ao_test_sandbox *t, const char *method, const char *path, const char *body,
             cJSON **json)
{
	struct ao_test_response r;
	long status;

	ao_test_http(t, method, path, NULL, body, &r);
	status = r.curl_code == 0 ? r.status : 0;
	if (json != NULL)
		*json = ao_test_json(&r);
	ao_test_response_free(&r);
	return status;
}

struct ao_test_sandbox *ao_test_sb;

int
ao_test_sandbox_setup(void **state)
{
	(void)state;
	ao_test_sb = ao_test_sandbox_start(0, NULL);
	return ao_test_sb != NULL ? 0 : -1;
}

int
ao_test_sandbox_teardown(void **state)
{
	(void)state;
	ao_test_sandbox_stop(ao_test_sb);
	ao_test_sb = NULL;
	return 0;
}
