/* SPDX-License-Identifier: MIT */
/* Answers files and drafts.  Answers files are written by people, so every
 * problem is reported at once with its line and field; drafts are written
 * by the wizard and read back leniently (a newer or damaged draft must not
 * stop anyone from starting over).  Neither ever holds a secret. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent-onboard/core/files.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/response.h"
#include "agent-onboard/core/xalloc.h"

#define DRAFT_VERSION 1

struct report {
	char *msg;
	size_t msgsz;
	size_t len;
	int count;
};

static void __attribute__((format(printf, 2, 3)))
report_add(struct report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	r->count++;
	if (r->msg == NULL || r->len + 1 >= r->msgsz)
		return;
	if (r->len > 0)
		r->msg[r->len++] = '\n';
	va_start(ap, fmt);
	n = vsnprintf(r->msg + r->len, r->msgsz - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n < r->msgsz - r->len ? (size_t)n : r->msgsz - r->len - 1;
}

/* 1-based line of the first occurrence of "key" at or after from. */
static int
line_of_key(const char *text, size_t len, const char *key, const char *from)
{
	char needle[80];
	const char *p, *hit = NULL;
	size_t nlen;
	int line = 1;

	snprintf(needle, sizeof(needle), "\"%s\"", key);
	nlen = strlen(needle);
	if (from == NULL)
		from = text;
	for (p = from; p + nlen <= text + len; p++)
		if (memcmp(p, needle, nlen) == 0) {
			hit = p;
			break;
		}
	if (hit == NULL)
		return 0;
	for (p = text; p < hit; p++)
		if (*p == '\n')
			line++;
	return line;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, tmp;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = (a[i - 1] | 0x20) == (b[j - 1] | 0x20) ? 0 : 1;

			tmp = row[j];
			row[j] = prev + cost;
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > tmp + 1)
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *
closest_key(const char *key)
{
	const char *best = NULL;
	size_t d, best_d = 3;
	int f;

	for (f = 0; f < AO_FIELD_COUNT; f++) {
		d = edit_distance(key, ao_field_info((enum ao_field)f)->key);
		if (d < best_d) {
			best_d = d;
			best = ao_field_info((enum ao_field)f)->key;
		}
	}
	return best;
}

static int
is_secret_key(const char *key)
{
	return strcmp(key, "token") == 0 || strcmp(key, "password") == 0 || strcmp(key, "privateKey") == 0;
}

/* Stores one member's value in a, or reports why not.  "auth" members use
 * the API's own names, so a request body minus its secrets also loads. */
static void
load_member(const cJSON *item, const char *key, int line, struct ao_answers *a, struct report *r)
{
	int f;

	if (is_secret_key(key)) {
		report_add(r, "line %d: \"%s\" is a secret; secrets never go in answers files (they would end up in "
		           "backups and version control). Use --secret-file, --secret-fd or an environment variable.",
		           line, key);
		return;
	}
	f = ao_field_by_key(key);
	if (f < 0) {
		const char *near = closest_key(key);

		if (near != NULL)
			report_add(r, "line %d: \"%s\" is not a known field (did you mean \"%s\"?)", line, key, near);
		else
			report_add(r, "line %d: \"%s\" is not a known field", line, key);
		return;
	}
	if (f == AO_F_ACCOUNT_POLICY && cJSON_IsArray(item)) {
		char buf[256] = "";
		const cJSON *el;

		cJSON_ArrayForEach(el, item) {
			if (!cJSON_IsString(el)) {
				report_add(r, "line %d: \"%s\" must be a list of strings", line, key);
				return;
			}
			if (buf[0])
				strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
			strncat(buf, el->valuestring, sizeof(buf) - strlen(buf) - 1);
		}
		ao_answers_set(a, (enum ao_field)f, buf);
		return;
	}
	if (cJSON_IsNull(item)) {
		ao_answers_set(a, (enum ao_field)f, NULL);
		return;
	}
	if (!cJSON_IsString(item)) {
		report_add(r, "line %d: \"%s\" must be a string in double quotes", line, key);
		return;
	}
	ao_answers_set(a, (enum ao_field)f, item->valuestring);
}

static void
load_auth(const cJSON *auth, const char *text, size_t len, struct ao_answers *a, struct report *r)
{
	/* text is length-delimited, not NUL-terminated */
	const char *auth_pos = memmem(text, len, "\"auth\"", 6);
	const cJSON *item;

	if (!cJSON_IsObject(auth)) {
		report_add(r, "line %d: \"auth\" must be an object", line_of_key(text, len, "auth", NULL));
		return;
	}
	cJSON_ArrayForEach(item, auth) {
		int line = line_of_key(text, len, item->string, auth_pos);

		if (strcmp(item->string, "type") == 0) {
			/* basic/jwt are implied by authenticationType; only the API
			 * key's presentation is an answer of its own */
			if (cJSON_IsString(item) && ao_choice_canonical(AO_F_API_KEY_TYPE, item->valuestring))
				ao_answers_set(a, AO_F_API_KEY_TYPE, item->valuestring);
			continue;
		}
		load_member(item, item->string, line, a, r);
	}
}

