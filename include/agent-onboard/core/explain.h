/* SPDX-License-Identifier: MIT */
/* Why a registration is in its state, from every source there is: the
 * registration itself, the storefront's GET /readiness (its
 * agent_connectivity compliance observations and sourceDiagnostics), the
 * source's diagnostics and its discovery test (reference/scope3-api.md
 * §2.1, §2.4) -- and our own probe of the endpoint, when one ran.  Pure:
 * the caller fetches and probes, this only reads.  One verdict line, the
 * evidence lines, and the command that fixes it. */
#ifndef AO_CORE_EXPLAIN_H
#define AO_CORE_EXPLAIN_H

#include <cJSON.h>
#include <stddef.h>

#include "agent-onboard/core/response.h"

struct ao_explanation {
	char verdict[512];
	char evidence[2048];   /* "- ...\n" lines */
	char fix[512];         /* a command, or "" when nothing is to fix */
};

/* What our own probe of the endpoint found (net/probe.h, reduced to what
 * the verdict needs, so the core does not depend on the network module). */
enum ao_explain_probe_finding {
	AO_EXPLAIN_PROBE_NOT_RUN = 0,
	AO_EXPLAIN_PROBE_OK,            /* answered, speaks the protocol, credential (if given) accepted */
	AO_EXPLAIN_PROBE_UNREACHABLE,   /* DNS, connection, TLS, timeout */
	AO_EXPLAIN_PROBE_REJECTED,      /* 401/403 with the credential we were given */
	AO_EXPLAIN_PROBE_NEEDS_AUTH,    /* 401/403, and no credential was given to us */
	AO_EXPLAIN_PROBE_BROKEN,        /* answered, but with an HTTP error or not as the protocol */
};

struct ao_explain_probe {
	enum ao_explain_probe_finding finding;
	int with_credential;            /* the probe sent a credential the caller gave */
	long http_status;               /* 0 when none */
	const char *url;                /* the URL probed */
	const char *message;            /* the probe's sentence (display-safe, never a secret) */
};

/* readiness, diagnostics and discovery are the unwrapped answers, or NULL
 * when they could not be had (the evidence says so). */
void ao_explain(const struct ao_resource *r, const cJSON *readiness, const cJSON *diagnostics,
                const cJSON *discovery, struct ao_explanation *out);
/* The same with our own probe's result as evidence (probe may be NULL:
 * not run).  A probe that got 401/403 with the credential we were given
 * names the credential as the cause; one that could not connect names the
 * agent as unreachable; one that worked while the platform reports the
 * credential refused says the stored credential differs from the one given. */
void ao_explain_with_probe(const struct ao_resource *r, const cJSON *readiness, const cJSON *diagnostics,
                           const cJSON *discovery, const struct ao_explain_probe *probe,
                           struct ao_explanation *out);

#endif
