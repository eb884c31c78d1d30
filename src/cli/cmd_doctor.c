/* SPDX-License-Identifier: MIT */
/* agent-onboard doctor: one line per check, each with what is wrong and how
 * to fix it, and a non-zero exit when a check fails.  Checks: terminal,
 * locale, keyring (with its exact cause), API reachability and TLS, and the
 * platform key (where it comes from, and whether the platform accepts it).
 *
 * The keyring check runs as a job while the API is contacted, so the
 * slowest case (a stalled Secret Service, 3 s) costs no extra time. */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cJSON.h>
#include <curses.h>
#include <term.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"
#include "agent-onboard/secret/store.h"

/* not OK/ERR: curses.h defines those */
enum level { LV_OK, LV_WARN, LV_FAIL };

struct doctor {
	const struct ao_global *g;
	int json, utf8, colour, failed;
	struct ao_json_select json_select;
	cJSON *checks;
};

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard doctor [--json[=FIELD,...]]\n"
	        "\n"
	        "Checks, one line each with a fix when something is wrong:\n"
	        "  terminal  is standard output a terminal, its size, TERM, colours\n"
	        "  locale    UTF-8 character set (names in any script need it)\n"
	        "  keyring   can secrets be stored, and if not the exact cause\n"
	        "  api       GET <api-url>/health: reachable, TLS verified\n"
	        "  key       where the platform API key comes from, and whether it is accepted\n"
	        "  partner-api  GET <partner-api-url>/api/v2/partner/partners: the partner API's\n"
	        "            own host (--partner-api-url) answers and takes the key\n"
	        "Exits %d when a check failed (marked with an x), 0 otherwise; warnings (!)\n"
	        "do not fail.\n"
	        "\n"
	        "Options:\n",
	        AO_EXIT_FAILURE);
	ao_option_help(out, "doctor");
	fputc('\n', out);
	ao_usage_exit_codes(out);
}

static void report(struct doctor *d, const char *name, enum level lv, const char *fix,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Prints (or records for --json) one check. */
static void report(struct doctor *d, const char *name, enum level lv, const char *fix,
                   const char *fmt, ...)
{
	static const char *const utf8_marks[] = { "\u2713", "!", "\u2717" };
	static const char *const ascii_marks[] = { "ok", "!!", "XX" };
	static const char *const colours[] = { "\033[32m", "\033[33m", "\033[31m" };
	static const char *const ids[] = { "ok", "warn", "fail" };
	char raw[1024], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* messages quote the platform (account name, errors) and the keyring */
	ao_copy_display(msg, sizeof(msg), raw, strlen(raw));
	if (lv == LV_FAIL)
		d->failed = 1;
	if (d->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "check", name);
		cJSON_AddStringToObject(o, "status", ids[lv]);
		cJSON_AddStringToObject(o, "message", msg);
		cJSON_AddStringToObject(o, "fix", fix ? fix : "");
		cJSON_AddItemToArray(d->checks, o);
		return;
	}
	printf("%s%s%s %-8s %s%s%s\n", d->colour ? colours[lv] : "",
	       d->utf8 ? utf8_marks[lv] : ascii_marks[lv], d->colour ? "\033[0m" : "", name, msg,
	       fix && fix[0] ? (d->utf8 ? " \u2014 fix: " : " -- fix: ") : "", fix ? fix : "");
	fflush(stdout);
}

/* The last check object, to add details to (--json). */
static cJSON *last_check(struct doctor *d)
{
	int n = d->checks ? cJSON_GetArraySize(d->checks) : 0;

	return n > 0 ? cJSON_GetArrayItem(d->checks, n - 1) : NULL;
}

