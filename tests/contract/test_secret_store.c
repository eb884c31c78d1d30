/* SPDX-License-Identifier: MIT */
/* Contract tests of the secret store (git's t0303 "helper_test" idea): one
 * suite run against the memory backend and against a real gnome-keyring on
 * a private D-Bus (tests/with-test-keyring.sh), plus the keyring's failure
 * causes, each made real: locked collection, no bus, dead bus address, no
 * Secret Service, and a stalled service (timeout and cancel).
 *
 * The cases that need a different environment (no bus, another bus) run in
 * a child: this binary re-executed with "--child MODE", because GLib's
 * session bus is a per-process singleton and fork() after GLib's threads
 * exist is not safe.
 *
 *   make build/tests/contract/test_secret_store
 *   sh tests/with-test-keyring.sh ./build/tests/contract/test_secret_store
 */
#define SECRET_API_SUBJECT_TO_CHANGE 1 /* secret_service_encode_dbus_secret */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libsecret/secret.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/secret/store.h"

extern char **environ;

#define URL_A "https://api.example.test"
#define URL_B "https://api.other.test"
#define SECRET_ASCII "s3cr3t-key-0123456789"
#define SECRET_UTF8 "pässwörd 日本語 😀 with spaces "
/* A ceiling against hangs only, never a speed test (the suite runs on a
 * loaded 2-core machine): far above anything our deadlines allow, and
 * below libsecret's own 25 s block that the store exists to avoid.  That
 * a deadline or a cancel acted is asserted through the cause reported. */
#define HANG_CEILING_MS 20000

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int have_keyring(void)
{
	return getenv("AO_TEST_KEYRING_PASSWORD") != NULL;
}

/* ---- the contract, for any backend ------------------------------------------- */

struct fixture {
	struct ao_secret_store *store;
	int keyring;
};

static int setup_memory(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->store = ao_secret_store_new_memory();
	*state = f;
	return 0;
}

static int setup_keyring(void **state)
{
	struct fixture *f;
	struct ao_secret_ref all = { .kind = AO_SECRET_KIND_PLATFORM_KEY };
	struct ao_secret_ref drafts = { .kind = AO_SECRET_KIND_DRAFT };
	struct ao_secret_result r;

	if (!have_keyring()) {
		fprintf(stderr, "keyring tests need tests/with-test-keyring.sh (AO_TEST_KEYRING_PASSWORD unset)\n");
		return -1;
	}
	f = xcalloc(1, sizeof(*f));
	f->store = ao_secret_store_new_keyring();
	f->keyring = 1;
	/* each test starts from an empty keyring */
	ao_secret_clear(f->store, &all, &r);
	ao_secret_result_clear(&r);
	ao_secret_clear(f->store, &drafts, &r);
	ao_secret_result_clear(&r);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f != NULL) {
		ao_secret_store_free(f->store);
		free(f);
	}
	return 0;
}

static void put_ok(struct ao_secret_store *s, const char *url, const char *kind, const char *id,
                   const char *value)
{
	struct ao_secret_ref ref = { .api_url = url, .kind = kind, .id = id };
	struct ao_secret_result r;

	assert_int_equal(ao_secret_put(s, &ref, value, &r), AO_OK);
	ao_secret_result_clear(&r);
}

/* Returns the value (caller frees) or NULL, asserting the status. */
static char *lookup_expect(struct ao_secret_store *s, const char *url, const char *kind,
                           const char *id, enum ao_status want)
{
	struct ao_secret_ref ref = { .api_url = url, .kind = kind, .id = id };
	struct ao_secret_result r;
	char *v;

	if (ao_secret_lookup(s, &ref, &r) != want)
		fail_msg("lookup %s/%s/%s: status %d (want %d), cause %s: %s", url, kind, id,
		         r.status, want, ao_keyring_cause_name(r.check.cause), r.check.detail);
	v = r.value;
	r.value = NULL;
	ao_secret_result_clear(&r);
	return v;
}

