/* SPDX-License-Identifier: MIT */
/* Fault injection for tests: parsing the fault specs, deciding which faults
 * fire for a request, and reshaping replies (oversized body, wrong content
 * type).  Dropping and truncating are done by the server (server.c), which
 * owns the connection.  Syntax in sandbox.h and ao_sandbox_fault_help(). */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define OVERSIZE_DEFAULT (4L * 1024 * 1024)
#define OVERSIZE_MAX (256L * 1024 * 1024)
#define LATENCY_MAX_MS (10L * 60 * 1000)

static const char fault_help[] =
	"Fault specs (--fault, repeatable):\n"
	"  ROUTE:KIND[=ARG][,times=N][,after=N][,code=CODE]\n"
	"  ROUTE   \"METHOD /path/template\" as in the route table, e.g.\n"
	"          \"POST /api/v2/storefront/inventory-sources\" or\n"
	"          \"GET /api/v2/partner/agents/{agentId}\"; a path alone matches every\n"
	"          method; shell globs work (\"/api/v2/partner/*\"); \"*\" is every route\n"
	"  KIND    latency=MS          wait MS milliseconds, then answer normally\n"
	"          status=HTTP         answer HTTP (400-599) with an error body, change\n"
	"                              nothing (503 and 429 carry Retry-After: 1)\n"
	"          drop                close the connection without answering\n"
	"          truncate            send the full Content-Length, half the body, close\n"
	"          oversize[=BYTES]    pad the JSON body to BYTES (default 4194304)\n"
	"          wrong-type[=TYPE]   answer an HTML page as TYPE (default text/html)\n"
	"          drop-after-commit   do the work (e.g. create), then close, no answer\n"
	"  times=N fire N times only (default: always); after=N let the first N\n"
	"          matching requests through; code=CODE sets error.code for status=\n"
	"  e.g.  --fault '*:latency=200'\n"
	"        --fault '/api/v2/partner/*:status=503,after=2,times=1'\n"
	"        --fault 'POST /api/v2/storefront/inventory-sources:drop-after-commit'\n";

const char *
ao_sandbox_fault_help(void)
{
	return fault_help;
}

