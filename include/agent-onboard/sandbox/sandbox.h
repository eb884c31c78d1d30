/* SPDX-License-Identifier: MIT */
/* The API simulator: a real HTTP(S) server on loopback that behaves like the
 * Scope3 / Interchange platform API as reference/scope3-api.md describes it
 * (storefront inventory sources, partner agents, the {data} envelope, the
 * documented validation, AAO registry rule, lifecycle, OAuth consent, rate
 * limits), plus demo MCP / A2A agents and fault injection for tests.
 *
 * It runs in the caller's process on its own threads (libmicrohttpd's
 * internal polling thread, one thread per connection, and one activation
 * thread), so `agent-onboard --demo` and the contract tests start it
 * in-process; `agent-onboard sandbox` runs it alone.
 *
 * Demo agents served on the same origin (all listed in the AAO registry):
 *   POST /demo/mcp         MCP, Bearer AO_SANDBOX_AGENT_TOKEN, JSON replies
 *   POST /demo/mcp-sse     MCP, Bearer token, text/event-stream replies
 *   POST /demo/mcp-basic   MCP, Basic AO_SANDBOX_AGENT_USER:AO_SANDBOX_AGENT_PASSWORD
 *   POST /demo/mcp-open    MCP, no authentication
 *   POST /demo/mcp-oauth   MCP, OAuth protected (401 + resource metadata)
 *   POST /demo/a2a         A2A JSON-RPC (Bearer token); card at
 *                          /.well-known/agent-card.json and agent.json
 * Any MCP path also answers with SSE when the query has ?sse=1.
 *
 * Lifecycle: NO_AUTH sources are ACTIVE at once.  Sources with credentials
 * (API_KEY, BASIC_AUTH, JWT) are PENDING; activate_after_ms after the create
 * (or a credential change) the agent is checked with the simulator's own
 * check (agent_check.c, deliberately not net/probe.h), then every
 * probe_interval_ms: the first passing check makes the source ACTIVE, and,
 * only with disable_after_ms set, failing that long makes it DISABLED (JWT:
 * only a tokenEndpointUrl under the simulator's URL is "exchanged", for the
 * demo token; otherwise the agent is checked without one).  OAUTH registrations get
 * oauth.authorizationUrl = URL/sandbox/oauth/authorize?state=TOKEN, a page
 * with an Approve form and link (URL/sandbox/oauth/approve?state=TOKEN, GET
 * or POST) that sets authConfigured: an OAuth source becomes ACTIVE, a
 * partner agent stays PENDING until PATCH {"status":"ACTIVE"}, which is
 * refused while auth is not configured. */
#ifndef AO_SANDBOX_SANDBOX_H
#define AO_SANDBOX_SANDBOX_H

#include <stddef.h>
#include <stdio.h>

/* The platform API key the simulator always accepts. */
#define AO_SANDBOX_DEMO_KEY "scope3_sandbox_demo_key"
/* A second accepted key may come from this environment variable (the CLI
 * reads it; keys are never taken from argv). */
#define AO_SANDBOX_KEY_ENV "AO_SANDBOX_API_KEY"

/* Credentials of the demo agents. */
#define AO_SANDBOX_AGENT_TOKEN "demo-agent-token"
#define AO_SANDBOX_AGENT_USER "demo"
#define AO_SANDBOX_AGENT_PASSWORD "demo-password"

/* Largest request body accepted; larger ones get 413. */
#define AO_SANDBOX_MAX_BODY (256 * 1024)

struct ao_sandbox_options {
	const char *host;             /* loopback address to bind: "127.0.0.1" (default), "::1", "localhost" */
	int port;                     /* 0 = let the kernel pick one */
	const char *tls_cert_file;    /* PEM certificate (chain); with tls_key_file enables HTTPS */
	const char *tls_key_file;     /* PEM private key */
	const char *registry_file;    /* extra AAO registry entries: "URL [TYPE] [NAME...]" per line, # comments */
	const char *const *registry_urls; /* extra registry URLs, NULL-terminated, or NULL */
	const char *state_file;       /* keep state across restarts (0600, atomic), or NULL */
	const char *extra_api_key;    /* accepted besides AO_SANDBOX_DEMO_KEY, or NULL */
	const char *probe_ca_file;    /* CA bundle the activation probe trusts (e.g. the test CA), or NULL */
	long activate_after_ms;       /* delay between create (or new auth) and the first probe */
	long probe_interval_ms;       /* delay between failed probes */
	long disable_after_ms;        /* PENDING source is DISABLED after probes kept failing this long; 0 = never */
	long probe_timeout_ms;        /* per probe */
	int rate_limit;               /* requests per window per client; 0 = unlimited */
	long rate_window_ms;          /* rate-limit window (60000 = per minute) */
	const char *const *faults;    /* fault specs (see ao_sandbox_add_fault), NULL-terminated, or NULL */
	FILE *log;                    /* one line per request, or NULL for silence */

