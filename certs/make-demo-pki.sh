#!/usr/bin/env bash
# Makes the demo PKI that README, hs20check and lab-radius use out of the box:
#   root-ca.pem          "Example Root CA" (ECDSA P-384, self-signed): the anchor clients trust
#   issuing-ca.pem       "Example Issuing CA" (ECDSA P-256), signed by the root
#   ca-chain.pem         issuing CA + root CA (what a RADIUS server's --ca can take)
#   server.pem/.key      radius.example.com (SAN dNSName = CN, EKU serverAuth), signed by the issuing CA
#   server-chain.pem     server leaf + issuing CA: what the RADIUS server sends
#   alice.pem/.key       alice@example.com (EKU clientAuth, KU digitalSignature), signed by the issuing CA
#   alice.p12            alice's key + cert + issuing CA, 3DES + SHA-1 MAC (the Apple-safe form, P12-02)
#   alice.p12.password   its password (demo only; never ship a password next to a real identity)
#   profile-signer.pem/.key  "Example Profile Signer" (EKU emailProtection, codeSigning): signs demo profiles
# Rerun it to get fresh certificates; the generated files are committed so the demo works offline.
# Needs only the openssl CLI (3.x).
set -euo pipefail
cd "$(dirname "$0")"

DAYS_CA=7300
DAYS_LEAF=3650
PASSWORD="demo-alice-2026"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ext() { # name body -> file with an extension section
	printf '[ext]\n%s\n' "$2" >"$work/$1.ext"
}

openssl ecparam -name secp384r1 -genkey -noout -out root-ca.key
openssl req -new -x509 -key root-ca.key -sha384 -days "$DAYS_CA" -subj "/O=Example/CN=Example Root CA" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=hash" -out root-ca.pem

openssl ecparam -name prime256v1 -genkey -noout -out issuing-ca.key
openssl req -new -key issuing-ca.key -subj "/O=Example/CN=Example Issuing CA" -out "$work/issuing.csr"
ext issuing "basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"
openssl x509 -req -in "$work/issuing.csr" -CA root-ca.pem -CAkey root-ca.key -CAcreateserial -sha384 \
	-days "$DAYS_CA" -extfile "$work/issuing.ext" -extensions ext -out issuing-ca.pem

leaf() { # name subject extensions
	openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"
	openssl req -new -key "$1.key" -subj "$2" -out "$work/$1.csr"
	ext "$1" "$3"
	openssl x509 -req -in "$work/$1.csr" -CA issuing-ca.pem -CAkey issuing-ca.key -CAcreateserial -sha256 \
		-days "$DAYS_LEAF" -extfile "$work/$1.ext" -extensions ext -out "$1.pem"
}

leaf server "/O=Example/CN=radius.example.com" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:radius.example.com
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

leaf alice "/O=Example/CN=alice@example.com" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=email:alice@example.com
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

# Signs .mobileconfig profiles (CMS); Apple shows a profile signed by an unknown CA as "not verified".
leaf profile-signer "/O=Example/CN=Example Profile Signer" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=emailProtection,codeSigning
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

cat server.pem issuing-ca.pem >server-chain.pem
cat issuing-ca.pem root-ca.pem >ca-chain.pem

printf '%s\n' "$PASSWORD" >alice.p12.password
openssl pkcs12 -export -inkey alice.key -in alice.pem -certfile issuing-ca.pem -name "alice@example.com" \
	-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -iter 2048 \
	-passout "file:alice.p12.password" -out alice.p12

rm -f ./*.srl
echo "demo PKI written to $(pwd)"
