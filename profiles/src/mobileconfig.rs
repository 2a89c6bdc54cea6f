//! The Apple `.mobileconfig` emitter: one com.apple.security.pkcs12 payload (the identity),
//! one certificate payload per CA, and com.apple.wifi.managed payloads for Passpoint and,
//! optionally, an SSID. Cross references follow MC-03; Passpoint blocks follow MC-06/MC-07.

use plist::{Dictionary, Value};

use crate::error::Result;
use crate::spec::{Pkcs12Form, ProfileSpec};
use crate::uuid::UuidSource;
use hs20_core::x509::CertFacts;

/// The profile as a plist dictionary (unsigned).
pub fn build(spec: &ProfileSpec) -> Result<Dictionary> {
    spec.check()?;
    let ident = spec.profile_identifier();
    let uuids = if spec.fresh_uuids {
        UuidSource::fresh()
    } else {
        let mut seed = spec.identity.leaf_der.clone();
        seed.extend(ident.as_bytes());
        seed.push(0);
        seed.extend(spec.realm.as_bytes());
        UuidSource::Stable { seed }
    };
    let mut content = Vec::new();

    // Identity.
    let pkcs12_uuid = uuids.uuid("pkcs12");
    let p12 = match spec.pkcs12_form {
        Pkcs12Form::Legacy => spec.identity.to_legacy_pkcs12(&spec.identity.password)?,
        Pkcs12Form::AsGiven => spec.identity.original.clone(),
    };
    let cn = spec.identity.leaf.label();
    let mut p = payload(
        "com.apple.security.pkcs12",
        &format!("{ident}.identity"),
        &pkcs12_uuid,
        &format!("Wi-Fi identity {cn}"),
    );
    p.insert("PayloadContent".into(), Value::Data(p12));
    p.insert(
        "PayloadCertificateFileName".into(),
        Value::String(format!("{}.p12", file_stem(&cn))),
    );
    if let Some(pw) = spec.embedded_password() {
        p.insert("Password".into(), Value::String(pw.expose().to_string()));
    }
    content.push(Value::Dictionary(p));

    // CA certificates: root payloads for self-signed ones, pkcs1 for intermediates.
    let mut anchors = Vec::new();
    for (i, der) in spec.ca_certs.iter().enumerate() {
        let summary = CertFacts::from_der(der).expect("checked by spec.check()");
        let uuid = uuids.uuid(&format!("ca/{i}"));
        let name = summary.label();
        let ptype = if summary.self_issued {
            "com.apple.security.root"
        } else {
            "com.apple.security.pkcs1"
        };
        let mut c = payload(ptype, &format!("{ident}.ca.{i}"), &uuid, &name);
        c.insert("PayloadContent".into(), Value::Data(der.clone()));
        c.insert(
            "PayloadCertificateFileName".into(),
            Value::String(format!("{}.cer", file_stem(&name))),
        );
        content.push(Value::Dictionary(c));
        anchors.push(Value::String(uuid));
    }

    // Passpoint. MC-07: RCOIs and NAI realms in one block stop RCOI-only hotspots from matching,
    // so each kind gets its own block when both are given.
    let rcois = spec.rcois_upper();
    let realms = spec.effective_nai_realms();
    let mut blocks: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
    if !rcois.is_empty() && !realms.is_empty() {
        blocks.push(("passpoint.rcoi", rcois.clone(), vec![]));
        blocks.push(("passpoint.realm", vec![], realms.clone()));
    } else {
        blocks.push(("passpoint", rcois.clone(), realms.clone()));
    }
    for (i, (role, ois, nai)) in blocks.iter().enumerate() {
        let mut w = payload(
            "com.apple.wifi.managed",
            &format!("{ident}.{role}"),
            &uuids.uuid(role),
            &format!("Passpoint {}", spec.operator()),
        );
        w.insert("AutoJoin".into(), Value::Boolean(true));
        w.insert("EncryptionType".into(), Value::String("WPA2".into()));
        w.insert("IsHotspot".into(), Value::Boolean(true));
        w.insert(
            "DomainName".into(),
            Value::String(spec.domain().to_string()),
        );
        w.insert(
            "DisplayedOperatorName".into(),
            Value::String(spec.operator()),
        );
        w.insert(
            "ServiceProviderRoamingEnabled".into(),
            Value::Boolean(spec.roaming_enabled),
        );
        if !ois.is_empty() {
            w.insert("RoamingConsortiumOIs".into(), strings(ois));
        }
        if !nai.is_empty() {
            w.insert("NAIRealmNames".into(), strings(nai));
        }
        // MCC/MNC travels with the first block only.
        if i == 0 && !spec.mcc_mnc.is_empty() {
            w.insert("MCCAndMNCs".into(), strings(&spec.mcc_mnc));
        }
        w.insert(
            "PayloadCertificateUUID".into(),
            Value::String(pkcs12_uuid.clone()),
        );
        w.insert(
            "EAPClientConfiguration".into(),
            Value::Dictionary(eap(spec, &anchors)),
        );
        content.push(Value::Dictionary(w));
    }

    if let Some(ssid) = &spec.ssid {
        let mut w = payload(
            "com.apple.wifi.managed",
            &format!("{ident}.ssid"),
            &uuids.uuid("ssid"),
            ssid,
        );
        w.insert("SSID_STR".into(), Value::String(ssid.clone()));
        w.insert("HIDDEN_NETWORK".into(), Value::Boolean(false));
        w.insert("AutoJoin".into(), Value::Boolean(true));
        // MC-09: WPA2 joins WPA2 and WPA3 networks on iOS 16+.
        w.insert("EncryptionType".into(), Value::String("WPA2".into()));
        w.insert(
            "PayloadCertificateUUID".into(),
            Value::String(pkcs12_uuid.clone()),
        );
        w.insert(
            "EAPClientConfiguration".into(),
            Value::Dictionary(eap(spec, &anchors)),
        );
        content.push(Value::Dictionary(w));
    }

    let mut top = Dictionary::new();
    top.insert("PayloadType".into(), Value::String("Configuration".into()));
    top.insert("PayloadVersion".into(), Value::Integer(1.into()));
    top.insert("PayloadIdentifier".into(), Value::String(ident.clone()));
    top.insert("PayloadUUID".into(), Value::String(uuids.uuid("profile")));
    top.insert(
        "PayloadDisplayName".into(),
        Value::String(format!("Wi-Fi: {}", spec.operator())),
    );
    top.insert(
        "PayloadDescription".into(),
        Value::String(format!(
            "Passpoint (Hotspot 2.0) EAP-TLS network for {} with the identity {cn}.",
            spec.realm
        )),
    );
    top.insert("PayloadOrganization".into(), Value::String(spec.operator()));
    // CERT-03 / MC-10: remove the profile when the client certificate expires.
    top.insert(
        "RemovalDate".into(),
        Value::Date(hs20_core::time::to_system_time(spec.identity.leaf.not_after).into()),
    );
    top.insert("PayloadContent".into(), Value::Array(content));
    Ok(top)
}

