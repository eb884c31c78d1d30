/* SPDX-License-Identifier: MIT */
/* Why a storefront source is (not) live, as the platform reports it
 * (reference/scope3-api.md §2.1, §2.4):
 *   GET  /api/v2/storefront/readiness                       go-live checks + sourceDiagnostics[]
 *   GET  /api/v2/storefront/inventory-sources/{sourceId}/diagnostics?windowHours=24 (1..720)
 *   POST /api/v2/storefront/inventory-sources/{sourceId}/tests/discovery {brief?}
 * and the simulator's own switch (no API key, like the consent page):
 *   POST /sandbox/sources/{sourceId} {"mediaBuys": N, "noProducts": bool}
 *
 * Everything comes from what the activation prober (lifecycle.c) learnt;
 * no handler reaches out to the agent (handlers hold the lock and must not
 * block).  The check ids, check statuses (complete|partial|missing|optional),
 * the overall ready|blocked and the compliance fields are documented; the
 * bodies of diagnostics and of the discovery test are not, so their field
 * names here are the simulator's (outcome SUCCESS|EMPTY|UPSTREAM_ERROR|
 * NOT_REACHED for the four documented cases). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define WINDOW_DEFAULT_HOURS 24
#define WINDOW_MAX_HOURS 720
#define DEMO_PRODUCT_COUNT 3   /* what demo_mcp.c's get_products lists */

void
sb_source_record_probe(struct sb_source *src, int outcome, long latency_ms)
{
	char *now = sb_timestamp();

	src->calls++;
	if (outcome != SB_CHECK_OK)
		src->failures++;
	src->last_outcome = outcome;
	src->last_latency_ms = latency_ms;
	snprintf(src->last_probe_at, sizeof(src->last_probe_at), "%s", now);
	free(now);
}

static int
is_status(const struct sb_source *src, const char *status)
{
	const char *st = sb_json_str(src->pub, "status");

	return st != NULL && strcmp(st, status) == 0;
}

static int
auth_configured(const struct sb_source *src)
{
	const char *type = sb_json_str(src->pub, "authenticationType");

	if (type != NULL && strcmp(type, "NO_AUTH") == 0)
		return 1;
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src->pub, "authConfigured"));
}

static int
auth_required(const struct sb_source *src)
{
	const char *type = sb_json_str(src->pub, "authenticationType");

	return type == NULL || strcmp(type, "NO_AUTH") != 0;
}

/* The agent answered with the stored credential (NO_AUTH: answered). */
static int
compliance_passed(const struct sb_source *src)
{
	return src->probe_ok || (is_status(src, "ACTIVE") && src->last_probe_at[0] == '\0');
}

static cJSON *
observations(const struct sb_source *src)
{
	cJSON *list = cJSON_CreateArray();

	if (src->last_probe[0] != '\0')
		cJSON_AddItemToArray(list, cJSON_CreateString(src->last_probe));
	else if (!auth_configured(src))
		cJSON_AddItemToArray(list, cJSON_CreateString(
			"not checked: the platform has no credential for the agent yet"));
	else if (!compliance_passed(src))
		cJSON_AddItemToArray(list, cJSON_CreateString("not checked yet"));
	return list;
}

static cJSON *
compliance_row(const struct sb_source *src)
{
	cJSON *c = cJSON_CreateObject(), *tracks = cJSON_AddArrayToObject(c, "tracks");
	int passed = compliance_passed(src);

	sb_json_set_str(c, "agentId", sb_json_str(src->pub, "agentId"));
	sb_json_set_str(c, "agentUrl", sb_json_str(src->pub, "endpointUrl"));
	cJSON_AddBoolToObject(c, "passed", passed);
	cJSON_AddItemToArray(tracks, cJSON_CreateString("connectivity"));
	cJSON_AddStringToObject(c, "summary", passed ? "The agent answered with the stored credential."
	                        : src->last_probe[0] != '\0' ? src->last_probe
	                        : "The agent has not been reached with a credential yet.");
	cJSON_AddItemToObject(c, "observations", observations(src));
	return c;
}

static void
add_check(cJSON *checks, const char *id, const char *status, const char *message, cJSON *extra_key_value,
          const char *extra_key)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddStringToObject(c, "id", id);
	cJSON_AddStringToObject(c, "status", status);
	cJSON_AddStringToObject(c, "message", message);
	if (extra_key != NULL)
		cJSON_AddItemToObject(c, extra_key, extra_key_value);
	cJSON_AddItemToArray(checks, c);
}

/* complete when all n pass, partial when some, missing when none. */
static const char *
tally(long ok, long n)
{
	return n > 0 && ok == n ? "complete" : ok > 0 ? "partial" : "missing";
}

