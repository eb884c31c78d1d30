/* SPDX-License-Identifier: MIT */
/* Loads libsecret on first use; see libsecret_dl.h for why. */
#include <stdio.h>

#include "agent-onboard/secret/store.h"
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
	symbols, sizeof(symbols) / sizeof(symbols[0]), 0, "", NULL,
};

int
ao_libsecret_load(char *msg, size_t msgsz)
{
	return ao_dl_require(&library, msg, msgsz);
}

int
ao_secret_libsecret_version(char *out, size_t outsz)
{
	/* libsecret has no run-time version call; GLib's version variables
	 * come from the GLib it loaded */
	const unsigned *major, *minor, *micro;

	if (ao_dl_require(&library, out, outsz) != 0)
		return -1;
	major = ao_dl_symbol(&library, "glib_major_version");
	minor = ao_dl_symbol(&library, "glib_minor_version");
	micro = ao_dl_symbol(&library, "glib_micro_version");
	if (major != NULL && minor != NULL && micro != NULL)
		snprintf(out, outsz, "%s (GLib/%u.%u.%u)", sonames[0], *major, *minor, *micro);
	else
		snprintf(out, outsz, "%s", sonames[0]);
	return 0;
}
