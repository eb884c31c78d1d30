#!/bin/sh
# SPDX-License-Identifier: MIT
# ao-suite: background
# CI builds with both compilers: the other suites use the gcc build, this one
# builds every program again with clang and -Werror (CI=true) into
# build-clang/, with the Makefile's default (hardened) flags, checks that
# hardening on the binary, and runs the unit tests of that build.  A build
# failure is a failure, and the unit tests then do not run.
set -u
out=${AO_CLANG_BUILD:-build-clang}
# the Makefile's defaults, not flags or a jobserver inherited from the caller
unset CFLAGS CPPFLAGS LDFLAGS MAKEFLAGS MFLAGS MAKELEVEL

if [ -n "${AO_CLANG_BUILD_STAGE:-}" ]; then
	# run by tests/run.sh below: TAP lines for the build
	log="$out/build.log"
	mkdir -p "$out"
	if make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" CC=clang CI=true \
		BUILD="$out" programs >"$log" 2>&1; then
		echo "ok - clang -Werror builds the binary, the unit and contract tests and the benchmarks"
	else
		tail -n 60 "$log" | sed 's/^/# /'
		echo "not ok - clang -Werror build (log: $log)"
		exit 1
	fi
	# -Werror covers the compiler; this also catches the linker's warnings
	if grep -q 'warning:' "$log"; then
		grep 'warning:' "$log" | sed 's/^/# /'
		echo "not ok - the clang build prints warnings"
	else
		echo "ok - the clang build prints no warning"
	fi
	exec sh tests/hardening.sh "$out/agent-onboard" "clang build"
fi

if ! AO_CLANG_BUILD_STAGE=1 sh tests/run.sh clang-build "$0"; then
	echo "clang: the build failed, its unit tests were not run" >&2
	exit 1
fi
units=$(ls "$out"/tests/unit/test_* 2>/dev/null | grep -v '\.d$')
# shellcheck disable=SC2086
sh tests/run.sh clang-unit $units
