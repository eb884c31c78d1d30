/* SPDX-License-Identifier: MIT */
/* The step machine, answers files, drafts and private atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "agent-onboard/core/files.h"
#include "agent-onboard/core/steps.h"
#include "agent-onboard/core/user_file.h"
#include "agent-onboard/core/xalloc.h"

static void
walk(const struct ao_answers *a, enum ao_step *out, size_t *n)
{
	enum ao_step s = AO_STEP_PLATFORM;

	*n = 0;
	out[(*n)++] = s;
	while (s != AO_STEP_RESULT) {
		s = ao_step_next(a, s);
		out[(*n)++] = s;
	}
}

static void
test_step_order_source_api_key(void **state)
{
	static const enum ao_step want[] = {
		AO_STEP_PLATFORM, AO_STEP_KIND, AO_STEP_IDENTITY, AO_STEP_AGENT, AO_STEP_ENDPOINT,
		AO_STEP_AUTH_TYPE, AO_STEP_CREDENTIALS, AO_STEP_EXTRAS, AO_STEP_REVIEW, AO_STEP_SUBMIT,
		AO_STEP_WAIT, AO_STEP_RESULT };
	enum ao_step got[AO_STEP_COUNT];
	struct ao_answers a;
	size_t n;
	int idx;

	(void)state;
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "inventory-source");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "API_KEY");
	walk(&a, got, &n);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	assert_memory_equal(got, want, sizeof(want));
	idx = ao_step_number(&a, AO_STEP_IDENTITY);
	assert_int_equal(idx, 3);
	ao_answers_clear(&a);
}

/* Issue 13: "6 of 8" became "7 of 9" as the choices were made.  Walking
 * forward with every kind and auth type, choosing each on its own step,
 * the number grows by exactly one per step, and making a choice never
 * renumbers the step it is made on. */
static void
test_step_number_never_jumps(void **state)
{
	static const char *const kinds[] = { "inventory-source", "partner-agent" };
	static const char *const auths[] = { "API_KEY", "JWT", "BASIC_AUTH", "NO_AUTH", "OAUTH" };
	size_t k, u;

	(void)state;
	for (k = 0; k < 2; k++) {
		for (u = 0; u < 5; u++) {
			struct ao_answers a;
			enum ao_step s = AO_STEP_PLATFORM;
			int shown;

			ao_answers_init(&a);
			shown = ao_step_number(&a, s);
			assert_int_equal(shown, 1);
			while (s < AO_STEP_REVIEW) {
				if (s == AO_STEP_KIND)
					ao_answers_set(&a, AO_F_KIND, kinds[k]);
				if (s == AO_STEP_AUTH_TYPE)
					ao_answers_set(&a, AO_F_AUTH_TYPE, auths[u]);
				assert_int_equal(ao_step_number(&a, s), shown);
				s = ao_step_next(&a, s);
				assert_int_equal(ao_step_number(&a, s), shown + 1);
				shown++;
			}
			ao_answers_clear(&a);
		}
	}
}

static void
test_step_order_skips(void **state)
{
	enum ao_step got[AO_STEP_COUNT];
	struct ao_answers a;
	size_t n, i;
	int saw_partner = 0, saw_credentials = 0;

	(void)state;
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "partner-agent");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "OAUTH");
	walk(&a, got, &n);
	for (i = 0; i < n; i++) {
		saw_partner |= got[i] == AO_STEP_PARTNER;
		saw_credentials |= got[i] == AO_STEP_CREDENTIALS;
	}
	assert_true(saw_partner);
	assert_false(saw_credentials);   /* OAUTH: nothing to type */
	assert_int_equal(ao_step_next(&a, AO_STEP_AUTH_TYPE), AO_STEP_EXTRAS);
	assert_int_equal(ao_step_prev(&a, AO_STEP_EXTRAS), AO_STEP_AUTH_TYPE);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "NO_AUTH");
	assert_int_equal(ao_step_next(&a, AO_STEP_AUTH_TYPE), AO_STEP_EXTRAS);
	ao_answers_set(&a, AO_F_KIND, "inventory-source");
	assert_int_equal(ao_step_next(&a, AO_STEP_KIND), AO_STEP_IDENTITY);
	assert_int_equal(ao_step_prev(&a, AO_STEP_IDENTITY), AO_STEP_KIND);
	assert_int_equal(ao_step_prev(&a, AO_STEP_PLATFORM), AO_STEP_PLATFORM);
	assert_int_equal(ao_step_next(&a, AO_STEP_RESULT), AO_STEP_RESULT);
	ao_answers_clear(&a);
}

