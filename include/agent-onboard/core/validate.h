/* SPDX-License-Identifier: MIT */
/* Validation of answers, one human sentence per broken rule: what is wrong
 * and what would be right ("Name must be at most 255 characters; it has
 * 256.").  Used inline by the wizard (the Next action is refused while a
 * field is invalid), by `create` (all problems at once) and by plain mode. */
#ifndef AO_CORE_VALIDATE_H
#define AO_CORE_VALIDATE_H

#include <stddef.h>

#include "agent-onboard/core/model.h"

#define AO_MSG_MAX 256

struct ao_problem {
	enum ao_field field;
	char message[AO_MSG_MAX];
};

struct ao_problems {
	struct ao_problem item[AO_FIELD_COUNT];
	size_t count;
};

/* Checks one field against every rule that applies to it given the other
 * answers (relevance, required, length in characters, UTF-8, control
 * characters, URL, choice, PEM key file ...).  Returns 0 when valid, else -1
 * with the message in msg.  Hidden fields are always valid. */
int ao_validate_field(const struct ao_answers *a, enum ao_field f, char *msg, size_t msgsz);

/* Checks every relevant field; returns the number of problems. */
size_t ao_validate_all(const struct ao_answers *a, struct ao_problems *out);

/* Largest PEM file accepted (a 16384-bit RSA key is about 12 KiB). */
#define AO_PEM_MAX_BYTES (64 * 1024)

/* What a sourceId may contain, for the check and every text that states
 * the rule (one source of truth): ASCII letters and digits plus these. */
#define AO_SOURCE_ID_PUNCT "-_."
#define AO_SOURCE_ID_RULE "ASCII letters (either case), digits, '-', '_' and '.'; 1-255 characters, not \".\" or \"..\""

/* The slug used as the default sourceId: lower-case ASCII letters, digits
 * and single dashes, at most 255 characters.  Latin letters with accents
 * lose them ("Zoë" -> "zoe"), full-width letters become ASCII.  When the
 * slug would keep less than half of the name's letters ("東京メディアX 広"
 * would give "x"; "日本の広告" nothing), it is "" and the user must type an
 * id.  Returns a new string. */
char *ao_slugify(const char *name);

#endif
