/* SPDX-License-Identifier: MIT */
/* Small helpers the simulator's files share: clocks, ids, JSON access and
 * the request log. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "agent-onboard/core/display.h"
#include "agent-onboard/core/xalloc.h"
#include "sandbox_internal.h"

int64_t
sb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *
sb_timestamp(void)
{
	struct timespec ts;
	struct tm tm;
	char day[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s.%03ldZ", day, ts.tv_nsec / 1000000);
}

void
sb_random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];
	size_t i, got = 0;

	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	while (got < nbytes) {
		ssize_t n = getrandom(raw + got, nbytes - got, 0);

		if (n <= 0) {
			/* getrandom cannot really fail here; ids need not be secret
			 * if it does, only distinct */
			for (; got < nbytes; got++)
				raw[got] = (unsigned char)rand();
			break;
		}
		got += (size_t)n;
	}
	for (i = 0; i < nbytes; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	out[2 * nbytes] = '\0';
}

char *
sb_make_agent_id(const char *name)
{
	char slug[25], hex[9];
	size_t n = 0;

	/* the platform's ids look like "premiumvideo_a1b2c3d4" */
	for (; name != NULL && *name != '\0' && n < sizeof(slug) - 1; name++)
		if (isalnum((unsigned char)*name))
			slug[n++] = (char)tolower((unsigned char)*name);
	slug[n] = '\0';
	sb_random_hex(hex, 4);
	return xasprintf("%s_%s", n > 0 ? slug : "agent", hex);
}

static void
wipe_strings(cJSON *json)
{
	cJSON *c;

	for (c = json; c != NULL; c = c->next) {
		if (c->valuestring != NULL)
			ao_wipe(c->valuestring, strlen(c->valuestring));
		if (c->child != NULL)
			wipe_strings(c->child);
	}
}

void
sb_json_wipe_delete(cJSON *json)
{
	if (json == NULL)
		return;
	if (json->valuestring != NULL)
		ao_wipe(json->valuestring, strlen(json->valuestring));
	wipe_strings(json->child);
	cJSON_Delete(json);
}

const char *
sb_json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void
sb_json_set(cJSON *obj, const char *key, cJSON *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
	else
		cJSON_AddItemToObject(obj, key, value);
}

void
sb_json_set_str(cJSON *obj, const char *key, const char *value)
{
	sb_json_set(obj, key, value != NULL ? cJSON_CreateString(value) : cJSON_CreateNull());
}

void
sb_log(struct ao_sandbox *s, const char *fmt, ...)
{
	va_list ap;
	char raw[1024], line[1024];

	if (s->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* paths, names and ids come from clients: never raw to a terminal */
	ao_copy_display(line, sizeof(line), raw, strlen(raw));
	/* one fputs per line so lines from different threads do not mix */
	flockfile(s->log);
	fputs("sandbox: ", s->log);
	fputs(line, s->log);
	fputc('\n', s->log);
	fflush(s->log);
	funlockfile(s->log);
}

void
sb_json_touch(cJSON *obj)
{
	char *now = sb_timestamp();

	sb_json_set_str(obj, "updatedAt", now);
	free(now);
}
