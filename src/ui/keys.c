/* SPDX-License-Identifier: MIT */
/* See keys.h.  Two layers: define_key teaches curses the sequences that
 * terminfo lacks (so curses itself waits ESCDELAY for a sequence split
 * across reads), and ao_key_read catches what is still unknown: when curses
 * hands back an Esc with more bytes right behind it, those bytes are the
 * rest of one sequence (a CSI up to its final byte, an SS3 and one byte, or
 * Alt and a character) and are read whole, mapped through the same table
 * or dropped, so they never act as "back" plus typed text. */
#include <string.h>

#include "agent-onboard/ui/keys.h"

struct seq {
	const char *s;
	int key;
};

/* xterm, rxvt, PuTTY, the Linux console, screen and tmux */
static const struct seq seqs[] = {
	{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) }, { "\033[13~", KEY_F(3) },
	{ "\033[14~", KEY_F(4) }, { "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
	{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) }, { "\033[20~", KEY_F(9) },
	{ "\033[21~", KEY_F(10) }, { "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) }, { "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
	{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) }, { "\033[[C", KEY_F(3) },
	{ "\033[[D", KEY_F(4) }, { "\033[[E", KEY_F(5) },
	{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
	{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
	{ "\033[3~", KEY_DC }, { "\033[2~", KEY_IC },
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	{ "\033[Z", KEY_BTAB }, { "\033OM", KEY_ENTER },
	{ "\033[200~", AO_KEY_PASTE_BEGIN }, { "\033[201~", AO_KEY_PASTE_END },
};

#define NSEQS (sizeof(seqs) / sizeof(seqs[0]))
#define SEQ_MAX 32

/* one key read ahead while looking behind an Esc */
static int pending_rc = ERR;
static wint_t pending_ch;

void
ao_keys_init(void)
{
	size_t i;

	pending_rc = ERR;
	for (i = 0; i < NSEQS; i++)
		/* 0: unknown to curses; a known or conflicting string stays as
		 * terminfo says (the fallback below still maps it) */
		if (key_defined(seqs[i].s) == 0)
			define_key(seqs[i].s, seqs[i].key);
	/* bracketed paste: pasted text arrives between \e[200~ and \e[201~,
	 * so a newline in it is never Enter (terminals that do not know the
	 * mode ignore it) */
	putp("\033[?2004h");
	fflush(stdout);
}

void
ao_key_alias(int *rc, wint_t *ch)
{
	if (*rc != OK)
		return;
	switch (*ch) {
	case 7: *ch = KEY_F(1); break;    /* ^G */
	case 12: *ch = KEY_F(4); break;   /* ^L: look up (find agents) */
	case 18: *ch = KEY_F(2); break;   /* ^R */
	case 20: *ch = KEY_F(5); break;   /* ^T */
	default: return;
	}
	*rc = KEY_CODE_YES;
}

void
ao_keys_discard(void)
{
	pending_rc = ERR;
}

static int
next_raw(wint_t *ch)
{
	if (pending_rc != ERR) {
		int rc = pending_rc;

		pending_rc = ERR;
		*ch = pending_ch;
		return rc;
	}
	return get_wch(ch);
}

static int
lookup(const char *s)
{
	size_t i;

	for (i = 0; i < NSEQS; i++)
		if (strcmp(seqs[i].s, s) == 0)
			return seqs[i].key;
	return 0;
}

/* After an Esc: 0 when it stands alone (*key untouched), 1 with a key in
 * *key, -1 when a sequence was read and dropped. */
static int
read_sequence(int *key)
{
	char buf[SEQ_MAX];
	size_t n = 0;
	wint_t c;
	int rc = get_wch(&c);

	if (rc == ERR)
		return 0;
	if (rc == KEY_CODE_YES || c == 27) {
		/* a key of its own follows the Esc (Esc, then an arrow) */
		pending_rc = rc;
		pending_ch = c;
		return 0;
	}
	if (c != '[' && c != 'O')
		return -1;   /* Alt and a character: nothing here uses Alt */
	buf[n++] = 27;
	buf[n++] = (char)c;
	if (c == 'O') {
		if (get_wch(&c) != OK || c > 0x7e)
			return -1;
		buf[n++] = (char)c;
	} else {
		for (;;) {
			if (get_wch(&c) != OK || c > 0x7e || c < 0x20)
				return -1;   /* cut short or not a sequence: drop what came */
			buf[n++] = (char)c;
			if (n == 3 && c == '[') {
				/* the Linux console's F1-F5: \e[[A */
				if (get_wch(&c) != OK || c > 0x7e)
					return -1;
				buf[n++] = (char)c;
				break;
			}
			if (c >= 0x40 || n >= SEQ_MAX - 1)
				break;
		}
	}
	buf[n] = '\0';
	*key = lookup(buf);
	return *key != 0 ? 1 : -1;
}

int
ao_key_read(wint_t *ch)
{
	for (;;) {
		int rc = next_raw(ch), key = 0, r;

		if (rc != OK || *ch != 27)
			return rc;
		r = read_sequence(&key);
		if (r == 0)
			return OK;
		if (r == 1) {
			*ch = (wint_t)key;
			return KEY_CODE_YES;
		}
	}
}
