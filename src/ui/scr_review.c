/* SPDX-License-Identifier: MIT */
/* Review: every value that will be sent (secrets never drawn: only that
 * they are set), the request exactly as it will go out with secrets masked
 * (core/request.h AO_BUILD_MASK_SECRETS), and the equivalent
 * `agent-onboard create` command for scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "agent-onboard/core/display.h"
#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/regdiff.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/osc52.h"
#include "agent-onboard/ui/term.h"
#include "agent-onboard/ui/textview.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

struct st {
	struct ao_textview tv;
	const char *flash;   /* what the last c did, until the next key */
};

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
	if (st == NULL)
		return;
	ao_tv_free(&st->tv);
	free(st);
}

/* The registration this wizard started is on the platform with other
 * values: what differs, and the choice. */
static void
fill_conflict(struct ao_tui *t, struct st *st)
{
	struct ao_session *s = t->s;
	struct ao_regdiff d;
	size_t i;

	ao_session_regdiff(s, &s->existing, &d);
	ao_tv_add(&st->tv, AO_R_WARN, 0, "Already on the platform (%s), with other values:",
	          s->existing.id != NULL ? s->existing.id : "?");
	for (i = 0; i < d.count; i++) {
		char *shown = ao_display_dup(d.item[i].platform);

		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s platform: %s", ao_field_info(d.item[i].field)->label,
		          shown[0] ? shown : "not set");
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s reviewed: %s", "",
		          d.item[i].reviewed[0] ? d.item[i].reviewed : "not set");
		free(shown);
	}
	if (d.count == 0)
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", "The reviewed values are the same as the platform's now.");
	ao_tv_add(&st->tv, AO_R_KEY, 0, "%s", "u (or Enter) updates it to the reviewed values; k keeps it as it is.");
	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
	ao_regdiff_free(&d);
}

/* --edit: what will change, as the platform has it and as reviewed; the
 * credential kept or replaced. */
static void
fill_edit(struct ao_tui *t, struct st *st)
{
	struct ao_session *s = t->s;
	struct ao_regdiff d;
	size_t i;
	char *id = ao_display_dup(s->existing.id);

	ao_regdiff(&s->a, &s->existing, &d);
	ao_tv_add(&st->tv, AO_R_KEY, 0, "What will change on %s %s", ao_kind_label(s->existing.kind), id);
	free(id);
	for (i = 0; i < d.count; i++) {
		char *shown = ao_display_dup(d.item[i].platform);

		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s now: %s", ao_field_info(d.item[i].field)->label,
		          shown[0] ? shown : "not set");
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s new: %s", "",
		          d.item[i].reviewed[0] ? d.item[i].reviewed : "not set");
		free(shown);
	}
	if (ao_answers_credential_kept(&s->a))
		ao_tv_add(&st->tv, AO_R_DIM, 2, "%-18s %s", "Credential", "kept as stored (nothing sent)");
	else if (strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "NO_AUTH") != 0 &&
	         strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "OAUTH") != 0)
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s %s", "Credential", "replaced by the one typed (sent once, "
		          "never shown or saved)");
	if (d.count == 0 && ao_answers_credential_kept(&s->a))
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", "Nothing changed: Enter sends nothing and waits on the "
		          "registration as it is.");
	ao_regdiff_free(&d);
	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
}

