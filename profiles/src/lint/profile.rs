//! Profile lint: Apple's schema, then the cross references and MC-* rules of docs/apple-rules.md.

use std::collections::BTreeMap;

use plist::{Dictionary, Value};
use serde::Serialize;

use super::{LintOptions, Observation};
use crate::pkcs12::Identity;
use crate::schema::{self, IosVersion};
use crate::secret::Secret;
use crate::uuid::is_uuid_shaped;
use hs20_core::apple::shapes::{self, MccMnc, Oi};
use hs20_core::rules::catalogue;
use hs20_core::time::iso8601;
use hs20_core::x509::CertFacts;
use time::OffsetDateTime;

const CERT_TYPES: &[&str] = &[
    "com.apple.security.root",
    "com.apple.security.pkcs1",
    "com.apple.security.pem",
];
const PKCS12: &str = "com.apple.security.pkcs12";
const WIFI: &str = "com.apple.wifi.managed";

/// What the profile holds, for the validator.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileFacts {
    pub identifier: Option<String>,
    pub removal_date: Option<String>,
    pub identities: Vec<EmbeddedIdentity>,
    pub certificates: Vec<EmbeddedCertificate>,
    pub networks: Vec<NetworkFacts>,
}

/// A com.apple.security.pkcs12 payload.
#[derive(Debug, Clone, Serialize)]
pub struct EmbeddedIdentity {
    pub payload_index: usize,
    pub uuid: Option<String>,
    pub file_name: Option<String>,
    #[serde(skip)]
    pub pkcs12: Vec<u8>,
    /// The profile's `Password`, else the one given to lint.
    #[serde(skip)]
    pub password: Option<Secret>,
    pub password_in_profile: bool,
}

/// A certificate payload (root, pkcs1, pem), DER-decoded.
#[derive(Debug, Clone, Serialize)]
pub struct EmbeddedCertificate {
    pub payload_index: usize,
    pub uuid: Option<String>,
    pub payload_type: String,
    pub subject: Option<String>,
    #[serde(skip)]
    pub der: Option<Vec<u8>>,
}

/// A com.apple.wifi.managed payload.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NetworkFacts {
    pub payload_index: usize,
    pub uuid: Option<String>,
    pub is_hotspot: bool,
    pub ssid: Option<String>,
    pub domain_name: Option<String>,
    pub nai_realm_names: Vec<String>,
    pub roaming_consortium_ois: Vec<String>,
    pub mcc_and_mncs: Vec<String>,
    pub eap_types: Vec<i64>,
    pub trusted_server_names: Vec<String>,
    pub anchor_uuids: Vec<String>,
    /// DER of the certificate payloads the anchors resolve to.
    #[serde(skip)]
    pub anchor_certificates: Vec<Vec<u8>>,
    pub certificate_uuid: Option<String>,
    pub tls_minimum: Option<String>,
    pub tls_maximum: Option<String>,
    pub outer_identity: Option<String>,
}

struct Payload<'a> {
    index: usize,
    ptype: String,
    dict: &'a Dictionary,
    loc: String,
}

