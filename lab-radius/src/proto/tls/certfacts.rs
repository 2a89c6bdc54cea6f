//! Facts about a certificate, parsed once, for logs and diagnoses.

use std::fmt;

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};
use x509_parser::public_key::PublicKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFacts {
    pub subject: String,
    pub issuer: String,
    pub not_before: i64,
    pub not_after: i64,
    /// Extended key usages by name; None when the extension is absent (any purpose).
    pub eku: Option<Vec<String>>,
    pub key: String,
    pub dns_names: Vec<String>,
    pub is_ca: bool,
    /// It can have issued certificates: basicConstraints CA:TRUE, or self-signed without the
    /// extension (an X.509 v1 root).
    pub may_issue: bool,
}

pub fn parse(der: &[u8]) -> Option<CertFacts> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let eku = cert.extended_key_usage().ok().flatten().map(|ext| {
        let e = ext.value;
        let mut names = Vec::new();
        for (set, name) in [
            (e.any, "anyExtendedKeyUsage"),
            (e.server_auth, "serverAuth"),
            (e.client_auth, "clientAuth"),
            (e.code_signing, "codeSigning"),
            (e.email_protection, "emailProtection"),
            (e.time_stamping, "timeStamping"),
            (e.ocsp_signing, "OCSPSigning"),
        ] {
            if set {
                names.push(name.to_string());
            }
        }
        names.extend(e.other.iter().map(|oid| oid.to_id_string()));
        names
    });
    let key = match cert.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => format!("RSA-{}", rsa.key_size()),
        Ok(PublicKey::EC(point)) => format!("ECDSA P-{}", point.key_size()),
        Ok(_) | Err(_) => cert.public_key().algorithm.algorithm.to_id_string(),
    };
    let dns_names = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DNSName(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Some(CertFacts {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        eku,
        key,
        dns_names,
        is_ca: cert.is_ca(),
        may_issue: cert.is_ca()
            || (cert.basic_constraints().ok().flatten().is_none()
                && cert.subject() == cert.issuer()),
    })
}

/// A Unix timestamp as an ISO date-time in UTC, e.g. 2025-01-01 00:00:00 UTC.
pub fn date(unix: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            t.year(),
            t.month() as u8,
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("@{unix}"),
    }
}

impl CertFacts {
    pub fn eku_text(&self) -> String {
        match &self.eku {
            None => "no EKU extension (any purpose)".into(),
            Some(list) if list.is_empty() => "empty EKU".into(),
            Some(list) => list.join(", "),
        }
    }

    pub fn allows_client_auth(&self) -> bool {
        match &self.eku {
            None => true,
            Some(list) => list
                .iter()
                .any(|e| e == "clientAuth" || e == "anyExtendedKeyUsage"),
        }
    }
}

impl fmt::Display for CertFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "subject '{}' issuer '{}' valid {} .. {} key {} EKU {}",
            self.subject,
            self.issuer,
            date(self.not_before),
            date(self.not_after),
            self.key,
            self.eku_text()
        )?;
        if !self.dns_names.is_empty() {
            write!(f, " DNS {}", self.dns_names.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(date(1735689600), "2025-01-01 00:00:00 UTC");
    }

    #[test]
    fn reads_the_demo_client_certificate() {
        let pem = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../certs/alice.pem"));
        use rustls_pki_types::pem::PemObject;
        let der = rustls_pki_types::CertificateDer::from_pem_slice(pem).unwrap();
        let facts = parse(&der).unwrap();
        assert!(facts.subject.contains("alice@example.com"), "{facts}");
        assert!(facts.issuer.contains("Example Issuing CA"), "{facts}");
        assert_eq!(facts.key, "ECDSA P-256");
        assert_eq!(facts.eku.as_deref(), Some(&["clientAuth".to_string()][..]));
        assert!(facts.allows_client_auth());
        assert!(!facts.is_ca);
        assert!(!facts.may_issue);
    }

    #[test]
    fn a_root_may_issue() {
        let pem = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../certs/root-ca.pem"));
        use rustls_pki_types::pem::PemObject;
        let der = rustls_pki_types::CertificateDer::from_pem_slice(pem).unwrap();
        let facts = parse(&der).unwrap();
        assert!(facts.is_ca && facts.may_issue, "{facts}");
    }
}
