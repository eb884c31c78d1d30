#!/bin/sh
# SPDX-License-Identifier: MIT
# The unit tests under valgrind memcheck: no invalid access, no definite
# leak.  tests/valgrind.supp holds suppressions for GLib/GDBus internals only.
set -u
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind missing: run make deps" >&2
	exit 1
fi
supp="--suppressions=tests/valgrind.supp"
[ -f /usr/share/glib-2.0/valgrind/glib.supp ] && supp="$supp --suppressions=/usr/share/glib-2.0/valgrind/glib.supp"
wrapper=$(mktemp "${TMPDIR:-/tmp}/ao-vg.XXXXXX")
trap 'rm -f "$wrapper" "$wrapper".*' EXIT
progs=""
for t in "${AO_BUILD:-build}"/tests/unit/test_*; do
	case $t in *.d) continue ;; esac
	name=$(basename "$t")
	# one wrapper script per program so tests/run.sh counts each one
	w="$wrapper.$name.sh"
	cat >"$w" <<EOW
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite $supp "$t"
EOW
	progs="$progs $w"
done
# shellcheck disable=SC2086
sh tests/run.sh valgrind $progs