pub(super) fn lint(
    root: &Dictionary,
    opts: &LintOptions,
    out: &mut Vec<Observation>,
) -> ProfileFacts {
    let mut schema_obs = Vec::new();
    schema::check_profile(root, &opts.min_ios, &mut schema_obs);
    // MCC/MNC formats are reported by mc-invalid-mcc-mnc with the device consequence.
    schema_obs.retain(|o| {
        !(o.rule == &catalogue::SCHEMA_FORMAT_MISMATCH
            && o.location
                .as_deref()
                .is_some_and(|l| l.contains("MCCAndMNCs")))
    });
    out.extend(schema_obs);

    let mut facts = ProfileFacts {
        identifier: root
            .get("PayloadIdentifier")
            .and_then(Value::as_string)
            .map(String::from),
        removal_date: root
            .get("RemovalDate")
            .and_then(Value::as_date)
            .map(|d| iso8601(plist_date(d))),
        ..Default::default()
    };
    if matches!(root.get("IsEncrypted"), Some(Value::Boolean(true))) {
        out.push(Observation::new(
            &catalogue::MC_ENCRYPTED_PROFILE,
            None,
            "the payloads are encrypted for one device; only the outer keys could be checked",
        ));
    }
    let payloads: Vec<Payload> = match root.get("PayloadContent") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_dictionary().map(|d| (i, d)))
            .map(|(index, dict)| {
                let ptype = dict
                    .get("PayloadType")
                    .and_then(Value::as_string)
                    .unwrap_or("?")
                    .to_string();
                let loc = format!("PayloadContent[{index}] ({ptype})");
                Payload {
                    index,
                    ptype,
                    dict,
                    loc,
                }
            })
            .collect(),
        _ => vec![],
    };

    check_uuids_and_identifiers(root, &payloads, out);
    let by_uuid: BTreeMap<&str, &Payload> = payloads
        .iter()
        .filter_map(|p| {
            p.dict
                .get("PayloadUUID")
                .and_then(Value::as_string)
                .map(|u| (u, p))
        })
        .collect();

    for p in payloads
        .iter()
        .filter(|p| CERT_TYPES.contains(&p.ptype.as_str()))
    {
        facts.certificates.push(certificate_payload(p, out));
    }
    let mut leaf_not_after: Option<OffsetDateTime> = None;
    for p in payloads.iter().filter(|p| p.ptype == PKCS12) {
        let (identity, not_after) = identity_payload(p, opts, out);
        leaf_not_after = leaf_not_after.or(not_after);
        facts.identities.push(identity);
    }
    let wifi: Vec<&Payload> = payloads.iter().filter(|p| p.ptype == WIFI).collect();
    if wifi.is_empty() && !payloads.is_empty() {
        out.push(Observation::new(
            &catalogue::MC_NO_WIFI_PAYLOAD,
            None,
            "the profile has no com.apple.wifi.managed payload: it installs certificates but configures no network",
        ));
    }
    for p in wifi {
        facts.networks.push(wifi_payload(
            p,
            &by_uuid,
            &facts.certificates,
            &opts.min_ios,
            out,
        ));
    }

    // MC-10 / CERT-03.
    if !facts.identities.is_empty() {
        match (root.get("RemovalDate").and_then(Value::as_date), leaf_not_after) {
            (None, _) => out.push(
                Observation::new(
                    &catalogue::MC_NO_REMOVAL_DATE,
                    None,
                    "no RemovalDate: the profile stays installed after the client certificate expires",
                )
                .with_fix(match leaf_not_after {
                    Some(t) => format!("set RemovalDate to the certificate's notAfter, {}", iso8601(t)),
                    None => "set RemovalDate to the client certificate's notAfter".to_string(),
                }),
            ),
            (Some(d), Some(na)) if plist_date(d) > na => out.push(Observation::new(
                &catalogue::MC_REMOVAL_DATE_AFTER_EXPIRY,
                Some("profile › RemovalDate".into()),
                format!(
                    "RemovalDate {} is after the client certificate's expiry {}",
                    iso8601(plist_date(d)),
                    iso8601(na)
                ),
            )),
            _ => {}
        }
    }
    facts
}

fn check_uuids_and_identifiers(
    root: &Dictionary,
    payloads: &[Payload],
    out: &mut Vec<Observation>,
) {
    let mut seen_uuid: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_id: BTreeMap<String, String> = BTreeMap::new();
    let top = std::iter::once(("profile".to_string(), root));
    let all = top.chain(payloads.iter().map(|p| (p.loc.clone(), p.dict)));
    for (i, (loc, dict)) in all.enumerate() {
        if let Some(uuid) = dict.get("PayloadUUID").and_then(Value::as_string) {
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
            if let Some(first) = seen_uuid.get(&key) {
                out.push(Observation::new(
                    &catalogue::MC_DUPLICATE_UUID,
                    Some(format!("{loc} › PayloadUUID")),
                    format!("PayloadUUID {uuid} is also used by {first}"),
                ));
            } else {
                seen_uuid.insert(key, loc.clone());
            }
        }
        if i == 0 {
            continue; // the profile identifier may prefix payload identifiers
        }
        if let Some(id) = dict.get("PayloadIdentifier").and_then(Value::as_string) {
            if let Some(first) = seen_id.get(id) {
                out.push(Observation::new(
                    &catalogue::MC_DUPLICATE_IDENTIFIER,
                    Some(format!("{loc} › PayloadIdentifier")),
                    format!("PayloadIdentifier '{id}' is also used by {first}"),
                ));
            } else {
                seen_id.insert(id.to_string(), loc.clone());
            }
        }
    }
}

