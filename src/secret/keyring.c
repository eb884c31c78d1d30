/* SPDX-License-Identifier: MIT */
/* The Secret Service backend (libsecret).  Runs on a job's worker thread;
 * every call takes the job's GCancellable, which the watchdog cancels at the
 * deadline.
 *
 * Like git's libsecret helper: one schema, non-secret attributes (api_url,
 * kind, id), a label naming the purpose, the secret only in the value.
 * Unlike it, copies are wiped: lookups use the _nonpageable_ variant and
 * secret_password_free, our copy is freed by the caller with ao_secret_free.
 *
 * The traps measured in toolchain.md §2 are handled here:
 *   - no session bus: decided from the environment before GLib is asked,
 *     because GLib would otherwise spawn dbus-launch when DISPLAY is set;
 *   - a locked collection makes a lookup return NULL without an error, the
 *     same as "not found": a NULL lookup is followed by the availability
 *     check, and a locked default collection is reported as LOCKED;
 *   - errors come from any GError domain (gio, dbus, spawn, secret). */
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "agent-onboard/core/xalloc.h"
#include "internal.h"
#include "libsecret_dl.h"

/* Designated initialisers: the positional form warns under -Wextra
 * (SecretSchema has reserved fields). */
static const SecretSchema schema = {
	.name = AO_SECRET_SCHEMA,
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ "api_url", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

/* ---- errors ------------------------------------------------------------------ */

static enum ao_keyring_cause classify(const GError *e)
{
	if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return AO_KEYRING_CANCELLED;
	if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
		return AO_KEYRING_TIMEOUT;
	if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
		return AO_KEYRING_LOCKED;
	if (e->domain == G_DBUS_ERROR) {
		switch (e->code) {
		case G_DBUS_ERROR_SERVICE_UNKNOWN:
		case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
		case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
		case G_DBUS_ERROR_SPAWN_FORK_FAILED:
		case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
		case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
		case G_DBUS_ERROR_SPAWN_FAILED:
		case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
		case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
			return AO_KEYRING_NO_SERVICE;
		case G_DBUS_ERROR_NO_REPLY:
		case G_DBUS_ERROR_TIMEOUT:
		case G_DBUS_ERROR_TIMED_OUT:
			return AO_KEYRING_TIMEOUT;
		case G_DBUS_ERROR_UNKNOWN_METHOD:
		case G_DBUS_ERROR_UNKNOWN_OBJECT:
			/* gnome-keyring, fresh and never unlocked: "Object does
			 * not exist at path .../collection/login" */
			if (strstr(e->message, "/collection/") != NULL)
				return AO_KEYRING_NO_DEFAULT_COLLECTION;
			break;
		default:
			break;
		}
	}
	if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
		return AO_KEYRING_NO_DEFAULT_COLLECTION;
	return AO_KEYRING_OTHER;
}

static enum ao_status cause_status(enum ao_keyring_cause c)
{
	switch (c) {
	case AO_KEYRING_TIMEOUT:
		return AO_ERR_TIMEOUT;
	case AO_KEYRING_CANCELLED:
		return AO_ERR_CANCELLED;
	default:
		return AO_ERR_KEYRING;
	}
}

/* Fills r from e (which it frees), with what was being done. */
static void fail_gerror(struct ao_secret_result *r, GError *e, const char *doing)
{
	enum ao_keyring_cause c = classify(e);

	ao_secret_fail(r, cause_status(c), c, "%s: %s (%s %d)", doing, e->message,
	               g_quark_to_string(e->domain), e->code);
	g_error_free(e);
}

/* ---- connecting ---------------------------------------------------------------- */

/* The session bus, never autolaunched.  Returns 0 or fills r. */
static int connect_bus(GCancellable *cancel, struct ao_secret_result *r)
{
	char why[400];
	GDBusConnection *bus;
	GError *e = NULL;

	if (!ao_keyring_bus_present(why, sizeof(why))) {
		ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_NO_BUS, "%s", why);
		return -1;
	}
	bus = g_bus_get_sync(G_BUS_TYPE_SESSION, cancel, &e);
	if (bus == NULL) {
		enum ao_keyring_cause c = classify(e);

		if (c == AO_KEYRING_OTHER || c == AO_KEYRING_NO_SERVICE)
			c = AO_KEYRING_NO_BUS;  /* the address is there but unusable */
		ao_secret_fail(r, cause_status(c), c, "cannot connect to the session bus: %s (%s %d)",
		               e->message, g_quark_to_string(e->domain), e->code);
		g_error_free(e);
		return -1;
	}
	/* GLib's shared session connection raises SIGTERM when the bus goes
	 * away; a keyring is not worth dying for. */
	g_dbus_connection_set_exit_on_close(bus, FALSE);
	g_object_unref(bus);
	return 0;
}

