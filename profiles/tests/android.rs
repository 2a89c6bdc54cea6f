//! The x-wifi-config document parsed back under AOSP's rules: ConfigParser (MIME, AND-02/AND-03),
//! PpsMoParser (tree shape, known node names, AND-04), Credential/HomeSp validation (AND-06) and
//! the PKCS#12 part (empty password, exactly one keystore entry as Android's BouncyCastle
//! keystore counts them, AND-05). The PKCS#12 is also opened by the openssl CLI with an empty password.

mod common;

use std::collections::{BTreeMap, HashSet};

use base64::Engine;
use common::*;
use hs20_profiles::android;
use sha2::{Digest, Sha256};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// android.util.Base64.DEFAULT decoding: whitespace and line breaks are ignored.
fn android_b64(text: &str) -> Result<Vec<u8>, String> {
    let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    B64.decode(clean).map_err(|e| e.to_string())
}

#[derive(Default)]
struct Header {
    content_type: Option<String>,
    boundary: Option<String>,
    encoding: Option<String>,
}

/// ConfigParser.readHeaders + parseHeaders: only Content-Type and Content-Transfer-Encoding.
fn read_headers(lines: &mut std::slice::Iter<'_, &str>) -> Result<Header, String> {
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let line = lines.next().ok_or("Missing line")?;
        if line.trim().is_empty() {
            break;
        }
        match line.find(':') {
            None => match headers.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                None => return Err(format!("Bad header line: '{line}'")),
            },
            Some(i) => {
                if line.starts_with(char::is_whitespace) {
                    return Err(format!("Illegal blank prefix in header line '{line}'"));
                }
                headers.push((
                    line[..i].trim().to_string(),
                    line[i + 1..].trim().to_string(),
                ));
            }
        }
    }
    let mut h = Header::default();
    for (name, value) in headers {
        match name.as_str() {
            "Content-Type" => {
                let attrs: Vec<&str> = value.split(';').collect();
                if attrs.is_empty() || attrs.len() > 2 {
                    return Err(format!("Invalid Content-Type: {value}"));
                }
                h.content_type = Some(attrs[0].trim().to_string());
                if attrs.len() == 2 {
                    let b = attrs[1].trim();
                    let b = b
                        .strip_prefix("boundary=")
                        .ok_or(format!("Invalid Content-Type: {value}"))?;
                    let b = if b.len() > 1 && b.starts_with('"') && b.ends_with('"') {
                        &b[1..b.len() - 1]
                    } else {
                        b
                    };
                    h.boundary = Some(b.to_string());
                }
            }
            "Content-Transfer-Encoding" => h.encoding = Some(value),
            other => return Err(format!("Unexpected header: {other}")),
        }
    }
    Ok(h)
}

/// ConfigParser.buildPasspointConfig up to the MIME parts.
fn parse_wifi_config(body: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let decoded = android_b64(body)?;
    let text: String = decoded.iter().map(|b| *b as char).collect(); // ISO-8859-1
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut it = lines.iter();
    let outer = read_headers(&mut it)?;
    if outer.content_type.as_deref() != Some("multipart/mixed") {
        return Err(format!("Invalid content type: {:?}", outer.content_type));
    }
    let boundary = outer
        .boundary
        .filter(|b| !b.is_empty())
        .ok_or("Missing boundary string")?;
    if outer.encoding.as_deref() != Some("base64") {
        return Err(format!("Unexpected encoding: {:?}", outer.encoding));
    }
    loop {
        let line = it.next().ok_or("Unexpected EOF before first boundary")?;
        if *line == format!("--{boundary}") {
            break;
        }
    }
    let mut parts = BTreeMap::new();
    loop {
        let h = read_headers(&mut it)?;
        if h.encoding.as_deref() != Some("base64") {
            return Err(format!("Unexpected encoding type: {:?}", h.encoding));
        }
        let ctype = h.content_type.unwrap_or_default();
        if ![
            "application/x-passpoint-profile",
            "application/x-x509-ca-cert",
            "application/x-pkcs12",
        ]
        .contains(&ctype.as_str())
        {
            return Err(format!("Unexpected content type: {ctype}"));
        }
        let mut data = String::new();
        let last;
        loop {
            let line = it.next().ok_or("Unexpected EOF file in body")?;
            if line.starts_with(&format!("--{boundary}")) {
                last = *line == format!("--{boundary}--");
                break;
            }
            data.push_str(line);
        }
        parts.insert(ctype, android_b64(&data)?);
        if last {
            break;
        }
    }
    Ok(parts)
}

