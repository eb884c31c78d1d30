/* SPDX-License-Identifier: MIT */
/* The plain front end: the same session and step machine as the screens,
 * one question per line.  Choices are numbered, secrets are read with echo
 * off (ui/prompt.h), nothing moves the cursor or redraws, and progress is
 * reported only when something changes, so a screen reader reads every
 * line once.  Network work runs on the same event loop; Ctrl-C cancels a
 * request in flight, and while waiting for activation it detaches. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/ui/prompt.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"   /* the one sanitiser */
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/regdiff.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/ui/plain.h"

enum answer { A_OK, A_BACK, A_QUIT, A_KEPT };

struct plain {
	struct ao_session *s;
	int quit;          /* end of input or Ctrl-C at a question */
	int code;
	int start_last;    /* came back with "<": ask the step's last question first */
};

static void
say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
say(const char *fmt, ...)
{
	va_list ap;
	char *raw;
	struct ao_buf b;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	/* lines quote the platform, agents, drafts and answers files: through
	 * the one sanitiser, keeping only the line breaks laid out here */
	ao_buf_init(&b, 0);
	ao_display_append(&b, raw, strlen(raw), AO_DISPLAY_KEEP_NEWLINE);
	fwrite(b.data != NULL ? b.data : "", 1, b.len, stdout);
	fputc('\n', stdout);
	fflush(stdout);
	ao_buf_free(&b);
	free(raw);
}

/* Runs the loop until the foreground operation is over.  Ctrl-C cancels
 * it; SIGHUP/SIGTERM end the program (the caller sees p->quit). */
static void
run_while_busy(struct plain *p)
{
	struct ao_session *s = p->s;

	while (s->busy != AO_BUSY_NONE) {
		ao_loop_run_once(s->loop, 0.25);
		if (ao_sig_int) {
			ao_sig_int = 0;
			say("Cancelling%s", "...");
			ao_session_cancel(s);
		}
		if (ao_sig_hup || ao_sig_term) {
			p->quit = 1;
			ao_session_cancel(s);
			return;
		}
	}
}

/* Waits for the platform key to be looked up / checked. */
static void
run_while(struct plain *p, int (*cond)(const struct ao_session *))
{
	while (cond(p->s) && !p->quit) {
		ao_loop_run_once(p->s->loop, 0.25);
		if (ao_sig_int || ao_sig_hup || ao_sig_term) {
			ao_sig_int = 0;
			ao_session_cancel(p->s);
			p->quit = 1;
		}
	}
}

/* One visible line; NULL when the user quit (EOF, Ctrl-C). */
static char *
ask(struct plain *p, const char *prompt)
{
	char *line = NULL;
	enum ao_prompt_rc rc = ao_prompt_line(prompt, &line);

	if (rc == AO_PROMPT_OK)
		return line;
	free(line);
	if (rc == AO_PROMPT_EMPTY)
		return xstrdup("");
	p->quit = 1;
	return NULL;
}

/* y/n with a default; -1 for "<" (back), -2 when the user quit. */
static int
yes_no(struct plain *p, const char *question, int def)
{
	char prompt[512];
	char *line;
	int r;

	snprintf(prompt, sizeof(prompt), "%s [%s] ", question, def ? "Y/n" : "y/N");
	for (;;) {
		line = ask(p, prompt);
		if (line == NULL)
			return -2;
		if (line[0] == '\0')
			r = def;
		else if (strcmp(line, "<") == 0)
			r = -1;
		else if (strchr("yY", line[0]) != NULL)
			r = 1;
		else if (strchr("nN", line[0]) != NULL)
			r = 0;
		else
			r = -3;
		free(line);
		if (r != -3)
			return r;
		say("Please answer y or n.");
	}
}

/* ---- the platform ---------------------------------------------------------------- */

static int
key_pending(const struct ao_session *s)
{
	return s->key_state == AO_KS_RESOLVING || s->key_state == AO_KS_CHECKING;
}

