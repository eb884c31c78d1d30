/* SPDX-License-Identifier: MIT */
/* See cli/wait.h, ao_cli_wait_report.  A wait that ran out or ended
 * DISABLED used to say "it may still activate"; the evidence says why it
 * did not, and which command fixes it. */
#include <string.h>

#include "agent-onboard/cli/explain.h"
#include "agent-onboard/cli/wait.h"

void
ao_cli_wait_report(FILE *err, struct ao_api *api, const struct ao_wait_result *w, const struct ao_resource *r,
                   const struct ao_explain_options *opts)
{
	struct ao_explain_options limited;

	fprintf(err, "%s%s%s\n", w->status == AO_OK ? "" : "agent-onboard: ", w->message,
	        w->explainable ? " Why:" : "");
	fflush(err);
	if (!w->explainable)
		return;
	if (opts != NULL)
		limited = *opts;
	else
		memset(&limited, 0, sizeof(limited));
	limited.time_limit = AO_WAIT_EXPLAIN_LIMIT;
	ao_cli_explain(err, api, r, &limited);
}
