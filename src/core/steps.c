/* SPDX-License-Identifier: MIT */
/* The step machine.  Each field is asked in exactly one step; a form step
 * applies when it has a visible field, so skipping (no partner step for
 * inventory sources, no credential step for NO_AUTH or OAUTH) follows from
 * field relevance instead of being written out twice. */
#include <string.h>

#include "agent-onboard/core/steps.h"

static const struct {
	const char *name;
	const char *title;
} steps[AO_STEP_COUNT] = {
	[AO_STEP_PLATFORM]    = { "platform", "Platform and API key" },
	[AO_STEP_KIND]        = { "kind", "What to register" },
	[AO_STEP_PARTNER]     = { "partner", "Partner seat" },
	[AO_STEP_IDENTITY]    = { "identity", "Name and id" },
	[AO_STEP_AGENT]       = { "agent", "Agent type and protocol" },
	[AO_STEP_ENDPOINT]    = { "endpoint", "Endpoint URL" },
	[AO_STEP_AUTH_TYPE]   = { "auth-type", "Authentication" },
	[AO_STEP_CREDENTIALS] = { "credentials", "Credentials" },
	[AO_STEP_EXTRAS]      = { "extras", "Details" },
	[AO_STEP_REVIEW]      = { "review", "Review" },
	[AO_STEP_SUBMIT]      = { "submit", "Submitting" },
	[AO_STEP_WAIT]        = { "wait", "Waiting for activation" },
	[AO_STEP_RESULT]      = { "result", "Result" },
};

/* Display order of fields, each tagged with its step. */
static const struct {
	enum ao_field field;
	enum ao_step step;
} order[AO_FIELD_COUNT] = {
	{ AO_F_KIND, AO_STEP_KIND },
	{ AO_F_PARTNER_ID, AO_STEP_PARTNER },
	{ AO_F_NAME, AO_STEP_IDENTITY },
	{ AO_F_SOURCE_ID, AO_STEP_IDENTITY },
	{ AO_F_TYPE, AO_STEP_AGENT },
	{ AO_F_PROTOCOL, AO_STEP_AGENT },
	{ AO_F_ENDPOINT_URL, AO_STEP_ENDPOINT },
	{ AO_F_AUTH_TYPE, AO_STEP_AUTH_TYPE },
	{ AO_F_API_KEY_TYPE, AO_STEP_CREDENTIALS },
	{ AO_F_API_TOKEN, AO_STEP_CREDENTIALS },
	{ AO_F_BASIC_USERNAME, AO_STEP_CREDENTIALS },
	{ AO_F_BASIC_PASSWORD, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_KEY_FILE, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_ALGORITHM, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_ISSUER, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_SUBJECT, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_KEY_ID, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_SCOPE, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_TOKEN_URL, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_AUDIENCE_URL, AO_STEP_CREDENTIALS },
	{ AO_F_JWT_ENVIRONMENT, AO_STEP_CREDENTIALS },
	{ AO_F_ACCOUNT_POLICY, AO_STEP_EXTRAS },
	{ AO_F_REPORTING_TYPE, AO_STEP_EXTRAS },
	{ AO_F_REPORTING_CADENCE, AO_STEP_EXTRAS },
	{ AO_F_DESCRIPTION, AO_STEP_EXTRAS },
};

const char *
ao_step_name(enum ao_step s)
{
	return (unsigned)s < AO_STEP_COUNT ? steps[s].name : "";
}

const char *
ao_step_title(enum ao_step s)
{
	return (unsigned)s < AO_STEP_COUNT ? steps[s].title : "";
}

int
ao_step_by_name(const char *name)
{
	int s;

	for (s = 0; s < AO_STEP_COUNT; s++)
		if (strcmp(steps[s].name, name) == 0)
			return s;
	return -1;
}

enum ao_step
ao_step_of_field(enum ao_field f)
{
	size_t i;

	for (i = 0; i < AO_FIELD_COUNT; i++)
		if (order[i].field == f)
			return order[i].step;
	return AO_STEP_REVIEW;
}

size_t
ao_step_fields(const struct ao_answers *a, enum ao_step s, enum ao_field *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < AO_FIELD_COUNT && n < max; i++)
		if (order[i].step == s && ao_field_relevance(a, order[i].field) != AO_HIDDEN)
			out[n++] = order[i].field;
	return n;
}

static int
is_form_step(enum ao_step s)
{
	return s >= AO_STEP_KIND && s <= AO_STEP_EXTRAS;
}

int
ao_step_applies(const struct ao_answers *a, enum ao_step s)
{
	enum ao_field f[AO_FIELD_COUNT];

	if ((unsigned)s >= AO_STEP_COUNT)
		return 0;
	if (!is_form_step(s))
		return 1;
	return ao_step_fields(a, s, f, AO_FIELD_COUNT) > 0;
}

enum ao_step
ao_step_next(const struct ao_answers *a, enum ao_step s)
{
	int n;

	for (n = (int)s + 1; n < AO_STEP_COUNT; n++)
		if (ao_step_applies(a, (enum ao_step)n))
			return (enum ao_step)n;
	return AO_STEP_RESULT;
}

enum ao_step
ao_step_prev(const struct ao_answers *a, enum ao_step s)
{
	int n;

	for (n = (int)s - 1; n >= 0; n--)
		if (ao_step_applies(a, (enum ao_step)n))
			return (enum ao_step)n;
	return AO_STEP_PLATFORM;
}

size_t
ao_step_check(const struct ao_answers *a, enum ao_step s, struct ao_problems *out)
{
	enum ao_field f[AO_FIELD_COUNT];
	size_t n = ao_step_fields(a, s, f, AO_FIELD_COUNT), i;

	out->count = 0;
	for (i = 0; i < n; i++) {
		struct ao_problem *p = &out->item[out->count];

		if (ao_validate_field(a, f[i], p->message, sizeof(p->message)) != 0) {
			p->field = f[i];
			out->count++;
		}
	}
	return out->count;
}

enum ao_step
ao_step_first_invalid(const struct ao_answers *a)
{
	struct ao_problems p;
	int s;

	for (s = AO_STEP_KIND; s <= AO_STEP_EXTRAS; s++)
		if (ao_step_applies(a, (enum ao_step)s) && ao_step_check(a, (enum ao_step)s, &p) > 0)
			return (enum ao_step)s;
	return AO_STEP_REVIEW;
}

int
ao_step_number(const struct ao_answers *a, enum ao_step s)
{
	int n, number = 0;

	for (n = AO_STEP_PLATFORM; n <= (int)s && n <= AO_STEP_REVIEW; n++)
		if (ao_step_applies(a, (enum ao_step)n))
			number++;
	return number;
}
