/* SPDX-License-Identifier: MIT */
/* Shared by create, status and list: the platform client and its key, the
 * Ctrl-C flag, and how registrations are shown (tables and "Label: value"
 * lines for people, the platform's own JSON for scripts). */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/session.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/secret/store.h"

volatile sig_atomic_t ao_cli_interrupted;

static volatile sig_atomic_t wake_fd = -1;
static volatile sig_atomic_t last_signal;
static struct sigaction old_int, old_term, old_hup;
static int installed;

/* Only sets the flag and wakes the loop (OpenSSH clientloop.c): everything
 * else happens when the loop sees the flag. */
static void
on_signal(int sig)
{
	int saved = errno;

	last_signal = sig;
	ao_cli_interrupted = 1;
	if (wake_fd >= 0) {
		ssize_t n = write(wake_fd, "", 1);

		(void)n;
	}
	errno = saved;
}

void
ao_cli_signals_install(struct ao_loop *loop)
{
	struct sigaction sa;

	wake_fd = loop != NULL ? ao_loop_signal_fd(loop) : -1;
	if (installed)
		return;
	/* a flag left from an earlier command run in this process (tests) */
	ao_cli_interrupted = 0;
	last_signal = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	installed = 1;
}

void
ao_cli_signals_restore(void)
{
	if (!installed)
		return;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	wake_fd = -1;
	installed = 0;
}

const char *
ao_cli_signal_name(void)
{
	switch (last_signal) {
	case SIGINT: return "Ctrl-C";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	default: return "a signal";
	}
}

static void
on_job_ready(struct ao_loop *loop, int fd, short revents, void *arg)
{
	(void)revents;
	(void)arg;
	/* only wakes the loop; the fd stays readable until the job is freed */
	ao_loop_unwatch_fd(loop, fd);
}

/* The platform key from the keyring for api_url, looked up on the secret
 * store's worker thread while this thread waits in the loop, so that a
 * signal (whose handler wakes the loop) ends the wait at once even when the
 * Secret Service stalls.  Returns AO_OK with key->key set, AO_ERR_NOT_FOUND
 * (the keyring answered: no key), AO_ERR_KEYRING / AO_ERR_TIMEOUT (it could
 * not be used; key->keyring says why) or AO_ERR_INTERRUPTED. */
static enum ao_status
keyring_lookup(struct ao_loop *loop, struct ao_secret_store *store, const char *api_url,
               struct ao_platform_key *key)
{
	struct ao_secret_ref ref = ao_secret_ref_platform_key(api_url);
	struct ao_secret_job *job = ao_secret_job_start(store, AO_SECRET_OP_LOOKUP, &ref, NULL, 0);
	struct ao_secret_result r;
	enum ao_status st;
	int fd = ao_secret_job_fd(job);

	if (fd >= 0)
		ao_loop_watch_fd(loop, fd, POLLIN, on_job_ready, NULL);
	while (!ao_secret_job_done(job)) {
		if (ao_cli_interrupted)
			break;
		/* the job publishes by its own deadline (AO_SECRET_TIMEOUT_MS) */
		ao_loop_run_once(loop, fd >= 0 ? 0.5 : 0.01);
	}
	if (fd >= 0)
		ao_loop_unwatch_fd(loop, fd);
	if (!ao_secret_job_done(job)) {
		/* a worker stuck in the keyring finishes on its own */
		ao_secret_job_free(job);
		return AO_ERR_INTERRUPTED;
	}
	ao_secret_job_collect(job, &r);
	ao_secret_job_free(job);
	ao_platform_key_from_lookup(key, store, api_url, &r);
	st = key->key != NULL ? AO_OK : r.status;
	ao_secret_result_clear(&r);
	return st;
}

/* Finds the platform key: the demo key, SCOPE3_API_KEY, else the keyring.
 * Returns AO_EXIT_OK with k (and where) set, or an exit code after saying
 * what is wrong: 5 when the keyring answered and holds no key, 9 when it
 * could not be used (the key may well be there: locked), 130 when
 * interrupted. */
