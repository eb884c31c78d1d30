/* Loads libmicrohttpd when a simulator starts; see mhd_dl.h for why. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#define AO_MHD_DL_LOADER
#include "mhd_dl.h"

struct ao_mhd ao_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void
load(void)
{
	static const char *const names[] = { "libmicrohttpd.so.12", "libmicrohttpd.so" };
	void *handle = NULL;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]) && handle == NULL; i++)
		handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(load_error, sizeof(load_error),
		         "libmicrohttpd is not installed (%s); install the libmicrohttpd12 package", dlerror());
		return;
	}
#define AO_MHD_RESOLVE(name) \
	*(void **)&ao_mhd.name = dlsym(handle, #name); \
	if (ao_mhd.name == NULL && load_error[0] == '\0') \
		snprintf(load_error, sizeof(load_error), "libmicrohttpd lacks %s; is it too old?", #name);
	AO_MHD_SYMBOLS(AO_MHD_RESOLVE)
#undef AO_MHD_RESOLVE
}

int
ao_mhd_load(char *msg, size_t msgsz)
{
	pthread_once(&once, load);
	if (load_error[0] == '\0')
		return 0;
	if (msg != NULL && msgsz > 0)
		snprintf(msg, msgsz, "%s", load_error);
	return -1;
}
