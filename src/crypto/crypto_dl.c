/* SPDX-License-Identifier: MIT */
/* Loads libcrypto when a JWT key is first checked; see crypto_dl.h for why. */
#include "agent-onboard/sys/dl.h"

#define AO_CRYPTO_DL_LOADER
#include "crypto_dl.h"

struct ao_crypto ao_crypto;

static const char *const sonames[] = { "libcrypto.so.3", "libcrypto.so" };
static const struct ao_dl_symbol symbols[] = {
#define AO_CRYPTO_ENTRY(name) { #name, (void **)&ao_crypto.name },
	AO_CRYPTO_SYMBOLS(AO_CRYPTO_ENTRY)
#undef AO_CRYPTO_ENTRY
};
static struct ao_dl_library library = {
	sonames, sizeof(sonames) / sizeof(sonames[0]), "libssl3",
	symbols, sizeof(symbols) / sizeof(symbols[0]), 0, "", NULL,
};

int
ao_crypto_load(char *msg, size_t msgsz)
{
	return ao_dl_require(&library, msg, msgsz);
}
