/* SPDX-License-Identifier: MIT */
/* The probe's HTTP exchanges: libcurl easy, blocking, one handle reused so
 * the connection is too.  This file holds the security rules of the probe:
 * verification always on, plain http only to loopback, no redirect to
 * another origin or down to http, a cap on every body, the credential only
 * to the endpoint's origin and wiped from our header copies afterwards.
 * Event streams are parsed as they arrive so a server that keeps its
 * stream open after replying does not hold the probe until the timeout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/log.h"
#include "probe_internal.h"

long long
probe_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
probe_cancelled(const struct probe_ctx *c)
{
	return c->req->cancel != NULL && *c->req->cancel != 0;
}

void
probe_exchange_init(struct probe_exchange *x, const char *method, const char *url)
{
	memset(x, 0, sizeof(*x));
	x->method = method;
	snprintf(x->url, sizeof(x->url), "%s", url);
	ao_buf_init(&x->body, PROBE_BODY_LIMIT);
}

void
probe_exchange_free(struct probe_exchange *x)
{
	if (x == NULL)
		return;
	ao_buf_free(&x->body);
	ao_sse_finish(&x->parser);
}

int
probe_same_origin(const struct probe_ctx *c, const char *url)
{
	struct ao_url u;

	if (ao_url_parse(url, &u, NULL, 0) != 0)
		return 0;
	return strcmp(u.scheme, c->url.scheme) == 0 && strcmp(u.host, c->url.host) == 0 &&
	       u.port == c->url.port;
}

int
probe_url_allowed(const struct probe_ctx *c, const char *url, char *why, size_t whysz)
{
	struct ao_url u;
	char msg[200];

	if (strlen(url) >= PROBE_URL_MAX - 1) {
		snprintf(why, whysz, "the URL is longer than %d characters", PROBE_URL_MAX - 2);
		return -1;
	}
	if (ao_url_parse(url, &u, msg, sizeof(msg)) != 0) {
		snprintf(why, whysz, "%s", msg);
		return -1;
	}
	if (ao_url_host_is_loopback(u.host) && !c->loopback) {
		/* a remote agent must not make the probe call into this machine */
		snprintf(why, whysz, "it points at this machine (%s) while the agent is remote", u.host);
		return -1;
	}
	if (strcmp(u.scheme, "http") == 0 && !ao_url_host_is_loopback(u.host)) {
		snprintf(why, whysz, "it uses plain http; only https is allowed (http only for "
		         "localhost / 127.0.0.1 / ::1)");
		return -1;
	}
	return 0;
}

/* --- callbacks ----------------------------------------------------------- */

static void
copy_header_value(char *dst, size_t dstsz, const char *v, size_t n)
{
	ao_copy_display(dst, dstsz, v, n);
}

/* Whether bytes hold one of the exchange's secrets (an agent may echo the
 * credential back): such bytes are never traced. */
static int
holds_secret(const struct probe_exchange *x, const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (x->secrets[i] != NULL && x->secrets[i][0] != '\0' && data != NULL &&
		    memmem(data, len, x->secrets[i], strlen(x->secrets[i])) != NULL)
			return 1;
	return 0;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct probe_exchange *x = arg;
	size_t len = size * nmemb, nlen, vlen, used, i;
	const char *colon, *v;

	if (x->log != NULL) {
		/* ao_log_header masks secret-looking names; an echo is withheld */
		if (holds_secret(x, data, len))
			ao_log_printf(x->log, "#%u < (a header line of %zu bytes, not shown: it repeats the "
			              "credential)", x->log_id, len);
		else
			ao_log_header(x->log, x->log_id, '<', data, len);
	}
	if (len >= 5 && strncasecmp(data, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue): forget the last one's headers */
		x->content_type[0] = x->session_id[0] = x->www_authenticate[0] = '\0';
		return len;
	}
	colon = memchr(data, ':', len);
	if (colon == NULL)
		return len;
	nlen = (size_t)(colon - data);
	v = colon + 1;
	vlen = len - nlen - 1;
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
		vlen--;
	if (nlen == 12 && strncasecmp(data, "Content-Type", 12) == 0) {
		copy_header_value(x->content_type, sizeof(x->content_type), v, vlen);
	} else if (nlen == 14 && strncasecmp(data, "Mcp-Session-Id", 14) == 0) {
		/* MCP: visible ASCII only; anything else is not echoed back */
		for (i = 0; i < vlen; i++)
			if ((unsigned char)v[i] < 0x21 || (unsigned char)v[i] > 0x7e)
				return len;
		if (vlen < sizeof(x->session_id)) {
			memcpy(x->session_id, v, vlen);
			x->session_id[vlen] = '\0';
		}
	} else if (nlen == 16 && strncasecmp(data, "WWW-Authenticate", 16) == 0) {
		used = strlen(x->www_authenticate);
		if (used > 0 && used + 2 < sizeof(x->www_authenticate)) {
			strcat(x->www_authenticate, ", ");
			used += 2;
		}
		copy_header_value(x->www_authenticate + used, sizeof(x->www_authenticate) - used, v, vlen);
	}
	return len;
}

