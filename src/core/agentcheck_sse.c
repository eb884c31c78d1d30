/* SPDX-License-Identifier: MIT */
/* An incremental text/event-stream parser.  MCP servers answer a POST with
 * either one JSON object or an event stream, and may leave the stream open
 * after the reply (to send more notifications), so the probe cannot wait
 * for the end of the body: it feeds bytes here as they arrive and stops at
 * the event that carries its reply. */
#include <stdlib.h>
#include <string.h>

#include "agent-onboard/core/agentcheck.h"
#include "agent-onboard/core/xalloc.h"

/* A field line longer than this cannot be part of an event we want (the
 * data limit applies across lines); its remainder is skipped. */
#define SSE_MAX_LINE (AO_SSE_MAX_EVENT + 64)

void
ao_sse_init(struct ao_sse_parser *p, ao_sse_event_fn fn, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->on_event = fn;
	p->arg = arg;
}

static void
grow(char **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 256;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	*buf = xrealloc(*buf, n);
	*cap = n;
}

static void
set_field(char *dst, size_t dstsz, const char *v, size_t n)
{
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static void
dispatch(struct ao_sse_parser *p)
{
	struct ao_sse_event ev;

	if (p->data_len == 0 && !p->data_over) {
		p->event[0] = '\0';   /* no data: nothing to dispatch */
		return;
	}
	if (p->data_len > 0 && p->data[p->data_len - 1] == '\n')
		p->data_len--;
	grow(&p->data, &p->data_cap, p->data_len + 1);
	p->data[p->data_len] = '\0';
	ev.event = p->event[0] ? p->event : "message";
	ev.id = p->id;
	ev.data = p->data;
	ev.data_len = p->data_len;
	ev.truncated = p->data_over;
	if (p->on_event != NULL && p->on_event(&ev, p->arg))
		p->stopped = 1;
	p->data_len = 0;
	p->data_over = 0;
	p->event[0] = '\0';
	/* the last event id persists across events, as the standard says */
}

static void
process_line(struct ao_sse_parser *p, const char *line, size_t len)
{
	const char *colon, *value;
	size_t name_len, vlen;

	if (len == 0) {
		dispatch(p);
		return;
	}
	if (line[0] == ':')
		return;   /* comment, used as a heartbeat */
	colon = memchr(line, ':', len);
	if (colon != NULL) {
		name_len = (size_t)(colon - line);
		value = colon + 1;
		vlen = len - name_len - 1;
		if (vlen > 0 && value[0] == ' ') {
			value++;
			vlen--;
		}
	} else {
		name_len = len;
		value = line + len;
		vlen = 0;
	}
	if (name_len == 4 && memcmp(line, "data", 4) == 0) {
		if (p->data_over || p->data_len + vlen + 1 > AO_SSE_MAX_EVENT) {
			p->data_over = 1;
			return;
		}
		grow(&p->data, &p->data_cap, p->data_len + vlen + 2);
		memcpy(p->data + p->data_len, value, vlen);
		p->data_len += vlen;
		p->data[p->data_len++] = '\n';
	} else if (name_len == 5 && memcmp(line, "event", 5) == 0) {
		set_field(p->event, sizeof(p->event), value, vlen);
	} else if (name_len == 2 && memcmp(line, "id", 2) == 0) {
		if (memchr(value, '\0', vlen) == NULL)
			set_field(p->id, sizeof(p->id), value, vlen);
	}
	/* "retry" and unknown fields are ignored */
}

static void
end_line(struct ao_sse_parser *p)
{
	if (!p->line_over)
		process_line(p, p->line != NULL ? p->line : "", p->line_len);
	p->line_len = 0;
	p->line_over = 0;
}

int
ao_sse_feed(struct ao_sse_parser *p, const char *bytes, size_t len)
{
	size_t i = 0, start;

	if (p->stopped)
		return 1;
	/* a UTF-8 byte order mark may open the stream, even split across feeds */
	while (!p->started && i < len) {
		if ((unsigned char)bytes[i] != (unsigned char)"\xEF\xBB\xBF"[p->bom]) {
			p->started = 1;
			break;
		}
		i++;
		if (++p->bom == 3)
			p->started = 1;
	}
	while (i < len && !p->stopped) {
		if (p->after_cr) {
			p->after_cr = 0;
			if (bytes[i] == '\n') {
				i++;
				continue;
			}
		}
		start = i;
		while (i < len && bytes[i] != '\n' && bytes[i] != '\r')
			i++;
		if (i > start && !p->line_over) {
			size_t n = i - start, room = SSE_MAX_LINE - p->line_len;

			if (n > room) {
				p->line_over = 1;
				n = room;
			}
			grow(&p->line, &p->line_cap, p->line_len + n + 1);
			memcpy(p->line + p->line_len, bytes + start, n);
			p->line_len += n;
			/* an over-long data line still marks its event as truncated */
			if (p->line_over && memcmp(p->line, "data:", 5) == 0)
				p->data_over = 1;
		}
		if (i < len) {
			if (bytes[i] == '\r')
				p->after_cr = 1;
			i++;
			end_line(p);
		}
	}
	return p->stopped;
}

void
ao_sse_finish(struct ao_sse_parser *p)
{
	free(p->line);
	free(p->data);
	p->line = p->data = NULL;
	p->line_len = p->line_cap = p->data_len = p->data_cap = 0;
}

struct scan_state {
	long want_id;
	struct ao_sse_scan *out;
};

static int
scan_event(const struct ao_sse_event *ev, void *arg)
{
	struct scan_state *st = arg;
	struct ao_rpc_reply r;

	st->out->events++;
	if (ev->truncated)
		return 0;
	ao_rpc_reply_parse(ev->data, ev->data_len, st->want_id, &r);
	if (r.kind == AO_RPC_OTHER || r.kind == AO_RPC_RESULT || r.kind == AO_RPC_ERROR)
		st->out->replies++;
	if (r.kind == AO_RPC_RESULT || r.kind == AO_RPC_ERROR) {
		st->out->found = 1;
		st->out->reply = xstrndup(ev->data, ev->data_len);
		st->out->reply_len = ev->data_len;
		return 1;
	}
	return 0;
}

void
ao_sse_scan(const char *bytes, size_t len, long want_id, struct ao_sse_scan *out)
{
	struct ao_sse_parser p;
	struct scan_state st = { want_id, out };

	memset(out, 0, sizeof(*out));
	ao_sse_init(&p, scan_event, &st);
	ao_sse_feed(&p, bytes, len);
	ao_sse_finish(&p);
}

void
ao_sse_scan_clear(struct ao_sse_scan *s)
{
	if (s == NULL)
		return;
	free(s->reply);
	memset(s, 0, sizeof(*s));
}
