/* SPDX-License-Identifier: MIT */
/* The simulator's own activation check: does the agent answer with the
 * stored credential?  Deliberately NOT the client's probe (src/net/probe*.c):
 * if both sides shared one implementation, a probe bug would pass on both
 * and no test would notice.  This one is small and blunt, with plain
 * libcurl easy calls on the activation thread:
 *   MCP  POST initialize; passes on 200 with a JSON-RPC result that names a
 *        protocolVersion (JSON or text/event-stream);
 *   A2A  GET the agent card (agent-card.json, then agent.json), then one
 *        authenticated call on the first interface it names: JSON-RPC
 *        (POST tasks/get for a task that does not exist; any JSON-RPC
 *        answer means the credential got in) or HTTP+JSON (GET
 *        /tasks/<id>, 0.3: /v1/tasks/<id>; 200 or 404 means it got in).
 * 401 and 403 are "credential refused"; anything else is "not working". */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define CHECK_BODY_LIMIT (256 * 1024)

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct ao_buf *b = arg;

	return ao_buf_append(b, data, size * n) == 0 ? size * n : 0;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const volatile int *cancel = arg;

	(void)dt; (void)dn; (void)ut; (void)un;
	return cancel != NULL && *cancel;
}

/* One request; returns the HTTP status (0 when none) and the body in b. */
static long
request(const struct sb_check_request *q, const char *method, const char *url, const char *body,
        struct ao_buf *b, char *msg, size_t msgsz)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char *auth_header = NULL;
	long status = 0;
	CURLcode rc;

	if (c == NULL) {
		snprintf(msg, msgsz, "libcurl could not start");
		return 0;
	}
	ao_buf_init(b, CHECK_BODY_LIMIT);
	h = curl_slist_append(h, "Accept: application/json, text/event-stream");
	if (q->a2a_v1)
		h = curl_slist_append(h, "A2A-Version: 1.0");
	if (body != NULL)
		h = curl_slist_append(h, "Content-Type: application/json");
	if (q->bearer != NULL) {
		auth_header = xasprintf("Authorization: Bearer %s", q->bearer);
		h = curl_slist_append(h, auth_header);
	}
	if (q->username != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, q->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, q->password != NULL ? q->password : "");
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)q->cancel);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, q->timeout_ms > 0 ? q->timeout_ms : 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (q->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, q->ca_file);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		snprintf(msg, msgsz, "%s %.200s: %s", method, url, curl_easy_strerror(rc));
	curl_slist_free_all(h);
	if (auth_header != NULL)
		ao_secret_free(auth_header);
	curl_easy_cleanup(c);
	return status;
}

static enum sb_check_outcome
by_status(long status, const char *what, char *msg, size_t msgsz)
{
	if (status == 401 || status == 403) {
		snprintf(msg, msgsz, "%s answered HTTP %ld: the credential was refused", what, status);
		return SB_CHECK_AUTH;
	}
	snprintf(msg, msgsz, "%s answered HTTP %ld", what, status);
	return SB_CHECK_FAILED;
}

/* The JSON-RPC envelope with id 1 in a JSON body or in an SSE stream. */
static int
has_rpc_reply(const struct ao_buf *b, const char *need)
{
	const char *p = b->data;

	if (p == NULL)
		return 0;
	return strstr(p, "\"jsonrpc\"") != NULL && (need == NULL || strstr(p, need) != NULL);
}

static enum sb_check_outcome
check_mcp(const struct sb_check_request *q, char *msg, size_t msgsz)
{
	static const char init[] =
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
		"\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"sandbox-activation\",\"version\":\"1\"}}}";
	struct ao_buf b;
	long st = request(q, "POST", q->url, init, &b, msg, msgsz);
	enum sb_check_outcome out;

	if (st == 0)
		out = SB_CHECK_FAILED;
	else if (st == 200 && has_rpc_reply(&b, "\"protocolVersion\""))
		out = SB_CHECK_OK;
	else if (st == 200) {
		snprintf(msg, msgsz, "initialize got no JSON-RPC result");
		out = SB_CHECK_FAILED;
	} else
		out = by_status(st, "initialize", msg, msgsz);
	ao_buf_free(&b);
	return out;
}

/* "scheme://host[:port]" of url, new. */
static char *
origin_of(const char *url)
{
	const char *p = strstr(url, "://");
	size_t n = p != NULL ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : strlen(url);

	return xstrndup(url, n);
}

/* The first interface of the card: its URL, whether it is HTTP+JSON, and
 * whether that is A2A 0.3 (REST paths under /v1/). */
