/* SPDX-License-Identifier: MIT */
/* The wizard's pieces that need no terminal: OSC 52 sequences (plain, tmux
 * and GNU screen passthrough), the browser policy (never over SSH, only
 * with a display), QR rendering, and the session's texts and navigation
 * (the equivalent create command never carries a secret, the slug follows
 * the name until sourceId is edited, server errors stick to their field
 * until it changes, back never loses values, drafts hold no secret). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/browser.h"
#include "agent-onboard/ui/osc52.h"
#include "agent-onboard/ui/qr.h"
#include "agent-onboard/ui/session.h"

/* ---- OSC 52 -------------------------------------------------------------------- */

static void
test_osc52_plain(void **state)
{
	size_t len;
	char *seq = ao_osc52_build("hello", NULL, NULL, &len);

	(void)state;
	assert_string_equal(seq, "\033]52;c;aGVsbG8=\a");
	assert_int_equal(len, strlen(seq));
	free(seq);
	seq = ao_osc52_build("ab", NULL, NULL, &len);
	assert_string_equal(seq, "\033]52;c;YWI=\a");
	free(seq);
	seq = ao_osc52_build("abc", NULL, NULL, &len);
	assert_string_equal(seq, "\033]52;c;YWJj\a");
	free(seq);
}

static void
test_osc52_tmux_sends_both(void **state)
{
	size_t len;
	char *seq = ao_osc52_build("hello", "/tmp/tmux-0/default,1,0", NULL, &len);

	(void)state;
	/* plain (set-clipboard on) then DCS passthrough with ESC doubled */
	assert_string_equal(seq, "\033]52;c;aGVsbG8=\a\033Ptmux;\033\033]52;c;aGVsbG8=\a\033\\");
	free(seq);
}

