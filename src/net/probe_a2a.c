/* SPDX-License-Identifier: MIT */
/* The A2A probe (reference/scope3-api.md 5.2): fetch the agent card from
 * /.well-known/agent-card.json (A2A >= 0.3), falling back to the older
 * agent.json, first at the endpoint's origin and then under its path; then,
 * to test the credential the way the platform will send it, one harmless
 * JSON-RPC call to the card's JSON-RPC interface (GetTask / tasks/get for
 * a task that does not exist), or, for a card with only an HTTP+JSON
 * interface, GET /tasks/{id} (0.3: /v1/tasks/{id}).  Any JSON-RPC answer (even an error), or a
 * REST 404, means the request got past authentication; 401/403 means it
 * did not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/xalloc.h"
#include "probe_internal.h"

#define A2A_MAX_CANDIDATES 6

static size_t
card_candidates(const struct probe_ctx *c, char **cand)
{
	char *origin = ao_url_origin(c->req->url), *base;
	size_t n = 0, plen = strcspn(c->url.path, "?#"), i, k;
	static const char *const names[] = { "agent-card.json", "agent.json" };

	if (origin == NULL)
		return 0;
	while (plen > 0 && c->url.path[plen - 1] == '/')
		plen--;
	for (k = 0; k < 2; k++)
		cand[n++] = xasprintf("%s/.well-known/%s", origin, names[k]);
	if (plen > 0) {
		base = xasprintf("%s%.*s", origin, (int)plen, c->url.path);
		for (k = 0; k < 2; k++)
			cand[n++] = xasprintf("%s/.well-known/%s", base, names[k]);
		free(base);
		/* an endpoint such as .../agent/a2a keeps its card next to "a2a" */
		for (i = plen; i > 0 && c->url.path[i - 1] != '/'; i--)
			;
		if (i > 1) {
			base = xasprintf("%s%.*s", origin, (int)(i - 1), c->url.path);
			for (k = 0; k < 2; k++)
				cand[n++] = xasprintf("%s/.well-known/%s", base, names[k]);
			free(base);
		}
	}
	free(origin);
	return n;
}

static void
judge_card(struct probe_ctx *c, const struct ao_a2a_card *card)
{
	struct ao_probe_result *r = c->res;
	int sales = c->req->agent_type != NULL && strcasecmp(c->req->agent_type, "SALES") == 0;

	r->adcp_extension = card->adcp_extension;
	r->has_capabilities_tool = card->has_capabilities_skill;
	r->has_products_tool = card->has_products_skill;
	if (!card->adcp_extension || !card->has_capabilities_skill) {
		probe_check(r, AO_CHECK_TOOLS, AO_CHECK_WARN, "%s%s%s",
		            card->adcp_extension ? "" : "no AdCP extension in capabilities.extensions",
		            !card->adcp_extension && !card->has_capabilities_skill ? "; " : "",
		            card->has_capabilities_skill ? "" : "no get_adcp_capabilities skill");
		probe_advise(c, "An AdCP agent's card lists the extension "
		             "https://adcontextprotocol.org/extensions/adcp/v3 and the skill "
		             "get_adcp_capabilities; the platform's AAO compliance checks need them.");
	} else if (sales && !card->has_products_skill) {
		probe_check(r, AO_CHECK_TOOLS, AO_CHECK_WARN, "AdCP extension and get_adcp_capabilities, "
		            "but no get_products skill (a SALES agent needs it)");
		probe_advise(c, "A SALES agent must offer get_products: the platform discovers "
		             "inventory with it.");
	} else {
		probe_check(r, AO_CHECK_TOOLS, AO_CHECK_PASS, "extension %s; get_adcp_capabilities%s",
		            card->adcp_extension_uri, card->has_products_skill ? ", get_products" : "");
	}
}

/* The same over the HTTP+JSON (REST) binding, for a card without a JSON-RPC
 * interface: GET /tasks/{id} (0.3: /v1/tasks/{id}) for a task that does not exist.  A 404 or
 * any 2xx means the request got past authentication; 401/403 that it did
 * not.  Without this a REST-only agent passed with any token. */