static void check_terminal(struct doctor *d)
{
	const char *term = getenv("TERM");
	struct winsize ws = { 0 };
	int tty = isatty(STDOUT_FILENO), colours = -1, err = 0;
	char size[32] = "size unknown", col[48];

	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		snprintf(size, sizeof(size), "%u%s%u", ws.ws_col, d->utf8 ? "\u00d7" : "x", ws.ws_row);
	if (term != NULL && term[0] != '\0' && setupterm((char *)term, STDOUT_FILENO, &err) == OK) {
		colours = tigetnum((char *)"colors");
		del_curterm(cur_term);
	}
	if (d->g->no_color)
		snprintf(col, sizeof(col), "colours off (NO_COLOR)");
	else if (colours > 0)
		snprintf(col, sizeof(col), "%d colours", colours);
	else
		snprintf(col, sizeof(col), "no colours");

	if (!tty)
		report(d, "terminal", LV_WARN, "run it in a terminal for the wizard; other commands are fine",
		       "standard output is not a terminal (TERM=%s)", term ? term : "unset");
	else if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0)
		report(d, "terminal", LV_WARN, "set TERM (e.g. TERM=xterm-256color) for the full-screen wizard",
		       "TERM=%s: the wizard uses line-by-line questions (--plain), %s, %s",
		       term ? term : "unset", size, col);
	else if (err != 1)
		report(d, "terminal", LV_WARN, "install its terminfo entry (apt install ncurses-term) or use TERM=xterm-256color",
		       "TERM=%s is not in the terminfo database, %s", term, size);
	else if (ws.ws_col < 80 || ws.ws_row < 24)
		report(d, "terminal", LV_WARN, "make the window at least 80x24",
		       "%s is smaller than the wizard's 80x24, TERM=%s, %s", size, term, col);
	else
		report(d, "terminal", LV_OK, NULL, "%s, TERM=%s, %s", size, term, col);
}

static void check_locale(struct doctor *d)
{
	const char *cs = nl_langinfo(CODESET);
	const char *lc_all = getenv("LC_ALL"), *lang = getenv("LANG");

	if (d->utf8)
		report(d, "locale", LV_OK, NULL, "%s (UTF-8)", setlocale(LC_CTYPE, NULL));
	else
		report(d, "locale", LV_FAIL,
		       "export LC_ALL=C.UTF-8 (or another UTF-8 locale listed by `locale -a`)",
		       "character set %s, not UTF-8 (LC_ALL=%s, LANG=%s): names in other scripts "
		       "cannot be typed or shown", cs, lc_all ? lc_all : "unset", lang ? lang : "unset");
}

static void report_keyring(struct doctor *d, const struct ao_secret_store *s,
                           const struct ao_secret_result *r, int have_env)
{
	cJSON *o;

	if (r->status == AO_OK) {
		char *where = ao_secret_destination(s, &r->check);

		report(d, "keyring", LV_OK, NULL, "secrets go to %s (answered in %ld ms)", where,
		       r->check.elapsed_ms);
		free(where);
	} else {
		/* with SCOPE3_API_KEY set, nothing needs the keyring */
		report(d, "keyring", have_env ? LV_WARN : LV_FAIL, ao_keyring_cause_fix(r->check.cause),
		       "%s: %s%s", ao_keyring_cause_name(r->check.cause), r->check.detail,
		       have_env ? " (not needed while SCOPE3_API_KEY is set)" : "");
	}
	if ((o = last_check(d)) != NULL) {
		cJSON_AddStringToObject(o, "cause", ao_keyring_cause_id(r->check.cause));
		cJSON_AddStringToObject(o, "detail", r->check.detail);
	}
}

static const char *network_fix(enum ao_status st)
{
	switch (st) {
	case AO_ERR_TLS:
		return "if your network inspects TLS, pass its CA with --ca-file FILE; "
		       "otherwise check the system clock and the API URL";
	case AO_ERR_SERVER:
		return "the platform has a problem; try again later";
	default:
		return "check the API URL (--api-url, SCOPE3_API_URL), your connection and any proxy "
		       "(https_proxy)";
	}
}

/* The API line, computed while the keyring job runs and printed after the
 * keyring line so the report reads in the documented order. */
struct api_line {
	enum level lv;
	const char *fix;
	char msg[700];
};

/* Returns 1 when the API answered. */
static int check_api(struct doctor *d, struct ao_api *api, struct api_line *out)
{
	struct ao_api_result res;
	enum ao_status st;
	int https = strncmp(d->g->api_url, "https://", 8) == 0;
	int up;

	ao_api_result_init(&res);
	st = ao_api_wait(ao_api_health(api, NULL, NULL), &interrupted, &res);
	up = st == AO_OK;
	out->fix = NULL;
	if (up) {
		out->lv = LV_OK;
		snprintf(out->msg, sizeof(out->msg), "%s answers (HTTP %ld, %.0f ms), %s",
		         d->g->api_url, res.http_status, res.elapsed * 1000,
		         https ? "TLS certificate verified" : "plain http (allowed on this machine only)");
	} else {
		out->lv = LV_FAIL;
		/* the client's message already says what to do, except for TLS */
		if (st == AO_ERR_TLS || res.message == NULL)
			out->fix = network_fix(st);
		snprintf(out->msg, sizeof(out->msg), "%s: %s", d->g->api_url,
		         st == AO_ERR_INTERRUPTED ? "interrupted"
		         : res.message ? res.message : ao_status_message(st));
	}
	ao_api_result_free(&res);
	return up;
}

