/* SPDX-License-Identifier: MIT */
/* OAuth consent: the authorization URL in full, a browser only where one
 * can be shown (browser.c), copy through the user's own terminal (OSC 52,
 * osc52.c) and a QR code when the window is big enough (qr.c); meanwhile
 * the status is polled until authConfigured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/browser.h"
#include "agent-onboard/ui/osc52.h"
#include "agent-onboard/ui/qr.h"
#include "agent-onboard/ui/term.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

struct st {
	struct ao_qr qr;
	char *qr_for;        /* the URL the QR code encodes */
	int qr_y, qr_x;      /* where it goes; qr_y < 0: it does not fit */
	char why_no_browser[256];
	int browser_ok;
	char flash[512];     /* result of the last c / o */
};

static void qr_min_size(struct ao_tui *t, struct st *st, int *w, int *h);

static void
ensure_qr(struct ao_tui *t, struct st *st)
{
	const char *url = t->s->oauth_url;

	if (url == NULL || (st->qr_for != NULL && strcmp(st->qr_for, url) == 0))
		return;
	ao_qr_free(&st->qr);
	free(st->qr_for);
	st->qr_for = xstrdup(url);
	if (ao_qr_render(url, t->caps.utf8, !ao_theme_color(), &st->qr) != 0)
		memset(&st->qr, 0, sizeof(st->qr));
}

/* The text left of (or above) the QR code; with draw_it 0 it only counts
 * the rows it needs. */
static int
text_block(struct ao_tui *t, struct st *st, int y, int width, int draw_it)
{
	struct ao_session *s = t->s;
	int y0 = y;
	char buf[512];

	y += ao_tui_wrap(y, 2, width, draw_it ? ao_tui_bottom() - y : 0,
	                 "Approve access for the platform in a browser. Open this URL (shown in full):", AO_R_NORMAL);
	y += ao_tui_wrap(y, 2, width, draw_it ? ao_tui_bottom() - y : 0,
	                 s->oauth_url != NULL ? s->oauth_url
	                 : s->busy == AO_BUSY_OAUTH_URL ? "(asking the platform for a new authorization URL)"
	                 : s->res.oauth_error != NULL ? s->res.oauth_error
	                 : "(the platform sent no authorization URL yet)",
	                 s->oauth_url != NULL ? AO_R_KEY : AO_R_ERROR);
	y++;
	if (st->browser_ok)
		snprintf(buf, sizeof(buf), "%s", "o opens it in your browser; c copies it to your clipboard; s shows it "
		         "alone, to select it whole.");
	else
		snprintf(buf, sizeof(buf), "No browser is started: %s. c copies the URL to the clipboard of the "
		         "terminal you are using (OSC 52), s shows it alone to select it whole, or scan the QR code "
		         "with a phone.", st->why_no_browser);
	y += ao_tui_wrap(y, 2, width, draw_it ? ao_tui_bottom() - y : 0, buf, AO_R_NORMAL);
	y++;
	y += draw_it ? ao_wait_status_rows(t, y) : 5;
	return y - y0;
}

/* The one smallest window that shows the QR code beside the screen's own
 * text: the code (its modules and quiet zone in half-block cells, qr.c)
 * under the text wrapped at that width, as layout() places it.  A wider
 * window needs no more rows. */
static void
qr_min_size(struct ao_tui *t, struct st *st, int *w, int *h)
{
	*w = st->qr.cols + 4 > AO_MIN_COLS ? st->qr.cols + 4 : AO_MIN_COLS;
	*h = ao_tui_top() + text_block(t, st, ao_tui_top(), *w - 4, 0) + 1 + st->qr.rows + (LINES - ao_tui_bottom());
	if (*h < AO_MIN_ROWS)
		*h = AO_MIN_ROWS;
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	int y = ao_tui_top(), r, width;
	/* what does not fit a narrow window is dropped from the end: the
	 * ways to get the URL and to leave come first */
	static const char *const keys[] = { "c", "copy URL", "s", "URL alone", "o", "open browser", "z", "QR",
	                                    "d", "detach", "q", "quit", "r", "check now", NULL };
	static const char *const keys_nob[] = { "c", "copy URL", "s", "URL alone", "z", "QR", "d", "detach",
	                                        "q", "quit", "r", "check now", NULL };
	static const char *const keys_agent[] = { "c", "copy URL", "s", "URL alone", "o", "open browser", "z",
	                                          "QR", "d", "detach", "q", "quit", "n", "new URL", "r",
	                                          "check now", NULL };
	static const char *const keys_agent_nob[] = { "c", "copy URL", "s", "URL alone", "z", "QR", "d", "detach",
	                                              "q", "quit", "n", "new URL", "r", "check now", NULL };

	ao_tui_title(t, "Approve access (OAuth)");
	ensure_qr(t, st);
	width = st->qr_y >= 0 && st->qr_x > 0 ? st->qr_x - 4 : COLS - 4;
	text_block(t, st, y, width, 1);
	if (st->qr.line != NULL && st->qr_y >= 0)
		for (r = 0; r < st->qr.rows; r++)
			ao_tui_put(st->qr_y + r, st->qr_x, st->qr.cols, st->qr.line[r], AO_R_QR);
	if (st->flash[0] != '\0') {
		ao_tui_message(t, AO_R_OK, st->flash);
	} else if (s->notice == NULL && st->qr.line != NULL && st->qr_y < 0) {
		/* in the message rows, which are never cut without F3 */
		char note[200];
		int w, h;

		qr_min_size(t, st, &w, &h);
		snprintf(note, sizeof(note), "A QR code needs a window of at least %dx%d (this one is %dx%d): z "
		         "shows it full-screen.", w, h, COLS, LINES);
		ao_tui_message(t, AO_R_DIM, note);
	} else {
		ao_tui_message(t, AO_R_WARN, s->notice);
	}
	ao_tui_help_line(t, "Waiting for the platform to report authConfigured; the page you approve on comes "
	                    "from the agent's authorization server.");
	if (s->res.kind == AO_KIND_AGENT)
		ao_tui_keys(t, st->browser_ok ? keys_agent : keys_agent_nob);
	else
		ao_tui_keys(t, st->browser_ok ? keys : keys_nob);
	curs_set(0);
}

