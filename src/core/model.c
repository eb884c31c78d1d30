/* SPDX-License-Identifier: MIT */
/* The field table of both registrations and the relevance rules: which
 * fields apply, given the registration kind, the authentication type and
 * the reporting type.  Everything that shows, checks, saves or sends a
 * field reads this table. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"

static const struct ao_choice kind_choices[] = {
	{ "inventory-source", "Storefront inventory source",
	  "An agent your storefront sells through (POST /storefront/inventory-sources); activates by itself." },
	{ "partner-agent", "Partner agent",
	  "An agent registered under a partner seat (POST /partner/agents); you activate it yourself." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice type_choices[] = {
	{ "SALES", "Sales", "Sells media: answers get_products and takes media buys." },
	{ "SIGNAL", "Signal", "Provides audience or contextual signals." },
	{ "CREATIVE", "Creative", "Builds or adapts creatives." },
	{ "OUTCOME", "Outcome", "Measures outcomes of campaigns." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice protocol_choices[] = {
	{ "MCP", "MCP", "Model Context Protocol over streamable HTTP." },
	{ "A2A", "A2A", "Agent-to-Agent protocol; the agent publishes an agent card." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice auth_choices[] = {
	{ "API_KEY", "API key", "The platform sends a static token to your agent." },
	{ "BASIC_AUTH", "Basic auth", "User name and password (inventory sources only)." },
	{ "JWT", "JWT", "The platform signs a JWT with your private key and exchanges it for a token." },
	{ "OAUTH", "OAuth", "You approve access in a browser after registering; nothing to type here." },
	{ "NO_AUTH", "No authentication", "Your agent accepts requests without credentials." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice api_key_type_choices[] = {
	{ "bearer", "Bearer", "Sent as Authorization: Bearer <token> (what AdCP agents must accept)." },
	{ "apikey", "apikey", "The platform's \"apikey\" credential type." },
	{ "api_key", "api_key", "The platform's \"api_key\" credential type." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice algorithm_choices[] = {
	{ "ES256", "ES256", "ECDSA with P-256 (an EC private key)." },
	{ "RS256", "RS256", "RSA with SHA-256 (an RSA private key)." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice account_policy_choices[] = {
	{ "advertiser_account", "Advertiser account", "Buyers bring their own credentials for your agent." },
	{ "marketplace_account", "Marketplace account", "Buyers use shared marketplace credentials." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice reporting_type_choices[] = {
	{ "WEBHOOK", "Webhook", "Your agent pushes delivery reports." },
	{ "BUCKET", "Bucket", "Your agent drops reports in a storage bucket." },
	{ "POLLING", "Polling", "The platform polls your agent for reports." },
	{ NULL, NULL, NULL }
};

static const struct ao_choice cadence_choices[] = {
	{ "DAILY", "Daily", "Poll for reports once a day." },
	{ "MONTHLY", "Monthly", "Poll for reports once a month." },
	{ NULL, NULL, NULL }
};

static const struct ao_field_info fields[AO_FIELD_COUNT] = {
	[AO_F_KIND] = { AO_F_KIND, "kind", "kind", "Register as",
		"What to register: a storefront inventory source or a partner agent.",
		"An inventory source is an agent your storefront sells through; it activates "
		"by itself once the platform reaches it with the credential. A partner agent is "
		"registered under a partner (ACTIVATION) seat and stays PENDING until you "
		"activate it.",
		AO_FF_CHOICE, kind_choices, 0, 0, NULL },
	[AO_F_PARTNER_ID] = { AO_F_PARTNER_ID, "partnerId", "partner-id", "Partner",
		"The partner seat (ACTIVATION seat) to register the agent under.",
		"Partner agents belong to a partner seat. The list comes from GET "
		"/api/v2/partner/partners; create a partner in the platform first if it is empty.",
		0, NULL, 1, 255, NULL },
	[AO_F_NAME] = { AO_F_NAME, "name", "name", "Name",
		"Display name, 1-255 characters, any script.",
		"The name buyers and your team see. Any language and script; 1 to 255 characters.",
		0, NULL, 1, 255, NULL },
	[AO_F_SOURCE_ID] = { AO_F_SOURCE_ID, "sourceId", "source-id", "Source id",
		"Storefront-scoped id; defaults to a slug of the name. " AO_SOURCE_ID_RULE ".",
		"The id used in URLs (GET /inventory-sources/{sourceId}). It defaults to a slug of "
		"the name and cannot contain spaces or '/'. It is always sent.",
		0, NULL, 1, 255, NULL },
	[AO_F_TYPE] = { AO_F_TYPE, "type", "type", "Agent type",
		"What the agent does. It cannot be changed after registration.",
		"SALES agents sell media (get_products), SIGNAL agents provide signals, CREATIVE "
		"agents build creatives, OUTCOME agents measure outcomes. The platform does not "
		"let you change the type later.",
		AO_FF_CHOICE, type_choices, 0, 0, NULL },
	[AO_F_PROTOCOL] = { AO_F_PROTOCOL, "protocol", "protocol", "Protocol",
		"How the platform talks to the agent: MCP or A2A.",
		"MCP agents answer JSON-RPC over streamable HTTP at the endpoint URL. A2A agents "
		"publish an agent card at /.well-known/agent-card.json.",
		AO_FF_CHOICE, protocol_choices, 0, 0, NULL },
	[AO_F_ENDPOINT_URL] = { AO_F_ENDPOINT_URL, "endpointUrl", "endpoint-url", "Endpoint URL",
		"https:// URL of the agent (http only for localhost), at most 2048 characters.",
		"The public HTTPS URL the platform calls, for example https://agent.example.com/mcp. "
		"It must be registered with AgenticAdvertising.org (AAO) or the platform refuses it.",
		AO_FF_URL, NULL, 1, 2048, NULL },
	[AO_F_AUTH_TYPE] = { AO_F_AUTH_TYPE, "authenticationType", "auth-type", "Authentication",
		"How the platform authenticates to your agent.",
		"API key and basic auth credentials are sent now; JWT needs your private key file; "
		"OAuth is approved in a browser after registering; no authentication sends nothing.",
		AO_FF_CHOICE, auth_choices, 0, 0, NULL },
	[AO_F_API_KEY_TYPE] = { AO_F_API_KEY_TYPE, "apiKeyType", "api-key-type", "Key type",
		"How the token is presented; bearer unless your agent documents otherwise.",
		"bearer sends Authorization: Bearer <token>. apikey and api_key are the platform's "
		"other API-key credential types.",
		AO_FF_CHOICE, api_key_type_choices, 0, 0, "bearer" },
	[AO_F_API_TOKEN] = { AO_F_API_TOKEN, "token", "token", "Token",
		"The token your agent accepts. Hidden while typed; never saved in drafts.",
		"The platform stores it encrypted and never shows it again. Press F2 to show or "
		"hide what you typed.",
		AO_FF_SECRET, NULL, 1, 4096, NULL },
	[AO_F_BASIC_USERNAME] = { AO_F_BASIC_USERNAME, "username", "username", "User name",
		"User name for HTTP basic authentication.",
		"Sent as Authorization: Basic with the password. It may not contain ':'.",
		0, NULL, 1, 255, NULL },
	[AO_F_BASIC_PASSWORD] = { AO_F_BASIC_PASSWORD, "password", "password", "Password",
		"Password for HTTP basic authentication. Hidden while typed.",
		"The platform stores it encrypted and never shows it again. Press F2 to show or "
		"hide what you typed.",
		AO_FF_SECRET, NULL, 1, 4096, NULL },
	[AO_F_JWT_KEY_FILE] = { AO_F_JWT_KEY_FILE, "privateKeyFile", "private-key-file", "Private key file",
		"Path to the PEM private key (EC P-256 for ES256, RSA of 2048+ bits for RS256); ~/ is your home.",
		"One unencrypted PEM private key, checked as you type; the algorithm it signs is "
		"preselected. It is read again when you submit, sent once, and wiped from memory. "
		"Only the path is saved.",
		AO_FF_FILE, NULL, 1, 4096, NULL },
	[AO_F_JWT_ISSUER] = { AO_F_JWT_ISSUER, "issuer", "issuer", "Issuer",
		"JWT iss claim.", "The issuer (iss) the platform puts in the JWTs it signs.",
		0, NULL, 1, 1024, NULL },
	[AO_F_JWT_SUBJECT] = { AO_F_JWT_SUBJECT, "subject", "subject", "Subject",
		"JWT sub claim.", "The subject (sub) the platform puts in the JWTs it signs.",
		0, NULL, 1, 1024, NULL },
	[AO_F_JWT_KEY_ID] = { AO_F_JWT_KEY_ID, "keyId", "key-id", "Key id",
		"JWT kid header: which of your public keys verifies the signature.",
		"The key id (kid) your token endpoint uses to find the public key.",
		0, NULL, 1, 1024, NULL },
	[AO_F_JWT_SCOPE] = { AO_F_JWT_SCOPE, "scope", "scope", "Scope",
		"Scope requested from your token endpoint.",
		"Space-separated scopes requested in the token exchange.",
		0, NULL, 1, 1024, NULL },
	[AO_F_JWT_TOKEN_URL] = { AO_F_JWT_TOKEN_URL, "tokenEndpointUrl", "token-endpoint-url", "Token endpoint URL",
		"https:// URL where the signed JWT is exchanged for an access token.",
		"The platform posts its signed JWT here and uses the access token it gets back.",
		AO_FF_URL, NULL, 1, 2048, NULL },
	[AO_F_JWT_AUDIENCE_URL] = { AO_F_JWT_AUDIENCE_URL, "audienceUrl", "audience-url", "Audience URL",
		"https:// URL used as the JWT aud claim.",
		"The audience (aud) the platform puts in the JWTs it signs.",
		AO_FF_URL, NULL, 1, 2048, NULL },
	[AO_F_JWT_ALGORITHM] = { AO_F_JWT_ALGORITHM, "algorithm", "algorithm", "Algorithm",
		"Signing algorithm (optional): ES256 or RS256.",
		"ES256 needs an EC P-256 private key, RS256 an RSA private key.",
		AO_FF_CHOICE, algorithm_choices, 0, 0, NULL },
	[AO_F_JWT_ENVIRONMENT] = { AO_F_JWT_ENVIRONMENT, "environment", "environment", "Environment",
		"Optional free text passed with the JWT settings (e.g. sandbox or production).",
		"The platform documents no fixed values for this field.",
		0, NULL, 1, 255, NULL },
	[AO_F_DESCRIPTION] = { AO_F_DESCRIPTION, "description", "description", "Description",
		"Optional, at most 2000 characters.",
		"A description of the agent shown to your team and buyers.",
		AO_FF_MULTILINE, NULL, 1, 2000, NULL },
	[AO_F_ACCOUNT_POLICY] = { AO_F_ACCOUNT_POLICY, "accountPolicy", "account-policy", "Account policy",
		"Which accounts buyers may use; choose one or both (there is no default).",
		"advertiser_account: buyers must provide their own credentials. "
		"marketplace_account: buyers use shared marketplace credentials.",
		AO_FF_MULTI, account_policy_choices, 0, 0, NULL },
	[AO_F_REPORTING_TYPE] = { AO_F_REPORTING_TYPE, "reportingType", "reporting-type", "Reporting",
		"How delivery reports reach the platform (optional).",
		"WEBHOOK: your agent pushes; BUCKET: reports in a bucket; POLLING: the platform polls.",
		AO_FF_CHOICE, reporting_type_choices, 0, 0, NULL },
	[AO_F_REPORTING_CADENCE] = { AO_F_REPORTING_CADENCE, "reportingPollingCadence", "reporting-cadence",
		"Polling cadence", "How often the platform polls for reports.",
		"Only used with POLLING reporting.",
		AO_FF_CHOICE, cadence_choices, 0, 0, NULL },
};

const struct ao_field_info *
ao_field_info(enum ao_field f)
{
	if ((unsigned)f >= AO_FIELD_COUNT)
		return NULL;
	return &fields[f];
}

int
ao_field_by_key(const char *key)
{
	int f;

	if (key == NULL)
		return -1;
	for (f = 0; f < AO_FIELD_COUNT; f++)
		if (strcmp(fields[f].key, key) == 0)
			return f;
	return -1;
}

int
ao_field_by_flag(const char *flag)
{
	int f;

	if (flag == NULL)
		return -1;
	for (f = 0; f < AO_FIELD_COUNT; f++)
		if (strcmp(fields[f].flag, flag) == 0)
			return f;
	return -1;
}

void
ao_answers_init(struct ao_answers *a)
{
	memset(a, 0, sizeof(*a));
}

void
ao_answers_clear(struct ao_answers *a)
{
	int f;

	for (f = 0; f < AO_FIELD_COUNT; f++) {
		if (fields[f].flags & AO_FF_SECRET)
			ao_secret_free(a->value[f]);
		else
			free(a->value[f]);
		a->value[f] = NULL;
	}
}

void
ao_answers_copy(struct ao_answers *dst, const struct ao_answers *src)
{
	int f;

	if (dst == src)
		return;
	ao_answers_clear(dst);
	for (f = 0; f < AO_FIELD_COUNT; f++)
		if (src->value[f] != NULL)
			dst->value[f] = xstrdup(src->value[f]);
	dst->editing = src->editing;
	memcpy(dst->stored_auth, src->stored_auth, sizeof(dst->stored_auth));
}

/* Lower-cases and maps '-' and ' ' to '_' so "no-auth", "No Auth" and
 * "NO_AUTH" compare equal. */