static void test_check_ok(void **state)
{
	struct fixture *f = *state;
	struct ao_secret_result r;
	char *where;

	if (ao_secret_check(f->store, &r) != AO_OK)
		fail_msg("check: %s: %s", ao_keyring_cause_name(r.check.cause), r.check.detail);
	assert_int_equal(r.check.cause, AO_KEYRING_OK);
	assert_string_equal(r.check.detail, "");
	if (f->keyring) {
		assert_string_not_equal(r.check.collection, "");
		assert_true(r.check.elapsed_ms < AO_SECRET_TIMEOUT_MS);
	}
	where = ao_secret_destination(f->store, &r.check);
	if (f->keyring)
		assert_non_null(strstr(where, "the system keyring (Secret Service), collection \""));
	else
		assert_string_equal(where, ao_secret_store_where(f->store));
	free(where);
	ao_secret_result_clear(&r);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct ao_secret_ref ref = ao_secret_ref_platform_key(URL_A);
	struct ao_secret_result r;
	char *v;

	assert_null(lookup_expect(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY,
	                          AO_SECRET_ID_PLATFORM_KEY, AO_ERR_NOT_FOUND));
	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, SECRET_ASCII);
	v = lookup_expect(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, SECRET_ASCII);
	ao_secret_free(v);

	/* the same URL with a trailing slash is the same platform */
	v = lookup_expect(f->store, URL_A "/", AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, SECRET_ASCII);
	ao_secret_free(v);

	/* replacing keeps one item */
	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, SECRET_UTF8);
	v = lookup_expect(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, SECRET_UTF8);
	ao_secret_free(v);

	assert_int_equal(ao_secret_clear(f->store, &ref, &r), AO_OK);
	assert_int_equal(r.n_items, 1);
	assert_string_equal(r.items[0].api_url, URL_A);
	assert_string_equal(r.items[0].kind, AO_SECRET_KIND_PLATFORM_KEY);
	assert_string_equal(r.items[0].label, "agent-onboard: Scope3 API key for " URL_A);
	ao_secret_result_clear(&r);
	assert_null(lookup_expect(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY,
	                          AO_SECRET_ID_PLATFORM_KEY, AO_ERR_NOT_FOUND));

	/* clearing what is not there is fine and says so */
	assert_int_equal(ao_secret_clear(f->store, &ref, &r), AO_OK);
	assert_int_equal(r.n_items, 0);
	ao_secret_result_clear(&r);
}

static void test_items_are_separate(void **state)
{
	struct fixture *f = *state;
	char *v;

	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, "key-a");
	put_ok(f->store, URL_B, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, "key-b");
	put_ok(f->store, URL_A, AO_SECRET_KIND_DRAFT, "token", "draft-a");
	v = lookup_expect(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, "key-a");
	ao_secret_free(v);
	v = lookup_expect(f->store, URL_B, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, "key-b");
	ao_secret_free(v);
	v = lookup_expect(f->store, URL_A, AO_SECRET_KIND_DRAFT, "token", AO_OK);
	assert_string_equal(v, "draft-a");
	ao_secret_free(v);
	assert_null(lookup_expect(f->store, URL_B, AO_SECRET_KIND_DRAFT, "token", AO_ERR_NOT_FOUND));
	assert_null(lookup_expect(f->store, URL_A, AO_SECRET_KIND_DRAFT, "password", AO_ERR_NOT_FOUND));
}

/* logout: every platform key (any URL) and every draft credential */
static void test_clear_wildcards_and_list(void **state)
{
	struct fixture *f = *state;
	struct ao_secret_ref keys = { .kind = AO_SECRET_KIND_PLATFORM_KEY };
	struct ao_secret_ref drafts_a = { .api_url = URL_A, .kind = AO_SECRET_KIND_DRAFT };
	struct ao_secret_result r;
	size_t i;

	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, "key-a");
	put_ok(f->store, URL_B, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, "key-b");
	put_ok(f->store, URL_A, AO_SECRET_KIND_DRAFT, "token", "draft-1");
	put_ok(f->store, URL_A, AO_SECRET_KIND_DRAFT, "password", "draft-2");
	put_ok(f->store, URL_B, AO_SECRET_KIND_DRAFT, "token", "draft-3");

	assert_int_equal(ao_secret_list(f->store, &keys, &r), AO_OK);
	assert_int_equal(r.n_items, 2);
	assert_null(r.value);
	ao_secret_result_clear(&r);

	assert_int_equal(ao_secret_clear(f->store, &drafts_a, &r), AO_OK);
	assert_int_equal(r.n_items, 2);
	for (i = 0; i < r.n_items; i++) {
		assert_string_equal(r.items[i].api_url, URL_A);
		assert_string_equal(r.items[i].kind, AO_SECRET_KIND_DRAFT);
		assert_null(strstr(r.items[i].label, "draft-"));
	}
	ao_secret_result_clear(&r);
	assert_null(lookup_expect(f->store, URL_A, AO_SECRET_KIND_DRAFT, "token", AO_ERR_NOT_FOUND));
	ao_secret_free(lookup_expect(f->store, URL_B, AO_SECRET_KIND_DRAFT, "token", AO_OK));

	assert_int_equal(ao_secret_clear(f->store, &keys, &r), AO_OK);
	assert_int_equal(r.n_items, 2);
	ao_secret_result_clear(&r);
	assert_null(lookup_expect(f->store, URL_B, AO_SECRET_KIND_PLATFORM_KEY,
	                          AO_SECRET_ID_PLATFORM_KEY, AO_ERR_NOT_FOUND));
}