static int
find_key(struct ao_cli_session *s, const struct ao_global *g, struct ao_platform_key *key,
         const char **k)
{
	struct ao_secret_store *store;
	enum ao_status st;

	if (g->demo && g->demo_key != NULL) {
		*k = g->demo_key;
		snprintf(s->key_where, sizeof(s->key_where), "the built-in simulator's demo key");
		return AO_EXIT_OK;
	}
	if (!ao_platform_key_from_env(key)) {
		store = ao_secret_store_new_keyring();
		st = keyring_lookup(s->loop, store, g->api_url, key);
		ao_secret_store_free(store);
		if (st == AO_ERR_INTERRUPTED) {
			fprintf(stderr, "agent-onboard: interrupted (%s) while the platform API key was being "
			        "looked up in the keyring; nothing was sent.\n", ao_cli_signal_name());
			return AO_EXIT_INTERRUPTED;
		}
		if (key->key == NULL && st != AO_ERR_NOT_FOUND) {
			const struct ao_keyring_check *c = &key->keyring;

			fprintf(stderr, "agent-onboard: the platform API key for %s could not be looked up: "
			        "SCOPE3_API_KEY %s and the keyring cannot be used (%s).\n",
			        g->api_url, ao_platform_key_env_state(), ao_keyring_cause_name(c->cause));
			if (c->detail[0] != '\0')
				fprintf(stderr, "  %s\n", c->detail);
			fprintf(stderr, "  Fix: %s.\n"
			        "  Or set SCOPE3_API_KEY for this command (it never prompts); once the keyring "
			        "works, `agent-onboard login` stores the key there.\n"
			        "  Nothing was sent.\n", ao_keyring_cause_fix(c->cause));
			return AO_EXIT_KEYRING;
		}
		if (key->key == NULL) {
			fprintf(stderr, "agent-onboard: no platform API key for %s: %s.\n", g->api_url, key->where);
			fprintf(stderr, "  Set SCOPE3_API_KEY, or store the key once with `agent-onboard login`.\n"
			        "  Keys are created at https://interchange.io/user-api-keys.\n");
			return AO_EXIT_AUTH;
		}
	}
	*k = key->key;
	snprintf(s->key_where, sizeof(s->key_where), "%s", key->where);
	return AO_EXIT_OK;
}

int
ao_cli_session_open(struct ao_cli_session *s, const struct ao_global *g)
{
	struct ao_platform_key key = { 0 };
	struct ao_api_config cfg;
	const char *k = NULL;
	char msg[512];
	int rc;

	memset(s, 0, sizeof(*s));
	/* the loop first, and the handlers with it: the key lookup may wait on
	 * a stalled keyring, and a signal must end that wait, not the process */
	s->loop = ao_loop_new();
	ao_cli_signals_install(s->loop);
	rc = find_key(s, g, &key, &k);
	if (rc != AO_EXIT_OK)
		goto fail;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = g->api_url;
	cfg.partner_base_url = g->partner_api_url;
	cfg.api_key = k;
	cfg.ca_file = g->ca_file;
	cfg.log = g->log;
	s->api = ao_api_new(s->loop, &cfg, msg, sizeof(msg));
	if (s->api == NULL) {
		fprintf(stderr, "agent-onboard: %s\n", msg);
		rc = AO_EXIT_USAGE;
		goto fail;
	}
	/* the client keeps its own copy; ours is wiped now */
	ao_platform_key_clear(&key);
	return AO_EXIT_OK;
fail:
	ao_platform_key_clear(&key);
	ao_cli_signals_restore();
	ao_loop_free(s->loop);
	s->loop = NULL;
	return rc;
}

void
ao_cli_session_close(struct ao_cli_session *s)
{
	if (s == NULL)
		return;
	ao_cli_signals_restore();
	ao_api_free(s->api);
	ao_loop_free(s->loop);
	s->api = NULL;
	s->loop = NULL;
}

int
ao_cli_report_failure(const struct ao_api_result *res, const char *doing)
{
	/* the message and code quote the platform (or a redirect's Location) */
	char *m = ao_display_dup(res->message != NULL ? res->message : ao_status_message(res->status));
	char *code = ao_display_dup(res->error.code);

	if (res->http_status >= 400 && res->error.code != NULL)
		fprintf(stderr, "agent-onboard: %s failed (HTTP %ld %s): %s\n", doing, res->http_status,
		        code, m);
	else if (res->http_status >= 400)
		fprintf(stderr, "agent-onboard: %s failed (HTTP %ld): %s\n", doing, res->http_status, m);
	else
		fprintf(stderr, "agent-onboard: %s failed: %s\n", doing, m);
	free(m);
	free(code);
	return ao_status_exit(res->status);
}

enum ao_kind
ao_cli_parse_kind(const char *s)
{
	const char *c = ao_choice_canonical(AO_F_KIND, s);

	if (c == NULL)
		return AO_KIND_NONE;
	return strcmp(c, "partner-agent") == 0 ? AO_KIND_AGENT : AO_KIND_SOURCE;
}

static void
line(FILE *out, const char *label, const char *value)
{
	char *safe;

	if (value == NULL || *value == '\0')
		return;
	safe = ao_display_dup(value);
	fprintf(out, "  %-16s %s\n", label, safe);
	free(safe);
}

