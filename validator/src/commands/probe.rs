//! `hs20check probe`: one live EAP-TLS authentication against a RADIUS server, judged by the
//! same rules as `check --server-cert`. This module prepares the client (identity from the
//! PKCS#12, the judge of the server chain) and turns a finished exchange into a report; the
//! protocol itself is lab-radius's sans-IO client core (`lab_radius::proto::client`), which
//! shares the RADIUS codec, EAP framing and key derivation with the server; the CLI drives it
//! over a UDP socket.

use std::sync::Arc;

use hs20_core::check::{server_findings, Password};
use hs20_core::finding::{verdict, Finding, Verdict};
use hs20_core::rules::catalogue::*;
use hs20_core::rules::Severity;
use hs20_core::x509::{keymatch, CertFacts};
use lab_radius::proto::client::{
    Alert, ChainJudge, Exchange, NoAnswer, Outcome, PeerSetup, ServerRecord,
};
use lab_radius::proto::tls::hello::{group_name, scheme_name, suite_name, version_name};
use lab_radius::proto::tls::setup::TlsVersion;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::CertificateError;
use serde::Serialize;
use time::OffsetDateTime;

/// Everything the probe needs, already read from disk.
#[derive(Debug, Clone)]
pub struct ProbeRequest {
    pub p12: Vec<u8>,
    pub password: Password,
    pub realm: String,
    /// DER anchors from every --ca (the server chain must reach one when any is given).
    pub ca_certs: Vec<Vec<u8>>,
    /// None: `[realm]`, as `check` assumes.
    pub trusted_server_names: Option<Vec<String>>,
    pub outer_identity: Option<String>,
    pub tls_version: Option<TlsVersion>,
}