static void test_bad_refs_refused(void **state)
{
	struct fixture *f = *state;
	struct ao_secret_ref no_id = { .api_url = URL_A, .kind = AO_SECRET_KIND_DRAFT };
	struct ao_secret_ref no_kind = { .api_url = URL_A, .id = "x" };
	struct ao_secret_ref ok = ao_secret_ref_platform_key(URL_A);
	struct ao_secret_result r;

	assert_int_equal(ao_secret_put(f->store, &no_id, "v", &r), AO_ERR_USAGE);
	ao_secret_result_clear(&r);
	assert_int_equal(ao_secret_lookup(f->store, &no_id, &r), AO_ERR_USAGE);
	ao_secret_result_clear(&r);
	assert_int_equal(ao_secret_clear(f->store, &no_kind, &r), AO_ERR_USAGE);
	ao_secret_result_clear(&r);
	assert_int_equal(ao_secret_put(f->store, &ok, "", &r), AO_ERR_USAGE);
	ao_secret_result_clear(&r);
}

/* The event-loop form: the fd becomes readable, collect takes the result once. */
static void test_job_fd(void **state)
{
	struct fixture *f = *state;
	struct ao_secret_ref ref = ao_secret_ref_platform_key(URL_A);
	struct ao_secret_job *j;
	struct ao_secret_result r;
	struct pollfd p;

	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, SECRET_UTF8);
	j = ao_secret_job_start(f->store, AO_SECRET_OP_LOOKUP, &ref, NULL, 0);
	p.fd = ao_secret_job_fd(j);
	p.events = POLLIN;
	assert_true(p.fd >= 0);
	assert_int_equal(poll(&p, 1, AO_SECRET_TIMEOUT_MS + 1000), 1);
	assert_true(ao_secret_job_done(j));
	assert_int_equal(ao_secret_job_collect(j, &r), AO_OK);
	assert_string_equal(r.value, SECRET_UTF8);
	ao_secret_result_clear(&r);
	assert_int_equal(ao_secret_job_collect(j, &r), -1);
	ao_secret_job_free(j);

	/* a job freed unread, and the store freed before a job */
	j = ao_secret_job_start(f->store, AO_SECRET_OP_CHECK, NULL, NULL, 0);
	ao_secret_job_free(j);
	ao_secret_job_free(NULL);
}

static void test_platform_key_resolve(void **state)
{
	struct fixture *f = *state;
	struct ao_platform_key k;

	unsetenv("SCOPE3_API_KEY");
	assert_int_equal(ao_platform_key_resolve(f->store, URL_A, &k), AO_ERR_NOT_FOUND);
	assert_null(k.key);
	assert_int_equal(k.source, AO_KEY_NONE);
	assert_non_null(strstr(k.where, "nowhere"));
	ao_platform_key_clear(&k);

	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, "stored-key");
	assert_int_equal(ao_platform_key_resolve(f->store, URL_A, &k), AO_OK);
	assert_string_equal(k.key, "stored-key");
	assert_int_equal(k.source, f->keyring ? AO_KEY_KEYRING : AO_KEY_MEMORY);
	assert_non_null(strstr(k.where, ao_secret_store_where(f->store)));
	assert_null(strstr(k.where, "stored-key"));
	ao_platform_key_clear(&k);

	/* the environment wins */
	setenv("SCOPE3_API_KEY", "env-key", 1);
	assert_int_equal(ao_platform_key_resolve(f->store, URL_A, &k), AO_OK);
	assert_string_equal(k.key, "env-key");
	assert_int_equal(k.source, AO_KEY_ENV);
	assert_string_equal(k.where, "SCOPE3_API_KEY (environment)");
	ao_platform_key_clear(&k);
	/* an empty variable is not a key */
	setenv("SCOPE3_API_KEY", "", 1);
	assert_int_equal(ao_platform_key_resolve(NULL, URL_A, &k), AO_ERR_NOT_FOUND);
	ao_platform_key_clear(&k);
	unsetenv("SCOPE3_API_KEY");
	ao_platform_key_clear(NULL);
}

/* ---- keyring only: what is really in the Secret Service -------------------------- */

