/* SPDX-License-Identifier: MIT */
/* The top-level --help text (commands, global options, exit codes,
 * environment, files); each subcommand prints its own --help. */
#ifndef AO_CLI_USAGE_H
#define AO_CLI_USAGE_H

#include <stdio.h>

void ao_usage(FILE *out);
/* "agent-onboard COMMAND: <message>" and where to find the options, on
 * stderr; returns AO_EXIT_USAGE.  command "" is the top level. */
int ao_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The exit-code table alone, for subcommands' --help. */
void ao_usage_exit_codes(FILE *out);
/* --version: the program's and the libraries' versions (src/cli/version.c;
 * loads the lazily loaded libraries to name theirs). */
void ao_print_version(FILE *out);

#endif