static void
test_credential_rest(struct probe_ctx *c, const char *rest_url, int v03)
{
	struct ao_probe_result *r = c->res;
	struct probe_exchange x;
	char why[200], *url;
	size_t n = strlen(rest_url);

	if (!probe_same_origin(c, rest_url)) {
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "the HTTP+JSON interface %s is not on the "
		            "endpoint's origin; the %s is only sent there", rest_url, probe_auth_name(c));
		return;
	}
	if (probe_url_allowed(c, rest_url, why, sizeof(why)) != 0) {
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "interface URL refused: %s", why);
		return;
	}
	/* 1.0 puts the task under /tasks/{id}, 0.3 under /v1/tasks/{id} */
	url = xasprintf("%.*s%s/tasks/agent-onboard-probe-no-such-task",
	                (int)(n > 0 && rest_url[n - 1] == '/' ? n - 1 : n), rest_url, v03 ? "/v1" : "");
	probe_exchange_init(&x, "GET", url);
	x.with_auth = 1;
	x.headers[0] = "Accept: application/json";
	/* without it a 1.0 server assumes 0.3 and refuses (400) */
	x.headers[1] = v03 ? NULL : "A2A-Version: 1.0";
	if (probe_http(c, &x) < 0) {
		probe_transport_failed(c, &x, "the HTTP+JSON interface");
	} else if (x.status == 401 || x.status == 403) {
		probe_auth_refused(c, &x);
	} else if ((x.status >= 200 && x.status < 300) || x.status == 404) {
		probe_auth_passed(c);
	} else {
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_WARN, "could not tell: the HTTP+JSON interface "
		            "answered HTTP %ld to GET %s/tasks/{id}", x.status, v03 ? "/v1" : "");
		probe_advise(c, "The card's HTTP+JSON interface should answer GET /tasks/{id} (A2A 0.3: "
		             "/v1/tasks/{id}); check its URL in the card.");
	}
	probe_exchange_free(&x);
	free(url);
}

/* One JSON-RPC call with the credential, to see whether it is accepted. */
static void
test_credential(struct probe_ctx *c, const struct ao_a2a_card *card)
{
	struct ao_probe_result *r = c->res;
	struct probe_exchange x;
	struct ao_rpc_reply reply;
	char why[200];
	const char *bytes;
	size_t len;
	int v03 = strncmp(card->protocol_version, "0.", 2) == 0;
	char *body;

	if (card->rpc_url == NULL && card->rest_url != NULL) {
		test_credential_rest(c, card->rest_url, card->rest_v03);
		return;
	}
	if (card->rpc_url == NULL) {
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "the card names no JSON-RPC or HTTP+JSON "
		            "interface, so the %s was not tried", probe_auth_name(c));
		return;
	}
	if (!probe_same_origin(c, card->rpc_url)) {
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "the JSON-RPC interface %s is not on the "
		            "endpoint's origin; the %s is only sent there", card->rpc_url, probe_auth_name(c));
		return;
	}
	if (probe_url_allowed(c, card->rpc_url, why, sizeof(why)) != 0) {
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "interface URL refused: %s", why);
		return;
	}
	body = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\","
	                 "\"params\":{\"id\":\"agent-onboard-probe-no-such-task\"}}",
	                 v03 ? "tasks/get" : "GetTask");
	probe_exchange_init(&x, "POST", card->rpc_url);
	x.post = body;
	x.with_auth = 1;
	x.headers[0] = "Accept: application/json";
	x.headers[1] = v03 ? NULL : "A2A-Version: 1.0";
	if (probe_http(c, &x) < 0) {
		probe_transport_failed(c, &x, "the JSON-RPC interface");
		goto out;
	}
	if (x.status == 401 || x.status == 403) {
		probe_auth_refused(c, &x);
		goto out;
	}
	bytes = probe_reply(&x, &len);
	ao_rpc_reply_parse(bytes, len, 1, &reply);
	if (x.status >= 200 && x.status < 300 &&
	    (reply.kind == AO_RPC_RESULT || reply.kind == AO_RPC_ERROR)) {
		probe_auth_passed(c);
		goto out;
	}
	probe_check(r, AO_CHECK_AUTH, AO_CHECK_WARN, "could not tell: the JSON-RPC interface "
	            "answered HTTP %ld without a JSON-RPC reply", x.status);
	probe_advise(c, "The card's JSON-RPC interface should answer JSON-RPC requests; check "
	             "its URL in the card.");
out:
	probe_exchange_free(&x);
	free(body);
}

