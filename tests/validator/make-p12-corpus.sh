#!/usr/bin/env bash
# Makes the PKCS#12 producer corpus in tests/validator/fixtures/p12-corpus/ (issue #9): the same
# client identity exported by every producer that installs here, with the options real
# exporters use, plus look-alikes (built byte by byte with Python) for producers that cannot run
# here (Windows, Keychain Access, node-forge, Go, OpenSSL 3.4's PBMAC1), labelled as such.
#   - OpenSSL 3 (`openssl pkcs12 -export`: default, -legacy, -nomac, -descert, -keypbe/-certpbe,
#     -macalg, empty password, a high -iter);
#   - NSS pk12util (Debian libnss3-tools): BER at every level, 600 000 iterations;
#   - Java keytool with its keystore.pkcs12.* properties;
#   - pyca/cryptography serialisation options, and key types RSA, EC P-256/384/521, Ed25519, Ed448.
# EXPECTED lists, per file: producer, real|look-alike, password (pw = password.txt, empty = ""),
# platform, exit status, the error rule ids hs20check must report (exactly), and whether the key
# matches the certificate according to openssl (`openssl pkey -pubout` vs `openssl x509 -pubkey`).
# validator/tests/p12_corpus.rs checks every row. The files are committed; CI never runs this.
# Needs: openssl 3.x, pk12util + certutil (libnss3-tools), keytool (Java 17+), python3 with
# cryptography ≥ 42. Input: fixtures/p12/good.p12 and fixtures/password.txt (make-fixtures.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/fixtures"
out="$fx/p12-corpus"
PW=$(head -n1 "$fx/password.txt")
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl pkcs12 -in "$fx/p12/good.p12" -passin "pass:$PW" -nodes -out "$work/good.pem" 2>/dev/null
openssl pkey -in "$work/good.pem" -out "$work/good.key"
openssl x509 -in "$work/good.pem" -out "$work/leaf.pem"

rows=()
# row FILE PRODUCER KIND PASSWORD PLATFORM EXIT ERRORS NOTE
row() { rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$@")"); }

# ---- OpenSSL 3 ------------------------------------------------------------------------------
ossl() { local name=$1; shift; openssl pkcs12 -export -in "$work/good.pem" -passout "pass:$PW" -out "$out/$name.p12" "$@"; }
ossl openssl3-default
row openssl3-default "OpenSSL 3.0 default (PBES2 AES-256/PBKDF2-SHA256, SHA-256 MAC)" real pw ios 1 p12-mac-not-sha1,p12-modern-encryption "error under the severity policy: reported failures on iOS 16/17 (docs/severity.md)"
ossl openssl3-legacy -legacy
row openssl3-legacy "OpenSSL 3.0 -legacy (RC2-40 certificates, 3DES key, SHA-1 MAC)" real pw ios 0 - ""
ossl openssl3-nomac -legacy -nomac
row openssl3-nomac "OpenSSL 3.0 -legacy -nomac" real pw ios 1 p12-import-no-mac ""
ossl openssl3-descert -descert
row openssl3-descert "OpenSSL 3.0 -descert (3DES certificates, AES-256 key)" real pw ios 1 p12-mac-not-sha1,p12-modern-encryption ""
ossl openssl3-aes128 -keypbe AES-128-CBC -certpbe AES-128-CBC
row openssl3-aes128 "OpenSSL 3.0 -keypbe/-certpbe AES-128-CBC" real pw ios 1 p12-import-pbes2-variant,p12-mac-not-sha1 ""
ossl openssl3-aes192 -keypbe AES-192-CBC -certpbe AES-192-CBC
row openssl3-aes192 "OpenSSL 3.0 -keypbe/-certpbe AES-192-CBC" real pw ios 1 p12-import-pbes2-variant,p12-mac-not-sha1 ""
ossl openssl3-camellia256 -keypbe CAMELLIA-256-CBC -certpbe CAMELLIA-256-CBC
row openssl3-camellia256 "OpenSSL 3.0 -keypbe/-certpbe CAMELLIA-256-CBC" real pw ios 1 p12-import-pbes2-variant,p12-mac-not-sha1 ""
ossl openssl3-pbes2-3des -keypbe DES-EDE3-CBC -certpbe DES-EDE3-CBC
row openssl3-pbes2-3des "OpenSSL 3.0 -keypbe/-certpbe DES-EDE3-CBC (PBES2 3DES)" real pw ios 1 p12-import-pbes2-variant,p12-mac-not-sha1 ""
for c in RC2-128 RC2-40 RC4-128 RC4-40; do
	n=$(echo "$c" | tr 'A-Z' 'a-z')
	ossl "openssl3-$n" -legacy -keypbe "PBE-SHA1-$c" -certpbe "PBE-SHA1-$c"
	row "openssl3-$n" "OpenSSL 3.0 -legacy -keypbe/-certpbe PBE-SHA1-$c" real pw ios 0 - ""
