/* SPDX-License-Identifier: MIT */
/* Request builders: answers -> the JSON body the API expects (cJSON, upper
 * case enums, only the fields relevant to the chosen kind and auth type).
 * With AO_BUILD_MASK_SECRETS the secret values are replaced by "********",
 * for --dry-run, the review screen and logs. */
#ifndef AO_CORE_REQUEST_H
#define AO_CORE_REQUEST_H

#include <cJSON.h>

#include "agent-onboard/core/model.h"

#define AO_BUILD_MASK_SECRETS 0x1u
#define AO_MASK "********"

/* Secrets that do not live in the answers themselves (the JWT private key is
 * read from AO_F_JWT_KEY_FILE by the caller). */
struct ao_secrets {
	const char *jwt_private_key;   /* PEM text, or NULL */
};

/* ["a","b"] from the comma-separated value of a multi-choice field. */
cJSON *ao_json_string_list(const char *csv);
/* Wipes every string value in j and below it (not j's siblings): cJSON
 * frees without wiping, and request bodies carry credentials. */
void ao_json_wipe(cJSON *j);

/* POST /api/v2/storefront/inventory-sources or POST /api/v2/partner/agents,
 * by ao_answers_kind(a).  sourceId defaults to ao_slugify(name). */
cJSON *ao_build_create_body(const struct ao_answers *a, const struct ao_secrets *s, unsigned flags);
/* The update of a registration to the reviewed answers (PUT for sources,
 * PATCH for agents): the create body without what cannot change (sourceId,
 * type, partnerId, executionType); auth is sent again, so the stored
 * credential is the one reviewed. */
cJSON *ao_build_update_body(const struct ao_answers *a, const struct ao_secrets *s, unsigned flags);
/* agent-onboard --edit: only what differs from the registration r as the
 * platform has it (core/regdiff.h: name, description, endpoint, protocol,
 * auth type), and the credential when one was given (not
 * ao_answers_credential_kept).  An empty object when nothing changed. */
struct ao_resource;
cJSON *ao_build_edit_body(const struct ao_answers *a, const struct ao_secrets *s, const struct ao_resource *r,
                          unsigned flags);
/* PATCH /api/v2/partner/agents/{id} {"status":"ACTIVE"} and friends. */
cJSON *ao_build_status_patch(const char *status);

/* Paths relative to the API base URL. */
const char *ao_collection_path(enum ao_kind k);   /* "/api/v2/storefront/inventory-sources" ... */
/* collection path + "/" + percent-encoded id; newly allocated. */
char *ao_resource_path(enum ao_kind k, const char *id);
/* Percent-encodes everything but unreserved characters; newly allocated. */
char *ao_url_escape(const char *s);

/* The id the registration will have (sources: sourceId or the slug of the
 * name); NULL for agents, whose id is assigned by the platform. */
char *ao_expected_source_id(const struct ao_answers *a);

/* Replaces the value of every secret-looking key (token, password,
 * privateKey, secret, authorization, apiKey ...) in a JSON tree with the
 * mask, recursively, in place. */
void ao_json_mask_secrets(cJSON *json);
/* True for key names whose values are secrets. */
int ao_json_key_is_secret(const char *key);

#endif
