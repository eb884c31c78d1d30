/* SPDX-License-Identifier: MIT */
/* Waiting for the registration to leave PENDING: status, elapsed time,
 * time to the next check; r checks now, d detaches (prints the `status
 * --wait` command and exits with the PENDING code), a activates a partner
 * agent once its authentication is configured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

#define LX 2
#define LW 16

static void
fmt_duration(char *buf, size_t n, double secs)
{
	long s = (long)secs;

	if (s < 60)
		snprintf(buf, n, "%ld s", s);
	else
		snprintf(buf, n, "%ld min %02ld s", s / 60, s % 60);
}

static int
row(int y, const char *label, const char *value, int role)
{
	ao_tui_put(y, LX, LW, label, AO_R_LABEL);
	ao_tui_put(y, LX + LW, COLS - LX - LW - 1, value, role);
	return 1;
}

/* "12 s ago: PENDING": when the last check ended and what it found, so
 * that the user can tell a quiet screen from a stuck one. */
static void
last_check_text(const struct ao_session *s, char *buf, size_t n)
{
	char ago[32];
	double secs = ao_now() - s->last_check;

	if (s->last_check <= 0) {
		snprintf(buf, n, "%s", s->poll_call != NULL ? "the first check is running" : "none yet");
		return;
	}
	if (secs < 2)   /* long enough to be read, as a screen reader polls */
		snprintf(ago, sizeof(ago), "just now");
	else {
		fmt_duration(ago, sizeof(ago), secs);
		strncat(ago, " ago", sizeof(ago) - strlen(ago) - 1);
	}
	if (s->poll_error != NULL)
		snprintf(buf, n, "%s: failed: %s", ago, s->poll_error);
	else
		snprintf(buf, n, "%s: %s", ago, s->res.status_raw != NULL ? s->res.status_raw
		         : ao_reg_status_name(s->res.status));
}

int
ao_wait_status_rows(struct ao_tui *t, int y)
{
	struct ao_session *s = t->s;
	char buf[512], el[32], nx[32];
	double next = ao_session_next_check(s);
	int y0 = y;

	snprintf(buf, sizeof(buf), "%s %s%s%s%s", ao_kind_label(ao_answers_kind(&s->a)),
	         s->registered_id != NULL ? s->registered_id : "", ao_answers_has(&s->a, AO_F_NAME) ? " (" : "",
	         ao_answers_get(&s->a, AO_F_NAME), ao_answers_has(&s->a, AO_F_NAME) ? ")" : "");
	y += row(y, "Registered", buf, AO_R_NORMAL);
	y += row(y, "Status", s->res.status_raw != NULL ? s->res.status_raw
	                      : s->res.status != AO_ST_UNKNOWN ? ao_reg_status_name(s->res.status) : "checking",
	         s->res.status == AO_ST_ACTIVE ? AO_R_OK : AO_R_WARN);
	y += row(y, "Authentication", s->res.auth_configured == 1 ? "configured"
	                              : s->res.auth_configured == 0 ? "not configured yet" : "-", AO_R_NORMAL);
	fmt_duration(el, sizeof(el), ao_session_wait_elapsed(s));
	if (s->poll_call != NULL)
		snprintf(nx, sizeof(nx), "checking now %s", ao_tui_spinner(t));
	else if (next >= 0)
		snprintf(nx, sizeof(nx), "next check in %.0f s", next + 0.49);
	else
		snprintf(nx, sizeof(nx), "%s", "not checking");
	snprintf(buf, sizeof(buf), "%-12s %s", el, nx);
	y += row(y, "Waiting", buf, AO_R_NORMAL);
	last_check_text(s, buf, sizeof(buf));
	y += row(y, "Last check", buf, s->poll_error != NULL ? AO_R_ERROR : AO_R_NORMAL);
	return y - y0;
}

/* What r said, until the check it started (or found running) ends. */
struct st {
	char note[160];
	double asked;      /* when r was pressed */
};

static void *
enter(struct ao_tui *t)
{
	(void)t;
	return xcalloc(1, sizeof(struct st));
}

