/* SPDX-License-Identifier: MIT */
/* libsecret (and GLib through it) loaded on first use, not at start-up.
 *
 * Linked normally, libsecret drags GLib, GIO and GObject into every run of
 * the program: about 4 ms of start-up and 3 MB of memory before main(), paid
 * even by runs that never touch the keyring (--demo, SCOPE3_API_KEY, plain
 * SSH without a bus).  Instead the keyring backend dlopen()s libsecret when
 * it first needs it and calls through this table.
 *
 * Include after <gio/gio.h> and <libsecret/secret.h>: from here on each
 * name below means the loaded function (the table's types come from those
 * headers with __typeof__, so the compiler still checks every call). */
#ifndef AO_SECRET_LIBSECRET_DL_H
#define AO_SECRET_LIBSECRET_DL_H

#include <stddef.h>

#include <gio/gio.h>
#include <libsecret/secret.h>

#define AO_LIBSECRET_SYMBOLS(X) \
	X(g_bus_get_sync) X(g_cancellable_cancel) X(g_cancellable_new) X(g_clear_error) \
	X(g_dbus_connection_set_exit_on_close) X(g_dbus_error_quark) X(g_error_free) \
	X(g_error_matches) X(g_free) X(g_hash_table_insert) X(g_hash_table_lookup) \
	X(g_hash_table_new) X(g_hash_table_unref) X(g_io_error_quark) X(g_list_free_full) \
	X(g_object_unref) X(g_quark_to_string) X(g_str_equal) X(g_str_hash) \
	X(secret_collection_for_alias_sync) X(secret_collection_get_label) \
	X(secret_collection_get_locked) X(secret_error_get_quark) X(secret_item_delete_sync) \
	X(secret_item_get_attributes) X(secret_item_get_label) X(secret_item_get_locked) \
	X(secret_password_free) X(secret_password_lookup_nonpageable_sync) \
	X(secret_password_store_sync) X(secret_service_get_sync) X(secret_service_search_sync)

struct ao_libsecret {
#define AO_LIBSECRET_MEMBER(name) __typeof__(name) *name;
	AO_LIBSECRET_SYMBOLS(AO_LIBSECRET_MEMBER)
#undef AO_LIBSECRET_MEMBER
};

extern struct ao_libsecret ao_libsecret;

/* Loads the library once (thread-safe).  Returns 0, or -1 with a sentence
 * in msg (not installed, or a symbol missing). */
int ao_libsecret_load(char *msg, size_t msgsz);

/* The loader itself names the real symbols. */
#ifndef AO_LIBSECRET_DL_LOADER
#define g_bus_get_sync (ao_libsecret.g_bus_get_sync)
#define g_cancellable_cancel (ao_libsecret.g_cancellable_cancel)
#define g_cancellable_new (ao_libsecret.g_cancellable_new)
#define g_clear_error (ao_libsecret.g_clear_error)
#define g_dbus_connection_set_exit_on_close (ao_libsecret.g_dbus_connection_set_exit_on_close)
#define g_dbus_error_quark (ao_libsecret.g_dbus_error_quark)
#define g_error_free (ao_libsecret.g_error_free)
#define g_error_matches (ao_libsecret.g_error_matches)
#define g_free (ao_libsecret.g_free)
#define g_hash_table_insert (ao_libsecret.g_hash_table_insert)
#define g_hash_table_lookup (ao_libsecret.g_hash_table_lookup)
#define g_hash_table_new (ao_libsecret.g_hash_table_new)
#define g_hash_table_unref (ao_libsecret.g_hash_table_unref)
#define g_io_error_quark (ao_libsecret.g_io_error_quark)
#define g_list_free_full (ao_libsecret.g_list_free_full)
#define g_object_unref (ao_libsecret.g_object_unref)
#define g_quark_to_string (ao_libsecret.g_quark_to_string)
/* GLib also has a function-like g_str_equal macro for direct calls */
#undef g_str_equal
#define g_str_equal (ao_libsecret.g_str_equal)
#define g_str_hash (ao_libsecret.g_str_hash)
#define secret_collection_for_alias_sync (ao_libsecret.secret_collection_for_alias_sync)
#define secret_collection_get_label (ao_libsecret.secret_collection_get_label)
#define secret_collection_get_locked (ao_libsecret.secret_collection_get_locked)
#define secret_error_get_quark (ao_libsecret.secret_error_get_quark)
#define secret_item_delete_sync (ao_libsecret.secret_item_delete_sync)
#define secret_item_get_attributes (ao_libsecret.secret_item_get_attributes)
#define secret_item_get_label (ao_libsecret.secret_item_get_label)
#define secret_item_get_locked (ao_libsecret.secret_item_get_locked)
#define secret_password_free (ao_libsecret.secret_password_free)
#define secret_password_lookup_nonpageable_sync (ao_libsecret.secret_password_lookup_nonpageable_sync)
#define secret_password_store_sync (ao_libsecret.secret_password_store_sync)
#define secret_service_get_sync (ao_libsecret.secret_service_get_sync)
#define secret_service_search_sync (ao_libsecret.secret_service_search_sync)
#endif

#endif
