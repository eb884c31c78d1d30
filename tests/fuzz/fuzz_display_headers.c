/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the display sanitiser (core/display.c) and the header
 * number parsers (core/header_numbers.c), the two boundaries every server
 * byte crosses before it reaches a terminal or a clock.  Checked here, not
 * only "no crash": the sanitised text holds no control character, C1 or
 * bidirectional control and is valid UTF-8; a header never yields a wait
 * that is negative, not finite or longer than the documented maximum. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/poll.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_safe(const char *s, size_t len, int newline_ok)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = ao_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			abort();   /* invalid UTF-8 out */
		if ((cp < 0x20 && !(newline_ok && cp == '\n')) || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			abort();   /* a control reached the terminal */
		i += n;
	}
}

static void
check_wait(double d, double max)
{
	if (d == -1)
		return;   /* header ignored */
	if (!(d >= 0 && d <= max))
		abort();   /* also catches NaN */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct ao_buf b;
	struct ao_rate_info ri;
	char fixed[64], *dup, *line, *json, why[160];
	static const char *const names[] = { "Retry-After: ", "RateLimit-Reset: ", "RateLimit: ",
	                                     "X-RateLimit-Reset: ", "RateLimit-Remaining: " };
	size_t i;

	ao_buf_init(&b, 0);
	ao_display_append(&b, in, size, 0);
	check_safe(b.data != NULL ? b.data : "", b.len, 0);
	ao_buf_free(&b);
	ao_buf_init(&b, 0);
	ao_display_append(&b, in, size, AO_DISPLAY_KEEP_NEWLINE);
	check_safe(b.data != NULL ? b.data : "", b.len, 1);
	ao_buf_free(&b);
	ao_copy_display(fixed, sizeof(fixed), in, size);
	check_safe(fixed, strlen(fixed), 0);

	line = malloc(size + 32);
	memcpy(line, in, size);
	line[size] = '\0';
	dup = ao_display_dup(line);
	check_safe(dup, strlen(dup), 0);
	free(dup);
	json = ao_display_json(line);
	for (i = 0; json[i] != '\0'; i++)
		if ((unsigned char)json[i] >= 0x80 && (unsigned char)json[i] <= 0x9f &&
		    (i == 0 || (unsigned char)json[i - 1] == 0xc2))
			abort();   /* a C1 control left in JSON text */
	free(json);
	(void)ao_oauth_url_acceptable(line, why, sizeof(why));
	(void)ao_url_host_is_loopback(line);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t nl = strlen(names[i]);

		memmove(line + nl, in, size);
		memcpy(line, names[i], nl);
		line[nl + size] = '\0';
		ao_rate_info_init(&ri);
		ao_rate_info_header(&ri, line, 1445412470.0);
		check_wait(ri.retry_after, AO_SERVER_WAIT_MAX);
		check_wait(ri.retry_after_asked, AO_SERVER_ASKED_MAX);
		check_wait(ri.reset, AO_SERVER_WAIT_MAX);
		check_wait(ao_rate_info_wait(&ri), AO_SERVER_WAIT_MAX);
		check_wait(ao_header_seconds(line + nl, 1445412470.0), AO_SERVER_ASKED_MAX);
	}
	free(line);
	return 0;
}
