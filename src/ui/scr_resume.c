/* SPDX-License-Identifier: MIT */
/* The first question after a crash, a dropped connection or a quit: resume
 * the saved draft at the step where it stopped, or start afresh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/choice.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

struct st {
	struct ao_choice_list ch;
};

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	const struct ao_draft *d = t->s->found;
	char buf[1024], when[64] = "";
	int y = ao_tui_top();
	static const char *const keys[] = { "Enter", "confirm", "↑↓", "choose", "q", "quit", NULL };
	static const char *const keys_ascii[] = { "Enter", "confirm", "Up/Down", "choose", "q", "quit", NULL };

	ao_tui_title(t, "Resume?");
	if (d == NULL)
		return;
	if (d->saved_at > 0) {
		time_t tt = (time_t)d->saved_at;
		struct tm tm;

		localtime_r(&tt, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	}
	snprintf(buf, sizeof(buf), "A draft saved %s was found in %s.", when, t->s->draft_path);
	y += ao_tui_wrap(y, 2, COLS - 4, 3, buf, AO_R_NORMAL) + 1;
	snprintf(buf, sizeof(buf), "%s%s%s%s, stopped at \"%s\".",
	         ao_answers_kind(&d->answers) != AO_KIND_NONE ? ao_kind_label(ao_answers_kind(&d->answers))
	                                                      : "A registration",
	         ao_answers_has(&d->answers, AO_F_NAME) ? " \"" : "", ao_answers_get(&d->answers, AO_F_NAME),
	         ao_answers_has(&d->answers, AO_F_NAME) ? "\"" : "", ao_step_title(d->step));
	y += ao_tui_wrap(y, 2, COLS - 4, 3, buf, AO_R_NORMAL);
	if (d->registered_id != NULL) {
		snprintf(buf, sizeof(buf), "It was registered as %s; resuming goes back to waiting for it.",
		         d->registered_id);
		y += ao_tui_wrap(y, 2, COLS - 4, 3, buf, AO_R_NORMAL);
	} else if (d->submit_started) {
		y += ao_tui_wrap(y, 2, COLS - 4, 3,
		                 "A submission was interrupted. Resuming first asks the platform whether it arrived, "
		                 "so nothing is created twice.", AO_R_WARN);
	}
	if (d->api_url != NULL && strcmp(d->api_url, t->s->api_url) != 0 && !t->s->g->demo) {
		snprintf(buf, sizeof(buf), "It was started against %s; this run uses %s.", d->api_url, t->s->api_url);
		y += ao_tui_wrap(y, 2, COLS - 4, 2, buf, AO_R_WARN);
	}
	ao_tui_wrap(y, 2, COLS - 4, 2, "Secrets are never in drafts: credentials come back from the keyring when it "
	                              "kept them, otherwise they are asked again.", AO_R_DIM);
	ao_choice_place(&st->ch, ao_tui_bottom() - 3, 2, COLS - 4, 2);
	ao_choice_draw(&st->ch, 1);
	ao_tui_message(t, AO_R_NORMAL, NULL);
	ao_tui_help_line(t, "Starting afresh deletes the draft and the credentials it kept in the keyring.");
	ao_tui_keys(t, ao_theme_utf8() ? keys : keys_ascii);
}

static void
layout(struct ao_tui *t, void *p)
{
	draw(t, p);
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;

	if ((rc != KEY_CODE_YES && (ch == '\r' || ch == '\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER)) {
		ao_tui_resume_answered(t, ao_choice_selected(&st->ch) != 1);
		return AO_ACT_LAYOUT;
	}
	if (rc != KEY_CODE_YES && (ch == 'y' || ch == 'Y')) {
		ao_tui_resume_answered(t, 1);
		return AO_ACT_LAYOUT;
	}
	if (rc != KEY_CODE_YES && (ch == 'n' || ch == 'N')) {
		ao_tui_resume_answered(t, 0);
		return AO_ACT_LAYOUT;
	}
	if (rc != KEY_CODE_YES && (ch == 'q' || ch == 'Q' || ch == 27))
		return AO_ACT_QUIT;
	return ao_choice_key(&st->ch, rc, ch) != AO_CHOICE_IGNORED ? AO_ACT_DRAW : AO_ACT_NONE;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "Drafts";
	*body = "The wizard saves your answers (never secrets) after every step, when the terminal hangs up "
	        "and when you quit, in $XDG_STATE_HOME/agent-onboard/ (mode 0600). Resume continues at the same "
	        "step; an interrupted submission is first looked up on the platform. Start agent-onboard with "
	        "--fresh to skip this question.";
}

static void *
enter(struct ao_tui *t)
{
	struct st *st = xcalloc(1, sizeof(*st));

	(void)t;
	ao_choice_init(&st->ch, 0);
	ao_choice_add(&st->ch, "Resume where you left off", 1);
	ao_choice_add(&st->ch, "Start afresh (discard the draft)", 0);
	return st;
}

static void
leave(struct ao_tui *t, void *p)
{
	(void)t;
	free(p);
}

const struct ao_screen_ops ao_scr_resume = {
	.name = "resume",
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.help = help,
};
