/* SPDX-License-Identifier: MIT */
/* agent-onboard probe URL --protocol MCP|A2A: tests an agent endpoint the
 * way the wizard's Test connection does (net/probe.h), before anything is
 * registered, and prints one line per check with what to do about the
 * first problem, or one JSON object with --json.  With --aao-check it also
 * asks the platform whether AAO lists the endpoint (a warning only: the
 * lookup cannot see members-only agents).
 *
 * Secrets come from --secret-file / --secret-fd / stdin / the environment,
 * never from argv: a value on the command line shows in ps and lands in the
 * shell history, so such options are refused with the alternatives. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/ui/prompt.h"
#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/net/probe.h"
#include "agent-onboard/secret/store.h"

#define PROBE_ENV_TOKEN "AO_AGENT_TOKEN"
#define PROBE_ENV_PASSWORD "AO_AGENT_PASSWORD"

static volatile int probe_cancel;
static volatile sig_atomic_t probe_interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	probe_cancel = 1;
	probe_interrupted = 1;
}

struct probe_opts {
	const char *url, *protocol, *type, *auth_type, *api_key_type, *username;
	const char *operator_domain;   /* --operator-domain, or NULL: from the URL's host */
	const char *secret_file;   /* "-" = stdin */
	int secret_fd;             /* -1 = none */
	long timeout_s;
	int json, aao_check;
	struct ao_json_select json_select;
};

/* The result of the AAO pre-check, as shown. */
struct aao_outcome {
	int ran;                   /* asked the platform */
	int listed;                /* 1 listed, 0 not listed, -1 unknown */
	char message[400];
	char fix[400];
	char compliance[32];
	char domain[256];          /* the operator domain asked for */
};

static void
usage(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard probe URL --protocol MCP|A2A [options]\n"
	        "\n"
	        "Tests an agent endpoint the way the platform will use it, before you register it:\n"
	        "reachability (DNS, TCP, TLS), the HTTP answer, the credential, the protocol\n"
	        "(MCP: initialize, notifications/initialized, tools/list, server/discover fallback;\n"
	        "A2A: the agent card and one JSON-RPC call), the AdCP tools, and OAuth metadata.\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "probe");
	fprintf(out,
	        "\n"
	        "Without --secret-file/--secret-fd the secret comes from the environment:\n"
	        "  " PROBE_ENV_TOKEN " (API_KEY) or " PROBE_ENV_PASSWORD " (BASIC_AUTH).\n"
	        "Secrets are never accepted as option values (--token, --password ...): they\n"
	        "would show in ps and your shell history.\n"
	        "\n"
	        "JWT and OAUTH agents are probed without a token (the platform makes the token\n"
	        "exchange / the consent): reachability and the 401 they answer; for OAUTH also\n"
	        "the authorization server's metadata, which the platform needs.\n"
	        "Plain http:// is accepted for localhost only; TLS is always verified (add a\n"
	        "private CA with the global --ca-file FILE).\n"
	        "\n"
	        "Exit codes:\n"
	        "  %3d  every check passed (warnings, e.g. a missing AdCP tool, are printed)\n"
	        "  %3d  usage: bad command line, or a secret given on it\n"
	        "  %3d  the URL is not acceptable (nothing was sent)\n"
	        "  %3d  the agent answered but refused: credential rejected or required,\n"
	        "       not MCP/A2A, or an HTTP 4xx\n"
	        "  %3d  not reachable: DNS, connection, TLS certificate, timeout, or HTTP 5xx\n"
	        "  %3d  the output could not be written (disk full, closed pipe ...)\n"
	        "  %3d  interrupted\n"
	        "The AAO pre-check never changes the exit code: its result is a warning.\n",
	        AO_EXIT_OK, AO_EXIT_USAGE, AO_EXIT_INVALID, AO_EXIT_REJECTED, AO_EXIT_NETWORK,
	        AO_EXIT_WRITE, AO_EXIT_INTERRUPTED);
}

