/* SPDX-License-Identifier: MIT */
/* `agent-onboard list`: the user's inventory sources and partner agents with
 * their status and whether their authentication is configured; an aligned
 * table for people, the platform's objects as JSON for scripts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent-onboard/cli/cli.h"
#include "agent-onboard/cli/json_doc.h"
#include "agent-onboard/cli/option_table.h"
#include "agent-onboard/cli/session.h"
#include "agent-onboard/cli/usage.h"
#include "agent-onboard/core/status.h"
#include "agent-onboard/core/utf8.h"
#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/net/api.h"
#include "agent-onboard/net/loop.h"

static void
help(FILE *out)
{
	fprintf(out,
	        "Usage: agent-onboard list [--kind KIND] [--status STATUS] [--name TEXT] [--limit N]\n"
	        "                          [--offset N] [--timeout SECONDS] [--json[=FIELD,...]]\n"
	        "\n"
	        "Lists your storefront inventory sources and partner agents: id, status,\n"
	        "authentication type and whether it is configured, and name. Every page the\n"
	        "platform has is fetched (progress on stderr when it is a terminal).\n"
	        "\n"
	        "Options:\n");
	ao_option_help(out, "list");
	fprintf(out,
	        "\n"
	        "Never silently partial: when --limit or --timeout stops it while the platform\n"
	        "has more, what was fetched is printed, stderr says so and gives the --offset\n"
	        "that continues, and the exit code is %d.\n"
	        "\n"
	        "--status and --name filter what was fetched (the platform's inventory source\n"
	        "list has no such filter): --limit and --offset count the platform's items, so\n"
	        "the --offset that continues a cut list stays right, and a cut list with no\n"
	        "match says that more may match beyond it.\n"
	        "\n"
	        "Exit code 8 also covers rate limiting: HTTP 429 that outlasted the retries\n"
	        "(each Retry-After is waited, up to 60 s), and answers that could not be read\n"
	        "(not JSON, cut short, larger than 1 MiB).\n"
	        "\n", AO_EXIT_PARTIAL);
	ao_usage_exit_codes(out);
}

/* the listing's deadline without --timeout: long enough for thousands of
 * items at the platform's rate limit, short enough that a stalled script
 * notices */
#define LIST_DEFAULT_TIMEOUT 300.0

struct row {
	const char *cell[6];
};

enum { COL_KIND, COL_ID, COL_STATUS, COL_AUTH, COL_CONFIGURED, COL_NAME, NCOLS };

/* Width in columns, counted in code points (names may be in any script;
 * this is exact for the ids, statuses and enums that are aligned). */
static size_t
width(const char *s)
{
	long n = ao_utf8_count(s, strlen(s));

	return n < 0 ? strlen(s) : (size_t)n;
}

static void
print_table(const struct row *rows, size_t n)
{
	static const char *const head[NCOLS] = { "KIND", "ID", "STATUS", "AUTH", "CONFIGURED", "NAME" };
	size_t w[NCOLS], i, c;

	for (c = 0; c < NCOLS; c++)
		w[c] = strlen(head[c]);
	for (i = 0; i < n; i++)
		for (c = 0; c < NCOLS; c++)
			if (width(rows[i].cell[c]) > w[c])
				w[c] = width(rows[i].cell[c]);
	for (c = 0; c < NCOLS; c++)
		printf("%s%-*s", c ? "  " : "", c + 1 < NCOLS ? (int)w[c] : 0, head[c]);
	printf("\n");
	for (i = 0; i < n; i++) {
		for (c = 0; c < NCOLS; c++) {
			const char *v = rows[i].cell[c];

			printf("%s%s", c ? "  " : "", v);
			if (c + 1 < NCOLS)
				printf("%*s", (int)(w[c] - width(v)), "");
		}
		printf("\n");
	}
}

/* How far to page, and where it stopped. */
struct paging {
	long offset;          /* --offset: the first item wanted */
	long limit;           /* --limit: at most this many items per list; 0 = all */
	double deadline;      /* ao_now() when to stop fetching pages; 0 = none */
	int progress;         /* redraw a progress line on stderr */
	/* per list, after fetch */
	int cut;              /* stopped while the platform had more */
	long next_offset;     /* where a second run would continue */
	long total;           /* the platform's total, or -1 */
	const char *why;      /* "--limit" or "--timeout" */
};

static const char *
kind_plural(enum ao_kind kind)
{
	return kind == AO_KIND_AGENT ? "partner agents" : "inventory sources";
}

static void
progress_line(const struct paging *p, enum ao_kind kind, size_t have, long total)
{
	if (!p->progress)
		return;
	if (total >= 0)
		fprintf(stderr, "\r\033[Kfetching %s: %zu of %ld", kind_plural(kind), have, total);
	else
		fprintf(stderr, "\r\033[Kfetching %s: %zu", kind_plural(kind), have);
	fflush(stderr);
}

