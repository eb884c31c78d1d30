/* SPDX-License-Identifier: MIT */
/* libform behind a small interface.  Pitfalls handled here (toolchain.md
 * §6): field_buffer is padded with blanks (trimmed; trailing spaces of a
 * value are lost), the field being edited is stale until REQ_VALIDATION,
 * O_BS_OVERLOAD/O_NL_OVERLOAD off so Backspace and Enter never jump fields
 * behind the caller's back, O_STATIC off so long URLs scroll. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>
#include <form.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/form.h"

#define MAX_FIELDS 32
#define HARD_MAX_CHARS 8192

struct ao_form {
	FORM *form;
	FIELD *fields[MAX_FIELDS + 1];
	struct ao_form_spec spec[MAX_FIELDS];
	int revealed[MAX_FIELDS];
	size_t n;
	int focus;
};

struct ao_form *
ao_form_new(const struct ao_form_spec *specs, size_t n)
{
	struct ao_form *f;
	size_t i;

	if (n == 0 || n > MAX_FIELDS)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->n = n;
	f->focus = -1;
	for (i = 0; i < n; i++) {
		FIELD *fl;
		int max = specs[i].max_chars > 0 ? specs[i].max_chars : HARD_MAX_CHARS;

		f->spec[i] = specs[i];
		f->spec[i].value = NULL;
		fl = new_field(1, specs[i].width, specs[i].y, specs[i].x, 0, 0);
		if (fl == NULL)
			goto fail;
		f->fields[i] = fl;
		field_opts_off(fl, O_STATIC | O_AUTOSKIP | O_BLANK);
		if (specs[i].secret && !specs[i].revealed)
			field_opts_off(fl, O_PUBLIC);
		f->revealed[i] = specs[i].secret && specs[i].revealed;
		/* columns, and a CJK character takes two */
		set_max_field(fl, max * 2);
		set_field_back(fl, A_NORMAL);
		set_field_fore(fl, A_NORMAL);
		set_field_buffer(fl, 0, specs[i].value != NULL ? specs[i].value : "");
	}
	f->fields[n] = NULL;
	f->form = new_form(f->fields);
	if (f->form == NULL)
		goto fail;
	form_opts_off(f->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
	set_form_win(f->form, stdscr);
	set_form_sub(f->form, stdscr);
	if (post_form(f->form) != E_OK)
		goto fail;
	return f;
fail:
	ao_form_free(f);
	return NULL;
}

void
ao_form_free(struct ao_form *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		if (f->fields[i] != NULL && f->spec[i].secret)
			set_field_buffer(f->fields[i], 0, "");
	if (f->form != NULL) {
		unpost_form(f->form);
		free_form(f->form);
	}
	for (i = 0; i < f->n; i++)
		if (f->fields[i] != NULL)
			free_field(f->fields[i]);
	free(f);
}

size_t
ao_form_count(const struct ao_form *f)
{
	return f != NULL ? f->n : 0;
}

void
ao_form_focus(struct ao_form *f, int i)
{
	if (f == NULL)
		return;
	if (i >= 0 && (size_t)i < f->n) {
		if (f->focus != i) {
			set_current_field(f->form, f->fields[i]);
			/* continue typing where the value ends */
			form_driver(f->form, REQ_END_FIELD);
		}
		f->focus = i;
	} else {
		/* commit what was typed before the focus leaves */
		if (f->focus >= 0)
			form_driver(f->form, REQ_VALIDATION);
		f->focus = -1;
	}
}

int
ao_form_focused(const struct ao_form *f)
{
	return f != NULL ? f->focus : -1;
}

/* libform scrolls a one-line field only as far as the cursor needs: after
 * Backspace in a long value the cursor ends at the left edge with nothing
 * before it, and the field looks empty although it still holds text.
 * Scroll back so the text before the cursor fills most of the field. */
static void
scroll_back(struct ao_form *f)
{
	FORM *fm = f->form;
	int width = f->spec[f->focus].width, want;

	if (fm->begincol <= 0 || width < 4)
		return;
	want = fm->curcol - width * 3 / 4;
	if (want < 0)
		want = 0;
	if (want >= fm->begincol)
		return;
	fm->begincol = want;
	/* a move there and back makes libform redraw the field from the new
	 * column (it keeps begincol when the cursor stays in view) */
	if (fm->curcol > 0) {
		form_driver(fm, REQ_PREV_CHAR);
		form_driver(fm, REQ_NEXT_CHAR);
	}
}

