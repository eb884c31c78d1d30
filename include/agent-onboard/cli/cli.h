/* SPDX-License-Identifier: MIT */
/* Command-line layer: main() parses the global options (anywhere on the
 * command line), resolves them, and calls one function per subcommand.
 * Each subcommand lives in its own file src/cli/cmd_<name>.c and returns
 * the process exit code (enum ao_exit). */
#ifndef AO_CLI_CLI_H
#define AO_CLI_CLI_H

struct ao_log;

struct ao_global {
	const char *api_url;   /* resolved: --api-url, $SCOPE3_API_URL, --staging, default */
	const char *partner_api_url; /* the partner API's base (net/api_hosts.c) */
	const char *ca_file;   /* --ca-file (libcurl ignores SSL_CERT_FILE) or NULL */
	const char *log_path;  /* --log FILE: redacted trace, or NULL */
	struct ao_log *log;    /* that file, opened by main (NULL without --log) */
	int staging;           /* --staging was given */
	int plain;             /* --plain, TERM=dumb or ACCESSIBLE=1 */
	int no_color;          /* NO_COLOR set (any value) */
	int demo;              /* --demo: a simulator runs in this process */
	const char *demo_key;  /* the simulator's key when demo is set */
};

/* argv[0] is the subcommand name; global options are already removed. */
typedef int (*ao_command_fn)(const struct ao_global *g, int argc, char **argv);

int ao_cmd_wizard(const struct ao_global *g, int argc, char **argv);
int ao_cmd_create(const struct ao_global *g, int argc, char **argv);
int ao_cmd_status(const struct ao_global *g, int argc, char **argv);
int ao_cmd_list(const struct ao_global *g, int argc, char **argv);
int ao_cmd_probe(const struct ao_global *g, int argc, char **argv);
int ao_cmd_login(const struct ao_global *g, int argc, char **argv);
int ao_cmd_logout(const struct ao_global *g, int argc, char **argv);
int ao_cmd_doctor(const struct ao_global *g, int argc, char **argv);
int ao_cmd_sandbox(const struct ao_global *g, int argc, char **argv);

#endif
