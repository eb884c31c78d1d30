/* SPDX-License-Identifier: MIT */
/* The question steps (what to register, partner, name and id, agent type
 * and protocol, endpoint, authentication, credentials, details), generic
 * over the field table: each visible field of the step (core/steps.h) is a
 * row, a text field (form.c) or a choice list (choice.c), labelled from
 * ao_field_info.  Every edit goes straight into the session, so back
 * navigation, resize and SIGHUP lose nothing; rows are rebuilt from the
 * session whenever the layout changes (a choice can show or hide fields:
 * POLLING adds the cadence). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/paste.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/sandbox/sandbox.h"
#include "agent-onboard/ui/choice.h"
#include "agent-onboard/ui/form.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

#define LABEL_X 2
#define LABEL_W 20
#define SLUG_DELAY 0.3
/* typing paused this long on the endpoint or credentials step: test the
 * connection in the background */
#define PROBE_DELAY 0.8
/* More partner seats than the digit keys can pick: typing searches them by
 * name (or id) instead. */
#define PARTNER_SEARCH_FROM 10

enum row_kind { ROW_TEXT, ROW_CHOICE, ROW_NOTE };

struct row {
	enum ao_field field;
	enum row_kind kind;
	int form_index;
	struct ao_choice_list ch;
	const char *value[AO_CHOICE_MAX];     /* canonical value per item; NULL = not set */
	const char *help[AO_CHOICE_MAX];
	int y, h;
};

struct st {
	enum ao_step step;
	struct row rows[AO_FIELD_COUNT];
	int nrows;
	enum ao_field focus;
	struct ao_form *form;
	int dirty[AO_FIELD_COUNT];           /* edited: its problems are shown */
	int show_all;                        /* Next was refused: show every problem */
	int revealed[AO_FIELD_COUNT];
	char *partner_labels[AO_CHOICE_MAX];
	int extra_y;                         /* first row below the fields (probe results) */
	unsigned slug_timer;
	unsigned probe_timer;
	struct ao_tui *t;
	char err[AO_MSG_MAX];
	char note[256];                      /* what became of a paste; cleared by the next key */
	char partner_search[64];             /* typed to narrow a long partner list */
	size_t partner_matches;              /* seats matching it */
};

static struct row *
row_of(struct st *st, enum ao_field f)
{
	int i;

	for (i = 0; i < st->nrows; i++)
		if (st->rows[i].field == f)
			return &st->rows[i];
	return NULL;
}

static int
row_index(struct st *st, enum ao_field f)
{
	int i;

	for (i = 0; i < st->nrows; i++)
		if (st->rows[i].field == f)
			return i;
	return -1;
}

static void
free_partner_labels(struct st *st)
{
	int i;

	for (i = 0; i < AO_CHOICE_MAX; i++) {
		free(st->partner_labels[i]);
		st->partner_labels[i] = NULL;
	}
}

static int
partner_search_on(const struct ao_session *s)
{
	return s->partners_state == AO_LOAD_OK && s->partners.count >= PARTNER_SEARCH_FROM;
}

/* needle in hay, ASCII letters without case (names are UTF-8: other bytes
 * compare as they are) */
static int
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (hay == NULL)
		return 0;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++)
			if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return n == 0;
}

static int
chose_listed(const struct row *r, const char *cur)
{
	int i;

	for (i = 0; i < r->ch.n; i++)
		if (r->value[i] != NULL && strcmp(r->value[i], cur) == 0)
			return 1;
	return 0;
}

/* The partner list as a choice list (the seats matching the search, when
 * there are many); a text field when it is unavailable. */
static void
build_partner_row(struct st *st, struct ao_session *s, struct row *r)
{
	const char *cur = ao_answers_get(&s->a, AO_F_PARTNER_ID);
	size_t i, k = 0;

	if (s->partners_state != AO_LOAD_OK || s->partners.count == 0) {
		r->kind = s->partners_state == AO_LOAD_RUNNING ? ROW_NOTE : ROW_TEXT;
		return;
	}
	r->kind = ROW_CHOICE;
	ao_choice_init(&r->ch, 0);
	free_partner_labels(st);
	st->partner_matches = 0;
	for (i = 0; i < s->partners.count; i++) {
		const struct ao_partner *p = &s->partners.items[i];
		int chosen = p->id != NULL && strcmp(p->id, cur) == 0;

		if (partner_search_on(s) && !contains_nocase(p->name, st->partner_search) &&
		    !contains_nocase(p->id, st->partner_search))
			continue;
		st->partner_matches++;
		/* the list holds AO_CHOICE_MAX: the last place is kept for the
		 * chosen seat, so coming back shows what was chosen */
		if (k == AO_CHOICE_MAX || (k == AO_CHOICE_MAX - 1 && !chosen && cur[0] != '\0' && !chose_listed(r, cur)))
			continue;
		st->partner_labels[k] = xasprintf("%s (%s)", p->name != NULL ? p->name : "?", p->id != NULL ? p->id : "?");
		r->value[k] = p->id;
		r->help[k] = p->description;
		ao_choice_add(&r->ch, st->partner_labels[k], chosen);
		k++;
	}
}

