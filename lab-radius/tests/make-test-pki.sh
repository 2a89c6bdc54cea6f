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
# The recipes are in certs/lib/pki.sh, shared with the repository's other test PKIs; its signing
# state lives in a temporary directory, so OUTDIR holds only the files above.
set -euo pipefail
if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: make-test-pki.sh OUTDIR" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../../certs/lib/pki.sh
. "$here/../../certs/lib/pki.sh"
out=$1
mkdir -p "$out"
cd "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pki_init "$work"

# kind (rsa, p256, p384) -> key spec; keys are PKCS#8 ("PRIVATE KEY") files.
spec() {
	case "$1" in
	rsa) echo rsa:2048 ;;
	p256) echo ec:P-256 ;;
	p384) echo ec:P-384 ;;
	esac
}

root() { # name kind cn md
	pki_key "$1.key" "$(spec "$2")"
	pki_root "$1.pem" "$1.key" "/O=Lab Test/CN=$3" --md "$4" --days 3650 --aki keyid:always
}

# Every leaf of this PKI has keyEncipherment too (RSA key transport), whatever its key type.
leaf() { # server|client name kind ca cn md start end [pki_* option...]
	local profile=$1 name=$2 kind=$3 ca=$4 cn=$5 md=$6 start=$7 end=$8
	shift 8
	pki_key "$name.key" "$(spec "$kind")"
	"pki_$profile" "$name.pem" "$name.key" "/O=Lab Test/CN=$cn" "$ca.pem" "$ca.key" --md "$md" \
		--start "$start" --end "$end" --ku critical,digitalSignature,keyEncipherment "$@"
}

now=$(pki_time '-1 hour')
later=$(pki_time '+3650 days')
expired=("$(pki_time 2020-01-01)" "$(pki_time 2021-01-01)")
notyet=("$(pki_time 2099-01-01)" "$(pki_time 2100-01-01)")

root rsa-ca rsa "Lab RSA Root CA" sha256
root p256-ca p256 "Lab P-256 Root CA" sha256
root p384-ca p384 "Lab P-384 Root CA" sha384
root rogue-ca p256 "Rogue CA" sha256

for kind in rsa p256 p384; do
	md=sha256
	[ "$kind" = p384 ] && md=sha384
	leaf server "server-$kind" "$kind" "$kind-ca" radius.example.com "$md" "$now" "$later" --dns radius.example.com
	leaf client "client-$kind" "$kind" "$kind-ca" client@example.com "$md" "$now" "$later" --email client@example.com
done
leaf client client-rogue p256 rogue-ca client@example.com sha256 "$now" "$later"
leaf client client-expired p256 p256-ca expired@example.com sha256 "${expired[@]}"
leaf client client-notyet p256 p256-ca future@example.com sha256 "${notyet[@]}"
leaf client client-wrong-eku p256 p256-ca wrongeku@example.com sha256 "$now" "$later" --eku serverAuth
leaf server server-expired p256 p256-ca radius.example.com sha256 "${expired[@]}" --dns radius.example.com

pki_p12 client-rsa.p12 client-rsa.key client-rsa.pem --enc modern --password test-pass --name client@example.com
echo "test PKI written to $(pwd)"
