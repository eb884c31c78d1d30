/* SPDX-License-Identifier: MIT */
/* See cli/explain.h: printing an explanation, and the blocking gathering
 * `status --explain` and the CLI waits use (net/explain_job.c gathers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/explain.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"

static void
print_safe(FILE *out, const char *prefix, const char *text)
{
	char *safe = ao_display_dup(text);

	fprintf(out, "%s%s\n", prefix, safe);
	free(safe);
}

void
ao_explanation_print(FILE *out, const struct ao_explanation *x)
{
	const char *line = x->evidence, *next;
	char *one;

	print_safe(out, "", x->verdict);
	fprintf(out, "Evidence:\n");
	while (*line != '\0') {
		next = strchr(line, '\n');
		if (next == NULL)
			next = line + strlen(line);
		one = xstrndup(line, (size_t)(next - line));
		print_safe(out, "  ", one);
		free(one);
		line = *next == '\n' ? next + 1 : next;
	}
	if (x->fix[0] != '\0')
		print_safe(out, "Fix: ", x->fix);
	fflush(out);
}

struct blocking {
	FILE *out;
	int done;
};

static void
on_explained(const struct ao_explanation *x, void *arg)
{
	struct blocking *b = arg;

	ao_explanation_print(b->out, x);
	b->done = 1;
}

void
ao_cli_explain(FILE *out, struct ao_api *api, const struct ao_resource *r, const struct ao_explain_options *opts)
{
	struct blocking b = { out, 0 };
	struct ao_explain_job *j = ao_explain_start(api, r, opts, on_explained, &b);
	int gone = 0;

	ao_explain_watch_freed(j, &gone);
	if (ao_loop_run_until(ao_api_loop(api), &b.done, &ao_cli_interrupted) != 0 && !b.done) {
		/* Ctrl-C (or the loop failing): stop the requests and the probe,
		 * and let them end (the probe notices its cancel flag within its
		 * next step) */
		ao_explain_cancel(j);
		if (ao_loop_run_until(ao_api_loop(api), &gone, NULL) != 0 && !gone)
			ao_explain_watch_freed(j, NULL);   /* never a write into this frame later */
	}
}
