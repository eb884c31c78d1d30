#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds every libFuzzer target tests/fuzz/fuzz_*.c with clang
# (-fsanitize=fuzzer,address,undefined) and runs each for SECONDS seconds on
# its corpus tests/fuzz/corpus/<target>/ (new inputs go to a scratch copy,
# so the committed corpus only changes when someone copies them back).
#   tests/fuzz/run.sh SECONDS [TARGET...]
# A target links the core (src/core/*.c, compiled once) plus any sources and pkg-config
# modules named on lines of its own:
#   // fuzz-sources: src/x/*.c src/y/z.c
#   // fuzz-libs: libcurl
# Exit status is non-zero when any target crashes, leaks or hits UB.
set -u
seconds=${1:-60}; shift 2>/dev/null || true
out=build-fuzz
mkdir -p "$out"
CJSON_CFLAGS=$(pkg-config --cflags libcjson); CJSON_LIBS=$(pkg-config --libs libcjson)
targets=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/||; s|\.c$||')}
failed=0; passed=0
# The core is compiled once for all targets (fuzzer-no-link: instrumented
# for coverage, linked with each target's own libFuzzer main), two files at
# a time; it used to be compiled again for every target.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
mkdir -p "$out/core"
core_objs=""
n=0
for c in src/core/*.c; do
	o="$out/core/$(basename "$c" .c).o"
	core_objs="$core_objs $o"
	rm -f "$o"
	# shellcheck disable=SC2086
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -DAO_VERSION='"fuzz"' -Iinclude $CJSON_CFLAGS \
		-fsanitize=fuzzer-no-link $SAN -c "$c" -o "$o" 2>"$o.log" &
	n=$((n + 1))
	[ $((n % 2)) -ne 0 ] || wait
done
wait
core_ok=1
for o in $core_objs; do
	[ -f "$o" ] && [ ! -s "$o.log" ] && continue
	[ -f "$o" ] || { cat "$o.log" >&2; core_ok=0; }
done
if [ "$core_ok" = 0 ]; then
	echo "not ok - the core does not build for fuzzing"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
for t in $targets; do
	extra=$(sed -n 's|^// fuzz-sources: *||p' "tests/fuzz/$t.c")
	mods=$(sed -n 's|^// fuzz-libs: *||p' "tests/fuzz/$t.c")
	mod_cflags=""; mod_libs=""
	if [ -n "$mods" ]; then
		mod_cflags=$(pkg-config --cflags $mods); mod_libs="$(pkg-config --libs $mods) -lpthread -lm"
	fi
	# shellcheck disable=SC2086
	if ! clang -g -O1 -std=gnu11 -D_GNU_SOURCE -DAO_VERSION='"fuzz"' -Iinclude $CJSON_CFLAGS $mod_cflags \
		-fsanitize=fuzzer $SAN \
		-o "$out/$t" "tests/fuzz/$t.c" $core_objs $extra $CJSON_LIBS $mod_libs 2>"$out/$t.build.log"; then
		cat "$out/$t.build.log" >&2
		echo "not ok - $t: build failed"
		failed=$((failed + 1))
		continue
	fi
	scratch="$out/$t.corpus"
	rm -rf "$scratch"; mkdir -p "$scratch"
	[ -d "tests/fuzz/corpus/$t" ] && cp -r "tests/fuzz/corpus/$t/." "$scratch/"
	if "$out/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/$t-" "$scratch" >"$out/$t.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
		echo "ok - $t: ${runs:-?} runs in ${seconds}s, no crash, leak or UB"
		passed=$((passed + 1))
	else
		tail -n 40 "$out/$t.log" >&2
		echo "not ok - $t: see $out/$t.log and the artifact $out/$t-*"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
