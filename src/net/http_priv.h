/* SPDX-License-Identifier: MIT */
/* Shared between the files of the HTTP request engine only. */
#ifndef AO_NET_HTTP_PRIV_H
#define AO_NET_HTTP_PRIV_H

#include <curl/curl.h>

#include "agent-onboard/net/http.h"

struct ao_http_priv {
	struct ao_http_opts opts;      /* ca_file copied */
	struct curl_slist *headers;    /* non-secret headers */
	char *bearer;                  /* secret: "Authorization: Bearer ..." */
	struct curl_slist *sent_headers;  /* what was handed to libcurl (wiped) */
	char *req_body;
	size_t req_body_len;
	char *req_content_type;
	int body_secret;
	ao_http_done_fn done;
	void *arg;
	int started, in_flight, completed;
	unsigned deliver_timer;        /* pending deferred completion */
	int too_large;                 /* the body cap refused bytes */
	char curl_err[CURL_ERROR_SIZE];
};

/* Fills req->status and req->error from a finished transfer (curl result,
 * HTTP status, captured headers).  In http_errors.c. */
void ao_http_classify(struct ao_http *req, CURLcode result);

#endif
