//! Checks driven by Apple's published profile schema (apple/device-management YAML, copied
//! verbatim under `profiles/schema/`). Key names, types, allowed values, formats, required keys
//! and iOS availability all come from those files; nothing is hand-copied into Rust.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use plist::{Dictionary, Value};
use serde::Deserialize;

use crate::lint::Observation;
use hs20_core::rules::catalogue;

const FILES: &[(&str, &str)] = &[
    ("TopLevel.yaml", include_str!("../schema/TopLevel.yaml")),
    (
        "CommonPayloadKeys.yaml",
        include_str!("../schema/CommonPayloadKeys.yaml"),
    ),
    (
        "com.apple.wifi.managed.yaml",
        include_str!("../schema/com.apple.wifi.managed.yaml"),
    ),
    (
        "com.apple.security.pkcs12.yaml",
        include_str!("../schema/com.apple.security.pkcs12.yaml"),
    ),
    (
        "com.apple.security.root.yaml",
        include_str!("../schema/com.apple.security.root.yaml"),
    ),
    (
        "com.apple.security.pkcs1.yaml",
        include_str!("../schema/com.apple.security.pkcs1.yaml"),
    ),
    (
        "com.apple.security.pem.yaml",
        include_str!("../schema/com.apple.security.pem.yaml"),
    ),
    (
        "com.apple.firstethernet.managed.yaml",
        include_str!("../schema/com.apple.firstethernet.managed.yaml"),
    ),
];

/// An iOS version such as `17.5`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IosVersion(Vec<u32>);

impl IosVersion {
    /// Parses `17`, `17.5`, `16.4.1`.
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Option<Vec<u32>> = text.trim().split('.').map(|p| p.parse().ok()).collect();
        let mut parts = parts?;
        if parts.is_empty() {
            return None;
        }
        while parts.len() > 1 && parts.last() == Some(&0) {
            parts.pop();
        }
        Some(IosVersion(parts))
    }
    pub fn major(&self) -> u32 {
        self.0[0]
    }
}

impl std::fmt::Display for IosVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        if parts.len() == 1 {
            write!(f, "{}.0", parts[0])
        } else {
            f.write_str(&parts.join("."))
        }
    }
}

#[derive(Debug, Deserialize)]
struct SchemaFile {
    payload: PayloadInfo,
    payloadkeys: Vec<KeySpec>,
}

#[derive(Debug, Deserialize)]
struct PayloadInfo {
    payloadtype: String,
    #[serde(rename = "supportedOS", default)]
    supported_os: BTreeMap<String, OsAvailability>,
}

/// Availability of a payload or key on one OS (`supportedOS.iOS` in the YAML).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OsAvailability {
    #[serde(default)]
    pub introduced: Option<String>,
    #[serde(default)]
    pub removed: Option<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Range {
    min: Option<f64>,
    max: Option<f64>,
}

/// One key of the schema.
#[derive(Debug, Clone, Deserialize)]
pub struct KeySpec {
    pub key: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub presence: Option<String>,
    #[serde(default)]
    rangelist: Option<Vec<serde_yaml::Value>>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    range: Option<Range>,
    #[serde(rename = "supportedOS", default)]
    supported_os: BTreeMap<String, OsAvailability>,
    #[serde(default)]
    pub subkeys: Vec<KeySpec>,
}

/// A payload type's keys (common payload keys included) and its iOS availability.
#[derive(Debug)]
pub struct PayloadSchema {
    pub keys: Vec<KeySpec>,
    pub ios: OsAvailability,
}

/// The loaded schema.
#[derive(Debug)]
pub struct Schema {
    pub top_level: Vec<KeySpec>,
    pub payloads: BTreeMap<String, PayloadSchema>,
    common: Vec<KeySpec>,
}

/// The schema compiled into this binary (parsed once).
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        load().expect("the schema YAML copied into profiles/schema/ parses (tested)")
    })
}

