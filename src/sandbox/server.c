/* SPDX-License-Identifier: MIT */
/* The HTTP(S) side of the simulator: binding a loopback socket, running
 * libmicrohttpd (internal polling thread, one thread per connection, so a
 * slow or stalled request never holds up the others), collecting request
 * bodies with a hard cap, applying faults, and turning replies into
 * responses.  Starting and stopping the whole simulator lives here too. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/crypto/key_decoder.h"
#include "conn_guard.h"
#include "mhd_dl.h"
#include "sandbox_internal.h"

#define PEM_MAX (64 * 1024)

/* One request in flight (libmicrohttpd's per-request closure). */
struct sb_conn {
	const struct sb_route *route;
	char key[600];
	char param[512];
	char allow[64];
	int method_mismatch;
	struct ao_buf body;       /* secret: request bodies carry credentials */
	int too_large;
	int64_t started;
};

void
ao_sandbox_options_init(struct ao_sandbox_options *o)
{
	memset(o, 0, sizeof(*o));
	o->host = "127.0.0.1";
	o->activate_after_ms = 3000;
	o->probe_interval_ms = 1000;
	/* the docs never disable a source by themselves: only on request */
	o->disable_after_ms = 0;
	o->probe_timeout_ms = 5000;
	o->rate_limit = 100;
	o->rate_window_ms = 60000;
	o->seed_partners = 2;
	o->partner_port = -1;
}

const char *
sb_header(const struct sb_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
sb_query(const struct sb_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static void
client_address(struct MHD_Connection *conn, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	snprintf(out, outsz, "unknown");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)outsz);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)outsz);
}

/* Sleeps for a latency fault; returns early when the simulator stops. */
static void
fault_sleep(struct ao_sandbox *s, long ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&s->lock);
}

/* ---- truncated bodies ------------------------------------------------------- */

struct truncated {
	char *body;
	size_t send;              /* bytes sent before the connection is cut */
};

static ssize_t
truncated_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct truncated *t = cls;
	size_t n;

	if (pos >= t->send)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = t->send - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, t->body + pos, n);
	return (ssize_t)n;
}

static void
truncated_free(void *cls)
{
	struct truncated *t = cls;

	free(t->body);
	free(t);
}

static struct MHD_Response *
make_response(struct sb_reply *rep, int truncate)
{
	struct MHD_Response *resp;
	size_t i;

	if (truncate && rep->body_len > 1) {
		struct truncated *t = xmalloc(sizeof(*t));

		t->body = rep->body;
		t->send = rep->body_len / 2;
		resp = MHD_create_response_from_callback(rep->body_len, 4096, truncated_read, t, truncated_free);
		if (resp == NULL) {
			free(t);
			return NULL;   /* rep still owns the body */
		}
	} else {
		resp = MHD_create_response_from_buffer_with_free_callback(rep->body_len,
			rep->body != NULL ? rep->body : (char *)"", rep->body != NULL ? free : NULL);
		if (resp == NULL)
			return NULL;
	}
	rep->body = NULL;   /* owned by the response now */
	rep->body_len = 0;
	if (rep->content_type != NULL && rep->status != 204)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->content_type);
	for (i = 0; i < rep->nheaders; i++)
		MHD_add_response_header(resp, rep->hname[i], rep->hvalue[i]);
	return resp;
}

/* ---- requests ---------------------------------------------------------------- */

static int wrong_listener(struct ao_sandbox *s, struct MHD_Connection *conn, const char *url);