/* Options that would carry a secret on the command line. */
static int
is_secret_option(const char *arg)
{
	static const char *const names[] = { "--token", "--password", "--secret", "--api-key",
	                                     "--key", "--agent-token", "--agent-password", "--pass" };
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (strncmp(arg, names[i], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
			return 1;
	}
	return 0;
}

static int
refuse_secret_option(int argc, char **argv, int i)
{
	char name[32];
	size_t n = strcspn(argv[i], "=");

	snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), argv[i]);
	/* blank the value so it leaves /proc/PID/cmdline now; ps and the shell
	 * history have already seen it */
	ao_wipe(argv[i] + n, strlen(argv[i] + n));
	if (argv[i][n] == '\0' && i + 1 < argc && argv[i + 1][0] != '-')
		ao_wipe(argv[i + 1], strlen(argv[i + 1]));
	fprintf(stderr,
	        "agent-onboard probe: refusing %s: a secret on the command line shows in `ps` and is\n"
	        "saved in your shell history (remove it from there, and consider rotating it).\n"
	        "Give it instead with one of:\n"
	        "  --secret-file FILE          the first line of FILE\n"
	        "  --secret-file -             standard input, e.g. printf %%s \"$TOKEN\" | agent-onboard probe ...\n"
	        "  --secret-fd 3 3<FILE        a file descriptor\n"
	        "  " PROBE_ENV_TOKEN "=...        (API_KEY) or " PROBE_ENV_PASSWORD "=... (BASIC_AUTH) in the environment\n",
	        name);
	return AO_EXIT_USAGE;
}

static const char *
choice(const char *value, const char *const *allowed)
{
	for (; *allowed != NULL; allowed++)
		if (strcasecmp(value, *allowed) == 0)
			return *allowed;
	return NULL;
}

static int
parse_args(int argc, char **argv, struct probe_opts *o)
{
	static const char *const protocols[] = { "MCP", "A2A", NULL };
	static const char *const types[] = { "SALES", "SIGNAL", "CREATIVE", "OUTCOME", NULL };
	static const char *const auths[] = { "API_KEY", "BASIC_AUTH", "NO_AUTH", "JWT", "OAUTH", NULL };
	static const char *const key_types[] = { "bearer", "apikey", "api_key", NULL };
	static const struct {
		const char *name;
		const char *const *allowed;   /* NULL: free text */
		size_t slot;
	} valued[] = {
		{ "--protocol", protocols, offsetof(struct probe_opts, protocol) },
		{ "--type", types, offsetof(struct probe_opts, type) },
		{ "--auth-type", auths, offsetof(struct probe_opts, auth_type) },
		{ "--api-key-type", key_types, offsetof(struct probe_opts, api_key_type) },
		{ "--username", NULL, offsetof(struct probe_opts, username) },
		{ "--operator-domain", NULL, offsetof(struct probe_opts, operator_domain) },
		{ "--secret-file", NULL, offsetof(struct probe_opts, secret_file) },
		{ "--secret-fd", NULL, 0 },
		{ "--timeout", NULL, 0 },
	};
	const char *a, *v, *canon;
	char *end;
	size_t k, n;
	long num;
	int i, m, ended = 0;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!ended && strcmp(a, "--") == 0) {
			ended = 1;   /* what follows is the URL */
			continue;
		}
		if (ended) {
			if (o->url != NULL)
				return ao_usage_error("probe", "give one URL (also got \"%s\")", a);
			o->url = a;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return -2;
		}
		if (is_secret_option(a))
			return refuse_secret_option(argc, argv, i);
		m = ao_json_option("probe", a, &o->json_select);
		if (m < 0)
			return -m;
		if (m > 0) {
			o->json = 1;
			continue;
		}
		if (strcmp(a, "--aao-check") == 0) {
			o->aao_check = 1;
			continue;
		}
		if (strcmp(a, "-") == 0) {
			o->secret_file = "-";
			continue;
		}
		if (a[0] != '-') {
			if (o->url != NULL)
				return ao_usage_error("probe", "give one URL (also got \"%s\")", a);
			o->url = a;
			continue;
		}
		for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
			n = strlen(valued[k].name);
			if (strncmp(a, valued[k].name, n) == 0 && (a[n] == '\0' || a[n] == '='))
				break;
		}
		if (k == sizeof(valued) / sizeof(valued[0]))
			return ao_option_unknown("probe", a);
		if (a[n] == '=') {
			v = a + n + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			return ao_usage_error("probe", "%s needs a value", valued[k].name);
		}
		if (strcmp(valued[k].name, "--secret-fd") == 0 || strcmp(valued[k].name, "--timeout") == 0) {
			errno = 0;
			num = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' || num < 0 ||
			    (valued[k].name[2] == 's' ? num > 1023 : (num < 1 || num > 600)))
				return ao_usage_error("probe", "%s needs %s, not \"%s\"", valued[k].name,
				                   valued[k].name[2] == 's' ? "a file descriptor number" :
				                   "a number of seconds from 1 to 600", v);
			if (valued[k].name[2] == 's')
				o->secret_fd = (int)num;
			else
				o->timeout_s = num;
			continue;
		}
		if (valued[k].allowed != NULL) {
			canon = choice(v, valued[k].allowed);
			if (canon == NULL) {
				fprintf(stderr, "agent-onboard probe: %s must be one of", valued[k].name);
				for (n = 0; valued[k].allowed[n] != NULL; n++)
					fprintf(stderr, "%s %s", n ? "," : "", valued[k].allowed[n]);
				fprintf(stderr, ", not \"%s\"\n", v);
				return AO_EXIT_USAGE;
			}
			v = canon;
		}
		*(const char **)((char *)o + valued[k].slot) = v;
	}
	if (o->url == NULL)
		return ao_usage_error("probe", "give the agent's endpoint URL");
	if (o->protocol == NULL)
		return ao_usage_error("probe", "--protocol MCP or --protocol A2A is required");
	if (o->secret_file != NULL && o->secret_fd >= 0)
		return ao_usage_error("probe", "give either --secret-file or --secret-fd, not both");
	return 0;
}

