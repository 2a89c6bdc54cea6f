//! Certificate facts, parsed once: names, key, signature hash, EKU/KU, validity.

use ::time::OffsetDateTime;
use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;
use x509_parser::prelude::*;
use x509_parser::public_key::PublicKey;

#[derive(Debug, Error)]
#[error("not a valid X.509 certificate: {0}")]
pub struct CertError(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum KeyKind {
    Rsa { bits: usize },
    Ec { curve: String },
    Ed25519,
    Ed448,
    Other { oid: String },
}

impl std::fmt::Display for KeyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyKind::Rsa { bits } => write!(f, "RSA-{bits}"),
            KeyKind::Ec { curve } => write!(f, "ECDSA {curve}"),
            KeyKind::Ed25519 => write!(f, "Ed25519"),
            KeyKind::Ed448 => write!(f, "Ed448"),
            KeyKind::Other { oid } => write!(f, "key algorithm {oid}"),
        }
    }
}

impl KeyKind {
    /// The key's security strength in bits (NIST SP 800-57 Part 1 Rev. 5, Table 2): RSA-2048
    /// 112, RSA-3072 and P-256 128, RSA-7680 and P-384 192, P-521 256, Ed25519 128, Ed448 224.
    /// `None` for a key algorithm or curve the table does not cover.
    pub fn security_bits(&self) -> Option<u16> {
        match self {
            KeyKind::Rsa { bits } => Some(match bits {
                0..=1023 => 0,
                1024..=2047 => 80,
                2048..=3071 => 112,
                3072..=7679 => 128,
                7680..=15359 => 192,
                _ => 256,
            }),
            KeyKind::Ec { curve } => match curve.as_str() {
                "P-256" | "brainpoolP256r1" => Some(128),
                "P-384" => Some(192),
                "P-521" => Some(256),
                _ => None,
            },
            KeyKind::Ed25519 => Some(128),
            KeyKind::Ed448 => Some(224),
            KeyKind::Other { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SignatureHash {
    #[serde(rename = "MD5")]
    Md5,
    #[serde(rename = "SHA-1")]
    Sha1,
    #[serde(rename = "SHA-2")]
    Sha2,
    #[serde(rename = "other")]
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eku {
    pub server_auth: bool,
    pub client_auth: bool,
    pub any: bool,
    /// Readable names of every purpose listed.
    pub purposes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertFacts {
    #[serde(skip)]
    pub der: Vec<u8>,
    pub subject: String,
    pub issuer: String,
    #[serde(skip)]
    pub subject_raw: Vec<u8>,
    #[serde(skip)]
    pub issuer_raw: Vec<u8>,
    pub common_names: Vec<String>,
    /// SAN dNSName entries.
    pub dns_names: Vec<String>,
    /// SAN rfc822Name entries.
    pub email_names: Vec<String>,
    #[serde(with = "::time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "::time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    pub key: KeyKind,
    /// The raw public key: RSA modulus (no leading zero) or EC point / Ed25519 key bytes.
    #[serde(skip)]
    pub public_key_bytes: Vec<u8>,
    #[serde(skip)]
    pub rsa_exponent: Vec<u8>,
    pub signature_algorithm: String,
    pub signature_hash: SignatureHash,
    /// None when the certificate has no EKU extension (any purpose).
    pub eku: Option<Eku>,
    /// None when the certificate has no keyUsage extension.
    pub key_usage_digital_signature: Option<bool>,
    pub key_usage_cert_sign: Option<bool>,
    /// basicConstraints cA; None when the extension is absent.
    pub is_ca: Option<bool>,
    pub self_issued: bool,
    pub sha256: String,
}

impl CertFacts {
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        let (rest, cert) = X509Certificate::from_der(der).map_err(|e| CertError(e.to_string()))?;
        if !rest.is_empty() {
            return Err(CertError("trailing bytes after the certificate".into()));
        }
        let tbs = &cert.tbs_certificate;
        let common_names = tbs
            .subject
            .iter_common_name()
            .filter_map(|cn| cn.as_str().ok().map(str::to_string))
            .collect();
        let (mut dns_names, mut email_names) = (Vec::new(), Vec::new());
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            for name in &san.value.general_names {
                match name {
                    GeneralName::DNSName(d) => dns_names.push(d.to_string()),
                    GeneralName::RFC822Name(e) => email_names.push(e.to_string()),
                    _ => {}
                }
            }
        }
        let spki = cert.public_key();
        let alg_oid = spki.algorithm.algorithm.to_id_string();
        let (key, public_key_bytes, rsa_exponent) = match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => {
                let modulus = strip_zeros(rsa.modulus);
                (
                    KeyKind::Rsa {
                        bits: modulus_bits(modulus),
                    },
                    modulus.to_vec(),
                    strip_zeros(rsa.exponent).to_vec(),
                )
            }
            Ok(PublicKey::EC(point)) => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| curve_name(&o.to_id_string()))
                    .unwrap_or_else(|| "unknown curve".into());
                (KeyKind::Ec { curve }, point.data().to_vec(), Vec::new())
            }
            _ if alg_oid == "1.3.101.112" => (
                KeyKind::Ed25519,
                spki.subject_public_key.data.to_vec(),
                Vec::new(),
            ),
            _ if alg_oid == "1.3.101.113" => (
                KeyKind::Ed448,
                spki.subject_public_key.data.to_vec(),
                Vec::new(),
            ),
            _ => (
                KeyKind::Other { oid: alg_oid },
                spki.subject_public_key.data.to_vec(),
                Vec::new(),
            ),
        };
        let sig_oid = cert.signature_algorithm.algorithm.to_id_string();
        let (signature_algorithm, signature_hash) = signature_name(&sig_oid);
        let eku = match cert.extended_key_usage() {
            Ok(Some(ext)) => {
                let e = ext.value;
                let mut purposes = Vec::new();
                for (on, name) in [
                    (e.server_auth, "serverAuth"),
                    (e.client_auth, "clientAuth"),
                    (e.any, "anyExtendedKeyUsage"),
                    (e.code_signing, "codeSigning"),
                    (e.email_protection, "emailProtection"),
                    (e.time_stamping, "timeStamping"),
                    (e.ocsp_signing, "OCSPSigning"),
                ] {
                    if on {
                        purposes.push(name.to_string());
                    }
                }
                purposes.extend(e.other.iter().map(|o| o.to_id_string()));
                Some(Eku {
                    server_auth: e.server_auth,
                    client_auth: e.client_auth,
                    any: e.any,
                    purposes,
                })
            }
            _ => None,
        };
        let (ku_ds, ku_cert) = match cert.key_usage() {
            Ok(Some(ku)) => (
                Some(ku.value.digital_signature()),
                Some(ku.value.key_cert_sign()),
            ),
            _ => (None, None),
        };
        let is_ca = match cert.basic_constraints() {
            Ok(Some(bc)) => Some(bc.value.ca),
            _ => None,
        };
        Ok(CertFacts {
            der: der.to_vec(),
            subject: tbs.subject.to_string(),
            issuer: tbs.issuer.to_string(),
            subject_raw: tbs.subject.as_raw().to_vec(),
            issuer_raw: tbs.issuer.as_raw().to_vec(),
            common_names,
            dns_names,
            email_names,
            not_before: tbs.validity.not_before.to_datetime(),
            not_after: tbs.validity.not_after.to_datetime(),
            key,
            public_key_bytes,
            rsa_exponent,
            signature_algorithm,
            signature_hash,
            eku,
            key_usage_digital_signature: ku_ds,
            key_usage_cert_sign: ku_cert,
            is_ca,
            self_issued: tbs.subject.as_raw() == tbs.issuer.as_raw(),
            sha256: hex::encode(Sha256::digest(der)),
        })
    }

    /// A short label for messages: the first CN, else the whole subject.
    pub fn label(&self) -> String {
        self.common_names
            .first()
            .cloned()
            .unwrap_or_else(|| self.subject.clone())
    }

    pub fn is_valid_at(&self, now: OffsetDateTime) -> bool {
        self.not_before <= now && now <= self.not_after
    }

    /// The certificate can act as a CA (basicConstraints cA=TRUE).
    pub fn is_ca_cert(&self) -> bool {
        self.is_ca == Some(true)
    }
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    &bytes[skip..]
}

fn modulus_bits(modulus: &[u8]) -> usize {
    match modulus.first() {
        None => 0,
        Some(first) => modulus.len() * 8 - first.leading_zeros() as usize,
    }
}

pub fn curve_name(oid: &str) -> String {
    match oid {
        "1.2.840.10045.3.1.7" => "P-256".into(),
        "1.3.132.0.34" => "P-384".into(),
        "1.3.132.0.35" => "P-521".into(),
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1".into(),
        other => format!("curve {other}"),
    }
}

fn signature_name(oid: &str) -> (String, SignatureHash) {
    use SignatureHash::*;
    let (name, hash) = match oid {
        "1.2.840.113549.1.1.4" => ("md5WithRSAEncryption", Md5),
        "1.2.840.113549.1.1.2" => ("md2WithRSAEncryption", Md5),
        "1.2.840.113549.1.1.5" => ("sha1WithRSAEncryption", Sha1),
        "1.2.840.10045.4.1" => ("ecdsa-with-SHA1", Sha1),
        "1.2.840.10040.4.3" => ("dsa-with-SHA1", Sha1),
        "1.2.840.113549.1.1.11" => ("sha256WithRSAEncryption", Sha2),
        "1.2.840.113549.1.1.12" => ("sha384WithRSAEncryption", Sha2),
        "1.2.840.113549.1.1.13" => ("sha512WithRSAEncryption", Sha2),
        "1.2.840.113549.1.1.14" => ("sha224WithRSAEncryption", Sha2),
        "1.2.840.113549.1.1.10" => ("RSASSA-PSS", Sha2),
        "1.2.840.10045.4.3.2" => ("ecdsa-with-SHA256", Sha2),
        "1.2.840.10045.4.3.3" => ("ecdsa-with-SHA384", Sha2),
        "1.2.840.10045.4.3.4" => ("ecdsa-with-SHA512", Sha2),
        "1.3.101.112" => ("Ed25519", Other),
        "1.3.101.113" => ("Ed448", Other),
        other => return (format!("signature {other}"), Other),
    };
    (name.to_string(), hash)
}

#[cfg(test)]
mod tests {
    use super::KeyKind;

    #[test]
    fn security_strength_follows_sp800_57() {
        let rsa = |bits| KeyKind::Rsa { bits }.security_bits();
        let ec = |curve: &str| {
            KeyKind::Ec {
                curve: curve.into(),
            }
            .security_bits()
        };
        assert_eq!(rsa(2048), Some(112));
        assert_eq!(rsa(3072), Some(128));
        assert_eq!(rsa(4096), Some(128));
        assert_eq!(rsa(7680), Some(192));
        assert_eq!(rsa(1024), Some(80));
        assert_eq!(ec("P-256"), Some(128));
        assert_eq!(ec("P-384"), Some(192));
        assert_eq!(ec("P-521"), Some(256));
        assert_eq!(ec("curve 1.2.3"), None);
        assert_eq!(KeyKind::Ed25519.security_bits(), Some(128));
    }
}