/// The profile as XML plist bytes (what `openssl smime -sign` or our signer wraps).
pub fn to_xml(profile: &Dictionary) -> Vec<u8> {
    let mut out = Vec::new();
    plist::to_writer_xml(&mut out, &Value::Dictionary(profile.clone()))
        .expect("writing to a Vec cannot fail");
    out.push(b'\n');
    out
}

fn eap(spec: &ProfileSpec, anchors: &[Value]) -> Dictionary {
    let mut e = Dictionary::new();
    e.insert(
        "AcceptEAPTypes".into(),
        Value::Array(vec![Value::Integer(13.into())]),
    );
    if !spec.trusted_server_names.is_empty() {
        e.insert(
            "TLSTrustedServerNames".into(),
            strings(&spec.trusted_server_names),
        );
    }
    e.insert(
        "PayloadCertificateAnchorUUID".into(),
        Value::Array(anchors.to_vec()),
    );
    e.insert(
        "TLSMinimumVersion".into(),
        Value::String(spec.tls_min.as_str().into()),
    );
    e.insert(
        "TLSMaximumVersion".into(),
        Value::String(spec.tls_max.as_str().into()),
    );
    if let Some(outer) = spec.outer_identity() {
        e.insert("OuterIdentity".into(), Value::String(outer));
    }
    e
}

fn payload(ptype: &str, identifier: &str, uuid: &str, display: &str) -> Dictionary {
    let mut d = Dictionary::new();
    d.insert("PayloadType".into(), Value::String(ptype.into()));
    d.insert("PayloadVersion".into(), Value::Integer(1.into()));
    d.insert("PayloadIdentifier".into(), Value::String(identifier.into()));
    d.insert("PayloadUUID".into(), Value::String(uuid.into()));
    d.insert("PayloadDisplayName".into(), Value::String(display.into()));
    d
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().map(|s| Value::String(s.clone())).collect())
}

fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}
