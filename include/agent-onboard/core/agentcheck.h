/* SPDX-License-Identifier: MIT */
/* Pure checks of what an agent (or the AAO lookup) sends back during a
 * probe: the MCP streamable-HTTP event stream, JSON-RPC replies to
 * initialize / server/discover / tools/list, the A2A agent card,
 * WWW-Authenticate challenges, OAuth metadata, and whether an endpoint is
 * listed in a discover-agents response.
 *
 * Every input here is untrusted bytes from the network.  Each parser is a
 * function from (bytes, length) to a struct, never reads past len, needs no
 * NUL terminator, and copies text it keeps into fixed buffers with control
 * characters replaced (a server name must not be able to move the cursor of
 * the terminal that shows it).  Too-long text is cut at a UTF-8 boundary.
 * The fuzz targets call these functions directly. */
#ifndef AO_CORE_AGENTCHECK_H
#define AO_CORE_AGENTCHECK_H

#include <stddef.h>

#include "agent-onboard/core/display.h"   /* ao_copy_display */

/* --- Server-sent events (text/event-stream) ------------------------------
 * An incremental parser, because an MCP server may keep the stream open
 * after it has answered: the probe feeds bytes as they arrive and stops at
 * the reply it waits for.  Implements the WHATWG event-stream rules that
 * matter here: CR, LF or CRLF line ends (also split across feeds), a
 * leading BOM, ':' comments, "data" lines joined with '\n', "event" and
 * "id" fields, one optional space after the colon, dispatch on a blank
 * line, events without data ignored. */

#define AO_SSE_MAX_EVENT (1024 * 1024)   /* data of one event; more is dropped */

struct ao_sse_event {
	const char *event;   /* "message" when the stream named none */
	const char *id;      /* "" when none */
	const char *data;    /* NUL-terminated, without the last '\n' */
	size_t data_len;
	int truncated;       /* data was longer than AO_SSE_MAX_EVENT */
};

/* Returns non-zero to stop parsing (the rest of the feed is ignored). */
typedef int (*ao_sse_event_fn)(const struct ao_sse_event *ev, void *arg);

struct ao_sse_parser {
	ao_sse_event_fn on_event;
	void *arg;
	/* private */
	char *line; size_t line_len, line_cap;
	char *data; size_t data_len, data_cap;
	char event[64];
	char id[128];
	int after_cr, bom, started, line_over, data_over, stopped;
};

void ao_sse_init(struct ao_sse_parser *p, ao_sse_event_fn fn, void *arg);
/* Returns 1 once the callback asked to stop, else 0. */
int ao_sse_feed(struct ao_sse_parser *p, const char *bytes, size_t len);
/* End of stream: a final event without its blank line is discarded, as the
 * standard says.  Frees the buffers; the parser may be initialised again. */
void ao_sse_finish(struct ao_sse_parser *p);

/* Whole-buffer form (tests, fuzzing): counts the events in bytes and keeps
 * the data of the first JSON-RPC reply whose id equals want_id (see
 * ao_rpc_reply_parse), as the probe does on a live stream. */
struct ao_sse_scan {
	size_t events;        /* events with data */
	size_t replies;       /* JSON-RPC replies among them (any id) */
	int found;            /* a reply with want_id was seen */
	char *reply;          /* its data, newly allocated, or NULL */
	size_t reply_len;
};
void ao_sse_scan(const char *bytes, size_t len, long want_id, struct ao_sse_scan *out);
void ao_sse_scan_clear(struct ao_sse_scan *s);

/* --- JSON-RPC 2.0 replies --------------------------------------------- */

enum ao_rpc_kind {
	AO_RPC_NOT_JSON = 0,  /* not parseable JSON */
	AO_RPC_NOT_RPC,       /* JSON, but not a JSON-RPC 2.0 message */
	AO_RPC_OTHER,         /* a request, a notification or a reply to another id */
	AO_RPC_RESULT,        /* the reply to our id, with "result" */
	AO_RPC_ERROR,         /* the reply to our id, with "error" */
};

struct ao_rpc_reply {
	enum ao_rpc_kind kind;
	long error_code;          /* AO_RPC_ERROR */
	char error_message[200];  /* AO_RPC_ERROR, display-safe */
};

/* Classifies one JSON-RPC message (or a batch: the element with want_id
 * wins).  Ids match when equal as numbers, or as a string holding the same
 * decimal number (some servers echo ids as strings).  Replies with an id of
 * null are AO_RPC_ERROR when they carry an error (servers answer requests
 * they could not parse that way). */
void ao_rpc_reply_parse(const char *bytes, size_t len, long want_id, struct ao_rpc_reply *out);

/* --- MCP -------------------------------------------------------------- */

/* The reply to initialize (legacy handshake) or server/discover (the
 * stateless 2026-07-28 revision: supportedVersions[], capabilities,
 * _meta.serverInfo). */
struct ao_mcp_server {
	struct ao_rpc_reply rpc;
	int ok;                    /* a result shaped as the method promises */
	char protocol_version[32]; /* negotiated, or the newest supported one */
	char name[128];            /* serverInfo.name (title when there is no name) */
	char version[64];
	int tools_capability;      /* capabilities.tools present */
	char problem[160];         /* why ok is 0, when it is a result */
};
void ao_mcp_initialize_parse(const char *bytes, size_t len, long want_id, struct ao_mcp_server *out);
void ao_mcp_discover_parse(const char *bytes, size_t len, long want_id, struct ao_mcp_server *out);

