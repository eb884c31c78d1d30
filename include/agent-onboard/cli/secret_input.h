/* SPDX-License-Identifier: MIT */
/* Secrets for commands that run without a terminal (create, probe, login):
 * the one place that reads --secret-file FILE, --secret-file - (stdin) and
 * --secret-fd N, falls back to an environment variable, and refuses a
 * secret given as a command-line value (it would show in `ps` and in shell
 * history; ux-anchors §2 pain point 7).
 *
 * Typical use in a subcommand's option loop:
 *
 *     struct ao_secret_input in;
 *     ao_secret_input_init(&in);
 *     ...
 *     rc = ao_secret_input_option(&in, argc, argv, &i, msg, sizeof(msg));
 *     if (rc < 0) usage error (msg); if (rc > 0) continue;
 *     ...
 *     if (ao_secret_input_read(&in, "AO_AGENT_TOKEN", &token, from, sizeof(from),
 *                              msg, sizeof(msg)) != 0) error (msg);
 *     ... use token (may be NULL: nothing was given) ...
 *     ao_secret_free(token);
 */
#ifndef AO_CLI_SECRET_INPUT_H
#define AO_CLI_SECRET_INPUT_H

#include <stddef.h>

struct ao_secret_input {
	const char *file;   /* --secret-file value ("-" = stdin), or NULL */
	int fd;             /* --secret-fd value, or -1 */
	int uses_stdin;     /* --secret-file - or --secret-fd 0 */
};

void ao_secret_input_init(struct ao_secret_input *in);

/* If argv[*i] is --secret-file or --secret-fd (with "=VALUE" or the value
 * in the next argument), records it, advances *i past a separate value and
 * returns 1.  Returns 0 when argv[*i] is something else, -1 with a sentence
 * in msg for a missing or bad value or a second secret source. */
int ao_secret_input_option(struct ao_secret_input *in, int argc, char **argv, int *i,
                           char *msg, size_t msgsz);

/* Whether --secret-file or --secret-fd was given. */
int ao_secret_input_given(const struct ao_secret_input *in);

/* Reads the secret: from the file or descriptor when one was given (with
 * ui/prompt.h's readers, so login, probe and create agree: the first line,
 * its "\n" or "\r\n" removed), else from the environment variable
 * env_name (may be NULL; an empty variable counts as unset; one trailing
 * newline removed, more lines refused).  Stdin or a descriptor that is a
 * terminal is refused (it would echo what is typed: use the wizard or
 * login's hidden prompt).  A file readable by group or others is read,
 * with a warning on stderr.
 *
 * On success returns 0 with *out the secret (release with ao_secret_free)
 * or NULL when nothing was given, and from (if not NULL) describing where
 * it came from ("--secret-file token.txt", "stdin", "descriptor 3",
 * "AO_AGENT_TOKEN").  Returns -1 with a sentence in msg otherwise. */
int ao_secret_input_read(const struct ao_secret_input *in, const char *env_name, char **out,
                         char *from, size_t fromsz, char *msg, size_t msgsz);

/* The sentence refusing a secret given as a command-line value, e.g. for
 * flag "token" and env_name "AO_AGENT_TOKEN":
 *   "--token: secrets given on the command line show up in ps and shell
 *    history; use --secret-file FILE, --secret-fd N, --secret-file - (stdin)
 *    or AO_AGENT_TOKEN" */
void ao_secret_input_refusal(const char *flag, const char *env_name, char *msg, size_t msgsz);

#endif
