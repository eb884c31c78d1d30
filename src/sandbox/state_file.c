/* SPDX-License-Identifier: MIT */
/* --state FILE: the simulator's records kept across restarts, as one JSON
 * document written after every change (0600, temp file + fsync + rename, so
 * a crash never leaves half a file).  It holds the registrations' demo
 * credentials, which the activation probe needs after a restart; it is a
 * sandbox file, not a place for real secrets.  Consent links are re-issued
 * under the new URL (the port may differ after a restart). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

#define STATE_VERSION 1
#define STATE_MAX (16 * 1024 * 1024)

static void
add_opt_string(cJSON *obj, const char *key, const char *value)
{
	if (value != NULL)
		cJSON_AddStringToObject(obj, key, value);
}

static cJSON *
serialize(struct ao_sandbox *s)
{
	cJSON *root = cJSON_CreateObject(), *list, *item;
	struct sb_source *src;
	struct sb_agent *a;

	cJSON_AddNumberToObject(root, "version", STATE_VERSION);
	cJSON_AddNumberToObject(root, "nextId", (double)s->next_id);
	cJSON_AddItemToObject(root, "partners", cJSON_Duplicate(s->partners, 1));
	/* lists are newest first in memory; written oldest first */
	list = cJSON_AddArrayToObject(root, "sources");
	for (src = s->sources; src != NULL; src = src->next) {
		item = cJSON_CreateObject();
		cJSON_AddItemToObject(item, "source", cJSON_Duplicate(src->pub, 1));
		if (src->auth != NULL)
			cJSON_AddItemToObject(item, "auth", cJSON_Duplicate(src->auth, 1));
		add_opt_string(item, "oauthState", src->oauth_state);
		cJSON_AddBoolToObject(item, "probeOk", src->probe_ok);
		/* POST /sandbox/sources/{id}: what the simulated seller has running */
		cJSON_AddNumberToObject(item, "mediaBuys", (double)src->media_buys);
		cJSON_AddBoolToObject(item, "noProducts", src->no_products);
		cJSON_InsertItemInArray(list, 0, item);
	}
	list = cJSON_AddArrayToObject(root, "agents");
	for (a = s->agents; a != NULL; a = a->next) {
		item = cJSON_CreateObject();
		cJSON_AddItemToObject(item, "agent", cJSON_Duplicate(a->pub, 1));
		if (a->auth != NULL)
			cJSON_AddItemToObject(item, "auth", cJSON_Duplicate(a->auth, 1));
		add_opt_string(item, "oauthState", a->oauth_state);
		add_opt_string(item, "redirectUri", a->redirect_uri);
		cJSON_InsertItemInArray(list, 0, item);
	}
	return root;
}

static int
write_atomic(const char *path, const char *text, char *why, size_t whysz)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	size_t len = strlen(text), done = 0;
	int fd, rc = -1;

	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(why, whysz, "%s", strerror(errno));
		goto out;
	}
	fchmod(fd, 0600);
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(why, whysz, "%s", strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		snprintf(why, whysz, "%s", strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		snprintf(why, whysz, "%s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void
sb_state_save(struct ao_sandbox *s)
{
	cJSON *root;
	char *text;
	char why[256];

	if (s->state_file == NULL)
		return;
	root = serialize(s);
	text = cJSON_Print(root);
	sb_json_wipe_delete(root);
	if (text == NULL)
		return;
	if (write_atomic(s->state_file, text, why, sizeof(why)) != 0)
		sb_log(s, "cannot save the state file %s: %s", s->state_file, why);
	ao_wipe(text, strlen(text));
	free(text);
}

/* Re-issues the consent link of a pending OAuth registration. */
static void
reissue_oauth(struct ao_sandbox *s, cJSON *pub, const char *state)
{
	cJSON *oauth = cJSON_GetObjectItemCaseSensitive(pub, "oauth");
	char *url;

	if (state == NULL || !cJSON_IsObject(oauth))
		return;
	url = xasprintf("%s/sandbox/oauth/authorize?state=%s", s->url, state);
	sb_json_set_str(oauth, "authorizationUrl", url);
	free(url);
}

static int
load_sources(struct ao_sandbox *s, const cJSON *list, char *err, size_t errsz)
{
	const cJSON *item;
	struct sb_source **tail = &s->sources;

	cJSON_ArrayForEach(item, list) {
		const cJSON *pub = cJSON_GetObjectItemCaseSensitive(item, "source");
		const cJSON *auth = cJSON_GetObjectItemCaseSensitive(item, "auth");
		const char *state = sb_json_str(item, "oauthState");
		const cJSON *mb;
		struct sb_source *src;

		if (!cJSON_IsObject(pub) || !sb_id_is_valid(sb_json_str(pub, "sourceId")) ||
		    sb_json_str(pub, "status") == NULL || sb_json_str(pub, "authenticationType") == NULL ||
		    sb_json_str(pub, "endpointUrl") == NULL || sb_json_str(pub, "protocol") == NULL) {
			snprintf(err, errsz, "a source in the state file is incomplete");
			return -1;
		}
		src = xcalloc(1, sizeof(*src));
		src->pub = cJSON_Duplicate(pub, 1);
		src->auth = cJSON_IsObject(auth) ? cJSON_Duplicate(auth, 1) : NULL;
		src->oauth_state = state != NULL ? xstrdup(state) : NULL;
		src->probe_ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "probeOk"));
		mb = cJSON_GetObjectItemCaseSensitive(item, "mediaBuys");
		/* an older file has none; a bad count is dropped, as the route would refuse it */
		if (cJSON_IsNumber(mb) && mb->valuedouble >= 0 && mb->valuedouble <= 1e6)
			src->media_buys = (long)mb->valuedouble;
		src->no_products = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "noProducts"));
		reissue_oauth(s, src->pub, state);
		*tail = src;
		tail = &src->next;
		if (src->auth != NULL && strcmp(sb_json_str(src->pub, "status"), "PENDING") == 0)
			sb_source_arm_probe(s, src);
	}
	return 0;
}

