/* TRANSITIONAL: weak definitions so the binary links while the subcommands
 * are being written in parallel; each real ao_cmd_* overrides its weak one.
 * This file is deleted once every command exists. */
#include <stdio.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/core/status.h"

static int
pending(const char *name)
{
	fprintf(stderr, "agent-onboard: the %s command is not in this build yet\n", name);
	return AO_EXIT_FAILURE;
}

#define PENDING(fn, name) \
	__attribute__((weak)) int fn(const struct ao_global *g, int argc, char **argv) \
	{ (void)g; (void)argc; (void)argv; return pending(name); }

PENDING(ao_cmd_wizard, "wizard")
PENDING(ao_cmd_create, "create")
PENDING(ao_cmd_status, "status")
PENDING(ao_cmd_list, "list")
PENDING(ao_cmd_probe, "probe")
PENDING(ao_cmd_login, "login")
PENDING(ao_cmd_logout, "logout")
PENDING(ao_cmd_doctor, "doctor")
PENDING(ao_cmd_sandbox, "sandbox")