fn load() -> Result<Schema, String> {
    let mut top_level = Vec::new();
    let mut common = Vec::new();
    let mut payloads = BTreeMap::new();
    let mut specific = Vec::new();
    for (name, text) in FILES {
        let file: SchemaFile = serde_yaml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        match file.payload.payloadtype.as_str() {
            "TopLevel" => top_level = file.payloadkeys,
            "CommonPayloadKeys" => common = file.payloadkeys,
            _ => specific.push(file),
        }
    }
    for file in specific {
        let mut keys = file.payloadkeys;
        for c in &common {
            if !keys.iter().any(|k| k.key == c.key) {
                keys.push(c.clone());
            }
        }
        let ios = file
            .payload
            .supported_os
            .get("iOS")
            .cloned()
            .unwrap_or_default();
        payloads.insert(file.payload.payloadtype, PayloadSchema { keys, ios });
    }
    Ok(Schema {
        top_level,
        payloads,
        common,
    })
}

impl Schema {
    /// The keys of a payload type, if the schema copy has it.
    pub fn payload(&self, payload_type: &str) -> Option<&PayloadSchema> {
        self.payloads.get(payload_type)
    }
    /// Finds a key spec by dotted path in a payload type (`EAPClientConfiguration.TLSMinimumVersion`).
    pub fn key(&self, payload_type: &str, path: &str) -> Option<&KeySpec> {
        let mut keys = &self.payload(payload_type)?.keys;
        let mut found = None;
        for part in path.split('.') {
            let spec = keys.iter().find(|k| k.key == part)?;
            keys = &spec.subkeys;
            found = Some(spec);
        }
        found
    }
}

impl KeySpec {
    /// The allowed values as strings (integers printed in decimal).
    pub fn allowed_values(&self) -> Option<Vec<String>> {
        self.rangelist
            .as_ref()
            .map(|list| list.iter().map(yaml_to_string).collect())
    }
}

fn yaml_to_string(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

struct Ctx<'a> {
    min_ios: &'a IosVersion,
    out: &'a mut Vec<Observation>,
}

/// Checks a whole profile (top level and every payload) against the schema.
pub fn check_profile(root: &Dictionary, min_ios: &IosVersion, out: &mut Vec<Observation>) {
    let schema = schema();
    let mut ctx = Ctx { min_ios, out };
    let encrypted = matches!(root.get("IsEncrypted"), Some(Value::Boolean(true)));
    // PayloadContent items are checked per payload type below, not against the TopLevel "ANY" item.
    let top: Vec<KeySpec> = schema
        .top_level
        .iter()
        .map(|k| {
            let mut k = k.clone();
            if k.key == "PayloadContent" {
                k.subkeys.clear();
                if encrypted {
                    k.presence = Some("optional".into());
                }
            }
            k
        })
        .collect();
    check_dict(root, &top, "profile", &mut ctx);
    let Some(Value::Array(items)) = root.get("PayloadContent") else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let Value::Dictionary(payload) = item else {
            let loc = format!("PayloadContent[{i}]");
            ctx.out.push(Observation::new(
                &catalogue::SCHEMA_WRONG_TYPE,
                Some(loc),
                format!("payload is {} instead of a dictionary", type_name(item)),
            ));
            continue;
        };
        let ptype = payload
            .get("PayloadType")
            .and_then(Value::as_string)
            .unwrap_or("?");
        let loc = format!("PayloadContent[{i}] ({ptype})");
        match schema.payload(ptype) {
            Some(ps) => {
                check_availability(&ps.ios, &loc, &format!("payload type {ptype}"), &mut ctx);
                check_dict(payload, &ps.keys, &loc, &mut ctx);
            }
            None => {
                ctx.out.push(Observation::new(
                    &catalogue::SCHEMA_UNKNOWN_PAYLOAD_TYPE,
                    Some(loc.clone()),
                    format!("payload type '{ptype}' is not in the schema files this tool carries (Wi-Fi and certificate payloads); only its common keys were checked"),
                ));
                let common: Vec<KeySpec> = schema.common.clone();
                let with_any = {
                    let mut c = common;
                    c.push(KeySpec {
                        key: "ANY".into(),
                        ty: "<any>".into(),
                        presence: None,
                        rangelist: None,
                        format: None,
                        range: None,
                        supported_os: BTreeMap::new(),
                        subkeys: vec![],
                    });
                    c
                };
                check_dict(payload, &with_any, &loc, &mut ctx);
            }
        }
    }
}