/// PpsMoParser.buildPpsNode: NodeName + (Value xor child Nodes), unique sibling names.
#[derive(Debug)]
enum Pps {
    Leaf(String, String),
    Inner(String, Vec<Pps>),
}

impl Pps {
    fn name(&self) -> &str {
        match self {
            Pps::Leaf(n, _) | Pps::Inner(n, _) => n,
        }
    }
    fn child(&self, name: &str) -> Option<&Pps> {
        match self {
            Pps::Inner(_, c) => c.iter().find(|c| c.name() == name),
            _ => None,
        }
    }
    fn value(&self) -> Option<&str> {
        match self {
            Pps::Leaf(_, v) => Some(v),
            _ => None,
        }
    }
}

fn build_node(n: roxmltree::Node) -> Result<Pps, String> {
    let mut name = None;
    let mut value = None;
    let mut children = Vec::new();
    let mut seen = HashSet::new();
    for c in n.children().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "NodeName" if name.is_none() => name = Some(c.text().unwrap_or("").to_string()),
            "NodeName" => return Err("Duplicate NodeName node".into()),
            "Node" => {
                let child = build_node(c)?;
                if !seen.insert(child.name().to_string()) {
                    return Err(format!("Duplicate node: {}", child.name()));
                }
                children.push(child);
            }
            "Value" if value.is_none() => value = Some(c.text().unwrap_or("").to_string()),
            "Value" => return Err("Duplicate Value node".into()),
            other => return Err(format!("Unknown tag: {other}")),
        }
    }
    let name = name.ok_or("Invalid node: missing NodeName")?;
    match (value, children.is_empty()) {
        (None, true) => Err(format!(
            "Invalid node: {name} missing both value and children"
        )),
        (Some(_), false) => Err(format!(
            "Invalid node: {name} contained both value and children"
        )),
        (Some(v), true) => Ok(Pps::Leaf(name, v)),
        (None, false) => Ok(Pps::Inner(name, children)),
    }
}

/// Node names PpsMoParser knows under each parent this profile uses; anything else is a parse failure.
fn check_known(node: &Pps, parent: &str) -> Result<(), String> {
    let allowed: &[&str] = match parent {
        "instance" => &[
            "AAAServerTrustRoot",
            "HomeSP",
            "Credential",
            "Policy",
            "SubscriptionUpdate",
            "SubscriptionParameters",
            "CredentialPriority",
            "Extension",
        ],
        "HomeSP" => &[
            "FriendlyName",
            "FQDN",
            "RoamingConsortiumOI",
            "IconURL",
            "NetworkID",
            "HomeOIList",
            "OtherHomePartners",
        ],
        "Credential" => &[
            "CreationDate",
            "ExpirationDate",
            "Realm",
            "CheckAAAServerCertStatus",
            "UsernamePassword",
            "DigitalCertificate",
            "SIM",
        ],
        "DigitalCertificate" => &["CertificateType", "CertSHA256Fingerprint"],
        "Extension" => &["Android", "WBA"],
        "Android" => &["AAAServerTrustedNames"],
        "AAAServerTrustedNames" => &["FQDN"],
        _ => return Ok(()),
    };
    if !allowed.contains(&node.name()) {
        return Err(format!("Unknown node under {parent}: {}", node.name()));
    }
    if let Pps::Inner(n, children) = node {
        for c in children {
            check_known(c, n)?;
        }
    }
    Ok(())
}

