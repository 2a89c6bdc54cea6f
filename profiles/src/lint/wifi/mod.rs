//! com.apple.wifi.managed payloads: the facts the validator needs, then one function per rule
//! family, called in the order the observations are reported.

mod eap;
mod network;
mod passpoint;
mod tls;
mod trust;

use plist::{Dictionary, Value};
use serde::Serialize;

use super::certificate::EmbeddedCertificate;
use super::payload::{ByUuid, Payload, WIFI};
use super::values::{string, strings};
use super::Observation;
use crate::schema::IosVersion;
use hs20_core::rules::catalogue;

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
    /// ServiceProviderRoamingEnabled (default false).
    pub roaming_enabled: bool,
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

const EAP_CONFIGURATION: &str = "EAPClientConfiguration";

/// The location of `key` inside the payload's EAPClientConfiguration.
fn eap_at(p: &Payload, key: &str) -> Option<String> {
    p.at(&format!("{EAP_CONFIGURATION} › {key}"))
}

/// Every Wi-Fi payload of the profile; a profile with payloads but no network is reported.
pub(super) fn networks(
    payloads: &[Payload],
    by_uuid: &ByUuid,
    certificates: &[EmbeddedCertificate],
    min_ios: &IosVersion,
    out: &mut Vec<Observation>,
) -> Vec<NetworkFacts> {
    let wifi: Vec<&Payload> = payloads.iter().filter(|p| p.ptype == WIFI).collect();
    if wifi.is_empty() && !payloads.is_empty() {
        out.push(Observation::new(
            &catalogue::MC_NO_WIFI_PAYLOAD,
            None,
            "the profile has no com.apple.wifi.managed payload: it installs certificates but configures no network",
        ));
    }
    wifi.into_iter()
        .map(|p| wifi_payload(p, by_uuid, certificates, min_ios, out))
        .collect()
}

fn wifi_payload(
    p: &Payload,
    by_uuid: &ByUuid,
    certificates: &[EmbeddedCertificate],
    min_ios: &IosVersion,
    out: &mut Vec<Observation>,
) -> NetworkFacts {
    let eap = p.dict.get(EAP_CONFIGURATION).and_then(Value::as_dictionary);
    let mut n = network_facts(p, eap);

    passpoint::hotspot_block(p, &n, out);
    passpoint::organisation_identifiers(p, &n, out);
    passpoint::mcc_and_mncs(p, &n, out);
    passpoint::nai_realms_with_ois(p, &n, out);
    network::ssid(p, &n, out);
    eap::certificate_uuid(p, &n, by_uuid, out);

    // The rest is about 802.1X: without EAPClientConfiguration (an open or PSK network) there
    // is nothing more to check, EncryptionType included.
    let Some(eap) = eap else {
        return n;
    };
    network::encryption_type(p, out);
    eap::accept_eap_types(p, &n, out);
    eap::eap_tls_identity(p, &n, out);
    trust::server_trust(p, eap, &n, out);
    trust::server_names(p, &n, out);
    // Resolved here rather than in network_facts: the references are checked as they resolve.
    n.anchor_certificates = trust::anchor_certificates(p, &n, by_uuid, certificates, out);
    trust::root_anchor(p, &n, out);
    tls::version_order(p, &n, out);
    tls::outer_identity(p, &n, out);
    tls::tls13_needs_ios17(p, &n, min_ios, out);
    n
}

/// What the payload says, read once; the EAP fields stay empty without `eap`.
fn network_facts(p: &Payload, eap: Option<&Dictionary>) -> NetworkFacts {
    let d = p.dict;
    let mut n = NetworkFacts {
        payload_index: p.index,
        uuid: string(d, "PayloadUUID"),
        is_hotspot: matches!(d.get("IsHotspot"), Some(Value::Boolean(true))),
        ssid: string(d, "SSID_STR"),
        domain_name: string(d, "DomainName"),
        nai_realm_names: strings(d, "NAIRealmNames"),
        roaming_consortium_ois: strings(d, "RoamingConsortiumOIs"),
        mcc_and_mncs: strings(d, "MCCAndMNCs"),
        roaming_enabled: matches!(
            d.get("ServiceProviderRoamingEnabled"),
            Some(Value::Boolean(true))
        ),
        certificate_uuid: string(d, "PayloadCertificateUUID"),
        ..Default::default()
    };
    if let Some(eap) = eap {
        n.eap_types = match eap.get("AcceptEAPTypes") {
            Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_signed_integer()).collect(),
            _ => vec![],
        };
        n.trusted_server_names = strings(eap, "TLSTrustedServerNames");
        n.anchor_uuids = strings(eap, "PayloadCertificateAnchorUUID");
        n.tls_minimum = string(eap, "TLSMinimumVersion");
        n.tls_maximum = string(eap, "TLSMaximumVersion");
        n.outer_identity = string(eap, "OuterIdentity");
    }
    n
}
