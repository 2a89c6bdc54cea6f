#!/usr/bin/env python3
"""Look-alikes of PKCS#12 producers that cannot run on the CI machine (Windows, Keychain Access,
node-forge, Go's go-pkcs12, OpenSSL 3.4's PBMAC1), built byte by byte after RFC 7292, RFC 8018
and RFC 9579 with the encodings those producers are documented to write. Used by
make-p12-corpus.sh; the output is committed, so CI never runs this.

Usage: p12_lookalike.py KEY.pem CERTS.pem OUTDIR PASSWORD
"""
import hashlib
import hmac
import os
import sys

from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import RC2, TripleDES
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BER = False  # indefinite lengths and chunked OCTET STRINGs when set


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def cons(tag, *items):
    body = b"".join(items)
    if BER:
        return bytes([tag, 0x80]) + body + b"\0\0"
    return tlv(tag, body)


def seq(*items):
    return cons(0x30, *items)


def set_(*items):
    return cons(0x31, *items)


def ctx0(*items):
    return cons(0xA0, *items)


def octets(data):
    if BER and len(data) > 64:
        chunks = [tlv(0x04, data[i:i + 64]) for i in range(0, len(data), 64)]
        return bytes([0x24, 0x80]) + b"".join(chunks) + b"\0\0"
    return tlv(0x04, data)


