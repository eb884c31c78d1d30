/* SPDX-License-Identifier: MIT */
/* Step 1: the platform.  Shows the API URL, whether the keyring can be used
 * (and if not, the exact cause and the fix) and where the platform key
 * comes from -- all before the key field appears, so nobody types a secret
 * without knowing where it will be kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/paste.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/choice.h"
#include "agent-onboard/ui/form.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

#define LX 2
#define LW 14

enum focus { F_STORE, F_KEY };

struct st {
	struct ao_form *form;
	struct ao_choice_list store;
	int asking;          /* the key field is shown */
	int focus;
	int revealed;
	int store_y, key_y;
};

static int
asking(const struct ao_session *s)
{
	return s->key_state == AO_KS_NEEDED || (s->key_state == AO_KS_CHECKING && s->key_typed);
}

static int
row(int y, const char *label, const char *text, int role)
{
	ao_tui_put(y, LX, LW, label, AO_R_LABEL);
	return ao_tui_wrap(y, LX + LW + 1, COLS - LX - LW - 2, 4, text, role);
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	const char *msg = NULL;
	char buf[1024];
	int y = ao_tui_top(), role = AO_R_NORMAL;

	ao_tui_title(t, "Platform and API key");
	/* rows move as the state changes: repaint the area (unchanged cells
	 * cost nothing) */
	ao_tui_clear_rows(y, st->asking ? st->store_y : ao_tui_bottom());
	y += row(y, "API URL", s->api_url, AO_R_NORMAL);
	if (!s->g->demo)
		y += ao_tui_wrap(y, LX + LW + 1, COLS - LX - LW - 2, 1,
		                 "(change it with --api-url or SCOPE3_API_URL)", AO_R_DIM);
	y++;
	switch (s->kr_state) {
	case AO_KR_NOT_USED:
		y += row(y, "Keyring", "not used: the demo runs against the built-in simulator", AO_R_NORMAL);
		break;
	case AO_KR_UNKNOWN:
	case AO_KR_CHECKING:
		snprintf(buf, sizeof(buf), "%s checking the system keyring%s", ao_tui_spinner(t), ao_glyphs()->ellipsis);
		y += row(y, "Keyring", buf, AO_R_DIM);
		break;
	case AO_KR_OK:
		y += row(y, "Keyring", "available: secrets you choose to keep go to the system keyring (Secret Service)",
		         AO_R_OK);
		break;
	case AO_KR_UNAVAILABLE:
		if (strncmp(s->key_where, "SCOPE3_API_KEY ", 15) == 0) {
			/* the key does not need it: a note, not a warning with a fix */
			snprintf(buf, sizeof(buf), "not needed for the key (SCOPE3_API_KEY); unavailable (%s), so "
			         "credentials typed later are kept for this run only",
			         ao_keyring_cause_name(s->kr.cause));
			y += row(y, "Keyring", buf, AO_R_NORMAL);
			break;
		}
		snprintf(buf, sizeof(buf), "unavailable (%s)%s%s", ao_keyring_cause_name(s->kr.cause),
		         s->kr.detail[0] ? ": " : "", s->kr.detail);
		y += row(y, "Keyring", buf, AO_R_WARN);
		snprintf(buf, sizeof(buf), "Fix: %s. Nothing is ever written to a plain file.",
		         ao_keyring_cause_fix(s->kr.cause));
		y += ao_tui_wrap(y, LX + LW + 1, COLS - LX - LW - 2, 4, buf, AO_R_DIM);
		break;
	}
	switch (s->key_state) {
	case AO_KS_RESOLVING:
		snprintf(buf, sizeof(buf), "looking for it%s", ao_glyphs()->ellipsis);
		y += row(y, "API key", buf, AO_R_DIM);
		break;
	case AO_KS_NEEDED:
		y += row(y, "API key", s->kr_state == AO_KR_UNAVAILABLE
		         ? "not in SCOPE3_API_KEY, and the keyring cannot be asked: type it below (kept for this run "
		           "only), or quit (Ctrl-C) and set SCOPE3_API_KEY"
		         : "not in SCOPE3_API_KEY nor in the keyring: type it below",
		         AO_R_NORMAL);
		break;
	default:
		snprintf(buf, sizeof(buf), "from %s", s->key_where);
		y += row(y, "API key", buf, AO_R_NORMAL);
		break;
	}
	if (s->key_state == AO_KS_OK) {
		y += row(y, "Account", s->account != NULL ? s->account : "accepted", AO_R_OK);
	} else if (s->key_state == AO_KS_CHECKING) {
		snprintf(buf, sizeof(buf), "checking the key%s", ao_glyphs()->ellipsis);
		y += row(y, "Account", buf, AO_R_DIM);
	} else {
		ao_tui_put(y, 0, COLS, "", AO_R_NORMAL);
		y++;
	}
	if (st->asking) {
		ao_tui_put(st->store_y, LX, LW, "Keep the key", st->focus == F_STORE ? AO_R_FOCUS : AO_R_LABEL);
		ao_choice_draw(&st->store, st->focus == F_STORE);
		ao_tui_put(st->key_y, LX, LW, "API key", st->focus == F_KEY ? AO_R_FOCUS : AO_R_LABEL);
		mvaddch(st->key_y, LX + LW + 1, '[');
		mvaddch(st->key_y, COLS - 2, ']');
		ao_tui_clear_rows(st->key_y + 1, ao_tui_bottom());
	}
	if (s->key_error != NULL) {
		msg = s->key_error;
		role = AO_R_ERROR;
	} else if (s->key_state == AO_KS_OK) {
		msg = s->notice != NULL ? s->notice : "Press Enter to continue.";
		role = s->notice != NULL ? AO_R_WARN : AO_R_OK;
	} else if (s->notice != NULL) {
		msg = s->notice;
		role = AO_R_WARN;
	}
	ao_tui_message(t, role, msg);
	if (st->asking && st->focus == F_KEY)
		ao_tui_help_line(t, "Your Scope3 / Interchange API key. Hidden while typed (F2 shows it); sent only to "
		                    "the API URL above.");
	else if (st->asking)
		ao_tui_help_line(t, st->store.cursor == 0 && st->store.n > 1
		                    ? "The keyring keeps it for the next runs; `agent-onboard logout` removes it."
		                    : "Kept in memory and forgotten when agent-onboard exits.");
	else
		ao_tui_help_line(t, "The wizard checks the key with the platform before anything else.");
	{
		static const char *const k_ask[] = { "Tab", "next field", "Enter", "check key", "^R", "show key",
		                                     "^G", "help", "^C", "quit", NULL };
		static const char *const k_ok[] = { "Enter", "continue", "?", "help", "q", "quit", NULL };
		static const char *const k_wait[] = { "Esc", "cancel", "?", "help", "q", "quit", NULL };
		static const char *const k_retry[] = { "Enter", "try again", "?", "help", "q", "quit", NULL };

		ao_tui_keys(t, st->asking ? k_ask : s->key_state == AO_KS_OK ? k_ok
		                          : s->key_state == AO_KS_FAILED ? k_retry : k_wait);
	}
	ao_form_finish_draw(st->form);
}

