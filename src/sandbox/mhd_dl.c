/* SPDX-License-Identifier: MIT */
/* Loads libmicrohttpd when a simulator starts; see mhd_dl.h for why. */
#include <stdio.h>

#include "agent-onboard/sandbox/sandbox.h"
#include "agent-onboard/sys/dl.h"

#define AO_MHD_DL_LOADER
#include "mhd_dl.h"

struct ao_mhd ao_mhd;

static const char *const sonames[] = { "libmicrohttpd.so.12", "libmicrohttpd.so" };
static const struct ao_dl_symbol symbols[] = {
#define AO_MHD_ENTRY(name) { #name, (void **)&ao_mhd.name },
	AO_MHD_SYMBOLS(AO_MHD_ENTRY)
#undef AO_MHD_ENTRY
};
static struct ao_dl_library library = {
	sonames, sizeof(sonames) / sizeof(sonames[0]), "libmicrohttpd12",
	symbols, sizeof(symbols) / sizeof(symbols[0]), 0, "", NULL,
};

int
ao_mhd_load(char *msg, size_t msgsz)
{
	return ao_dl_require(&library, msg, msgsz);
}

int
ao_sandbox_mhd_version(char *out, size_t outsz)
{
	const char *(*get_version)(void);

	if (ao_dl_require(&library, out, outsz) != 0)
		return -1;
	*(void **)&get_version = ao_dl_symbol(&library, "MHD_get_version");
	snprintf(out, outsz, "libmicrohttpd/%s", get_version != NULL ? get_version() : "?");
	return 0;
}
