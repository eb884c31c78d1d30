/* SPDX-License-Identifier: MIT */
/* The curses terminal: set up, restored on every way out (normal exit,
 * atexit, fatal signals), resized.  Nothing else calls newterm/endwin. */
#ifndef AO_UI_TERM_H
#define AO_UI_TERM_H

#include <stddef.h>

struct ao_term_caps {
	int utf8;    /* the locale's codeset is UTF-8 (box and block characters, wide input) */
	int color;   /* colours are in use (not NO_COLOR, not monochrome) */
};

/* Puts the terminal in curses mode: locale check (falls back to C.UTF-8 for
 * LC_CTYPE when the codeset is not UTF-8), ESCDELAY 25 ms unless set,
 * cbreak, no echo, keypad, non-blocking reads, colours unless no_color.
 * Registers the restore with atexit and for SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGABRT and SIGQUIT (async-signal-safe: precomputed escape
 * strings and the saved termios, then the signal is re-raised).
 * Returns 0, or -1 with msg (unknown TERM ...). */
int ao_term_init(int no_color, struct ao_term_caps *caps, char *msg, size_t msgsz);
/* Leaves curses mode (idempotent, safe when never initialised). */
void ao_term_restore(void);
/* After SIGWINCH: asks the kernel for the size and tells curses.
 * Returns 1 when the size changed. */
int ao_term_resize(void);
/* Writes bytes straight to the terminal, bypassing curses (OSC 52). */
void ao_term_write_raw(const char *data, size_t len);

#endif
