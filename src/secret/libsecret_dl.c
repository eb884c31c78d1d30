/* Loads libsecret on first use; see libsecret_dl.h for why. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define AO_LIBSECRET_DL_LOADER
#include "libsecret_dl.h"

struct ao_libsecret ao_libsecret;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void
load(void)
{
	static const char *const names[] = { "libsecret-1.so.0", "libsecret-1.so" };
	void *handle = NULL;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]) && handle == NULL; i++)
		handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(load_error, sizeof(load_error),
		         "libsecret is not installed (%s); install the libsecret-1-0 package", dlerror());
		return;
	}
	/* dlsym on the handle also searches its dependencies, so GLib's
	 * functions come from the GLib that libsecret itself uses */
#define AO_LIBSECRET_RESOLVE(name) \
	*(void **)&ao_libsecret.name = dlsym(handle, #name); \
	if (ao_libsecret.name == NULL && load_error[0] == '\0') \
		snprintf(load_error, sizeof(load_error), "libsecret lacks %s; is it too old?", #name);
	AO_LIBSECRET_SYMBOLS(AO_LIBSECRET_RESOLVE)
#undef AO_LIBSECRET_RESOLVE
	/* the library stays loaded for the life of the process: worker threads
	 * stuck in a call may outlive any owner */
}

int
ao_libsecret_load(char *msg, size_t msgsz)
{
	pthread_once(&once, load);
	if (load_error[0] == '\0')
		return 0;
	if (msg != NULL && msgsz > 0)
		snprintf(msg, msgsz, "%s", load_error);
	return -1;
}
