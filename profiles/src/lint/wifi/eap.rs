//! The EAP method and the client identity bound to it (MC-03, MC-04).

use super::{eap_at, NetworkFacts};
use crate::lint::payload::{ByUuid, Payload, PKCS12};
use crate::lint::Observation;
use hs20_core::rules::catalogue;

/// The EAP type number of EAP-TLS.
const EAP_TLS: i64 = 13;

/// MC-03: PayloadCertificateUUID must name a pkcs12 payload of this profile.
pub(super) fn certificate_uuid(
    p: &Payload,
    n: &NetworkFacts,
    by_uuid: &ByUuid,
    out: &mut Vec<Observation>,
) {
    let Some(u) = &n.certificate_uuid else {
        return;
    };
    match by_uuid.get(u.as_str()) {
        None => out.push(Observation::new(
            &catalogue::MC_DANGLING_CERTIFICATE_UUID,
            p.at("PayloadCertificateUUID"),
            format!("PayloadCertificateUUID {u} matches no payload in this profile"),
        )),
        Some(t) if t.ptype != PKCS12 => out.push(Observation::new(
            &catalogue::MC_CERTIFICATE_UUID_NOT_IDENTITY,
            p.at("PayloadCertificateUUID"),
            format!("PayloadCertificateUUID {u} points to {}, not to a com.apple.security.pkcs12 identity", t.loc),
        )),
        _ => {}
    }
}

/// MC-04: with EAP-TLS among AcceptEAPTypes the other methods' username/password path is
/// skipped, so EAP-TLS goes alone.
pub(super) fn accept_eap_types(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    if n.eap_types.contains(&EAP_TLS) && n.eap_types.len() > 1 {
        out.push(
            Observation::new(
                &catalogue::MC_MIXED_EAP_TYPES,
                eap_at(p, "AcceptEAPTypes"),
                format!(
                    "EAP-TLS (13) is combined with {:?}",
                    n.eap_types
                        .iter()
                        .filter(|t| **t != EAP_TLS)
                        .collect::<Vec<_>>()
                ),
            )
            .with_fix(
                "accept only [13] in this payload; make another payload for other EAP methods",
            ),
        );
    }
}

/// MC-03/MC-04: EAP-TLS needs a client identity bound to the network; auto-join of a Passpoint
/// network cannot ask the user for one.
pub(super) fn eap_tls_identity(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    if n.eap_types.contains(&EAP_TLS) && n.certificate_uuid.is_none() {
        out.push(Observation::new(
            &catalogue::MC_EAP_TLS_WITHOUT_IDENTITY,
            Some(p.loc.clone()),
            "EAP-TLS without PayloadCertificateUUID: no client identity is bound to the network",
        ).with_fix("set PayloadCertificateUUID to the PayloadUUID of the com.apple.security.pkcs12 payload"));
    }
}