static void
answer(struct sb_conn *c, struct sb_request *r, const struct sb_fault_plan *plan, struct sb_reply *rep)
{
	if (plan->status != 0) {
		if (plan->status == 503 || plan->status == 429)
			sb_reply_header(rep, "Retry-After", "1");
		sb_reply_error(rep, plan->status, plan->code, NULL, NULL,
		               "Injected fault: the sandbox answers %d (fault status=%d).", plan->status,
		               plan->status);
	} else if (c->too_large) {
		sb_reply_error(rep, 413, NULL, NULL, NULL, "The request body is larger than %d bytes.",
		               AO_SANDBOX_MAX_BODY);
	} else if (c->route == NULL && c->method_mismatch) {
		sb_reply_header(rep, "Allow", "%s", c->allow);
		sb_reply_error(rep, 405, NULL, NULL, NULL, "%s is not allowed here; use %s.", r->method, c->allow);
	} else if (c->route == NULL) {
		sb_reply_error(rep, 404, "NOT_FOUND", NULL, NULL, "No such endpoint: %s %.200s", r->method, r->path);
	} else {
		sb_route_run(c->route, r, rep);
	}
}

static enum MHD_Result
finish(struct ao_sandbox *s, struct MHD_Connection *conn, struct sb_conn *c, const char *url,
       const char *method)
{
	struct sb_fault_plan plan;
	struct sb_request r;
	struct sb_reply rep;
	struct MHD_Response *resp;
	char client[64];
	enum MHD_Result ret = MHD_NO;

	sb_guard_received(conn);   /* answering time does not count (conn_guard.h) */
	pthread_mutex_lock(&s->lock);
	sb_faults_plan(s, c->key, &plan);
	pthread_mutex_unlock(&s->lock);
	if (plan.latency_ms > 0) {
		/* said on arrival, so that a test can act while the request is
		 * held (the answer's own line comes when it is sent) */
		sb_log(s, "holding %s %.200s for %ld ms [latency]", method, url, plan.latency_ms);
		fault_sleep(s, plan.latency_ms);
	}
	if (plan.drop) {
		sb_log(s, "%s %.200s -> dropped [%s]", method, url, plan.names);
		return MHD_NO;
	}
	client_address(conn, client, sizeof(client));
	memset(&r, 0, sizeof(r));
	r.sb = s;
	r.method = method;
	r.path = url;
	r.route_key = c->key;
	r.param = c->param[0] != '\0' ? c->param : NULL;
	r.body = c->body.data != NULL ? c->body.data : "";
	r.body_len = c->body.len;
	r.client = client;
	r.conn = conn;
	sb_reply_init(&rep);
	answer(c, &r, &plan, &rep);
	if (plan.drop_after_commit) {
		sb_log(s, "%s %.200s -> %d, then dropped [%s]", method, url, rep.status, plan.names);
		goto out;
	}
	sb_faults_shape_reply(&plan, &rep);
	resp = make_response(&rep, plan.truncate);
	if (resp == NULL)
		goto out;
	ret = MHD_queue_response(conn, (unsigned)rep.status, resp);
	MHD_destroy_response(resp);
	sb_log(s, "%s %.200s -> %d (%ld ms)%s%s%s", method, url, rep.status,
	       (long)(sb_now_ms() - c->started), plan.names[0] ? " [" : "", plan.names,
	       plan.names[0] ? "]" : "");
out:
	sb_reply_clear(&rep);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct ao_sandbox *s = cls;
	struct sb_conn *c = *req_cls;

	(void)version;
	if (c == NULL) {
		const char *length;

		c = xcalloc(1, sizeof(*c));
		ao_buf_init(&c->body, AO_SANDBOX_MAX_BODY);
		c->body.secret = 1;
		c->started = sb_now_ms();
		c->route = sb_route_match(method, url, c->param, sizeof(c->param), c->key, sizeof(c->key),
		                          &c->method_mismatch, c->allow, sizeof(c->allow));
		if (wrong_listener(s, conn, url)) {
			c->route = NULL;
			c->method_mismatch = 0;
		}
		*req_cls = c;
		pthread_mutex_lock(&s->lock);
		sb_count_request(s, c->key);
		pthread_mutex_unlock(&s->lock);
		length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length != NULL && strtoull(length, NULL, 10) > (unsigned long long)AO_SANDBOX_MAX_BODY) {
			/* refuse before reading it; the connection is closed after */
			c->too_large = 1;
			return finish(s, conn, c, url, method);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!c->too_large && ao_buf_append(&c->body, upload_data, *upload_data_size) != 0)
			c->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return finish(s, conn, c, url, method);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls, enum MHD_RequestTerminationCode toe)
{
	struct sb_conn *c = *req_cls;

	(void)cls; (void)toe;
	sb_guard_answered(conn);   /* the next request's clock starts */
	if (c == NULL)
		return;
	ao_buf_free(&c->body);
	free(c);
	*req_cls = NULL;
}