static void
say_keyring(struct ao_session *s)
{
	switch (s->kr_state) {
	case AO_KR_NOT_USED:
		say("Keyring: not used (demo mode).");
		break;
	case AO_KR_OK:
		say("Keyring: available (the system keyring, Secret Service).");
		break;
	case AO_KR_UNAVAILABLE:
		if (strncmp(s->key_where, "SCOPE3_API_KEY ", 15) == 0) {
			/* the key does not need it: a note, not a warning with a fix */
			say("Keyring: not needed for the key (SCOPE3_API_KEY); unavailable (%s), so credentials "
			    "typed later are kept for this run only.", ao_keyring_cause_name(s->kr.cause));
			break;
		}
		say("Keyring: unavailable (%s)%s%s", ao_keyring_cause_name(s->kr.cause), s->kr.detail[0] ? ": " : "",
		    s->kr.detail);
		say("  Fix: %s. Nothing is ever written to a plain file.", ao_keyring_cause_fix(s->kr.cause));
		break;
	default:
		break;
	}
}

static enum answer
platform(struct plain *p)
{
	struct ao_session *s = p->s;
	char *key = NULL;
	enum ao_prompt_rc rc;
	int keep;

	say("API URL: %s", s->api_url);
	run_while(p, key_pending);
	if (p->quit)
		return A_QUIT;
	say_keyring(s);
	while (!ao_session_key_ok(s)) {
		if (s->key_error != NULL)
			say("%s", s->key_error);
		if (s->key_state == AO_KS_FAILED) {
			keep = yes_no(p, "Check the key again?", 1);
			if (keep < 0 || keep == 0)
				return A_QUIT;
			ao_session_recheck_key(s);
			run_while(p, key_pending);
			continue;
		}
		keep = 0;
		if (s->kr_state == AO_KR_OK) {
			keep = yes_no(p, "The API key is needed. Keep it in the system keyring (n: this run only)?", 1);
			if (keep == -2)
				return A_QUIT;
			keep = keep == 1;
		} else {
			say("The API key is needed; it will be kept in memory for this run only (or quit and set "
			    "SCOPE3_API_KEY).");
		}
		rc = ao_prompt_hidden("Scope3 API key (typing is hidden): ", &key);
		if (rc == AO_PROMPT_EMPTY)
			continue;
		if (rc != AO_PROMPT_OK) {
			ao_secret_free(key);
			p->quit = 1;
			return A_QUIT;
		}
		ao_session_set_key(s, key, keep ? AO_STORE_KEYRING : AO_STORE_MEMORY);
		ao_secret_free(key);
		key = NULL;
		run_while(p, key_pending);
		if (p->quit)
			return A_QUIT;
	}
	say("API key: from %s", s->key_where);
	say("Account: %s", s->account != NULL ? s->account : "accepted");
	if (s->notice != NULL)
		say("%s", s->notice);
	return A_OK;
}

/* ---- one field --------------------------------------------------------------------- */

static void
show_choices(const struct ao_choice *const *ch, size_t n, int optional)
{
	size_t i;

	if (optional)
		say("  0) Not set");
	for (i = 0; i < n; i++)
		say("  %zu) %s: %s", i + 1, ch[i]->label, ch[i]->help);
}

/* Parses "2" or "1,2" against n choices into a value; NULL if invalid. */
static char *
pick(const char *line, const struct ao_choice *const *ch, size_t n, int multi, int optional)
{
	char buf[512] = "";
	const char *q = line;
	char *end;
	long k;

	for (;;) {
		while (*q == ' ' || *q == ',')
			q++;
		if (*q == '\0')
			break;
		k = strtol(q, &end, 10);
		if (end == q)
			return NULL;
		if (k == 0 && optional && !multi)
			return xstrdup("");
		if (k < 1 || (size_t)k > n)
			return NULL;
		if (buf[0])
			strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, ch[k - 1]->value, sizeof(buf) - strlen(buf) - 1);
		if (!multi)
			break;
		q = end;
	}
	return buf[0] != '\0' ? xstrdup(buf) : NULL;
}

