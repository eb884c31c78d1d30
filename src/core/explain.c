/* SPDX-License-Identifier: MIT */
/* See core/explain.h.  The verdict is the first of: ACTIVE; OAuth consent
 * missing; no credential; the credential refused (discovery test
 * UPSTREAM_ERROR, or a last call/observation that says so); the agent not
 * reached (by the platform, then by our own probe); DISABLED; not checked
 * yet.  Our probe's 401/403 with the credential given ranks with the
 * platform's own refusals. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agent-onboard/core/explain.h"

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void add(struct ao_explanation *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct ao_explanation *x, const char *fmt, ...)
{
	size_t n = strlen(x->evidence);
	va_list ap;

	if (n + 4 >= sizeof(x->evidence))
		return;
	memcpy(x->evidence + n, "- ", 3);
	n += 2;
	va_start(ap, fmt);
	vsnprintf(x->evidence + n, sizeof(x->evidence) - n, fmt, ap);
	va_end(ap);
	n = strlen(x->evidence);
	if (n + 1 < sizeof(x->evidence)) {
		x->evidence[n] = '\n';
		x->evidence[n + 1] = '\0';
	}
}

/* This source's compliance row of readiness' agent_connectivity check. */
static const cJSON *
compliance_of(const cJSON *readiness, const struct ao_resource *r)
{
	const cJSON *c, *row;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(readiness, "checks")) {
		if (str(c, "id") == NULL || strcmp(str(c, "id"), "agent_connectivity") != 0)
			continue;
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(c, "compliance")) {
			if ((r->agent_id != NULL && str(row, "agentId") != NULL && strcmp(str(row, "agentId"), r->agent_id) == 0) ||
			    (r->endpoint_url != NULL && str(row, "agentUrl") != NULL &&
			     strcmp(str(row, "agentUrl"), r->endpoint_url) == 0))
				return row;
		}
	}
	return NULL;
}

static int
says_refused(const char *text)
{
	return text != NULL && (strstr(text, "credential refused") != NULL || strstr(text, "401") != NULL ||
	                        strstr(text, "403") != NULL || strstr(text, "nauthorized") != NULL);
}

static const char *
finding_name(enum ao_explain_probe_finding f)
{
	switch (f) {
	case AO_EXPLAIN_PROBE_OK: return "works";
	case AO_EXPLAIN_PROBE_UNREACHABLE: return "unreachable";
	case AO_EXPLAIN_PROBE_REJECTED: return "credential rejected";
	case AO_EXPLAIN_PROBE_NEEDS_AUTH: return "asks for a credential";
	case AO_EXPLAIN_PROBE_BROKEN: return "answers wrongly";
	case AO_EXPLAIN_PROBE_NOT_RUN: break;
	}
	return "not run";
}

void
ao_explain(const struct ao_resource *r, const cJSON *readiness, const cJSON *diagnostics,
           const cJSON *discovery, struct ao_explanation *out)
{
	ao_explain_with_probe(r, readiness, diagnostics, discovery, NULL, out);
}

void
ao_explain_with_probe(const struct ao_resource *r, const cJSON *readiness, const cJSON *diagnostics,
                      const cJSON *discovery, const struct ao_explain_probe *probe,
                      struct ao_explanation *out)
{
	enum ao_explain_probe_finding pf = probe != NULL ? probe->finding : AO_EXPLAIN_PROBE_NOT_RUN;
	const char *pmsg = probe != NULL && probe->message != NULL ? probe->message : "";
	const char *purl = probe != NULL && probe->url != NULL ? probe->url : NULL;
	int probe_refused, probe_accepted;

	const char *id = r->id != NULL ? r->id : "ID";
	const char *url = r->endpoint_url != NULL ? r->endpoint_url : "the endpoint";
	const char *outcome = str(discovery, "outcome"), *dmsg = str(discovery, "message");
	const cJSON *last = cJSON_GetObjectItemCaseSensitive(diagnostics, "lastCall");
	const cJSON *comp = compliance_of(readiness, r), *obs;
	const char *last_msg = str(last, "message"), *obs_msg = NULL;
	int oauth = r->auth_type != NULL && strcmp(r->auth_type, "OAUTH") == 0;
	int no_auth = r->auth_type != NULL && strcmp(r->auth_type, "NO_AUTH") == 0;
	int refused, unreached;

