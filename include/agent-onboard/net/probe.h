/* Tests an agent endpoint the way the platform will use it: MCP
 * (streamable HTTP: initialize, notifications/initialized, tools/list, with
 * a server/discover fallback) or A2A (agent card).  Used by
 * `agent-onboard probe`, the wizard's Test connection action and the
 * simulator's activation check.  Blocking; run it on a worker thread where
 * the caller must stay responsive (set cancel to abandon it). */
#ifndef AO_NET_PROBE_H
#define AO_NET_PROBE_H

#include <stddef.h>

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
};

struct ao_probe_request {
	const char *url;
	const char *protocol;        /* "MCP" or "A2A" */
	const char *agent_type;      /* "SALES", ... or NULL (decides get_products) */
	const char *auth_type;       /* "API_KEY", "BASIC_AUTH", "NO_AUTH", "JWT", "OAUTH" */
	const char *api_key_type;    /* "bearer" | "apikey" | "api_key" (API_KEY) */
	const char *token;           /* secret (API_KEY) */
	const char *username;        /* BASIC_AUTH */
	const char *password;        /* secret (BASIC_AUTH) */
	const char *ca_file;         /* extra CA bundle, or NULL */
	long timeout_ms;             /* whole probe; 0 = 10 s */
	volatile int *cancel;        /* set non-zero to abandon, or NULL */
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
};

/* Runs the probe; returns result->outcome. */
enum ao_probe_outcome ao_probe_run(const struct ao_probe_request *req, struct ao_probe_result *result);
const char *ao_probe_outcome_name(enum ao_probe_outcome o);   /* "ok", "dns", ... */

#endif
