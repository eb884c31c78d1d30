/* SPDX-License-Identifier: MIT */
/* pty_bench: drives a full-screen program through a pseudo-terminal, the
 * way a person at an 80x24 xterm would, and measures what the terminal sees.
 *
 *   pty_bench [OPTIONS] STEP... -- PROGRAM ARGS...
 *
 * The program runs under forkpty() with TERM=xterm-256color,
 * LC_ALL=C.UTF-8, ESCDELAY=25 at 80x24 (--cols/--rows).  Every byte it
 * writes is read as soon as it arrives, stamped with CLOCK_MONOTONIC and fed
 * to a small VT100/xterm screen model, so steps can wait for text to be on
 * the screen (not merely somewhere in the byte stream: ncurses moves the
 * cursor over cells that did not change).  The script runs once per run
 * (--runs N, after --warmup W unrecorded runs); each metric is reported as
 * n, median, mean, p95, min and max over all samples of all runs, and as one
 * machine-readable line:
 *
 *   RESULT <label>.<metric> <median> <mean> <p95> <n> <unit>
 *
 * Steps (one argv item each; TEXT may contain ':'):
 *   frame:TEXT           wait until TEXT is on the screen, then until the
 *                        output has been quiet for --quiet MS (default 150);
 *                        records first_frame_ms = time of the last byte
 *                        before the quiet gap - spawn time, and
 *                        first_byte_ms, text_ms (TEXT first on screen)
 *   wait:TEXT            wait until TEXT is on the screen
 *   gone:TEXT            wait until TEXT is no longer on the screen
 *   send:KEYS            write KEYS (escapes: \e \r \n \t \\ \xHH)
 *   quiet:MS             wait until nothing was written for MS ms
 *   sleep:MS             wait MS ms (reading output meanwhile)
 *   type:NAME:TEXT       type TEXT one character at a time; after each one,
 *                        wait until its glyph is in the cell where the
 *                        cursor was when it was typed (unless NAME starts
 *                        with "secret") and the output has been quiet
 *                        for --gap MS (default 60; 600 after the last key, so
 *                        a repaint waiting for a pause in typing is counted);
 *                        records NAME.bytes (bytes written between this key
 *                        and the next) and
 *                        NAME.echo_ms (key to glyph on screen)
 *   echo:NAME:COUNT:GAPMS:GLYPH
 *                        COUNT times: wait for a 10 ms pause in the output
 *                        (a whole refresh), send GLYPH, time until it is in the
 *                        cell where the cursor was (NAME, ms), then wait
 *                        GAPMS.  The cursor must be in the field: when the
 *                        program parks it elsewhere, the echo is not seen
 *   time:NAME:+TEXT      time from the last send until TEXT is on the
 *   time:NAME:-TEXT      screen (+) / gone from it (-); NAME, ms
 *   mark:NAME            time since spawn (NAME, ms)
 *   eof                  wait until the program closes the terminal;
 *                        records first_byte_ms and eof_ms (since spawn)
 *   mem                  the program's memory now, from
 *                        /proc/PID/smaps_rollup: mem.rss_kib, mem.pss_kib,
 *                        mem.private_kib (Private_Clean + Private_Dirty),
 *                        mem.anon_kib
 *   exit                 wait until the program exits
 *   grab:NAME:TEXT       wait until TEXT is on the screen and keep TEXT and
 *                        the non-blank characters after it as {NAME}, which
 *                        later steps may use (e.g. the demo simulator's URL);
 *                        {RUN} is the number of the run (1, 2, ...)
 *   dump                 print the screen to stderr
 * After every run the program is reaped with wait4() and its peak resident
 * set (ru_maxrss) is recorded as maxrss_kib; a program still running at the
 * end of the script gets SIGTERM (then SIGKILL after 2 s).
 *
 * Options: --runs N, --warmup N, --label L, --quiet MS, --gap MS,
 * --timeout S (per step, default 20), --cols N, --rows N, -e NAME=VALUE
 * (environment; repeatable), --fresh-state (a new empty XDG_STATE_HOME and
 * XDG_CONFIG_HOME per run, removed afterwards), --verbose, --raw FILE (every
 * byte read and written, with times: to see what a key costs). */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#define MAX_ROWS 100
#define MAX_COLS 300
#define MAX_METRICS 32
#define MAX_ENV 32

/* --- clock and statistics ------------------------------------------------ */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct metric {
	char name[64];
	const char *unit;
	double *v;
	size_t n, cap;
};

static struct metric metrics[MAX_METRICS];
static size_t nmetrics;
static int recording;

static void
record(const char *name, const char *unit, double v)
{
	struct metric *m = NULL;
	size_t i;

