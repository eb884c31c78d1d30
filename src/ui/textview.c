/* SPDX-License-Identifier: MIT */
/* Scrolling wrapped text (see textview.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/textview.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

void
ao_tv_init(struct ao_textview *tv)
{
	memset(tv, 0, sizeof(*tv));
}

void
ao_tv_clear(struct ao_textview *tv)
{
	size_t i;

	for (i = 0; i < tv->n; i++)
		free(tv->lines[i].text);
	tv->n = 0;
	tv->nrows = 0;
}

void
ao_tv_free(struct ao_textview *tv)
{
	ao_tv_clear(tv);
	free(tv->lines);
	free(tv->rows);
	ao_tv_init(tv);
}

void
ao_tv_add(struct ao_textview *tv, int role, int indent, const char *fmt, ...)
{
	va_list ap;

	if (tv->n == tv->cap) {
		tv->cap = tv->cap ? tv->cap * 2 : 32;
		tv->lines = xrealloc(tv->lines, tv->cap * sizeof(*tv->lines));
	}
	va_start(ap, fmt);
	tv->lines[tv->n].text = xvasprintf(fmt, ap);
	va_end(ap);
	tv->lines[tv->n].role = role;
	tv->lines[tv->n].indent = indent;
	tv->n++;
}

static void
add_row(struct ao_textview *tv, size_t *cap, size_t line, size_t off, size_t len)
{
	if (tv->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		tv->rows = xrealloc(tv->rows, *cap * sizeof(*tv->rows));
	}
	tv->rows[tv->nrows].line = line;
	tv->rows[tv->nrows].off = off;
	tv->rows[tv->nrows].len = len;
	tv->nrows++;
}

void
ao_tv_place(struct ao_textview *tv, int y, int x, int width, int height)
{
	size_t i, cap = 0, off, len, skip;

	tv->y = y;
	tv->x = x;
	tv->width = width;
	tv->height = height;
	free(tv->rows);
	tv->rows = NULL;
	tv->nrows = 0;
	for (i = 0; i < tv->n; i++) {
		const char *text = tv->lines[i].text;
		int w = width - tv->lines[i].indent;

		if (w < 10)
			w = 10;
		if (text[0] == '\0') {
			add_row(tv, &cap, i, 0, 0);
			continue;
		}
		for (off = 0; text[off] != '\0'; off += len + skip) {
			len = ao_tui_break(text + off, w, &skip);
			add_row(tv, &cap, i, off, len);
		}
	}
	if (tv->top > (int)tv->nrows - height)
		tv->top = (int)tv->nrows - height;
	if (tv->top < 0)
		tv->top = 0;
}

void
ao_tv_draw(const struct ao_textview *tv)
{
	int r;

	for (r = 0; r < tv->height; r++) {
		size_t i = (size_t)(tv->top + r);

		if (i < tv->nrows) {
			const struct ao_tv_row *row = &tv->rows[i];
			const struct ao_tv_line *l = &tv->lines[row->line];

			ao_tui_put(tv->y + r, tv->x, l->indent, "", AO_R_NORMAL);
			ao_tui_put_n(tv->y + r, tv->x + l->indent, tv->width - l->indent, l->text + row->off, row->len,
			             l->role);
		} else {
			ao_tui_put(tv->y + r, tv->x, tv->width, "", AO_R_NORMAL);
		}
	}
}

int
ao_tv_more(const struct ao_textview *tv)
{
	return tv->top > 0 || tv->top + tv->height < (int)tv->nrows;
}

int
ao_tv_key(struct ao_textview *tv, int is_key, wint_t ch)
{
	int top = tv->top, max = (int)tv->nrows - tv->height;

	if (is_key != KEY_CODE_YES)
		return 0;
	switch (ch) {
	case KEY_UP: top--; break;
	case KEY_DOWN: top++; break;
	case KEY_PPAGE: top -= tv->height - 1; break;
	case KEY_NPAGE: top += tv->height - 1; break;
	case KEY_HOME: top = 0; break;
	case KEY_END: top = max; break;
	default: return 0;
	}
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	if (top == tv->top)
		return 1;
	tv->top = top;
	return 1;
}

void *
ao_tv_screen_enter(struct ao_tui *t)
{
	struct ao_textview *tv = xcalloc(1, sizeof(*tv));

	(void)t;
	ao_tv_init(tv);
	return tv;
}

void
ao_tv_screen_leave(struct ao_tui *t, void *state)
{
	(void)t;
	if (state == NULL)
		return;
	ao_tv_free(state);
	free(state);
}
