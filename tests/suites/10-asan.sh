#!/bin/sh
# SPDX-License-Identifier: MIT
# The unit and contract tests again, built with AddressSanitizer and UBSan
# (-fno-sanitize-recover=all, so any report fails the test).  make test
# builds build-asan/ before running this.
set -u
asan=${AO_ASAN_BUILD:-build-asan}
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
units=$(ls "$asan"/tests/unit/test_* 2>/dev/null | grep -v '\.d$')
contracts=$(ls "$asan"/tests/contract/test_* 2>/dev/null | grep -v '\.d$')
[ -z "$units" ] || sh tests/run.sh asan-unit $units
[ -z "$contracts" ] || AO_BIN="$asan/agent-onboard" sh tests/with-test-keyring.sh sh tests/run.sh asan-contract $contracts
