/* SPDX-License-Identifier: MIT */
/* `agent-onboard update ID`: a partial update of a registration after its
 * create (reference/scope3-api.md §2.4, §2.5, §3.3): PUT
 * /inventory-sources/{sourceId} or PATCH /partner/agents/{agentId} with only
 * the fields given; the credential rotated from --secret-file/--secret-fd/
 * stdin/the environment (never argv); --status ACTIVE|DISABLED with the
 * documented transitions; --reauthorize asks a partner agent's OAuth for a
 * fresh authorization URL.  --wait then waits like `status --wait`. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/answers_file.h"
#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/lookup.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/secret_input.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/cli/explain.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"

#define ENV_TOKEN "AO_AGENT_TOKEN"
#define ENV_PASSWORD "AO_AGENT_PASSWORD"
#define MASK "********"

struct update_opts {
	enum ao_kind kind;
	const char *id;
	const char *name, *description, *endpoint, *protocol, *auth_type, *username, *status;
	const char *answers_path;   /* --answers: the keys present are changed (flags win) */
	struct ao_answers file;     /* what it held; the strings above may point into it */
	struct ao_secret_input secret;
	int dry_run, wait, reauthorize;
	double timeout;
	struct ao_json_select json;
};

static void
help(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard update [--kind KIND] [--name TEXT] [--description TEXT]\n"
	        "                            [--endpoint URL] [--protocol MCP|A2A] [--auth-type TYPE]\n"
	        "                            [--username TEXT] [--secret-file FILE|- | --secret-fd N]\n"
	        "                            [--status ACTIVE|DISABLED] [--reauthorize] [--dry-run]\n"
	        "                            [--answers FILE|-] [--wait [--timeout SECONDS]]\n"
	        "                            [--json[=FIELD,...]] [--] ID\n"
	        "\n"
	        "Changes a registration after its create: only the fields given are sent, as\n"
	        "PUT /api/v2/storefront/inventory-sources/ID (sources) or PATCH\n"
	        "/api/v2/partner/agents/ID (partner agents). The kind is looked up when --kind is\n"
	        "not given. A new credential (rotation) comes from --secret-file, --secret-fd,\n"
	        "--secret-file - (stdin) or " ENV_TOKEN " (" ENV_PASSWORD " for BASIC_AUTH), never\n"
	        "from the command line; saving it on a PENDING source lets the platform\n"
	        "activate it. --status: inventory sources never go back to PENDING (PENDING to\n"
	        "ACTIVE or DISABLED, ACTIVE and DISABLED both ways); ACTIVE needs an agent that\n"
	        "answers with the stored credential and passes AAO compliance.\n"
	        "--answers FILE: a partial update from an answers file in create's format; only\n"
	        "the keys it has are changed (a flag given too wins). kind, sourceId and\n"
	        "partnerId may be there if they name this registration. Secrets never go in\n"
	        "the file: the new credential comes from --secret-file as above.\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "update");
	fprintf(out,
	        "\n"
	        "Examples:\n"
	        "  agent-onboard update premium-video --secret-file new-token.txt --wait\n"
	        "  agent-onboard update premium-video --status DISABLED\n"
	        "  agent-onboard update premiumvideo_a1b2c3d4 --reauthorize --wait\n"
	        "\n"
	        "Exit code 0 once the change is saved (with --wait: the state, as for status:\n"
	        "0 ACTIVE, 6 PENDING, 7 DISABLED); 4 when the platform refuses the change.\n"
	        "\n");
	ao_usage_exit_codes(out);
}

static int
value_of(int argc, char **argv, int *i, const char *name, const char **out)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0 || (arg[n] != '\0' && arg[n] != '='))
		return 0;
	if (arg[n] == '=')
		*out = arg + n + 1;
	else if (*i + 1 < argc)
		*out = argv[++*i];
	else
		return -ao_usage_error("update", "%s needs a value", name);
	return 1;
}