/* Typing on a long partner list: letters, digits and punctuation narrow
 * it, Backspace widens it, Esc clears it.  Returns AO_ACT_NONE when the
 * key is not for the search. */
static enum ao_act
partner_search_key(struct st *st, struct ao_session *s, int rc, wint_t ch)
{
	size_t n = strlen(st->partner_search);

	if (!partner_search_on(s) || rc == KEY_CODE_YES) {
		if (rc == KEY_CODE_YES && ch == KEY_BACKSPACE && partner_search_on(s) && n > 0) {
			st->partner_search[n - 1] = '\0';
			return AO_ACT_LAYOUT;
		}
		return AO_ACT_NONE;
	}
	if ((ch == 127 || ch == 8) && n > 0) {
		st->partner_search[n - 1] = '\0';
		return AO_ACT_LAYOUT;
	}
	if (ch == 21 && n > 0) {   /* ^U */
		st->partner_search[0] = '\0';
		return AO_ACT_LAYOUT;
	}
	if (ch == 27 && n > 0) {
		st->partner_search[0] = '\0';
		return AO_ACT_LAYOUT;
	}
	if (ch > ' ' && ch < 127 && n + 1 < sizeof(st->partner_search)) {
		st->partner_search[n] = (char)ch;
		st->partner_search[n + 1] = '\0';
		return AO_ACT_LAYOUT;
	}
	if (ch == ' ' && n > 0 && n + 1 < sizeof(st->partner_search)) {
		/* a space inside a name; a first space still picks */
		st->partner_search[n] = ' ';
		st->partner_search[n + 1] = '\0';
		return AO_ACT_LAYOUT;
	}
	return AO_ACT_NONE;
}

static void
build_rows(struct st *st, struct ao_session *s)
{
	enum ao_field fields[AO_FIELD_COUNT];
	size_t n = ao_step_fields(&s->a, st->step, fields, AO_FIELD_COUNT), i;
	const struct ao_choice *ch[AO_CHOICE_MAX];
	size_t k, nc;

	st->nrows = 0;
	for (i = 0; i < n; i++) {
		const struct ao_field_info *fi = ao_field_info(fields[i]);
		struct row *r = &st->rows[st->nrows++];
		const char *cur = ao_answers_get(&s->a, fields[i]);

		memset(r, 0, sizeof(*r));
		r->field = fields[i];
		r->form_index = -1;
		if (fields[i] == AO_F_PARTNER_ID) {
			build_partner_row(st, s, r);
			continue;
		}
		if (!(fi->flags & (AO_FF_CHOICE | AO_FF_MULTI))) {
			r->kind = ROW_TEXT;
			continue;
		}
		r->kind = ROW_CHOICE;
		ao_choice_init(&r->ch, (fi->flags & AO_FF_MULTI) != 0);
		nc = ao_field_choices(&s->a, fields[i], ch, AO_CHOICE_MAX - 1);
		/* an optional single choice can be left unset */
		if (!(fi->flags & AO_FF_MULTI) && ao_field_relevance(&s->a, fields[i]) == AO_OPTIONAL) {
			r->value[r->ch.n] = NULL;
			r->help[r->ch.n] = "Leave it unset: nothing is sent for this field.";
			ao_choice_add(&r->ch, "Not set", cur[0] == '\0');
		}
		for (k = 0; k < nc; k++) {
			int sel = (fi->flags & AO_FF_MULTI) ? ao_multi_contains(cur, ch[k]->value)
			                                    : strcmp(cur, ch[k]->value) == 0;

			r->value[r->ch.n] = ch[k]->value;
			r->help[r->ch.n] = ch[k]->help;
			ao_choice_add(&r->ch, ch[k]->label, sel);
		}
	}
	if (row_of(st, st->focus) == NULL)
		st->focus = st->nrows > 0 ? st->rows[0].field : AO_FIELD_COUNT;
}