static int
is_event_stream(const char *content_type)
{
	return strncasecmp(content_type, "text/event-stream", 17) == 0;
}

int
probe_is_json(const struct probe_exchange *x)
{
	const char *ct = x->content_type;

	/* application/json, application/problem+json, application/json-rpc ... */
	return strncasecmp(ct, "application/", 12) == 0 && strcasestr(ct, "json") != NULL;
}

static int
on_event(const struct ao_sse_event *ev, void *arg)
{
	struct probe_exchange *x = arg;
	struct ao_rpc_reply r;

	if (ev->truncated)
		return 0;
	ao_rpc_reply_parse(ev->data, ev->data_len, x->sse_id, &r);
	if (r.kind != AO_RPC_RESULT && r.kind != AO_RPC_ERROR)
		return 0;   /* a notification, a server request or a heartbeat */
	ao_buf_reset(&x->body);
	ao_buf_append(&x->body, ev->data, ev->data_len);
	x->sse_found = 1;
	return 1;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct probe_exchange *x = arg;
	size_t len = size * nmemb;

	if (x->sse_id > 0 && is_event_stream(x->content_type)) {
		if (!x->sse) {
			x->sse = 1;
			ao_sse_init(&x->parser, on_event, x);
		}
		if (ao_sse_feed(&x->parser, data, len))
			return 0;   /* got the reply: stop reading (the stream may stay open) */
		return len;
	}
	if (ao_buf_append(&x->body, data, len) != 0) {
		x->too_large = 1;
		return 0;
	}
	return len;
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return probe_cancelled(arg) ? 1 : 0;
}

/* --- one exchange -------------------------------------------------------- */

static struct curl_slist *
build_headers(const struct probe_ctx *c, const struct probe_exchange *x)
{
	struct curl_slist *h = NULL;
	size_t i;

	for (i = 0; i < sizeof(x->headers) / sizeof(x->headers[0]) && x->headers[i] != NULL; i++)
		h = curl_slist_append(h, x->headers[i]);
	if (x->post != NULL)
		h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	if (x->with_auth && c->auth_header != NULL && probe_same_origin(c, x->url))
		h = curl_slist_append(h, c->auth_header);
	return h;
}

/* curl_slist_append copied the credential; wipe our list's copy before it
 * is freed (libcurl's own request buffer is freed without wiping, which
 * we cannot change; it lives only for the transfer). */
