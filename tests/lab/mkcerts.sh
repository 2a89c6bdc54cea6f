#!/usr/bin/env bash
# Makes the lab's certificates into OUTDIR (default tests/lab/.cache/certs); reused while present.
#   demo/    copy of the repository's demo PKI (certs/): P-384 root, P-256 issuing CA, radius.example.com,
#            alice — used by the WPA2/WPA3-Enterprise scenarios
#   suiteb/  WPA3-Enterprise 192-bit PKI, all ECDSA P-384 signed with ecdsa-with-SHA384:
#            ca, server (radius.example.com), alice (client); plus the "wrong" server certificates a
#            192-bit network cannot use: server-rsa2048 and server-p256 (same CA, same name)
#   rogue/   a CA nobody trusts and mallory's client certificate from it (unknown-CA scenarios)
# Needs only the openssl CLI. FRESH=1 re-makes everything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/.cache/certs}
demo=${DEMO_CERTS:-$here/../../certs}
stamp=$out/.complete-v1
if [ -z "${FRESH:-}" ] && [ -e "$stamp" ]; then exit 0; fi
rm -rf "$out"; mkdir -p "$out/demo" "$out/suiteb" "$out/rogue"
cp "$demo"/{root-ca,issuing-ca,ca-chain,server,server-chain,alice}.pem "$demo"/{server,alice}.key "$out/demo/"

days=3650
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

ca() { # dir subject
	openssl ecparam -name secp384r1 -genkey -noout -out "$1/ca.key"
	openssl req -x509 -new -key "$1/ca.key" -sha384 -days $days -subj "$2" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		-addext "subjectKeyIdentifier=hash" -out "$1/ca.pem"
}
leaf() { # dir name keyspec subject eku san
	local dir=$1 name=$2 keyspec=$3 subj=$4 eku=$5 san=$6
	case $keyspec in
	p384) openssl ecparam -name secp384r1 -genkey -noout -out "$dir/$name.key" ;;
	p256) openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key" ;;
	rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/$name.key" 2>/dev/null ;;
	esac
	openssl req -new -key "$dir/$name.key" -subj "$subj" -out "$work/$name.csr"
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature%s\nextendedKeyUsage=%s\nsubjectAltName=%s\nauthorityKeyIdentifier=keyid\n' \
		"$([ "$keyspec" = rsa2048 ] && echo ,keyEncipherment)" "$eku" "$san" >"$work/$name.ext"
	openssl x509 -req -in "$work/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -sha384 \
		-days $days -extfile "$work/$name.ext" -out "$dir/$name.pem" 2>/dev/null
	cat "$dir/$name.pem" "$dir/ca.pem" >"$dir/$name-chain.pem"
}

ca "$out/suiteb" "/O=Example Lab/CN=Lab Suite-B Root CA (P-384)"
leaf "$out/suiteb" server p384 "/O=Example Lab/CN=radius.example.com" serverAuth DNS:radius.example.com
leaf "$out/suiteb" server-rsa2048 rsa2048 "/O=Example Lab/CN=radius.example.com" serverAuth DNS:radius.example.com
leaf "$out/suiteb" server-p256 p256 "/O=Example Lab/CN=radius.example.com" serverAuth DNS:radius.example.com
leaf "$out/suiteb" alice p384 "/O=Example Lab/CN=alice@example.com" clientAuth email:alice@example.com

ca "$out/rogue" "/O=Rogue/CN=Rogue Root CA"
leaf "$out/rogue" mallory p256 "/O=Rogue/CN=mallory@example.com" clientAuth email:mallory@example.com

openssl verify -CAfile "$out/suiteb/ca.pem" "$out"/suiteb/{server,server-rsa2048,server-p256,alice}.pem >/dev/null
openssl verify -CAfile "$out/rogue/ca.pem" "$out/rogue/mallory.pem" >/dev/null
rm -f "$out"/*/ca.srl
chmod -R a+rX "$out"
touch "$stamp"
echo "lab certificates in $out"
