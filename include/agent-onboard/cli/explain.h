/* SPDX-License-Identifier: MIT */
/* Printing why a registration is in its state (net/explain_job.h gathers
 * it): `status --explain` and the CLI waits that did not end ACTIVE. */
#ifndef AO_CLI_EXPLAIN_H
#define AO_CLI_EXPLAIN_H

#include <stdio.h>

#include "agent-onboard/net/explain_job.h"

/* Prints x: the verdict, "Evidence:" and its lines, "Fix: ..." (all made
 * display-safe). */
void ao_explanation_print(FILE *out, const struct ao_explanation *x);

/* Blocking: gathers and prints (running the loop of api).  Ctrl-C
 * abandons it and prints nothing.  opts may be NULL. */
void ao_cli_explain(FILE *out, struct ao_api *api, const struct ao_resource *r,
                    const struct ao_explain_options *opts);

#endif
