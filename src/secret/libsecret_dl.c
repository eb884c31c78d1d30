/* Loads libsecret on first use; see libsecret_dl.h for why. */
#include <pthread.h>
#include <stdio.h>

#include "agent-onboard/sys/dl.h"

#define AO_LIBSECRET_DL_LOADER
#include "libsecret_dl.h"

struct ao_libsecret ao_libsecret;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void
load(void)
{
	static const char *const sonames[] = { "libsecret-1.so.0", "libsecret-1.so" };
	/* GLib's functions come from the GLib that libsecret itself uses */
	static const struct ao_dl_symbol symbols[] = {
#define AO_LIBSECRET_ENTRY(name) { #name, (void **)&ao_libsecret.name },
		AO_LIBSECRET_SYMBOLS(AO_LIBSECRET_ENTRY)
#undef AO_LIBSECRET_ENTRY
	};

	if (ao_dl_load(sonames, 2, "libsecret-1-0", symbols, sizeof(symbols) / sizeof(symbols[0]),
	               load_error, sizeof(load_error)) == 0)
		load_error[0] = '\0';
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
