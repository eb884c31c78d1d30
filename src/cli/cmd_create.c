/* SPDX-License-Identifier: MIT */
/* `agent-onboard create`: the registration without a terminal.  Answers come
 * from a file (--answers FILE|-) and from flags that override it; the flags
 * are the field table's (core/model.h), so a new field needs no change
 * here.  Secrets come only from --secret-file, --secret-fd, stdin or the
 * environment; the JWT private key from --private-key-file.  Every problem
 * is reported at once and nothing is sent unless all is valid. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/secret_input.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/cli/wait.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/files.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/request.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"

/* Largest answers file read (they are a few hundred bytes). */
#define ANSWERS_MAX (1024 * 1024)

#define ENV_TOKEN "AO_AGENT_TOKEN"
#define ENV_PASSWORD "AO_AGENT_PASSWORD"

struct create_opts {
	const char *answers_path;
	struct ao_secret_input secret;
	int dry_run, wait, activate;
	struct ao_json_select json;
	double timeout;
	const char *flag_value[AO_FIELD_COUNT];   /* NULL: not given on the command line */
	int n_field_flags;
};

/* Problems found before anything is sent, reported together. */
struct problems {
	char **item;
	size_t count, cap;
};

static void __attribute__((format(printf, 2, 3)))
problem_add(struct problems *p, const char *fmt, ...)
{
	va_list ap;

	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->item = xrealloc(p->item, p->cap * sizeof(*p->item));
	}
	va_start(ap, fmt);
	p->item[p->count++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
problems_free(struct problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		free(p->item[i]);
	free(p->item);
	memset(p, 0, sizeof(*p));
}

/* Prints text from column indent, wrapped at word boundaries before column
 * 79 (the first line continues a line already at indent). */
static void
wrapped(FILE *out, const char *text, int indent)
{
	int col = indent;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (col > indent && col + 1 + (int)word > 79) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)word, text);
		col += (int)word;
		text += word;
		while (*text == ' ')
			text++;
	}
	fputc('\n', out);
}

