/* SPDX-License-Identifier: MIT */
/* What every --json output shares: "schemaVersion" at the top level, and
 * field selection for scripts (--json=FIELD,FIELD, like gh's --json).
 *
 * Only the '=' form takes a field list: `status --json ID` must keep
 * meaning "the whole document of ID", so a bare --json never takes the
 * next word.  An unknown field is a usage error (before anything is sent)
 * that lists the fields the command has. */
#ifndef AO_CLI_JSON_DOC_H
#define AO_CLI_JSON_DOC_H

#include <stdio.h>

#include <cJSON.h>

/* Bumped when a field is removed or changes meaning (adding one is not). */
#define AO_JSON_SCHEMA_VERSION 2

struct ao_json_select {
	int on;              /* --json was given */
	char fields[512];    /* "a,b" from --json=a,b; "" = the whole document */
};

/* If arg is --json or --json=FIELDS for command ("status", "list" ...),
 * records it in sel and returns 1; returns 0 for any other argument, and
 * AO_EXIT_USAGE's negation (-2) after printing a usage error for an empty
 * or unknown field. */
int ao_json_option(const char *command, const char *arg, struct ao_json_select *sel);

/* Prints doc (taking it: it is freed) as --json output: "schemaVersion"
 * first, then the fields sel asks for (at the top level; for `list`, of
 * each item of every list), a field the document lacks as null.  Flushes
 * out. */
void ao_json_emit(FILE *out, cJSON *doc, const struct ao_json_select *sel, int per_item);

#endif
