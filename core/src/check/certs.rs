//! Certificate checks shared by the client identity and the RADIUS server certificate:
//! validity, signature hashes and the chain to the --ca anchors. Each caller names its own rules.

use crate::finding::Finding;
use crate::rules::Rule;
use crate::x509::chain::{self, ChainOutcome};
use crate::x509::{CertFacts, SignatureHash};
use time::{Duration, OffsetDateTime};

/// Warn this many days before notAfter.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// YYYY-MM-DD, as findings print dates.
pub fn date(t: OffsetDateTime) -> String {
    let d = t.date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The rules a caller reports validity problems under.
pub struct ValidityRules {
    pub expired: &'static Rule,
    pub not_yet_valid: &'static Rule,
    pub expiring_soon: &'static Rule,
}

pub fn validity(
    cert: &CertFacts,
    now: OffsetDateTime,
    rules: &ValidityRules,
    out: &mut Vec<Finding>,
) {
    let label = cert.label();
    if now > cert.not_after {
        out.push(Finding::new(
            rules.expired,
            format!(
                "'{label}' expired on {} (now {})",
                date(cert.not_after),
                date(now)
            ),
        ));
    } else if now < cert.not_before {
        out.push(Finding::new(
            rules.not_yet_valid,
            format!(
                "'{label}' is valid only from {} (now {})",
                date(cert.not_before),
                date(now)
            ),
        ));
    } else if cert.not_after - now < Duration::days(EXPIRY_WARNING_DAYS) {
        out.push(Finding::new(
            rules.expiring_soon,
            format!(
                "'{label}' expires on {} ({} days left)",
                date(cert.not_after),
                (cert.not_after - now).whole_days()
            ),
        ));
    }
}

/// MD5 / SHA-1 signatures on the leaf and on every CA that is not a self-signed root
/// (a root's own signature is never checked by anyone).
pub fn weak_signatures<'a>(
    on_path: impl IntoIterator<Item = &'a CertFacts>,
    md5: &'static Rule,
    sha1: &'static Rule,
    out: &mut Vec<Finding>,
) {
    for cert in on_path.into_iter().filter(|c| !c.self_issued) {
        let rule = match cert.signature_hash {
            SignatureHash::Md5 => md5,
            SignatureHash::Sha1 => sha1,
            _ => continue,
        };
        out.push(Finding::new(
            rule,
            format!(
                "'{}' is signed with {}",
                cert.label(),
                cert.signature_algorithm
            ),
        ));
    }
}

/// Verifies the chain and reports a failure under `untrusted` or `unverifiable`; returns the
/// path's subjects when it verifies.
pub fn chain_to_anchor(
    leaf: &CertFacts,
    intermediates: &[CertFacts],
    anchors: &[CertFacts],
    now: OffsetDateTime,
    untrusted: &'static Rule,
    unverifiable: &'static Rule,
    out: &mut Vec<Finding>,
) -> Option<Vec<String>> {
    match chain::verify(leaf, intermediates, anchors, now) {
        ChainOutcome::Trusted { path } => Some(path),
        ChainOutcome::CaOutOfValidity { detail } => {
            out.push(Finding::new(untrusted, detail));
            None
        }
        ChainOutcome::Untrusted { reason } => {
            out.push(Finding::new(untrusted, reason));
            None
        }
        ChainOutcome::Unverifiable {
            reason,
            names_chain,
        } => {
            let reach = if names_chain {
                "reaches"
            } else {
                "does not reach"
            };
            out.push(Finding::new(
                unverifiable,
                format!("{reason}; by name the chain {reach} a given CA"),
            ));
            None
        }
    }
}
