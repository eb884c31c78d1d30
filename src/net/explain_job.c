/* SPDX-License-Identifier: MIT */
/* See net/explain_job.h.  The platform's answers are fetched in parallel
 * through the API client; the probe (blocking, net/probe.h) runs on a
 * worker thread that tells the loop through a pipe, as the wizard's Test
 * connection does.  A source of evidence that fails (an older platform, a
 * 5xx) is reported as not available; the explanation goes on without it. */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/core/display.h"
#include "agent-onboard/core/explain.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/explain_job.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/net/probe.h"

enum { EV_READINESS, EV_DIAGNOSTICS, EV_DISCOVERY, EV_COUNT };

struct ao_explain_job {
	struct ao_loop *loop;
	struct ao_resource r;              /* the copy explained */
	struct ao_api_call *calls[EV_COUNT];
	cJSON *answers[EV_COUNT];
	int pending;                       /* calls + the probe still running */
	int cancelled;
	ao_explain_done_fn done;
	void *arg;
	/* the probe */
	pthread_t thread;
	int probing;
	int pipe[2];
	volatile int cancel;
	char *url, *protocol, *agent_type, *auth_type, *key_type, *ca_file;
	char *token, *username, *password;   /* copies; token and password are secrets */
	struct ao_log *log;
	struct ao_probe_result probe;
	int probe_ran;
	int probe_with_credential;
	long probe_timeout_ms;             /* 0: the probe's default */
	unsigned limit_timer;              /* the time_limit timer, 0 when none or fired */
	int *freed;                        /* set to 1 by job_free (the blocking wrapper) */
};

