/* SPDX-License-Identifier: MIT */
/* agent-onboard sandbox: runs the API simulator (sandbox/sandbox.h) on its
 * own, for tests, demos and client developers.  Prints the URL it listens on
 * as the only line on stdout (flushed, so a script can read it), logs one
 * line per request on stderr unless --quiet, and stops cleanly on SIGINT,
 * SIGTERM or SIGHUP (the handlers only set a flag; the main thread waits in
 * sigsuspend with those signals blocked everywhere else).
 *
 * The extra API key comes from $AO_SANDBOX_API_KEY, never from argv. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/sandbox/sandbox.h"

#define MAX_FAULTS 64

static volatile sig_atomic_t sandbox_stop_requested;

static void
on_stop_signal(int sig)
{
	(void)sig;
	sandbox_stop_requested = 1;
}

static void
usage(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard sandbox [options]\n"
	        "\n"
	        "Runs a simulator of the Scope3 / Interchange platform API on loopback, with demo\n"
	        "MCP and A2A agents, for demos, tests and client development.  Prints the URL it\n"
	        "listens on (one line on stdout) and runs until SIGINT / SIGTERM (Ctrl-C).\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "sandbox");
	fprintf(out,
	        "\n"
	        "Platform API key: Authorization: Bearer %s\n"
	        "(or the key in $%s; keys are never read from the command line).\n"
	        "\n"
	        "Demo agents (all listed in the simulated AAO registry):\n"
	        "  URL/demo/mcp        MCP, Authorization: Bearer %s\n"
	        "  URL/demo/mcp-sse    the same, answering with text/event-stream\n"
	        "  URL/demo/mcp-basic  MCP, basic auth %s / %s\n"
	        "  URL/demo/mcp-open   MCP, no authentication\n"
	        "  URL/demo/mcp-oauth  MCP behind OAuth (401 with resource metadata)\n"
	        "  URL/demo/a2a        A2A, card at URL/.well-known/agent-card.json, Bearer token\n"
	        "OAuth registrations get an authorizationUrl served by the sandbox: open it\n"
	        "(browser or curl) and Approve to complete the flow.\n"
	        "\n"
	        "Deliberate differences from the documented platform:\n"
	        "  - loopback only, with fixed public demo keys; its AAO registry is its own\n"
	        "    (the demo agents and --registry), not agenticadvertising.org\n"
	        "  - activation uses a small check of its own (MCP initialize; A2A card, then one\n"
	        "    call with the credential), not the platform's compliance storyboards\n"
	        "  - JWT: only a tokenEndpointUrl under its own URL is \"exchanged\" (for the demo\n"
	        "    token); with any other one the agent is checked without a credential, so a\n"
	        "    401 keeps the source PENDING\n"
	        "  - OAuth consent is its own page (URL/sandbox/oauth/authorize), no real IdP\n"
	        "  - both APIs on one listener unless --partner-port; other owners' agents in\n"
	        "    the partner list are two fixed examples\n"
	        "  - never disables a source by itself unless --disable-after; answer\n"
	        "    styles, rate-limit headers and TOS state are switchable; faults on demand\n"
	        "  - readiness, diagnostics and the discovery test come from its own activation\n"
	        "    check (get_products is not really called); no storefront settings, accounts\n"
	        "    or media buys: POST URL/sandbox/sources/ID {\"mediaBuys\":N} pretends N run\n"
	        "    (DELETE is then refused), {\"noProducts\":true} makes discovery EMPTY;\n"
	        "    POST URL/sandbox/agents/ID {\"revokeOAuth\":true} revokes an OAUTH partner\n"
	        "    agent's grant (oauthError, PENDING until re-authorized and activated)\n"
	        "  - a source switched to OAUTH by PUT goes back to PENDING until consent\n"
	        "\n"
	        "%s"
	        "\n"
	        "Exit status: 0 after a clean stop, %d for a usage error, %d when it cannot start.\n",
	        AO_SANDBOX_DEMO_KEY, AO_SANDBOX_KEY_ENV, AO_SANDBOX_AGENT_TOKEN, AO_SANDBOX_AGENT_USER,
	        AO_SANDBOX_AGENT_PASSWORD, ao_sandbox_fault_help(), AO_EXIT_USAGE, AO_EXIT_FAILURE);
}

static int
usage_error(const char *what, const char *value)
{
	fprintf(stderr, "agent-onboard sandbox: %s%s%s\n", what, value != NULL ? ": " : "",
	        value != NULL ? value : "");
	fprintf(stderr, "Try 'agent-onboard sandbox --help'.\n");
	return AO_EXIT_USAGE;
}

/* "2", "0.5" -> milliseconds; -1 when not a duration. */
static long
parse_seconds(const char *text)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(v >= 0) || v > 86400.0 * 365)
		return -1;
	return (long)(v * 1000.0 + 0.5);
}

