#!/bin/sh
# SPDX-License-Identifier: MIT
# Files from the user: an answers file, secret file or key file that is a
# FIFO, a device or a directory is refused at once with a sentence saying
# what it is (reading a FIFO nobody writes would hang; /dev/zero never
# ends); a state directory that is a symbolic link or writable by others is
# refused with the fix and no draft is written through it.
. "${0%/*}/lib/cli.sh"

start_sandbox s --activate-after 0.05 --probe-interval 0.05 --disable-after 0
A="--api-url $URL"
mkfifo "$T/fifo"
mkdir "$T/dir"
SRC="--kind source --name Files --type SALES --protocol MCP --endpoint-url $URL/demo/mcp --auth-type API_KEY"

# a generous ceiling only against a hang: the old behaviour blocked forever
run_to() { timeout 30 "$AO_BIN" "$@" >"$T/out" 2>"$T/err" </dev/null; RC=$?; }

run_to $A create --answers "$T/fifo" --dry-run
expect_rc "an answers file that is a FIFO is refused, not waited on" 2
check "... saying it is a named pipe" grep -q 'named pipe' "$T/err"
run_to $A create --answers /dev/zero --dry-run
expect_rc "an answers file that is a device is refused" 2
check "... saying it is not a regular file" grep -q 'not a regular file' "$T/err"
run_to $A create --answers "$T/dir" --dry-run
expect_rc "an answers file that is a directory is refused" 2
check "... saying it is a directory" grep -q 'directory' "$T/err"

run_to $A create $SRC --secret-file "$T/fifo" --dry-run
check "a secret file that is a FIFO is refused at once (not exit 124, a hang)" test "$RC" -ne 124 -a "$RC" -ne 0
check "... saying what to use for a pipe" grep -q -- '--secret-fd' "$T/err"
run_to $A create $SRC --secret-file /dev/zero --dry-run
check "a secret file that is a device is refused" test "$RC" -ne 124 -a "$RC" -ne 0
check "... saying it is not a regular file" grep -q 'not a regular file' "$T/err"
run_to $A login --secret-file "$T/fifo" --no-verify
check "login: a key file that is a FIFO is refused at once" test "$RC" -ne 124 -a "$RC" -ne 0

run_to $A create --kind source --name Jwt --type SALES --protocol MCP --endpoint-url "$URL/demo/mcp" \
	--auth-type JWT --issuer i --subject s --key-id k --audience-url https://aud.example \
	--token-endpoint-url https://aud.example/token --algorithm ES256 --environment production \
	--private-key-file "$T/fifo" --dry-run
check "a private key file that is a FIFO is refused at once" test "$RC" -ne 124 -a "$RC" -ne 0
check "... saying it is a named pipe" grep -q 'named pipe' "$T/err"

done_testing