done
ossl openssl3-2des -legacy -keypbe PBE-SHA1-2DES -certpbe PBE-SHA1-2DES
row openssl3-2des "OpenSSL 3.0 -legacy -keypbe/-certpbe PBE-SHA1-2DES" real pw ios 1 p12-import-2key-3des ""
ossl openssl3-keypbe-none -legacy -keypbe NONE
row openssl3-keypbe-none "OpenSSL 3.0 -legacy -keypbe NONE (plain keyBag)" real pw ios 1 p12-import-plain-key-only ""
ossl openssl3-certpbe-none -keypbe PBE-SHA1-3DES -certpbe NONE -macalg sha1
row openssl3-certpbe-none "OpenSSL 3.0 -keypbe PBE-SHA1-3DES -certpbe NONE -macalg sha1" real pw ios 0 - ""
ossl openssl3-mac-sha512 -legacy -macalg sha512
row openssl3-mac-sha512 "OpenSSL 3.0 -legacy -macalg sha512" real pw ios 1 p12-mac-not-sha1 "error under the severity policy: reported failures on iOS 16/17 (docs/severity.md)"
ossl openssl3-mac-md5 -legacy -macalg md5
row openssl3-mac-md5 "OpenSSL 3.0 -legacy -macalg md5" real pw ios 1 p12-import-mac-algorithm ""
openssl pkcs12 -export -in "$work/good.pem" -passout pass: -legacy -out "$out/openssl3-empty-password.p12"
row openssl3-empty-password "OpenSSL 3.0 -legacy -passout pass: (two zero bytes)" real empty ios 0 - "p12-empty-password warning"
row openssl3-empty-password "OpenSSL 3.0 -legacy -passout pass: (two zero bytes)" real empty macos 1 p12-import-empty-password-encoding "macOS uses the zero-length form"
ossl openssl3-iter-2000000 -legacy -iter 2000000
row openssl3-iter-2000000 "OpenSSL 3.0 -legacy -iter 2000000" real pw ios 2 - "above the default work bound; passes with --max-kdf-iterations 13000000"

# ---- NSS pk12util (Firefox) -----------------------------------------------------------------
nss="$work/nss"
mkdir -p "$nss"
certutil -N -d "sql:$nss" --empty-password
pk12util -i "$out/openssl3-legacy.p12" -d "sql:$nss" -W "$PW" >/dev/null 2>&1
nick=$(certutil -L -d "sql:$nss" | awk -F'  +' '/u,u,u/ {print $1}')
pk12util -o "$out/nss-default.p12" -n "$nick" -d "sql:$nss" -W "$PW" >/dev/null
row nss-default "NSS pk12util default (BER; AES-128 certificates, AES-256 key, SHA-256 MAC)" real pw ios 1 p12-import-pbes2-variant,p12-mac-not-sha1,p12-modern-encryption "certificates AES-128"
pk12util -o "$out/nss-3des.p12" -n "$nick" -d "sql:$nss" -W "$PW" -c "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC" -C "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC" -M SHA-1 >/dev/null
row nss-3des "NSS pk12util -c/-C 3DES -M SHA-1 (BER)" real pw ios 0 - ""
pk12util -o "$out/nss-aes256.p12" -n "$nick" -d "sql:$nss" -W "$PW" -c AES-256-CBC -C AES-256-CBC >/dev/null
row nss-aes256 "NSS pk12util -c/-C AES-256-CBC (BER)" real pw ios 1 p12-mac-not-sha1,p12-modern-encryption ""

