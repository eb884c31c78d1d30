/* SPDX-License-Identifier: MIT */
/* The HTTP request object: options every request gets, header and body
 * capture with the cap, cancel, and delivery of the completion from the
 * loop (net/http.h). */
#include "agent-onboard/net/http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/log.h"
#include "http_priv.h"


static void global_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void ao_http_global_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, global_init_once);
}

const char *ao_http_version_info(void)
{
	return curl_version();
}

const char *ao_http_method_name(enum ao_http_method m)
{
	switch (m) {
	case AO_HTTP_GET: return "GET";
	case AO_HTTP_POST: return "POST";
	case AO_HTTP_PUT: return "PUT";
	case AO_HTTP_PATCH: return "PATCH";
	case AO_HTTP_DELETE: return "DELETE";
	}
	return "GET";
}

static void xfer_done(struct ao_loop_xfer *x, CURLcode result);

struct ao_http *ao_http_new(struct ao_loop *loop, enum ao_http_method method, const char *url,
                            const struct ao_http_opts *opts)
{
	struct ao_http *req = xcalloc(1, sizeof(*req));
	struct ao_http_priv *p = xcalloc(1, sizeof(*p));

	req->priv = p;
	req->loop = loop;
	req->method = method;
	req->url = xstrdup(url);
	req->xfer.done = xfer_done;
	ao_rate_info_init(&req->rate);
	if (opts)
		p->opts = *opts;
	p->opts.ca_file = (opts && opts->ca_file && *opts->ca_file) ? xstrdup(opts->ca_file) : NULL;
	if (p->opts.connect_timeout_ms <= 0)
		p->opts.connect_timeout_ms = AO_HTTP_CONNECT_TIMEOUT_MS;
	if (p->opts.timeout_ms <= 0)
		p->opts.timeout_ms = AO_HTTP_TIMEOUT_MS;
	if (p->opts.body_limit == 0)
		p->opts.body_limit = AO_HTTP_BODY_LIMIT;
	ao_buf_init(&req->body, p->opts.body_limit);
	return req;
}

/* Wipes every copy of a secret we hold: the Authorization line, the header
 * list handed to libcurl and a secret body.  libcurl's own request buffer
 * is out of our reach (see README "Secrets"). */
static void wipe_secrets(struct ao_http *req)
{
	struct ao_http_priv *p = req->priv;

	for (struct curl_slist *h = p->sent_headers; h; h = h->next)
		ao_wipe(h->data, strlen(h->data));
	curl_slist_free_all(p->sent_headers);
	p->sent_headers = NULL;
	ao_secret_free(p->bearer);
	p->bearer = NULL;
	if (p->req_body && p->body_secret)
		ao_wipe(p->req_body, p->req_body_len);
	free(p->req_body);
	p->req_body = NULL;
	p->req_body_len = 0;
}

void ao_http_free(struct ao_http *req)
{
	if (!req)
		return;
	struct ao_http_priv *p = req->priv;
	if (p->in_flight)
		ao_loop_remove_xfer(req->loop, &req->xfer);
	ao_loop_timer_cancel(req->loop, p->deliver_timer);
	if (req->xfer.easy)
		curl_easy_cleanup(req->xfer.easy);
	wipe_secrets(req);
	curl_slist_free_all(p->headers);
	free(p->req_content_type);
	free((char *)p->opts.ca_file);
	free(p);
	free(req->url);
	ao_buf_free(&req->body);
	free(req->content_type);
	free(req->location);
	free(req->www_authenticate);
	free(req);
}

void ao_http_add_header(struct ao_http *req, const char *name, const char *value)
{
	char *line = xasprintf("%s: %s", name, value);
	struct curl_slist *l = curl_slist_append(req->priv->headers, line);

	free(line);
	if (!l)
		abort();   /* out of memory, as in xmalloc */
	req->priv->headers = l;
}

void ao_http_set_bearer(struct ao_http *req, const char *token)
{
	ao_secret_free(req->priv->bearer);
	req->priv->bearer = token ? xasprintf("Authorization: Bearer %s", token) : NULL;
}

void ao_http_set_body(struct ao_http *req, const char *content_type, const char *data, size_t len,
                      int secret)
{
	struct ao_http_priv *p = req->priv;

	if (p->req_body && p->body_secret)
		ao_wipe(p->req_body, p->req_body_len);
	free(p->req_body);
	p->req_body = xmalloc(len + 1);
	memcpy(p->req_body, data, len);
	p->req_body[len] = '\0';
	p->req_body_len = len;
	p->body_secret = secret;
	free(p->req_content_type);
	p->req_content_type = xstrdup(content_type ? content_type : "application/json");
}

int ao_http_in_flight(const struct ao_http *req)
{
	return req && req->priv->started && !req->priv->completed;
}

/* --- libcurl callbacks ---------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct ao_http *req = userp;
	size_t n = size * nmemb;

	if (ao_buf_append(&req->body, data, n) != 0) {
		req->priv->too_large = 1;
		return 0;   /* CURLE_WRITE_ERROR */
	}
	return n;
}

