/* SPDX-License-Identifier: MIT */
/* See cli/wait.h, ao_cli_wait_report.  A wait that ran out or ended
 * DISABLED used to say "it may still activate"; the evidence says why it
 * did not, and which command fixes it. */
#include <stdlib.h>

#include "agent-onboard/cli/explain.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/core/display.h"

void
ao_cli_wait_report(FILE *err, struct ao_api *api, const struct ao_wait_result *w, const struct ao_resource *r,
                   const struct ao_explain_options *opts)
{
	char *id, *state;

	/* a partner agent that only needs activating has its own exact advice */
	if ((w->status != AO_ERR_PENDING && w->status != AO_ERR_DISABLED) || w->needs_activation) {
		fprintf(err, "%s%s\n", w->status == AO_OK ? "" : "agent-onboard: ", w->message);
		return;
	}
	id = ao_display_dup(r->id != NULL ? r->id : "the registration");
	state = ao_display_dup(r->status_raw != NULL ? r->status_raw : "not reported");
	if (w->status == AO_ERR_DISABLED)
		fprintf(err, "agent-onboard: %s is %s after %.0f s of waiting. Why:\n", id, state, w->elapsed);
	else
		fprintf(err, "agent-onboard: %s is still %s after %.0f s (--timeout). Why:\n", id, state, w->elapsed);
	fflush(err);
	free(id);
	free(state);
	ao_cli_explain(err, api, r, opts);
}
