/* SPDX-License-Identifier: MIT */
/* See cli/answers_file.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/answers_file.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/user_file.h"

/* Largest answers file read (they are a few hundred bytes). */
#define ANSWERS_MAX (1024 * 1024)

int
ao_cli_answers_read(const char *cmd, const char *path, struct ao_answers *a, char *msg, size_t msgsz)
{
	struct ao_buf b;
	char problems[8192], *line, *save = NULL;
	const char *shown = strcmp(path, "-") == 0 ? "stdin" : path;
	size_t used = 0;
	int err, rc = 0;

	msg[0] = '\0';
	ao_buf_init(&b, ANSWERS_MAX);
	if (strcmp(path, "-") == 0) {
		char chunk[4096];
		ssize_t n;

		/* typing JSON at a terminal is possible, but say so: it would
		 * look like a hang otherwise */
		if (isatty(STDIN_FILENO))
			fprintf(stderr, "agent-onboard %s: reading the answers (JSON) from the terminal; "
			        "end with Ctrl-D. To read a file: --answers FILE.\n", cmd);

		err = 0;
		while ((n = read(STDIN_FILENO, chunk, sizeof(chunk))) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				err = errno;
				break;
			}
			if (ao_buf_append(&b, chunk, (size_t)n) != 0) {
				err = EFBIG;
				break;
			}
		}
		if (b.data == NULL)
			ao_buf_append(&b, "", 0);
	} else {
		err = ao_buf_read_file(&b, path, ANSWERS_MAX);
	}
	if (err != 0) {
		fprintf(stderr, "agent-onboard %s: cannot read the answers file %s: %s\n", cmd, shown,
		        err == EFBIG ? "larger than 1 MiB; is it the right file?" : ao_user_file_strerror(err));
		ao_buf_free(&b);
		return -1;
	}
	if (ao_answers_load(b.data, b.len, a, problems, sizeof(problems)) != 0) {
		rc = 1;
		for (line = strtok_r(problems, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
			int n = snprintf(msg + used, msgsz - used, "%s%s %s", used > 0 ? "\n" : "", shown, line);

			if (n < 0 || (size_t)n >= msgsz - used)
				break;
			used += (size_t)n;
		}
	}
	ao_buf_free(&b);
	return rc;
}
