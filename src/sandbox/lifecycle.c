/* SPDX-License-Identifier: MIT */
/* The inventory-source lifecycle the platform documents: a source with
 * credentials (API_KEY, BASIC_AUTH, JWT) is PENDING until the agent really
 * answers with that credential, then ACTIVE.  The docs never disable a
 * source by themselves; only with disable_after_ms (a simulator option,
 * off by default) does one that keeps failing become DISABLED.  One thread
 * checks the due sources with the simulator's own check (agent_check.c,
 * deliberately not the client's probe), activate_after_ms after the create
 * or the last credential change, then every probe_interval_ms.
 *
 * JWT: the token exchange's semantics are not documented.  A
 * tokenEndpointUrl on the simulator's own origin stands for an identity
 * provider the simulator plays: the "exchange" yields the demo agent token.
 * Any other token endpoint cannot be reached from here, so the agent is
 * checked without a credential, and a 401 keeps the source PENDING. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

/* What one probe needs, copied out so the lock is not held while probing. */
struct probe_job {
	char *source_id;
	unsigned gen;
	char *url, *protocol, *type, *auth_type, *key_type, *token_url;
	char *token, *username, *password;   /* secrets */
};

static char *
dup_str(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
job_clear(struct probe_job *j)
{
	free(j->source_id);
	free(j->url);
	free(j->protocol);
	free(j->type);
	free(j->auth_type);
	free(j->key_type);
	free(j->token_url);
	ao_secret_free(j->token);
	ao_secret_free(j->username);
	ao_secret_free(j->password);
	memset(j, 0, sizeof(*j));
}

static void
job_fill(struct probe_job *j, const struct sb_source *src)
{
	j->source_id = dup_str(sb_json_str(src->pub, "sourceId"));
	j->gen = src->gen;
	j->url = dup_str(sb_json_str(src->pub, "endpointUrl"));
	j->protocol = dup_str(sb_json_str(src->pub, "protocol"));
	j->type = dup_str(sb_json_str(src->pub, "type"));
	j->auth_type = dup_str(sb_json_str(src->pub, "authenticationType"));
	j->key_type = dup_str(sb_json_str(src->auth, "type"));
	j->token_url = dup_str(sb_json_str(src->auth, "tokenEndpointUrl"));
	j->token = dup_str(sb_json_str(src->auth, "token"));
	j->username = dup_str(sb_json_str(src->auth, "username"));
	j->password = dup_str(sb_json_str(src->auth, "password"));
}

static struct sb_source *
earliest_due(struct ao_sandbox *s)
{
	struct sb_source *src, *best = NULL;

	for (src = s->sources; src != NULL; src = src->next) {
		if (src->probe_due == 0)
			continue;
		if (best == NULL || src->probe_due < best->probe_due)
			best = src;
	}
	return best;
}

static void
wait_until(struct ao_sandbox *s, int64_t due)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(due / 1000);
	ts.tv_nsec = (long)(due % 1000) * 1000000L;
	pthread_cond_timedwait(&s->wake, &s->lock, &ts);
}

/* Whether url is on one of the simulator's own origins. */
static int
on_own_origin(const struct ao_sandbox *s, const char *url)
{
	const char *const mine[] = {s->url, s->partner_url};
	size_t i, n;

	for (i = 0; i < 2 && url != NULL; i++) {
		if (mine[i] == NULL)
			continue;
		n = strlen(mine[i]);
		if (strncmp(url, mine[i], n) == 0 && (url[n] == '\0' || url[n] == '/'))
			return 1;
	}
	return 0;
}

static void
set_status(struct sb_source *src, const char *status)
{
	char *ts = sb_timestamp();

	sb_json_set_str(src->pub, "status", status);
	sb_json_set_str(src->pub, "updatedAt", ts);
	free(ts);
}

/* Records a probe result: a passing probe activates a PENDING source; a
 * failing one is retried until disable_after_ms.  Sources in other states
 * only learn whether the credential works (probe_ok). */
