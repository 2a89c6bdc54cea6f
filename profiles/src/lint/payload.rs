//! The profile's payloads as every rule sees them: position, type, dictionary and the location
//! prefix that observations about the payload start with.

use std::collections::BTreeMap;

use plist::{Dictionary, Value};

use super::values::string;

/// Payload types an anchor UUID may point to.
pub(super) const CERT_TYPES: &[&str] = &[
    "com.apple.security.root",
    "com.apple.security.pkcs1",
    "com.apple.security.pem",
];
pub(super) const PKCS12: &str = "com.apple.security.pkcs12";
pub(super) const WIFI: &str = "com.apple.wifi.managed";

/// One dictionary of the profile's `PayloadContent`.
pub(super) struct Payload<'a> {
    /// Position in `PayloadContent`, counting entries that are not dictionaries too.
    pub index: usize,
    /// `PayloadType`, `?` when missing (the schema check reports that).
    pub ptype: String,
    pub dict: &'a Dictionary,
    /// `PayloadContent[i] (type)`: the prefix of every location inside this payload.
    pub loc: String,
}

impl Payload<'_> {
    /// The location of `path` (e.g. `EAPClientConfiguration › OuterIdentity`) in this payload.
    pub fn at(&self, path: &str) -> Option<String> {
        Some(format!("{} › {path}", self.loc))
    }
}

/// Payloads by `PayloadUUID`, to resolve PayloadCertificateUUID and anchor references with.
/// Of two payloads with one UUID the later wins; mc-duplicate-uuid reports the clash.
pub(super) type ByUuid<'a> = BTreeMap<&'a str, &'a Payload<'a>>;

/// The dictionaries in the root's `PayloadContent`, in order.
pub(super) fn payloads(root: &Dictionary) -> Vec<Payload<'_>> {
    let Some(Value::Array(items)) = root.get("PayloadContent") else {
        return vec![];
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, v)| v.as_dictionary().map(|dict| (index, dict)))
        .map(|(index, dict)| {
            let ptype = string(dict, "PayloadType").unwrap_or_else(|| "?".to_string());
            let loc = format!("PayloadContent[{index}] ({ptype})");
            Payload {
                index,
                ptype,
                dict,
                loc,
            }
        })
        .collect()
}

pub(super) fn by_uuid<'a>(payloads: &'a [Payload<'a>]) -> ByUuid<'a> {
    payloads
        .iter()
        .filter_map(|p| {
            p.dict
                .get("PayloadUUID")
                .and_then(Value::as_string)
                .map(|u| (u, p))
        })
        .collect()
}
