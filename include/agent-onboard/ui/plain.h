/* SPDX-License-Identifier: MIT */
/* The plain front end (--plain, TERM=dumb, ACCESSIBLE=1): the same step
 * machine and session as the screens, asked one line at a time with
 * numbered choices, secrets read with echo off (ui/prompt.h), no cursor
 * movement or screen drawing, for screen readers and dumb terminals. */
#ifndef AO_UI_PLAIN_H
#define AO_UI_PLAIN_H

#include "agent-onboard/ui/session.h"

int ao_plain_run(struct ao_session *s);

#endif
