/* SPDX-License-Identifier: MIT */
/* The command-line options of every command, in one table: each command's
 * --help prints its "Options:" from it, and the bash, zsh and fish
 * completions are generated from it (cli/completion.h), so the three can
 * never disagree.  create's field flags (--name, --endpoint-url ...) come
 * from the core's field table (core/model.h) and are added by the readers
 * of this table through ao_option_fields_of(). */
#ifndef AO_CLI_OPTION_TABLE_H
#define AO_CLI_OPTION_TABLE_H

#include <stdio.h>

enum ao_option_value {
	AO_OPTV_NONE,     /* a flag: --json */
	AO_OPTV_TEXT,     /* any text: --name NAME */
	AO_OPTV_FILE,     /* a path: --ca-file FILE */
	AO_OPTV_FILE_OR_STDIN, /* a path or "-": --answers FILE|- */
	AO_OPTV_CHOICE,   /* one of choices: --kind KIND */
};

struct ao_option {
	const char *command;   /* "" for the global options, else "wizard", "create" ... */
	const char *name;      /* "--kind" */
	const char *short_name; /* "-h" or NULL */
	const char *arg;       /* "KIND" as shown in --help, NULL for a flag;
	                          "[=...]" for a flag with an optional value */
	enum ao_option_value value;
	const char *choices;   /* AO_OPTV_CHOICE: the values, space-separated */
	const char *help;      /* --help text; '\n' starts an indented line */
};

/* The commands, in --help order, each with a one-line summary; NULL-name
 * terminated.  "wizard" is what runs without a command word. */
struct ao_command_info {
	const char *name;
	const char *summary;
};
extern const struct ao_command_info ao_commands[];

/* The table, terminated by an entry with a NULL name. */
extern const struct ao_option ao_options[];

/* The option of command (or a global one) spelled name ("--kind"; the part
 * before a '=' counts), or NULL. */
const struct ao_option *ao_option_find(const char *command, const char *name);
/* Does command (e.g. "create") also take the core's field flags? */
int ao_option_fields_of(const char *command);

/* Prints command's options as --help shows them ("" = the globals). */
void ao_option_help(FILE *out, const char *command);

/* For an argument that starts with '-' and is no option of command: the
 * usage message ("--dry-run takes no value ...", "unknown option ...") on
 * stderr; returns AO_EXIT_USAGE. */
int ao_option_unknown(const char *command, const char *arg);

#endif
