/* SPDX-License-Identifier: MIT */
/* Finding a registration by its id (status, update, delete): the id alone
 * does not say its kind, so without one the inventory source is looked up
 * first and the partner agent on a 404. */
#ifndef AO_CLI_LOOKUP_H
#define AO_CLI_LOOKUP_H

#include "agent-onboard/cli/session.h"
#include "agent-onboard/core/response.h"

/* Returns an exit code (messages on stderr); on AO_EXIT_OK *r holds the
 * registration (release with ao_resource_free). */
int ao_cli_look_up(struct ao_cli_session *s, enum ao_kind kind, const char *id, struct ao_resource *r);

#endif
