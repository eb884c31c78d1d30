/* SPDX-License-Identifier: MIT */
/* The one boundary between text from outside (platform answers and
 * headers, agent replies, files) and a terminal.  Every byte such text
 * contributes to the screen, stdout, stderr, the --log trace or the
 * simulator's request log goes through here first, so an escape sequence
 * in a server's error message can never retitle the window, clear the
 * screen, draw a fake prompt or write the clipboard (OSC 52).
 *
 * What is shown instead, visibly and unambiguously:
 *   ESC -> \e   BEL -> \a   TAB -> \t   CR -> \r   LF -> \n (unless kept)
 *   other C0 and DEL -> \xNN
 *   raw bytes 0x80-0x9F that are not part of UTF-8 (8-bit C1) -> \xNN
 *   U+0080-U+009F (C1 as UTF-8) -> \u00NN
 *   bidirectional marks, embeddings, overrides and isolates (U+200E,
 *   U+200F, U+202A-U+202E, U+2066-U+2069) and the line/paragraph
 *   separators U+2028/U+2029 -> \uNNNN
 *   any other invalid UTF-8 -> U+FFFD
 * Everything else, including every script, passes unchanged.  --json output
 * does not come here: cJSON escapes control characters itself. */
#ifndef AO_CORE_DISPLAY_H
#define AO_CORE_DISPLAY_H

#include <stddef.h>

struct ao_buf;

/* Keep '\n' as a line break: only for multi-line text whose lines the
 * program lays out itself (a body in the trace, a help text). */
#define AO_DISPLAY_KEEP_NEWLINE 1u

/* Appends the display-safe form of len bytes of s to b. */
void ao_display_append(struct ao_buf *b, const char *s, size_t len, unsigned flags);
/* A newly allocated display-safe copy of s (NULL gives ""). */
char *ao_display_dup(const char *s);
/* The same into dst (size dstsz, always terminated), cut before the first
 * character or escape that does not fit whole. */
void ao_copy_display(char *dst, size_t dstsz, const char *src, size_t len);
/* JSON text (cJSON_Print output) for a terminal: the same JSON value, with
 * C1 controls and bidirectional controls inside strings written as \uNNNN
 * and invalid UTF-8 as \ufffd (cJSON escapes only C0).  Newly allocated. */
char *ao_display_json(const char *json);
/* Non-zero when s would be changed by the sanitiser (it holds a control
 * character, a bidirectional control or invalid UTF-8). */
int ao_display_needs_escape(const char *s, size_t len);

#endif
