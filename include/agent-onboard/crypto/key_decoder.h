/* SPDX-License-Identifier: MIT */
/* The JWT key decoder on OpenSSL (libcrypto, which libcurl already maps):
 * the adapter behind core/jwt_key.h's ao_key_decoder. */
#ifndef AO_CRYPTO_KEY_DECODER_H
#define AO_CRYPTO_KEY_DECODER_H

#include <stddef.h>

#include "agent-onboard/core/jwt_key.h"

/* Decodes one unencrypted PEM private key block into its facts (type,
 * bits, curve).  Never prompts for a passphrase, never prints OpenSSL's
 * error text, and leaves OpenSSL's error queue empty. */
int ao_crypto_decode_key(const char *block, size_t len, struct ao_key_facts *facts);

/* Installs ao_crypto_decode_key as the core's decoder (idempotent). */
void ao_crypto_install_key_decoder(void);

#endif
