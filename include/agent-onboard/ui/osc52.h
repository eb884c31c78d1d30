/* SPDX-License-Identifier: MIT */
/* Copy to the clipboard of the terminal the user sits at, even over SSH:
 * OSC 52, plus tmux's and GNU screen's passthrough wrappers when the
 * environment says we run inside them. */
#ifndef AO_UI_OSC52_H
#define AO_UI_OSC52_H

#include <stddef.h>

/* The bytes to write for text.  tmux: $TMUX (non-NULL when inside tmux);
 * sty: $STY (GNU screen).  Newly allocated; *len set. */
char *ao_osc52_build(const char *text, const char *tmux, const char *sty, size_t *len);

#endif
