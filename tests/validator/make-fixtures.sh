#!/usr/bin/env bash
# Makes the hs20check fixture corpus in tests/validator/fixtures/ (issue #2, "Tests"):
#   - a passing and a failing case for every rule of the catalogue (the case table, with the
#     command-line flags of each case, is validator/tests/rules_corpus.rs);
#   - files made by other tools: openssl pkcs12 -export with and without -legacy, Java keytool,
#     Python cryptography (BestAvailableEncryption and the 3DES/SHA-1 builder), a BER re-encoding;
#   - hostile files: absurd iteration counts, 10 000 nested indefinite SEQUENCEs, lying lengths,
#     a truncated file, random bytes, a PEM file, an empty file.
# The generated files are committed, so the tests never need this script. It records the
# generation time in fixtures/GENERATED_AT (RFC 3339); the tests run hs20check with
# HS20CHECK_NOW=<that time>, so expired / expiring-soon / not-yet-valid cases never rot.
# Needs: bash, GNU date, openssl 3.x, python3 with `cryptography`, keytool (Java 17+).
# Keys, certificates and PKCS#12 files come from certs/lib/pki.sh, shared with the repository's
# other test PKIs; Python and keytool make only the files that must come from those tools.
# Private keys live only in a temporary directory: the corpus holds certificates and .p12 files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 0 ]; then
	echo "usage: make-fixtures.sh   (rewrites $here/fixtures)" >&2
	exit 2
fi
# shellcheck source-path=SCRIPTDIR source=../../certs/lib/pki.sh
. "$here/../../certs/lib/pki.sh"
out="$here/fixtures"
rm -rf "$out"
mkdir -p "$out/p12" "$out/pem" "$out/hostile" "$out/tools"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pki_init "$work/pki"
cd "$out"

# One password for every fixture (never empty, except the p12-empty-password case).
PASSWORD="corpus-Pw-4711"
printf '%s\n' "$PASSWORD" >password.txt
# Dated certificates count days from here; GENERATED_AT is written at the end (every notBefore
# that openssl sets to "now" must lie before it).
NOW=$(date -u +%s)
# days_from_now N: the --start / --end date N days (may be negative) after NOW, to the second.
days_from_now() { pki_time "@$((NOW + $1 * 86400))"; }

DAYS_CA=7300
DAYS_LEAF=3650

# A corpus name NAME has its key in $work/NAME.key and its certificate in pem/NAME.pem.
# issue PROFILE NAME KEYSPEC ISSUER|self SUBJECT [option...]: a new key and a certificate from
# pki_PROFILE (root, ca, client, server) signed by corpus name ISSUER, valid DAYS_CA (CAs) or
# DAYS_LEAF days unless the options give --start / --end.
issue() {
	local profile=$1 name=$2 spec=$3 issuer=$4 subj=$5 dates=(--days "$DAYS_LEAF")
	shift 5
	case "$profile" in root | ca) dates=(--days "$DAYS_CA") ;; esac
	case " $* " in *" --start "*) dates=() ;; esac
	local signer=("pem/$issuer.pem" "$work/$issuer.key")
	if [ "$issuer" = self ]; then signer=(); fi
	pki_key "$work/$name.key" "$spec"
	"pki_$profile" "pem/$name.pem" "$work/$name.key" "$subj" "${signer[@]}" "${dates[@]}" "$@"
}
root() { # NAME KEYSPEC SUBJECT [pki_root option...]
	issue root "$1" "$2" self "$3" "${@:4}"
}

# p12 OUT NAME [pki_p12 option...]: NAME's key and certificate under friendlyName NAME, with the
# corpus password, in the Apple-safe legacy form (3DES + SHA-1 MAC) unless the options say otherwise.
p12() {
	local file=$1 name=$2
	shift 2
	pki_p12 "$file" "$work/$name.key" "pem/$name.pem" --name "$name" --password "$PASSWORD" \
		--enc legacy-3des "$@"
}
ISSUING=(--chain pem/issuing-ca.pem)

# ---- the test PKI -------------------------------------------------------------------------------
# The main hierarchy is backdated (as real CAs are older than their leaves), so that a leaf that
# expired two days ago was issued while its CA was valid.
root root-ca ec:P-256 "/O=Example/CN=Corpus Root CA" --start "$(days_from_now -3650)" --end "$(days_from_now 7300)"
issue ca issuing-ca ec:P-256 root-ca "/O=Example/CN=Corpus Issuing CA" \
	--start "$(days_from_now -3000)" --end "$(days_from_now 7000)"