static int
one_of(const char *v, const char *const *allowed)
{
	for (; *allowed != NULL; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

/* --answers FILE: the keys update can change become the options not given
 * as flags; identity keys must name this registration (checked once it is
 * looked up: same_registration); any other key is refused by name, so
 * nothing in the file is silently ignored. */
static int
from_answers_file(struct update_opts *o)
{
	static const struct {
		enum ao_field f;
		size_t off;
	} editable[] = {
		{ AO_F_NAME, offsetof(struct update_opts, name) },
		{ AO_F_DESCRIPTION, offsetof(struct update_opts, description) },
		{ AO_F_ENDPOINT_URL, offsetof(struct update_opts, endpoint) },
		{ AO_F_PROTOCOL, offsetof(struct update_opts, protocol) },
		{ AO_F_AUTH_TYPE, offsetof(struct update_opts, auth_type) },
		{ AO_F_BASIC_USERNAME, offsetof(struct update_opts, username) },
	};
	char msg[16384];
	size_t i;
	int f, rc;

	if (strcmp(o->answers_path, "-") == 0 && o->secret.uses_stdin)
		return ao_usage_error("update", "%s", "stdin can only be read once: --answers - and the secret from "
		                      "stdin cannot both be used; put the answers in a file");
	rc = ao_cli_answers_read("update", o->answers_path, &o->file, msg, sizeof(msg));
	if (rc < 0)
		return AO_EXIT_USAGE;
	if (rc > 0) {
		fprintf(stderr, "agent-onboard update: the answers file has problems; nothing was sent:\n%s\n", msg);
		return AO_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(editable) / sizeof(editable[0]); i++) {
		const char **slot = (const char **)((char *)o + editable[i].off);

		if (ao_answers_has(&o->file, editable[i].f) && *slot == NULL)
			*slot = ao_answers_get(&o->file, editable[i].f);
	}
	for (f = 0; f < AO_FIELD_COUNT; f++) {
		/* checked against the registration in same_registration */
		int known = f == AO_F_KIND || f == AO_F_SOURCE_ID || f == AO_F_PARTNER_ID || f == AO_F_TYPE;

		for (i = 0; i < sizeof(editable) / sizeof(editable[0]); i++)
			known |= editable[i].f == (enum ao_field)f;
		/* update sends every API key as a bearer token, as create does */
		if (f == AO_F_API_KEY_TYPE && strcmp(ao_answers_get(&o->file, AO_F_API_KEY_TYPE), "bearer") == 0)
			known = 1;
		if (!known && ao_answers_has(&o->file, (enum ao_field)f))
			return ao_usage_error("update", "%s: update cannot change %s; remove it from the file (the "
			                      "wizard's --edit, or delete and create, change it)", o->answers_path,
			                      ao_field_info((enum ao_field)f)->key);
	}
	return AO_EXIT_OK;
}

/* The answers file's kind, sourceId and partnerId, when present, name r;
 * its type is r's (the platform documents no change of type). */
static int
same_registration(const struct update_opts *o, const struct ao_resource *r)
{
	const struct ao_answers *a = &o->file;
	const cJSON *pid = r->raw != NULL ? cJSON_GetObjectItemCaseSensitive(r->raw, "partnerId") : NULL;
	char got[64] = "";

	if (o->answers_path == NULL)
		return AO_EXIT_OK;
	if (ao_answers_has(a, AO_F_KIND) && ao_answers_kind(a) != r->kind)
		return ao_usage_error("update", "%s is for a %s; %s is a %s", o->answers_path,
		                      ao_kind_label(ao_answers_kind(a)), r->id, ao_kind_label(r->kind));
	if (ao_answers_has(a, AO_F_SOURCE_ID) && (r->kind != AO_KIND_SOURCE ||
	                                          strcmp(ao_answers_get(a, AO_F_SOURCE_ID), r->id) != 0))
		return ao_usage_error("update", "%s has sourceId \"%s\", not %s: a source id cannot change (it is "
		                      "the registration's name on the platform)", o->answers_path,
		                      ao_answers_get(a, AO_F_SOURCE_ID), r->id);
	if (ao_answers_has(a, AO_F_TYPE) && (r->type == NULL || strcmp(ao_answers_get(a, AO_F_TYPE), r->type) != 0))
		return ao_usage_error("update", "%s: update cannot change type (%s is %s); remove it from the file "
		                      "(delete and create to change it)", o->answers_path, r->id,
		                      r->type != NULL ? r->type : "of no reported type");
	if (cJSON_IsNumber(pid))
		snprintf(got, sizeof(got), "%.0f", pid->valuedouble);
	else if (cJSON_IsString(pid))
		snprintf(got, sizeof(got), "%s", pid->valuestring);
	if (ao_answers_has(a, AO_F_PARTNER_ID) && got[0] != '\0' && strcmp(ao_answers_get(a, AO_F_PARTNER_ID), got) != 0)
		return ao_usage_error("update", "%s has partnerId %s; %s belongs to partner %s (it cannot move)",
		                      o->answers_path, ao_answers_get(a, AO_F_PARTNER_ID), r->id, got);
	return AO_EXIT_OK;
}

static int
parse(int argc, char **argv, struct update_opts *o)
{
	static const char *const protocols[] = { "MCP", "A2A", NULL };
	static const char *const auth_types[] = { "API_KEY", "BASIC_AUTH", "JWT", "NO_AUTH", "OAUTH", NULL };
	static const char *const statuses[] = { "ACTIVE", "DISABLED", "PENDING", NULL };
	int i, m, ended = 0;
	char msg[512];
	const char *kind = NULL, *timeout = NULL;

	memset(o, 0, sizeof(*o));
	ao_answers_init(&o->file);
	ao_secret_input_init(&o->secret);
	o->timeout = AO_WAIT_DEFAULT_TIMEOUT;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (ended || arg[0] != '-' || arg[1] == '\0') {
			if (o->id != NULL)
				return ao_usage_error("update", "one id at a time (got \"%s\" and \"%s\")", o->id, arg);
			o->id = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			ended = 1;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help(stdout);
			return -AO_EXIT_OK - 1000;
		}
		if ((m = ao_json_option("update", arg, &o->json)) != 0) {
			if (m < 0)
				return -m;
			continue;
		}
		m = ao_secret_input_option(&o->secret, argc, argv, &i, msg, sizeof(msg));
		if (m < 0)
			return ao_usage_error("update", "%s", msg);
		if (m > 0)
			continue;
		if (strcmp(arg, "--dry-run") == 0) {
			o->dry_run = 1;
			continue;
		}
		if (strcmp(arg, "--wait") == 0) {
			o->wait = 1;
			continue;
		}
		if (strcmp(arg, "--reauthorize") == 0) {
			o->reauthorize = 1;
			continue;
		}
		if (strncmp(arg, "--token", 7) == 0 || strncmp(arg, "--password", 10) == 0 ||
		    strncmp(arg, "--secret=", 9) == 0 || strcmp(arg, "--secret") == 0) {
			ao_secret_input_refusal(arg + 2, strncmp(arg, "--password", 10) == 0 ? ENV_PASSWORD : ENV_TOKEN,
			                        msg, sizeof(msg));
			return ao_usage_error("update", "%s", msg);
		}
		if ((m = value_of(argc, argv, &i, "--kind", &kind)) != 0 ||
		    (m = value_of(argc, argv, &i, "--name", &o->name)) != 0 ||
		    (m = value_of(argc, argv, &i, "--description", &o->description)) != 0 ||
		    (m = value_of(argc, argv, &i, "--endpoint", &o->endpoint)) != 0 ||
		    (m = value_of(argc, argv, &i, "--protocol", &o->protocol)) != 0 ||
		    (m = value_of(argc, argv, &i, "--auth-type", &o->auth_type)) != 0 ||
		    (m = value_of(argc, argv, &i, "--username", &o->username)) != 0 ||
		    (m = value_of(argc, argv, &i, "--status", &o->status)) != 0 ||
		    (m = value_of(argc, argv, &i, "--answers", &o->answers_path)) != 0 ||
		    (m = value_of(argc, argv, &i, "--timeout", &timeout)) != 0) {
			if (m < 0)
				return -m;
			continue;
		}
		return ao_option_unknown("update", arg);
	}
	/* first, so the values from the file are checked as the flags are */
	if (o->answers_path != NULL) {
		m = from_answers_file(o);
		if (m != AO_EXIT_OK)
			return m;
	}
	if (o->id == NULL || *o->id == '\0')
		return ao_usage_error("update", "%s", "which registration? Give its id: agent-onboard update ID "
		                      "(`agent-onboard list` shows them)");
	if (kind != NULL && (o->kind = ao_cli_parse_kind(kind)) == AO_KIND_NONE)
		return ao_usage_error("update", "--kind must be inventory-source or partner-agent, not \"%s\"", kind);
	if (o->protocol != NULL && !one_of(o->protocol, protocols))
		return ao_usage_error("update", "--protocol must be MCP or A2A, not \"%s\"", o->protocol);
	if (o->auth_type != NULL && !one_of(o->auth_type, auth_types))
		return ao_usage_error("update", "--auth-type must be API_KEY, BASIC_AUTH, JWT, NO_AUTH or OAUTH, "
		                      "not \"%s\"", o->auth_type);
	if (o->status != NULL && !one_of(o->status, statuses))
		return ao_usage_error("update", "--status must be ACTIVE or DISABLED, not \"%s\"", o->status);
	if (timeout != NULL) {
		o->timeout = ao_cli_parse_seconds(timeout);
		if (o->timeout < 0)
			return ao_usage_error("update", "--timeout needs a number of seconds (0 = no limit), not \"%s\"",
			                      timeout);
		o->wait = 1;
	}
	if (o->name == NULL && o->description == NULL && o->endpoint == NULL && o->protocol == NULL &&
	    o->auth_type == NULL && o->username == NULL && o->status == NULL && !o->reauthorize &&
	    !ao_secret_input_given(&o->secret) && getenv(ENV_TOKEN) == NULL && getenv(ENV_PASSWORD) == NULL)
		return ao_usage_error("update", "%s", o->answers_path != NULL
		                      ? "nothing to change: the answers file has none of name, description, endpointUrl, "
		                      "protocol, authenticationType, username, and no flag or new secret was given"
		                      : "nothing to change: give at least one of --name, --description, "
		                      "--endpoint, --protocol, --auth-type, --answers FILE, a new secret, --status or "
		                      "--reauthorize");
	return AO_EXIT_OK;
}

/* The auth object for type with the new secret, or NULL with a message. */
static cJSON *
auth_object(const char *type, const char *username, const char *secret, char *msg, size_t msgsz)
{
	cJSON *auth = cJSON_CreateObject();

	if (strcmp(type, "API_KEY") == 0) {
		cJSON_AddStringToObject(auth, "type", "bearer");
		cJSON_AddStringToObject(auth, "token", secret);
	} else if (strcmp(type, "BASIC_AUTH") == 0) {
		if (username == NULL) {
			snprintf(msg, msgsz, "a BASIC_AUTH credential needs --username with the password");
			cJSON_Delete(auth);
			return NULL;
		}
		cJSON_AddStringToObject(auth, "type", "basic");
		cJSON_AddStringToObject(auth, "username", username);
		cJSON_AddStringToObject(auth, "password", secret);
	} else {
		snprintf(msg, msgsz, "%s takes no secret from --secret-file/--secret-fd here%s", type,
		         strcmp(type, "JWT") == 0 ? " (rotate a JWT key with `agent-onboard create --answers` or the wizard)"
		         : "");
		cJSON_Delete(auth);
		return NULL;
	}
	return auth;
}

/* The partial body; *secret says whether it carries a credential. */
static int
build_body(const struct update_opts *o, const struct ao_resource *r, cJSON **out, int *secret)
{
	const char *type = o->auth_type != NULL ? o->auth_type : r->auth_type != NULL ? r->auth_type : "";
	char *value = NULL, from[128], msg[512];
	cJSON *body = cJSON_CreateObject();
	int type_needs_secret = strcmp(type, "API_KEY") == 0 || strcmp(type, "BASIC_AUTH") == 0;

	*secret = 0;
	if (o->name != NULL)
		cJSON_AddStringToObject(body, "name", o->name);
	if (o->description != NULL)
		cJSON_AddStringToObject(body, "description", o->description);
	if (o->endpoint != NULL)
		cJSON_AddStringToObject(body, "endpointUrl", o->endpoint);
	if (o->protocol != NULL)
		cJSON_AddStringToObject(body, "protocol", o->protocol);
	if (o->auth_type != NULL)
		cJSON_AddStringToObject(body, "authenticationType", o->auth_type);
	if (ao_secret_input_given(&o->secret) || type_needs_secret || o->username != NULL) {
		if (ao_secret_input_read(&o->secret, strcmp(type, "BASIC_AUTH") == 0 ? ENV_PASSWORD : ENV_TOKEN,
		                         &value, from, sizeof(from), msg, sizeof(msg)) != 0) {
			cJSON_Delete(body);
			fprintf(stderr, "agent-onboard: update: %s\n", msg);
			return AO_EXIT_USAGE;
		}
	}
	if (value != NULL || o->username != NULL) {
		cJSON *auth;

		if (value == NULL) {
			cJSON_Delete(body);
			return ao_usage_error("update", "--username needs the password from --secret-file, --secret-fd "
			                      "or " ENV_PASSWORD);
		}
		auth = auth_object(type, o->username, value, msg, sizeof(msg));
		ao_secret_free(value);
		if (auth == NULL) {
			cJSON_Delete(body);
			return ao_usage_error("update", "%s", msg);
		}
		cJSON_AddItemToObject(body, "auth", auth);
		*secret = 1;
	} else if (o->auth_type != NULL && type_needs_secret &&
	           (r->auth_type == NULL || strcmp(r->auth_type, o->auth_type) != 0)) {
		cJSON_Delete(body);
		return ao_usage_error("update", "changing to %s needs its credential: --secret-file FILE, --secret-fd N "
		                      "or %s", o->auth_type, strcmp(type, "BASIC_AUTH") == 0 ? ENV_PASSWORD : ENV_TOKEN);
	}
	if (o->status != NULL)
		cJSON_AddStringToObject(body, "status", o->status);
	*out = body;
	return AO_EXIT_OK;
}

static void
print_request(const struct update_opts *o, const char *base, const struct ao_resource *r, const cJSON *body)
{
	cJSON *shown = cJSON_Duplicate(body, 1), *auth = cJSON_GetObjectItemCaseSensitive(shown, "auth");
	char *path = ao_resource_path(r->kind, r->id), *text;
	const char *method = r->kind == AO_KIND_SOURCE ? "PUT" : "PATCH";

	if (auth != NULL) {
		static const char *const secrets[] = { "token", "password" };
		size_t i;

		for (i = 0; i < 2; i++)
			if (cJSON_GetObjectItemCaseSensitive(auth, secrets[i]) != NULL) {
				ao_json_wipe(cJSON_GetObjectItemCaseSensitive(auth, secrets[i]));
				cJSON_ReplaceItemInObjectCaseSensitive(auth, secrets[i], cJSON_CreateString(MASK));
			}
	}
	if (o->json.on) {
		cJSON *req = cJSON_CreateObject(), *h = cJSON_CreateObject();

		cJSON_AddStringToObject(req, "method", method);
		text = xasprintf("%s%s", base, path);
		cJSON_AddStringToObject(req, "url", text);
		free(text);
		cJSON_AddStringToObject(h, "Authorization", "Bearer " MASK);
		cJSON_AddStringToObject(h, "Content-Type", "application/json");
		cJSON_AddItemToObject(req, "headers", h);
		cJSON_AddItemToObject(req, "body", shown);
		ao_json_emit(stdout, req, &o->json, 0);
	} else {
		printf("%s %s%s\nAuthorization: Bearer " MASK "\nContent-Type: application/json\n", method, base, path);
		text = cJSON_Print(shown);
		printf("\n%s\n", text != NULL ? text : "{}");
		cJSON_free(text);
		cJSON_Delete(shown);
		fflush(stdout);
	}
	free(path);
	fprintf(stderr, "agent-onboard: dry run: nothing was sent.\n");
}

/* After a refused status change: what the rule is and what to do. */
static void
explain_refusal(const struct update_opts *o, const struct ao_resource *r, const struct ao_api_result *res)
{
	char *id = ao_display_dup(r->id);

	if (o->status == NULL || res->http_status != 400)
		goto out;
	if (r->kind == AO_KIND_SOURCE && strcmp(o->status, "ACTIVE") == 0)
		fprintf(stderr, "The platform activates an inventory source only once its agent answers with the "
		        "stored credential and passes AAO compliance. See why it does not: agent-onboard status %s; "
		        "rotate the credential: agent-onboard update %s --secret-file FILE.\n", id, id);
	else if (r->kind == AO_KIND_AGENT && strcmp(o->status, "ACTIVE") == 0)
		fprintf(stderr, "A partner agent can be ACTIVE only once its authentication is configured%s.\n",
		        r->auth_type != NULL && strcmp(r->auth_type, "OAUTH") == 0
		        ? " (OAuth: agent-onboard update --reauthorize --wait, approve, then --status ACTIVE)" : "");
out:
	free(id);
}

static int
run(struct ao_cli_session *s, const struct update_opts *o, const struct ao_global *g, struct ao_resource *r)
{
	struct ao_api_result res;
	cJSON *body = NULL;
	int rc, secret = 0, has_change;
	char *text, *id;

	rc = ao_cli_look_up(s, o->kind, o->id, r);
	if (rc != AO_EXIT_OK)
		return rc;
	rc = same_registration(o, r);
	if (rc != AO_EXIT_OK)
		return rc;
	id = ao_display_dup(r->id);
	if (r->kind == AO_KIND_SOURCE && o->status != NULL && strcmp(o->status, "PENDING") == 0) {
		rc = ao_usage_error("update", "an inventory source never goes back to PENDING (the platform allows "
		                    "PENDING to ACTIVE or DISABLED, and ACTIVE and DISABLED both ways)");
		goto out;
	}
	if (o->reauthorize && r->kind == AO_KIND_SOURCE) {
		rc = ao_usage_error("update", "--reauthorize is for partner agents: the storefront API documents no "
		                    "re-authorize call for inventory sources (its OAuth audience field, which "
		                    "re-mints the grant, is not named in the docs); recreate the source to re-consent");
		goto out;
	}
	if (o->reauthorize && (r->auth_type == NULL || strcmp(r->auth_type, "OAUTH") != 0) &&
	    (o->auth_type == NULL || strcmp(o->auth_type, "OAUTH") != 0)) {
		rc = ao_usage_error("update", "--reauthorize: agent %s uses %s, not OAUTH", id,
		                    r->auth_type != NULL ? r->auth_type : "no OAuth");
		goto out;
	}
	rc = build_body(o, r, &body, &secret);
	if (rc != AO_EXIT_OK)
		goto out;
	has_change = cJSON_GetArraySize(body) > 0;
	if (o->dry_run) {
		const char *base = r->kind == AO_KIND_SOURCE ? ao_api_base_url(s->api) : ao_api_partner_url(s->api);

		if (has_change)
			print_request(o, base, r, body);
		if (o->reauthorize) {
			char *path = ao_resource_path(AO_KIND_AGENT, r->id);

			printf("POST %s%s/oauth/authorize\n", base, path);
			free(path);
		}
		goto out;
	}
	(void)g;
	if (has_change) {
		text = cJSON_PrintUnformatted(body);
		ao_api_wait(ao_api_update_json(s->api, r->kind, r->id, text, secret, NULL, NULL), &ao_cli_interrupted,
		            &res);
		ao_wipe(text, strlen(text));
		cJSON_free(text);
		if (res.status != AO_OK) {
			rc = ao_cli_report_failure(&res, r->kind == AO_KIND_SOURCE ? "updating the inventory source"
			                           : "updating the partner agent");
			explain_refusal(o, r, &res);
			ao_api_result_free(&res);
			goto out;
		}
		ao_api_result_free(&res);
		fprintf(stderr, "agent-onboard: %s %s updated%s.\n",
		        r->kind == AO_KIND_SOURCE ? "inventory source" : "partner agent", id,
		        secret ? " (the new credential is stored by the platform, never shown again)" : "");
	}
	if (o->reauthorize) {
		ao_api_wait(ao_api_oauth_authorize(s->api, r->id, NULL, NULL), &ao_cli_interrupted, &res);
		if (res.status != AO_OK) {
			rc = ao_cli_report_failure(&res, "asking for a new OAuth authorization");
			ao_api_result_free(&res);
			goto out;
		}
		ao_api_result_free(&res);
	}
	/* the answer to PATCH is short: read the whole registration back */
	{
		struct ao_resource fresh;
		enum ao_kind kind = r->kind;

		memset(&fresh, 0, sizeof(fresh));
		rc = ao_cli_look_up(s, kind, r->id, &fresh);
		if (rc != AO_EXIT_OK)
			goto out;
		ao_resource_free(r);
		*r = fresh;
	}
	rc = AO_EXIT_OK;
out:
	if (body != NULL) {
		ao_json_wipe(body);
		cJSON_Delete(body);
	}
	free(id);
	return rc;
}

int
ao_cmd_update(const struct ao_global *g, int argc, char **argv)
{
	struct update_opts o;
	struct ao_cli_session s;
	struct ao_resource r;
	struct ao_wait_result w;
	int rc = parse(argc, argv, &o);

	if (rc != AO_EXIT_OK) {
		ao_answers_clear(&o.file);
		return rc == -AO_EXIT_OK - 1000 ? AO_EXIT_OK : rc;
	}
	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	ao_wait_result_init(&w);
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	rc = run(&s, &o, g, &r);
	if (rc != AO_EXIT_OK || o.dry_run)
		goto out;
	if (o.wait) {
		struct ao_wait_spec spec = { r.kind, r.id, o.timeout, 0, isatty(STDERR_FILENO) };

		if (!ao_wait_is_final(&r, 0))
			ao_cli_print_oauth(stderr, &r);
		ao_wait_run(s.api, &spec, &r, &ao_cli_interrupted, &w);
		rc = ao_status_exit(w.status);
	} else if (o.reauthorize) {
		ao_cli_print_oauth(stderr, &r);
	}
	if (o.json.on) {
		ao_json_emit(stdout, ao_cli_resource_json(&r), &o.json, 0);
	} else {
		ao_cli_print_resource(stdout, &r);
		fflush(stdout);
	}
	if (o.wait)
		ao_cli_wait_report(stderr, s.api, &w, &r, NULL);
out:
	ao_answers_clear(&o.file);
	ao_wait_result_free(&w);
	ao_resource_free(&r);
	ao_cli_session_close(&s);
	return rc;
}
