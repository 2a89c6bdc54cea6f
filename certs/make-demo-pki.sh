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
# Usage: make-demo-pki.sh [OUTDIR]   (default: this directory; another directory lets a change to
# the recipes be compared with the committed files without replacing them)
# Needs only the openssl CLI (3.x); the recipes are in lib/pki.sh, shared with the other test PKIs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/pki.sh
. "$here/lib/pki.sh"
if [ $# -gt 1 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
	echo "usage: make-demo-pki.sh [OUTDIR]" >&2
	exit 2
fi
mkdir -p "${1:-$here}"
cd "${1:-$here}"

DAYS_CA=7300
DAYS_LEAF=3650
PASSWORD="demo-alice-2026"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pki_init "$work"

# Keys are SEC1 ("EC PRIVATE KEY"): the form these files have always had, which hs20-profiles'
# tests read.
pki_key root-ca.key ec:P-384 sec1
# The root carries an authority key identifier (its own key id), as it always has.
pki_root root-ca.pem root-ca.key "/O=Example/CN=Example Root CA" --md sha384 --days "$DAYS_CA" \
	--aki keyid:always

pki_key issuing-ca.key ec:P-256 sec1
pki_ca issuing-ca.pem issuing-ca.key "/O=Example/CN=Example Issuing CA" root-ca.pem root-ca.key \
	--md sha384 --days "$DAYS_CA" --pathlen 0

pki_key server.key ec:P-256 sec1
pki_server server.pem server.key "/O=Example/CN=radius.example.com" issuing-ca.pem issuing-ca.key \
	--days "$DAYS_LEAF" --dns radius.example.com

pki_key alice.key ec:P-256 sec1
pki_client alice.pem alice.key "/O=Example/CN=alice@example.com" issuing-ca.pem issuing-ca.key \
	--days "$DAYS_LEAF" --email alice@example.com

# Signs .mobileconfig profiles (CMS); Apple shows a profile signed by an unknown CA as "not verified".
pki_key profile-signer.key ec:P-256 sec1
pki_leaf profile-signer.pem profile-signer.key "/O=Example/CN=Example Profile Signer" issuing-ca.pem \
	issuing-ca.key --days "$DAYS_LEAF" --eku emailProtection,codeSigning

pki_chain server-chain.pem server.pem issuing-ca.pem
pki_chain ca-chain.pem issuing-ca.pem root-ca.pem

printf '%s\n' "$PASSWORD" >alice.p12.password
pki_p12 alice.p12 alice.key alice.pem --enc legacy-3des --password-file alice.p12.password \
	--chain issuing-ca.pem --name "alice@example.com"

echo "demo PKI written to $(pwd)"