fn certificate_payload(p: &Payload, out: &mut Vec<Observation>) -> EmbeddedCertificate {
    let uuid = p
        .dict
        .get("PayloadUUID")
        .and_then(Value::as_string)
        .map(String::from);
    let mut cert = EmbeddedCertificate {
        payload_index: p.index,
        uuid,
        payload_type: p.ptype.clone(),
        subject: None,
        der: None,
    };
    let Some(data) = p.dict.get("PayloadContent").and_then(Value::as_data) else {
        return cert;
    };
    let der = if p.ptype == "com.apple.security.pem" || !data.starts_with(&[0x30]) {
        crate::error::read_certificates(data, &p.loc)
            .ok()
            .and_then(|mut v| (!v.is_empty()).then(|| v.remove(0)))
    } else {
        Some(data.to_vec())
    };
    match der.as_deref().map(CertFacts::from_der) {
        Some(Ok(summary)) => {
            cert.subject = Some(summary.subject.clone());
            if !summary.is_ca_cert() {
                out.push(Observation::new(
                    &catalogue::MC_ANCHOR_NOT_CA,
                    Some(p.loc.clone()),
                    format!(
                        "certificate {} is not a CA certificate (basicConstraints CA:TRUE missing)",
                        summary.subject
                    ),
                ));
            }
            cert.der = der;
        }
        Some(Err(reason)) => out.push(Observation::new(
            &catalogue::MC_CERTIFICATE_UNREADABLE,
            Some(format!("{} › PayloadContent", p.loc)),
            format!("the certificate cannot be parsed: {reason}"),
        )),
        None => out.push(Observation::new(
            &catalogue::MC_CERTIFICATE_UNREADABLE,
            Some(format!("{} › PayloadContent", p.loc)),
            "PayloadContent holds no DER or PEM certificate",
        )),
    }
    cert
}

fn identity_payload(
    p: &Payload,
    opts: &LintOptions,
    out: &mut Vec<Observation>,
) -> (EmbeddedIdentity, Option<OffsetDateTime>) {
    let in_profile = p
        .dict
        .get("Password")
        .and_then(Value::as_string)
        .map(Secret::new);
    let password_in_profile = in_profile.is_some();
    if password_in_profile {
        out.push(Observation::new(
            &catalogue::MC_PKCS12_PASSWORD_IN_PROFILE,
            Some(format!("{} › Password", p.loc)),
            "the PKCS#12 password is stored in the profile: whoever has the file has the private key",
        ));
    } else {
        out.push(Observation::new(
            &catalogue::MC_PKCS12_NO_PASSWORD,
            Some(p.loc.clone()),
            "no Password: the device asks the user for the PKCS#12 password during installation",
        ));
    }
    let password = in_profile.or_else(|| opts.pkcs12_password.clone());
    let pkcs12 = p
        .dict
        .get("PayloadContent")
        .and_then(Value::as_data)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let not_after = password
        .as_ref()
        .and_then(|pw| Identity::open(&pkcs12, pw, &p.loc).ok())
        .map(|id| id.leaf.not_after);
    let identity = EmbeddedIdentity {
        payload_index: p.index,
        uuid: p
            .dict
            .get("PayloadUUID")
            .and_then(Value::as_string)
            .map(String::from),
        file_name: p
            .dict
            .get("PayloadCertificateFileName")
            .and_then(Value::as_string)
            .map(String::from),
        pkcs12,
        password,
        password_in_profile,
    };
    (identity, not_after)
}

fn strings(dict: &Dictionary, key: &str) -> Vec<String> {
    match dict.get(key) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_string)
            .map(String::from)
            .collect(),
        _ => vec![],
    }
}