static void
apply_result(struct ao_sandbox *s, const struct probe_job *j, enum sb_check_outcome outcome,
             const char *message, long latency_ms)
{
	struct sb_source *src = sb_source_find(s, j->source_id);
	const char *status;
	int64_t now = sb_now_ms();
	int pending;

	if (src == NULL || src->gen != j->gen)
		return;   /* deleted or changed while probing; a new probe is armed */
	status = sb_json_str(src->pub, "status");
	pending = status != NULL && strcmp(status, "PENDING") == 0;
	snprintf(src->last_probe, sizeof(src->last_probe), "%s: %.230s",
	         sb_check_outcome_name(outcome), message);
	sb_source_record_probe(src, outcome, latency_ms);
	src->probe_due = 0;
	if (outcome == SB_CHECK_OK) {
		src->probe_ok = 1;
		src->failing_since = 0;
		if (pending) {
			set_status(src, "ACTIVE");
			sb_log(s, "source %s: agent answered, ACTIVE", j->source_id);
		}
	} else if (pending) {
		if (src->failing_since == 0)
			src->failing_since = now;
		if (s->opt.disable_after_ms > 0 && now - src->failing_since >= s->opt.disable_after_ms) {
			set_status(src, "DISABLED");
			sb_log(s, "source %s: agent kept failing (%s), DISABLED", j->source_id, src->last_probe);
		} else {
			src->probe_due = now + (s->opt.probe_interval_ms > 0 ? s->opt.probe_interval_ms : 1);
			sb_log(s, "source %s: still PENDING (%s)", j->source_id, src->last_probe);
		}
	}
	if (s->state_file != NULL)
		sb_state_save(s);
}

static void *
prober_main(void *arg)
{
	struct ao_sandbox *s = arg;
	struct probe_job job;

	memset(&job, 0, sizeof(job));
	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		struct sb_source *src = earliest_due(s);
		struct sb_check_request req;
		enum sb_check_outcome outcome;
		char message[512];
		int64_t started;

		if (src == NULL) {
			pthread_cond_wait(&s->wake, &s->lock);
			continue;
		}
		if (src->probe_due > sb_now_ms()) {
			wait_until(s, src->probe_due);
			continue;
		}
		job_fill(&job, src);
		src->probe_due = 0;   /* in flight; apply_result re-arms */
		pthread_mutex_unlock(&s->lock);

		memset(&req, 0, sizeof(req));
		req.url = job.url;
		req.protocol = job.protocol;
		if (job.auth_type != NULL && strcmp(job.auth_type, "API_KEY") == 0)
			req.bearer = job.token;
		else if (job.auth_type != NULL && strcmp(job.auth_type, "BASIC_AUTH") == 0) {
			req.username = job.username;
			req.password = job.password;
		} else if (job.auth_type != NULL && strcmp(job.auth_type, "JWT") == 0 &&
		           on_own_origin(s, job.token_url)) {
			/* see the top comment: the simulator is that token endpoint */
			req.bearer = AO_SANDBOX_AGENT_TOKEN;
		}
		req.ca_file = s->probe_ca_file;
		req.timeout_ms = s->opt.probe_timeout_ms;
		req.cancel = &s->cancel_probe;
		started = sb_now_ms();
		outcome = sb_agent_check(&req, message, sizeof(message));
		if (outcome == SB_CHECK_AUTH && job.auth_type != NULL && strcmp(job.auth_type, "JWT") == 0 &&
		    !on_own_origin(s, job.token_url))
			snprintf(message + strlen(message), sizeof(message) - strlen(message),
			         " (the simulator cannot exchange a JWT at a token endpoint it does not serve;"
			         " use one under its own URL)");

		pthread_mutex_lock(&s->lock);
		if (!s->stopping)
			apply_result(s, &job, outcome, message, (long)(sb_now_ms() - started));
		job_clear(&job);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int
sb_prober_start(struct ao_sandbox *s)
{
	/* before the thread: libcurl's global set-up is not thread-safe */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (pthread_create(&s->prober, NULL, prober_main, s) != 0)
		return -1;
	s->prober_started = 1;
	return 0;
}

void
sb_prober_stop(struct ao_sandbox *s)
{
	if (!s->prober_started)
		return;
	pthread_join(s->prober, NULL);
	s->prober_started = 0;
}