static void
free_headers(struct curl_slist *h)
{
	struct curl_slist *p;

	for (p = h; p != NULL; p = p->next)
		if (strncasecmp(p->data, "Authorization:", 14) == 0)
			ao_wipe(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static void
reset_response(struct probe_exchange *x)
{
	x->rc = CURLE_OK;
	x->status = 0;
	x->content_type[0] = x->session_id[0] = x->www_authenticate[0] = x->location[0] = '\0';
	ao_buf_reset(&x->body);
	x->body.over = 0;
	if (x->sse)
		ao_sse_finish(&x->parser);
	x->sse = x->sse_found = x->too_large = 0;
	x->verify_result = 0;
	x->os_errno = 0;
	x->resolved = x->connected = 0;
	x->ip[0] = x->err[0] = '\0';
}

static void
set_options(struct probe_ctx *c, struct probe_exchange *x, struct curl_slist *hdrs, long timeout_ms)
{
	CURL *h = c->curl;
	struct ao_url u;

	ao_url_parse(x->url, &u, NULL, 0);   /* checked by the caller */
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, x->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, u.scheme);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);   /* redirects are checked here */
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);         /* may run on a worker thread */
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->req->ca_file != NULL && c->req->ca_file[0] != '\0')
		curl_easy_setopt(h, CURLOPT_CAINFO, c->req->ca_file);   /* libcurl ignores SSL_CERT_FILE */
	if (ao_url_host_is_loopback(u.host))
		curl_easy_setopt(h, CURLOPT_NOPROXY, "*");   /* a proxy cannot reach our loopback */
	curl_easy_setopt(h, CURLOPT_USERAGENT, "agent-onboard/" AO_VERSION " (probe)");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->err);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	if (strcmp(x->method, "POST") == 0) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, x->post != NULL ? x->post : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(x->post != NULL ? strlen(x->post) : 0));
	} else if (strcmp(x->method, "GET") != 0) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, x->method);
	}
}

/* Records DNS / connect / TLS timings and checks from the first exchange
 * with the endpoint (later ones reuse the connection). */
static void
record_connection(struct probe_ctx *c, struct probe_exchange *x)
{
	struct ao_probe_result *r = c->res;
	curl_off_t dns = 0, conn = 0, app = 0;
	char *ip = NULL;

	curl_easy_getinfo(c->curl, CURLINFO_NAMELOOKUP_TIME_T, &dns);
	curl_easy_getinfo(c->curl, CURLINFO_CONNECT_TIME_T, &conn);
	curl_easy_getinfo(c->curl, CURLINFO_APPCONNECT_TIME_T, &app);
	curl_easy_getinfo(c->curl, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &x->os_errno);
	curl_easy_getinfo(c->curl, CURLINFO_SSL_VERIFYRESULT, &x->verify_result);
	if (ip != NULL)
		snprintf(x->ip, sizeof(x->ip), "%s", ip);
	x->connected = conn > 0 || (x->status > 0);
	x->resolved = x->connected || dns > 0 || x->ip[0] != '\0';
	if (c->timings_done || !probe_same_origin(c, x->url))
		return;
	if (x->rc == CURLE_COULDNT_RESOLVE_HOST || x->rc == CURLE_COULDNT_CONNECT ||
	    x->rc == CURLE_OPERATION_TIMEDOUT || x->rc == CURLE_ABORTED_BY_CALLBACK) {
		if (!x->connected)
			return;   /* probe_transport_failed reports how far it got */
	}
	c->timings_done = 1;
	r->dns_ms = (double)dns / 1000.0;
	r->connect_ms = conn > dns ? (double)(conn - dns) / 1000.0 : 0.0;
	r->tls_ms = app > conn ? (double)(app - conn) / 1000.0 : 0.0;
	r->reachable = 1;
	probe_check(r, AO_CHECK_DNS, AO_CHECK_PASS, "%s%s%s (%.0f ms)", c->url.host,
	            x->ip[0] && strcmp(x->ip, c->url.host) != 0 ? " -> " : "",
	            strcmp(x->ip, c->url.host) != 0 ? x->ip : "", r->dns_ms);
	probe_check(r, AO_CHECK_CONNECT, AO_CHECK_PASS, "TCP %s port %d (%.0f ms)",
	            x->ip[0] ? x->ip : c->url.host, c->url.port, r->connect_ms);
	if (strcmp(c->url.scheme, "https") == 0) {
		if (app > 0 || x->status > 0) {
			r->tls_ok = 1;
			probe_check(r, AO_CHECK_TLS, AO_CHECK_PASS, "certificate verified for %s (%.0f ms)",
			            c->url.host, r->tls_ms);
		}
	} else {
		probe_check(r, AO_CHECK_TLS, AO_CHECK_SKIP, "plain http (allowed for loopback only)");
	}
}

/* Whether a redirect from x->url to target may be followed: same host and
 * port, never from https to http, and for POST only 307/308 (which keep
 * the method and body). */