/* ---- syncing widgets and the session ------------------------------------------ */

static void probe_later(struct st *st, struct ao_session *s);

static void
sync_text(struct st *st, struct ao_session *s, struct row *r)
{
	char *v;

	if (st->form == NULL || r->form_index < 0)
		return;
	v = ao_form_value(st->form, r->form_index);
	ao_session_set(s, r->field, v);
	if (ao_field_info(r->field)->flags & AO_FF_SECRET)
		ao_secret_free(v);
	else
		free(v);
}


/* Writes a choice list's selection into the session; returns 1 when the
 * step's visible fields changed (layout needed). */
static int
sync_choice(struct st *st, struct ao_session *s, struct row *r)
{
	enum ao_field before[AO_FIELD_COUNT], after[AO_FIELD_COUNT];
	size_t nb = ao_step_fields(&s->a, st->step, before, AO_FIELD_COUNT), na;
	int i;

	if (r->ch.multi) {
		char buf[512] = "";

		for (i = 0; i < r->ch.n; i++) {
			if (!r->ch.selected[i] || r->value[i] == NULL)
				continue;
			if (buf[0])
				strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
			strncat(buf, r->value[i], sizeof(buf) - strlen(buf) - 1);
		}
		ao_session_set(s, r->field, buf);
	} else {
		i = ao_choice_selected(&r->ch);
		ao_session_set(s, r->field, i >= 0 ? r->value[i] : NULL);
	}
	st->dirty[r->field] = 1;
	probe_later(st, s);
	na = ao_step_fields(&s->a, st->step, after, AO_FIELD_COUNT);
	return na != nb || memcmp(before, after, na * sizeof(after[0])) != 0;
}

/* ---- layout and drawing ---------------------------------------------------------- */

static int
value_x(void)
{
	return LABEL_X + LABEL_W + 1;
}

static void
focus_form(struct st *st)
{
	struct row *r = row_of(st, st->focus);

	ao_form_focus(st->form, r != NULL && r->kind == ROW_TEXT ? r->form_index : -1);
}

static void
layout(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	struct ao_form_spec specs[AO_FIELD_COUNT];
	int top = ao_tui_top(), bottom = ao_tui_bottom(), avail, need = 0, gap, y, i, nspec = 0;
	int vx = value_x(), vw = COLS - vx - 3, list_rows;

	ao_form_free(st->form);
	st->form = NULL;
	build_rows(st, s);
	avail = bottom - top;
	for (i = 0; i < st->nrows; i++) {
		st->rows[i].h = st->rows[i].kind == ROW_CHOICE ? st->rows[i].ch.n : 1;
		need += st->rows[i].h;
	}
	/* a long list (partners) gets what the other rows leave */
	if (need > avail) {
		for (i = 0; i < st->nrows; i++) {
			if (st->rows[i].kind != ROW_CHOICE)
				continue;
			list_rows = avail - (need - st->rows[i].h);
			if (list_rows < 2)
				list_rows = 2;
			if (list_rows < st->rows[i].h) {
				need -= st->rows[i].h - list_rows;
				st->rows[i].h = list_rows;
			}
		}
	}
	gap = need + st->nrows - 1 <= avail - 2 ? 1 : 0;
	y = top;
	for (i = 0; i < st->nrows; i++) {
		struct row *r = &st->rows[i];

		r->y = y;
		if (r->kind == ROW_TEXT && y < bottom) {
			specs[nspec].y = y;
			specs[nspec].x = vx + 1;
			specs[nspec].width = vw;
			specs[nspec].value = ao_answers_get(&s->a, r->field);
			specs[nspec].secret = (ao_field_info(r->field)->flags & AO_FF_SECRET) != 0;
			specs[nspec].revealed = st->revealed[r->field];
			specs[nspec].max_chars = (int)ao_field_info(r->field)->max_chars;
			r->form_index = nspec++;
		} else if (r->kind == ROW_CHOICE) {
			ao_choice_place(&r->ch, y, vx, COLS - vx - 1, r->h);
		}
		y += r->h + gap;
	}
	st->extra_y = y;
	if (nspec > 0) {
		st->form = ao_form_new(specs, (size_t)nspec);
	}
	focus_form(st);
	t->screen->draw(t, st);
}

