/* SPDX-License-Identifier: MIT */
/* Reading secrets outside the curses UI: a hidden prompt on the terminal
 * (login, the plain mode) and a secret from a file, a descriptor or stdin
 * (--secret-file FILE, --secret-fd N, "-").  Never from argv.
 *
 * The hidden prompt turns echo off with termios and puts the terminal back
 * on every way out, signals included (OpenSSH's readpassphrase): SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT restore the terminal and are then re-raised with
 * the caller's disposition; SIGTSTP restores, stops, and hides input again
 * on SIGCONT. */
#ifndef AO_UI_PROMPT_H
#define AO_UI_PROMPT_H

#include <stddef.h>

/* Longest secret accepted from any source (bytes, without the newline). */
#define AO_SECRET_MAX 16384

enum ao_prompt_rc {
	AO_PROMPT_OK = 0,
	AO_PROMPT_EOF,         /* end of input before anything was typed */
	AO_PROMPT_EMPTY,       /* an empty line */
	AO_PROMPT_TOO_LONG,    /* more than AO_SECRET_MAX bytes */
	AO_PROMPT_NO_TTY,      /* no terminal to prompt on */
	AO_PROMPT_INTERRUPTED, /* a signal arrived (it is re-raised after return
	                        * when its disposition is not to ignore it) */
	AO_PROMPT_IO,          /* read error: errno is set */
};

/* Writes prompt to the terminal (/dev/tty, else stderr when stdin is a tty)
 * and reads one line with echo off.  On AO_PROMPT_OK *out is the line
 * without its newline; release it with ao_secret_free. */
enum ao_prompt_rc ao_prompt_hidden(const char *prompt, char **out);
/* Reads a visible line (non-secret answers in the plain mode); free(). */
enum ao_prompt_rc ao_prompt_line(const char *prompt, char **out);
/* Reads a secret from fd: everything up to the first newline or EOF (a
 * trailing "\r\n"/"\n" is removed; surrounding spaces are kept since they
 * may be part of the secret).  *out: ao_secret_free.  Intermediate buffers
 * are wiped. */
enum ao_prompt_rc ao_read_secret_fd(int fd, char **out);
/* The same from a file; path "-" is stdin.  A file readable by group or
 * others is read anyway (CI secrets are often mounted 0644) but *warning
 * (static text, or NULL) says so; warning may be NULL. */
enum ao_prompt_rc ao_read_secret_file(const char *path, char **out, const char **warning);
const char *ao_prompt_rc_message(enum ao_prompt_rc rc);

#endif
