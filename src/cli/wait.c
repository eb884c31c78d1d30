/* SPDX-License-Identifier: MIT */
/* The blocking wait shared by `create --wait` and `status --wait`: the
 * driver of the core's wait machine (core/wait_machine.h decides what comes
 * next: a check, the PATCH to ACTIVE, a sleep or the end).  This file does
 * the requests, sleeps in the event loop between checks so that Ctrl-C (a
 * flag set by the signal handler, which also wakes the loop) ends it at
 * once, draws the progress line and words the end for a person.
 *
 * --timeout is a deadline for the whole wait, checks included: a request
 * still in flight (or waiting for its retry) when it passes is cancelled by
 * a loop timer (ao_api_wait_until), and the wait reports the last state it
 * really saw.  The registration exists while we wait, so a server error, an
 * unreadable, oversized or HTML answer only costs that check; only if every
 * check failed until the deadline does the wait end on that failure --
 * saying how to follow it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/core/poll.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/wait_machine.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"

void
ao_wait_result_init(struct ao_wait_result *w)
{
	memset(w, 0, sizeof(*w));
	w->status = AO_OK;
}

void
ao_wait_result_free(struct ao_wait_result *w)
{
	if (w == NULL)
		return;
	free(w->message);
	ao_wait_result_init(w);
}

static int
is_oauth(const struct ao_resource *r)
{
	return r->auth_type != NULL && strcmp(r->auth_type, "OAUTH") == 0;
}

/* What the registration is waiting for, in a few words. */
static const char *
waiting_for(const struct ao_resource *r, int patched)
{
	if (r->status == AO_ST_UNKNOWN && r->raw == NULL)
		return "looking it up";
	if (r->kind == AO_KIND_AGENT) {
		if (!ao_wait_agent_auth_ready(r))
			return is_oauth(r) ? "waiting for OAuth approval" : "waiting for its credential";
		return patched ? "activated, waiting for ACTIVE" : "activating";
	}
	if (is_oauth(r) && r->auth_configured != 1)
		return "waiting for OAuth approval";
	if (r->status != AO_ST_PENDING)
		return "waiting for a known status";
	return "waiting for the agent to answer";
}

static int
term_columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

struct progress {
	int on;
	int drawn;
	double start;
	double deadline;   /* 0: none */
	const char *note;  /* last transient problem, or NULL */
};

/* One line, redrawn in place; kept narrower than the terminal so it never
 * wraps (a wrapped line cannot be redrawn with \r). */
static void
progress_draw(struct progress *p, const struct ao_resource *r, int patched, double now, double due)
{
	char line[512], *status;
	int n, cols;

	if (!p->on)
		return;
	status = ao_display_dup(r->status_raw != NULL ? r->status_raw : "...");
	/* numbers first: a narrow terminal cuts the words, not the times */
	n = snprintf(line, sizeof(line), "%.40s %.0fs", status, now - p->start);
	free(status);
	if (due > now && n > 0 && (size_t)n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, ", next check %.0fs", due - now + 0.49);
	if (p->deadline > 0 && n > 0 && (size_t)n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, ", timeout %.0fs",
		              p->deadline > now ? p->deadline - now + 0.49 : 0.0);
	if (n > 0 && (size_t)n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, ": %s", waiting_for(r, patched));
	if (p->note != NULL && n > 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, " (last check: %s)", p->note);
	cols = term_columns() - 1;
	if ((int)strlen(line) > cols)
		line[ao_utf8_prefix_bytes(line, strlen(line), (size_t)cols)] = '\0';
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	p->drawn = 1;
}

static void
progress_clear(struct progress *p)
{
	if (p->on && p->drawn) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
	}
	p->drawn = 0;
}

/* Sleeps in the loop until due; returns 1 when interrupted. */
static int
sleep_until(struct ao_loop *loop, double due, const volatile sig_atomic_t *interrupt,
            struct progress *p, const struct ao_resource *r, int patched)
{
	double now, next_draw = 0;

	for (;;) {
		if (interrupt != NULL && *interrupt)
			return 1;
		now = ao_now();
		if (now >= due)
			return 0;
		if (p->on && now >= next_draw) {
			progress_draw(p, r, patched, now, due);
			next_draw = now + 1.0;
		}
		ao_loop_run_once(loop, p->on ? (due - now < 1.0 ? due - now : 1.0) : due - now);
	}
}

/* s as a sentence: trailing blanks dropped, a full stop added if missing.
 * Newly allocated. */
static char *
sentence(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n == 0)
		return xstrdup("");
	return xasprintf("%.*s%s", (int)n, s, strchr(".!?", s[n - 1]) != NULL ? "" : ".");
}

/* What a failed check ran into, for the message the wait may end with.  An
 * HTTP error is described by its status and the platform's own words, not
 * by the client's advice, which is written for a create ("your answers are
 * kept; try again") and would be wrong here: the registration exists. */
