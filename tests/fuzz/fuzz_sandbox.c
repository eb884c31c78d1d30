/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the simulator's request handling — routing, JSON body
 * parsing and every validation rule — through real HTTP to an in-process
 * simulator (its handlers need a live libmicrohttpd connection).  The first
 * byte picks the route, a path suffix up to the first newline becomes the
 * id, the rest is the body. */
// fuzz-sources: src/sandbox/*.c src/net/*.c src/sys/*.c src/crypto/*.c
// fuzz-libs: libmicrohttpd libcurl libcrypto
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent-onboard/core/request.h"
#include "agent-onboard/sandbox/sandbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ao_sandbox *sandbox;
static CURL *easy;
static struct curl_slist *headers;

static const struct { const char *method, *path; } routes[] = {
	{ "POST", "/api/v2/storefront/inventory-sources" },
	{ "GET", "/api/v2/storefront/inventory-sources/" },
	{ "PUT", "/api/v2/storefront/inventory-sources/" },
	{ "DELETE", "/api/v2/storefront/inventory-sources/" },
	{ "POST", "/api/v2/partner/agents" },
	{ "PATCH", "/api/v2/partner/agents/" },
	{ "POST", "/api/v2/partner/partners" },
	{ "GET", "/api/v2/storefront/discover-agents?domain=" },
	{ "POST", "/demo/mcp" },
	{ "POST", "/demo/a2a" },
	{ "GET", "/" },
};

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ao_sandbox_options o;
	char err[256];

	(void)argc;
	(void)argv;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ao_sandbox_options_init(&o);
	o.rate_limit = 0;
	o.activate_after_ms = 3600 * 1000;   /* no probing while fuzzing */
	sandbox = ao_sandbox_start(&o, err, sizeof(err));
	if (sandbox == NULL) {
		fprintf(stderr, "fuzz_sandbox: %s\n", err);
		abort();
	}
	easy = curl_easy_init();
	headers = curl_slist_append(NULL, "Authorization: Bearer " AO_SANDBOX_DEMO_KEY);
	headers = curl_slist_append(headers, "Content-Type: application/json");
	headers = curl_slist_append(headers, "Expect:");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl, *body;
	char *suffix, *url;
	size_t route, slen;
	long code = 0;

	if (size == 0)
		return 0;
	route = data[0] % (sizeof(routes) / sizeof(routes[0]));
	body = (const char *)data + 1;
	nl = memchr(body, '\n', size - 1);
	slen = nl != NULL ? (size_t)(nl - body) : 0;
	{
		char *raw = strndup(body, slen);

		suffix = ao_url_escape(raw);
		free(raw);
	}
	if (nl != NULL)
		body = nl + 1;
	url = NULL;
	if (asprintf(&url, "%s%s%s", ao_sandbox_url(sandbox), routes[route].path, suffix) < 0)
		abort();
	curl_easy_reset(easy);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, routes[route].method);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	if (strcmp(routes[route].method, "GET") != 0 && strcmp(routes[route].method, "DELETE") != 0) {
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)(size - (size_t)(body - (const char *)data)));
	}
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 5000L);
	if (curl_easy_perform(easy) != CURLE_OK)
		abort();   /* the simulator must always answer */
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 500)
		abort();   /* bad input deserves a 4xx, never a server error */
	free(url);
	free(suffix);
	return 0;
}