static SecretService *get_service(GCancellable *cancel, struct ao_secret_result *r)
{
	SecretService *svc;
	GError *e = NULL;

	if (connect_bus(cancel, r) != 0)
		return NULL;
	svc = secret_service_get_sync(SECRET_SERVICE_NONE, cancel, &e);
	if (svc == NULL)
		fail_gerror(r, e, "cannot reach the Secret Service");
	return svc;
}

/* The availability check of toolchain.md §2: the default collection's
 * alias tells "no keyring yet" (NULL) from "locked" (get_locked). */
static void check(GCancellable *cancel, struct ao_secret_result *r)
{
	SecretService *svc = get_service(cancel, r);
	SecretCollection *coll = NULL;
	GError *e = NULL;
	gchar *label;

	if (svc == NULL)
		return;
	coll = secret_collection_for_alias_sync(svc, SECRET_COLLECTION_DEFAULT,
	                                        SECRET_COLLECTION_NONE, cancel, &e);
	if (e != NULL) {
		fail_gerror(r, e, "cannot read the default keyring");
		goto out;
	}
	if (coll == NULL) {
		ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_NO_DEFAULT_COLLECTION,
		               "the Secret Service has no default collection (alias \"default\")");
		goto out;
	}
	label = secret_collection_get_label(coll);
	snprintf(r->check.collection, sizeof(r->check.collection), "%s", label ? label : "");
	g_free(label);
	if (secret_collection_get_locked(coll)) {
		ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_LOCKED,
		               "the default keyring \"%s\" is locked", r->check.collection);
		goto out;
	}
	r->status = AO_OK;
out:
	if (coll != NULL)
		g_object_unref(coll);
	g_object_unref(svc);
}

/* ---- operations ------------------------------------------------------------------- */

static void lookup(const struct ao_secret_request *q, GCancellable *cancel,
                   struct ao_secret_result *r)
{
	GError *e = NULL;
	gchar *pw;

	if (connect_bus(cancel, r) != 0)
		return;
	pw = secret_password_lookup_nonpageable_sync(&schema, cancel, &e, "api_url", q->api_url,
	                                             "kind", q->kind, "id", q->id, NULL);
	if (e != NULL) {
		secret_password_free(pw);
		fail_gerror(r, e, "cannot look the secret up");
		return;
	}
	if (pw != NULL) {
		r->value = xstrdup(pw);
		secret_password_free(pw);   /* wipes libsecret's copy */
		r->status = AO_OK;
		return;
	}
	/* NULL without an error: absent, or hidden by a locked collection. */
	check(cancel, r);
	if (r->status == AO_OK)
		r->status = AO_ERR_NOT_FOUND;
}

static void put(const struct ao_secret_request *q, GCancellable *cancel,
                struct ao_secret_result *r)
{
	GError *e = NULL;

	if (connect_bus(cancel, r) != 0)
		return;
	if (!secret_password_store_sync(&schema, SECRET_COLLECTION_DEFAULT, q->label, q->value,
	                                cancel, &e, "api_url", q->api_url, "kind", q->kind,
	                                "id", q->id, NULL)) {
		if (e == NULL)
			ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_OTHER, "the keyring refused the item");
		else
			fail_gerror(r, e, "cannot store the secret");
		return;
	}
	r->status = AO_OK;
}