static cJSON *
source_diagnostic(const struct sb_source *src)
{
	cJSON *d = cJSON_CreateObject(), *auth = cJSON_CreateObject(), *comp = cJSON_CreateObject(),
	      *counts = cJSON_CreateObject(), *debug = cJSON_CreateObject();
	int passed = compliance_passed(src);

	sb_json_set_str(d, "sourceId", sb_json_str(src->pub, "sourceId"));
	sb_json_set_str(d, "agentId", sb_json_str(src->pub, "agentId"));
	sb_json_set_str(d, "sourceStatus", sb_json_str(src->pub, "status"));
	sb_json_set_str(d, "agentStatus", sb_json_str(src->pub, "status"));   /* the agent follows its source */
	cJSON_AddBoolToObject(auth, "required", auth_required(src));
	cJSON_AddBoolToObject(auth, "configured", auth_configured(src));
	sb_json_set_str(auth, "type", sb_json_str(src->pub, "authenticationType"));
	cJSON_AddItemToObject(d, "auth", auth);
	cJSON_AddBoolToObject(comp, "passed", passed);
	cJSON_AddStringToObject(comp, "summary", passed ? "passed" : src->last_probe[0] ? src->last_probe : "not checked");
	sb_json_set_str(comp, "checkedAt", src->last_probe_at[0] ? src->last_probe_at : NULL);
	cJSON_AddNumberToObject(counts, "passed", passed);
	cJSON_AddNumberToObject(counts, "failed", !passed && src->last_probe_at[0] != '\0');
	cJSON_AddItemToObject(comp, "trackCounts", counts);
	cJSON_AddItemToObject(d, "compliance", comp);
	cJSON_AddItemToObject(debug, "tools", cJSON_CreateArray());
	sb_json_set_str(debug, "lastProbe", src->last_probe[0] ? src->last_probe : NULL);
	cJSON_AddItemToObject(d, "debug", debug);
	return d;
}

void
sb_readiness(struct sb_request *r, struct sb_reply *rep)
{
	cJSON *data = cJSON_CreateObject(), *checks = cJSON_CreateArray(), *diags = cJSON_CreateArray(),
	      *compliance = cJSON_CreateArray();
	const struct sb_source *src;
	long n = 0, active = 0, need_auth = 0, have_auth = 0, passed = 0;
	const char *st_sources, *st_status, *st_auth, *st_conn;

	for (src = r->sb->sources; src != NULL; src = src->next) {
		const char *type = sb_json_str(src->pub, "authenticationType");
		int oauth = type != NULL && strcmp(type, "OAUTH") == 0;

		n++;
		active += is_status(src, "ACTIVE");
		if (auth_required(src) && !oauth) {
			need_auth++;
			have_auth += auth_configured(src);
		}
		passed += compliance_passed(src);
		cJSON_AddItemToArray(compliance, compliance_row(src));
		cJSON_AddItemToArray(diags, source_diagnostic(src));
	}
	st_sources = n > 0 ? "complete" : "missing";
	st_status = tally(active, n);
	/* "non-OAuth agents must have credentials": nothing to miss without any */
	st_auth = need_auth == 0 ? (n > 0 ? "complete" : "missing") : tally(have_auth, need_auth);
	st_conn = tally(passed, n);
	add_check(checks, "inventory_sources", st_sources, n > 0 ? "At least one inventory source exists."
	          : "Create an inventory source.", NULL, NULL);
	add_check(checks, "agent_status", st_status, "All agent-backed sources must have their agents activated.",
	          NULL, NULL);
	add_check(checks, "agent_auth", st_auth, "Non-OAuth agents must have credentials.", NULL, NULL);
	add_check(checks, "agent_connectivity", st_conn, "Agents must be reachable and pass AAO compliance.",
	          compliance, "compliance");
	add_check(checks, "currency_confirmed", "complete", "The sandbox storefront settles in USD.", NULL, NULL);
	add_check(checks, "billing_setup", "optional", "No agent advertises agent billing.", NULL, NULL);
	add_check(checks, "settlement_currency_match", "complete", "Currencies match.", NULL, NULL);
	cJSON_AddStringToObject(data, "status",
	                        strcmp(st_sources, "complete") == 0 && strcmp(st_status, "complete") == 0 &&
	                        strcmp(st_auth, "complete") == 0 && strcmp(st_conn, "complete") == 0
	                        ? "ready" : "blocked");
	cJSON_AddItemToObject(data, "checks", checks);
	cJSON_AddItemToObject(data, "sourceDiagnostics", diags);
	sb_reply_data(rep, 200, data, NULL);
}

static struct sb_source *
source_or_404(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_source *src = r->param != NULL ? sb_source_find(r->sb, r->param) : NULL;

	if (src == NULL)
		sb_reply_error(rep, 404, "NOT_FOUND", NULL, NULL, "Inventory source \"%s\" not found.",
		               r->param != NULL ? r->param : "");
	return src;
}

