/* SPDX-License-Identifier: MIT */
/* Terminal set-up and the guarantee that it is put back: endwin on the
 * normal path and from atexit, and for fatal signals a handler that only
 * does async-signal-safe things (write the precomputed "leave alternate
 * screen, show cursor, reset attributes, keypad off" strings, restore the
 * saved termios) and then re-raises the signal with its default action
 * (tig's die_callback + atexit; OpenSSH restores before re-raising). */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "agent-onboard/ui/keys.h"
#include "agent-onboard/ui/term.h"

static int active;
static SCREEN *screen;
static struct termios saved_tio;
static int have_tio;
static char restore_seq[256];
static size_t restore_len;

static void
append_cap(const char *name)
{
	char *v = tigetstr((char *)name);
	size_t n;

	if (v == NULL || v == (char *)-1)
		return;
	n = strlen(v);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, v, n);
		restore_len += n;
	}
}

static void
on_fatal(int sig)
{
	ssize_t n;

	if (active) {
		n = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)n;
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
ao_term_restore(void)
{
	if (!active)
		return;
	active = 0;
	/* bracketed paste off first: a shell that does not expect it would
	 * see the markers around everything pasted into it */
	fputs(AO_KEYS_PASTE_OFF, stdout);
	endwin();
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	fflush(stdout);
}

static int
codeset_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

int
ao_term_init(int no_color, struct ao_term_caps *caps, char *msg, size_t msgsz)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
	static int registered;
	struct sigaction sa;
	size_t i;

	memset(caps, 0, sizeof(*caps));
	/* a non-UTF-8 codeset breaks wide input (toolchain.md §6): the
	 * terminal nearly always speaks UTF-8, so use it for LC_CTYPE */
	caps->utf8 = codeset_is_utf8();
	if (!caps->utf8 && setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		caps->utf8 = codeset_is_utf8();
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		snprintf(msg, msgsz, "the terminal type \"%s\" is unknown here; try TERM=xterm-256color or --plain",
		         getenv("TERM") != NULL ? getenv("TERM") : "");
		return -1;
	}
	set_term(screen);
	active = 1;
	restore_len = 0;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmkx");
	append_cap("rmcup");
	if (restore_len + sizeof(AO_KEYS_PASTE_OFF) - 1 < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, AO_KEYS_PASTE_OFF, sizeof(AO_KEYS_PASTE_OFF) - 1);
		restore_len += sizeof(AO_KEYS_PASTE_OFF) - 1;
	}
	if (!registered) {
		registered = 1;
		atexit(ao_term_restore);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_fatal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
			sigaction(fatal[i], &sa, NULL);
	}
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	ao_keys_init();
	curs_set(0);
	if (!no_color && has_colors() && start_color() == OK) {
		use_default_colors();
		caps->color = COLORS >= 8;
	}
	return 0;
}

int
ao_term_resize(void)
{
	struct winsize ws;

	if (!active || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return 0;
	if (ws.ws_row == LINES && ws.ws_col == COLS)
		return 0;
	resizeterm(ws.ws_row, ws.ws_col);
	return 1;
}

void
ao_term_write_raw(const char *data, size_t len)
{
	ssize_t n;

	fflush(stdout);
	while (len > 0) {
		n = write(STDOUT_FILENO, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		data += n;
		len -= (size_t)n;
	}
}
