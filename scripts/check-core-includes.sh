#!/bin/sh
# SPDX-License-Identifier: MIT
# The core must stay pure (libc + cJSON): it is shared by the wizard, the
# plain mode, the command line and the simulator, and unit-tested alone.
# Rejects any #include in DIR that is not a C library header, cJSON, or one
# of the project's own core headers.
set -eu
dir=${1:-src/core}
allowed='assert ctype errno fcntl inttypes limits locale math stdarg stdbool stddef stdint stdio stdlib string strings time unistd wchar sys/stat sys/types sys/time cJSON cjson/cJSON'
bad=0
for f in "$dir"/*.c include/agent-onboard/core/*.h; do
	[ -f "$f" ] || continue
	grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
		hdr=$(printf '%s\n' "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*\)\.h[>"].*/\1/p')
		case $hdr in
		agent-onboard/core/*) continue ;;
		esac
		ok=0
		for a in $allowed; do [ "$hdr" = "$a" ] && ok=1; done
		if [ $ok = 0 ]; then
			echo "$f: ${line#*:} -- not allowed in the core (libc + cJSON only)" >&2
			echo x
		fi
	done
done | grep -q x && bad=1
exit $bad
