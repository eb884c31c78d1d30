/* SPDX-License-Identifier: MIT */
/* Reading an answers file (JSON, core/files.h ao_answers_load) from a path
 * or "-" (stdin), for `create --answers` and `update --answers`: the same
 * size limit, the same refusal of secrets in the file, the same messages. */
#ifndef AO_CLI_ANSWERS_FILE_H
#define AO_CLI_ANSWERS_FILE_H

#include <stddef.h>

#include "agent-onboard/core/model.h"

/* Reads path ("-" = stdin; a terminal on stdin is told to end with Ctrl-D)
 * into a.  Returns 0 when every key was good; 1 when the file was read but
 * has problems, one per line in msg, each starting with the file's name
 * ("stdin" for -); -1 after printing on stderr, as "agent-onboard CMD: ...",
 * why the file could not be read. */
int ao_cli_answers_read(const char *cmd, const char *path, struct ao_answers *a, char *msg, size_t msgsz);

#endif