static char *header_value(const char *line, size_t len, size_t namelen)
{
	const char *v = line + namelen + 1;
	const char *end = line + len;

	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static int header_is(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == ':' && strncasecmp(line, name, n) == 0;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userp)
{
	struct ao_http *req = userp;
	size_t len = size * nmemb;

	ao_log_header(req->priv->opts.log, req->log_id, '<', line, len);
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A new response (after 1xx): forget the previous one's headers. */
		free(req->content_type);
		free(req->location);
		free(req->www_authenticate);
		req->content_type = req->location = req->www_authenticate = NULL;
		ao_rate_info_init(&req->rate);
		return len;
	}
	if (header_is(line, len, "Content-Type")) {
		free(req->content_type);
		req->content_type = header_value(line, len, strlen("Content-Type"));
	} else if (header_is(line, len, "Location")) {
		free(req->location);
		req->location = header_value(line, len, strlen("Location"));
	} else if (header_is(line, len, "WWW-Authenticate")) {
		free(req->www_authenticate);
		req->www_authenticate = header_value(line, len, strlen("WWW-Authenticate"));
	} else if (header_is(line, len, "Content-Length")) {
		/* Refuse an announced oversized body before reading any of it. */
		char *v = header_value(line, len, strlen("Content-Length"));
		unsigned long long cl = strtoull(v, NULL, 10);
		free(v);
		if (cl > req->priv->opts.body_limit) {
			req->priv->too_large = 1;
			req->body.over = 1;
			return 0;
		}
	} else {
		char *copy = xstrndup(line, len);
		size_t n = strcspn(copy, "\r\n");
		copy[n] = '\0';
		ao_rate_info_header(&req->rate, copy, ao_epoch_now());
		free(copy);
	}
	return len;
}

static int on_progress(void *userp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	struct ao_http *req = userp;

	(void)dltotal;
	(void)dlnow;
	if (ultotal > 0 && ulnow >= ultotal)
		req->upload_done = 1;
	/* ao_http_cancel removes the handle at once; this is only a backstop. */
	return req->cancelled;
}

/* --- lifecycle ------------------------------------------------------------ */

static void deliver(struct ao_loop *loop, void *arg)
{
	struct ao_http *req = arg;
	struct ao_http_priv *p = req->priv;

	(void)loop;
	p->deliver_timer = 0;
	p->done(req, p->arg);   /* may free req: nothing after this */
}

/* Records what happened on the wire before the handle is cleaned up: did the
 * request leave (then a failure is ambiguous), how long it took. */
static void note_progress(struct ao_http *req)
{
	curl_off_t pretransfer = 0;
	long request_size = 0;

	if (!req->xfer.easy)
		return;
	curl_easy_getinfo(req->xfer.easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
	curl_easy_getinfo(req->xfer.easy, CURLINFO_REQUEST_SIZE, &request_size);
	curl_easy_getinfo(req->xfer.easy, CURLINFO_RESPONSE_CODE, &req->http_status);
	/* Pretransfer is reached once connected (and TLS is up); the request is
	 * written right after, so from here on the server may have acted on it. */
	if (pretransfer > 0 || request_size > 0)
		req->sent = 1;
	if (!req->priv->req_body && req->sent)
		req->upload_done = 1;
	req->elapsed = ao_now() - req->started;
}

static void finish(struct ao_http *req)
{
	struct ao_http_priv *p = req->priv;

	p->in_flight = 0;
	p->completed = 1;
	if (req->status == AO_OK || req->http_status > 0)
		ao_log_body(p->opts.log, req->log_id, '<', req->content_type, req->body.data,
		            req->body.len, p->body_secret);
	ao_log_outcome(p->opts.log, req->log_id, req->http_status,
	               req->status == AO_OK ? "ok" : req->error, req->elapsed);
	wipe_secrets(req);
}

static void xfer_done(struct ao_loop_xfer *x, CURLcode result)
{
	struct ao_http *req = (struct ao_http *)(void *)x;   /* xfer is the first member */
	struct ao_http_priv *p = req->priv;

	note_progress(req);
	if (result == CURLE_OK)
		req->upload_done = 1;
	ao_http_classify(req, result);
	finish(req);
	p->done(req, p->arg);   /* may free req */
}

/* Completion that happens outside libcurl (refused URL, cancel) still comes
 * from the loop, never from inside the caller's own call. */
static void deliver_later(struct ao_http *req)
{
	req->priv->deliver_timer = ao_loop_timer_add(req->loop, 0, deliver, req);
}

static void refuse(struct ao_http *req, enum ao_status st, const char *msg)
{
	req->status = st;
	snprintf(req->error, sizeof(req->error), "%s", msg);
	ao_log_outcome(req->priv->opts.log, req->log_id, 0, req->error, 0);
	req->priv->completed = 1;
	wipe_secrets(req);
	deliver_later(req);
}

static void set_method(struct ao_http *req)
{
	struct ao_http_priv *p = req->priv;
	CURL *e = req->xfer.easy;

	if (req->method == AO_HTTP_GET) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		return;
	}
	/* libcurl silently sends a request again when the kept-alive connection
	 * it used turns out dead before any answer -- after the server may have
	 * acted on it.  Whether to repeat a change is ours to decide (see
	 * net/api.h), so changes never ride on a reused connection. */
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	if (req->method != AO_HTTP_POST)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, ao_http_method_name(req->method));
	if (p->req_body || req->method != AO_HTTP_DELETE) {
		/* POSTFIELDS is not copied: our buffer lives until the request ends
		 * and is wiped then when it holds secrets. */
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->req_body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, p->req_body ? p->req_body : "");
	}
}

