/* SPDX-License-Identifier: MIT */
/* The JWT private key check (core/jwt_key.h): framing and policy here, the
 * decoding of the key itself behind the installed decoder. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"

/* The fix that applies to every "more than the key in the file" problem:
 * openssl pkey reads the first key and writes it alone. */
#define KEEP_ONLY_KEY "keep only the key: openssl pkey -in KEY -out KEY.pem"
#define PLATFORM_ALGS "the platform signs only RS256 (RSA, 2048 bits or more) or ES256 (EC P-256)"

static ao_key_decoder installed;

void
ao_jwt_key_set_decoder(ao_key_decoder decoder)
{
	installed = decoder;
}

static int
refuse(struct ao_key_verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
refuse(struct ao_key_verdict *v, const char *fmt, ...)
{
	va_list ap;

	v->algorithm = NULL;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
	return -1;
}

static int
accept(struct ao_key_verdict *v, const char *algorithm)
{
	v->algorithm = algorithm;
	v->message[0] = '\0';
	return 0;
}

int
ao_jwt_key_policy(const struct ao_key_facts *f, struct ao_key_verdict *v)
{
	switch (f->type) {
	case AO_KEY_RSA:
		if (f->bits < 2048)
				return refuse(v, "this RSA key has %d bits; RS256 needs 2048 or more: "
			              "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 makes one.", f->bits);
		return accept(v, "RS256");
	case AO_KEY_RSA_PSS:
		return refuse(v, "this is an RSA-PSS key; RS256 needs a plain RSA key (openssl genpkey -algorithm RSA).");
	case AO_KEY_EC:
		if (strcmp(f->curve, "prime256v1") == 0 || strcmp(f->curve, "P-256") == 0 ||
		    strcmp(f->curve, "secp256r1") == 0)
			return accept(v, "ES256");
		if (f->curve[0] == '\0')
			return refuse(v, "this EC key spells out its curve parameters; ES256 needs the named curve P-256 "
			              "(openssl pkey -in KEY -out KEY.pem -ec_param_enc named_curve).");
		return refuse(v, "this EC key is on the curve %.31s; ES256 needs P-256: "
		              "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 makes one.", f->curve);
	case AO_KEY_ED25519:
		return refuse(v, "this is an Ed25519 key; %s.", PLATFORM_ALGS);
	case AO_KEY_ED448:
		return refuse(v, "this is an Ed448 key; %s.", PLATFORM_ALGS);
	case AO_KEY_DSA:
		return refuse(v, "this is a DSA key; %s.", PLATFORM_ALGS);
	case AO_KEY_OTHER:
		return refuse(v, "this key's type is %.31s; %s.", f->name[0] ? f->name : "unknown", PLATFORM_ALGS);
	case AO_KEY_UNDECODABLE:
	default:
		return refuse(v, "the key in it cannot be read; the file may be damaged.");
	}
}

/* ---- framing ------------------------------------------------------------- */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
all_space(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!is_space(*p))
			return 0;
	return 1;
}

/* The first "-----BEGIN " that starts a line, or NULL. */
static const char *
find_begin(const char *p, const char *end)
{
	const char *start = p;

	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "-----BEGIN ", 11);

		if (hit == NULL)
			return NULL;
		if (hit == start || hit[-1] == '\n')
			return hit;
		p = hit + 1;
	}
	return NULL;
}

static int
label_is(const char *label, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(label, want, n) == 0;
}

/* A label that may be quoted in a message: it comes from the file, and a
 * message reaches a terminal. */
static int
plain_label(const char *label, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((label[i] >= 'A' && label[i] <= 'Z') || (label[i] >= 'a' && label[i] <= 'z') ||
		      (label[i] >= '0' && label[i] <= '9') || label[i] == ' ' || label[i] == '-' || label[i] == '.'))
			return 0;
	return 1;
}

static int
is_binary(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
			return 1;
	}
	return 0;
}

