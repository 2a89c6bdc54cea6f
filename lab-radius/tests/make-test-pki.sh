#!/usr/bin/env bash
# Makes the PKI variants lab-radius's integration tests need, with the openssl CLI only, into
# the directory given as $1 (created if missing):
#   {rsa,p256,p384,rogue}-ca.pem/.key      roots: RSA-2048, ECDSA P-256, ECDSA P-384 (SHA-384),
#                                           and "Rogue CA" (P-256) that lab-radius never trusts
#   server-{rsa,p256,p384}.pem/.key         radius.example.com, EKU serverAuth, chain = leaf only
#                                           (each is signed directly by its root)
#   client-{rsa,p256,p384}.pem/.key         client@example.com, EKU clientAuth
#   client-rsa.p12                          client-rsa key + cert, password "test-pass"
#   client-rogue.pem/.key                   signed by Rogue CA
#   client-expired.pem/.key                 valid 2020-01-01 .. 2021-01-01 (p256-ca)
#   client-notyet.pem/.key                  valid 2099-01-01 .. 2100-01-01 (p256-ca)
#   client-wrong-eku.pem/.key               EKU serverAuth only (p256-ca)
#   server-expired.pem/.key                 radius.example.com, valid 2020-01-01 .. 2021-01-01 (p256-ca)
# `openssl x509` in OpenSSL 3.0 cannot set arbitrary validity dates, so every leaf is signed
# with `openssl ca` and an explicit -startdate/-enddate.
set -euo pipefail
out=${1:?usage: make-test-pki.sh OUTDIR}
mkdir -p "$out"
cd "$out"
mkdir -p db/newcerts
: >db/index.txt
echo 1000 >db/serial
cat >db/ca.cnf <<'CNF'
[ ca ]
default_ca = lab
[ lab ]
dir = db
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ any ]
organizationName = optional
commonName = supplied
CNF

key() { # name kind
	case "$2" in
	rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
	p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
	p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1.key" ;;
	esac
}

root() { # name kind cn md
	key "$1" "$2"
	openssl req -new -x509 -key "$1.key" -"$4" -days 3650 -subj "/O=Lab Test/CN=$3" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		-addext "subjectKeyIdentifier=hash" -out "$1.pem"
}

leaf() { # name kind ca cn eku md start end [san]
	key "$1" "$2"
	openssl req -new -key "$1.key" -subj "/O=Lab Test/CN=$4" -out "$1.csr"
	{
		echo "[ext]"
		echo "basicConstraints=critical,CA:FALSE"
		echo "keyUsage=critical,digitalSignature,keyEncipherment"
		echo "extendedKeyUsage=$5"
		echo "subjectKeyIdentifier=hash"
		echo "authorityKeyIdentifier=keyid"
		if [ -n "${9:-}" ]; then echo "subjectAltName=$9"; fi
	} >"$1.ext"
	openssl ca -batch -config db/ca.cnf -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" -out "$1.pem" \
		-md "$6" -startdate "$7" -enddate "$8" -extfile "$1.ext" -extensions ext -notext 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}

now=$(date -u +%Y%m%d%H%M%SZ --date='-1 hour')
later=$(date -u +%Y%m%d%H%M%SZ --date='+3650 days')

root rsa-ca rsa "Lab RSA Root CA" sha256
root p256-ca p256 "Lab P-256 Root CA" sha256
root p384-ca p384 "Lab P-384 Root CA" sha384
root rogue-ca p256 "Rogue CA" sha256

for kind in rsa p256 p384; do
	md=sha256
	[ "$kind" = p384 ] && md=sha384
	leaf "server-$kind" "$kind" "$kind-ca" radius.example.com serverAuth "$md" "$now" "$later" DNS:radius.example.com
	leaf "client-$kind" "$kind" "$kind-ca" client@example.com clientAuth "$md" "$now" "$later" email:client@example.com
done
leaf client-rogue p256 rogue-ca client@example.com clientAuth sha256 "$now" "$later"
leaf client-expired p256 p256-ca expired@example.com clientAuth sha256 20200101000000Z 20210101000000Z
leaf client-notyet p256 p256-ca future@example.com clientAuth sha256 20990101000000Z 21000101000000Z
leaf client-wrong-eku p256 p256-ca wrongeku@example.com serverAuth sha256 "$now" "$later"
leaf server-expired p256 p256-ca radius.example.com serverAuth sha256 20200101000000Z 20210101000000Z DNS:radius.example.com

openssl pkcs12 -export -inkey client-rsa.key -in client-rsa.pem -name client@example.com \
	-passout pass:test-pass -out client-rsa.p12
echo "test PKI written to $(pwd)"
