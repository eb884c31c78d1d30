/* SPDX-License-Identifier: MIT */
/* Base64 (RFC 4648, standard alphabet, padded): Basic authentication, OSC
 * 52 clipboard writes, the simulator's expected credentials, PEM bodies.
 * One implementation for all of them. */
#ifndef AO_CORE_BASE64_H
#define AO_CORE_BASE64_H

#include <stddef.h>

struct ao_buf;

/* Appends the encoding of len bytes at in to b. */
void ao_base64_append(struct ao_buf *b, const void *in, size_t len);
/* The encoding of len bytes at in, newly allocated; a secret input gives a
 * secret output: free it with ao_secret_free. */
char *ao_base64_encode(const void *in, size_t len);
/* Decodes base64 text (whitespace ignored, padding optional) into out (at
 * most outsz bytes stored); returns the decoded length, or -1 when the text
 * is not base64 (a foreign character, data after padding). */
long ao_base64_decode(const char *s, size_t len, unsigned char *out, size_t outsz);

#endif
