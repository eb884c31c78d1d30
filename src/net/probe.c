/* SPDX-License-Identifier: MIT */
/* The probe driver: checks the request, builds the credential the way the
 * platform will send it, runs the MCP or A2A probe, and words the result
 * for a person (what happened, and what to do about it).  The protocol
 * steps are in probe_mcp.c / probe_a2a.c / probe_oauth.c, the HTTP rules in
 * probe_http.c, and the parsing of what agents send in core/agentcheck. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/base64.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"
#include "probe_internal.h"

static const char *const outcome_names[] = {
	[AO_PROBE_OK] = "ok",
	[AO_PROBE_BAD_URL] = "bad_url",
	[AO_PROBE_DNS] = "dns",
	[AO_PROBE_CONNECT] = "connect",
	[AO_PROBE_TLS] = "tls",
	[AO_PROBE_TIMEOUT] = "timeout",
	[AO_PROBE_HTTP] = "http",
	[AO_PROBE_AUTH_REJECTED] = "auth_rejected",
	[AO_PROBE_AUTH_REQUIRED] = "auth_required",
	[AO_PROBE_NOT_PROTOCOL] = "not_protocol",
	[AO_PROBE_CANCELLED] = "cancelled",
	[AO_PROBE_BAD_INPUT] = "bad_input",
};

static const struct {
	const char *name, *label;
} checks[AO_CHECK_COUNT] = {
	[AO_CHECK_URL] = { "url", "URL" },
	[AO_CHECK_DNS] = { "dns", "DNS" },
	[AO_CHECK_CONNECT] = { "connect", "Connect" },
	[AO_CHECK_TLS] = { "tls", "TLS" },
	[AO_CHECK_HTTP] = { "http", "HTTP" },
	[AO_CHECK_AUTH] = { "auth", "Credential" },
	[AO_CHECK_PROTOCOL] = { "protocol", "Protocol" },
	[AO_CHECK_TOOLS] = { "adcp", "AdCP" },
	[AO_CHECK_OAUTH] = { "oauth", "OAuth" },
};

const char *
ao_probe_outcome_name(enum ao_probe_outcome o)
{
	if ((size_t)o < sizeof(outcome_names) / sizeof(outcome_names[0]) && outcome_names[o] != NULL)
		return outcome_names[o];
	return "unknown";
}

const char *
ao_probe_check_name(enum ao_probe_check_id id)
{
	return (size_t)id < AO_CHECK_COUNT ? checks[id].name : "unknown";
}

const char *
ao_probe_check_label(enum ao_probe_check_id id)
{
	return (size_t)id < AO_CHECK_COUNT ? checks[id].label : "?";
}

int
ao_probe_exit_code(const struct ao_probe_result *r)
{
	switch (r->outcome) {
	case AO_PROBE_OK:
		return AO_EXIT_OK;
	case AO_PROBE_BAD_INPUT:
		return AO_EXIT_USAGE;
	case AO_PROBE_BAD_URL:
		return AO_EXIT_INVALID;
	case AO_PROBE_DNS:
	case AO_PROBE_CONNECT:
	case AO_PROBE_TLS:
	case AO_PROBE_TIMEOUT:
		return AO_EXIT_NETWORK;
	case AO_PROBE_HTTP:
		return r->http_status == 0 || r->http_status >= 500 ? AO_EXIT_NETWORK : AO_EXIT_REJECTED;
	case AO_PROBE_AUTH_REJECTED:
	case AO_PROBE_AUTH_REQUIRED:
	case AO_PROBE_NOT_PROTOCOL:
		return AO_EXIT_REJECTED;
	case AO_PROBE_CANCELLED:
		return AO_EXIT_INTERRUPTED;
	}
	return AO_EXIT_FAILURE;
}

/* --- recording results ------------------------------------------------------ */

