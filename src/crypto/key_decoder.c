/* SPDX-License-Identifier: MIT */
/* OpenSSL turns one PEM block into the facts core/jwt_key.c judges.  The
 * framing (one block, nothing around it) and the label (public key,
 * encrypted, OpenSSH ...) were checked by the core before this is called;
 * what is left is what only a real decoder can tell: whether the key parses
 * at all, and its type, size and curve. */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "agent-onboard/crypto/key_decoder.h"

/* An encrypted key must never make OpenSSL ask on the terminal: the core
 * refuses encrypted armour first, and this refuses whatever slips past. */
static int
refuse_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static void
copy_name(char *dst, size_t dstsz, const char *src)
{
	size_t i;

	/* the name is shown in a message: printable ASCII only */
	for (i = 0; src != NULL && src[i] != '\0' && i + 1 < dstsz; i++)
		dst[i] = (src[i] > 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

int
ao_crypto_decode_key(const char *block, size_t len, struct ao_key_facts *facts)
{
	BIO *bio;
	EVP_PKEY *pkey = NULL;
	int rc = -1;

	memset(facts, 0, sizeof(*facts));
	facts->type = AO_KEY_UNDECODABLE;
	if (len > INT_MAX)
		return -1;
	/* a read-only view of the caller's (wiped) buffer: no copy of the key */
	bio = BIO_new_mem_buf(block, (int)len);
	if (bio == NULL)
		goto out;
	pkey = PEM_read_bio_PrivateKey(bio, NULL, refuse_passphrase, NULL);
	if (pkey == NULL)
		goto out;
	switch (EVP_PKEY_get_base_id(pkey)) {
	case EVP_PKEY_RSA:
		facts->type = AO_KEY_RSA;
		break;
	case EVP_PKEY_RSA_PSS:
		facts->type = AO_KEY_RSA_PSS;
		break;
	case EVP_PKEY_EC: {
		char group[64];
		size_t glen = 0;

		facts->type = AO_KEY_EC;
		/* a key with explicit parameters has no group name: curve stays "" */
		if (EVP_PKEY_get_group_name(pkey, group, sizeof(group), &glen) == 1)
			copy_name(facts->curve, sizeof(facts->curve), group);
		break;
	}
	case EVP_PKEY_ED25519:
		facts->type = AO_KEY_ED25519;
		break;
	case EVP_PKEY_ED448:
		facts->type = AO_KEY_ED448;
		break;
	case EVP_PKEY_DSA:
		facts->type = AO_KEY_DSA;
		break;
	default:
		facts->type = AO_KEY_OTHER;
		copy_name(facts->name, sizeof(facts->name), EVP_PKEY_get0_type_name(pkey));
		break;
	}
	facts->bits = EVP_PKEY_get_bits(pkey);
	rc = 0;
out:
	EVP_PKEY_free(pkey);   /* OpenSSL clears private key material on free */
	BIO_free(bio);
	/* nothing of OpenSSL's error text is shown, and none is left queued
	 * for libcurl to misreport as its own later */
	ERR_clear_error();
	return rc;
}

void
ao_crypto_install_key_decoder(void)
{
	ao_jwt_key_set_decoder(ao_crypto_decode_key);
}