/// PpsMoParser.parseMoText down to the PPS instance.
fn parse_pps_mo(xml: &str) -> Result<Pps, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "MgmtTree" {
        return Err("Root is not a MgmtTree".into());
    }
    let mut instance = None;
    let mut verdtd = 0;
    for c in root.children().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "VerDTD" => verdtd += 1,
            "Node" if instance.is_none() => {
                let mut node_name = None;
                for e in c.children().filter(|e| e.is_element()) {
                    match e.tag_name().name() {
                        "NodeName" => node_name = e.text().map(String::from),
                        "RTProperties" => {
                            let ddf = e
                                .descendants()
                                .find(|d| d.tag_name().name() == "DDFName")
                                .and_then(|d| d.text());
                            if ddf != Some(android::PPS_MO_URN) {
                                return Err(format!("Unknown URN: {ddf:?}"));
                            }
                        }
                        "Node" => {
                            let pps = build_node(e)?;
                            if instance.replace(pps).is_some() {
                                return Err("Multiple PPS instance".into());
                            }
                        }
                        other => return Err(format!("Unknown tag under PPS node: {other}")),
                    }
                }
                if node_name.as_deref() != Some("PerProviderSubscription") {
                    return Err(format!("Unexpected NodeName: {node_name:?}"));
                }
            }
            "Node" => return Err("Unexpected multiple Node element under MgmtTree".into()),
            other => return Err(format!("Unknown node: {other}")),
        }
    }
    if verdtd > 1 {
        return Err("Duplicate VerDTD element".into());
    }
    let instance = instance.ok_or("no PPS instance")?;
    if let Pps::Inner(_, children) = &instance {
        for c in children {
            check_known(c, "instance")?;
        }
    }
    Ok(instance)
}

/// Android's BouncyCastle PKCS12 keystore: entries = distinct (case-insensitive) friendlyNames of
/// certificate bags plus key aliases. AOSP requires exactly one.
fn android_keystore_size(p12: &[u8]) -> usize {
    let archive =
        p12_keystore::Pkcs12Archive::from_pkcs12(p12, "").expect("opens with the empty password");
    let mut names = HashSet::new();
    for c in &archive.certs {
        if let Some(n) = &c.friendly_name {
            names.insert(n.to_lowercase());
        }
    }
    for k in &archive.keys {
        names.insert(k.friendly_name.clone().unwrap_or_default().to_lowercase());
    }
    assert_eq!(archive.keys.len(), 1, "exactly one private key");
    names.len()
}

