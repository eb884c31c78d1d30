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

#include "agent-onboard/cli/secret_input.h"
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

static int __attribute__((format(printf, 3, 4)))
fail(char *msg, size_t msgsz, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && msgsz > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msgsz, fmt, ap);
		va_end(ap);
	}
	return -1;
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
			return fail(msg, msgsz, "--secret-fd needs a descriptor number");
		if (ao_secret_input_given(in))
			return fail(msg, msgsz, "give the secret once: --secret-file or --secret-fd, not both");
		{
			char *end = NULL;
			long fd;

			errno = 0;
			fd = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' || fd < 0 || fd > INT_MAX)
				return fail(msg, msgsz, "--secret-fd needs a descriptor number, not \"%.40s\"", v);
			if (fcntl((int)fd, F_GETFD) < 0)
				return fail(msg, msgsz, "--secret-fd %.40s: that descriptor is not open "
				            "(e.g. agent-onboard create ... --secret-fd 3 3<token.txt)", v);
			in->fd = (int)fd;
			in->uses_stdin = fd == 0;
		}
		return 1;
	}
	if (m < 0)
		return fail(msg, msgsz, "--secret-file needs a file name, or - for stdin");
	if (ao_secret_input_given(in))
		return fail(msg, msgsz, "give the secret once: --secret-file or --secret-fd, not both");
	if (*v == '\0')
		return fail(msg, msgsz, "--secret-file needs a file name, or - for stdin");
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

/* Reads all of fd (at most AO_SECRET_INPUT_MAX bytes) into a wiped-on-free
 * string.  Returns 0, or -1 with msg. */
static int
read_all(int fd, const char *what, char **out, size_t *outlen, char *msg, size_t msgsz)
{
	size_t cap = AO_SECRET_INPUT_MAX + 2, len = 0;
	char *buf = xmalloc(cap + 1);

	for (;;) {
		ssize_t n = read(fd, buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			ao_wipe(buf, len);
			free(buf);
			return fail(msg, msgsz, "cannot read the secret from %s: %s", what, strerror(err));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len >= cap) {
			ao_wipe(buf, len);
			free(buf);
			return fail(msg, msgsz, "the secret from %s is longer than %d bytes; is it the right file?",
			            what, AO_SECRET_INPUT_MAX);
		}
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

/* Removes one trailing newline and refuses what is left if it is empty,
 * has more lines, or a NUL byte. */
static int
trim_one_line(char *s, size_t len, const char *what, char *msg, size_t msgsz)
{
	if (len > 0 && s[len - 1] == '\n') {
		s[--len] = '\0';
		if (len > 0 && s[len - 1] == '\r')
			s[--len] = '\0';
	}
	if (memchr(s, '\0', len) != NULL)
		return fail(msg, msgsz, "the secret from %s contains a NUL byte; it must be text", what);
	if (memchr(s, '\n', len) != NULL)
		return fail(msg, msgsz, "the secret from %s has more than one line; put only the secret in it", what);
	if (len == 0)
		return fail(msg, msgsz, "the secret from %s is empty", what);
	return 0;
}

int
ao_secret_input_read(const struct ao_secret_input *in, const char *env_name, char **out,
                     char *from, size_t fromsz, char *msg, size_t msgsz)
{
	char what[300], *secret = NULL;
	size_t len = 0;
	int fd = -1, close_fd = 0;

	*out = NULL;
	if (from != NULL && fromsz > 0)
		from[0] = '\0';
	if (!ao_secret_input_given(in)) {
		const char *v = env_name != NULL ? getenv(env_name) : NULL;

		if (v == NULL || *v == '\0')
			return 0;
		secret = xstrdup(v);
		if (trim_one_line(secret, strlen(secret), env_name, msg, msgsz) != 0) {
			ao_secret_free(secret);
			return -1;
		}
		if (from != NULL)
			snprintf(from, fromsz, "%s", env_name);
		*out = secret;
		return 0;
	}

	if (in->file != NULL && strcmp(in->file, "-") != 0) {
		struct stat st;

		snprintf(what, sizeof(what), "--secret-file %.200s", in->file);
		fd = open(in->file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return fail(msg, msgsz, "cannot open the secret file %.200s: %s", in->file, strerror(errno));
		close_fd = 1;
		if (fstat(fd, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				close(fd);
				return fail(msg, msgsz, "the secret file %.200s is a directory", in->file);
			}
			if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
				fprintf(stderr, "agent-onboard: warning: %s can be read by other users; "
				        "chmod 600 it\n", in->file);
		}
	} else if (in->file != NULL) {
		fd = STDIN_FILENO;
		snprintf(what, sizeof(what), "stdin");
	} else {
		fd = in->fd;
		snprintf(what, sizeof(what), "descriptor %d", fd);
	}
	if (isatty(fd)) {
		if (close_fd)
			close(fd);
		return fail(msg, msgsz, "%s is a terminal, where a typed secret would be shown; pipe it in "
		            "(e.g. from a file or a password manager) or use the wizard, which hides it",
		            what);
	}
	if (read_all(fd, what, &secret, &len, msg, msgsz) != 0) {
		if (close_fd)
			close(fd);
		return -1;
	}
	if (close_fd)
		close(fd);
	if (trim_one_line(secret, len, what, msg, msgsz) != 0) {
		/* the length read, not strlen: binary input may hold a NUL */
		ao_wipe(secret, len);
		free(secret);
		return -1;
	}
	if (from != NULL)
		snprintf(from, fromsz, "%s", what);
	*out = secret;
	return 0;
}