/* Reads the agent's secret for the chosen auth type; *secret is NULL when
 * the type needs none.  Returns 0 or an exit code. */
static int
read_agent_secret(const struct probe_opts *o, const char *auth, char **secret)
{
	int explicit_src = o->secret_file != NULL || o->secret_fd >= 0;
	int wants = strcmp(auth, "API_KEY") == 0 || strcmp(auth, "BASIC_AUTH") == 0;
	const char *env_name = strcmp(auth, "BASIC_AUTH") == 0 ? PROBE_ENV_PASSWORD : PROBE_ENV_TOKEN;
	const char *env, *warning = NULL;
	enum ao_prompt_rc rc;

	*secret = NULL;
	if (!wants) {
		if (explicit_src) {
			fprintf(stderr, "agent-onboard probe: a secret was given, but %s sends none; use "
			        "--auth-type API_KEY or BASIC_AUTH to test a credential.\n", auth);
			return AO_EXIT_USAGE;
		}
		return 0;
	}
	if (o->secret_file != NULL) {
		rc = ao_read_secret_file(o->secret_file, secret, &warning);
		if (warning != NULL)
			fprintf(stderr, "agent-onboard probe: warning: %s: %s\n", o->secret_file, warning);
	} else if (o->secret_fd >= 0) {
		rc = ao_read_secret_fd(o->secret_fd, secret);
	} else {
		env = getenv(env_name);
		if (env == NULL || env[0] == '\0') {
			fprintf(stderr, "agent-onboard probe: %s needs %s: give it with --secret-file FILE, "
			        "--secret-file - (standard input), --secret-fd N, or %s in the environment.\n",
			        auth, strcmp(auth, "API_KEY") == 0 ? "the agent's token" : "the password",
			        env_name);
			return AO_EXIT_USAGE;
		}
		*secret = xstrdup(env);
		return 0;
	}
	if (rc != AO_PROMPT_OK) {
		fprintf(stderr, "agent-onboard probe: could not read the secret from %s: %s\n",
		        o->secret_file != NULL ? o->secret_file : "the descriptor",
		        rc == AO_PROMPT_IO ? strerror(errno) : ao_prompt_rc_message(rc));
		ao_secret_free(*secret);
		*secret = NULL;
		return rc == AO_PROMPT_INTERRUPTED ? AO_EXIT_INTERRUPTED : AO_EXIT_USAGE;
	}
	return 0;
}