/// Input that cannot be used (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ProbeInputError {
    #[error("{0}")]
    Pkcs12(#[from] hs20_core::pkcs12::P12Error),
    #[error("the PKCS#12 holds {0} private keys; the probe needs exactly one")]
    Keys(usize),
    #[error("no certificate in the PKCS#12 matches its private key")]
    NoLeaf,
    #[error("certificate {index} of --ca is not valid X.509: {reason}")]
    Ca { index: usize, reason: String },
    #[error("{0}")]
    Key(#[from] lab_radius::proto::client::peer::KeyError),
}

/// The client, ready to authenticate as many times as asked.
pub struct Prepared {
    pub setup: Arc<PeerSetup>,
    pub trusted_server_names: Vec<String>,
    pub anchors: Vec<CertFacts>,
    /// The EAP identity sent (outer identity, else the certificate's CN).
    pub identity: String,
}

fn unix_to_offset(t: rustls::pki_types::UnixTime) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.as_secs() as i64).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Opens the identity and builds the client; `provider` is the rustls crypto provider.
pub fn prepare(
    req: &ProbeRequest,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> Result<Prepared, ProbeInputError> {
    let opened = hs20_core::pkcs12::open(&req.p12, req.password.expose())?;
    if opened.keys.len() != 1 {
        return Err(ProbeInputError::Keys(opened.keys.len()));
    }
    let key = &opened.keys[0];
    let certs: Vec<CertFacts> = opened
        .certs
        .iter()
        .filter_map(|c| CertFacts::from_der(&c.der).ok())
        .collect();
    let half = keymatch::public_half(&key.pkcs8_der).ok_or(ProbeInputError::NoLeaf)?;
    let leaf = certs
        .iter()
        .find(|c| keymatch::matches(&half, c))
        .ok_or(ProbeInputError::NoLeaf)?;
    // The client sends its leaf and the intermediates it holds (never a self-signed root).
    let mut chain = vec![CertificateDer::from(leaf.der.clone())];
    chain.extend(
        certs
            .iter()
            .filter(|c| c.der != leaf.der && !c.self_issued)
            .map(|c| CertificateDer::from(c.der.clone())),
    );
    let anchors = req
        .ca_certs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            CertFacts::from_der(d).map_err(|e| ProbeInputError::Ca {
                index: i + 1,
                reason: e.0,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let trusted_server_names: Vec<String> = match &req.trusted_server_names {
        Some(names) => names
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
        None => vec![req.realm.clone()],
    };
    let identity = req
        .outer_identity
        .clone()
        .or_else(|| leaf.common_names.first().cloned())
        .unwrap_or_else(|| format!("anonymous@{}", req.realm));
    let judge = judge(trusted_server_names.clone(), anchors.clone());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.pkcs8_der.clone()));
    let setup = PeerSetup::new(
        provider,
        chain,
        key,
        req.tls_version,
        judge,
        identity.clone(),
    )?;
    Ok(Prepared {
        setup: Arc::new(setup),
        trusted_server_names,
        anchors,
        identity,
    })
}

/// The judge an Apple device would be: every server-certificate and trustedServerNames rule;
/// an error finding aborts the handshake with the alert that fits it.
fn judge(trusted: Vec<String>, anchors: Vec<CertFacts>) -> ChainJudge {
    Arc::new(move |chain: &[Vec<u8>], now| {
        let facts: Vec<CertFacts> = chain
            .iter()
            .map(|d| CertFacts::from_der(d))
            .collect::<Result<_, _>>()
            .map_err(|_| rustls::Error::InvalidCertificate(CertificateError::BadEncoding))?;
        let findings = server_findings(&facts, &trusted, &anchors, unix_to_offset(now));
        match findings.iter().find(|f| f.rule.severity == Severity::Error) {
            None => Ok(()),
            Some(f) => Err(rustls::Error::InvalidCertificate(certificate_error(f))),
        }
    })
}

fn certificate_error(f: &Finding) -> CertificateError {
    let id = f.rule.id;
    if id == SERVER_CHAIN_UNTRUSTED.id {
        CertificateError::UnknownIssuer
    } else if id == SERVER_EXPIRED.id {
        CertificateError::Expired
    } else if [
        SERVER_NAME_MISMATCH.id,
        SERVER_NAME_WILDCARD_MISMATCH.id,
        SERVER_NO_DNS_NAME.id,
    ]
    .contains(&id)
    {
        CertificateError::NotValidForName
    } else if id == SERVER_EKU_MISSING_SERVER_AUTH.id {
        CertificateError::InvalidPurpose
    } else {
        CertificateError::ApplicationVerificationFailure
    }
}

/// One certificate of the chain as the server sent it.
#[derive(Debug, Clone, Serialize)]
pub struct ChainEntry {
    pub subject: String,
    pub issuer: String,
    pub not_after: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MppeKeys {
    pub present: bool,
    #[serde(rename = "match")]
    pub matches: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlertInfo {
    /// "sent" (by the probe) or "received" (from the server).
    pub direction: &'static str,
    pub description: String,
}

/// What the authentication did.
#[derive(Debug, Clone, Serialize)]
pub struct Authentication {
    /// accepted, rejected, no-answer, unreachable, bad-authenticator, protocol-error, stopped.
    pub outcome: &'static str,
    pub tls_version: Option<String>,
    pub cipher_suite: Option<String>,
    pub group: Option<String>,
    pub signature_scheme: Option<String>,
    /// Access-Request / reply pairs (Status-Server not counted).
    pub round_trips: u32,
    /// TLS bytes of each EAP-TLS fragment sent / received.
    pub fragments_sent: Vec<usize>,
    pub fragments_received: Vec<usize>,
    pub server_chain: Vec<ChainEntry>,
    pub mppe_keys: Option<MppeKeys>,
    pub reply_message: Option<String>,
    pub alert: Option<AlertInfo>,
    /// Whether the server answered Status-Server (None: not asked).
    pub status_server: Option<bool>,
    pub retransmissions: u32,
    /// Milliseconds from the first datagram to the outcome.
    pub elapsed_ms: Option<u128>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn alert_names_follow_rfc8446() {
        use rustls::AlertDescription as A;
        assert_eq!(super::alert_name(A::UnknownCA), "unknown_ca");
        assert_eq!(super::alert_name(A::BadCertificate), "bad_certificate");
        assert_eq!(
            super::alert_name(A::CertificateRequired),
            "certificate_required"
        );
        assert_eq!(super::alert_name(A::HandshakeFailure), "handshake_failure");
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub authentication: Authentication,
    /// The server chain, DER, leaf first (for --save-server-chain).
    #[serde(skip)]
    pub server_chain_der: Vec<Vec<u8>>,
    /// The exit class: accepted cleanly, refused / error findings, no answer.
    #[serde(skip)]
    pub exit: ProbeExit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeExit {
    Ok,
    Findings,
    NoAnswer,
}

/// RFC 8446's spelling: `UnknownCA` → `unknown_ca`, `BadCertificate` → `bad_certificate`.
fn alert_name(d: rustls::AlertDescription) -> String {
    let camel = format!("{d:?}");
    let mut out = String::new();
    let chars: Vec<char> = camel.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
        if c.is_ascii_uppercase() && i > 0 && (prev_lower || next_lower) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn name<T: Into<u16>>(v: Option<T>, f: fn(u16) -> String) -> Option<String> {
    v.map(|v| f(v.into()))
}

/// The report of a finished exchange, judged at `now`.
pub fn report(prepared: &Prepared, exchange: &Exchange, now: OffsetDateTime) -> ProbeReport {
    let peer = exchange.peer();
    let info = peer.info();
    let record: ServerRecord = peer.server_record();
    let facts: Vec<CertFacts> = record
        .chain
        .iter()
        .filter_map(|d| CertFacts::from_der(d).ok())
        .collect();
    let mut findings = if facts.is_empty() {
        Vec::new()
    } else {
        server_findings(
            &facts,
            &prepared.trusted_server_names,
            &prepared.anchors,
            now,
        )
    };
    let server_refused_by_us = matches!(info.alert, Some(Alert::Sent(_)))
        && findings.iter().any(|f| f.rule.severity == Severity::Error);
    let alert = info.alert.map(|a| match a {
        Alert::Sent(d) => AlertInfo {
            direction: "sent",
            description: alert_name(d),
        },
        Alert::Received(d) => AlertInfo {
            direction: "received",
            description: alert_name(d),
        },
    });
    let mut mppe_keys = None;
    let mut reply_message = None;
    let (outcome, exit) = match exchange.outcome() {
        Some(Outcome::Accepted { mppe, premature }) => {
            mppe_keys = Some(MppeKeys {
                present: mppe.present,
                matches: mppe.matches,
            });
            if !mppe.present {
                findings.push(Finding::new(
                    &PROBE_MPPE_MISSING,
                    "Access-Accept carried no MS-MPPE-Recv-Key / MS-MPPE-Send-Key pair",
                ));
            } else if !mppe.matches {
                findings.push(Finding::new(
                    &PROBE_MPPE_MISMATCH,
                    if *premature {
                        "EAP-Success came before the TLS handshake finished, so there is no MSK to compare".to_string()
                    } else {
                        format!(
                            "the decrypted MS-MPPE keys differ from the MSK of this {} handshake",
                            info.version.map(|v| version_name(v.into())).unwrap_or_default()
                        )
                    },
                ));
            }
            ("accepted", ProbeExit::Ok)
        }
        Some(Outcome::Rejected { reply_message: rm }) => {
            reply_message = rm.clone();
            if !server_refused_by_us {
                let mut detail = String::from("Access-Reject");
                if let Some(m) = rm {
                    detail.push_str(&format!(", Reply-Message \"{m}\""));
                }
                if let Some(a) = &alert {
                    detail.push_str(&format!(", TLS alert {} {}", a.direction, a.description));
                } else {
                    detail.push_str(", no TLS alert (the server's log says why)");
                }
                findings.push(Finding::new(&PROBE_REJECTED, detail));
            }
            ("rejected", ProbeExit::Findings)
        }
        Some(Outcome::NoAnswer(NoAnswer::Silent)) => {
            findings.push(Finding::new(
                &PROBE_NO_ANSWER,
                format!(
                    "{} request(s) sent ({} retransmission(s)), no reply{}",
                    exchange.retransmissions + 1,
                    exchange.retransmissions,
                    match exchange.status_server {
                        Some(false) => "; Status-Server was not answered either",
                        _ => "",
                    }
                ),
            ));
            ("no-answer", ProbeExit::NoAnswer)
        }
        Some(Outcome::NoAnswer(NoAnswer::Refused)) => {
            findings.push(Finding::new(
                &PROBE_UNREACHABLE,
                "the host answered with ICMP port unreachable",
            ));
            ("unreachable", ProbeExit::NoAnswer)
        }
        Some(Outcome::NoAnswer(NoAnswer::BadAuthenticator)) => {
            findings.push(Finding::new(
                &PROBE_BAD_AUTHENTICATOR,
                format!(
                    "{} reply(ies) failed the Response Authenticator / Message-Authenticator check",
                    exchange.bad_replies
                ),
            ));
            ("bad-authenticator", ProbeExit::NoAnswer)
        }
        Some(Outcome::ProtocolError(why)) => {
            findings.push(Finding::new(&PROBE_PROTOCOL_ERROR, why.clone()));
            ("protocol-error", ProbeExit::Findings)
        }
        Some(Outcome::Stopped) => ("stopped", ProbeExit::Ok),
        None => ("unfinished", ProbeExit::NoAnswer),
    };
    findings.sort_by_key(|f| (f.rule.subject, f.rule.severity));
    let verdict = verdict(&findings);
    let exit = match exit {
        ProbeExit::Ok if verdict == Verdict::Fail => ProbeExit::Findings,
        e => e,
    };
    let server_chain = facts
        .iter()
        .map(|c| ChainEntry {
            subject: c.subject.clone(),
            issuer: c.issuer.clone(),
            not_after: hs20_core::time::iso8601(c.not_after),
            sha256: c.sha256.clone(),
        })
        .collect();
    ProbeReport {
        verdict,
        findings,
        authentication: Authentication {
            outcome,
            tls_version: name(info.version, version_name),
            cipher_suite: name(info.suite, suite_name),
            group: name(info.group, group_name),
            signature_scheme: name(record.signature_scheme, scheme_name),
            round_trips: exchange.round_trips,
            fragments_sent: info.fragments_sent.clone(),
            fragments_received: info.fragments_received.clone(),
            server_chain,
            mppe_keys,
            reply_message,
            alert,
            status_server: exchange.status_server,
            retransmissions: exchange.retransmissions,
            elapsed_ms: exchange.elapsed().map(|d| d.as_millis()),
        },
        server_chain_der: record.chain,
        exit,
    }
}
