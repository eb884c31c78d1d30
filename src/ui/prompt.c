/* SPDX-License-Identifier: MIT */
/* Secrets read outside the curses UI.  The hidden prompt follows OpenSSH's
 * readpassphrase(3): echo off with termios on the controlling terminal,
 * handlers (without SA_RESTART) for the signals that would otherwise leave
 * the terminal without echo, the terminal restored before any signal is
 * acted on, then the signal re-sent with the caller's disposition.  A stop
 * (Ctrl-Z) restores, stops, and on SIGCONT hides input again and asks
 * again.  Every buffer that held a secret is wiped. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "agent-onboard/ui/prompt.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/xalloc.h"

static const int caught[] = { SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT,
                              SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU };
#define NCAUGHT (sizeof(caught) / sizeof(caught[0]))

static volatile sig_atomic_t pending[NSIG];

static void on_signal(int sig)
{
	pending[sig] = 1;
}

const char *ao_prompt_rc_message(enum ao_prompt_rc rc)
{
	switch (rc) {
	case AO_PROMPT_OK:
		return "ok";
	case AO_PROMPT_EOF:
		return "no input (end of file before anything was read)";
	case AO_PROMPT_EMPTY:
		return "the input is empty";
	case AO_PROMPT_TOO_LONG:
		return "the input is longer than any key (16 KiB)";
	case AO_PROMPT_NO_TTY:
		return "there is no terminal to ask on";
	case AO_PROMPT_INTERRUPTED:
		return "interrupted";
	case AO_PROMPT_IO:
		return "read error";
	}
	return "read error";
}

/* Prompts can quote a current value (from a draft or an answers file):
 * through the one sanitiser, keeping the line breaks laid out here. */
static void write_all(int fd, const char *text)
{
	struct ao_buf b;
	const char *s;
	size_t n;
	ssize_t w;

	ao_buf_init(&b, 0);
	ao_display_append(&b, text, strlen(text), AO_DISPLAY_KEEP_NEWLINE);
	s = b.data != NULL ? b.data : "";
	n = b.len;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		s += w;
		n -= (size_t)w;
	}
	ao_buf_free(&b);
}

/* Reads one line from fd into buf (at most cap-1 bytes kept).  Stops at a
 * newline, EOF, an error, or a pending signal.  Returns the number of bytes,
 * -1 on a read error, -2 when more than cap-1 bytes came. */
static ssize_t read_line(int fd, char *buf, size_t cap, int *saw_eof, int *interrupted)
{
	size_t len = 0;
	int over = 0;
	char c;
	ssize_t n;

	*saw_eof = *interrupted = 0;
	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR) {
			size_t i;

			for (i = 0; i < NCAUGHT; i++)
				if (pending[caught[i]])
					*interrupted = 1;
			if (*interrupted)
				break;
			continue;
		}
		if (n < 0)
			return -1;
		if (n == 0) {
			*saw_eof = 1;
			break;
		}
		if (c == '\n')
			break;
		if (len + 1 < cap)
			buf[len++] = c;
		else
			over = 1;
	}
	ao_wipe(&c, 1);
	buf[len] = '\0';
	return over ? -2 : (ssize_t)len;
}

static enum ao_prompt_rc prompt(const char *text, char **out, int hide)
{
	struct sigaction sa, saved[NCAUGHT];
	struct termios old, quiet;
	char *buf = xmalloc(AO_SECRET_MAX + 2);

	ao_secret_memory_lock(buf, AO_SECRET_MAX + 2);
	enum ao_prompt_rc rc;
	int ttyfd, in, outfd, have_termios, eof, interrupted, restart;
	ssize_t len;
	size_t i;

