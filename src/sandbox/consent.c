/* SPDX-License-Identifier: MIT */
/* The OAuth consent page an oauth.authorizationUrl points to.  On the real
 * platform that URL leads to the agent's authorization server and the
 * platform's hosted callback stores the tokens; here one small page stands
 * for both: GET shows what is being authorized with an Approve button (a
 * form) and an Approve link, and approving (GET or POST) sets
 * authConfigured.  An OAuth source becomes ACTIVE; a partner agent stays
 * PENDING until it is PATCHed to ACTIVE (reference §3.3, §3.4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define HTML "text/html; charset=utf-8"

static void
html_escape(struct ao_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&': ao_buf_append(b, "&amp;", 5); break;
		case '<': ao_buf_append(b, "&lt;", 4); break;
		case '>': ao_buf_append(b, "&gt;", 4); break;
		case '"': ao_buf_append(b, "&quot;", 6); break;
		case '\'': ao_buf_append(b, "&#39;", 5); break;
		default: ao_buf_append(b, s, 1); break;
		}
	}
}

/* The registration a consent token belongs to. */
static int
find_state(struct ao_sandbox *s, const char *state, struct sb_source **src, struct sb_agent **agent)
{
	struct sb_source *x;
	struct sb_agent *a;

	*src = NULL;
	*agent = NULL;
	if (state == NULL || *state == '\0')
		return 0;
	for (x = s->sources; x != NULL; x = x->next)
		if (x->oauth_state != NULL && strcmp(x->oauth_state, state) == 0) {
			*src = x;
			return 1;
		}
	for (a = s->agents; a != NULL; a = a->next)
		if (a->oauth_state != NULL && strcmp(a->oauth_state, state) == 0) {
			*agent = a;
			return 1;
		}
	return 0;
}

static void
page(struct sb_reply *rep, int status, const char *title, const char *body_html)
{
	char *html = xasprintf("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	                       "<title>%s</title></head>\n<body style=\"font-family:sans-serif;max-width:40em;"
	                       "margin:3em auto\">\n<h1>%s</h1>\n%s</body></html>\n", title, title, body_html);

	sb_reply_take(rep, status, HTML, html, strlen(html));
}

static void
unknown_state(struct sb_reply *rep)
{
	page(rep, 400, "Link not valid",
	     "<p>This authorization link is unknown or was already used. Start the authorization again "
	     "from agent-onboard (or ask the API for a new authorization URL).</p>\n");
}

/* Only hex tokens are ever issued; anything else is refused unseen. */
static int
state_is_plausible(const char *state)
{
	return state != NULL && strlen(state) == 32 && strspn(state, "0123456789abcdef") == 32;
}

void
sb_consent_page(struct sb_request *r, struct sb_reply *rep)
{
	const char *state = sb_query(r, "state");
	struct sb_source *src;
	struct sb_agent *agent;
	const cJSON *pub;
	struct ao_buf b;
	char *html;

	if (!state_is_plausible(state) || !find_state(r->sb, state, &src, &agent)) {
		unknown_state(rep);
		return;
	}
	pub = src != NULL ? src->pub : agent->pub;
	ao_buf_init(&b, 0);
	/* said first and plainly: presenters show this page to an audience */
	ao_buf_appendf(&b, "<p id=\"simulator-notice\" style=\"background:#fff3cd;padding:0.8em;"
	               "border:1px solid #c9a400\"><strong>This is the agent-onboard simulator.</strong> "
	               "It is not the Scope3 platform and not your agent's sign-in page: no real account, "
	               "agent or token is involved.</p>\n");
	ao_buf_appendf(&b, "<p><strong>agent-onboard sandbox</strong> asks for access to the %s agent <strong>",
	               src != NULL ? "inventory source's" : "partner");
	html_escape(&b, sb_json_str(pub, "name"));
	ao_buf_appendf(&b, "</strong> (");
	html_escape(&b, sb_json_str(pub, "endpointUrl"));
	ao_buf_appendf(&b, ").</p>\n<p>This is a simulated consent screen: approving stores demo tokens "
	               "and completes the OAuth flow.</p>\n"
	               "<form method=\"post\" action=\"/sandbox/oauth/approve\">"
	               "<input type=\"hidden\" name=\"state\" value=\"%s\">"
	               "<button type=\"submit\" id=\"approve\">Approve</button></form>\n"
	               "<p>Or follow this link: <a id=\"approve-link\" href=\"/sandbox/oauth/approve?state=%s\">"
	               "Approve</a></p>\n", state, state);
	html = ao_buf_steal(&b);
	page(rep, 200, "Authorize access (agent-onboard simulator)", html);
	free(html);
}