static void check_key(struct doctor *d, struct ao_api *api, struct ao_platform_key *k,
                      int api_up)
{
	struct ao_api_result res;
	enum ao_status st;
	cJSON *o;

	if (k->key == NULL) {
		if (k->keyring.cause != AO_KEYRING_OK)
			report(d, "key", LV_FAIL, "export SCOPE3_API_KEY, or fix the keyring (above) and run "
			       "`agent-onboard login`", "none found: SCOPE3_API_KEY %s and the "
			       "keyring cannot be read (%s)", ao_platform_key_env_state(),
			       ao_keyring_cause_name(k->keyring.cause));
		else
			report(d, "key", LV_FAIL, "run `agent-onboard login`, or export SCOPE3_API_KEY",
			       "none found: %s", k->where);
	} else if (!api_up) {
		report(d, "key", LV_WARN, "fix the API check above, then run doctor again",
		       "from %s; not checked (the API did not answer)", k->where);
	} else {
		ao_api_result_init(&res);
		ao_api_set_key(api, k->key);
		st = ao_api_wait(ao_api_account(api, NULL, NULL), &interrupted, &res);
		if (st == AO_OK)
			report(d, "key", LV_OK, NULL, "from %s; accepted%s%s", k->where,
			       res.account ? " for " : "", res.account ? res.account : "");
		else if (st == AO_ERR_UNAUTHORIZED || st == AO_ERR_FORBIDDEN)
			report(d, "key", LV_FAIL, k->source == AO_KEY_ENV
			       ? "correct or unset SCOPE3_API_KEY"
			       : "run `agent-onboard login` with a current key",
			       "from %s; rejected by the platform (HTTP %ld)%s%s", k->where,
			       res.http_status, res.message ? ": " : "", res.message ? res.message : "");
		else
			report(d, "key", LV_WARN, network_fix(st), "from %s; could not be checked: %s",
			       k->where, res.message ? res.message : ao_status_message(st));
		ao_api_result_free(&res);
	}
	if ((o = last_check(d)) != NULL) {
		static const char *const src[] = { "none", "environment", "keyring", "memory" };

		cJSON_AddStringToObject(o, "source", d->g->demo && k->key != NULL
		                        ? "demo" : src[k->source]);
	}
}

/* The partner API has a host of its own (net/api_hosts.c): one seat list
 * there says whether it answers and takes the key.  Without a key a 401
 * still proves the host answers. */
static void check_partner(struct doctor *d, struct ao_api *api, const struct ao_platform_key *k)
{
	const char *url = ao_api_partner_url(api);
	int same = strcmp(url, ao_api_base_url(api)) == 0;
	struct ao_api_result res;
	enum ao_status st;

	ao_api_result_init(&res);
	ao_api_set_key(api, k->key);
	st = ao_api_wait(ao_api_list_partners(api, NULL, NULL), &interrupted, &res);
	if (st == AO_OK)
		report(d, "partner-api", LV_OK, NULL, "%s answers%s; %zu partner seat%s", url,
		       same ? " (the same host as the API URL)" : "", res.partners.count,
		       res.partners.count == 1 ? "" : "s");
	else if (st == AO_ERR_UNAUTHORIZED || st == AO_ERR_FORBIDDEN)
		report(d, "partner-api", k->key != NULL ? LV_FAIL : LV_WARN,
		       k->key != NULL ? "partner agents need a key this host accepts; check "
		                        "--partner-api-url (SCOPE3_PARTNER_API_URL)" : NULL,
		       "%s answers, but not to %s (HTTP %ld)", url,
		       k->key != NULL ? "this key" : "a request without a key", res.http_status);
	else if (st == AO_ERR_NOT_FOUND)
		report(d, "partner-api", LV_FAIL, "give the partner API's URL with --partner-api-url "
		       "(SCOPE3_PARTNER_API_URL)", "%s answers, but has no partner API (HTTP 404)", url);
	else
		report(d, "partner-api", LV_FAIL, "check --partner-api-url (SCOPE3_PARTNER_API_URL), your "
		       "connection and any proxy", "%s does not answer: %s", url,
		       st == AO_ERR_INTERRUPTED ? "interrupted" : res.message ? res.message : ao_status_message(st));
	ao_api_result_free(&res);
}

