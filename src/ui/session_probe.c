/* SPDX-License-Identifier: MIT */
/* Test connection: the probe (net/probe.h) is blocking, so it runs on a
 * worker thread with its own copies of the request (secrets wiped after)
 * and tells the loop through a pipe it watches.  Esc abandons it: the
 * cancel flag is set and the result, when it comes, is dropped. */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/loop.h"
#include "session_priv.h"

struct ao_probe_task {
	pthread_t thread;
	int pipe[2];
	volatile int cancel;
	int abandoned;
	char *url, *protocol, *agent_type, *auth_type, *key_type, *ca_file;
	char *token, *username, *password;   /* copies; token and password are secrets */
	struct ao_probe_result result;
};

static void
task_free(struct ao_probe_task *t)
{
	if (t == NULL)
		return;
	close(t->pipe[0]);
	close(t->pipe[1]);
	free(t->url);
	free(t->protocol);
	free(t->agent_type);
	free(t->auth_type);
	free(t->key_type);
	free(t->ca_file);
	ao_secret_free(t->token);
	free(t->username);
	ao_secret_free(t->password);
	free(t);
}

static void *
probe_main(void *arg)
{
	struct ao_probe_task *t = arg;
	struct ao_probe_request req;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.url = t->url;
	req.protocol = t->protocol;
	req.agent_type = t->agent_type;
	req.auth_type = t->auth_type;
	req.api_key_type = t->key_type;
	req.token = t->token;
	req.username = t->username;
	req.password = t->password;
	req.ca_file = t->ca_file;
	req.cancel = &t->cancel;
	ao_probe_run(&req, &t->result);
	n = write(t->pipe[1], "x", 1);
	(void)n;
	return NULL;
}

static char *
dup_or_null(const struct ao_answers *a, enum ao_field f)
{
	return ao_answers_has(a, f) ? xstrdup(ao_answers_get(a, f)) : NULL;
}

static void
on_done(struct ao_loop *loop, int fd, short revents, void *arg)
{
	struct ao_session *s = arg;
	struct ao_probe_task *t = s->probe_task;

	(void)revents;
	ao_loop_unwatch_fd(loop, fd);
	pthread_join(t->thread, NULL);
	s->probe_task = NULL;
	if (!t->abandoned) {
		s->probe = t->result;
		s->probe_state = AO_LOAD_OK;
		if (s->busy == AO_BUSY_PROBE && !s->probe_background)
			ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	}
	task_free(t);
	ao_sess_emit(s, AO_EV_PROBE);
	if (s->probe_again) {
		s->probe_again = 0;
		ao_session_probe_auto(s);
	}
}

/* What a probe result is for: the endpoint, the auth type and the
 * credential (by its edit count, never its value). */
static char *
tested_key(const struct ao_session *s)
{
	const struct ao_answers *a = &s->a;

	return xasprintf("%s %s %s %s %u %u", ao_answers_get(a, AO_F_ENDPOINT_URL), ao_answers_get(a, AO_F_AUTH_TYPE),
	                 ao_answers_get(a, AO_F_API_KEY_TYPE), ao_answers_get(a, AO_F_BASIC_USERNAME),
	                 s->secret_gen[AO_F_API_TOKEN], s->secret_gen[AO_F_BASIC_PASSWORD]);
}

