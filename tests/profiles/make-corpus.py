#!/usr/bin/env python3
"""Writes the broken-profile corpus that `cargo test -p hs20-profiles --test corpus` lints.

Each case is the good profile below with one mistake; EXPECTED lists, per file, the rule ids lint
must report. Rerun after changing a case: python3 tests/profiles/make-corpus.py
"""
import base64, copy, datetime, pathlib, plistlib, re

here = pathlib.Path(__file__).resolve().parent
certs = here.parent.parent / "certs"
out = here / "corpus"

pem = (certs / "root-ca.pem").read_text()
root_der = base64.b64decode("".join(re.findall(r"^[A-Za-z0-9+/=]+$", pem, re.M)))
p12 = (certs / "alice.p12").read_bytes()

P12_UUID = "6F1A0C52-7A3B-4F11-9E0D-2B8C1D4E5F60"
CA_UUID = "0B9E2D41-3C5A-4E77-8F10-A1B2C3D4E5F6"


def good():
    eap = {
        "AcceptEAPTypes": [13],
        "TLSTrustedServerNames": ["radius.example.com"],
        "PayloadCertificateAnchorUUID": [CA_UUID],
        "TLSMinimumVersion": "1.2",
        "TLSMaximumVersion": "1.2",
    }
    return {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": "com.example.hotspot20",
        "PayloadUUID": "2D7F3E10-5B6C-4D8E-9F01-23456789ABCD",
        "PayloadDisplayName": "Wi-Fi: Example",
        "RemovalDate": datetime.datetime(2036, 11, 23, 7, 7, 18),
        "PayloadContent": [
            {
                "PayloadType": "com.apple.security.pkcs12",
                "PayloadVersion": 1,
                "PayloadIdentifier": "com.example.hotspot20.identity",
                "PayloadUUID": P12_UUID,
                "PayloadContent": p12,
                "PayloadCertificateFileName": "alice.p12",
            },
            {
                "PayloadType": "com.apple.security.root",
                "PayloadVersion": 1,
                "PayloadIdentifier": "com.example.hotspot20.ca.0",
                "PayloadUUID": CA_UUID,
                "PayloadContent": root_der,
                "PayloadCertificateFileName": "root-ca.cer",
            },
            {
                "PayloadType": "com.apple.wifi.managed",
                "PayloadVersion": 1,
                "PayloadIdentifier": "com.example.hotspot20.passpoint",
                "PayloadUUID": "9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D",
                "IsHotspot": True,
                "DomainName": "example.com",
                "DisplayedOperatorName": "Example",
                "NAIRealmNames": ["example.com"],
                "ServiceProviderRoamingEnabled": True,
                "EncryptionType": "WPA2",
                "AutoJoin": True,
                "PayloadCertificateUUID": P12_UUID,
                "EAPClientConfiguration": eap,
            },
        ],
    }


def wifi(p):
    return p["PayloadContent"][2]


def eap(p):
    return wifi(p)["EAPClientConfiguration"]


cases = {}


def case(name, ids):
    def deco(f):
        p = good()
        f(p)
        cases[name] = (p, ids)
        return f
    return deco


@case("missing-payload-uuid", ["schema-missing-required-key"])
def _(p): del wifi(p)["PayloadUUID"]

@case("missing-top-level-uuid", ["schema-missing-required-key"])
def _(p): del p["PayloadUUID"]

@case("wrong-payload-type-value", ["schema-value-not-allowed"])
def _(p): p["PayloadType"] = "Profile"

@case("dangling-certificate-uuid", ["mc-dangling-certificate-uuid"])
def _(p): wifi(p)["PayloadCertificateUUID"] = "00000000-0000-4000-8000-000000000000"

@case("certificate-uuid-points-to-ca", ["mc-certificate-uuid-not-identity"])
def _(p): wifi(p)["PayloadCertificateUUID"] = CA_UUID

@case("dangling-anchor-uuid", ["mc-dangling-anchor-uuid"])
def _(p): eap(p)["PayloadCertificateAnchorUUID"] = ["11111111-2222-4333-8444-555555555555"]

@case("anchor-points-to-identity", ["mc-anchor-not-certificate"])
def _(p): eap(p)["PayloadCertificateAnchorUUID"] = [P12_UUID]

@case("wrong-type-accept-eap-types", ["schema-wrong-type"])
def _(p): eap(p)["AcceptEAPTypes"] = ["13"]

@case("wrong-type-is-hotspot", ["schema-wrong-type"])
def _(p): wifi(p)["IsHotspot"] = "true"

@case("wrong-type-payload-version", ["schema-wrong-type"])
def _(p): p["PayloadVersion"] = "1"

@case("invalid-encryption-type", ["schema-value-not-allowed"])
def _(p): wifi(p)["EncryptionType"] = "WPA2-Enterprise"

@case("encryption-type-none-with-eap", ["mc-encryption-type-no-eap"])
def _(p): wifi(p)["EncryptionType"] = "None"

@case("lowercase-oi", ["mc-lowercase-oi", "mc-nai-realm-with-rcoi"])
def _(p): wifi(p)["RoamingConsortiumOIs"] = ["5a03ba0000"]

