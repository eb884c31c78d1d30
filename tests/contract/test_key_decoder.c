/* SPDX-License-Identifier: MIT */
/* Contract test: the OpenSSL key decoder (src/crypto/key_decoder.c) behind
 * core/jwt_key.h, on keys made at test time by the openssl command line
 * (and ssh-keygen where it is installed), never on committed keys:
 *   - RSA 2048 (PKCS#8 and PKCS#1) signs RS256, EC P-256 (PKCS#8 and SEC1) signs ES256;
 *   - RSA 1024, EC P-384, Ed25519, an RSA-PSS key, public keys, encrypted
 *     keys (PKCS#8 and the old Proc-Type armour), two keys in one file,
 *     garbage after the key, `openssl ecparam -genkey` output, DER, and an
 *     OpenSSH-format key are each refused with their own sentence;
 *   - a block that is damaged inside decodes to "cannot be read";
 *   - the decoder never asks for a passphrase (an encrypted block handed to
 *     it directly fails at once), leaves no OpenSSL error queued, and no
 *     message quotes a line of the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/jwt_key.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/crypto/key_decoder.h"

static char dir[64];
static int have_ssh_keygen;

static void
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("setup command failed: %s", cmd);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ao-key-decoder-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	/* stdin from /dev/null: a tool that wanted a passphrase would fail, not wait */
	sh("cd %s && exec </dev/null 2>/dev/null && "
	   "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.pem && "
	   "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pem && "
	   "openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out pss.pem && "
	   "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem && "
	   "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem && "
	   "openssl genpkey -algorithm ED25519 -out ed25519.pem && "
	   "openssl ec -in p256.pem -out p256-sec1.pem && "
	   "openssl rsa -in rsa2048.pem -traditional -out rsa2048-pkcs1.pem && "
	   "openssl pkey -in p256.pem -pubout -out p256-public.pem && "
	   "openssl rsa -in rsa2048.pem -RSAPublicKey_out -out rsa-public.pem && "
	   "openssl pkey -in p256.pem -aes256 -passout pass:secret -out p256-encrypted.pem && "
	   "openssl rsa -in rsa2048.pem -traditional -aes128 -passout pass:secret -out rsa-proc-type.pem && "
	   "openssl pkey -in p256.pem -outform DER -out p256.der && "
	   "openssl ecparam -name prime256v1 -genkey -out ecparam.pem && "
	   "cat p256.pem rsa2048.pem > two-keys.pem && "
	   "{ cat p256.pem; echo 'garbage after the key'; } > trailing.pem && "
	   "{ echo 'Bag Attributes'; cat p256.pem; } > leading.pem && "
	   "sed '3s/./#/' rsa2048.pem > damaged.pem",
	   dir);
	have_ssh_keygen = system("command -v ssh-keygen >/dev/null 2>&1") == 0;
	if (have_ssh_keygen)
		sh("ssh-keygen -q -t ecdsa -b 256 -N '' -C test -f %s/openssh </dev/null >/dev/null", dir);
	ao_crypto_install_key_decoder();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	sh("rm -rf '%s'", dir);
	return 0;
}

static char *
path_of(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* No message may quote the key: none of its base64 lines appears in it. */
static void
assert_no_key_line(const char *name, const char *message)
{
	struct ao_buf b;
	char *line, *save = NULL;

	ao_buf_init(&b, 0);
	b.secret = 1;
	if (ao_buf_read_file(&b, path_of(name), 1 << 20) != 0)
		fail_msg("cannot read %s", name);
	for (line = strtok_r(b.data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "-----", 5) != 0 && strlen(line) >= 16 && strstr(message, line) != NULL)
			fail_msg("%s: the message quotes the key: %s", name, message);
	ao_buf_free(&b);
}

struct key_case {
	const char *file;
	const char *algorithm;   /* when accepted */
	const char *want;        /* in the message when refused */
};

static void
test_generated_keys(void **state)
{
	static const struct key_case cases[] = {
		{ "rsa2048.pem", "RS256", NULL },
		{ "rsa2048-pkcs1.pem", "RS256", NULL },
		{ "p256.pem", "ES256", NULL },
		{ "p256-sec1.pem", "ES256", NULL },
		{ "rsa1024.pem", NULL, "this RSA key has 1024 bits; RS256 needs 2048 or more" },
		{ "pss.pem", NULL, "RSA-PSS" },
		{ "p384.pem", NULL, "curve secp384r1; ES256 needs P-256" },
		{ "ed25519.pem", NULL, "this is an Ed25519 key; the platform signs only RS256" },
		{ "p256-public.pem", NULL, "this is a public key; give the private key" },
		{ "rsa-public.pem", NULL, "this is a public key" },
		{ "p256-encrypted.pem", NULL, "the key is encrypted; decrypt it: openssl pkey" },
		{ "rsa-proc-type.pem", NULL, "the key is encrypted" },
		{ "p256.der", NULL, "binary file, not PEM text; if it is a DER key, convert it" },
		{ "ecparam.pem", NULL, "EC PARAMETERS block before the key" },
		{ "two-keys.pem", NULL, "more than one PEM block" },
		{ "trailing.pem", NULL, "text after the -----END PRIVATE KEY----- line" },
		{ "leading.pem", NULL, "text before the -----BEGIN line" },
		{ "damaged.pem", NULL, "cannot be read; the file may be damaged" },
	};
	struct ao_key_verdict v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct key_case *c = &cases[i];
		int rc = ao_jwt_key_check_file(path_of(c->file), &v);

		if (c->want == NULL && (rc != 0 || strcmp(v.algorithm, c->algorithm) != 0))
			fail_msg("%s: expected %s, got rc=%d \"%s\"", c->file, c->algorithm, rc, rc ? v.message : v.algorithm);
		if (c->want != NULL && (rc == 0 || strstr(v.message, c->want) == NULL))
			fail_msg("%s: expected \"%s\", got rc=%d \"%s\"", c->file, c->want, rc, rc ? v.message : v.algorithm);
		if (rc != 0)
			assert_no_key_line(c->file, v.message);
		/* nothing of OpenSSL's is left for libcurl to report as its own */
		assert_int_equal(ERR_peek_error(), 0);
	}
}

