/* SPDX-License-Identifier: MIT */
/* The JWT key check's pure half (core/jwt_key.c): PEM framing, labels, the
 * policy from facts to an algorithm, ~/ paths, preselection, and the
 * validation rules built on them.  A fake decoder stands in for OpenSSL:
 * the "key" inside a block is a line such as "RSA 2048" or "EC prime256v1",
 * so every rule is tested without a crypto library (the real decoder has
 * its own contract test, tests/contract/test_key_decoder.c). */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/model.h"
#include "agent-onboard/core/validate.h"
#include "agent-onboard/core/xalloc.h"

static int decoder_calls;

static int
fake_decoder(const char *block, size_t len, struct ao_key_facts *f)
{
	char body[128];
	const char *nl = memchr(block, '\n', len), *nl2;
	int bits = 0;

	decoder_calls++;
	if (nl == NULL || (nl2 = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - block))) == NULL)
		return -1;
	snprintf(body, sizeof(body), "%.*s", (int)(nl2 - nl - 1), nl + 1);
	if (sscanf(body, "RSA %d", &bits) == 1) {
		f->type = AO_KEY_RSA;
		f->bits = bits;
	} else if (strncmp(body, "EC", 2) == 0) {
		f->type = AO_KEY_EC;
		snprintf(f->curve, sizeof(f->curve), "%.31s", body[2] == ' ' ? body + 3 : "");
	} else if (strcmp(body, "ED25519") == 0) {
		f->type = AO_KEY_ED25519;
	} else if (strcmp(body, "PSS") == 0) {
		f->type = AO_KEY_RSA_PSS;
	} else if (strcmp(body, "SM2") == 0) {
		f->type = AO_KEY_OTHER;
		snprintf(f->name, sizeof(f->name), "SM2");
	} else {
		return -1;
	}
	return 0;
}

#define KEY(label, body) "-----BEGIN " label "-----\n" body "\n-----END " label "-----\n"

struct check_case {
	const char *name;
	const char *text;
	const char *algorithm;   /* expected when accepted */
	const char *want;        /* expected in the message when refused */
	int decoded;             /* the decoder must (1) or must not (0) be asked */
};

