/* SPDX-License-Identifier: MIT */
/* What a paste becomes in a one-line field.  Terminals deliver a paste as
 * one block (bracketed paste), newlines and all; every field of the wizard
 * holds one line, so the block is folded here, in one place the front
 * ends share and the unit tests reach. */
#ifndef AO_CORE_PASTE_H
#define AO_CORE_PASTE_H

#include <stddef.h>

/* A copy of text as one line: blanks and line breaks around it dropped (a
 * copied line brings its newline), each run of line breaks inside (LF, CR,
 * CRLF) and each tab one space, other control characters (C0, DEL, C1)
 * dropped.  *lines (may be NULL) gets how many lines were joined (1 when
 * there were no breaks inside). */
char *ao_paste_one_line(const char *text, int *lines);

/* Non-zero when text holds a PEM block (-----BEGIN ...): pasted into a
 * field that wants the path to a key file. */
int ao_paste_is_pem(const char *text);

#endif
