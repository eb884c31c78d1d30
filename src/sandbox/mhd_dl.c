/* Loads libmicrohttpd when a simulator starts; see mhd_dl.h for why. */
#include <pthread.h>
#include <stdio.h>

#include "agent-onboard/sys/dl.h"

#define AO_MHD_DL_LOADER
#include "mhd_dl.h"

struct ao_mhd ao_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void
load(void)
{
	static const char *const sonames[] = { "libmicrohttpd.so.12", "libmicrohttpd.so" };
	static const struct ao_dl_symbol symbols[] = {
#define AO_MHD_ENTRY(name) { #name, (void **)&ao_mhd.name },
		AO_MHD_SYMBOLS(AO_MHD_ENTRY)
#undef AO_MHD_ENTRY
	};

	if (ao_dl_load(sonames, 2, "libmicrohttpd12", symbols, sizeof(symbols) / sizeof(symbols[0]),
	               load_error, sizeof(load_error)) == 0)
		load_error[0] = '\0';
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
