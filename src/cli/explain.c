/* SPDX-License-Identifier: MIT */
/* See cli/explain.h.  A source of evidence that fails (an older platform,
 * a 5xx) is reported as not available; the explanation goes on without it. */
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/explain.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/explain.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"

/* The unwrapped answer, or NULL. */
static cJSON *
fetch(struct ao_api *api, const char *path, const char *body)
{
	struct ao_api_result res;
	cJSON *json = NULL;

	ao_api_wait(ao_api_raw(api, path, body, NULL, NULL), &ao_cli_interrupted, &res);
	if (res.status == AO_OK) {
		json = res.json;
		res.json = NULL;
	}
	ao_api_result_free(&res);
	return json;
}

static void
print_safe(FILE *out, const char *prefix, const char *text)
{
	char *safe = ao_display_dup(text);

	fprintf(out, "%s%s\n", prefix, safe);
	free(safe);
}

void
ao_cli_explain(FILE *out, struct ao_api *api, const struct ao_resource *r)
{
	cJSON *readiness = NULL, *diagnostics = NULL, *discovery = NULL;
	struct ao_explanation x;
	char *line, *next, *base, *path;

	if (r->kind == AO_KIND_SOURCE && r->id != NULL) {
		base = ao_resource_path(AO_KIND_SOURCE, r->id);
		readiness = fetch(api, "/api/v2/storefront/readiness", NULL);
		path = xasprintf("%s/diagnostics?windowHours=24", base);
		diagnostics = fetch(api, path, NULL);
		free(path);
		path = xasprintf("%s/tests/discovery", base);
		discovery = fetch(api, path, "{}");
		free(path);
		free(base);
	}
	ao_explain(r, readiness, diagnostics, discovery, &x);
	print_safe(out, "", x.verdict);
	fprintf(out, "Evidence:\n");
	for (line = x.evidence; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL)
			next = line + strlen(line);
		else
			*next++ = '\0';
		print_safe(out, "  ", line);
	}
	if (x.fix[0] != '\0')
		print_safe(out, "Fix: ", x.fix);
	fflush(out);
	cJSON_Delete(readiness);
	cJSON_Delete(diagnostics);
	cJSON_Delete(discovery);
}