def integer(n):
    b = n.to_bytes((n.bit_length() + 8) // 8 or 1, "big")
    return tlv(0x02, b)


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(reversed(enc))
    return tlv(0x06, body)


NULL = b"\x05\x00"
DATA = "1.2.840.113549.1.7.1"
ENCRYPTED_DATA = "1.2.840.113549.1.7.6"


def bmp(password, zero_length):
    if zero_length:
        return b""
    return password.encode("utf-16-be") + b"\0\0"


def p12_kdf(pw, salt, iterations, ident, n, hash_name="sha1"):
    h = hashlib.new(hash_name)
    u, v = h.digest_size, h.block_size

    def fill(s):
        if not s:
            return b""
        n = v * ((len(s) + v - 1) // v)
        return (s * (n // len(s) + 1))[:n]

    i_block = bytearray(fill(salt) + fill(pw))
    out = b""
    while len(out) < n:
        a = hashlib.new(hash_name, bytes([ident]) * v + bytes(i_block)).digest()
        for _ in range(1, iterations):
            a = hashlib.new(hash_name, a).digest()
        out += a
        b = (a * (v // u + 1))[:v]
        bn = int.from_bytes(b, "big") + 1
        for j in range(0, len(i_block), v):
            x = (int.from_bytes(i_block[j:j + v], "big") + bn) % (1 << (8 * v))
            i_block[j:j + v] = x.to_bytes(v, "big")
    return out[:n]


def cbc(algorithm, key, iv, data, block):
    p = padding.PKCS7(block * 8).padder()
    data = p.update(data) + p.finalize()
    e = Cipher(algorithm(key), modes.CBC(iv)).encryptor()
    return e.update(data) + e.finalize()


def pkcs12_pbe(scheme, pw, data, iterations=2048):
    """(AlgorithmIdentifier, ciphertext) for a PKCS#12 PBE: '3des' or 'rc2-40'."""
    salt = os.urandom(8)
    if scheme == "3des":
        key = p12_kdf(pw, salt, iterations, 1, 24)
        iv = p12_kdf(pw, salt, iterations, 2, 8)
        ct = cbc(TripleDES, key, iv, data, 8)
        alg_oid = "1.2.840.113549.1.12.1.3"
    else:
        key = p12_kdf(pw, salt, iterations, 1, 5)
        iv = p12_kdf(pw, salt, iterations, 2, 8)
        p = padding.PKCS7(64).padder()
        padded = p.update(data) + p.finalize()
        e = Cipher(RC2(key), modes.CBC(iv)).encryptor()
        ct = e.update(padded) + e.finalize()
        alg_oid = "1.2.840.113549.1.12.1.6"
    return seq(oid(alg_oid), seq(octets(salt), integer(iterations))), ct


HMAC_OIDS = {"sha1": "1.2.840.113549.2.7", "sha256": "1.2.840.113549.2.9"}


def pbes2(password_bytes, data, prf, explicit_prf, iterations=2048):
    salt, iv = os.urandom(16), os.urandom(16)
    key = hashlib.pbkdf2_hmac(prf, password_bytes, salt, iterations, 32)
    ct = cbc(algorithms.AES, key, iv, data, 16)
    kdf_params = [octets(salt), integer(iterations)]
    if explicit_prf:
        kdf_params.append(seq(oid(HMAC_OIDS[prf]), NULL))
    alg = seq(
        oid("1.2.840.113549.1.5.13"),
        seq(seq(oid("1.2.840.113549.1.5.12"), seq(*kdf_params)), seq(oid("2.16.840.1.101.3.4.1.42"), octets(iv))),
    )
    return alg, ct


def pbes2_scrypt(password_bytes, data):
    """PBES2 with scrypt (RFC 7914 §7), as `openssl pkcs8 -topk8 -scrypt` writes it."""
    salt, iv = os.urandom(16), os.urandom(16)
    key = hashlib.scrypt(password_bytes, salt=salt, n=1024, r=8, p=1, dklen=32)
    ct = cbc(algorithms.AES, key, iv, data, 16)
    alg = seq(
        oid("1.2.840.113549.1.5.13"),
        seq(seq(oid("1.3.6.1.4.1.11591.4.11"), seq(octets(salt), integer(1024), integer(8), integer(1))),
            seq(oid("2.16.840.1.101.3.4.1.42"), octets(iv))),
    )
    return alg, ct


def attrs(local_key_id, name):
    return set_(
        seq(oid("1.2.840.113549.1.9.21"), set_(octets(local_key_id))),
        seq(oid("1.2.840.113549.1.9.20"), set_(tlv(0x1E, name.encode("utf-16-be")))),
    )


def build(key_der, cert_ders, password, *, key_enc, cert_enc, mac, zero_length=False, secret_bag=False):
    """key_enc/cert_enc: None, '3des', 'rc2-40', 'pbes2-sha1', 'pbes2-sha256';
    mac: None, 'sha1', 'sha256', 'pbmac1'."""
    kid = hashlib.sha1(cert_ders[0]).digest()
    pw = bmp(password, zero_length)
    utf8 = password.encode()

    def encrypt(scheme, data):
        if scheme in ("3des", "rc2-40"):
            return pkcs12_pbe(scheme, pw, data)
        if scheme == "pbes2-scrypt":
            return pbes2_scrypt(utf8, data)
        return pbes2(utf8, data, scheme.split("-")[1], explicit_prf=scheme == "pbes2-sha256")

    if key_enc is None:
        key_bag = seq(oid("1.2.840.113549.1.12.10.1.1"), ctx0(key_der), attrs(kid, "alice"))
    else:
        alg, ct = encrypt(key_enc, key_der)
        key_bag = seq(oid("1.2.840.113549.1.12.10.1.2"), ctx0(seq(alg, octets(ct))), attrs(kid, "alice"))
    cert_bags = []
    for i, c in enumerate(cert_ders):
        bag = seq(oid("1.2.840.113549.1.12.10.1.3"), ctx0(seq(oid("1.2.840.113549.1.9.22.1"), ctx0(octets(c)))))
        if i == 0:
            bag = bag[:-2] + attrs(kid, "alice") + b"\0\0" if BER else seq(*_children(bag), attrs(kid, "alice"))
        cert_bags.append(bag)
    cert_safe = seq(*cert_bags)
    if cert_enc is None:
        cert_ci = seq(oid(DATA), ctx0(octets(cert_safe)))
    else:
        alg, ct = encrypt(cert_enc, cert_safe)
        enc_content = tlv(0x80, ct)
        cert_ci = seq(oid(ENCRYPTED_DATA), ctx0(seq(integer(0), seq(oid(DATA), alg, enc_content))))
    key_bags = [key_bag]
    if secret_bag:
        # secretBag (RFC 7292 §4.2.5) holding a PKCS#8 AES key, as Java keystores store SecretKeys.
        key_bags.append(seq(oid("1.2.840.113549.1.12.10.1.5"),
                            ctx0(seq(oid("1.2.840.113549.1.12.10.1.1"), ctx0(octets(os.urandom(16)))))))
    key_ci = seq(oid(DATA), ctx0(octets(seq(*key_bags))))
    auth_safe = seq(cert_ci, key_ci)
    parts = [integer(3), seq(oid(DATA), ctx0(octets(auth_safe)))]
    if mac in ("sha1", "sha256"):
        salt = os.urandom(8)
        digest_oid = {"sha1": "1.3.14.3.2.26", "sha256": "2.16.840.1.101.3.4.2.1"}[mac]
        size = hashlib.new(mac).digest_size
        mac_key = p12_kdf(pw, salt, 2048, 3, size, mac)
        tag = hmac.new(mac_key, auth_safe, mac).digest()
        parts.append(seq(seq(seq(oid(digest_oid), NULL), octets(tag)), octets(salt), integer(2048)))
    elif mac == "pbmac1":
        salt = os.urandom(16)
        mac_key = hashlib.pbkdf2_hmac("sha256", utf8, salt, 2048, 32)
        tag = hmac.new(mac_key, auth_safe, "sha256").digest()
        alg = seq(
            oid("1.2.840.113549.1.5.14"),
            seq(
                seq(oid("1.2.840.113549.1.5.12"), seq(octets(salt), integer(2048), integer(32), seq(oid(HMAC_OIDS["sha256"]), NULL))),
                seq(oid(HMAC_OIDS["sha256"]), NULL),
            ),
        )
        parts.append(seq(seq(alg, octets(tag)), octets(b"NOT USED"), integer(1)))
    return seq(*parts)


def _children(der):
    """The encoded children of a DER SEQUENCE."""
    i = 1
    n = der[i]
    i += 1
    if n & 0x80:
        i += n & 0x7F
    body = der[i:]
    out = []
    while body:
        j = 1
        n = body[j]
        j += 1
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(body[j:j + k], "big")
            j += k
        out.append(body[: j + n])
        body = body[j + n:]
    return out


def main():
    global BER
    key_pem, certs_pem, out, password = sys.argv[1:5]
    key = serialization.load_pem_private_key(open(key_pem, "rb").read(), None)
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    certs = [c.public_bytes(serialization.Encoding.DER) for c in x509.load_pem_x509_certificates(open(certs_pem, "rb").read())]

    def w(name, data):
        open(os.path.join(out, name + ".p12"), "wb").write(data)

    w("lookalike-windows-nopassword", build(key_der, certs, "", key_enc="3des", cert_enc="3des", mac="sha1", zero_length=True))
    w("lookalike-forge-default", build(key_der, certs, password, key_enc="pbes2-sha1", cert_enc=None, mac="sha1"))
    w("lookalike-forge-nopassword", build(key_der, certs, "", key_enc=None, cert_enc=None, mac="sha1", zero_length=True))
    w("lookalike-go-modern2023", build(key_der, certs, password, key_enc="pbes2-sha256", cert_enc="pbes2-sha256", mac="sha256"))
    w("lookalike-go-passwordless", build(key_der, certs, "", key_enc=None, cert_enc=None, mac=None))
    w("lookalike-openssl34-pbmac1", build(key_der, certs, password, key_enc="pbes2-sha256", cert_enc="pbes2-sha256", mac="pbmac1"))
    w("lookalike-pbes2-scrypt", build(key_der, certs, password, key_enc="3des", cert_enc="pbes2-scrypt", mac="sha1"))
    w("lookalike-secret-bag", build(key_der, certs, password, key_enc="3des", cert_enc="3des", mac="sha1", secret_bag=True))
    BER = True
    w("lookalike-keychain", build(key_der, certs, password, key_enc="3des", cert_enc="3des", mac="sha1"))


if __name__ == "__main__":
    main()
