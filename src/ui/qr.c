/* SPDX-License-Identifier: MIT */
/* QR codes for the OAuth URL, so it can be scanned from a phone when the
 * browser is on another machine (SSH).  A quiet zone of 2 modules keeps it
 * small enough for a terminal; scanners cope with it on a plain background. */
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "agent-onboard/core/xalloc.h"
#include "agent-onboard/ui/qr.h"

#define QUIET 2

static int
dark(const QRcode *qr, int y, int x)
{
	y -= QUIET;
	x -= QUIET;
	if (y < 0 || x < 0 || y >= qr->width || x >= qr->width)
		return 0;
	return qr->data[y * qr->width + x] & 1;
}

int
ao_qr_render(const char *text, int utf8, int invert, struct ao_qr *out)
{
	QRcode *qr;
	int size, y, x, r;

	memset(out, 0, sizeof(*out));
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	if (qr == NULL)
		return -1;
	size = qr->width + 2 * QUIET;
	if (utf8) {
		out->cols = size;
		out->rows = (size + 1) / 2;
	} else {
		out->cols = 2 * size;
		out->rows = size;
	}
	out->line = xcalloc((size_t)out->rows, sizeof(*out->line));
	for (r = 0; r < out->rows; r++) {
		char *p = out->line[r] = xcalloc((size_t)size * 4 + 1, 1);

		for (x = 0; x < size; x++) {
			if (utf8) {
				int top = dark(qr, 2 * r, x) ^ invert, bottom = dark(qr, 2 * r + 1, x) ^ invert;

				if (2 * r + 1 >= size)
					bottom = invert;
				/* drawn cells are the foreground: "dark" after inversion */
				strcpy(p, top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ");
				p += strlen(p);
			} else {
				y = r;
				strcpy(p, (dark(qr, y, x) ^ invert) ? "##" : "  ");
				p += 2;
			}
		}
	}
	QRcode_free(qr);
	return 0;
}

void
ao_qr_free(struct ao_qr *q)
{
	int r;

	if (q == NULL || q->line == NULL)
		return;
	for (r = 0; r < q->rows; r++)
		free(q->line[r]);
	free(q->line);
	memset(q, 0, sizeof(*q));
}
