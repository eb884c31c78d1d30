/* SPDX-License-Identifier: MIT */
/* Attributes by role, with a monochrome path (NO_COLOR, no colours, or a
 * terminal with fewer than 8): roles then map to bold / reverse / dim, so
 * nothing relies on colour alone (errors also carry a "!" marker).  Glyphs
 * have an ASCII fallback for non-UTF-8 terminals. */
#ifndef AO_UI_THEME_H
#define AO_UI_THEME_H

#include <curses.h>

enum ao_role {
	AO_R_NORMAL = 0,
	AO_R_TITLE,      /* the title bar */
	AO_R_FOCUS,      /* the focused label / choice under the cursor */
	AO_R_LABEL,
	AO_R_ERROR,
	AO_R_OK,
	AO_R_WARN,
	AO_R_DIM,        /* help text */
	AO_R_KEY,        /* key names in the keys bar */
	AO_R_QR,         /* dark modules on light background */
	AO_R_COUNT
};

struct ao_glyphs {
	const char *radio_on, *radio_off, *check_on, *check_off;
	const char *ok, *fail, *warn, *skip, *bullet, *cursor, *more_up, *more_down;
	const char *updown, *leftright, *ellipsis;
	const char *const *spinner;   /* NULL-terminated frames */
};

void ao_theme_init(int color, int utf8);
attr_t ao_attr(enum ao_role r);
const struct ao_glyphs *ao_glyphs(void);
int ao_theme_color(void);
int ao_theme_utf8(void);

#endif