static enum answer
ask_partner(struct plain *p)
{
	struct ao_session *s = p->s;
	size_t i;
	char *line, *end;
	long k;

	if (s->partners_state != AO_LOAD_OK) {
		ao_session_load_partners(s);
		run_while_busy(p);
	}
	if (s->partners_state != AO_LOAD_OK || s->partners.count == 0) {
		say("The partner list is not available (%s). Type the partner id.",
		    s->partners_error != NULL ? s->partners_error : "no partner seats");
		return A_OK;   /* asked as text by the caller */
	}
	say("Partner seat (the list the platform returned):");
	for (i = 0; i < s->partners.count; i++)
		say("  %zu) %s (%s)", i + 1, s->partners.items[i].name ? s->partners.items[i].name : "?",
		    s->partners.items[i].id ? s->partners.items[i].id : "?");
	for (;;) {
		line = ask(p, "Choose a number: ");
		if (line == NULL)
			return A_QUIT;
		if (strcmp(line, "<") == 0) {
			free(line);
			return A_BACK;
		}
		if (line[0] == '\0' && ao_answers_has(&s->a, AO_F_PARTNER_ID)) {
			free(line);
			return A_OK;
		}
		k = strtol(line, &end, 10);
		if (*end != '\0' || end == line)
			k = 0;
		free(line);
		if (k >= 1 && (size_t)k <= s->partners.count) {
			ao_session_set(s, AO_F_PARTNER_ID, s->partners.items[k - 1].id);
			return A_OK;
		}
		say("Please type a number from 1 to %zu.", s->partners.count);
	}
}

