/* SPDX-License-Identifier: MIT */
/* Is there a session bus to talk to?  Decided from the environment alone,
 * before GLib is asked: with DBUS_SESSION_BUS_ADDRESS unset and DISPLAY set,
 * GLib "autolaunches" a dbus-daemon through dbus-launch, and gh users found
 * thousands of them in headless containers (ux-anchors.md §2, pain point
 * 3).  Over plain SSH this answers NO_BUS at once, without any D-Bus
 * traffic and without spawning anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

int ao_keyring_bus_present(char *detail, size_t detailsz)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char path[4096];
	struct stat st;

	if (addr != NULL && addr[0] != '\0') {
		if (strncmp(addr, "autolaunch:", 11) == 0 || strcmp(addr, "disabled:") == 0) {
			snprintf(detail, detailsz,
			         "DBUS_SESSION_BUS_ADDRESS is \"%s\": not starting a bus of our own", addr);
			return 0;
		}
		return 1;   /* GLib reports a dead address itself, quickly */
	}
	if (rt == NULL || rt[0] == '\0') {
		snprintf(detail, detailsz,
		         "DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are not set, so there is no "
		         "D-Bus session bus (usual over plain SSH, su, cron and in containers)");
		return 0;
	}
	snprintf(path, sizeof(path), "%s/bus", rt);
	if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		return 1;   /* GLib uses it when the variable is unset */
	snprintf(detail, detailsz,
	         "DBUS_SESSION_BUS_ADDRESS is not set and %s does not exist, so there is no "
	         "D-Bus session bus (usual over plain SSH, su, cron and in containers)", path);
	return 0;
}
