/* SPDX-License-Identifier: MIT */
/* `agent-onboard --version`: the program's version and the versions of the
 * libraries it runs with, as loaded at run time (what a bug report needs).
 * libsecret and libmicrohttpd are normally loaded only when first needed;
 * --version loads them on purpose, and says why when one cannot be. */
#include <stdio.h>

#include <cJSON.h>
#include <curses.h>

#include "agent-onboard/cli/usage.h"
#include "agent-onboard/net/http.h"
#include "agent-onboard/sandbox/sandbox.h"
#include "agent-onboard/secret/store.h"

void
ao_print_version(FILE *out)
{
	char buf[512];

	fprintf(out, "agent-onboard %s\n", AO_VERSION);
	fprintf(out, "  libcurl:       %s\n", ao_http_version_info());
	fprintf(out, "  ncurses:       %s\n", curses_version());
	fprintf(out, "  cJSON:         %s\n", cJSON_Version());
	if (ao_secret_libsecret_version(buf, sizeof(buf)) == 0)
		fprintf(out, "  libsecret:     %s\n", buf);
	else
		fprintf(out, "  libsecret:     not loadable: %s\n", buf);
	if (ao_sandbox_mhd_version(buf, sizeof(buf)) == 0)
		fprintf(out, "  libmicrohttpd: %s\n", buf);
	else
		fprintf(out, "  libmicrohttpd: not loadable: %s\n", buf);
}