static void
test_step_fields_follow_auth_type(void **state)
{
	enum ao_field f[AO_FIELD_COUNT];
	struct ao_answers a;

	(void)state;
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "inventory-source");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "BASIC_AUTH");
	assert_int_equal(ao_step_fields(&a, AO_STEP_CREDENTIALS, f, AO_FIELD_COUNT), 2);
	assert_int_equal(f[0], AO_F_BASIC_USERNAME);
	assert_int_equal(f[1], AO_F_BASIC_PASSWORD);
	ao_answers_set(&a, AO_F_AUTH_TYPE, "JWT");
	assert_int_equal(ao_step_fields(&a, AO_STEP_CREDENTIALS, f, AO_FIELD_COUNT), 9);
	assert_int_equal(ao_step_fields(&a, AO_STEP_IDENTITY, f, AO_FIELD_COUNT), 2);
	assert_int_equal(ao_step_fields(&a, AO_STEP_EXTRAS, f, AO_FIELD_COUNT), 1);
	ao_answers_set(&a, AO_F_KIND, "partner-agent");
	assert_int_equal(ao_step_fields(&a, AO_STEP_IDENTITY, f, AO_FIELD_COUNT), 1);
	assert_int_equal(ao_step_fields(&a, AO_STEP_EXTRAS, f, AO_FIELD_COUNT), 3);
	ao_answers_clear(&a);
}

static void
test_step_check_and_first_invalid(void **state)
{
	struct ao_problems p;
	struct ao_answers a;

	(void)state;
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "inventory-source");
	assert_int_equal(ao_step_first_invalid(&a), AO_STEP_IDENTITY);
	assert_int_equal(ao_step_check(&a, AO_STEP_IDENTITY, &p), 1);
	assert_int_equal(p.item[0].field, AO_F_NAME);
	ao_answers_set(&a, AO_F_NAME, "x");
	assert_int_equal(ao_step_first_invalid(&a), AO_STEP_AGENT);
	assert_int_equal(ao_step_by_name("credentials"), AO_STEP_CREDENTIALS);
	assert_int_equal(ao_step_by_name("nope"), -1);
	ao_answers_clear(&a);
}

static void
test_answers_file_roundtrip(void **state)
{
	struct ao_answers a, b;
	char msg[1024], *text;

	(void)state;
	ao_answers_init(&a);
	ao_answers_set(&a, AO_F_KIND, "partner-agent");
	ao_answers_set(&a, AO_F_PARTNER_ID, "42");
	ao_answers_set(&a, AO_F_NAME, "日本の広告");
	ao_answers_set(&a, AO_F_AUTH_TYPE, "API_KEY");
	ao_answers_set(&a, AO_F_API_TOKEN, "NEVER-SAVED");
	ao_answers_set(&a, AO_F_BASIC_USERNAME, "hidden-for-api-key");
	ao_answers_set(&a, AO_F_ACCOUNT_POLICY, "advertiser_account,marketplace_account");
	text = ao_answers_save(&a);
	assert_not_contains(text, "NEVER-SAVED");
	assert_not_contains(text, "hidden-for-api-key");
	assert_contains(text, "\"accountPolicy\":\t[\"advertiser_account\", \"marketplace_account\"]");
	ao_answers_init(&b);
	assert_int_equal(ao_answers_load(text, strlen(text), &b, msg, sizeof(msg)), 0);
	assert_string_equal(ao_answers_get(&b, AO_F_NAME), "日本の広告");
	assert_string_equal(ao_answers_get(&b, AO_F_ACCOUNT_POLICY), "advertiser_account,marketplace_account");
	assert_false(ao_answers_has(&b, AO_F_API_TOKEN));
	free(text);
	ao_answers_clear(&a);
	ao_answers_clear(&b);
}