void
ao_cli_print_resource(FILE *out, const struct ao_resource *r)
{
	const char *auth;

	char *id = ao_display_dup(r->id != NULL ? r->id : "(no id)");

	fprintf(out, "%s %s\n", r->kind == AO_KIND_AGENT ? "Partner agent" : "Inventory source", id);
	free(id);
	line(out, "Name:", r->name);
	line(out, "Status:", r->status_raw != NULL ? r->status_raw : "(not reported)");
	line(out, "Type:", r->type);
	line(out, "Protocol:", r->protocol);
	line(out, "Endpoint URL:", r->endpoint_url);
	auth = r->auth_configured == 1 ? "configured" : r->auth_configured == 0 ? "not configured" : NULL;
	if (r->auth_type != NULL || auth != NULL) {
		char both[160];

		snprintf(both, sizeof(both), "%s%s%s%s", r->auth_type ? r->auth_type : "",
		         r->auth_type && auth ? " (" : "", auth ? auth : "", r->auth_type && auth ? ")" : "");
		line(out, "Authentication:", both);
	}
	if (r->kind == AO_KIND_SOURCE && r->agent_id != NULL)
		line(out, "Agent id:", r->agent_id);
	line(out, "OAuth URL:", r->oauth_url);
	line(out, "OAuth error:", r->oauth_error);
	line(out, "Created:", r->created_at);
	line(out, "Updated:", r->updated_at);
}

void
ao_cli_print_oauth(FILE *out, const struct ao_resource *r)
{
	char *safe;

	if (r->oauth_url != NULL) {
		safe = ao_display_dup(r->oauth_url);
		fprintf(out, "Approve access for the platform in a browser (on any machine):\n  %s\n", safe);
		free(safe);
	}
	if (r->oauth_error != NULL) {
		safe = ao_display_dup(r->oauth_error);
		fprintf(out, "agent-onboard: the platform could not start OAuth: %s\n", safe);
		free(safe);
	}
	fflush(out);
}

void
ao_cli_print_next_step(FILE *out, const struct ao_resource *r)
{
	char *id = ao_display_dup(r->id != NULL ? r->id : "ID");
	char *raw = ao_display_dup(r->status_raw != NULL ? r->status_raw : "");
	int oauth = r->auth_type != NULL && strcmp(r->auth_type, "OAUTH") == 0;

	switch (r->status) {
	case AO_ST_ACTIVE:
		fprintf(out, "It is ACTIVE.\n");
		break;
	case AO_ST_DISABLED:
		fprintf(out, "It is DISABLED: the platform does not route traffic to it. Check the agent and "
		        "its credential, then re-enable it in the platform.\n");
		break;
	case AO_ST_PENDING:
		if (r->kind == AO_KIND_AGENT) {
			if (oauth && r->auth_configured != 1)
				fprintf(out, "Approve access at the OAuth URL, then activate it (partner agents do "
				        "not activate by themselves):\n  agent-onboard status %s --wait --activate\n", id);
			else
				fprintf(out, "Partner agents stay PENDING until you activate them:\n"
				        "  agent-onboard status %s --wait --activate\n", id);
		} else if (oauth && r->auth_configured != 1) {
			fprintf(out, "Approve access at the OAuth URL; it activates once approved. Follow it with:\n"
			        "  agent-onboard status %s --wait\n", id);
		} else {
			fprintf(out, "It activates by itself once the platform reaches the agent with the "
			        "credential. Follow it with:\n  agent-onboard status %s --wait\n", id);
		}
		break;
	default:
		fprintf(out, "The platform reports the status \"%s\", which agent-onboard does not know.\n", raw);
		break;
	}
	free(id);
	free(raw);
}

int
ao_cli_state_exit(const struct ao_resource *r)
{
	switch (r->status) {
	case AO_ST_ACTIVE: return AO_EXIT_OK;
	case AO_ST_PENDING:
	case AO_ST_COMING_SOON: return AO_EXIT_PENDING;
	case AO_ST_DISABLED: return AO_EXIT_DISABLED;
	default: return AO_EXIT_FAILURE;
	}
}

cJSON *
ao_cli_resource_json(const struct ao_resource *r)
{
	if (r->raw != NULL)
		return cJSON_Duplicate(r->raw, 1);
	return cJSON_CreateObject();
}

void
ao_cli_print_json_text(FILE *out, const char *text)
{
	char *safe = ao_display_json(text);

	fprintf(out, "%s\n", safe);
	free(safe);
	fflush(out);
}

void
ao_cli_print_json(FILE *out, const cJSON *json)
{
	char *text = cJSON_Print(json);

	if (text != NULL) {
		ao_cli_print_json_text(out, text);
		cJSON_free(text);
	}
	fflush(out);
}

double
ao_cli_parse_seconds(const char *s)
{
	char *end = NULL;
	double v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < 0 || v > 7 * 24 * 3600.0)
		return -1;
	return v;
}

int
ao_cli_stderr_redraws(void)
{
	const char *term = getenv("TERM");

	/* a dumb terminal (Emacs shell, some CI logs) shows \r and \e[K as
	 * garbage: it gets no redrawn lines */
	return isatty(STDERR_FILENO) && term != NULL && term[0] != '\0' && strcmp(term, "dumb") != 0;
}
