//! Setup family: problems in our own TLS material, found before any client arrives. The shell
//! prints them in `check-config` and warns about some of them on a normal start. The server
//! chain is judged by the workspace's server-certificate rules (hs20-core), the ones
//! `hs20check check --server-cert` runs; the client CAs by what lab-radius itself needs.

use std::time::SystemTime;

use hs20_core::finding::Finding;
use time::OffsetDateTime;

use crate::proto::tls::certfacts::{self, CertFacts};

fn at(now: SystemTime) -> OffsetDateTime {
    OffsetDateTime::from(now)
}

/// The server chain (leaf first) under the catalogue's server-certificate rules, at `now`.
pub fn server_chain(chain: &[CertFacts], now: SystemTime) -> Vec<Finding> {
    if chain.is_empty() {
        return Vec::new();
    }
    hs20_core::check::server_chain_findings(chain, at(now))
}

/// Certificates of our chain whose notAfter has passed: every supplicant rejects them.
pub fn expired(chain: &[CertFacts], now: SystemTime) -> impl Iterator<Item = &CertFacts> {
    let now = at(now);
    chain.iter().filter(move |c| c.not_after < now)
}

/// A problem with a certificate given as a CA for client certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaProblem {
    /// Its notAfter has passed.
    Expired { not_after: OffsetDateTime },
    /// Not a CA (often a leaf given by mistake): rustls takes it as a trust anchor, but no
    /// client certificate will chain to it.
    NotACa,
}

/// A certificate given as a CA for client certificates.
pub fn ca_certificate(c: &CertFacts, now: SystemTime) -> Vec<CaProblem> {
    let mut problems = Vec::new();
    if c.not_after < at(now) {
        problems.push(CaProblem::Expired {
            not_after: c.not_after,
        });
    }
    if !certfacts::may_issue(c) {
        problems.push(CaProblem::NotACa);
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use hs20_core::rules::catalogue;
    use hs20_core::time::to_system_time;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    use super::*;

    fn facts(pem: &[u8]) -> CertFacts {
        certfacts::parse(&CertificateDer::from_pem_slice(pem).unwrap()).unwrap()
    }

    fn ids(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.rule.id).collect()
    }

    #[test]
    fn dates_are_checked_at_the_given_time() {
        let server = facts(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/server.pem"
        )));
        let day = Duration::from_secs(86_400);
        let inside = to_system_time(server.not_before) + day;
        let after = to_system_time(server.not_after) + day;
        assert!(!ids(&server_chain(std::slice::from_ref(&server), inside))
            .contains(&catalogue::SERVER_EXPIRED.id));
        assert!(ids(&server_chain(std::slice::from_ref(&server), after))
            .contains(&catalogue::SERVER_EXPIRED.id));
        assert_eq!(expired(std::slice::from_ref(&server), after).count(), 1);
        assert_eq!(expired(std::slice::from_ref(&server), inside).count(), 0);
    }

    #[test]
    fn a_client_certificate_is_no_server_certificate_and_no_ca() {
        let alice = facts(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/alice.pem"
        )));
        let inside = to_system_time(alice.not_before) + Duration::from_secs(60);
        assert!(ids(&server_chain(std::slice::from_ref(&alice), inside))
            .contains(&catalogue::SERVER_EKU_MISSING_SERVER_AUTH.id));
        assert_eq!(ca_certificate(&alice, inside), [CaProblem::NotACa]);
    }
}