static void
test_openssh_key(void **state)
{
	struct ao_key_verdict v;

	(void)state;
	if (!have_ssh_keygen) {
		skip();
		return;
	}
	assert_int_equal(ao_jwt_key_check_file(path_of("openssh"), &v), -1);
	assert_non_null(strstr(v.message, "OpenSSH-format key; convert a copy to PEM: ssh-keygen -p -m PKCS8"));
	/* and the advice works: the converted copy is accepted */
	sh("cp %s/openssh %s/converted && ssh-keygen -q -p -m PKCS8 -N '' -P '' -f %s/converted </dev/null >/dev/null",
	   dir, dir, dir);
	assert_int_equal(ao_jwt_key_check_file(path_of("converted"), &v), 0);
	assert_string_equal(v.algorithm, "ES256");
}

/* Handed an encrypted block directly (past the core's label check), the
 * decoder fails at once: its passphrase callback refuses, so OpenSSL
 * cannot ask on the terminal. */
static void
test_decoder_never_asks_for_a_passphrase(void **state)
{
	struct ao_buf b;
	struct ao_key_facts f;

	(void)state;
	ao_buf_init(&b, 0);
	b.secret = 1;
	assert_int_equal(ao_buf_read_file(&b, path_of("p256-encrypted.pem"), 1 << 16), 0);
	assert_int_equal(ao_crypto_decode_key(b.data, b.len, &f), -1);
	assert_int_equal(f.type, AO_KEY_UNDECODABLE);
	assert_int_equal(ERR_peek_error(), 0);
	ao_buf_reset(&b);
	assert_int_equal(ao_buf_read_file(&b, path_of("rsa-proc-type.pem"), 1 << 16), 0);
	assert_int_equal(ao_crypto_decode_key(b.data, b.len, &f), -1);
	assert_int_equal(ERR_peek_error(), 0);
	ao_buf_reset(&b);
	assert_int_equal(ao_buf_read_file(&b, path_of("p256.pem"), 1 << 16), 0);
	assert_int_equal(ao_crypto_decode_key(b.data, b.len, &f), 0);
	assert_int_equal(f.type, AO_KEY_EC);
	assert_string_equal(f.curve, "prime256v1");
	assert_int_equal(f.bits, 256);
	ao_buf_free(&b);
}

/* ~/ is $HOME for the real files too. */
static void
test_home_path(void **state)
{
	struct ao_key_verdict v;
	char *old = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	(void)state;
	setenv("HOME", dir, 1);
	assert_int_equal(ao_jwt_key_check_file("~/rsa2048.pem", &v), 0);
	assert_string_equal(v.algorithm, "RS256");
	assert_int_equal(ao_jwt_key_check_file("~/nope.pem", &v), -1);
	assert_non_null(strstr(v.message, "Cannot read the private key file ~/nope.pem"));
	if (old != NULL)
		setenv("HOME", old, 1);
	else
		unsetenv("HOME");
	free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_keys),
		cmocka_unit_test(test_openssh_key),
		cmocka_unit_test(test_decoder_never_asks_for_a_passphrase),
		cmocka_unit_test(test_home_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