/* "100/min", "5/s", "20/10s", "off" */
static int
parse_rate(const char *text, int *limit, long *window_ms)
{
	char *end;
	long n, secs = 1;
	const char *unit;

	if (strcmp(text, "off") == 0 || strcmp(text, "0") == 0) {
		*limit = 0;
		return 0;
	}
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || n < 1 || n > 1000000 || *end != '/')
		return -1;
	unit = end + 1;
	if (strcmp(unit, "min") == 0 || strcmp(unit, "m") == 0) {
		secs = 60;
	} else if (strcmp(unit, "s") == 0 || strcmp(unit, "sec") == 0) {
		secs = 1;
	} else if (strcmp(unit, "h") == 0) {
		secs = 3600;
	} else {
		secs = strtol(unit, &end, 10);
		if (secs < 1 || secs > 86400 || strcmp(end, "s") != 0)
			return -1;
	}
	*limit = (int)n;
	*window_ms = secs * 1000;
	return 0;
}

/* --listen: "PORT", "HOST:PORT", "[::1]:PORT"; host goes into hostbuf. */
static int
parse_listen(const char *text, char *hostbuf, size_t hostsz, int *port)
{
	const char *colon = strrchr(text, ':');
	char *end;
	long p;

	if (text[0] == '[') {
		const char *close = strchr(text, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		if ((size_t)(close - text - 1) >= hostsz)
			return -1;
		snprintf(hostbuf, hostsz, "%.*s", (int)(close - text - 1), text + 1);
		colon = close + 1;
	} else if (colon != NULL) {
		if (strchr(text, ':') != colon || (size_t)(colon - text) >= hostsz)
			return -1;   /* a bare IPv6 address needs brackets */
		snprintf(hostbuf, hostsz, "%.*s", (int)(colon - text), text);
		if (hostbuf[0] == '\0')
			snprintf(hostbuf, hostsz, "127.0.0.1");
	} else {
		snprintf(hostbuf, hostsz, "127.0.0.1");
		colon = text - 1;
	}
	errno = 0;
	p = strtol(colon + 1, &end, 10);
	if (errno != 0 || end == colon + 1 || *end != '\0' || p < 0 || p > 65535)
		return -1;
	*port = (int)p;
	return 0;
}

/* The value of "--name VALUE" or "--name=VALUE" at argv[*i], or NULL. */
static const char *
option_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, n) != 0)
		return NULL;
	if (arg[n] == '=')
		return arg + n + 1;
	if (arg[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

int
ao_cmd_sandbox(const struct ao_global *g, int argc, char **argv)
{
	struct ao_sandbox_options o;
	struct ao_sandbox *s = NULL;
	const char *faults[MAX_FAULTS + 1] = {NULL};
	size_t nfaults = 0;
	char host[64] = "127.0.0.1", err[512];
	const char *v;
	struct sigaction sa;
	sigset_t block, old;
	int i, quiet = 0, missing = 0, rc = AO_EXIT_OK;
	long ms;

	ao_sandbox_options_init(&o);
	o.host = host;
	o.probe_ca_file = g != NULL ? g->ca_file : NULL;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return AO_EXIT_OK;
		} else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
			quiet = 1;
		} else if ((v = option_value(argc, argv, &i, "--listen", &missing)) != NULL) {
			if (parse_listen(v, host, sizeof(host), &o.port) != 0)
				return usage_error("--listen wants [HOST:]PORT, e.g. 127.0.0.1:8080 or [::1]:0", v);
			/* a usage error, not a failure to start: the simulator's
			 * fixed demo keys must never be reachable from the network */
			if (!ao_url_host_is_loopback(host))
				return usage_error("--listen takes a loopback address only (127.0.0.1, ::1 or "
				                   "localhost): the sandbox's demo keys are public", v);
		} else if ((v = option_value(argc, argv, &i, "--tls-cert", &missing)) != NULL) {
			o.tls_cert_file = v;
		} else if ((v = option_value(argc, argv, &i, "--tls-key", &missing)) != NULL) {
			o.tls_key_file = v;
		} else if ((v = option_value(argc, argv, &i, "--registry", &missing)) != NULL) {
			o.registry_file = v;
		} else if ((v = option_value(argc, argv, &i, "--state", &missing)) != NULL) {
			o.state_file = v;
		} else if ((v = option_value(argc, argv, &i, "--activate-after", &missing)) != NULL) {
			if ((ms = parse_seconds(v)) < 0)
				return usage_error("--activate-after wants seconds, e.g. 3 or 0.5", v);
			o.activate_after_ms = ms;
		} else if ((v = option_value(argc, argv, &i, "--probe-interval", &missing)) != NULL) {
			if ((ms = parse_seconds(v)) <= 0)
				return usage_error("--probe-interval wants seconds greater than 0", v);
			o.probe_interval_ms = ms;
		} else if ((v = option_value(argc, argv, &i, "--disable-after", &missing)) != NULL) {
			if ((ms = parse_seconds(v)) < 0)
				return usage_error("--disable-after wants seconds (0 = never)", v);
			o.disable_after_ms = ms;
		} else if ((v = option_value(argc, argv, &i, "--responses", &missing)) != NULL) {
			if (strcmp(v, "wrapped") == 0)
				o.response_style = AO_SANDBOX_WRAPPED;
			else if (strcmp(v, "bare") == 0)
				o.response_style = AO_SANDBOX_BARE;
			else if (strcmp(v, "mix") == 0)
				o.response_style = AO_SANDBOX_MIX;
			else
				return usage_error("--responses wants wrapped, bare or mix", v);
		} else if ((v = option_value(argc, argv, &i, "--rate-headers", &missing)) != NULL) {
			if (strcmp(v, "separate") != 0 && strcmp(v, "combined") != 0)
				return usage_error("--rate-headers wants separate or combined", v);
			o.combined_rate_headers = strcmp(v, "combined") == 0;
		} else if (strcmp(arg, "--tos-required") == 0) {
			o.tos_required = 1;
		} else if ((v = option_value(argc, argv, &i, "--seed-partners", &missing)) != NULL) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*v == '\0' || *end != '\0' || n < 0 || n > 5000)
				return usage_error("--seed-partners wants a number from 0 to 5000", v);
			o.seed_partners = (int)n;
		} else if ((v = option_value(argc, argv, &i, "--partner-port", &missing)) != NULL) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*v == '\0' || *end != '\0' || n < 0 || n > 65535)
				return usage_error("--partner-port wants a port number (0 picks a free one)", v);
			o.partner_port = (int)n;
		} else if ((v = option_value(argc, argv, &i, "--rate-limit", &missing)) != NULL) {
			if (parse_rate(v, &o.rate_limit, &o.rate_window_ms) != 0)
				return usage_error("--rate-limit wants N/min, N/s, N/SECONDSs or off", v);
		} else if ((v = option_value(argc, argv, &i, "--fault", &missing)) != NULL) {
			if (nfaults == MAX_FAULTS)
				return usage_error("too many --fault options", NULL);
			if (ao_sandbox_fault_check(v, err, sizeof(err)) != 0)
				return usage_error(err, NULL);
			faults[nfaults++] = v;
		} else if (missing) {
			return usage_error("this option needs a value", arg);
		} else if (strncmp(arg, "--api-key", 9) == 0) {
			/* keys on the command line show in ps and shell history */
			return usage_error("the API key is not taken from the command line; set "
			                   AO_SANDBOX_KEY_ENV " instead", NULL);
		} else if (arg[0] == '-' && strchr(arg, '=') != NULL && ao_option_find("sandbox", arg) != NULL) {
			return ao_option_unknown("sandbox", arg);   /* --quiet=yes */
		} else {
			return usage_error("unknown option", arg);
		}
		if (missing)
			return usage_error("this option needs a value", arg);
	}
	if (missing)
		return usage_error("an option needs a value", NULL);
	o.faults = faults;
	o.extra_api_key = getenv(AO_SANDBOX_KEY_ENV);
	o.log = quiet ? NULL : stderr;

	/* block the stop signals in every thread the simulator starts; only
	 * sigsuspend below receives them */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);

	s = ao_sandbox_start(&o, err, sizeof(err));
	if (s == NULL) {
		fprintf(stderr, "agent-onboard sandbox: %s\n", err);
		rc = AO_EXIT_FAILURE;
		goto out;
	}
	printf("%s\n", ao_sandbox_url(s));
	if (o.partner_port >= 0)
		printf("%s\n", ao_sandbox_partner_url(s));
	fflush(stdout);
	if (!quiet) {
		fprintf(stderr, "agent-onboard sandbox: API key %s%s%s; demo agents at %s/demo/...; "
		        "Ctrl-C stops\n", AO_SANDBOX_DEMO_KEY, o.extra_api_key != NULL ? " or $" : "",
		        o.extra_api_key != NULL ? AO_SANDBOX_KEY_ENV : "", ao_sandbox_url(s));
	}
	{
		sigset_t wait_mask = old;

		sigdelset(&wait_mask, SIGINT);
		sigdelset(&wait_mask, SIGTERM);
		sigdelset(&wait_mask, SIGHUP);
		while (!sandbox_stop_requested)
			sigsuspend(&wait_mask);
	}
	ao_sandbox_stop(s);
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