static void
layout(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	struct ao_form_spec spec;
	char *typed = NULL;

	if (st->form != NULL)
		typed = ao_form_value(st->form, 0);
	ao_form_free(st->form);
	st->form = NULL;
	st->asking = asking(s);
	if (st->asking) {
		int selected = st->store.n > 0 ? ao_choice_selected(&st->store) : -1;

		ao_choice_init(&st->store, 0);
		if (s->kr_state == AO_KR_OK)
			ao_choice_add(&st->store, "in the system keyring", selected <= 0);
		ao_choice_add(&st->store, "in memory, for this run only",
		              s->kr_state != AO_KR_OK || selected == 1);
		st->key_y = ao_tui_bottom() - 1;
		st->store_y = st->key_y - 1 - st->store.n;
		ao_choice_place(&st->store, st->store_y, LX + LW + 1, COLS - LX - LW - 2, st->store.n);
		spec.y = st->key_y;
		spec.x = LX + LW + 2;
		spec.width = COLS - spec.x - 2;
		spec.value = typed;
		spec.secret = 1;
		spec.revealed = st->revealed;
		spec.max_chars = 4096;
		st->form = ao_form_new(&spec, 1);
		if (st->store.n < 2)
			st->focus = F_KEY;
		ao_form_focus(st->form, st->focus == F_KEY ? 0 : -1);
	}
	ao_secret_free(typed);
	draw(t, st);
}

