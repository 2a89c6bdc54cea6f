#!/usr/bin/env python3
"""Writes the committed seed corpora (fuzz/corpus/<target>/) from the repository's fixtures.

Run from anywhere: `python3 fuzz/make-seeds.py`. Seeds are small on purpose (libFuzzer grows
the corpus itself); only fixtures under 24 KiB are taken. Deterministic: same fixtures, same
seeds, so re-running changes nothing unless a fixture changed.
"""
import hashlib
import hmac
import pathlib
import shutil
import struct

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
MAX_SEED = 24 * 1024
SECRET = b"fuzz-secret"  # fuzz/src/lib.rs SECRET


def small(paths, limit=24):
    out = [p for p in sorted(paths) if p.is_file() and p.stat().st_size <= MAX_SEED]
    return out[:limit]


def put(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def copy(target, paths, limit=24):
    for p in small(paths, limit):
        put(target, p.name, p.read_bytes())


def eap(code, ident, kind=None, data=b""):
    body = b"" if kind is None else bytes([kind]) + data
    return struct.pack(">BBH", code, ident, 4 + len(body)) + body


def access_request(ident, eap_bytes, state=None, secret=SECRET):
    attrs = b"".join(
        bytes([79, 2 + len(c)]) + c for c in (eap_bytes[i:i + 253] for i in range(0, len(eap_bytes), 253))
    )
    attrs = bytes([1, 2 + 16]) + b"fuzz@example.com" + attrs
    if state:
        attrs += bytes([24, 2 + len(state)]) + state
    attrs += bytes([80, 18]) + bytes(16)
    pkt = struct.pack(">BBH", 1, ident, 20 + len(attrs)) + bytes([ident]) * 16 + attrs
    mac = hmac.new(secret, pkt, hashlib.md5).digest()
    return pkt[:-16] + mac


def record(control, payload):
    return bytes([control]) + struct.pack(">H", len(payload)) + payload


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    hellos = sorted((ROOT / "lab-radius/tests/fixtures").glob("*clienthello.hex"))
    hello_eaps = [bytes.fromhex("".join(p.read_text().split())) for p in hellos]
    identity = eap(2, 0x19, 1, b"alice@example.com")

    # RADIUS datagrams
    put("radius_packet", "access-request-identity", access_request(1, identity))
    for i, h in enumerate(hello_eaps):
        put("radius_packet", f"access-request-hello-{i}", access_request(2, h, state=bytes(range(16))))
    put("radius_packet", "status-server", struct.pack(">BBH", 12, 7, 38) + bytes(16) + bytes([80, 18]) + bytes(16))
    put("radius_packet", "wrong-secret", access_request(3, identity, secret=b"other"))

    # EAP packets and EAP-TLS frames
    put("eap_packet", "identity", identity)
    put("eap_packet", "tls-ack", eap(2, 3, 13, b"\x00"))
    put("eap_packet", "tls-start-with-length", eap(1, 3, 13, b"\xa0\x00\x00\x10\x00"))
    for i, h in enumerate(hello_eaps):
        put("eap_packet", f"hello-{i}", h)

    # One EAP-TLS session (started with identity id 1, so the peer answers id 2)
    for i, h in enumerate(hello_eaps):
        h2 = h[:1] + b"\x02" + h[2:]
        put("eap_tls_session", f"hello-{i}", record(0, h2))
        # the same hello in two fragments (L and M flags on the first)
        tls = h2[6:]
        first = eap(2, 2, 13, b"\xc0" + struct.pack(">I", len(tls)) + tls[:60])
        second = eap(2, 3, 13, b"\x00" + tls[60:])
        put("eap_tls_session", f"hello-{i}-fragmented", record(0, first) + record(1, second))

    # The engine: signed identity, then the hello with the State of the reply
    for i, h in enumerate(hello_eaps):
        put("engine", f"identity-hello-{i}", record(0x02, identity) + record(0x03, h))
    put("engine", "raw-datagram", record(0x00, access_request(1, identity)))
    put("engine", "stranger", record(0x01, access_request(1, identity)))
    put("engine", "identity-then-timeout", record(0x02, identity) + record(0xf7, identity))

    # TLS records (the EAP-TLS payload of the hellos: code id len type flags)
    for i, h in enumerate(hello_eaps):
        put("client_hello", f"hello-{i}", h[6:])
    put("client_hello", "alert", bytes([21, 3, 3, 0, 2, 2, 40]))

    p12 = list((ROOT / "tests/validator/fixtures/p12").glob("*.p12"))
    p12 += list((ROOT / "tests/validator/fixtures/hostile").glob("*.p12"))
    p12 += list((ROOT / "tests/validator/fixtures/p12-corpus").glob("*.p12"))
    copy("pkcs12", p12, 40)
    copy("der_ber", p12, 16)
    certs = list((ROOT / "certs").glob("*.pem")) + list((ROOT / "tests/validator/fixtures/pem").glob("*.pem"))
    copy("x509", certs, 30)
    copy("der_ber", list((ROOT / "tests/validator/fixtures/pem").glob("*.der")), 8)

    profiles = list((ROOT / "tests/profiles/corpus").glob("*.mobileconfig"))
    profiles += list((ROOT / "tests/profiles/entitlements").glob("*"))
    copy("profile_lint", profiles, 48)

    import subprocess
    good = ROOT / "tests/profiles/corpus/good.mobileconfig"
    for fmt in ("DER", "PEM"):
        signed = subprocess.run(
            ["openssl", "cms", "-sign", "-nodetach", "-binary", "-outform", fmt,
             "-in", str(good), "-signer", str(ROOT / "certs/profile-signer.pem"),
             "-inkey", str(ROOT / "certs/profile-signer.key")],
            check=True, capture_output=True).stdout
        put("profile_lint", f"good-signed.{fmt.lower()}", signed)
        put("cms", f"good-signed.{fmt.lower()}", signed)

    put("lab_radius_config", "lab.toml", b'''listen = "127.0.0.1:1812"
secret = "testing123"
server_cert = "server-chain.pem"
server_key = "server.key"
ca = ["root-ca.pem"]
tls_min = "1.2"
tls_max = "1.3"
fragment_size = 1024
max_tls_message = 65536
session_timeout = 30
max_sessions = 4096
log_format = "json"

[[client]]
address = "10.0.0.0/8"
secret = "nas-secret"
''')
    put("lab_radius_config", "clients-only.toml", b'[[client]]\naddress = "::1/128"\nsecret = "s"\n')

    copy("codelint_swift", (ROOT / "codelint/tests/corpus/swift").glob("*.swift"), 24)
    copy("codelint_objc", (ROOT / "codelint/tests/corpus/objc").glob("*.m"), 24)

    caps = list((ROOT / "tests/lab/fixtures").rglob("*.pcap*")) + list((ROOT / "air/tests/fixtures").rglob("*.pcap*"))
    for p in small(caps, 12):
        put("capture", p.parent.name + "-" + p.name, p.read_bytes())

    roles = ["hostapd.log", "wpas.log", "as.log", "events.log", "ap.conf", "sta.conf", "wpa_cli-status.txt"]
    logs = [p for p in (ROOT / "tests/lab/fixtures").rglob("*") if p.is_file() and p.name in roles]
    for p in small(logs, 30):
        put("logs", p.parent.name + "-" + p.name, bytes([roles.index(p.name)]) + p.read_bytes())

    copy("keylog", (ROOT / "air/tests/fixtures").rglob("*.txt"), 8)


if __name__ == "__main__":
    main()
