//! PEM (or DER) certificate files, read and written in one place.

use base64::Engine;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use thiserror::Error;

use super::facts::CertFacts;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PemError {
    #[error("unreadable PEM ({0})")]
    Unreadable(String),
    #[error("no CERTIFICATE block found (expected PEM or DER X.509 certificates)")]
    NoCertificate,
    #[error("certificate {index} is not valid X.509: {reason}")]
    NotX509 { index: usize, reason: String },
}

/// Every certificate in a PEM file; a file holding one DER certificate also works. Other PEM
/// blocks (keys) are skipped.
pub fn certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, PemError> {
    if bytes.first() == Some(&0x30) {
        return Ok(vec![bytes.to_vec()]);
    }
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(bytes).collect();
    let certs = certs.map_err(|e| PemError::Unreadable(e.to_string()))?;
    if certs.is_empty() {
        return Err(PemError::NoCertificate);
    }
    Ok(certs.into_iter().map(|c| c.as_ref().to_vec()).collect())
}

/// [`certificates`], each also parsed as X.509 (1-based index in the error).
pub fn valid_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, PemError> {
    let certs = certificates(bytes)?;
    for (i, der) in certs.iter().enumerate() {
        CertFacts::from_der(der).map_err(|e| PemError::NotX509 {
            index: i + 1,
            reason: e.0,
        })?;
    }
    Ok(certs)
}

/// PEM text of DER certificates (64-column base64, as OpenSSL writes it).
pub fn to_pem(ders: &[Vec<u8>]) -> String {
    let mut out = String::new();
    for der in ders {
        out.push_str("-----BEGIN CERTIFICATE-----\n");
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        for chunk in b64.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
            out.push('\n');
        }
        out.push_str("-----END CERTIFICATE-----\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_empty_files_say_what_is_missing() {
        assert_eq!(certificates(b"hello"), Err(PemError::NoCertificate));
        let bad = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            valid_certificates(bad.as_bytes()),
            Err(PemError::NotX509 { index: 1, .. })
        ));
    }

    #[test]
    fn pem_round_trips() {
        let der = vec![0x30, 0x03, 0x02, 0x01, 0x05];
        let text = to_pem(std::slice::from_ref(&der));
        assert_eq!(certificates(text.as_bytes()).unwrap(), vec![der]);
    }
}
