/* SPDX-License-Identifier: MIT */
/* A scrolling block of wrapped text (review, help, wait and result
 * screens): logical lines with a role and an indent, wrapped to the width
 * it is placed at, scrolled with the arrow and page keys. */
#ifndef AO_UI_TEXTVIEW_H
#define AO_UI_TEXTVIEW_H

#include <stddef.h>
#include <wchar.h>

struct ao_tv_line {
	char *text;
	int role;
	int indent;
};

struct ao_tv_row {
	size_t line, off, len;
};

struct ao_textview {
	struct ao_tv_line *lines;
	size_t n, cap;
	struct ao_tv_row *rows;
	size_t nrows;
	int top;
	int y, x, width, height;
};

void ao_tv_init(struct ao_textview *tv);

struct ao_tui;
/* Screen enter/leave for screens whose whole state is one text view (the
 * state returned is a struct ao_textview *). */
void *ao_tv_screen_enter(struct ao_tui *t);
void ao_tv_screen_leave(struct ao_tui *t, void *state);
void ao_tv_clear(struct ao_textview *tv);   /* lines only; keeps the scroll position */
void ao_tv_free(struct ao_textview *tv);
void ao_tv_add(struct ao_textview *tv, int role, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Wraps the lines for this area (call after adding lines, and on resize). */
void ao_tv_place(struct ao_textview *tv, int y, int x, int width, int height);
void ao_tv_draw(const struct ao_textview *tv);
/* Up/Down/PgUp/PgDn/Home/End: 1 when the key scrolled. */
int ao_tv_key(struct ao_textview *tv, int is_key, wint_t ch);
/* Whether there is more text above / below the visible rows. */
int ao_tv_more(const struct ao_textview *tv);

#endif
