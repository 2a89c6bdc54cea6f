//! Does the private key belong to the certificate? p12-keystore links key and certificate by
//! localKeyId only, so a file can pair a key with the wrong certificate; the device then fails
//! the TLS CertificateVerify. We compare the public half of the PKCS#8 key with the
//! certificate's public key.

use super::facts::{CertFacts, KeyKind};
use crate::der::reader::{
    Reader, TAG_CONTEXT_0, TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE,
};

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_ED448: &str = "1.3.101.113";
const TAG_CONTEXT_1: u8 = 0xA1;
const TAG_BIT_STRING: u8 = 0x03;

/// The public half of a private key, comparable with [`CertFacts::public_key_bytes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicHalf {
    pub kind: KeyKind,
    pub key_bytes: Vec<u8>,
    pub rsa_exponent: Vec<u8>,
}

/// Derives the public half of a PKCS#8 private key; None when the algorithm is unknown or the
/// encoding is not understood.
pub fn public_half(pkcs8: &[u8]) -> Option<PublicHalf> {
    let pki = Reader::new(pkcs8)
        .next_expect(TAG_SEQUENCE, "PrivateKeyInfo")
        .ok()?;
    let mut fields = pki.children();
    fields.next_expect(TAG_INTEGER, "version").ok()?;
    let alg = fields.next_expect(TAG_SEQUENCE, "algorithm").ok()?;
    let mut alg_fields = alg.children();
    let oid = alg_fields.next_expect(TAG_OID, "oid").ok()?.as_oid().ok()?;
    let params_oid = alg_fields.next_tlv().ok().and_then(|p| p.as_oid().ok());
    let private = fields.next_expect(TAG_OCTET_STRING, "privateKey").ok()?;
    match oid.as_str() {
        OID_RSA => {
            let rsa = Reader::new(private.value)
                .next_expect(TAG_SEQUENCE, "RSAPrivateKey")
                .ok()?;
            let mut r = rsa.children();
            r.next_expect(TAG_INTEGER, "version").ok()?;
            let n = r.next_expect(TAG_INTEGER, "modulus").ok()?;
            let e = r.next_expect(TAG_INTEGER, "publicExponent").ok()?;
            let n = strip(n.value);
            Some(PublicHalf {
                kind: KeyKind::Rsa {
                    bits: n.len() * 8 - n.first().map_or(0, |b| b.leading_zeros() as usize),
                },
                key_bytes: n.to_vec(),
                rsa_exponent: strip(e.value).to_vec(),
            })
        }
        OID_EC => {
            let ec = Reader::new(private.value)
                .next_expect(TAG_SEQUENCE, "ECPrivateKey")
                .ok()?;
            let mut r = ec.children();
            r.next_expect(TAG_INTEGER, "version").ok()?;
            let scalar = r.next_expect(TAG_OCTET_STRING, "privateKey").ok()?;
            let mut curve_oid = params_oid;
            let mut point = None;
            while !r.is_empty() {
                let t = r.next_tlv().ok()?;
                if t.tag == TAG_CONTEXT_0 {
                    curve_oid = t.children().next_tlv().ok().and_then(|o| o.as_oid().ok());
                } else if t.tag == TAG_CONTEXT_1 {
                    let bits = t.children().next_expect(TAG_BIT_STRING, "publicKey").ok()?;
                    point = bits.value.get(1..).map(<[u8]>::to_vec);
                }
            }
            let curve_oid = curve_oid?;
            let point = match point {
                Some(p) => p,
                None => derive_ec_point(&curve_oid, scalar.value)?,
            };
            Some(PublicHalf {
                kind: KeyKind::Ec {
                    curve: super::facts::curve_name(&curve_oid),
                },
                key_bytes: point,
                rsa_exponent: Vec::new(),
            })
        }
        OID_ED25519 => {
            let seed = Reader::new(private.value)
                .next_expect(TAG_OCTET_STRING, "CurvePrivateKey")
                .ok()?;
            let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(seed.value).ok()?;
            use ring::signature::KeyPair;
            Some(PublicHalf {
                kind: KeyKind::Ed25519,
                key_bytes: pair.public_key().as_ref().to_vec(),
                rsa_exponent: Vec::new(),
            })
        }
        OID_ED448 => {
            // No Ed448 arithmetic here: the public key is known only when the PKCS#8 v2
            // (OneAsymmetricKey) carries it in [1]; otherwise the match cannot be checked.
            let mut public = Vec::new();
            while !fields.is_empty() {
                let t = fields.next_tlv().ok()?;
                if t.tag == 0x81 {
                    public = t.value.get(1..).unwrap_or_default().to_vec();
                }
            }
            Some(PublicHalf {
                kind: KeyKind::Ed448,
                key_bytes: public,
                rsa_exponent: Vec::new(),
            })
        }
        other => Some(PublicHalf {
            kind: KeyKind::Other { oid: other.into() },
            key_bytes: Vec::new(),
            rsa_exponent: Vec::new(),
        }),
    }
}

/// Java and some HSM exports omit the public key from ECPrivateKey; compute it from the scalar.
fn derive_ec_point(curve_oid: &str, scalar: &[u8]) -> Option<Vec<u8>> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    match curve_oid {
        "1.2.840.10045.3.1.7" => {
            let sk = p256::SecretKey::from_slice(scalar).ok()?;
            Some(sk.public_key().to_encoded_point(false).as_bytes().to_vec())
        }
        "1.3.132.0.34" => {
            let sk = p384::SecretKey::from_slice(scalar).ok()?;
            Some(sk.public_key().to_encoded_point(false).as_bytes().to_vec())
        }
        _ => None,
    }
}

fn strip(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    &bytes[skip..]
}

/// False when the public half could not be derived (Ed448 without its public key, an unknown
/// algorithm): then a mismatch cannot be claimed.
pub fn derivable(half: &PublicHalf) -> bool {
    !half.key_bytes.is_empty()
}

/// True when the certificate carries exactly this public key.
pub fn matches(half: &PublicHalf, cert: &CertFacts) -> bool {
    !half.key_bytes.is_empty()
        && half.key_bytes == cert.public_key_bytes
        && half.rsa_exponent == cert.rsa_exponent
}