static enum answer
ask_field(struct plain *p, enum ao_field f)
{
	struct ao_session *s = p->s;
	const struct ao_field_info *fi = ao_field_info(f);
	const struct ao_choice *ch[32];
	int optional = ao_field_relevance(&s->a, f) == AO_OPTIONAL, choice = (fi->flags & (AO_FF_CHOICE | AO_FF_MULTI)) != 0;
	int multi = (fi->flags & AO_FF_MULTI) != 0, secret = (fi->flags & AO_FF_SECRET) != 0;
	size_t n = 0;
	char prompt[1024], msg[AO_MSG_MAX], *line = NULL, *value;
	const char *err;

	if (f == AO_F_PARTNER_ID) {
		enum answer a = ask_partner(p);

		if (a != A_OK || (s->partners_state == AO_LOAD_OK && s->partners.count > 0))
			return a;
	}
	say("%s: %s%s", fi->label, fi->help,
	    optional && !choice && !secret ? " (optional; type - to leave it empty)" : optional ? " (optional)" : "");
	if (s->g->demo && (f == AO_F_ENDPOINT_URL || f == AO_F_API_TOKEN || f == AO_F_BASIC_PASSWORD))
		say("  (Demo agents: %s/demo/mcp and /demo/a2a with the token demo-agent-token, /demo/mcp-basic with "
		    "demo / demo-password, /demo/mcp-open without auth, /demo/mcp-oauth with OAuth.)", s->api_url);
	if (choice) {
		n = ao_field_choices(&s->a, f, ch, 32);
		show_choices(ch, n, optional && !multi);
	}
	for (;;) {
		const char *cur = ao_answers_get(&s->a, f);

		if (secret)
			snprintf(prompt, sizeof(prompt), "%s (typing is hidden%s): ", fi->label,
			         cur[0] ? "; Enter keeps the one already given" : "");
		else if (choice)
			snprintf(prompt, sizeof(prompt), "%s%s%s%s: ", multi ? "Choose one or more numbers, separated by commas"
			         : "Choose a number", cur[0] ? " [" : "", cur, cur[0] ? "]" : "");
		else
			snprintf(prompt, sizeof(prompt), "%s%s%s%s%s: ", fi->label, cur[0] ? " [" : "", cur, cur[0] ? "]" : "",
			         optional && cur[0] ? " (- clears)" : "");
		if (secret) {
			enum ao_prompt_rc rc = ao_prompt_hidden(prompt, &line);

			if (rc == AO_PROMPT_EMPTY) {
				line = xstrdup("");
			} else if (rc != AO_PROMPT_OK) {
				p->quit = 1;
				return A_QUIT;
			}
		} else {
			line = ask(p, prompt);
			if (line == NULL)
				return A_QUIT;
		}
		if (strcmp(line, "<") == 0) {
			free(line);
			return A_BACK;
		}
		if (strcmp(line, "?") == 0) {
			free(line);
			say("%s", fi->long_help);
			if (optional && !choice && !secret)
				say("This field is optional: type - to leave it empty; Enter keeps what is in [brackets].");
			say("Type < to go back, ? for this help; end of input (Ctrl-D) quits and keeps a draft.");
			continue;
		}
		if (line[0] == '\0') {
			/* Enter keeps what is there (and accepts an empty optional field) */
			value = NULL;
		} else if (choice) {
			value = pick(line, ch, n, multi, optional);
			if (value == NULL) {
				say("Please type %s from the list above.", multi ? "one or more numbers" : "a number");
				if (secret)
					ao_secret_free(line);
				else
					free(line);
				line = NULL;
				continue;
			}
		} else if (optional && strcmp(line, "-") == 0) {
			value = xstrdup("");
		} else {
			value = xstrdup(line);
		}
		if (secret)
			ao_secret_free(line);
		else
			free(line);
		line = NULL;
		if (value != NULL) {
			/* what was there before, to go back to if the new value is
			 * refused: the [default] shown is always a value that passed */
			char *before = xstrdup(cur);

			ao_session_set(s, f, value);
			if (secret)
				ao_secret_free(value);
			else
				free(value);
			err = ao_session_field_error(s, f, msg, sizeof(msg));
			if (err != NULL) {
				char ignored[AO_MSG_MAX];

				say("Problem: %s", err);
				ao_session_set(s, f, before);
				if (ao_session_field_error(s, f, ignored, sizeof(ignored)) != NULL)
					ao_session_set(s, f, NULL);
				if (secret)
					ao_secret_free(before);
				else
					free(before);
				continue;
			}
			if (secret)
				ao_secret_free(before);
			else
				free(before);
			if (fi->flags & AO_FF_URL && s->trimmed[f])
				say("(The spaces around it were removed: %s)", ao_answers_get(&s->a, f));
		}
		err = ao_session_field_error(s, f, msg, sizeof(msg));
		if (err == NULL) {
			if (f == AO_F_JWT_KEY_FILE && ao_answers_has(&s->a, AO_F_JWT_ALGORITHM))
				say("The key signs %s; Algorithm is set to it.", ao_answers_get(&s->a, AO_F_JWT_ALGORITHM));
			return A_OK;
		}
		say("Problem: %s", err);
	}
}

/* ---- steps ---------------------------------------------------------------------------- */

static enum answer
form_step(struct plain *p)
{
	struct ao_session *s = p->s;
	enum ao_step step = s->step;
	enum ao_field fields[AO_FIELD_COUNT];
	size_t n, i = 0;
	int idx;

	if (p->start_last) {
		p->start_last = 0;
		n = ao_step_fields(&s->a, step, fields, AO_FIELD_COUNT);
		i = n > 0 ? n - 1 : 0;
	}
	idx = ao_step_number(&s->a, step);
	say("%s", "");
	say("Step %d: %s", idx, ao_step_title(step));
	if (s->notice != NULL) {
		say("%s", s->notice);
		ao_session_clear_notice(s);
	}
	for (;;) {
		n = ao_step_fields(&s->a, step, fields, AO_FIELD_COUNT);
		if (i >= n)
			break;
		if (s->server_error[fields[i]] != NULL)
			say("%s", s->server_error[fields[i]]);
		switch (ask_field(p, fields[i])) {
		case A_QUIT:
			return A_QUIT;
		case A_BACK:
			if (i == 0)
				return A_BACK;
			i--;
			continue;
		case A_OK:
		case A_KEPT:   /* only the review answers this */
			i++;
			break;
		}
	}
	return A_OK;
}

