#!/bin/sh
# SPDX-License-Identifier: MIT
# JWT private keys through `create`, made at test time with openssl: a key
# the platform cannot sign with (public, encrypted, Ed25519, RSA 1024, two
# keys, garbage after the key, OpenSSH format) is refused with exit 3 and a
# sentence that says what to do, nothing reaches the simulator, and no line
# of the key is printed; a usable key sets the algorithm it signs when
# --algorithm is not given (RSA -> RS256, P-256 -> ES256); an --algorithm
# that does not fit is refused; ~/ paths are read from $HOME, in flags and
# in answers files.
. "${0%/*}/lib/cli.sh"

start_sandbox s1 --activate-after 0.05 --probe-interval 0.05 --disable-after 0
S=$URL
A="--api-url $S"
K=$HOME/keys
mkdir -p "$K"
(
	cd "$K" || exit 1
	exec </dev/null 2>/dev/null
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem &&
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pem &&
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem &&
	openssl genpkey -algorithm ED25519 -out ed25519.pem &&
	openssl pkey -in ec.pem -pubout -out public.pem &&
	openssl pkey -in ec.pem -aes256 -passout pass:secret -out encrypted.pem &&
	cat ec.pem rsa.pem >two.pem &&
	{ cat ec.pem; echo 'trailing words'; } >trailing.pem
) || { echo "Bail out! openssl could not make the test keys"; exit 1; }
chmod 600 "$K"/*.pem

# jwt_create KEYFILE [more flags...]: a complete JWT source but for the key
jwt_create() {
	_key=$1; shift
	run_ao $A create --kind source --name "Key Test" --type SALES --protocol MCP --endpoint-url "$S/demo/mcp" \
		--auth-type JWT --private-key-file "$_key" --issuer i --subject s --key-id k --scope adcp \
		--token-endpoint-url https://idp.example/token --audience-url https://idp.example "$@"
}

# no line of any key in the output
no_key_lines() {
	for _f in "$K"/*.pem; do
		grep -v -e '-----' "$_f" | while IFS= read -r _l; do
			if grep -qF -e "$_l" "$T/out" "$T/err"; then echo "$_l"; fi
		done
	done | grep -q . && return 1
	return 0
}

# ---- refused keys: exit 3, the reason and the fix, nothing sent -------------------

before=$(requests s1)
while IFS='|' read -r file want; do
	jwt_create "$K/$file" --dry-run
	expect_rc "$file is refused" 3
	check "$file: $want" grep -qF -- "$want" "$T/err"
	check "$file: the problem is at privateKeyFile" grep -q 'privateKeyFile (--private-key-file): ' "$T/err"
	check "$file: no line of the key is printed" no_key_lines
done <<'EOF'
public.pem|this is a public key; give the private key
encrypted.pem|the key is encrypted; decrypt it: openssl pkey -in KEY -out KEY.dec
ed25519.pem|this is an Ed25519 key; the platform signs only RS256 (RSA, 2048 bits or more) or ES256 (EC P-256).
rsa1024.pem|this RSA key has 1024 bits; RS256 needs 2048 or more
two.pem|the file holds more than one PEM block; keep only the key
trailing.pem|there is text after the -----END PRIVATE KEY----- line
EOF
if command -v ssh-keygen >/dev/null 2>&1; then
	ssh-keygen -q -t ecdsa -b 256 -N '' -C test -f "$K/openssh" </dev/null >/dev/null
	jwt_create "$K/openssh" --dry-run
	expect_rc "an OpenSSH-format key is refused" 3
	check "... with the conversion to PEM" grep -qF 'OpenSSH-format key; convert a copy to PEM: ssh-keygen -p -m PKCS8' "$T/err"
else
	skip "an OpenSSH-format key is refused" "ssh-keygen is not installed"
	skip "... with the conversion to PEM" "ssh-keygen is not installed"
fi
jwt_create "~" --dry-run
expect_rc "~ alone is refused" 3
check "... as the home folder, not a file" grep -qF '~ is your home folder, not a file' "$T/err"
# not a dry run: still refused before anything is sent
jwt_create "$K/public.pem"
expect_rc "a public key without --dry-run" 3
check "nothing reached the simulator" test "$(requests s1)" -eq "$before"

# ---- usable keys: the algorithm follows the key -------------------------------------

jwt_create "$K/rsa.pem" --dry-run
expect_rc "an RSA 2048 key" 0
check "the request says RS256 (inferred from the key)" grep -q '"algorithm":[[:space:]]*"RS256"' "$T/out"
check "the key is masked" grep -q '"privateKey":.*"\*\*\*\*\*\*\*\*"' "$T/out"
check "no line of the key is printed" no_key_lines
# shellcheck disable=SC2088 # the program expands ~/, not the shell
jwt_create "~/keys/ec.pem" --dry-run
expect_rc "a P-256 key given as ~/keys/ec.pem" 0
check "the request says ES256 (inferred from the key)" grep -q '"algorithm":[[:space:]]*"ES256"' "$T/out"
jwt_create "$K/rsa.pem" --algorithm ES256 --dry-run
expect_rc "--algorithm ES256 with an RSA key" 3
check "the problem is at the algorithm, with the fix" grep -qF 'algorithm (--algorithm): ES256 does not fit the key file: it is an RSA key, which signs RS256; choose RS256' "$T/err"

mkdir -p "$T/elsewhere"
cat >"$T/elsewhere/jwt.json" <<'EOF'
{
  "kind": "inventory-source",
  "name": "Home Key",
  "type": "SALES",
  "endpointUrl": "https://agent.example.com/mcp",
  "protocol": "MCP",
  "authenticationType": "JWT",
  "privateKeyFile": "~/keys/rsa.pem",
  "issuer": "acme",
  "subject": "scope3",
  "keyId": "k1",
  "scope": "adcp",
  "tokenEndpointUrl": "https://idp.example.com/token",
  "audienceUrl": "https://idp.example.com"
}
EOF
run_ao $A create --answers "$T/elsewhere/jwt.json" --dry-run
expect_rc "an answers file with privateKeyFile ~/keys/rsa.pem (not relative to the file)" 0
check "... RS256 inferred" grep -q '"algorithm":[[:space:]]*"RS256"' "$T/out"

# ---- a real create: the simulator (which checks the key and the algorithm
# the way the platform would) accepts what the key decided --------------------

creates() { grep -c '^sandbox: POST /api/v2/storefront/inventory-sources ' "$T/s1.log"; }
before=$(creates)
jwt_create "$K/ec.pem" --json
expect_rc "a JWT source created with an EC key" 0
check "exactly one create reached the simulator" test "$(creates)" -eq $((before + 1))
check "it is registered" jq -e '.sourceId == "key-test" and .authenticationType == "JWT"' "$T/out"

done_testing
