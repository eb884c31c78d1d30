/* SPDX-License-Identifier: MIT */
/* A radio list or a checkbox list drawn on stdscr: one choice field of a
 * step (agent type, auth type, account policy ...), the partner list (it
 * scrolls), and the small questions of the platform, resume and quit
 * screens.  Cursor and selection are kept apart, so a multi-choice field
 * has no default and a radio list shows what is chosen while the cursor
 * moves. */
#ifndef AO_UI_CHOICE_H
#define AO_UI_CHOICE_H

#include <wchar.h>

#define AO_CHOICE_MAX 64

struct ao_choice_list {
	int y, x, width, rows;               /* area on the screen */
	int n;
	const char *label[AO_CHOICE_MAX];    /* borrowed */
	int selected[AO_CHOICE_MAX];
	int cursor, top;
	int multi;                           /* checkboxes; else radio buttons */
	int move_selects;                    /* radio: moving the cursor selects */
};

void ao_choice_init(struct ao_choice_list *c, int multi);
void ao_choice_add(struct ao_choice_list *c, const char *label, int selected);
/* Puts the list at y,x in width x rows and scrolls the cursor into view. */
void ao_choice_place(struct ao_choice_list *c, int y, int x, int width, int rows);
void ao_choice_draw(const struct ao_choice_list *c, int focused);
/* Puts the terminal's cursor on the item under the list cursor (hidden,
 * but screen magnifiers and readers follow it). */
void ao_choice_place_cursor(const struct ao_choice_list *c);
/* The selected index of a radio list, or -1. */
int ao_choice_selected(const struct ao_choice_list *c);

enum ao_choice_rc {
	AO_CHOICE_IGNORED = 0,
	AO_CHOICE_MOVED,       /* cursor moved (selection unchanged) */
	AO_CHOICE_PICKED,      /* selection changed */
	AO_CHOICE_EDGE_UP,     /* Up on the first item */
	AO_CHOICE_EDGE_DOWN,   /* Down on the last item */
};
/* Up/Down/Home/End/PgUp/PgDn move, Space picks (toggles in a checkbox
 * list), digits 1-9 pick that item. */
enum ao_choice_rc ao_choice_key(struct ao_choice_list *c, int is_key, wint_t ch);

#endif
