/* dlopen() of an optional library into a table of function pointers. */
#include <dlfcn.h>
#include <stdio.h>

#include "agent-onboard/sys/dl.h"

int
ao_dl_load(const char *const *sonames, size_t nsonames, const char *package,
           const struct ao_dl_symbol *symbols, size_t nsymbols, char *msg, size_t msgsz)
{
	void *handle = NULL;
	size_t i;

	for (i = 0; i < nsonames && handle == NULL; i++)
		handle = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(msg, msgsz, "%s is not installed (%s); install the %s package", sonames[0],
		         dlerror(), package);
		return -1;
	}
	for (i = 0; i < nsymbols; i++) {
		*symbols[i].slot = dlsym(handle, symbols[i].name);
		if (*symbols[i].slot == NULL) {
			snprintf(msg, msgsz, "%s lacks %s; the installed %s is too old", sonames[0],
			         symbols[i].name, package);
			return -1;
		}
	}
	return 0;
}
