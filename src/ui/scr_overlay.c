/* SPDX-License-Identifier: MIT */
/* The overlays drawn over a screen: F1 help and the quit confirmation.
 * They own no state of the wizard; closing one redraws the screen below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/choice.h"
#include "agent-onboard/ui/textview.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

void
ao_tui_frame(int y, int x, int h, int w, const char *title)
{
	int r;

	for (r = 0; r < h; r++)
		ao_tui_put(y + r, x, w, "", AO_R_NORMAL);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title != NULL) {
		char buf[128];

		snprintf(buf, sizeof(buf), " %s ", title);
		ao_tui_put(y, x + 2, ao_tui_width(buf) < w - 4 ? ao_tui_width(buf) : w - 4, buf, AO_R_KEY);
	}
}

/* ---- help ----------------------------------------------------------------------- */

struct help_st {
	struct ao_textview tv;
	int y, x, h, w;
};

static const char *const global_keys =
	"Keys: Tab / Shift-Tab move between fields; Up/Down move in a list (and between fields); Space "
	"selects or toggles; Enter goes to the next field, and on the last one to the next step; Esc goes "
	"back (nothing typed is lost) or cancels a request in flight; F1 or Ctrl-G (? outside a text "
	"field) this help; F2 or Ctrl-R shows or hides a secret; F5 or Ctrl-T tests the connection to the "
	"agent; on the endpoint step F4 or Ctrl-L finds the agents AgenticAdvertising.org knows for your "
	"domain; q (or Ctrl-C in a text field) quits, keeping a draft to resume. Pasted text goes into the "
	"focused field; several lines are joined with spaces, never taken as Enter.";

static void
help_layout(struct ao_tui *t, void *p)
{
	struct help_st *st = p;
	const char *title = NULL, *body = NULL;

	ao_tv_clear(&st->tv);
	if (t->screen->help != NULL)
		t->screen->help(t, t->st, &title, &body);
	if (body != NULL)
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", body);
	/* the form keys only where there is a form: elsewhere the screen's
	 * own keys are in its help and its keys bar */
	if (t->screen == &ao_scr_step || t->screen == &ao_scr_platform) {
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
		ao_tv_add(&st->tv, AO_R_DIM, 0, "%s", global_keys);
	}
	st->w = COLS - 8 > 72 ? 72 : COLS - 8;
	st->x = (COLS - st->w) / 2;
	ao_tv_place(&st->tv, 0, 0, st->w - 4, 1000);
	st->h = (int)st->tv.nrows + 4;
	if (st->h > LINES - 4)
		st->h = LINES - 4;
	st->y = (LINES - st->h) / 2;
	ao_tv_place(&st->tv, st->y + 1, st->x + 2, st->w - 4, st->h - 3);
	ao_tui_frame(st->y, st->x, st->h, st->w, title != NULL ? title : "Help");
	ao_tv_draw(&st->tv);
	ao_tui_put(st->y + st->h - 2, st->x + 2, st->w - 4,
	           ao_tv_more(&st->tv) ? "Esc close   Up/Down scroll" : "Esc close", AO_R_KEY);
}

static enum ao_act
help_key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct help_st *st = p;

	(void)t;
	if (ao_tv_key(&st->tv, rc, ch))
		return AO_ACT_DRAW;
	if (rc == KEY_CODE_YES && ch == KEY_F(1))
		return AO_ACT_BACK;
	if (rc != KEY_CODE_YES && (ch == 27 || ch == 'q' || ch == '?' || ch == '\r' || ch == '\n' || ch == ' '))
		return AO_ACT_BACK;
	return AO_ACT_NONE;
}

static void *
help_enter(struct ao_tui *t)
{
	struct help_st *st = xcalloc(1, sizeof(*st));

	(void)t;
	ao_tv_init(&st->tv);
	return st;
}

static void
help_leave(struct ao_tui *t, void *p)
{
	struct help_st *st = p;

	(void)t;
	ao_tv_free(&st->tv);
	free(st);
}

const struct ao_screen_ops ao_scr_help = {
	.name = "help",
	.enter = help_enter,
	.leave = help_leave,
	.layout = help_layout,
	.draw = help_layout,   /* the screen below repaints under the box */
	.key = help_key,
};

/* ---- quit ----------------------------------------------------------------------- */

struct quit_st {
	struct ao_choice_list ch;
	int registered;
};

static void
quit_layout(struct ao_tui *t, void *p)
{
	struct quit_st *st = p;
	int w = COLS - 8 > 60 ? 60 : COLS - 8, h = st->ch.n + 6, x = (COLS - w) / 2, y = (LINES - h) / 2;

	(void)t;
	ao_tui_frame(y, x, h, w, "Quit?");
	ao_tui_wrap(y + 1, x + 2, w - 4, 2,
	            st->registered ? "The registration exists; the platform goes on without the wizard."
	                           : "Your answers can be kept (never secrets) to resume later.",
	            AO_R_NORMAL);
	ao_choice_place(&st->ch, y + 3, x + 1, w - 3, st->ch.n);
	ao_choice_draw(&st->ch, 1);
	ao_tui_put(y + h - 2, x + 2, w - 4, "Enter confirm   Esc stay", AO_R_KEY);
}

static enum ao_act
quit_key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct quit_st *st = p;
	int sel;

	if (rc != KEY_CODE_YES && ch == 27)
		return AO_ACT_BACK;
	if ((rc != KEY_CODE_YES && (ch == '\r' || ch == '\n' || ch == 'y' || ch == 'q')) ||
	    (rc == KEY_CODE_YES && ch == KEY_ENTER)) {
		sel = ch == 'y' || ch == 'q' ? 0 : ao_choice_selected(&st->ch);
		if (sel == st->ch.n - 1)
			return AO_ACT_BACK;
		ao_tui_quit(t, st->registered || sel == 0);
		return AO_ACT_EXIT;
	}
	if (rc != KEY_CODE_YES && ch == 'n')
		return AO_ACT_BACK;
	return ao_choice_key(&st->ch, rc, ch) != AO_CHOICE_IGNORED ? AO_ACT_DRAW : AO_ACT_NONE;
}

static void *
quit_enter(struct ao_tui *t)
{
	struct quit_st *st = xcalloc(1, sizeof(*st));

	st->registered = t->s->registered_id != NULL;
	ao_choice_init(&st->ch, 0);
	if (st->registered) {
		ao_choice_add(&st->ch, "Quit (resume waiting later)", 1);
	} else {
		ao_choice_add(&st->ch, "Quit and keep the draft", 1);
		ao_choice_add(&st->ch, "Quit and discard the draft", 0);
	}
	ao_choice_add(&st->ch, "Stay", t->quit_stay);
	if (t->quit_stay)
		st->ch.selected[0] = 0;
	t->quit_stay = 0;
	return st;
}

static void
quit_leave(struct ao_tui *t, void *p)
{
	(void)t;
	free(p);
}

const struct ao_screen_ops ao_scr_quit = {
	.name = "quit",
	.enter = quit_enter,
	.leave = quit_leave,
	.layout = quit_layout,
	.draw = quit_layout,
	.key = quit_key,
};