static void
help(FILE *out)
{
	int f;

	fprintf(out,
	        "Usage: agent-onboard create --answers FILE|- [FIELD FLAGS] [OPTIONS]\n"
	        "       agent-onboard create --kind KIND --name NAME ... [OPTIONS]\n"
	        "\n"
	        "Registers a storefront inventory source or a partner agent without a terminal:\n"
	        "the same registration as the wizard, from an answers file (JSON; see\n"
	        "assets/examples/) and flags, which override the file. Every problem is reported\n"
	        "at once, each naming its field, and nothing is sent unless all answers are valid.\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "create");
	fprintf(out,
	        "\n"
	        "Field flags (each also an answers-file key, shown in brackets):\n");
	for (f = 0; f < AO_FIELD_COUNT; f++) {
		const struct ao_field_info *fi = ao_field_info((enum ao_field)f);
		char left[64], text[1024];
		size_t n;

		if (fi->flags & AO_FF_SECRET)
			continue;
		snprintf(left, sizeof(left), "--%s %s", fi->flag,
		         (fi->flags & AO_FF_FILE) ? "FILE" : (fi->flags & AO_FF_URL) ? "URL" : "VALUE");
		n = (size_t)snprintf(text, sizeof(text), "%s [%s]", fi->help, fi->key);
		if (fi->choices != NULL) {
			const struct ao_choice *c;

			n += (size_t)snprintf(text + n, sizeof(text) - n, " One%s of:",
			                      (fi->flags & AO_FF_MULTI) ? " or more (comma-separated)" : "");
			for (c = fi->choices; c->value && n < sizeof(text); c++)
				n += (size_t)snprintf(text + n, sizeof(text) - n, " %s", c->value);
		}
		fprintf(out, "  %-22s", left);
		if (strlen(left) > 22)
			fprintf(out, "\n%25s", "");
		else
			fputc(' ', out);
		wrapped(out, text, 25);
	}
	fprintf(out,
	        "\n"
	        "Secrets are never accepted as flag values (--token, --password ...): they would\n"
	        "show in ps and shell history. The agent's token (API_KEY) or password (BASIC_AUTH)\n"
	        "comes from --secret-file, --secret-fd, --secret-file - or the environment\n"
	        "(" ENV_TOKEN ", " ENV_PASSWORD "); the JWT private key is read from\n"
	        "--private-key-file, checked, sent once and wiped. Answers files never hold secrets.\n"
	        "The platform API key comes from SCOPE3_API_KEY, else the keyring (agent-onboard login).\n"
	        "\n"
	        "Examples:\n"
	        "  agent-onboard create --answers source.json --secret-file token.txt --wait\n"
	        "  printf %%s \"$TOKEN\" | agent-onboard create --answers source.json --secret-file - --json\n"
	        "  agent-onboard create --kind inventory-source --name \"Acme Sales\" --type SALES \\\n"
	        "      --protocol MCP --endpoint-url https://agent.acme.example/mcp --auth-type NO_AUTH\n"
	        "  agent-onboard create --answers agent-oauth.json --wait --activate\n"
	        "\n"
	        "Without --wait the exit code is 0 once the platform accepted the registration; with\n"
	        "--wait it says how the wait ended (0 ACTIVE, 6 still PENDING or needs --activate,\n"
	        "7 DISABLED). Once it is registered, a failed status check (5xx, 429, an\n"
	        "unreadable answer, the network) is retried on the schedule; if checks fail until\n"
	        "--timeout, the exit code is 8 and `agent-onboard status ID --wait` follows it.\n"
	        "\n"
	        "Exit code 8 also covers rate limiting: HTTP 429 that outlasted the retries\n"
	        "(each Retry-After is waited, up to 60 s), and answers that could not be read\n"
	        "(not JSON, cut short, larger than 1 MiB).\n"
	        "\n");
	ao_usage_exit_codes(out);
}

/* "unknown option --endpoint (did you mean --endpoint-url?)": the first
 * option or field flag that starts with what was typed, or contains it. */
static int
unknown_option(const char *name)
{
	static const char *const own[] = { "answers", "secret-file", "secret-fd", "dry-run", "wait", "timeout",
	                                    "activate", "json", "help" };
	const char *best = NULL;
	size_t k;
	int f;

	/* what other tools call it (ux-anchors: --token-file, --token-fd) */
	if (strncmp(name, "token-", 6) == 0 || strncmp(name, "password-", 9) == 0)
		best = strstr(name, "fd") != NULL ? "secret-fd" : "secret-file";
	for (k = 0; k < sizeof(own) / sizeof(own[0]) && best == NULL; k++)
		if (*name && strncmp(own[k], name, strlen(name)) == 0)
			best = own[k];
	for (f = 0; f < AO_FIELD_COUNT && best == NULL; f++) {
		const struct ao_field_info *fi = ao_field_info((enum ao_field)f);

		if (!(fi->flags & AO_FF_SECRET) && strlen(name) >= 3 &&
		    (strncmp(fi->flag, name, strlen(name)) == 0 || strstr(fi->flag, name) != NULL))
			best = fi->flag;
	}
	if (best != NULL)
		return ao_usage_error("create", "unknown option --%s (did you mean --%s?)", name, best);
	return ao_usage_error("create", "unknown option --%s", name);
}

/* Names that look like a secret flag but are not in the field table. */
static const struct {
	const char *flag;
	const char *instead;
} refused_flags[] = {
	{ "api-key", "the platform API key comes from SCOPE3_API_KEY or the keyring (agent-onboard login)" },
	{ "private-key", "give the path of the PEM file with --private-key-file FILE" },
	{ "secret", NULL },
	{ "agent-token", NULL },
	{ "agent-password", NULL },
	{ "client-secret", NULL },
};

/* Returns 0 to go on, 1 after --help, or an exit code (> 1) after a usage
 * error. */
static int
parse_args(struct create_opts *o, int argc, char **argv)
{
	char msg[512], name[64];
	int i, m;
	size_t k;

	memset(o, 0, sizeof(*o));
	ao_secret_input_init(&o->secret);
	o->timeout = AO_WAIT_DEFAULT_TIMEOUT;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq, *value = NULL;
		int f;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help(stdout);
			return 1;
		}
		m = ao_secret_input_option(&o->secret, argc, argv, &i, msg, sizeof(msg));
		if (m < 0)
			return ao_usage_error("create", "%s", msg);
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
		m = ao_json_option("create", arg, &o->json);
		if (m < 0)
			return -m;
		if (m > 0)
			continue;
		if (strcmp(arg, "--activate") == 0) {
			o->activate = o->wait = 1;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (arg[0] == '-' && arg[1] != '\0')
				return ao_usage_error("create", "unknown option %s", arg);
			return ao_usage_error("create", "create takes no arguments (\"%s\"); the answers come from "
			                   "--answers FILE and flags", arg);
		}
		eq = strchr(arg + 2, '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2)),
		         arg + 2);
		f = ao_field_by_flag(name);
		if (f >= 0 && (ao_field_info((enum ao_field)f)->flags & AO_FF_SECRET)) {
			ao_secret_input_refusal(name, f == AO_F_BASIC_PASSWORD ? ENV_PASSWORD : ENV_TOKEN,
			                        msg, sizeof(msg));
			/* the value may already be in the shell history: say so */
			fprintf(stderr, "agent-onboard create: %s.\n"
			        "Nothing was sent. If that was a real secret, consider it exposed and rotate it.\n", msg);
			return AO_EXIT_USAGE;
		}
		for (k = 0; k < sizeof(refused_flags) / sizeof(refused_flags[0]); k++) {
			if (strcmp(name, refused_flags[k].flag) != 0)
				continue;
			if (refused_flags[k].instead != NULL)
				snprintf(msg, sizeof(msg), "--%s is not accepted: secrets given on the command line show up "
				         "in ps and shell history; %s", name, refused_flags[k].instead);
			else
				ao_secret_input_refusal(name, ENV_TOKEN, msg, sizeof(msg));
			fprintf(stderr, "agent-onboard create: %s.\n", msg);
			return AO_EXIT_USAGE;
		}
		/* options with a value, "--name=VALUE" or "--name VALUE" */
		if (eq != NULL) {
			value = eq + 1;
		} else if (strcmp(name, "answers") == 0 || strcmp(name, "timeout") == 0 || f >= 0) {
			if (i + 1 >= argc)
				return ao_usage_error("create", "%s needs a value", arg);
			value = argv[++i];
		}
		if (strcmp(name, "answers") == 0) {
			if (o->answers_path != NULL)
				return ao_usage_error("create", "%s", "--answers can be given once");
			if (*value == '\0')
				return ao_usage_error("create", "%s", "--answers needs a file name, or - for stdin");
			o->answers_path = value;
		} else if (strcmp(name, "timeout") == 0) {
			o->timeout = ao_cli_parse_seconds(value);
			if (o->timeout < 0)
				return ao_usage_error("create", "--timeout needs a number of seconds (0 = no limit), not \"%s\"", value);
			o->wait = 1;
		} else if (f >= 0) {
			if (o->flag_value[f] == NULL)
				o->n_field_flags++;
			o->flag_value[f] = value;
		} else if (eq != NULL && ao_option_find("create", arg) != NULL) {
			return ao_option_unknown("create", arg);   /* --dry-run=no */
		} else {
			return unknown_option(name);
		}
	}
	if (o->answers_path == NULL && o->n_field_flags == 0)
		return ao_usage_error("create", "%s",
		                   "nothing to register: give an answers file (--answers FILE, or - for stdin) "
		                   "and/or field flags such as --kind, --name, --endpoint-url.\n"
		                   "Example: agent-onboard create --answers source.json --secret-file token.txt --wait\n"
		                   "The guided wizard (`agent-onboard` with no command) needs a terminal.");
	if (o->answers_path != NULL && strcmp(o->answers_path, "-") == 0 && o->secret.uses_stdin)
		return ao_usage_error("create", "%s", "stdin can only be read once: --answers - and the secret from stdin cannot "
		                   "be used together; use --secret-fd N or " ENV_TOKEN " for the secret");
	return 0;
}

