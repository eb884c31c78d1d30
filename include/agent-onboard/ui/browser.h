/* SPDX-License-Identifier: MIT */
/* Opening the OAuth URL in a browser, only where one can be shown on this
 * machine: never over SSH (SSH_CONNECTION / SSH_TTY), only with DISPLAY or
 * WAYLAND_DISPLAY, through xdg-open in its own session with stdio on
 * /dev/null, so a text browser can never take over the terminal. */
#ifndef AO_UI_BROWSER_H
#define AO_UI_BROWSER_H

#include <stddef.h>

/* 1 when a browser may be opened; otherwise 0 and why (one sentence). */
int ao_browser_allowed(char *why, size_t whysz);
/* Starts xdg-open url; 0, or -1 with msg. */
int ao_browser_open(const char *url, char *msg, size_t msgsz);
/* Collects finished xdg-open processes (call now and then, and at exit). */
void ao_browser_reap(void);

#endif