static void
say_review(struct ao_session *s)
{
	enum ao_field fields[AO_FIELD_COUNT];
	char *req, *cmd;
	int step, unchanged = 0;
	size_t i, n;

	say("%s", "");
	if (s->a.editing) {
		struct ao_regdiff d;

		/* --edit or a fix: only what differs is sent */
		ao_regdiff(&s->a, &s->existing, &d);
		say("Review: what will change on %s %s", ao_kind_label(s->existing.kind),
		    s->existing.id != NULL ? s->existing.id : "");
		for (i = 0; i < d.count; i++)
			say("  %s: %s -> %s", ao_field_info(d.item[i].field)->label,
			    d.item[i].platform[0] ? d.item[i].platform : "not set",
			    d.item[i].reviewed[0] ? d.item[i].reviewed : "not set");
		say("  Credential: %s", ao_answers_credential_kept(&s->a) ? "kept as stored (nothing sent)"
		    : "replaced by the one typed (or none, for this auth type)");
		unchanged = d.count == 0 && ao_answers_credential_kept(&s->a);
		if (unchanged)
			say("  Nothing has changed: submitting sends nothing.");
		ao_regdiff_free(&d);
	}
	say(s->a.editing ? "Every value after the update" : "Review: what will be registered");
	for (step = AO_STEP_KIND; step <= AO_STEP_EXTRAS; step++) {
		n = ao_step_fields(&s->a, (enum ao_step)step, fields, AO_FIELD_COUNT);
		for (i = 0; i < n; i++) {
			const struct ao_field_info *fi = ao_field_info(fields[i]);
			const char *v = ao_answers_get(&s->a, fields[i]);

			if (fi->flags & AO_FF_SECRET)
				say("  %s: %s", fi->label, v[0] ? "set (hidden)"
				    : ao_answers_credential_kept(&s->a) ? "kept as stored" : "not set");
			else
				say("  %s: %s%s", fi->label, v[0] ? v : "not set",
				    s->trimmed[fields[i]] ? "  (spaces around it removed)" : "");
		}
	}
	if (unchanged)
		return;
	req = ao_session_masked_request(s);
	say("The request (secrets masked):");
	say("%s", req);
	free(req);
	if (s->a.editing)
		return;
	cmd = ao_session_create_command(s);
	say("The same without the wizard:");
	say("  %s", cmd);
	free(cmd);
}

/* The registration this wizard started is on the platform with other
 * values: say what differs; y updates it, n keeps it as it is. */
static enum answer
review_conflict(struct plain *p)
{
	struct ao_session *s = p->s;
	struct ao_regdiff d;
	size_t i;
	int r;

	say("%s", "");
	say("Already on the platform (%s), with other values:", s->existing.id != NULL ? s->existing.id : "?");
	ao_session_regdiff(s, &s->existing, &d);
	for (i = 0; i < d.count; i++) {
		char *shown = ao_display_dup(d.item[i].platform);

		say("  %s: platform \"%s\", reviewed \"%s\"", ao_field_info(d.item[i].field)->label, shown,
		    d.item[i].reviewed);
		free(shown);
	}
	ao_regdiff_free(&d);
	r = yes_no(p, "Update it to the reviewed values? (n keeps it as it is, < goes back)", 1);
	if (r == -2)
		return A_QUIT;
	if (r == -1)
		return A_BACK;
	if (r == 0) {
		ao_session_keep_existing(s);
		return A_KEPT;
	}
	return A_OK;
}

static enum answer
review(struct plain *p)
{
	int r;

	if (p->s->conflict)
		return review_conflict(p);
	say_review(p->s);
	r = yes_no(p, "Submit now? (n or < goes back)", 1);
	if (r == -2)
		return A_QUIT;
	if (r != 1)
		return A_BACK;
	return A_OK;
}

