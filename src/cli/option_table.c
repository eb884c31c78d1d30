/* SPDX-License-Identifier: MIT */
/* Every command's options with their --help text: the one place the help,
 * the bash, zsh and fish completions and the "takes no value" messages read
 * (see cli/option_table.h).  A new option goes here, its parsing into the
 * command's file, and `make` regenerates nothing: the completions in assets/
 * are refreshed with `agent-onboard completion SHELL` (a test compares). */
#include <stdio.h>
#include <string.h>

#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"

/* the --help texts below say "default 900" */
_Static_assert((int)AO_WAIT_DEFAULT_TIMEOUT == 900, "update the --timeout help texts");

#define KINDS "inventory-source partner-agent"
#define JSON_FIELDS_HELP "\n=FIELD,FIELD...: only those fields (an unknown one is\na usage error listing them); with \"schemaVersion\""

const struct ao_command_info ao_commands[] = {
	{ "wizard", "the guided wizard (needs a terminal; see create otherwise)" },
	{ "create", "register from an answers file and flags, without a terminal" },
	{ "status", "show (or --wait for) one inventory source or partner agent" },
	{ "update", "change a registration: fields, credential, status, OAuth" },
	{ "delete", "delete an inventory source (asks first; --yes without a terminal)" },
	{ "list", "your inventory sources and partner agents with their status" },
	{ "partners", "the partner (ACTIVATION) seats, all pages (--partner-id values)" },
	{ "probe", "test an agent endpoint the way the platform will (--protocol MCP|A2A)" },
	{ "login", "store the platform API key in the system keyring" },
	{ "logout", "remove stored keys and draft credentials, and say what remains" },
	{ "doctor", "check terminal, locale, keyring, API reachability and the key" },
	{ "sandbox", "run the API simulator on its own (tests, demos, client developers)" },
	{ "help", "help [COMMAND]: this help, or a command's (the same as COMMAND --help)" },
	{ "completion", "completion bash|zsh|fish: print a shell completion script" },
	{ NULL, NULL },
};