static int
shows_problem(struct st *st, struct ao_session *s, enum ao_field f)
{
	/* the id follows the name: a name that gives no usable id is the id's
	 * problem as soon as the name was typed */
	return st->show_all || st->dirty[f] || s->server_error[f] != NULL ||
	       (f == AO_F_SOURCE_ID && st->dirty[AO_F_NAME]);
}

static void
draw_probe(struct ao_tui *t, struct st *st)
{
	const struct ao_session *s = t->s;
	const struct ao_probe_result *pr = &s->probe;
	const struct ao_glyphs *g = ao_glyphs();
	int y = st->extra_y, bottom = ao_tui_bottom(), c;
	char line[640];

	ao_tui_clear_rows(y, bottom);
	if (y >= bottom || s->probe_step != st->step)
		return;
	if (s->probe_state == AO_LOAD_RUNNING && s->probe_background && ao_session_probe_current(s)) {
		snprintf(line, sizeof(line), "Test connection: testing in the background%s (keep typing)", g->ellipsis);
		ao_tui_wrap(y, LABEL_X, COLS - 4, bottom - y, line, AO_R_DIM);
		return;
	}
	/* a result for values since changed would describe something else */
	if (s->probe_state != AO_LOAD_OK || !ao_session_probe_current(s))
		return;
	if (s->probe_without_auth && (pr->outcome == AO_PROBE_AUTH_REQUIRED || pr->outcome == AO_PROBE_AUTH_REJECTED))
		/* nothing was chosen yet: asking for a credential is expected */
		y += ao_tui_wrap(y, LABEL_X, COLS - 4, bottom - y, "Test connection: the agent answers and asks for a "
		                 "credential; choose how it authenticates in the next steps.", AO_R_OK);
	else {
		snprintf(line, sizeof(line), "Test connection: %s", pr->message);
		y += ao_tui_wrap(y, LABEL_X, COLS - 4, bottom - y, line,
		                 pr->outcome == AO_PROBE_OK ? AO_R_OK : AO_R_ERROR);
	}
	for (c = 0; c < AO_CHECK_COUNT && y < bottom; c++) {
		const struct ao_probe_check *ck = &pr->checks[c];
		const char *mark;
		int role;

		if (ck->state == AO_CHECK_NOT_RUN)
			continue;
		mark = ck->state == AO_CHECK_PASS ? g->ok : ck->state == AO_CHECK_WARN ? g->warn
		       : ck->state == AO_CHECK_FAIL ? g->fail : g->skip;
		role = ck->state == AO_CHECK_PASS ? AO_R_OK : ck->state == AO_CHECK_SKIP ? AO_R_DIM
		       : ck->state == AO_CHECK_WARN ? AO_R_WARN : AO_R_ERROR;
		ao_tui_put(y, LABEL_X + 1, 3, mark, role);
		snprintf(line, sizeof(line), "%-11s %s", ao_probe_check_label((enum ao_probe_check_id)c), ck->detail);
		ao_tui_put(y, LABEL_X + 4, COLS - LABEL_X - 6, line, AO_R_NORMAL);
		y++;
	}
	if (pr->fix[0] != '\0' && y < bottom)
		ao_tui_wrap(y, LABEL_X + 1, COLS - 5, bottom - y, pr->fix, AO_R_DIM);
}