static void
fold(const char *in, char *out, size_t outsz)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < outsz; i++) {
		char c = (char)tolower((unsigned char)in[i]);

		out[i] = (c == '-' || c == ' ') ? '_' : c;
	}
	out[i] = '\0';
}

const char *
ao_choice_canonical(enum ao_field f, const char *value)
{
	static const struct { enum ao_field f; const char *alias, *canonical; } aliases[] = {
		{ AO_F_KIND, "source", "inventory-source" },
		{ AO_F_KIND, "inventory_source", "inventory-source" },
		{ AO_F_KIND, "storefront", "inventory-source" },
		{ AO_F_KIND, "agent", "partner-agent" },
		{ AO_F_KIND, "partner", "partner-agent" },
		{ AO_F_AUTH_TYPE, "basic", "BASIC_AUTH" },
		{ AO_F_AUTH_TYPE, "none", "NO_AUTH" },
		{ AO_F_AUTH_TYPE, "apikey", "API_KEY" },
		{ AO_F_AUTH_TYPE, "api_key", "API_KEY" },
		{ AO_F_AUTH_TYPE, "token", "API_KEY" },
		{ AO_F_ACCOUNT_POLICY, "advertiser", "advertiser_account" },
		{ AO_F_ACCOUNT_POLICY, "marketplace", "marketplace_account" },
	};
	const struct ao_choice *c;
	char want[64], have[64];
	size_t i;

	if (value == NULL || fields[f].choices == NULL || strlen(value) >= sizeof(want))
		return NULL;
	/* api key types differ only by '_': compare those exactly (lower case) */
	if (f == AO_F_API_KEY_TYPE) {
		for (c = fields[f].choices; c->value; c++)
			if (strcasecmp(c->value, value) == 0)
				return c->value;
		return NULL;
	}
	fold(value, want, sizeof(want));
	for (c = fields[f].choices; c->value; c++) {
		fold(c->value, have, sizeof(have));
		if (strcmp(want, have) == 0)
			return c->value;
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (aliases[i].f == f && strcmp(aliases[i].alias, want) == 0)
			return aliases[i].canonical;
	return NULL;
}

const struct ao_choice *
ao_choice_find(enum ao_field f, const char *canonical)
{
	const struct ao_choice *c;

	if (canonical == NULL || fields[f].choices == NULL)
		return NULL;
	for (c = fields[f].choices; c->value; c++)
		if (strcmp(c->value, canonical) == 0)
			return c;
	return NULL;
}

/* Canonicalises each element of a comma-separated multi-choice value and
 * puts them in table order without duplicates; unknown elements are kept
 * verbatim so validation can name them. */
static char *
canonical_multi(enum ao_field f, const char *value)
{
	const struct ao_choice *c;
	char *copy = xstrdup(value), *tok, *save = NULL, *out;
	char unknown[512] = "";
	size_t cap = strlen(value) + 64, len = 0;
	int seen[8] = { 0 }, i;

	out = xcalloc(1, cap);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *canon;

		while (isspace((unsigned char)*tok))
			tok++;
		for (i = (int)strlen(tok) - 1; i >= 0 && isspace((unsigned char)tok[i]); i--)
			tok[i] = '\0';
		if (*tok == '\0')
			continue;
		canon = ao_choice_canonical(f, tok);
		if (canon == NULL) {
			if (strlen(unknown) + strlen(tok) + 2 < sizeof(unknown)) {
				if (unknown[0])
					strcat(unknown, ",");
				strcat(unknown, tok);
			}
			continue;
		}
		for (i = 0, c = fields[f].choices; c->value; c++, i++)
			if (c->value == canon && i < 8)
				seen[i] = 1;
	}
	for (i = 0, c = fields[f].choices; c->value; c++, i++) {
		if (i < 8 && seen[i])
			len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? "," : "", c->value);
	}
	if (unknown[0])
		snprintf(out + len, cap - len, "%s%s", len ? "," : "", unknown);
	free(copy);
	return out;
}

