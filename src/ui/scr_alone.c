/* SPDX-License-Identifier: MIT */
/* Two overlays that take the whole window for one thing:
 *
 * - text alone (the OAuth URL, the review's `create` command): written
 *   straight to the terminal after a cleared screen, with no frame, no
 *   indentation and no line breaks of ours.  The terminal wraps it at its
 *   own edge, so a mouse selection (and tmux's copy mode) gives the text
 *   back whole, which a curses-drawn box cannot promise;
 * - the QR code full-screen, for a window too small to show it beside the
 *   text.
 *
 * Both are opaque (the screen below is not drawn while they show). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/osc52.h"
#include "agent-onboard/ui/qr.h"
#include "agent-onboard/ui/term.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

/* ---- text alone ------------------------------------------------------------------- */

struct alone_st {
	char *title, *text;
	int copied;
};

static void *
alone_enter(struct ao_tui *t)
{
	struct alone_st *st = xcalloc(1, sizeof(*st));

	st->title = xstrdup(t->alone_title != NULL ? t->alone_title : "");
	st->text = xstrdup(t->alone_text != NULL ? t->alone_text : "");
	return st;
}

static void
alone_leave(struct ao_tui *t, void *p)
{
	struct alone_st *st = p;

	(void)t;
	/* curses did not see what was written: repaint all of the screen */
	clearok(curscr, TRUE);
	free(st->title);
	free(st->text);
	free(st);
}

static void
alone_layout(struct ao_tui *t, void *p)
{
	struct alone_st *st = p;
	struct ao_buf b;

	(void)t;
	/* curses clears the screen and knows it is blank; the rest goes
	 * around it, with the terminal's own wrapping */
	erase();
	curs_set(0);
	refresh();
	ao_buf_init(&b, 0);
	ao_buf_append(&b, "\033[H", 3);
	ao_display_append(&b, st->title, strlen(st->title), 0);
	ao_buf_append(&b, "\r\n\r\n", 4);
	/* the text itself: nothing before it on its row, nothing after */
	ao_display_append(&b, st->text, strlen(st->text), 0);
	ao_buf_append(&b, "\r\n\r\n", 4);
	if (st->copied)
		ao_buf_appendf(&b, "%s", "Copied through your terminal (OSC 52). Nothing to paste? Select the text "
		              "above instead.\r\n");
	ao_buf_appendf(&b, "%s", "c copies it to your clipboard (OSC 52); Esc, q or Enter goes back.");
	ao_term_write_raw(b.data, b.len);
	ao_buf_free(&b);
}

static void
alone_draw(struct ao_tui *t, void *p)
{
	/* nothing changes while it shows; a rewrite would only flicker */
	(void)t;
	(void)p;
}

static enum ao_act
alone_key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct alone_st *st = p;

	(void)t;
	if (rc == KEY_CODE_YES && ch == KEY_ENTER)
		return AO_ACT_BACK;
	if (rc == KEY_CODE_YES)
		return AO_ACT_NONE;
	if (ch == 27 || ch == 'q' || ch == 'Q' || ch == '\r' || ch == '\n')
		return AO_ACT_BACK;
	if (ch == 'c' || ch == 'C') {
		size_t len;
		char *seq = ao_osc52_build(st->text, getenv("TMUX"), getenv("STY"), &len);

		ao_term_write_raw(seq, len);
		free(seq);
		st->copied = 1;
		return AO_ACT_LAYOUT;
	}
	return AO_ACT_NONE;
}

const struct ao_screen_ops ao_scr_alone = {
	.name = "text alone",
	.enter = alone_enter,
	.leave = alone_leave,
	.layout = alone_layout,
	.draw = alone_draw,
	.key = alone_key,
	.opaque = 1,
};

void
ao_tui_show_alone(struct ao_tui *t, const char *title, const char *text)
{
	free(t->alone_title);
	free(t->alone_text);
	t->alone_title = xstrdup(title);
	t->alone_text = xstrdup(text);
	ao_tui_open_overlay(t, &ao_scr_alone);
}

/* ---- the QR code, full-screen ------------------------------------------------------ */

struct qr_st {
	struct ao_qr qr;
	char *url;
};

static void *
qr_enter(struct ao_tui *t)
{
	struct qr_st *st = xcalloc(1, sizeof(*st));

	st->url = xstrdup(t->s->oauth_url != NULL ? t->s->oauth_url : "");
	if (ao_qr_render(st->url, t->caps.utf8, !ao_theme_color(), &st->qr) != 0)
		memset(&st->qr, 0, sizeof(st->qr));
	return st;
}

static void
qr_leave(struct ao_tui *t, void *p)
{
	struct qr_st *st = p;

	(void)t;
	ao_qr_free(&st->qr);
	free(st->url);
	free(st);
}

static void
qr_draw(struct ao_tui *t, void *p)
{
	struct qr_st *st = p;
	char buf[200];
	int r, y, x;

	(void)t;
	erase();
	curs_set(0);
	if (st->qr.line == NULL) {
		ao_tui_wrap(1, 1, COLS - 2, LINES - 2, "The URL cannot be shown as a QR code. Esc goes back.", AO_R_WARN);
		return;
	}
	if (st->qr.cols > COLS || st->qr.rows + 1 > LINES) {
		snprintf(buf, sizeof(buf), "Even alone, the QR code needs a window of at least %dx%d (this one is "
		         "%dx%d). Make the window larger, or use c to copy the URL. Esc goes back.",
		         st->qr.cols, st->qr.rows + 1, COLS, LINES);
		ao_tui_wrap(1, 1, COLS - 2, LINES - 2, buf, AO_R_WARN);
		return;
	}
	y = (LINES - 1 - st->qr.rows) / 2;
	x = (COLS - st->qr.cols) / 2;
	for (r = 0; r < st->qr.rows; r++)
		ao_tui_put(y + r, x, st->qr.cols, st->qr.line[r], AO_R_QR);
	ao_tui_put(LINES - 1, 0, COLS, "Scan it with a phone.  Esc, q or Enter goes back.", AO_R_KEY);
}

static enum ao_act
qr_key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	(void)t;
	(void)p;
	if (rc == KEY_CODE_YES && ch == KEY_ENTER)
		return AO_ACT_BACK;
	if (rc != KEY_CODE_YES && (ch == 27 || ch == 'q' || ch == 'Q' || ch == 'z' || ch == 'Z' || ch == '\r' ||
	                           ch == '\n'))
		return AO_ACT_BACK;
	return AO_ACT_NONE;
}

const struct ao_screen_ops ao_scr_qr = {
	.name = "QR code",
	.enter = qr_enter,
	.leave = qr_leave,
	.layout = qr_draw,
	.draw = qr_draw,
	.key = qr_key,
	.opaque = 1,
};
