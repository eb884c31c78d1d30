/* SPDX-License-Identifier: MIT */
/* The platform API client: configuration, the life of a call (send, retry,
 * finish, cancel), and the blocking wait for CLI commands.  The calls
 * themselves are in api_calls.c, the create reconciliation in
 * api_reconcile.c. */
#include "agent-onboard/net/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "api_priv.h"

#define DEFAULT_MAX_ATTEMPTS 4
#define DEFAULT_BACKOFF_BASE 0.5
#define DEFAULT_BACKOFF_CAP 8.0
#define DEFAULT_MAX_RETRY_AFTER 60.0

const char *ao_api_pick_url(const char *flag_url, int staging)
{
	const char *env = getenv(AO_API_URL_ENV);

	/* an explicit flag beats the environment: a "staging test" must never
	 * land in production because SCOPE3_API_URL was left exported */
	if (flag_url && *flag_url)
		return flag_url;
	if (staging)
		return AO_API_STAGING_URL;
	if (env && *env)
		return env;
	return AO_API_PRODUCTION_URL;
}

const char *ao_api_op_name(enum ao_api_op op)
{
	static const char *const names[] = {
		[AO_API_CREATE] = "create",
		[AO_API_GET] = "get",
		[AO_API_LIST] = "list",
		[AO_API_PATCH_STATUS] = "patch-status",
		[AO_API_LIST_PARTNERS] = "list-partners",
		[AO_API_OAUTH_AUTHORIZE] = "oauth-authorize",
		[AO_API_ACCOUNT] = "account",
		[AO_API_DISCOVER_AGENTS] = "discover-agents",
		[AO_API_HEALTH] = "health",
		[AO_API_UPDATE] = "update",
		[AO_API_DELETE] = "delete",
		[AO_API_RAW] = "raw",
	};
	return (unsigned)op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

/* --- the client ----------------------------------------------------------- */

struct ao_api *ao_api_new(struct ao_loop *loop, const struct ao_api_config *cfg, char *msg,
                          size_t msgsz)
{
	struct ao_url u;

	if (!cfg->base_url || !*cfg->base_url) {
		snprintf(msg, msgsz, "No API URL is set.");
		return NULL;
	}
	if (ao_url_parse(cfg->base_url, &u, msg, msgsz) != 0)
		return NULL;
	if (u.has_userinfo) {
		snprintf(msg, msgsz, "The API URL must not contain a user name or password.");
		return NULL;
	}
	if (strcmp(u.scheme, "https") != 0 && !ao_url_host_is_loopback(u.host)) {
		snprintf(msg, msgsz,
		         "The API URL %s uses plain http; the API key would travel unencrypted. Use "
		         "https:// (plain http is allowed only for localhost).", cfg->base_url);
		return NULL;
	}

	if (cfg->partner_base_url && *cfg->partner_base_url) {
		if (ao_url_parse(cfg->partner_base_url, &u, msg, msgsz) != 0)
			return NULL;
		if (u.has_userinfo || (strcmp(u.scheme, "https") != 0 && !ao_url_host_is_loopback(u.host))) {
			snprintf(msg, msgsz, "The partner API URL %s must use https:// without a user name "
			         "(plain http only for localhost).", cfg->partner_base_url);
			return NULL;
		}
	}

	struct ao_api *api = xcalloc(1, sizeof(*api));
	api->loop = loop;
	api->partner_base_url = ao_api_partner_base(cfg->partner_base_url && *cfg->partner_base_url
	                                            ? cfg->partner_base_url : cfg->base_url);
	api->base_url = xstrdup(cfg->base_url);
	size_t n = strlen(api->base_url);
	while (n > 0 && api->base_url[n - 1] == '/')
		api->base_url[--n] = '\0';
	ao_api_set_key(api, cfg->api_key);
	api->ca_file = cfg->ca_file && *cfg->ca_file ? xstrdup(cfg->ca_file) : NULL;
	api->http = (struct ao_http_opts){
		.ca_file = api->ca_file,
		.connect_timeout_ms = cfg->connect_timeout_ms,
		.timeout_ms = cfg->timeout_ms,
		.body_limit = cfg->body_limit,
		.log = cfg->log,
	};
	api->max_attempts = cfg->max_attempts ? cfg->max_attempts : DEFAULT_MAX_ATTEMPTS;
	api->backoff_base = cfg->backoff_base > 0 ? cfg->backoff_base : DEFAULT_BACKOFF_BASE;
	api->backoff_cap = cfg->backoff_cap > 0 ? cfg->backoff_cap : DEFAULT_BACKOFF_CAP;
	api->max_retry_after = cfg->max_retry_after > 0 ? cfg->max_retry_after : DEFAULT_MAX_RETRY_AFTER;
	if (api->max_retry_after > AO_SERVER_WAIT_MAX)
		api->max_retry_after = AO_SERVER_WAIT_MAX;   /* the documented bound */
	api->rng = cfg->seed ? cfg->seed : (unsigned)(ao_epoch_now() * 1000.0) | 1u;
	ao_pacer_init(&api->pacer);
	return api;
}

static void call_free(struct ao_api_call *call);

void ao_api_free(struct ao_api *api)
{
	if (!api)
		return;
	while (api->calls) {
		struct ao_api_call *c = api->calls;
		api->calls = c->next;
		call_free(c);
	}
	ao_secret_free(api->api_key);
	free(api->base_url);
	free(api->partner_base_url);
	free(api->ca_file);
	free(api);
}

void ao_api_set_key(struct ao_api *api, const char *key)
{
	ao_set_string(&api->api_key, key && *key ? key : NULL, 1);
}

const char *ao_api_base_url(const struct ao_api *api)
{
	return api->base_url;
}

const char *ao_api_partner_url(const struct ao_api *api)
{
	return api->partner_base_url;
}

struct ao_loop *ao_api_loop(const struct ao_api *api)
{
	return api->loop;
}

const struct ao_pacer *ao_api_pacer(const struct ao_api *api)
{
	return &api->pacer;
}

/* --- results -------------------------------------------------------------- */

void ao_api_result_init(struct ao_api_result *r)
{
	memset(r, 0, sizeof(*r));
	r->error.retry_after = -1;
	r->list.has_more = -1;
	r->list.total = -1;
	r->resource.auth_configured = -1;
	ao_rate_info_init(&r->rate);
}

void ao_api_result_free(struct ao_api_result *r)
{
	if (!r)
		return;
	ao_api_error_free(&r->error);
	free(r->message);
	ao_resource_free(&r->resource);
	ao_resource_list_free(&r->list);
	ao_partner_list_free(&r->partners);
	free(r->oauth_url);
	free(r->account);
	free(r->retry_message);
	cJSON_Delete(r->json);
	ao_api_result_init(r);
}

void ao_api_result_move(struct ao_api_result *dst, struct ao_api_result *src)
{
	*dst = *src;
	ao_api_result_init(src);
}

/* --- calls ---------------------------------------------------------------- */

void ao_api_spec_clear(struct api_spec *s)
{
	free(s->path);
	if (s->body && s->secret)
		ao_wipe(s->body, s->body_len);
	free(s->body);
	memset(s, 0, sizeof(*s));
}

void ao_api_spec_set(struct api_spec *s, enum ao_http_method method, char *path, char *body,
                     int secret, int idempotent)
{
	ao_api_spec_clear(s);
	s->method = method;
	s->path = path;
	s->body = body;
	s->body_len = body ? strlen(body) : 0;
	s->secret = secret;
	s->idempotent = idempotent;
	s->with_key = 1;
}

struct ao_api_call *ao_api_call_new(struct ao_api *api, enum ao_api_op op, enum ao_kind kind,
                                    ao_api_done_fn done, void *arg)
{
	struct ao_api_call *call = xcalloc(1, sizeof(*call));

	call->api = api;
	call->loop = api->loop;
	call->op = op;
	call->done = done;
	call->arg = arg;
	call->started = ao_now();
	ao_api_result_init(&call->res);
	call->res.op = op;
	call->res.kind = kind;
	call->acc.has_more = -1;
	call->acc.total = -1;
	call->next = api->calls;
	if (api->calls)
		api->calls->prev = call;
	api->calls = call;
	return call;
}

static void call_unlink(struct ao_api_call *call)
{
	struct ao_api *api = call->api;

	if (call->prev)
		call->prev->next = call->next;
	else if (api->calls == call)
		api->calls = call->next;
	if (call->next)
		call->next->prev = call->prev;
	call->next = call->prev = NULL;
}

static void call_free(struct ao_api_call *call)
{
	struct ao_loop *loop = call->loop;

	ao_http_free(call->req);
	ao_loop_timer_cancel(loop, call->timer);
	ao_loop_timer_cancel(loop, call->finish_timer);
	ao_api_spec_clear(&call->main);
	ao_api_spec_clear(&call->lookup);
	ao_resource_list_free(&call->acc);
	free(call->source_id);
	free(call->endpoint_url);
	free(call->ambiguous_error);
	ao_api_result_free(&call->res);
	free(call);
}

static void deliver(struct ao_loop *loop, void *arg)
{
	struct ao_api_call *call = arg;

	(void)loop;
	call->finish_timer = 0;
	call_unlink(call);
	/* From here the call no longer needs its client: the callback may even
	 * free the client. */
	call->res.elapsed = ao_now() - call->started;
	if (call->wait_out) {
		ao_api_result_move(call->wait_out, &call->res);
		*call->wait_done = 1;
	} else if (call->done) {
		call->done(call, &call->res, call->arg);
	}
	call_free(call);
}

void ao_api_finish(struct ao_api_call *call, enum ao_status status, const char *message)
{
	if (call->finishing)
		return;
	call->finishing = 1;
	ao_loop_timer_cancel(call->api->loop, call->timer);
	call->timer = 0;
	call->res.status = status;
	if (status != AO_OK && message && !call->res.message)
		call->res.message = xstrdup(message);
	/* Delivered from the loop's timer phase: in this same iteration when we
	 * are inside the loop, never from inside the caller's own call. */
	call->finish_timer = ao_loop_timer_add(call->api->loop, 0, deliver, call);
}

void ao_api_finish_http_error(struct ao_api_call *call, const struct ao_http *req)
{
	struct ao_api_result *res = &call->res;

	ao_api_error_free(&res->error);
	ao_api_error_parse(req->http_status, req->body.data ? req->body.data : "", req->body.len,
	                   &res->error);
	if (req->rate.retry_after_asked >= 0) {
		/* what the server asked (bounded when parsed), in whole seconds
		 * rounded up (no libm: the Makefile does not link it) */
		long secs = (long)req->rate.retry_after_asked;
		res->error.retry_after = secs < req->rate.retry_after_asked ? secs + 1 : secs;
	}
	free(res->message);
	res->message = ao_api_error_advice(&res->error, res->kind);
	ao_api_finish(call, ao_status_from_api_error(req->http_status, res->error.code), NULL);
}

void ao_api_call_cancel(struct ao_api_call *call)
{
	if (!call || call->finishing)
		return;
	if (call->req) {
		/* Leaves the multi at once and records whether it had left. */
		ao_http_cancel(call->req);
		/* A create that left may have been committed: say so. */
		if (call->op == AO_API_CREATE && call->stage == STAGE_MAIN && call->req->sent)
			call->res.ambiguous = 1;
		ao_http_free(call->req);   /* no callback */
		call->req = NULL;
	}
	if (call->op == AO_API_CREATE && call->stage == STAGE_LOOKUP)
		call->res.ambiguous = 1;
	ao_api_finish(call, AO_ERR_CANCELLED,
	              call->res.ambiguous
	                  ? "Cancelled after the request was sent: the registration may have been "
	                    "created. Check with `agent-onboard list` before trying again."
	                  : "Cancelled.");
}

/* --- sending and the retry policy ----------------------------------------- */

static void on_http_done(struct ao_http *req, void *arg);

static void send_timer(struct ao_loop *loop, void *arg)
{
	struct ao_api_call *call = arg;

	(void)loop;
	call->timer = 0;
	ao_api_send(call);
}

static struct api_spec *current_spec(struct ao_api_call *call)
{
	return call->stage == STAGE_LOOKUP ? &call->lookup : &call->main;
}

void ao_api_send_after(struct ao_api_call *call, double delay)
{
	ao_loop_timer_cancel(call->api->loop, call->timer);
	call->timer = ao_loop_timer_add(call->api->loop, delay > 0 ? delay : 0, send_timer, call);
}

void ao_api_send(struct ao_api_call *call)
{
	struct ao_api *api = call->api;
	struct api_spec *spec = current_spec(call);
	double wait = ao_pacer_delay(&api->pacer, ao_now());

	if (wait > 0.001) {
		call->timer = ao_loop_timer_add(api->loop, wait, send_timer, call);
		return;
	}
	/* the partner API has a host of its own (net/api_hosts.c) */
	char *url = xasprintf("%s%s", ao_api_is_partner_path(spec->path) ? api->partner_base_url
	                                                                 : api->base_url, spec->path);
	struct ao_http *req = ao_http_new(api->loop, spec->method, url, &api->http);
	free(url);
	req->kind = (int)call->op;
	ao_http_add_header(req, "Accept", "application/json");
	if (spec->with_key && api->api_key)
		ao_http_set_bearer(req, api->api_key);
	if (spec->body)
		ao_http_set_body(req, "application/json", spec->body, spec->body_len, spec->secret);
	call->req = req;
	call->attempts++;
	call->res.requests++;
	if (call->op == AO_API_CREATE && call->stage == STAGE_MAIN)
		call->creates++;
	ao_http_start(req, on_http_done, call);
}

double ao_api_backoff(struct ao_api_call *call, unsigned attempt)
{
	struct ao_api *api = call->api;

	return ao_backoff_delay(attempt, api->backoff_base, api->backoff_cap, &api->rng);
}

static double backoff(struct ao_api_call *call)
{
	return ao_api_backoff(call, call->attempts);
}

/* A failed attempt in one sentence (newly allocated) and its status: the
 * transport error, or the HTTP status with the platform's own message. */
static char *attempt_failure(const struct ao_http *req, enum ao_status *st)
{
	struct ao_api_error err = { .retry_after = -1 };
	char *text;

	if (req->status != AO_OK) {
		*st = req->status;
		return xstrdup(req->error);
	}
	*st = ao_status_from_http(req->http_status);
	if (*st == AO_OK)
		*st = AO_ERR_PARSE;
	ao_api_error_parse(req->http_status, req->body.data ? req->body.data : "", req->body.len, &err);
	if (err.message && *err.message) {
		size_t n = strlen(err.message);
		text = xasprintf("The platform answered HTTP %ld: %s%s", req->http_status, err.message,
		                 err.message[n - 1] == '.' ? "" : ".");
	} else {
		text = xasprintf("The platform answered HTTP %ld.", req->http_status);
	}
	ao_api_error_free(&err);
	return text;
}

/* What a failed attempt that is about to be retried failed with, kept in
 * the result so that a caller who stops waiting (ao_api_wait_until) can
 * still say what went wrong. */
static void note_retry(struct ao_api_call *call, const struct ao_http *req)
{
	free(call->res.retry_message);
	call->res.retry_message = attempt_failure(req, &call->res.retry_status);
}

/* When the failed request should be sent again, and after how long; -1 for
 * "do not retry".  Reads may always be retried; a request that changes
 * something only when it surely did not get through. */
static double retry_delay(struct ao_api_call *call, const struct ao_http *req)
{
	struct ao_api *api = call->api;
	const struct api_spec *spec = current_spec(call);
	/* ra is clamped to AO_SERVER_WAIT_MAX; asked says whether the server
	 * wanted more than we wait, which is reported instead of retried */
	double ra = req->rate.retry_after, asked = req->rate.retry_after_asked;

	if (call->attempts >= api->max_attempts)
		return -1;
	if (req->status != AO_OK) {
		if (req->status != AO_ERR_NETWORK && req->status != AO_ERR_TIMEOUT)
			return -1;   /* TLS, too large, refused URL, redirect: no point */
		if (req->http_status >= 300 && req->http_status < 400)
			return -1;
		return (spec->idempotent || !req->sent) ? backoff(call) : -1;
	}
	if (req->http_status == 429) {
		/* Refused before it was processed, whatever the method. */
		if (asked > api->max_retry_after)
			return -1;
		return ra >= 0 ? ra : backoff(call);
	}
	if (req->http_status >= 500 && spec->idempotent) {
		if (req->http_status == 503 && ra >= 0)
			return asked > api->max_retry_after ? -1 : ra;
		return backoff(call);
	}
	return -1;
}

/* The create left and no answer says what became of it. */
static int create_is_ambiguous(const struct ao_api_call *call, const struct ao_http *req)
{
	if (call->op != AO_API_CREATE || call->stage != STAGE_MAIN)
		return 0;
	if (req->status == AO_ERR_NETWORK || req->status == AO_ERR_TIMEOUT)
		return req->sent && !(req->http_status >= 300 && req->http_status < 400);
	/* A 2xx too large to read still means it was created. */
	if (req->status == AO_ERR_TOO_LARGE)
		return 1;
	return req->status == AO_OK && req->http_status >= 500;
}

static void handle_answer(struct ao_api_call *call, struct ao_http *req)
{
	double delay = retry_delay(call, req);

	if (delay >= 0) {
		call->res.retries++;
		note_retry(call, req);
		call->timer = ao_loop_timer_add(call->api->loop, delay, send_timer, call);
		return;
	}
	if (create_is_ambiguous(call, req)) {
		enum ao_status st;
		char *err = attempt_failure(req, &st);

		/* st: AO_ERR_SERVER for a 5xx, else the transport failure */
		ao_api_reconcile_start(call, st, err, req);
		free(err);
		return;
	}
	if (call->stage == STAGE_LOOKUP) {
		if (req->status == AO_OK && ((req->http_status >= 200 && req->http_status < 300) ||
		                             req->http_status == 404))
			ao_api_reconcile_answer(call, req);
		else
			ao_api_reconcile_failed(call, req);
		return;
	}
	if (req->status != AO_OK) {
		ao_api_finish(call, req->status, req->error);
		return;
	}
	if (req->http_status >= 200 && req->http_status < 300)
		ao_api_main_success(call, req);
	else
		ao_api_finish_http_error(call, req);
}

static void on_http_done(struct ao_http *req, void *arg)
{
	struct ao_api_call *call = arg;
	struct ao_api *api = call->api;

	call->req = NULL;
	ao_pacer_update(&api->pacer, ao_now(), &req->rate);
	call->res.rate = req->rate;
	call->res.http_status = req->http_status;
	handle_answer(call, req);
	ao_http_free(req);
}

/* --- blocking wait -------------------------------------------------------- */

static void deadline_fired(struct ao_loop *loop, void *arg)
{
	int *hit = arg;

	(void)loop;
	*hit = 1;
}

enum ao_status ao_api_wait_until(struct ao_api_call *call, const volatile sig_atomic_t *interrupt,
                                 double deadline, struct ao_api_result *out)
{
	struct ao_loop *loop = call->api->loop;
	int done = 0, interrupted = 0, hit = 0, cut = 0;
	unsigned timer = 0;

	ao_api_result_init(out);
	call->wait_done = &done;
	call->wait_out = out;
	/* The timer only sets a flag: the call is cancelled below, between
	 * iterations, while it is known to be alive (done not yet set). */
	if (deadline > 0)
		timer = ao_loop_timer_add(loop, deadline - ao_now(), deadline_fired, &hit);
	while (!done) {
		if (interrupt && *interrupt && !interrupted && !cut) {
			interrupted = 1;
			ao_api_call_cancel(call);
		}
		if (hit && !interrupted && !cut) {
			cut = 1;
			ao_api_call_cancel(call);
		}
		if (done)
			break;
		if (ao_loop_run_once(loop, 0.1) != 0 && !interrupted && !cut) {
			/* libcurl's multi is broken; nothing will complete. */
			interrupted = 1;
			ao_api_call_cancel(call);
		}
	}
	ao_loop_timer_cancel(loop, timer);
	if (interrupted && interrupt && *interrupt && out->status == AO_ERR_CANCELLED) {
		out->status = AO_ERR_INTERRUPTED;
		if (!out->ambiguous) {
			free(out->message);
			out->message = xstrdup("Interrupted.");
		}
	} else if (cut && out->status == AO_ERR_CANCELLED) {
		out->status = AO_ERR_TIMEOUT;
		out->deadline_passed = 1;
		if (!out->ambiguous) {
			free(out->message);
			out->message = xstrdup("Gave up at the deadline while the request was still "
			                       "running (or waiting to be retried).");
		}
	}
	return out->status;
}

enum ao_status ao_api_wait(struct ao_api_call *call, const volatile sig_atomic_t *interrupt,
                           struct ao_api_result *out)
{
	return ao_api_wait_until(call, interrupt, 0, out);
}
