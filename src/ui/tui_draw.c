/* SPDX-License-Identifier: MIT */
/* Drawing helpers shared by the screens: the title bar, the keys bar, the
 * help and message rows, clipped and wrapped UTF-8 text.  Text from the
 * platform is never trusted: control characters are drawn as blanks so a
 * message cannot move the cursor or change the terminal's state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "agent-onboard/core/buf.h"
#include "agent-onboard/core/display.h"
#include "agent-onboard/core/steps.h"
#include "agent-onboard/core/run_options.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/theme.h"
#include "agent-onboard/ui/tui.h"

int
ao_tui_top(void)
{
	return 2;
}

int
ao_tui_bottom(void)
{
	return LINES - 5;
}

/* Decodes one character at s (n bytes left): its length in bytes (>= 1)
 * and display width; invalid bytes and control characters become one
 * blank cell. */
static size_t
next_char(const char *s, size_t n, wchar_t *wc, int *w)
{
	mbstate_t st;
	size_t k;

	memset(&st, 0, sizeof(st));
	k = mbrtowc(wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*wc = L' ';
		*w = 1;
		return 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0 || *wc < 32) {
		*wc = L' ';
		*w = 1;
	}
	return k;
}

int
ao_tui_width(const char *text)
{
	size_t n = strlen(text), k;
	int cells = 0, w;
	wchar_t wc;

	while (n > 0) {
		k = next_char(text, n, &wc, &w);
		cells += w;
		text += k;
		n -= k;
	}
	return cells;
}

/* Writes at most width cells of text[0..len), after the one sanitiser
 * (core/display.h): an escape sequence from a server is shown as "\e[2J",
 * visibly, rather than as blanks or not at all. */
static int
put_n(int y, int x, int width, const char *raw, size_t rawlen, attr_t attr)
{
	int cells = 0, w;
	wchar_t wc[2] = { 0, 0 };
	size_t k, len;
	struct ao_buf safe;
	const char *text;

	ao_buf_init(&safe, 0);
	ao_display_append(&safe, raw, rawlen, AO_DISPLAY_KEEP_NEWLINE);
	text = safe.data != NULL ? safe.data : "";
	len = safe.len;
	move(y, x);
	attron(attr);
	while (len > 0) {
		k = next_char(text, len, &wc[0], &w);
		if (cells + w > width)
			break;
		if (w == 0) {
			/* combining: attach to what was written */
			text += k;
			len -= k;
			continue;
		}
		addnwstr(wc, 1);
		cells += w;
		text += k;
		len -= k;
	}
	attroff(attr);
	ao_buf_free(&safe);
	return cells;
}

int
ao_tui_put(int y, int x, int width, const char *text, int role)
{
	int cells;

	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	cells = put_n(y, x, width, text != NULL ? text : "", text != NULL ? strlen(text) : 0,
	              ao_attr((enum ao_role)role));
	if (cells < width) {
		attron(ao_attr((enum ao_role)role) & ~A_UNDERLINE);
		mvhline(y, x + cells, ' ', width - cells);
		attroff(ao_attr((enum ao_role)role) & ~A_UNDERLINE);
	}
	return cells;
}

/* Length in bytes of the longest prefix of text[0..n) that fits width
 * cells, breaking after a blank when the line has to be broken. */
static size_t
line_break(const char *text, size_t n, int width, size_t *skip)
{
	size_t pos = 0, last_blank = 0, k;
	int cells = 0, w;
	wchar_t wc;

	*skip = 0;
	while (pos < n) {
		if (text[pos] == '\n') {
			*skip = 1;
			return pos;
		}
		k = next_char(text + pos, n - pos, &wc, &w);
		if (cells + w > width)
			break;
		if (text[pos] == ' ')
			last_blank = pos;
		cells += w;
		pos += k;
	}
	if (pos >= n)
		return n;
	if (last_blank > 0) {
		*skip = 1;
		return last_blank;
	}
	return pos > 0 ? pos : 1;
}

size_t
ao_tui_break(const char *text, int width, size_t *skip)
{
	return line_break(text, strlen(text), width, skip);
}

int
ao_tui_put_n(int y, int x, int width, const char *text, size_t len, int role)
{
	int cells;

	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	cells = put_n(y, x, width, text, len, ao_attr((enum ao_role)role));
	if (cells < width)
		mvhline(y, x + cells, ' ', width - cells);
	return cells;
}

int
ao_tui_wrap(int y, int x, int width, int max_rows, const char *text, int role)
{
	size_t n, len, skip;
	int rows = 0;

	if (text == NULL || width <= 0)
		return 0;
	n = strlen(text);
	while (n > 0 && (max_rows == 0 || rows < max_rows)) {
		len = line_break(text, n, width, &skip);
		if (max_rows > 0) {
			int cells = put_n(y + rows, x, width, text, len, ao_attr((enum ao_role)role));

			if (cells < width)
				mvhline(y + rows, x + cells, ' ', width - cells);
		}
		rows++;
		text += len + skip;
		n -= len + skip;
	}
	return rows;
}

void
ao_tui_clear_rows(int from, int to)
{
	int y;

	for (y = from; y < to && y < LINES; y++) {
		move(y, 0);
		clrtoeol();
	}
}

