/* SPDX-License-Identifier: MIT */
/* See regdiff.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/regdiff.h"
#include "agent-onboard/core/xalloc.h"

int
ao_same_endpoint(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), origin;
	const char *pa, *end;

	if (la > 0 && a[la - 1] == '/')
		la--;
	if (lb > 0 && b[lb - 1] == '/')
		lb--;
	if (la != lb)
		return 0;
	pa = strstr(a, "://");
	end = pa != NULL ? strchr(pa + 3, '/') : NULL;
	origin = end != NULL ? (size_t)(end - a) : la;
	if (origin > la)
		origin = la;
	return strncasecmp(a, b, origin) == 0 && memcmp(a + origin, b + origin, la - origin) == 0;
}

enum cmp { CMP_EXACT, CMP_CASE, CMP_URL };

static void
compare(struct ao_regdiff *d, const struct ao_answers *a, enum ao_field f, const char *platform, enum cmp how)
{
	const char *reviewed = ao_answers_get(a, f);
	int same;

	if (platform == NULL || d->count >= AO_REGDIFF_MAX)
		return;
	switch (how) {
	case CMP_CASE: same = strcasecmp(platform, reviewed) == 0; break;
	case CMP_URL: same = ao_same_endpoint(platform, reviewed); break;
	default: same = strcmp(platform, reviewed) == 0; break;
	}
	if (same)
		return;
	d->item[d->count].field = f;
	d->item[d->count].platform = xstrdup(platform);
	d->item[d->count].reviewed = xstrdup(reviewed);
	d->count++;
}

/* The description: a platform that sends the key as null, or a whole
 * resource without it, has none; a row without the key says nothing. */
static const char *
platform_description(const struct ao_resource *r)
{
	if (r->description != NULL)
		return r->description;
	if (r->raw == NULL || cJSON_GetObjectItemCaseSensitive(r->raw, "description") != NULL)
		return "";
	return r->kind == AO_KIND_SOURCE ? "" : NULL;
}

size_t
ao_regdiff(const struct ao_answers *a, const struct ao_resource *r, struct ao_regdiff *d)
{
	memset(d, 0, sizeof(*d));
	compare(d, a, AO_F_NAME, r->name, CMP_EXACT);
	compare(d, a, AO_F_DESCRIPTION, platform_description(r), CMP_EXACT);
	compare(d, a, AO_F_ENDPOINT_URL, r->endpoint_url, CMP_URL);
	compare(d, a, AO_F_TYPE, r->type, CMP_CASE);
	compare(d, a, AO_F_PROTOCOL, r->protocol, CMP_CASE);
	compare(d, a, AO_F_AUTH_TYPE, r->auth_type, CMP_CASE);
	return d->count;
}

void
ao_regdiff_add_credential(struct ao_regdiff *d, enum ao_field f)
{
	if (d->count >= AO_REGDIFF_MAX)
		return;
	d->item[d->count].field = f;
	d->item[d->count].platform = xstrdup("the one sent then (the platform never shows it)");
	d->item[d->count].reviewed = xstrdup("the one you entered now, which may differ: update to send it");
	d->count++;
}

void
ao_regdiff_free(struct ao_regdiff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->count; i++) {
		free(d->item[i].platform);
		free(d->item[i].reviewed);
	}
	memset(d, 0, sizeof(*d));
}