void
probe_check(struct ao_probe_result *r, enum ao_probe_check_id id, enum ao_check_state st,
            const char *fmt, ...)
{
	char text[sizeof(r->checks[0].detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (r->checks[id].state == AO_CHECK_WARN)
		r->warnings--;
	if (st == AO_CHECK_WARN)
		r->warnings++;
	r->checks[id].state = st;
	/* details quote servers (names, errors); keep them printable */
	ao_copy_display(r->checks[id].detail, sizeof(r->checks[id].detail), text, strlen(text));
}

static void __attribute__((format(printf, 3, 0)))
set_text(char *dst, size_t dstsz, const char *fmt, va_list ap)
{
	char text[512];

	vsnprintf(text, sizeof(text), fmt, ap);
	ao_copy_display(dst, dstsz, text, strlen(text));
}

void
probe_fail(struct probe_ctx *c, enum ao_probe_outcome o, const char *fix, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;   /* the first failure is the one to act on */
	c->failed = 1;
	c->res->outcome = o;
	va_start(ap, fmt);
	set_text(c->res->message, sizeof(c->res->message), fmt, ap);
	va_end(ap);
	snprintf(c->res->fix, sizeof(c->res->fix), "%s", fix != NULL ? fix : "");
}

void
probe_advise(struct probe_ctx *c, const char *fix)
{
	if (!c->failed && c->res->fix[0] == '\0' && fix != NULL)
		snprintf(c->res->fix, sizeof(c->res->fix), "%s", fix);
}

const char *
probe_auth_name(const struct probe_ctx *c)
{
	switch (c->auth) {
	case PROBE_AUTH_BEARER:
		return "bearer token";
	case PROBE_AUTH_BASIC:
		return "basic credentials";
	case PROBE_AUTH_JWT:
		return "JWT";
	case PROBE_AUTH_OAUTH:
		return "OAuth";
	case PROBE_AUTH_NONE:
	case PROBE_AUTH_UNKNOWN:
		break;
	}
	return "no credential";
}

/* --- outcomes shared by the MCP and A2A probes --------------------------- */

static void
rpc_error_text(const struct probe_exchange *x, char *out, size_t outsz)
{
	struct ao_rpc_reply r;
	size_t len;
	const char *body = probe_reply(x, &len);

	out[0] = '\0';
	if (!probe_is_json(x) && !x->sse)
		return;
	ao_rpc_reply_parse(body, len, -1, &r);
	if (r.kind == AO_RPC_ERROR && r.error_message[0] != '\0' && outsz > 2) {
		memcpy(out, ": ", 2);
		ao_copy_display(out + 2, outsz - 2, r.error_message, strlen(r.error_message));
	}
}

void
probe_http_failed(struct probe_ctx *c, const struct probe_exchange *x, const char *what)
{
	struct ao_probe_result *r = c->res;
	int mcp = strcasecmp(c->req->protocol, "MCP") == 0;
	char detail[200];

	r->http_status = x->status;
	if (x->too_large) {
		probe_check(r, AO_CHECK_HTTP, AO_CHECK_FAIL, "the answer to %s is larger than 1 MiB", what);
		probe_fail(c, AO_PROBE_NOT_PROTOCOL, mcp ? "Check that the URL is the agent's MCP "
		           "endpoint, not a web page or a file." : "Check that the URL is the agent's "
		           "A2A endpoint.", "The answer to %s was larger than 1 MiB; an agent does not "
		           "answer that.", what);
		return;
	}
	if (x->location[0] != '\0') {
		probe_check(r, AO_CHECK_HTTP, AO_CHECK_FAIL, "HTTP %ld redirect to %s (not followed)",
		            x->status, x->location);
		probe_fail(c, AO_PROBE_HTTP, probe_same_origin(c, x->location) ?
		           "The platform calls the registered URL as it is: register the URL the "
		           "redirect points to." :
		           "The platform calls the registered URL as it is and the probe does not "
		           "follow redirects to another host or to http: register the final https URL.",
		           "%s at %s redirects (HTTP %ld) to %s.", what, x->url, x->status, x->location);
		return;
	}
	rpc_error_text(x, detail, sizeof(detail));
	probe_check(r, AO_CHECK_HTTP, AO_CHECK_FAIL, "HTTP %ld from %s%s", x->status, what, detail);
	switch (x->status) {
	case 404:
		probe_fail(c, AO_PROBE_HTTP, mcp ?
		           "Check the path: MCP servers usually answer at /mcp (some want a trailing "
		           "slash). A 404 after a session started means the session expired." :
		           "Check the URL: an A2A agent publishes its card at "
		           "/.well-known/agent-card.json on its host.",
		           "Nothing answers at %s: HTTP 404 to %s%s.", x->url, what, detail);
		return;
	case 405:
		probe_fail(c, AO_PROBE_HTTP, mcp ?
		           "The URL does not take POST, so it is not a streamable-HTTP MCP endpoint. "
		           "An old HTTP+SSE server (GET /sse) is not enough: the platform needs "
		           "streamable HTTP." : "Check that the URL is the agent's JSON-RPC endpoint.",
		           "The agent refused the %s request method: HTTP 405%s.", what, detail);
		return;
	case 406:
	case 415:
		probe_fail(c, AO_PROBE_HTTP, "MCP streamable HTTP servers must accept requests with "
		           "'Content-Type: application/json' and 'Accept: application/json, "
		           "text/event-stream', which is what the platform sends.",
		           "The agent refused the request format: HTTP %ld to %s%s.", x->status, what, detail);
		return;
	case 429:
		probe_fail(c, AO_PROBE_HTTP, "The agent is rate-limiting this client; try again in a "
		           "minute.", "The agent answered HTTP 429 (too many requests) to %s.", what);
		return;
	default:
		break;
	}
	if (x->status >= 500)
		probe_fail(c, AO_PROBE_HTTP, "The agent's server failed; check its logs and try again.",
		           "The agent failed with HTTP %ld to %s%s.", x->status, what, detail);
	else
		probe_fail(c, AO_PROBE_HTTP, "Check the URL and the agent's logs.",
		           "The agent answered HTTP %ld to %s%s.", x->status, what, detail);
}

/* Which authentication type fits what a 401 asked for. */
static const char *
suggest_auth(const struct ao_www_auth *wa)
{
	if (wa->resource_metadata[0] != '\0')
		return "The agent uses OAuth: choose OAUTH as the authentication type.";
	if (wa->basic && !wa->bearer)
		return "The agent asks for Basic authentication: choose BASIC_AUTH.";
	return "The agent needs a credential: choose API_KEY (a bearer token), or JWT or OAUTH "
	       "if that is how the agent issues tokens.";
}

static void
describe_challenge(const struct ao_www_auth *wa, long status, char *out, size_t outsz)
{
	if (wa->challenges == 0) {
		snprintf(out, outsz, "HTTP %ld", status);
		return;
	}
	snprintf(out, outsz, "HTTP %ld, %s%s%s%s%s", status, wa->first_scheme,
	         wa->error[0] ? " error=" : "", wa->error,
	         wa->error_description[0] ? ": " : "", wa->error_description);
}

void
probe_auth_refused(struct probe_ctx *c, const struct probe_exchange *x)
{
	struct ao_probe_result *r = c->res;
	struct ao_www_auth wa;
	char said[300];
	const char *fix;

	r->http_status = x->status;
	ao_www_authenticate_parse(x->www_authenticate, strlen(x->www_authenticate), &wa);
	describe_challenge(&wa, x->status, said, sizeof(said));
	probe_check(r, AO_CHECK_HTTP, AO_CHECK_PASS, "answered (HTTP %ld)", x->status);
	switch (c->auth) {
	case PROBE_AUTH_BEARER:
	case PROBE_AUTH_BASIC:
		r->auth_accepted = 0;
		if (wa.resource_metadata[0] != '\0')
			fix = "The agent uses OAuth (its 401 points at OAuth metadata): choose OAUTH as the "
			      "authentication type.";
		else if (c->auth == PROBE_AUTH_BEARER && wa.basic && !wa.bearer)
			fix = "The agent asks for Basic authentication: choose BASIC_AUTH.";
		else if (c->auth == PROBE_AUTH_BASIC && wa.bearer && !wa.basic)
			fix = "The agent asks for a bearer token: choose API_KEY.";
		else if (x->status == 403)
			fix = "The agent knows the credential but refuses it access: ask the agent's "
			      "operator to grant it.";
		else if (c->auth == PROBE_AUTH_BEARER)
			fix = "Check the token: it may be mistyped, expired, revoked, or meant for another "
			      "environment (staging or production).";
		else
			fix = "Check the user name and password.";
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_FAIL, "%s rejected (%s)", probe_auth_name(c), said);
		probe_fail(c, AO_PROBE_AUTH_REJECTED, fix, "The agent rejected the %s (%s).",
		           probe_auth_name(c), said);
		return;
	case PROBE_AUTH_NONE:
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_FAIL, "the agent requires a credential (%s)", said);
		probe_fail(c, AO_PROBE_AUTH_REQUIRED, suggest_auth(&wa),
		           "The agent requires authentication, and NO_AUTH sends none (%s).", said);
		return;
	case PROBE_AUTH_UNKNOWN:
		/* the wizard's endpoint step: no type chosen yet, so say which fits */
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "the agent asks for a credential (%s)", said);
		probe_check(r, AO_CHECK_PROTOCOL, AO_CHECK_SKIP, "not checked: it needs the credential");
		if ((wa.bearer || wa.resource_metadata[0] != '\0') && probe_oauth_discover(c, &wa, 1) == 0) {
			probe_advise(c, "The agent publishes OAuth metadata: choose OAUTH as the "
			             "authentication type.");
		} else if (wa.resource_metadata[0] != '\0') {
			/* it says OAuth, but its metadata cannot be used: a warning, not a verdict */
			probe_check(r, AO_CHECK_OAUTH, AO_CHECK_WARN, "%s", r->checks[AO_CHECK_OAUTH].detail);
			probe_advise(c, "The agent's 401 points at OAuth metadata that cannot be used (see "
			             "the OAuth line); fix it, then choose OAUTH.");
		} else {
			/* a Bearer agent without OAuth metadata: not an OAuth question */
			memset(&r->checks[AO_CHECK_OAUTH], 0, sizeof(r->checks[AO_CHECK_OAUTH]));
			probe_advise(c, suggest_auth(&wa));
		}
		return;
	case PROBE_AUTH_JWT:
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "asks for a token (%s), as expected; the "
		            "JWT exchange is made by the platform and is not tested here", said);
		probe_check(r, AO_CHECK_PROTOCOL, AO_CHECK_SKIP, "not checked: it needs the token");
		return;
	case PROBE_AUTH_OAUTH:
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_SKIP, "asks for an OAuth token (%s), as "
		            "expected; consent happens after registration", said);
		probe_check(r, AO_CHECK_PROTOCOL, AO_CHECK_SKIP, "not checked: it needs the OAuth token");
		if (probe_oauth_discover(c, &wa, 0) != 0)
			probe_fail(c, AO_PROBE_AUTH_REQUIRED,
			           "Publish OAuth metadata: a WWW-Authenticate resource_metadata pointer or "
			           "/.well-known/oauth-protected-resource naming the authorization server, "
			           "and /.well-known/oauth-authorization-server there. The platform uses "
			           "them to start the consent flow.",
			           "The agent wants an OAuth token, but no authorization server could be "
			           "discovered for it.");
		return;
	}
}

