/* SPDX-License-Identifier: MIT */
/* A QR code of a URL as text rows (libqrencode): two modules per row with
 * half-block characters, or "##" cells for terminals without UTF-8. */
#ifndef AO_UI_QR_H
#define AO_UI_QR_H

struct ao_qr {
	int cols, rows;   /* size in terminal cells */
	char **line;      /* rows UTF-8 strings of cols cells */
};

/* invert: draw the light modules (for light-on-dark terminals without a
 * colour pair that paints dark on light).  Returns 0, or -1 when the text
 * cannot be encoded. */
int ao_qr_render(const char *text, int utf8, int invert, struct ao_qr *out);
void ao_qr_free(struct ao_qr *q);

#endif
