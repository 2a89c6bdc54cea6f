//! Certificates in lab-radius's logs and diagnoses: the one certificate-facts type of the
//! workspace (`hs20_core::x509::CertFacts`), and how lab-radius words it.

use std::fmt;

use time::OffsetDateTime;

pub use hs20_core::x509::{CertFacts, KeyKind};

/// Facts of a DER certificate; `None` when it is not X.509 (rustls reports that itself).
pub fn parse(der: &[u8]) -> Option<CertFacts> {
    CertFacts::from_der(der).ok()
}

/// A time as an ISO date-time in UTC, e.g. 2025-01-01 00:00:00 UTC.
pub fn date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The extended key usages in words.
pub fn eku_text(c: &CertFacts) -> String {
    match &c.eku {
        None => "no EKU extension (any purpose)".into(),
        Some(e) if e.purposes.is_empty() => "empty EKU".into(),
        Some(e) => e.purposes.join(", "),
    }
}

/// No EKU extension, or one that allows clientAuth.
pub fn allows_client_auth(c: &CertFacts) -> bool {
    c.eku.as_ref().is_none_or(|e| e.client_auth || e.any)
}

/// No EKU extension, or one that allows serverAuth.
pub fn allows_server_auth(c: &CertFacts) -> bool {
    c.eku.as_ref().is_none_or(|e| e.server_auth || e.any)
}

/// It can have issued certificates: basicConstraints CA:TRUE, or self-signed without the
/// extension (an X.509 v1 root).
pub fn may_issue(c: &CertFacts) -> bool {
    c.is_ca_cert() || (c.is_ca.is_none() && c.self_issued)
}

pub fn is_ecdsa(c: &CertFacts) -> bool {
    matches!(c.key, KeyKind::Ec { .. })
}

/// One line for the log: subject, issuer, validity, key, EKU, DNS names.
pub struct Shown<'a>(pub &'a CertFacts);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(
            f,
            "subject '{}' issuer '{}' valid {} .. {} key {} EKU {}",
            c.subject,
            c.issuer,
            date(c.not_before),
            date(c.not_after),
            c.key,
            eku_text(c)
        )?;
        if !c.dns_names.is_empty() {
            write!(f, " DNS {}", c.dns_names.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls_pki_types::pem::PemObject;

    fn facts(pem: &[u8]) -> CertFacts {
        let der = rustls_pki_types::CertificateDer::from_pem_slice(pem).unwrap();
        parse(&der).unwrap()
    }

    #[test]
    fn formats_dates() {
        let t = OffsetDateTime::from_unix_timestamp(1735689600).unwrap();
        assert_eq!(date(t), "2025-01-01 00:00:00 UTC");
    }

    #[test]
    fn reads_the_demo_client_certificate() {
        let c = facts(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/alice.pem"
        )));
        let shown = Shown(&c).to_string();
        assert!(c.subject.contains("alice@example.com"), "{shown}");
        assert!(c.issuer.contains("Example Issuing CA"), "{shown}");
        assert_eq!(c.key.to_string(), "ECDSA P-256");
        assert_eq!(eku_text(&c), "clientAuth");
        assert!(allows_client_auth(&c) && !allows_server_auth(&c));
        assert!(!c.is_ca_cert() && !may_issue(&c));
    }

    #[test]
    fn a_root_may_issue() {
        let c = facts(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/root-ca.pem"
        )));
        assert!(c.is_ca_cert() && may_issue(&c), "{}", Shown(&c));
    }
}
