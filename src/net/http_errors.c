/* SPDX-License-Identifier: MIT */
/* Turning a finished transfer into an ao_status and a sentence that says
 * what happened and what to do about it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/display.h"
#include "agent-onboard/core/url.h"
#include "http_priv.h"

static void host_of(const char *url, char *host, size_t sz)
{
	struct ao_url u;
	char msg[128];

	if (ao_url_parse(url, &u, msg, sizeof(msg)) == 0)
		snprintf(host, sz, "%s", u.host);
	else
		snprintf(host, sz, "the server");
}

static int is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

/* Whether a TLS failure is the server's certificate not being verified --
 * the case --ca-file fixes.  libcurl reports it as 60 (PEER_FAILED_
 * VERIFICATION), but also as 35 (SSL_CONNECT_ERROR: OpenSSL's "certificate
 * verify failed" during the handshake), 58, 83 or 91 depending on the
 * version and where the chain broke; the error text names the certificate
 * in every case. */
static int is_cert_error(CURLcode rc, const char *detail)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return 1;
	case CURLE_SSL_CONNECT_ERROR:
		return strcasestr(detail, "certificate") != NULL;
	default:
		return 0;
	}
}

/* The TLS failure in req->error: every certificate problem is named as one,
 * with --ca-file as the fix (the flag is the only switch there is:
 * verification can never be turned off). */
static void tls_message(struct ao_http *req, CURLcode rc, const char *host, const char *detail)
{
	struct ao_http_priv *p = req->priv;
	const char *ca = p->opts.ca_file;

	if (rc == CURLE_SSL_CACERT_BADFILE) {
		if (ca)
			snprintf(req->error, sizeof(req->error),
			         "The CA file %s given with --ca-file could not be read as PEM certificates "
			         "(%s). Pass a readable PEM file with --ca-file FILE.", ca, detail);
		else
			snprintf(req->error, sizeof(req->error),
			         "The system's CA certificates could not be read (%s), so the certificate of "
			         "%s cannot be checked. Install ca-certificates, or pass a CA bundle with "
			         "--ca-file FILE.", detail, host);
		return;
	}
	if (is_cert_error(rc, detail)) {
		if (ca)
			snprintf(req->error, sizeof(req->error),
			         "The TLS certificate of %s was not accepted (certificate problem: %s). The "
			         "CA file given with --ca-file (%s) does not vouch for it: pass the "
			         "certificate of the CA that issued the server's certificate with --ca-file "
			         "FILE, and check the API URL.", host, detail, ca);
		else
			snprintf(req->error, sizeof(req->error),
			         "The TLS certificate of %s was not accepted (certificate problem: %s). If "
			         "the server uses a private CA, pass its certificate with --ca-file FILE; "
			         "otherwise check the API URL.", host, detail);
		return;
	}
	snprintf(req->error, sizeof(req->error), "The secure connection to %s failed: %s.", host, detail);
}

void ao_http_classify(struct ao_http *req, CURLcode rc)
{
	struct ao_http_priv *p = req->priv;
	const char *detail = p->curl_err[0] ? p->curl_err : curl_easy_strerror(rc);
	char host[256];

	host_of(req->url, host, sizeof(host));
	req->error[0] = '\0';

	if (rc == CURLE_OK) {
		if (req->http_status >= 300 && req->http_status < 400) {
			/* Following a redirect could carry the key to another host or
			 * over plain http; a moved API is a configuration problem. */
			char *where = ao_display_dup(req->location ? req->location : "(no Location)");

			req->status = AO_ERR_NETWORK;
			snprintf(req->error, sizeof(req->error),
			         "%s answered HTTP %ld, a redirect to %s, which agent-onboard does not "
			         "follow. Check the API URL (--api-url).",
			         host, req->http_status, where);
			free(where);
			return;
		}
		req->status = AO_OK;
		return;
	}
	if (rc == CURLE_WRITE_ERROR && p->too_large) {
		req->status = AO_ERR_TOO_LARGE;
		snprintf(req->error, sizeof(req->error),
		         "The response from %s is larger than %zu bytes, the most agent-onboard accepts; "
		         "the server or a proxy in between is misbehaving.",
		         host, p->opts.body_limit);
		return;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		long connect_s = (p->opts.connect_timeout_ms + 999) / 1000;
		long total_s = (p->opts.timeout_ms + 999) / 1000;
		req->status = AO_ERR_TIMEOUT;
		if (!req->sent)
			snprintf(req->error, sizeof(req->error),
			         "Could not connect to %s within %ld s. Check the network, a proxy or "
			         "firewall, and the API URL.", host, connect_s);
		else
			snprintf(req->error, sizeof(req->error),
			         "%s did not answer within %ld s.", host, total_s);
		return;
	}
	if (is_tls_error(rc)) {
		req->status = AO_ERR_TLS;
		tls_message(req, rc, host, detail);
		return;
	}
	req->status = AO_ERR_NETWORK;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(req->error, sizeof(req->error),
		         "Could not resolve the host name %s. Check the API URL and the network (DNS).",
		         host);
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(req->error, sizeof(req->error),
		         "Could not connect to %s: %s. Check the API URL and the network.", host, detail);
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		snprintf(req->error, sizeof(req->error),
		         "The connection to %s was closed before the answer was complete (%s).", host,
		         detail);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		req->status = AO_ERR_INVALID;
		snprintf(req->error, sizeof(req->error), "The URL %s cannot be used: %s.", req->url, detail);
		break;
	default:
		snprintf(req->error, sizeof(req->error), "The request to %s failed: %s.", host, detail);
		break;
	}
}
