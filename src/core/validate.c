/* SPDX-License-Identifier: MIT */
/* Validation rules, each with the sentence a person needs: what is wrong,
 * and what would be right.  The same rules run inline in the wizard, in
 * plain mode and for `create`, so they can never disagree. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/status.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/base64.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/xalloc.h"

static int
check_text(const struct ao_field_info *fi, const char *v, char *msg, size_t msgsz)
{
	size_t len = strlen(v);
	long chars = ao_utf8_count(v, len);
	const char *p;

	if (chars < 0)
		return ao_fail_msg(msg, msgsz, "%s contains bytes that are not valid UTF-8 text; retype it.", fi->label);
	if (fi->flags & AO_FF_MULTILINE) {
		for (p = v; *p; p++)
			if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
				return ao_fail_msg(msg, msgsz, "%s cannot contain control characters.", fi->label);
	} else if (ao_utf8_has_control(v, len)) {
		return ao_fail_msg(msg, msgsz, "%s cannot contain control characters such as tabs or line breaks.", fi->label);
	}
	if (fi->max_chars && chars > (long)fi->max_chars)
		return ao_fail_msg(msg, msgsz, "%s must be at most %u characters; it has %ld.", fi->label, fi->max_chars, chars);
	if (fi->min_chars && chars < (long)fi->min_chars)
		return ao_fail_msg(msg, msgsz, "%s must be at least %u characters.", fi->label, fi->min_chars);
	return 0;
}

/* "API_KEY, JWT, OAUTH or NO_AUTH": the choices allowed for these answers. */
static void
choice_list(const struct ao_answers *a, enum ao_field f, char *list, size_t listsz)
{
	const struct ao_choice *allowed[16];
	size_t n = ao_field_choices(a, f, allowed, 16), i;

	list[0] = '\0';
	for (i = 0; i < n; i++) {
		strncat(list, allowed[i]->value, listsz - strlen(list) - 1);
		if (i + 1 < n)
			strncat(list, i + 2 == n ? " or " : ", ", listsz - strlen(list) - 1);
	}
}

static int
check_choice(const struct ao_answers *a, const struct ao_field_info *fi, const char *v,
             char *msg, size_t msgsz)
{
	const struct ao_choice *allowed[16];
	char list[256];
	size_t n, i;

	n = ao_field_choices(a, fi->id, allowed, 16);
	for (i = 0; i < n; i++)
		if (strcmp(allowed[i]->value, v) == 0)
			return 0;
	choice_list(a, fi->id, list, sizeof(list));
	if (fi->id == AO_F_AUTH_TYPE && strcmp(v, "BASIC_AUTH") == 0)
		return ao_fail_msg(msg, msgsz, "Partner agents cannot use BASIC_AUTH; choose %s.", list);
	return ao_fail_msg(msg, msgsz, "%s must be %s (not \"%.40s\").", fi->label, list, v);
}

static int
check_multi(const struct ao_field_info *fi, const char *v, char *msg, size_t msgsz)
{
	const char *p = v;

	if (*v == '\0')
		return ao_fail_msg(msg, msgsz, "Choose at least one %s; there is no default.", fi->label);
	while (*p) {
		size_t len = strcspn(p, ",");
		char item[64];

		snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), p);
		if (ao_choice_find(fi->id, item) == NULL)
			return ao_fail_msg(msg, msgsz, "%s can only contain advertiser_account and marketplace_account (not \"%s\").",
			               fi->label, item);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int
check_url(const struct ao_field_info *fi, const char *v, char *msg, size_t msgsz)
{
	struct ao_url u;
	char why[200];

	if (ao_url_parse(v, &u, why, sizeof(why)) != 0)
		return ao_fail_msg(msg, msgsz, "%s: %s", fi->label, why);
	if (strcmp(u.scheme, "https") != 0 && !ao_url_host_is_loopback(u.host))
		return ao_fail_msg(msg, msgsz, "%s must use https://; plain http is only allowed for localhost.", fi->label);
	return 0;
}