static void
test_osc52_screen_chunks(void **state)
{
	char url[300];
	size_t len, i, chunks = 0;
	char *seq;

	(void)state;
	memset(url, 'x', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	seq = ao_osc52_build(url, NULL, "1234.pts-0.host", &len);
	for (i = 0; i + 1 < len; i++)
		if (seq[i] == '\033' && seq[i + 1] == 'P')
			chunks++;
	/* 7 + 400 base64 + 1 bytes in 76-byte DCS chunks */
	assert_int_equal(chunks, (7 + 400 + 1 + 75) / 76);
	free(seq);
}

/* ---- the browser policy --------------------------------------------------------------- */

static void
test_browser_never_over_ssh(void **state)
{
	char why[256];

	(void)state;
	setenv("DISPLAY", ":0", 1);
	setenv("SSH_CONNECTION", "10.0.0.1 2222 10.0.0.2 22", 1);
	assert_int_equal(ao_browser_allowed(why, sizeof(why)), 0);
	assert_non_null(strstr(why, "SSH"));
	unsetenv("SSH_CONNECTION");
	setenv("SSH_TTY", "/dev/pts/3", 1);
	assert_int_equal(ao_browser_allowed(why, sizeof(why)), 0);
	unsetenv("SSH_TTY");
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	assert_int_equal(ao_browser_allowed(why, sizeof(why)), 0);
	assert_non_null(strstr(why, "DISPLAY"));
	/* and open refuses the same way, starting nothing */
	assert_int_equal(ao_browser_open("https://example.com/", why, sizeof(why)), -1);
}

/* ---- QR --------------------------------------------------------------------------------- */

static void
test_qr_sizes(void **state)
{
	struct ao_qr u, a;
	int r;

	(void)state;
	assert_int_equal(ao_qr_render("https://api.interchange.io/oauth/authorize?state=0123456789abcdef", 1, 0, &u), 0);
	assert_int_equal(ao_qr_render("https://api.interchange.io/oauth/authorize?state=0123456789abcdef", 0, 0, &a), 0);
	/* half blocks: two modules per row; ASCII: two columns per module */
	assert_int_equal(a.cols, 2 * u.cols);
	assert_int_equal(u.rows, (a.rows + 1) / 2);
	for (r = 0; r < a.rows; r++)
		assert_int_equal((int)strlen(a.line[r]), a.cols);
	/* the quiet zone: first row blank */
	for (r = 0; a.line[0][r]; r++)
		assert_int_equal(a.line[0][r], ' ');
	ao_qr_free(&u);
	ao_qr_free(&a);
}

/* ---- the session --------------------------------------------------------------------- */

static struct ao_global g;
static char tmpdir[64];

static struct ao_session *
new_session(void)
{
	char msg[256];
	int rc = 0;
	struct ao_session_options o = { NULL, 1, 0, NULL };
	struct ao_session *s;

	g.api_url = "https://api.example.com";
	s = ao_session_new(&g, &o, msg, sizeof(msg), &rc);
	assert_non_null(s);
	return s;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ao-ui-test.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("XDG_STATE_HOME", tmpdir, 1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void
test_slug_follows_name_until_edited(void **state)
{
	struct ao_session *s = new_session();

	(void)state;
	ao_session_set(s, AO_F_KIND, "inventory-source");
	ao_session_set(s, AO_F_NAME, "Acme Vidéo");
	assert_string_equal(ao_answers_get(&s->a, AO_F_SOURCE_ID), "acme-video");
	ao_session_set(s, AO_F_NAME, "Acme Vidéo Two");
	assert_string_equal(ao_answers_get(&s->a, AO_F_SOURCE_ID), "acme-video-two");
	ao_session_set(s, AO_F_SOURCE_ID, "my-id");
	assert_int_equal(s->source_id_auto, 0);
	ao_session_set(s, AO_F_NAME, "Renamed");
	assert_string_equal(ao_answers_get(&s->a, AO_F_SOURCE_ID), "my-id");
	ao_session_free(s);
}

static void
test_server_error_sticks_until_changed(void **state)
{
	struct ao_session *s = new_session();
	char buf[256];

	(void)state;
	ao_session_set(s, AO_F_KIND, "inventory-source");
	ao_session_set(s, AO_F_ENDPOINT_URL, "https://agent.example.com/mcp");
	assert_null(ao_session_field_error(s, AO_F_ENDPOINT_URL, buf, sizeof(buf)));
	s->server_error[AO_F_ENDPOINT_URL] = xstrdup("The platform says: not registered with AAO");
	assert_string_equal(ao_session_field_error(s, AO_F_ENDPOINT_URL, buf, sizeof(buf)),
	                    "The platform says: not registered with AAO");
	ao_session_set(s, AO_F_ENDPOINT_URL, "https://agent.example.com/mcp");   /* unchanged */
	assert_non_null(s->server_error[AO_F_ENDPOINT_URL]);
	ao_session_set(s, AO_F_ENDPOINT_URL, "https://agent.example.com/mcp2");
	assert_null(s->server_error[AO_F_ENDPOINT_URL]);
	ao_session_free(s);
}

static void
test_next_refused_while_invalid_back_keeps_values(void **state)
{
	struct ao_session *s = new_session();
	enum ao_field bad = AO_FIELD_COUNT;

	(void)state;
	s->key_state = AO_KS_OK;
	assert_int_equal(ao_session_next(s, &bad), 0);          /* platform */
	assert_int_equal(s->step, AO_STEP_KIND);
	assert_int_equal(ao_session_next(s, &bad), -1);         /* nothing chosen */
	assert_int_equal(bad, AO_F_KIND);
	ao_session_set(s, AO_F_KIND, "inventory-source");
	assert_int_equal(ao_session_next(s, &bad), 0);
	assert_int_equal(s->step, AO_STEP_IDENTITY);
	ao_session_set(s, AO_F_NAME, "Keep");
	assert_int_equal(ao_session_next(s, &bad), 0);
	ao_session_back(s);
	ao_session_back(s);
	assert_int_equal(s->step, AO_STEP_KIND);
	assert_string_equal(ao_answers_get(&s->a, AO_F_NAME), "Keep");
	ao_session_free(s);
}

static void
test_texts_and_draft_hold_no_secret(void **state)
{
	struct ao_session *s = new_session();
	struct ao_buf b;
	char *cmd, *req, path[128];
	struct stat st;

	(void)state;
	ao_session_set(s, AO_F_KIND, "inventory-source");
	ao_session_set(s, AO_F_NAME, "It's mine");
	ao_session_set(s, AO_F_TYPE, "SALES");
	ao_session_set(s, AO_F_PROTOCOL, "MCP");
	ao_session_set(s, AO_F_ENDPOINT_URL, "https://agent.example.com/mcp");
	ao_session_set(s, AO_F_AUTH_TYPE, "API_KEY");
	ao_session_set(s, AO_F_API_TOKEN, "SENTINEL-SECRET");
	s->step = AO_STEP_EXTRAS;
	cmd = ao_session_create_command(s);
	assert_null(strstr(cmd, "SENTINEL"));
	assert_non_null(strstr(cmd, "--name 'It'\\''s mine'"));
	assert_non_null(strstr(cmd, "--secret-file TOKEN_FILE"));
	assert_non_null(strstr(cmd, "--api-url https://api.example.com"));
	req = ao_session_masked_request(s);
	assert_null(strstr(req, "SENTINEL"));
	assert_non_null(strstr(req, "********"));
	assert_null(strchr(req, '\t'));
	assert_int_equal(ao_session_save_draft(s), 0);
	snprintf(path, sizeof(path), "%s/agent-onboard/draft.json", tmpdir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	ao_buf_init(&b, 0);
	assert_int_equal(ao_buf_read_file(&b, path, 1 << 20), 0);
	assert_null(strstr(b.data, "SENTINEL"));
	assert_non_null(strstr(b.data, "It's mine"));
	ao_buf_free(&b);
	ao_session_end_draft(s);
	assert_int_not_equal(stat(path, &st), 0);
	free(cmd);
	free(req);
	ao_session_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osc52_plain),
		cmocka_unit_test(test_osc52_tmux_sends_both),
		cmocka_unit_test(test_osc52_screen_chunks),
		cmocka_unit_test(test_browser_never_over_ssh),
		cmocka_unit_test(test_qr_sizes),
		cmocka_unit_test_setup_teardown(test_slug_follows_name_until_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_error_sticks_until_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_refused_while_invalid_back_keeps_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_texts_and_draft_hold_no_secret, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