#define AO_ADCP_CAPABILITIES_TOOL "get_adcp_capabilities"
#define AO_ADCP_PRODUCTS_TOOL     "get_products"

/* One page of tools/list. */
struct ao_mcp_tools {
	struct ao_rpc_reply rpc;
	int ok;                    /* result.tools is an array */
	size_t count;              /* tools with a string name */
	int has_capabilities;      /* get_adcp_capabilities offered */
	int has_products;          /* get_products offered */
	char names[512];           /* "a, b, c", cut with "..." when longer */
	char *next_cursor;         /* newly allocated, or NULL on the last page */
};
void ao_mcp_tools_parse(const char *bytes, size_t len, long want_id, struct ao_mcp_tools *out);
void ao_mcp_tools_clear(struct ao_mcp_tools *t);

/* --- A2A agent card ----------------------------------------------------- */

#define AO_ADCP_A2A_EXTENSION "https://adcontextprotocol.org/extensions/adcp"

struct ao_a2a_card {
	char name[128];
	char version[64];
	char protocol_version[16];   /* of the JSON-RPC interface (1.0 cards) or top level (0.3) */
	char interfaces[256];        /* "JSONRPC 1.0 https://...", comma-separated */
	char *rpc_url;               /* JSON-RPC interface URL (newly allocated) or NULL */
	char *rest_url;              /* HTTP+JSON (REST) interface URL (newly allocated) or NULL */
	int rest_v03;                /* that interface is A2A 0.3 (paths under /v1/) */
	char skills[512];            /* skill ids, comma-separated */
	size_t skill_count;
	int has_capabilities_skill;  /* get_adcp_capabilities among the skills */
	int has_products_skill;      /* get_products */
	int adcp_extension;          /* capabilities.extensions[] has the AdCP extension */
	char adcp_extension_uri[128];
	int requires_auth;           /* the card declares security requirements */
	char auth_schemes[128];      /* "bearer", "basic", "oauth2", "apiKey" ... */
};
/* Returns 0, or -1 with msg saying why the bytes are not an agent card. */
int ao_a2a_card_parse(const char *bytes, size_t len, struct ao_a2a_card *out, char *msg, size_t msgsz);
void ao_a2a_card_clear(struct ao_a2a_card *c);

/* --- WWW-Authenticate and OAuth metadata -------------------------------- */

struct ao_www_auth {
	int challenges;              /* how many challenges were found */
	int bearer, basic;           /* which schemes were offered */
	char first_scheme[32];       /* as sent, e.g. "Bearer" */
	char realm[128];
	char error[64];              /* RFC 6750 error="invalid_token" ... */
	char error_description[160];
	char scope[160];
	char resource_metadata[1024];/* RFC 9728 pointer (Bearer challenge) */
};
/* Parses one header value or several joined with ", " (RFC 9110 challenge
 * lists: schemes, auth-params with token or quoted-string values, token68). */
void ao_www_authenticate_parse(const char *bytes, size_t len, struct ao_www_auth *out);

/* RFC 9728 protected-resource metadata. */
struct ao_oauth_resource {
	char resource[512];
	char auth_server[512];       /* authorization_servers[0] */
};
int ao_oauth_resource_parse(const char *bytes, size_t len, struct ao_oauth_resource *out, char *msg, size_t msgsz);

/* RFC 8414 authorization-server (or OpenID provider) metadata. */
struct ao_oauth_server {
	char issuer[256];
	char authorization_endpoint[512];
	char token_endpoint[512];
	int registration;            /* registration_endpoint: dynamic client registration */
	int pkce_s256;               /* code_challenge_methods_supported has S256 */
};
int ao_oauth_server_parse(const char *bytes, size_t len, struct ao_oauth_server *out, char *msg, size_t msgsz);

/* --- AAO pre-check (GET /api/v2/storefront/discover-agents?domain=) ---- */

enum ao_aao_listing {
	AO_AAO_BAD_RESPONSE = 0,   /* not the documented shape */
	AO_AAO_NOT_LISTED,
	AO_AAO_LISTED,
};

struct ao_aao_check {
	enum ao_aao_listing listing;
	char where[40];            /* "operator.agents" or "publisher.authorized_agents" */
	size_t agents_seen;        /* URLs looked at */
	int operator_member;       /* operator.member is an object (-1 unknown) */
	char compliance[32];       /* the matched operator agent's compliance status, or "" */
	char problem[160];         /* for AO_AAO_BAD_RESPONSE */
};
/* Accepts the body bare or wrapped in {"data": ...}. */
void ao_aao_check_parse(const char *bytes, size_t len, const char *endpoint_url, struct ao_aao_check *out);

/* Whether two agent URLs name the same endpoint, leniently: scheme and host
 * compared without case, default ports dropped, trailing slashes and a
 * fragment ignored; path and query compared exactly. */
int ao_agent_url_same(const char *a, const char *b);

/* Appends a display-safe copy of item to the ", "-separated list (size
 * bytes), ending the list with "..." once the next item does not fit. */
void ao_display_list_append(char *list, size_t size, const char *item, size_t item_len);
/* cJSON_ParseWithLength on a private terminated copy of untrusted bytes;
 * NULL when they are not JSON.  Free with cJSON_Delete. */
struct cJSON *ao_json_parse_untrusted(const char *bytes, size_t len);

#endif