static void
fill(struct ao_tui *t, struct st *st)
{
	struct ao_session *s = t->s;
	enum ao_field fields[AO_FIELD_COUNT];
	struct ao_problems p;
	char *req, *cmd, *line, *save = NULL;
	int step;
	size_t i, n;

	ao_tv_clear(&st->tv);
	if (s->conflict)
		fill_conflict(t, st);
	{
		char verdict[640];
		int warning;
		const char *v = ao_session_probe_verdict(s, &warning, verdict, sizeof(verdict));

		if (v != NULL) {
			ao_tv_add(&st->tv, warning ? AO_R_WARN : AO_R_OK, 0, "%s", v);
			ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
		}
	}
	if (ao_validate_all(&s->a, &p) > 0) {
		ao_tv_add(&st->tv, AO_R_ERROR, 0, "Fix before submitting (Esc goes back):");
		for (i = 0; i < p.count; i++)
			ao_tv_add(&st->tv, AO_R_ERROR, 2, "%s: %s", ao_field_info(p.item[i].field)->label,
			          p.item[i].message);
		ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
	}
	if (s->a.editing)
		fill_edit(t, st);
	ao_tv_add(&st->tv, AO_R_KEY, 0, s->a.editing ? "Every value after the update" : "What will be registered");
	for (step = AO_STEP_KIND; step <= AO_STEP_EXTRAS; step++) {
		n = ao_step_fields(&s->a, (enum ao_step)step, fields, AO_FIELD_COUNT);
		for (i = 0; i < n; i++) {
			const struct ao_field_info *fi = ao_field_info(fields[i]);
			const char *v = ao_answers_get(&s->a, fields[i]);
			const struct ao_choice *c = ao_choice_find(fields[i], v);
			const char *partner = fields[i] == AO_F_PARTNER_ID ? ao_session_partner_name(s, v) : NULL;

			if (fi->flags & AO_FF_SECRET)
				ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s %s", fi->label,
				          v[0] ? "set (hidden; sent once, never shown or saved)"
				          : ao_answers_credential_kept(&s->a) ? "kept as stored" : "not set");
			else if (v[0] == '\0')
				ao_tv_add(&st->tv, AO_R_DIM, 2, "%-18s %s", fi->label,
				          fields[i] == AO_F_SOURCE_ID ? "(the slug of the name)" : "not set");
			else if (c != NULL && strcmp(c->label, v) != 0)
				ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s %s (%s)", fi->label, c->label, v);
			else if (partner != NULL)
				ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s %s (%s)", fi->label, partner, v);
			else if (s->trimmed[fields[i]])
				ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s %s  (spaces around it removed)", fi->label, v);
			else
				ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%-18s %s", fi->label, v);
		}
	}
	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
	ao_tv_add(&st->tv, AO_R_KEY, 0, "The request (secrets masked)");
	req = ao_session_masked_request(s);
	for (line = strtok_r(req, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", line);
	free(req);
	if (s->a.editing)
		return;   /* `agent-onboard update` takes the same changes as flags (see its --help) */
	ao_tv_add(&st->tv, AO_R_NORMAL, 0, "%s", "");
	ao_tv_add(&st->tv, AO_R_KEY, 0, "The same without the wizard");
	cmd = ao_session_create_command(s);
	ao_tv_add(&st->tv, AO_R_NORMAL, 2, "%s", cmd);
	free(cmd);
	if (s->g->demo)
		ao_tv_add(&st->tv, AO_R_DIM, 2, "%s", "The demo's simulator and its agents stop when the wizard exits, "
		          "and --demo starts new ones on other ports: to run this command later, start `agent-onboard "
		          "sandbox` and give its URL to --api-url and to the endpoint.");
}

static void
draw(struct ao_tui *t, void *p)
{
	struct st *st = p;
	static const char *const keys[] = { "Enter", "submit", "Esc", "back", "PgUp/Dn", "scroll", "c", "copy cmd",
	                                    "s", "cmd alone", "?", "help", "q", "quit", NULL };
	static const char *const k_conflict[] = { "u", "update", "k", "keep", "Esc", "back", "PgUp/Dn", "scroll",
	                                          "c", "copy cmd", "s", "cmd alone", "q", "quit", NULL };

	ao_tui_title(t, "Review");
	ao_tv_draw(&st->tv);
	if (st->flash != NULL)
		ao_tui_message(t, AO_R_OK, st->flash);
	else
		ao_tui_message(t, AO_R_WARN, t->s->notice);
	ao_tui_help_line(t, ao_tv_more(&st->tv)
	                    ? "Check every value; scroll for the request and the command. Enter submits."
	                    : "Check every value. Enter submits; Esc goes back to change something.");
	ao_tui_keys(t, t->s->conflict ? k_conflict : keys);
	curs_set(0);
}

static void
layout(struct ao_tui *t, void *p)
{
	struct st *st = p;

	fill(t, st);
	ao_tv_place(&st->tv, ao_tui_top(), 1, COLS - 2, ao_tui_bottom() - ao_tui_top());
	draw(t, st);
}

static enum ao_act
key(struct ao_tui *t, void *p, int rc, wint_t ch)
{
	struct st *st = p;

	st->flash = NULL;
	if ((rc != KEY_CODE_YES && (ch == '\r' || ch == '\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER))
		return AO_ACT_NEXT;
	if (t->s->conflict && rc != KEY_CODE_YES && (ch == 'u' || ch == 'U'))
		return AO_ACT_NEXT;
	if (t->s->conflict && rc != KEY_CODE_YES && (ch == 'k' || ch == 'K')) {
		ao_session_keep_existing(t->s);
		return AO_ACT_DRAW;
	}
	if (rc != KEY_CODE_YES && ch == 27)
		return AO_ACT_BACK;
	if (rc != KEY_CODE_YES && (ch == 'q' || ch == 'Q'))
		return AO_ACT_QUIT;
	if (rc != KEY_CODE_YES && (ch == 'c' || ch == 'C' || ch == 's' || ch == 'S')) {
		char *cmd = ao_session_create_command(t->s);

		if (ch == 's' || ch == 'S') {
			ao_tui_show_alone(t, "The same registration without the wizard (select it, or press c to copy it):",
			                  cmd);
		} else {
			size_t len;
			char *seq = ao_osc52_build(cmd, getenv("TMUX"), getenv("STY"), &len);

			ao_term_write_raw(seq, len);
			free(seq);
			st->flash = "The command was copied through your terminal (OSC 52). Nothing to paste? Press s to "
			            "show it alone and select it.";
		}
		free(cmd);
		return AO_ACT_DRAW;
	}
	return ao_tv_key(&st->tv, rc, ch) ? AO_ACT_DRAW : AO_ACT_NONE;
}

static void
help(struct ao_tui *t, void *p, const char **title, const char **body)
{
	(void)t;
	(void)p;
	*title = "Review";
	*body = "Nothing has been sent yet. Enter submits the request shown; secrets are sent once and never "
	        "drawn. The command at the bottom does the same registration without the wizard (give the "
	        "secret with --secret-file, --secret-fd or an environment variable, never on the command line): "
	        "c copies it through your terminal (OSC 52), s shows it alone on the screen so a mouse selection "
	        "takes it whole, and it is printed again when you quit.";
}

/* the background Test connection came back: its verdict goes on top */
static void
event(struct ao_tui *t, void *p, unsigned ev)
{
	(void)p;
	if (ev & AO_EV_PROBE)
		t->need_layout = 1;
}

const struct ao_screen_ops ao_scr_review = {
	.name = "review",
	.event = event,
	.enter = enter,
	.leave = leave,
	.layout = layout,
	.draw = draw,
	.key = key,
	.help = help,
};