static const SecretSchema test_schema = {
	.name = AO_SECRET_SCHEMA,
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ "api_url", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

static void assert_no_secret_in(const char *text, const char *secret)
{
	if (text != NULL && strstr(text, secret) != NULL)
		fail_msg("the secret appears in \"%s\"", text);
}

/* Reads the stored items directly (not through the store) and checks that
 * only the value holds the secret. */
static void test_attributes_and_labels_hold_no_secret(void **state)
{
	struct fixture *f = *state;
	GError *e = NULL;
	GHashTable *want = g_hash_table_new(g_str_hash, g_str_equal);
	SecretService *svc;
	GList *items, *l;
	int n = 0;

	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, SECRET_UTF8);
	put_ok(f->store, URL_A, AO_SECRET_KIND_DRAFT, "token", SECRET_ASCII);
	svc = secret_service_get_sync(SECRET_SERVICE_NONE, NULL, &e);
	assert_non_null(svc);
	g_hash_table_insert(want, (gpointer)"api_url", (gpointer)URL_A);
	items = secret_service_search_sync(svc, &test_schema, want,
	                                   SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS, NULL, &e);
	assert_null(e);
	for (l = items; l != NULL; l = l->next, n++) {
		SecretItem *it = l->data;
		GHashTable *a = secret_item_get_attributes(it);
		gchar *label = secret_item_get_label(it);
		SecretValue *sv = secret_item_get_secret(it);
		GHashTableIter hi;
		gpointer k, v;

		assert_string_equal(g_hash_table_lookup(a, "xdg:schema"), AO_SECRET_SCHEMA);
		g_hash_table_iter_init(&hi, a);
		while (g_hash_table_iter_next(&hi, &k, &v)) {
			assert_no_secret_in(k, SECRET_ASCII);
			assert_no_secret_in(v, SECRET_ASCII);
			assert_no_secret_in(v, SECRET_UTF8);
			assert_no_secret_in(v, "pässwörd");
		}
		assert_no_secret_in(label, SECRET_ASCII);
		assert_no_secret_in(label, "pässwörd");
		assert_non_null(strstr(label, "agent-onboard: "));
		assert_non_null(sv);
		assert_true(strcmp(secret_value_get_text(sv), SECRET_UTF8) == 0 ||
		            strcmp(secret_value_get_text(sv), SECRET_ASCII) == 0);
		secret_value_unref(sv);
		g_free(label);
		g_hash_table_unref(a);
	}
	assert_int_equal(n, 2);
	g_list_free_full(items, g_object_unref);
	g_hash_table_unref(want);
	g_object_unref(svc);
}

/* An item seeded with secret-tool under our schema name is found: what the
 * e2e tests and users' own scripts rely on. */
static void test_seeded_by_secret_tool(void **state)
{
	struct fixture *f = *state;
	char *v;
	int rc = system("printf %s 'seeded-value' | secret-tool store --label=seeded "
	                "xdg:schema " AO_SECRET_SCHEMA " api_url " URL_B " kind "
	                AO_SECRET_KIND_PLATFORM_KEY " id " AO_SECRET_ID_PLATFORM_KEY);

	assert_int_equal(rc, 0);
	v = lookup_expect(f->store, URL_B, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, "seeded-value");
	ao_secret_free(v);
}

/* -- locking and unlocking the login collection, headless -- */

static SecretCollection *default_collection(SecretService *svc)
{
	GError *e = NULL;
	SecretCollection *c = secret_collection_for_alias_sync(svc, SECRET_COLLECTION_DEFAULT,
	                                                       SECRET_COLLECTION_NONE, NULL, &e);
	if (c == NULL)
		fail_msg("no default collection: %s", e ? e->message : "NULL");
	return c;
}

static void lock_default(void)
{
	GError *e = NULL;
	SecretService *svc = secret_service_get_sync(SECRET_SERVICE_NONE, NULL, &e);
	SecretCollection *c = default_collection(svc);
	GList one = { .data = c };

	if (secret_service_lock_sync(svc, &one, NULL, NULL, &e) != 1)
		fail_msg("lock: %s", e ? e->message : "nothing locked");
	g_object_unref(c);
	g_object_unref(svc);
}

/* Unlocking normally shows a GUI prompt.  gnome-keyring also has a
 * prompt-less D-Bus method taking the password as a Secret Service secret,
 * encrypted for our session: UnlockWithMasterPassword. */