static const char *attr(GHashTable *attrs, const char *name)
{
	return attrs ? g_hash_table_lookup(attrs, name) : NULL;
}

/* Clear and list: search every matching item, locked ones included, so a
 * locked item is reported as remaining rather than silently skipped. */
static void search(const struct ao_secret_request *q, GCancellable *cancel,
                   struct ao_secret_result *r, int delete)
{
	SecretService *svc = get_service(cancel, r);
	GHashTable *want = NULL;
	GList *items = NULL, *l;
	GError *e = NULL;
	int locked = 0, failed = 0;

	if (svc == NULL)
		return;
	want = g_hash_table_new(g_str_hash, g_str_equal);
	if (q->api_url != NULL)
		g_hash_table_insert(want, (gpointer)"api_url", q->api_url);
	g_hash_table_insert(want, (gpointer)"kind", q->kind);
	if (q->id != NULL)
		g_hash_table_insert(want, (gpointer)"id", q->id);
	items = secret_service_search_sync(svc, &schema, want, SECRET_SEARCH_ALL, cancel, &e);
	if (e != NULL) {
		fail_gerror(r, e, "cannot search the keyring");
		goto out;
	}
	r->status = AO_OK;
	for (l = items; l != NULL; l = l->next) {
		SecretItem *it = l->data;
		GHashTable *a = secret_item_get_attributes(it);
		gchar *label = secret_item_get_label(it);

		if (delete && secret_item_get_locked(it)) {
			locked++;
		} else if (delete && !secret_item_delete_sync(it, cancel, &e)) {
			if (!failed++)
				fail_gerror(r, e, "cannot remove an item");
			else
				g_clear_error(&e);
		} else {
			ao_secret_result_add_item(r, attr(a, "api_url"), attr(a, "kind"),
			                          attr(a, "id"), label);
		}
		g_free(label);
		if (a != NULL)
			g_hash_table_unref(a);
	}
	if (locked > 0) {
		ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_LOCKED,
		               "%d matching item(s) are in a locked keyring and were not removed", locked);
	} else if (items == NULL) {
		/* Nothing found.  A locked keyring other than gnome-keyring may
		 * hide its items from a search, so say so rather than claim
		 * there is nothing. */
		struct ao_secret_result c;

		ao_secret_result_init(&c);
		check(cancel, &c);
		if (c.status != AO_OK && c.check.cause == AO_KEYRING_LOCKED)
			ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_LOCKED,
			               "%s; nothing matching was found, but a locked keyring may hide items",
			               c.check.detail);
		snprintf(r->check.collection, sizeof(r->check.collection), "%s", c.check.collection);
		ao_secret_result_clear(&c);
	}
out:
	g_list_free_full(items, g_object_unref);
	g_hash_table_unref(want);
	g_object_unref(svc);
}

static void keyring_run(void *state, const struct ao_secret_request *q, void *cancel,
                        struct ao_secret_result *r)
{
	char why[256];

	(void)state;
	if (ao_libsecret_load(why, sizeof(why)) != 0) {
		ao_secret_fail(r, AO_ERR_KEYRING, AO_KEYRING_OTHER, "%s", why);
		return;
	}
	switch (q->op) {
	case AO_SECRET_OP_CHECK:
		check(cancel, r);
		break;
	case AO_SECRET_OP_LOOKUP:
		lookup(q, cancel, r);
		break;
	case AO_SECRET_OP_PUT:
		put(q, cancel, r);
		break;
	case AO_SECRET_OP_CLEAR:
		search(q, cancel, r, 1);
		break;
	case AO_SECRET_OP_LIST:
		search(q, cancel, r, 0);
		break;
	}
}

const struct ao_secret_backend_ops ao_secret_keyring_ops = {
	.kind = AO_SECRET_BACKEND_KEYRING,
	.where = "the system keyring (Secret Service)",
	.threaded = 1,
	.run = keyring_run,
	.free_state = NULL,
};
