/* SPDX-License-Identifier: MIT */
/* The model of both registrations: the storefront inventory source
 * (POST /api/v2/storefront/inventory-sources) and the partner agent
 * (POST /api/v2/partner/agents).
 *
 * Every answer is a string slot in struct ao_answers, indexed by enum
 * ao_field.  One table (ao_field_info) describes each field once: its key in
 * answers files and drafts, its command-line flag, label, help, choices,
 * limits and flags.  The wizard, plain mode, `create` flags, answers files
 * and request builders all read that table, so a field is declared once
 * (nmtui binds widgets to properties the same way). */
#ifndef AO_CORE_MODEL_H
#define AO_CORE_MODEL_H

#include <stddef.h>

enum ao_kind {
	AO_KIND_NONE = 0,
	AO_KIND_SOURCE,  /* storefront inventory source */
	AO_KIND_AGENT,   /* partner agent */
};

enum ao_field {
	AO_F_KIND,
	AO_F_PARTNER_ID,
	AO_F_NAME,
	AO_F_SOURCE_ID,
	AO_F_TYPE,
	AO_F_PROTOCOL,
	AO_F_ENDPOINT_URL,
	AO_F_AUTH_TYPE,
	AO_F_API_KEY_TYPE,
	AO_F_API_TOKEN,          /* secret */
	AO_F_BASIC_USERNAME,
	AO_F_BASIC_PASSWORD,     /* secret */
	AO_F_JWT_KEY_FILE,       /* path; the PEM it names is the secret */
	AO_F_JWT_ISSUER,
	AO_F_JWT_SUBJECT,
	AO_F_JWT_KEY_ID,
	AO_F_JWT_SCOPE,
	AO_F_JWT_TOKEN_URL,
	AO_F_JWT_AUDIENCE_URL,
	AO_F_JWT_ALGORITHM,
	AO_F_JWT_ENVIRONMENT,
	AO_F_DESCRIPTION,
	AO_F_ACCOUNT_POLICY,     /* comma-separated set */
	AO_F_REPORTING_TYPE,
	AO_F_REPORTING_CADENCE,
	AO_FIELD_COUNT
};

/* Field flags. */
#define AO_FF_SECRET   0x01u  /* never saved, logged, drawn or put in argv */
#define AO_FF_CHOICE   0x02u  /* one value out of choices[] */
#define AO_FF_MULTI    0x04u  /* one or more values out of choices[], comma-separated */
#define AO_FF_URL      0x08u  /* absolute http(s) URL; https unless loopback */
#define AO_FF_FILE     0x10u  /* a path to a readable file */
#define AO_FF_MULTILINE 0x20u /* free text that may be long (description) */

struct ao_choice {
	const char *value;  /* canonical value sent to the API */
	const char *label;  /* what the user sees */
	const char *help;   /* one line */
};

struct ao_field_info {
	enum ao_field id;
	const char *key;        /* answers-file / draft key, e.g. "endpointUrl" */
	const char *flag;       /* `create` flag, e.g. "endpoint-url" (no dashes) */
	const char *label;      /* form label */
	const char *help;       /* one-line help shown under the focused field */
	const char *long_help;  /* F1 help */
	unsigned flags;
	const struct ao_choice *choices;  /* NULL-value terminated, or NULL */
	unsigned min_chars;     /* when non-empty; required-ness is separate */
	unsigned max_chars;     /* 0 = no limit beyond the global one */
	const char *default_value;  /* applied by ao_answers_apply_defaults */
};

enum ao_relevance {
	AO_HIDDEN = 0,   /* does not apply to these answers; not shown, not sent */
	AO_OPTIONAL,
	AO_REQUIRED,
};

struct ao_answers {
	char *value[AO_FIELD_COUNT];   /* NULL or "" = not answered */
	/* Editing a registration that exists (agent-onboard --edit ID): the
	 * kind, partner, sourceId, account policy and reporting cannot change
	 * and are hidden; the credential the platform holds for stored_auth
	 * (its authenticationType) is kept while none of the credential fields
	 * is filled in (the platform never returns it). */
	int editing;
	char stored_auth[16];
};

/* Field table access. */
const struct ao_field_info *ao_field_info(enum ao_field f);
/* Finds a field by answers-file key or flag name; -1 if unknown. */
int ao_field_by_key(const char *key);
int ao_field_by_flag(const char *flag);

void ao_answers_init(struct ao_answers *a);
/* Frees every value, wiping the secret ones. */
void ao_answers_clear(struct ao_answers *a);
void ao_answers_copy(struct ao_answers *dst, const struct ao_answers *src);
/* Editing, the auth type is the one on the platform and no credential
 * field is filled in: the stored credential stays (nothing is sent). */
int ao_answers_credential_kept(const struct ao_answers *a);
/* Empties every credential field (token, user and password, the JWT key
 * and its claims): what the stored credential is then kept by. */
void ao_answers_clear_credential(struct ao_answers *a);
/* Sets a field; values of choice fields are canonicalised (case, dashes and
 * aliases: "inventory-source", "Bearer", "no_auth" ...).  NULL clears. */
void ao_answers_set(struct ao_answers *a, enum ao_field f, const char *value);
/* The value, or "" when unset (never NULL). */
const char *ao_answers_get(const struct ao_answers *a, enum ao_field f);
int ao_answers_has(const struct ao_answers *a, enum ao_field f);
/* Fills unset fields that have a default (API key type "bearer"). */
void ao_answers_apply_defaults(struct ao_answers *a);

enum ao_kind ao_answers_kind(const struct ao_answers *a);
const char *ao_kind_name(enum ao_kind k);          /* "inventory-source" / "partner-agent" */
const char *ao_kind_label(enum ao_kind k);         /* "storefront inventory source" ... */

/* Whether f is shown / required for these answers (registration kind,
 * authentication type, reporting type).  Values of hidden fields are kept:
 * switching the auth type back brings them back; only relevant fields are
 * sent. */
enum ao_relevance ao_field_relevance(const struct ao_answers *a, enum ao_field f);

/* The choices of f that are allowed for these answers (e.g. no BASIC_AUTH
 * for partner agents); writes up to max pointers, returns the count. */
size_t ao_field_choices(const struct ao_answers *a, enum ao_field f,
                        const struct ao_choice **out, size_t max);
/* Canonical form of a choice value for f ("oauth" -> "OAUTH"), or NULL if
 * it is not one of f's choices. */
const char *ao_choice_canonical(enum ao_field f, const char *value);
const struct ao_choice *ao_choice_find(enum ao_field f, const char *canonical);

/* Multi-choice helpers (account policy). */
int ao_multi_contains(const char *list, const char *value);
/* Returns a new list with value toggled, in the choices' order. */
char *ao_multi_toggle(enum ao_field f, const char *list, const char *value);

#endif
