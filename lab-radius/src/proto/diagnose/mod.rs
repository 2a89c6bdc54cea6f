//! Turns what happened (rustls error, parsed ClientHello, the client's chain, the server's own
//! setup) into one cause in plain words and one fix. Every failed negotiation ends with one of
//! these; the shell prints it as the final `FAILURE <code>: <cause>: <fix>` line.
//!
//! One module per rule family. For TLS failures (`tls_failure`): `version`, `suites`, `groups`,
//! `schemes` (what the two sides could not agree on), `client_cert` (the client's certificate
//! and key), `server_rejected` (the client's alerts). Around TLS: `radius` (clients, secrets,
//! what an Access-Request must carry) and `eap` (Identity, Nak, framing, rounds, timeouts).
//! Before any client: `setup` (our own certificates, for check-config).

use hs20_core::rules::{catalogue, Rule};
use std::fmt;

use rustls::Error;

use crate::proto::tls::hello::ClientHello;
use crate::proto::tls::setup::TlsSetup;
use crate::proto::tls::verifier::ClientCertRecord;

pub mod eap;
pub mod radius;
pub mod setup;

mod client_cert;
mod groups;
mod schemes;
mod server_rejected;
mod suites;
mod version;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// The catalogue id, e.g. `tls.client-cert-expired` (`lab-radius explain CODE`).
    pub code: &'static str,
    pub cause: String,
    pub fix: String,
}

impl Diagnosis {
    /// A diagnosis under a rule of the one catalogue (core/rules/lab-radius.toml).
    pub fn new(rule: &'static Rule, cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Diagnosis {
            code: rule.id,
            cause: cause.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.cause, self.fix)
    }
}

/// What the EAP-TLS session knew when the TLS library failed.
pub struct TlsContext<'a> {
    pub setup: &'a TlsSetup,
    pub hello: Option<&'a ClientHello>,
    pub client_cert: Option<&'a ClientCertRecord>,
    /// The server's certificate flight has been sent to the client.
    pub server_certificate_sent: bool,
}

