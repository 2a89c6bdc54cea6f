//! Setup family: problems in our own TLS material, found before any client arrives. The shell
//! prints them in `check-config` and warns about some of them on a normal start.

use std::time::SystemTime;

use crate::proto::tls::certfacts::CertFacts;
use crate::proto::tls::clock::unix_secs;

/// A problem with a certificate of our server chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerCertProblem {
    /// Its notAfter has passed: every supplicant will reject it.
    Expired { not_after: i64 },
    /// Its notBefore has not come yet.
    NotYetValid { not_before: i64 },
    /// The leaf has an EKU extension without serverAuth: Windows, Apple and Android
    /// supplicants refuse it.
    NoServerAuth,
}

/// A problem with a certificate given as a CA for client certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaProblem {
    /// Its notAfter has passed.
    Expired { not_after: i64 },
    /// Not a CA (often a leaf given by mistake): rustls takes it as a trust anchor, but no
    /// client certificate will chain to it.
    NotACa,
}

/// The validity dates of a certificate in our server chain.
pub fn server_certificate(c: &CertFacts, now: SystemTime) -> Vec<ServerCertProblem> {
    let now = unix_secs(now) as i64;
    let mut problems = Vec::new();
    if c.not_after < now {
        problems.push(ServerCertProblem::Expired {
            not_after: c.not_after,
        });
    }
    if c.not_before > now {
        problems.push(ServerCertProblem::NotYetValid {
            not_before: c.not_before,
        });
    }
    problems
}

/// What supplicants require of the server's leaf certificate.
pub fn server_leaf(leaf: &CertFacts) -> Vec<ServerCertProblem> {
    match &leaf.eku {
        Some(eku)
            if !eku
                .iter()
                .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage") =>
        {
            vec![ServerCertProblem::NoServerAuth]
        }
        _ => Vec::new(),
    }
}

/// Whether the leaf names no DNS host: not a problem, but supplicants that match a server name
/// will refuse it.
pub fn server_leaf_lacks_dns_name(leaf: &CertFacts) -> bool {
    leaf.dns_names.is_empty()
}

/// A certificate given as a CA for client certificates.
pub fn ca_certificate(c: &CertFacts, now: SystemTime) -> Vec<CaProblem> {
    let now = unix_secs(now) as i64;
    let mut problems = Vec::new();
    if c.not_after < now {
        problems.push(CaProblem::Expired {
            not_after: c.not_after,
        });
    }
    if !c.may_issue {
        problems.push(CaProblem::NotACa);
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    use super::*;
    use crate::proto::tls::certfacts;

    fn facts(pem: &[u8]) -> CertFacts {
        certfacts::parse(&CertificateDer::from_pem_slice(pem).unwrap()).unwrap()
    }

    fn at(unix: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix as u64)
    }

    #[test]
    fn dates_are_checked_at_the_given_time() {
        let server = facts(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/server.pem"
        )));
        assert!(server_certificate(&server, at(server.not_before + 1)).is_empty());
        assert_eq!(
            server_certificate(&server, at(server.not_after + 1)),
            [ServerCertProblem::Expired {
                not_after: server.not_after
            }]
        );
        assert_eq!(
            server_certificate(&server, at(server.not_before - 1)),
            [ServerCertProblem::NotYetValid {
                not_before: server.not_before
            }]
        );
        assert!(server_leaf(&server).is_empty());
        assert!(!server_leaf_lacks_dns_name(&server));
    }

    #[test]
    fn a_client_certificate_is_no_server_certificate_and_no_ca() {
        let alice = facts(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/alice.pem"
        )));
        assert_eq!(server_leaf(&alice), [ServerCertProblem::NoServerAuth]);
        assert_eq!(
            ca_certificate(&alice, at(alice.not_before + 1)),
            [CaProblem::NotACa]
        );
    }
}