static void
say_status(struct ao_session *s)
{
	say("Status: %s%s", s->res.status_raw != NULL ? s->res.status_raw
	                    : s->res.status != AO_ST_UNKNOWN ? ao_reg_status_name(s->res.status) : "checking",
	    s->res.auth_configured == 1 ? " (authentication configured)" : "");
}

/* Waits for activation; Ctrl-C detaches. */
static void
wait_phase(struct plain *p)
{
	struct ao_session *s = p->s;
	enum ao_phase shown = AO_PH_NONE;
	char *last_status = NULL;
	const char *st;
	double last_note = ao_now();

	say("%s", "");
	say("Registered as %s %s. Ctrl-C stops waiting (the registration stays on the platform).",
	    ao_kind_label(ao_answers_kind(&s->a)), s->registered_id != NULL ? s->registered_id : "");
	while (s->step == AO_STEP_WAIT) {
		if (s->phase != shown) {
			shown = s->phase;
			if (shown == AO_PH_OAUTH) {
				say("Approve access in a browser (on any machine). Open this URL:");
				say("%s", s->oauth_url != NULL ? s->oauth_url : "(no URL from the platform yet)");
				say("Waiting for the approval%s", "...");
			} else if (shown == AO_PH_ACTIVATE) {
				int r;

				say_status(s);
				say("Authentication is configured. Partner agents are activated by their owner.");
				r = yes_no(p, "Activate the agent now (PATCH status ACTIVE)?", 1);
				if (r == 1) {
					ao_session_activate(s);
					run_while_busy(p);
					if (s->notice != NULL) {
						say("%s", s->notice);
						ao_session_clear_notice(s);
						shown = AO_PH_NONE;
					}
					continue;
				}
				ao_session_detach(s);
				break;
			}
		}
		st = s->res.status_raw != NULL ? s->res.status_raw : NULL;
		if (st != NULL && (last_status == NULL || strcmp(st, last_status) != 0)) {
			free(last_status);
			last_status = xstrdup(st);
			say_status(s);
		}
		if (ao_now() - last_note > 30) {
			last_note = ao_now();
			say("Still waiting (%.0f s so far)%s", ao_session_wait_elapsed(s),
			    s->poll_error != NULL ? "; the last check failed" : "");
		}
		ao_loop_run_once(s->loop, 0.5);
		if (ao_sig_int) {
			ao_sig_int = 0;
			ao_session_detach(s);
			break;
		}
		if (ao_sig_hup || ao_sig_term) {
			p->quit = 1;
			break;
		}
	}
	free(last_status);
}

static int
result(struct plain *p)
{
	struct ao_session *s = p->s;
	char *cmd = ao_session_status_command(s);

	say("%s", "");
	say("%s: %s %s (\"%s\").", ao_session_outcome_title(s), ao_kind_label(ao_answers_kind(&s->a)),
	    s->registered_id != NULL ? s->registered_id : "?", ao_answers_get(&s->a, AO_F_NAME));
	if (s->outcome_detail != NULL)
		say("%s", s->outcome_detail);
	if (s->outcome == AO_OUT_DETACHED || s->outcome == AO_OUT_TIMEOUT)
		say("Follow it with: %s", cmd);
	free(cmd);
	return ao_session_exit_code(s);
}

static int
quit(struct plain *p, const char *why)
{
	int rc = ao_session_save_draft(p->s);

	say("%s", "");
	if (p->s->draft_path != NULL && rc == 0 && !p->s->draft_ended)
		say("%s. Your answers are saved in %s; run agent-onboard again to resume.", why, p->s->draft_path);
	else
		say("%s.", why);
	return AO_EXIT_INTERRUPTED;
}

static void
offer_resume(struct plain *p)
{
	struct ao_session *s = p->s;
	const struct ao_draft *d = s->found;
	int r;

	say("A saved draft was found: %s \"%s\", stopped at \"%s\"%s.",
	    ao_answers_kind(&d->answers) != AO_KIND_NONE ? ao_kind_label(ao_answers_kind(&d->answers)) : "registration",
	    ao_answers_get(&d->answers, AO_F_NAME), ao_step_title(d->step),
	    d->submit_started ? " (a submission was interrupted: it is looked up before anything is sent again)" : "");
	r = yes_no(p, "Resume it? (n starts afresh and deletes it)", 1);
	if (r == -2)
		return;
	if (r == 1)
		ao_session_resume(s);
	else
		ao_session_discard_draft(s);
}

