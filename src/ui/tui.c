/* SPDX-License-Identifier: MIT */
/* The curses front end's loop.  There is exactly one loop in the program
 * (net/loop.h): the terminal is one of its file descriptors, next to
 * libcurl's sockets, keyring jobs and the probe thread's pipe.  Keys are
 * handled as they arrive, the session's events set "repaint", and the
 * screen is flushed once per iteration, so typing stays live while a
 * request is in flight.  Signals only set flags (session.c); they are acted
 * on here, between iterations. */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/ui/keys.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

static const struct ao_screen_ops *
screen_for(const struct ao_tui *t)
{
	const struct ao_session *s = t->s;

	if (t->resume_offer)
		return &ao_scr_resume;
	switch (s->step) {
	case AO_STEP_PLATFORM: return &ao_scr_platform;
	case AO_STEP_REVIEW: return &ao_scr_review;
	case AO_STEP_SUBMIT: return &ao_scr_submit;
	case AO_STEP_WAIT: return s->phase == AO_PH_OAUTH ? &ao_scr_oauth : &ao_scr_wait;
	case AO_STEP_RESULT: return &ao_scr_result;
	default: return &ao_scr_step;
	}
}

static void
close_overlay(struct ao_tui *t)
{
	if (t->overlay == NULL)
		return;
	if (t->overlay->leave != NULL)
		t->overlay->leave(t, t->ost);
	t->overlay = NULL;
	t->ost = NULL;
	t->need_layout = 1;
}

static void
open_overlay(struct ao_tui *t, const struct ao_screen_ops *ops)
{
	close_overlay(t);
	t->overlay = ops;
	t->ost = ops->enter != NULL ? ops->enter(t) : NULL;
	t->need_layout = 1;
}

static void
switch_screen(struct ao_tui *t)
{
	const struct ao_screen_ops *ops = screen_for(t);

	if (ops == t->screen && t->screen_step == t->s->step)
		return;
	if (t->overlay == &ao_scr_help)
		close_overlay(t);
	if (t->screen != NULL && t->screen->leave != NULL)
		t->screen->leave(t, t->st);
	t->screen = ops;
	t->screen_step = t->s->step;
	/* keys typed before the review was on screen were not meant for
	 * it: an Enter among them would submit unseen values */
	t->discard_typeahead = ops == &ao_scr_review;
	t->st = ops->enter != NULL ? ops->enter(t) : NULL;
	t->need_layout = 1;
}

static void
draw_too_small(void)
{
	char buf[160];
	int y = LINES / 2 - 1;

	erase();
	snprintf(buf, sizeof(buf), "The terminal is %dx%d; agent-onboard needs at least %dx%d.", COLS, LINES,
	         AO_MIN_COLS, AO_MIN_ROWS);
	if (y < 0)
		y = 0;
	y += ao_tui_wrap(y, 1, COLS - 2, LINES - y, buf, AO_R_WARN);
	if (y + 1 < LINES)
		ao_tui_wrap(y + 1, 1, COLS - 2, LINES - y - 1,
		            "Make the window larger; nothing you typed is lost. q quits (keeping a draft); "
		            "agent-onboard --plain asks one question per line at any size.", AO_R_NORMAL);
	curs_set(0);
}

static void
flush(struct ao_tui *t)
{
	if (t->need_layout) {
		t->need_layout = 0;
		t->need_draw = 0;
		t->too_small = LINES < AO_MIN_ROWS || COLS < AO_MIN_COLS;
		if (t->too_small) {
			draw_too_small();
		} else {
			erase();
			t->screen->layout(t, t->st);
			if (t->overlay != NULL) {
				t->overlay->layout(t, t->ost);
				curs_set(0);
			}
		}
		refresh();
		if (t->discard_typeahead && !t->too_small) {
			t->discard_typeahead = 0;
			flushinp();
			ao_keys_discard();
		}
		return;
	}
	if (!t->need_draw || t->too_small)
		return;
	t->need_draw = 0;
	t->screen->draw(t, t->st);
	if (t->overlay != NULL) {
		t->overlay->draw(t, t->ost);
		curs_set(0);
	}
	refresh();
}

