/* SPDX-License-Identifier: MIT */
/* The wizard's controller: construction, answers, navigation, signals.
 * The slow parts live next door: session_key.c (platform key and keyring),
 * session_draft.c, session_submit.c, session_wait.c, session_probe.c,
 * session_text.c (commands and texts shown to the user). */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "session_priv.h"

#define DEFAULT_TIMEOUT 900.0
#define ANSWERS_MAX (256 * 1024)

volatile sig_atomic_t ao_sig_winch, ao_sig_hup, ao_sig_term, ao_sig_int;
static int signal_fd = -1;

static void
on_signal(int sig)
{
	int saved = errno;

	switch (sig) {
	case SIGWINCH: ao_sig_winch = 1; break;
	case SIGHUP: ao_sig_hup = 1; break;
	case SIGTERM: ao_sig_term = 1; break;
	case SIGINT: ao_sig_int = 1; break;
	default: break;
	}
	if (signal_fd >= 0) {
		ssize_t n = write(signal_fd, "", 1);
		(void)n;
	}
	errno = saved;
}

void
ao_session_install_signals(struct ao_session *s)
{
	static const int sigs[] = { SIGWINCH, SIGHUP, SIGTERM, SIGINT };
	struct sigaction sa;
	size_t i;

	signal_fd = ao_loop_signal_fd(s->loop);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking read in the plain mode must return */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void
ao_sess_emit(struct ao_session *s, unsigned events)
{
	if (s->notify != NULL)
		s->notify(s->notify_arg, events);
}

void
ao_sess_notice(struct ao_session *s, const char *fmt, ...)
{
	va_list ap;

	free(s->notice);
	s->notice = NULL;
	if (fmt != NULL) {
		va_start(ap, fmt);
		s->notice = xvasprintf(fmt, ap);
		va_end(ap);
	}
	ao_sess_emit(s, AO_EV_MESSAGE);
}

void
ao_session_clear_notice(struct ao_session *s)
{
	free(s->notice);
	s->notice = NULL;
}

void
ao_sess_set_busy(struct ao_session *s, enum ao_busy b, struct ao_api_call *call)
{
	s->busy = b;
	s->call = call;
	s->busy_since = b != AO_BUSY_NONE ? ao_now() : 0;
}

static char *
draft_path(const struct ao_global *g)
{
	char *dir = ao_state_dir(), *path;

	if (dir == NULL)
		return NULL;
	/* a demo's draft points at a simulator that is gone: keep it apart */
	path = xasprintf("%s/%s", dir, g->demo ? "demo-draft.json" : "draft.json");
	free(dir);
	return path;
}

static int
load_answers_file(struct ao_session *s, const char *path, char *msg, size_t msgsz)
{
	struct ao_buf b;
	char detail[2048];
	int rc;

	ao_buf_init(&b, 0);
	rc = ao_buf_read_file(&b, path, ANSWERS_MAX);
	if (rc != 0) {
		snprintf(msg, msgsz, "cannot read the answers file %s: %s", path, ao_user_file_strerror(rc));
		ao_buf_free(&b);
		return -1;
	}
	if (ao_answers_load(b.data ? b.data : "", b.len, &s->a, detail, sizeof(detail)) != 0) {
		snprintf(msg, msgsz, "the answers file %s has problems:\n%s", path, detail);
		ao_buf_free(&b);
		return -1;
	}
	ao_buf_free(&b);
	return 0;
}

static void
load_draft(struct ao_session *s)
{
	struct ao_buf b;
	char msg[256];

	if (s->draft_path == NULL)
		return;
	ao_buf_init(&b, 0);
	if (ao_buf_read_file(&b, s->draft_path, ANSWERS_MAX) != 0) {
		ao_buf_free(&b);
		return;
	}
	s->found = xcalloc(1, sizeof(*s->found));
	ao_draft_init(s->found);
	if (ao_draft_parse(b.data ? b.data : "", b.len, s->found, msg, sizeof(msg)) != 0) {
		ao_sess_notice(s, "The saved draft (%s) could not be read: %s. Starting afresh.",
		               s->draft_path, msg);
		ao_draft_clear(s->found);
		free(s->found);
		s->found = NULL;
	} else if (s->g->demo && (s->found->registered_id != NULL || s->found->submit_started)) {
		/* the simulator that held it stopped with the last demo */
		ao_draft_clear(s->found);
		free(s->found);
		s->found = NULL;
		unlink(s->draft_path);
	} else {
		s->have_draft = 1;
	}
	ao_buf_free(&b);
}

void
ao_sess_fill_slug(struct ao_session *s)
{
	char *slug;

	s->source_id_auto = ao_sess_slug_matches(&s->a);
	if (!s->source_id_auto || !ao_answers_has(&s->a, AO_F_NAME) || ao_answers_has(&s->a, AO_F_SOURCE_ID))
		return;
	slug = ao_slugify(ao_answers_get(&s->a, AO_F_NAME));
	ao_answers_set(&s->a, AO_F_SOURCE_ID, slug);
	free(slug);
}

int
ao_sess_slug_matches(const struct ao_answers *a)
{
	char *slug;
	int same;

	if (!ao_answers_has(a, AO_F_SOURCE_ID))
		return 1;
	slug = ao_slugify(ao_answers_get(a, AO_F_NAME));
	same = strcmp(slug, ao_answers_get(a, AO_F_SOURCE_ID)) == 0;
	free(slug);
	return same;
}

struct ao_session *
ao_session_new(const struct ao_global *g, const struct ao_session_options *o,
               char *msg, size_t msgsz, int *exit_code)
{
	struct ao_session *s = xcalloc(1, sizeof(*s));
	struct ao_api_config cfg;

	s->g = g;
	s->api_url = g->api_url;
	s->timeout = o->timeout > 0 ? o->timeout : DEFAULT_TIMEOUT;
	s->return_step = -1;
	s->exit_code = AO_EXIT_OK;
	ao_answers_init(&s->a);
	s->step = AO_STEP_PLATFORM;
	s->res.auth_configured = -1;
	s->existing.auth_configured = -1;
	s->loop = ao_loop_new();
	if (s->loop == NULL) {
		snprintf(msg, msgsz, "cannot set up the event loop");
		*exit_code = AO_EXIT_FAILURE;
		goto fail;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = g->api_url;
	cfg.partner_base_url = g->partner_api_url;
	cfg.ca_file = g->ca_file;
	cfg.log = g->log;
	s->api = ao_api_new(s->loop, &cfg, msg, msgsz);
	if (s->api == NULL) {
		*exit_code = AO_EXIT_USAGE;
		goto fail;
	}
	if (o->answers_file != NULL && load_answers_file(s, o->answers_file, msg, msgsz) != 0) {
		*exit_code = AO_EXIT_INVALID;
		goto fail;
	}
	ao_answers_apply_defaults(&s->a);
	if (g->demo && !ao_answers_has(&s->a, AO_F_ENDPOINT_URL)) {
		/* the presenter's path: the simulator's own MCP agent */
		char *url = xasprintf("%s/demo/mcp", g->api_url);

		ao_answers_set(&s->a, AO_F_ENDPOINT_URL, url);
		free(url);
	}
	ao_sess_fill_slug(s);
	if (o->edit_id != NULL) {
		/* the platform holds the answers: no draft is read or written */
		s->edit_id = xstrdup(o->edit_id);
		s->edit_pending = 1;
	} else {
		s->draft_path = draft_path(g);
		if (!o->fresh)
			load_draft(s);
	}
	if (!g->demo)
		s->keyring = ao_secret_store_new_keyring();
	return s;
fail:
	ao_session_free(s);
	return NULL;
}

void
ao_session_free(struct ao_session *s)
{
	int f;

	if (s == NULL)
		return;
	ao_sess_stop_poll(s);
	if (s->call != NULL)
		ao_api_call_cancel(s->call);
	ao_sess_probe_free(s);
	/* last: it runs the loop a little, with nothing else left to start */
	ao_sess_explain_free(s);
	ao_sq_flush(s);
	ao_sq_free(s);
	ao_api_free(s->api);
	ao_loop_free(s->loop);
	ao_secret_store_free(s->keyring);
	ao_answers_clear(&s->a);
	for (f = 0; f < AO_FIELD_COUNT; f++)
		free(s->server_error[f]);
	if (s->found != NULL) {
		ao_draft_clear(s->found);
		free(s->found);
	}
	ao_secret_free(s->key);
	free(s->notice);
	free(s->draft_path);
	free(s->registered_id);
	free(s->account);
	free(s->key_error);
	free(s->partners_error);
	ao_partner_list_free(&s->partners);
	ao_discovered_free(&s->discovered);
	free(s->discover_domain);
	free(s->edit_id);
	free(s->discover_error);
	ao_resource_free(&s->res);
	ao_resource_free(&s->existing);
	free(s->oauth_url);
	free(s->outcome_detail);
	free(s->poll_error);
	free(s->probe_tested);
	free(s->sent_cred);
	free(s);
}

void
ao_session_set_notify(struct ao_session *s, ao_session_notify_fn fn, void *ui)
{
	s->notify = fn;
	s->notify_arg = ui;
}

int
ao_session_start(struct ao_session *s, char *err, size_t errsz)
{
	if (s->g->start_later != NULL && s->g->start_later(s->g->start_later_arg, err, errsz) != 0)
		return -1;
	ao_sess_key_start(s);
	return 0;
}

/* ---- answers ------------------------------------------------------------ */

void
ao_session_set(struct ao_session *s, enum ao_field f, const char *value)
{
	const struct ao_field_info *fi = ao_field_info(f);
	const char *old = ao_answers_get(&s->a, f);
	char *trimmed = NULL;

	if (value != NULL && (fi->flags & AO_FF_URL)) {
		/* leading and trailing spaces alike: never part of a URL */
		size_t len = strlen(value), b = 0;

		while (b < len && isspace((unsigned char)value[b]))
			b++;
		while (len > b && isspace((unsigned char)value[len - 1]))
			len--;
		s->trimmed[f] = b > 0 || len < strlen(value);
		if (s->trimmed[f])
			value = trimmed = xstrndup(value + b, len - b);
	} else if (value == NULL && (fi->flags & AO_FF_URL)) {
		s->trimmed[f] = 0;
	}
	if (value != NULL && value[0] == '\0')
		value = NULL;
	if (strcmp(old, value != NULL ? value : "") == 0)
		goto out;
	ao_answers_set(&s->a, f, value);
	free(s->server_error[f]);
	s->server_error[f] = NULL;
	/* a notice describes the answers as they were ("Token is required",
	 * "Connection test cancelled"): once one changes it is stale */
	if (s->notice != NULL)
		ao_sess_notice(s, NULL);
	if (fi->flags & AO_FF_SECRET)
		s->secret_gen[f]++;
	if (f == AO_F_NAME && s->source_id_auto) {
		char *slug = value != NULL ? ao_slugify(value) : NULL;

		ao_answers_set(&s->a, AO_F_SOURCE_ID, slug);
		free(s->server_error[AO_F_SOURCE_ID]);
		s->server_error[AO_F_SOURCE_ID] = NULL;
		free(slug);
	} else if (f == AO_F_SOURCE_ID) {
		/* typed by hand: stop following the name, unless it is the slug */
		s->source_id_auto = value != NULL && ao_sess_slug_matches(&s->a);
	} else if (f == AO_F_JWT_KEY_FILE || f == AO_F_AUTH_TYPE) {
		/* a usable key decides the algorithm: preselect it */
		if (ao_jwt_key_preselect(&s->a, 0)) {
			free(s->server_error[AO_F_JWT_ALGORITHM]);
			s->server_error[AO_F_JWT_ALGORITHM] = NULL;
		}
	}
out:
	free(trimmed);
}

const char *
ao_session_field_error(struct ao_session *s, enum ao_field f, char *buf, size_t bufsz)
{
	if (s->server_error[f] != NULL)
		return s->server_error[f];
	if (ao_validate_field(&s->a, f, buf, bufsz) != 0)
		return buf;
	return NULL;
}

/* ---- navigation ---------------------------------------------------------- */

static void
entered(struct ao_session *s)
{
	if (s->step == AO_STEP_PARTNER && s->partners_state != AO_LOAD_OK &&
	    s->partners_state != AO_LOAD_RUNNING)
		ao_session_load_partners(s);
	/* the review warns when the agent disagrees with the answers: test
	 * the connection while it is being read */
	if (s->step == AO_STEP_REVIEW)
		ao_session_probe_background(s);
	/* values already there (going back, a resumed draft): test them now */
	if (s->step == AO_STEP_ENDPOINT || s->step == AO_STEP_CREDENTIALS)
		ao_session_probe_auto(s);
}

void
ao_session_goto(struct ao_session *s, enum ao_step step)
{
	s->step = step;
	entered(s);
}

int
ao_session_next(struct ao_session *s, enum ao_field *bad)
{
	struct ao_problems p;
	enum ao_step from = s->step;

	if (from == AO_STEP_PLATFORM) {
		if (!ao_session_key_ok(s))
			return -1;
		if (s->edit_id != NULL && !s->a.editing) {
			/* the forms are filled from the platform first */
			ao_sess_notice(s, "Fetching the registration to edit first.");
			return 0;
		}
		if (s->return_step >= 0) {
			s->step = (enum ao_step)s->return_step;
			s->return_step = -1;
			/* "The platform key is needed" is answered now */
			if (s->notice != NULL && strcmp(s->notice, AO_NOTICE_KEY_NEEDED) == 0)
				ao_sess_notice(s, NULL);
			entered(s);
			ao_sess_key_ready(s);
			ao_sess_ask_lost_secrets(s);
			ao_session_save_draft(s);
			return 0;
		}
	} else if (from >= AO_STEP_KIND && from <= AO_STEP_EXTRAS) {
		if (ao_step_check(&s->a, from, &p) > 0) {
			if (bad != NULL)
				*bad = p.item[0].field;
			return -1;
		}
	} else if (from == AO_STEP_REVIEW) {
		ao_session_submit(s);
		return 0;
	} else {
		return -1;
	}
	if (from == AO_STEP_CREDENTIALS)
		ao_sess_store_draft_secrets(s);
	if (from == AO_STEP_CREDENTIALS && s->return_step > (int)from && s->return_step <= AO_STEP_REVIEW) {
		/* the lost credentials are typed again: back where the draft stopped */
		s->step = (enum ao_step)s->return_step;
		s->return_step = -1;
		ao_sess_notice(s, NULL);
		entered(s);
		ao_session_save_draft(s);
		return 0;
	}
	s->step = ao_step_next(&s->a, from);
	entered(s);
	ao_session_save_draft(s);
	return 0;
}

void
ao_session_back(struct ao_session *s)
{
	if (s->step > AO_STEP_REVIEW)
		return;
	if (s->step == AO_STEP_CREDENTIALS)
		ao_sess_store_draft_secrets(s);
	s->step = ao_step_prev(&s->a, s->step);
	entered(s);
	ao_session_save_draft(s);
}

/* ---- display helpers ----------------------------------------------------- */

double
ao_session_busy_elapsed(const struct ao_session *s)
{
	return s->busy != AO_BUSY_NONE ? ao_now() - s->busy_since : 0;
}

const char *
ao_busy_label(enum ao_busy b)
{
	switch (b) {
	case AO_BUSY_NONE: return "";
	case AO_BUSY_KEY: return "Consulting the keyring";
	case AO_BUSY_ACCOUNT: return "Checking the API key with the platform";
	case AO_BUSY_PARTNERS: return "Loading your partner seats";
	case AO_BUSY_PROBE: return "Testing the connection to the agent";
	case AO_BUSY_LOOKUP: return "Checking whether the interrupted submission reached the platform";
	case AO_BUSY_SUBMIT: return "Submitting the registration";
	case AO_BUSY_ACTIVATE: return "Activating the agent";
	case AO_BUSY_OAUTH_URL: return "Asking for a new authorization URL";
	case AO_BUSY_DISCOVER: return "Asking AgenticAdvertising.org for the domain's agents";
	}
	return "";
}

int
ao_session_exit_code(const struct ao_session *s)
{
	switch (s->outcome) {
	case AO_OUT_ACTIVE: return AO_EXIT_OK;
	case AO_OUT_DISABLED: return AO_EXIT_DISABLED;
	case AO_OUT_TIMEOUT:
	case AO_OUT_DETACHED: return AO_EXIT_PENDING;
	case AO_OUT_FAILED: return s->exit_code != AO_EXIT_OK ? s->exit_code : AO_EXIT_FAILURE;
	case AO_OUT_NONE: break;
	}
	return AO_EXIT_INTERRUPTED;
}
