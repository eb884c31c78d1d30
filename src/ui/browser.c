/* SPDX-License-Identifier: MIT */
/* The browser policy (browser.h).  Users' reports behind it: xdg-open over
 * SSH fails with "Missing X server" or, worse, starts lynx/w3m inside the
 * terminal and hides the URL (ux-anchors.md, pain point 4). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent-onboard/ui/browser.h"

extern char **environ;

#define MAX_CHILDREN 8
static pid_t children[MAX_CHILDREN];

static int
set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0';
}

static int
in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	const char *p, *end;

	if (path == NULL)
		return 0;
	for (p = path; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), p, prog);
		if (access(buf, X_OK) == 0)
			return 1;
	}
	return 0;
}

int
ao_browser_allowed(char *why, size_t whysz)
{
	if (set("SSH_CONNECTION") || set("SSH_TTY") || set("SSH_CLIENT")) {
		snprintf(why, whysz, "this is an SSH session, so a browser here would open on the remote machine");
		return 0;
	}
	if (!set("DISPLAY") && !set("WAYLAND_DISPLAY")) {
		snprintf(why, whysz, "there is no graphical display here (DISPLAY and WAYLAND_DISPLAY are not set)");
		return 0;
	}
	if (!in_path("xdg-open")) {
		snprintf(why, whysz, "xdg-open is not installed");
		return 0;
	}
	why[0] = '\0';
	return 1;
}

int
ao_browser_open(const char *url, char *msg, size_t msgsz)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *argv[] = { (char *)"xdg-open", (char *)url, NULL };
	sigset_t none;
	pid_t pid;
	int rc, i;

	if (!ao_browser_allowed(msg, msgsz))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	/* a new session: no controlling terminal for whatever it starts */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawnp(&pid, "xdg-open", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		snprintf(msg, msgsz, "xdg-open could not be started: %s", strerror(rc));
		return -1;
	}
	for (i = 0; i < MAX_CHILDREN; i++) {
		if (children[i] == 0) {
			children[i] = pid;
			break;
		}
	}
	snprintf(msg, msgsz, "Opened the browser with xdg-open.");
	return 0;
}

void
ao_browser_reap(void)
{
	int i, status;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i] != 0 && waitpid(children[i], &status, WNOHANG) != 0)
			children[i] = 0;
}