fn wifi_payload(
    p: &Payload,
    by_uuid: &BTreeMap<&str, &Payload>,
    certs: &[EmbeddedCertificate],
    min_ios: &IosVersion,
    out: &mut Vec<Observation>,
) -> NetworkFacts {
    let d = p.dict;
    let at = |key: &str| Some(format!("{} › {key}", p.loc));
    let mut n = NetworkFacts {
        payload_index: p.index,
        uuid: d
            .get("PayloadUUID")
            .and_then(Value::as_string)
            .map(String::from),
        is_hotspot: matches!(d.get("IsHotspot"), Some(Value::Boolean(true))),
        ssid: d
            .get("SSID_STR")
            .and_then(Value::as_string)
            .map(String::from),
        domain_name: d
            .get("DomainName")
            .and_then(Value::as_string)
            .map(String::from),
        nai_realm_names: strings(d, "NAIRealmNames"),
        roaming_consortium_ois: strings(d, "RoamingConsortiumOIs"),
        mcc_and_mncs: strings(d, "MCCAndMNCs"),
        certificate_uuid: d
            .get("PayloadCertificateUUID")
            .and_then(Value::as_string)
            .map(String::from),
        ..Default::default()
    };

    // MC-06: Passpoint block.
    let hs_keys: Vec<&str> = [
        "DomainName",
        "RoamingConsortiumOIs",
        "NAIRealmNames",
        "MCCAndMNCs",
    ]
    .into_iter()
    .filter(|k| d.contains_key(k))
    .collect();
    if n.is_hotspot {
        if n.domain_name.as_deref().is_none_or(|s| s.trim().is_empty()) {
            out.push(
                Observation::new(
                    &catalogue::MC_HOTSPOT_WITHOUT_DOMAIN_NAME,
                    Some(p.loc.clone()),
                    "IsHotspot is true but DomainName is missing or empty",
                )
                .with_fix("set DomainName to the home realm (the operator's ANQP Domain Name)"),
            );
        }
        if n.roaming_consortium_ois.is_empty()
            && n.nai_realm_names.is_empty()
            && n.mcc_and_mncs.is_empty()
        {
            out.push(Observation::new(
                &catalogue::MC_HOTSPOT_WITHOUT_IDENTIFIER,
                Some(p.loc.clone()),
                "the Passpoint network has no RoamingConsortiumOIs, NAIRealmNames or MCCAndMNCs to match hotspots with",
            ));
        }
    } else if !hs_keys.is_empty() {
        out.push(
            Observation::new(
                &catalogue::MC_HOTSPOT_KEYS_WITHOUT_ISHOTSPOT,
                Some(p.loc.clone()),
                format!(
                    "{} set but IsHotspot is not true: the keys are ignored",
                    hs_keys.join(", ")
                ),
            )
            .with_fix("add <key>IsHotspot</key><true/>"),
        );
    }
    for (i, oi) in n.roaming_consortium_ois.iter().enumerate() {
        let loc = Some(format!("{} › RoamingConsortiumOIs[{i}]", p.loc));
        match shapes::oi_shape(oi) {
            Oi::Valid => {}
            Oi::Invalid => out.push(Observation::new(
                &catalogue::MC_INVALID_OI,
                loc,
                format!("'{oi}' is not an organisation identifier of 6 or 10 hex digits"),
            )),
            Oi::Lowercase => out.push(
                Observation::new(
                    &catalogue::MC_LOWERCASE_OI,
                    loc,
                    format!("'{oi}' has lowercase hex digits"),
                )
                .with_fix(format!("write it as '{}'", oi.to_ascii_uppercase())),
            ),
        }
    }
    // MCCAndMNCs: the schema's pattern is six digits; the 'F' padding NEHotspotHS20Settings
    // accepts is still a finding here (with the digit-padded value as the fix).
    for (i, m) in n.mcc_and_mncs.iter().enumerate() {
        let loc = Some(format!("{} › MCCAndMNCs[{i}]", p.loc));
        match shapes::mcc_mnc_shape(m) {
            MccMnc::Digits => {}
            MccMnc::PaddedWithF => out.push(
                Observation::new(
                    &catalogue::MC_INVALID_MCC_MNC,
                    loc,
                    format!("'{m}' uses 'F' padding; the profile schema asks for exactly six digits"),
                )
                .with_fix(format!("write it as '{}'", shapes::digit_padded(m))),
            ),
            MccMnc::Invalid => out.push(Observation::new(
                &catalogue::MC_INVALID_MCC_MNC,
                loc,
                format!("'{m}' is not exactly six digits (3-digit MCC + 3-digit MNC, a 2-digit MNC padded with 0)"),
            )),
        }
    }
    if !n.roaming_consortium_ois.is_empty() && !n.nai_realm_names.is_empty() {
        out.push(
            Observation::new(
                &catalogue::MC_NAI_REALM_WITH_RCOI,
                Some(p.loc.clone()),
                "NAIRealmNames and RoamingConsortiumOIs are in the same Passpoint payload",
            )
            .with_fix("put the RCOIs and the NAI realms into two com.apple.wifi.managed payloads"),
        );
    }
    if !n.is_hotspot && n.ssid.as_deref().is_none_or(str::is_empty) {
        out.push(Observation::new(
            &catalogue::MC_SSID_MISSING,
            Some(p.loc.clone()),
            "neither SSID_STR nor a Passpoint DomainName: the payload names no network",
        ));
    }

    // PayloadCertificateUUID → a pkcs12 payload (MC-03).
    if let Some(u) = &n.certificate_uuid {
        match by_uuid.get(u.as_str()) {
            None => out.push(Observation::new(
                &catalogue::MC_DANGLING_CERTIFICATE_UUID,
                at("PayloadCertificateUUID"),
                format!("PayloadCertificateUUID {u} matches no payload in this profile"),
            )),
            Some(t) if t.ptype != PKCS12 => out.push(Observation::new(
                &catalogue::MC_CERTIFICATE_UUID_NOT_IDENTITY,
                at("PayloadCertificateUUID"),
                format!("PayloadCertificateUUID {u} points to {}, not to a com.apple.security.pkcs12 identity", t.loc),
            )),
            _ => {}
        }
    }

    let Some(eap) = d
        .get("EAPClientConfiguration")
        .and_then(Value::as_dictionary)
    else {
        return n;
    };
    let eap_loc = |k: &str| Some(format!("{} › EAPClientConfiguration › {k}", p.loc));
    n.eap_types = match eap.get("AcceptEAPTypes") {
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_signed_integer()).collect(),
        _ => vec![],
    };
    n.trusted_server_names = strings(eap, "TLSTrustedServerNames");
    n.anchor_uuids = strings(eap, "PayloadCertificateAnchorUUID");
    n.tls_minimum = eap
        .get("TLSMinimumVersion")
        .and_then(Value::as_string)
        .map(String::from);
    n.tls_maximum = eap
        .get("TLSMaximumVersion")
        .and_then(Value::as_string)
        .map(String::from);
    n.outer_identity = eap
        .get("OuterIdentity")
        .and_then(Value::as_string)
        .map(String::from);

    // MC-09.
    match d.get("EncryptionType").and_then(Value::as_string) {
        Some(t @ ("None" | "WEP")) => out.push(Observation::new(
            &catalogue::MC_ENCRYPTION_TYPE_NO_EAP,
            at("EncryptionType"),
            format!("EncryptionType '{t}' cannot carry 802.1X/EAP; EAPClientConfiguration is ignored"),
        ).with_fix("use WPA2 (joins WPA2 and WPA3 networks on iOS 16+)")),
        Some("WPA3") => out.push(Observation::new(
            &catalogue::MC_ENCRYPTION_TYPE_WPA3_ONLY,
            at("EncryptionType"),
            "EncryptionType WPA3 joins WPA3-only networks; WPA2/WPA3 transition networks are not joined",
        ).with_fix("use WPA2 unless every access point is WPA3-only")),
        _ => {}
    }

    // MC-04.
    let tls = n.eap_types.contains(&13);
    if tls && n.eap_types.len() > 1 {
        out.push(
            Observation::new(
                &catalogue::MC_MIXED_EAP_TYPES,
                eap_loc("AcceptEAPTypes"),
                format!(
                    "EAP-TLS (13) is combined with {:?}",
                    n.eap_types.iter().filter(|t| **t != 13).collect::<Vec<_>>()
                ),
            )
            .with_fix(
                "accept only [13] in this payload; make another payload for other EAP methods",
            ),
        );
    }
    if tls && n.certificate_uuid.is_none() {
        out.push(Observation::new(
            &catalogue::MC_EAP_TLS_WITHOUT_IDENTITY,
            Some(p.loc.clone()),
            "EAP-TLS without PayloadCertificateUUID: no client identity is bound to the network",
        ).with_fix("set PayloadCertificateUUID to the PayloadUUID of the com.apple.security.pkcs12 payload"));
    }
    let has_trusted_certs =
        matches!(eap.get("TLSTrustedCertificates"), Some(Value::Array(a)) if !a.is_empty());
    let has_anchors = !n.anchor_uuids.is_empty() || has_trusted_certs;
    match (n.trusted_server_names.is_empty(), has_anchors) {
        (true, false) => out.push(Observation::new(
            &catalogue::MC_NO_SERVER_TRUST,
            Some(format!("{} › EAPClientConfiguration", p.loc)),
            "neither TLSTrustedServerNames nor PayloadCertificateAnchorUUID: the RADIUS server is not pinned",
        )),
        (true, true) => out.push(Observation::new(
            &catalogue::MC_ANCHORS_WITHOUT_SERVER_NAMES,
            Some(format!("{} › EAPClientConfiguration", p.loc)),
            "CA anchors without TLSTrustedServerNames: any server certificate from these CAs is accepted",
        ).with_fix("add TLSTrustedServerNames with the RADIUS server's certificate name")),
        (false, false) => out.push(Observation::new(
            &catalogue::MC_SERVER_NAMES_WITHOUT_ANCHORS,
            Some(format!("{} › EAPClientConfiguration", p.loc)),
            "TLSTrustedServerNames without PayloadCertificateAnchorUUID: the server must chain to a root the device already trusts",
        )),
        (false, true) => {}
    }
    // TRUST-01/02: the same answer as `hs20check check` gives for trustedServerNames.
    for (i, name) in n.trusted_server_names.iter().enumerate() {
        if let Some(f) = hs20_core::check::trusted_name_finding(name) {
            out.push(Observation::from_finding(
                f,
                eap_loc(&format!("TLSTrustedServerNames[{i}]")),
            ));
        }
    }

    // Anchors → certificate payloads (MC-03).
    for (i, u) in n.anchor_uuids.iter().enumerate() {
        let loc = eap_loc(&format!("PayloadCertificateAnchorUUID[{i}]"));
        match by_uuid.get(u.as_str()) {
            None => out.push(Observation::new(
                &catalogue::MC_DANGLING_ANCHOR_UUID,
                loc,
                format!("anchor UUID {u} matches no payload in this profile"),
            )),
            Some(t) if !CERT_TYPES.contains(&t.ptype.as_str()) => out.push(Observation::new(
                &catalogue::MC_ANCHOR_NOT_CERTIFICATE,
                loc,
                format!(
                    "anchor UUID {u} points to {}, not to a certificate payload",
                    t.loc
                ),
            )),
            Some(t) => {
                if let Some(der) = certs
                    .iter()
                    .find(|c| c.payload_index == t.index)
                    .and_then(|c| c.der.clone())
                {
                    n.anchor_certificates.push(der);
                }
            }
        }
    }
    if !n.anchor_certificates.is_empty()
        && !n
            .anchor_certificates
            .iter()
            .any(|c| CertFacts::from_der(c).is_ok_and(|s| s.self_issued))
    {
        out.push(Observation::new(
            &catalogue::MC_NO_ROOT_ANCHOR,
            eap_loc("PayloadCertificateAnchorUUID"),
            "the anchors are intermediate CAs only; a RADIUS certificate re-issued under another intermediate of the same root will be refused",
        ));
    }

    // MC-05.
    let min = n.tls_minimum.clone().unwrap_or_else(|| "1.0".into());
    let max = n.tls_maximum.clone().unwrap_or_else(|| "1.2".into());
    let known = |v: &str| ["1.0", "1.1", "1.2", "1.3"].contains(&v);
    if known(&min) && known(&max) && min > max {
        out.push(
            Observation::new(
                &catalogue::MC_TLS_MIN_ABOVE_MAX,
                Some(format!("{} › EAPClientConfiguration", p.loc)),
                format!(
                    "TLSMinimumVersion {min} is above TLSMaximumVersion {max}{}",
                    if n.tls_maximum.is_none() {
                        " (the default maximum)"
                    } else {
                        ""
                    }
                ),
            )
            .with_fix(format!("set TLSMaximumVersion to {min}")),
        );
    }
    if min == "1.3"
        && n.outer_identity
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        out.push(
            Observation::new(
                &catalogue::MC_TLS13_WITHOUT_OUTER_IDENTITY,
                eap_loc("OuterIdentity"),
                "TLSMinimumVersion is 1.3 but OuterIdentity is missing",
            )
            .with_fix(match n.nai_realm_names.first().or(n.domain_name.as_ref()) {
                Some(realm) => {
                    format!("add <key>OuterIdentity</key><string>anonymous@{realm}</string>")
                }
                None => "add OuterIdentity, e.g. anonymous@<your realm>".to_string(),
            }),
        );
    }
    if (min == "1.3" || max == "1.3") && min_ios.major() < 17 {
        out.push(Observation::new(
            &catalogue::MC_TLS13_NEEDS_IOS17,
            Some(format!("{} › EAPClientConfiguration", p.loc)),
            format!("TLS 1.3 for EAP in profiles exists from iOS 17; the minimum target is iOS {min_ios}"),
        ));
    }
    n
}

/// A plist date as the time the checks compare with.
fn plist_date(d: plist::Date) -> OffsetDateTime {
    OffsetDateTime::from(std::time::SystemTime::from(d))
}