	memset(out, 0, sizeof(*out));
	/* the evidence, in the order of the sources */
	add(out, "registration: %s, authentication %s, credential %s, endpoint %s (%s)",
	    r->status_raw != NULL ? r->status_raw : "status unknown", r->auth_type != NULL ? r->auth_type : "?",
	    r->auth_configured == 1 ? "stored" : r->auth_configured == 0 ? "not stored" : "not reported", url,
	    r->protocol != NULL ? r->protocol : "?");
	if (r->oauth_error != NULL)
		add(out, "OAuth error: %s", r->oauth_error);
	if (r->kind == AO_KIND_AGENT) {
		add(out, "readiness, diagnostics, discovery test: the platform reports them for inventory "
		    "sources only");
	} else {
		if (readiness == NULL) {
			add(out, "readiness: not available");
		} else {
			add(out, "readiness: %s", str(readiness, "status") != NULL ? str(readiness, "status") : "?");
			if (comp != NULL) {
				obs = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(comp, "observations"), 0);
				obs_msg = cJSON_IsString(obs) ? obs->valuestring : NULL;
				add(out, "compliance: %s%s%s", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(comp, "passed"))
				    ? "passed" : "not passed", obs_msg != NULL ? "; " : "", obs_msg != NULL ? obs_msg : "");
			}
		}
		if (diagnostics == NULL)
			add(out, "diagnostics: not available");
		else
			add(out, "diagnostics: %g calls, %g failed%s%s",
			    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(diagnostics, "calls")),
			    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(diagnostics, "failures")),
			    last_msg != NULL ? "; last: " : "", last_msg != NULL ? last_msg : "");
		if (discovery == NULL)
			add(out, "discovery test: not available");
		else
			add(out, "discovery test: %s%s%s", outcome != NULL ? outcome : "?", dmsg != NULL ? ": " : "",
			    dmsg != NULL ? dmsg : "");
	}

	if (pf == AO_EXPLAIN_PROBE_NOT_RUN)
		add(out, "our probe: not run%s", r->endpoint_url == NULL ? " (no endpoint URL known)" : "");
	else if (pf == AO_EXPLAIN_PROBE_NEEDS_AUTH && !probe->with_credential)
		/* the probe's own sentence speaks to the wizard ("choose the type next") */
		add(out, "our probe (without a credential) of %s: reachable; it asks for a credential (give it to "
		    "status --explain with --secret-file to test it)", purl != NULL ? purl : url);
	else
		add(out, "our probe (%s credential) of %s: %s%s%s", probe->with_credential ? "with the given" : "without a",
		    purl != NULL ? purl : url, finding_name(pf), pmsg[0] != '\0' ? ": " : "", pmsg);
	if (purl == NULL)
		purl = url;
	probe_refused = pf == AO_EXPLAIN_PROBE_REJECTED && probe->with_credential;
	probe_accepted = pf == AO_EXPLAIN_PROBE_OK && probe->with_credential;

	refused = (outcome != NULL && strcmp(outcome, "UPSTREAM_ERROR") == 0 && says_refused(dmsg)) ||
	          says_refused(last_msg) || says_refused(obs_msg);
	unreached = outcome != NULL && strcmp(outcome, "NOT_REACHED") == 0;
	if (r->status == AO_ST_ACTIVE) {
		snprintf(out->verdict, sizeof(out->verdict), "%s is ACTIVE: the agent at %s answers%s.", id, url,
		         no_auth ? "" : " with the stored credential");
	} else if (oauth && r->auth_configured != 1 && r->oauth_error != NULL) {
		/* oauthError: the grant was revoked or expired, or the platform's OAuth start failed */
		snprintf(out->verdict, sizeof(out->verdict), "%s has no working OAuth grant (revoked, expired or never "
		         "obtained); the platform says: %.300s", id, r->oauth_error);
		snprintf(out->fix, sizeof(out->fix), r->kind == AO_KIND_AGENT ? "agent-onboard update %s --reauthorize --wait"
		         : "agent-onboard update %s --auth-type OAUTH --wait   (a fresh consent link)", id);
	} else if (oauth && r->auth_configured != 1) {
		snprintf(out->verdict, sizeof(out->verdict), "%s waits for OAuth consent: nobody has approved access "
		         "at the authorization URL yet.", id);
		snprintf(out->fix, sizeof(out->fix), r->kind == AO_KIND_AGENT ? "agent-onboard update %s --reauthorize --wait"
		         : "open the oauth.authorizationUrl that agent-onboard status %s --json shows, and approve", id);
	} else if (!oauth && !no_auth && r->auth_configured == 0) {
		snprintf(out->verdict, sizeof(out->verdict), "the platform has no credential for %s, so it cannot call "
		         "the agent.", id);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard update %s --secret-file FILE", id);
	} else if (probe_refused) {
		if (probe->http_status > 0)
			snprintf(out->verdict, sizeof(out->verdict), "the agent rejects the stored credential: HTTP %ld "
			         "from %.300s (our probe, with the credential given).", probe->http_status, purl);
		else
			snprintf(out->verdict, sizeof(out->verdict), "the agent rejects the stored credential: %.300s "
			         "(our probe, with the credential given).", pmsg);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard update %s --secret-file FILE   (the agent's current %s)",
		         id, r->auth_type != NULL && strcmp(r->auth_type, "BASIC_AUTH") == 0 ? "password, with --username" : "token");
	} else if (refused && probe_accepted) {
		snprintf(out->verdict, sizeof(out->verdict), "the agent accepts the credential given to our probe, but "
		         "rejects the one the platform stored for %s: they differ.", id);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard update %s --secret-file FILE   (store the credential "
		         "that works)", id);
	} else if (refused) {
		snprintf(out->verdict, sizeof(out->verdict), "the agent rejects the stored credential: %.300s",
		         says_refused(dmsg) ? dmsg : says_refused(last_msg) ? last_msg : obs_msg);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard update %s --secret-file FILE   (the agent's current %s)",
		         id, r->auth_type != NULL && strcmp(r->auth_type, "BASIC_AUTH") == 0 ? "password, with --username" : "token");
	} else if (unreached && pf == AO_EXPLAIN_PROBE_UNREACHABLE) {
		snprintf(out->verdict, sizeof(out->verdict), "the agent is unreachable: %.300s (our probe; the platform "
		         "cannot reach it either)", pmsg[0] != '\0' ? pmsg : "our probe could not connect");
		snprintf(out->fix, sizeof(out->fix), "start the agent at %.200s (or agent-onboard update %s --endpoint URL "
		         "if it moved), then agent-onboard status %s --wait", purl, id, id);
	} else if (unreached && (last_msg != NULL || (dmsg != NULL && r->status != AO_ST_DISABLED))) {
		snprintf(out->verdict, sizeof(out->verdict), "the platform cannot reach the agent at %s: %.300s", url,
		         last_msg != NULL ? last_msg : dmsg);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard probe %s --protocol %s   (then agent-onboard update %s "
		         "--endpoint URL if it moved)", url, r->protocol != NULL ? r->protocol : "MCP", id);
	} else if (pf == AO_EXPLAIN_PROBE_UNREACHABLE) {
		snprintf(out->verdict, sizeof(out->verdict), "the agent is unreachable: %.300s", pmsg[0] != '\0' ? pmsg
		         : "our probe could not connect");
		snprintf(out->fix, sizeof(out->fix), "start the agent at %.200s (or agent-onboard update %s --endpoint URL "
		         "if it moved), then agent-onboard status %s --wait", purl, id, id);
	} else if (r->status == AO_ST_DISABLED) {
		snprintf(out->verdict, sizeof(out->verdict), "%s is DISABLED: the platform does not use it until it is "
		         "enabled again.", id);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard update %s --status ACTIVE", id);
	} else if (r->kind == AO_KIND_AGENT) {
		snprintf(out->verdict, sizeof(out->verdict), "%s is PENDING: partner agents do not activate by themselves.",
		         id);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard update %s --status ACTIVE", id);
	} else {
		snprintf(out->verdict, sizeof(out->verdict), "%s is PENDING: the platform has not reached the agent with "
		         "the credential yet.", id);
		snprintf(out->fix, sizeof(out->fix), "agent-onboard status %s --wait", id);
	}
}