static int
check_source_id(const char *v, char *msg, size_t msgsz)
{
	const char *p;

	for (p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (!(isalnum(c) && c < 0x80) && (c == '\0' || strchr(AO_SOURCE_ID_PUNCT, c) == NULL))
			return ao_fail_msg(msg, msgsz, "Source id may only contain %s (it goes in URLs).", AO_SOURCE_ID_RULE);
	}
	if (strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return ao_fail_msg(msg, msgsz, "Source id cannot be \".\" or \"..\".");
	return 0;
}

static int
check_key_file(const struct ao_answers *a, const char *path, char *msg, size_t msgsz)
{
	struct ao_buf b;
	char why[200];
	int err, rc;

	ao_buf_init(&b, 0);
	b.secret = 1;
	err = ao_buf_read_file(&b, path, AO_PEM_MAX_BYTES);
	if (err != 0) {
		ao_buf_free(&b);
		if (err == EFBIG)
			return ao_fail_msg(msg, msgsz, "%.80s is larger than a private key can be (over 64 KiB).", path);
		return ao_fail_msg(msg, msgsz, "Cannot read the private key file %.80s: %s.", path,
		                   ao_user_file_strerror(err));
	}
	rc = ao_pem_check_private_key(b.data, b.len, ao_answers_get(a, AO_F_JWT_ALGORITHM), why, sizeof(why));
	ao_buf_free(&b);
	if (rc != 0)
		return ao_fail_msg(msg, msgsz, "%.80s: %s", path, why);
	return 0;
}

int
ao_validate_field(const struct ao_answers *a, enum ao_field f, char *msg, size_t msgsz)
{
	const struct ao_field_info *fi = ao_field_info(f);
	enum ao_relevance rel;
	const char *v;

	if (fi == NULL)
		return ao_fail_msg(msg, msgsz, "Unknown field.");
	rel = ao_field_relevance(a, f);
	if (rel == AO_HIDDEN)
		return 0;
	v = ao_answers_get(a, f);
	if (*v == '\0') {
		if (fi->flags & AO_FF_MULTI)
			return check_multi(fi, v, msg, msgsz);
		if (f == AO_F_SOURCE_ID && ao_answers_has(a, AO_F_NAME)) {
			char *slug = ao_slugify(ao_answers_get(a, AO_F_NAME));
			int none = slug[0] == '\0';

			free(slug);
			if (none)
				return ao_fail_msg(msg, msgsz, "The name has too few Latin letters or digits to make an id from: "
				                   "type a source id (%s).", AO_SOURCE_ID_RULE);
		}
		if (rel == AO_REQUIRED) {
			if (fi->flags & AO_FF_CHOICE) {
				char list[256];

				choice_list(a, f, list, sizeof(list));
				return ao_fail_msg(msg, msgsz, "%s is required: choose %s.", fi->label, list);
			}
			return ao_fail_msg(msg, msgsz, "%s is required.", fi->label);
		}
		return 0;
	}
	if (check_text(fi, v, msg, msgsz) != 0)
		return -1;
	if (fi->flags & AO_FF_CHOICE)
		return check_choice(a, fi, v, msg, msgsz);
	if (fi->flags & AO_FF_MULTI)
		return check_multi(fi, v, msg, msgsz);
	if (fi->flags & AO_FF_URL)
		return check_url(fi, v, msg, msgsz);
	if (fi->flags & AO_FF_SECRET) {
		/* a stray space or newline at either end is nearly always a paste
		 * mistake that would make the agent reject the credential */
		if (isspace((unsigned char)v[0]) || isspace((unsigned char)v[strlen(v) - 1]))
			return ao_fail_msg(msg, msgsz, "%s starts or ends with a space; paste it again without it.", fi->label);
		return 0;
	}
	switch (f) {
	case AO_F_SOURCE_ID:
		return check_source_id(v, msg, msgsz);
	case AO_F_BASIC_USERNAME:
		if (strchr(v, ':') != NULL)
			return ao_fail_msg(msg, msgsz, "User name cannot contain ':' (basic authentication uses it as the separator).");
		return 0;
	case AO_F_JWT_KEY_FILE:
		return check_key_file(a, v, msg, msgsz);
	case AO_F_NAME:
		if (strspn(v, " ") == strlen(v))
			return ao_fail_msg(msg, msgsz, "Name cannot be only spaces.");
		return 0;
	default:
		return 0;
	}
}

size_t
ao_validate_all(const struct ao_answers *a, struct ao_problems *out)
{
	int f;

	out->count = 0;
	for (f = 0; f < AO_FIELD_COUNT; f++) {
		struct ao_problem *p = &out->item[out->count];

		if (ao_validate_field(a, (enum ao_field)f, p->message, sizeof(p->message)) != 0) {
			p->field = (enum ao_field)f;
			out->count++;
		}
	}
	return out->count;
}

/* ---- PEM private keys -------------------------------------------------- */

static int
contains(const unsigned char *hay, size_t n, const unsigned char *needle, size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return 1;
	return 0;
}

int
ao_pem_check_private_key(const char *pem, size_t len, const char *algorithm, char *msg, size_t msgsz)
{
	static const unsigned char oid_rsa[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
	static const unsigned char oid_ec[] = { 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
	static const unsigned char oid_p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
	const char *begin, *label, *label_end, *body, *end, *pem_end;
	char end_marker[64];
	unsigned char *der = NULL;
	size_t label_len;
	long derlen;
	int rc = -1, is_rsa = 0, is_ec = 0, is_p256 = 0;
	const char *alg = algorithm != NULL ? algorithm : "";

	if (pem == NULL || len == 0)
		return ao_fail_msg(msg, msgsz, "the file is empty; expected a PEM private key.");
	if (memchr(pem, '\0', len) != NULL)
		return ao_fail_msg(msg, msgsz, "this is a binary file; expected a PEM private key (text starting with -----BEGIN PRIVATE KEY-----).");
	pem_end = pem + len;
	begin = memmem(pem, len, "-----BEGIN ", 11);
	if (begin == NULL)
		return ao_fail_msg(msg, msgsz, "no PEM block found; expected text starting with -----BEGIN PRIVATE KEY-----.");
	label = begin + 11;
	label_end = memmem(label, (size_t)(pem_end - label), "-----", 5);
	if (label_end == NULL || label_end - label > 40)
		return ao_fail_msg(msg, msgsz, "the PEM header line is malformed.");
	label_len = (size_t)(label_end - label);
	if (label_len == 10 && strncmp(label, "PUBLIC KEY", label_len) == 0)
		return ao_fail_msg(msg, msgsz, "this is a public key; the platform needs the private key.");
	if (label_len >= 11 && strncmp(label, "CERTIFICATE", 11) == 0)
		return ao_fail_msg(msg, msgsz, "this is a certificate; the platform needs the private key.");
	if (label_len == 21 && strncmp(label, "ENCRYPTED PRIVATE KEY", 21) == 0)
		return ao_fail_msg(msg, msgsz, "the key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN).");
	if (!((label_len == 11 && strncmp(label, "PRIVATE KEY", 11) == 0) ||
	      (label_len == 14 && strncmp(label, "EC PRIVATE KEY", 14) == 0) ||
	      (label_len == 15 && strncmp(label, "RSA PRIVATE KEY", 15) == 0)))
		return ao_fail_msg(msg, msgsz, "expected a PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block, found \"%.*s\".",
		               (int)label_len, label);
	body = label_end + 5;
	snprintf(end_marker, sizeof(end_marker), "-----END %.*s-----", (int)label_len, label);
	end = memmem(body, (size_t)(pem_end - body), end_marker, strlen(end_marker));
	if (end == NULL)
		return ao_fail_msg(msg, msgsz, "the PEM block has no matching %s line; the file may be cut short.", end_marker);
	if (memmem(body, (size_t)(end - body), "Proc-Type:", 10) != NULL &&
	    memmem(body, (size_t)(end - body), "ENCRYPTED", 9) != NULL)
		return ao_fail_msg(msg, msgsz, "the key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN).");
	der = xmalloc((size_t)(end - body));
	derlen = ao_base64_decode(body, (size_t)(end - body), der, (size_t)(end - body));
	if (derlen < 0) {
		ao_fail_msg(msg, msgsz, "the PEM body is not valid base64; the file may be damaged.");
		goto out;
	}
	if (derlen < 32 || der[0] != 0x30) {
		ao_fail_msg(msg, msgsz, "the PEM body does not hold a key structure; the file may be damaged.");
		goto out;
	}
	if (label_len == 15) {
		is_rsa = 1;
	} else if (label_len == 14) {
		is_ec = 1;
		is_p256 = contains(der, (size_t)derlen, oid_p256, sizeof(oid_p256));
	} else {
		is_rsa = contains(der, (size_t)derlen, oid_rsa, sizeof(oid_rsa));
		is_ec = contains(der, (size_t)derlen, oid_ec, sizeof(oid_ec));
		is_p256 = contains(der, (size_t)derlen, oid_p256, sizeof(oid_p256));
	}
	if (strcmp(alg, "ES256") == 0) {
		if (is_rsa) {
			ao_fail_msg(msg, msgsz, "this is an RSA key; ES256 needs an EC P-256 key (or choose RS256).");
			goto out;
		}
		if (is_ec && !is_p256) {
			ao_fail_msg(msg, msgsz, "this EC key is not on the P-256 curve that ES256 needs.");
			goto out;
		}
		if (!is_ec) {
			ao_fail_msg(msg, msgsz, "this key is not an EC key; ES256 needs an EC P-256 key.");
			goto out;
		}
	} else if (strcmp(alg, "RS256") == 0 && !is_rsa) {
		ao_fail_msg(msg, msgsz, "this is not an RSA key; RS256 needs an RSA private key (or choose ES256).");
		goto out;
	}
	rc = 0;
out:
	if (der != NULL) {
		ao_wipe(der, (size_t)(end - body));
		free(der);
	}
	return rc;
}

/* ---- slugs ------------------------------------------------------------- */

/* ASCII stand-ins for U+0100..U+017F (Latin Extended-A); '#' is "ij" and
 * '%' is "oe". */
static const char latin_ext_a[] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "##" "jj" "kkk"
	"llllllllll" "nnnnnnnnn" "oooooo" "%%" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww"
	"yyy" "zzzzzz" "s";

/* ASCII stand-in for a Latin letter with diacritics, or NULL. */
static const char *
transliterate(uint32_t cp)
{
	static const char *latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	};
	static char one[2];

	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0];
	if (cp >= 0x100 && cp <= 0x17f) {
		char c = latin_ext_a[cp - 0x100];

		if (c == '#')
			return "ij";
		if (c == '%')
			return "oe";
		one[0] = c;
		one[1] = '\0';
		return one;
	}
	return NULL;
}

/* A letter or digit of the name in any script, as opposed to spaces and
 * punctuation: what the slug should keep, or stand in for. */
static int
is_name_letter(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp);
	if (cp <= 0xbf)                         /* Latin-1 punctuation, NBSP */
		return 0;
	if (cp >= 0x2000 && cp <= 0x206f)       /* general punctuation */
		return 0;
	if (cp >= 0x3000 && cp <= 0x303f)       /* CJK spaces and punctuation */
		return 0;
	if (cp >= 0xff00 && cp <= 0xff0f)       /* full-width punctuation */
		return 0;
	return cp != 0xfffd;
}

