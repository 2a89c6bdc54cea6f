//! Typed errors of the library. Messages name the input and the problem; they never contain
//! secrets (passwords, key material).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ProfileError {
    #[error("{what}: not a PKCS#12 file this tool can open with the given password ({reason})")]
    Pkcs12Open { what: String, reason: String },
    #[error("{what}: the PKCS#12 file holds {found} private keys with certificates; exactly one is needed")]
    Pkcs12KeyCount { what: String, found: usize },
    #[error("{what}: could not write the PKCS#12 file ({reason})")]
    Pkcs12Write { what: String, reason: String },
    #[error("{what}: no certificate found (expected PEM 'BEGIN CERTIFICATE' blocks or one DER certificate)")]
    NoCertificate { what: String },
    #[error("{what}: certificate cannot be parsed ({reason})")]
    BadCertificate { what: String, reason: String },
    #[error("{what}: private key cannot be read ({reason}); supported: PKCS#8, SEC1 'EC PRIVATE KEY' (P-256, P-384), PKCS#1 'RSA PRIVATE KEY', unencrypted PEM")]
    BadPrivateKey { what: String, reason: String },
    #[error("the signing key does not belong to the signing certificate {subject}")]
    KeyCertMismatch { subject: String },
    #[error("CMS signing failed: {0}")]
    Sign(String),
    #[error("{what}: {reason}")]
    Invalid { what: String, reason: String },
    #[error("{what}: not a property list ({reason})")]
    NotPlist { what: String, reason: String },
    #[error(
        "{what}: not a configuration profile, .entitlements plist or embedded.mobileprovision"
    )]
    UnknownInput { what: String },
    #[error("{what}: signed container cannot be decoded ({reason})")]
    BadCms { what: String, reason: String },
    #[error("{what}: this is a PKCS#12 identity, not a profile or entitlements file: check it with `hs20check check {what} --realm <REALM>`")]
    Pkcs12NotProfile { what: String },
}

pub type Result<T, E = ProfileError> = std::result::Result<T, E>;

/// The certificates of a PEM bundle or one DER certificate (core's reader), as this crate's error.
pub fn read_certificates(bytes: &[u8], what: &str) -> Result<Vec<Vec<u8>>> {
    use hs20_core::x509::pem::{valid_certificates, PemError};
    valid_certificates(bytes).map_err(|e| match e {
        PemError::NoCertificate => ProfileError::NoCertificate { what: what.into() },
        other => ProfileError::BadCertificate {
            what: what.into(),
            reason: other.to_string(),
        },
    })
}