int
ao_jwt_key_check(const char *text, size_t len, struct ao_key_verdict *v)
{
	const char *end = text + len, *begin, *label, *label_end, *body, *close, *after;
	struct ao_key_facts facts;
	char end_marker[64];
	const char *end_shown;   /* the END line as messages may quote it */
	size_t label_len;
	int rc;

	if (text == NULL || all_space(text, end))
		return refuse(v, "the file is empty; expected a PEM private key (-----BEGIN PRIVATE KEY-----).");
	if (is_binary(text, len))
		return refuse(v, "this is a binary file, not PEM text; if it is a DER key, convert it: "
		              "openssl pkey -inform DER -in KEY -out KEY.pem.");
	begin = find_begin(text, end);
	if (begin == NULL) {
		if (memmem(text, len, "ssh-", 4) != NULL || memmem(text, len, "ecdsa-sha2-", 11) != NULL)
			return refuse(v, "this looks like an OpenSSH public key; give the private key, in PEM.");
		return refuse(v, "no PEM block found; expected text starting with -----BEGIN PRIVATE KEY-----.");
	}
	label = begin + 11;
	label_end = memmem(label, (size_t)(end - label), "-----", 5);
	if (label_end == NULL || label_end - label > 40 || memchr(label, '\n', (size_t)(label_end - label)) != NULL)
		return refuse(v, "the -----BEGIN line is malformed; expected -----BEGIN PRIVATE KEY-----.");
	label_len = (size_t)(label_end - label);
	if (!all_space(text, begin))
		return refuse(v, "there is text before the -----BEGIN line; %s.", KEEP_ONLY_KEY);
	body = label_end + 5;
	snprintf(end_marker, sizeof(end_marker), "-----END %.*s-----", (int)label_len, label);
	end_shown = plain_label(label, label_len) ? end_marker : "-----END";
	close = memmem(body, (size_t)(end - body), end_marker, strlen(end_marker));
	if (close == NULL || close[-1] != '\n')
		return refuse(v, "the %.50s line is missing; the file may be cut short.", end_shown);
	after = close + strlen(end_marker);
	if (!all_space(after, end)) {
		if (find_begin(after, end) != NULL || memmem(after, (size_t)(end - after), "-----BEGIN ", 11) != NULL)
			return refuse(v, label_is(label, label_len, "EC PARAMETERS")
			              ? "the file holds an EC PARAMETERS block before the key; %s."
			              : "the file holds more than one PEM block; %s.", KEEP_ONLY_KEY);
		return refuse(v, "there is text after the %.50s line; %s.", end_shown, KEEP_ONLY_KEY);
	}

	/* one block: what its label says */
	if (label_is(label, label_len, "PUBLIC KEY") || label_is(label, label_len, "RSA PUBLIC KEY") ||
	    label_is(label, label_len, "EC PUBLIC KEY"))
		return refuse(v, "this is a public key; give the private key (-----BEGIN PRIVATE KEY-----).");
	if (label_is(label, label_len, "CERTIFICATE") || label_is(label, label_len, "TRUSTED CERTIFICATE") ||
	    label_is(label, label_len, "X509 CERTIFICATE"))
		return refuse(v, "this is a certificate; give the private key it was made for.");
	if (label_is(label, label_len, "ENCRYPTED PRIVATE KEY"))
		return refuse(v, "the key is encrypted; decrypt it: openssl pkey -in KEY -out KEY.dec "
		              "(and keep KEY.dec private, chmod 600).");
	if (label_is(label, label_len, "OPENSSH PRIVATE KEY"))
		return refuse(v, "this is an OpenSSH-format key; convert a copy to PEM: "
		              "ssh-keygen -p -m PKCS8 -f COPY (RSA and ECDSA keys only).");
	if (!label_is(label, label_len, "PRIVATE KEY") && !label_is(label, label_len, "RSA PRIVATE KEY") &&
	    !label_is(label, label_len, "EC PRIVATE KEY") && !label_is(label, label_len, "DSA PRIVATE KEY"))
		return plain_label(label, label_len)
		       ? refuse(v, "expected a PRIVATE KEY block, found \"%.*s\".", (int)label_len, label)
		       : refuse(v, "expected a PRIVATE KEY block, found a block of another kind.");
	/* the old OpenSSL armour for an encrypted key: a header in the block */
	if (memmem(body, (size_t)(close - body), "Proc-Type:", 10) != NULL &&
	    memmem(body, (size_t)(close - body), "ENCRYPTED", 9) != NULL)
		return refuse(v, "the key is encrypted; decrypt it: openssl pkey -in KEY -out KEY.dec "
		              "(and keep KEY.dec private, chmod 600).");
	if (installed == NULL)
		return refuse(v, "the key cannot be checked: this program was built without a key decoder.");
	memset(&facts, 0, sizeof(facts));
	rc = installed(begin, (size_t)(after - begin), &facts);
	if (rc != 0)
		facts.type = AO_KEY_UNDECODABLE;
	return ao_jwt_key_policy(&facts, v);
}