static enum ao_act
submit_key(struct ao_tui *t, struct st *st)
{
	char *v = ao_form_value(st->form, 0);
	int sel = ao_choice_selected(&st->store);
	enum ao_key_store where = AO_STORE_MEMORY;

	if (st->store.n > 1 && sel == 0)
		where = AO_STORE_KEYRING;
	if (v[0] == '\0') {
		ao_secret_free(v);
		return AO_ACT_NONE;
	}
	ao_session_set_key(t->s, v, where);
	ao_secret_free(v);
	return AO_ACT_DRAW;
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	int enter = (rc != KEY_CODE_YES && (ch == '\r' || ch == '\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER);

	if (rc != KEY_CODE_YES && ch == 27)
		return AO_ACT_BACK;
	if (!st->asking) {
		if (enter && s->key_state == AO_KS_OK)
			return AO_ACT_NEXT;
		if (enter && s->key_state == AO_KS_FAILED) {
			ao_session_recheck_key(s);
			return AO_ACT_DRAW;
		}
		if (rc != KEY_CODE_YES && (ch == 'q' || ch == 'Q'))
			return AO_ACT_QUIT;
		if (rc != KEY_CODE_YES && ch == '?')
			return AO_ACT_HELP;
		return AO_ACT_NONE;
	}
	if ((rc != KEY_CODE_YES && ch == '\t') || (rc == KEY_CODE_YES && ch == KEY_BTAB)) {
		if (st->store.n > 1) {
			st->focus = st->focus == F_KEY ? F_STORE : F_KEY;
			ao_form_focus(st->form, st->focus == F_KEY ? 0 : -1);
		}
		return AO_ACT_DRAW;
	}
	if (rc == KEY_CODE_YES && ch == KEY_F(2)) {
		st->revealed = !st->revealed;
		return AO_ACT_LAYOUT;
	}
	if (st->focus == F_STORE) {
		if (enter) {
			st->focus = F_KEY;
			ao_form_focus(st->form, 0);
			return AO_ACT_DRAW;
		}
		switch (ao_choice_key(&st->store, rc, ch)) {
		case AO_CHOICE_EDGE_DOWN:
			st->focus = F_KEY;
			ao_form_focus(st->form, 0);
			return AO_ACT_DRAW;
		case AO_CHOICE_IGNORED:
			return rc != KEY_CODE_YES && ch == 'q' ? AO_ACT_QUIT : AO_ACT_NONE;
		default:
			return AO_ACT_DRAW;
		}
	}
	if (enter)
		return submit_key(t, st);
	if (rc == KEY_CODE_YES && ch == KEY_UP && st->store.n > 1) {
		st->focus = F_STORE;
		ao_form_focus(st->form, -1);
		return AO_ACT_DRAW;
	}
	return ao_form_key(st->form, rc, ch) != AO_FORM_IGNORED ? AO_ACT_DRAW : AO_ACT_NONE;
}

/* A pasted key goes into the key field, folded to one line (a copied
 * line brings its newline); it is never Enter, so the key is checked only
 * when Enter is pressed. */
static enum ao_act
paste(struct ao_tui *t, void *p, const char *text)
{
	struct st *st = p;
	char *line;

	(void)t;
	if (!st->asking || st->form == NULL)
		return AO_ACT_NONE;
	if (st->focus != F_KEY) {
		st->focus = F_KEY;
		ao_form_focus(st->form, 0);
	}
	line = ao_paste_one_line(text, NULL);
	ao_form_insert(st->form, line);
	ao_secret_free(line);
	return AO_ACT_DRAW;
}

static void
event(struct ao_tui *t, void *p, unsigned ev)
{
	struct st *st = p;

	if ((ev & (AO_EV_KEY | AO_EV_KEYRING)) && asking(t->s) != st->asking)
		t->need_layout = 1;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "Platform and API key";
	*body = "agent-onboard talks to the Scope3 / Interchange API with your API key. It looks for the key in "
	        "SCOPE3_API_KEY, then in the system keyring (one item per API URL). If you type it, you choose "
	        "where it is kept: the keyring (for the next runs; `agent-onboard logout` removes it) or memory "
	        "(forgotten on exit). When the keyring cannot be used the cause is shown with its fix; the key "
	        "is never written to a plain file.";
}

static void *
enter(struct ao_tui *t)
{
	struct st *st = xcalloc(1, sizeof(*st));

	(void)t;
	st->focus = F_KEY;
	return st;
}

static void
leave(struct ao_tui *t, void *p)
{
	struct st *st = p;

	(void)t;
	if (st == NULL)
		return;
	ao_form_free(st->form);
	free(st);
}

const struct ao_screen_ops ao_scr_platform = {
	.name = "platform",
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.event = event,
	.help = help,
	.paste = paste,
	.wants_ticks = 0,
};