static void
test_answers_file_reports_every_problem(void **state)
{
	struct ao_answers a;
	char msg[2048], *text;
	size_t len;

	(void)state;
	text = fixture("answers/several-mistakes.json", &len);
	ao_answers_init(&a);
	assert_int_equal(ao_answers_load(text, len, &a, msg, sizeof(msg)), -1);
	assert_contains(msg, "line 3: \"endpointURL\" is not a known field (did you mean \"endpointUrl\"?)");
	assert_contains(msg, "line 5: \"token\" is a secret");
	assert_contains(msg, "line 6: \"description\" must be a string");
	assert_contains(msg, "line 9: \"password\" is a secret");
	/* what could be read was read */
	assert_string_equal(ao_answers_get(&a, AO_F_NAME), "Acme");
	assert_string_equal(ao_answers_get(&a, AO_F_BASIC_USERNAME), "bob");
	free(text);
	ao_answers_clear(&a);
}

static void
test_answers_file_syntax_error_position(void **state)
{
	struct ao_answers a;
	char msg[512];
	const char *text = "{\n  \"name\": \"x\",\n  \"type\": SALES\n}\n";

	(void)state;
	ao_answers_init(&a);
	assert_int_equal(ao_answers_load(text, strlen(text), &a, msg, sizeof(msg)), -1);
	assert_contains(msg, "line 3, column 11");
	assert_int_equal(ao_answers_load("[1]", 3, &a, msg, sizeof(msg)), -1);
	assert_contains(msg, "one JSON object");
	ao_answers_clear(&a);
}

static void
test_answers_file_accepts_request_body(void **state)
{
	struct ao_answers a;
	char msg[1024], *text;
	size_t len;

	(void)state;
	text = fixture("answers/request-body-jwt.json", &len);
	ao_answers_init(&a);
	assert_int_equal(ao_answers_load(text, len, &a, msg, sizeof(msg)), 0);
	assert_int_equal(ao_answers_kind(&a), AO_KIND_SOURCE);   /* inferred from sourceId */
	assert_string_equal(ao_answers_get(&a, AO_F_AUTH_TYPE), "JWT");
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_ISSUER), "acme");
	assert_string_equal(ao_answers_get(&a, AO_F_JWT_KEY_FILE), "keys/agent.pem");
	free(text);
	ao_answers_clear(&a);
}

static void
test_draft_roundtrip_keeps_hidden_values(void **state)
{
	struct ao_draft d, e;
	char msg[256], *text;

	(void)state;
	ao_draft_init(&d);
	ao_answers_set(&d.answers, AO_F_KIND, "inventory-source");
	ao_answers_set(&d.answers, AO_F_AUTH_TYPE, "API_KEY");
	ao_answers_set(&d.answers, AO_F_BASIC_USERNAME, "kept-for-later");
	ao_answers_set(&d.answers, AO_F_API_TOKEN, "NEVER-IN-DRAFT");
	d.step = AO_STEP_CREDENTIALS;
	d.api_url = xstrdup("http://127.0.0.1:9");
	d.submit_started = 1;
	d.registered_id = xstrdup("acme");
	text = ao_draft_serialize(&d);
	assert_not_contains(text, "NEVER-IN-DRAFT");
	ao_draft_init(&e);
	assert_int_equal(ao_draft_parse(text, strlen(text), &e, msg, sizeof(msg)), 0);
	assert_int_equal(e.step, AO_STEP_CREDENTIALS);
	assert_string_equal(ao_answers_get(&e.answers, AO_F_BASIC_USERNAME), "kept-for-later");
	assert_true(e.submit_started);
	assert_string_equal(e.registered_id, "acme");
	assert_string_equal(e.api_url, "http://127.0.0.1:9");
	free(text);
	ao_draft_clear(&d);
	ao_draft_clear(&e);
}