static int
redirect_allowed(const struct probe_exchange *x, const char *target)
{
	struct ao_url from, to;

	if (ao_url_parse(x->url, &from, NULL, 0) != 0 || ao_url_parse(target, &to, NULL, 0) != 0)
		return 0;
	if (strcmp(from.host, to.host) != 0)
		return 0;
	if (strcmp(from.scheme, "https") == 0 && strcmp(to.scheme, "https") != 0)
		return 0;
	if (strcmp(from.scheme, to.scheme) == 0 && from.port != to.port)
		return 0;
	if (strcmp(x->method, "GET") != 0 && x->status != 307 && x->status != 308)
		return 0;
	return 1;
}

/* --log: the request as it goes out -- what build_headers handed to
 * libcurl, so the credential appears only as the masked Authorization
 * header, and only where it was really sent (the endpoint's origin). */
static void
log_request(const struct probe_exchange *x, const struct curl_slist *hdrs)
{
	static const char ua[] = "User-Agent: agent-onboard/" AO_VERSION " (probe)";
	const struct curl_slist *h;

	if (x->log == NULL)
		return;
	ao_log_request_line(x->log, x->log_id, x->method, x->url);
	ao_log_header(x->log, x->log_id, '>', ua, strlen(ua));
	for (h = hdrs; h != NULL; h = h->next)
		if (strcmp(h->data, "Expect:") != 0)
			ao_log_header(x->log, x->log_id, '>', h->data, strlen(h->data));
	if (x->post != NULL)
		ao_log_body(x->log, x->log_id, '>', "application/json", x->post, strlen(x->post), 0);
}

/* --log: the answer's body (headers were traced as they came) and how the
 * exchange ended.  For an event stream the body is the matching event's
 * data, which is what was read. */
static void
log_response(const struct probe_exchange *x, double elapsed)
{
	if (x->log == NULL)
		return;
	/* an agent that echoes the credential back (in an error text, under a
	 * key that is not secret-looking) must not put it in the trace */
	if (holds_secret(x, x->body.data, x->body.len))
		ao_log_printf(x->log, "#%u < body %zu bytes, not shown: it repeats the credential", x->log_id,
		              x->body.len);
	else if (x->status > 0 && x->body.len > 0)
		ao_log_body(x->log, x->log_id, '<', x->sse_found ? "application/json" : x->content_type,
		            x->body.data, x->body.len, 0);
	ao_log_outcome(x->log, x->log_id, x->status,
	               x->rc == CURLE_OK ? (x->too_large ? "body too large" : "ok")
	                                 : (x->err[0] != '\0' ? x->err : curl_easy_strerror(x->rc)),
	               elapsed);
}

/* curl_easy_perform only looks at the progress callback about once a
 * second while it waits, too slow for Esc in the wizard; a multi handle
 * polled in short steps notices a cancel within PROBE_POLL_MS. */
