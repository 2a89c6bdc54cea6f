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
# Needs: bash, openssl 3.x, python3 with `cryptography`, keytool (Java 17+).
# Private keys live only in a temporary directory: the corpus holds certificates and .p12 files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/fixtures"
rm -rf "$out"
mkdir -p "$out/p12" "$out/pem" "$out/hostile" "$out/tools"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$out"

# One password for every fixture (never empty, except the p12-empty-password case).
PASSWORD="corpus-Pw-4711"
printf '%s\n' "$PASSWORD" >password.txt
# Dated certificates count days from here; GENERATED_AT is written at the end (every notBefore
# that openssl sets to "now" must lie before it).
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

DAYS_CA=7300
DAYS_LEAF=3650
LEGACY=(-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1)

ec_key() { openssl ecparam -name "${2:-prime256v1}" -genkey -noout -out "$work/$1.key"; }
rsa_key() { openssl genrsa -out "$work/$1.key" "$2" 2>/dev/null; }
ed_key() { openssl genpkey -algorithm ed25519 -out "$work/$1.key"; }

# cert NAME SUBJECT ISSUER(name or "self") EXTENSIONS [DIGEST] — key $work/NAME.key must exist.
cert() {
	local name=$1 subj=$2 issuer=$3 exts=$4 md=${5:-sha256} days=$DAYS_LEAF
	printf '[ext]\n%s\n' "$exts" >"$work/$name.ext"
	openssl req -new -key "$work/$name.key" -subj "$subj" -out "$work/$name.csr"
	case "$exts" in *CA:TRUE*) days=$DAYS_CA ;; esac
	local serial
	serial="0x$(openssl rand -hex 8)"
	if [ "$issuer" = self ]; then
		openssl x509 -req -in "$work/$name.csr" -signkey "$work/$name.key" -"$md" -days "$days" \
			-set_serial "$serial" -extfile "$work/$name.ext" -extensions ext -out "pem/$name.pem" 2>/dev/null
	else
		openssl x509 -req -in "$work/$name.csr" -CA "pem/$issuer.pem" -CAkey "$work/$issuer.key" -"$md" \
			-days "$days" -set_serial "$serial" -extfile "$work/$name.ext" -extensions ext \
			-out "pem/$name.pem" 2>/dev/null
	fi
}

# dated NAME SUBJECT-CN ISSUER(NAME itself = self-signed) ca|client|server NOT_BEFORE_DAYS NOT_AFTER_DAYS [DNS] — days relative to NOW.
# openssl 3.0's `x509 -req` cannot backdate, so Python cryptography signs these.
dated() {
	python3 - "$work" "$@" "$NOW" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
work, name, subj, issuer, kind, nb, na = sys.argv[1:8]
dns = sys.argv[8] if len(sys.argv) > 9 else None
now = datetime.datetime.fromisoformat(sys.argv[-1].replace("Z", "+00:00"))
key = serialization.load_pem_private_key(open(f"{work}/{name}.key", "rb").read(), None)
ca_key = serialization.load_pem_private_key(open(f"{work}/{issuer}.key", "rb").read(), None)
attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example"), x509.NameAttribute(NameOID.COMMON_NAME, subj)]
ca_subject = x509.Name(attrs) if issuer == name else x509.load_pem_x509_certificate(open(f"pem/{issuer}.pem", "rb").read()).subject
b = (x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(ca_subject)
     .public_key(key.public_key()).serial_number(x509.random_serial_number())
     .not_valid_before(now + datetime.timedelta(days=int(nb)))
     .not_valid_after(now + datetime.timedelta(days=int(na)))
     .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
if issuer != name:
    b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
if kind == "ca":
    b = (b.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
         .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True))
else:
    eku = ExtendedKeyUsageOID.CLIENT_AUTH if kind == "client" else ExtendedKeyUsageOID.SERVER_AUTH
    b = (b.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
         .add_extension(x509.ExtendedKeyUsage([eku]), critical=False))
if dns:
    b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(dns)]), critical=False)
open(f"pem/{name}.pem", "wb").write(b.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
PY
}

