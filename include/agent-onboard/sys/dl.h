/* SPDX-License-Identifier: MIT */
/* Loading an optional library at run time (dlopen) into a table of
 * function pointers, for libraries that only some runs need (see
 * src/secret/libsecret_dl.h and src/sandbox/mhd_dl.h). */
#ifndef AO_SYS_DL_H
#define AO_SYS_DL_H

#include <stddef.h>

struct ao_dl_symbol {
	const char *name;
	void **slot;      /* where the function's address goes */
};

/* A library and the functions wanted from it; define one as a static
 * object (the state members start zeroed) and pass it to ao_dl_require. */
struct ao_dl_library {
	const char *const *sonames;        /* tried in order */
	size_t nsonames;
	const char *package;               /* the Debian package, for messages */
	const struct ao_dl_symbol *symbols;
	size_t nsymbols;
	/* state, guarded inside ao_dl_require */
	int tried;
	char error[256];
	void *handle;                      /* the loaded library, once loaded */
};

/* Loads lib once per process (thread-safe; later calls return the first
 * outcome): opens the first soname that loads (RTLD_NOW | RTLD_LOCAL;
 * dlsym on it also finds its dependencies' symbols) and fills every slot.
 * The library stays loaded for the life of the process, since threads may
 * still be inside it.  Returns 0, or -1 with a sentence naming the package
 * in msg. */
int ao_dl_require(struct ao_dl_library *lib, char *msg, size_t msgsz);
/* After ao_dl_require succeeded: any other symbol of the library or its
 * dependencies (e.g. a version string for --version), or NULL. */
void *ao_dl_symbol(struct ao_dl_library *lib, const char *name);

#endif