static void unlock_default(void)
{
	GError *e = NULL;
	SecretService *svc = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, NULL, &e);
	SecretCollection *c;
	SecretValue *pw;
	GVariant *enc, *ret;
	const char *password = getenv("AO_TEST_KEYRING_PASSWORD");

	assert_non_null(svc);
	assert_non_null(password);
	c = default_collection(svc);
	pw = secret_value_new(password, -1, "text/plain");
	enc = secret_service_encode_dbus_secret(svc, pw);
	ret = g_dbus_connection_call_sync(g_dbus_proxy_get_connection(G_DBUS_PROXY(svc)),
	                                  g_dbus_proxy_get_name(G_DBUS_PROXY(svc)),
	                                  "/org/freedesktop/secrets",
	                                  "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
	                                  "UnlockWithMasterPassword",
	                                  g_variant_new("(o@(oayays))",
	                                                g_dbus_proxy_get_object_path(G_DBUS_PROXY(c)), enc),
	                                  NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &e);
	if (ret == NULL)
		fail_msg("unlock: %s", e->message);
	g_variant_unref(ret);
	secret_value_unref(pw);
	g_object_unref(c);
	g_object_unref(svc);
}

static void test_locked_collection(void **state)
{
	struct fixture *f = *state;
	struct ao_secret_ref ref = ao_secret_ref_platform_key(URL_A);
	struct ao_secret_ref drafts = { .kind = AO_SECRET_KIND_DRAFT };
	struct ao_secret_result r;
	char *v;

	put_ok(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, SECRET_ASCII);
	lock_default();

	assert_int_equal(ao_secret_check(f->store, &r), AO_ERR_KEYRING);
	assert_int_equal(r.check.cause, AO_KEYRING_LOCKED);
	assert_non_null(strstr(r.check.detail, "locked"));
	ao_secret_result_clear(&r);

	/* libsecret's lookup returns NULL without an error here: the store
	 * must not turn that into "not found" */
	assert_int_equal(ao_secret_lookup(f->store, &ref, &r), AO_ERR_KEYRING);
	assert_int_equal(r.check.cause, AO_KEYRING_LOCKED);
	assert_null(r.value);
	ao_secret_result_clear(&r);

	assert_int_equal(ao_secret_put(f->store, &ref, "other", &r), AO_ERR_KEYRING);
	assert_int_equal(r.check.cause, AO_KEYRING_LOCKED);
	ao_secret_result_clear(&r);

	/* logout must say the item remains, not that it is gone */
	assert_int_equal(ao_secret_clear(f->store, &ref, &r), AO_ERR_KEYRING);
	assert_int_equal(r.check.cause, AO_KEYRING_LOCKED);
	assert_int_equal(r.n_items, 0);
	ao_secret_result_clear(&r);
	/* nothing matching and locked: cannot claim there is nothing */
	assert_int_equal(ao_secret_clear(f->store, &drafts, &r), AO_ERR_KEYRING);
	assert_int_equal(r.check.cause, AO_KEYRING_LOCKED);
	ao_secret_result_clear(&r);

	unlock_default();
	assert_int_equal(ao_secret_check(f->store, &r), AO_OK);
	ao_secret_result_clear(&r);
	v = lookup_expect(f->store, URL_A, AO_SECRET_KIND_PLATFORM_KEY, AO_SECRET_ID_PLATFORM_KEY, AO_OK);
	assert_string_equal(v, SECRET_ASCII);
	ao_secret_free(v);
}

/* ---- other environments, in a child ----------------------------------------------- */

/* This program, for re-running it as a child: argv[0] (under valgrind,
 * /proc/self/exe is valgrind itself). */
static char self_path[4096] = "/proc/self/exe";

struct child_out {
	char text[2048];
	long long wall_ms;
	int exit_status;
};

/* env: NAME=VALUE to set, or NAME alone to remove; NULL-terminated. */
static void run_child(const char *mode, const char *const *env, struct child_out *co)
{
	char **envp;
	size_t n = 0, m = 0, i, k;
	int p[2], st;
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"test_secret_store", (char *)"--child", (char *)mode, NULL };
	pid_t pid;
	ssize_t got;
	size_t len = 0;
	long long t0;

	while (environ[n] != NULL)
		n++;
	while (env[m] != NULL)
		m++;
	envp = xcalloc(n + m + 1, sizeof(*envp));
	for (i = 0, k = 0; i < n; i++) {
		size_t j, drop = 0;

		for (j = 0; j < m; j++) {
			size_t nl = strcspn(env[j], "=");

			if (strncmp(environ[i], env[j], nl) == 0 && environ[i][nl] == '=')
				drop = 1;
		}
		if (!drop)
			envp[k++] = environ[i];
	}
	for (i = 0; i < m; i++)
		if (strchr(env[i], '=') != NULL)
			envp[k++] = (char *)env[i];
	assert_int_equal(pipe(p), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	t0 = now_ms();
	assert_int_equal(posix_spawn(&pid, self_path, &fa, NULL, argv, envp), 0);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	while ((got = read(p[0], co->text + len, sizeof(co->text) - 1 - len)) > 0)
		len += (size_t)got;
	co->text[len] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	co->wall_ms = now_ms() - t0;
	co->exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	printf("    child %s (%lld ms): %s", mode, co->wall_ms, co->text);
	free(envp);
}

