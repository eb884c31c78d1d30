/* SPDX-License-Identifier: MIT */
/* The run-wide options: what main() resolved from the global options and
 * the environment, read by every layer above the core (the commands in
 * cli/, the wizard in ui/).  Its own header, below both, so that ui/ never
 * includes a header from cli/, the floor above it.  Plain data: no
 * behaviour, no includes. */
#ifndef AO_CORE_RUN_OPTIONS_H
#define AO_CORE_RUN_OPTIONS_H

struct ao_log;

struct ao_global {
	const char *api_url;   /* resolved: --api-url, --staging, $SCOPE3_API_URL, default */
	const char *partner_api_url; /* the partner API's base (net/api_hosts.c) */
	const char *ca_file;   /* --ca-file (libcurl ignores SSL_CERT_FILE) or NULL */
	const char *log_path;  /* --log FILE: redacted trace, or NULL */
	struct ao_log *log;    /* that file, opened by main (NULL without --log) */
	int staging;           /* --staging was given */
	int plain;             /* --plain, TERM=dumb or ACCESSIBLE=1 */
	int no_color;          /* NO_COLOR set (any value) */
	int demo;              /* --demo: a simulator runs in this process */
	const char *demo_key;  /* the simulator's key when demo is set */
	/* Slow start-up work that main leaves to the wizard, to run once its
	 * first frame is on screen (--demo: loading libmicrohttpd and starting
	 * the simulator's threads; its port already listens).  NULL when there
	 * is none; returns 0, or -1 with a sentence in err. */
	int (*start_later)(void *arg, char *err, size_t errsz);
	void *start_later_arg;
};

#endif