static void
test_draft_is_lenient_but_never_trusts_secrets(void **state)
{
	const char *text = "{\"version\":99,\"step\":\"warp\",\"answers\":{\"name\":\"n\",\"token\":\"T\",\"future\":1}}";
	struct ao_draft d;
	char msg[256];

	(void)state;
	ao_draft_init(&d);
	assert_int_equal(ao_draft_parse(text, strlen(text), &d, msg, sizeof(msg)), 0);
	assert_int_equal(d.step, AO_STEP_PLATFORM);
	assert_string_equal(ao_answers_get(&d.answers, AO_F_NAME), "n");
	assert_false(ao_answers_has(&d.answers, AO_F_API_TOKEN));
	/* found by fuzzing: an array where the answers object belongs */
	assert_int_equal(ao_draft_parse("{\"answers\":[\"x\",{}],\"savedAt\":1e300}", 38, &d, msg, sizeof(msg)), 0);
	assert_int_equal(ao_draft_parse("{", 1, &d, msg, sizeof(msg)), -1);
	assert_contains(msg, "damaged");
	ao_draft_clear(&d);
}

/* Files a user names: a FIFO is refused at once (no writer needed, so no
 * hang), a device, a directory and a file over the limit too, each with a
 * sentence that says what it is. */
static void
test_user_file_opener_refuses_what_is_not_a_file(void **state)
{
	char dir[] = "/tmp/ao-unit.XXXXXX", *fifo, *big, *cmd;
	struct ao_buf b;
	int err, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fifo = xasprintf("%s/fifo", dir);
	big = xasprintf("%s/big", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	ao_buf_init(&b, 0);
	assert_int_equal(ao_buf_read_file(&b, fifo, 100), AO_ENOTREGULAR);   /* returns: no writer needed */
	assert_contains(ao_user_file_strerror(AO_ENOTREGULAR), "named pipe");
	assert_int_equal(ao_buf_read_file(&b, "/dev/zero", 100), AO_ENOTREGULAR);   /* would never end */
	assert_int_equal(ao_buf_read_file(&b, dir, 100), EISDIR);
	assert_contains(ao_user_file_strerror(EISDIR), "directory");
	fd = open(big, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4096), 0);
	close(fd);
	assert_int_equal(ao_buf_read_file(&b, big, 100), EFBIG);   /* refused by its size, unread */
	assert_null(b.data);
	fd = ao_user_file_open(big, 0, &err);
	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);   /* ordinary reads afterwards */
	close(fd);
	ao_buf_free(&b);
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fifo);
	free(big);
}

/* The state directory: a symbolic link (wherever it points) and a
 * directory others can write are refused with the fix; a planted
 * temporary file is never written through. */
static void
test_state_dir_is_checked(void **state)
{
	char dir[] = "/tmp/ao-unit.XXXXXX", msg[600], *real, *link, *shared, *path, *tmp, *cmd;
	struct ao_buf b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	real = xasprintf("%s/elsewhere", dir);
	link = xasprintf("%s/agent-onboard", dir);
	shared = xasprintf("%s/shared", dir);
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	assert_int_equal(ao_mkdir_private(link), ELOOP);
	ao_private_dir_problem(link, ELOOP, msg, sizeof(msg));
	assert_contains(msg, "symbolic link");
	assert_contains(msg, "Fix: rm");
	assert_int_equal(mkdir(shared, 0700), 0);
	assert_int_equal(chmod(shared, 0777), 0);
	assert_int_equal(ao_mkdir_private(shared), EPERM);
	ao_private_dir_problem(shared, EPERM, msg, sizeof(msg));
	assert_contains(msg, "chmod 700");
	assert_int_equal(chmod(shared, 0700), 0);
	assert_int_equal(ao_mkdir_private(shared), 0);
	/* a symbolic link planted where the temporary file goes */
	path = xasprintf("%s/draft.json", shared);
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	assert_int_equal(symlink(real, tmp), 0);
	assert_int_equal(ao_write_private_atomic(path, "safe", 4), 0);
	ao_buf_init(&b, 0);
	assert_int_equal(ao_buf_read_file(&b, path, 100), 0);
	assert_string_equal(b.data, "safe");
	ao_buf_free(&b);
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(real);
	free(link);
	free(shared);
	free(path);
	free(tmp);
}