/* ---- files ---------------------------------------------------------------- */

char *
ao_jwt_key_path(const char *path, const char *home, char *msg, size_t msgsz)
{
	if (path[0] != '~')
		return xstrdup(path);
	if (path[1] == '\0' || (path[1] == '/' && path[2] == '\0')) {
		ao_fail_msg(msg, msgsz, "~ is your home folder, not a file; give the key file's path, e.g. ~/keys/agent.pem.");
		return NULL;
	}
	if (path[1] != '/') {
		ao_fail_msg(msg, msgsz, "%.80s: only ~/ (your own home) is understood; write the full path.", path);
		return NULL;
	}
	if (home == NULL || home[0] != '/') {
		ao_fail_msg(msg, msgsz, "%.80s: HOME is not set, so ~ cannot be expanded; write the full path.", path);
		return NULL;
	}
	/* "/home/me/" + "/x" would work too, but reads badly in messages */
	return xasprintf("%s%s", home, home[strlen(home) - 1] == '/' ? path + 2 : path + 1);
}

int
ao_jwt_key_read(const char *path, struct ao_buf *b, char *msg, size_t msgsz)
{
	char *real = ao_jwt_key_path(path, getenv("HOME"), msg, msgsz);
	int err;

	if (real == NULL)
		return -1;
	err = ao_buf_read_file(b, real, AO_PEM_MAX_BYTES);
	free(real);
	if (err == 0)
		return 0;
	if (err == EFBIG)
		return ao_fail_msg(msg, msgsz, "%.80s is larger than a private key can be (over 64 KiB).", path);
	return ao_fail_msg(msg, msgsz, "Cannot read the private key file %.80s: %s.", path, ao_user_file_strerror(err));
}

/* The last file's verdict, by identity and change time: the wizard checks
 * the key field on every redraw and every keystroke, and OpenSSL takes
 * about a millisecond per decode.  A file that changed in any way (size,
 * mtime, ctime, inode) is read again; the submission always re-reads. */
static struct {
	int valid;
	ao_key_decoder decoder;
	struct stat st;
	char *path;
	struct ao_key_verdict v;
} last;

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

int
ao_jwt_key_check_file(const char *path, struct ao_key_verdict *v)
{
	struct ao_buf b;
	struct stat before;
	char *real = ao_jwt_key_path(path, getenv("HOME"), v->message, sizeof(v->message));
	int rc, cacheable;

	v->algorithm = NULL;
	if (real == NULL)
		return -1;
	cacheable = stat(real, &before) == 0 && S_ISREG(before.st_mode);
	if (cacheable && last.valid && last.decoder == installed && strcmp(last.path, real) == 0 &&
	    same_file(&last.st, &before)) {
		free(real);
		*v = last.v;
		return v->algorithm != NULL ? 0 : -1;
	}
	ao_buf_init(&b, 0);
	b.secret = 1;
	if (ao_jwt_key_read(path, &b, v->message, sizeof(v->message)) != 0) {
		ao_buf_free(&b);
		free(real);
		return -1;
	}
	rc = ao_jwt_key_check(b.data, b.len, v);
	ao_buf_free(&b);   /* wiped: b.secret */
	free(last.path);
	last.path = real;
	last.valid = cacheable;
	last.decoder = installed;
	last.st = before;
	last.v = *v;
	return rc;
}

int
ao_jwt_key_preselect(struct ao_answers *a, int only_if_unset)
{
	struct ao_key_verdict v;
	const char *path = ao_answers_get(a, AO_F_JWT_KEY_FILE);

	if (strcmp(ao_answers_get(a, AO_F_AUTH_TYPE), "JWT") != 0 || path[0] == '\0')
		return 0;
	if (only_if_unset && ao_answers_has(a, AO_F_JWT_ALGORITHM))
		return 0;
	if (ao_jwt_key_check_file(path, &v) != 0)
		return 0;
	if (strcmp(ao_answers_get(a, AO_F_JWT_ALGORITHM), v.algorithm) == 0)
		return 0;
	ao_answers_set(a, AO_F_JWT_ALGORITHM, v.algorithm);
	return 1;
}