static const char *
focused_help(struct st *st, struct ao_session *s, char *buf, size_t bufsz)
{
	struct row *r = row_of(st, st->focus);
	const struct ao_field_info *fi;

	if (r == NULL)
		return "";
	fi = ao_field_info(r->field);
	if (r->field == AO_F_PARTNER_ID && r->kind == ROW_CHOICE && partner_search_on(s)) {
		if (st->partner_search[0] == '\0')
			snprintf(buf, bufsz, "%zu seats%s: type part of a name to search; Up/Down choose.",
			         s->partners.count, s->partners.count > AO_CHOICE_MAX ? " (the first ones listed)" : "");
		else if (st->partner_matches == 0)
			snprintf(buf, bufsz, "Search \"%s\": no seat matches (of %zu). Backspace or Esc widens the "
			         "search.", st->partner_search, s->partners.count);
		else
			snprintf(buf, bufsz, "Search \"%s\": %zu of %zu seats%s. Backspace widens, Esc clears.",
			         st->partner_search, st->partner_matches, s->partners.count,
			         st->partner_matches > AO_CHOICE_MAX ? " (type more to see the rest)" : "");
		if (r->ch.n > 0 && r->help[r->ch.cursor] != NULL) {
			size_t used = strlen(buf);

			snprintf(buf + used, bufsz - used, " %s: %s", r->ch.label[r->ch.cursor], r->help[r->ch.cursor]);
		}
		return buf;
	}
	if (r->kind == ROW_CHOICE && r->ch.n > 0 && r->help[r->ch.cursor] != NULL) {
		snprintf(buf, bufsz, "%s: %s", r->ch.label[r->ch.cursor], r->help[r->ch.cursor]);
		return buf;
	}
	if (s->a.editing && r->field >= AO_F_API_KEY_TYPE && r->field <= AO_F_JWT_ENVIRONMENT &&
	    strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), s->a.stored_auth) == 0) {
		snprintf(buf, bufsz, "%s Leave every credential field empty to keep the current credential (the "
		         "platform never shows it); fill them in to replace it.", fi->help);
		return buf;
	}
	if (r->field == AO_F_SOURCE_ID) {
		snprintf(buf, bufsz, "%s %s", fi->help,
		         s->source_id_auto ? "It follows the name until you edit it."
		                           : "Edited by hand; empty uses the slug of the name.");
		return buf;
	}
	if (r->field == AO_F_PARTNER_ID && r->kind == ROW_TEXT && s->partners_error != NULL) {
		snprintf(buf, bufsz, "The partner list could not be loaded (%s). Type the partner id, or F5 to retry.",
		         s->partners_error);
		return buf;
	}
	if (s->g->demo && (r->field == AO_F_ENDPOINT_URL || r->field == AO_F_API_TOKEN ||
	                   r->field == AO_F_BASIC_USERNAME || r->field == AO_F_BASIC_PASSWORD)) {
		snprintf(buf, bufsz, "Demo agents on the simulator: /demo/mcp and /demo/a2a (token %s), /demo/mcp-basic "
		         "(%s / %s), /demo/mcp-open (no auth), /demo/mcp-oauth (OAuth).", AO_SANDBOX_AGENT_TOKEN,
		         AO_SANDBOX_AGENT_USER, AO_SANDBOX_AGENT_PASSWORD);
		return buf;
	}
	if (ao_field_relevance(&s->a, r->field) == AO_OPTIONAL) {
		snprintf(buf, bufsz, "%s (optional)", fi->help);
		return buf;
	}
	return fi->help;
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	struct row *fr = row_of(st, st->focus);
	const struct ao_glyphs *g = ao_glyphs();
	const char *msg = NULL;
	char help[768], lbl[64];
	int i, msg_role = AO_R_ERROR, vx = value_x(), vw = COLS - vx - 3;
	int text_focus = fr != NULL && fr->kind == ROW_TEXT;
	int secret_focus = text_focus && (ao_field_info(fr->field)->flags & AO_FF_SECRET);
	int can_test = st->step == AO_STEP_ENDPOINT || st->step == AO_STEP_CREDENTIALS;
	/* letters go to the partner search: quit and help as in a text field */
	int typing = text_focus || (fr != NULL && fr->field == AO_F_PARTNER_ID && fr->kind == ROW_CHOICE &&
	                            partner_search_on(s));

	ao_tui_title(t, ao_step_title(st->step));
	for (i = 0; i < st->nrows; i++) {
		struct row *r = &st->rows[i];
		const struct ao_field_info *fi = ao_field_info(r->field);
		int bad = shows_problem(st, s, r->field) &&
		          ao_session_field_error(s, r->field, st->err, sizeof(st->err)) != NULL;

		if (r->y >= ao_tui_bottom())
			break;
		ao_tui_put(r->y, 0, LABEL_X, bad ? g->warn : "", AO_R_ERROR);
		snprintf(lbl, sizeof(lbl), "%s", fi->label);
		ao_tui_put(r->y, LABEL_X, LABEL_W, lbl, r->field == st->focus ? AO_R_FOCUS : AO_R_LABEL);
		if (r->kind == ROW_TEXT) {
			mvaddch(r->y, vx, '[');
			mvaddch(r->y, vx + 1 + vw, ']');
		} else if (r->kind == ROW_CHOICE) {
			ao_choice_draw(&r->ch, r->field == st->focus);
		} else {
			snprintf(help, sizeof(help), "%s Loading%s", ao_tui_spinner(t), g->ellipsis);
			ao_tui_put(r->y, vx, COLS - vx - 1, help, AO_R_DIM);
		}
	}
	if (can_test)
		draw_probe(t, st);
	if (fr != NULL && shows_problem(st, s, fr->field))
		msg = ao_session_field_error(s, fr->field, st->err, sizeof(st->err));
	if (msg == NULL && fr != NULL && s->trimmed[fr->field]) {
		msg = "The spaces around the URL were removed (a URL never has them); the review shows it as it "
		      "will be sent.";
		msg_role = AO_R_WARN;
	}
	if (msg == NULL && st->note[0] != '\0') {
		msg = st->note;
		msg_role = AO_R_WARN;
	}
	if (msg == NULL && s->notice != NULL) {
		msg = s->notice;
		msg_role = AO_R_WARN;
	}
	ao_tui_message(t, msg_role, msg);
	ao_tui_help_line(t, focused_help(st, s, help, sizeof(help)));
	{
		const char *keys[24];
		int k = 0;

		keys[k++] = "Tab";
		keys[k++] = "next field";
		if (!text_focus) {
			keys[k++] = g->updown;
			keys[k++] = fr != NULL && fr->ch.multi ? "move  Space toggle" : "choose";
		}
		keys[k++] = "Enter";
		keys[k++] = "next";
		keys[k++] = "Esc";
		keys[k++] = "back";
		/* letters, not F-keys, which many laptops and web terminals cannot
		 * send (F1, F2 and F5 still work) */
		keys[k++] = typing ? "^G" : "?";
		keys[k++] = "help";
		if (secret_focus) {
			keys[k++] = "^R";
			keys[k++] = ao_form_revealed(st->form, fr->form_index) ? "hide" : "show";
		}
		if (can_test) {
			keys[k++] = "^T";
			keys[k++] = "test";
		}
		if (st->step == AO_STEP_ENDPOINT) {
			keys[k++] = "^L";
			keys[k++] = "find";
		}
		if (fr != NULL && fr->field == AO_F_PARTNER_ID && fr->kind == ROW_TEXT) {
			keys[k++] = "^T";
			keys[k++] = "retry";
		}
		keys[k++] = typing ? "^C" : "q";
		keys[k++] = "quit";
		keys[k] = NULL;
		ao_tui_keys(t, keys);
	}
	ao_form_finish_draw(st->form);
	if (fr != NULL && fr->kind == ROW_CHOICE)
		ao_choice_place_cursor(&fr->ch);
}