void
probe_auth_passed(struct probe_ctx *c)
{
	struct ao_probe_result *r = c->res;
	static const char oauth_fix[] = "The agent answered without a token. If it needs none, "
		"choose NO_AUTH; otherwise make it require the OAuth token.";

	switch (c->auth) {
	case PROBE_AUTH_BEARER:
		r->auth_accepted = 1;
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_PASS, "bearer token accepted");
		return;
	case PROBE_AUTH_BASIC:
		r->auth_accepted = 1;
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_PASS, "basic credentials accepted (user %s)",
		            c->req->username);
		return;
	case PROBE_AUTH_NONE:
	case PROBE_AUTH_UNKNOWN:
		r->auth_accepted = 1;
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_PASS, "no credential needed (NO_AUTH)");
		return;
	case PROBE_AUTH_JWT:
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_WARN, "answered without a token; the JWT "
		            "exchange is not tested here");
		probe_advise(c, "The agent answered without a token: if it needs none, choose NO_AUTH.");
		return;
	case PROBE_AUTH_OAUTH:
		probe_check(r, AO_CHECK_AUTH, AO_CHECK_WARN, "answered without an OAuth token");
		probe_advise(c, oauth_fix);
		if (probe_oauth_discover(c, NULL, 0) != 0)
			probe_fail(c, AO_PROBE_AUTH_REQUIRED, "Choose NO_AUTH if the agent needs no "
			           "credential, or publish OAuth metadata (/.well-known/oauth-protected-"
			           "resource and /.well-known/oauth-authorization-server).",
			           "OAUTH was chosen, but the agent answers without a token and no OAuth "
			           "authorization server could be discovered for it.");
		return;
	}
}