static void mhd_logger(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void
mhd_logger(void *cls, const char *fmt, va_list ap)
{
	struct ao_sandbox *s = cls;
	char line[512];
	size_t n;

	if (s->log == NULL)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	sb_log(s, "libmicrohttpd: %s", line);
}

/* ---- start / stop -------------------------------------------------------------- */

/* A daemon on the bound socket fd (it owns fd once started). */
static struct MHD_Daemon *
start_daemon(struct ao_sandbox *s, int fd, int ipv6)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
	                 MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0) | (s->tls ? MHD_USE_TLS : 0);

	if (s->tls)
		return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s,
			MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
			MHD_OPTION_NOTIFY_CONNECTION, sb_guard_notify, s,
			MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SB_PER_CLIENT_CONNECTIONS,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			MHD_OPTION_HTTPS_MEM_CERT, s->tls_cert,
			MHD_OPTION_HTTPS_MEM_KEY, s->tls_key,
			MHD_OPTION_END);
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
			MHD_OPTION_NOTIFY_CONNECTION, sb_guard_notify, s,
			MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SB_PER_CLIENT_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_END);
}

static int bind_loopback(const char *host, int port, int *bound_port, int *ipv6, char *err, size_t errsz);

/* The partner API on a listener of its own, as on the platform, where it
 * lives on another host (api.agentic.scope3.com) than the storefront API. */
static int
start_partner_listener(struct ao_sandbox *s, int port, char *err, size_t errsz)
{
	int ipv6 = 0, bound = 0, fd = bind_loopback(s->host, port, &bound, &ipv6, err, errsz);

	if (fd < 0)
		return -1;
	s->partner_daemon = start_daemon(s, fd, ipv6);
	if (s->partner_daemon == NULL) {
		close(fd);
		snprintf(err, errsz, "cannot start the partner API's listener");
		return -1;
	}
	s->partner_port = bound;
	if (ipv6 && s->host[0] != '[')
		s->partner_url = xasprintf("%s://[%s]:%d", s->tls ? "https" : "http", s->host, bound);
	else
		s->partner_url = xasprintf("%s://%s:%d", s->tls ? "https" : "http", s->host, bound);
	sb_log(s, "partner API listening on %s", s->partner_url);
	return 0;
}

/* With a partner listener, each listener serves its own API only (and
 * /health): a client that sends a partner call to the storefront host gets
 * a 404, as it would from the platform. */
static int
wrong_listener(struct ao_sandbox *s, struct MHD_Connection *conn, const char *url)
{
	const union MHD_ConnectionInfo *ci;
	int partner_path, on_partner;

	if (s->partner_daemon == NULL || strcmp(url, "/health") == 0)
		return 0;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_DAEMON);
	on_partner = ci != NULL && ci->daemon == s->partner_daemon;
	partner_path = strncmp(url, "/api/v2/partner/", 16) == 0;
	return on_partner != partner_path;
}

