#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP lines saying whether BINARY has what Debian's hardening=+all gives it:
# PIE, full RELRO (a GNU_RELRO segment and BIND_NOW), the stack protector
# (__stack_chk_fail) and _FORTIFY_SOURCE (calls to the __*_chk functions).
# readelf only, so a stripped binary (the packaged one) can be checked too.
#   tests/hardening.sh BINARY [LABEL]
set -u
bin=$1; label=${2:-$1}
if [ ! -f "$bin" ]; then
	echo "not ok - $label: hardening not checked, $bin does not exist"
	exit 1
fi
export LC_ALL=C
header=$(readelf -h "$bin"); segments=$(readelf -lW "$bin"); dynamic=$(readelf -dW "$bin")
symbols=$(readelf --dyn-syms -W "$bin")
failed=0
check() {
	if printf '%s\n' "$2" | grep -Eq "$3"; then
		echo "ok - $label: $1"
	else
		echo "not ok - $label: $1"
		failed=1
	fi
}
check "position-independent executable (PIE)" "$header" 'Type:[[:space:]]+DYN'
check "read-only relocations (RELRO)" "$segments" 'GNU_RELRO'
check "immediate binding (BIND_NOW)" "$dynamic" 'BIND_NOW|Flags:.* NOW'
check "stack protector" "$symbols" '__stack_chk_fail'
check "_FORTIFY_SOURCE (checked libc calls)" "$symbols" '__[a-z0-9_]+_chk@'
exit $failed
