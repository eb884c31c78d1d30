/* SPDX-License-Identifier: MIT */
/* Radio and checkbox lists on stdscr (see choice.h). */
#include <string.h>

#include <curses.h>

#include "agent-onboard/ui/choice.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

void
ao_choice_init(struct ao_choice_list *c, int multi)
{
	memset(c, 0, sizeof(*c));
	c->multi = multi;
	c->move_selects = !multi;
}

void
ao_choice_add(struct ao_choice_list *c, const char *label, int selected)
{
	if (c->n >= AO_CHOICE_MAX)
		return;
	c->label[c->n] = label;
	c->selected[c->n] = selected;
	if (selected && !c->multi)
		c->cursor = c->n;
	c->n++;
}

static void
scroll_into_view(struct ao_choice_list *c)
{
	if (c->rows <= 0)
		return;
	if (c->cursor < c->top)
		c->top = c->cursor;
	if (c->cursor >= c->top + c->rows)
		c->top = c->cursor - c->rows + 1;
	if (c->top > c->n - c->rows)
		c->top = c->n - c->rows;
	if (c->top < 0)
		c->top = 0;
}

void
ao_choice_place(struct ao_choice_list *c, int y, int x, int width, int rows)
{
	c->y = y;
	c->x = x;
	c->width = width;
	c->rows = rows < c->n ? rows : c->n;
	scroll_into_view(c);
}

int
ao_choice_selected(const struct ao_choice_list *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->selected[i])
			return i;
	return -1;
}

void
ao_choice_place_cursor(const struct ao_choice_list *c)
{
	if (c->n > 0 && c->cursor >= c->top && c->cursor < c->top + c->rows)
		move(c->y + c->cursor - c->top, c->x);
}

void
ao_choice_draw(const struct ao_choice_list *c, int focused)
{
	const struct ao_glyphs *g = ao_glyphs();
	int r, i, x, w;

	for (r = 0; r < c->rows; r++) {
		const char *mark;
		int at_cursor;

		i = c->top + r;
		if (i >= c->n)
			break;
		at_cursor = focused && i == c->cursor;
		mark = c->multi ? (c->selected[i] ? g->check_on : g->check_off)
		                : (c->selected[i] ? g->radio_on : g->radio_off);
		x = c->x;
		x += ao_tui_put(c->y + r, x, 2, at_cursor ? g->cursor : "", AO_R_NORMAL);
		if (x < c->x + 2)
			x = c->x + 2;
		x += ao_tui_put(c->y + r, x, 4, mark, c->selected[i] ? AO_R_OK : AO_R_NORMAL);
		if (x < c->x + 6) {
			ao_tui_put(c->y + r, x, c->x + 6 - x, "", AO_R_NORMAL);
			x = c->x + 6;
		}
		w = c->width - (x - c->x) - 2;
		ao_tui_put(c->y + r, x, w, c->label[i], at_cursor ? AO_R_FOCUS : AO_R_NORMAL);
		ao_tui_put(c->y + r, x + w, 2,
		           r == 0 && c->top > 0 ? g->more_up
		           : r == c->rows - 1 && c->top + c->rows < c->n ? g->more_down : "",
		           AO_R_DIM);
	}
}

static enum ao_choice_rc
move_to(struct ao_choice_list *c, int i)
{
	int k;

	if (i < 0)
		i = 0;
	if (i >= c->n)
		i = c->n - 1;
	if (i == c->cursor && !(c->move_selects && !c->selected[i]))
		return AO_CHOICE_MOVED;
	c->cursor = i;
	scroll_into_view(c);
	if (c->move_selects) {
		for (k = 0; k < c->n; k++)
			c->selected[k] = k == i;
		return AO_CHOICE_PICKED;
	}
	return AO_CHOICE_MOVED;
}

static enum ao_choice_rc
pick(struct ao_choice_list *c, int i)
{
	int k;

	if (i < 0 || i >= c->n)
		return AO_CHOICE_IGNORED;
	c->cursor = i;
	scroll_into_view(c);
	if (c->multi) {
		c->selected[i] = !c->selected[i];
	} else {
		for (k = 0; k < c->n; k++)
			c->selected[k] = k == i;
	}
	return AO_CHOICE_PICKED;
}

enum ao_choice_rc
ao_choice_key(struct ao_choice_list *c, int is_key, wint_t ch)
{
	if (c->n == 0)
		return AO_CHOICE_IGNORED;
	if (is_key == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:
			return c->cursor == 0 ? AO_CHOICE_EDGE_UP : move_to(c, c->cursor - 1);
		case KEY_DOWN:
			return c->cursor == c->n - 1 ? AO_CHOICE_EDGE_DOWN : move_to(c, c->cursor + 1);
		case KEY_HOME: return move_to(c, 0);
		case KEY_END: return move_to(c, c->n - 1);
		case KEY_PPAGE: return move_to(c, c->cursor - (c->rows > 1 ? c->rows - 1 : 1));
		case KEY_NPAGE: return move_to(c, c->cursor + (c->rows > 1 ? c->rows - 1 : 1));
		default: return AO_CHOICE_IGNORED;
		}
	}
	if (ch == ' ')
		return pick(c, c->cursor);
	if (ch >= '1' && ch <= '9')
		return pick(c, (int)(ch - '1'));
	return AO_CHOICE_IGNORED;
}