static char *
check_failure(const struct ao_api_result *res)
{
	if (res->http_status >= 400 && res->status != AO_ERR_NETWORK && res->status != AO_ERR_TIMEOUT &&
	    res->status != AO_ERR_TLS && res->status != AO_ERR_TOO_LARGE && res->status != AO_ERR_PARSE) {
		const char *m = res->error.message;

		if (m != NULL && *m != '\0') {
			char *tail = sentence(m), *out;

			out = xasprintf("The platform answered HTTP %ld: %s", res->http_status, tail);
			free(tail);
			return out;
		}
		return xasprintf("The platform answered HTTP %ld.", res->http_status);
	}
	return sentence(res->message != NULL ? res->message : ao_status_message(res->status));
}

/* Takes res->resource into *cur. */
static void
take_resource(struct ao_resource *cur, struct ao_api_result *res)
{
	ao_resource_free(cur);
	*cur = res->resource;
	memset(&res->resource, 0, sizeof(res->resource));
	res->resource.auth_configured = -1;
}

enum ao_status
ao_wait_run(struct ao_api *api, const struct ao_wait_spec *spec, struct ao_resource *cur,
            const volatile sig_atomic_t *interrupt, struct ao_wait_result *w)
{
	struct ao_loop *loop = ao_api_loop(api);
	struct ao_wait_machine m;
	struct progress p = { 0 };
	char *last_msg = NULL, *id, *shown, *state;
	enum ao_kind kind;
	double start = ao_now(), until;
	int done = 0, later;

	ao_wait_result_init(w);
	id = xstrdup(cur->id != NULL ? cur->id : spec->id);
	shown = ao_display_dup(id);
	kind = cur->kind != AO_KIND_NONE ? cur->kind : spec->kind;
	if (cur->kind == AO_KIND_NONE)
		cur->kind = kind;
	/* no redrawn line on a dumb terminal (TERM=dumb): it would show \r and ESC [K */
	p.on = spec->progress && ao_cli_stderr_redraws();
	p.start = start;
	p.deadline = spec->timeout > 0 ? start + spec->timeout : 0;
	/* without a state to start from, the machine looks it up at once */
	ao_wait_machine_start(&m, kind, spec->activate, start, spec->timeout, cur->raw != NULL ? cur : NULL,
	                      (unsigned)getpid() ^ (unsigned)(start * 1000.0));

	while (!done) {
		struct ao_api_result res;
		enum ao_status st;

		switch (ao_wait_machine_next(&m, ao_now(), interrupt != NULL && *interrupt, &until)) {
		case AO_WAIT_DO_END:
			done = 1;
			break;
		case AO_WAIT_DO_SLEEP:
			/* an interrupt is seen by the next step */
			sleep_until(loop, until, interrupt, &p, cur, m.patched);
			break;
		case AO_WAIT_DO_ACTIVATE:
			p.note = NULL;
			progress_draw(&p, cur, m.patched, ao_now(), 0);
			st = ao_api_wait_until(ao_api_patch_status(api, id, "ACTIVE", NULL, NULL), interrupt,
			                       p.deadline, &res);
			ao_wait_machine_activated(&m, ao_now(), st, res.deadline_passed);
			if (m.end == AO_WAIT_END_ACTIVATE_FAILED) {
				char *why = res.message != NULL ? sentence(res.message) : NULL;

				w->message = xasprintf("Activating %s failed%s%s Once that is fixed, run "
				                       "`agent-onboard status %s --wait --activate`.", shown,
				                       why != NULL ? ": " : ".", why != NULL ? why : "", shown);
				free(why);
			}
			w->activated = m.patched;
			ao_api_result_free(&res);
			break;
		case AO_WAIT_DO_CHECK:
			st = ao_api_wait_until(ao_api_get(api, kind, id, NULL, NULL), interrupt, p.deadline, &res);
			ao_wait_machine_checked(&m, ao_now(), st, &res.resource, res.deadline_passed,
			                        res.retry_status, &res.rate);
			if (res.deadline_passed) {
				/* --timeout ran out during the check: abandoned.  If it had
				 * failed and was waiting for its retry, that failure is
				 * the latest news. */
				if (res.retry_status != AO_OK) {
					free(last_msg);
					last_msg = sentence(res.retry_message != NULL ? res.retry_message
					                                              : ao_status_message(res.retry_status));
				}
			} else if (st == AO_OK) {
				take_resource(cur, &res);
				p.note = NULL;
			} else if (st == AO_ERR_INTERRUPTED) {
				/* seen by the next step */
			} else if (ao_wait_transient(st)) {
				/* the client has retried already; the schedule goes on and
				 * this is reported only if the wait ends on it */
				free(last_msg);
				last_msg = check_failure(&res);
				p.note = ao_status_message(st);
			} else {
				/* 401/403/4xx: the client's advice says what to fix */
				char *why = sentence(res.message != NULL ? res.message : ao_status_message(st));

				/* a registration that vanished cannot be followed */
				if (st == AO_ERR_NOT_FOUND)
					w->message = xasprintf("Checking %s failed after %.0f s: %s", shown,
					                       ao_now() - start, why);
				else
					w->message = xasprintf("Checking %s failed after %.0f s: %s It is registered; "
					                       "once that is fixed, follow it with `agent-onboard "
					                       "status %s --wait%s`.", shown, ao_now() - start, why,
					                       shown, kind == AO_KIND_AGENT && spec->activate ?
					                       " --activate" : "");
				free(why);
			}
			ao_api_result_free(&res);
			break;
		}
	}
	progress_clear(&p);
	/* the platform's own wait (Retry-After, RateLimit-Reset; at most 60 s)
	 * outlasted --timeout: seen on a check, or still pending in the pacer
	 * that held the last check back */
	later = m.asked_later || ao_pacer_delay(ao_api_pacer(api), ao_now()) > 0.5;
	w->status = m.status_out;
	w->timed_out = m.timed_out;
	w->needs_activation = m.end == AO_WAIT_END_NEEDS_ACTIVATION;
	w->checks = m.checks;
	w->elapsed = ao_now() - start;

	state = ao_display_dup(cur->status_raw != NULL ? cur->status_raw : "unknown");
	/* a failure that ended the wait at once has its message already */
	if (w->message == NULL) {
		switch (m.end) {
		case AO_WAIT_END_ACTIVE:
			w->message = xasprintf("%s is ACTIVE (after %.0f s).", shown, w->elapsed);
			break;
		case AO_WAIT_END_DISABLED:
			/* why, and the fix, follow (ao_cli_wait_report) */
			w->message = xasprintf("%s is DISABLED after %.0f s of waiting: the platform does not use it.",
			                       shown, w->elapsed);
			w->explainable = 1;
			break;
		case AO_WAIT_END_NEEDS_ACTIVATION:
			w->message = xasprintf("%s is PENDING with its authentication configured. Partner agents "
			                       "do not activate by themselves: run `agent-onboard status %s "
			                       "--wait --activate`.", shown, shown);
			break;
		case AO_WAIT_END_TIMEOUT_CUT:
			w->message = xasprintf("%s is still %s as far as known: --timeout ran out after %.0f s "
			                       "while a status check was %s. It may "
			                       "still activate; keep waiting with `agent-onboard status %s "
			                       "--wait%s`.", shown, state, w->elapsed,
			                       later ? "held back because the platform asked to come back later "
			                       "(Retry-After) than --timeout allows" : "in flight (it was abandoned)",
			                       shown, kind == AO_KIND_AGENT ? " --activate" : "");
			break;
		case AO_WAIT_END_TIMEOUT:
			if (later) {
				w->message = xasprintf("%s is still %s after %.0f s (--timeout). The platform asked to "
				                       "come back later (Retry-After) than --timeout allows. It may still "
				                       "activate; keep waiting with `agent-onboard status %s --wait%s`.",
				                       shown, state, w->elapsed, shown,
				                       kind == AO_KIND_AGENT ? " --activate" : "");
			} else {
				/* why it is still PENDING, and the fix, follow (ao_cli_wait_report);
				 * how to keep following it stays here, whatever the explanation
				 * finds in the time it has */
				w->message = xasprintf("%s is still %s after %.0f s (--timeout); follow it with "
				                       "`agent-onboard status %s --wait%s`.", shown, state, w->elapsed,
				                       shown, kind == AO_KIND_AGENT ? " --activate" : "");
				w->explainable = 1;
			}
			break;
		case AO_WAIT_END_INTERRUPTED:
			w->message = xasprintf("Interrupted while %s was %s; nothing was changed by stopping. "
			                       "Resume with `agent-onboard status %s --wait%s`.", shown, state, shown,
			                       kind == AO_KIND_AGENT && spec->activate ? " --activate" : "");
			break;
		case AO_WAIT_END_FAILING:
		default:
			/* every check failed until --timeout */
			w->message = xasprintf("Checking %s failed until --timeout ran out (%.0f s): %s %s is "
			                       "registered (last known status: %s); follow it with "
			                       "`agent-onboard status %s --wait%s`.", shown, w->elapsed,
			                       last_msg != NULL ? last_msg : ao_status_message(w->status), shown,
			                       state, shown, kind == AO_KIND_AGENT && spec->activate ? " --activate" : "");
			break;
		}
	}
	free(last_msg);
	free(state);
	free(shown);
	free(id);
	return w->status;
}