# p12 OUT KEYNAME CERTNAME [CHAIN-CERTNAMES...] [-- extra openssl options]: Apple-safe legacy form
# (3DES + SHA-1 MAC) unless the extra options say otherwise.
p12() {
	local outfile=$1 key=$2 leaf=$3
	shift 3
	local chain=() extra=()
	while [ $# -gt 0 ]; do
		if [ "$1" = -- ]; then
			shift
			extra=("$@")
			break
		fi
		chain+=("pem/$1.pem")
		shift
	done
	local certfile=()
	if [ ${#chain[@]} -gt 0 ]; then
		cat "${chain[@]}" >"$work/chain.pem"
		certfile=(-certfile "$work/chain.pem")
	fi
	if [ ${#extra[@]} -eq 0 ]; then extra=("${LEGACY[@]}"); fi
	openssl pkcs12 -export -inkey "$work/$key.key" -in "pem/$leaf.pem" "${certfile[@]}" -name "$leaf" \
		"${extra[@]}" -passout "pass:$PASSWORD" -out "$outfile"
}

CA_EXT="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash"
CLIENT_EXT="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"
server_ext() { # SAN-DNS [EKU]
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=DNS:%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' "${2:-serverAuth}" "$1"
}

# ---- the test PKI -------------------------------------------------------------------------------
# The main hierarchy is backdated (as real CAs are older than their leaves), so that a leaf that
# expired two days ago was issued while its CA was valid.
ec_key root-ca && dated root-ca "Corpus Root CA" root-ca ca -3650 7300
ec_key issuing-ca && dated issuing-ca "Corpus Issuing CA" root-ca ca -3000 7000
# An unrelated hierarchy (for "does not chain to --ca").
ec_key other-root && cert other-root "/O=Elsewhere/CN=Other Root CA" self "$CA_EXT"
ec_key other-issuing && cert other-issuing "/O=Elsewhere/CN=Other Issuing CA" other-root "$CA_EXT
authorityKeyIdentifier=keyid"
# An RSA root: MD5 and SHA-1 signatures need an RSA issuer for md5WithRSAEncryption.
rsa_key rsa-root 2048 && cert rsa-root "/O=Example/CN=Corpus RSA Root CA" self "$CA_EXT"
cat pem/root-ca.pem pem/rsa-root.pem >pem/ca-bundle.pem

# ---- client identities --------------------------------------------------------------------------
client() { # NAME SUBJECT [ISSUER] [EXT] [DIGEST] [KEYTYPE]
	case "${6:-ec}" in
	ec) ec_key "$1" ;;
	p521) ec_key "$1" secp521r1 ;;
	ed25519) ed_key "$1" ;;
	rsa1024) rsa_key "$1" 1024 ;;
	esac
	cert "$1" "$2" "${3:-issuing-ca}" "${4:-$CLIENT_EXT}" "${5:-sha256}"
}
client alice "/O=Example/CN=alice@example.com"
p12 p12/good.p12 alice alice issuing-ca

# Container variants of the good identity.
p12 p12/modern.p12 alice alice issuing-ca -- -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256
p12 p12/mac-sha256.p12 alice alice issuing-ca -- "${LEGACY[@]/sha1/sha256}"
p12 p12/no-mac.p12 alice alice issuing-ca -- -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -nomac
p12 p12/plain-key.p12 alice alice issuing-ca -- -keypbe NONE -certpbe PBE-SHA1-3DES -macalg sha1
openssl pkcs12 -export -inkey "$work/alice.key" -in pem/alice.pem -certfile pem/issuing-ca.pem "${LEGACY[@]}" \
	-passout pass: -out p12/empty-password.p12
p12 p12/with-root.p12 alice alice issuing-ca root-ca
p12 p12/no-intermediate.p12 alice alice
openssl pkcs12 -export -nokeys -in pem/alice.pem -certfile pem/issuing-ca.pem "${LEGACY[@]}" \
	-passout "pass:$PASSWORD" -out p12/no-key.p12
# Key of alice, certificate of bob: openssl refuses -in with a foreign key, but -nocerts -certfile
# writes them side by side (what a wrong `cat` of PEM files produces).
client bob "/O=Example/CN=bob@example.com"
openssl pkcs12 -export -inkey "$work/alice.key" -nocerts -certfile pem/bob.pem "${LEGACY[@]}" \
	-passout "pass:$PASSWORD" -out p12/key-cert-mismatch.p12 2>/dev/null

# Identity rule failures, one property each.
client ed25519 "/O=Example/CN=ed@example.com" issuing-ca "$CLIENT_EXT" sha256 ed25519
p12 p12/ed25519.p12 ed25519 ed25519 issuing-ca
client rsa1024 "/O=Example/CN=weak@example.com" issuing-ca "$CLIENT_EXT" sha256 rsa1024
p12 p12/rsa1024.p12 rsa1024 rsa1024 issuing-ca
client p521 "/O=Example/CN=p521@example.com" issuing-ca "$CLIENT_EXT" sha256 p521
p12 p12/p521.p12 p521 p521 issuing-ca
client md5 "/O=Example/CN=md5@example.com" rsa-root "$CLIENT_EXT" md5
p12 p12/md5.p12 md5 md5
client sha256-rsa "/O=Example/CN=rsa-signed@example.com" rsa-root "$CLIENT_EXT" sha256
p12 p12/rsa-root-sha256.p12 sha256-rsa sha256-rsa
client sha1 "/O=Example/CN=sha1@example.com" issuing-ca "$CLIENT_EXT" sha1
p12 p12/sha1.p12 sha1 sha1 issuing-ca
client eku-server "/O=Example/CN=eku@example.com" issuing-ca "${CLIENT_EXT/clientAuth/serverAuth}"
p12 p12/eku-no-client-auth.p12 eku-server eku-server issuing-ca
client ku-agree "/O=Example/CN=ku@example.com" issuing-ca "${CLIENT_EXT/keyUsage=critical,digitalSignature/keyUsage=critical,keyAgreement}"
p12 p12/ku-no-digital-signature.p12 ku-agree ku-agree issuing-ca
ec_key expired && dated expired expired@example.com issuing-ca client -400 -2
p12 p12/expired.p12 expired expired issuing-ca
ec_key future && dated future future@example.com issuing-ca client 10 400
p12 p12/not-yet-valid.p12 future future issuing-ca
ec_key expiring && dated expiring expiring@example.com issuing-ca client -300 10
p12 p12/expiring-soon.p12 expiring expiring issuing-ca
ec_key valid40 && dated valid40 valid40@example.com issuing-ca client -300 40
p12 p12/expires-in-40-days.p12 valid40 valid40 issuing-ca
client no-cn "/O=Example/OU=Wi-Fi" issuing-ca "$CLIENT_EXT
subjectAltName=email:nocn@example.com"
p12 p12/no-cn.p12 no-cn no-cn issuing-ca
client cn-plain "/O=Example/CN=alice"
p12 p12/cn-not-nai.p12 cn-plain cn-plain issuing-ca
client cn-other "/O=Example/CN=alice@example.org"
p12 p12/cn-realm-mismatch.p12 cn-other cn-other issuing-ca
client cn-sub "/O=Example/CN=alice@eu.example.com"
p12 p12/cn-subrealm.p12 cn-sub cn-sub issuing-ca
client foreign "/O=Elsewhere/CN=mallory@example.com" other-issuing
p12 p12/other-ca.p12 foreign foreign other-issuing

# ---- RADIUS server chains -----------------------------------------------------------------------
server() { # NAME SUBJECT EXT [ISSUER] [DIGEST] [KEYTYPE]; writes pem/NAME-chain.pem (leaf + issuer)
	case "${6:-ec}" in
	ec) ec_key "$1" ;;
	rsa1024) rsa_key "$1" 1024 ;;
	esac
	local issuer=${4:-issuing-ca}
	cert "$1" "$2" "$issuer" "$3" "${5:-sha256}"
	if [ "$issuer" = rsa-root ]; then cp "pem/$1.pem" "pem/$1-chain.pem"; else cat "pem/$1.pem" "pem/$issuer.pem" >"pem/$1-chain.pem"; fi
}
server server "/O=Example/CN=radius.example.com" "$(server_ext radius.example.com)"
server server-wildcard "/O=Example/CN=*.example.com" "$(server_ext '*.example.com')"
server server-no-dns "/O=Example/CN=RADIUS Server" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth"
server server-cn-only "/O=Example/CN=radius.example.com" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth"
server server-cn-differs "/O=Example/CN=aaa.example.com" "$(server_ext radius.example.com)"
server server-cn-case "/O=Example/CN=Radius.Example.com" "$(server_ext radius.example.com)"
server server-eku-client "/O=Example/CN=radius.example.com" "$(server_ext radius.example.com clientAuth)"
server server-other-ca "/O=Elsewhere/CN=radius.example.com" "$(server_ext radius.example.com)" other-issuing
server server-sha1 "/O=Example/CN=radius.example.com" "$(server_ext radius.example.com)" issuing-ca sha1
server server-md5 "/O=Example/CN=radius.example.com" "$(server_ext radius.example.com)" rsa-root md5
server server-rsa-sha256 "/O=Example/CN=radius.example.com" "$(server_ext radius.example.com)" rsa-root sha256
server server-rsa1024 "/O=Example/CN=radius.example.com" "$(server_ext radius.example.com)" issuing-ca sha256 rsa1024
for spec in "server-expired -400 -2" "server-future 10 400" "server-expiring -300 10"; do
	set -- $spec
	ec_key "$1" && dated "$1" radius.example.com issuing-ca server "$2" "$3" radius.example.com
	cat "pem/$1.pem" pem/issuing-ca.pem >"pem/$1-chain.pem"
