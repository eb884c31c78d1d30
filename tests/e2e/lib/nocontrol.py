# SPDX-License-Identifier: MIT
# Exits 0 when none of the files holds a byte a terminal would act on: ESC,
# BEL, another C0 control than newline (and tab in our own layout), DEL, a
# C1 control as UTF-8 (U+0080-U+009F) or as a raw 8-bit byte, or a
# bidirectional override/isolate.  Otherwise prints where and exits 1.
#   python3 nocontrol.py FILE...
import sys

BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
bad = 0
for name in sys.argv[1:]:
    data = open(name, "rb").read()
    text = data.decode("utf-8", errors="surrogateescape")
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch not in "\n\t") or c == 0x7F or 0x80 <= c <= 0x9F or c in BIDI \
                or 0xDC80 <= c <= 0xDC9F:   # a raw 0x80-0x9F byte
            line = text.count("\n", 0, i) + 1
            ctx = text[max(0, i - 30):i + 10]
            print("%s:%d: U+%04X in %r" % (name, line, c, ctx))
            bad += 1
            if bad > 5:
                sys.exit(1)
sys.exit(1 if bad else 0)
