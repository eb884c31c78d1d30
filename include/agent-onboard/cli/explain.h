/* SPDX-License-Identifier: MIT */
/* `status --explain` (and after a wait that did not end ACTIVE): fetches
 * what the platform says about the registration -- readiness, diagnostics,
 * the discovery test, for inventory sources -- and prints core/explain.h's
 * verdict, evidence and fix. */
#ifndef AO_CLI_EXPLAIN_H
#define AO_CLI_EXPLAIN_H

#include <stdio.h>

#include "agent-onboard/core/response.h"
#include "agent-onboard/net/api.h"

void ao_cli_explain(FILE *out, struct ao_api *api, const struct ao_resource *r);

#endif
