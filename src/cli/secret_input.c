/* SPDX-License-Identifier: MIT */
/* Secrets from a file, a descriptor, stdin or the environment; never from
 * argv.  Shared by every command that runs without a terminal. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent-onboard/ui/prompt.h"
#include "agent-onboard/cli/secret_input.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/xalloc.h"

void
ao_secret_input_init(struct ao_secret_input *in)
{
	in->file = NULL;
	in->fd = -1;
	in->uses_stdin = 0;
}

int
ao_secret_input_given(const struct ao_secret_input *in)
{
	return in->file != NULL || in->fd >= 0;
}

/* "--name VALUE" / "--name=VALUE": 1 and *value, 0 not this option, -1
 * missing value. */
static int
take_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

int
ao_secret_input_option(struct ao_secret_input *in, int argc, char **argv, int *i,
                       char *msg, size_t msgsz)
{
	const char *v = NULL;
	int m;

	m = take_value(argc, argv, i, "--secret-file", &v);
	if (m == 0) {
		m = take_value(argc, argv, i, "--secret-fd", &v);
		if (m == 0)
			return 0;
		if (m < 0)
			return ao_fail_msg(msg, msgsz, "--secret-fd needs a descriptor number");
		if (ao_secret_input_given(in))
			return ao_fail_msg(msg, msgsz, "give the secret once: --secret-file or --secret-fd, not both");
		{
			char *end = NULL;
			long fd;

			errno = 0;
			fd = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' || fd < 0 || fd > INT_MAX)
				return ao_fail_msg(msg, msgsz, "--secret-fd needs a descriptor number, not \"%.40s\"", v);
			if (fcntl((int)fd, F_GETFD) < 0)
				return ao_fail_msg(msg, msgsz, "--secret-fd %.40s: that descriptor is not open "
				            "(e.g. agent-onboard create ... --secret-fd 3 3<token.txt)", v);
			in->fd = (int)fd;
			in->uses_stdin = fd == 0;
		}
		return 1;
	}
	if (m < 0)
		return ao_fail_msg(msg, msgsz, "--secret-file needs a file name, or - for stdin");
	if (ao_secret_input_given(in))
		return ao_fail_msg(msg, msgsz, "give the secret once: --secret-file or --secret-fd, not both");
	if (*v == '\0')
		return ao_fail_msg(msg, msgsz, "--secret-file needs a file name, or - for stdin");
	in->file = v;
	in->uses_stdin = strcmp(v, "-") == 0;
	return 1;
}

void
ao_secret_input_refusal(const char *flag, const char *env_name, char *msg, size_t msgsz)
{
	snprintf(msg, msgsz,
	         "--%s: secrets given on the command line show up in ps and shell history; "
	         "use --secret-file FILE, --secret-fd N, --secret-file - (stdin)%s%s",
	         flag, env_name != NULL ? " or " : "", env_name != NULL ? env_name : "");
}

static int
read_failed(enum ao_prompt_rc rc, int err, const char *what, char *msg, size_t msgsz)
{
	if (rc == AO_PROMPT_IO)
		return ao_fail_msg(msg, msgsz, "cannot read the secret from %s: %s", what, ao_user_file_strerror(err));
	if (rc == AO_PROMPT_EOF || rc == AO_PROMPT_EMPTY)
		return ao_fail_msg(msg, msgsz, "the secret from %s is empty", what);
	return ao_fail_msg(msg, msgsz, "the secret from %s: %s", what, ao_prompt_rc_message(rc));
}

int
ao_secret_input_read(const struct ao_secret_input *in, const char *env_name, char **out,
                     char *from, size_t fromsz, char *msg, size_t msgsz)
{
	char what[300];
	const char *warning = NULL;
	enum ao_prompt_rc rc;
	int fd;

	*out = NULL;
	if (from != NULL && fromsz > 0)
		from[0] = '\0';
	if (!ao_secret_input_given(in)) {
		const char *v = env_name != NULL ? getenv(env_name) : NULL;
		size_t len;

		if (v == NULL || *v == '\0')
			return 0;
		/* the same rule as for files: one trailing newline is not part
		 * of the secret ($(cat file) has already dropped it) */
		len = strlen(v);
		if (v[len - 1] == '\n')
			len--;
		if (len > 0 && v[len - 1] == '\r')
			len--;
		if (len == 0)
			return ao_fail_msg(msg, msgsz, "%s is set but empty", env_name);
		if (memchr(v, '\n', len) != NULL)
			return ao_fail_msg(msg, msgsz, "%s holds more than one line; put only the secret in it", env_name);
		*out = xstrndup(v, len);
		if (from != NULL)
			snprintf(from, fromsz, "%s", env_name);
		return 0;
	}

	if (in->file != NULL && strcmp(in->file, "-") != 0) {
		struct stat st;

		snprintf(what, sizeof(what), "--secret-file %.200s", in->file);
		if (stat(in->file, &st) != 0 || access(in->file, R_OK) != 0)
			return ao_fail_msg(msg, msgsz, "cannot open the secret file %.200s: %s", in->file, strerror(errno));
		if (S_ISDIR(st.st_mode))
			return ao_fail_msg(msg, msgsz, "the secret file %.200s is a directory", in->file);
		errno = 0;
		rc = ao_read_secret_file(in->file, out, &warning);
		if (rc != AO_PROMPT_OK)
			return read_failed(rc, errno, what, msg, msgsz);
		if (warning != NULL)
			fprintf(stderr, "agent-onboard: warning: %s: %s\n", in->file, warning);
	} else {
		fd = in->file != NULL ? STDIN_FILENO : in->fd;
		if (in->file != NULL)
			snprintf(what, sizeof(what), "stdin");
		else
			snprintf(what, sizeof(what), "descriptor %d", fd);
		/* a terminal would echo the secret as it is typed */
		if (isatty(fd))
			return ao_fail_msg(msg, msgsz, "%s is a terminal, where a typed secret would be shown; pipe it in "
			            "(e.g. from a file or a password manager) or use the wizard, which hides it",
			            what);
		errno = 0;
		rc = ao_read_secret_fd(fd, out);
		if (rc != AO_PROMPT_OK)
			return read_failed(rc, errno, what, msg, msgsz);
	}
	if (from != NULL)
		snprintf(from, fromsz, "%s", what);
	return 0;
}