# An unrelated hierarchy (for "does not chain to --ca").
root other-root ec:P-256 "/O=Elsewhere/CN=Other Root CA"
issue ca other-issuing ec:P-256 other-root "/O=Elsewhere/CN=Other Issuing CA"
# An RSA root: MD5 and SHA-1 signatures need an RSA issuer for md5WithRSAEncryption.
root rsa-root rsa:2048 "/O=Example/CN=Corpus RSA Root CA"
pki_chain pem/ca-bundle.pem pem/root-ca.pem pem/rsa-root.pem

# ---- client identities --------------------------------------------------------------------------
# client NAME SUBJECT [ISSUER [KEYSPEC [pki_client option...]]]: issued by the issuing CA, P-256.
client() {
	local name=$1 subj=$2 issuer=${3:-issuing-ca} spec=${4:-ec:P-256}
	shift $(($# < 4 ? $# : 4))
	issue client "$name" "$spec" "$issuer" "$subj" "$@"
}
client alice "/O=Example/CN=alice@example.com"
p12 p12/good.p12 alice "${ISSUING[@]}"

# Container variants of the good identity.
p12 p12/modern.p12 alice "${ISSUING[@]}" --enc modern
p12 p12/mac-sha256.p12 alice "${ISSUING[@]}" --mac sha256
p12 p12/no-mac.p12 alice "${ISSUING[@]}" --mac none
p12 p12/plain-key.p12 alice "${ISSUING[@]}" --key-pbe NONE
pki_p12 p12/empty-password.p12 "$work/alice.key" pem/alice.pem "${ISSUING[@]}" --enc legacy-3des --password ""
p12 p12/with-root.p12 alice "${ISSUING[@]}" --chain pem/root-ca.pem
p12 p12/no-intermediate.p12 alice
pki_p12 p12/no-key.p12 none pem/alice.pem "${ISSUING[@]}" --enc legacy-3des --password "$PASSWORD"
# Key of alice, certificate of bob: openssl refuses -in with a foreign key, but -nocerts -certfile
# writes them side by side (what a wrong `cat` of PEM files produces).
client bob "/O=Example/CN=bob@example.com"
pki_p12 p12/key-cert-mismatch.p12 "$work/alice.key" none --chain pem/bob.pem --enc legacy-3des \
	--password "$PASSWORD"

# Identity rule failures, one property each.
client ed25519 "/O=Example/CN=ed@example.com" issuing-ca ed25519
p12 p12/ed25519.p12 ed25519 "${ISSUING[@]}"
client rsa1024 "/O=Example/CN=weak@example.com" issuing-ca rsa:1024
p12 p12/rsa1024.p12 rsa1024 "${ISSUING[@]}"
client p521 "/O=Example/CN=p521@example.com" issuing-ca ec:P-521
p12 p12/p521.p12 p521 "${ISSUING[@]}"
client md5 "/O=Example/CN=md5@example.com" rsa-root ec:P-256 --md md5
p12 p12/md5.p12 md5
client sha256-rsa "/O=Example/CN=rsa-signed@example.com" rsa-root
p12 p12/rsa-root-sha256.p12 sha256-rsa
client sha1 "/O=Example/CN=sha1@example.com" issuing-ca ec:P-256 --md sha1
p12 p12/sha1.p12 sha1 "${ISSUING[@]}"
client eku-server "/O=Example/CN=eku@example.com" issuing-ca ec:P-256 --eku serverAuth
p12 p12/eku-no-client-auth.p12 eku-server "${ISSUING[@]}"
client ku-agree "/O=Example/CN=ku@example.com" issuing-ca ec:P-256 --ku critical,keyAgreement
p12 p12/ku-no-digital-signature.p12 ku-agree "${ISSUING[@]}"
# dated NAME FROM TO: alice-like identity NAME@example.com valid FROM .. TO days from NOW.
dated() {
	client "$1" "/O=Example/CN=$1@example.com" issuing-ca ec:P-256 --start "$(days_from_now "$2")" \
		--end "$(days_from_now "$3")"
}
dated expired -400 -2
p12 p12/expired.p12 expired "${ISSUING[@]}"
dated future 10 400
p12 p12/not-yet-valid.p12 future "${ISSUING[@]}"
dated expiring -300 10
p12 p12/expiring-soon.p12 expiring "${ISSUING[@]}"
dated valid40 -300 40
p12 p12/expires-in-40-days.p12 valid40 "${ISSUING[@]}"
client no-cn "/O=Example/OU=Wi-Fi" issuing-ca ec:P-256 --email nocn@example.com
p12 p12/no-cn.p12 no-cn "${ISSUING[@]}"
client cn-plain "/O=Example/CN=alice"
p12 p12/cn-not-nai.p12 cn-plain "${ISSUING[@]}"
client cn-other "/O=Example/CN=alice@example.org"
p12 p12/cn-realm-mismatch.p12 cn-other "${ISSUING[@]}"
client cn-sub "/O=Example/CN=alice@eu.example.com"
p12 p12/cn-subrealm.p12 cn-sub "${ISSUING[@]}"
client foreign "/O=Elsewhere/CN=mallory@example.com" other-issuing
p12 p12/other-ca.p12 foreign --chain pem/other-issuing.pem

# ---- RADIUS server chains -----------------------------------------------------------------------
# server NAME SUBJECT [ISSUER [KEYSPEC [pki_server option...]]]: a P-256 server certificate from
# the issuing CA, and pem/NAME-chain.pem: leaf + issuer, or the leaf alone under the RSA root.
server() {
	local name=$1 issuer=${3:-issuing-ca}
	issue server "$name" "${4:-ec:P-256}" "$issuer" "$2" "${@:5}"
	if [ "$issuer" = rsa-root ]; then
		pki_chain "pem/$name-chain.pem" "pem/$name.pem"
	else
		pki_chain "pem/$name-chain.pem" "pem/$name.pem" "pem/$issuer.pem"
	fi
}
RADIUS=(--dns radius.example.com)
server server "/O=Example/CN=radius.example.com" issuing-ca ec:P-256 "${RADIUS[@]}"
server server-wildcard "/O=Example/CN=*.example.com" issuing-ca ec:P-256 --dns '*.example.com'
server server-no-dns "/O=Example/CN=RADIUS Server"
server server-cn-only "/O=Example/CN=radius.example.com"
server server-cn-differs "/O=Example/CN=aaa.example.com" issuing-ca ec:P-256 "${RADIUS[@]}"
server server-cn-case "/O=Example/CN=Radius.Example.com" issuing-ca ec:P-256 "${RADIUS[@]}"
server server-eku-client "/O=Example/CN=radius.example.com" issuing-ca ec:P-256 "${RADIUS[@]}" --eku clientAuth
server server-other-ca "/O=Elsewhere/CN=radius.example.com" other-issuing ec:P-256 "${RADIUS[@]}"
server server-sha1 "/O=Example/CN=radius.example.com" issuing-ca ec:P-256 "${RADIUS[@]}" --md sha1
server server-md5 "/O=Example/CN=radius.example.com" rsa-root ec:P-256 "${RADIUS[@]}" --md md5
server server-rsa-sha256 "/O=Example/CN=radius.example.com" rsa-root ec:P-256 "${RADIUS[@]}"
server server-rsa1024 "/O=Example/CN=radius.example.com" issuing-ca rsa:1024 "${RADIUS[@]}"
server server-expired "/O=Example/CN=radius.example.com" issuing-ca ec:P-256 "${RADIUS[@]}" \
	--start "$(days_from_now -400)" --end "$(days_from_now -2)"
server server-future "/O=Example/CN=radius.example.com" issuing-ca ec:P-256 "${RADIUS[@]}" \
	--start "$(days_from_now 10)" --end "$(days_from_now 400)"
server server-expiring "/O=Example/CN=radius.example.com" issuing-ca ec:P-256 "${RADIUS[@]}" \
	--start "$(days_from_now -300)" --end "$(days_from_now 10)"
# Eleven CA certificates (settings-too-many-trusted-certificates): the root plus ten others.
extra=()
for i in 01 02 03 04 05 06 07 08 09 10; do
	root "extra-$i" ec:P-256 "/O=Example/CN=Extra CA $i"
	extra+=("pem/extra-$i.pem")
done
pki_chain pem/eleven-cas.pem pem/root-ca.pem "${extra[@]}"
pki_chain pem/ten-cas.pem pem/root-ca.pem "${extra[@]:0:9}"
rm "${extra[@]}"

# ---- files made by other tools (tools/) ---------------------------------------------------------
# openssl pkcs12 -export with OpenSSL 3 defaults (PBES2/AES-256-CBC + HMAC-SHA256 MAC) and -legacy.
pki_p12 tools/openssl-default.p12 "$work/alice.key" pem/alice.pem "${ISSUING[@]}" --enc openssl-default \
	--password "$PASSWORD"
pki_p12 tools/openssl-legacy.p12 "$work/alice.key" pem/alice.pem "${ISSUING[@]}" --enc openssl-legacy \
	--password "$PASSWORD"
# Python cryptography: BestAvailableEncryption, and the documented legacy (3DES + SHA-1) builder.
python3 - "$work" "$PASSWORD" <<'PY'
import sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
work, password = sys.argv[1], sys.argv[2].encode()
key = serialization.load_pem_private_key(open(f"{work}/alice.key", "rb").read(), None)
cert = x509.load_pem_x509_certificate(open("pem/alice.pem", "rb").read())
ca = x509.load_pem_x509_certificate(open("pem/issuing-ca.pem", "rb").read())
best = pkcs12.serialize_key_and_certificates(b"alice", key, cert, [ca], serialization.BestAvailableEncryption(password))
open("tools/python-best-available.p12", "wb").write(best)
legacy = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(50000)
          .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1()).build(password))
