/* SPDX-License-Identifier: MIT */
/* Where the platform API key comes from: SCOPE3_API_KEY, else the store for
 * this API URL, else nowhere.  Every command and the wizard's first screen
 * use this, so "where is my key" has one answer everywhere (gh users cannot
 * tell: ux-anchors.md §2, pain point 8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/secret/store.h"

static void key_init(struct ao_platform_key *k)
{
	memset(k, 0, sizeof(*k));
	k->source = AO_KEY_NONE;
	k->keyring.cause = AO_KEYRING_OK;
}

void ao_platform_key_clear(struct ao_platform_key *k)
{
	if (k == NULL)
		return;
	ao_secret_free(k->key);
	key_init(k);
}

const char *ao_platform_key_env_state(void)
{
	const char *env = getenv("SCOPE3_API_KEY");

	/* an empty variable is a different mistake from a missing one */
	return env == NULL ? "is not set" : "is set but empty";
}

int ao_platform_key_from_env(struct ao_platform_key *k)
{
	const char *env = getenv("SCOPE3_API_KEY");

	key_init(k);
	if (env == NULL || env[0] == '\0')
		return 0;
	k->key = xstrdup(env);
	k->source = AO_KEY_ENV;
	snprintf(k->where, sizeof(k->where), "SCOPE3_API_KEY (environment)");
	return 1;
}

void ao_platform_key_from_lookup(struct ao_platform_key *k, const struct ao_secret_store *s,
                                 const char *api_url, struct ao_secret_result *r)
{
	struct ao_secret_ref ref = ao_secret_ref_platform_key(api_url);
	char *label = ao_secret_label(&ref);

	ao_platform_key_clear(k);
	if (r->status == AO_OK && r->value != NULL) {
		k->key = r->value;
		r->value = NULL;
		k->source = ao_secret_store_backend(s) == AO_SECRET_BACKEND_MEMORY ? AO_KEY_MEMORY
		                                                                    : AO_KEY_KEYRING;
		snprintf(k->where, sizeof(k->where), "%s, item \"%s\"", ao_secret_store_where(s), label);
	} else if (r->status == AO_ERR_NOT_FOUND) {
		snprintf(k->where, sizeof(k->where), "nowhere: SCOPE3_API_KEY %s and %s has no "
		         "key for %s", ao_platform_key_env_state(), ao_secret_store_where(s), ref.api_url);
	} else {
		k->keyring = r->check;
		snprintf(k->where, sizeof(k->where), "nowhere: SCOPE3_API_KEY %s and the "
		         "keyring cannot be read (%s)", ao_platform_key_env_state(),
		         ao_keyring_cause_name(r->check.cause));
	}
	free(label);
}

enum ao_status ao_platform_key_resolve(struct ao_secret_store *s, const char *api_url,
                                       struct ao_platform_key *k)
{
	struct ao_secret_ref ref = ao_secret_ref_platform_key(api_url);
	struct ao_secret_result r;

	if (ao_platform_key_from_env(k))
		return AO_OK;
	if (s == NULL) {
		snprintf(k->where, sizeof(k->where), "nowhere: SCOPE3_API_KEY %s", ao_platform_key_env_state());
		return AO_ERR_NOT_FOUND;
	}
	ao_secret_lookup(s, &ref, &r);
	ao_platform_key_from_lookup(k, s, api_url, &r);
	ao_secret_result_clear(&r);
	return k->key != NULL ? AO_OK : AO_ERR_NOT_FOUND;
}