static void
save_and_leave(struct ao_tui *t, int code, const char *why)
{
	int rc = ao_session_save_draft(t->s);

	free(t->final_message);
	if (t->s->draft_path != NULL && !t->s->draft_ended && rc == 0 &&
	    access(t->s->draft_path, F_OK) == 0)
		t->final_message = xasprintf("agent-onboard: %s. Your answers are saved in %s; run agent-onboard "
		                             "again to resume.\n", why, t->s->draft_path);
	else
		t->final_message = xasprintf("agent-onboard: %s.\n", why);
	t->exit_code = code;
	t->done = 1;
}

static void
apply(struct ao_tui *t, enum ao_act act)
{
	enum ao_field bad = AO_FIELD_COUNT;

	switch (act) {
	case AO_ACT_NONE:
		break;
	case AO_ACT_DRAW:
		t->need_draw = 1;
		break;
	case AO_ACT_LAYOUT:
		t->need_layout = 1;
		break;
	case AO_ACT_NEXT:
		if (ao_session_next(t->s, &bad) != 0 && t->screen->refused != NULL)
			t->screen->refused(t, t->st, bad);
		t->need_draw = 1;
		break;
	case AO_ACT_BACK:
		if (t->s->step == AO_STEP_PLATFORM) {
			/* Esc means "back", not "quit": the safe answer first */
			t->quit_stay = 1;
			open_overlay(t, &ao_scr_quit);
		}
		else
			ao_session_back(t->s);
		t->need_draw = 1;
		break;
	case AO_ACT_HELP:
		open_overlay(t, &ao_scr_help);
		break;
	case AO_ACT_QUIT:
		open_overlay(t, &ao_scr_quit);
		break;
	case AO_ACT_EXIT:
		t->done = 1;
		break;
	}
}

/* ---- bracketed paste ---- */

#define PASTE_MAX 65536

static void
paste_add(struct ao_tui *t, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n;

	if (t->paste_buf == NULL)
		t->paste_buf = xmalloc(PASTE_MAX + 1);
	memset(&ps, 0, sizeof(ps));
	n = wcrtomb(mb, (wchar_t)ch, &ps);
	if (n == (size_t)-1 || t->paste_len + n > PASTE_MAX)
		return;
	memcpy(t->paste_buf + t->paste_len, mb, n);
	t->paste_len += n;
}

/* The paste is complete: it goes to the screen as one piece of text, so
 * its newlines are the screen's to join or refuse, never Enter. */
static void
paste_end(struct ao_tui *t, int deliver)
{
	enum ao_act act = AO_ACT_NONE;

	t->pasting = 0;
	if (t->paste_buf == NULL)
		return;
	t->paste_buf[t->paste_len] = '\0';
	if (deliver && !t->too_small && t->overlay == NULL && t->screen->paste != NULL)
		act = t->screen->paste(t, t->st, t->paste_buf);
	/* it may have been a token */
	ao_wipe(t->paste_buf, t->paste_len);
	t->paste_len = 0;
	if (act == AO_ACT_DRAW || act == AO_ACT_LAYOUT)
		apply(t, act);
}

/* Returns 1 when the key belonged to a paste. */
static int
paste_key(struct ao_tui *t, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES && ch == AO_KEY_PASTE_BEGIN) {
		t->pasting = 1;
		t->paste_len = 0;
		return 1;
	}
	if (rc == KEY_CODE_YES && ch == AO_KEY_PASTE_END) {
		paste_end(t, t->pasting);
		return 1;
	}
	if (!t->pasting)
		return 0;
	if (rc == OK && ch == 27)
		/* an Esc on its own: the end marker was lost, or the user
		 * gave up; what came is dropped, nothing is typed */
		paste_end(t, 0);
	else if (rc == OK)
		paste_add(t, ch);
	return 1;
}