fn check_dict(dict: &Dictionary, specs: &[KeySpec], path: &str, ctx: &mut Ctx) {
    let open = specs.iter().any(|s| s.key == "ANY");
    for (key, value) in dict {
        let loc = format!("{path} › {key}");
        match specs.iter().find(|s| s.key == *key) {
            Some(spec) => check_value(value, spec, &loc, ctx),
            None if open => {}
            None => {
                let known: Vec<&str> = specs.iter().map(|s| s.key.as_str()).collect();
                let hint = known.iter().find(|k| k.eq_ignore_ascii_case(key));
                let mut o = Observation::new(
                    &catalogue::SCHEMA_UNKNOWN_KEY,
                    Some(loc),
                    format!("key '{key}' is not defined for this dictionary in Apple's schema; the device ignores it"),
                );
                if let Some(h) = hint {
                    o = o.with_fix(format!(
                        "the key is spelled '{h}' (keys are case-sensitive)"
                    ));
                }
                ctx.out.push(o);
            }
        }
    }
    for spec in specs {
        if spec.key == "ANY" || spec.presence.as_deref() != Some("required") {
            continue;
        }
        if !dict.contains_key(&spec.key) {
            ctx.out.push(
                Observation::new(
                    &catalogue::SCHEMA_MISSING_REQUIRED_KEY,
                    Some(path.to_string()),
                    format!(
                        "required key '{}' ({}) is missing",
                        spec.key,
                        spec.ty.trim_matches(['<', '>'])
                    ),
                )
                .with_fix(format!("add '{}'", spec.key)),
            );
        }
    }
}

fn check_availability(avail: &OsAvailability, loc: &str, what: &str, ctx: &mut Ctx) {
    if let Some(intro) = &avail.introduced {
        if intro == "n/a" {
            ctx.out.push(Observation::new(
                &catalogue::SCHEMA_KEY_NOT_ON_IOS,
                Some(loc.to_string()),
                format!("{what} is not supported on iOS (schema: introduced n/a); iPhones and iPads ignore it"),
            ));
            return;
        }
        if let Some(v) = IosVersion::parse(intro) {
            if v > *ctx.min_ios {
                ctx.out.push(Observation::new(
                    &catalogue::SCHEMA_KEY_NOT_ON_IOS,
                    Some(loc.to_string()),
                    format!("{what} exists from iOS {v}; devices on iOS {} up to that version ignore it", ctx.min_ios),
                ));
            }
        }
    }
    if let Some(removed) = &avail.removed {
        ctx.out.push(Observation::new(
            &catalogue::SCHEMA_KEY_NOT_ON_IOS,
            Some(loc.to_string()),
            format!("{what} was removed in iOS {removed}; current devices ignore it"),
        ));
    }
}

fn check_value(value: &Value, spec: &KeySpec, loc: &str, ctx: &mut Ctx) {
    if let Some(ios) = spec.supported_os.get("iOS") {
        check_availability(ios, loc, &format!("key '{}'", spec.key), ctx);
    }
    if !type_matches(value, &spec.ty) {
        ctx.out.push(
            Observation::new(
                &catalogue::SCHEMA_WRONG_TYPE,
                Some(loc.to_string()),
                format!(
                    "'{}' must be {} but is {}",
                    spec.key,
                    spec.ty.trim_matches(['<', '>']),
                    type_name(value)
                ),
            )
            .with_fix(format!("write it as <{}>", plist_tag(&spec.ty))),
        );
        return;
    }
    if let Some(allowed) = spec.allowed_values() {
        if let Some(text) = scalar_text(value) {
            if !allowed.contains(&text) {
                ctx.out.push(
                    Observation::new(
                        &catalogue::SCHEMA_VALUE_NOT_ALLOWED,
                        Some(loc.to_string()),
                        format!(
                            "'{}' = '{}' is not one of the allowed values {}",
                            spec.key,
                            text,
                            allowed.join(", ")
                        ),
                    )
                    .with_fix(format!("use one of: {}", allowed.join(", "))),
                );
            }
        }
    }
    if let Some(range) = &spec.range {
        let n = match value {
            Value::Integer(i) => i.as_signed().map(|v| v as f64),
            Value::Real(r) => Some(*r),
            _ => None,
        };
        if let Some(n) = n {
            if range.min.is_some_and(|m| n < m) || range.max.is_some_and(|m| n > m) {
                ctx.out.push(Observation::new(
                    &catalogue::SCHEMA_VALUE_NOT_ALLOWED,
                    Some(loc.to_string()),
                    format!(
                        "'{}' = {n} is outside {:?}..{:?}",
                        spec.key, range.min, range.max
                    ),
                ));
            }
        }
    }
    if let (Some(format), Value::String(s)) = (&spec.format, value) {
        if let Ok(re) = regex::Regex::new(format) {
            if !re.is_match(s) {
                ctx.out.push(Observation::new(
                    &catalogue::SCHEMA_FORMAT_MISMATCH,
                    Some(loc.to_string()),
                    format!(
                        "'{}' = '{s}' does not match Apple's format {format}",
                        spec.key
                    ),
                ));
            }
        }
    }
    match value {
        Value::Dictionary(d) if !spec.subkeys.is_empty() => {
            // A dictionary of free-form keys (e.g. ConsentText: language → text) is described by one
            // "...Item" subkey; its children are not named keys.
            if spec.subkeys.len() == 1 && spec.subkeys[0].key.ends_with("Item") {
                return;
            }
            check_dict(d, &spec.subkeys, loc, ctx);
        }
        Value::Array(items) if !spec.subkeys.is_empty() => {
            let item_spec = &spec.subkeys[0];
            for (i, item) in items.iter().enumerate() {
                check_value(item, item_spec, &format!("{loc}[{i}]"), ctx);
            }
        }
        _ => {}
    }
}

