//! Chain verification with rustls-webpki: does the leaf chain to one of the given anchors?
//! Validity and EKU are reported by their own rules, so this check looks at trust alone:
//! it ignores EKU and, when only time is wrong, re-checks inside the leaf's validity window.

use super::facts::CertFacts;
use rustls_pki_types::{CertificateDer, UnixTime};
use std::time::Duration;
use time::OffsetDateTime;
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeIdIter};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainOutcome {
    /// The leaf chains to an anchor; the path's subjects from leaf to anchor.
    Trusted { path: Vec<String> },
    /// A CA certificate on the path is outside its validity period now.
    CaOutOfValidity { detail: String },
    /// No path to any anchor.
    Untrusted { reason: String },
    /// Signatures use algorithms rustls-webpki does not verify (SHA-1, RSA < 2048, MD5);
    /// `names_chain` says whether issuer/subject names at least reach an anchor.
    Unverifiable { reason: String, names_chain: bool },
}

struct AnyPurpose;

impl ExtendedKeyUsageValidator for AnyPurpose {
    fn validate(&self, _iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        Ok(())
    }
}

fn unix(t: OffsetDateTime) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(t.unix_timestamp().max(0) as u64))
}

/// Verifies `leaf` against `anchors` using `intermediates` as path candidates.
pub fn verify(
    leaf: &CertFacts,
    intermediates: &[CertFacts],
    anchors: &[CertFacts],
    now: OffsetDateTime,
) -> ChainOutcome {
    let anchor_ders: Vec<CertificateDer<'_>> = anchors
        .iter()
        .map(|a| CertificateDer::from(a.der.as_slice()))
        .collect();
    let trust_anchors: Vec<_> = anchor_ders
        .iter()
        .filter_map(|d| webpki::anchor_from_trusted_cert(d).ok())
        .collect();
    if trust_anchors.is_empty() {
        return ChainOutcome::Untrusted {
            reason: "none of the given CA certificates can be used as a trust anchor".into(),
        };
    }
    let inter_ders: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let Ok(ee) = EndEntityCert::try_from(&leaf_der) else {
        return ChainOutcome::Untrusted {
            reason: "the certificate could not be parsed for path validation".into(),
        };
    };
    let run = |at: OffsetDateTime| {
        ee.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &trust_anchors,
            &inter_ders,
            unix(at),
            AnyPurpose,
            None,
            None,
        )
        .map(|path| {
            let mut subjects = vec![leaf.subject.clone()];
            for cert in path.intermediate_certificates() {
                if let Some(f) = intermediates
                    .iter()
                    .find(|c| c.der.as_slice() == cert.der().as_ref())
                {
                    subjects.push(f.subject.clone());
                }
            }
            let anchor_spki = path.anchor().subject_public_key_info.as_ref();
            if let Some(a) = anchors.iter().find(|a| spki_contains(a, anchor_spki)) {
                subjects.push(a.subject.clone());
            }
            subjects
        })
    };
    match run(now) {
        Ok(path) => ChainOutcome::Trusted { path },
        Err(webpki::Error::CertExpired { .. }) | Err(webpki::Error::CertNotValidYet { .. }) => {
            let inside = leaf.not_before + (leaf.not_after - leaf.not_before) / 2;
            match run(inside) {
                Ok(path) if leaf.is_valid_at(now) => ChainOutcome::CaOutOfValidity {
                    detail: format!(
                        "a CA certificate on the path {} is expired or not yet valid",
                        path.join(" → ")
                    ),
                },
                Ok(path) => ChainOutcome::Trusted { path },
                Err(webpki::Error::CertExpired { .. }) | Err(webpki::Error::CertNotValidYet { .. }) => {
                    ChainOutcome::CaOutOfValidity {
                        detail: format!(
                            "no CA certificate on the path was valid during the certificate's own validity period ({} to {}): the CA was issued after it, or expired before it",
                            leaf.not_before.date(),
                            leaf.not_after.date()
                        ),
                    }
                }
                Err(e) => classify(e, leaf, intermediates, anchors),
            }
        }
        Err(e) => classify(e, leaf, intermediates, anchors),
    }
}

/// The anchor's SPKI as webpki stores it is the *contents* of the SubjectPublicKeyInfo.
fn spki_contains(anchor: &CertFacts, spki_contents: &[u8]) -> bool {
    !anchor.public_key_bytes.is_empty()
        && spki_contents
            .windows(anchor.public_key_bytes.len())
            .any(|w| w == anchor.public_key_bytes.as_slice())
}

#[allow(deprecated)] // older webpki paths still return the context-free variants
fn classify(
    error: webpki::Error,
    leaf: &CertFacts,
    intermediates: &[CertFacts],
    anchors: &[CertFacts],
) -> ChainOutcome {
    use webpki::Error::*;
    match error {
        UnsupportedSignatureAlgorithm
        | UnsupportedSignatureAlgorithmContext(_)
        | UnsupportedSignatureAlgorithmForPublicKey
        | UnsupportedSignatureAlgorithmForPublicKeyContext(_) => ChainOutcome::Unverifiable {
            reason: "a signature on the path uses an algorithm rustls-webpki does not verify (SHA-1, MD5 or RSA below 2048 bits)".into(),
            names_chain: names_reach_anchor(leaf, intermediates, anchors),
        },
        UnknownIssuer => ChainOutcome::Untrusted {
            reason: format!(
                "no path from issuer '{}' to the given CA certificate(s) [{}]",
                leaf.issuer,
                anchors.iter().map(|a| a.subject.clone()).collect::<Vec<_>>().join("; ")
            ),
        },
        InvalidSignatureForPublicKey => ChainOutcome::Untrusted {
            reason: "a signature on the path does not verify: a CA with the right name but a different key signed it (re-keyed or impostor CA)".into(),
        },
        other => ChainOutcome::Untrusted {
            reason: format!("path validation failed: {other:?}"),
        },
    }
}

/// Follows issuer → subject names (no signatures) from the leaf to an anchor.
fn names_reach_anchor(
    leaf: &CertFacts,
    intermediates: &[CertFacts],
    anchors: &[CertFacts],
) -> bool {
    let mut issuer = leaf.issuer_raw.clone();
    for _ in 0..=intermediates.len() {
        if anchors.iter().any(|a| a.subject_raw == issuer) {
            return true;
        }
        match intermediates.iter().find(|c| c.subject_raw == issuer) {
            Some(next) if next.issuer_raw != next.subject_raw => issuer = next.issuer_raw.clone(),
            _ => return false,
        }
    }
    false
}
