/* SPDX-License-Identifier: MIT */
/* Command-line layer: main() parses the global options (anywhere on the
 * command line), resolves them, and calls one function per subcommand.
 * Each subcommand lives in its own file src/cli/cmd_<name>.c and returns
 * the process exit code (enum ao_exit). */
#ifndef AO_CLI_CLI_H
#define AO_CLI_CLI_H

#include "agent-onboard/core/run_options.h"   /* struct ao_global */

/* argv[0] is the subcommand name; global options are already removed. */
typedef int (*ao_command_fn)(const struct ao_global *g, int argc, char **argv);

int ao_cmd_wizard(const struct ao_global *g, int argc, char **argv);
int ao_cmd_create(const struct ao_global *g, int argc, char **argv);
int ao_cmd_status(const struct ao_global *g, int argc, char **argv);
int ao_cmd_update(const struct ao_global *g, int argc, char **argv);
int ao_cmd_delete(const struct ao_global *g, int argc, char **argv);
int ao_cmd_list(const struct ao_global *g, int argc, char **argv);
int ao_cmd_partners(const struct ao_global *g, int argc, char **argv);
int ao_cmd_probe(const struct ao_global *g, int argc, char **argv);
int ao_cmd_login(const struct ao_global *g, int argc, char **argv);
int ao_cmd_logout(const struct ao_global *g, int argc, char **argv);
int ao_cmd_doctor(const struct ao_global *g, int argc, char **argv);
int ao_cmd_sandbox(const struct ao_global *g, int argc, char **argv);

#endif
