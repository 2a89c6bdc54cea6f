#!/usr/bin/env bash
# Makes the lab's certificates into OUTDIR (default tests/lab/.cache/certs); reused while present.
#   demo/    copy of the repository's demo PKI (certs/): P-384 root, P-256 issuing CA, radius.example.com,
#            alice — used by the WPA2/WPA3-Enterprise scenarios
#   suiteb/  WPA3-Enterprise 192-bit PKI, all ECDSA P-384 signed with ecdsa-with-SHA384:
#            ca, server (radius.example.com), alice (client); plus the "wrong" server certificates a
#            192-bit network cannot use: server-rsa2048 and server-p256 (same CA, same name)
#   rogue/   a CA nobody trusts and mallory's client certificate from it (unknown-CA scenarios)
# Needs only the openssl CLI; the recipes are in certs/lib/pki.sh (found beside the demo PKI, in
# the repository as in the lab image). FRESH=1 re-makes everything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 1 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
	echo "usage: mkcerts.sh [OUTDIR]   (FRESH=1 re-makes; DEMO_CERTS=DIR takes the demo PKI from DIR)" >&2
	exit 2
fi
out=${1:-$here/.cache/certs}
demo=${DEMO_CERTS:-$here/../../certs}
stamp=$out/.complete-v1
if [ -z "${FRESH:-}" ] && [ -e "$stamp" ]; then exit 0; fi
# shellcheck source-path=SCRIPTDIR source=../../certs/lib/pki.sh
. "$here/../../certs/lib/pki.sh"
rm -rf "$out"; mkdir -p "$out/demo" "$out/suiteb" "$out/rogue"
cp "$demo"/{root-ca,issuing-ca,ca-chain,server,server-chain,alice}.pem "$demo"/{server,alice}.key "$out/demo/"

days=3650
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pki_init "$work"

# Every certificate here is signed with ecdsa-with-SHA384 (the CA key is P-384); EC keys are SEC1
# ("EC PRIVATE KEY"), the RSA key PKCS#8, as hostapd and wpa_supplicant have always been given.
ca() { # dir subject
	pki_key "$1/ca.key" ec:P-384 sec1
	pki_root "$1/ca.pem" "$1/ca.key" "$2" --md sha384 --days $days --aki keyid:always
}
leaf() { # dir name keyspec subject server|client san
	local dir=$1 name=$2 keyspec=$3 subj=$4 profile=$5 san=$6 ku=critical,digitalSignature
	case $keyspec in
	p384) pki_key "$dir/$name.key" ec:P-384 sec1 ;;
	p256) pki_key "$dir/$name.key" ec:P-256 sec1 ;;
	# RSA key transport needs keyEncipherment; the ECDSA keys only sign.
	rsa2048) pki_key "$dir/$name.key" rsa:2048 && ku=$ku,keyEncipherment ;;
	esac
	"pki_$profile" "$dir/$name.pem" "$dir/$name.key" "$subj" "$dir/ca.pem" "$dir/ca.key" --md sha384 \
		--days $days --ku "$ku" --san "$san"
	pki_chain "$dir/$name-chain.pem" "$dir/$name.pem" "$dir/ca.pem"
}

ca "$out/suiteb" "/O=Example Lab/CN=Lab Suite-B Root CA (P-384)"
leaf "$out/suiteb" server p384 "/O=Example Lab/CN=radius.example.com" server DNS:radius.example.com
leaf "$out/suiteb" server-rsa2048 rsa2048 "/O=Example Lab/CN=radius.example.com" server DNS:radius.example.com
leaf "$out/suiteb" server-p256 p256 "/O=Example Lab/CN=radius.example.com" server DNS:radius.example.com
leaf "$out/suiteb" alice p384 "/O=Example Lab/CN=alice@example.com" client email:alice@example.com

ca "$out/rogue" "/O=Rogue/CN=Rogue Root CA"
leaf "$out/rogue" mallory p256 "/O=Rogue/CN=mallory@example.com" client email:mallory@example.com

openssl verify -CAfile "$out/suiteb/ca.pem" "$out"/suiteb/{server,server-rsa2048,server-p256,alice}.pem >/dev/null
openssl verify -CAfile "$out/rogue/ca.pem" "$out/rogue/mallory.pem" >/dev/null
chmod -R a+rX "$out"
touch "$stamp"
echo "lab certificates in $out"