@case("invalid-oi", ["mc-invalid-oi"])
def _(p):
    del wifi(p)["NAIRealmNames"]
    wifi(p)["RoamingConsortiumOIs"] = ["5A03BA00"]

@case("tls13-without-outer-identity", ["mc-tls13-without-outer-identity"])
def _(p):
    eap(p)["TLSMinimumVersion"] = "1.3"
    eap(p)["TLSMaximumVersion"] = "1.3"

@case("tls13-min-with-default-max", ["mc-tls-min-above-max", "mc-tls13-without-outer-identity"])
def _(p):
    eap(p)["TLSMinimumVersion"] = "1.3"
    del eap(p)["TLSMaximumVersion"]

@case("invalid-tls-version", ["schema-value-not-allowed"])
def _(p): eap(p)["TLSMaximumVersion"] = "1.4"

@case("duplicate-uuids", ["mc-duplicate-uuid"])
def _(p): p["PayloadContent"][1]["PayloadUUID"] = P12_UUID

@case("duplicate-identifiers", ["mc-duplicate-identifier"])
def _(p): p["PayloadContent"][1]["PayloadIdentifier"] = "com.example.hotspot20.identity"

@case("uuid-not-a-uuid", ["mc-invalid-uuid"])
def _(p): p["PayloadUUID"] = "my-profile-1"

@case("bad-mcc-mnc", ["mc-invalid-mcc-mnc"])
def _(p): wifi(p)["MCCAndMNCs"] = ["31041", "31O410"]

@case("hotspot-without-domain-name", ["mc-hotspot-without-domain-name"])
def _(p): del wifi(p)["DomainName"]

@case("hotspot-without-identifier", ["mc-hotspot-without-identifier"])
def _(p): del wifi(p)["NAIRealmNames"]

@case("hotspot-keys-without-is-hotspot", ["mc-hotspot-keys-without-ishotspot", "mc-ssid-missing"])
def _(p): del wifi(p)["IsHotspot"]

@case("mixed-eap-types", ["mc-mixed-eap-types"])
def _(p): eap(p)["AcceptEAPTypes"] = [13, 25]

@case("unknown-eap-type", ["schema-value-not-allowed"])
def _(p): eap(p)["AcceptEAPTypes"] = [13, 99]

@case("eap-tls-without-identity", ["mc-eap-tls-without-identity"])
def _(p): del wifi(p)["PayloadCertificateUUID"]

@case("no-server-trust", ["mc-no-server-trust"])
def _(p):
    del eap(p)["TLSTrustedServerNames"]
    del eap(p)["PayloadCertificateAnchorUUID"]

@case("anchors-without-server-names", ["mc-anchors-without-server-names"])
def _(p): del eap(p)["TLSTrustedServerNames"]

@case("server-name-wildcard-in-middle", ["trusted-name-invalid-wildcard"])
def _(p): eap(p)["TLSTrustedServerNames"] = ["wpa.*.example.com"]

@case("server-name-not-dns", ["trusted-name-not-dns-name"])
def _(p): eap(p)["TLSTrustedServerNames"] = ["RADIUS Server"]

@case("misspelled-key", ["schema-unknown-key", "schema-missing-required-key"])
def _(p): eap(p)["AcceptEapTypes"] = eap(p).pop("AcceptEAPTypes")

@case("removed-key", ["schema-key-not-on-ios"])
def _(p): eap(p)["TLSAllowTrustExceptions"] = False

@case("macos-only-key", ["schema-key-not-on-ios"])
def _(p): p["PayloadContent"][0]["AllowAllAppsAccess"] = True

@case("removal-date-after-expiry", ["mc-removal-date-after-expiry"])
def _(p):
    p["RemovalDate"] = datetime.datetime(2040, 1, 1)
    p["PayloadContent"][0]["Password"] = (certs / "alice.p12.password").read_text().strip()

@case("no-removal-date", ["mc-no-removal-date"])
def _(p): del p["RemovalDate"]

@case("ca-payload-not-a-certificate", ["mc-certificate-unreadable"])
def _(p): p["PayloadContent"][1]["PayloadContent"] = b"not a certificate"

@case("wpa3-only", ["mc-encryption-type-wpa3-only"])
def _(p): wifi(p)["EncryptionType"] = "WPA3"

@case("no-wifi-payload", ["mc-no-wifi-payload"])
def _(p): del p["PayloadContent"][2]


out.mkdir(exist_ok=True)
for old in out.glob("*.mobileconfig"):
    old.unlink()
plistlib.dump(good(), open(out / "good.mobileconfig", "wb"))
lines = ["# file: rule ids lint must report (good.mobileconfig must report no error-level id)"]
for name, (p, ids) in cases.items():
    plistlib.dump(p, open(out / f"{name}.mobileconfig", "wb"))
    lines.append(f"{name}.mobileconfig: {' '.join(ids)}")
(out / "EXPECTED").write_text("\n".join(lines) + "\n")
print(f"{len(cases)} broken profiles + good.mobileconfig written to {out}")