	/* How faithfully to play the documented platform (README "The
	 * simulator's differences from the platform"): */
	enum ao_sandbox_style {
		AO_SANDBOX_WRAPPED = 0,   /* {"data": ..., "error": null} (the docs' envelope) */
		AO_SANDBOX_BARE,          /* the object itself (the reference pages' examples) */
		AO_SANDBOX_MIX,           /* alternating, request by request */
	} response_style;
	int combined_rate_headers;    /* one "RateLimit: limit=, remaining=, reset=" header
	                                 (draft-7) instead of RateLimit-Limit/-Remaining/-Reset */
	int tos_required;             /* the account has not accepted the Platform Service
	                                 Agreement: writes get 403 TOS_ACCEPTANCE_REQUIRED
	                                 until POST /api/v2/accept-tos */
	int seed_partners;            /* partner seats to seed (default 2; more than 50 pages) */
	int partner_port;             /* -1 (default): the partner API on the same listener;
	                                 0 or a port: on a listener of its own (then the main
	                                 one answers 404 for /api/v2/partner/...) */
};

struct ao_sandbox;

/* Fills o with the defaults: 127.0.0.1, port 0, activate after 3 s, probe
 * every 1 s, never disable, probe timeout 5 s, 100 requests
 * per 60 s, no TLS, no state file, silent. */
void ao_sandbox_options_init(struct ao_sandbox_options *o);

/* Binds, starts the threads and returns the running simulator, or NULL with
 * a sentence in err (address in use, unreadable certificate, bad fault spec,
 * non-loopback address ...). */
struct ao_sandbox *ao_sandbox_start(const struct ao_sandbox_options *o, char *err, size_t errsz);
/* ao_sandbox_start in two halves, so a program can draw before the slow
 * one: prepare checks the options, binds and listens (the URL is known;
 * connections wait in the backlog), serve loads libmicrohttpd and starts the
 * threads (0, or -1 with a sentence in err; stop s either way).  The partner
 * listener of partner_port >= 0 exists only once served. */
struct ao_sandbox *ao_sandbox_prepare(const struct ao_sandbox_options *o, char *err, size_t errsz);
int ao_sandbox_serve(struct ao_sandbox *s, char *err, size_t errsz);
/* Base URL, e.g. "http://127.0.0.1:41234" (no trailing slash). */
const char *ao_sandbox_url(const struct ao_sandbox *s);
int ao_sandbox_port(const struct ao_sandbox *s);
/* Base URL of the partner API: its own listener's (partner_port >= 0), or
 * the same as ao_sandbox_url. */
const char *ao_sandbox_partner_url(const struct ao_sandbox *s);
/* Stops the server and the threads, saves the state file, frees s.
 * NULL is fine. */
void ao_sandbox_stop(struct ao_sandbox *s);

/* Requests received whose route matches pattern, counted from start:
 * "METHOD /path/template" as in the route table, e.g.
 * "POST /api/v2/storefront/inventory-sources",
 * "GET /api/v2/storefront/inventory-sources/{sourceId}", "POST /demo/mcp".
 * Shell globs work (fnmatch: a star matches any text, also slashes; "*"
 * alone matches all); a pattern without a method matches every method.  Requests that matched
 * no route count as "METHOD (unmatched)".  Every request is counted, also
 * the ones refused by auth, the rate limit or a fault. */
long ao_sandbox_request_count(struct ao_sandbox *s, const char *pattern);
void ao_sandbox_reset_counts(struct ao_sandbox *s);

/* Registrations that exist now. */
size_t ao_sandbox_source_count(struct ao_sandbox *s);
size_t ao_sandbox_agent_count(struct ao_sandbox *s);

/* Fault injection, per route or global.  SPEC is
 *     ROUTE:KIND[=ARG][,times=N][,after=N][,code=CODE]
 * ROUTE is a route pattern as for ao_sandbox_request_count ("*" = every
 * route).  KIND is one of
 *     latency=MS         wait MS milliseconds, then answer normally
 *     status=HTTP        answer HTTP (400-599) with an error body and change
 *                        nothing; 503 and 429 carry Retry-After: 1; error.code
 *                        by status (403 TOS_ACCEPTANCE_REQUIRED, 500
 *                        INTERNAL_ERROR, 503 SERVICE_UNAVAILABLE ...)
 *     drop               close the connection without answering
 *     truncate           declare the full Content-Length, send half, close
 *     oversize[=BYTES]   pad the JSON body to BYTES (default 4 MiB)
 *     wrong-type[=TYPE]  answer an HTML page as TYPE (default text/html)
 *     drop-after-commit  do the work (e.g. create), then close without answering
 * times=N fires N times (default: always); after=N lets the first N matching
 * requests through; code= sets error.code for status=.  Returns 0, or -1
 * with a sentence in err. */
int ao_sandbox_add_fault(struct ao_sandbox *s, const char *spec, char *err, size_t errsz);
/* Only checks the syntax of a spec (for command-line parsing). */
int ao_sandbox_fault_check(const char *spec, char *err, size_t errsz);
void ao_sandbox_clear_faults(struct ao_sandbox *s);

/* Adds an URL to the AAO registry at run time (tests with their own agent). */
void ao_sandbox_registry_add(struct ao_sandbox *s, const char *url);

/* Help text for the fault-spec syntax (used by `sandbox --help`). */
const char *ao_sandbox_fault_help(void);

/* For --version: loads libmicrohttpd (as a simulator start would) and
 * writes "libmicrohttpd/VERSION" to out; -1 with the reason it cannot be
 * loaded in out. */
int ao_sandbox_mhd_version(char *out, size_t outsz);

#endif
