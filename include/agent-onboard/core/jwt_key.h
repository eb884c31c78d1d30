/* SPDX-License-Identifier: MIT */
/* The JWT private key: is the file a key the platform can sign with, and
 * with which algorithm?  Split in two so the rules stay testable without a
 * crypto library:
 *   - here (pure): the PEM framing (exactly one block, nothing around it),
 *     what the block's label says (public key, certificate, encrypted,
 *     OpenSSH ...), and the policy from the key's facts to an algorithm
 *     (RSA of 2048 bits or more signs RS256, EC P-256 signs ES256,
 *     everything else is refused with the fix);
 *   - a decoder (src/crypto/key_decoder.c, OpenSSL) installed at start,
 *     that turns one unencrypted PEM block into those facts.
 * The platform accepts only ES256 and RS256 (reference/scope3-api.md §6). */
#ifndef AO_CORE_JWT_KEY_H
#define AO_CORE_JWT_KEY_H

#include <stddef.h>

#include "agent-onboard/core/model.h"

struct ao_buf;

enum ao_key_type {
	AO_KEY_UNDECODABLE = 0,   /* the decoder could not read it as a private key */
	AO_KEY_RSA,
	AO_KEY_RSA_PSS,
	AO_KEY_EC,
	AO_KEY_ED25519,
	AO_KEY_ED448,
	AO_KEY_DSA,
	AO_KEY_OTHER,
};

/* What a decoder found in one PEM block. */
struct ao_key_facts {
	enum ao_key_type type;
	int bits;            /* RSA modulus size, EC field size */
	char curve[32];      /* EC: the named curve ("prime256v1"), "" when explicit */
	char name[32];       /* AO_KEY_OTHER: the algorithm's name, for the message */
};

/* Decodes one PEM block (len bytes, the -----BEGIN to -----END lines) as
 * an unencrypted private key.  Must never prompt for a passphrase, print,
 * or keep a copy of the key.  Returns 0 with the facts, or -1 when it is
 * not a private key it can read (facts->type is then AO_KEY_UNDECODABLE). */
typedef int (*ao_key_decoder)(const char *block, size_t len, struct ao_key_facts *facts);

/* Installs the decoder used by every check below (NULL removes it; with
 * none installed, every key is refused as "cannot be checked"). */
void ao_jwt_key_set_decoder(ao_key_decoder decoder);

struct ao_key_verdict {
	const char *algorithm;   /* "RS256" or "ES256" when the key is usable, else NULL */
	char message[256];       /* when it is not: what is wrong and the fix */
};

/* The policy alone: which algorithm these facts sign, or why none. */
int ao_jwt_key_policy(const struct ao_key_facts *facts, struct ao_key_verdict *v);

/* Checks len bytes of a key file: the framing, the label, then the
 * decoder's facts through the policy.  Returns 0 (v->algorithm set) or -1
 * (v->message set).  Nothing of the key is copied into the message. */
int ao_jwt_key_check(const char *text, size_t len, struct ao_key_verdict *v);

/* A key path as typed: "~/x" is $HOME/x (home is passed in so this stays
 * testable); "~" alone and "~user/x" are refused with a message.  Returns
 * a new string, or NULL with msg. */
char *ao_jwt_key_path(const char *path, const char *home, char *msg, size_t msgsz);

/* Reads the key file named by path (after ao_jwt_key_path with $HOME) into
 * b, which should have b->secret set.  Returns 0, or -1 with a message that
 * names the file and the reason. */
int ao_jwt_key_read(const char *path, struct ao_buf *b, char *msg, size_t msgsz);

/* ao_jwt_key_read then ao_jwt_key_check.  v->message names the file only
 * when it cannot be read: each front end shows a verdict next to the path
 * it concerns, and the wizard has two rows for it.  The last verdict is
 * kept while the file is unchanged (same inode, size, mtime and ctime), so
 * checking on every redraw costs a stat, not a decode; one caller thread
 * only (the simulator's thread uses ao_jwt_key_check). */
int ao_jwt_key_check_file(const char *path, struct ao_key_verdict *v);

/* With JWT chosen and a usable key file, sets the algorithm to the one the
 * key signs (a key signs exactly one of the two, so any other choice would
 * be refused).  The wizard calls it when the key file changes, so the
 * algorithm follows the key; `create` passes only_if_unset, so an explicit
 * --algorithm that does not fit is reported rather than overridden.
 * Returns 1 when the answer changed, else 0. */
int ao_jwt_key_preselect(struct ao_answers *a, int only_if_unset);

#endif
