/* SPDX-License-Identifier: MIT */
/* The one opener for files a user names (answers files, secret and key
 * files, drafts).  A path can name a FIFO, a device or a directory: a
 * plain open() of a FIFO blocks until a writer appears, and reading a
 * device such as /dev/zero never ends.  Such files are refused with a clear
 * sentence instead, before anything is read. */
#ifndef AO_CORE_USER_FILE_H
#define AO_CORE_USER_FILE_H

#include <stddef.h>

/* The errno value for "not a regular file" (a FIFO, socket or device);
 * ao_user_file_strerror says it in words. */
#define AO_ENOTREGULAR 0x10001

/* Opens path read-only without blocking (O_NONBLOCK, so a FIFO cannot
 * hang the open), checks with fstat that it is a regular file of at most
 * limit bytes (0 = no limit), then clears O_NONBLOCK for ordinary reads.
 * Returns the descriptor, or -1 with the reason in *err: an errno value,
 * EISDIR, AO_ENOTREGULAR, or EFBIG when it is larger than limit. */
int ao_user_file_open(const char *path, size_t limit, int *err);
/* The reason for an ao_user_file_open (or read) error in words: strerror,
 * or for the cases above what the file is and what to do instead. */
const char *ao_user_file_strerror(int err);

#endif