const struct ao_option ao_options[] = {
	/* global options: anywhere on the command line */
	{ "", "--demo", NULL, NULL, AO_OPTV_NONE, NULL,
	  "run against a built-in simulator: no network, no account" },
	{ "", "--api-url", NULL, "URL", AO_OPTV_TEXT, NULL,
	  "platform API base URL (default https://api.interchange.io)" },
	{ "", "--partner-api-url", NULL, "URL", AO_OPTV_TEXT, NULL,
	  "partner API base URL (default\n"
	  "https://api.agentic.scope3.com; see \"Two hosts\")" },
	{ "", "--staging", NULL, NULL, AO_OPTV_NONE, NULL,
	  "use https://api.staging.interchange.io (not with --api-url)" },
	{ "", "--ca-file", NULL, "FILE", AO_OPTV_FILE, NULL,
	  "extra CA certificates (PEM) to trust; libcurl ignores SSL_CERT_FILE" },
	{ "", "--plain", NULL, NULL, AO_OPTV_NONE, NULL,
	  "line-by-line questions (screen readers, dumb terminals)" },
	{ "", "--log", NULL, "FILE", AO_OPTV_FILE_OR_STDIN, NULL,
	  "append a redacted trace of every request (file mode 0600);\n- writes it to stderr" },
	{ "", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },
	{ "", "--version", "-V", NULL, AO_OPTV_NONE, NULL, "version and library versions" },

	/* the wizard (no command word) */
	{ "wizard", "--answers", NULL, "FILE", AO_OPTV_FILE, NULL,
	  "prefill the answers from a JSON answers file (no secrets)" },
	{ "wizard", "--fresh", NULL, NULL, AO_OPTV_NONE, NULL,
	  "ignore a saved draft (it is replaced at the first step)" },
	{ "wizard", "--timeout", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "how long to wait for ACTIVE (default 900)" },
	{ "wizard", "--edit", NULL, "ID", AO_OPTV_TEXT, NULL,
	  "edit an existing source (sourceId) or partner agent (agentId):\nthe forms filled from the platform, submit updates only\nwhat changed (credentials: empty keeps the stored one)" },
	{ "wizard", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "create", "--answers", NULL, "FILE|-", AO_OPTV_FILE_OR_STDIN, NULL,
	  "the answers file (- reads it from stdin); relative paths in\nit (privateKeyFile) are relative to the file's directory" },
	{ "create", "--secret-file", NULL, "FILE", AO_OPTV_FILE_OR_STDIN, NULL,
	  "read the agent's secret (API_KEY token or BASIC_AUTH\npassword) from FILE; - reads it from stdin" },
	{ "create", "--secret-fd", NULL, "N", AO_OPTV_TEXT, NULL,
	  "read the secret from file descriptor N (e.g. 3 3<token.txt)" },
	{ "create", "--dry-run", NULL, NULL, AO_OPTV_NONE, NULL,
	  "validate, print the exact request (method, URL, headers,\nbody) with the key and secrets masked, and send nothing" },
	{ "create", "--wait", NULL, NULL, AO_OPTV_NONE, NULL,
	  "after registering, wait until it is ACTIVE (or DISABLED);\nprogress is shown on stderr when it is a terminal" },
	{ "create", "--timeout", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "give up waiting after SECONDS (default 900; 0 = never);\nimplies --wait" },
	{ "create", "--activate", NULL, NULL, AO_OPTV_NONE, NULL,
	  "partner agents: once authentication is configured (OAuth\napproved), PATCH the agent to ACTIVE; implies --wait.\nInventory sources activate by themselves." },
	{ "create", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL,
	  "print the registration as the platform returned it (JSON) on\nstdout and nothing else; with --dry-run, the request as JSON" JSON_FIELDS_HELP },
	{ "create", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "status", "--kind", NULL, "KIND", AO_OPTV_CHOICE, KINDS,
	  "inventory-source or partner-agent (default: try the\ninventory source first, then the partner agent)" },
	{ "status", "--wait", NULL, NULL, AO_OPTV_NONE, NULL,
	  "wait until it is ACTIVE or DISABLED; progress on stderr\nwhen it is a terminal; Ctrl-C stops waiting (exit 130)" },
	{ "status", "--timeout", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "give up waiting after SECONDS (default 900; 0 = never);\nimplies --wait" },
	{ "status", "--activate", NULL, NULL, AO_OPTV_NONE, NULL,
	  "partner agents: once authentication is configured (OAuth\napproved), PATCH the agent to ACTIVE, then wait for it;\nimplies --wait. Partner agents never activate by themselves." },
	{ "status", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL,
	  "print the registration as the platform returned it (JSON)\non stdout and nothing else" JSON_FIELDS_HELP },
	{ "status", "--explain", NULL, NULL, AO_OPTV_NONE, NULL,
	  "why it is in its state: one verdict line, the evidence\n(registration, readiness, diagnostics, discovery test),\nthen the command that fixes it" },
	{ "status", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "update", "--kind", NULL, "KIND", AO_OPTV_CHOICE, KINDS,
	  "which kind ID is (default: looked up, sources first)" },
	{ "update", "--name", NULL, "TEXT", AO_OPTV_TEXT, NULL, "the new name" },
	{ "update", "--description", NULL, "TEXT", AO_OPTV_TEXT, NULL, "the new description" },
	{ "update", "--endpoint", NULL, "URL", AO_OPTV_TEXT, NULL, "the new endpoint URL" },
	{ "update", "--protocol", NULL, "PROTOCOL", AO_OPTV_CHOICE, "MCP A2A", "the new protocol" },
	{ "update", "--auth-type", NULL, "TYPE", AO_OPTV_CHOICE, "API_KEY BASIC_AUTH JWT NO_AUTH OAUTH",
	  "the new authentication type (API_KEY and BASIC_AUTH need\ntheir secret too)" },
	{ "update", "--username", NULL, "TEXT", AO_OPTV_TEXT, NULL,
	  "BASIC_AUTH user name, sent with the new password" },
	{ "update", "--secret-file", NULL, "FILE", AO_OPTV_FILE_OR_STDIN, NULL,
	  "rotate the credential: the new API_KEY token or BASIC_AUTH\npassword from FILE; - reads it from stdin" },
	{ "update", "--secret-fd", NULL, "N", AO_OPTV_TEXT, NULL,
	  "read the new secret from file descriptor N" },
	{ "update", "--status", NULL, "STATUS", AO_OPTV_CHOICE, "ACTIVE DISABLED",
	  "enable or disable (sources never go back to PENDING)" },
	{ "update", "--reauthorize", NULL, NULL, AO_OPTV_NONE, NULL,
	  "partner agents with OAUTH: get a fresh authorization URL\n(approve it; --wait waits for consent)" },
	{ "update", "--dry-run", NULL, NULL, AO_OPTV_NONE, NULL,
	  "print the request with the key and secrets masked; send\nnothing (the registration is still read to know its kind)" },
	{ "update", "--wait", NULL, NULL, AO_OPTV_NONE, NULL,
	  "after the change, wait until it is ACTIVE (or DISABLED)" },
	{ "update", "--timeout", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "give up waiting after SECONDS (default 900; 0 = never);\nimplies --wait" },
	{ "update", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL,
	  "print the updated registration as JSON on stdout" JSON_FIELDS_HELP },
	{ "update", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "delete", "--kind", NULL, "KIND", AO_OPTV_CHOICE, KINDS,
	  "which kind ID is (default: looked up, sources first)" },
	{ "delete", "--yes", "-y", NULL, AO_OPTV_NONE, NULL,
	  "delete without asking (required without a terminal)" },
	{ "delete", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "list", "--kind", NULL, "KIND", AO_OPTV_CHOICE, KINDS,
	  "only inventory-source or only partner-agent" },
	{ "list", "--limit", NULL, "N", AO_OPTV_TEXT, NULL,
	  "at most N items of each list (default: all of them)" },
	{ "list", "--offset", NULL, "N", AO_OPTV_TEXT, NULL,
	  "start at item N of each list (default 0): the rest\nof a list that was cut" },
	{ "list", "--timeout", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "stop fetching pages after SECONDS (default 300; 0 = never)" },
	{ "list", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL,
	  "{\"inventorySources\": [...], \"partnerAgents\": [...]}\non stdout, each item as the platform returned it; a\nlist the platform does not offer (404) is null;\n=FIELD,FIELD...: only those fields of each item (an\nunknown one is a usage error listing them)" },
	{ "list", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "partners", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL,
	  "print {\"partners\":[{id, name, status, description}]}" JSON_FIELDS_HELP },
	{ "partners", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "probe", "--protocol", NULL, "MCP|A2A", AO_OPTV_CHOICE, "MCP A2A",
	  "the agent's protocol (required)" },
	{ "probe", "--type", NULL, "SALES|SIGNAL|CREATIVE|OUTCOME", AO_OPTV_CHOICE, "SALES SIGNAL CREATIVE OUTCOME",
	  "the agent type (SALES agents must offer get_products)" },
	{ "probe", "--auth-type", NULL, "TYPE", AO_OPTV_CHOICE, "API_KEY BASIC_AUTH NO_AUTH JWT OAUTH",
	  "API_KEY, BASIC_AUTH, NO_AUTH (default), JWT or OAUTH" },
	{ "probe", "--api-key-type", NULL, "T", AO_OPTV_CHOICE, "bearer apikey api_key",
	  "bearer (default), apikey or api_key; sent as\nAuthorization: Bearer" },
	{ "probe", "--username", NULL, "USER", AO_OPTV_TEXT, NULL, "the user name for BASIC_AUTH" },
	{ "probe", "--secret-file", NULL, "FILE", AO_OPTV_FILE_OR_STDIN, NULL,
	  "the token (API_KEY) or password (BASIC_AUTH): first\nline of FILE; \"-\" (or a lone -) reads standard input" },
	{ "probe", "--secret-fd", NULL, "N", AO_OPTV_TEXT, NULL, "the same, from file descriptor N" },
	{ "probe", "--timeout", NULL, "SECONDS", AO_OPTV_TEXT, NULL, "for the whole probe (default 10)" },
	{ "probe", "--aao-check", NULL, NULL, AO_OPTV_NONE, NULL,
	  "also ask the platform whether AgenticAdvertising.org\nlists the endpoint (needs the platform API key)" },
	{ "probe", "--operator-domain", NULL, "DOMAIN", AO_OPTV_TEXT, NULL,
	  "the operator domain --aao-check asks about (default:\nthe endpoint host's, e.g. acme.com for\nagent.sales.acme.com)" },
	{ "probe", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL, "print one JSON object instead of lines" JSON_FIELDS_HELP },
	{ "probe", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this text" },

	{ "login", "--secret-file", NULL, "FILE", AO_OPTV_FILE_OR_STDIN, NULL,
	  "the first line of FILE (\"-\" = standard input)" },
	{ "login", "--secret-fd", NULL, "N", AO_OPTV_TEXT, NULL, "the first line read from file descriptor N" },
	{ "login", "--no-verify", NULL, NULL, AO_OPTV_NONE, NULL,
	  "store the key without asking the platform first" },
	{ "login", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "logout", "--all", NULL, NULL, AO_OPTV_NONE, NULL, "remove the keys for every API URL, not only this one" },
	{ "logout", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL, "what was removed and what remains, as JSON" JSON_FIELDS_HELP },
	{ "logout", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "doctor", "--json", NULL, "[=FIELD,...]", AO_OPTV_NONE, NULL, "the checks as JSON" JSON_FIELDS_HELP },
	{ "doctor", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this help" },

	{ "sandbox", "--listen", NULL, "[HOST:]PORT", AO_OPTV_CHOICE, "127.0.0.1:0 127.0.0.1:8080 localhost:0",
	  "loopback address and port (default 127.0.0.1:0;\nport 0 picks a free one); HOST is 127.0.0.1, ::1 or\nlocalhost ([::1]:PORT for IPv6); no other host" },
	{ "sandbox", "--tls-cert", NULL, "FILE", AO_OPTV_FILE, NULL,
	  "serve HTTPS with this PEM certificate (chain) ..." },
	{ "sandbox", "--tls-key", NULL, "FILE", AO_OPTV_FILE, NULL, "... and this PEM private key" },
	{ "sandbox", "--registry", NULL, "FILE", AO_OPTV_FILE, NULL,
	  "more AAO registry entries, one per line:\nURL [MCP|A2A] [SALES|SIGNAL|CREATIVE|OUTCOME] [NAME]\n(the demo agents are always registered)" },
	{ "sandbox", "--state", NULL, "FILE", AO_OPTV_FILE, NULL,
	  "keep registrations across restarts (0600 JSON; holds\nthe sandbox's credentials)" },
	{ "sandbox", "--activate-after", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "delay before a PENDING source's agent is probed\n(default 3; fractions allowed)" },
	{ "sandbox", "--probe-interval", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "delay between failed probes (default 1)" },
	{ "sandbox", "--disable-after", NULL, "SECONDS", AO_OPTV_TEXT, NULL,
	  "a source whose probes keep failing this long becomes\nDISABLED (default 0 = never, as on the platform)" },
	{ "sandbox", "--responses", NULL, "STYLE", AO_OPTV_CHOICE, "wrapped bare mix",
	  "wrapped ({\"data\": ...}, default), bare (objects\nwithout the envelope) or mix (alternating)" },
	{ "sandbox", "--rate-headers", NULL, "STYLE", AO_OPTV_CHOICE, "separate combined",
	  "separate (RateLimit-Limit, -Remaining, -Reset;\ndefault) or combined (RateLimit: limit=,\nremaining=, reset=)" },
	{ "sandbox", "--tos-required", NULL, NULL, AO_OPTV_NONE, NULL,
	  "the account has not accepted the Platform Service\nAgreement: writes get 403 TOS_ACCEPTANCE_REQUIRED\nuntil POST /api/v2/accept-tos" },
	{ "sandbox", "--seed-partners", NULL, "N", AO_OPTV_TEXT, NULL,
	  "partner seats to seed (default 2; over 50 they page)" },
	{ "sandbox", "--partner-port", NULL, "PORT", AO_OPTV_TEXT, NULL,
	  "serve the partner API on its own listener (0 = a\nfree port), as on the platform's own host for it;\nits URL is a second line on stdout" },
	{ "sandbox", "--rate-limit", NULL, "N/min", AO_OPTV_CHOICE, "100/min 10/s off",
	  "requests per client and minute (default 100/min);\nalso N/s, N/10s, or off" },
	{ "sandbox", "--fault", NULL, "SPEC", AO_OPTV_TEXT, NULL, "inject a fault (repeatable; see below)" },
	{ "sandbox", "--quiet", "-q", NULL, AO_OPTV_NONE, NULL, "no request log on stderr" },
	{ "sandbox", "--help", "-h", NULL, AO_OPTV_NONE, NULL, "this text" },

	{ NULL, NULL, NULL, NULL, AO_OPTV_NONE, NULL, NULL },
};

const struct ao_option *
ao_option_find(const char *command, const char *name)
{
	size_t n = strcspn(name, "=");
	const struct ao_option *o, *global = NULL;

	for (o = ao_options; o->name != NULL; o++) {
		int same = (strlen(o->name) == n && strncmp(o->name, name, n) == 0) ||
		           (o->short_name != NULL && strlen(o->short_name) == n && strncmp(o->short_name, name, n) == 0);

		if (!same)
			continue;
		if (strcmp(o->command, command) == 0)
			return o;
		if (o->command[0] == '\0' && global == NULL)
			global = o;
	}
	return global;
}

int
ao_option_fields_of(const char *command)
{
	return strcmp(command, "create") == 0;
}

/* "--kind KIND", "-h, --help" */
static void
left_column(const struct ao_option *o, char *buf, size_t sz)
{
	/* an optional value is written on to the name: --json[=FIELD,...] */
	snprintf(buf, sz, "%s%s%s%s%s", o->short_name ? o->short_name : "", o->short_name ? ", " : "", o->name,
	         o->arg && o->arg[0] != '[' ? " " : "", o->arg ? o->arg : "");
}

void
ao_option_help(FILE *out, const char *command)
{
	const struct ao_option *o;
	char left[64];
	int width = 0;

	for (o = ao_options; o->name != NULL; o++) {
		int n;

		if (strcmp(o->command, command) != 0)
			continue;
		left_column(o, left, sizeof(left));
		n = (int)strlen(left);
		/* a very long one goes on a line of its own instead of widening all */
		if (n <= 24 && n > width)
			width = n;
	}
	for (o = ao_options; o->name != NULL; o++) {
		const char *p;

		if (strcmp(o->command, command) != 0)
			continue;
		left_column(o, left, sizeof(left));
		if ((int)strlen(left) > width)
			fprintf(out, "  %s\n  %-*s  ", left, width, "");
		else
			fprintf(out, "  %-*s  ", width, left);
		for (p = o->help; *p != '\0'; p++) {
			fputc(*p, out);
			if (*p == '\n')
				fprintf(out, "  %-*s  ", width, "");
		}
		fputc('\n', out);
	}
}

int
ao_option_unknown(const char *command, const char *arg)
{
	const struct ao_option *o = ao_option_find(command, arg);
	const char *eq = strchr(arg, '=');

	if (o != NULL && eq != NULL && o->value == AO_OPTV_NONE && o->arg == NULL)
		return ao_usage_error(command, "%.*s takes no value (\"%s\"): give %.*s to turn it on, "
		                      "leave it out to keep it off", (int)(eq - arg), arg, arg,
		                      (int)(eq - arg), arg);
	return ao_usage_error(command, "unknown option %s", arg);
}
