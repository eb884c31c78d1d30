#!/bin/sh
# SPDX-License-Identifier: MIT
# ao-suite: background
# A short run of every libFuzzer target (make fuzz runs them longer).
set -u
w=$(mktemp "${TMPDIR:-/tmp}/ao-fuzz.XXXXXX.sh")
trap 'rm -f "$w"' EXIT
echo "sh tests/fuzz/run.sh ${AO_FUZZ_SMOKE_SECONDS:-8}" >"$w"
sh tests/run.sh fuzz "$w"