static void
handle_key(struct ao_tui *t, int rc, wint_t ch)
{
	enum ao_act act;

	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		ao_term_resize();
		t->need_layout = 1;
		return;
	}
	if (paste_key(t, rc, ch))
		return;
	ao_key_alias(&rc, &ch);
	if (t->too_small) {
		if (rc == OK && (ch == 'q' || ch == 'Q'))
			save_and_leave(t, AO_EXIT_INTERRUPTED, "quit");
		return;
	}
	if (t->overlay != NULL) {
		const struct ao_screen_ops *ov = t->overlay;

		act = ov->key(t, t->ost, rc, ch);
		if (act == AO_ACT_BACK) {
			close_overlay(t);
			return;
		}
		apply(t, act);
		return;
	}
	/* Esc stops what is in flight before it means "back" */
	if (rc != KEY_CODE_YES && ch == 27 && t->s->busy != AO_BUSY_NONE) {
		ao_session_cancel(t->s);
		t->need_draw = 1;
		return;
	}
	if (rc == KEY_CODE_YES && ch == KEY_F(1)) {
		apply(t, AO_ACT_HELP);
		return;
	}
	/* ? is help where nothing is typed (the form screens decide for
	 * themselves: in a text field it is a character) */
	if (rc == OK && ch == '?' && t->screen != &ao_scr_step && t->screen != &ao_scr_platform) {
		apply(t, AO_ACT_HELP);
		return;
	}
	apply(t, t->screen->key(t, t->st, rc, ch));
}

void
ao_tui_quit(struct ao_tui *t, int keep_draft)
{
	if (!keep_draft) {
		ao_session_discard_draft(t->s);
		t->s->draft_ended = 1;
		free(t->final_message);
		t->final_message = xstrdup("agent-onboard: quit; the draft was discarded.\n");
		t->exit_code = AO_EXIT_INTERRUPTED;
		t->done = 1;
		return;
	}
	save_and_leave(t, AO_EXIT_INTERRUPTED, "quit");
}

void
ao_tui_resume_answered(struct ao_tui *t, int resume)
{
	t->resume_offer = 0;
	if (resume)
		ao_session_resume(t->s);
	else
		ao_session_discard_draft(t->s);
	t->need_layout = 1;
}

static void
on_stdin(struct ao_loop *loop, int fd, short revents, void *arg)
{
	struct ao_tui *t = arg;
	wint_t ch;
	int rc, n = 0;

	(void)loop;
	(void)fd;
	while (!t->done && (rc = ao_key_read(&ch)) != ERR) {
		handle_key(t, rc, ch);
		n++;
		/* the next key of a burst belongs to the screen this one led
		 * to, built and drawn (typeahead is kept between steps) */
		switch_screen(t);
		if (t->need_layout)
			flush(t);
	}
	/* Readable but nothing to read, again and again: the terminal is gone
	 * (a hung-up pty reports end of file, not always POLLHUP).  Treat it
	 * like SIGHUP instead of spinning. */
	if (n == 0 && ((revents & (POLLHUP | POLLERR | POLLNVAL)) || ++t->empty_reads >= 3 ||
	               !isatty(STDIN_FILENO)))
		ao_sig_hup = 1;
	else if (n > 0)
		t->empty_reads = 0;
}

static void
on_notify(void *ui, unsigned events)
{
	struct ao_tui *t = ui;

	if (t->screen != NULL && t->screen->event != NULL && screen_for(t) == t->screen &&
	    t->screen_step == t->s->step)
		t->screen->event(t, t->st, events);
	t->need_draw = 1;
}

static void
on_tick(struct ao_loop *loop, void *arg)
{
	struct ao_tui *t = arg;

	(void)loop;
	t->tick_timer = 0;
	t->spin++;
	t->need_draw = 1;
}