void
ao_answers_set(struct ao_answers *a, enum ao_field f, const char *value)
{
	const char *canon = NULL;
	char *multi = NULL;
	int secret;

	if ((unsigned)f >= AO_FIELD_COUNT)
		return;
	secret = (fields[f].flags & AO_FF_SECRET) != 0;
	if (value != NULL && (fields[f].flags & AO_FF_CHOICE))
		canon = ao_choice_canonical(f, value);
	if (value != NULL && (fields[f].flags & AO_FF_MULTI))
		value = multi = canonical_multi(f, value);
	ao_set_string(&a->value[f], canon != NULL ? canon : value, secret);
	free(multi);
}

const char *
ao_answers_get(const struct ao_answers *a, enum ao_field f)
{
	if ((unsigned)f >= AO_FIELD_COUNT || a->value[f] == NULL)
		return "";
	return a->value[f];
}

int
ao_answers_has(const struct ao_answers *a, enum ao_field f)
{
	return *ao_answers_get(a, f) != '\0';
}

void
ao_answers_apply_defaults(struct ao_answers *a)
{
	int f;

	for (f = 0; f < AO_FIELD_COUNT; f++)
		if (fields[f].default_value != NULL && !ao_answers_has(a, (enum ao_field)f))
			ao_answers_set(a, (enum ao_field)f, fields[f].default_value);
}