	*out = NULL;
	ttyfd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (ttyfd >= 0) {
		in = outfd = ttyfd;
	} else if (isatty(STDIN_FILENO)) {
		in = STDIN_FILENO;
		outfd = STDERR_FILENO;
	} else {
		rc = AO_PROMPT_NO_TTY;
		goto out;
	}
again:
	restart = 0;
	for (i = 0; i < NCAUGHT; i++)
		pending[caught[i]] = 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sa.sa_flags = 0;   /* no SA_RESTART: read() must return EINTR */
	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &saved[i]);

	have_termios = tcgetattr(in, &old) == 0;
	if (hide && have_termios) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		/* TCSAFLUSH: typed-ahead text was meant for the shell, not us */
		(void)tcsetattr(in, TCSAFLUSH, &quiet);
	}
	write_all(outfd, text);
	len = read_line(in, buf, AO_SECRET_MAX + 1, &eof, &interrupted);
	if (hide && have_termios) {
		(void)tcsetattr(in, TCSAFLUSH, &old);
		write_all(outfd, "\n");   /* the user's Enter was not echoed */
	}
	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &saved[i], NULL);

	/* The terminal is back to normal: now act on the signals. */
	for (i = 0; i < NCAUGHT; i++) {
		int sig = caught[i];

		if (!pending[sig])
			continue;
		kill(getpid(), sig);
		if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
			restart = 1;
	}
	if (restart) {
		ao_wipe(buf, AO_SECRET_MAX + 2);
		goto again;
	}
	if (interrupted)
		rc = AO_PROMPT_INTERRUPTED;
	else if (len == -1)
		rc = AO_PROMPT_IO;
	else if (len == -2)
		rc = AO_PROMPT_TOO_LONG;
	else if (len == 0)
		rc = eof ? AO_PROMPT_EOF : AO_PROMPT_EMPTY;
	else {
		*out = xstrdup(buf);
		rc = AO_PROMPT_OK;
	}
out:
	if (ttyfd >= 0)
		close(ttyfd);
	ao_wipe(buf, AO_SECRET_MAX + 2);
	free(buf);
	return rc;
}

enum ao_prompt_rc ao_prompt_hidden(const char *text, char **out)
{
	return prompt(text, out, 1);
}

enum ao_prompt_rc ao_prompt_line(const char *text, char **out)
{
	return prompt(text, out, 0);
}

enum ao_prompt_rc ao_read_secret_fd(int fd, char **out)
{
	char *buf = xmalloc(AO_SECRET_MAX + 2);

	ao_secret_memory_lock(buf, AO_SECRET_MAX + 2);
	size_t len = 0;
	ssize_t n;
	enum ao_prompt_rc rc;
	char *nl;

	*out = NULL;
	/* Read until a newline or EOF; what follows the first line is not
	 * ours (and a key has one line). */
	while (len < AO_SECRET_MAX + 1) {
		n = read(fd, buf + len, AO_SECRET_MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = AO_PROMPT_IO;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (memchr(buf + len - (size_t)n, '\n', (size_t)n) != NULL)
			break;
	}
	buf[len] = '\0';
	nl = memchr(buf, '\n', len);
	if (nl == NULL && len > AO_SECRET_MAX) {
		rc = AO_PROMPT_TOO_LONG;
		goto out;
	}
	if (nl != NULL)
		*nl = '\0';
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0) {
		rc = nl != NULL ? AO_PROMPT_EMPTY : AO_PROMPT_EOF;
		goto out;
	}
	*out = xstrdup(buf);
	rc = AO_PROMPT_OK;
out:
	ao_wipe(buf, AO_SECRET_MAX + 2);
	free(buf);
	return rc;
}

enum ao_prompt_rc ao_read_secret_file(const char *path, char **out, const char **warning)
{
	struct stat st;
	enum ao_prompt_rc rc;
	int fd, err;

	if (warning != NULL)
		*warning = NULL;
	if (strcmp(path, "-") == 0)
		return ao_read_secret_fd(STDIN_FILENO, out);
	*out = NULL;
	/* a FIFO or device is refused, not waited on (core/user_file.h) */
	fd = ao_user_file_open(path, 0, &err);
	if (fd < 0) {
		errno = err;
		return AO_PROMPT_IO;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 && warning != NULL)
		*warning = "the file is readable by other users; consider chmod 600";
	rc = ao_read_secret_fd(fd, out);
	close(fd);
	return rc;
}