static int
parse_long(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	if (text == NULL || *text == '\0')
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void
sb_fault_free(struct sb_fault *f)
{
	if (f == NULL)
		return;
	free(f->spec);
	free(f->route);
	free(f->text);
	free(f->code);
	free(f);
}

static int
parse_kind(struct sb_fault *f, char *kind, char *err, size_t errsz)
{
	char *arg = strchr(kind, '=');

	if (arg != NULL)
		*arg++ = '\0';
	if (strcmp(kind, "latency") == 0) {
		f->kind = SB_FAULT_LATENCY;
		if (parse_long(arg, 0, LATENCY_MAX_MS, &f->arg) != 0)
			goto bad_arg;
	} else if (strcmp(kind, "status") == 0) {
		f->kind = SB_FAULT_STATUS;
		if (parse_long(arg, 400, 599, &f->arg) != 0)
			goto bad_arg;
	} else if (strcmp(kind, "drop") == 0 || strcmp(kind, "truncate") == 0 ||
	           strcmp(kind, "drop-after-commit") == 0) {
		f->kind = strcmp(kind, "drop") == 0 ? SB_FAULT_DROP
		          : strcmp(kind, "truncate") == 0 ? SB_FAULT_TRUNCATE : SB_FAULT_DROP_AFTER_COMMIT;
		if (arg != NULL)
			goto bad_arg;
	} else if (strcmp(kind, "oversize") == 0) {
		f->kind = SB_FAULT_OVERSIZE;
		f->arg = OVERSIZE_DEFAULT;
		if (arg != NULL && parse_long(arg, 1, OVERSIZE_MAX, &f->arg) != 0)
			goto bad_arg;
	} else if (strcmp(kind, "wrong-type") == 0) {
		f->kind = SB_FAULT_WRONG_TYPE;
		if (arg != NULL && (*arg == '\0' || strlen(arg) > 100 || strpbrk(arg, "\r\n") != NULL))
			goto bad_arg;
		f->text = xstrdup(arg != NULL ? arg : "text/html");
	} else {
		snprintf(err, errsz, "unknown fault kind \"%.40s\" (latency, status, drop, truncate, "
		         "oversize, wrong-type, drop-after-commit)", kind);
		return -1;
	}
	return 0;
bad_arg:
	snprintf(err, errsz, "bad value for fault %s: %s", kind,
	         f->kind == SB_FAULT_LATENCY ? "latency=MS with 0 <= MS <= 600000"
	         : f->kind == SB_FAULT_STATUS ? "status=HTTP with 400 <= HTTP <= 599"
	         : f->kind == SB_FAULT_OVERSIZE ? "oversize=BYTES with 1 <= BYTES <= 268435456"
	         : f->kind == SB_FAULT_WRONG_TYPE ? "wrong-type=TYPE, a media type"
	         : "this kind takes no value");
	return -1;
}

int
sb_fault_parse(const char *spec, struct sb_fault **out, char *err, size_t errsz)
{
	struct sb_fault *f = xcalloc(1, sizeof(*f));
	char *copy = xstrdup(spec), *colon, *opts, *opt, *save = NULL;
	int rc = -1;

	f->spec = xstrdup(spec);
	colon = strrchr(copy, ':');
	if (colon == NULL || colon == copy) {
		snprintf(err, errsz, "fault \"%.80s\": expected ROUTE:KIND (see --help)", spec);
		goto out;
	}
	*colon = '\0';
	if (strcmp(copy, "*") == 0 || strchr(copy, ' ') != NULL)
		f->route = xstrdup(copy);
	else
		f->route = xasprintf("* %s", copy);
	opts = strchr(colon + 1, ',');
	if (opts != NULL)
		*opts++ = '\0';
	if (parse_kind(f, colon + 1, err, errsz) != 0)
		goto out;
	for (opt = opts != NULL ? strtok_r(opts, ",", &save) : NULL; opt != NULL;
	     opt = strtok_r(NULL, ",", &save)) {
		if (strncmp(opt, "times=", 6) == 0 && parse_long(opt + 6, 1, LONG_MAX, &f->times) == 0)
			continue;
		if (strncmp(opt, "after=", 6) == 0 && parse_long(opt + 6, 0, LONG_MAX, &f->after) == 0)
			continue;
		if (strncmp(opt, "code=", 5) == 0 && opt[5] != '\0' && strlen(opt + 5) < 60 &&
		    strspn(opt + 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") == strlen(opt + 5)) {
			free(f->code);
			f->code = xstrdup(opt + 5);
			continue;
		}
		snprintf(err, errsz, "fault \"%.80s\": bad option \"%.40s\" (times=N, after=N, code=CODE)",
		         spec, opt);
		goto out;
	}
	*out = f;
	f = NULL;
	rc = 0;
out:
	sb_fault_free(f);
	free(copy);
	return rc;
}

void
sb_faults_free(struct ao_sandbox *s)
{
	while (s->faults != NULL) {
		struct sb_fault *next = s->faults->next;

		sb_fault_free(s->faults);
		s->faults = next;
	}
}

int
ao_sandbox_add_fault(struct ao_sandbox *s, const char *spec, char *err, size_t errsz)
{
	struct sb_fault *f, **tail;

	if (sb_fault_parse(spec, &f, err, errsz) != 0)
		return -1;
	pthread_mutex_lock(&s->lock);
	for (tail = &s->faults; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = f;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

int
ao_sandbox_fault_check(const char *spec, char *err, size_t errsz)
{
	struct sb_fault *f;

	if (sb_fault_parse(spec, &f, err, errsz) != 0)
		return -1;
	sb_fault_free(f);
	return 0;
}

void
ao_sandbox_clear_faults(struct ao_sandbox *s)
{
	pthread_mutex_lock(&s->lock);
	sb_faults_free(s);
	pthread_mutex_unlock(&s->lock);
}

static void
note(struct sb_fault_plan *plan, const struct sb_fault *f)
{
	size_t used = strlen(plan->names);

	snprintf(plan->names + used, sizeof(plan->names) - used, "%s%s", used > 0 ? " " : "",
	         strrchr(f->spec, ':') + 1);
}

void
sb_faults_plan(struct ao_sandbox *s, const char *route_key, struct sb_fault_plan *plan)
{
	struct sb_fault *f;

	memset(plan, 0, sizeof(*plan));
	for (f = s->faults; f != NULL; f = f->next) {
		if (fnmatch(f->route, route_key, 0) != 0)
			continue;
		f->seen++;
		if (f->seen <= f->after || (f->times > 0 && f->fired >= f->times))
			continue;
		f->fired++;
		note(plan, f);
		switch (f->kind) {
		case SB_FAULT_LATENCY:
			plan->latency_ms += f->arg;
			break;
		case SB_FAULT_STATUS:
			if (plan->status == 0) {
				plan->status = (int)f->arg;
				snprintf(plan->code, sizeof(plan->code), "%s",
				         f->code != NULL ? f->code : sb_default_error_code((int)f->arg));
			}
			break;
		case SB_FAULT_DROP:
			plan->drop = 1;
			break;
		case SB_FAULT_TRUNCATE:
			plan->truncate = 1;
			break;
		case SB_FAULT_OVERSIZE:
			plan->oversize = f->arg;
			break;
		case SB_FAULT_WRONG_TYPE:
			snprintf(plan->wrong_type, sizeof(plan->wrong_type), "%s", f->text);
			break;
		case SB_FAULT_DROP_AFTER_COMMIT:
			plan->drop_after_commit = 1;
			break;
		}
	}
}

void
sb_faults_shape_reply(const struct sb_fault_plan *plan, struct sb_reply *rep)
{
	if (plan->wrong_type[0] != '\0') {
		/* what a misconfigured proxy or captive portal sends */
		sb_reply_text(rep, rep->status, plan->wrong_type,
		              "<!DOCTYPE html>\n<html><head><title>Sandbox</title></head>"
		              "<body><h1>Not the API</h1><p>The sandbox answered with an HTML page "
		              "(fault wrong-type).</p></body></html>\n");
	}
	if (plan->oversize > 0 && (size_t)plan->oversize > rep->body_len) {
		size_t want = (size_t)plan->oversize, pad, used = 0;
		char *body = xmalloc(want + 1);

		if (rep->body_len > 2 && rep->body[0] == '{') {
			/* still valid JSON, just far too large */
			static const char head[] = "{\"sandboxPadding\":\"";
			size_t tail = rep->body_len - 1;   /* the object without its '{' */
			size_t fixed = sizeof(head) - 1 + 2 + tail;

			pad = want > fixed ? want - fixed : 0;
			memcpy(body, head, sizeof(head) - 1);
			used = sizeof(head) - 1;
			memset(body + used, 'x', pad);
			used += pad;
			memcpy(body + used, "\",", 2);
			used += 2;
			memcpy(body + used, rep->body + 1, tail);
			used += tail;
		} else {
			if (rep->body_len > 0)
				memcpy(body, rep->body, rep->body_len);
			used = rep->body_len;
			memset(body + used, ' ', want - used);
			used = want;
		}
		body[used] = '\0';
		sb_reply_take(rep, rep->status, rep->content_type != NULL ? rep->content_type
		              : "application/json", body, used);
	}
}