open("tools/python-legacy-3des.p12", "wb").write(
    pkcs12.serialize_key_and_certificates(b"alice", key, cert, [ca], legacy))
PY
# Java keytool: a self-signed key pair (default algorithms), the good identity imported from the
# openssl file (chains to the corpus CA), the same with -Dkeystore.pkcs12.legacy, and a keystore
# holding two identities (identity-multiple-keys).
keytool -genkeypair -keystore tools/keytool-genkeypair.p12 -storetype PKCS12 -storepass "$PASSWORD" \
	-alias carol -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -validity 3650 \
	-dname "CN=carol@example.com, O=Example" -ext "EKU=clientAuth" -ext "KU=digitalSignature" 2>/dev/null
keytool -importkeystore -srckeystore p12/good.p12 -srcstoretype PKCS12 -srcstorepass "$PASSWORD" \
	-destkeystore tools/keytool-import.p12 -deststoretype PKCS12 -deststorepass "$PASSWORD" -noprompt 2>/dev/null
keytool -J-Dkeystore.pkcs12.legacy -importkeystore -srckeystore p12/good.p12 -srcstoretype PKCS12 \
	-srcstorepass "$PASSWORD" -destkeystore tools/keytool-import-legacy.p12 -deststoretype PKCS12 \
	-deststorepass "$PASSWORD" -noprompt 2>/dev/null