/* state=... from a urlencoded form body (hex tokens need no decoding). */
static void
form_state(const char *body, char *out, size_t outsz)
{
	const char *p = body;

	out[0] = '\0';
	while (p != NULL && *p != '\0') {
		if (strncmp(p, "state=", 6) == 0) {
			size_t n = strcspn(p + 6, "&\r\n");

			if (n < outsz) {
				memcpy(out, p + 6, n);
				out[n] = '\0';
			}
			return;
		}
		p = strchr(p, '&');
		if (p != NULL)
			p++;
	}
}

void
sb_consent_approve(struct sb_request *r, struct sb_reply *rep)
{
	struct ao_sandbox *s = r->sb;
	struct sb_source *src;
	struct sb_agent *agent;
	char state[64];
	char *now;
	cJSON *pub;

	if (strcmp(r->method, "POST") == 0)
		form_state(r->body, state, sizeof(state));
	else
		snprintf(state, sizeof(state), "%s", sb_query(r, "state") != NULL ? sb_query(r, "state") : "");
	if (!state_is_plausible(state) || !find_state(s, state, &src, &agent)) {
		unknown_state(rep);
		return;
	}
	pub = src != NULL ? src->pub : agent->pub;
	now = sb_timestamp();
	sb_json_set(pub, "authConfigured", cJSON_CreateTrue());
	sb_json_set(pub, "oauth", cJSON_CreateNull());
	/* a grant revoked earlier (POST /sandbox/agents/{id}) is replaced */
	cJSON_DeleteItemFromObjectCaseSensitive(pub, "oauthError");
	sb_json_set_str(pub, "updatedAt", now);
	free(now);
	rep->mutated = 1;
	if (src != NULL) {
		free(src->oauth_state);
		src->oauth_state = NULL;
		if (strcmp(sb_json_str(pub, "status"), "PENDING") == 0)
			sb_json_set_str(pub, "status", "ACTIVE");
		sb_log(s, "source %s: OAuth consent given, %s", sb_json_str(pub, "sourceId"),
		       sb_json_str(pub, "status"));
	} else {
		free(agent->oauth_state);
		agent->oauth_state = NULL;
		sb_log(s, "agent %s: OAuth consent given", sb_json_str(pub, "agentId"));
		if (agent->redirect_uri != NULL) {
			/* the caller's own callback, as with a redirectUri on the platform */
			sb_reply_header(rep, "Location", "%s%scode=sandbox-approved&state=%s", agent->redirect_uri,
			                strchr(agent->redirect_uri, '?') != NULL ? "&" : "?", state);
			page(rep, 302, "Redirecting", "<p>Authorization complete; redirecting.</p>\n");
			return;
		}
	}
	page(rep, 200, "Authorization complete",
	     "<p>Access was granted. You can close this window and return to agent-onboard.</p>\n");
}

void
sb_oauth_token(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *err = cJSON_CreateObject();

	(void)r;
	/* the platform exchanges codes itself; nobody should call this */
	cJSON_AddStringToObject(err, "error", "invalid_grant");
	cJSON_AddStringToObject(err, "error_description", "The sandbox completes OAuth on its consent page.");
	sb_reply_json(rep, 400, err);
}
