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

/* Opens the first of sonames that loads (RTLD_NOW | RTLD_LOCAL; dlsym on
 * it also finds its dependencies' symbols) and fills every slot.  The
 * library stays loaded for the life of the process, since threads may still
 * be inside it.  Returns 0, or -1 with a sentence naming the Debian package
 * in msg.  Not thread-safe: call it under pthread_once. */
int ao_dl_load(const char *const *sonames, size_t nsonames, const char *package,
               const struct ao_dl_symbol *symbols, size_t nsymbols, char *msg, size_t msgsz);

#endif