void
sb_source_diagnostics(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_source *src = source_or_404(r, rep);
	const char *w = sb_query(r, "windowHours");
	long hours = WINDOW_DEFAULT_HOURS;
	char *end = NULL;
	cJSON *d, *last;

	if (src == NULL)
		return;
	if (w != NULL) {
		hours = strtol(w, &end, 10);
		if (*w == '\0' || *end != '\0' || hours < 1 || hours > WINDOW_MAX_HOURS) {
			sb_reply_invalid(rep, "windowHours", "windowHours must be a whole number from 1 to %d.",
			                 WINDOW_MAX_HOURS);
			return;
		}
	}
	d = cJSON_CreateObject();
	sb_json_set_str(d, "sourceId", sb_json_str(src->pub, "sourceId"));
	sb_json_set_str(d, "status", sb_json_str(src->pub, "status"));
	cJSON_AddNumberToObject(d, "windowHours", (double)hours);
	cJSON_AddNumberToObject(d, "calls", (double)src->calls);
	cJSON_AddNumberToObject(d, "failures", (double)src->failures);
	cJSON_AddNumberToObject(d, "errorRate", src->calls > 0 ? (double)src->failures / (double)src->calls : 0.0);
	if (src->calls > 0)
		cJSON_AddNumberToObject(d, "lastLatencyMs", (double)src->last_latency_ms);
	else
		cJSON_AddNullToObject(d, "lastLatencyMs");
	if (src->last_probe_at[0] != '\0') {
		last = cJSON_CreateObject();
		cJSON_AddStringToObject(last, "at", src->last_probe_at);
		cJSON_AddStringToObject(last, "outcome", sb_check_outcome_name((enum sb_check_outcome)src->last_outcome));
		cJSON_AddStringToObject(last, "message", src->last_probe);
		cJSON_AddItemToObject(d, "lastCall", last);
	} else {
		cJSON_AddNullToObject(d, "lastCall");
	}
	sb_reply_data(rep, 200, d, NULL);
}

/* The four documented outcomes, from what the prober knows. */
void
sb_source_discovery_test(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_source *src = source_or_404(r, rep);
	cJSON *body, *d;
	const char *outcome, *message;
	long products = -1;
	struct sb_issues is;

	if (src == NULL)
		return;
	body = sb_parse_object(r, rep, 1);
	if (body == NULL)
		return;
	sb_issues_init(&is);
	sb_check_string(body, "brief", 0, 0, 2000, &is);
	if (sb_issues_reply(&is, rep) > 0) {
		cJSON_Delete(body);
		return;
	}
	cJSON_Delete(body);
	if (!auth_configured(src)) {
		outcome = "NOT_REACHED";
		message = "The platform has no credential for the agent, so it did not call it.";
	} else if (src->last_probe_at[0] == '\0' ? !compliance_passed(src) : src->last_outcome == SB_CHECK_FAILED) {
		outcome = "NOT_REACHED";
		message = src->last_probe[0] != '\0' ? src->last_probe : "The agent has not been reached yet.";
	} else if (src->last_probe_at[0] != '\0' && src->last_outcome == SB_CHECK_AUTH) {
		outcome = "UPSTREAM_ERROR";
		message = src->last_probe;
	} else if (src->no_products) {
		outcome = "EMPTY";
		products = 0;
		message = "get_products answered with no products.";
	} else {
		outcome = "SUCCESS";
		products = DEMO_PRODUCT_COUNT;
		message = "get_products answered with products.";
	}
	d = cJSON_CreateObject();
	sb_json_set_str(d, "sourceId", sb_json_str(src->pub, "sourceId"));
	cJSON_AddStringToObject(d, "outcome", outcome);
	cJSON_AddStringToObject(d, "tool", "get_products");
	if (products >= 0)
		cJSON_AddNumberToObject(d, "productCount", (double)products);
	else
		cJSON_AddNullToObject(d, "productCount");
	cJSON_AddStringToObject(d, "message", message);
	sb_reply_data(rep, 200, d, NULL);
}

void
sb_source_simulate(struct sb_request *r, struct sb_reply *rep)
{
	struct sb_source *src = source_or_404(r, rep);
	cJSON *body, *n, *d;
	struct sb_issues is;

	if (src == NULL)
		return;
	body = sb_parse_object(r, rep, 0);
	if (body == NULL)
		return;
	sb_issues_init(&is);
	n = cJSON_GetObjectItemCaseSensitive(body, "mediaBuys");
	if (n != NULL && (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 1e6))
		sb_issue(&is, "mediaBuys", "mediaBuys must be a count of running media buys (0 or more).");
	if (cJSON_GetObjectItemCaseSensitive(body, "noProducts") != NULL &&
	    !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(body, "noProducts")))
		sb_issue(&is, "noProducts", "noProducts must be true or false.");
	if (sb_issues_reply(&is, rep) > 0) {
		cJSON_Delete(body);
		return;
	}
	if (n != NULL)
		src->media_buys = (long)n->valuedouble;
	if (cJSON_GetObjectItemCaseSensitive(body, "noProducts") != NULL)
		src->no_products = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "noProducts"));
	cJSON_Delete(body);
	rep->mutated = 1;   /* --state keeps it */
	sb_log(r->sb, "source %s: %ld running media buys%s", r->param, src->media_buys,
	       src->no_products ? ", no products" : "");
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "mediaBuys", (double)src->media_buys);
	cJSON_AddBoolToObject(d, "noProducts", src->no_products);
	sb_reply_data(rep, 200, d, NULL);
}
