/* SPDX-License-Identifier: MIT */
/* See api_fixture.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "api_fixture.h"

struct ao_api *
ao_test_api_new(struct ao_test_api_fx *f, const struct ao_test_api_opts *api, char *msg, size_t msgsz)
{
	static const struct ao_test_api_opts defaults;
	const struct ao_test_api_opts *o = api ? api : &defaults;
	struct ao_api_config cfg = {
		.base_url = f->t->url,
		.partner_base_url = o->partner_url,
		.api_key = o->key ? o->key : f->t->api_key,
		.ca_file = o->no_ca ? NULL : o->ca_file ? o->ca_file : f->t->ca_file,
		.log = f->log,
		.connect_timeout_ms = 2000,
		.timeout_ms = 5000,
		.max_attempts = o->attempts ? o->attempts : 4,
		.backoff_base = 0.02,
		.backoff_cap = 0.1,
		.seed = o->seed ? o->seed : 42,
	};

	return ao_api_new(f->loop, &cfg, msg, msgsz);
}

struct ao_test_api_fx *
ao_test_api_fx_start(unsigned flags, const struct ao_sandbox_options *o, const struct ao_test_api_opts *api)
{
	struct ao_test_api_fx *f = xcalloc(1, sizeof(*f));
	char msg[256];

	f->t = ao_test_sandbox_start(flags, o);
	if (f->t == NULL) {
		free(f);
		return NULL;
	}
	snprintf(f->log_path, sizeof(f->log_path), "%s/trace.log", f->t->dir);
	f->log = ao_log_open(f->log_path, msg, sizeof(msg));
	f->loop = ao_loop_new();
	f->api = ao_test_api_new(f, api, msg, sizeof(msg));
	if (f->log == NULL || f->api == NULL) {
		fprintf(stderr, "api fixture: %s\n", msg);
		ao_test_api_fx_stop(f);
		return NULL;
	}
	return f;
}

void
ao_test_api_fx_stop(struct ao_test_api_fx *f)
{
	if (f == NULL)
		return;
	ao_api_free(f->api);
	ao_loop_free(f->loop);
	ao_log_close(f->log);
	ao_test_sandbox_stop(f->t);
	free(f);
}

void
ao_test_source_answers(const struct ao_test_sandbox *t, struct ao_answers *a, const char *name,
                       const char *path, const char *auth)
{
	char *url = ao_test_sandbox_url(t, path);

	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, "inventory-source");
	ao_answers_set(a, AO_F_NAME, name);
	ao_answers_set(a, AO_F_TYPE, "SALES");
	ao_answers_set(a, AO_F_PROTOCOL, "MCP");
	ao_answers_set(a, AO_F_ENDPOINT_URL, url);
	ao_answers_set(a, AO_F_AUTH_TYPE, auth);
	if (strcmp(auth, "API_KEY") == 0)
		ao_answers_set(a, AO_F_API_TOKEN, AO_SANDBOX_AGENT_TOKEN);
	ao_answers_apply_defaults(a);
	free(url);
}

void
ao_test_agent_answers(const struct ao_test_sandbox *t, struct ao_answers *a, const char *partner_id,
                      const char *name, const char *path, const char *protocol, const char *auth)
{
	char *url = ao_test_sandbox_url(t, path);

	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, "partner-agent");
	ao_answers_set(a, AO_F_PARTNER_ID, partner_id);
	ao_answers_set(a, AO_F_NAME, name);
	ao_answers_set(a, AO_F_TYPE, "SALES");
	ao_answers_set(a, AO_F_PROTOCOL, protocol);
	ao_answers_set(a, AO_F_ENDPOINT_URL, url);
	ao_answers_set(a, AO_F_AUTH_TYPE, auth);
	if (strcmp(auth, "API_KEY") == 0)
		ao_answers_set(a, AO_F_API_TOKEN, AO_SANDBOX_AGENT_TOKEN);
	ao_answers_set(a, AO_F_ACCOUNT_POLICY, "advertiser_account");
	ao_answers_apply_defaults(a);
	free(url);
}

long
ao_test_api_count(const struct ao_test_api_fx *f, const char *pattern)
{
	return ao_sandbox_request_count(f->t->sandbox, pattern);
}