/* --- the AAO pre-check ------------------------------------------------------- */

static const char aao_register_fix[] =
	"Register the agent with AgenticAdvertising.org (an AAO member enrolls it at "
	"https://agenticadvertising.org/dashboard/agents) before submitting: the platform refuses "
	"endpoints that are not registered with AAO. This lookup cannot see members-only agents, "
	"so if yours is registered that way you can go ahead.";

static void
aao_check(const struct ao_global *g, const char *url, const char *operator_domain,
          struct aao_outcome *out)
{
	struct ao_platform_key key;
	struct ao_secret_store *store = NULL;
	struct ao_api_config cfg;
	struct ao_api_result res;
	struct ao_aao_check chk;
	struct ao_loop *loop = NULL;
	struct ao_api *api = NULL;
	struct ao_url u;
	char msg[256], *text = NULL;
	enum ao_status st;

	memset(out, 0, sizeof(*out));
	memset(&key, 0, sizeof(key));
	out->listed = -1;
	ao_api_result_init(&res);
	if (ao_url_parse(url, &u, NULL, 0) != 0)
		return;
	/* discover-agents is keyed by the operator domain: an agent on
	 * agent.sales.acme.com is listed under acme.com */
	if (operator_domain != NULL)
		snprintf(out->domain, sizeof(out->domain), "%s", operator_domain);
	else if (ao_operator_domain(u.host, out->domain, sizeof(out->domain)) != 0)
		snprintf(out->domain, sizeof(out->domain), "%s", u.host);
	if (g->demo && g->demo_key != NULL) {
		key.key = xstrdup(g->demo_key);
	} else {
		store = ao_secret_store_new_keyring();
		if (ao_platform_key_resolve(store, g->api_url, &key) != AO_OK) {
			snprintf(out->message, sizeof(out->message), "AAO check skipped: no platform API key "
			         "(%s).", key.where[0] ? key.where : "not in SCOPE3_API_KEY nor the keyring");
			snprintf(out->fix, sizeof(out->fix), "Set SCOPE3_API_KEY or run `agent-onboard login`, "
			         "then probe again with --aao-check.");
			goto out;
		}
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = g->api_url;
	cfg.partner_base_url = g->partner_api_url;
	cfg.api_key = key.key;
	cfg.ca_file = g->ca_file;
	cfg.log = g->log;
	loop = ao_loop_new();
	api = ao_api_new(loop, &cfg, msg, sizeof(msg));
	if (api == NULL) {
		snprintf(out->message, sizeof(out->message), "AAO check skipped: %s", msg);
		goto out;
	}
	out->ran = 1;
	st = ao_api_wait(ao_api_discover_agents(api, out->domain, NULL, NULL), &probe_interrupted, &res);
	if (st == AO_ERR_NOT_FOUND) {
		/* documented: 404 when AAO has no manifest for the domain */
		out->listed = 0;
		snprintf(out->message, sizeof(out->message), "AgenticAdvertising.org knows no agents for "
		         "the operator domain %s (discover-agents: 404; another domain: --operator-domain).",
		         out->domain);
		snprintf(out->fix, sizeof(out->fix), "%s", aao_register_fix);
		goto out;
	}
	if (st != AO_OK || res.json == NULL) {
		snprintf(out->message, sizeof(out->message), "AAO check could not be made: %s",
		         res.message ? res.message : ao_status_message(st));
		goto out;
	}
	text = cJSON_PrintUnformatted(res.json);
	ao_aao_check_parse(text, text ? strlen(text) : 0, url, &chk);
	switch (chk.listing) {
	case AO_AAO_LISTED:
		out->listed = 1;
		snprintf(out->compliance, sizeof(out->compliance), "%s", chk.compliance);
		snprintf(out->message, sizeof(out->message), "listed by AgenticAdvertising.org for %s "
		         "(%s)%s%s", out->domain, chk.where, chk.compliance[0] ? ", compliance " : "",
		         chk.compliance);
		break;
	case AO_AAO_NOT_LISTED:
		out->listed = 0;
		snprintf(out->message, sizeof(out->message), "not among the %zu agent URL%s "
		         "AgenticAdvertising.org lists for %s.", chk.agents_seen,
		         chk.agents_seen == 1 ? "" : "s", out->domain);
		snprintf(out->fix, sizeof(out->fix), "%s", aao_register_fix);
		break;
	case AO_AAO_BAD_RESPONSE:
		snprintf(out->message, sizeof(out->message), "AAO check inconclusive: %s", chk.problem);
		break;
	}
out:
	if (text != NULL)
		cJSON_free(text);
	ao_api_result_free(&res);
	ao_api_free(api);
	ao_loop_free(loop);
	ao_secret_store_free(store);
	ao_platform_key_clear(&key);
}

/* --- output ------------------------------------------------------------------ */

static cJSON *
tristate(int v)
{
	return v < 0 ? cJSON_CreateNull() : cJSON_CreateBool(v != 0);
}

static const char *
state_name(enum ao_check_state s)
{
	switch (s) {
	case AO_CHECK_PASS: return "pass";
	case AO_CHECK_WARN: return "warn";
	case AO_CHECK_FAIL: return "fail";
	case AO_CHECK_SKIP: return "skip";
	case AO_CHECK_NOT_RUN: break;
	}
	return "not_run";
}

/* ", "-joined display list -> JSON array (a final "..." marks a cut list). */
static cJSON *
split_list(const char *list, int *cut)
{
	cJSON *arr = cJSON_CreateArray();
	const char *p = list, *sep;
	size_t n;

	*cut = 0;
	while (*p != '\0') {
		sep = strstr(p, ", ");
		n = sep != NULL ? (size_t)(sep - p) : strlen(p);
		if (n == 3 && strncmp(p, "...", 3) == 0)
			*cut = 1;
		else if (n > 3 && strncmp(p + n - 3, "...", 3) == 0 && sep == NULL) {
			*cut = 1;
			n -= 3;
		}
		if (n > 0 && !(n == 3 && strncmp(p, "...", 3) == 0)) {
			char *item = xstrndup(p, n);

			cJSON_AddItemToArray(arr, cJSON_CreateString(item));
			free(item);
		}
		if (sep == NULL)
			break;
		p = sep + 2;
	}
	return arr;
}

static void
print_json(const struct probe_opts *o, const char *auth, const struct ao_probe_result *r,
           const struct aao_outcome *aao, int exit_code)
{
	cJSON *root = cJSON_CreateObject(), *obj, *arr;
	int cut;
	size_t i;

	cJSON_AddStringToObject(root, "url", o->url);
	cJSON_AddStringToObject(root, "protocol", o->protocol);
	cJSON_AddStringToObject(root, "authType", auth);
	cJSON_AddStringToObject(root, "outcome", ao_probe_outcome_name(r->outcome));
	cJSON_AddBoolToObject(root, "ok", r->outcome == AO_PROBE_OK);
	cJSON_AddNumberToObject(root, "exitCode", exit_code);
	cJSON_AddStringToObject(root, "message", r->message);
	cJSON_AddStringToObject(root, "fix", r->fix);
	cJSON_AddNumberToObject(root, "warnings", r->warnings);
	if (r->http_status > 0)
		cJSON_AddNumberToObject(root, "httpStatus", (double)r->http_status);
	else
		cJSON_AddNullToObject(root, "httpStatus");
	cJSON_AddItemToObject(root, "reachable", tristate(r->reachable));
	cJSON_AddItemToObject(root, "tlsOk", tristate(r->tls_ok));
	cJSON_AddItemToObject(root, "authAccepted", tristate(r->auth_accepted));
	cJSON_AddItemToObject(root, "speaksProtocol", tristate(r->speaks_protocol));
	obj = cJSON_AddObjectToObject(root, "adcp");
	cJSON_AddItemToObject(obj, "getAdcpCapabilities", tristate(r->has_capabilities_tool));
	cJSON_AddItemToObject(obj, "getProducts", tristate(r->has_products_tool));
	cJSON_AddItemToObject(obj, "extension", tristate(r->adcp_extension));
	obj = cJSON_AddObjectToObject(root, "server");
	cJSON_AddStringToObject(obj, "name", r->server_name);
	cJSON_AddStringToObject(obj, "version", r->server_version);
	cJSON_AddStringToObject(obj, "protocolVersion", r->protocol_version);
	cJSON_AddItemToObject(root, strcasecmp(o->protocol, "A2A") == 0 ? "skills" : "tools",
	                      arr = split_list(r->skills, &cut));
	(void)arr;
	cJSON_AddBoolToObject(root, "listTruncated", cut);
	if (strcasecmp(o->protocol, "A2A") == 0)
		cJSON_AddItemToObject(root, "interfaces", split_list(r->interfaces, &cut));
	if (r->final_url[0] != '\0')
		cJSON_AddStringToObject(root, "cardUrl", r->final_url);
	if (r->oauth_issuer[0] != '\0')
		cJSON_AddStringToObject(root, "oauthIssuer", r->oauth_issuer);
	obj = cJSON_AddObjectToObject(root, "timingsMs");
	cJSON_AddNumberToObject(obj, "dns", r->dns_ms);
	cJSON_AddNumberToObject(obj, "connect", r->connect_ms);
	cJSON_AddNumberToObject(obj, "tls", r->tls_ms);
	cJSON_AddNumberToObject(obj, "total", r->total_ms);
	arr = cJSON_AddArrayToObject(root, "checks");
	for (i = 0; i < AO_CHECK_COUNT; i++) {
		if (r->checks[i].state == AO_CHECK_NOT_RUN)
			continue;
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "name", ao_probe_check_name((enum ao_probe_check_id)i));
		cJSON_AddStringToObject(obj, "state", state_name(r->checks[i].state));
		cJSON_AddStringToObject(obj, "detail", r->checks[i].detail);
		cJSON_AddItemToArray(arr, obj);
	}
	if (o->aao_check) {
		obj = cJSON_AddObjectToObject(root, "aao");
		cJSON_AddBoolToObject(obj, "checked", aao->ran);
		cJSON_AddItemToObject(obj, "listed", tristate(aao->listed));
		cJSON_AddStringToObject(obj, "message", aao->message);
		cJSON_AddStringToObject(obj, "fix", aao->fix);
		cJSON_AddStringToObject(obj, "compliance", aao->compliance);
		cJSON_AddStringToObject(obj, "domain", aao->domain);
	}
	ao_json_emit(stdout, root, &o->json_select, 0);
}