static void
arm_tick(struct ao_tui *t)
{
	double interval;

	if (t->tick_timer != 0)
		return;
	if (t->s->busy != AO_BUSY_NONE)
		interval = 0.1;
	else if (t->screen != NULL && t->screen->wants_ticks)
		interval = 0.5;
	else
		return;
	t->tick_timer = ao_loop_timer_add(t->s->loop, interval, on_tick, t);
}

static void
handle_signals(struct ao_tui *t)
{
	if (ao_sig_winch) {
		ao_sig_winch = 0;
		ao_term_resize();
		t->need_layout = 1;
	}
	if (ao_sig_hup || ao_sig_term) {
		const char *why = ao_sig_hup ? "the terminal hung up (SIGHUP)" : "terminated (SIGTERM)";

		ao_sig_hup = ao_sig_term = 0;
		if (t->screen != NULL) {
			/* the screen syncs what is typed into the session first */
			if (t->screen->leave != NULL)
				t->screen->leave(t, t->st);
			t->screen = NULL;
			t->st = NULL;
		}
		save_and_leave(t, AO_EXIT_INTERRUPTED, why);
		return;
	}
	if (ao_sig_int) {
		ao_sig_int = 0;
		if (t->too_small || t->overlay == &ao_scr_quit)
			save_and_leave(t, AO_EXIT_INTERRUPTED, "interrupted");
		else
			open_overlay(t, &ao_scr_quit);
	}
}

int
ao_tui_run(struct ao_session *s)
{
	struct ao_tui tui, *t = &tui;
	char msg[256];

	memset(t, 0, sizeof(*t));
	t->s = s;
	t->exit_code = AO_EXIT_INTERRUPTED;
	/* our SIGWINCH handler must exist before newterm, or curses installs
	 * its own */
	ao_session_install_signals(s);
	if (ao_term_init(s->g->no_color, &t->caps, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "agent-onboard: %s\n", msg);
		return AO_EXIT_USAGE;
	}
	ao_theme_init(t->caps.color, t->caps.utf8);
	ao_session_set_notify(s, on_notify, t);
	t->resume_offer = s->found != NULL;
	switch_screen(t);
	flush(t);   /* the first frame, before anything slow starts */
	ao_session_start(s);
	ao_loop_watch_fd(s->loop, STDIN_FILENO, POLLIN, on_stdin, t);
	while (!t->done) {
		switch_screen(t);
		flush(t);
		arm_tick(t);
		if (ao_loop_run_once(s->loop, -1) != 0)
			break;
		handle_signals(t);
	}
	ao_loop_unwatch_fd(s->loop, STDIN_FILENO);
	if (t->tick_timer != 0)
		ao_loop_timer_cancel(s->loop, t->tick_timer);
	close_overlay(t);
	if (t->screen != NULL && t->screen->leave != NULL)
		t->screen->leave(t, t->st);
	ao_session_set_notify(s, NULL, NULL);
	ao_term_restore();
	if (t->paste_buf != NULL) {
		ao_wipe(t->paste_buf, PASTE_MAX);
		free(t->paste_buf);
	}
	if (t->final_message != NULL) {
		/* the after-exit summary quotes names, ids and platform messages */
		struct ao_buf b;

		ao_buf_init(&b, 0);
		ao_display_append(&b, t->final_message, strlen(t->final_message), AO_DISPLAY_KEEP_NEWLINE);
		fwrite(b.data != NULL ? b.data : "", 1, b.len, stdout);
		fflush(stdout);
		ao_buf_free(&b);
		free(t->final_message);
	}
	return t->exit_code;
}

void
ao_tui_open_overlay(struct ao_tui *t, const struct ao_screen_ops *ops)
{
	open_overlay(t, ops);
}

void
ao_tui_finish(struct ao_tui *t, int code, char *message)
{
	free(t->final_message);
	t->final_message = message;
	t->exit_code = code;
	t->done = 1;
}
