/* SPDX-License-Identifier: MIT */
/* Loads libsecret on first use; see libsecret_dl.h for why. */
#include "agent-onboard/sys/dl.h"

#define AO_LIBSECRET_DL_LOADER
#include "libsecret_dl.h"

struct ao_libsecret ao_libsecret;

static const char *const sonames[] = { "libsecret-1.so.0", "libsecret-1.so" };
/* GLib's functions come from the GLib that libsecret itself uses */
static const struct ao_dl_symbol symbols[] = {
#define AO_LIBSECRET_ENTRY(name) { #name, (void **)&ao_libsecret.name },
	AO_LIBSECRET_SYMBOLS(AO_LIBSECRET_ENTRY)
#undef AO_LIBSECRET_ENTRY
};
static struct ao_dl_library library = {
	sonames, sizeof(sonames) / sizeof(sonames[0]), "libsecret-1-0",
	symbols, sizeof(symbols) / sizeof(symbols[0]), 0, "",
};

int
ao_libsecret_load(char *msg, size_t msgsz)
{
	return ao_dl_require(&library, msg, msgsz);
}