/* Reads the answers file (or stdin) into a.  Returns 0; -1 after printing
 * why the file could not be read; problems in it go to probs. */
static int
load_answers_file(const char *path, struct ao_answers *a, struct problems *probs)
{
	struct ao_buf b;
	char msg[8192], *line, *save = NULL;
	const char *shown = strcmp(path, "-") == 0 ? "stdin" : path;
	int err;

	ao_buf_init(&b, ANSWERS_MAX);
	if (strcmp(path, "-") == 0) {
		char chunk[4096];
		ssize_t n;

		/* typing JSON at a terminal is possible, but say so: it would
		 * look like a hang otherwise */
		if (isatty(STDIN_FILENO))
			fprintf(stderr, "agent-onboard create: reading the answers (JSON) from the terminal; "
			        "end with Ctrl-D. To read a file: --answers FILE.\n");

		err = 0;
		while ((n = read(STDIN_FILENO, chunk, sizeof(chunk))) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				err = errno;
				break;
			}
			if (ao_buf_append(&b, chunk, (size_t)n) != 0) {
				err = EFBIG;
				break;
			}
		}
		if (b.data == NULL)
			ao_buf_append(&b, "", 0);
	} else {
		err = ao_buf_read_file(&b, path, ANSWERS_MAX);
	}
	if (err != 0) {
		fprintf(stderr, "agent-onboard create: cannot read the answers file %s: %s\n", shown,
		        err == EFBIG ? "larger than 1 MiB; is it the right file?" : ao_user_file_strerror(err));
		ao_buf_free(&b);
		return -1;
	}
	if (ao_answers_load(b.data, b.len, a, msg, sizeof(msg)) != 0) {
		for (line = strtok_r(msg, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
			problem_add(probs, "%s %s", shown, line);
	}
	ao_buf_free(&b);
	return 0;
}

/* privateKeyFile in an answers file is relative to that file, so a file and
 * its key can be moved together ("~/" is the user's home, expanded when the
 * key is read). */
static void
resolve_key_path(struct ao_answers *a, const char *answers_path)
{
	const char *v = ao_answers_get(a, AO_F_JWT_KEY_FILE), *slash;
	char *joined;

	if (*v == '\0' || v[0] == '/' || v[0] == '~' || strcmp(answers_path, "-") == 0)
		return;
	slash = strrchr(answers_path, '/');
	if (slash == NULL)
		return;
	joined = xasprintf("%.*s/%s", (int)(slash - answers_path), answers_path, v);
	ao_answers_set(a, AO_F_JWT_KEY_FILE, joined);
	free(joined);
}

/* "endpointUrl (--endpoint-url)" for messages. */
static void
field_name(enum ao_field f, char *out, size_t outsz)
{
	const struct ao_field_info *fi = ao_field_info(f);

	if (fi->flags & AO_FF_SECRET)
		snprintf(out, outsz, "%s (--secret-file/--secret-fd/%s)", fi->key,
		         f == AO_F_BASIC_PASSWORD ? ENV_PASSWORD : ENV_TOKEN);
	else
		snprintf(out, outsz, "%s (--%s)", fi->key, fi->flag);
}

/* The field that takes the --secret-file/--secret-fd value, or -1. */
static int
secret_field(const struct ao_answers *a)
{
	const char *type = ao_answers_get(a, AO_F_AUTH_TYPE);

	if (strcmp(type, "API_KEY") == 0)
		return AO_F_API_TOKEN;
	if (strcmp(type, "BASIC_AUTH") == 0)
		return AO_F_BASIC_PASSWORD;
	return -1;
}

static void
read_secret(const struct create_opts *o, struct ao_answers *a, struct problems *probs)
{
	int f = secret_field(a);
	char msg[512], from[300], *value = NULL, name[128];

	if (f < 0) {
		if (ao_secret_input_given(&o->secret))
			problem_add(probs, "--secret-file/--secret-fd: authentication type %s takes no secret "
			            "(only API_KEY and BASIC_AUTH do; JWT reads --private-key-file)",
			            ao_answers_has(a, AO_F_AUTH_TYPE) ? ao_answers_get(a, AO_F_AUTH_TYPE) : "(none)");
		return;
	}
	if (ao_secret_input_read(&o->secret, f == AO_F_BASIC_PASSWORD ? ENV_PASSWORD : ENV_TOKEN, &value,
	                         from, sizeof(from), msg, sizeof(msg)) != 0) {
		field_name((enum ao_field)f, name, sizeof(name));
		problem_add(probs, "%s: %s", name, msg);
		return;
	}
	if (value != NULL) {
		ao_answers_set(a, (enum ao_field)f, value);
		ao_secret_free(value);
	}
}

static void
validate(const struct ao_answers *a, struct problems *probs)
{
	struct ao_problems vp;
	char name[128];
	size_t i;

	ao_validate_all(a, &vp);
	for (i = 0; i < vp.count; i++) {
		const struct ao_field_info *fi = ao_field_info(vp.item[i].field);

		field_name(vp.item[i].field, name, sizeof(name));
		if ((fi->flags & AO_FF_SECRET) && !ao_answers_has(a, vp.item[i].field))
			problem_add(probs, "%s: %s Give it with --secret-file FILE, --secret-fd N, --secret-file - "
			            "(stdin) or %s; never on the command line.", name, vp.item[i].message,
			            vp.item[i].field == AO_F_BASIC_PASSWORD ? ENV_PASSWORD : ENV_TOKEN);
		else
			problem_add(probs, "%s: %s", name, vp.item[i].message);
	}
}

static char *
base_url(const char *api_url)
{
	size_t n = strlen(api_url);

	while (n > 0 && api_url[n - 1] == '/')
		n--;
	return xstrndup(api_url, n);
}

/* --dry-run: the exact request, key and secrets masked.  Nothing is sent
 * and the key is not even looked up. */
static int
dry_run(const struct create_opts *o, const struct ao_global *g, const struct ao_answers *a)
{
	static const char *const headers[][2] = {
		{ "Accept", "application/json" },
		{ "Authorization", "Bearer " AO_MASK },
		{ "Content-Type", "application/json" },
		{ "User-Agent", "agent-onboard/" AO_VERSION },
	};
	cJSON *body = ao_build_create_body(a, NULL, AO_BUILD_MASK_SECRETS);
	char *base = base_url(g->api_url), *text;
	size_t i;

	/* belt and braces: nothing secret-looking leaves this function */
	ao_json_mask_secrets(body);
	if (o->json.on) {
		cJSON *req = cJSON_CreateObject(), *h = cJSON_CreateObject();

		cJSON_AddStringToObject(req, "method", "POST");
		text = xasprintf("%s%s", base, ao_collection_path(ao_answers_kind(a)));
		cJSON_AddStringToObject(req, "url", text);
		free(text);
		for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
			cJSON_AddStringToObject(h, headers[i][0], headers[i][1]);
		cJSON_AddItemToObject(req, "headers", h);
		cJSON_AddItemToObject(req, "body", body);
		ao_json_emit(stdout, req, &o->json, 0);
	} else {
		printf("POST %s%s\n", base, ao_collection_path(ao_answers_kind(a)));
		for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
			printf("%s: %s\n", headers[i][0], headers[i][1]);
		text = cJSON_Print(body);
		printf("\n%s\n", text != NULL ? text : "{}");
		cJSON_free(text);
		cJSON_Delete(body);
		fflush(stdout);
	}
	free(base);
	fprintf(stderr, "agent-onboard: dry run: the answers are valid; nothing was sent.\n");
	return AO_EXIT_OK;
}

/* Reads the PEM named by privateKeyFile (already validated) into b. */
static int
read_private_key(const struct ao_answers *a, struct ao_buf *b)
{
	char msg[AO_MSG_MAX];

	if (ao_jwt_key_read(ao_answers_get(a, AO_F_JWT_KEY_FILE), b, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "agent-onboard create: %s\n", msg);
		return -1;
	}
	return 0;
}

static int
submit(const struct create_opts *o, const struct ao_global *g, struct ao_answers *a)
{
	struct ao_cli_session s;
	struct ao_secrets secrets = { NULL };
	struct ao_api_result res;
	struct ao_wait_result w;
	struct ao_resource r;
	struct ao_buf key;
	int rc, jwt = strcmp(ao_answers_get(a, AO_F_AUTH_TYPE), "JWT") == 0;
	enum ao_kind kind = ao_answers_kind(a);

	ao_wait_result_init(&w);
	ao_buf_init(&key, 0);
	key.secret = 1;
	memset(&r, 0, sizeof(r));
	r.auth_configured = -1;
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	if (jwt) {
		if (read_private_key(a, &key) != 0) {
			rc = AO_EXIT_INVALID;
			goto out;
		}
		secrets.jwt_private_key = key.data;
	}
	/* the body is built (and our secrets copied) before this returns */
	{
		struct ao_api_call *call = ao_api_create(s.api, a, &secrets, NULL, NULL);

		ao_buf_free(&key);
		secrets.jwt_private_key = NULL;
		/* the call holds its own copy (wiped when it ends, before any
		 * --wait): the token or password is not kept for 15 minutes */
		ao_answers_set(a, AO_F_API_TOKEN, NULL);
		ao_answers_set(a, AO_F_BASIC_PASSWORD, NULL);
		ao_api_wait(call, &ao_cli_interrupted, &res);
	}
	if (res.status != AO_OK) {
		int field = ao_api_error_field(&res.error, a);

		rc = ao_cli_report_failure(&res, "registering");
		if (field >= 0) {
			char name[128];

			field_name((enum ao_field)field, name, sizeof(name));
			fprintf(stderr, "  The platform's objection concerns %s.\n", name);
		}
		if (res.ambiguous && res.status != AO_ERR_INTERRUPTED)
			fprintf(stderr, "  It is not known whether the registration was created: check with "
			        "`agent-onboard list` before trying again.\n");
		ao_api_result_free(&res);
		goto out;
	}
	r = res.resource;
	memset(&res.resource, 0, sizeof(res.resource));
	res.resource.auth_configured = -1;
	if (r.kind == AO_KIND_NONE)
		r.kind = kind;
	if (res.reconciled && res.existed)
		fprintf(stderr, "agent-onboard: the first attempt reached the platform although its answer was "
		        "lost; the registration was found and not created twice.\n");
	ao_api_result_free(&res);

	ao_cli_print_oauth(stderr, &r);

	if (!o->wait) {
		if (o->json.on) {
			ao_json_emit(stdout, ao_cli_resource_json(&r), &o->json, 0);
		} else {
			printf("Registered:\n");
			ao_cli_print_resource(stdout, &r);
			fflush(stdout);
			ao_cli_print_next_step(stderr, &r);
		}
		rc = AO_EXIT_OK;
		goto out;
	}

	if (!o->json.on) {
		char *id = ao_display_dup(r.id), *st = ao_display_dup(r.status_raw);

		fprintf(stderr, "Registered %s %s (%s).\n", ao_kind_label(r.kind), id,
		        r.status_raw != NULL ? st : "status not reported");
		free(id);
		free(st);
	}
	{
		struct ao_wait_spec spec = { r.kind, r.id, o->timeout, o->activate, isatty(STDERR_FILENO) };

		ao_wait_run(s.api, &spec, &r, &ao_cli_interrupted, &w);
	}
	if (o->json.on) {
		ao_json_emit(stdout, ao_cli_resource_json(&r), &o->json, 0);
	} else {
		ao_cli_print_resource(stdout, &r);
		fflush(stdout);
	}
	fprintf(stderr, "%s%s\n", w.status == AO_OK ? "" : "agent-onboard: ", w.message);
	rc = ao_status_exit(w.status);
out:
	ao_wait_result_free(&w);
	ao_resource_free(&r);
	ao_buf_free(&key);
	ao_cli_session_close(&s);
	return rc;
}

int
ao_cmd_create(const struct ao_global *g, int argc, char **argv)
{
	struct create_opts o;
	struct problems probs = { 0 };
	struct ao_answers a;
	size_t i;
	int rc, f;

	rc = parse_args(&o, argc, argv);
	if (rc == 1)
		return AO_EXIT_OK;
	if (rc != 0)
		return rc;

	ao_answers_init(&a);
	if (o.answers_path != NULL) {
		if (load_answers_file(o.answers_path, &a, &probs) != 0) {
			rc = AO_EXIT_USAGE;
			goto out;
		}
		resolve_key_path(&a, o.answers_path);
	}
	for (f = 0; f < AO_FIELD_COUNT; f++)
		if (o.flag_value[f] != NULL)
			ao_answers_set(&a, (enum ao_field)f, o.flag_value[f]);
	ao_answers_apply_defaults(&a);
	/* no --algorithm: the key says which (and the request carries it) */
	ao_jwt_key_preselect(&a, 1);
	read_secret(&o, &a, &probs);
	validate(&a, &probs);
	if (probs.count > 0) {
		fprintf(stderr, "agent-onboard create: %zu problem%s; nothing was sent:\n", probs.count,
		        probs.count == 1 ? "" : "s");
		for (i = 0; i < probs.count; i++)
			fprintf(stderr, "  %s\n", probs.item[i]);
		rc = AO_EXIT_INVALID;
		goto out;
	}
	if (o.dry_run)
		rc = dry_run(&o, g, &a);
	else
		rc = submit(&o, g, &a);
out:
	problems_free(&probs);
	ao_answers_clear(&a);
	return rc;
}
