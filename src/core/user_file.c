/* SPDX-License-Identifier: MIT */
/* Opening files the user names without trusting what they are; see
 * user_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent-onboard/core/user_file.h"

int
ao_user_file_open(const char *path, size_t limit, int *err)
{
	struct stat st;
	int fd, flags;

	*err = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		*err = errno;
	} else if (S_ISDIR(st.st_mode)) {
		*err = EISDIR;
	} else if (!S_ISREG(st.st_mode)) {
		*err = AO_ENOTREGULAR;
	} else if (limit > 0 && (unsigned long long)st.st_size > (unsigned long long)limit) {
		*err = EFBIG;
	} else if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		*err = errno;
	}
	if (*err != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

const char *
ao_user_file_strerror(int err)
{
	switch (err) {
	case EISDIR:
		return "it is a directory, not a file";
	case AO_ENOTREGULAR:
		return "it is a named pipe, socket or device, not a regular file (refused so that reading it "
		       "cannot hang); to stream it through a pipe, give - (stdin) or, for a secret, --secret-fd N";
	case EFBIG:
		return "it is larger than any file of this kind should be; is it the right file?";
	default:
		return strerror(err);
	}
}