/* Binds the loopback address; returns the socket or -1 with err. */
static int
bind_loopback(const char *host, int port, int *bound_port, int *ipv6, char *err, size_t errsz)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = -1, one = 1;
	char h[64];

	memset(&ss, 0, sizeof(ss));
	snprintf(h, sizeof(h), "%s", host);
	if (h[0] == '[' && h[strlen(h) - 1] == ']') {
		memmove(h, h + 1, strlen(h));
		h[strlen(h) - 1] = '\0';
	}
	if (strcasecmp(h, "localhost") == 0)
		snprintf(h, sizeof(h), "127.0.0.1");
	if (!ao_url_host_is_loopback(h)) {
		snprintf(err, errsz, "refusing to listen on %s: the sandbox only listens on loopback "
		         "addresses (127.0.0.1, ::1, localhost)", host);
		return -1;
	}
	*ipv6 = strchr(h, ':') != NULL;
	if (*ipv6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, h, &a->sin6_addr) != 1)
			goto bad_host;
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)(void *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, h, &a->sin_addr) != 1)
			goto bad_host;
		len = sizeof(*a);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errsz, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 64) != 0) {
		snprintf(err, errsz, "cannot listen on %s port %d: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	len = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	*bound_port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)(void *)&ss)->sin6_port
	                                              : ((struct sockaddr_in *)(void *)&ss)->sin_port);
	return fd;
bad_host:
	snprintf(err, errsz, "%s is not an IP address; use 127.0.0.1, ::1 or localhost", host);
	return -1;
}

