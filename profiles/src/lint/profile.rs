//! Profile lint: Apple's schema, then the cross references and MC-* rules of docs/apple-rules.md.
//! Each payload type has its own module; this one walks the profile in the order the
//! observations are reported.

use plist::{Dictionary, Value};
use serde::Serialize;
use time::OffsetDateTime;

use super::certificate::{certificate_payload, EmbeddedCertificate};
use super::identity::{identity_payload, EmbeddedIdentity};
use super::payload::{self, Payload, CERT_TYPES, PKCS12};
use super::values::{plist_date, string};
use super::wifi::{self, NetworkFacts};
use super::{identifiers, removal_date, LintOptions, Observation};
use crate::schema::{self, IosVersion};
use hs20_core::rules::catalogue;
use hs20_core::time::iso8601;

/// What the profile holds, for the validator.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileFacts {
    pub identifier: Option<String>,
    pub removal_date: Option<String>,
    pub identities: Vec<EmbeddedIdentity>,
    pub certificates: Vec<EmbeddedCertificate>,
    pub networks: Vec<NetworkFacts>,
}

pub(super) fn lint(
    root: &Dictionary,
    opts: &LintOptions,
    out: &mut Vec<Observation>,
) -> ProfileFacts {
    out.extend(schema_observations(root, &opts.min_ios));
    let mut facts = ProfileFacts {
        identifier: string(root, "PayloadIdentifier"),
        removal_date: root
            .get("RemovalDate")
            .and_then(Value::as_date)
            .map(|d| iso8601(plist_date(d))),
        ..Default::default()
    };
    encrypted_profile(root, out);
    let payloads = payload::payloads(root);
    identifiers::check(root, &payloads, out);
    let by_uuid = payload::by_uuid(&payloads);

    facts.certificates = payloads
        .iter()
        .filter(|p| CERT_TYPES.contains(&p.ptype.as_str()))
        .map(|p| certificate_payload(p, out))
        .collect();
    let (identities, leaf_not_after) = identity_payloads(&payloads, opts, out);
    facts.identities = identities;
    facts.networks = wifi::networks(&payloads, &by_uuid, &facts.certificates, &opts.min_ios, out);
    if !facts.identities.is_empty() {
        removal_date::check(root, leaf_not_after, out);
    }
    facts
}

/// Apple's schema, less what an MC-* rule reports better.
fn schema_observations(root: &Dictionary, min_ios: &IosVersion) -> Vec<Observation> {
    let mut observations = Vec::new();
    schema::check_profile(root, min_ios, &mut observations);
    // MCC/MNC formats are reported by mc-invalid-mcc-mnc with the device consequence.
    observations.retain(|o| {
        !(o.rule == &catalogue::SCHEMA_FORMAT_MISMATCH
            && o.location
                .as_deref()
                .is_some_and(|l| l.contains("MCCAndMNCs")))
    });
    observations
}

/// An encrypted profile hides its payloads: say so, or its silence reads as a clean bill.
fn encrypted_profile(root: &Dictionary, out: &mut Vec<Observation>) {
    if matches!(root.get("IsEncrypted"), Some(Value::Boolean(true))) {
        out.push(Observation::new(
            &catalogue::MC_ENCRYPTED_PROFILE,
            None,
            "the payloads are encrypted for one device; only the outer keys could be checked",
        ));
    }
}

/// The pkcs12 payloads, and the first client certificate expiry that could be read.
fn identity_payloads(
    payloads: &[Payload],
    opts: &LintOptions,
    out: &mut Vec<Observation>,
) -> (Vec<EmbeddedIdentity>, Option<OffsetDateTime>) {
    let mut identities = Vec::new();
    let mut leaf_not_after = None;
    for p in payloads.iter().filter(|p| p.ptype == PKCS12) {
        let (identity, not_after) = identity_payload(p, opts, out);
        leaf_not_after = leaf_not_after.or(not_after);
        identities.push(identity);
    }
    (identities, leaf_not_after)
}