static long field_long(const char *text, const char *name)
{
	const char *p = strstr(text, name);

	if (p == NULL)
		fail_msg("no %s in child output: %s", name, text);
	return strtol(p + strlen(name), NULL, 10);
}

static void assert_cause(const struct child_out *co, const char *cause)
{
	char want[64];

	snprintf(want, sizeof(want), "cause=%s ", cause);
	if (strstr(co->text, want) == NULL)
		fail_msg("expected %s, child said: %s", want, co->text);
}

static void test_no_bus_is_immediate(void **state)
{
	char empty[] = "/tmp/ao-nobus.XXXXXX", rt[64];
	struct child_out co;
	(void)state;

	assert_non_null(mkdtemp(empty));
	snprintf(rt, sizeof(rt), "XDG_RUNTIME_DIR=%s", empty);
	{
		/* DISPLAY set: GLib would spawn dbus-launch if it were asked */
		const char *env[] = { "DBUS_SESSION_BUS_ADDRESS", rt, "DISPLAY=:93", NULL };

		run_child("check", env, &co);
	}
	rmdir(empty);
	assert_int_equal(co.exit_status, 0);
	assert_cause(&co, "no_bus");
	assert_non_null(strstr(co.text, "DBUS_SESSION_BUS_ADDRESS is not set and"));
	assert_non_null(strstr(co.text, "/bus does not exist"));
	/* decided before any bus call: the cause is no_bus, not timeout (a
	 * bus attempt would have run into the 3 s deadline); the ceiling is
	 * only against a hang, far below libsecret's own 25 s */
	assert_true(field_long(co.text, "elapsed=") < AO_SECRET_TIMEOUT_MS);
	assert_non_null(strstr(co.text, "where=nowhere: the keyring cannot be used (no session bus)"));
	assert_true(co.wall_ms < HANG_CEILING_MS);
	{
		/* the lookup path and the platform key say the same */
		const char *env[] = { "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "SCOPE3_API_KEY", NULL };

		run_child("resolve", env, &co);
	}
	assert_cause(&co, "no_bus");
	assert_non_null(strstr(co.text, "status=not-found"));
	assert_non_null(strstr(co.text, "XDG_RUNTIME_DIR are not set"));
	{
		const char *env[] = { "DBUS_SESSION_BUS_ADDRESS=autolaunch:", NULL };

		run_child("check", env, &co);
	}
	assert_cause(&co, "no_bus");
}

static void test_dead_bus_address(void **state)
{
	const char *env[] = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/ao-test-bus", NULL };
	struct child_out co;
	(void)state;

	run_child("check", env, &co);
	assert_cause(&co, "no_bus");
	assert_non_null(strstr(co.text, "cannot connect to the session bus"));
	assert_true(co.wall_ms < HANG_CEILING_MS);
}

/* A private dbus-daemon with its own service directory. */
struct bus {
	char dir[64];
	char addr[700];
	pid_t pid;
};

static void bus_start(struct bus *b, const char *service_exec)
{
	char path[256], line[600];
	FILE *fp;
	int p[2];
	ssize_t got;
	size_t len = 0;
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"dbus-daemon", NULL, (char *)"--nofork", (char *)"--print-address=3", NULL };
	char cfgarg[300];

	snprintf(b->dir, sizeof(b->dir), "/tmp/ao-bus.XXXXXX");
	assert_non_null(mkdtemp(b->dir));
	snprintf(path, sizeof(path), "%s/services", b->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	if (service_exec != NULL) {
		snprintf(path, sizeof(path), "%s/services/org.freedesktop.secrets.service", b->dir);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fprintf(fp, "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n", service_exec);
		fclose(fp);
	}
	snprintf(path, sizeof(path), "%s/bus.conf", b->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp,
	        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
	        " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
	        "<busconfig><type>session</type><listen>unix:path=%s/bus</listen>\n"
	        "<auth>EXTERNAL</auth><servicedir>%s/services</servicedir>\n"
	        "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
	        "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n",
	        b->dir, b->dir);
	fclose(fp);
	snprintf(cfgarg, sizeof(cfgarg), "--config-file=%s", path);
	argv[1] = cfgarg;
	assert_int_equal(pipe(p), 0);
	posix_spawn_file_actions_init(&fa);
	/* close first: p[0] may well be fd 3 */
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_adddup2(&fa, p[1], 3);
	/* activated services inherit these: keep them off the test's output */
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	assert_int_equal(posix_spawnp(&b->pid, "dbus-daemon", &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	/* the daemon prints its address once it listens: no sleep needed */
	while (len < sizeof(line) - 1 && (got = read(p[0], line + len, 1)) == 1 && line[len] != '\n')
		len++;
	line[len] = '\0';
	close(p[0]);
	if (len == 0)
		fail_msg("dbus-daemon did not start");
	snprintf(b->addr, sizeof(b->addr), "DBUS_SESSION_BUS_ADDRESS=%s", line);
}

static void bus_stop(struct bus *b)
{
	char cmd[128];

	kill(b->pid, SIGTERM);
	waitpid(b->pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", b->dir);
}

static void test_no_secret_service(void **state)
{
	struct bus b;
	struct child_out co;
	(void)state;

	bus_start(&b, NULL);
	{
		const char *env[] = { b.addr, NULL };

		run_child("check", env, &co);
	}
	bus_stop(&b);
	assert_cause(&co, "no_service");
	assert_non_null(strstr(co.text, "org.freedesktop.secrets"));
	assert_true(co.wall_ms < HANG_CEILING_MS);
}

/* The service's activation never completes: libsecret alone would block
 * for 25 s.  The store must give up at its deadline with TIMEOUT. */
static void test_stalled_service_times_out(void **state)
{
	struct bus b;
	struct child_out co;
	long elapsed;
	(void)state;

	bus_start(&b, "/bin/sleep 6");
	{
		const char *env[] = { b.addr, NULL };

		run_child("check", env, &co);
		assert_cause(&co, "timeout");
		elapsed = field_long(co.text, "elapsed=");
		/* it waited for its own deadline (never less), and gave up by
		 * itself: cause timeout, long before libsecret's 25 s */
		assert_true(elapsed >= AO_SECRET_TIMEOUT_MS - 50);
		assert_true(elapsed < HANG_CEILING_MS);
		assert_true(co.wall_ms < HANG_CEILING_MS);

		/* the job form: starting does not block, the fd is not ready
		 * early, and it is ready at the deadline */
		run_child("job", env, &co);
		assert_cause(&co, "timeout");
		assert_true(field_long(co.text, "start_ms=") < AO_SECRET_TIMEOUT_MS);
		assert_true(field_long(co.text, "ready_early=") == 0);
		assert_true(co.wall_ms < HANG_CEILING_MS);

		/* Esc: a cancel answers at once */
		run_child("cancel", env, &co);
		/* the cause is "cancelled", not "timeout": the cancel acted
		 * before the deadline did */
		assert_cause(&co, "cancelled");
		assert_true(field_long(co.text, "cancel_ms=") < AO_SECRET_TIMEOUT_MS);
	}
	bus_stop(&b);
}

/* The child side: prints one line describing what it got. */
static int child_main(const char *mode)
{
	struct ao_secret_store *s = ao_secret_store_new_keyring();
	struct ao_secret_ref ref = ao_secret_ref_platform_key(URL_A);
	struct ao_secret_result r;
	long long t0 = now_ms();

	if (strcmp(mode, "check") == 0) {
		ao_secret_check(s, &r);
	} else if (strcmp(mode, "resolve") == 0) {
		struct ao_platform_key k;
		enum ao_status st = ao_platform_key_resolve(s, URL_A, &k);

		printf("status=%s cause=%s detail=%s where=%s\n", st == AO_ERR_NOT_FOUND ? "not-found" : "other",
		       ao_keyring_cause_id(k.keyring.cause), k.keyring.detail, k.where);
		ao_platform_key_clear(&k);
		ao_secret_store_free(s);
		return 0;
	} else if (strcmp(mode, "job") == 0 || strcmp(mode, "cancel") == 0) {
		struct ao_secret_job *j = ao_secret_job_start(s, AO_SECRET_OP_LOOKUP, &ref, NULL, 0);
		long long started = now_ms() - t0;
		struct pollfd p = { .fd = ao_secret_job_fd(j), .events = POLLIN };
		int early = poll(&p, 1, 200);

		if (strcmp(mode, "cancel") == 0) {
			long long c0 = now_ms();

			ao_secret_job_cancel(j);
			poll(&p, 1, 5000);
			printf("cancel_ms=%lld ", now_ms() - c0);
		} else {
			poll(&p, 1, 10000);
		}
		ao_secret_job_collect(j, &r);
		ao_secret_job_free(j);
		printf("start_ms=%lld ready_early=%d ", started, early);
	} else {
		return 2;
	}
	{
		char *where = ao_secret_destination(s, &r.check);

		printf("status=%d cause=%s elapsed=%ld detail=%s where=%s\n", r.status,
		       ao_keyring_cause_id(r.check.cause), r.check.elapsed_ms, r.check.detail, where);
		free(where);
	}
	ao_secret_result_clear(&r);
	ao_secret_store_free(s);
	return 0;
}

/* ---- the cause table -------------------------------------------------------------- */

static void test_every_cause_has_a_fix(void **state)
{
	enum ao_keyring_cause c;
	(void)state;

	assert_string_equal(ao_keyring_cause_fix(AO_KEYRING_OK), "");
	for (c = AO_KEYRING_NO_BUS; c <= AO_KEYRING_OTHER; c++) {
		assert_true(strlen(ao_keyring_cause_fix(c)) > 5);
		assert_true(strlen(ao_keyring_cause_name(c)) > 0);
		if (c != AO_KEYRING_CANCELLED)
			assert_non_null(strstr(ao_keyring_cause_fix(c), "SCOPE3_API_KEY"));
	}
	assert_non_null(strstr(ao_keyring_cause_fix(AO_KEYRING_NO_BUS), "dbus-run-session"));
	assert_string_equal(ao_keyring_cause_id(AO_KEYRING_LOCKED), "locked");
	assert_string_equal(ao_keyring_cause_name((enum ao_keyring_cause)99), "keyring error");
}

static void test_label_never_holds_value(void **state)
{
	struct ao_secret_ref d = { .api_url = URL_A "/", .kind = AO_SECRET_KIND_DRAFT, .id = "token" };
	struct ao_secret_ref k = ao_secret_ref_platform_key(URL_A);
	char *l;
	(void)state;

	l = ao_secret_label(&k);
	assert_string_equal(l, "agent-onboard: Scope3 API key for " URL_A);
	free(l);
	l = ao_secret_label(&d);
	assert_non_null(strstr(l, "\"token\""));
	assert_non_null(strstr(l, URL_A ")"));
	free(l);
}

/* The same functions run twice; the names say against which backend. */
#define CONTRACT(name) { "memory: " #name, name, setup_memory, teardown, NULL }
#define KEYRING(name) { "keyring: " #name, name, setup_keyring, teardown, NULL }

int main(int argc, char **argv)
{
	/* One group, so tests/run.sh reads one PASSED/FAILED summary. */
	const struct CMUnitTest tests[] = {
		/* the contract against the memory backend */
		CONTRACT(test_check_ok),
		CONTRACT(test_round_trip),
		CONTRACT(test_items_are_separate),
		CONTRACT(test_clear_wildcards_and_list),
		CONTRACT(test_bad_refs_refused),
		CONTRACT(test_job_fd),
		CONTRACT(test_platform_key_resolve),
		cmocka_unit_test(test_every_cause_has_a_fix),
		cmocka_unit_test(test_label_never_holds_value),
		/* the same contract against gnome-keyring, and what only it has */
		KEYRING(test_check_ok),
		KEYRING(test_round_trip),
		KEYRING(test_items_are_separate),
		KEYRING(test_clear_wildcards_and_list),
		KEYRING(test_bad_refs_refused),
		KEYRING(test_job_fd),
		KEYRING(test_platform_key_resolve),
		KEYRING(test_attributes_and_labels_hold_no_secret),
		KEYRING(test_seeded_by_secret_tool),
		KEYRING(test_locked_collection),
		/* the keyring's failure causes, each in its own environment */
		cmocka_unit_test(test_no_bus_is_immediate),
		cmocka_unit_test(test_dead_bus_address),
		cmocka_unit_test(test_no_secret_service),
		cmocka_unit_test(test_stalled_service_times_out),
	};

	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		return child_main(argv[2]);
	if (strchr(argv[0], '/') != NULL && realpath(argv[0], self_path) == NULL)
		snprintf(self_path, sizeof(self_path), "/proc/self/exe");
	return cmocka_run_group_tests_name("secret store", tests, NULL, NULL);
}
