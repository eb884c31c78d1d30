/* SPDX-License-Identifier: MIT */
/* Keep secrets out of core dumps and away from ptrace by other processes
 * of the same user (OpenSSH does the same, best effort). */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/secret/store.h"

/* mlock() of the whole pages under a secret buffer; when RLIMIT_MEMLOCK is
 * reached it fails and the secret stays swappable, as before. */
static void
lock_pages(const void *p, size_t len)
{
	static long page;
	uintptr_t start, end;

	if (page <= 0)
		page = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
	start = (uintptr_t)p & ~(uintptr_t)(page - 1);
	end = ((uintptr_t)p + len + (uintptr_t)page - 1) & ~(uintptr_t)(page - 1);
	(void)mlock((const void *)start, end - start);
}

void ao_secret_protect_process(void)
{
	struct rlimit rl = { 0, 0 };

	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &rl);
	ao_secret_memory_hook(lock_pages);
}
