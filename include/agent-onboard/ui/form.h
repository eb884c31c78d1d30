/* SPDX-License-Identifier: MIT */
/* The one module that touches libform: one-line text fields placed on
 * stdscr, edited with get_wch/form_driver_w (UTF-8), read back trimmed.
 * Secret fields have O_PUBLIC off (libform keeps what is typed off screen)
 * and are drawn as one '*' per character unless revealed (F2).  Fields are
 * plain attributes, so typing a character costs the terminal one byte. */
#ifndef AO_UI_FORM_H
#define AO_UI_FORM_H

#include <stddef.h>
#include <wchar.h>

struct ao_form_spec {
	int y, x, width;      /* where the editable area is on the screen */
	const char *value;    /* initial UTF-8 value, or NULL */
	int secret;
	int revealed;         /* a secret shown as typed (F2) */
	int max_chars;        /* limit of what can be typed (0: 8192) */
};

struct ao_form;

/* Creates and posts the fields.  NULL when n is 0 or they do not fit. */
struct ao_form *ao_form_new(const struct ao_form_spec *specs, size_t n);
/* Unposts and frees; the buffers of secret fields are blanked first. */
void ao_form_free(struct ao_form *f);
size_t ao_form_count(const struct ao_form *f);

/* Field i gets the cursor; -1: none (a choice list has the focus). */
void ao_form_focus(struct ao_form *f, int i);
int ao_form_focused(const struct ao_form *f);

enum ao_form_key_rc {
	AO_FORM_IGNORED = 0,   /* not an editing key: the caller handles it */
	AO_FORM_MOVED,         /* the cursor moved; the value is unchanged */
	AO_FORM_CHANGED,       /* the value may have changed */
};
/* Hands a key (get_wch's result: is_key = KEY_CODE_YES) to the focused field. */
enum ao_form_key_rc ao_form_key(struct ao_form *f, int is_key, wint_t ch);
/* Types UTF-8 text (one line: see core/paste.h) into the focused field at
 * its cursor, as if each character were a key. */
void ao_form_insert(struct ao_form *f, const char *text);

/* The value of field i, trailing blanks removed; newly allocated (secrets:
 * release with ao_secret_free). */
char *ao_form_value(struct ao_form *f, int i);
void ao_form_set_value(struct ao_form *f, int i, const char *value);
/* Whether a secret field is shown.  libform cannot change O_PUBLIC on the
 * current field of a posted form (E_CURRENT), so F2 rebuilds the form with
 * ao_form_spec.revealed flipped. */
int ao_form_revealed(const struct ao_form *f, int i);
int ao_form_is_secret(const struct ao_form *f, int i);
/* Draws the '*' masks of hidden secret fields and puts the cursor where
 * the focused field wants it.  Call last before refreshing. */
void ao_form_finish_draw(struct ao_form *f);

#endif
