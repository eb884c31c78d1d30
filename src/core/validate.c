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
#include "agent-onboard/core/url.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/validate.h"
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

/* The key file: one PEM private key the platform can sign with. */
static int
check_key_file(const char *path, char *msg, size_t msgsz)
{
	struct ao_key_verdict v;

	if (ao_jwt_key_check_file(path, &v) != 0)
		return ao_fail_msg(msg, msgsz, "%s", v.message);
	return 0;
}

/* A chosen algorithm must be the one the key signs (a usable key signs
 * exactly one); a key that is not usable is reported at its own field. */
static int
check_algorithm_fits_key(const struct ao_answers *a, const char *alg, char *msg, size_t msgsz)
{
	struct ao_key_verdict v;
	const char *path = ao_answers_get(a, AO_F_JWT_KEY_FILE);

	if (path[0] == '\0' || ao_jwt_key_check_file(path, &v) != 0 || strcmp(v.algorithm, alg) == 0)
		return 0;
	return ao_fail_msg(msg, msgsz, "%s does not fit the key file: it is %s key, which signs %s; choose %s "
	                   "(or leave the algorithm unset).", alg,
	                   strcmp(v.algorithm, "RS256") == 0 ? "an RSA" : "an EC P-256", v.algorithm, v.algorithm);
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
	if (fi->flags & AO_FF_CHOICE) {
		if (check_choice(a, fi, v, msg, msgsz) != 0)
			return -1;
		return f == AO_F_JWT_ALGORITHM ? check_algorithm_fits_key(a, v, msg, msgsz) : 0;
	}
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
		return check_key_file(v, msg, msgsz);
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
