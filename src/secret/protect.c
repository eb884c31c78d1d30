/* SPDX-License-Identifier: MIT */
/* Keep secrets out of core dumps and away from ptrace by other processes
 * of the same user (OpenSSH does the same, best effort). */
#include <sys/prctl.h>
#include <sys/resource.h>

#include "agent-onboard/secret/store.h"

void ao_secret_protect_process(void)
{
	struct rlimit rl = { 0, 0 };

	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &rl);
}
