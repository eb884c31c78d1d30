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
	enum ao_load shown_state;   /* the explanation's state the text was built for */
};

static int
oauth_agent(const struct ao_session *s)
{
	return s->res.kind == AO_KIND_AGENT && strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "OAUTH") == 0;
}

/* Why it did not end ACTIVE (the status --explain explanation), and the
 * fixes offered here. */
static void
fill_explanation(struct ao_tui *t, struct st *st)
{
	struct ao_session *s = t->s;
	const struct ao_explanation *x = &s->explanation;
	char *ev, *line, *save = NULL;

	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
	if (s->explain_state == AO_LOAD_RUNNING) {
		ao_tv_add(&st->tv, AO_R_DIM, 0, "%s Asking the platform why (readiness, diagnostics, discovery test)%s",
		          ao_tui_spinner(t), ao_glyphs()->ellipsis);
		return;
	}
	if (s->explain_state != AO_LOAD_OK)
		return;
	ao_tv_add(&st->tv, AO_R_KEY, 0, "Why");
	ao_tv_add(&st->tv, AO_R_WARN, 2, "%s", x->verdict);
	ev = xstrdup(x->evidence);
	for (line = strtok_r(ev, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		ao_tv_add(&st->tv, AO_R_NORMAL, 4, "%s", line);
	free(ev);
	if (x->fix[0] != '\0')
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "Fix: %s", x->fix);
	if (ao_session_can_fix(s)) {
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
		ao_tv_add(&st->tv, AO_R_KEY, 0, "Fix it here, then wait again (nothing is created)");
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", "c  re-enter the credential (rotate it)");
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", "e  edit the endpoint");
		if (oauth_agent(s))
			ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", "o  re-authorize OAuth (a new consent URL)");
	}
}

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
		if (s->outcome_detail != NULL)
			ao_tv_add(&st->tv, AO_R_NORMAL, 0, "The platform says: %s", s->outcome_detail);
		fill_explanation(t, st);
		break;
	case AO_OUT_TIMEOUT:
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", s->outcome_detail != NULL ? s->outcome_detail : "");
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "Resume waiting with: %s", cmd);
		fill_explanation(t, st);
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
	static const char *const fix_keys[] = { "c", "credential", "e", "endpoint", "Enter", "exit", "?", "help", NULL };
	static const char *const oauth_keys[] = { "c", "credential", "e", "endpoint", "o", "re-authorize", "Enter",
	                                          "exit", "?", "help", NULL };
	int fixable = ao_session_can_fix(t->s) && t->s->explain_state != AO_LOAD_RUNNING;

	if (t->s->explain_state != st->shown_state) {
		/* the explanation arrived: the text is rebuilt */
		st->shown_state = t->s->explain_state;
		fill(t, st);
		ao_tv_place(&st->tv, ao_tui_top(), 2, COLS - 4, ao_tui_bottom() - ao_tui_top());
	}
	ao_tui_title(t, "Result");
	ao_tv_draw(&st->tv);
	ao_tui_message(t, AO_R_WARN, t->s->notice);
	ao_tui_help_line(t, "The summary is printed again when you exit.");
	ao_tui_keys(t, !fixable ? keys : oauth_agent(t->s) ? oauth_keys : fix_keys);
	curs_set(0);
}

static void
layout(struct ao_tui *t, void *p)
{
	struct st *st = p;

	st->shown_state = t->s->explain_state;
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
	else if (s->explain_state == AO_LOAD_OK)
		/* the same explanation as `status --explain`, kept in the scrollback */
		next = xasprintf("\n  Why: %s%s%s", s->explanation.verdict, s->explanation.fix[0] ? "\n  Fix: " : "",
		                 s->explanation.fix);
	else if (s->outcome == AO_OUT_DISABLED)
		next = xasprintf("\n  Next: `agent-onboard status %s --explain` says why.",
		                 s->registered_id != NULL ? s->registered_id : "ID");
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

	if (rc != KEY_CODE_YES && ao_session_can_fix(t->s) && t->s->explain_state != AO_LOAD_RUNNING) {
		if (ch == 'c' || ch == 'C') {
			ao_session_fix(t->s, AO_STEP_CREDENTIALS);
			return AO_ACT_DRAW;
		}
		if (ch == 'e' || ch == 'E') {
			ao_session_fix(t->s, AO_STEP_ENDPOINT);
			return AO_ACT_DRAW;
		}
		if ((ch == 'o' || ch == 'O') && oauth_agent(t->s)) {
			ao_session_reauthorize(t->s);
			return AO_ACT_DRAW;
		}
	}
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

static void *
enter(struct ao_tui *t)
{
	struct st *st = xcalloc(1, sizeof(*st));

	(void)t;
	ao_tv_init(&st->tv);
	return st;
}

static void
leave(struct ao_tui *t, void *p)
{
	struct st *st = p;

	(void)t;
	ao_tv_free(&st->tv);
	free(st);
}

const struct ao_screen_ops ao_scr_result = {
	.name = "result",
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.help = help,
};