static void
test_framing_labels_and_policy(void **state)
{
	static const struct check_case cases[] = {
		{ "rsa 2048", KEY("PRIVATE KEY", "RSA 2048"), "RS256", NULL, 1 },
		{ "rsa 4096 pkcs1", KEY("RSA PRIVATE KEY", "RSA 4096"), "RS256", NULL, 1 },
		{ "rsa 1024", KEY("PRIVATE KEY", "RSA 1024"), NULL, "has 1024 bits; RS256 needs 2048 or more", 1 },
		{ "rsa 2047", KEY("PRIVATE KEY", "RSA 2047"), NULL, "2047 bits", 1 },
		{ "ec p-256", KEY("PRIVATE KEY", "EC prime256v1"), "ES256", NULL, 1 },
		{ "ec p-256 sec1", KEY("EC PRIVATE KEY", "EC P-256"), "ES256", NULL, 1 },
		{ "ec p-384", KEY("PRIVATE KEY", "EC secp384r1"), NULL, "curve secp384r1; ES256 needs P-256", 1 },
		{ "ec explicit", KEY("PRIVATE KEY", "EC"), NULL, "named curve P-256", 1 },
		{ "ed25519", KEY("PRIVATE KEY", "ED25519"), NULL, "Ed25519 key; the platform signs only RS256", 1 },
		{ "rsa-pss", KEY("PRIVATE KEY", "PSS"), NULL, "RSA-PSS", 1 },
		{ "other", KEY("PRIVATE KEY", "SM2"), NULL, "this key's type is SM2; the platform signs only", 1 },
		{ "undecodable", KEY("PRIVATE KEY", "garbage"), NULL, "cannot be read; the file may be damaged", 1 },
		{ "crlf and blank lines around", "\r\n\n-----BEGIN PRIVATE KEY-----\r\nRSA 2048\r\n-----END PRIVATE KEY-----\r\n\n",
		  "RS256", NULL, 1 },
		{ "empty", "", NULL, "empty", 0 },
		{ "only spaces", " \n\t\n", NULL, "empty", 0 },
		{ "binary", "\x30\x82\x01\x02\x00\x01", NULL, "binary file, not PEM text; if it is a DER key", 0 },
		{ "no block", "hello\n", NULL, "no PEM block found", 0 },
		{ "openssh public", "ssh-ed25519 AAAAC3Nza me@host\n", NULL, "OpenSSH public key", 0 },
		{ "public", KEY("PUBLIC KEY", "RSA 2048"), NULL, "this is a public key; give the private key", 0 },
		{ "rsa public", KEY("RSA PUBLIC KEY", "RSA 2048"), NULL, "public key", 0 },
		{ "certificate", KEY("CERTIFICATE", "x"), NULL, "certificate", 0 },
		{ "encrypted pkcs8", KEY("ENCRYPTED PRIVATE KEY", "RSA 2048"), NULL,
		  "encrypted; decrypt it: openssl pkey -in KEY -out KEY.dec", 0 },
		{ "encrypted traditional", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
		  "DEK-Info: AES-128-CBC,00\n\nRSA 2048\n-----END RSA PRIVATE KEY-----\n", NULL, "encrypted", 0 },
		{ "openssh private", KEY("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjE"), NULL, "ssh-keygen -p -m PKCS8", 0 },
		{ "unknown label", KEY("X509 CRL", "x"), NULL, "found \"X509 CRL\"", 0 },
		{ "label not quoted unless plain", KEY("X\x7f\xc2\x9b[31m", "x"), NULL, "found a block of another kind", 0 },
		{ "nor in the END line", "-----BEGIN X\xc2\x9b[31m-----\nx\n", NULL, "the -----END line is missing", 0 },
		{ "two keys", KEY("PRIVATE KEY", "RSA 2048") KEY("PRIVATE KEY", "EC prime256v1"), NULL,
		  "more than one PEM block", 0 },
		{ "public then private", KEY("PUBLIC KEY", "x") KEY("PRIVATE KEY", "RSA 2048"), NULL,
		  "more than one PEM block", 0 },
		{ "ecparam output", KEY("EC PARAMETERS", "BggqhkjOPQMBBw==") KEY("EC PRIVATE KEY", "EC prime256v1"), NULL,
		  "EC PARAMETERS block before the key", 0 },
		{ "trailing garbage", KEY("PRIVATE KEY", "RSA 2048") "garbage\n", NULL,
		  "text after the -----END PRIVATE KEY----- line; keep only the key", 0 },
		{ "leading text", "Bag Attributes\n" KEY("PRIVATE KEY", "RSA 2048"), NULL, "text before the -----BEGIN line", 0 },
		{ "cut short", "-----BEGIN PRIVATE KEY-----\nRSA 2048\n", NULL, "-----END PRIVATE KEY----- line is missing", 0 },
		{ "mismatched end", "-----BEGIN PRIVATE KEY-----\nRSA 2048\n-----END RSA PRIVATE KEY-----\n", NULL,
		  "line is missing", 0 },
		{ "begin mid-line", "x -----BEGIN PRIVATE KEY-----\nRSA 2048\n-----END PRIVATE KEY-----\n", NULL,
		  "no PEM block", 0 },
		{ "malformed begin", "-----BEGIN PRIVATE KEY\nRSA 2048\n", NULL, "-----BEGIN line is malformed", 0 },
	};
	struct ao_key_verdict v;
	size_t i;

	(void)state;
	ao_jwt_key_set_decoder(fake_decoder);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct check_case *c = &cases[i];
		size_t len = strlen(c->text);
		int rc;

		if (strcmp(c->name, "binary") == 0)
			len = 6;
		decoder_calls = 0;
		memset(&v, 0x55, sizeof(v));
		rc = ao_jwt_key_check(c->text, len, &v);
		if (c->want == NULL && (rc != 0 || v.algorithm == NULL || strcmp(v.algorithm, c->algorithm) != 0))
			fail_msg("%s: expected %s, got rc=%d \"%s\"", c->name, c->algorithm, rc, rc ? v.message : "");
		if (c->want != NULL && (rc == 0 || v.algorithm != NULL || strstr(v.message, c->want) == NULL))
			fail_msg("%s: expected \"%s\", got rc=%d \"%s\"", c->name, c->want, rc, rc ? v.message : v.algorithm);
		if (decoder_calls != c->decoded)
			fail_msg("%s: the decoder was called %d times, expected %d", c->name, decoder_calls, c->decoded);
	}
}

static void
test_no_decoder_refuses(void **state)
{
	struct ao_key_verdict v;

	(void)state;
	ao_jwt_key_set_decoder(NULL);
	assert_int_equal(ao_jwt_key_check(KEY("PRIVATE KEY", "RSA 2048"), strlen(KEY("PRIVATE KEY", "RSA 2048")), &v), -1);
	assert_contains(v.message, "cannot be checked");
	/* the framing still speaks without one */
	assert_int_equal(ao_jwt_key_check(KEY("PUBLIC KEY", "x"), strlen(KEY("PUBLIC KEY", "x")), &v), -1);
	assert_contains(v.message, "public key");
	ao_jwt_key_set_decoder(fake_decoder);
}