/* Full-width ASCII letters and digits (Ａ, ｂ, ３), as CJK input methods
 * type them, stand for their ASCII selves. */
static int
fullwidth_ascii(uint32_t cp)
{
	if ((cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a))
		return (int)(cp - 0xff00 + 0x20);
	return 0;
}

char *
ao_slugify(const char *name)
{
	size_t len = strlen(name), i = 0, n, o = 0;
	char *out = xmalloc(len * 2 + 32);
	int dash = 0;
	uint32_t cp;
	size_t letters = 0, kept = 0;

	while (i < len) {
		const char *t;
		char one[2] = { 0, 0 };
		int fw;

		n = ao_utf8_decode(name + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = 0xfffd;
		}
		i += n;
		if (is_name_letter(cp))
			letters++;
		fw = fullwidth_ascii(cp);
		if (cp < 0x80 && isalnum((int)cp)) {
			one[0] = (char)tolower((int)cp);
			t = one;
		} else if (fw != 0) {
			one[0] = (char)tolower(fw);
			t = one;
		} else {
			t = transliterate(cp);
		}
		if (t == NULL) {
			dash = 1;
			continue;
		}
		kept++;
		if (dash && o > 0)
			out[o++] = '-';
		dash = 0;
		while (*t)
			out[o++] = *t++;
	}
	out[o] = '\0';
	if (o > 255) {
		out[255] = '\0';
		o = 255;
		while (o > 0 && out[o - 1] == '-')
			out[--o] = '\0';
	}
	/* "東京メディアX 広" would give "x": an id that keeps less than half of
	 * the name says nothing about it, so none is made up and the user is
	 * asked to type one (see ao_validate_field for AO_F_SOURCE_ID) */
	if (kept * 2 < letters)
		out[0] = '\0';
	return out;
}