static char *
read_pem(const char *path, const char *what, char *err, size_t errsz)
{
	struct ao_buf b;
	int rc;

	ao_buf_init(&b, PEM_MAX);
	b.secret = 1;
	rc = ao_buf_read_file(&b, path, PEM_MAX);
	if (rc != 0 || b.len == 0) {
		snprintf(err, errsz, "cannot read the TLS %s %s: %s", what, path,
		         rc == 0 ? "empty file" : rc == EFBIG ? "too large" : strerror(rc));
		ao_buf_free(&b);
		return NULL;
	}
	return ao_buf_steal(&b);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

static void
sandbox_free(struct ao_sandbox *s)
{
	size_t i;

	sb_store_free(s);
	sb_registry_free(s);
	sb_faults_free(s);
	sb_counts_free(s);
	sb_rate_free(s);
	for (i = 0; i < sizeof(s->keys) / sizeof(s->keys[0]); i++)
		ao_secret_free(s->keys[i]);
	ao_secret_free(s->tls_key);
	free(s->tls_cert);
	free(s->url);
	free(s->partner_url);
	free(s->host);
	free(s->state_file);
	free(s->probe_ca_file);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

struct ao_sandbox *
ao_sandbox_start(const struct ao_sandbox_options *o, char *err, size_t errsz)
{
	struct ao_sandbox *s = xcalloc(1, sizeof(*s));
	struct ao_sandbox_options defaults;
	pthread_condattr_t ca;
	int fd = -1, ipv6 = 0, port = 0;
	const char *const *fp;
	char local_err[2];

	/* the simulator checks JWT keys the way the platform would */
	ao_crypto_install_key_decoder();
	if (err == NULL || errsz == 0) {
		err = local_err;
		errsz = sizeof(local_err);
	}
	if (ao_mhd_load(err, errsz) != 0) {
		free(s);
		return NULL;
	}
	err[0] = '\0';
	if (o == NULL) {
		ao_sandbox_options_init(&defaults);
		o = &defaults;
	}
	s->opt = *o;
	s->log = o->log;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	s->host = xstrdup(o->host != NULL && *o->host != '\0' ? o->host : "127.0.0.1");
	s->keys[0] = xstrdup(AO_SANDBOX_DEMO_KEY);
	s->keys[1] = dup_or_null(o->extra_api_key);
	s->state_file = dup_or_null(o->state_file);
	s->probe_ca_file = dup_or_null(o->probe_ca_file);
	s->opt.host = s->host;
	s->opt.state_file = s->state_file;
	s->opt.probe_ca_file = s->probe_ca_file;
	s->opt.extra_api_key = NULL;
	s->opt.faults = NULL;
	s->opt.registry_urls = NULL;
	s->opt.registry_file = NULL;
	s->opt.tls_cert_file = s->opt.tls_key_file = NULL;
	if (o->port < 0 || o->port > 65535) {
		snprintf(err, errsz, "port %d is out of range (0-65535; 0 picks a free one)", o->port);
		goto fail;
	}
	if ((o->tls_cert_file != NULL) != (o->tls_key_file != NULL)) {
		snprintf(err, errsz, "HTTPS needs both a certificate (--tls-cert) and its key (--tls-key)");
		goto fail;
	}
	for (fp = o->faults; fp != NULL && *fp != NULL; fp++)
		if (ao_sandbox_add_fault(s, *fp, err, errsz) != 0)
			goto fail;
	if (o->tls_cert_file != NULL) {
		s->tls = 1;
		if ((s->tls_cert = read_pem(o->tls_cert_file, "certificate", err, errsz)) == NULL ||
		    (s->tls_key = read_pem(o->tls_key_file, "key", err, errsz)) == NULL)
			goto fail;
	}
	fd = bind_loopback(s->host, o->port, &port, &ipv6, err, errsz);
	if (fd < 0)
		goto fail;
	s->port = port;
	{
		char h[64];

		snprintf(h, sizeof(h), "%s", s->host);
		if (ipv6 && h[0] != '[')
			s->url = xasprintf("%s://[%s]:%d", s->tls ? "https" : "http", h, port);
		else
			s->url = xasprintf("%s://%s:%d", s->tls ? "https" : "http", h, port);
	}
	sb_store_seed(s);
	sb_registry_add_demo_agents(s);
	if (o->registry_file != NULL && sb_registry_load(s, o->registry_file, err, errsz) != 0)
		goto fail;
	for (fp = o->registry_urls; fp != NULL && *fp != NULL; fp++)
		sb_registry_add(s, *fp, NULL, NULL, NULL);
	if (s->state_file != NULL && sb_state_load(s, err, errsz) != 0)
		goto fail;

	s->daemon = start_daemon(s, fd, ipv6);
	if (s->daemon == NULL) {
		snprintf(err, errsz, "cannot start the HTTP%s server on %s (%s)", s->tls ? "S" : "", s->url,
		         s->tls ? "is the certificate/key pair valid PEM?" : "libmicrohttpd refused");
		goto fail;
	}
	fd = -1;   /* the daemon owns it now */
	if (o->partner_port >= 0 && start_partner_listener(s, o->partner_port, err, errsz) != 0)
		goto fail;
	if (sb_prober_start(s) != 0) {
		snprintf(err, errsz, "cannot start the activation thread");
		goto fail;
	}
	sb_log(s, "listening on %s", s->url);
	return s;
fail:
	if (s->partner_daemon != NULL)
		MHD_stop_daemon(s->partner_daemon);
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	if (fd >= 0)
		close(fd);
	sandbox_free(s);
	return NULL;
}

const char *
ao_sandbox_url(const struct ao_sandbox *s)
{
	return s->url;
}

const char *
ao_sandbox_partner_url(const struct ao_sandbox *s)
{
	return s->partner_url != NULL ? s->partner_url : s->url;
}

int
ao_sandbox_port(const struct ao_sandbox *s)
{
	return s->port;
}

void
ao_sandbox_stop(struct ao_sandbox *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	s->cancel_probe = 1;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	sb_prober_stop(s);
	if (s->partner_daemon != NULL)
		MHD_stop_daemon(s->partner_daemon);
	s->partner_daemon = NULL;
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	s->daemon = NULL;
	if (s->state_file != NULL) {
		pthread_mutex_lock(&s->lock);
		sb_state_save(s);
		pthread_mutex_unlock(&s->lock);
	}
	sb_log(s, "stopped");
	sandbox_free(s);
}
