/* SPDX-License-Identifier: MIT */
/* The wizard's step machine, as pure code: which step follows which given
 * the answers, back navigation, skipping, and which fields each step shows.
 * The ncurses screens and the plain line mode both walk it. */
#ifndef AO_CORE_STEPS_H
#define AO_CORE_STEPS_H

#include <stddef.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/validate.h"

enum ao_step {
	AO_STEP_PLATFORM,     /* API URL, key, where secrets will be stored */
	AO_STEP_KIND,         /* inventory source or partner agent */
	AO_STEP_PARTNER,      /* partner agents only: pick the partner seat */
	AO_STEP_IDENTITY,     /* name (+ sourceId for sources) */
	AO_STEP_AGENT,        /* agent type and protocol */
	AO_STEP_ENDPOINT,     /* endpoint URL (+ Test connection) */
	AO_STEP_AUTH_TYPE,
	AO_STEP_CREDENTIALS,  /* only the chosen type's fields; skipped for NO_AUTH/OAUTH */
	AO_STEP_EXTRAS,       /* description; partner: account policy, reporting */
	AO_STEP_REVIEW,
	AO_STEP_SUBMIT,
	AO_STEP_WAIT,         /* polling until ACTIVE, or OAuth consent */
	AO_STEP_RESULT,
	AO_STEP_COUNT
};

const char *ao_step_name(enum ao_step s);    /* stable id for drafts: "identity" */
const char *ao_step_title(enum ao_step s);   /* "Name and id" */
/* -1 if unknown. */
int ao_step_by_name(const char *name);

/* The step a field is asked in. */
enum ao_step ao_step_of_field(enum ao_field f);
/* The fields the step shows for these answers, in display order. */
size_t ao_step_fields(const struct ao_answers *a, enum ao_step s, enum ao_field *out, size_t max);
/* Whether the step applies to these answers (form steps without visible
 * fields are skipped). */
int ao_step_applies(const struct ao_answers *a, enum ao_step s);
/* The following / preceding applicable step; next of RESULT is RESULT, prev
 * of PLATFORM is PLATFORM.  Back never changes answers. */
enum ao_step ao_step_next(const struct ao_answers *a, enum ao_step s);
enum ao_step ao_step_prev(const struct ao_answers *a, enum ao_step s);
/* Validates the step's visible fields; returns the number of problems. */
size_t ao_step_check(const struct ao_answers *a, enum ao_step s, struct ao_problems *out);
/* The first form step (up to REVIEW) that has a problem, or AO_STEP_REVIEW. */
enum ao_step ao_step_first_invalid(const struct ao_answers *a);
/* 1-based position among the applicable steps up to s, for "Step 3".
 * There is no total: how many steps there are depends on choices not made
 * yet (partner seat, credentials), and a total that changes as you go
 * ("6 of 8" then "7 of 9") reads as the wizard moving the goal.  The
 * number only depends on the steps already passed, so going forward it
 * always grows by one. */
int ao_step_number(const struct ao_answers *a, enum ao_step s);

#endif
