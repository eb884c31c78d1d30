/* SPDX-License-Identifier: MIT */
/* Test fixture for the platform API client: an in-process simulator
 * (sandbox_fixture.h), an event loop, a --log trace file in the simulator's
 * scratch directory, and a client with test timing (short timeouts, fast
 * backoff: a test that waits a whole second can only be waiting for
 * Retry-After).  Shared by the contract tests of net/api*.c.
 *
 *     struct ao_test_api_fx *f = ao_test_api_fx_start(0, NULL, NULL);
 *     struct ao_answers a;
 *     ao_test_source_answers(f->t, &a, "Name", "/demo/mcp", "API_KEY");
 *     ... ao_api_create(f->api, &a, ...) ...
 *     ao_test_api_fx_stop(f);
 */
#ifndef AO_TESTS_API_FIXTURE_H
#define AO_TESTS_API_FIXTURE_H

#include "agent-onboard/core/model.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/log.h"
#include "agent-onboard/net/loop.h"
#include "sandbox_fixture.h"

struct ao_test_api_fx {
	struct ao_test_sandbox *t;
	struct ao_loop *loop;
	struct ao_api *api;     /* made with the defaults below */
	struct ao_log *log;
	char log_path[512];     /* the --log trace of f->api */
};

/* How a client differs from the default one: the simulator's key and CA,
 * the platform host for partner calls, 4 attempts, seed 42.  Zeroed fields
 * keep the default; no_ca sends no CA (a client that must fail TLS). */
struct ao_test_api_opts {
	const char *key;
	const char *ca_file;
	int no_ca;
	const char *partner_url;
	unsigned attempts;
	unsigned seed;
};

/* A simulator (flags and options as ao_test_sandbox_start) with a client;
 * NULL and a message on stderr when either cannot be made. */
struct ao_test_api_fx *ao_test_api_fx_start(unsigned flags, const struct ao_sandbox_options *o,
                                            const struct ao_test_api_opts *api);
void ao_test_api_fx_stop(struct ao_test_api_fx *f);

/* Another client on the fixture's loop and trace; NULL with the reason in
 * msg.  Free it with ao_api_free. */
struct ao_api *ao_test_api_new(struct ao_test_api_fx *f, const struct ao_test_api_opts *api,
                               char *msg, size_t msgsz);

/* Answers for a registration of the simulator's demo agent at path: an
 * inventory source, or a partner agent of seat partner_id with the
 * advertiser_account policy.  API_KEY gets the demo agent's token. */
void ao_test_source_answers(const struct ao_test_sandbox *t, struct ao_answers *a, const char *name,
                            const char *path, const char *auth);
void ao_test_agent_answers(const struct ao_test_sandbox *t, struct ao_answers *a,
                           const char *partner_id, const char *name, const char *path,
                           const char *protocol, const char *auth);

/* The request count of the simulator for a "METHOD /path*" pattern. */
long ao_test_api_count(const struct ao_test_api_fx *f, const char *pattern);

#endif
