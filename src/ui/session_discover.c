/* SPDX-License-Identifier: MIT */
/* The endpoint step's "Find agents for my domain": discover-agents for the
 * seller's operator domain, the documented way to start (reference §2.7),
 * and filling the endpoint, protocol and agent type from the one picked.
 * Typing a URL stays possible; this only fills the same fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "session_priv.h"

void
ao_session_discover_guess(const struct ao_session *s, char *out, size_t outsz)
{
	const char *from = ao_answers_get(&s->a, AO_F_ENDPOINT_URL);
	struct ao_url u;

	out[0] = '\0';
	if (s->discover_domain != NULL) {
		/* what was asked last time is the best guess for another try */
		snprintf(out, outsz, "%s", s->discover_domain);
		return;
	}
	if ((from == NULL || from[0] == '\0') && s->g->demo)
		from = s->api_url;
	if (from != NULL && ao_url_parse(from, &u, NULL, 0) == 0 && !u.ipv6 &&
	    ao_operator_domain(u.host, out, outsz) != 0)
		out[0] = '\0';
}

static void
on_discovered(struct ao_api_call *call, struct ao_api_result *res, void *arg)
{
	struct ao_session *s = arg;
	char msg[256];

	(void)call;
	if (s->busy == AO_BUSY_DISCOVER)
		ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	ao_discovered_free(&s->discovered);
	free(s->discover_error);
	s->discover_error = NULL;
	if (res->status == AO_OK && ao_discovered_parse(res->json, &s->discovered, msg, sizeof(msg)) == 0) {
		s->discover_state = AO_LOAD_OK;
		if (s->discovered.count == 0)
			s->discover_error = xasprintf("AgenticAdvertising.org lists no agent with a usable URL for %s. "
			                              "Type the endpoint URL instead.", s->discover_domain);
	} else {
		s->discover_state = AO_LOAD_FAILED;
		if (res->status == AO_ERR_NOT_FOUND)
			/* documented: 404 when AAO has no manifest for the domain */
			s->discover_error = xasprintf("AgenticAdvertising.org knows no agents for %s. Try the "
			                              "domain your agents run under, or type the endpoint URL.",
			                              s->discover_domain);
		else if (res->status == AO_ERR_CANCELLED)
			s->discover_error = xstrdup("The look-up was cancelled.");
		else if (res->status == AO_OK)
			s->discover_error = xasprintf("The look-up gave an answer this program cannot read: %s", msg);
		else
			s->discover_error = xasprintf("The look-up failed: %s",
			                              res->message != NULL ? res->message : ao_status_message(res->status));
	}
	s->discover_gen++;
	ao_sess_emit(s, AO_EV_DISCOVER);
}

void
ao_session_discover(struct ao_session *s, const char *domain)
{
	char why[200];

	if (s->busy != AO_BUSY_NONE)
		return;
	ao_discovered_free(&s->discovered);
	free(s->discover_error);
	s->discover_error = NULL;
	free(s->discover_domain);
	s->discover_domain = NULL;
	if (!ao_domain_acceptable(domain, why, sizeof(why))) {
		s->discover_state = AO_LOAD_FAILED;
		s->discover_error = xstrdup(why);
		s->discover_gen++;
	ao_sess_emit(s, AO_EV_DISCOVER);
		return;
	}
	s->discover_domain = xstrdup(domain);
	s->discover_state = AO_LOAD_RUNNING;
	ao_sess_set_busy(s, AO_BUSY_DISCOVER, NULL);
	s->call = ao_api_discover_agents(s->api, domain, on_discovered, s);
	s->discover_gen++;
	ao_sess_emit(s, AO_EV_DISCOVER);
}

void
ao_session_pick_discovered(struct ao_session *s, size_t i)
{
	const struct ao_discovered_agent *a;

	if (s->discover_state != AO_LOAD_OK || i >= s->discovered.count)
		return;
	a = &s->discovered.items[i];
	ao_session_set(s, AO_F_ENDPOINT_URL, a->url);
	if (a->protocol != NULL)
		ao_session_set(s, AO_F_PROTOCOL, a->protocol);
	if (a->type != NULL)
		ao_session_set(s, AO_F_TYPE, a->type);
	if (a->protocol != NULL)
		ao_sess_notice(s, "Endpoint filled from AgenticAdvertising.org: protocol %s%s%s.", a->protocol,
		               a->type != NULL ? ", agent type " : "", a->type != NULL ? a->type : "");
	else
		ao_sess_notice(s, "Endpoint filled from AgenticAdvertising.org, which did not say the protocol: "
		               "check it on the previous step (Esc).");
}