static void
leave(struct ao_tui *t, void *p)
{
	(void)t;
	free(p);
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	char buf[1024];
	int y = ao_tui_top();
	static const char *const keys[] = { "r", "check now", "d", "detach", "?", "help", "q", "quit", NULL };
	static const char *const keys_act[] = { "a", "activate", "r", "check now", "d", "detach", "?", "help",
	                                        "q", "quit", NULL };

	/* a check ended since r: its result is on the Last check row */
	if (st->note[0] != '\0' && s->last_check >= st->asked)
		st->note[0] = '\0';
	ao_tui_title(t, s->phase == AO_PH_ACTIVATE ? "Activate the agent" : "Waiting for activation");
	y += ao_wait_status_rows(t, y) + 1;
	if (s->phase == AO_PH_ACTIVATE)
		snprintf(buf, sizeof(buf), "Authentication is configured. Partner agents do not activate by themselves: "
		         "press a to activate it now (PATCH status ACTIVE), or d to leave it PENDING and activate "
		         "it later.");
	else if (s->res.kind == AO_KIND_AGENT)
		snprintf(buf, sizeof(buf), "Activation requested; waiting for the platform to report ACTIVE.");
	else
		snprintf(buf, sizeof(buf), "The platform activates the source by itself once it reaches your agent at %s "
		         "with the credential you gave. If it stays PENDING, check that the agent accepts that "
		         "credential; d leaves it to the platform and prints the command to follow it.",
		         ao_answers_get(&s->a, AO_F_ENDPOINT_URL));
	y += ao_tui_wrap(y, LX, COLS - 2 * LX, ao_tui_bottom() - y, buf, AO_R_NORMAL);
	ao_tui_clear_rows(y, ao_tui_bottom());
	if (st->note[0] != '\0')
		ao_tui_message(t, AO_R_OK, st->note);
	else
		ao_tui_message(t, AO_R_WARN, s->notice);
	ao_tui_help_line(t, "Checks every 1.5 s in the first minute, then less often (at most 30 per 10 minutes).");
	ao_tui_keys(t, s->phase == AO_PH_ACTIVATE ? keys_act : keys);
	curs_set(0);
}

static void
layout(struct ao_tui *t, void *p)
{
	draw(t, p);
}

void
ao_wait_detach(struct ao_tui *t)
{
	char *cmd = ao_session_status_command(t->s);
	char *msg, *url = NULL;

	/* still waiting for consent: the URL goes along, whole */
	if (t->s->phase == AO_PH_OAUTH && t->s->oauth_url != NULL)
		url = xasprintf("Approve access for the platform at this URL (in any browser):\n%s\n", t->s->oauth_url);
	ao_session_detach(t->s);
	if (t->s->g->demo)
		msg = xasprintf("agent-onboard: detached; %s %s is still PENDING. (The demo simulator stops with "
		                "this program.)\n%s", ao_kind_label(ao_answers_kind(&t->s->a)), t->s->registered_id,
		                url != NULL ? url : "");
	else
		msg = xasprintf("agent-onboard: detached; %s %s is still PENDING. Follow it with:\n  %s\n%s",
		                ao_kind_label(ao_answers_kind(&t->s->a)), t->s->registered_id, cmd,
		                url != NULL ? url : "");
	free(url);
	free(cmd);
	ao_tui_finish(t, AO_EXIT_PENDING, msg);
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;

	if (rc == KEY_CODE_YES)
		return AO_ACT_NONE;
	switch (ch) {
	case 'r':
	case 'R':
		switch (ao_session_check_now(t->s)) {
		case 1:
			snprintf(st->note, sizeof(st->note), "Checking now%s the result shows on the Last check line.",
			         ao_glyphs()->ellipsis);
			break;
		case 0:
			snprintf(st->note, sizeof(st->note), "A check is already running; its result shows on the "
			         "Last check line.");
			break;
		default:
			snprintf(st->note, sizeof(st->note), "Nothing to check now.");
			break;
		}
		st->asked = ao_now();
		return AO_ACT_DRAW;
	case 'd':
	case 'D':
		ao_wait_detach(t);
		return AO_ACT_EXIT;
	case 'a':
	case 'A':
		ao_session_activate(t->s);
		return AO_ACT_DRAW;
	case 'q':
	case 'Q':
		return AO_ACT_QUIT;
	default:
		return AO_ACT_NONE;
	}
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "Waiting";
	*body = "Storefront inventory sources activate by themselves once the platform reaches the agent with "
	        "the credential. Partner agents are activated by you (a) once authentication is configured. "
	        "r checks at once; d stops waiting and prints `agent-onboard status ID --wait`, which picks "
	        "up from here. Quitting keeps a draft, so the next start goes back to waiting.";
}

const struct ao_screen_ops ao_scr_wait = {
	.name = "wait",
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.help = help,
	.wants_ticks = 1,
};
