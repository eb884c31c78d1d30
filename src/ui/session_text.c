/* SPDX-License-Identifier: MIT */
/* Texts built from the session for people: the equivalent `create`
 * command, the `status --wait` command, the request with secrets masked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "session_priv.h"

/* Appends s for a POSIX shell: bare when it is made of safe characters,
 * otherwise in single quotes. */
static void
append_quoted(struct ao_buf *b, const char *s)
{
	const char *p;
	int safe = s[0] != '\0';

	for (p = s; *p && safe; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,=@%+", *p))
			safe = 0;
	if (safe) {
		ao_buf_append(b, s, strlen(s));
		return;
	}
	ao_buf_append(b, "'", 1);
	for (p = s; *p; p++) {
		if (*p == '\'')
			ao_buf_append(b, "'\\''", 4);
		else
			ao_buf_append(b, p, 1);
	}
	ao_buf_append(b, "'", 1);
}

static void
append_platform(struct ao_buf *b, const struct ao_session *s)
{
	if (s->g->demo) {
		ao_buf_appendf(b, " --demo");
	} else if (strcmp(s->api_url, AO_API_PRODUCTION_URL) != 0) {
		ao_buf_appendf(b, " --api-url ");
		append_quoted(b, s->api_url);
	}
	if (s->g->ca_file != NULL) {
		ao_buf_appendf(b, " --ca-file ");
		append_quoted(b, s->g->ca_file);
	}
}

char *
ao_session_create_command(const struct ao_session *s)
{
	struct ao_buf b;
	enum ao_field fields[AO_FIELD_COUNT];
	int step, secret = 0;
	size_t i, n;

	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "agent-onboard create");
	append_platform(&b, s);
	for (step = AO_STEP_KIND; step <= AO_STEP_EXTRAS; step++) {
		n = ao_step_fields(&s->a, (enum ao_step)step, fields, AO_FIELD_COUNT);
		for (i = 0; i < n; i++) {
			const struct ao_field_info *fi = ao_field_info(fields[i]);

			if (fi->flags & AO_FF_SECRET) {
				secret = 1;
				continue;
			}
			if (!ao_answers_has(&s->a, fields[i]))
				continue;
			ao_buf_appendf(&b, " --%s ", fi->flag);
			append_quoted(&b, ao_answers_get(&s->a, fields[i]));
		}
	}
	if (secret)
		ao_buf_appendf(&b, " --secret-file %s",
		               ao_field_relevance(&s->a, AO_F_BASIC_PASSWORD) != AO_HIDDEN ? "PASSWORD_FILE"
		                                                                          : "TOKEN_FILE");
	ao_buf_appendf(&b, " --wait");
	return ao_buf_steal(&b);
}

char *
ao_session_status_command(const struct ao_session *s)
{
	struct ao_buf b;

	ao_buf_init(&b, 0);
	ao_buf_appendf(&b, "agent-onboard status ");
	append_quoted(&b, s->registered_id != NULL ? s->registered_id : "ID");
	if (!s->g->demo)
		append_platform(&b, s);
	ao_buf_appendf(&b, " --wait");
	return ao_buf_steal(&b);
}

char *
ao_session_masked_request(const struct ao_session *s)
{
	struct ao_secrets sec = { NULL };
	cJSON *body;
	char *text, *out;

	/* a stand-in key: the builder masks it like every other secret */
	if (strcmp(ao_answers_get(&s->a, AO_F_AUTH_TYPE), "JWT") == 0)
		sec.jwt_private_key = AO_MASK;
	if (s->a.editing)
		body = ao_sess_edit_body(s, &sec, AO_BUILD_MASK_SECRETS);
	else
		body = ao_build_create_body(&s->a, &sec, AO_BUILD_MASK_SECRETS);
	if (body == NULL)
		return xstrdup("{}");
	ao_json_mask_secrets(body);
	text = cJSON_Print(body);
	cJSON_Delete(body);
	if (text != NULL) {
		/* cJSON indents with tabs; the screens draw a tab as one blank */
		struct ao_buf b;
		const char *p;

		ao_buf_init(&b, 0);
		for (p = text; *p; p++)
			ao_buf_append(&b, *p == '\t' ? "  " : p, *p == '\t' ? 2 : 1);
		cJSON_free(text);
		text = ao_buf_steal(&b);
		if (s->a.editing) {
			char *path = ao_resource_path(s->existing.kind, s->existing.id);

			/* a source is updated with PUT (partial), an agent with PATCH */
			out = xasprintf("%s %s%s\n%s", s->existing.kind == AO_KIND_AGENT ? "PATCH" : "PUT", s->api_url,
			                path, text);
			free(path);
		} else {
			out = xasprintf("POST %s%s\n%s", s->api_url, ao_collection_path(ao_answers_kind(&s->a)), text);
		}
		free(text);
		return out;
	}
	out = xasprintf("POST %s%s\n%s", s->api_url, ao_collection_path(ao_answers_kind(&s->a)),
	                text != NULL ? text : "{}");
	cJSON_free(text);
	return out;
}

const char *
ao_session_outcome_title(const struct ao_session *s)
{
	switch (s->outcome) {
	case AO_OUT_ACTIVE: return "ACTIVE: the registration is live";
	case AO_OUT_DISABLED: return "DISABLED: the platform turned the registration off";
	case AO_OUT_TIMEOUT: return "Still PENDING: stopped waiting";
	case AO_OUT_DETACHED: return "Detached: the platform keeps going without the wizard";
	case AO_OUT_FAILED: return "The registration failed";
	case AO_OUT_NONE: break;
	}
	return "";
}