int
ao_answers_load(const char *text, size_t len, struct ao_answers *a, char *msg, size_t msgsz)
{
	struct report r = { msg, msgsz, 0, 0 };
	const char *end = NULL;
	const cJSON *item;
	cJSON *root;
	char where[64];

	if (msg != NULL && msgsz > 0)
		msg[0] = '\0';
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root == NULL) {
		ao_json_error_position(text, end, where, sizeof(where));
		report_add(&r, "%s: not valid JSON here (check for a missing comma, quote or brace)", where);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		report_add(&r, "line 1: an answers file must be one JSON object ({ \"name\": ..., ... })");
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(item, root) {
		int line = line_of_key(text, len, item->string, NULL);

		if (strcmp(item->string, "auth") == 0) {
			load_auth(item, text, len, a, &r);
		} else if (strcmp(item->string, "executionType") == 0) {
			if (!cJSON_IsString(item) || strcasecmp(item->valuestring, "AGENT") != 0)
				report_add(&r, "line %d: \"executionType\" can only be \"AGENT\" here", line);
		} else if (strcmp(item->string, "$schema") == 0 || strcmp(item->string, "comment") == 0) {
			continue;
		} else {
			load_member(item, item->string, line, a, &r);
		}
	}
	/* a request body has no "kind": infer it from the fields only one has */
	if (!ao_answers_has(a, AO_F_KIND)) {
		if (ao_answers_has(a, AO_F_PARTNER_ID) || ao_answers_has(a, AO_F_ACCOUNT_POLICY))
			ao_answers_set(a, AO_F_KIND, "partner-agent");
		else if (ao_answers_has(a, AO_F_SOURCE_ID))
			ao_answers_set(a, AO_F_KIND, "inventory-source");
	}
	cJSON_Delete(root);
	return r.count == 0 ? 0 : -1;
}

static void
add_answers(cJSON *obj, const struct ao_answers *a, int relevant_only)
{
	int f;

	for (f = 0; f < AO_FIELD_COUNT; f++) {
		const struct ao_field_info *fi = ao_field_info((enum ao_field)f);

		if ((fi->flags & AO_FF_SECRET) || !ao_answers_has(a, (enum ao_field)f))
			continue;
		if (relevant_only && ao_field_relevance(a, (enum ao_field)f) == AO_HIDDEN)
			continue;
		if (fi->flags & AO_FF_MULTI) {
			cJSON_AddItemToObject(obj, fi->key, ao_json_string_list(ao_answers_get(a, (enum ao_field)f)));
			continue;
		}
		cJSON_AddStringToObject(obj, fi->key, ao_answers_get(a, (enum ao_field)f));
	}
}

char *
ao_answers_save(const struct ao_answers *a)
{
	cJSON *obj = cJSON_CreateObject();
	char *text, *out;

	add_answers(obj, a, 1);
	text = cJSON_Print(obj);
	cJSON_Delete(obj);
	out = xasprintf("%s\n", text);
	cJSON_free(text);
	return out;
}

void
ao_draft_init(struct ao_draft *d)
{
	memset(d, 0, sizeof(*d));
	d->version = DRAFT_VERSION;
	ao_answers_init(&d->answers);
	d->step = AO_STEP_PLATFORM;
}

void
ao_draft_clear(struct ao_draft *d)
{
	if (d == NULL)
		return;
	ao_answers_clear(&d->answers);
	free(d->api_url);
	free(d->partner_name);
	free(d->registered_id);
	ao_draft_init(d);
}