/* Fetches one collection page by page, following hasMore/total until the
 * end, --limit or the deadline.  Returns an exit code; a 404 (the partner
 * API is not offered by every platform host) gives *missing = 1 and OK.
 * p->cut says whether it stopped with more to come. */
static int
fetch(struct ao_cli_session *s, enum ao_kind kind, int tolerate_404, struct paging *p,
      struct ao_resource_list *out, int *missing)
{
	long offset = p->offset;
	int rc = AO_EXIT_OK, pages = 0;

	*missing = 0;
	p->cut = 0;
	p->total = -1;
	memset(out, 0, sizeof(*out));
	for (;;) {
		struct ao_api_result res;
		struct ao_api_call *call;
		size_t i, sent;
		int more;

		call = ao_api_list_page(s->api, kind, offset, NULL, NULL);
		ao_api_wait_until(call, &ao_cli_interrupted, p->deadline, &res);
		pages++;
		if (res.status != AO_OK) {
			if (res.status == AO_ERR_NOT_FOUND && tolerate_404 && pages == 1) {
				fprintf(stderr, "agent-onboard: this platform (%s) does not offer the %s list; showing the rest.\n",
				        ao_api_base_url(s->api), kind_plural(kind));
				*missing = 1;
			} else if (res.deadline_passed && out->count > 0) {
				/* what arrived is printed; the caller says it is cut */
				p->cut = 1;
				p->why = "--timeout";
				p->next_offset = offset;
			} else {
				rc = ao_cli_report_failure(&res, kind == AO_KIND_AGENT ? "listing partner agents"
				                                                     : "listing inventory sources");
			}
			ao_api_result_free(&res);
			break;
		}
		out->items = xrealloc(out->items, (out->count + res.list.count + 1) * sizeof(*out->items));
		for (i = 0; i < res.list.count; i++) {
			if (p->limit > 0 && (long)out->count >= p->limit) {
				ao_resource_free(&res.list.items[i]);
				continue;
			}
			out->items[out->count++] = res.list.items[i];
		}
		res.list.count = 0;
		p->total = res.list.total;
		sent = res.page_items;
		more = res.list.has_more == 1 || (res.list.total >= 0 && offset + (long)sent < res.list.total);
		offset += (long)sent;
		ao_api_result_free(&res);
		progress_line(p, kind, out->count, p->total);
		if (!more || sent == 0)
			break;
		if (p->limit > 0 && (long)out->count >= p->limit) {
			p->cut = 1;
			p->why = "--limit";
			/* the items dropped past the limit come again from here */
			p->next_offset = p->offset + p->limit;
			break;
		}
		if (p->deadline > 0 && ao_now() >= p->deadline) {
			p->cut = 1;
			p->why = "--timeout";
			p->next_offset = offset;
			break;
		}
	}
	if (p->progress)
		fprintf(stderr, "\r\033[K");
	out->has_more = p->cut;
	out->total = p->total;
	return rc;
}

/* --status and --name: what a registration must match (NULL: anything). */
struct filter {
	const char *status;   /* "PENDING", "ACTIVE", "DISABLED" (any case) */
	const char *name;     /* contained in the name, ASCII letters in any case */
};

static int
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++) {
			unsigned char a = (unsigned char)hay[i], b = (unsigned char)needle[i];

			if (a != b && !(a < 128 && b < 128 && (a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a' &&
			                (a | 0x20) <= 'z'))
				break;
		}
		if (i == n)
			return 1;
	}
	return n == 0;
}

static int
matches(const struct ao_resource *r, const struct filter *f)
{
	if (f->status != NULL && (r->status_raw == NULL || strcasecmp(r->status_raw, f->status) != 0))
		return 0;
	if (f->name != NULL && (r->name == NULL || !contains_nocase(r->name, f->name)))
		return 0;
	return 1;
}

/* Keeps the items that match; returns how many were dropped. */
static size_t
filter_list(struct ao_resource_list *l, const struct filter *f)
{
	size_t i, kept = 0, before = l->count;

	for (i = 0; i < l->count; i++) {
		if (matches(&l->items[i], f))
			l->items[kept++] = l->items[i];
		else
			ao_resource_free(&l->items[i]);
	}
	l->count = kept;
	return before - kept;
}

static cJSON *
list_json(const struct ao_resource_list *l, int missing)
{
	cJSON *arr;
	size_t i;

	if (missing)
		return cJSON_CreateNull();
	arr = cJSON_CreateArray();
	for (i = 0; i < l->count; i++)
		cJSON_AddItemToArray(arr, ao_cli_resource_json(&l->items[i]));
	return arr;
}

