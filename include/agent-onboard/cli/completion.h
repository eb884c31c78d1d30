/* SPDX-License-Identifier: MIT */
/* Shell completion scripts (bash, zsh, fish) generated from the option
 * table (cli/option_table.h), printed by `agent-onboard completion SHELL`.
 * The files in assets/ are that output, committed; a test keeps them equal. */
#ifndef AO_CLI_COMPLETION_H
#define AO_CLI_COMPLETION_H

#include <stdio.h>

/* Prints the script for shell ("bash", "zsh", "fish"); -1 for another. */
int ao_completion_print(FILE *out, const char *shell);
/* `agent-onboard completion --help`. */
void ao_completion_help(FILE *out);

#endif