/* Whether the terminal's character set can show ✓ and ✗.  main may not
 * have called setlocale yet, so ask the environment's locale directly. */
static int
utf8_locale(void)
{
	char *old = setlocale(LC_CTYPE, NULL), *saved = old ? xstrdup(old) : NULL;
	int utf8 = 0;

	if (setlocale(LC_CTYPE, "") != NULL) {
		const char *cs = nl_langinfo(CODESET);

		utf8 = cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
	}
	if (saved != NULL) {
		setlocale(LC_CTYPE, saved);
		free(saved);
	}
	return utf8;
}

struct style {
	int utf8, color;
};

static void
print_mark(const struct style *st, enum ao_check_state s)
{
	static const char *const uni[] = { "  ", "\u2713", "!", "\u2717", "-" };
	static const char *const ascii[] = { "    ", "[ok]", "[warn]", "[FAIL]", "[skip]" };
	static const char *const colors[] = { "", "\033[32m", "\033[33m", "\033[31m", "\033[2m" };

	if (st->color)
		fputs(colors[s], stdout);
	printf(st->utf8 ? "%s" : "%-6s", st->utf8 ? uni[s] : ascii[s]);
	if (st->color)
		fputs("\033[0m", stdout);
}

static void
print_human(const struct ao_global *g, const struct probe_opts *o, const char *auth,
            const struct ao_probe_result *r, const struct aao_outcome *aao)
{
	struct style st;
	size_t i;

	st.utf8 = utf8_locale() && !g->plain;
	st.color = !g->no_color && !g->plain && isatty(STDOUT_FILENO);
	printf("Probing %s (%s, %s)\n", o->url, o->protocol, auth);
	for (i = 0; i < AO_CHECK_COUNT; i++) {
		if (r->checks[i].state == AO_CHECK_NOT_RUN)
			continue;
		printf("  ");
		print_mark(&st, r->checks[i].state);
		printf(" %-10s %s\n", ao_probe_check_label((enum ao_probe_check_id)i), r->checks[i].detail);
	}
	if (o->aao_check && aao->message[0] != '\0') {
		printf("  ");
		print_mark(&st, aao->listed == 1 ? AO_CHECK_PASS : aao->listed == 0 ? AO_CHECK_WARN :
		           AO_CHECK_SKIP);
		printf(" %-10s %s\n", "AAO", aao->message);
	}
	printf("%s: %s\n", r->outcome == AO_PROBE_OK ? "Result" : "Problem", r->message);
	if (r->fix[0] != '\0')
		printf("Fix: %s\n", r->fix);
	if (o->aao_check && aao->fix[0] != '\0')
		printf("AAO: %s\n", aao->fix);
	printf("Time: %.0f ms (DNS %.0f, connect %.0f, TLS %.0f)\n", r->total_ms, r->dns_ms,
	       r->connect_ms, r->tls_ms);
}