/* ---- keys ------------------------------------------------------------------------ */

static void
slug_tick(struct ao_loop *loop, void *arg)
{
	struct st *st = arg;
	struct row *r = row_of(st, AO_F_SOURCE_ID);

	(void)loop;
	st->slug_timer = 0;
	if (r != NULL && r->kind == ROW_TEXT && st->form != NULL) {
		ao_form_set_value(st->form, r->form_index, ao_answers_get(&st->t->s->a, AO_F_SOURCE_ID));
		st->t->need_draw = 1;
	}
}

static enum ao_act
move_focus(struct st *st, int delta)
{
	int i = row_index(st, st->focus) + delta;

	if (i < 0 || i >= st->nrows)
		return AO_ACT_NONE;
	st->focus = st->rows[i].field;
	focus_form(st);
	return AO_ACT_DRAW;
}

static enum ao_act
enter_key(struct ao_tui *t, struct st *st, struct row *r)
{
	int i = row_index(st, st->focus);

	if (r != NULL && r->field == AO_F_PARTNER_ID && r->kind == ROW_CHOICE && r->ch.n == 0)
		/* the search hides every seat: nothing to answer with */
		return AO_ACT_DRAW;
	if (r != NULL && r->kind == ROW_CHOICE && !r->ch.multi && ao_choice_selected(&r->ch) < 0 && r->ch.n > 0) {
		r->ch.selected[r->ch.cursor] = 1;
		if (sync_choice(st, t->s, r))
			t->need_layout = 1;
	}
	if (i >= 0 && i + 1 < st->nrows) {
		/* the next row may just have appeared (POLLING adds the cadence) */
		return move_focus(st, 1);
	}
	return AO_ACT_NEXT;
}

static void
probe_tick(struct ao_loop *loop, void *arg)
{
	struct st *st = arg;

	(void)loop;
	st->probe_timer = 0;
	ao_session_probe_auto(st->t->s);
	st->t->need_draw = 1;
}

/* A value of the endpoint or credentials step changed: test it once typing
 * pauses (a new change restarts the wait). */
