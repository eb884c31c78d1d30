/* SPDX-License-Identifier: MIT */
/* The curses front end: one loop (net/loop.h) watching the terminal, one
 * screen per file behind an ops table (tmux's window_mode, tig's view_ops),
 * and overlays (help, quit confirmation, too small) drawn over it.
 *
 * Screens draw from the session's state.  layout() builds the screen for
 * the current size and draws all of it (on entry and after a resize, the
 * only times the screen is cleared); draw() repaints what may have changed
 * (curses sends only the cells that differ, so repainting unchanged text
 * costs no bytes); key() returns what the loop should do. */
#ifndef AO_UI_TUI_H
#define AO_UI_TUI_H

#include <wchar.h>

#include "agent-onboard/ui/session.h"
#include "agent-onboard/ui/term.h"

/* Smallest terminal every screen is laid out for. */
#define AO_MIN_COLS 60
#define AO_MIN_ROWS 18

enum ao_act {
	AO_ACT_NONE = 0,   /* nothing changed on screen */
	AO_ACT_DRAW,       /* repaint */
	AO_ACT_LAYOUT,     /* rebuild and repaint */
	AO_ACT_NEXT,       /* the step is answered: ao_session_next */
	AO_ACT_BACK,       /* ao_session_back */
	AO_ACT_HELP,       /* F1 */
	AO_ACT_QUIT,       /* ask whether to quit */
	AO_ACT_EXIT,       /* leave now with t->exit_code */
};

struct ao_tui;

struct ao_screen_ops {
	const char *name;
	/* enter and leave may be NULL for screens without state of their own */
	void *(*enter)(struct ao_tui *t);
	void (*leave)(struct ao_tui *t, void *st);
	void (*layout)(struct ao_tui *t, void *st);
	void (*draw)(struct ao_tui *t, void *st);
	enum ao_act (*key)(struct ao_tui *t, void *st, int is_key, wint_t ch);
	void (*event)(struct ao_tui *t, void *st, unsigned events);
	/* Next was refused: show the field's problem (may be NULL). */
	void (*refused)(struct ao_tui *t, void *st, enum ao_field bad);
	/* The F1 text for the focused element: title and body (may be NULL). */
	void (*help)(struct ao_tui *t, void *st, const char **title, const char **body);
	/* Bracketed paste ended: text (UTF-8, newlines kept) goes into the
	 * focused field; never a step change.  NULL: the screen takes no
	 * text and the paste is dropped. */
	enum ao_act (*paste)(struct ao_tui *t, void *st, const char *text);
	int wants_ticks;   /* repaint twice a second (countdowns, elapsed time) */
};

struct ao_tui {
	struct ao_session *s;
	struct ao_term_caps caps;
	const struct ao_screen_ops *screen;
	void *st;
	enum ao_step screen_step;
	const struct ao_screen_ops *overlay;
	void *ost;
	int too_small;
	int resume_offer;        /* the resume question is showing */
	int need_layout, need_draw;
	int done, exit_code;
	char *final_message;     /* printed after the terminal is restored */
	unsigned tick_timer;
	int empty_reads;         /* stdin readable with nothing in it, in a row */
	unsigned spin;
	int pasting;             /* between the paste markers */
	char *paste_buf;         /* what was pasted so far (UTF-8) */
	size_t paste_len;
	int discard_typeahead;   /* the review is showing: drop keys typed before it */
	int quit_stay;           /* the next quit question starts on "Stay" */
	double last_tick;
};

int ao_tui_run(struct ao_session *s);

/* Ends the program: quit (keeping or discarding the draft), the resume
 * question answered, or finished with an exit code and a message printed
 * once the terminal is restored (message is taken over). */
void ao_tui_quit(struct ao_tui *t, int keep_draft);
void ao_tui_resume_answered(struct ao_tui *t, int resume);
void ao_tui_finish(struct ao_tui *t, int code, char *message);
/* Opens an overlay over the current screen (a screen's key handler asks
 * for one this way: the Find agents pick list). */
void ao_tui_open_overlay(struct ao_tui *t, const struct ao_screen_ops *ops);

/* ---- the screens (one file each) ---- */
extern const struct ao_screen_ops ao_scr_resume, ao_scr_platform, ao_scr_step, ao_scr_review,
	ao_scr_submit, ao_scr_wait, ao_scr_oauth, ao_scr_result, ao_scr_help, ao_scr_quit, ao_scr_discover;

/* Shared by the wait and OAuth screens (scr_wait.c): the status rows
 * (returns the rows used), and d: detach, print how to follow, exit. */
int ao_wait_status_rows(struct ao_tui *t, int y);
void ao_wait_detach(struct ao_tui *t);

/* ---- drawing helpers shared by the screens (tui_draw.c) ---- */
/* Title bar (row 0) with "Step i of n" for the session's step. */
void ao_tui_title(struct ao_tui *t, const char *title);
/* The keys bar (last row): pairs of key and action, NULL-terminated. */
void ao_tui_keys(struct ao_tui *t, const char *const *pairs);
/* The help line(s) above the keys bar. */
void ao_tui_help_line(struct ao_tui *t, const char *text);
/* The message rows (two, above the help): the session's busy state
 * (spinner, elapsed, "Esc cancels") when busy, else text in role, wrapped
 * (NULL clears). */
void ao_tui_message(struct ao_tui *t, int role, const char *text);
/* Rows available for content: [ao_tui_top(), ao_tui_bottom()). */
int ao_tui_top(void);
int ao_tui_bottom(void);
/* Writes text at y,x clipped to width display cells, padding the rest
 * with blanks; returns the cells written. */
int ao_tui_put(int y, int x, int width, const char *text, int role);
/* Word-wraps text into lines of at most width cells, writing at most
 * max_rows rows from y; returns the rows used.  With max_rows 0 it only
 * counts. */
int ao_tui_wrap(int y, int x, int width, int max_rows, const char *text, int role);
/* The bytes of text that fit one row of width cells (breaking after a
 * blank when it can), and in *skip the separator to drop after them. */
size_t ao_tui_break(const char *text, int width, size_t *skip);
/* ao_tui_put for the first len bytes of text. */
int ao_tui_put_n(int y, int x, int width, const char *text, size_t len, int role);
/* Display width of UTF-8 text (cells). */
int ao_tui_width(const char *text);
/* The spinner frame for now. */
const char *ao_tui_spinner(const struct ao_tui *t);
/* A framed box of h rows and w cells at y,x, blanked inside, with a title
 * in the top border (scr_overlay.c). */
void ao_tui_frame(int y, int x, int h, int w, const char *title);
/* Blanks rows [from, to). */
void ao_tui_clear_rows(int from, int to);

#endif