int
ao_plain_run(struct ao_session *s)
{
	struct plain pl = { s, 0, AO_EXIT_OK, 0 }, *p = &pl;
	enum answer a;
	char why[512];

	ao_session_install_signals(s);
	say("agent-onboard%s: registers your agent with the Scope3 / Interchange platform.",
	    s->g->demo ? " (demo, against the built-in simulator)" : "");
	say("Answer each question and press Enter. At any question: ? for help, < to go back; "
	    "end of input (Ctrl-D) or Ctrl-C quits and keeps a draft.");
	if (ao_session_start(s, why, sizeof(why)) != 0) {
		fprintf(stderr, "agent-onboard: the demo simulator could not start: %s\n", why);
		return AO_EXIT_FAILURE;
	}
	if (s->found != NULL)
		offer_resume(p);
	while (!p->quit) {
		if (ao_sig_hup || ao_sig_term)
			return quit(p, ao_sig_hup ? "The terminal hung up" : "Terminated");
		switch (s->step) {
		case AO_STEP_PLATFORM:
			if (platform(p) != A_OK)
				break;
			ao_session_next(s, NULL);
			if (s->step == AO_STEP_PLATFORM && s->edit_id != NULL && s->busy != AO_BUSY_NONE)
				/* --edit: the forms are filled from the platform first */
				run_while_busy(p);
			continue;
		case AO_STEP_REVIEW:
			a = review(p);
			if (a == A_BACK) {
				ao_session_back(s);
				p->start_last = 1;
			} else if (a == A_OK) {
				say("Submitting%s (Ctrl-C cancels)", "...");
				ao_session_submit(s);
				run_while_busy(p);
				if (s->notice != NULL && s->step != AO_STEP_WAIT && s->step != AO_STEP_RESULT) {
					say("%s", s->notice);
					ao_session_clear_notice(s);
				}
			}
			continue;
		case AO_STEP_SUBMIT:
			if (s->busy == AO_BUSY_NONE && s->key_state != AO_KS_OK) {
				run_while(p, key_pending);
				if (!ao_session_key_ok(s) && !p->quit) {
					s->return_step = AO_STEP_SUBMIT;
					s->step = AO_STEP_PLATFORM;
				}
				continue;
			}
			say("Checking whether the interrupted submission reached the platform%s", "...");
			run_while_busy(p);
			if (s->busy == AO_BUSY_NONE && s->step == AO_STEP_SUBMIT)
				s->step = AO_STEP_REVIEW;
			if (s->notice != NULL) {
				say("%s", s->notice);
				ao_session_clear_notice(s);
			}
			continue;
		case AO_STEP_WAIT:
			if (s->key_state != AO_KS_OK) {
				run_while(p, key_pending);
				if (!ao_session_key_ok(s) && !p->quit) {
					s->return_step = AO_STEP_WAIT;
					s->step = AO_STEP_PLATFORM;
				}
				continue;
			}
			wait_phase(p);
			continue;
		case AO_STEP_RESULT:
			return result(p);
		default:
			a = form_step(p);
			if (a == A_BACK) {
				ao_session_back(s);
				p->start_last = 1;
			}
			else if (a == A_OK) {
				enum ao_field bad;

				if (ao_session_next(s, &bad) != 0) {
					char msg[AO_MSG_MAX];
					const char *err = ao_session_field_error(s, bad, msg, sizeof(msg));

					if (err != NULL)
						say("Problem: %s", err);
				}
			}
			continue;
		}
	}
	if (ao_sig_hup || ao_sig_term)
		return quit(p, ao_sig_hup ? "The terminal hung up" : "Terminated");
	return quit(p, "Quit");
}