	if (!recording)
		return;
	for (i = 0; i < nmetrics; i++)
		if (strcmp(metrics[i].name, name) == 0)
			m = &metrics[i];
	if (m == NULL) {
		if (nmetrics == MAX_METRICS)
			return;
		m = &metrics[nmetrics++];
		snprintf(m->name, sizeof(m->name), "%s", name);
		m->unit = unit;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		double *nv = realloc(m->v, cap * sizeof(*nv));

		if (nv == NULL) {
			perror("realloc");
			exit(1);
		}
		m->v = nv;
		m->cap = cap;
	}
	m->v[m->n++] = v;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v (p in 0..100). */
static double
percentile(const double *v, size_t n, double p)
{
	size_t rank;

	if (n == 0)
		return NAN;
	rank = (size_t)ceil(p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static double
median(const double *v, size_t n)
{
	if (n == 0)
		return NAN;
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
report(const char *label)
{
	size_t i, j;

	for (i = 0; i < nmetrics; i++) {
		struct metric *m = &metrics[i];
		double sum = 0;

		qsort(m->v, m->n, sizeof(double), cmp_double);
		for (j = 0; j < m->n; j++)
			sum += m->v[j];
		printf("  %-30s n=%-4zu median=%9.2f mean=%9.2f p95=%9.2f min=%9.2f max=%9.2f %s\n",
		       m->name, m->n, median(m->v, m->n), sum / (double)m->n,
		       percentile(m->v, m->n, 95), m->v[0], m->v[m->n - 1], m->unit);
		printf("RESULT %s.%s %.3f %.3f %.3f %zu %s\n", label, m->name, median(m->v, m->n),
		       sum / (double)m->n, percentile(m->v, m->n, 95), m->n, m->unit);
	}
	fflush(stdout);
}

/* --- a small xterm screen model -------------------------------------------
 * Enough of ECMA-48 / xterm for what ncurses and dialog send with
 * TERM=xterm-256color: cursor addressing and motion, erase in line/display,
 * insert/delete characters and lines, ECH, REP, scrolling regions, autowrap
 * with xterm's pending-wrap column, UTF-8, the DEC line-drawing set (drawn
 * as U+2500 so it never matches text), OSC/DCS strings skipped.  Colours
 * and attributes are ignored. */

enum vt_state { VT_GROUND, VT_ESC, VT_CSI, VT_STR, VT_STR_ESC, VT_CHARSET };

struct screen {
	int rows, cols;
	uint32_t cell[MAX_ROWS][MAX_COLS];   /* 0 = right half of a wide char */
	int r, c, wrap_pending;
	int top, bot;                        /* scrolling region, inclusive */
	int acs;                             /* G0 is the line-drawing set */
	int saved_r, saved_c;
	uint32_t last;                       /* last printed char (REP) */
	enum vt_state st;
	char seq[128];
	size_t seqlen;
	uint32_t u8cp;
	int u8need;
	int reply_fd;                        /* answers DSR queries */
};

static void
scr_clear_cells(struct screen *s, int r, int c0, int c1)
{
	int c;

	for (c = c0; c < c1 && c < s->cols; c++)
		s->cell[r][c] = ' ';
}

static void
scr_reset(struct screen *s, int rows, int cols, int reply_fd)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->rows = rows;
	s->cols = cols;
	s->bot = rows - 1;
	s->reply_fd = reply_fd;
	for (r = 0; r < rows; r++)
		scr_clear_cells(s, r, 0, cols);
}

static void
scr_scroll_up(struct screen *s, int top, int bot, int n)
{
	int r;

	if (n <= 0)
		return;
	if (n > bot - top + 1)
		n = bot - top + 1;
	for (r = top; r + n <= bot; r++)
		memcpy(s->cell[r], s->cell[r + n], sizeof(s->cell[r]));
	for (r = bot - n + 1; r <= bot; r++)
		scr_clear_cells(s, r, 0, s->cols);
}

static void
scr_scroll_down(struct screen *s, int top, int bot, int n)
{
	int r;

	if (n <= 0)
		return;
	if (n > bot - top + 1)
		n = bot - top + 1;
	for (r = bot; r - n >= top; r--)
		memcpy(s->cell[r], s->cell[r - n], sizeof(s->cell[r]));
	for (r = top; r < top + n; r++)
		scr_clear_cells(s, r, 0, s->cols);
}

static void
scr_index(struct screen *s)
{
	if (s->r == s->bot)
		scr_scroll_up(s, s->top, s->bot, 1);
	else if (s->r < s->rows - 1)
		s->r++;
}

static void
scr_goto(struct screen *s, int r, int c)
{
	s->r = r < 0 ? 0 : r >= s->rows ? s->rows - 1 : r;
	s->c = c < 0 ? 0 : c >= s->cols ? s->cols - 1 : c;
	s->wrap_pending = 0;
}

static void
scr_put(struct screen *s, uint32_t cp)
{
	int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);

	if (w < 0)
		w = 1;
	if (w == 0)
		return;   /* combining marks: not needed for matching */
	if (s->acs && cp >= 0x5f && cp <= 0x7e)
		cp = 0x2500;
	if (s->wrap_pending || s->c + w > s->cols) {
		s->c = 0;
		scr_index(s);
		s->wrap_pending = 0;
	}
	s->cell[s->r][s->c] = cp;
	if (w == 2 && s->c + 1 < s->cols)
		s->cell[s->r][s->c + 1] = 0;
	s->last = cp;
	if (s->c + w >= s->cols)
		s->wrap_pending = 1;
	else
		s->c += w;
}

static void
scr_csi(struct screen *s)
{
	int p[16], np = 0, i, n, priv = 0;
	char fin = s->seq[s->seqlen - 1];
	const char *q = s->seq;

	memset(p, 0, sizeof(p));
	if (*q == '?' || *q == '>' || *q == '=' || *q == '<') {
		priv = *q;
		q++;
	}
	while (*q != '\0' && q < s->seq + s->seqlen - 1 && np < 16) {
		if (*q >= '0' && *q <= '9') {
			p[np] = p[np] * 10 + (*q - '0');
		} else if (*q == ';' || *q == ':') {
			np++;
		} else {
			break;   /* intermediate bytes: ignore the sequence's details */
		}
		q++;
	}
	np++;
	n = p[0] > 0 ? p[0] : 1;
	if (priv != 0) {
		if ((fin == 'h' || fin == 'l') && (p[0] == 1049 || p[0] == 47 || p[0] == 1047)) {
			for (i = 0; i < s->rows; i++)
				scr_clear_cells(s, i, 0, s->cols);
		}
		return;
	}
	switch (fin) {
	case 'A': scr_goto(s, s->r - n, s->c); break;
	case 'B': case 'e': scr_goto(s, s->r + n, s->c); break;
	case 'C': case 'a': scr_goto(s, s->r, s->c + n); break;
	case 'D': scr_goto(s, s->r, s->c - n); break;
	case 'E': scr_goto(s, s->r + n, 0); break;
	case 'F': scr_goto(s, s->r - n, 0); break;
	case 'G': case '`': scr_goto(s, s->r, n - 1); break;
	case 'd': scr_goto(s, n - 1, s->c); break;
	case 'H': case 'f':
		scr_goto(s, (p[0] > 0 ? p[0] : 1) - 1, (np > 1 && p[1] > 0 ? p[1] : 1) - 1);
		break;
	case 'J':
		if (p[0] == 0) {
			scr_clear_cells(s, s->r, s->c, s->cols);
			for (i = s->r + 1; i < s->rows; i++)
				scr_clear_cells(s, i, 0, s->cols);
		} else if (p[0] == 1) {
			for (i = 0; i < s->r; i++)
				scr_clear_cells(s, i, 0, s->cols);
			scr_clear_cells(s, s->r, 0, s->c + 1);
		} else {
			for (i = 0; i < s->rows; i++)
				scr_clear_cells(s, i, 0, s->cols);
		}
		break;
	case 'K':
		if (p[0] == 0)
			scr_clear_cells(s, s->r, s->c, s->cols);
		else if (p[0] == 1)
			scr_clear_cells(s, s->r, 0, s->c + 1);
		else
			scr_clear_cells(s, s->r, 0, s->cols);
		break;
	case 'X': scr_clear_cells(s, s->r, s->c, s->c + n); break;
	case '@':
		for (i = s->cols - 1; i >= s->c + n; i--)
			s->cell[s->r][i] = s->cell[s->r][i - n];
		scr_clear_cells(s, s->r, s->c, s->c + n);
		break;
	case 'P':
		for (i = s->c; i < s->cols; i++)
			s->cell[s->r][i] = i + n < s->cols ? s->cell[s->r][i + n] : ' ';
		break;
	case 'L':
		if (s->r >= s->top && s->r <= s->bot)
			scr_scroll_down(s, s->r, s->bot, n);
		break;
	case 'M':
		if (s->r >= s->top && s->r <= s->bot)
			scr_scroll_up(s, s->r, s->bot, n);
		break;
	case 'S': scr_scroll_up(s, s->top, s->bot, n); break;
	case 'T': scr_scroll_down(s, s->top, s->bot, n); break;
	case 'b':
		for (i = 0; i < n && i < s->cols * s->rows; i++)
			scr_put(s, s->last);
		break;
	case 'r':
		s->top = (p[0] > 0 ? p[0] : 1) - 1;
		s->bot = (np > 1 && p[1] > 0 ? p[1] : s->rows) - 1;
		if (s->bot >= s->rows)
			s->bot = s->rows - 1;
		if (s->top >= s->bot) {
			s->top = 0;
			s->bot = s->rows - 1;
		}
		scr_goto(s, 0, 0);
		break;
	case 's': s->saved_r = s->r; s->saved_c = s->c; break;
	case 'u': scr_goto(s, s->saved_r, s->saved_c); break;
	case 'n':
		if (p[0] == 6 && s->reply_fd >= 0) {
			char rep[32];
			int len = snprintf(rep, sizeof(rep), "\033[%d;%dR", s->r + 1, s->c + 1);

			if (write(s->reply_fd, rep, (size_t)len) < 0) {
				/* the program went away; nothing to answer */
			}
		}
		break;
	default:
		break;   /* SGR and modes: no effect on the text */
	}
}

static void
scr_feed_byte(struct screen *s, unsigned char b)
{
	switch (s->st) {
	case VT_ESC:
		s->st = VT_GROUND;
		switch (b) {
		case '[': s->st = VT_CSI; s->seqlen = 0; return;
		case ']': case 'P': case '_': case '^': case 'X': s->st = VT_STR; return;
		case '(': s->st = VT_CHARSET; s->seqlen = 0; return;
		case ')': case '*': case '+': s->st = VT_CHARSET; s->seqlen = 1; return;
		case '7': s->saved_r = s->r; s->saved_c = s->c; return;
		case '8': scr_goto(s, s->saved_r, s->saved_c); return;
		case 'M':
			if (s->r == s->top)
				scr_scroll_down(s, s->top, s->bot, 1);
			else if (s->r > 0)
				s->r--;
			return;
		case 'D': scr_index(s); return;
		case 'E': s->c = 0; scr_index(s); return;
		case 'c': scr_reset(s, s->rows, s->cols, s->reply_fd); return;
		default: return;   /* ESC = / ESC > and friends */
		}
	case VT_CHARSET:
		if (s->seqlen == 0)   /* G0 */
			s->acs = b == '0';
		s->seqlen = 0;
		s->st = VT_GROUND;
		return;
	case VT_CSI:
		if (s->seqlen + 1 < sizeof(s->seq))
			s->seq[s->seqlen++] = (char)b;
		if (b >= 0x40 && b <= 0x7e) {
			s->seq[s->seqlen] = '\0';
			s->st = VT_GROUND;
			scr_csi(s);
		}
		return;
	case VT_STR:
		if (b == 0x07)
			s->st = VT_GROUND;
		else if (b == 0x1b)
			s->st = VT_STR_ESC;
		return;
	case VT_STR_ESC:
		s->st = b == '\\' ? VT_GROUND : VT_STR;
		return;
	case VT_GROUND:
		break;
	}
	if (s->u8need > 0) {
		if ((b & 0xc0) == 0x80) {
			s->u8cp = (s->u8cp << 6) | (b & 0x3f);
			if (--s->u8need == 0)
				scr_put(s, s->u8cp);
			return;
		}
		s->u8need = 0;   /* broken sequence: drop it, handle b afresh */
	}
	if (b >= 0xc0 && b < 0xf8) {
		s->u8need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
		s->u8cp = b & (0x3f >> s->u8need);
		return;
	}
	switch (b) {
	case 0x1b: s->st = VT_ESC; return;
	case '\r': s->c = 0; s->wrap_pending = 0; return;
	case '\n': case 0x0b: case 0x0c: scr_index(s); s->wrap_pending = 0; return;
	case '\b':
		if (s->c > 0)
			s->c--;
		s->wrap_pending = 0;
		return;
	case '\t': scr_goto(s, s->r, (s->c / 8 + 1) * 8); return;
	case 0x0e: s->acs = 1; return;
	case 0x0f: s->acs = 0; return;
	default:
		if (b >= 0x20 && b != 0x7f)
			scr_put(s, b);
		return;
	}
}

/* Row r as UTF-8 text. */
static void
scr_row(const struct screen *s, int r, char *out, size_t outsz)
{
	size_t len = 0;
	int c;

	for (c = 0; c < s->cols && len + 5 < outsz; c++) {
		uint32_t cp = s->cell[r][c];

		if (cp == 0)
			continue;
		if (cp < 0x80) {
			out[len++] = (char)cp;
		} else if (cp < 0x800) {
			out[len++] = (char)(0xc0 | (cp >> 6));
			out[len++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			out[len++] = (char)(0xe0 | (cp >> 12));
			out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[len++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[len++] = (char)(0xf0 | (cp >> 18));
			out[len++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[len++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	out[len] = '\0';
}

/* Occurrences of text on the screen (each row searched separately). */
static int
scr_count(const struct screen *s, const char *text)
{
	char row[MAX_COLS * 4 + 8];
	int r, count = 0;
	size_t tl = strlen(text);

	if (tl == 0)
		return 0;
	for (r = 0; r < s->rows; r++) {
		const char *p;

		scr_row(s, r, row, sizeof(row));
		for (p = row; (p = strstr(p, text)) != NULL; p += tl)
			count++;
	}
	return count;
}

static void
scr_dump(const struct screen *s, FILE *f)
{
	char row[MAX_COLS * 4 + 8];
	int r;

	fprintf(f, "+%.*s+\n", s->cols, "--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------");
	for (r = 0; r < s->rows; r++) {
		scr_row(s, r, row, sizeof(row));
		fprintf(f, "|%s|\n", row);
	}
	fprintf(f, "cursor %d,%d\n", s->r + 1, s->c + 1);
}

/* --- the driver ------------------------------------------------------------ */

struct drv {
	pid_t pid;
	int fd;
	double t0;           /* spawn */
	double first_out;    /* first byte, or < 0 */
	double last_out;     /* latest byte */
	double last_send;
	size_t total;        /* bytes read */
	int eof;
	int reaped;
	int status;
	struct rusage ru;
	struct screen scr;
};

static struct {
	int runs, warmup, cols, rows, verbose, fresh_state;
	double quiet_ms, gap_ms, timeout_ms;
	const char *label;
	const char *env[MAX_ENV];
	int nenv;
	FILE *raw;
} opt = { 5, 1, 80, 24, 0, 0, 150, 60, 20000, "pty", { NULL }, 0, NULL };

static volatile sig_atomic_t child_pid;

/* grab:NAME:TEXT variables, substituted as {NAME} in later steps. */
#define MAX_VARS 8
static struct {
	char name[64];
	char value[600];
} vars[MAX_VARS];
static int nvars;

static void
set_var(const char *name, const char *value)
{
	int i;

	for (i = 0; i < nvars && strcmp(vars[i].name, name) != 0; i++)
		;
	if (i == MAX_VARS)
		return;
	if (i == nvars)
		nvars++;
	snprintf(vars[i].name, sizeof(vars[i].name), "%s", name);
	snprintf(vars[i].value, sizeof(vars[i].value), "%s", value);
}

/* Copies step into out with {NAME} replaced by the variable's value. */
static void
expand(const char *step, char *out, size_t outsz)
{
	size_t n = 0;

	while (*step != '\0' && n + 1 < outsz) {
		int i, hit = 0;

		if (*step == '{') {
			for (i = 0; i < nvars; i++) {
				size_t nl = strlen(vars[i].name);

				if (strncmp(step + 1, vars[i].name, nl) == 0 && step[1 + nl] == '}') {
					n += (size_t)snprintf(out + n, outsz - n, "%s", vars[i].value);
					if (n >= outsz)
						n = outsz - 1;
					step += nl + 2;
					hit = 1;
					break;
				}
			}
		}
		if (!hit)
			out[n++] = *step++;
	}
	out[n] = '\0';
}

static void
on_signal(int sig)
{
	pid_t pid = child_pid;

	if (pid > 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
drv_feed(struct drv *d, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		scr_feed_byte(&d->scr, (unsigned char)buf[i]);
}

/* Reads what is there, waiting at most wait_ms (< 0: no wait).  Returns the
 * bytes read (0 on timeout), or -1 at EOF. */
static long
drv_read(struct drv *d, double wait_ms)
{
	struct pollfd pfd = { .fd = d->fd, .events = POLLIN };
	char buf[65536];
	ssize_t n;
	int rc;

	if (d->eof)
		return -1;
	rc = poll(&pfd, 1, wait_ms < 0 ? 0 : (int)ceil(wait_ms));
	if (rc < 0)
		return errno == EINTR ? 0 : -1;
	if (rc == 0)
		return 0;
	n = read(d->fd, buf, sizeof(buf));
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		d->eof = 1;   /* EIO: every writer of the pty is gone */
		return -1;
	}
	d->last_out = now_ms();
	if (d->first_out < 0)
		d->first_out = d->last_out;
	d->total += (size_t)n;
	if (opt.raw != NULL) {
		fprintf(opt.raw, "\n[%9.3f ms  %zd bytes out]\n", d->last_out - d->t0, n);
		fwrite(buf, 1, (size_t)n, opt.raw);
	}
	drv_feed(d, buf, (size_t)n);
	return n;
}

enum cond_kind { C_HAS, C_GONE, C_COUNT_GT, C_CELL, C_NONE };

/* For C_CELL: the glyph expected where the cursor was when it was typed. */
static int cell_r, cell_c;

static uint32_t
u8decode(const char *s)
{
	const unsigned char *b = (const unsigned char *)s;

	if (b[0] < 0x80)
		return b[0];
	if (b[0] >= 0xf0)
		return ((uint32_t)(b[0] & 0x07) << 18) | ((uint32_t)(b[1] & 0x3f) << 12) |
		       ((uint32_t)(b[2] & 0x3f) << 6) | (b[3] & 0x3f);
	if (b[0] >= 0xe0)
		return ((uint32_t)(b[0] & 0x0f) << 12) | ((uint32_t)(b[1] & 0x3f) << 6) | (b[2] & 0x3f);
	return ((uint32_t)(b[0] & 0x1f) << 6) | (b[1] & 0x3f);
}

static int
cond_met(struct drv *d, enum cond_kind k, const char *text, int count)
{
	switch (k) {
	case C_HAS: return scr_count(&d->scr, text) > 0;
	case C_GONE: return scr_count(&d->scr, text) == 0;
	case C_COUNT_GT: return scr_count(&d->scr, text) > count;
	case C_CELL: return d->scr.cell[cell_r][cell_c] == u8decode(text);
	case C_NONE: return 0;
	}
	return 0;
}

/* Reads until the condition holds (returns 1, with the time of the byte
 * that made it true in *when), the deadline passes (0) or EOF (-1). */
static int
drv_until(struct drv *d, enum cond_kind k, const char *text, int count, double timeout_ms,
          double *when)
{
	double deadline = now_ms() + timeout_ms;

	if (cond_met(d, k, text, count)) {
		if (when)
			*when = now_ms();
		return 1;
	}
	for (;;) {
		double left = deadline - now_ms();
		long n;

		if (left <= 0)
			return 0;
		n = drv_read(d, left);
		if (n < 0)
			return -1;
		if (n > 0 && cond_met(d, k, text, count)) {
			if (when)
				*when = d->last_out;
			return 1;
		}
	}
}

/* Reads until nothing arrived for quiet_ms; 0, or -1 at the deadline. */
static int
drv_quiet(struct drv *d, double quiet_ms, double timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	double since = now_ms();

	for (;;) {
		double t = now_ms();
		double last = d->last_out > since ? d->last_out : since;
		long n;

		if (t - last >= quiet_ms)
			return 0;
		if (t >= deadline)
			return -1;
		n = drv_read(d, last + quiet_ms - t);
		if (n < 0)
			return 0;   /* EOF is quiet enough */
	}
}

static void
drv_sleep(struct drv *d, double ms)
{
	double end = now_ms() + ms;

	for (;;) {
		double left = end - now_ms();

		if (left <= 0)
			return;
		if (drv_read(d, left) < 0) {
			struct timespec ts = { 0, 1000000 };

			nanosleep(&ts, NULL);
		}
	}
}

static void
drv_send(struct drv *d, const char *bytes, size_t n)
{
	size_t off = 0;

	d->last_send = now_ms();
	if (opt.raw != NULL) {
		fprintf(opt.raw, "\n[%9.3f ms  %zu bytes in]\n", d->last_send - d->t0, n);
		fwrite(bytes, 1, n, opt.raw);
	}
	while (off < n) {
		ssize_t w = write(d->fd, bytes + off, n - off);

		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				drv_read(d, 1);
				continue;
			}
			return;
		}
		off += (size_t)w;
	}
}

static int
drv_reap(struct drv *d, double timeout_ms)
{
	double deadline = now_ms() + timeout_ms;

	while (!d->reaped) {
		pid_t r = wait4(d->pid, &d->status, WNOHANG, &d->ru);

		if (r == d->pid) {
			d->reaped = 1;
			child_pid = 0;
			break;
		}
		if (r < 0 && errno != EINTR) {
			d->reaped = 1;
			child_pid = 0;
			return -1;
		}
		if (now_ms() >= deadline)
			return -1;
		if (drv_read(d, 5) < 0) {
			struct timespec ts = { 0, 2000000 };

			nanosleep(&ts, NULL);
		}
	}
	return 0;
}

static void
drv_kill(struct drv *d)
{
	if (d->reaped)
		return;
	kill(-d->pid, SIGTERM);
	kill(d->pid, SIGTERM);
	if (drv_reap(d, 2000) < 0) {
		kill(-d->pid, SIGKILL);
		kill(d->pid, SIGKILL);
		drv_reap(d, 5000);
	}
}

static int
drv_spawn(struct drv *d, char **argv, const char *state_dir)
{
	struct winsize ws = { .ws_row = (unsigned short)opt.rows, .ws_col = (unsigned short)opt.cols };
	int i;

	memset(d, 0, sizeof(*d));
	d->first_out = -1;
	scr_reset(&d->scr, opt.rows, opt.cols, -1);
	d->t0 = now_ms();
	d->pid = forkpty(&d->fd, NULL, NULL, &ws);
	if (d->pid < 0) {
		perror("forkpty");
		return -1;
	}
	if (d->pid == 0) {
		char path[600];

		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("ESCDELAY", "25", 1);
		unsetenv("COLUMNS");
		unsetenv("LINES");
		unsetenv("TMUX");
		if (state_dir != NULL) {
			snprintf(path, sizeof(path), "%s/state", state_dir);
			setenv("XDG_STATE_HOME", path, 1);
			snprintf(path, sizeof(path), "%s/config", state_dir);
			setenv("XDG_CONFIG_HOME", path, 1);
		}
		for (i = 0; i < opt.nenv; i++)
			putenv((char *)opt.env[i]);
		execvp(argv[0], argv);
		fprintf(stderr, "pty_bench: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	child_pid = d->pid;
	d->scr.reply_fd = d->fd;
	return 0;
}

/* Decodes \e \r \n \t \\ \xHH. */
static size_t
unescape(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	while (*in != '\0' && n + 1 < outsz) {
		if (*in != '\\' || in[1] == '\0') {
			out[n++] = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'e': out[n++] = 0x1b; in++; break;
		case 'r': out[n++] = '\r'; in++; break;
		case 'n': out[n++] = '\n'; in++; break;
		case 't': out[n++] = '\t'; in++; break;
		case 'x': {
			unsigned v = 0;
			int k;

			in++;
			for (k = 0; k < 2 && ((*in >= '0' && *in <= '9') || (*in >= 'a' && *in <= 'f') ||
			                      (*in >= 'A' && *in <= 'F')); k++, in++)
				v = v * 16 + (unsigned)(*in <= '9' ? *in - '0' : (*in | 0x20) - 'a' + 10);
			out[n++] = (char)v;
			break;
		}
		default: out[n++] = *in++; break;
		}
	}
	out[n] = '\0';
	return n;
}

/* Length of the UTF-8 character at s (1 for bytes that do not start one). */
static size_t
u8len(const char *s)
{
	unsigned char b = (unsigned char)*s;
	size_t n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if (s[i] == '\0')
			return i;
	return n;
}

static void
fail(struct drv *d, int step, const char *what, const char *arg)
{
	fprintf(stderr, "pty_bench[%s]: step %d (%s%s%s) failed after %.0f ms%s\n", opt.label, step,
	        what, arg ? " " : "", arg ? arg : "", now_ms() - d->t0, d->eof ? " (program exited)" : "");
	scr_dump(&d->scr, stderr);
}

/* Splits "NAME:REST" into name (copied) and returns REST, or NULL. */
static const char *
split(const char *s, char *name, size_t namesz)
{
	const char *colon = strchr(s, ':');
	size_t n;

	if (colon == NULL)
		return NULL;
	n = (size_t)(colon - s);
	if (n >= namesz)
		n = namesz - 1;
	memcpy(name, s, n);
	name[n] = '\0';
	return colon + 1;
}

static int
run_step(struct drv *d, int idx, const char *raw)
{
	char name[64], buf[4096], key[16], step[4096];
	const char *arg;
	double when;
	int rc;

	expand(raw, step, sizeof(step));

	if (opt.verbose)
		fprintf(stderr, "pty_bench[%s]: %8.1f ms  %s\n", opt.label, now_ms() - d->t0, step);
	if (strncmp(step, "frame:", 6) == 0) {
		arg = step + 6;
		rc = drv_until(d, C_HAS, arg, 0, opt.timeout_ms, &when);
		if (rc != 1)
			return fail(d, idx, "frame", arg), -1;
		record("text_ms", "ms", when - d->t0);
		drv_quiet(d, opt.quiet_ms, opt.timeout_ms);
		record("first_byte_ms", "ms", d->first_out - d->t0);
		record("first_frame_ms", "ms", d->last_out - d->t0);
		record("first_frame_bytes", "B", (double)d->total);
		return 0;
	}
	if (strncmp(step, "wait:", 5) == 0 || strncmp(step, "gone:", 5) == 0) {
		rc = drv_until(d, step[0] == 'w' ? C_HAS : C_GONE, step + 5, 0, opt.timeout_ms, NULL);
		if (rc != 1)
			return fail(d, idx, "wait/gone", step + 5), -1;
		return 0;
	}
	if (strncmp(step, "send:", 5) == 0) {
		size_t n = unescape(step + 5, buf, sizeof(buf));

		drv_send(d, buf, n);
		return 0;
	}
	if (strncmp(step, "quiet:", 6) == 0) {
		drv_quiet(d, atof(step + 6), opt.timeout_ms);
		return 0;
	}
	if (strncmp(step, "sleep:", 6) == 0) {
		drv_sleep(d, atof(step + 6));
		return 0;
	}
	if (strncmp(step, "mark:", 5) == 0) {
		record(step + 5, "ms", now_ms() - d->t0);
		return 0;
	}
	if (strncmp(step, "type:", 5) == 0) {
		const char *p;
		char mname[96];
		int secret;

		arg = split(step + 5, name, sizeof(name));
		if (arg == NULL)
			return fail(d, idx, "type", "needs NAME:TEXT"), -1;
		secret = strncmp(name, "secret", 6) == 0;
		drv_quiet(d, opt.gap_ms, opt.timeout_ms);
		for (p = arg; *p != '\0';) {
			size_t kl = u8len(p);
			size_t before;

			memcpy(key, p, kl);
			key[kl] = '\0';
			p += kl;
			cell_r = d->scr.r;
			cell_c = d->scr.c;
			before = d->total;
			drv_send(d, key, kl);
			if (!secret && key[0] != ' ') {
				rc = drv_until(d, C_CELL, key, 0, opt.timeout_ms, &when);
				if (rc != 1)
					return fail(d, idx, "type: echo of", key), -1;
				snprintf(mname, sizeof(mname), "%s.echo_ms", name);
				record(mname, "ms", when - d->last_send);
			}
			/* after the last key the typist pauses: a repaint that
			 * waits for a pause (a debounce) belongs to this text */
			drv_quiet(d, *p == '\0' && opt.gap_ms < 600 ? 600 : opt.gap_ms, opt.timeout_ms);
			snprintf(mname, sizeof(mname), "%s.bytes", name);
			record(mname, "B/key", (double)(d->total - before));
		}
		return 0;
	}
	if (strncmp(step, "echo:", 5) == 0) {
		char cnt[16], gap[16];
		const char *glyph;
		int i;

		arg = split(step + 5, name, sizeof(name));
		arg = arg ? split(arg, cnt, sizeof(cnt)) : NULL;
		glyph = arg ? split(arg, gap, sizeof(gap)) : NULL;
		if (glyph == NULL || *glyph == '\0')
			return fail(d, idx, "echo", "needs NAME:COUNT:GAPMS:GLYPH"), -1;
		for (i = 0; i < atoi(cnt); i++) {
			/* a refresh may be split over several writes: send between
			 * them and the cursor is not in the field yet */
			drv_quiet(d, 10, opt.timeout_ms);
			cell_r = d->scr.r;
			cell_c = d->scr.c;
			drv_send(d, glyph, strlen(glyph));
			rc = drv_until(d, C_CELL, glyph, 0, opt.timeout_ms, &when);
			if (rc != 1)
				return fail(d, idx, "echo of", glyph), -1;
			record(name, "ms", when - d->last_send);
			drv_sleep(d, atof(gap));
		}
		return 0;
	}
	if (strncmp(step, "time:", 5) == 0) {
		arg = split(step + 5, name, sizeof(name));
		if (arg == NULL || (arg[0] != '+' && arg[0] != '-'))
			return fail(d, idx, "time", "needs NAME:+TEXT or NAME:-TEXT"), -1;
		rc = drv_until(d, arg[0] == '+' ? C_HAS : C_GONE, arg + 1, 0, opt.timeout_ms, &when);
		if (rc != 1)
			return fail(d, idx, "time", arg), -1;
		record(name, "ms", when - d->last_send);
		return 0;
	}
	if (strcmp(step, "eof") == 0) {
		double deadline = now_ms() + opt.timeout_ms;

		while (drv_read(d, deadline - now_ms()) >= 0)
			if (now_ms() >= deadline)
				return fail(d, idx, "eof", NULL), -1;
		if (d->first_out >= 0)
			record("first_byte_ms", "ms", d->first_out - d->t0);
		record("eof_ms", "ms", d->last_out - d->t0);
		return 0;
	}
	if (strcmp(step, "exit") == 0) {
		if (drv_reap(d, opt.timeout_ms) < 0)
			return fail(d, idx, "exit", NULL), -1;
		return 0;
	}
	if (strncmp(step, "grab:", 5) == 0) {
		char row[MAX_COLS * 4 + 8], val[512];
		int r;

		arg = split(step + 5, name, sizeof(name));
		if (arg == NULL || drv_until(d, C_HAS, arg, 0, opt.timeout_ms, NULL) != 1)
			return fail(d, idx, "grab", arg), -1;
		for (r = 0; r < d->scr.rows; r++) {
			const char *p;
			size_t n;

			scr_row(&d->scr, r, row, sizeof(row));
			p = strstr(row, arg);
			if (p == NULL)
				continue;
			n = strcspn(p + strlen(arg), " ") + strlen(arg);
			if (n >= sizeof(val))
				n = sizeof(val) - 1;
			memcpy(val, p, n);
			val[n] = '\0';
			set_var(name, val);
			if (opt.verbose)
				fprintf(stderr, "pty_bench[%s]: %s = %s\n", opt.label, name, val);
			break;
		}
		return 0;
	}
	if (strcmp(step, "mem") == 0) {
		char path[64], line[256];
		FILE *f;
		double priv = 0;

		snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)d->pid);
		f = fopen(path, "r");
		if (f == NULL)
			return fail(d, idx, "mem", path), -1;
		while (fgets(line, sizeof(line), f) != NULL) {
			double kib;
			char field[64];

			if (sscanf(line, "%63[^:]: %lf kB", field, &kib) != 2)
				continue;
			if (strcmp(field, "Rss") == 0)
				record("mem.rss_kib", "KiB", kib);
			else if (strcmp(field, "Pss") == 0)
				record("mem.pss_kib", "KiB", kib);
			else if (strcmp(field, "Anonymous") == 0)
				record("mem.anon_kib", "KiB", kib);
			else if (strcmp(field, "Private_Clean") == 0 || strcmp(field, "Private_Dirty") == 0)
				priv += kib;
		}
		fclose(f);
		record("mem.private_kib", "KiB", priv);
		return 0;
	}
	if (strcmp(step, "dump") == 0) {
		scr_dump(&d->scr, stderr);
		return 0;
	}
	return fail(d, idx, "unknown step", step), -1;
}

static void
remove_tree(const char *dir)
{
	char cmd[700];

	if (dir == NULL || strncmp(dir, "/tmp/", 5) != 0 || strchr(dir, '\'') != NULL)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "pty_bench: could not remove %s\n", dir);
}

static int
run_once(char **steps, int nsteps, char **argv)
{
	struct drv d;
	char dir[64] = "/tmp/pty_bench.XXXXXX";
	int i, ok = 1;

	if (opt.fresh_state && mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	if (drv_spawn(&d, argv, opt.fresh_state ? dir : NULL) < 0) {
		if (opt.fresh_state)
			remove_tree(dir);
		return -1;
	}
	for (i = 0; i < nsteps; i++) {
		if (run_step(&d, i + 1, steps[i]) < 0) {
			ok = 0;
			break;
		}
	}
	drv_kill(&d);
	close(d.fd);
	if (ok && d.reaped)
		record("maxrss_kib", "KiB", (double)d.ru.ru_maxrss);
	if (opt.fresh_state)
		remove_tree(dir);
	return ok ? 0 : -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: pty_bench [--runs N] [--warmup N] [--label L] [--quiet MS] [--gap MS]\n"
	                "                 [--timeout S] [--cols N] [--rows N] [-e NAME=VALUE]...\n"
	                "                 [--fresh-state] [--verbose] [--raw FILE] STEP... -- PROGRAM [ARGS...]\n"
	                "(steps are described at the top of bench/pty_bench.c)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	char *steps[256];
	int nsteps = 0, i, failures = 0;

	setlocale(LC_ALL, "C.UTF-8");
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--runs") == 0 && v) { opt.runs = atoi(v); i++; }
		else if (strcmp(a, "--warmup") == 0 && v) { opt.warmup = atoi(v); i++; }
		else if (strcmp(a, "--label") == 0 && v) { opt.label = v; i++; }
		else if (strcmp(a, "--quiet") == 0 && v) { opt.quiet_ms = atof(v); i++; }
		else if (strcmp(a, "--gap") == 0 && v) { opt.gap_ms = atof(v); i++; }
		else if (strcmp(a, "--timeout") == 0 && v) { opt.timeout_ms = atof(v) * 1000; i++; }
		else if (strcmp(a, "--cols") == 0 && v) { opt.cols = atoi(v); i++; }
		else if (strcmp(a, "--rows") == 0 && v) { opt.rows = atoi(v); i++; }
		else if (strcmp(a, "-e") == 0 && v && opt.nenv < MAX_ENV) { opt.env[opt.nenv++] = v; i++; }
		else if (strcmp(a, "--fresh-state") == 0) opt.fresh_state = 1;
		else if (strcmp(a, "--verbose") == 0) opt.verbose = 1;
		else if (strcmp(a, "--raw") == 0 && v) {
			opt.raw = fopen(v, "w");
			if (opt.raw == NULL) {
				perror(v);
				return 2;
			}
			i++;
		}
		else if (a[0] == '-' && a[1] == '-') usage();
		else if (nsteps < 256) steps[nsteps++] = argv[i];
	}
	if (i >= argc - 1 || opt.runs < 1 || opt.cols < 20 || opt.cols > MAX_COLS ||
	    opt.rows < 5 || opt.rows > MAX_ROWS)
		usage();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	for (int r = 0; r < opt.warmup + opt.runs; r++) {
		char num[16];

		snprintf(num, sizeof(num), "%d", r + 1);
		set_var("RUN", num);
		recording = r >= opt.warmup;
		if (run_once(steps, nsteps, argv + i + 1) < 0)
			failures++;
	}
	printf("%s: %d run(s) + %d warm-up, %d failed\n", opt.label, opt.runs, opt.warmup, failures);
	report(opt.label);
	if (opt.raw != NULL)
		fclose(opt.raw);
	if (failures > 0)
		printf("RESULT %s.failed_runs %d %d %d 1 runs\n", opt.label, failures, failures, failures);
	return failures > 0 ? 1 : 0;
}
