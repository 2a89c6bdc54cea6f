//! Observations about a CMS signature (MC-SIGN in docs/apple-rules.md).

use serde::Serialize;

use super::{InputKind, Observation};
use crate::cms::{SignatureProblem, SignedEnvelope};
use hs20_core::rules::{catalogue, Rule};
use hs20_core::time::iso8601;
use hs20_core::x509::CertFacts;
use time::OffsetDateTime;

/// The signature of a signed file.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureFacts {
    /// Every signer verified (digest and signature).
    pub valid: bool,
    pub signers: Vec<SignerFacts>,
    /// Every certificate in the container (DER), for the validator's own chain checks.
    #[serde(skip)]
    pub certificates: Vec<Vec<u8>>,
}

/// One signer.
#[derive(Debug, Clone, Serialize)]
pub struct SignerFacts {
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub not_after: Option<String>,
    pub expired: bool,
    /// The issuer's certificate is in the container, or the signer is self-signed.
    pub chain_included: bool,
    /// Why verification failed, if it did.
    pub problem: Option<String>,
    pub unsupported: bool,
    #[serde(skip)]
    pub certificate: Option<Vec<u8>>,
}

pub(super) fn facts(env: &SignedEnvelope, now: OffsetDateTime) -> SignatureFacts {
    let summaries: Vec<_> = env
        .certificates
        .iter()
        .filter_map(|c| CertFacts::from_der(c).ok())
        .collect();
    let signers: Vec<SignerFacts> = env
        .signers
        .iter()
        .map(|s| {
            let summary = s
                .certificate
                .as_deref()
                .and_then(|c| CertFacts::from_der(c).ok());
            let (problem, unsupported) = match &s.result {
                Ok(()) => (None, false),
                Err(SignatureProblem::Invalid(m)) => (Some(m.clone()), false),
                Err(SignatureProblem::Unsupported(m)) => (Some(m.clone()), true),
            };
            SignerFacts {
                subject: summary.as_ref().map(|c| c.subject.clone()),
                issuer: summary.as_ref().map(|c| c.issuer.clone()),
                not_after: summary.as_ref().map(|c| iso8601(c.not_after)),
                expired: summary.as_ref().is_some_and(|c| c.not_after < now),
                chain_included: summary.as_ref().is_some_and(|c| {
                    c.self_issued || summaries.iter().any(|o| o.subject == c.issuer)
                }),
                problem,
                unsupported,
                certificate: s.certificate.clone(),
            }
        })
        .collect();
    let valid = !signers.is_empty() && signers.iter().all(|s| s.problem.is_none());
    SignatureFacts {
        valid,
        signers,
        certificates: env.certificates.clone(),
    }
}

pub(super) fn observe(sig: &SignatureFacts, kind: InputKind, out: &mut Vec<Observation>) {
    let invalid_rule = if kind == InputKind::ProvisioningProfile {
        &catalogue::PROVISION_SIGNATURE_INVALID
    } else {
        &catalogue::MC_SIGNATURE_INVALID
    };
    if sig.signers.is_empty() {
        out.push(Observation::new(
            invalid_rule,
            None,
            "the signed container has no signer",
        ));
        return;
    }
    for s in &sig.signers {
        let who = s
            .subject
            .clone()
            .unwrap_or_else(|| "an unknown signer".into());
        if let Some(problem) = &s.problem {
            out.push(unverified(s, &who, problem, invalid_rule));
            continue;
        }
        // The signer rules are about configuration profiles (MC-SIGN).
        if kind != InputKind::ProvisioningProfile {
            signer(s, &who, out);
        }
    }
}

/// A signature that does not verify, or that hs20check cannot check.
fn unverified(
    s: &SignerFacts,
    who: &str,
    problem: &str,
    invalid_rule: &'static Rule,
) -> Observation {
    if s.unsupported {
        Observation::new(
            &catalogue::MC_SIGNATURE_UNSUPPORTED,
            None,
            format!("signature by {who}: {problem}"),
        )
    } else {
        Observation::new(
            invalid_rule,
            None,
            format!("signature by {who} does not verify: {problem}"),
        )
    }
}

/// A profile's verified signer: who signed, and whether iOS can show it as verified
/// (certificate in date, chain in the signature).
fn signer(s: &SignerFacts, who: &str, out: &mut Vec<Observation>) {
    out.push(Observation::new(
        &catalogue::MC_SIGNED,
        None,
        format!(
            "signed by {who}, issued by {}, valid until {}",
            s.issuer.as_deref().unwrap_or("?"),
            s.not_after.as_deref().unwrap_or("?")
        ),
    ));
    if s.expired {
        out.push(Observation::new(
            &catalogue::MC_SIGNER_EXPIRED,
            None,
            format!(
                "the signing certificate {who} expired on {}",
                s.not_after.as_deref().unwrap_or("?")
            ),
        ));
    }
    if !s.chain_included {
        out.push(
            Observation::new(
                &catalogue::MC_SIGNER_CHAIN_INCOMPLETE,
                None,
                format!(
                    "the certificate of {}, which issued the signer {who}, is not in the signature",
                    s.issuer.as_deref().unwrap_or("?")
                ),
            )
            .with_fix(
                "sign again with the intermediate chain (--sign-chain, or openssl smime -certfile)",
            ),
        );
    }
}
