/* SPDX-License-Identifier: MIT */
/* What the scripting commands (create, status, list) share: a platform
 * client with its key, the Ctrl-C flag, and how a registration is shown to
 * people and to scripts. */
#ifndef AO_CLI_SESSION_H
#define AO_CLI_SESSION_H

#include <signal.h>
#include <stdio.h>

#include <cJSON.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/core/display.h"   /* ao_display_dup for what the platform sent */
#include "agent-onboard/core/response.h"

struct ao_loop;
struct ao_api;
struct ao_api_result;

/* Set by SIGINT, SIGTERM and SIGHUP once ao_cli_signals_install ran (the
 * handlers only set it and wake the loop). */
extern volatile sig_atomic_t ao_cli_interrupted;

/* Installs the handlers (and clears the flag); loop (may be NULL) is woken
 * through its self-pipe so a wait in progress notices at once.  Called
 * again while installed, it only changes the loop. */
void ao_cli_signals_install(struct ao_loop *loop);
/* Puts back the handlers that were there before. */
void ao_cli_signals_restore(void);
/* The signal that set the flag, for messages: "Ctrl-C", "SIGTERM", "SIGHUP". */
const char *ao_cli_signal_name(void);

struct ao_cli_session {
	struct ao_loop *loop;
	struct ao_api *api;
	char key_where[256];   /* where the platform key came from, for messages */
};

/* Creates the loop, installs the signal handlers on it (first: the key
 * lookup may wait up to AO_SECRET_TIMEOUT_MS on a stalled keyring, and
 * Ctrl-C/SIGTERM/SIGHUP end that wait), finds the platform key (the
 * simulator's with --demo; SCOPE3_API_KEY; the keyring for g->api_url) and
 * opens a client for g->api_url.  Never prompts.  Returns AO_EXIT_OK, or an
 * exit code after printing on stderr what is wrong and what to do:
 * AO_EXIT_AUTH when the keyring answered and holds no key, AO_EXIT_KEYRING
 * when it could not be used (no bus, locked, no answer ...),
 * AO_EXIT_INTERRUPTED after a signal (nothing was sent).  On failure the
 * handlers are restored and nothing needs closing. */
int ao_cli_session_open(struct ao_cli_session *s, const struct ao_global *g);
/* Frees the client and the loop and restores the signal handlers. */
void ao_cli_session_close(struct ao_cli_session *s);

/* Prints "agent-onboard: MESSAGE" for a failed call (the platform's advice
 * when there is one) and returns the exit code for it. */
int ao_cli_report_failure(const struct ao_api_result *res, const char *doing);

/* "inventory-source" / "partner-agent" -> AO_KIND_*, also the aliases the
 * answers accept ("source", "agent"); AO_KIND_NONE if unknown. */
enum ao_kind ao_cli_parse_kind(const char *s);

/* On out (stderr): the authorization URL of a pending OAuth registration,
 * in full on a line of its own so it can be copied or handed on by a
 * script, and the platform's oauthError if any.  Prints nothing else. */
void ao_cli_print_oauth(FILE *out, const struct ao_resource *r);

/* Human view of one registration, aligned "Label:  value" lines. */
void ao_cli_print_resource(FILE *out, const struct ao_resource *r);
/* One line for stderr on what happens next for r, given how it was
 * left (e.g. "Partner agents stay PENDING until activated: ..."). */
void ao_cli_print_next_step(FILE *out, const struct ao_resource *r);
/* The exit code a registration's state means: ACTIVE 0, PENDING or
 * COMING_SOON AO_EXIT_PENDING, DISABLED AO_EXIT_DISABLED, else FAILURE. */
int ao_cli_state_exit(const struct ao_resource *r);

/* The resource as JSON for --json: the platform's object as received
 * (unwrapped from {"data"}; every field, unknown ones included; sources
 * carry "sourceId", agents "agentId").  Newly created; cJSON_Delete it. */
cJSON *ao_cli_resource_json(const struct ao_resource *r);
/* Prints json (pretty) and a newline on out, through ao_display_json. */
void ao_cli_print_json(FILE *out, const cJSON *json);
/* The same for JSON already printed by cJSON. */
void ao_cli_print_json_text(FILE *out, const char *text);

/* Whether a progress line may be redrawn in place on stderr (\r, ESC [K):
 * stderr is a terminal and TERM is set and not "dumb". */
int ao_cli_stderr_redraws(void);

/* Parses a timeout in seconds ("90", "1.5", "0" = no limit); -1 if bad. */
double ao_cli_parse_seconds(const char *s);

#endif
