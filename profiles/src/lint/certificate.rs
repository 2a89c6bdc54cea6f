//! Certificate payloads (root, pkcs1, pem): decoded for the anchors, and each one a CA.

use plist::Value;
use serde::Serialize;

use super::payload::Payload;
use super::values::string;
use super::Observation;
use hs20_core::rules::catalogue;
use hs20_core::x509::CertFacts;

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

pub(super) fn certificate_payload(p: &Payload, out: &mut Vec<Observation>) -> EmbeddedCertificate {
    let mut cert = EmbeddedCertificate {
        payload_index: p.index,
        uuid: string(p.dict, "PayloadUUID"),
        payload_type: p.ptype.clone(),
        subject: None,
        der: None,
    };
    let Some(data) = p.dict.get("PayloadContent").and_then(Value::as_data) else {
        return cert;
    };
    let der = payload_der(p, data);
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
            p.at("PayloadContent"),
            format!("the certificate cannot be parsed: {reason}"),
        )),
        None => out.push(Observation::new(
            &catalogue::MC_CERTIFICATE_UNREADABLE,
            p.at("PayloadContent"),
            "PayloadContent holds no DER or PEM certificate",
        )),
    }
    cert
}

/// The first certificate in `data`: pem payloads, and any content that does not start like DER
/// (a SEQUENCE), go through the PEM reader.
fn payload_der(p: &Payload, data: &[u8]) -> Option<Vec<u8>> {
    if p.ptype == "com.apple.security.pem" || !data.starts_with(&[0x30]) {
        crate::error::read_certificates(data, &p.loc)
            .ok()
            .and_then(|mut v| (!v.is_empty()).then(|| v.remove(0)))
    } else {
        Some(data.to_vec())
    }
}