int ao_cmd_doctor(const struct ao_global *g, int argc, char **argv)
{
	struct doctor d = { .g = g };
	struct ao_secret_store *store = ao_secret_store_new_keyring();
	struct ao_secret_job *job;
	struct ao_secret_result kr;
	struct ao_platform_key key;
	struct ao_api_config cfg;
	struct ao_loop *loop = NULL;
	struct ao_api *api = NULL;
	struct sigaction sa, old_int, old_term;
	const char *cs = nl_langinfo(CODESET);
	struct api_line line;
	char msg[512];
	int i, api_up = 0, have_env, m;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			ao_secret_store_free(store);
			return AO_EXIT_OK;
		} else if ((m = ao_json_option("doctor", argv[i], &d.json_select)) != 0) {
			if (m < 0) {
				ao_secret_store_free(store);
				return -m;
			}
			d.json = 1;
		} else {
			ao_secret_store_free(store);
			if (argv[i][0] == '-')
				return ao_option_unknown("doctor", argv[i]);
			return ao_usage_error("doctor", "doctor takes no arguments (\"%s\")", argv[i]);
		}
	}
	d.utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	d.colour = !d.json && !g->no_color && isatty(STDOUT_FILENO) && getenv("TERM") != NULL &&
	           strcmp(getenv("TERM"), "dumb") != 0;
	if (d.json)
		d.checks = cJSON_CreateArray();

	/* the keyring answers (or times out) while the API is asked */
	job = ao_secret_job_start(store, AO_SECRET_OP_CHECK, NULL, NULL, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	check_terminal(&d);
	check_locale(&d);

	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = g->api_url;
	cfg.partner_base_url = g->partner_api_url;
	cfg.ca_file = g->ca_file;
	cfg.log = g->log;
	cfg.connect_timeout_ms = 5000;
	cfg.timeout_ms = 10000;
	cfg.max_attempts = 1;   /* a diagnosis, not a retry loop */
	loop = ao_loop_new();
	api = ao_api_new(loop, &cfg, msg, sizeof(msg));
	if (api == NULL) {
		line.lv = LV_FAIL;
		line.fix = "pass a valid --api-url";
		snprintf(line.msg, sizeof(line.msg), "%s", msg);
	} else {
		api_up = check_api(&d, api, &line);
	}

	ao_secret_job_wait(job, &kr);
	ao_secret_job_free(job);
	have_env = ao_platform_key_from_env(&key);
	report_keyring(&d, store, &kr, have_env || g->demo);
	report(&d, "api", line.lv, line.fix, "%s", line.msg);

	if (g->demo && g->demo_key != NULL) {
		ao_platform_key_clear(&key);
		key.key = xstrdup(g->demo_key);
		snprintf(key.where, sizeof(key.where), "the demo simulator");
	} else if (!have_env && kr.status == AO_OK) {
		struct ao_secret_ref ref = ao_secret_ref_platform_key(g->api_url);
		struct ao_secret_result lr;

		ao_secret_lookup(store, &ref, &lr);
		ao_platform_key_from_lookup(&key, store, g->api_url, &lr);
		ao_secret_result_clear(&lr);
	} else if (!have_env) {
		key.keyring = kr.check;
	}
	if (api != NULL) {
		check_key(&d, api, &key, api_up);
		check_partner(&d, api, &key);
	} else {
		report(&d, "key", LV_WARN, NULL, "not checked (no usable API URL)");
	}

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (d.json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddBoolToObject(o, "ok", !d.failed);
		cJSON_AddStringToObject(o, "apiUrl", g->api_url);
		cJSON_AddStringToObject(o, "partnerApiUrl", api != NULL ? ao_api_partner_url(api) : "");
		cJSON_AddItemToObject(o, "checks", d.checks);
		ao_json_emit(stdout, o, &d.json_select, 0);
	}
	ao_platform_key_clear(&key);
	ao_secret_result_clear(&kr);
	ao_api_free(api);
	ao_loop_free(loop);
	ao_secret_store_free(store);
	if (interrupted)
		return AO_EXIT_INTERRUPTED;
	return d.failed ? AO_EXIT_FAILURE : AO_EXIT_OK;
}