# ---- Java keytool ---------------------------------------------------------------------------
kt() {
	local name=$1; shift
	keytool "$@" -importkeystore -srckeystore "$out/openssl3-legacy.p12" -srcstoretype PKCS12 -srcstorepass "$PW" \
		-destkeystore "$out/$name.p12" -deststoretype PKCS12 -deststorepass "$PW" -noprompt >/dev/null 2>&1
}
kt keytool-default
row keytool-default "keytool -importkeystore (PBES2 AES-256, HmacPBESHA256)" real pw ios 1 p12-mac-not-sha1,p12-modern-encryption ""
kt keytool-legacy -J-Dkeystore.pkcs12.legacy
row keytool-legacy "keytool -J-Dkeystore.pkcs12.legacy (RC2-40/3DES, SHA-1 MAC)" real pw ios 0 - ""
kt keytool-rc4-rc2-128 -J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithSHA1AndRC4_128 \
	-J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithSHA1AndRC2_128 -J-Dkeystore.pkcs12.macAlgorithm=HmacPBESHA1
row keytool-rc4-rc2-128 "keytool certProtectionAlgorithm=PBEWithSHA1AndRC4_128 keyProtectionAlgorithm=PBEWithSHA1AndRC2_128" real pw ios 0 - ""
kt keytool-aes128-sha1 -J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithHmacSHA1AndAES_128 \
	-J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithHmacSHA1AndAES_128 -J-Dkeystore.pkcs12.macAlgorithm=HmacPBESHA1
row keytool-aes128-sha1 "keytool PBEWithHmacSHA1AndAES_128 (PBES2, HMAC-SHA1 PRF)" real pw ios 1 p12-import-pbes2-variant ""
kt keytool-nomac -J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithSHA1AndDESede \
	-J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithSHA1AndDESede -J-Dkeystore.pkcs12.macAlgorithm=NONE
row keytool-nomac "keytool PBEWithSHA1AndDESede, macAlgorithm=NONE" real pw ios 1 p12-import-no-mac ""

# ---- pyca/cryptography, and the key types -------------------------------------------------------
python3 - "$work" "$out" "$PW" <<'PY'
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, ec, ed25519, ed448
from cryptography.hazmat.primitives.serialization import pkcs12
work, out, pw = sys.argv[1], sys.argv[2], sys.argv[3].encode()
key = serialization.load_pem_private_key(open(f"{work}/good.key", "rb").read(), None)
leaf = x509.load_pem_x509_certificate(open(f"{work}/leaf.pem", "rb").read())
chain = [c for c in x509.load_pem_x509_certificates(open(f"{work}/good.pem", "rb").read()) if c != leaf]
def w(name, data): open(f"{out}/{name}.p12", "wb").write(data)
ser = pkcs12.serialize_key_and_certificates
w("pyca-best-available", ser(b"alice", key, leaf, chain, serialization.BestAvailableEncryption(pw)))
b = serialization.PrivateFormat.PKCS12.encryption_builder()
w("pyca-3des-sha1", ser(b"alice", key, leaf, chain,
    b.kdf_rounds(2048).key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1()).build(pw)))
w("pyca-aes256-sha1mac", ser(b"alice", key, leaf, chain,
    b.kdf_rounds(2048).key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA1()).build(pw)))
w("pyca-no-encryption", ser(b"alice", key, leaf, chain, serialization.NoEncryption()))

# Key types: a small CA of its own (RSA), one client certificate per key type.
now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "p12 corpus key-type CA")])
ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
      .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
      .not_valid_before(now - datetime.timedelta(days=365)).not_valid_after(now + datetime.timedelta(days=3650))
      .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
      .sign(ca_key, hashes.SHA256()))
legacy = b.kdf_rounds(2048).key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1()).build(pw)
for name, k in [("rsa2048", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
                ("ec-p256", ec.generate_private_key(ec.SECP256R1())),
                ("ec-p384", ec.generate_private_key(ec.SECP384R1())),
                ("ec-p521", ec.generate_private_key(ec.SECP521R1())),
                ("ed25519", ed25519.Ed25519PrivateKey.generate()),
                ("ed448", ed448.Ed448PrivateKey.generate())]:
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "alice@example.com")]))
            .issuer_name(ca_name).public_key(k.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=365)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    w(f"pyca-key-{name}", ser(b"alice", k, cert, [ca], legacy))
PY
row pyca-best-available "pyca BestAvailableEncryption (PBES2 AES-256, SHA-256 MAC)" real pw ios 1 p12-mac-not-sha1,p12-modern-encryption ""
row pyca-3des-sha1 "pyca encryption_builder PBESv1SHA1And3KeyTripleDESCBC + SHA-1 MAC" real pw ios 0 - ""
row pyca-aes256-sha1mac "pyca encryption_builder PBESv2SHA256AndAES256CBC + SHA-1 MAC" real pw ios 1 p12-modern-encryption ""
row pyca-no-encryption "pyca NoEncryption (plain bags, SHA-256 MAC over the empty password)" real empty ios 1 p12-import-plain-key-only,p12-mac-not-sha1 ""
for k in rsa2048 ec-p256 ec-p384 ec-p521; do
	row "pyca-key-$k" "pyca 3DES/SHA-1, $k key" real pw ios 0 - ""
