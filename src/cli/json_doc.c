/* SPDX-License-Identifier: MIT */
/* --json documents: the schema version and field selection (see
 * cli/json_doc.h). */
#include <stdio.h>
#include <string.h>

#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"

/* A registration as the platform documents it (inventory sources and
 * partner agents together); status, list and create print these. */
#define REGISTRATION_FIELDS \
	"id", "sourceId", "agentId", "name", "executionType", "status", "type", "endpointUrl", "protocol", \
	"description", "authenticationType", "authConfigured", "oauth", "oauthError", "accountPolicy", \
	"relationship", "partnerId", "reportingType", "reportingPollingCadence", "isAdapterSource", \
	"createdAt", "updatedAt"

static const char *const status_fields[] = { REGISTRATION_FIELDS, NULL };
static const char *const list_fields[] = { REGISTRATION_FIELDS, NULL };
/* with --dry-run, create prints the request instead */
static const char *const create_fields[] = { REGISTRATION_FIELDS, "method", "url", "headers", "body", NULL };
static const char *const probe_fields[] = {
	"url", "protocol", "authType", "outcome", "ok", "exitCode", "message", "fix", "warnings",
	"httpStatus", "reachable", "tlsOk", "authAccepted", "speaksProtocol", "adcp", "server", "tools",
	"skills", "listTruncated", "interfaces", "cardUrl", "oauthIssuer", "timingsMs", "checks", "aao", NULL,
};
static const char *const partners_fields[] = { "id", "name", "status", "description", NULL };
static const char *const doctor_fields[] = { "ok", "apiUrl", "partnerApiUrl", "checks", NULL };
static const char *const logout_fields[] = { "apiUrl", "all", "keyring", "removed", "remaining", NULL };

static const struct {
	const char *command;
	const char *const *fields;
} known[] = {
	{ "status", status_fields }, { "list", list_fields }, { "create", create_fields }, { "update", create_fields }, { "partners", partners_fields },
	{ "probe", probe_fields }, { "doctor", doctor_fields }, { "logout", logout_fields },
};

static const char *const *
fields_of(const char *command)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].command, command) == 0)
			return known[i].fields;
	return NULL;
}

static int
is_known(const char *const *fields, const char *name, size_t len)
{
	for (; *fields != NULL; fields++)
		if (strlen(*fields) == len && strncmp(*fields, name, len) == 0)
			return 1;
	return 0;
}

static int
field_error(const char *command, const char *what, const char *name, size_t len, const char *const *fields)
{
	char list[2048];
	size_t n = 0;

	list[0] = '\0';
	for (; *fields != NULL && n < sizeof(list); fields++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? " " : "", *fields);
	return -ao_usage_error(command, "%s \"%.*s\" in --json; the fields are: %s", what, (int)len, name, list);
}

int
ao_json_option(const char *command, const char *arg, struct ao_json_select *sel)
{
	const char *const *fields = fields_of(command);
	const char *p;

	if (strncmp(arg, "--json", 6) != 0 || (arg[6] != '\0' && arg[6] != '='))
		return 0;
	sel->on = 1;
	sel->fields[0] = '\0';
	if (arg[6] == '\0')
		return 1;
	p = arg + 7;
	if (fields == NULL)
		return -ao_usage_error(command, "--json takes no field list here (\"%s\")", arg);
	if (strlen(p) >= sizeof(sel->fields))
		return -ao_usage_error(command, "%s", "the --json field list is too long");
	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == 0)
			return field_error(command, "an empty field", "", 0, fields);
		if (!is_known(fields, p, len))
			return field_error(command, "no field", p, len, fields);
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	snprintf(sel->fields, sizeof(sel->fields), "%s", arg + 7);
	return 1;
}

/* A new object with only the selected fields of obj, in the order asked. */
static cJSON *
select_fields(const cJSON *obj, const char *fields)
{
	cJSON *out = cJSON_CreateObject();
	const char *p = fields;

	for (;;) {
		size_t len = strcspn(p, ",");
		char name[128];
		const cJSON *v;

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if (cJSON_GetObjectItemCaseSensitive(out, name) == NULL) {
			v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
			cJSON_AddItemToObject(out, name, v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	return out;
}

void
ao_json_emit(FILE *out, cJSON *doc, const struct ao_json_select *sel, int per_item)
{
	cJSON *root, *it;
	char *text;

	if (sel->fields[0] != '\0' && !per_item) {
		root = select_fields(doc, sel->fields);
		cJSON_Delete(doc);
	} else {
		root = doc;
	}
	if (sel->fields[0] != '\0' && per_item) {
		/* {"inventorySources": [...], ...}: select in each item */
		cJSON_ArrayForEach(it, root) {
			cJSON *item;

			if (!cJSON_IsArray(it))
				continue;
			for (item = it->child; item != NULL; item = item->next) {
				cJSON *slim = select_fields(item, sel->fields);

				cJSON_ReplaceItemViaPointer(it, item, slim);
				item = slim;
			}
		}
	}
	/* first, so `head -n 2` or a streaming reader sees it at once */
	if (cJSON_IsObject(root)) {
		cJSON *head = cJSON_CreateObject();

		cJSON_DeleteItemFromObjectCaseSensitive(root, "schemaVersion");
		cJSON_AddNumberToObject(head, "schemaVersion", AO_JSON_SCHEMA_VERSION);
		while (root->child != NULL) {
			char key[256];
			cJSON *c = root->child;

			snprintf(key, sizeof(key), "%s", c->string != NULL ? c->string : "");
			cJSON_AddItemToObject(head, key, cJSON_DetachItemViaPointer(root, c));
		}
		cJSON_Delete(root);
		root = head;
	}
	text = cJSON_Print(root);
	if (text != NULL) {
		/* through the one sanitiser for text from outside */
		ao_cli_print_json_text(out, text);
		cJSON_free(text);
	}
	cJSON_Delete(root);
	fflush(out);
}
