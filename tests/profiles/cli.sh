#!/usr/bin/env bash
# End-to-end test of `hs20check profile` and `hs20check lint` with the demo identity in certs/ and
# real peers: openssl (signature), python3 plistlib (read-back), wpa_supplicant (config parse).
# Usage: tests/profiles/cli.sh [path/to/hs20check]   (default: target/debug/hs20check)
# Needs (Debian): openssl python3 wpasupplicant iproute2 util-linux. A missing peer fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$root/target}/debug/hs20check}
certs=$root/certs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
for tool in openssl:openssl python3:python3 wpa_supplicant:wpasupplicant unshare:util-linux; do
	command -v "${tool%%:*}" >/dev/null || { echo "missing ${tool%%:*}: apt-get install ${tool#*:}"; exit 1; }
done
[ -x "$bin" ] || { echo "no hs20check binary at $bin (cargo build -p hs20check)"; exit 1; }
check() { # name, command...
	local name=$1; shift
	if "$@" >"$work/out" 2>&1; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/out"; fi
}
expect_rc() { # rc, command... : succeeds when the command exits with rc
	local want=$1; shift
	set +e; "$@"; local got=$?; set -e
	[ "$got" = "$want" ] || { echo "exit $got, expected $want"; return 1; }
}

# A profile signer issued by the demo issuing CA (proposed for certs/make-demo-pki.sh).
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/signer.key" \
	-subj "/O=Example/CN=Example Profile Signer" -out "$work/signer.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection,codeSigning\n' >"$work/signer.ext"
openssl x509 -req -in "$work/signer.csr" -CA "$certs/issuing-ca.pem" -CAkey "$certs/issuing-ca.key" -CAcreateserial \
	-CAserial "$work/serial" -days 825 -sha256 -extfile "$work/signer.ext" -out "$work/signer.pem" 2>/dev/null

common=(--realm example.com --ca "$certs/root-ca.pem" --trusted-server-name radius.example.com
	--server-cert "$certs/server-chain.pem" --password-file "$certs/alice.p12.password")

check "signed profile is written" "$bin" profile "$certs/alice.p12" "${common[@]}" --ssid Example-Enterprise \
	--sign-cert "$work/signer.pem" --sign-key "$work/signer.key" --sign-chain "$certs/issuing-ca.pem" -o "$work/signed.mobileconfig"
check "openssl smime accepts the signature" openssl smime -verify -inform der -in "$work/signed.mobileconfig" \
	-CAfile "$certs/root-ca.pem" -purpose any -out "$work/content.plist"
check "plistlib reads the signed content" python3 -c 'import plistlib,sys; p=plistlib.load(open(sys.argv[1],"rb")); assert p["PayloadType"]=="Configuration" and len(p["PayloadContent"])==4' "$work/content.plist"
check "lint passes the signed profile" expect_rc 0 "$bin" lint "$work/signed.mobileconfig" --password-file "$certs/alice.p12.password"
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); i=d.find(b"radius.example.com"); d[i]^=1; open(sys.argv[2],"wb").write(d)' \
	"$work/signed.mobileconfig" "$work/tampered.mobileconfig"
check "openssl rejects a one-byte tamper" expect_rc 4 openssl smime -verify -inform der -in "$work/tampered.mobileconfig" -CAfile "$certs/root-ca.pem" -purpose any -out /dev/null
check "lint rejects the tampered profile (exit 1)" expect_rc 1 "$bin" lint "$work/tampered.mobileconfig"
check "lint --format json names mc-signature-invalid" sh -c "'$bin' lint '$work/tampered.mobileconfig' --format json | grep -q '\"id\": \"mc-signature-invalid\"'"
check "same input gives the same profile UUIDs" bash -c "'$bin' profile '$certs/alice.p12' ${common[*]} -o '$work/a.mobileconfig' >/dev/null && '$bin' profile '$certs/alice.p12' ${common[*]} -o '$work/b.mobileconfig' >/dev/null && diff <(grep -A1 PayloadUUID '$work/a.mobileconfig') <(grep -A1 PayloadUUID '$work/b.mobileconfig')"
check "a profile the device would reject is refused (exit 1, no file)" sh -c "! '$bin' profile '$certs/alice.p12' --realm example.com --ca '$certs/alice.pem' --password-file '$certs/alice.p12.password' -o '$work/refused.mobileconfig' >/dev/null; test ! -e '$work/refused.mobileconfig'"
check "Android document is written" "$bin" profile "$certs/alice.p12" "${common[@]}" --roaming-consortium 5A03BA0000 --format android -o "$work/alice.wifi-config"
check "Android document is base64 multipart/mixed" sh -c "base64 -d '$work/alice.wifi-config' | head -1 | grep -q '^Content-Type: multipart/mixed; boundary='"
check "wpa_supplicant configuration is written" "$bin" profile "$certs/alice.p12" "${common[@]}" --embed-password --format wpa-supplicant -o "$work/wpa.conf"
check "wpa_supplicant parses it" unshare -n sh -c "ip link set lo up; timeout 3 wpa_supplicant -dd -Dwired -i lo -c '$work/wpa.conf' 2>&1 | tee /dev/stderr | grep -q 'start of a new cred block' && ! timeout 3 wpa_supplicant -Dwired -i lo -c '$work/wpa.conf' 2>&1 | grep -qi 'failed to parse'"
check "lint: good entitlements pass" expect_rc 0 "$bin" lint "$root/tests/profiles/entitlements/good.entitlements"
check "lint: missing entitlements fail" expect_rc 1 "$bin" lint "$root/tests/profiles/entitlements/missing-both.entitlements"
check "lint: corpus case fails" expect_rc 1 "$bin" lint "$root/tests/profiles/corpus/dangling-certificate-uuid.mobileconfig"
check "lint: not a profile is an input error (exit 2)" expect_rc 2 "$bin" lint "$certs/root-ca.pem"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