static void
probe_later(struct st *st, struct ao_session *s)
{
	if (st->step != AO_STEP_ENDPOINT && st->step != AO_STEP_CREDENTIALS)
		return;
	if (st->probe_timer != 0)
		ao_loop_timer_cancel(s->loop, st->probe_timer);
	st->probe_timer = ao_loop_timer_add(s->loop, PROBE_DELAY, probe_tick, st);
}

/* A radio list shows the session's value again after the session changed
 * it (the key file preselects the algorithm). */
static void
reselect_choice(struct st *st, struct ao_session *s, enum ao_field f)
{
	struct row *r = row_of(st, f);
	const char *cur = ao_answers_get(&s->a, f);
	int i;

	if (r == NULL || r->kind != ROW_CHOICE || r->ch.multi)
		return;
	for (i = 0; i < r->ch.n; i++) {
		r->ch.selected[i] = r->value[i] != NULL ? strcmp(r->value[i], cur) == 0 : cur[0] == '\0';
		if (r->ch.selected[i])
			r->ch.cursor = i;
	}
}

/* A text field changed: into the session, and the slug follows the name. */
static void
text_changed(struct st *st, struct ao_session *s, struct row *r)
{
	sync_text(st, s, r);
	st->dirty[r->field] = 1;
	probe_later(st, s);
	if (r->field == AO_F_JWT_KEY_FILE)
		reselect_choice(st, s, AO_F_JWT_ALGORITHM);
	if (r->field == AO_F_NAME && s->source_id_auto && row_of(st, AO_F_SOURCE_ID) != NULL) {
		/* the slug is redrawn once typing pauses (0.3 s), so a
		 * keystroke in the name costs one byte, not a cursor trip */
		if (st->slug_timer != 0)
			ao_loop_timer_cancel(s->loop, st->slug_timer);
		st->slug_timer = ao_loop_timer_add(s->loop, SLUG_DELAY, slug_tick, st);
	}
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;
	struct ao_session *s = t->s;
	struct row *r = row_of(st, st->focus);

	st->note[0] = '\0';
	if (r != NULL && r->field == AO_F_PARTNER_ID && r->kind == ROW_CHOICE) {
		enum ao_act a = partner_search_key(st, s, rc, ch);

		if (a != AO_ACT_NONE)
			return a;
	}
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_BTAB: return move_focus(st, -1);
		case KEY_ENTER: return enter_key(t, st, r);
		case KEY_F(2):
		{
			/* the step's secret, focused or not (there is one per step) */
			int i, any = 0;

			for (i = 0; i < st->nrows; i++) {
				if (ao_field_info(st->rows[i].field)->flags & AO_FF_SECRET) {
					st->revealed[st->rows[i].field] = !st->revealed[st->rows[i].field];
					any = 1;
				}
			}
			return any ? AO_ACT_LAYOUT : AO_ACT_NONE;
		}
		case KEY_F(4):
			if (st->step != AO_STEP_ENDPOINT)
				return AO_ACT_NONE;
			ao_tui_open_overlay(t, &ao_scr_discover);
			return AO_ACT_NONE;
		case KEY_F(5):
			if (st->step == AO_STEP_PARTNER) {
				ao_session_load_partners(s);
				return AO_ACT_DRAW;
			}
			if (st->step == AO_STEP_ENDPOINT || st->step == AO_STEP_CREDENTIALS)
				ao_session_probe(s);
			return AO_ACT_DRAW;
		default: break;
		}
	} else {
		switch (ch) {
		case '\t': return move_focus(st, 1);
		case '\r':
		case '\n': return enter_key(t, st, r);
		case 27:
			return AO_ACT_BACK;
		default: break;
		}
	}
	if (r == NULL)
		return AO_ACT_NONE;
	if (r->kind == ROW_CHOICE) {
		switch (ao_choice_key(&r->ch, rc, ch)) {
		case AO_CHOICE_EDGE_UP: return move_focus(st, -1);
		case AO_CHOICE_EDGE_DOWN: return move_focus(st, 1);
		case AO_CHOICE_MOVED: return AO_ACT_DRAW;
		case AO_CHOICE_PICKED:
			return sync_choice(st, s, r) ? AO_ACT_LAYOUT : AO_ACT_DRAW;
		case AO_CHOICE_IGNORED: break;
		}
		if (rc != KEY_CODE_YES && (ch == 'q' || ch == 'Q'))
			return AO_ACT_QUIT;
		if (rc != KEY_CODE_YES && ch == '?')
			return AO_ACT_HELP;
		return AO_ACT_NONE;
	}
	if (r->kind != ROW_TEXT)
		return rc != KEY_CODE_YES && ch == 'q' ? AO_ACT_QUIT
		       : rc != KEY_CODE_YES && ch == '?' ? AO_ACT_HELP : AO_ACT_NONE;
	if (rc == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN))
		return move_focus(st, ch == KEY_UP ? -1 : 1);
	switch (ao_form_key(st->form, rc, ch)) {
	case AO_FORM_CHANGED:
		text_changed(st, s, r);
		return AO_ACT_DRAW;
	case AO_FORM_MOVED:
		return AO_ACT_DRAW;
	case AO_FORM_IGNORED:
		break;
	}
	return AO_ACT_NONE;
}

