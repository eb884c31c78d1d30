/* SPDX-License-Identifier: MIT */
/* Building replies: the platform's {data, error} envelope, error bodies with
 * their documented codes, raw bodies for the demo agents and the consent
 * page, and parsing of JSON request bodies. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

void
sb_reply_init(struct sb_reply *rep)
{
	memset(rep, 0, sizeof(*rep));
}

void
sb_reply_clear(struct sb_reply *rep)
{
	size_t i;

	free(rep->content_type);
	free(rep->body);
	for (i = 0; i < rep->nheaders; i++) {
		free(rep->hname[i]);
		free(rep->hvalue[i]);
	}
	sb_reply_init(rep);
}

/* Replaces status, type and body; headers already set stay (rate limits). */
void
sb_reply_take(struct sb_reply *rep, int status, const char *content_type, char *body, size_t len)
{
	char *type = content_type != NULL ? xstrdup(content_type) : NULL;

	/* content_type may be rep's own (reshaping a reply keeps its type) */
	rep->status = status;
	free(rep->content_type);
	rep->content_type = type;
	if (rep->body != body)
		free(rep->body);
	rep->body = body;
	rep->body_len = body != NULL ? len : 0;
}

void
sb_reply_text(struct sb_reply *rep, int status, const char *content_type, const char *text)
{
	sb_reply_take(rep, status, content_type, xstrdup(text), strlen(text));
}

void
sb_reply_json(struct sb_reply *rep, int status, cJSON *json)
{
	char *text = cJSON_PrintUnformatted(json);

	cJSON_Delete(json);
	if (text == NULL)
		text = xstrdup("null");
	sb_reply_take(rep, status, "application/json", text, strlen(text));
}

void
sb_reply_data(struct sb_reply *rep, int status, cJSON *data, cJSON *meta)
{
	cJSON *env;

	/* the reference pages show bare objects; a list keeps its envelope,
	 * since its pagination lives in meta */
	if (rep->bare && meta == NULL && data != NULL) {
		sb_reply_json(rep, status, data);
		return;
	}
	env = cJSON_CreateObject();

	cJSON_AddItemToObject(env, "data", data != NULL ? data : cJSON_CreateNull());
	cJSON_AddNullToObject(env, "error");
	if (meta != NULL)
		cJSON_AddItemToObject(env, "meta", meta);
	sb_reply_json(rep, status, env);
}

const char *
sb_default_error_code(int status)
{
	switch (status) {
	case 400: return "VALIDATION_ERROR";
	case 401: return "UNAUTHORIZED";
	case 403: return "TOS_ACCEPTANCE_REQUIRED";
	case 404: return "NOT_FOUND";
	case 405: return "METHOD_NOT_ALLOWED";
	case 409: return "CONFLICT";
	case 413: return "PAYLOAD_TOO_LARGE";
	case 415: return "UNSUPPORTED_MEDIA_TYPE";
	case 422: return "VALIDATION_ERROR";
	case 429: return "RATE_LIMITED";
	case 501: return "NOT_IMPLEMENTED";
	case 503: return "SERVICE_UNAVAILABLE";
	default:  return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
	}
}

void
sb_reply_error(struct sb_reply *rep, int status, const char *code, const char *field,
               cJSON *details, const char *fmt, ...)
{
	cJSON *env = cJSON_CreateObject(), *err = cJSON_CreateObject();
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	cJSON_AddNullToObject(env, "data");
	cJSON_AddStringToObject(err, "code", code != NULL ? code : sb_default_error_code(status));
	cJSON_AddStringToObject(err, "message", message);
	if (field != NULL && *field != '\0')
		cJSON_AddStringToObject(err, "field", field);
	if (details != NULL)
		cJSON_AddItemToObject(err, "details", details);
	cJSON_AddItemToObject(env, "error", err);
	sb_reply_json(rep, status, env);
}

void
sb_reply_header(struct sb_reply *rep, const char *name, const char *fmt, ...)
{
	va_list ap;
	size_t i;
	char *value;

	va_start(ap, fmt);
	value = xvasprintf(fmt, ap);
	va_end(ap);
	for (i = 0; i < rep->nheaders; i++) {
		if (strcasecmp(rep->hname[i], name) == 0) {
			free(rep->hvalue[i]);
			rep->hvalue[i] = value;
			return;
		}
	}
	if (rep->nheaders == SB_MAX_HEADERS) {
		free(value);   /* a programming error; the table is sized for our use */
		return;
	}
	rep->hname[rep->nheaders] = xstrdup(name);
	rep->hvalue[rep->nheaders] = value;
	rep->nheaders++;
}

static int
is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	if (ct == NULL)
		return 0;
	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Whether a JSON text holds the escape \u0000 inside a string: cJSON
 * decodes it into a terminator, so "Acme\u0000Evil" would be stored as
 * "Acme" without a word.  It is refused instead. */
static int
json_has_escaped_nul(const char *s)
{
	int in_string = 0;

	for (; *s != '\0'; s++) {
		if (!in_string) {
			in_string = *s == '"';
			continue;
		}
		if (*s == '"') {
			in_string = 0;
		} else if (*s == '\\') {
			if (strncmp(s + 1, "u0000", 5) == 0)
				return 1;
			if (s[1] != '\0')
				s++;   /* the escaped character cannot end the string */
		}
	}
	return 0;
}

cJSON *
sb_parse_object(const struct sb_request *r, struct sb_reply *rep, int allow_empty)
{
	const char *end = NULL;
	const char *p = r->body;
	cJSON *json;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '\0') {
		if (allow_empty)
			return cJSON_CreateObject();
		sb_reply_error(rep, 400, "VALIDATION_ERROR", NULL, NULL,
		               "The request body is empty; send a JSON object.");
		return NULL;
	}
	if (!is_json_type(sb_header(r, "Content-Type"))) {
		sb_reply_error(rep, 415, NULL, NULL, NULL,
		               "Send the body as JSON with the header Content-Type: application/json.");
		return NULL;
	}
	if (strlen(r->body) != r->body_len) {
		sb_reply_error(rep, 400, "BAD_REQUEST", NULL, NULL, "The request body contains a NUL byte.");
		return NULL;
	}
	if (json_has_escaped_nul(r->body)) {
		sb_reply_error(rep, 400, "VALIDATION_ERROR", NULL, NULL,
		               "A string in the request body contains U+0000 (\\u0000), which no name or "
		               "value may hold.");
		return NULL;
	}
	json = cJSON_ParseWithOpts(r->body, &end, 1);
	if (json == NULL) {
		sb_reply_error(rep, 400, "BAD_REQUEST", NULL, NULL,
		               "The request body is not valid JSON (near byte %ld).",
		               end != NULL ? (long)(end - r->body) : 0L);
		return NULL;
	}
	if (!cJSON_IsObject(json)) {
		cJSON_Delete(json);
		sb_reply_error(rep, 400, "VALIDATION_ERROR", NULL, NULL,
		               "The request body must be a JSON object.");
		return NULL;
	}
	return json;
}
