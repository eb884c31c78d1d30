/* SPDX-License-Identifier: MIT */
/* A registration found on the platform against the answers the user
 * reviewed.  When a submission this wizard started turns out to have
 * arrived (a cancelled or cut-off create), the user may have corrected
 * something since: the differences are shown and the user chooses to send
 * the reviewed values (an update) or to keep what the platform has, so the
 * wizard never reports success for values that were not sent. */
#ifndef AO_CORE_REGDIFF_H
#define AO_CORE_REGDIFF_H

#include <stddef.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/response.h"

#define AO_REGDIFF_MAX 8

struct ao_regdiff_item {
	enum ao_field field;
	char *platform;   /* as the platform has it ("" when not set) */
	char *reviewed;   /* as reviewed ("" when not set) */
};

struct ao_regdiff {
	size_t count;
	struct ao_regdiff_item item[AO_REGDIFF_MAX];
};

/* Fills d with the fields whose values differ (name, description, endpoint
 * URL, agent type, protocol, authentication type); a field the platform
 * did not report is not compared.  Credentials are never returned by the
 * platform and cannot be compared.  Returns d->count. */
size_t ao_regdiff(const struct ao_answers *a, const struct ao_resource *r, struct ao_regdiff *d);
void ao_regdiff_free(struct ao_regdiff *d);
/* A credential changed since the submission that arrived: the platform
 * never returns credentials, so ao_regdiff cannot see a correction of only
 * the token; the caller, who knows it changed, adds it as a difference of
 * field f (the update sends it).  Nothing when d is full. */
void ao_regdiff_add_credential(struct ao_regdiff *d, enum ao_field f);

/* Equal endpoint URLs: one trailing '/' and the case of scheme and host do
 * not count. */
int ao_same_endpoint(const char *a, const char *b);

#endif