enum ao_kind
ao_answers_kind(const struct ao_answers *a)
{
	const char *k = ao_answers_get(a, AO_F_KIND);

	if (strcmp(k, "inventory-source") == 0)
		return AO_KIND_SOURCE;
	if (strcmp(k, "partner-agent") == 0)
		return AO_KIND_AGENT;
	return AO_KIND_NONE;
}

const char *
ao_kind_name(enum ao_kind k)
{
	switch (k) {
	case AO_KIND_SOURCE: return "inventory-source";
	case AO_KIND_AGENT: return "partner-agent";
	default: return "";
	}
}

const char *
ao_kind_label(enum ao_kind k)
{
	switch (k) {
	case AO_KIND_SOURCE: return "storefront inventory source";
	case AO_KIND_AGENT: return "partner agent";
	default: return "registration";
	}
}

static int
auth_is(const struct ao_answers *a, const char *type)
{
	return strcmp(ao_answers_get(a, AO_F_AUTH_TYPE), type) == 0;
}

static enum ao_relevance base_relevance(const struct ao_answers *a, enum ao_field f, enum ao_kind kind);

/* The fields that make up the credential of the chosen auth type. */
static const enum ao_field credential_fields[] = {
	AO_F_API_TOKEN, AO_F_BASIC_USERNAME, AO_F_BASIC_PASSWORD, AO_F_JWT_KEY_FILE, AO_F_JWT_ISSUER,
	AO_F_JWT_SUBJECT, AO_F_JWT_KEY_ID, AO_F_JWT_SCOPE, AO_F_JWT_TOKEN_URL, AO_F_JWT_AUDIENCE_URL,
};