/* The header list handed to libcurl: ours, the body's type, no
 * "Expect: 100-continue" (a needless round trip), the Authorization line. */
static struct curl_slist *build_headers(struct ao_http *req)
{
	struct ao_http_priv *p = req->priv;
	struct curl_slist *list = NULL;

	for (struct curl_slist *h = p->headers; h; h = h->next)
		list = curl_slist_append(list, h->data);
	if (p->req_body) {
		char *ct = xasprintf("Content-Type: %s", p->req_content_type);
		list = curl_slist_append(list, ct);
		free(ct);
		list = curl_slist_append(list, "Expect:");
	}
	if (p->bearer)
		list = curl_slist_append(list, p->bearer);
	if (!list && (p->headers || p->req_body || p->bearer))
		abort();   /* out of memory */
	return list;
}

static void log_request(struct ao_http *req)
{
	struct ao_http_priv *p = req->priv;
	struct ao_log *log = p->opts.log;

	if (!log)
		return;
	ao_log_request_line(log, req->log_id, ao_http_method_name(req->method), req->url);
	char *ua = xasprintf("User-Agent: agent-onboard/%s", AO_VERSION);
	ao_log_header(log, req->log_id, '>', ua, strlen(ua));
	free(ua);
	for (struct curl_slist *h = p->sent_headers; h; h = h->next) {
		if (strcmp(h->data, "Expect:") != 0)
			ao_log_header(log, req->log_id, '>', h->data, strlen(h->data));
	}
	ao_log_body(log, req->log_id, '>', p->req_content_type, p->req_body, p->req_body_len,
	            p->body_secret);
}

enum ao_status ao_http_start(struct ao_http *req, ao_http_done_fn done, void *arg)
{
	struct ao_http_priv *p = req->priv;
	struct ao_url u;
	char msg[512];

	if (p->started)
		return AO_ERR_USAGE;
	p->started = 1;
	p->done = done;
	p->arg = arg;
	req->started = ao_now();
	req->log_id = ao_log_next_id();

	if (ao_url_parse(req->url, &u, msg, sizeof(msg)) != 0) {
		refuse(req, AO_ERR_INVALID, msg);
		return AO_OK;
	}
	if (u.has_userinfo) {
		refuse(req, AO_ERR_INVALID,
		       "The URL contains a user name or password; agent-onboard does not send "
		       "credentials in URLs.");
		return AO_OK;
	}
	int plain = strcmp(u.scheme, "http") == 0;
	if (plain && !ao_url_host_is_loopback(u.host)) {
		snprintf(msg, sizeof(msg),
		         "Refusing plain http to %s: the API key would travel unencrypted. Use "
		         "https:// (plain http is allowed only for localhost).", u.host);
		refuse(req, AO_ERR_INVALID, msg);
		return AO_OK;
	}

	CURL *e = curl_easy_init();
	if (!e)
		abort();   /* out of memory */
	req->xfer.easy = e;
	p->sent_headers = build_headers(req);

	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, p->curl_err);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, p->opts.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, p->opts.timeout_ms);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->opts.ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, p->opts.ca_file);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "agent-onboard/" AO_VERSION);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, p->sent_headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, req);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, req);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, req);
	set_method(req);
	/* The Authorization line is copied into the slist; our own copy can go. */
	ao_secret_free(p->bearer);
	p->bearer = NULL;

	log_request(req);
	if (ao_loop_add_xfer(req->loop, &req->xfer) != 0) {
		refuse(req, AO_ERR_NETWORK, "libcurl refused the request (internal error).");
		return AO_OK;
	}
	p->in_flight = 1;
	return AO_OK;
}

void ao_http_cancel(struct ao_http *req)
{
	struct ao_http_priv *p = req->priv;

	if (!p->started || p->completed)
		return;
	req->cancelled = 1;
	if (p->in_flight)
		ao_loop_remove_xfer(req->loop, &req->xfer);
	note_progress(req);
	req->status = AO_ERR_CANCELLED;
	snprintf(req->error, sizeof(req->error), "Cancelled.");
	finish(req);
	deliver_later(req);
}
