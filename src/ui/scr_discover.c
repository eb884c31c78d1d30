/* SPDX-License-Identifier: MIT */
/* "Find agents for my domain" (F4 / Ctrl-L on the endpoint step): a box
 * over the step that asks for the operator domain, looks it up with
 * discover-agents (session_discover.c) and lists what AgenticAdvertising.org
 * knows; Enter on one fills the endpoint (and protocol and agent type) and
 * closes the box.  It owns only the domain being typed and the list's
 * cursor; everything else is read from the session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/choice.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

#define DOMAIN_MAX 254

enum focus { ON_DOMAIN, ON_LIST };

struct st {
	char domain[DOMAIN_MAX + 1];
	enum focus focus;
	struct ao_choice_list ch;
	int built;                           /* ch shows the session's list */
	unsigned gen;                        /* s->discover_gen ch was built for */
	int y, x, h, w;
};

/* The choice list follows the session's answer. */
static void
sync_list(struct st *st, struct ao_session *s)
{
	size_t i;

	if (st->gen == s->discover_gen)
		return;
	st->gen = s->discover_gen;
	ao_choice_init(&st->ch, 0);
	st->built = s->discover_state == AO_LOAD_OK && s->discovered.count > 0;
	st->focus = st->built ? ON_LIST : ON_DOMAIN;
	if (!st->built)
		return;
	st->ch.move_selects = 1;
	for (i = 0; i < s->discovered.count && i < AO_CHOICE_MAX; i++)
		ao_choice_add(&st->ch, s->discovered.items[i].label, i == 0);
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	const struct ao_glyphs *g = ao_glyphs();
	char line[640];
	int y, list_rows, role = AO_R_NORMAL;
	const char *msg = NULL;

	sync_list(st, s);
	/* the whole screen but the title and keys bars: nothing of the step
	 * below shows through, and the keys bar is this box's */
	st->w = COLS;
	st->h = LINES - 2;
	st->x = 0;
	st->y = 1;
	ao_tui_frame(st->y, st->x, st->h, st->w, "Find agents for my domain");
	y = st->y + 1;
	ao_tui_wrap(y, st->x + 2, st->w - 4, 2, "AgenticAdvertising.org lists the agents registered for an "
	            "operator domain (the domain your agents run under). Pick one to fill the endpoint.", AO_R_DIM);
	y += 3;
	ao_tui_put(y, st->x + 2, 18, "Operator domain", st->focus == ON_DOMAIN ? AO_R_FOCUS : AO_R_LABEL);
	snprintf(line, sizeof(line), "[%s%s]", st->domain, st->focus == ON_DOMAIN ? "_" : "");
	ao_tui_put(y, st->x + 20, st->w - 22, line, AO_R_NORMAL);
	y += 2;
	if (s->busy == AO_BUSY_DISCOVER) {
		snprintf(line, sizeof(line), "%s Asking for the agents of %s%s  Esc cancels", ao_tui_spinner(t),
		         s->discover_domain != NULL ? s->discover_domain : "", g->ellipsis);
		msg = line;
	} else if (s->discover_error != NULL) {
		msg = s->discover_error;
		role = s->discover_state == AO_LOAD_OK ? AO_R_WARN : AO_R_ERROR;
	} else if (s->discover_state == AO_LOAD_OK) {
		snprintf(line, sizeof(line), "%zu agent%s for %s%s. Enter fills the endpoint with the one chosen.",
		         s->discovered.count, s->discovered.count == 1 ? "" : "s", s->discover_domain,
		         s->discovered.cut ? " (the first ones; the registry lists more)" : "");
		msg = line;
		role = AO_R_OK;
	} else {
		msg = "Enter looks the domain up.";
		role = AO_R_DIM;
	}
	ao_tui_wrap(y, st->x + 2, st->w - 4, 2, msg, role);
	y += 3;
	list_rows = st->y + st->h - 1 - y;
	if (st->built && list_rows > 0) {
		ao_choice_place(&st->ch, y, st->x + 1, st->w - 3, list_rows);
		ao_choice_draw(&st->ch, st->focus == ON_LIST);
	}
	if (st->built) {
		const char *keys[] = {"Enter", st->focus == ON_LIST ? "fill the endpoint" : "look up",
		                      "Tab", "domain / list", "Esc", "close", NULL};

		ao_tui_keys(t, keys);
	} else {
		const char *keys[] = {"Enter", "look up", "Esc", "close (type the URL instead)", NULL};

		ao_tui_keys(t, keys);
	}
}

static enum ao_act
domain_key(struct st *st, int rc, wint_t ch)
{
	size_t n = strlen(st->domain);

	if ((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) || (rc == OK && (ch == 127 || ch == 8))) {
		if (n > 0)
			st->domain[n - 1] = '\0';
		return AO_ACT_DRAW;
	}
	if (rc == OK && ch == 21) {   /* ^U */
		st->domain[0] = '\0';
		return AO_ACT_DRAW;
	}
	/* printable ASCII only: a domain in its xn-- form; the core's check
	 * says what is wrong with the rest */
	if (rc == OK && ch > ' ' && ch < 127 && n < DOMAIN_MAX) {
		st->domain[n] = (char)ch;
		st->domain[n + 1] = '\0';
		return AO_ACT_DRAW;
	}
	return AO_ACT_NONE;
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	int enter = (rc == OK && (ch == '\r' || ch == '\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER);

	sync_list(st, s);
	if (rc == OK && ch == 27) {
		if (s->busy == AO_BUSY_DISCOVER) {
			ao_session_cancel(s);
			return AO_ACT_DRAW;
		}
		return AO_ACT_BACK;
	}
	if (s->busy == AO_BUSY_DISCOVER)
		return AO_ACT_NONE;
	if (rc == OK && ch == '\t' && st->built) {
		st->focus = st->focus == ON_LIST ? ON_DOMAIN : ON_LIST;
		return AO_ACT_DRAW;
	}
	if (st->focus == ON_LIST) {
		if (enter) {
			int i = st->ch.cursor;

			ao_session_pick_discovered(s, (size_t)i);
			return AO_ACT_BACK;
		}
		switch (ao_choice_key(&st->ch, rc, ch)) {
		case AO_CHOICE_EDGE_UP:
			st->focus = ON_DOMAIN;
			return AO_ACT_DRAW;
		case AO_CHOICE_IGNORED:
			break;
		default:
			return AO_ACT_DRAW;
		}
		return AO_ACT_NONE;
	}
	if (enter) {
		ao_session_discover(s, st->domain);
		return AO_ACT_DRAW;
	}
	if (rc == KEY_CODE_YES && ch == KEY_DOWN && st->built) {
		st->focus = ON_LIST;
		return AO_ACT_DRAW;
	}
	return domain_key(st, rc, ch);
}

static void *
enter(struct ao_tui *t)
{
	struct st *st = xcalloc(1, sizeof(*st));

	ao_session_discover_guess(t->s, st->domain, sizeof(st->domain));
	ao_choice_init(&st->ch, 0);
	/* a list from an earlier look-up is shown again */
	st->gen = t->s->discover_gen - 1;
	sync_list(st, t->s);
	return st;
}

static void
leave(struct ao_tui *t, void *p)
{
	if (t->s->busy == AO_BUSY_DISCOVER)
		ao_session_cancel(t->s);
	free(p);
}

const struct ao_screen_ops ao_scr_discover = {
	.name = "discover",
	.enter = enter,
	.leave = leave,
	.layout = draw,
	.draw = draw,   /* the step below repaints under the box */
	.key = key,
};
