/* SPDX-License-Identifier: MIT */
/* The one table of outcomes: message and exit code side by side, so the
 * two can never drift apart. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "agent-onboard/core/status.h"

static const struct {
	const char *message;
	enum ao_exit exit_code;
} status_table[AO_STATUS_COUNT] = {
	[AO_OK]               = { "done", AO_EXIT_OK },
	[AO_ERR_USAGE]        = { "invalid command line", AO_EXIT_USAGE },
	[AO_ERR_INVALID]      = { "the answers are not valid", AO_EXIT_INVALID },
	[AO_ERR_IO]           = { "a file could not be read or written", AO_EXIT_FAILURE },
	[AO_ERR_PARSE]        = { "the server's response could not be understood", AO_EXIT_NETWORK },
	[AO_ERR_NETWORK]      = { "the server could not be reached", AO_EXIT_NETWORK },
	[AO_ERR_TLS]          = { "the server's TLS certificate could not be verified", AO_EXIT_NETWORK },
	[AO_ERR_TIMEOUT]      = { "the server did not answer in time", AO_EXIT_NETWORK },
	[AO_ERR_CANCELLED]    = { "cancelled", AO_EXIT_INTERRUPTED },
	[AO_ERR_TOO_LARGE]    = { "the server's response was too large", AO_EXIT_NETWORK },
	[AO_ERR_HTTP_CLIENT]  = { "the platform rejected the request", AO_EXIT_REJECTED },
	[AO_ERR_UNAUTHORIZED] = { "the platform API key is missing or invalid", AO_EXIT_AUTH },
	[AO_ERR_FORBIDDEN]    = { "the platform API key may not do this", AO_EXIT_AUTH },
	[AO_ERR_TOS]          = { "the organisation has not accepted the Platform Service Agreement", AO_EXIT_TOS },
	[AO_ERR_NOT_FOUND]    = { "not found", AO_EXIT_REJECTED },
	[AO_ERR_CONFLICT]     = { "it is already registered", AO_EXIT_REJECTED },
	[AO_ERR_RATE_LIMITED] = { "too many requests; the platform asked us to slow down", AO_EXIT_NETWORK },
	[AO_ERR_SERVER]       = { "the platform had an internal problem", AO_EXIT_NETWORK },
	[AO_ERR_KEYRING]      = { "the keyring could not be used", AO_EXIT_KEYRING },
	[AO_ERR_INTERRUPTED]  = { "interrupted", AO_EXIT_INTERRUPTED },
	[AO_ERR_PENDING]      = { "the registration is still PENDING", AO_EXIT_PENDING },
	[AO_ERR_DISABLED]     = { "the registration is DISABLED", AO_EXIT_DISABLED },
};

const char *
ao_status_message(enum ao_status st)
{
	if ((unsigned)st >= AO_STATUS_COUNT)
		return "unknown error";
	return status_table[st].message;
}

enum ao_exit
ao_status_exit(enum ao_status st)
{
	if ((unsigned)st >= AO_STATUS_COUNT)
		return AO_EXIT_FAILURE;
	return status_table[st].exit_code;
}

enum ao_status
ao_status_from_http(long http_status)
{
	if (http_status >= 200 && http_status < 300)
		return AO_OK;
	switch (http_status) {
	case 401: return AO_ERR_UNAUTHORIZED;
	case 403: return AO_ERR_FORBIDDEN;
	case 404: return AO_ERR_NOT_FOUND;
	case 409: return AO_ERR_CONFLICT;
	case 429: return AO_ERR_RATE_LIMITED;
	default: break;
	}
	if (http_status >= 500)
		return AO_ERR_SERVER;
	if (http_status >= 400)
		return AO_ERR_HTTP_CLIENT;
	return AO_ERR_PARSE;   /* 1xx/3xx where a final answer was expected */
}

enum ao_status
ao_status_from_api_error(long http_status, const char *error_code)
{
	/* reads still work without the agreement; writes are refused until an
	 * admin accepts it -- a new key would not help (reference §1.2) */
	if (http_status == 403 && error_code != NULL && strcmp(error_code, "TOS_ACCEPTANCE_REQUIRED") == 0)
		return AO_ERR_TOS;
	return ao_status_from_http(http_status);
}

int
ao_fail_msg(char *msg, size_t msgsz, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && msgsz > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msgsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}
