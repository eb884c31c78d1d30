/* SPDX-License-Identifier: MIT */
/* Why a registration is in its state, from every source there is: the
 * registration itself, the storefront's GET /readiness (its
 * agent_connectivity compliance observations and sourceDiagnostics), the
 * source's diagnostics and its discovery test (reference/scope3-api.md
 * §2.1, §2.4).  Pure: the caller fetches, this only reads.  One verdict
 * line, the evidence lines, and the command that fixes it. */
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

/* readiness, diagnostics and discovery are the unwrapped answers, or NULL
 * when they could not be had (the evidence says so). */
void ao_explain(const struct ao_resource *r, const cJSON *readiness, const cJSON *diagnostics,
                const cJSON *discovery, struct ao_explanation *out);

#endif