#[test]
fn document_parses_back_under_aosp_rules() {
    let mut spec = demo_spec();
    spec.roaming_consortium_ois = vec!["5a03ba0000".into(), "001bc50460".into()];
    spec.trusted_server_names = vec!["radius.example.com".into(), "radius2.example.com".into()];
    let body = android::build(&spec).unwrap();
    let parts = parse_wifi_config(&body).unwrap();
    assert_eq!(parts.len(), 3);

    let xml = String::from_utf8(parts["application/x-passpoint-profile"].clone()).unwrap();
    let pps = parse_pps_mo(&xml).unwrap();
    let home = pps.child("HomeSP").expect("HomeSP");
    assert_eq!(home.child("FQDN").and_then(Pps::value), Some("example.com"));
    assert!(!home
        .child("FriendlyName")
        .and_then(Pps::value)
        .unwrap()
        .is_empty());
    for oi in home
        .child("RoamingConsortiumOI")
        .and_then(Pps::value)
        .unwrap()
        .split(',')
    {
        assert!(i64::from_str_radix(oi, 16).is_ok(), "{oi}");
    }
    let cred = pps.child("Credential").expect("Credential");
    let realm = cred.child("Realm").and_then(Pps::value).unwrap();
    assert_eq!(realm, "example.com");
    assert!(realm.len() <= 253);
    let kinds = ["UsernamePassword", "DigitalCertificate", "SIM"]
        .iter()
        .filter(|k| cred.child(k).is_some())
        .count();
    assert_eq!(kinds, 1, "exactly one credential type");
    let dc = cred.child("DigitalCertificate").unwrap();
    assert_eq!(
        dc.child("CertificateType").and_then(Pps::value),
        Some("x509v3")
    );
    let fp = hex::decode(
        dc.child("CertSHA256Fingerprint")
            .and_then(Pps::value)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(fp.len(), 32);
    for d in ["CreationDate", "ExpirationDate"] {
        let v = cred.child(d).and_then(Pps::value).unwrap();
        assert!(
            time::PrimitiveDateTime::parse(
                v,
                time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z")
            )
            .is_ok(),
            "{d} {v}"
        );
    }
    let names = pps
        .child("Extension")
        .and_then(|e| e.child("Android"))
        .and_then(|a| a.child("AAAServerTrustedNames"))
        .and_then(|t| t.child("FQDN"))
        .and_then(Pps::value);
    assert_eq!(names, Some("radius.example.com;radius2.example.com"));

    // CA part: one X.509 certificate, the root.
    let ca = &parts["application/x-x509-ca-cert"];
    let summary = hs20_core::x509::CertFacts::from_der(ca).unwrap();
    assert!(summary.self_issued && summary.is_ca_cert());

    // PKCS#12: empty password, one keystore entry, key present, fingerprint matches a chain cert.
    let p12 = &parts["application/x-pkcs12"];
    assert_eq!(android_keystore_size(p12), 1, "Unexpected key size");
    let archive = p12_keystore::Pkcs12Archive::from_pkcs12(p12, "").unwrap();
    assert!(
        archive
            .certs
            .iter()
            .any(|c| Sha256::digest(c.cert.as_der()).as_slice() == fp.as_slice()),
        "SHA-256 fingerprint mismatch"
    );

    // An independent PKCS#12 reader: openssl with an empty password.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("np.p12");
    std::fs::write(&path, p12).unwrap();
    let o = openssl(&[
        "pkcs12",
        "-in",
        path.to_str().unwrap(),
        "-info",
        "-noout",
        "-passin",
        "pass:",
    ]);
    ok(&o, "openssl pkcs12 with empty password");
}

#[test]
fn strict_parser_rejects_what_android_rejects() {
    let body = android::build(&demo_spec()).unwrap();
    let mime = String::from_utf8(android_b64(&body).unwrap()).unwrap();
    let reencode = |m: &str| B64.encode(m.as_bytes());
    // An extra header (AND-03): e.g. MIME-Version.
    let with_mime_version = format!("MIME-Version: 1.0\r\n{mime}");
    assert!(parse_wifi_config(&reencode(&with_mime_version))
        .unwrap_err()
        .contains("Unexpected header"));
    // A different part encoding.
    let qp = mime.replacen(
        "Content-Transfer-Encoding: base64\r\n\r\n--",
        "Content-Transfer-Encoding: 7bit\r\n\r\n--",
        1,
    );
    assert!(parse_wifi_config(&reencode(&qp)).is_err());
    // A PPS-MO with an unknown node, or without the hyphen in the URN.
    let xml = android::pps_mo(&demo_spec());
    assert!(
        parse_pps_mo(&xml.replace("<NodeName>FQDN</NodeName>", "<NodeName>Fqdn</NodeName>"))
            .is_err()
    );
    assert!(parse_pps_mo(&xml.replace(
        "hotspot2dot0-perprovidersubscription",
        "hotspot2dot0perprovidersubscription"
    ))
    .is_err());
    // A PKCS#12 whose chain certificates carry their own names counts as more than one entry.
    let spec = demo_spec();
    let apple_style = spec
        .identity
        .to_legacy_pkcs12(&hs20_profiles::Secret::new(""))
        .unwrap();
    assert!(android_keystore_size(&apple_style) > 1);
}
