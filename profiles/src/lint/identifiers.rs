//! PayloadUUID and PayloadIdentifier across the profile (MC-02): every UUID well-formed and
//! unique, every payload identifier unique.

use std::collections::BTreeMap;

use plist::{Dictionary, Value};

use super::payload::Payload;
use super::Observation;
use crate::uuid::is_uuid_shaped;
use hs20_core::rules::catalogue;

/// Checks the profile's own keys first, then each payload's, so a clash names the first user.
pub(super) fn check(root: &Dictionary, payloads: &[Payload], out: &mut Vec<Observation>) {
    let mut first_with_uuid: BTreeMap<String, String> = BTreeMap::new();
    let mut first_with_identifier: BTreeMap<String, String> = BTreeMap::new();
    uuid(root, "profile", &mut first_with_uuid, out);
    // Not the profile's identifier: payload identifiers may repeat it as their prefix.
    for p in payloads {
        uuid(p.dict, &p.loc, &mut first_with_uuid, out);
        identifier(p.dict, &p.loc, &mut first_with_identifier, out);
    }
}

/// Shape and uniqueness of `PayloadUUID`; UUIDs compare case-insensitively.
fn uuid(
    dict: &Dictionary,
    loc: &str,
    first_with: &mut BTreeMap<String, String>,
    out: &mut Vec<Observation>,
) {
    let Some(uuid) = dict.get("PayloadUUID").and_then(Value::as_string) else {
        return;
    };
    if !is_uuid_shaped(uuid) {
        out.push(
            Observation::new(
                &catalogue::MC_INVALID_UUID,
                Some(format!("{loc} › PayloadUUID")),
                format!("PayloadUUID '{uuid}' is not a UUID (8-4-4-4-12 hex digits)"),
            )
            .with_fix("generate one with uuidgen"),
        );
    }
    let key = uuid.to_ascii_uppercase();
    if let Some(first) = first_with.get(&key) {
        out.push(Observation::new(
            &catalogue::MC_DUPLICATE_UUID,
            Some(format!("{loc} › PayloadUUID")),
            format!("PayloadUUID {uuid} is also used by {first}"),
        ));
    } else {
        first_with.insert(key, loc.to_string());
    }
}

/// Uniqueness of `PayloadIdentifier` among the payloads.
fn identifier(
    dict: &Dictionary,
    loc: &str,
    first_with: &mut BTreeMap<String, String>,
    out: &mut Vec<Observation>,
) {
    let Some(id) = dict.get("PayloadIdentifier").and_then(Value::as_string) else {
        return;
    };
    if let Some(first) = first_with.get(id) {
        out.push(Observation::new(
            &catalogue::MC_DUPLICATE_IDENTIFIER,
            Some(format!("{loc} › PayloadIdentifier")),
            format!("PayloadIdentifier '{id}' is also used by {first}"),
        ));
    } else {
        first_with.insert(id.to_string(), loc.to_string());
    }
}