static int
load_agents(struct ao_sandbox *s, const cJSON *list, char *err, size_t errsz)
{
	const cJSON *item;
	struct sb_agent **tail = &s->agents;

	cJSON_ArrayForEach(item, list) {
		const cJSON *pub = cJSON_GetObjectItemCaseSensitive(item, "agent");
		const cJSON *auth = cJSON_GetObjectItemCaseSensitive(item, "auth");
		const char *state = sb_json_str(item, "oauthState"), *redirect = sb_json_str(item, "redirectUri");
		struct sb_agent *a;

		if (!cJSON_IsObject(pub) || !sb_id_is_valid(sb_json_str(pub, "agentId")) ||
		    sb_json_str(pub, "status") == NULL || sb_json_str(pub, "authenticationType") == NULL ||
		    sb_json_str(pub, "name") == NULL) {
			snprintf(err, errsz, "an agent in the state file is incomplete");
			return -1;
		}
		a = xcalloc(1, sizeof(*a));
		a->pub = cJSON_Duplicate(pub, 1);
		a->auth = cJSON_IsObject(auth) ? cJSON_Duplicate(auth, 1) : NULL;
		a->oauth_state = state != NULL ? xstrdup(state) : NULL;
		a->redirect_uri = redirect != NULL ? xstrdup(redirect) : NULL;
		reissue_oauth(s, a->pub, state);
		*tail = a;
		tail = &a->next;
	}
	return 0;
}

/* Memory lists are newest first; the file is oldest first. */
static void
reverse_lists(struct ao_sandbox *s)
{
	struct sb_source *src = s->sources, *sprev = NULL, *snext;
	struct sb_agent *a = s->agents, *aprev = NULL, *anext;

	for (; src != NULL; src = snext) {
		snext = src->next;
		src->next = sprev;
		sprev = src;
	}
	s->sources = sprev;
	for (; a != NULL; a = anext) {
		anext = a->next;
		a->next = aprev;
		aprev = a;
	}
	s->agents = aprev;
}

int
sb_state_load(struct ao_sandbox *s, char *err, size_t errsz)
{
	struct ao_buf b;
	cJSON *root = NULL;
	const cJSON *v;
	char why[300] = "";
	int rc;

	ao_buf_init(&b, STATE_MAX);
	b.secret = 1;
	rc = ao_buf_read_file(&b, s->state_file, STATE_MAX);
	if (rc == ENOENT) {
		rc = 0;   /* first run: the file is created on the first change */
		goto out;
	}
	if (rc != 0) {
		snprintf(err, errsz, "cannot read the state file %s: %s", s->state_file,
		         rc == EFBIG ? "larger than 16 MiB" : strerror(rc));
		rc = -1;
		goto out;
	}
	rc = -1;
	root = cJSON_ParseWithLength(b.data != NULL ? b.data : "", b.len);
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "version")) ||
	    v->valueint != STATE_VERSION) {
		snprintf(why, sizeof(why), "not a version %d sandbox state file", STATE_VERSION);
		goto bad;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "nextId");
	if (cJSON_IsNumber(v) && v->valuedouble > (double)s->next_id && v->valuedouble < 1e15)
		s->next_id = (long)v->valuedouble;
	v = cJSON_GetObjectItemCaseSensitive(root, "partners");
	if (cJSON_IsArray(v)) {
		cJSON_Delete(s->partners);
		s->partners = cJSON_Duplicate(v, 1);
	}
	if (load_sources(s, cJSON_GetObjectItemCaseSensitive(root, "sources"), why, sizeof(why)) != 0 ||
	    load_agents(s, cJSON_GetObjectItemCaseSensitive(root, "agents"), why, sizeof(why)) != 0)
		goto bad;
	reverse_lists(s);
	rc = 0;
	goto out;
bad:
	snprintf(err, errsz, "the state file %s is not usable (%s); move it away to start afresh",
	         s->state_file, why);
out:
	sb_json_wipe_delete(root);
	ao_buf_free(&b);
	return rc;
}