int
ao_answers_credential_kept(const struct ao_answers *a)
{
	size_t i;

	if (!a->editing || a->stored_auth[0] == '\0' || !auth_is(a, a->stored_auth))
		return 0;
	for (i = 0; i < sizeof(credential_fields) / sizeof(credential_fields[0]); i++)
		if (ao_answers_has(a, credential_fields[i]))
			return 0;
	return 1;
}

void
ao_answers_clear_credential(struct ao_answers *a)
{
	size_t i;

	for (i = 0; i < sizeof(credential_fields) / sizeof(credential_fields[0]); i++)
		ao_answers_set(a, credential_fields[i], NULL);
}

enum ao_relevance
ao_field_relevance(const struct ao_answers *a, enum ao_field f)
{
	enum ao_kind kind = ao_answers_kind(a);
	enum ao_relevance r;

	if (a->editing) {
		switch (f) {
		case AO_F_KIND:
		case AO_F_PARTNER_ID:
		case AO_F_SOURCE_ID:
		case AO_F_ACCOUNT_POLICY:
		case AO_F_REPORTING_TYPE:
		case AO_F_REPORTING_CADENCE:
			/* fixed once registered, or not offered by --edit */
			return AO_HIDDEN;
		default:
			break;
		}
	}
	r = base_relevance(a, f, kind);
	/* the key type has a default (bearer) and stays asked for */
	if (r == AO_REQUIRED && f > AO_F_API_KEY_TYPE && f <= AO_F_JWT_ENVIRONMENT &&
	    ao_answers_credential_kept(a))
		return AO_OPTIONAL;
	return r;
}

