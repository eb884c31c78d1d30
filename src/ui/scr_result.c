/* SPDX-License-Identifier: MIT */
/* The end: ACTIVE (and what to do next), DISABLED (why, from the
 * response), still PENDING at the timeout (how to pick it up again), or a
 * failure.  Leaving prints the same summary on the normal screen, so it
 * stays in the scrollback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/textview.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

struct st {
	struct ao_textview tv;
};

static void
fill(struct ao_tui *t, struct st *st)
{
	struct ao_session *s = t->s;
	enum ao_kind kind = ao_answers_kind(&s->a);
	char *cmd = ao_session_status_command(s);
	const char *id = s->registered_id != NULL ? s->registered_id : "?";

	ao_tv_clear(&st->tv);
	ao_tv_add(&st->tv, s->outcome == AO_OUT_ACTIVE ? AO_R_OK : s->outcome == AO_OUT_TIMEOUT ? AO_R_WARN
	                                                                                   : AO_R_ERROR,
	          0, "%s", ao_session_outcome_title(s));
	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s %s (\"%s\") at %s", ao_kind_label(kind), id,
	          ao_answers_get(&s->a, AO_F_NAME), ao_answers_get(&s->a, AO_F_ENDPOINT_URL));
	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
	switch (s->outcome) {
	case AO_OUT_ACTIVE:
		ao_tv_add(&st->tv, AO_R_KEY, 0, "What next");
		if (kind == AO_KIND_SOURCE) {
			ao_tv_add(&st->tv, AO_R_NORMAL, 2, "- The storefront can sell through this agent once its readiness "
			          "checks pass (billing, currency): see GET /api/v2/storefront/readiness.");
		} else {
			ao_tv_add(&st->tv, AO_R_NORMAL, 2, "- Buyers can now find the agent; accounts are managed in the "
			          "platform.");
		}
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "- `agent-onboard status %s` shows it; `agent-onboard list` shows "
		          "all your registrations.", id);
		if (s->g->demo)
			ao_tv_add(&st->tv, AO_R_DIM, 2, "%s", "- The demo's simulator stops when the wizard exits, and "
			          "this registration with it: try these commands against `agent-onboard sandbox` "
			          "(with --api-url its URL).");
		break;
	case AO_OUT_DISABLED:
		ao_tv_add(&st->tv, AO_R_KEY, 0, "Why");
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", s->outcome_detail != NULL ? s->outcome_detail
		          : "The platform did not say. It disables a registration when it keeps failing to reach the "
		            "agent with the credential (or AAO compliance checks fail).");
		ao_tv_add(&st->tv, AO_R_KEY, 0, "What to do");
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "Check that the agent answers at its endpoint with the credential "
		          "(`agent-onboard probe %s --protocol %s`), then re-enable it on the platform.",
		          ao_answers_get(&s->a, AO_F_ENDPOINT_URL), ao_answers_get(&s->a, AO_F_PROTOCOL));
		break;
	case AO_OUT_TIMEOUT:
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", s->outcome_detail != NULL ? s->outcome_detail : "");
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "Resume waiting with: %s", cmd);
		break;
	default:
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", s->outcome_detail != NULL ? s->outcome_detail : "");
		break;
	}
	free(cmd);
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	static const char *const keys[] = { "Enter", "exit", "?", "help", NULL };
	static const char *const keys_more[] = { "Enter", "exit", "PgUp/Dn", "scroll", "?", "help", NULL };

	ao_tui_title(t, "Result");
	ao_tv_draw(&st->tv);
	ao_tui_message(t, AO_R_WARN, t->s->notice);
	/* a small window cuts the result: say there is more, never hide it */
	ao_tui_help_line(t, ao_tv_more(&st->tv) ? "There is more: PgDn and the arrows scroll. The summary is printed "
	                                          "again when you exit."
	                                        : "The summary is printed again when you exit.");
	ao_tui_keys(t, ao_tv_more(&st->tv) ? keys_more : keys);
	curs_set(0);
}

static void
layout(struct ao_tui *t, void *p)
{
	struct st *st = p;

	fill(t, st);
	ao_tv_place(&st->tv, ao_tui_top(), 2, COLS - 4, ao_tui_bottom() - ao_tui_top());
	draw(t, st);
}

static char *
summary(struct ao_tui *t)
{
	struct ao_session *s = t->s;
	char *cmd = ao_session_status_command(s), *out, *next = NULL;

	/* what the result screen says to do next, kept in the scrollback */
	if (s->outcome == AO_OUT_ACTIVE)
		next = xasprintf("\n  Next: `agent-onboard status %s` shows it; `agent-onboard list` shows all your "
		                 "registrations.%s", s->registered_id != NULL ? s->registered_id : "ID",
		                 s->g->demo ? " (The demo's simulator has stopped: try them against `agent-onboard "
		                              "sandbox`.)" : "");
	else if (s->outcome == AO_OUT_DISABLED)
		next = xasprintf("\n  Next: check the agent with `agent-onboard probe %s --protocol %s`, then "
		                 "re-enable it on the platform.", ao_answers_get(&s->a, AO_F_ENDPOINT_URL),
		                 ao_answers_get(&s->a, AO_F_PROTOCOL));
	out = xasprintf("agent-onboard: %s: %s %s (\"%s\").%s%s%s%s%s\n", ao_session_outcome_title(s),
	                ao_kind_label(ao_answers_kind(&s->a)), s->registered_id != NULL ? s->registered_id : "?",
	                ao_answers_get(&s->a, AO_F_NAME),
	                s->outcome_detail != NULL ? "\n  " : "", s->outcome_detail != NULL ? s->outcome_detail : "",
	                s->outcome == AO_OUT_TIMEOUT ? "\n  Resume waiting with: " : "",
	                s->outcome == AO_OUT_TIMEOUT ? cmd : "", next != NULL ? next : "");
	free(next);
	free(cmd);
	return out;
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;

	if ((rc != KEY_CODE_YES && (ch == '\r' || ch == '\n' || ch == 'q' || ch == 'Q' || ch == 27)) ||
	    (rc == KEY_CODE_YES && ch == KEY_ENTER)) {
		ao_tui_finish(t, ao_session_exit_code(t->s), summary(t));
		return AO_ACT_EXIT;
	}
	return ao_tv_key(&st->tv, rc, ch) ? AO_ACT_DRAW : AO_ACT_NONE;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "Result";
	*body = "Exit codes: 0 ACTIVE, 6 still PENDING (timeout or detached), 7 DISABLED. The draft was removed: "
	        "the registration is on the platform now.";
}

const struct ao_screen_ops ao_scr_result = {
	.name = "result",
	.enter = ao_tv_screen_enter,   /* the state is the text view (struct st) */
	.leave = ao_tv_screen_leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.help = help,
};