fn type_matches(value: &Value, ty: &str) -> bool {
    match ty {
        "<any>" => true,
        "<string>" => matches!(value, Value::String(_)),
        "<integer>" => matches!(value, Value::Integer(_)),
        "<real>" => matches!(value, Value::Real(_) | Value::Integer(_)),
        "<boolean>" => matches!(value, Value::Boolean(_)),
        "<array>" => matches!(value, Value::Array(_)),
        "<dictionary>" => matches!(value, Value::Dictionary(_)),
        "<data>" => matches!(value, Value::Data(_)),
        "<date>" => matches!(value, Value::Date(_)),
        _ => true,
    }
}

fn plist_tag(ty: &str) -> &'static str {
    match ty {
        "<string>" => "string",
        "<integer>" => "integer",
        "<real>" => "real",
        "<boolean>" => "true/> or <false",
        "<array>" => "array",
        "<dictionary>" => "dict",
        "<data>" => "data",
        "<date>" => "date",
        _ => "?",
    }
}

/// The plist type of a value, in the words Apple's schema uses.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Integer(_) => "integer",
        Value::Real(_) => "real",
        Value::Boolean(_) => "boolean",
        Value::Array(_) => "array",
        Value::Dictionary(_) => "dictionary",
        Value::Data(_) => "data",
        Value::Date(_) => "date",
        Value::Uid(_) => "uid",
        _ => "unknown",
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_file_parses_and_has_the_wifi_keys() {
        let s = load().unwrap();
        assert!(s.top_level.iter().any(|k| k.key == "PayloadUUID"));
        let wifi = s.payload("com.apple.wifi.managed").unwrap();
        assert!(wifi.keys.iter().any(|k| k.key == "RoamingConsortiumOIs"));
        assert!(
            wifi.keys.iter().any(|k| k.key == "PayloadUUID"),
            "common keys merged"
        );
        let min = s
            .key(
                "com.apple.wifi.managed",
                "EAPClientConfiguration.TLSMinimumVersion",
            )
            .unwrap();
        assert_eq!(min.allowed_values().unwrap(), ["1.0", "1.1", "1.2", "1.3"]);
        let eap = s
            .key(
                "com.apple.wifi.managed",
                "EAPClientConfiguration.AcceptEAPTypes",
            )
            .unwrap();
        assert!(eap.subkeys[0]
            .allowed_values()
            .unwrap()
            .contains(&"13".to_string()));
    }

    #[test]
    fn ios_versions_compare_numerically() {
        assert!(IosVersion::parse("17.5").unwrap() > IosVersion::parse("17").unwrap());
        assert!(IosVersion::parse("10.0").unwrap() > IosVersion::parse("9.3").unwrap());
        assert_eq!(
            IosVersion::parse("16.0").unwrap(),
            IosVersion::parse("16").unwrap()
        );
        assert!(IosVersion::parse("x").is_none());
    }
}
