/* SPDX-License-Identifier: MIT */
/* Shared by the probe's own files (probe.c, probe_http.c, probe_mcp.c,
 * probe_a2a.c, probe_oauth.c); not part of the public interface. */
#ifndef AO_NET_PROBE_INTERNAL_H
#define AO_NET_PROBE_INTERNAL_H

#include <curl/curl.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/net/probe.h"

#define PROBE_BODY_LIMIT (1024 * 1024)
#define PROBE_DEFAULT_TIMEOUT_MS 10000L
#define PROBE_MAX_REDIRECTS 3
#define PROBE_URL_MAX 2048
#define PROBE_POLL_MS 25

enum probe_auth {
	PROBE_AUTH_UNKNOWN,   /* not chosen yet (auth_type NULL): report what the agent asks for */
	PROBE_AUTH_NONE,      /* NO_AUTH */
	PROBE_AUTH_BEARER,    /* API_KEY */
	PROBE_AUTH_BASIC,     /* BASIC_AUTH */
	PROBE_AUTH_JWT,       /* token exchange done by the platform: sent without */
	PROBE_AUTH_OAUTH,     /* consent done after registration: sent without */
};

struct probe_ctx {
	const struct ao_probe_request *req;
	struct ao_probe_result *res;
	CURL *curl;
	CURLM *multi;                 /* drives curl so a cancel is seen within PROBE_POLL_MS */
	struct ao_url url;            /* the endpoint; url.path points into req->url */
	int loopback;                 /* the endpoint's host is loopback */
	enum probe_auth auth;
	char *auth_header;            /* "Authorization: ..." (a secret), or NULL */
	long long start_ms, deadline_ms;
	int timings_done;
	int failed;                   /* an outcome other than OK has been set */
};

struct probe_exchange {
	/* request */
	const char *method;           /* "GET", "POST" or "DELETE" */
	char url[PROBE_URL_MAX];
	const char *post;             /* POST body, or NULL */
	const char *headers[8];       /* extra header lines, NULL-terminated */
	int with_auth;                /* send the credential (only to the endpoint's origin) */
	long sse_id;                  /* > 0: stop an event stream at the reply with this id */
	long budget_ms;               /* > 0: at most this long (else what is left) */
	/* response */
	CURLcode rc;
	long status;                  /* 0 without an HTTP answer */
	int redirects;                /* followed (same origin) */
	char content_type[128];
	char session_id[256];
	char www_authenticate[1024];
	char location[PROBE_URL_MAX]; /* a redirect that was not followed */
	struct ao_buf body;           /* JSON body, or the data of the matching event */
	int sse, sse_found, too_large;
	long verify_result;           /* X509 verification result (TLS) */
	long os_errno;                /* of a failed connect */
	int resolved, connected;      /* how far the transfer got */
	char ip[64];                  /* the address connected to */
	char err[CURL_ERROR_SIZE];
	/* private */
	struct ao_sse_parser parser;
	struct ao_log *log;           /* the request's --log, or NULL */
	unsigned log_id;              /* this attempt's id in the trace */
	const char *secrets[2];       /* token, password: never traced, even echoed */
};

/* probe_http.c */
void probe_exchange_init(struct probe_exchange *x, const char *method, const char *url);
void probe_exchange_free(struct probe_exchange *x);
/* Returns 0 when an HTTP answer came back (x->status), -1 on a transport
 * failure (x->rc, x->err), -2 when the URL is refused by the probe's rules
 * (x->err says why) and nothing was sent. */
int probe_http(struct probe_ctx *c, struct probe_exchange *x);
/* Checks a URL met during the probe (metadata, card interface) against the
 * rules: https, or http to loopback when the endpoint itself is loopback. */
int probe_url_allowed(const struct probe_ctx *c, const char *url, char *why, size_t whysz);
/* Non-zero if url has the endpoint's scheme, host and port. */
int probe_same_origin(const struct probe_ctx *c, const char *url);
/* Sets the DNS/connect/TLS checks and the outcome for a failed transfer. */
void probe_transport_failed(struct probe_ctx *c, const struct probe_exchange *x, const char *what);
long long probe_now_ms(void);
int probe_cancelled(const struct probe_ctx *c);

/* probe.c */
void probe_check(struct ao_probe_result *r, enum ao_probe_check_id id, enum ao_check_state st,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Records the probe's outcome (the first failure wins) with a message and
 * a fix for the person reading it (fix may be NULL). */
void probe_fail(struct probe_ctx *c, enum ao_probe_outcome o, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A warning's advice becomes the result's fix when nothing failed. */
void probe_advise(struct probe_ctx *c, const char *fix);
/* HTTP answers that stop the probe: 3xx not followed, 4xx, 5xx. */
void probe_http_failed(struct probe_ctx *c, const struct probe_exchange *x, const char *what);
/* A 401/403 (or a 2xx for OAUTH) on the authenticated step: the
 * credential check, the OAuth discovery for OAUTH agents, and the outcome. */
void probe_auth_refused(struct probe_ctx *c, const struct probe_exchange *x);
/* The credential check after a 2xx on the authenticated step. */
void probe_auth_passed(struct probe_ctx *c);
/* The JSON bytes of an answer: the body, or the matching event's data. */
const char *probe_reply(const struct probe_exchange *x, size_t *len);
int probe_is_json(const struct probe_exchange *x);
const char *probe_auth_name(const struct probe_ctx *c);

/* probe_mcp.c, probe_a2a.c, probe_oauth.c */
void probe_mcp(struct probe_ctx *c);
void probe_a2a(struct probe_ctx *c);
/* OAuth metadata discovery, from a challenge (or NULL); sets the OAUTH
 * check and res->oauth_issuer.  Returns 0 when an authorization server's
 * metadata was found.  Without protected-resource metadata for this
 * endpoint, the agent's origin is tried as the authorization server (as
 * the platform does), unless require_resource is set. */
int probe_oauth_discover(struct probe_ctx *c, const struct ao_www_auth *challenge,
                         int require_resource);

#endif
