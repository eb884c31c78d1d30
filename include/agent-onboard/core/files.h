/* SPDX-License-Identifier: MIT */
/* Answers files (what `create --answers` reads and the wizard can save) and
 * drafts (the wizard's progress, saved after every step).  Both are JSON
 * objects keyed by the field table's keys and never contain a secret. */
#ifndef AO_CORE_FILES_H
#define AO_CORE_FILES_H

#include <stddef.h>

#include "agent-onboard/core/model.h"
#include "agent-onboard/core/steps.h"

/* Loads an answers file into a (values it sets replace a's).  Every problem
 * is reported at once, each naming its line and field, one per line in msg:
 *   "line 4: \"tokne\" is not a known field (did you mean \"token\"?)"
 * Secrets are refused ("secrets never go in answers files; use
 * --secret-file, --secret-fd or an environment variable").
 * Returns 0, or -1 with msg. */
int ao_answers_load(const char *text, size_t len, struct ao_answers *a, char *msg, size_t msgsz);
/* Serialises the relevant, non-secret answers; newly allocated, pretty. */
char *ao_answers_save(const struct ao_answers *a);

struct ao_draft {
	int version;
	struct ao_answers answers;   /* every non-secret value, hidden ones included */
	enum ao_step step;
	char *api_url;
	char *partner_name;          /* for display after resume */
	int submit_started;          /* a create may have reached the platform */
	char *registered_id;         /* sourceId / agentId once known */
	long long saved_at;          /* seconds since the epoch */
};

void ao_draft_init(struct ao_draft *d);
void ao_draft_clear(struct ao_draft *d);
int ao_draft_parse(const char *text, size_t len, struct ao_draft *d, char *msg, size_t msgsz);
char *ao_draft_serialize(const struct ao_draft *d);

/* $XDG_STATE_HOME/agent-onboard (default ~/.local/state/agent-onboard),
 * newly allocated; NULL if neither XDG_STATE_HOME nor HOME is set. */
char *ao_state_dir(void);
/* mkdir -p with mode 0700 for the directories it creates, then a check
 * that the last one is fit for drafts: a real directory (ELOOP when it is a
 * symbolic link, which could point anywhere; ENOTDIR when not a
 * directory), ours and not writable by group or others (EPERM).  0 or an
 * errno value; ao_private_dir_problem says it with the fix. */
int ao_mkdir_private(const char *path);
/* One sentence for an ao_mkdir_private error on path, with the fix. */
void ao_private_dir_problem(const char *path, int err, char *msg, size_t msgsz);
/* Writes data to path atomically with mode 0600: a temporary file in the
 * same directory (created with O_EXCL|O_NOFOLLOW, so a planted file or
 * symbolic link is never written through), fsync, rename, fsync of the
 * directory (htop's Settings_write).  Returns 0 or an errno value. */
int ao_write_private_atomic(const char *path, const char *data, size_t len);

#endif