done
# Eleven CA certificates (settings-too-many-trusted-certificates): the root plus ten others.
cp pem/root-ca.pem pem/eleven-cas.pem
cp pem/root-ca.pem pem/ten-cas.pem
for i in 01 02 03 04 05 06 07 08 09 10; do
	ec_key "extra-$i" && cert "extra-$i" "/O=Example/CN=Extra CA $i" self "$CA_EXT"
	cat "pem/extra-$i.pem" >>pem/eleven-cas.pem
	if [ "$i" != 10 ]; then cat "pem/extra-$i.pem" >>pem/ten-cas.pem; fi
	rm "pem/extra-$i.pem"
done

# ---- files made by other tools (tools/) ---------------------------------------------------------
# openssl pkcs12 -export with OpenSSL 3 defaults (PBES2/AES-256-CBC + HMAC-SHA256 MAC) and -legacy.
openssl pkcs12 -export -inkey "$work/alice.key" -in pem/alice.pem -certfile pem/issuing-ca.pem \
	-passout "pass:$PASSWORD" -out tools/openssl-default.p12
openssl pkcs12 -export -legacy -inkey "$work/alice.key" -in pem/alice.pem -certfile pem/issuing-ca.pem \
	-passout "pass:$PASSWORD" -out tools/openssl-legacy.p12
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
p12 "$work/bob.p12" bob bob issuing-ca
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