int
ao_cmd_probe(const struct ao_global *g, int argc, char **argv)
{
	struct probe_opts o;
	struct ao_probe_request req;
	struct ao_probe_result res;
	struct aao_outcome aao;
	struct sigaction sa, old_int, old_term, old_hup;
	const char *auth;
	char *secret = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	o.secret_fd = -1;
	o.timeout_s = 10;
	rc = parse_args(argc, argv, &o);
	if (rc == -2)
		return AO_EXIT_OK;
	if (rc != 0)
		return rc;
	auth = o.auth_type != NULL ? o.auth_type : "NO_AUTH";
	if (strcmp(auth, "BASIC_AUTH") == 0 && (o.username == NULL || o.username[0] == '\0'))
		return ao_usage_error("probe", "BASIC_AUTH needs --username USER");
	rc = read_agent_secret(&o, auth, &secret);
	if (rc != 0)
		return rc;

	memset(&req, 0, sizeof(req));
	req.url = o.url;
	req.protocol = o.protocol;
	req.agent_type = o.type;
	req.auth_type = auth;
	req.api_key_type = o.api_key_type;
	req.token = strcmp(auth, "API_KEY") == 0 ? secret : NULL;
	req.username = o.username;
	req.password = strcmp(auth, "BASIC_AUTH") == 0 ? secret : NULL;
	req.ca_file = g->ca_file;
	req.timeout_ms = o.timeout_s * 1000;
	req.cancel = &probe_cancel;
	req.log = g->log;   /* --log: every exchange with the agent, redacted */

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	if (!o.json)
		fprintf(stderr, "Testing %s ...\n", o.url);
	ao_probe_run(&req, &res);
	ao_secret_free(secret);
	secret = NULL;
	memset(&aao, 0, sizeof(aao));
	aao.listed = -1;
	if (o.aao_check && res.outcome != AO_PROBE_BAD_URL && res.outcome != AO_PROBE_BAD_INPUT &&
	    res.outcome != AO_PROBE_CANCELLED)
		aao_check(g, o.url, o.operator_domain, &aao);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);

	rc = ao_probe_exit_code(&res);
	if (o.json)
		print_json(&o, auth, &res, &aao, rc);
	else
		print_human(g, &o, auth, &res, &aao);
	fflush(stdout);
	return rc;
}
