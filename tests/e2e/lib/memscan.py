# SPDX-License-Identifier: MIT
# Whether a running process still holds a string anywhere in its readable
# memory (heap, stack, libraries' data): reads /proc/PID/maps and
# /proc/PID/mem.  Prints the regions that hold it; exit 1 when found, 0 when
# not, 2 when the memory cannot be read (not root: the program is not
# dumpable, so only root may read it).
#   python3 memscan.py PID STRING
import sys, re
pid, needle = sys.argv[1], sys.argv[2].encode()
hits = []
try:
    mem = open("/proc/%s/mem" % pid, "rb", 0)
    maps = open("/proc/%s/maps" % pid)
except OSError:
    sys.exit(2)
with maps, mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)", line)
        if not m or m.group(3)[0] != "r":
            continue
        start, end, name = int(m.group(1), 16), int(m.group(2), 16), m.group(4)
        if end - start > (1 << 30):
            continue   # sanitizer shadow memory: reserved, not the program's data
        chunk, keep, pos, tail = 1 << 24, len(needle) - 1, start, b""
        while pos < end:
            try:
                mem.seek(pos)
                data = tail + mem.read(min(chunk, end - pos))
            except (OSError, ValueError, OverflowError):
                break
            if needle in data:
                hits.append(name or "anon")
                break
            tail = data[-keep:] if keep else b""
            pos += chunk
print(" ".join(hits))
sys.exit(1 if hits else 0)