int
ao_cmd_list(const struct ao_global *g, int argc, char **argv)
{
	static const enum ao_kind kinds[2] = { AO_KIND_SOURCE, AO_KIND_AGENT };
	struct ao_cli_session s;
	struct ao_resource_list lists[2];
	int missing[2] = { 0, 0 }, wanted[2] = { 1, 1 };
	enum ao_kind only = AO_KIND_NONE;
	struct ao_json_select json = { 0, "" };
	struct paging paging[2];
	double timeout = LIST_DEFAULT_TIMEOUT;
	long offset = 0, limit = 0;
	int i, m, rc = AO_EXIT_OK, filtering;
	size_t k, fetched = 0, fetched_of[2] = { 0, 0 };
	struct filter filter = { NULL, NULL };

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v = NULL, *eq = strchr(arg, '=');
		/* list's own options that take a value: --kind, --limit, --offset, --timeout */
		const struct ao_option *o = arg[0] == '-' ? ao_option_find("list", arg) : NULL;
		int valued = o != NULL && o->command[0] != '\0' && o->value != AO_OPTV_NONE;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			help(stdout);
			return AO_EXIT_OK;
		} else if ((m = ao_json_option("list", arg, &json)) != 0) {
			if (m < 0)
				return -m;
		} else if (strcmp(arg, "--") == 0) {
			continue;   /* list takes no arguments; one after it is refused below */
		} else if (valued) {
			const char *name = o->name;

			v = eq != NULL ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (v == NULL)
				return ao_usage_error("list", "%s needs a value", name);
			if (strcmp(name, "--status") == 0) {
				if (strcasecmp(v, "PENDING") != 0 && strcasecmp(v, "ACTIVE") != 0 &&
				    strcasecmp(v, "DISABLED") != 0)
					return ao_usage_error("list", "--status must be PENDING, ACTIVE or DISABLED, not \"%s\"", v);
				filter.status = v;
			} else if (strcmp(name, "--name") == 0) {
				filter.name = v;
			} else if (strcmp(name, "--kind") == 0) {
				only = ao_cli_parse_kind(v);
				if (only == AO_KIND_NONE)
					return ao_usage_error("list", "--kind must be inventory-source or partner-agent, not \"%s\"", v);
			} else if (strcmp(name, "--timeout") == 0) {
				timeout = ao_cli_parse_seconds(v);
				if (timeout < 0)
					return ao_usage_error("list", "--timeout needs a number of seconds (0 = no limit), not \"%s\"", v);
			} else {
				char *end;
				long num = strtol(v, &end, 10);

				if (*v == '\0' || *end != '\0' || num < 0 || num > 100000000L)
					return ao_usage_error("list", "%s needs a whole number, not \"%s\"", name, v);
				if (strcmp(name, "--limit") == 0)
					limit = num;
				else
					offset = num;
			}
		} else if (arg[0] == '-') {
			return ao_option_unknown("list", arg);
		} else {
			return ao_usage_error("list", "list takes no arguments (\"%s\"); for one registration use "
			                   "`agent-onboard status ID`", arg);
		}
	}
	if (only != AO_KIND_NONE) {
		wanted[0] = only == AO_KIND_SOURCE;
		wanted[1] = only == AO_KIND_AGENT;
	}
	memset(lists, 0, sizeof(lists));
	memset(paging, 0, sizeof(paging));
	rc = ao_cli_session_open(&s, g);
	if (rc != AO_EXIT_OK)
		return rc;
	for (k = 0; k < 2; k++) {
		paging[k].offset = offset;
		paging[k].limit = limit;
		paging[k].deadline = timeout > 0 ? ao_now() + timeout : 0;
		paging[k].progress = ao_cli_stderr_redraws();
	}
	/* one deadline for the whole listing */
	paging[1].deadline = paging[0].deadline;
	for (k = 0; k < 2 && rc == AO_EXIT_OK; k++)
		if (wanted[k])
			/* with both lists asked for, one host may lack the partner API */
			rc = fetch(&s, kinds[k], only == AO_KIND_NONE, &paging[k], &lists[k], &missing[k]);
	if (rc != AO_EXIT_OK)
		goto out;
	filtering = filter.status != NULL || filter.name != NULL;
	for (k = 0; k < 2; k++) {
		fetched_of[k] = lists[k].count;
		fetched += lists[k].count;
		if (filtering)
			filter_list(&lists[k], &filter);
	}
	if (missing[0] && missing[1]) {
		fprintf(stderr, "agent-onboard: %s offers neither list; is the API URL right?\n",
		        ao_api_base_url(s.api));
		rc = AO_EXIT_REJECTED;
		goto out;
	}

	if (json.on) {
		cJSON *root = cJSON_CreateObject();

		if (wanted[0])
			cJSON_AddItemToObject(root, "inventorySources", list_json(&lists[0], missing[0]));
		if (wanted[1])
			cJSON_AddItemToObject(root, "partnerAgents", list_json(&lists[1], missing[1]));
		ao_json_emit(stdout, root, &json, 1);
	} else {
		size_t n = lists[0].count + lists[1].count, r = 0, j;
		struct row *rows = xcalloc(n ? n : 1, sizeof(*rows));
		char **owned = xcalloc(n ? n * NCOLS : 1, sizeof(*owned));

		for (k = 0; k < 2; k++) {
			for (j = 0; j < lists[k].count; j++, r++) {
				const struct ao_resource *it = &lists[k].items[j];
				const char *vals[NCOLS];
				int c;

				vals[COL_KIND] = k == 0 ? "source" : "agent";
				vals[COL_ID] = it->id != NULL ? it->id : "-";
				vals[COL_STATUS] = it->status_raw != NULL ? it->status_raw : "-";
				vals[COL_AUTH] = it->auth_type != NULL ? it->auth_type : "-";
				vals[COL_CONFIGURED] = it->auth_configured == 1 ? "yes" : it->auth_configured == 0 ? "no" : "-";
				vals[COL_NAME] = it->name != NULL ? it->name : "";
				/* the platform's text goes to a terminal: no escapes */
				for (c = 0; c < NCOLS; c++) {
					owned[r * NCOLS + (size_t)c] = ao_display_dup(vals[c]);
					rows[r].cell[c] = owned[r * NCOLS + (size_t)c];
				}
			}
		}
		/* an empty filtered result is told below, for JSON too */
		if (n == 0 && !filtering && ((wanted[0] && paging[0].cut) || (wanted[1] && paging[1].cut)))
			fprintf(stderr, "Nothing in the part of the list fetched.\n");
		else if (n == 0 && !filtering)
			fprintf(stderr, "No %s yet. Register one with `agent-onboard` (the wizard) or "
			        "`agent-onboard create`.\n",
			        only == AO_KIND_SOURCE ? "inventory sources"
			        : only == AO_KIND_AGENT ? "partner agents" : "inventory sources or partner agents");
		else if (n > 0)
			print_table(rows, n);
		for (j = 0; j < n * NCOLS; j++)
			free(owned[j]);
		free(owned);
		free(rows);
		fflush(stdout);
	}
	if (filtering && lists[0].count + lists[1].count == 0 && !(missing[0] && missing[1])) {
		char *shown = ao_display_dup(filter.name != NULL ? filter.name : "");

		fprintf(stderr, "None of the %zu %s fetched match%s%s%s%s%s.%s\n", fetched,
		        only == AO_KIND_SOURCE ? "inventory sources" : only == AO_KIND_AGENT ? "partner agents"
		        : "registrations", filter.status != NULL ? " --status " : "",
		        filter.status != NULL ? filter.status : "", filter.name != NULL ? " --name \"" : "",
		        shown, filter.name != NULL ? "\"" : "",
		        (wanted[0] && paging[0].cut) || (wanted[1] && paging[1].cut) ? " The list is cut (see "
		        "below): more may match beyond it." : "");
		free(shown);
	}
	for (k = 0; k < 2; k++) {
		if (!wanted[k] || !paging[k].cut)
			continue;
		/* never silently partial: say what is missing and how to get it */
		if (filtering) {
			fprintf(stderr, "agent-onboard: the list of %s is cut at %s: %zu fetched from offset %ld",
			        kind_plural(kinds[k]), paging[k].why, fetched_of[k], paging[k].offset);
			if (paging[k].total >= 0)
				fprintf(stderr, " of %ld", paging[k].total);
			fprintf(stderr, ", %zu of them match", lists[k].count);
		} else {
			fprintf(stderr, "agent-onboard: the list of %s is cut at %s: %zu shown from offset %ld",
			        kind_plural(kinds[k]), paging[k].why, lists[k].count, paging[k].offset);
			if (paging[k].total >= 0)
				fprintf(stderr, " of %ld", paging[k].total);
		}
		fprintf(stderr, ". The rest: agent-onboard list --kind %s --offset %ld%s\n",
		        kinds[k] == AO_KIND_AGENT ? "partner-agent" : "inventory-source", paging[k].next_offset,
		        strcmp(paging[k].why, "--timeout") == 0 ? " (or a longer --timeout)" : "");
		rc = AO_EXIT_PARTIAL;
	}
out:
	ao_resource_list_free(&lists[0]);
	ao_resource_list_free(&lists[1]);
	ao_cli_session_close(&s);
	return rc;
}
