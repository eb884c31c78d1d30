#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes a throw-away test CA and a server certificate for localhost /
# 127.0.0.1 / ::1 signed by it (reference/toolchain.md section 4), so HTTPS
# tests run with certificate verification ON.
#   tests/support/make-test-ca.sh DIR
# Writes DIR/ca.crt DIR/ca.key DIR/server.crt DIR/server.key (keys 0600).
set -eu
dir=${1:?usage: make-test-ca.sh DIR}
mkdir -p "$dir"
cd "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout ca.key -out ca.crt -days 3650 -subj "/CN=agent-onboard Test CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1' \
	'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature' \
	'extendedKeyUsage=serverAuth' >server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	-out server.crt -days 825 -extfile server.ext 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 644 ca.crt server.crt
