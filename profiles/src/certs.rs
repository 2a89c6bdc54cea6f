//! Certificate files (PEM bundles or DER) and the few facts about a certificate this crate needs.

use std::time::{Duration, SystemTime};

use x509_parser::prelude::*;

use crate::error::{ProfileError, Result};

/// Reads every certificate of a PEM bundle, or a single DER certificate. `what` names the file in errors.
pub fn read_certificates(bytes: &[u8], what: &str) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    if bytes.starts_with(&[0x30]) {
        parse_certificate(bytes).map_err(|reason| ProfileError::BadCertificate {
            what: what.into(),
            reason,
        })?;
        out.push(bytes.to_vec());
        return Ok(out);
    }
    for pem in Pem::iter_from_buffer(bytes) {
        let pem = pem.map_err(|e| ProfileError::BadCertificate {
            what: what.into(),
            reason: e.to_string(),
        })?;
        if pem.label != "CERTIFICATE" {
            continue;
        }
        parse_certificate(&pem.contents).map_err(|reason| ProfileError::BadCertificate {
            what: what.into(),
            reason,
        })?;
        out.push(pem.contents);
    }
    if out.is_empty() {
        return Err(ProfileError::NoCertificate { what: what.into() });
    }
    Ok(out)
}

/// Facts about one certificate.
#[derive(Debug, Clone)]
pub struct CertSummary {
    pub subject: String,
    pub issuer: String,
    pub common_name: Option<String>,
    pub dns_names: Vec<String>,
    pub is_ca: bool,
    pub self_signed: bool,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
    pub subject_public_key_info: Vec<u8>,
    pub serial_hex: String,
}

/// Parses a DER certificate; the error is a human-readable reason.
pub fn parse_certificate(der: &[u8]) -> std::result::Result<CertSummary, String> {
    let (rest, cert) = X509Certificate::from_der(der).map_err(|e| e.to_string())?;
    if !rest.is_empty() {
        return Err(format!(
            "{} trailing bytes after the certificate",
            rest.len()
        ));
    }
    let common_name = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(String::from);
    let mut dns_names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            if let GeneralName::DNSName(d) = name {
                dns_names.push(d.to_string());
            }
        }
    }
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|bc| bc.value.ca);
    let self_signed = cert.subject().as_raw() == cert.issuer().as_raw();
    Ok(CertSummary {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        common_name,
        dns_names,
        is_ca,
        self_signed,
        not_before: to_system_time(cert.validity().not_before.timestamp()),
        not_after: to_system_time(cert.validity().not_after.timestamp()),
        subject_public_key_info: cert.public_key().raw.to_vec(),
        serial_hex: cert.raw_serial_as_string(),
    })
}

fn to_system_time(unix: i64) -> SystemTime {
    if unix >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_secs(unix as u64)
    } else {
        SystemTime::UNIX_EPOCH - Duration::from_secs(unix.unsigned_abs())
    }
}

/// PEM text of DER certificates.
pub fn to_pem(ders: &[Vec<u8>]) -> String {
    use base64::Engine;
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

/// `YYYY-MM-DDThh:mm:ssZ` (UTC), the form PPS-MO and reports use.
pub fn iso8601(t: SystemTime) -> String {
    let odt = ::time::OffsetDateTime::from(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        odt.year(),
        u8::from(odt.month()),
        odt.day(),
        odt.hour(),
        odt.minute(),
        odt.second()
    )
}