static void
start_probe(struct ao_session *s, int background)
{
	struct ao_probe_task *t;
	const struct ao_answers *a = &s->a;

	if ((!background && s->busy != AO_BUSY_NONE) || s->probe_task != NULL)
		return;
	if (!ao_answers_has(a, AO_F_ENDPOINT_URL)) {
		ao_sess_notice(s, "Type the endpoint URL first.");
		return;
	}
	t = xcalloc(1, sizeof(*t));
	if (pipe2(t->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		free(t);
		ao_sess_notice(s, "Cannot test the connection: out of file descriptors.");
		return;
	}
	t->url = dup_or_null(a, AO_F_ENDPOINT_URL);
	t->protocol = xstrdup(ao_answers_has(a, AO_F_PROTOCOL) ? ao_answers_get(a, AO_F_PROTOCOL) : "MCP");
	t->agent_type = dup_or_null(a, AO_F_TYPE);
	/* before the auth step is answered, test reachability only */
	t->auth_type = xstrdup(ao_answers_has(a, AO_F_AUTH_TYPE) ? ao_answers_get(a, AO_F_AUTH_TYPE) : "NO_AUTH");
	t->key_type = dup_or_null(a, AO_F_API_KEY_TYPE);
	t->token = dup_or_null(a, AO_F_API_TOKEN);
	t->username = dup_or_null(a, AO_F_BASIC_USERNAME);
	t->password = dup_or_null(a, AO_F_BASIC_PASSWORD);
	t->ca_file = s->g->ca_file != NULL ? xstrdup(s->g->ca_file) : NULL;
	if (pthread_create(&t->thread, NULL, probe_main, t) != 0) {
		task_free(t);
		ao_sess_notice(s, "Cannot test the connection: no thread available.");
		return;
	}
	s->probe_task = t;
	s->probe_state = AO_LOAD_RUNNING;
	s->probe_step = s->step;
	s->probe_without_auth = !ao_answers_has(a, AO_F_AUTH_TYPE);
	s->probe_background = background;
	free(s->probe_tested);
	s->probe_tested = tested_key(s);
	if (!background)
		ao_sess_set_busy(s, AO_BUSY_PROBE, NULL);
	ao_loop_watch_fd(s->loop, t->pipe[0], POLLIN, on_done, s);
	ao_sess_emit(s, AO_EV_PROBE);
}

void
ao_session_probe(struct ao_session *s)
{
	if (s->probe_task != NULL && s->probe_background && s->busy == AO_BUSY_NONE) {
		/* F5 while the automatic test runs: show it as the user's own */
		if (ao_session_probe_current(s)) {
			s->probe_background = 0;
			ao_sess_set_busy(s, AO_BUSY_PROBE, NULL);
			ao_sess_emit(s, AO_EV_PROBE);
		}
		return;
	}
	start_probe(s, 0);
}

void
ao_session_probe_background(struct ao_session *s)
{
	char *key;
	int same;

	if (!ao_answers_has(&s->a, AO_F_ENDPOINT_URL) || !ao_answers_has(&s->a, AO_F_AUTH_TYPE))
		return;
	/* a result for these very answers is already there, or coming */
	key = tested_key(s);
	same = s->probe_tested != NULL && strcmp(key, s->probe_tested) == 0 && s->probe_state != AO_LOAD_NONE;
	free(key);
	if (!same)
		start_probe(s, 1);
}

int
ao_session_probe_current(const struct ao_session *s)
{
	char *key;
	int same;

	if (s->probe_tested == NULL || s->probe_state == AO_LOAD_NONE)
		return 0;
	key = tested_key(s);
	same = strcmp(key, s->probe_tested) == 0;
	free(key);
	return same;
}

void
ao_session_probe_auto(struct ao_session *s)
{
	struct ao_problems p;
	char msg[AO_MSG_MAX];

	if (s->step != AO_STEP_ENDPOINT && s->step != AO_STEP_CREDENTIALS)
		return;
	if (s->busy != AO_BUSY_NONE || ao_session_probe_current(s))
		return;
	if (!ao_answers_has(&s->a, AO_F_ENDPOINT_URL) ||
	    ao_validate_field(&s->a, AO_F_ENDPOINT_URL, msg, sizeof(msg)) != 0)
		return;
	if (s->step == AO_STEP_CREDENTIALS && ao_step_check(&s->a, AO_STEP_CREDENTIALS, &p) > 0)
		return;
	if (s->probe_task != NULL) {
		/* testing older values: stop it, and test these once it has ended.
		 * Its result is dropped, so it no longer stands for any values
		 * (typing back to them must not wait for a result never coming) */
		s->probe_task->cancel = 1;
		s->probe_task->abandoned = 1;
		s->probe_state = AO_LOAD_NONE;
		free(s->probe_tested);
		s->probe_tested = NULL;
		s->probe_again = 1;
		return;
	}
	start_probe(s, 1);
}

const char *
ao_session_probe_verdict(const struct ao_session *s, int *warning, char *buf, size_t bufsz)
{
	const char *auth = ao_answers_get(&s->a, AO_F_AUTH_TYPE);
	char *key;
	int same;

	*warning = 0;
	if (s->probe_state != AO_LOAD_OK || s->probe_without_auth || s->probe_tested == NULL)
		return NULL;
	key = tested_key(s);
	same = strcmp(key, s->probe_tested) == 0;
	free(key);
	if (!same)
		return NULL;
	switch (s->probe.outcome) {
	case AO_PROBE_OK:
		if (strcmp(auth, "OAUTH") == 0 && s->probe.oauth_issuer[0] != '\0') {
			snprintf(buf, bufsz, "Test connection: the agent publishes OAuth metadata (authorization server "
			         "%s).", s->probe.oauth_issuer);
			return buf;
		}
		if (strcmp(auth, "NO_AUTH") == 0 || strcmp(auth, "OAUTH") == 0)
			return NULL;
		snprintf(buf, bufsz, "Test connection: the agent accepted the credential.");
		return buf;
	case AO_PROBE_AUTH_REQUIRED:
		if (strcmp(auth, "OAUTH") == 0) {
			/* the probe found no authorization server: the platform could
			 * not start the consent flow */
			*warning = 1;
			snprintf(buf, bufsz, "Test connection: Authentication is OAuth, but the agent has no OAuth "
			         "metadata (%s) The platform could not start the consent; Esc goes back to choose "
			         "another type, or publish the metadata first.", s->probe.message);
			return buf;
		}
		if (strcmp(auth, "NO_AUTH") != 0)
			return NULL;
		*warning = 1;
		snprintf(buf, bufsz, "Test connection: the agent asks for a credential, but Authentication is "
		         "\"no authentication\": the platform would not get through. Esc goes back to choose how it "
		         "authenticates.");
		return buf;
	case AO_PROBE_AUTH_REJECTED:
		*warning = 1;
		snprintf(buf, bufsz, "Test connection: the agent rejected the credential (%s). Submitted as it is, "
		         "the registration would end DISABLED; Esc goes back to fix it.", s->probe.message);
		return buf;
	default:
		return NULL;
	}
}

void
ao_sess_probe_abandon(struct ao_session *s)
{
	if (s->probe_task == NULL)
		return;
	s->probe_task->cancel = 1;
	s->probe_task->abandoned = 1;
	s->probe_state = AO_LOAD_NONE;
	if (s->busy == AO_BUSY_PROBE)
		ao_sess_set_busy(s, AO_BUSY_NONE, NULL);
	ao_sess_notice(s, "Connection test cancelled.");
	ao_sess_emit(s, AO_EV_PROBE);
}

void
ao_sess_probe_free(struct ao_session *s)
{
	struct ao_probe_task *t = s->probe_task;

	if (t == NULL)
		return;
	t->cancel = 1;
	ao_loop_unwatch_fd(s->loop, t->pipe[0]);
	pthread_join(t->thread, NULL);
	s->probe_task = NULL;
	task_free(t);
}