/* --- setup ------------------------------------------------------------------ */


/* A credential goes into an HTTP header: a line break in it would inject
 * headers, so control characters are refused. */
static int
header_safe(const char *s)
{
	return ao_utf8_has_control(s, strlen(s)) == 0 && ao_utf8_count(s, strlen(s)) >= 0;
}

static int
bad_input(struct probe_ctx *c, const char *fix, const char *message)
{
	probe_fail(c, AO_PROBE_BAD_INPUT, fix, "%s", message);
	return -1;
}

static int
setup_auth(struct probe_ctx *c)
{
	const struct ao_probe_request *q = c->req;
	const char *t = q->auth_type;
	char *pair, *enc;

	if (t == NULL || t[0] == '\0') {
		c->auth = PROBE_AUTH_UNKNOWN;
	} else if (strcasecmp(t, "NO_AUTH") == 0) {
		c->auth = PROBE_AUTH_NONE;
	} else if (strcasecmp(t, "JWT") == 0) {
		c->auth = PROBE_AUTH_JWT;
	} else if (strcasecmp(t, "OAUTH") == 0) {
		c->auth = PROBE_AUTH_OAUTH;
	} else if (strcasecmp(t, "API_KEY") == 0) {
		c->auth = PROBE_AUTH_BEARER;
		if (q->api_key_type != NULL && q->api_key_type[0] != '\0' &&
		    strcasecmp(q->api_key_type, "bearer") != 0 && strcasecmp(q->api_key_type, "apikey") != 0 &&
		    strcasecmp(q->api_key_type, "api_key") != 0)
			return bad_input(c, "Use bearer, apikey or api_key.", "Unknown API key type.");
		if (q->token == NULL || q->token[0] == '\0')
			return bad_input(c, "Give the token the agent expects.", "API_KEY needs a token.");
		if (!header_safe(q->token))
			return bad_input(c, "Remove line breaks and other control characters from the "
			                 "token (a trailing newline in a token file is removed for you).",
			                 "The token contains a control character.");
		/* AdCP agents must accept the token in Authorization (authentication.mdx);
		 * the header the platform uses for apikey/api_key is not documented, so
		 * every API_KEY kind is sent as a bearer token. */
		c->auth_header = xasprintf("Authorization: Bearer %s", q->token);
	} else if (strcasecmp(t, "BASIC_AUTH") == 0) {
		c->auth = PROBE_AUTH_BASIC;
		if (q->username == NULL || q->username[0] == '\0' || q->password == NULL ||
		    q->password[0] == '\0')
			return bad_input(c, "Give both the user name and the password.",
			                 "BASIC_AUTH needs a user name and a password.");
		if (strchr(q->username, ':') != NULL)
			return bad_input(c, "Basic authentication cannot carry a ':' in the user name.",
			                 "The user name contains ':'.");
		if (!header_safe(q->username) || !header_safe(q->password))
			return bad_input(c, "Remove line breaks and other control characters.",
			                 "The user name or password contains a control character.");
		pair = xasprintf("%s:%s", q->username, q->password);
		enc = ao_base64_encode(pair, strlen(pair));
		c->auth_header = xasprintf("Authorization: Basic %s", enc);
		ao_secret_free(pair);
		ao_secret_free(enc);
	} else {
		return bad_input(c, "Use API_KEY, BASIC_AUTH, NO_AUTH, JWT or OAUTH.",
		                 "Unknown authentication type.");
	}
	return 0;
}

