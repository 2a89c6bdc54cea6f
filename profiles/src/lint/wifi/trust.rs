//! How the device decides to trust the RADIUS server: TLSTrustedServerNames and the anchors
//! (MC-03, TRUST-01/02/07).

use plist::{Dictionary, Value};

use super::{eap_at, NetworkFacts, EAP_CONFIGURATION};
use crate::lint::certificate::EmbeddedCertificate;
use crate::lint::payload::{ByUuid, Payload, CERT_TYPES};
use crate::lint::Observation;
use hs20_core::rules::catalogue;
use hs20_core::x509::CertFacts;

/// The server is pinned by name and by CA; each half alone leaves a gap worth naming.
pub(super) fn server_trust(
    p: &Payload,
    eap: &Dictionary,
    n: &NetworkFacts,
    out: &mut Vec<Observation>,
) {
    let has_trusted_certs =
        matches!(eap.get("TLSTrustedCertificates"), Some(Value::Array(a)) if !a.is_empty());
    let has_anchors = !n.anchor_uuids.is_empty() || has_trusted_certs;
    let at = p.at(EAP_CONFIGURATION);
    match (n.trusted_server_names.is_empty(), has_anchors) {
        (true, false) => out.push(Observation::new(
            &catalogue::MC_NO_SERVER_TRUST,
            at,
            "neither TLSTrustedServerNames nor PayloadCertificateAnchorUUID: the RADIUS server is not pinned",
        )),
        (true, true) => out.push(Observation::new(
            &catalogue::MC_ANCHORS_WITHOUT_SERVER_NAMES,
            at,
            "CA anchors without TLSTrustedServerNames: any server certificate from these CAs is accepted",
        ).with_fix("add TLSTrustedServerNames with the RADIUS server's certificate name")),
        (false, false) => out.push(Observation::new(
            &catalogue::MC_SERVER_NAMES_WITHOUT_ANCHORS,
            at,
            "TLSTrustedServerNames without PayloadCertificateAnchorUUID: the server must chain to a root the device already trusts",
        )),
        (false, true) => {}
    }
}

/// TRUST-01/02: the same answer as `hs20check check` gives for trustedServerNames.
pub(super) fn server_names(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    for (i, name) in n.trusted_server_names.iter().enumerate() {
        if let Some(f) = hs20_core::check::trusted_name_finding(name) {
            out.push(Observation::from_finding(
                f,
                eap_at(p, &format!("TLSTrustedServerNames[{i}]")),
            ));
        }
    }
}

/// MC-03: each PayloadCertificateAnchorUUID must name a certificate payload of this profile.
/// Returns the DER of those that do (and could be decoded), for the validator.
pub(super) fn anchor_certificates(
    p: &Payload,
    n: &NetworkFacts,
    by_uuid: &ByUuid,
    certificates: &[EmbeddedCertificate],
    out: &mut Vec<Observation>,
) -> Vec<Vec<u8>> {
    let mut anchors = Vec::new();
    for (i, u) in n.anchor_uuids.iter().enumerate() {
        let loc = eap_at(p, &format!("PayloadCertificateAnchorUUID[{i}]"));
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
            Some(t) => anchors.extend(
                certificates
                    .iter()
                    .find(|c| c.payload_index == t.index)
                    .and_then(|c| c.der.clone()),
            ),
        }
    }
    anchors
}

/// TRUST-07: with intermediates only, a server certificate re-issued under another
/// intermediate of the same root is refused.
pub(super) fn root_anchor(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    if !n.anchor_certificates.is_empty()
        && !n
            .anchor_certificates
            .iter()
            .any(|c| CertFacts::from_der(c).is_ok_and(|s| s.self_issued))
    {
        out.push(Observation::new(
            &catalogue::MC_NO_ROOT_ANCHOR,
            eap_at(p, "PayloadCertificateAnchorUUID"),
            "the anchors are intermediate CAs only; a RADIUS certificate re-issued under another intermediate of the same root will be refused",
        ));
    }
}
