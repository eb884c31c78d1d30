/* SPDX-License-Identifier: MIT */
/* agent-onboard logout: remove the platform key (for this API URL, or every
 * URL with --all) and every draft credential from the keyring, then audit:
 * list each removal and everything that still gives access or holds state
 * (SCOPE3_API_KEY, keys for other URLs, drafts on disk).  gh users cannot
 * tell whether logout really removed anything (ux-anchors.md §2 pain point
 * 8, §3 item 13); this says it, item by item. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/secret/store.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard logout [--all] [--json[=FIELD,...]]\n"
	        "\n"
	        "Removes the platform API key for the API URL (--all: for every API URL) and\n"
	        "every draft credential from the system keyring, then lists what it removed\n"
	        "and what remains: SCOPE3_API_KEY in the environment, keys for other API URLs,\n"
	        "drafts in $XDG_STATE_HOME/agent-onboard/ (these hold no secrets).\n"
	        "Exits 0 when everything in the keyring could be checked, %d when the keyring\n"
	        "could not be used (what it holds is then unknown).\n"
	        "\n"
	        "Options:\n",
	        AO_EXIT_KEYRING);
	ao_option_help(out, "logout");
	fputc('\n', out);
	ao_usage_exit_codes(out);
}

struct report {
	cJSON *removed, *remaining;   /* arrays */
	int json;
	struct ao_json_select json_select;
};

static void add_item(cJSON *arr, const char *where, const struct ao_secret_item *it)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "where", where);
	cJSON_AddStringToObject(o, "label", it->label);
	cJSON_AddStringToObject(o, "apiUrl", it->api_url);
	cJSON_AddStringToObject(o, "kind", it->kind);
	cJSON_AddStringToObject(o, "id", it->id);
	cJSON_AddItemToArray(arr, o);
}

/* Removes what matches ref; returns 0, or -1 when the keyring failed. */
static int remove_matching(struct report *rep, struct ao_secret_store *s,
                           const struct ao_secret_ref *ref, struct ao_keyring_check *failed)
{
	struct ao_secret_result r;
	size_t i;
	int rc = 0;

	ao_secret_clear(s, ref, &r);
	for (i = 0; i < r.n_items; i++) {
		add_item(rep->removed, "keyring", &r.items[i]);
		if (!rep->json)
			printf("Removed from the keyring: \"%s\"\n", r.items[i].label);
	}
	if (r.status != AO_OK) {
		*failed = r.check;
		rc = -1;
	}
	ao_secret_result_clear(&r);
	return rc;
}

static void list_drafts(struct report *rep)
{
	char *dir = ao_state_dir();
	DIR *d;
	struct dirent *e;

	if (dir == NULL)
		return;
	d = opendir(dir);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *path;
			struct stat st;

			if (e->d_name[0] == '.')
				continue;
			path = xasprintf("%s/%s", dir, e->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				cJSON *o = cJSON_CreateObject();

				cJSON_AddStringToObject(o, "where", "file");
				cJSON_AddStringToObject(o, "path", path);
				cJSON_AddItemToArray(rep->remaining, o);
				if (!rep->json)
					printf("Remains: %s (the wizard's saved answers; no secrets; delete it to "
					       "discard the unfinished registration)\n", path);
			}
			free(path);
		}
		closedir(d);
	}
	free(dir);
}

int ao_cmd_logout(const struct ao_global *g, int argc, char **argv)
{
	struct report rep = { NULL, NULL, 0, { 0, "" } };
	struct ao_secret_store *s;
	struct ao_secret_ref key = { .api_url = g->api_url, .kind = AO_SECRET_KIND_PLATFORM_KEY };
	struct ao_secret_ref drafts = { .kind = AO_SECRET_KIND_DRAFT };
	struct ao_secret_ref others = { .kind = AO_SECRET_KIND_PLATFORM_KEY };
	struct ao_keyring_check failed = { .cause = AO_KEYRING_OK };
	struct ao_secret_result r;
	const char *env = getenv("SCOPE3_API_KEY");
	int all = 0, i, rc = AO_EXIT_OK, keyring_ok, m;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(argv[i], "--all") == 0) {
			all = 1;
		} else if ((m = ao_json_option("logout", argv[i], &rep.json_select)) != 0) {
			if (m < 0)
				return -m;
			rep.json = 1;
		} else if (argv[i][0] == '-') {
			return ao_option_unknown("logout", argv[i]);
		} else {
			return ao_usage_error("logout", "logout takes no arguments (\"%s\")", argv[i]);
		}
	}
	if (all)
		key.api_url = NULL;
	rep.removed = cJSON_CreateArray();
	rep.remaining = cJSON_CreateArray();
	s = ao_secret_store_new_keyring();

	keyring_ok = remove_matching(&rep, s, &key, &failed) == 0;
	/* drafts only if the keyring answered: a second 3 s timeout tells nothing new */
	if (keyring_ok)
		keyring_ok = remove_matching(&rep, s, &drafts, &failed) == 0;
	if (keyring_ok && cJSON_GetArraySize(rep.removed) == 0 && !rep.json)
		printf("The keyring held no key for %s and no draft credential.\n",
		       all ? "any API URL" : g->api_url);
	if (keyring_ok && !all) {
		ao_secret_list(s, &others, &r);   /* keys for other API URLs */
		for (k = 0; k < r.n_items; k++) {
			add_item(rep.remaining, "keyring", &r.items[k]);
			if (!rep.json)
				printf("Remains: \"%s\" in the keyring (remove it with `agent-onboard "
				       "logout --api-url %s`, or everything with --all)\n",
				       r.items[k].label, r.items[k].api_url);
		}
		ao_secret_result_clear(&r);
	}
	if (!keyring_ok) {
		rc = AO_EXIT_KEYRING;
		if (!rep.json)
			fprintf(stderr, "agent-onboard logout: the keyring could not be checked: %s.\n"
			        "  %s\n  Whatever it holds is still there.  Fix: %s.\n",
			        ao_keyring_cause_name(failed.cause), failed.detail,
			        ao_keyring_cause_fix(failed.cause));
	}
	if (env != NULL && env[0] != '\0') {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "where", "environment");
		cJSON_AddStringToObject(o, "name", "SCOPE3_API_KEY");
		cJSON_AddItemToArray(rep.remaining, o);
		if (!rep.json)
			printf("Remains: SCOPE3_API_KEY is set in this environment, and agent-onboard "
			       "keeps using it.  Run `unset SCOPE3_API_KEY` and remove it from wherever "
			       "it is exported (shell profile, CI secrets).\n");
	}
	list_drafts(&rep);
	if (rep.json) {
		cJSON *o = cJSON_CreateObject();
		cJSON *kr = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "apiUrl", g->api_url);
		cJSON_AddBoolToObject(o, "all", all);
		cJSON_AddStringToObject(kr, "cause", ao_keyring_cause_id(failed.cause));
		cJSON_AddStringToObject(kr, "detail", failed.detail);
		cJSON_AddStringToObject(kr, "fix", ao_keyring_cause_fix(failed.cause));
		cJSON_AddItemToObject(o, "keyring", kr);
		cJSON_AddItemToObject(o, "removed", rep.removed);
		cJSON_AddItemToObject(o, "remaining", rep.remaining);
		rep.removed = rep.remaining = NULL;
		ao_json_emit(stdout, o, &rep.json_select, 0);
	}
	cJSON_Delete(rep.removed);
	cJSON_Delete(rep.remaining);
	ao_secret_store_free(s);
	return rc;
}