void
probe_a2a(struct probe_ctx *c)
{
	struct ao_probe_result *r = c->res;
	char *cand[A2A_MAX_CANDIDATES] = { NULL };
	char problem[200] = "", problem_url[PROBE_URL_MAX] = "", first_url[PROBE_URL_MAX] = "";
	long first_status = 0;
	struct probe_exchange x;
	struct ao_a2a_card card;
	const char *bytes;
	size_t n, i, len;
	int rc, found = 0;

	memset(&card, 0, sizeof(card));
	n = card_candidates(c, cand);
	for (i = 0; i < n && !found; i++) {
		probe_exchange_init(&x, "GET", cand[i]);
		x.headers[0] = "Accept: application/json";
		rc = probe_http(c, &x);
		if (rc == -2) {
			probe_exchange_free(&x);
			continue;
		}
		if (rc < 0) {
			probe_transport_failed(c, &x, "the agent card request");
			probe_exchange_free(&x);
			goto out;
		}
		if ((x.status == 401 || x.status == 403) && c->auth_header != NULL) {
			/* a card behind the credential: ask again with it */
			x.with_auth = 1;
			if (probe_http(c, &x) < 0) {
				probe_transport_failed(c, &x, "the agent card request");
				probe_exchange_free(&x);
				goto out;
			}
		}
		if (x.status == 401 || x.status == 403) {
			probe_auth_refused(c, &x);
			probe_exchange_free(&x);
			goto out;
		}
		if (first_status == 0) {
			first_status = x.status;
			snprintf(first_url, sizeof(first_url), "%s", x.url);
		}
		if (x.status == 200) {
			bytes = probe_reply(&x, &len);
			if (!x.too_large && ao_a2a_card_parse(bytes, len, &card, problem, sizeof(problem)) == 0) {
				found = 1;
				r->http_status = 200;
				probe_check(r, AO_CHECK_HTTP, AO_CHECK_PASS, "200 for %s", x.url);
				if (strcmp(x.url, c->req->url) != 0)
					ao_copy_display(r->final_url, sizeof(r->final_url), x.url, strlen(x.url));
			} else if (problem_url[0] == '\0') {
				if (x.too_large)
					snprintf(problem, sizeof(problem), "it is larger than 1 MiB");
				snprintf(problem_url, sizeof(problem_url), "%s", x.url);
			}
		}
		probe_exchange_free(&x);
	}
	if (!found) {
		r->http_status = first_status;
		r->speaks_protocol = 0;
		if (problem_url[0] != '\0') {
			probe_check(r, AO_CHECK_PROTOCOL, AO_CHECK_FAIL, "%s: %s", problem_url, problem);
			probe_fail(c, AO_PROBE_NOT_PROTOCOL, "Serve an A2A agent card (JSON with name, "
			           "supportedInterfaces or url, skills) at /.well-known/agent-card.json.",
			           "%s is not an A2A agent card: %s.", problem_url, problem);
		} else {
			probe_check(r, AO_CHECK_HTTP, AO_CHECK_FAIL, "no agent card (HTTP %ld for %s)",
			            first_status, first_url);
			probe_fail(c, AO_PROBE_HTTP, "An A2A agent publishes its card at "
			           "https://HOST/.well-known/agent-card.json (agent.json before A2A 0.3); "
			           "check the host in the URL.", "No A2A agent card was found: HTTP %ld for "
			           "%s, and none at agent.json or under the URL's path.", first_status,
			           first_url);
		}
		goto out;
	}
	r->speaks_protocol = 1;
	snprintf(r->server_name, sizeof(r->server_name), "%s", card.name);
	snprintf(r->server_version, sizeof(r->server_version), "%s", card.version);
	snprintf(r->protocol_version, sizeof(r->protocol_version), "%s", card.protocol_version);
	snprintf(r->interfaces, sizeof(r->interfaces), "%s", card.interfaces);
	snprintf(r->skills, sizeof(r->skills), "%s", card.skills);
	probe_check(r, AO_CHECK_PROTOCOL, AO_CHECK_PASS, "A2A card: %s%s%s%s%s; %s", card.name,
	            card.version[0] ? " " : "", card.version,
	            card.protocol_version[0] ? ", protocol " : "", card.protocol_version, card.interfaces);
	judge_card(c, &card);
	test_credential(c, &card);
out:
	ao_a2a_card_clear(&card);
	for (i = 0; i < n; i++)
		free(cand[i]);
}