static void
layout(struct ao_tui *t, void *p)
{
	struct st *st = p;
	int top = ao_tui_top(), avail = ao_tui_bottom() - top, side_w, used;

	st->browser_ok = ao_browser_allowed(st->why_no_browser, sizeof(st->why_no_browser));
	ensure_qr(t, st);
	st->qr_y = -1;
	st->qr_x = 0;
	if (st->qr.line != NULL) {
		side_w = COLS - st->qr.cols - 6;
		/* beside the text when the window is wide, else below it */
		if (side_w >= 46 && st->qr.rows <= avail && text_block(t, st, top, side_w, 0) <= avail) {
			st->qr_x = COLS - st->qr.cols - 2;
			st->qr_y = top;
		} else {
			used = text_block(t, st, top, COLS - 4, 0);
			if (used + 1 + st->qr.rows <= avail && st->qr.cols + 4 <= COLS) {
				st->qr_y = top + used + 1;
				st->qr_x = (COLS - st->qr.cols) / 2;
			}
		}
	}
	draw(t, st);
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;
	struct ao_session *s = t->s;

	if (rc == KEY_CODE_YES)
		return AO_ACT_NONE;
	switch (ch) {
	case 'c':
	case 'C':
		if (s->oauth_url != NULL) {
			size_t len;
			char *seq = ao_osc52_build(s->oauth_url, getenv("TMUX"), getenv("STY"), &len);

			ao_term_write_raw(seq, len);
			free(seq);
			snprintf(st->flash, sizeof(st->flash), "%s",
			         "Copied through your terminal (OSC 52). Nothing to paste? Your terminal does not "
			         "allow OSC 52: select the URL above instead.");
		}
		return AO_ACT_DRAW;
	case 'o':
	case 'O':
		if (s->oauth_url != NULL && st->browser_ok)
			ao_browser_open(s->oauth_url, st->flash, sizeof(st->flash));
		else if (!st->browser_ok)
			snprintf(st->flash, sizeof(st->flash), "No browser here: %s.", st->why_no_browser);
		ao_browser_reap();
		return AO_ACT_DRAW;
	case 's':
	case 'S':
		if (s->oauth_url != NULL)
			ao_tui_show_alone(t, "Approve access for the platform at this URL (select it, or press c to copy "
			                  "it):", s->oauth_url);
		return AO_ACT_NONE;
	case 'z':
	case 'Z':
		if (s->oauth_url != NULL)
			ao_tui_open_overlay(t, &ao_scr_qr);
		return AO_ACT_NONE;
	case 'n':
	case 'N':
		st->flash[0] = '\0';
		ao_session_new_oauth_url(s);
		return AO_ACT_LAYOUT;
	case 'r':
	case 'R':
		ao_session_check_now(s);
		return AO_ACT_DRAW;
	case 'd':
	case 'D':
		ao_wait_detach(t);
		return AO_ACT_EXIT;
	case 'q':
	case 'Q':
		return AO_ACT_QUIT;
	default:
		return AO_ACT_NONE;
	}
}

static void
event(struct ao_tui *t, void *p, unsigned ev)
{
	struct st *st = p;

	if ((ev & AO_EV_STATUS) && t->s->oauth_url != NULL &&
	    (st->qr_for == NULL || strcmp(st->qr_for, t->s->oauth_url) != 0))
		t->need_layout = 1;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "OAuth";
	*body = "The platform registered the agent and needs your consent at the agent's authorization server. "
	        "Open the URL in any browser, on any machine: c copies it through your terminal (works over "
	        "SSH when your terminal supports OSC 52; inside tmux set `set-clipboard on`), s shows it alone "
	        "on the screen so a mouse selection takes it whole, the QR code opens it on a phone (z shows "
	        "it full-screen). When you quit or detach, the URL is printed on the normal screen. A browser is started only on a local graphical session, never over SSH. "
	        "The wizard notices the approval by itself (authConfigured).";
}

static void *
enter(struct ao_tui *t)
{
	struct st *st = xcalloc(1, sizeof(*st));

	(void)t;
	st->qr_y = -1;
	return st;
}

static void
leave(struct ao_tui *t, void *p)
{
	struct st *st = p;

	(void)t;
	if (st == NULL)
		return;
	ao_browser_reap();
	ao_qr_free(&st->qr);
	free(st->qr_for);
	free(st);
}

const struct ao_screen_ops ao_scr_oauth = {
	.name = "oauth",
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.event = event,
	.help = help,
	.wants_ticks = 1,
};
