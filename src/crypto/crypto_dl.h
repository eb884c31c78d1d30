/* SPDX-License-Identifier: MIT */
/* libcrypto loaded when a JWT key is first checked, not at program
 * start-up (like libcurl, net/curl_dl.c, which maps it too, on the first
 * request): linked, it costs every run about 5 ms of CPU before main(), and
 * the wizard's first frame needs none of it.  Include after the OpenSSL
 * headers; the names below then mean the loaded functions (typed from
 * those headers with __typeof__). */
#ifndef AO_CRYPTO_CRYPTO_DL_H
#define AO_CRYPTO_CRYPTO_DL_H

#include <stddef.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#define AO_CRYPTO_SYMBOLS(X) \
	X(BIO_free) X(BIO_new_mem_buf) X(ERR_clear_error) X(EVP_PKEY_free) X(EVP_PKEY_get0_type_name) \
	X(EVP_PKEY_get_base_id) X(EVP_PKEY_get_bits) X(EVP_PKEY_get_group_name) X(PEM_read_bio_PrivateKey)

struct ao_crypto {
#define AO_CRYPTO_MEMBER(name) __typeof__(name) *name;
	AO_CRYPTO_SYMBOLS(AO_CRYPTO_MEMBER)
#undef AO_CRYPTO_MEMBER
};

extern struct ao_crypto ao_crypto;

/* Loads the library once (thread-safe); 0, or -1 with a sentence in msg. */
int ao_crypto_load(char *msg, size_t msgsz);

#ifndef AO_CRYPTO_DL_LOADER
#define BIO_free (ao_crypto.BIO_free)
#define BIO_new_mem_buf (ao_crypto.BIO_new_mem_buf)
#define ERR_clear_error (ao_crypto.ERR_clear_error)
#define EVP_PKEY_free (ao_crypto.EVP_PKEY_free)
#define EVP_PKEY_get0_type_name (ao_crypto.EVP_PKEY_get0_type_name)
#define EVP_PKEY_get_base_id (ao_crypto.EVP_PKEY_get_base_id)
#define EVP_PKEY_get_bits (ao_crypto.EVP_PKEY_get_bits)
#define EVP_PKEY_get_group_name (ao_crypto.EVP_PKEY_get_group_name)
#define PEM_read_bio_PrivateKey (ao_crypto.PEM_read_bio_PrivateKey)
#endif

#endif