static void
test_home_paths(void **state)
{
	char msg[AO_MSG_MAX], *p;

	(void)state;
	p = ao_jwt_key_path("~/keys/a.pem", "/home/me", msg, sizeof(msg));
	assert_string_equal(p, "/home/me/keys/a.pem");
	free(p);
	p = ao_jwt_key_path("~/a.pem", "/home/me/", msg, sizeof(msg));
	assert_string_equal(p, "/home/me/a.pem");
	free(p);
	p = ao_jwt_key_path("/etc/a.pem", NULL, msg, sizeof(msg));
	assert_string_equal(p, "/etc/a.pem");
	free(p);
	p = ao_jwt_key_path("keys/~/a.pem", "/home/me", msg, sizeof(msg));
	assert_string_equal(p, "keys/~/a.pem");
	free(p);
	assert_null(ao_jwt_key_path("~", "/home/me", msg, sizeof(msg)));
	assert_contains(msg, "~ is your home folder, not a file");
	assert_null(ao_jwt_key_path("~/", "/home/me", msg, sizeof(msg)));
	assert_contains(msg, "home folder");
	assert_null(ao_jwt_key_path("~bob/a.pem", "/home/me", msg, sizeof(msg)));
	assert_contains(msg, "only ~/ (your own home) is understood");
	assert_null(ao_jwt_key_path("~/a.pem", NULL, msg, sizeof(msg)));
	assert_contains(msg, "HOME is not set");
	assert_null(ao_jwt_key_path("~/a.pem", "relative", msg, sizeof(msg)));
}

/* A JWT source whose key file is written into a scratch $HOME. */
struct home {
	char dir[64];
	char *old_home;
};

static void
home_enter(struct home *h)
{
	const char *old = getenv("HOME");

	snprintf(h->dir, sizeof(h->dir), "/tmp/ao-jwt-key-XXXXXX");
	assert_non_null(mkdtemp(h->dir));
	h->old_home = old != NULL ? xstrdup(old) : NULL;
	setenv("HOME", h->dir, 1);
}

static void
home_write(struct home *h, const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", h->dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
home_leave(struct home *h)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", h->dir);
	assert_int_equal(system(cmd), 0);
	if (h->old_home != NULL)
		setenv("HOME", h->old_home, 1);
	else
		unsetenv("HOME");
	free(h->old_home);
}

static void
jwt_answers(struct ao_answers *a, const char *key_file)
{
	ao_answers_init(a);
	ao_answers_set(a, AO_F_KIND, "inventory-source");
	ao_answers_set(a, AO_F_NAME, "Acme");
	ao_answers_set(a, AO_F_TYPE, "SALES");
	ao_answers_set(a, AO_F_PROTOCOL, "MCP");
	ao_answers_set(a, AO_F_ENDPOINT_URL, "https://agent.acme.example/mcp");
	ao_answers_set(a, AO_F_AUTH_TYPE, "JWT");
	ao_answers_set(a, AO_F_JWT_KEY_FILE, key_file);
	ao_answers_set(a, AO_F_JWT_ISSUER, "i");
	ao_answers_set(a, AO_F_JWT_SUBJECT, "s");
	ao_answers_set(a, AO_F_JWT_KEY_ID, "k");
	ao_answers_set(a, AO_F_JWT_SCOPE, "adcp");
	ao_answers_set(a, AO_F_JWT_TOKEN_URL, "https://idp.example/token");
	ao_answers_set(a, AO_F_JWT_AUDIENCE_URL, "https://idp.example");
	ao_answers_apply_defaults(a);
}

