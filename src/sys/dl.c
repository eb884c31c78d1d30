/* SPDX-License-Identifier: MIT */
/* dlopen() of an optional library into a table of function pointers. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "agent-onboard/sys/dl.h"

static pthread_mutex_t dl_lock = PTHREAD_MUTEX_INITIALIZER;

static void
load(struct ao_dl_library *lib)
{
	void *handle = NULL;
	size_t i;

	for (i = 0; i < lib->nsonames && handle == NULL; i++)
		handle = dlopen(lib->sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(lib->error, sizeof(lib->error), "%s is not installed (%s); install the %s package",
		         lib->sonames[0], dlerror(), lib->package);
		return;
	}
	for (i = 0; i < lib->nsymbols; i++) {
		*lib->symbols[i].slot = dlsym(handle, lib->symbols[i].name);
		if (*lib->symbols[i].slot == NULL) {
			snprintf(lib->error, sizeof(lib->error), "%s lacks %s; the installed %s is too old",
			         lib->sonames[0], lib->symbols[i].name, lib->package);
			return;
		}
	}
	lib->handle = handle;
}

int
ao_dl_require(struct ao_dl_library *lib, char *msg, size_t msgsz)
{
	int rc;

	pthread_mutex_lock(&dl_lock);
	if (!lib->tried) {
		load(lib);
		lib->tried = 1;
	}
	rc = lib->error[0] == '\0' ? 0 : -1;
	if (rc != 0 && msg != NULL && msgsz > 0)
		snprintf(msg, msgsz, "%s", lib->error);
	pthread_mutex_unlock(&dl_lock);
	return rc;
}

void *
ao_dl_symbol(struct ao_dl_library *lib, const char *name)
{
	void *p = NULL;

	pthread_mutex_lock(&dl_lock);
	if (lib->handle != NULL)
		p = dlsym(lib->handle, name);
	pthread_mutex_unlock(&dl_lock);
	return p;
}
