/* SPDX-License-Identifier: MIT */
/* Base64; see base64.h. */
#include <ctype.h>
#include <string.h>

#include "agent-onboard/core/base64.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/xalloc.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
ao_base64_append(struct ao_buf *b, const void *in, size_t len)
{
	const unsigned char *s = in;
	size_t i;
	unsigned v;
	char out[4];

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		out[0] = alphabet[v >> 18 & 63];
		out[1] = alphabet[v >> 12 & 63];
		out[2] = alphabet[v >> 6 & 63];
		out[3] = alphabet[v & 63];
		ao_buf_append(b, out, 4);
	}
	if (i < len) {
		v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0);
		out[0] = alphabet[v >> 18 & 63];
		out[1] = alphabet[v >> 12 & 63];
		out[2] = i + 1 < len ? alphabet[v >> 6 & 63] : '=';
		out[3] = '=';
		ao_buf_append(b, out, 4);
	}
}

char *
ao_base64_encode(const void *in, size_t len)
{
	struct ao_buf b;

	ao_buf_init(&b, 0);
	b.secret = 1;   /* what is encoded is often a credential */
	ao_base64_append(&b, in, len);
	return ao_buf_steal(&b);
}

static int
value_of(int c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

long
ao_base64_decode(const char *s, size_t len, unsigned char *out, size_t outsz)
{
	unsigned acc = 0;
	int bits = 0, pad = 0;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i], v;

		if (isspace(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0)
			return -1;   /* data after padding */
		v = value_of(c);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < outsz)
				out[n] = (unsigned char)(acc >> bits);
			n++;
		}
	}
	if (pad > 2 || bits >= 6)
		return -1;
	return (long)n;
}