static void
test_key_file_field_and_algorithm(void **state)
{
	struct home h;
	struct ao_answers a;
	struct ao_problems p;
	char msg[AO_MSG_MAX];

	(void)state;
	ao_jwt_key_set_decoder(fake_decoder);
	home_enter(&h);
	home_write(&h, "rsa.pem", KEY("PRIVATE KEY", "RSA 2048"));
	home_write(&h, "ec.pem", KEY("PRIVATE KEY", "EC prime256v1"));
	home_write(&h, "pub.pem", KEY("PUBLIC KEY", "x"));

	/* a ~/ path is read from $HOME */
	jwt_answers(&a, "~/rsa.pem");
	assert_int_equal(ao_validate_all(&a, &p), 0);
	/* the key decides the algorithm when none is chosen ... */
	assert_int_equal(ao_jwt_key_preselect(&a, 1), 1);
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_ALGORITHM), "RS256");
	assert_int_equal(ao_jwt_key_preselect(&a, 1), 0);
	/* ... a chosen one that does not fit is reported at the algorithm */
	ao_answers_set(&a, AO_F_JWT_ALGORITHM, "ES256");
	assert_int_equal(ao_validate_field(&a, AO_F_JWT_KEY_FILE, msg, sizeof(msg)), 0);
	assert_int_equal(ao_validate_field(&a, AO_F_JWT_ALGORITHM, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "ES256 does not fit the key file: it is an RSA key, which signs RS256; choose RS256 "
	                    "(or leave the algorithm unset).");
	/* create keeps an explicit choice (and reports it); the wizard follows the key */
	assert_int_equal(ao_jwt_key_preselect(&a, 1), 0);
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_ALGORITHM), "ES256");
	assert_int_equal(ao_jwt_key_preselect(&a, 0), 1);
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_ALGORITHM), "RS256");
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "~/ec.pem");
	assert_int_equal(ao_jwt_key_preselect(&a, 0), 1);
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_ALGORITHM), "ES256");
	assert_int_equal(ao_validate_all(&a, &p), 0);

	/* an unusable key: its message at the key file, the algorithm left alone */
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "~/pub.pem");
	assert_int_equal(ao_jwt_key_preselect(&a, 0), 0);
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_ALGORITHM), "ES256");
	assert_int_equal(ao_validate_all(&a, &p), 1);
	assert_int_equal(p.item[0].field, AO_F_JWT_KEY_FILE);
	assert_contains(p.item[0].message, "this is a public key; give the private key");

	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "~");
	assert_int_equal(ao_validate_field(&a, AO_F_JWT_KEY_FILE, msg, sizeof(msg)), -1);
	assert_contains(msg, "~ is your home folder, not a file");
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "~/missing.pem");
	assert_int_equal(ao_validate_field(&a, AO_F_JWT_KEY_FILE, msg, sizeof(msg)), -1);
	assert_contains(msg, "Cannot read the private key file ~/missing.pem");
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "~/");
	assert_int_equal(ao_validate_field(&a, AO_F_JWT_KEY_FILE, msg, sizeof(msg)), -1);

	/* not JWT: nothing is preselected */
	ao_answers_set(&a, AO_F_JWT_KEY_FILE, "~/rsa.pem");
	ao_answers_set(&a, AO_F_JWT_ALGORITHM, NULL);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "NO_AUTH");
	assert_int_equal(ao_jwt_key_preselect(&a, 0), 0);
	assert_false(ao_answers_has(&a, AO_F_JWT_ALGORITHM));
	ao_answers_clear(&a);
	home_leave(&h);
}

/* The verdict is kept while the file is unchanged, and only then. */
static void
test_unchanged_file_is_not_decoded_again(void **state)
{
	struct home h;
	struct ao_key_verdict v;
	char gone[128];

	(void)state;
	ao_jwt_key_set_decoder(fake_decoder);
	home_enter(&h);
	home_write(&h, "k.pem", KEY("PRIVATE KEY", "RSA 2048"));
	decoder_calls = 0;
	assert_int_equal(ao_jwt_key_check_file("~/k.pem", &v), 0);
	assert_int_equal(ao_jwt_key_check_file("~/k.pem", &v), 0);
	assert_string_equal(v.algorithm, "RS256");
	assert_int_equal(decoder_calls, 1);
	/* rewritten (another size): decoded again, with the new verdict */
	home_write(&h, "k.pem", KEY("PRIVATE KEY", "RSA 1024"));
	assert_int_equal(ao_jwt_key_check_file("~/k.pem", &v), -1);
	assert_contains(v.message, "1024 bits");
	assert_int_equal(decoder_calls, 2);
	assert_int_equal(ao_jwt_key_check_file("~/k.pem", &v), -1);
	assert_contains(v.message, "1024 bits");
	assert_int_equal(decoder_calls, 2);
	/* another decoder installed: asked again */
	ao_jwt_key_set_decoder(NULL);
	assert_int_equal(ao_jwt_key_check_file("~/k.pem", &v), -1);
	assert_contains(v.message, "cannot be checked");
	ao_jwt_key_set_decoder(fake_decoder);
	/* gone: the read error, not the old verdict */
	snprintf(gone, sizeof(gone), "%s/k.pem", h.dir);
	assert_int_equal(unlink(gone), 0);
	assert_int_equal(ao_jwt_key_check_file("~/k.pem", &v), -1);
	assert_contains(v.message, "Cannot read the private key file ~/k.pem");
	home_leave(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_framing_labels_and_policy),
		cmocka_unit_test(test_no_decoder_refuses),
		cmocka_unit_test(test_home_paths),
		cmocka_unit_test(test_key_file_field_and_algorithm),
		cmocka_unit_test(test_unchanged_file_is_not_decoded_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