/// Explains a failure reported by rustls while serving one EAP-TLS session: the first rule
/// family that recognises the failure gives the diagnosis. The families do not overlap, except
/// that every `PeerIncompatible` goes to the version family first (the ClientHello tells whether
/// the versions are the real cause, whatever rustls called it).
pub fn tls_failure(error: &Error, ctx: &TlsContext<'_>) -> Diagnosis {
    const FAMILIES: [fn(&Error, &TlsContext<'_>) -> Option<Diagnosis>; 6] = [
        version::diagnose,
        client_cert::diagnose,
        server_rejected::diagnose,
        suites::diagnose,
        groups::diagnose,
        schemes::diagnose,
    ];
    FAMILIES
        .iter()
        .find_map(|family| family(error, ctx))
        .unwrap_or_else(|| generic(error))
}

fn generic(error: &Error) -> Diagnosis {
    Diagnosis::new(
        &catalogue::TLS_HANDSHAKE_FAILED,
        format!("TLS handshake failed: {error}"),
        "compare the ClientHello summary above with the server's settings and read the supplicant's log",
    )
}

#[cfg(test)]
mod tests {
    use rustls::{AlertDescription, CertificateError, PeerIncompatible};

    use super::*;
    use crate::proto::tls::certfacts;
    use crate::proto::tls::hello::{TLS12, TLS13};
    use crate::proto::tls::setup::TlsVersion;

    fn setup(min: TlsVersion, max: TlsVersion) -> TlsSetup {
        TlsSetup::from_pem(
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../certs/server-chain.pem"
            )),
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../certs/server.key")),
            &[include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../certs/root-ca.pem"
            ))],
            min,
            max,
        )
        .unwrap()
    }

    fn hello(versions: &[u16], suites: &[u16]) -> ClientHello {
        ClientHello {
            random: [0; 32],
            versions: versions.to_vec(),
            suites: suites.to_vec(),
            groups: vec![29],
            signature_schemes: vec![0x0403],
            server_name: None,
        }
    }

    fn diagnose(error: Error, setup: &TlsSetup, hello: Option<&ClientHello>) -> Diagnosis {
        diagnose_with(error, setup, hello, None, false)
    }

    fn diagnose_with(
        error: Error,
        setup: &TlsSetup,
        hello: Option<&ClientHello>,
        client_cert: Option<&ClientCertRecord>,
        server_certificate_sent: bool,
    ) -> Diagnosis {
        tls_failure(
            &error,
            &TlsContext {
                setup,
                hello,
                client_cert,
                server_certificate_sent,
            },
        )
    }

    const ECDHE_ECDSA_GCM: u16 = 0xc02b;
    const RSA_CBC: u16 = 0x002f;

    #[test]
    fn any_peer_incompatibility_is_a_version_mismatch_when_the_versions_disagree() {
        let s = setup(TlsVersion::Tls13, TlsVersion::Tls13);
        let h = hello(&[TLS12], &[ECDHE_ECDSA_GCM]);
        for p in [
            PeerIncompatible::NoCipherSuitesInCommon,
            PeerIncompatible::SignatureAlgorithmsExtensionRequired,
        ] {
            let d = diagnose(Error::PeerIncompatible(p), &s, Some(&h));
            assert_eq!(d.code, "tls.version-mismatch");
            assert_eq!(
                d.cause,
                "client offers only TLS 1.2 but the server requires 1.3"
            );
        }
    }

    #[test]
    fn missing_groups_are_suites_for_a_static_rsa_client_and_groups_otherwise() {
        let s = setup(TlsVersion::Tls12, TlsVersion::Tls13);
        let kx = || Error::PeerIncompatible(PeerIncompatible::NoKxGroupsInCommon);
        let static_rsa = hello(&[TLS12], &[RSA_CBC]);
        assert_eq!(
            diagnose(kx(), &s, Some(&static_rsa)).code,
            "tls.no-common-cipher-suite"
        );
        let ecdhe = hello(&[TLS12], &[ECDHE_ECDSA_GCM]);
        assert_eq!(diagnose(kx(), &s, Some(&ecdhe)).code, "tls.no-common-group");
        let tls13 = hello(&[TLS13], &[0x1301]);
        assert_eq!(diagnose(kx(), &s, Some(&tls13)).code, "tls.no-common-group");
    }

    #[test]
    fn alerts_depend_on_whether_our_chain_was_sent() {
        let s = setup(TlsVersion::Tls12, TlsVersion::Tls13);
        let alert = |a| Error::AlertReceived(a);
        let before = diagnose(alert(AlertDescription::UnknownCA), &s, None);
        assert_eq!(before.code, "tls.client-aborted");
        let after = diagnose_with(alert(AlertDescription::UnknownCA), &s, None, None, true);
        assert_eq!(after.code, "tls.client-rejected-server");
        assert!(after.cause.contains("(alert unknown_ca)"), "{after}");
        let expired = diagnose_with(
            alert(AlertDescription::CertificateExpired),
            &s,
            None,
            None,
            true,
        );
        assert!(
            expired
                .cause
                .contains("rejected our certificate as expired"),
            "{expired}"
        );
    }

    #[test]
    fn an_expired_intermediate_is_named() {
        let s = setup(TlsVersion::Tls12, TlsVersion::Tls13);
        let parse = |pem: &[u8]| {
            use rustls::pki_types::pem::PemObject;
            certfacts::parse(&rustls::pki_types::CertificateDer::from_pem_slice(pem).unwrap())
                .unwrap()
        };
        let leaf = parse(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/alice.pem"
        )));
        let mut intermediate = parse(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/issuing-ca.pem"
        )));
        intermediate.not_after = leaf.not_before + time::Duration::seconds(10);
        let record = ClientCertRecord {
            chain: vec![leaf.clone(), intermediate].into(),
            verdict: Err(Error::InvalidCertificate(CertificateError::Expired)),
            now: leaf.not_before + time::Duration::seconds(20),
        };
        let d = diagnose_with(
            Error::InvalidCertificate(CertificateError::Expired),
            &s,
            None,
            Some(&record),
            false,
        );
        assert_eq!(d.code, "tls.client-cert-expired");
        assert!(
            d.cause.starts_with(
                "certificate 'O=Example, CN=Example Issuing CA' in the client's chain expired on "
            ),
            "{d}"
        );
        let no_proof = diagnose_with(Error::DecryptError, &s, None, Some(&record), true);
        assert_eq!(no_proof.code, "tls.client-proof-failed");
        assert_eq!(
            diagnose(Error::DecryptError, &s, None).code,
            "tls.handshake-failed"
        );
    }
}
