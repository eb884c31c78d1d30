/* SPDX-License-Identifier: MIT */
/* Tests an agent endpoint the way the platform will use it: MCP
 * (streamable HTTP: initialize, notifications/initialized, tools/list, with
 * a server/discover fallback) or A2A (agent card).  Used by
 * `agent-onboard probe`, the wizard's Test connection action and the
 * simulator's activation check.  Blocking; run it on a worker thread where
 * the caller must stay responsive (set cancel to abandon it). */
#ifndef AO_NET_PROBE_H
#define AO_NET_PROBE_H

#include <stddef.h>

struct ao_log;

enum ao_probe_outcome {
	AO_PROBE_OK = 0,          /* reachable, credential accepted, speaks the protocol */
	AO_PROBE_BAD_URL,
	AO_PROBE_DNS,             /* host name did not resolve */
	AO_PROBE_CONNECT,         /* TCP refused / unreachable */
	AO_PROBE_TLS,             /* certificate problem (named in message) */
	AO_PROBE_TIMEOUT,
	AO_PROBE_HTTP,            /* unexpected HTTP status */
	AO_PROBE_AUTH_REJECTED,   /* 401/403 with the given credential */
	AO_PROBE_AUTH_REQUIRED,   /* 401 and no credential given / OAuth required */
	AO_PROBE_NOT_PROTOCOL,    /* answered, but not as an MCP server / A2A card */
	AO_PROBE_CANCELLED,
	AO_PROBE_BAD_INPUT,       /* the request is incomplete (e.g. API_KEY without a token);
	                             nothing was sent */
};

/* The checks a probe reports, in the order they are shown (one line each).
 * A check that did not apply stays AO_CHECK_NOT_RUN and is not shown. */
enum ao_probe_check_id {
	AO_CHECK_URL,        /* the URL is acceptable (https, or http on loopback) */
	AO_CHECK_DNS,
	AO_CHECK_CONNECT,    /* TCP */
	AO_CHECK_TLS,
	AO_CHECK_HTTP,       /* an HTTP answer of the expected kind */
	AO_CHECK_AUTH,       /* the credential, as the platform will send it */
	AO_CHECK_PROTOCOL,   /* speaks MCP / serves an A2A card */
	AO_CHECK_TOOLS,      /* AdCP tools (MCP) or skills + extension (A2A) */
	AO_CHECK_OAUTH,      /* OAuth metadata discovery (OAUTH agents, or a hint) */
	AO_CHECK_COUNT
};

enum ao_check_state {
	AO_CHECK_NOT_RUN = 0,
	AO_CHECK_PASS,
	AO_CHECK_WARN,       /* works, but something will likely need attention */
	AO_CHECK_FAIL,
	AO_CHECK_SKIP,       /* could not be checked here (detail says why) */
};

struct ao_probe_check {
	enum ao_check_state state;
	char detail[240];    /* one line, display-safe, never a secret */
};

struct ao_probe_request {
	const char *url;
	const char *protocol;        /* "MCP" or "A2A" */
	const char *agent_type;      /* "SALES", ... or NULL (decides get_products) */
	const char *auth_type;       /* "API_KEY", "BASIC_AUTH", "NO_AUTH", "JWT", "OAUTH", or NULL
	                                when not chosen yet (the wizard's endpoint step): a 401 is
	                                then not a failure; the result says which type fits */
	const char *api_key_type;    /* "bearer" | "apikey" | "api_key" (API_KEY) */
	const char *token;           /* secret (API_KEY) */
	const char *username;        /* BASIC_AUTH */
	const char *password;        /* secret (BASIC_AUTH) */
	const char *ca_file;         /* extra CA bundle, or NULL */
	long timeout_ms;             /* whole probe; 0 = 10 s */
	volatile int *cancel;        /* set non-zero to abandon, or NULL */
	struct ao_log *log;          /* --log: every exchange is traced there (redacted:
	                                net/log.h), borrowed; NULL = no trace */
};

struct ao_probe_result {
	enum ao_probe_outcome outcome;
	char message[512];           /* what happened, for a person */
	char fix[256];               /* what to do about it, or "" */
	long http_status;            /* last status seen, 0 if none */
	int reachable, tls_ok;       /* -1 = not applicable / not reached */
	int auth_accepted;           /* -1 not tested, 0 rejected, 1 accepted */
	int speaks_protocol;
	int has_capabilities_tool;   /* get_adcp_capabilities offered (-1 unknown) */
	int has_products_tool;       /* get_products offered (-1 unknown) */
	int adcp_extension;          /* A2A card lists the AdCP extension (-1 unknown) */
	char server_name[128], server_version[64], protocol_version[32];
	char interfaces[256];        /* A2A interfaces, comma-separated */
	char skills[512];            /* A2A skills / MCP tools, comma-separated */
	char oauth_issuer[256];      /* discovered authorization server, if any */
	double dns_ms, connect_ms, tls_ms, total_ms;
	/* added with the probe module: */
	struct ao_probe_check checks[AO_CHECK_COUNT];
	int warnings;                /* checks in AO_CHECK_WARN */
	char final_url[512];         /* the URL that answered, when it differs (A2A card) */
};

/* Runs the probe; returns result->outcome.  Every field of result is set
 * (no need to initialise it).  message/fix/details never contain a secret.
 * Security: TLS verification is always on (ca_file adds a CA), plain http
 * only to loopback hosts, redirects followed only on the same host and
 * never to http, bodies capped at 1 MiB, credentials sent only to the
 * endpoint's own origin. */
enum ao_probe_outcome ao_probe_run(const struct ao_probe_request *req, struct ao_probe_result *result);
const char *ao_probe_outcome_name(enum ao_probe_outcome o);   /* "ok", "dns", ... */
const char *ao_probe_check_name(enum ao_probe_check_id id);  /* "url", "dns", ... (JSON keys) */
const char *ao_probe_check_label(enum ao_probe_check_id id); /* "DNS", "Credential", ... */
/* The process exit code for a result (enum ao_exit): OK 0; BAD_URL 3
 * (invalid, nothing sent); BAD_INPUT 2; DNS, CONNECT, TLS, TIMEOUT, and
 * HTTP 5xx or no status 8 (network); AUTH_REJECTED, AUTH_REQUIRED,
 * NOT_PROTOCOL and other HTTP statuses 4 (rejected); CANCELLED 130. */
int ao_probe_exit_code(const struct ao_probe_result *result);

#endif