void
ao_tui_title(struct ao_tui *t, const char *title)
{
	char left[256], right[64];
	int idx = 0, rw;

	if (t->s->step <= AO_STEP_REVIEW)
		idx = ao_step_number(&t->s->a, t->s->step);
	if (idx > 0 && !t->resume_offer)
		snprintf(left, sizeof(left), " agent-onboard  %s  Step %d", title, idx);
	else
		snprintf(left, sizeof(left), " agent-onboard  %s", title);
	snprintf(right, sizeof(right), "%s ", t->s->g->demo ? "DEMO (simulator)" : "");
	rw = ao_tui_width(right);
	ao_tui_put(0, 0, COLS - rw, left, AO_R_TITLE);
	ao_tui_put(0, COLS - rw, rw, right, AO_R_TITLE);
}

void
ao_tui_keys(struct ao_tui *t, const char *const *pairs)
{
	int x = 0, y = LINES - 1, w;
	size_t i;

	(void)t;
	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
		int need = ao_tui_width(pairs[i]) + 1 + ao_tui_width(pairs[i + 1]) + 2;

		if (x + need > COLS)
			break;
		w = ao_tui_put(y, x, ao_tui_width(pairs[i]), pairs[i], AO_R_KEY);
		x += w;
		mvaddch(y, x, ' ');
		x++;
		x += ao_tui_put(y, x, ao_tui_width(pairs[i + 1]), pairs[i + 1], AO_R_NORMAL);
		if (x + 2 <= COLS) {
			mvaddstr(y, x, "  ");
			x += 2;
		}
	}
	if (x < COLS)
		ao_tui_put(y, x, COLS - x, "", AO_R_NORMAL);
}

/* Writes text wrapped into rows rows of width cells from y,x, blanking
 * what it leaves.  Text that needs more rows is never cut silently: the
 * last row ends with an ellipsis and the key that shows all of it (the
 * F3 overlay, scr_overlay.c), and 1 is returned. */
static int
wrap_or_cut(int y, int x, int width, int rows, const char *text, int role)
{
	char tail[64];
	size_t n, len, skip, off = 0;
	int r, tw, cells;

	if (text == NULL)
		text = "";
	if (ao_tui_wrap(y, x, width, 0, text, role) <= rows) {
		r = ao_tui_wrap(y, x, width, rows, text, role);
		for (; r < rows; r++)
			ao_tui_put(y + r, x, width, "", AO_R_NORMAL);
		return 0;
	}
	ao_tui_wrap(y, x, width, rows - 1, text, role);
	n = strlen(text);
	for (r = 0; r < rows - 1 && off < n; r++) {
		len = line_break(text + off, n - off, width, &skip);
		off += len + skip;
	}
	snprintf(tail, sizeof(tail), "%s F3/^O more", ao_glyphs()->ellipsis);
	tw = ao_tui_width(tail);
	len = line_break(text + off, n - off, width - tw, &skip);
	cells = put_n(y + rows - 1, x, width - tw, text + off, len, ao_attr((enum ao_role)role));
	cells += ao_tui_put(y + rows - 1, x + cells, tw, tail, AO_R_KEY);
	if (cells < width)
		ao_tui_put(y + rows - 1, x + cells, width - cells, "", AO_R_NORMAL);
	return 1;
}

/* Keeps the whole of a text that was cut for the F3 overlay. */
static void
keep_whole(char **slot, const char *text, int cut)
{
	if (cut && *slot != NULL && strcmp(*slot, text) == 0)
		return;
	free(*slot);
	*slot = cut ? xstrdup(text) : NULL;
}

void
ao_tui_help_line(struct ao_tui *t, const char *text)
{
	text = text != NULL ? text : "";
	if (t->msg_grew) {
		/* a long message took these rows: the hint waits behind F3 */
		keep_whole(&t->whole_help, text, text[0] != '\0');
		return;
	}
	keep_whole(&t->whole_help, text, wrap_or_cut(LINES - 3, 1, COLS - 2, 2, text, AO_R_DIM));
}

const char *
ao_tui_spinner(const struct ao_tui *t)
{
	const char *const *frames = ao_glyphs()->spinner;
	unsigned n = 0;

	while (frames[n] != NULL)
		n++;
	return frames[t->spin % n];
}

void
ao_tui_message(struct ao_tui *t, int role, const char *text)
{
	char buf[512];
	int y = LINES - 5;

	if (t->s->busy != AO_BUSY_NONE) {
		snprintf(buf, sizeof(buf), "%s %s%s %.1f s   Esc cancels", ao_tui_spinner(t),
		         ao_busy_label(t->s->busy), ao_glyphs()->ellipsis, ao_session_busy_elapsed(t->s));
		ao_tui_put(y, 1, COLS - 2, buf, AO_R_WARN);
		ao_tui_put(y + 1, 1, COLS - 2, "", AO_R_NORMAL);
		keep_whole(&t->whole_msg, "", 0);
		t->msg_grew = 0;
		return;
	}
	/* two rows: a platform message with an URL in it rarely fits one; a
	 * longer one grows into the help rows below it (the message says what
	 * to do, the help line only what a field is), and one longer still
	 * ends with the key that shows all of it */
	text = text != NULL ? text : "";
	t->whole_msg_role = role;
	t->msg_grew = ao_tui_wrap(y, 1, COLS - 2, 0, text, role) > 2;
	keep_whole(&t->whole_msg, text, wrap_or_cut(y, 1, COLS - 2, t->msg_grew ? 4 : 2, text, role));
}