enum ao_form_key_rc
ao_form_key(struct ao_form *f, int is_key, wint_t ch)
{
	int req = 0;

	if (f == NULL || f->focus < 0)
		return AO_FORM_IGNORED;
	if (is_key == KEY_CODE_YES) {
		switch (ch) {
		case KEY_LEFT: req = REQ_PREV_CHAR; break;
		case KEY_RIGHT: req = REQ_NEXT_CHAR; break;
		case KEY_HOME: req = REQ_BEG_FIELD; break;
		case KEY_END: req = REQ_END_FIELD; break;
		case KEY_BACKSPACE: req = REQ_DEL_PREV; break;
		case KEY_DC: req = REQ_DEL_CHAR; break;
		default: return AO_FORM_IGNORED;
		}
	} else {
		switch (ch) {
		case 1: req = REQ_BEG_FIELD; break;       /* ^A */
		case 5: req = REQ_END_FIELD; break;       /* ^E */
		case 2: req = REQ_PREV_CHAR; break;       /* ^B */
		case 6: req = REQ_NEXT_CHAR; break;       /* ^F */
		case 4: req = REQ_DEL_CHAR; break;        /* ^D */
		case 8:
		case 127: req = REQ_DEL_PREV; break;      /* ^H, DEL (tmux BSpace) */
		case 11: req = REQ_CLR_EOF; break;        /* ^K */
		case 21: req = REQ_CLR_FIELD; break;      /* ^U */
		default:
			if (ch < 32 || ch == 127 || (ch >= 0x80 && ch < 0xa0))
				return AO_FORM_IGNORED;
			form_driver_w(f->form, OK, (wchar_t)ch);
			return AO_FORM_CHANGED;
		}
	}
	form_driver(f->form, req);
	if (req == REQ_DEL_PREV)
		scroll_back(f);
	if (req == REQ_PREV_CHAR || req == REQ_NEXT_CHAR || req == REQ_BEG_FIELD || req == REQ_END_FIELD)
		return AO_FORM_MOVED;
	return AO_FORM_CHANGED;
}

void
ao_form_insert(struct ao_form *f, const char *text)
{
	mbstate_t ps;
	wchar_t wc;
	size_t k, len = strlen(text);

	memset(&ps, 0, sizeof(ps));
	while (len > 0) {
		k = mbrtowc(&wc, text, len, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			return;
		ao_form_key(f, OK, (wint_t)wc);
		text += k;
		len -= k;
	}
}

char *
ao_form_value(struct ao_form *f, int i)
{
	const char *buf;
	char *out;
	size_t len;

	if (f == NULL || i < 0 || (size_t)i >= f->n)
		return xstrdup("");
	if (i == f->focus)
		form_driver(f->form, REQ_VALIDATION);
	buf = field_buffer(f->fields[i], 0);
	if (buf == NULL)
		return xstrdup("");
	len = strlen(buf);
	while (len > 0 && buf[len - 1] == ' ')
		len--;
	out = xstrndup(buf, len);
	return out;
}

void
ao_form_set_value(struct ao_form *f, int i, const char *value)
{
	if (f == NULL || i < 0 || (size_t)i >= f->n)
		return;
	set_field_buffer(f->fields[i], 0, value != NULL ? value : "");
}

int
ao_form_revealed(const struct ao_form *f, int i)
{
	return f != NULL && i >= 0 && (size_t)i < f->n && f->revealed[i];
}

int
ao_form_is_secret(const struct ao_form *f, int i)
{
	return f != NULL && i >= 0 && (size_t)i < f->n && f->spec[i].secret;
}

/* Number of characters in field i without reading the secret into our
 * own memory: count the non-blank cells libform reports. */
static int
char_count(struct ao_form *f, int i)
{
	const char *buf;
	int n = 0, len;
	mbstate_t st;
	size_t k;

	if (i == f->focus)
		form_driver(f->form, REQ_VALIDATION);
	buf = field_buffer(f->fields[i], 0);
	if (buf == NULL)
		return 0;
	len = (int)strlen(buf);
	while (len > 0 && buf[len - 1] == ' ')
		len--;
	memset(&st, 0, sizeof(st));
	while (len > 0) {
		k = mbrlen(buf, (size_t)len, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			k = 1;
		buf += k;
		len -= (int)k;
		n++;
	}
	return n;
}

void
ao_form_finish_draw(struct ao_form *f)
{
	size_t i;
	int x, n, shown, start;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		const struct ao_form_spec *sp = &f->spec[i];

		if (!sp->secret || f->revealed[i])
			continue;
		n = char_count(f, (int)i);
		start = (int)i == f->focus ? f->form->begincol : 0;
		shown = n - start;
		if (shown > sp->width)
			shown = sp->width;
		for (x = 0; x < sp->width; x++)
			mvaddch(sp->y, sp->x + x, x < shown ? '*' : ' ');
	}
	if (f->focus >= 0) {
		pos_form_cursor(f->form);
		curs_set(1);
	} else {
		curs_set(0);
	}
}
