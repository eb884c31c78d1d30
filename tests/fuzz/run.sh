#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds every libFuzzer target tests/fuzz/fuzz_*.c with clang
# (-fsanitize=fuzzer,address,undefined) and runs each for SECONDS seconds on
# its corpus tests/fuzz/corpus/<target>/ (new inputs go to a scratch copy,
# so the committed corpus only changes when someone copies them back).
#   tests/fuzz/run.sh SECONDS [TARGET...]
# A target links the core (src/core/*.c) plus any sources and pkg-config
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
for t in $targets; do
	extra=$(sed -n 's|^// fuzz-sources: *||p' "tests/fuzz/$t.c")
	mods=$(sed -n 's|^// fuzz-libs: *||p' "tests/fuzz/$t.c")
	mod_cflags=""; mod_libs=""
	if [ -n "$mods" ]; then
		mod_cflags=$(pkg-config --cflags $mods); mod_libs="$(pkg-config --libs $mods) -lpthread -lm"
	fi
	# shellcheck disable=SC2086
	if ! clang -g -O1 -std=gnu11 -D_GNU_SOURCE -DAO_VERSION='"fuzz"' -Iinclude $CJSON_CFLAGS $mod_cflags \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o "$out/$t" "tests/fuzz/$t.c" src/core/*.c $extra $CJSON_LIBS $mod_libs 2>"$out/$t.build.log"; then
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
