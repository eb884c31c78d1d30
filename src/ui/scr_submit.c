/* SPDX-License-Identifier: MIT */
/* Submitting (or, after a resume, checking whether an interrupted
 * submission arrived).  The screen stays live: spinner, elapsed time, and
 * Esc cancels the request (the draft then records whether it may have
 * reached the platform). */
#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

static void
draw(struct ao_tui *t, void *p)
{
	struct ao_session *s = t->s;
	char buf[512];
	int y = ao_tui_top() + 1;
	static const char *const keys[] = { "Esc", "cancel", "q", "quit", NULL };

	(void)p;
	ao_tui_title(t, s->busy == AO_BUSY_LOOKUP ? "Checking the platform" : "Submitting");
	if (s->busy != AO_BUSY_NONE) {
		snprintf(buf, sizeof(buf), "%s %s%s", ao_tui_spinner(t), ao_busy_label(s->busy), ao_glyphs()->ellipsis);
		ao_tui_put(y, 2, COLS - 4, buf, AO_R_NORMAL);
		snprintf(buf, sizeof(buf), "%.1f s", ao_session_busy_elapsed(s));
		ao_tui_put(y + 1, 4, COLS - 6, buf, AO_R_DIM);
	} else if (s->key_state != AO_KS_OK) {
		snprintf(buf, sizeof(buf), "%s Waiting for the platform key%s", ao_tui_spinner(t), ao_glyphs()->ellipsis);
		ao_tui_put(y, 2, COLS - 4, buf, AO_R_NORMAL);
		ao_tui_put(y + 1, 4, COLS - 6, "", AO_R_DIM);
	}
	ao_tui_wrap(y + 3, 2, COLS - 4, 4,
	            s->busy == AO_BUSY_LOOKUP
	            ? "The last submission was interrupted. The wizard asks the platform whether it arrived "
	              "before sending anything again, so the registration is never created twice."
	            : "The request is on its way. If the connection drops, the wizard looks the registration "
	              "up before trying again, so it is never created twice.",
	            AO_R_DIM);
	ao_tui_message(t, AO_R_WARN, s->notice);
	ao_tui_help_line(t, "Esc cancels the request; the screen stays usable while it runs.");
	ao_tui_keys(t, keys);
	curs_set(0);
}

static void
layout(struct ao_tui *t, void *p)
{
	draw(t, p);
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	(void)p;
	if (rc != KEY_CODE_YES && ch == 27) {
		ao_session_cancel(t->s);
		return AO_ACT_DRAW;
	}
	if (rc != KEY_CODE_YES && (ch == 'q' || ch == 'Q'))
		return AO_ACT_QUIT;
	return AO_ACT_NONE;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "Submitting";
	*body = "The registration is being sent. Esc cancels; when the request may already have reached the "
	        "platform, the next submission (or the next start, after a crash) looks it up first.";
}

const struct ao_screen_ops ao_scr_submit = {
	.name = "submit",
	.layout = layout,
	.draw = draw,
	.key = key,
	.help = help,
	.wants_ticks = 1,
};
