/* SPDX-License-Identifier: MIT */
/* Why the keyring can or cannot be used: one table of names and fixes, so
 * the wizard, login and doctor say exactly the same thing (what users of gh
 * and az lack: the cause, not a generic "keyring unavailable"). */
#include "agent-onboard/secret/store.h"

static const struct {
	const char *id;
	const char *name;
	const char *fix;
} causes[] = {
	[AO_KEYRING_OK] = { "ok", "ok", "" },
	[AO_KEYRING_NO_BUS] = { "no_bus", "no session bus",
		"run it inside `dbus-run-session -- agent-onboard ...` (with a keyring daemon "
		"started there), use SCOPE3_API_KEY, or keep the key for this run only" },
	[AO_KEYRING_NO_SERVICE] = { "no_service", "no Secret Service",
		"install and start a Secret Service provider (apt install gnome-keyring; "
		"gnome-keyring-daemon --start --components=secrets), use SCOPE3_API_KEY, "
		"or keep the key for this run only" },
	[AO_KEYRING_LOCKED] = { "locked", "keyring locked",
		"unlock the default keyring (log in to the desktop, or open \"Passwords and Keys\"; "
		"over SSH: printf %s PASSWORD | gnome-keyring-daemon --replace --unlock "
		"--components=secrets), use SCOPE3_API_KEY, or keep the key for this run only" },
	[AO_KEYRING_NO_DEFAULT_COLLECTION] = { "no_default_collection", "no default keyring",
		"create and unlock a default keyring (first desktop login does it; headless: "
		"printf %s NEW-PASSWORD | gnome-keyring-daemon --replace --unlock "
		"--components=secrets), use SCOPE3_API_KEY, or keep the key for this run only" },
	[AO_KEYRING_TIMEOUT] = { "timeout", "keyring timed out",
		"the Secret Service did not answer within 3 s: check that the keyring daemon "
		"is not hung or waiting for an unlock prompt on another screen, use "
		"SCOPE3_API_KEY, or keep the key for this run only" },
	[AO_KEYRING_CANCELLED] = { "cancelled", "cancelled", "try again" },
	[AO_KEYRING_OTHER] = { "other", "keyring error",
		"see the error above; use SCOPE3_API_KEY or keep the key for this run only" },
};

static int valid(enum ao_keyring_cause c)
{
	return (unsigned)c < sizeof(causes) / sizeof(causes[0]) && causes[c].id != NULL;
}

const char *ao_keyring_cause_name(enum ao_keyring_cause c)
{
	return valid(c) ? causes[c].name : causes[AO_KEYRING_OTHER].name;
}

const char *ao_keyring_cause_fix(enum ao_keyring_cause c)
{
	return valid(c) ? causes[c].fix : causes[AO_KEYRING_OTHER].fix;
}

const char *ao_keyring_cause_id(enum ao_keyring_cause c)
{
	return valid(c) ? causes[c].id : causes[AO_KEYRING_OTHER].id;
}