static enum ao_relevance
base_relevance(const struct ao_answers *a, enum ao_field f, enum ao_kind kind)
{
	switch (f) {
	case AO_F_KIND:
	case AO_F_NAME:
	case AO_F_TYPE:
	case AO_F_PROTOCOL:
	case AO_F_ENDPOINT_URL:
	case AO_F_AUTH_TYPE:
		return AO_REQUIRED;
	case AO_F_DESCRIPTION:
		return AO_OPTIONAL;
	case AO_F_SOURCE_ID:
		return kind == AO_KIND_SOURCE ? AO_OPTIONAL : AO_HIDDEN;
	case AO_F_PARTNER_ID:
	case AO_F_ACCOUNT_POLICY:
		return kind == AO_KIND_AGENT ? AO_REQUIRED : AO_HIDDEN;
	case AO_F_REPORTING_TYPE:
		return kind == AO_KIND_AGENT ? AO_OPTIONAL : AO_HIDDEN;
	case AO_F_REPORTING_CADENCE:
		/* a polling reporting type without a cadence would be meaningless */
		if (kind == AO_KIND_AGENT && strcmp(ao_answers_get(a, AO_F_REPORTING_TYPE), "POLLING") == 0)
			return AO_REQUIRED;
		return AO_HIDDEN;
	case AO_F_API_KEY_TYPE:
	case AO_F_API_TOKEN:
		return auth_is(a, "API_KEY") ? AO_REQUIRED : AO_HIDDEN;
	case AO_F_BASIC_USERNAME:
	case AO_F_BASIC_PASSWORD:
		/* BASIC_AUTH exists for inventory sources only; for a partner agent
		 * it is an invalid auth type, reported on that field */
		return auth_is(a, "BASIC_AUTH") && kind != AO_KIND_AGENT ? AO_REQUIRED : AO_HIDDEN;
	case AO_F_JWT_KEY_FILE:
	case AO_F_JWT_ISSUER:
	case AO_F_JWT_SUBJECT:
	case AO_F_JWT_KEY_ID:
	case AO_F_JWT_SCOPE:
	case AO_F_JWT_TOKEN_URL:
	case AO_F_JWT_AUDIENCE_URL:
		return auth_is(a, "JWT") ? AO_REQUIRED : AO_HIDDEN;
	case AO_F_JWT_ALGORITHM:
	case AO_F_JWT_ENVIRONMENT:
		return auth_is(a, "JWT") ? AO_OPTIONAL : AO_HIDDEN;
	case AO_FIELD_COUNT:
		break;
	}
	return AO_HIDDEN;
}

size_t
ao_field_choices(const struct ao_answers *a, enum ao_field f, const struct ao_choice **out, size_t max)
{
	const struct ao_choice *c;
	size_t n = 0;

	if ((unsigned)f >= AO_FIELD_COUNT || fields[f].choices == NULL)
		return 0;
	for (c = fields[f].choices; c->value && n < max; c++) {
		if (f == AO_F_AUTH_TYPE && strcmp(c->value, "BASIC_AUTH") == 0 &&
		    ao_answers_kind(a) == AO_KIND_AGENT)
			continue;   /* the partner API has no BASIC_AUTH */
		out[n++] = c;
	}
	return n;
}

int
ao_multi_contains(const char *list, const char *value)
{
	size_t vlen = strlen(value);
	const char *p = list;

	while (p != NULL && *p) {
		size_t len = strcspn(p, ",");

		if (len == vlen && strncmp(p, value, len) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

char *
ao_multi_toggle(enum ao_field f, const char *list, const char *value)
{
	const struct ao_choice *c;
	size_t cap = 256, len = 0;
	char *out = xcalloc(1, cap);
	int on;

	for (c = fields[f].choices; c != NULL && c->value; c++) {
		on = ao_multi_contains(list ? list : "", c->value);
		if (strcmp(c->value, value) == 0)
			on = !on;
		if (on)
			len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? "," : "", c->value);
	}
	return out;
}