struct call_slot {
	struct ao_explain_job *job;
	int which;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The fields the explanation reads (raw included, for extras). */
static void
copy_resource(struct ao_resource *dst, const struct ao_resource *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->kind = src->kind;
	dst->id = dup_or_null(src->id);
	dst->agent_id = dup_or_null(src->agent_id);
	dst->name = dup_or_null(src->name);
	dst->status_raw = dup_or_null(src->status_raw);
	dst->status = src->status;
	dst->auth_configured = src->auth_configured;
	dst->oauth_url = dup_or_null(src->oauth_url);
	dst->oauth_error = dup_or_null(src->oauth_error);
	dst->endpoint_url = dup_or_null(src->endpoint_url);
	dst->type = dup_or_null(src->type);
	dst->protocol = dup_or_null(src->protocol);
	dst->auth_type = dup_or_null(src->auth_type);
	dst->description = dup_or_null(src->description);
	dst->relationship = dup_or_null(src->relationship);
	dst->created_at = dup_or_null(src->created_at);
	dst->updated_at = dup_or_null(src->updated_at);
	dst->raw = src->raw != NULL ? cJSON_Duplicate(src->raw, 1) : NULL;
}

static void
wipe_probe_secrets(struct ao_explain_job *j)
{
	ao_secret_free(j->token);
	ao_secret_free(j->password);
	j->token = j->password = NULL;
}

static void
job_free(struct ao_explain_job *j)
{
	int i;

	for (i = 0; i < EV_COUNT; i++)
		cJSON_Delete(j->answers[i]);
	ao_resource_free(&j->r);
	if (j->pipe[0] >= 0)
		close(j->pipe[0]);
	if (j->pipe[1] >= 0)
		close(j->pipe[1]);
	free(j->url);
	free(j->protocol);
	free(j->agent_type);
	free(j->auth_type);
	free(j->key_type);
	free(j->ca_file);
	free(j->username);
	wipe_probe_secrets(j);
	if (j->freed != NULL)
		*j->freed = 1;
	free(j);
}

static enum ao_explain_probe_finding
finding_of(const struct ao_probe_result *p, int with_credential)
{
	switch (p->outcome) {
	case AO_PROBE_OK:
		/* without a credential, an agent that asked for one is not "working" */
		if (!with_credential && (p->http_status == 401 || p->http_status == 403))
			return AO_EXPLAIN_PROBE_NEEDS_AUTH;
		return AO_EXPLAIN_PROBE_OK;
	case AO_PROBE_DNS:
	case AO_PROBE_CONNECT:
	case AO_PROBE_TLS:
	case AO_PROBE_TIMEOUT:
		return AO_EXPLAIN_PROBE_UNREACHABLE;
	case AO_PROBE_AUTH_REJECTED:
	case AO_PROBE_AUTH_REQUIRED:
		return with_credential ? AO_EXPLAIN_PROBE_REJECTED : AO_EXPLAIN_PROBE_NEEDS_AUTH;
	case AO_PROBE_HTTP:
	case AO_PROBE_NOT_PROTOCOL:
	case AO_PROBE_BAD_URL:
		return AO_EXPLAIN_PROBE_BROKEN;
	case AO_PROBE_BAD_INPUT:
	case AO_PROBE_CANCELLED:
		break;
	}
	return AO_EXPLAIN_PROBE_NOT_RUN;
}

/* Everything is in: explain, hand over, free. */
static void
finish(struct ao_explain_job *j)
{
	struct ao_explanation x;
	struct ao_explain_probe p;

	if (j->pending > 0)
		return;
	if (j->limit_timer != 0)
		ao_loop_timer_cancel(j->loop, j->limit_timer);
	if (!j->cancelled) {
		memset(&p, 0, sizeof(p));
		if (j->probe_ran) {
			p.with_credential = j->probe_with_credential;
			p.finding = finding_of(&j->probe, p.with_credential);
			p.http_status = j->probe.http_status;
			p.url = j->url;
			p.message = j->probe.message;
		}
		ao_explain_with_probe(&j->r, j->answers[EV_READINESS], j->answers[EV_DIAGNOSTICS],
		                      j->answers[EV_DISCOVERY], j->probe_ran ? &p : NULL, &x);
		j->done(&x, j->arg);
	}
	job_free(j);
}

static void
on_answer(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct call_slot *slot = arg;
	struct ao_explain_job *j = slot->job;

	(void)call;
	if (res->status == AO_OK) {
		j->answers[slot->which] = res->json;
		res->json = NULL;
	}
	j->calls[slot->which] = NULL;
	free(slot);
	j->pending--;
	finish(j);
}

static void *
probe_main(void *arg)
{
	struct ao_explain_job *j = arg;
	struct ao_probe_request req;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.url = j->url;
	req.protocol = j->protocol;
	req.agent_type = j->agent_type;
	req.auth_type = j->auth_type;
	req.api_key_type = j->key_type;
	req.token = j->token;
	req.username = j->username;
	req.password = j->password;
	req.ca_file = j->ca_file;
	req.cancel = &j->cancel;
	req.log = j->log;
	req.timeout_ms = j->probe_timeout_ms;
	ao_probe_run(&req, &j->probe);
	n = write(j->pipe[1], "x", 1);
	(void)n;
	return NULL;
}

static void
on_probed(struct ao_loop *loop, int fd, short revents, void *arg)
{
	struct ao_explain_job *j = arg;

	(void)revents;
	ao_loop_unwatch_fd(loop, fd);
	pthread_join(j->thread, NULL);
	j->probing = 0;
	j->probe_ran = j->probe.outcome != AO_PROBE_CANCELLED;
	wipe_probe_secrets(j);
	j->pending--;
	finish(j);
}

static void
request(struct ao_explain_job *j, struct ao_api *api, int which, const char *path, const char *body)
{
	struct call_slot *slot = xcalloc(1, sizeof(*slot));

	slot->job = j;
	slot->which = which;
	j->pending++;
	j->calls[which] = ao_api_raw(api, path, body, on_answer, slot);
}

static void
start_probe(struct ao_explain_job *j, const struct ao_explain_options *o)
{
	const char *auth = j->r.auth_type;
	int with_secret = o != NULL && ((o->token != NULL && o->token[0] != '\0') ||
	                                (o->password != NULL && o->password[0] != '\0'));

	if (j->r.endpoint_url == NULL || (o != NULL && o->no_probe))
		return;
	if (pipe2(j->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		j->pipe[0] = j->pipe[1] = -1;
		return;
	}
	j->url = xstrdup(j->r.endpoint_url);
	j->protocol = xstrdup(j->r.protocol != NULL ? j->r.protocol : "MCP");
	j->agent_type = dup_or_null(j->r.type);
	if (with_secret && auth != NULL && (strcmp(auth, "API_KEY") == 0 || strcmp(auth, "BASIC_AUTH") == 0)) {
		j->auth_type = xstrdup(auth);
		j->key_type = dup_or_null(o->api_key_type);
		j->token = dup_or_null(o->token);
		j->username = dup_or_null(o->username);
		j->password = dup_or_null(o->password);
		j->probe_with_credential = 1;
	} else if (auth != NULL && (strcmp(auth, "NO_AUTH") == 0 || strcmp(auth, "OAUTH") == 0 ||
	                            strcmp(auth, "JWT") == 0)) {
		/* the probe cannot send these credentials; it checks what it can */
		j->auth_type = xstrdup(auth);
	}
	/* else: no credential given -- reachability only, a 401 is not a failure */
	j->ca_file = o != NULL ? dup_or_null(o->ca_file) : NULL;
	j->log = o != NULL ? o->log : NULL;
	if (pthread_create(&j->thread, NULL, probe_main, j) != 0) {
		wipe_probe_secrets(j);
		return;
	}
	j->probing = 1;
	j->pending++;
	ao_loop_watch_fd(j->loop, j->pipe[0], POLLIN, on_probed, j);
}

/* done is promised to run from the loop, never inside ao_explain_start */
static void
on_start_timer(struct ao_loop *loop, void *arg)
{
	struct ao_explain_job *j = arg;

	(void)loop;
	j->pending--;
	finish(j);
}

/* time_limit: stop what is still running; the evidence goes on without it */
static void
on_limit(struct ao_loop *loop, void *arg)
{
	struct ao_explain_job *j = arg;
	int i;

	(void)loop;
	j->limit_timer = 0;
	j->cancel = 1;
	for (i = 0; i < EV_COUNT; i++)
		if (j->calls[i] != NULL)
			ao_api_call_cancel(j->calls[i]);
}

struct ao_explain_job *
ao_explain_start(struct ao_api *api, const struct ao_resource *r, const struct ao_explain_options *opts,
                 ao_explain_done_fn done, void *arg)
{
	struct ao_explain_job *j = xcalloc(1, sizeof(*j));
	char *base, *path;

	j->loop = ao_api_loop(api);
	j->done = done;
	j->arg = arg;
	j->pipe[0] = j->pipe[1] = -1;
	copy_resource(&j->r, r);
	j->pending = 1;   /* the start timer */
	ao_loop_timer_add(j->loop, 0, on_start_timer, j);
	if (opts != NULL && opts->time_limit > 0) {
		j->limit_timer = ao_loop_timer_add(j->loop, opts->time_limit, on_limit, j);
		j->probe_timeout_ms = (long)(opts->time_limit * 1000);
	}
	if (r->kind == AO_KIND_SOURCE && r->id != NULL) {
		base = ao_resource_path(AO_KIND_SOURCE, r->id);
		request(j, api, EV_READINESS, "/api/v2/storefront/readiness", NULL);
		path = xasprintf("%s/diagnostics?windowHours=24", base);
		request(j, api, EV_DIAGNOSTICS, path, NULL);
		free(path);
		path = xasprintf("%s/tests/discovery", base);
		request(j, api, EV_DISCOVERY, path, "{}");
		free(path);
		free(base);
	}
	start_probe(j, opts);
	return j;
}

void
ao_explain_cancel(struct ao_explain_job *j)
{
	int i;

	if (j == NULL || j->cancelled)
		return;
	j->cancelled = 1;
	j->cancel = 1;
	if (j->limit_timer != 0) {
		ao_loop_timer_cancel(j->loop, j->limit_timer);
		j->limit_timer = 0;
	}
	for (i = 0; i < EV_COUNT; i++)
		if (j->calls[i] != NULL)
			ao_api_call_cancel(j->calls[i]);
}

void
ao_explain_watch_freed(struct ao_explain_job *j, int *freed)
{
	j->freed = freed;
}