p12 "$work/bob.p12" bob "${ISSUING[@]}"
cp p12/good.p12 "$work/two.p12"
keytool -J-Dkeystore.pkcs12.legacy -importkeystore -srckeystore "$work/bob.p12" -srcstoretype PKCS12 \
	-srcstorepass "$PASSWORD" -destkeystore "$work/two.p12" -deststoretype PKCS12 \
	-deststorepass "$PASSWORD" -noprompt 2>/dev/null
cp "$work/two.p12" p12/two-keys.p12
keytool -list -keystore p12/two-keys.p12 -storepass "$PASSWORD" | grep -c PrivateKeyEntry | grep -qx 2

# ---- DER surgery: BER re-encoding and hostile files --------------------------------------------
python3 - "$PASSWORD" <<'PY'
import os, random, sys

def header(b, i):
    """(tag, header length, content length) of the DER element at b[i]."""
    tag, first = b[i], b[i + 1]
    if first < 0x80:
        return tag, 2, first
    n = first & 0x7F
    return tag, 2 + n, int.from_bytes(b[i + 2:i + 2 + n], "big")

def elements(b):
    """Top-level DER elements of b as (tag, content) pairs."""
    i, out = 0, []
    while i < len(b):
        tag, h, n = header(b, i)
        out.append((tag, b[i + h:i + h + n]))
        i += h + n
    return out

