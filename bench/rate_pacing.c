/* SPDX-License-Identifier: MIT */
/* rate_pacing: 300 sequential creates through the platform API client
 * (net/api.h, default retry and pacing policy, exactly what `create` uses)
 * against the simulator limited to 100 requests per 60 s.  Each create is a
 * NO_AUTH inventory source on the open demo agent (/demo/mcp-open) with its
 * own sourceId, so the platform side is cheap and never conflicts.
 *
 * The simulator's limit is a fixed window per client: the window opens at
 * the first request after the previous one expired, allows `limit`
 * requests, and refuses the rest with 429 + Retry-After until it expires
 * (src/sandbox/ratelimit.c).  So N requests need at least
 * (ceil(N / limit) - 1) * window seconds, plus the time to send the last
 * window's requests: 300 at 100/60 s -> 120 s + service time.  A client
 * that spreads requests evenly at the nominal rate needs
 * (N - 1) / limit * window = 179.4 s.
 *
 *   rate_pacing [--count N] [--limit L] [--window-ms MS] [--label L]
 *
 * Reports failures (creates that did not succeed, 429 or otherwise), 429
 * responses counted by the simulator, client retries, total time, the
 * window minimum and the ratio, and the most requests seen in any window
 * any sliding 60 s (by completion time), and the slowest single create
 * (time held by the pacer included). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/sandbox/sandbox.h"
#include "../tests/support/sandbox_fixture.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static size_t
count_lines(FILE *f, const char *needle)
{
	char line[2048];
	size_t n = 0;

	fflush(f);
	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, needle) != NULL)
			n++;
	return n;
}

int
main(int argc, char **argv)
{
	int count = 300, limit = 100, i, rc = 1;
	long window_ms = 60000;
	const char *label = "rate";
	struct ao_sandbox_options o;
	struct ao_test_sandbox *t = NULL;
	struct ao_loop *loop = NULL;
	struct ao_api *api = NULL;
	struct ao_api_config cfg;
	char msg[256], *endpoint = NULL;
	FILE *log = tmpfile();
	double *sent = NULL, *took = NULL, start, total;
	unsigned failures = 0, retries = 0, requests = 0, other_fail = 0;
	size_t server_429, k, max_sliding = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = atoi(argv[++i]);
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
			limit = atoi(argv[++i]);
		else if (strcmp(argv[i], "--window-ms") == 0 && i + 1 < argc)
			window_ms = atol(argv[++i]);
		else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
			label = argv[++i];
		else
			count = 0;
	}
	if (count < 1 || count > 100000 || limit < 1 || window_ms < 1 || log == NULL) {
		fprintf(stderr, "usage: rate_pacing [--count N] [--limit L] [--window-ms MS] [--label L]\n");
		return 2;
	}
	sent = calloc((size_t)count, sizeof(double));
	took = calloc((size_t)count, sizeof(double));
	if (sent == NULL || took == NULL)
		goto out;

	ao_test_sandbox_options(&o);
	o.rate_limit = limit;
	o.rate_window_ms = window_ms;
	o.log = log;
	t = ao_test_sandbox_start(0, &o);
	if (t == NULL)
		goto out;
	endpoint = ao_test_sandbox_url(t, "/demo/mcp-open");
	loop = ao_loop_new();
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = t->url;
	cfg.api_key = t->api_key;
	api = ao_api_new(loop, &cfg, msg, sizeof(msg));
	if (api == NULL) {
		fprintf(stderr, "%s: %s\n", label, msg);
		goto out;
	}

	start = ao_now();
	for (i = 0; i < count; i++) {
		struct ao_answers a;
		struct ao_api_result res;
		char name[64], sid[64];
		double t0 = ao_now();

		snprintf(name, sizeof(name), "Rate bench %d", i);
		snprintf(sid, sizeof(sid), "rate-bench-%04d", i);
		ao_answers_init(&a);
		ao_answers_set(&a, AO_F_KIND, "inventory-source");
		ao_answers_set(&a, AO_F_NAME, name);
		ao_answers_set(&a, AO_F_SOURCE_ID, sid);
		ao_answers_set(&a, AO_F_TYPE, "SALES");
		ao_answers_set(&a, AO_F_PROTOCOL, "MCP");
		ao_answers_set(&a, AO_F_ENDPOINT_URL, endpoint);
		ao_answers_set(&a, AO_F_AUTH_TYPE, "NO_AUTH");
		ao_api_result_init(&res);
		ao_api_wait(ao_api_create(api, &a, NULL, NULL, NULL), NULL, &res);
		/* completion times (what the sliding-window count uses) */
		sent[i] = ao_now() - start;
		took[i] = sent[i] - (t0 - start);
		retries += res.retries;
		requests += res.requests;
		if (res.status != AO_OK) {
			failures++;
			if (res.http_status != 429)
				other_fail++;
			fprintf(stderr, "%s: create %d failed: %s (HTTP %ld)\n", label, i,
			        res.message ? res.message : ao_status_message(res.status), res.http_status);
		}
		ao_api_result_free(&res);
		ao_answers_clear(&a);
		if ((i + 1) % 50 == 0)
			fprintf(stderr, "%s: %d creates in %.1f s\n", label, i + 1, ao_now() - start);
	}
	total = ao_now() - start;

	server_429 = count_lines(log, "-> 429");
	/* completions in any sliding window */
	for (k = 0; k < (size_t)count; k++) {
		size_t j = k;

		while (j < (size_t)count && sent[j] - sent[k] < (double)window_ms / 1000.0)
			j++;
		if (j - k > max_sliding)
			max_sliding = j - k;
	}
	{
		int windows = (count + limit - 1) / limit;
		double wmin = (double)(windows - 1) * (double)window_ms / 1000.0;
		double even = (double)(count - 1) / (double)limit * (double)window_ms / 1000.0;
		size_t created = ao_sandbox_source_count(t->sandbox);
		long posts = ao_sandbox_request_count(t->sandbox, "POST /api/v2/storefront/inventory-sources");

		printf("%s: %d creates, %u failed (%u not 429), %zu 429 from the simulator, %u retries, "
		       "%u requests sent, %zu sources exist, %ld POSTs counted; %.1f s total, window minimum "
		       "%.1f s (ratio %.3f), even spacing %.1f s (ratio %.3f), at most %zu in any sliding %.0f s\n",
		       label, count, failures, other_fail, server_429, retries, requests, created, posts, total,
		       wmin, total / wmin, even, total / even, max_sliding, (double)window_ms / 1000.0);
		printf("RESULT %s.creates %d %d %d 1 req\n", label, count, count, count);
		printf("RESULT %s.failures %u %u %u 1 req\n", label, failures, failures, failures);
		printf("RESULT %s.http_429 %zu %zu %zu 1 resp\n", label, server_429, server_429, server_429);
		printf("RESULT %s.retries %u %u %u 1 req\n", label, retries, retries, retries);
		printf("RESULT %s.requests_sent %u %u %u 1 req\n", label, requests, requests, requests);
		printf("RESULT %s.total_s %.2f %.2f %.2f 1 s\n", label, total, total, total);
		printf("RESULT %s.window_min_s %.2f %.2f %.2f 1 s\n", label, wmin, wmin, wmin);
		printf("RESULT %s.ratio_to_window_min %.3f %.3f %.3f 1 x\n", label, total / wmin,
		       total / wmin, total / wmin);
		printf("RESULT %s.even_spacing_s %.2f %.2f %.2f 1 s\n", label, even, even, even);
		printf("RESULT %s.ratio_to_even_spacing %.3f %.3f %.3f 1 x\n", label, total / even,
		       total / even, total / even);
		qsort(took, (size_t)count, sizeof(double), cmp_double);
		printf("RESULT %s.create_ms %.2f %.2f %.2f %d ms\n", label, took[count / 2] * 1e3,
		       total / count * 1e3, took[(size_t)ceil(0.95 * count) - 1] * 1e3, count);
		printf("RESULT %s.max_in_sliding_window %zu %zu %zu 1 req\n", label, max_sliding,
		       max_sliding, max_sliding);
	}
	rc = failures > 0 ? 1 : 0;
out:
	ao_api_free(api);
	ao_loop_free(loop);
	free(endpoint);
	ao_test_sandbox_stop(t);
	if (log != NULL)
		fclose(log);
	free(sent);
	free(took);
	return rc;
}