static char *
dup_member(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

int
ao_draft_parse(const char *text, size_t len, struct ao_draft *d, char *msg, size_t msgsz)
{
	const cJSON *answers, *item, *v;
	const char *end = NULL;
	cJSON *root;
	char where[64];
	int step;

	ao_draft_clear(d);
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root == NULL) {
		ao_json_error_position(text, end, where, sizeof(where));
		if (msg != NULL)
			snprintf(msg, msgsz, "the draft is damaged (invalid JSON at %s)", where);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		if (msg != NULL)
			snprintf(msg, msgsz, "the draft is damaged (not a JSON object)");
		cJSON_Delete(root);
		return -1;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (cJSON_IsNumber(v))
		d->version = v->valueint;
	v = cJSON_GetObjectItemCaseSensitive(root, "step");
	step = cJSON_IsString(v) ? ao_step_by_name(v->valuestring) : -1;
	d->step = step >= 0 ? (enum ao_step)step : AO_STEP_PLATFORM;
	d->api_url = dup_member(root, "apiUrl");
	d->partner_name = dup_member(root, "partnerName");
	d->registered_id = dup_member(root, "registeredId");
	d->submit_started = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "submitStarted"));
	v = cJSON_GetObjectItemCaseSensitive(root, "savedAt");
	if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 1e15)
		d->saved_at = (long long)v->valuedouble;
	answers = cJSON_GetObjectItemCaseSensitive(root, "answers");
	if (!cJSON_IsObject(answers))
		answers = NULL;
	cJSON_ArrayForEach(item, answers) {
		int f = ao_field_by_key(item->string);
		const struct ao_field_info *fi;

		if (f < 0)
			continue;   /* a field from a newer version: drop it, keep the rest */
		fi = ao_field_info((enum ao_field)f);
		if (fi->flags & AO_FF_SECRET)
			continue;   /* never trust a draft that claims to hold a secret */
		if (cJSON_IsString(item)) {
			ao_answers_set(&d->answers, (enum ao_field)f, item->valuestring);
		} else if (cJSON_IsArray(item) && (fi->flags & AO_FF_MULTI)) {
			char buf[256] = "";
			const cJSON *el;

			cJSON_ArrayForEach(el, item) {
				if (!cJSON_IsString(el))
					continue;
				if (buf[0])
					strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
				strncat(buf, el->valuestring, sizeof(buf) - strlen(buf) - 1);
			}
			ao_answers_set(&d->answers, (enum ao_field)f, buf);
		}
	}
	cJSON_Delete(root);
	return 0;
}

char *
ao_draft_serialize(const struct ao_draft *d)
{
	cJSON *root = cJSON_CreateObject(), *answers;
	char *text, *out;

	cJSON_AddNumberToObject(root, "version", DRAFT_VERSION);
	cJSON_AddStringToObject(root, "step", ao_step_name(d->step));
	if (d->api_url != NULL)
		cJSON_AddStringToObject(root, "apiUrl", d->api_url);
	if (d->partner_name != NULL)
		cJSON_AddStringToObject(root, "partnerName", d->partner_name);
	cJSON_AddBoolToObject(root, "submitStarted", d->submit_started != 0);
	if (d->registered_id != NULL)
		cJSON_AddStringToObject(root, "registeredId", d->registered_id);
	cJSON_AddNumberToObject(root, "savedAt", (double)(d->saved_at ? d->saved_at : (long long)time(NULL)));
	answers = cJSON_AddObjectToObject(root, "answers");
	/* hidden values too: switching back to another auth type after a resume
	 * must still find what was typed for it */
	add_answers(answers, &d->answers, 0);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	out = xasprintf("%s\n", text);
	cJSON_free(text);
	return out;
}

char *
ao_state_dir(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home;

	/* the XDG spec says relative paths are invalid and must be ignored */
	if (state != NULL && state[0] == '/')
		return xasprintf("%s/agent-onboard", state);
	home = getenv("HOME");
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s/.local/state/agent-onboard", home);
}

int
ao_mkdir_private(const char *path)
{
	char *copy = xstrdup(path), *p;
	int err = 0;

	for (p = copy + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			*p = '\0';
			if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
				err = errno;
				break;
			}
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
	free(copy);
	if (err == 0) {
		struct stat st;

		/* lstat: a symbolic link is refused, wherever it points */
		if (lstat(path, &st) != 0)
			err = errno;
		else if (S_ISLNK(st.st_mode))
			err = ELOOP;
		else if (!S_ISDIR(st.st_mode))
			err = ENOTDIR;
		else if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
			err = EPERM;
	}
	return err;
}

void
ao_private_dir_problem(const char *path, int err, char *msg, size_t msgsz)
{
	switch (err) {
	case ELOOP:
		snprintf(msg, msgsz, "%s is a symbolic link; drafts are kept only in a real private "
		         "directory. Fix: rm %s (agent-onboard creates it with mode 0700), or set "
		         "XDG_STATE_HOME to a private directory.", path, path);
		break;
	case EPERM:
		snprintf(msg, msgsz, "%s is writable by other users or not yours, so a draft there could be "
		         "read or replaced. Fix: chmod 700 %s (and make it yours), or set XDG_STATE_HOME to a "
		         "private directory.", path, path);
		break;
	case ENOTDIR:
		snprintf(msg, msgsz, "%s is not a directory. Fix: move it away, or set XDG_STATE_HOME to a "
		         "private directory.", path);
		break;
	default:
		snprintf(msg, msgsz, "cannot create %s: %s.", path, strerror(err));
		break;
	}
}

int
ao_write_private_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	char *dir = xstrdup(path), *slash;
	size_t off = 0;
	int fd, dfd, err = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)   /* left by a crash, same pid */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		err = errno;
		goto out;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		off += (size_t)n;
	}
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0) {
		unlink(tmp);
		goto out;
	}
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);   /* makes the rename itself durable */
			close(dfd);
		}
	}
out:
	free(tmp);
	free(dir);
	return err;
}