static int
setup(struct probe_ctx *c)
{
	const struct ao_probe_request *q = c->req;
	struct ao_probe_result *r = c->res;
	char msg[200];

	if (q->url == NULL || q->url[0] == '\0') {
		probe_check(r, AO_CHECK_URL, AO_CHECK_FAIL, "no URL");
		probe_fail(c, AO_PROBE_BAD_URL, "Give the agent's endpoint URL, e.g. "
		           "https://agent.example.com/mcp.", "No endpoint URL was given.");
		return -1;
	}
	if (strlen(q->url) > 2048 || ao_url_parse(q->url, &c->url, msg, sizeof(msg)) != 0) {
		if (strlen(q->url) > 2048)
			snprintf(msg, sizeof(msg), "The URL is longer than 2048 characters.");
		probe_check(r, AO_CHECK_URL, AO_CHECK_FAIL, "%s", msg);
		probe_fail(c, AO_PROBE_BAD_URL, "Give the endpoint as https://host[:port]/path.", "%s", msg);
		return -1;
	}
	c->loopback = ao_url_host_is_loopback(c->url.host);
	if (strcmp(c->url.scheme, "http") == 0 && !c->loopback) {
		probe_check(r, AO_CHECK_URL, AO_CHECK_FAIL, "plain http to %s", c->url.host);
		probe_fail(c, AO_PROBE_BAD_URL, "Use https:// (the platform only calls agents over "
		           "HTTPS; http is allowed here only for localhost).",
		           "Plain http is only allowed for loopback addresses, not for %s.", c->url.host);
		return -1;
	}
	if (q->protocol == NULL || (strcasecmp(q->protocol, "MCP") != 0 && strcasecmp(q->protocol, "A2A") != 0))
		return bad_input(c, "Use MCP or A2A.", "The protocol must be MCP or A2A.");
	if (setup_auth(c) != 0)
		return -1;
	probe_check(r, AO_CHECK_URL, AO_CHECK_PASS, "%s%s", c->url.scheme,
	            c->loopback ? " to a loopback address (fine for testing; the platform needs a "
	                          "public https URL)" : "");
	c->curl = curl_easy_init();
	c->multi = curl_multi_init();
	if (c->curl == NULL || c->multi == NULL) {
		probe_fail(c, AO_PROBE_HTTP, NULL, "libcurl could not be started.");
		return -1;
	}
	return 0;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void
curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void
summarize(struct probe_ctx *c)
{
	struct ao_probe_result *r = c->res;
	const char *proto = strcasecmp(c->req->protocol, "A2A") == 0 ? "A2A" : "MCP";
	char what[sizeof(r->server_name) + sizeof(r->server_version) + 32];

	if (r->speaks_protocol == 1 && r->server_name[0] != '\0')
		snprintf(what, sizeof(what), "speaks %s (%s%s%s)", proto, r->server_name,
		         r->server_version[0] ? " " : "", r->server_version);
	else if (r->speaks_protocol == 1)
		snprintf(what, sizeof(what), "speaks %s", proto);
	else
		snprintf(what, sizeof(what), "is reachable");
	snprintf(r->message, sizeof(r->message), "The agent %s%s%s%s.", what,
	         r->auth_accepted == 1 && c->auth > PROBE_AUTH_NONE ? " and accepts the " : "",
	         r->auth_accepted == 1 && c->auth > PROBE_AUTH_NONE ? probe_auth_name(c) : "",
	         r->warnings ? r->warnings == 1 ? ", with 1 warning" : ", with warnings" : "");
	if (r->speaks_protocol != 1 && (c->auth == PROBE_AUTH_JWT || c->auth == PROBE_AUTH_OAUTH))
		snprintf(r->message + strlen(r->message), sizeof(r->message) - strlen(r->message),
		         " It asks for a token, as expected for %s; the protocol is checked by the "
		         "platform once it has one.", c->auth == PROBE_AUTH_JWT ? "JWT" : "OAUTH");
	if (r->speaks_protocol != 1 && c->auth == PROBE_AUTH_UNKNOWN && r->auth_accepted != 1)
		snprintf(r->message + strlen(r->message), sizeof(r->message) - strlen(r->message),
		         " It asks for a credential: choose the authentication type next.");
}

enum ao_probe_outcome
ao_probe_run(const struct ao_probe_request *req, struct ao_probe_result *res)
{
	struct probe_ctx c;
	long timeout;

	memset(res, 0, sizeof(*res));
	res->outcome = AO_PROBE_OK;
	res->reachable = res->tls_ok = res->auth_accepted = res->speaks_protocol = -1;
	res->has_capabilities_tool = res->has_products_tool = res->adcp_extension = -1;
	memset(&c, 0, sizeof(c));
	c.req = req;
	c.res = res;
	c.start_ms = probe_now_ms();
	timeout = req->timeout_ms > 0 ? req->timeout_ms : PROBE_DEFAULT_TIMEOUT_MS;
	c.deadline_ms = c.start_ms + timeout;
	pthread_once(&curl_once, curl_init_once);
	if (setup(&c) == 0) {
		if (strcasecmp(req->protocol, "MCP") == 0)
			probe_mcp(&c);
		else
			probe_a2a(&c);
		if (probe_cancelled(&c)) {
			/* whatever failed after the cancel is a consequence of it */
			c.failed = 0;
			memset(res->fix, 0, sizeof(res->fix));
			probe_fail(&c, AO_PROBE_CANCELLED, NULL, "The probe was cancelled.");
		}
		if (!c.failed)
			summarize(&c);
	}
	res->total_ms = (double)(probe_now_ms() - c.start_ms);
	if (c.multi != NULL)
		curl_multi_cleanup(c.multi);   /* closes the cached connections */
	if (c.curl != NULL)
		curl_easy_cleanup(c.curl);
	ao_secret_free(c.auth_header);
	return res->outcome;
}
