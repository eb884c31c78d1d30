/* SPDX-License-Identifier: MIT */
/* libmicrohttpd loaded when a simulator starts, not at program start-up.
 * Only `sandbox` and `--demo` run a simulator; linked normally, the library
 * and its GnuTLS would cost every other run start-up time and memory.
 * Include after <microhttpd.h>; the names below then mean the loaded
 * functions (typed from that header with __typeof__). */
#ifndef AO_SANDBOX_MHD_DL_H
#define AO_SANDBOX_MHD_DL_H

#include <stddef.h>

#include <microhttpd.h>

#define AO_MHD_SYMBOLS(X) \
	X(MHD_add_response_header) X(MHD_create_response_from_buffer_with_free_callback) \
	X(MHD_create_response_from_callback) X(MHD_destroy_response) X(MHD_get_connection_info) \
	X(MHD_lookup_connection_value) X(MHD_queue_response) X(MHD_start_daemon) X(MHD_stop_daemon)

struct ao_mhd {
#define AO_MHD_MEMBER(name) __typeof__(name) *name;
	AO_MHD_SYMBOLS(AO_MHD_MEMBER)
#undef AO_MHD_MEMBER
};

extern struct ao_mhd ao_mhd;

/* Loads the library once (thread-safe); 0, or -1 with a sentence in msg. */
int ao_mhd_load(char *msg, size_t msgsz);

#ifndef AO_MHD_DL_LOADER
#define MHD_add_response_header (ao_mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer_with_free_callback (ao_mhd.MHD_create_response_from_buffer_with_free_callback)
#define MHD_create_response_from_callback (ao_mhd.MHD_create_response_from_callback)
#define MHD_destroy_response (ao_mhd.MHD_destroy_response)
#define MHD_get_connection_info (ao_mhd.MHD_get_connection_info)
#define MHD_lookup_connection_value (ao_mhd.MHD_lookup_connection_value)
#define MHD_queue_response (ao_mhd.MHD_queue_response)
#define MHD_start_daemon (ao_mhd.MHD_start_daemon)
#define MHD_stop_daemon (ao_mhd.MHD_stop_daemon)
#endif

#endif
