//! Client-certificate family: none sent, rejected by the verifier (one function per kind of
//! rejection), or the client could not prove it holds the key.

use hs20_core::rules::catalogue;
use rustls::{CertificateError, Error};

use super::{Diagnosis, TlsContext};
use crate::proto::tls::certfacts::{date, CertFacts};
use crate::proto::tls::setup::TlsSetup;
use crate::proto::tls::verifier::ClientCertRecord;

pub(super) fn diagnose(error: &Error, ctx: &TlsContext<'_>) -> Option<Diagnosis> {
    match error {
        Error::NoCertificatesPresented => Some(Diagnosis::new(
            &catalogue::TLS_NO_CLIENT_CERT,
            "client sent no certificate",
            "configure a client certificate and key on the supplicant (wpa_supplicant: client_cert and private_key); EAP-TLS requires one",
        )),
        Error::InvalidCertificate(e) => Some(certificate_problem(e, ctx.client_cert, ctx.setup)),
        Error::DecryptError | Error::PeerMisbehaved(_) if ctx.client_cert.is_some() => {
            Some(Diagnosis::new(
                &catalogue::TLS_CLIENT_PROOF_FAILED,
                format!(
                    "the client's proof of key possession (CertificateVerify) failed: {error}"
                ),
                "the client's private key does not match its certificate, or it signed with an algorithm it did not offer: check the supplicant's key file",
            ))
        }
        _ => None,
    }
}

/// What the verifier saw: the chain the client sent and the time it checked it at.
struct Seen<'a> {
    record: Option<&'a ClientCertRecord>,
    leaf: Option<&'a CertFacts>,
    now: time::OffsetDateTime,
    /// "client certificate 'subject'", or "client certificate" when it did not parse.
    who: String,
}

fn certificate_problem(
    err: &CertificateError,
    record: Option<&ClientCertRecord>,
    setup: &TlsSetup,
) -> Diagnosis {
    let leaf = record.and_then(|r| r.chain.first());
    let seen = Seen {
        record,
        leaf,
        now: record.map_or(time::OffsetDateTime::UNIX_EPOCH, |r| r.now),
        who: leaf
            .map(|l| format!("client certificate '{}'", l.subject))
            .unwrap_or_else(|| "client certificate".into()),
    };
    match err {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => expired(&seen),
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            not_yet_valid(&seen)
        }
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            wrong_eku(&seen)
        }
        CertificateError::UnknownIssuer => unknown_ca(&seen, setup),
        CertificateError::BadSignature => Diagnosis::new(
            &catalogue::TLS_CLIENT_CERT_BAD_SIGNATURE,
            format!(
                "{} has a signature that does not verify against its issuer",
                seen.who
            ),
            "the chain was altered or the issuer's key changed: reissue the certificate",
        ),
        CertificateError::Revoked => Diagnosis::new(
            &catalogue::TLS_CLIENT_CERT_REVOKED,
            format!("{} is revoked", seen.who),
            "issue a new certificate",
        ),
        other => Diagnosis::new(
            &catalogue::TLS_CLIENT_CERT_REJECTED,
            format!("{} was rejected: {other:?}", seen.who),
            "check the certificate against the configured CA with `openssl verify -CAfile CA.pem -untrusted chain.pem cert.pem`",
        ),
    }
}

fn expired(seen: &Seen<'_>) -> Diagnosis {
    // The leaf, or whichever certificate in the chain has expired.
    let expired = seen
        .record
        .and_then(|r| r.chain.iter().find(|c| c.not_after < seen.now))
        .or(seen.leaf);
    let what = match (expired, seen.leaf) {
        (Some(e), Some(l)) if e.subject != l.subject => {
            format!("certificate '{}' in the client's chain", e.subject)
        }
        _ => seen.who.clone(),
    };
    Diagnosis::new(
        &catalogue::TLS_CLIENT_CERT_EXPIRED,
        format!(
            "{what} expired on {} (now {})",
            expired.map(|c| date(c.not_after)).unwrap_or_default(),
            date(seen.now)
        ),
        "reissue it",
    )
}

fn not_yet_valid(seen: &Seen<'_>) -> Diagnosis {
    let early = seen
        .record
        .and_then(|r| r.chain.iter().find(|c| c.not_before > seen.now))
        .or(seen.leaf);
    Diagnosis::new(
        &catalogue::TLS_CLIENT_CERT_NOT_YET_VALID,
        format!(
            "{} is not valid before {} (now {})",
            seen.who,
            early.map(|c| date(c.not_before)).unwrap_or_default(),
            date(seen.now)
        ),
        "check the clocks of the CA, this server and the client, or wait until it becomes valid",
    )
}

fn wrong_eku(seen: &Seen<'_>) -> Diagnosis {
    Diagnosis::new(
        &catalogue::TLS_CLIENT_CERT_WRONG_EKU,
        format!(
            "{} is not allowed for client authentication: its extended key usage is {}",
            seen.who,
            seen.leaf
                .map(crate::proto::tls::certfacts::eku_text)
                .unwrap_or_else(|| "unknown".into())
        ),
        "reissue it with extendedKeyUsage=clientAuth",
    )
}

fn unknown_ca(seen: &Seen<'_>, setup: &TlsSetup) -> Diagnosis {
    let top = seen.record.and_then(|r| r.chain.last());
    let issuer = top.map(|c| c.issuer.clone()).unwrap_or_default();
    Diagnosis::new(
        &catalogue::TLS_CLIENT_CERT_UNKNOWN_CA,
        format!(
            "unknown CA: issuer '{issuer}' is not one of the configured CAs ({})",
            setup.ca_subjects()
        ),
        "add that CA to --ca, or reissue the client certificate from a configured CA (and make the supplicant send its intermediate CA)",
    )
}
