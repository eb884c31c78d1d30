/* SPDX-License-Identifier: MIT */
/* Numbers from response headers: the one place where Retry-After and
 * RateLimit-* are read and clamped.  A server decides how long we wait; a
 * hostile or broken one must not be able to make that an hour, forever
 * ("inf", "1e999"), negative, or undefined behaviour (a year of
 * -2147483648 overflowing a struct tm). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent-onboard/core/poll.h"

void
ao_rate_info_init(struct ao_rate_info *ri)
{
	ri->retry_after = -1;
	ri->retry_after_asked = -1;
	ri->remaining = -1;
	ri->reset = -1;
	ri->limit = -1;
}

/* Non-negative decimal seconds, digits only ("120", "1.5"), saturating at
 * AO_SERVER_ASKED_MAX; -1 for anything else.  strtod is not used: it takes
 * "inf", "nan", hex and exponents. */
static double
parse_delta(const char *s)
{
	double v = 0, scale = 0.1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if (v <= AO_SERVER_ASKED_MAX)
			v = v * 10 + (*p - '0');
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			v += (*p - '0') * scale;
	}
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '\0')
		return -1;
	return v > AO_SERVER_ASKED_MAX ? AO_SERVER_ASKED_MAX : v;
}

/* An IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT") to epoch seconds, or -1.
 * Every field is range-checked before it reaches struct tm. */
static double
parse_http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int day, year, hh, mm, ss;
	const char *m;
	struct tm tm;

	if (sscanf(s, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &day, mon, &year, &hh, &mm, &ss) != 6)
		return -1;
	if (day < 1 || day > 31 || year < 1970 || year > 9999 || hh < 0 || hh > 23 || mm < 0 ||
	    mm > 59 || ss < 0 || ss > 60)
		return -1;
	mon[3] = '\0';
	m = strstr(months, mon);
	if (m == NULL || strlen(mon) != 3 || (m - months) % 3 != 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = day;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year = year - 1900;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return (double)timegm(&tm);
}

double
ao_header_seconds(const char *value, double now_epoch)
{
	double d = parse_delta(value);

	if (d >= 0)
		return d;
	if (now_epoch <= 0)
		return -1;
	d = parse_http_date(value);
	if (d < 0)
		return -1;
	d = d > now_epoch ? d - now_epoch : 0;
	return d > AO_SERVER_ASKED_MAX ? AO_SERVER_ASKED_MAX : d;
}

static double
clamp_wait(double d)
{
	return d > AO_SERVER_WAIT_MAX ? AO_SERVER_WAIT_MAX : d;
}

/* A non-negative count, saturating instead of overflowing; -1 if none. */
static long
parse_count(const char *s)
{
	long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if (n < 1000000000L)
			n = n * 10 + (*s - '0');
	return n;
}

/* The combined header of the IETF draft the platform's docs name (draft-7
 * style, as express-rate-limit sends it): "limit=100, remaining=50,
 * reset=30"; also the later drafts' "\"default\";r=50;t=30".  Unknown
 * parameters (a policy name, w=) are skipped. */
static void
rate_combined(struct ao_rate_info *ri, const char *v)
{
	const char *p = v;

	while (*p != '\0') {
		const char *key, *eq;
		size_t klen;
		char *end;
		double d;

		while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';')
			p++;
		key = p;
		while (*p != '\0' && *p != '=' && *p != ',' && *p != ';')
			p++;
		if (*p != '=')
			continue;
		eq = p;
		klen = (size_t)(eq - key);
		while (klen > 0 && (key[klen - 1] == ' ' || key[klen - 1] == '\t'))
			klen--;
		d = strtod(eq + 1, &end);
		p = end != eq + 1 ? end : eq + 1;
		/* written so that NaN fails too; inf and 1e999 are > 1e9 */
		if (end == eq + 1 || !(d >= 0 && d <= 1e9))
			continue;
#define KEY(name) (klen == strlen(name) && strncasecmp(key, name, klen) == 0)
		if (KEY("remaining") || KEY("r"))
			ri->remaining = (long)d;
		else if (KEY("reset") || KEY("t"))
			ri->reset = clamp_wait(d);
		else if (KEY("limit") || KEY("l"))
			ri->limit = (long)d;
#undef KEY
	}
}

int
ao_rate_info_header(struct ao_rate_info *ri, const char *line, double now_epoch)
{
	const char *colon = strchr(line, ':'), *v;
	size_t namelen;
	double d;
	long n;

	if (colon == NULL)
		return 0;
	namelen = (size_t)(colon - line);
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
#define IS(name) (namelen == strlen(name) && strncasecmp(line, name, namelen) == 0)
	if (IS("Retry-After")) {
		d = ao_header_seconds(v, now_epoch);
		if (d >= 0) {
			ri->retry_after_asked = d;
			ri->retry_after = clamp_wait(d);
		}
		return 1;
	}
	if (IS("RateLimit-Remaining") || IS("X-RateLimit-Remaining")) {
		if ((n = parse_count(v)) >= 0)
			ri->remaining = n;
		return 1;
	}
	if (IS("RateLimit-Reset") || IS("X-RateLimit-Reset")) {
		d = parse_delta(v);
		/* a value larger than a day is an epoch timestamp (X- variants) */
		if (d >= AO_SERVER_ASKED_MAX && now_epoch > 0) {
			double at = 0;
			const char *p;

			for (p = v; *p >= '0' && *p <= '9' && at < 1e12; p++)
				at = at * 10 + (*p - '0');
			d = at > now_epoch ? at - now_epoch : 0;
		}
		if (d >= 0)
			ri->reset = clamp_wait(d);
		return 1;
	}
	if (IS("RateLimit-Limit") || IS("X-RateLimit-Limit")) {
		if ((n = parse_count(v)) >= 0)
			ri->limit = n;
		return 1;
	}
	if (IS("RateLimit")) {
		rate_combined(ri, v);
		return 1;
	}
#undef IS
	return 0;
}

double
ao_rate_info_wait(const struct ao_rate_info *ri)
{
	double d = 0;

	if (ri == NULL)
		return 0;
	if (ri->retry_after > d)
		d = ri->retry_after;
	if (ri->remaining == 0 && ri->reset > d)
		d = ri->reset;
	return clamp_wait(d);
}