static char *
card_interface(const char *card, int *rest, int *v03)
{
	cJSON *root = cJSON_Parse(card), *ifs, *it;
	char *url = NULL;
	const char *version = sb_json_str(root, "protocolVersion");

	*rest = 0;
	ifs = cJSON_GetObjectItemCaseSensitive(root, "supportedInterfaces");
	if (!cJSON_IsArray(ifs))
		ifs = cJSON_GetObjectItemCaseSensitive(root, "additionalInterfaces");
	cJSON_ArrayForEach(it, ifs) {
		const char *u = sb_json_str(it, "url");
		const char *binding = sb_json_str(it, "protocolBinding");

		if (binding == NULL)
			binding = sb_json_str(it, "transport");
		if (u != NULL) {
			if (sb_json_str(it, "protocolVersion") != NULL)
				version = sb_json_str(it, "protocolVersion");
			url = xstrdup(u);
			*rest = binding != NULL && (strcasecmp(binding, "HTTP+JSON") == 0 || strcasecmp(binding, "REST") == 0);
			break;
		}
	}
	if (url == NULL && sb_json_str(root, "url") != NULL) {
		const char *t = sb_json_str(root, "preferredTransport");

		url = xstrdup(sb_json_str(root, "url"));
		*rest = t != NULL && (strcasecmp(t, "HTTP+JSON") == 0 || strcasecmp(t, "REST") == 0);
	}
	*v03 = version != NULL && strncmp(version, "0.", 2) == 0;
	cJSON_Delete(root);
	return url;
}

static enum sb_check_outcome
check_a2a(const struct sb_check_request *q, char *msg, size_t msgsz)
{
	static const char *const cards[] = {"/.well-known/agent-card.json", "/.well-known/agent.json"};
	static const char get_task[] =
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/get\",\"params\":{\"id\":\"sandbox-activation-check\"}}";
	char *origin = origin_of(q->url), *iface = NULL, *u;
	struct ao_buf b;
	enum sb_check_outcome out = SB_CHECK_FAILED;
	int rest = 0, v03 = 0;
	long st = 0;
	size_t i;

	for (i = 0; i < sizeof(cards) / sizeof(cards[0]) && iface == NULL; i++) {
		/* the card next to the endpoint first, then at the origin */
		u = xasprintf("%s%s", q->url, cards[i]);
		st = request(q, "GET", u, NULL, &b, msg, msgsz);
		free(u);
		if (st != 200) {
			ao_buf_free(&b);
			u = xasprintf("%s%s", origin, cards[i]);
			st = request(q, "GET", u, NULL, &b, msg, msgsz);
			free(u);
		}
		if (st == 200 && b.data != NULL)
			iface = card_interface(b.data, &rest, &v03);
		ao_buf_free(&b);
	}
	free(origin);
	if (iface == NULL) {
		snprintf(msg, msgsz, "no A2A agent card with an interface URL (HTTP %ld)", st);
		return SB_CHECK_FAILED;
	}
	if (rest) {
		size_t n = strlen(iface);
		struct sb_check_request v = *q;

		v.a2a_v1 = !v03;
		q = &v;

		u = xasprintf("%.*s%s/tasks/sandbox-activation-check", (int)(n && iface[n - 1] == '/' ? n - 1 : n),
		              iface, v03 ? "/v1" : "");
		st = request(q, "GET", u, NULL, &b, msg, msgsz);
		free(u);
		if (st == 200 || st == 404)
			out = SB_CHECK_OK;
		else if (st != 0)
			out = by_status(st, "the HTTP+JSON interface", msg, msgsz);
	} else {
		st = request(q, "POST", iface, get_task, &b, msg, msgsz);
		if (st == 200 && has_rpc_reply(&b, NULL))
			out = SB_CHECK_OK;
		else if (st != 0)
			out = by_status(st, "the JSON-RPC interface", msg, msgsz);
	}
	ao_buf_free(&b);
	free(iface);
	return out;
}

enum sb_check_outcome
sb_agent_check(const struct sb_check_request *q, char *msg, size_t msgsz)
{
	msg[0] = '\0';
	if (q->protocol != NULL && strcmp(q->protocol, "A2A") == 0)
		return check_a2a(q, msg, msgsz);
	return check_mcp(q, msg, msgsz);
}

const char *
sb_check_outcome_name(enum sb_check_outcome o)
{
	switch (o) {
	case SB_CHECK_OK: return "ok";
	case SB_CHECK_AUTH: return "credential refused";
	default: return "not working";
	}
}
