/* SPDX-License-Identifier: MIT */
/* OSC 52 ("ESC ] 52 ; c ; base64 BEL").  Inside tmux the plain sequence
 * works with `set-clipboard on`, the DCS-wrapped one (ESC doubled) with
 * `allow-passthrough on`; both are sent, since either may be the one
 * enabled.  GNU screen passes DCS strings through in chunks of at most
 * 76 bytes. */
#include <string.h>

#include "agent-onboard/core/base64.h"
#include "agent-onboard/core/buf.h"
#include "agent-onboard/ui/osc52.h"

char *
ao_osc52_build(const char *text, const char *tmux, const char *sty, size_t *len)
{
	struct ao_buf seq, out;
	size_t i;

	ao_buf_init(&seq, 0);
	ao_buf_append(&seq, "\033]52;c;", 7);
	ao_base64_append(&seq, text, strlen(text));
	ao_buf_append(&seq, "\a", 1);
	ao_buf_init(&out, 0);
	if (tmux != NULL && tmux[0] != '\0') {
		ao_buf_append(&out, seq.data, seq.len);
		ao_buf_append(&out, "\033Ptmux;", 7);
		for (i = 0; i < seq.len; i++) {
			if (seq.data[i] == '\033')
				ao_buf_append(&out, "\033", 1);
			ao_buf_append(&out, &seq.data[i], 1);
		}
		ao_buf_append(&out, "\033\\", 2);
	} else if (sty != NULL && sty[0] != '\0') {
		for (i = 0; i < seq.len; i += 76) {
			size_t n = seq.len - i < 76 ? seq.len - i : 76;

			ao_buf_append(&out, "\033P", 2);
			ao_buf_append(&out, seq.data + i, n);
			ao_buf_append(&out, "\033\\", 2);
		}
	} else {
		ao_buf_append(&out, seq.data, seq.len);
	}
	ao_buf_free(&seq);
	*len = out.len;
	return ao_buf_steal(&out);
}
