/* The top-level --help text (commands, global options, exit codes,
 * environment, files); each subcommand prints its own --help. */
#ifndef AO_CLI_USAGE_H
#define AO_CLI_USAGE_H

#include <stdio.h>

void ao_usage(FILE *out);
/* The exit-code table alone, for subcommands' --help. */
void ao_usage_exit_codes(FILE *out);

#endif