static CURLcode
perform(struct probe_ctx *c)
{
	CURLMsg *msg;
	CURLcode rc = CURLE_OK;
	int running = 1, left;

	if (curl_multi_add_handle(c->multi, c->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	while (running) {
		if (curl_multi_perform(c->multi, &running) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
		if (!running)
			break;
		if (probe_cancelled(c)) {
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		curl_multi_poll(c->multi, NULL, 0, PROBE_POLL_MS, NULL);
	}
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == c->curl && rc == CURLE_OK)
			rc = msg->data.result;
	curl_multi_remove_handle(c->multi, c->curl);
	return rc;
}

int
probe_http(struct probe_ctx *c, struct probe_exchange *x)
{
	struct curl_slist *hdrs;
	char *target = NULL;
	long long remaining, started;

	for (;;) {
		reset_response(x);
		if (probe_url_allowed(c, x->url, x->err, sizeof(x->err)) != 0)
			return -2;
		if (probe_cancelled(c)) {
			x->rc = CURLE_ABORTED_BY_CALLBACK;
			return -1;
		}
		remaining = c->deadline_ms - probe_now_ms();
		if (x->budget_ms > 0 && x->budget_ms < remaining)
			remaining = x->budget_ms;
		if (remaining <= 0) {
			x->rc = CURLE_OPERATION_TIMEDOUT;
			snprintf(x->err, sizeof(x->err), "the probe ran out of time");
			return -1;
		}
		hdrs = build_headers(c, x);
		set_options(c, x, hdrs, (long)remaining);
		x->log = c->req->log;
		x->log_id = x->log != NULL ? ao_log_next_id() : 0;
		x->secrets[0] = c->req->token;
		x->secrets[1] = c->req->password;
		log_request(x, hdrs);
		started = probe_now_ms();
		x->rc = perform(c);
		free_headers(hdrs);
		curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
		if (x->sse)
			ao_sse_finish(&x->parser);
		if (x->rc == CURLE_WRITE_ERROR && x->sse_found)
			x->rc = CURLE_OK;   /* we stopped reading at the reply */
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &x->status);
		if (x->rc != CURLE_OK && !x->too_large && x->err[0] == '\0')
			snprintf(x->err, sizeof(x->err), "%s", curl_easy_strerror(x->rc));
		log_response(x, (double)(probe_now_ms() - started) / 1000.0);
		record_connection(c, x);
		if (x->rc != CURLE_OK && !x->too_large) {
			if (x->err[0] == '\0')
				snprintf(x->err, sizeof(x->err), "%s", curl_easy_strerror(x->rc));
			return -1;
		}
		if (x->status < 300 || x->status >= 400)
			return 0;
		target = NULL;
		curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_URL, &target);
		if (target == NULL)
			return 0;
		if (x->redirects >= PROBE_MAX_REDIRECTS || !redirect_allowed(x, target) ||
		    strlen(target) >= sizeof(x->url)) {
			snprintf(x->location, sizeof(x->location), "%s", target);
			return 0;
		}
		memmove(x->url, target, strlen(target) + 1);
		x->redirects++;
	}
}

const char *
probe_reply(const struct probe_exchange *x, size_t *len)
{
	*len = x->body.len;
	return x->body.data != NULL ? x->body.data : "";
}

/* --- transport failures ---------------------------------------------------- */

/* The certificate problem in words, from the X509 verification result
 * (OpenSSL's X509_V_ERR_* numbers; libcurl does not name them). */
static const char *
cert_problem(long v)
{
	switch (v) {
	case 2: case 20: case 21:
		return "it is issued by a certificate authority this computer does not trust";
	case 9:
		return "the certificate is not valid yet";
	case 10:
		return "the certificate has expired";
	case 18:
		return "the certificate is self-signed";
	case 19:
		return "the certificate chain ends in an untrusted self-signed certificate";
	case 23:
		return "the certificate has been revoked";
	case 62:
		return "the certificate is not for this host name";
	default:
		return NULL;
	}
}

static const char tls_fix_trust[] =
	"The platform will refuse this certificate too: serve a certificate from a public CA "
	"(e.g. Let's Encrypt) with the full chain. To test a private deployment, pass its CA "
	"with --ca-file FILE.";

static const char tls_fix_wrong_ca[] =
	"The CA given with --ca-file does not vouch for this certificate: pass the certificate of "
	"the CA that issued it with --ca-file FILE. The platform itself trusts only public CAs: "
	"serve a certificate from one (e.g. Let's Encrypt) with the full chain.";

/* The server's certificate was not verified (whatever code libcurl chose
 * for it): named as a certificate problem, with --ca-file as the fix for
 * a private CA. */
static void
cert_failed(struct probe_ctx *c, const struct probe_exchange *x)
{
	struct ao_probe_result *r = c->res;
	const char *problem = cert_problem(x->verify_result), *fix;
	int host_name;

	r->reachable = 1;
	r->tls_ok = 0;
	if (problem == NULL && strstr(x->err, "subject name") != NULL)
		problem = "the certificate is not for this host name";
	host_name = x->verify_result == 62 || (problem != NULL && strstr(problem, "host name") != NULL);
	if (host_name)
		fix = "Serve a certificate whose names include this host, or register the URL with a "
		      "host name the certificate covers.";
	else if (c->req->ca_file != NULL && c->req->ca_file[0] != '\0')
		fix = tls_fix_wrong_ca;
	else
		fix = tls_fix_trust;
	probe_check(r, AO_CHECK_TLS, AO_CHECK_FAIL, "certificate problem: %s", problem ? problem : x->err);
	probe_fail(c, AO_PROBE_TLS, fix, "The TLS certificate of %s was refused (certificate problem): "
	           "%s (%s).", c->url.host, problem ? problem : "verification failed", x->err);
}

void
probe_transport_failed(struct probe_ctx *c, const struct probe_exchange *x, const char *what)
{
	struct ao_probe_result *r = c->res;
	const char *host = c->url.host;
	long long waited = probe_now_ms() - c->start_ms;

	if (!c->timings_done && x->resolved) {
		probe_check(r, AO_CHECK_DNS, AO_CHECK_PASS, "%s%s%s", host, x->ip[0] ? " -> " : "", x->ip);
	}
	switch (x->rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		r->reachable = 0;
		probe_check(r, AO_CHECK_DNS, AO_CHECK_FAIL, "%s did not resolve", host);
		probe_fail(c, AO_PROBE_DNS, "Check the host name for typos. A new name may need time "
		           "for its DNS record to appear.", "The host name %s could not be resolved.", host);
		return;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		r->reachable = 0;
		probe_check(r, AO_CHECK_CONNECT, AO_CHECK_FAIL, "%s port %d: %s", x->ip[0] ? x->ip : host,
		            c->url.port, x->os_errno ? strerror((int)x->os_errno) : x->err);
		probe_fail(c, AO_PROBE_CONNECT, "Check that the agent is running and listening on this "
		           "port, and that no firewall blocks it.", "Could not connect to %s port %d (%s).",
		           host, c->url.port, x->os_errno ? strerror((int)x->os_errno) : x->err);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		if (!x->connected && !c->timings_done) {
			r->reachable = 0;
			probe_check(r, AO_CHECK_CONNECT, AO_CHECK_FAIL, "%s port %d: no answer in %lld ms",
			            host, c->url.port, waited);
			probe_fail(c, AO_PROBE_TIMEOUT, "Check that the host and port are right and that no "
			           "firewall drops the connection.", "Timed out connecting to %s port %d.",
			           host, c->url.port);
		} else {
			probe_check(r, AO_CHECK_HTTP, AO_CHECK_FAIL, "no answer to %s within %lld ms", what, waited);
			probe_fail(c, AO_PROBE_TIMEOUT, "The agent accepted the connection but did not answer "
			           "in time; check that it is healthy (the platform gives up on slow agents too).",
			           "The agent did not answer %s within %.1f s.", what, (double)waited / 1000.0);
		}
		return;
	case CURLE_ABORTED_BY_CALLBACK:
		probe_fail(c, AO_PROBE_CANCELLED, NULL, "The probe was cancelled.");
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		cert_failed(c, x);
		return;
	case CURLE_SSL_CACERT_BADFILE:
		probe_check(r, AO_CHECK_TLS, AO_CHECK_FAIL, "the CA file could not be read");
		if (c->req->ca_file != NULL && c->req->ca_file[0] != '\0')
			probe_fail(c, AO_PROBE_TLS, "Check the path given with --ca-file: it must be a "
			           "readable PEM file.", "The CA file %s given with --ca-file could not be "
			           "read (%s).", c->req->ca_file, x->err);
		else
			probe_fail(c, AO_PROBE_TLS, "Install ca-certificates, or pass a CA bundle with "
			           "--ca-file FILE.", "The system's CA certificates could not be read (%s).",
			           x->err);
		return;
	case CURLE_SSL_CONNECT_ERROR:
		/* OpenSSL may fail the handshake itself on the certificate */
		if (strcasestr(x->err, "certificate") != NULL || cert_problem(x->verify_result) != NULL) {
			cert_failed(c, x);
			return;
		}
		r->reachable = 1;
		r->tls_ok = 0;
		probe_check(r, AO_CHECK_TLS, AO_CHECK_FAIL, "handshake failed: %s", x->err);
		probe_fail(c, AO_PROBE_TLS, "Check that the agent serves HTTPS on this port (an http:// "
		           "server answers a TLS handshake with garbage).", "The TLS handshake with %s "
		           "failed (%s).", host, x->err);
		return;
	default:
		probe_check(r, AO_CHECK_HTTP, AO_CHECK_FAIL, "%s: %s", what, x->err);
		probe_fail(c, AO_PROBE_HTTP, "Check the agent's logs; it dropped the connection "
		           "instead of answering.", "The agent did not send a complete answer to %s (%s).",
		           what, x->err);
		return;
	}
}