static size_t locked_bytes;

static void
count_locks(const void *p, size_t len)
{
	(void)p;
	locked_bytes += len;
}

/* Secret copies ask to be locked in memory (mlock in the program); other
 * strings and buffers do not. */
static void
test_secret_buffers_are_locked(void **state)
{
	char *slot = NULL;
	struct ao_buf b;

	(void)state;
	ao_secret_memory_hook(count_locks);
	locked_bytes = 0;
	ao_set_string(&slot, "not secret", 0);
	assert_int_equal(locked_bytes, 0);
	ao_set_string(&slot, "a-token", 1);
	assert_int_equal(locked_bytes, 8);
	ao_set_string(&slot, NULL, 1);
	ao_buf_init(&b, 0);
	b.secret = 1;
	ao_buf_append(&b, "key", 3);
	assert_true(locked_bytes >= 8 + 4);
	ao_buf_free(&b);
	ao_secret_memory_hook(NULL);
}

static void
test_private_atomic_write(void **state)
{
	char dir[] = "/tmp/ao-unit.XXXXXX", *sub, *path;
	struct stat st;
	struct ao_buf b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/state/agent-onboard", dir);
	assert_int_equal(ao_mkdir_private(sub), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	path = xasprintf("%s/draft.json", sub);
	assert_int_equal(ao_write_private_atomic(path, "one", 3), 0);
	assert_int_equal(ao_write_private_atomic(path, "two!", 4), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	ao_buf_init(&b, 0);
	assert_int_equal(ao_buf_read_file(&b, path, 100), 0);
	assert_string_equal(b.data, "two!");
	ao_buf_free(&b);
	assert_int_not_equal(ao_write_private_atomic("/nonexistent-dir/x", "a", 1), 0);
	unlink(path);
	free(path);
	path = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	free(path);
	free(sub);
}

static void
test_state_dir(void **state)
{
	char *d;

	(void)state;
	setenv("XDG_STATE_HOME", "/x/state", 1);
	d = ao_state_dir();
	assert_string_equal(d, "/x/state/agent-onboard");
	free(d);
	setenv("XDG_STATE_HOME", "relative", 1);   /* invalid per the XDG spec */
	setenv("HOME", "/home/u", 1);
	d = ao_state_dir();
	assert_string_equal(d, "/home/u/.local/state/agent-onboard");
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_order_source_api_key),
		cmocka_unit_test(test_step_order_skips),
		cmocka_unit_test(test_step_number_never_jumps),
		cmocka_unit_test(test_step_fields_follow_auth_type),
		cmocka_unit_test(test_step_check_and_first_invalid),
		cmocka_unit_test(test_answers_file_roundtrip),
		cmocka_unit_test(test_answers_file_reports_every_problem),
		cmocka_unit_test(test_answers_file_syntax_error_position),
		cmocka_unit_test(test_answers_file_accepts_request_body),
		cmocka_unit_test(test_draft_roundtrip_keeps_hidden_values),
		cmocka_unit_test(test_draft_is_lenient_but_never_trusts_secrets),
		cmocka_unit_test(test_private_atomic_write),
		cmocka_unit_test(test_user_file_opener_refuses_what_is_not_a_file),
		cmocka_unit_test(test_state_dir_is_checked),
		cmocka_unit_test(test_secret_buffers_are_locked),
		cmocka_unit_test(test_state_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