done
row pyca-key-ed25519 "pyca 3DES/SHA-1, Ed25519 key" real pw ios 1 p12-import-key-type ""
row pyca-key-ed448 "pyca 3DES/SHA-1, Ed448 key" real pw ios 1 p12-import-key-type "no false key/certificate mismatch"

# ---- look-alikes of producers that cannot run here ------------------------------------------
python3 "$here/p12_lookalike.py" "$work/good.key" "$work/good.pem" "$out" "$PW"
row lookalike-windows-nopassword "look-alike of a Windows export without password (3DES, SHA-1 MAC, zero-length empty password)" look-alike empty ios 1 p12-import-empty-password-encoding ""
row lookalike-windows-nopassword "look-alike of a Windows export without password (3DES, SHA-1 MAC, zero-length empty password)" look-alike empty macos 0 - ""
row lookalike-forge-default "look-alike of node-forge toPkcs12Asn1 default (PBES2 PBKDF2-HMAC-SHA1 AES-256, SHA-1 MAC)" look-alike pw ios 1 p12-import-pbes2-variant ""
row lookalike-forge-nopassword "look-alike of node-forge without password (no encryption, SHA-1 MAC over the zero-length password)" look-alike empty ios 1 p12-import-plain-key-only,p12-import-empty-password-encoding ""
row lookalike-keychain "look-alike of a Keychain Access export (BER throughout, 3DES, SHA-1 MAC)" look-alike pw ios 0 - ""
row lookalike-go-modern2023 "look-alike of Go go-pkcs12 Modern2023 (PBES2 AES-256/PBKDF2-SHA256, SHA-256 MAC)" look-alike pw ios 1 p12-mac-not-sha1,p12-modern-encryption ""
row lookalike-go-passwordless "look-alike of Go go-pkcs12 Passwordless (no encryption, no MAC)" look-alike empty ios 1 p12-import-no-mac,p12-import-plain-key-only ""
row lookalike-pbes2-scrypt "look-alike of PBES2 with scrypt for the certificates (openssl pkcs8 -scrypt style), 3DES key" look-alike pw ios 1 p12-import-unknown-scheme "certificates not decrypted by hs20check either"
row lookalike-secret-bag "look-alike of a file with a secretBag next to the key (Java SecretKey entries)" look-alike pw ios 0 - "info: skipped bag"
row lookalike-openssl34-pbmac1 "look-alike of OpenSSL 3.4 -pbmac1_pbkdf2 (PBMAC1 HMAC-SHA256, AES-256 bags)" look-alike pw ios 1 p12-import-mac-algorithm,p12-modern-encryption ""

# ---- key <-> certificate match, as openssl sees it ------------------------------------------
{
	printf '# file\tproducer\tkind\tpassword\tplatform\texit\terrors\tkey-matches-cert(openssl)\tnote\n'
	for r in "${rows[@]}"; do
		IFS=$'\t' read -r file producer kind pass platform code errors note <<<"$r"
		p="pass:$PW"
		[ "$pass" = empty ] && p="pass:"
		match=-
		if openssl pkcs12 -in "$out/$file.p12" -passin "$p" -nodes -legacy -out "$work/x.pem" 2>/dev/null; then
			k=$(openssl pkey -in "$work/x.pem" -pubout 2>/dev/null | sha256sum | cut -c1-16)
			rm -f "$work"/cert-*.pem
			awk -v d="$work" '/BEGIN CERTIFICATE/ {n++; on=1} on {print >> (d "/cert-" n ".pem")} /END CERTIFICATE/ {on=0}' "$work/x.pem"
			match=no
			for cf in "$work"/cert-*.pem; do
				c=$(openssl x509 -in "$cf" -pubkey -noout 2>/dev/null | sha256sum | cut -c1-16) || true
				if [ "$k" = "$c" ]; then match=yes; fi
			done
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$producer" "$kind" "$pass" "$platform" "$code" "$errors" "$match" "$note"
	done
} >"$out/EXPECTED"
echo "p12 corpus: $(ls "$out"/*.p12 | wc -l) files in $out"
