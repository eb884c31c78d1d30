/* SPDX-License-Identifier: MIT */
/* Test fixture: the API simulator started in-process on 127.0.0.1, port 0,
 * plain HTTP or HTTPS with a test CA made at run time (make-test-ca.sh), plus
 * a tiny libcurl helper and a poll-until helper.  Run tests from the repo
 * root (the CA script is found at tests/support/, or in $AO_TEST_SUPPORT_DIR).
 * Include it from tests/contract/ as "../support/sandbox_fixture.h".
 *
 *     struct ao_test_sandbox *t = ao_test_sandbox_start(AO_TEST_SANDBOX_TLS, NULL);
 *     assert_non_null(t);
 *     // t->url = "https://127.0.0.1:PORT", t->ca_file = the CA to trust,
 *     // t->api_key = the accepted platform key
 *     struct ao_test_response r;
 *     ao_test_http(t, "GET", "/api/v2/accounts/current", NULL, NULL, &r);
 *     assert_int_equal(r.status, 200);
 *     ao_test_response_free(&r);
 *     assert_int_equal(ao_sandbox_request_count(t->sandbox, "POST *"), 0);
 *     ao_test_sandbox_stop(t);
 */
#ifndef AO_TESTS_SANDBOX_FIXTURE_H
#define AO_TESTS_SANDBOX_FIXTURE_H

#include <cJSON.h>
#include <stddef.h>

#include "agent-onboard/sandbox/sandbox.h"

#define AO_TEST_SANDBOX_TLS 0x1u   /* serve HTTPS with a fresh test CA */

struct ao_test_sandbox {
	struct ao_sandbox *sandbox;
	const char *url;       /* base URL without trailing slash */
	const char *api_key;   /* AO_SANDBOX_DEMO_KEY */
	const char *ca_file;   /* the test CA (PEM) with TLS, else NULL */
	char dir[256];         /* private temp dir (CA files, scratch); removed by stop */
};

/* The options the fixture uses when given NULL: ao_sandbox_options_init()
 * with test timing: activate 50 ms after create, probe every 50 ms, never
 * disable, probe timeout 3 s, rate limit off.  Start from these and change
 * what a test needs (o.port = a port from an earlier run restarts on it);
 * host, TLS files and probe CA are always set by the fixture. */
void ao_test_sandbox_options(struct ao_sandbox_options *o);

/* Starts a simulator; NULL (and a message on stderr) on failure. */
struct ao_test_sandbox *ao_test_sandbox_start(unsigned flags, const struct ao_sandbox_options *o);
/* Stops it and removes the temp dir; NULL is fine. */
void ao_test_sandbox_stop(struct ao_test_sandbox *t);

/* cmocka setup/teardown for the common case: a fresh plain-HTTP simulator
 * with test timing in ao_test_sb for each test. */
extern struct ao_test_sandbox *ao_test_sb;
int ao_test_sandbox_setup(void **state);
int ao_test_sandbox_teardown(void **state);
/* t->url + path, newly allocated (free it). */
char *ao_test_sandbox_url(const struct ao_test_sandbox *t, const char *path);

struct ao_test_response {
	long status;           /* HTTP status, 0 when no response */
	int curl_code;         /* CURLcode of the transfer (0 = complete) */
	char *body;            /* never NULL after ao_test_http */
	size_t body_len;
	char *headers;         /* raw response header block */
	char error[256];       /* curl's error text */
};

/* One request with libcurl (verification on; the fixture's CA with TLS).
 * path is relative to t->url, or a full http(s) URL.  body may be NULL.
 * headers: extra "Name: value" lines, NULL-terminated, or NULL.  Sends
 * "Authorization: Bearer <t->api_key>" unless headers has an Authorization
 * line ("Authorization:" alone sends none); JSON bodies get Content-Type
 * application/json unless headers set one.  Returns r->curl_code. */
int ao_test_http(const struct ao_test_sandbox *t, const char *method, const char *path,
                 const char *const *headers, const char *body, struct ao_test_response *r);
/* Value of a response header (case-insensitive name) copied to out, or NULL. */
const char *ao_test_header(const struct ao_test_response *r, const char *name, char *out, size_t outsz);
void ao_test_response_free(struct ao_test_response *r);

/* ao_test_http + ao_test_json in one: returns the HTTP status (0 when the
 * transfer failed) and, when json is not NULL, the parsed body (or NULL). */
long ao_test_call(const struct ao_test_sandbox *t, const char *method, const char *path,
                  const char *body, cJSON **json);

/* r->body parsed as JSON, or NULL; free with cJSON_Delete. */
cJSON *ao_test_json(const struct ao_test_response *r);
/* The item at a dotted path ("data.status", "error.field",
 * "data.items.0.agentId"; numbers index arrays), or NULL. */
const cJSON *ao_test_json_item(const cJSON *root, const char *path);
/* Its string value, or NULL when absent or not a string. */
const char *ao_test_json_str(const cJSON *root, const char *path);

/* Polls cond(arg) every 10 ms until it returns non-zero or timeout_ms
 * passes; returns cond's last result. */
int ao_test_wait_until(int (*cond)(void *arg), void *arg, long timeout_ms);

#endif
