/* SPDX-License-Identifier: MIT */
/* libcurl loaded on first use, not at program start-up.
 *
 * Linked normally, libcurl brings about thirty libraries (OpenSSL, nghttp2,
 * libssh2, Kerberos, LDAP, ...) that the dynamic loader maps before main():
 * measured on Debian 12, an empty program linked with them needs 24 ms of
 * CPU to start, without them 3.5 ms (dialog: 5 ms).  The wizard's first
 * frame needs none of them, so they are loaded when the first request is
 * made, after the frame is drawn (net/loop.c creates its curl multi handle
 * on first use for the same reason).
 *
 * The functions below have libcurl's own names and signatures (from
 * <curl/curl.h>), so the rest of the program calls libcurl as usual; each
 * one loads the library on its first call (thread-safe, once) and calls
 * the real function.  The names are parenthesised where <curl/curl.h> has a
 * type-checking macro of the same name. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>

#include "agent-onboard/sys/dl.h"

static struct {
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_version) *version;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_reset) *easy_reset;
	__typeof__(curl_easy_perform) *easy_perform;
	__typeof__(curl_easy_strerror) *easy_strerror;
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_wakeup) *multi_wakeup;
} fn;

static const char *const sonames[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so" };
static const struct ao_dl_symbol symbols[] = {
	{ "curl_global_init", (void **)&fn.global_init },
	{ "curl_version", (void **)&fn.version },
	{ "curl_easy_init", (void **)&fn.easy_init },
	{ "curl_easy_cleanup", (void **)&fn.easy_cleanup },
	{ "curl_easy_reset", (void **)&fn.easy_reset },
	{ "curl_easy_perform", (void **)&fn.easy_perform },
	{ "curl_easy_strerror", (void **)&fn.easy_strerror },
	{ "curl_easy_setopt", (void **)&fn.easy_setopt },
	{ "curl_easy_getinfo", (void **)&fn.easy_getinfo },
	{ "curl_slist_append", (void **)&fn.slist_append },
	{ "curl_slist_free_all", (void **)&fn.slist_free_all },
	{ "curl_multi_init", (void **)&fn.multi_init },
	{ "curl_multi_cleanup", (void **)&fn.multi_cleanup },
	{ "curl_multi_add_handle", (void **)&fn.multi_add_handle },
	{ "curl_multi_remove_handle", (void **)&fn.multi_remove_handle },
	{ "curl_multi_info_read", (void **)&fn.multi_info_read },
	{ "curl_multi_perform", (void **)&fn.multi_perform },
	{ "curl_multi_poll", (void **)&fn.multi_poll },
	{ "curl_multi_wakeup", (void **)&fn.multi_wakeup },
};
static struct ao_dl_library library = {
	sonames, sizeof(sonames) / sizeof(sonames[0]), "libcurl4",
	symbols, sizeof(symbols) / sizeof(symbols[0]), 0, "", NULL,
};

/* 1 once libcurl is loaded.  Without it nothing can be sent: the first
 * caller learns why on stderr, and every call fails as libcurl's own
 * would on a failed initialisation. */
static void
init_once(void)
{
	/* before any other call, as libcurl asks, once the library is in */
	fn.global_init(CURL_GLOBAL_DEFAULT);
}

static int
ready(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	static int said;
	char msg[300];

	if (ao_dl_require(&library, msg, sizeof(msg)) == 0) {
		pthread_once(&once, init_once);
		return 1;
	}
	if (!__atomic_exchange_n(&said, 1, __ATOMIC_SEQ_CST))
		fprintf(stderr, "agent-onboard: %s\n", msg);
	return 0;
}

CURLcode
curl_global_init(long flags)
{
	return ready() ? fn.global_init(flags) : CURLE_FAILED_INIT;
}

char *
curl_version(void)
{
	static char missing[] = "libcurl (not installed)";

	return ready() ? fn.version() : missing;
}

CURL *
curl_easy_init(void)
{
	return ready() ? fn.easy_init() : NULL;
}

void
curl_easy_cleanup(CURL *h)
{
	if (h != NULL && ready())
		fn.easy_cleanup(h);
}

void
curl_easy_reset(CURL *h)
{
	if (ready())
		fn.easy_reset(h);
}

CURLcode
curl_easy_perform(CURL *h)
{
	return ready() ? fn.easy_perform(h) : CURLE_FAILED_INIT;
}

const char *
curl_easy_strerror(CURLcode code)
{
	return ready() ? fn.easy_strerror(code) : "libcurl is not installed";
}

/* The argument's type follows from the option's number, as libcurl reads
 * it: long, object or function pointer, curl_off_t, blob pointer. */
CURLcode
(curl_easy_setopt)(CURL *h, CURLoption option, ...)
{
	va_list ap;
	CURLcode rc;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = fn.easy_setopt(h, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = fn.easy_setopt(h, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_BLOB)
		rc = fn.easy_setopt(h, option, va_arg(ap, curl_off_t));
	else
		rc = fn.easy_setopt(h, option, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* every CURLINFO takes a pointer to where the value goes */
CURLcode
(curl_easy_getinfo)(CURL *h, CURLINFO info, ...)
{
	va_list ap;
	CURLcode rc;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	rc = fn.easy_getinfo(h, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

struct curl_slist *
curl_slist_append(struct curl_slist *list, const char *s)
{
	return ready() ? fn.slist_append(list, s) : NULL;
}

void
curl_slist_free_all(struct curl_slist *list)
{
	if (list != NULL && ready())
		fn.slist_free_all(list);
}

CURLM *
curl_multi_init(void)
{
	return ready() ? fn.multi_init() : NULL;
}

CURLMcode
curl_multi_cleanup(CURLM *m)
{
	return ready() ? fn.multi_cleanup(m) : CURLM_INTERNAL_ERROR;
}

CURLMcode
curl_multi_add_handle(CURLM *m, CURL *h)
{
	return ready() ? fn.multi_add_handle(m, h) : CURLM_INTERNAL_ERROR;
}

CURLMcode
curl_multi_remove_handle(CURLM *m, CURL *h)
{
	return ready() ? fn.multi_remove_handle(m, h) : CURLM_INTERNAL_ERROR;
}

CURLMsg *
curl_multi_info_read(CURLM *m, int *left)
{
	return ready() ? fn.multi_info_read(m, left) : NULL;
}

CURLMcode
curl_multi_perform(CURLM *m, int *running)
{
	return ready() ? fn.multi_perform(m, running) : CURLM_INTERNAL_ERROR;
}

CURLMcode
curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned n, int timeout_ms, int *ret)
{
	return ready() ? fn.multi_poll(m, extra, n, timeout_ms, ret) : CURLM_INTERNAL_ERROR;
}

CURLMcode
curl_multi_wakeup(CURLM *m)
{
	return ready() ? fn.multi_wakeup(m) : CURLM_INTERNAL_ERROR;
}
