/* SPDX-License-Identifier: MIT */
/* Keys as the terminal really sends them.  terminfo describes one terminal,
 * but people arrive through PuTTY, rxvt, screen and tmux, whose F-keys and
 * Home/End differ from it: an unknown sequence read byte by byte would be
 * Esc ("back") followed by typed text.  This module teaches curses the
 * common encodings, swallows whatever else starts with Esc and arrived in
 * the same burst, and turns bracketed paste's markers into two keys. */
#ifndef AO_UI_KEYS_H
#define AO_UI_KEYS_H

#include <wchar.h>

#include <curses.h>

/* Key codes of our own, beyond curses' (define_key accepts them). */
#define AO_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define AO_KEY_PASTE_END   (KEY_MAX + 2)

/* After newterm: binds the extra sequences and turns bracketed paste on
 * (term.c turns it off on every exit path). */
void ao_keys_init(void);

/* The escape sequence that turns bracketed paste off, for term.c's
 * restore strings. */
#define AO_KEYS_PASTE_OFF "\033[?2004l"

/* Like get_wch (nodelay): OK with a character, KEY_CODE_YES with a key,
 * ERR when nothing is waiting.  An Esc is returned only when nothing of a
 * sequence followed it; unknown sequences are read whole and dropped. */
int ao_key_read(wint_t *ch);

/* Letters for the F-keys, which many laptops and web terminals cannot
 * send: Ctrl-G (help) is F1, Ctrl-R (reveal) F2, Ctrl-O (the whole
 * message) F3, Ctrl-T (test) F5.  None
 * of them types or edits anything, and none is flow control (Ctrl-S/Q).
 * Rewrites *rc and *ch in place. */
void ao_key_alias(int *rc, wint_t *ch);

/* Forgets a key read ahead (with flushinp: typeahead is dropped). */
void ao_keys_discard(void);

#endif
