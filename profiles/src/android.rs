//! Android Passpoint R1 provisioning document (`application/x-wifi-config`, AND-01..AND-06):
//! base64 of a MIME multipart/mixed message with the PPS-MO XML, the CA certificate and a
//! passwordless PKCS#12 holding one key entry. Android's ConfigParser accepts only the
//! Content-Type and Content-Transfer-Encoding headers (AND-03), so nothing else is written.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::spec::ProfileSpec;
use hs20_core::time::iso8601;
use hs20_core::x509::CertFacts;

/// The MIME type to serve the document with (AND-01).
pub const MIME_TYPE: &str = "application/x-wifi-config";
/// The PPS-MO type URN PpsMoParser requires (AND-04; note the hyphen).
pub const PPS_MO_URN: &str = "urn:wfa:mo:hotspot2dot0-perprovidersubscription:1.0";

/// The document: the HTTP body to serve as `application/x-wifi-config` with
/// `Content-Transfer-Encoding: base64` and no Content-Disposition (AND-01).
pub fn build(spec: &ProfileSpec) -> Result<String> {
    spec.check()?;
    let xml = pps_mo(spec);
    let ca = ca_for_android(spec);
    let p12 = spec.identity.to_passwordless_android_pkcs12()?;
    let mut h = Sha256::new();
    h.update(xml.as_bytes());
    h.update(&ca);
    let boundary = format!("hs20check-{}", hex::encode(&h.finalize()[..8]));
    let mut mime = String::new();
    mime.push_str(&format!(
        "Content-Type: multipart/mixed; boundary={boundary}\r\n"
    ));
    mime.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    for (ctype, data) in [
        ("application/x-passpoint-profile", xml.as_bytes()),
        ("application/x-x509-ca-cert", ca.as_slice()),
        ("application/x-pkcs12", p12.as_slice()),
    ] {
        mime.push_str(&format!("--{boundary}\r\n"));
        mime.push_str(&format!("Content-Type: {ctype}\r\n"));
        mime.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        mime.push_str(&wrapped_base64(data));
    }
    mime.push_str(&format!("--{boundary}--\r\n"));
    Ok(wrapped_base64(mime.as_bytes()))
}

/// The CA Android stores (it keeps one, AND-02/AND-07): the self-signed root among `--ca`, else the first.
fn ca_for_android(spec: &ProfileSpec) -> Vec<u8> {
    spec.ca_certs
        .iter()
        .find(|c| CertFacts::from_der(c).is_ok_and(|s| s.self_issued))
        .unwrap_or(&spec.ca_certs[0])
        .clone()
}

/// The PerProviderSubscription MO (PpsMoParser's tree: HomeSP, Credential, Extension/Android).
pub fn pps_mo(spec: &ProfileSpec) -> String {
    let leaf = &spec.identity.leaf;
    let fingerprint = hex::encode(Sha256::digest(&spec.identity.leaf_der));
    let mut home = vec![
        leaf_node("FriendlyName", &spec.operator()),
        leaf_node("FQDN", spec.domain()),
    ];
    let rcois = spec.rcois_upper();
    if !rcois.is_empty() {
        home.push(leaf_node("RoamingConsortiumOI", &rcois.join(",")));
    }
    let credential = vec![
        leaf_node("CreationDate", &iso8601(leaf.not_before)),
        leaf_node("ExpirationDate", &iso8601(leaf.not_after)),
        inner_node(
            "DigitalCertificate",
            vec![
                leaf_node("CertificateType", "x509v3"),
                leaf_node("CertSHA256Fingerprint", &fingerprint),
            ],
        ),
        leaf_node("Realm", &spec.realm),
    ];
    let mut instance = vec![
        inner_node("HomeSP", home),
        inner_node("Credential", credential),
    ];
    if !spec.trusted_server_names.is_empty() {
        // AND-04: AAAServerTrustedNames/FQDN is a semicolon-separated list.
        let names = leaf_node("FQDN", &spec.trusted_server_names.join(";"));
        instance.push(inner_node(
            "Extension",
            vec![inner_node(
                "Android",
                vec![inner_node("AAAServerTrustedNames", vec![names])],
            )],
        ));
    }
    let mut xml = String::new();
    xml.push_str("<MgmtTree xmlns=\"syncml:dmddf1.2\">\n");
    xml.push_str("  <VerDTD>1.2</VerDTD>\n");
    xml.push_str("  <Node>\n    <NodeName>PerProviderSubscription</NodeName>\n");
    xml.push_str(&format!(
        "    <RTProperties>\n      <Type>\n        <DDFName>{PPS_MO_URN}</DDFName>\n      </Type>\n    </RTProperties>\n"
    ));
    xml.push_str(&render(&inner_node("i001", instance), 2));
    xml.push_str("  </Node>\n</MgmtTree>\n");
    xml
}

enum Node {
    Leaf(String, String),
    Inner(String, Vec<Node>),
}

fn leaf_node(name: &str, value: &str) -> Node {
    Node::Leaf(name.into(), value.into())
}

fn inner_node(name: &str, children: Vec<Node>) -> Node {
    Node::Inner(name.into(), children)
}

fn render(node: &Node, depth: usize) -> String {
    let pad = "  ".repeat(depth);
    match node {
        Node::Leaf(name, value) => format!(
            "{pad}<Node>\n{pad}  <NodeName>{}</NodeName>\n{pad}  <Value>{}</Value>\n{pad}</Node>\n",
            escape(name),
            escape(value)
        ),
        Node::Inner(name, children) => {
            let mut s = format!(
                "{pad}<Node>\n{pad}  <NodeName>{}</NodeName>\n",
                escape(name)
            );
            for c in children {
                s.push_str(&render(c, depth + 1));
            }
            s.push_str(&format!("{pad}</Node>\n"));
            s
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn wrapped_base64(data: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::new();
    for chunk in b64.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out
}