def der(tag, content):
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    nb = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(nb)]) + nb + content

def to_ber(b, depth=0):
    """BER as Keychain Access / Java / Windows write it: constructed types get indefinite
    lengths, OCTET STRINGs wrapping DER become constructed OCTET STRINGs in 64-byte segments."""
    out = b""
    for tag, content in elements(b):
        if tag & 0x20:
            out += bytes([tag, 0x80]) + to_ber(content, depth + 1) + b"\0\0"
        elif tag == 0x04 and len(content) > 64 and content[0] == 0x30:
            segs = b"".join(der(0x04, content[i:i + 64]) for i in range(0, len(content), 64))
            out += b"\x24\x80" + segs + b"\0\0"
        else:
            out += der(tag, content)
    return out

good = open("p12/good.p12", "rb").read()
open("tools/ber-indefinite.p12", "wb").write(to_ber(good))

# PFX = SEQUENCE { version, authSafe, MacData SEQUENCE { DigestInfo, macSalt, iterations } }
(_, pfx), = elements(good)
version, auth_safe, mac = elements(pfx)
digest_info, salt, _iterations = elements(mac[1])
def pfx_with_mac_iterations(value):
    mac_data = der(0x30, der(*digest_info) + der(*salt) + der(0x02, value))
    return der(0x30, der(*version) + der(*auth_safe) + mac_data)
open("hostile/mac-iterations-2pow31.p12", "wb").write(pfx_with_mac_iterations(b"\x7f\xff\xff\xff"))
open("hostile/mac-iterations-2pow63.p12", "wb").write(pfx_with_mac_iterations(b"\x7f" + b"\xff" * 7))

# The first PBE iteration count in the authSafe (2048, INTEGER 02 02 08 00) raised to 2^31-1 in place:
# lengths of every enclosing element grow by 2, so rebuild instead of patching.
def rebuild(b, path_hit):
    out = b""
    for tag, content in elements(b):
        if tag & 0x20:
            out += der(tag, rebuild(content, path_hit))
        elif tag == 0x04 and content[:1] == b"\x30":
            try:
                out += der(tag, rebuild(content, path_hit))
            except Exception:
                out += der(tag, content)
        elif tag == 0x02 and content == b"\x08\x00" and not path_hit:
            path_hit.append(True)
            out += der(tag, b"\x7f\xff\xff\xff")
        else:
            out += der(tag, content)
    return out
# Only the authSafe (not the MAC's own count, which comes later in the file) is rewritten.
hit = []
auth_safe_hostile = rebuild(der(*auth_safe), hit)
assert hit, "no iteration count 2048 found in the authSafe"
open("hostile/pbe-iterations-2pow31.p12", "wb").write(der(0x30, der(*version) + auth_safe_hostile + der(*mac)))

# 10 000 nested indefinite-length SEQUENCEs (properly terminated).
open("hostile/deep-nesting.p12", "wb").write(b"\x30\x80" * 10000 + b"\x00\x00" * 10000)
# Lying lengths: the outer SEQUENCE claims 2 GiB; an inner OCTET STRING claims more than its parent.
open("hostile/lying-outer-length.p12", "wb").write(b"\x30\x84\x7f\xff\xff\xff" + pfx)
inner = bytearray(good)
pos = inner.find(b"\x04\x82", 20)
inner[pos + 2:pos + 4] = b"\xff\xf0"
open("hostile/lying-inner-length.p12", "wb").write(bytes(inner))
open("hostile/truncated.p12", "wb").write(good[: len(good) // 2])
open("hostile/random.p12", "wb").write(random.Random(4711).randbytes(3000))
open("hostile/empty.p12", "wb").write(b"")
# Trailing garbage after a valid PFX.
open("hostile/trailing-bytes.p12", "wb").write(good + b"\x00" * 16)
PY
cp pem/alice.pem hostile/pem-certificate.p12

# Sanity: openssl reads the BER file and its MAC verifies.
openssl pkcs12 -in tools/ber-indefinite.p12 -passin "pass:$PASSWORD" -noout
sleep 1
date -u +%Y-%m-%dT%H:%M:%SZ >GENERATED_AT
du -sb "$out" | awk '{print "corpus: " $1}'
echo "fixtures written to $out (GENERATED_AT $(cat GENERATED_AT))"
