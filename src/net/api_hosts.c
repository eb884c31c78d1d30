/* SPDX-License-Identifier: MIT */
/* Which host answers which API.  The documentation puts the partner API
 * (/api/v2/partner/...) only under https://api.agentic.scope3.com and the
 * storefront API (and /api/v2/accounts, /health) under
 * https://api.interchange.io, so each has its own base URL, each
 * overridable by flag and environment.  One exception keeps a single
 * --api-url enough for the simulator: an API URL given for a loopback host
 * (a local simulator serves both APIs) is also the partner base, unless a
 * partner URL is given too. */
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/url.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"

static int
is_loopback_url(const char *url)
{
	struct ao_url u;
	char msg[64];

	return url != NULL && ao_url_parse(url, &u, msg, sizeof(msg)) == 0 && ao_url_host_is_loopback(u.host);
}

const char *ao_api_pick_partner_url(const char *flag_url, int staging, const char *api_url,
                                    int api_url_explicit)
{
	const char *env = getenv(AO_PARTNER_API_URL_ENV);

	if (flag_url && *flag_url)
		return flag_url;
	if (env && *env)
		return env;
	if (api_url_explicit && is_loopback_url(api_url))
		return api_url;
	return staging ? AO_PARTNER_API_STAGING_URL : AO_PARTNER_API_PRODUCTION_URL;
}

char *ao_api_partner_base(const char *url)
{
	static const char suffix[] = "/api/v2/partner";
	char *base = xstrdup(url);
	size_t n = strlen(base), k = sizeof(suffix) - 1;

	while (n > 0 && base[n - 1] == '/')
		base[--n] = '\0';
	/* the docs write the base with the API's prefix; our paths carry it */
	if (n >= k && strcmp(base + n - k, suffix) == 0)
		base[n - k] = '\0';
	return base;
}

int ao_api_is_partner_path(const char *path)
{
	return path != NULL && strncmp(path, "/api/v2/partner/", 16) == 0;
}