/* Pasted text goes into the focused field at the cursor, folded into one
 * line; it never moves focus or answers the step. */
static enum ao_act
paste(struct ao_tui *t, void *p, const char *text)
{
	struct st *st = p;
	struct row *r = row_of(st, st->focus);
	char *line;
	int lines = 1, secret;

	if (r == NULL || r->kind != ROW_TEXT || st->form == NULL || r->form_index < 0) {
		snprintf(st->note, sizeof(st->note), "Nothing was pasted: this is a list (choose with the arrows); "
		         "paste into a text field.");
		return AO_ACT_DRAW;
	}
	if (r->field == AO_F_JWT_KEY_FILE && ao_paste_is_pem(text)) {
		snprintf(st->note, sizeof(st->note), "Nothing was pasted: that is a key, and this field wants the "
		         "path of a file holding it. Save the key in a file (chmod 600) and paste its path.");
		return AO_ACT_DRAW;
	}
	secret = (ao_field_info(r->field)->flags & AO_FF_SECRET) != 0;
	line = ao_paste_one_line(text, &lines);
	ao_form_insert(st->form, line);
	if (secret)
		ao_secret_free(line);
	else
		free(line);
	text_changed(st, t->s, r);
	if (lines > 1)
		snprintf(st->note, sizeof(st->note), "The %d pasted lines were joined with spaces: %s holds one line.",
		         lines, ao_field_info(r->field)->label);
	return AO_ACT_DRAW;
}

static void
refused(struct ao_tui *t, void *p, enum ao_field bad)
{
	struct st *st = p;

	(void)t;
	st->show_all = 1;
	if (bad < AO_FIELD_COUNT && row_of(st, bad) != NULL) {
		st->focus = bad;
		focus_form(st);
	}
}

static void
event(struct ao_tui *t, void *p, unsigned ev)
{
	(void)p;
	if (ev & (AO_EV_PARTNERS | AO_EV_SECRETS))
		t->need_layout = 1;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	struct st *st = p;
	const struct ao_field_info *fi = ao_field_info(st->focus);

	(void)t;
	if (fi == NULL) {
		*title = ao_step_title(st->step);
		*body = NULL;
		return;
	}
	*title = fi->label;
	*body = fi->long_help;
}

static void *
enter(struct ao_tui *t)
{
	struct st *st = xcalloc(1, sizeof(*st));
	enum ao_field f;

	st->t = t;
	st->step = t->s->step;
	st->focus = AO_FIELD_COUNT;
	/* a field the platform refused: start there, problem shown */
	for (f = 0; f < AO_FIELD_COUNT; f++) {
		if (t->s->server_error[f] != NULL && ao_step_of_field(f) == st->step) {
			st->focus = f;
			st->dirty[f] = 1;
			break;
		}
	}
	build_rows(st, t->s);
	if (st->focus == AO_FIELD_COUNT || row_of(st, st->focus) == st->rows) {
		/* start at the first question that still needs an answer */
		int i;

		for (i = 0; i < st->nrows; i++) {
			if (ao_validate_field(&t->s->a, st->rows[i].field, st->err, sizeof(st->err)) != 0) {
				st->focus = st->rows[i].field;
				break;
			}
		}
	}
	return st;
}

static void
leave(struct ao_tui *t, void *p)
{
	struct st *st = p;

	if (st == NULL)
		return;
	if (st->slug_timer != 0)
		ao_loop_timer_cancel(t->s->loop, st->slug_timer);
	if (st->probe_timer != 0)
		ao_loop_timer_cancel(t->s->loop, st->probe_timer);
	ao_form_free(st->form);
	free_partner_labels(st);
	free(st);
}

const struct ao_screen_ops ao_scr_step = {
	.name = "step",
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.event = event,
	.refused = refused,
	.help = help,
	.paste = paste,
	.wants_ticks = 0,
};
