//! The network a Wi-Fi payload names (SSID) and how it is secured (EncryptionType, MC-09).

use plist::Value;

use super::NetworkFacts;
use crate::lint::payload::Payload;
use crate::lint::Observation;
use hs20_core::rules::catalogue;

/// A payload that is not a hotspot is matched by SSID alone.
pub(super) fn ssid(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    if !n.is_hotspot && n.ssid.as_deref().is_none_or(str::is_empty) {
        out.push(Observation::new(
            &catalogue::MC_SSID_MISSING,
            Some(p.loc.clone()),
            "neither SSID_STR nor a Passpoint DomainName: the payload names no network",
        ));
    }
}

/// MC-09, for payloads with an EAPClientConfiguration: an EncryptionType that cannot carry EAP,
/// or one that skips WPA2/WPA3 transition networks.
pub(super) fn encryption_type(p: &Payload, out: &mut Vec<Observation>) {
    let at = p.at("EncryptionType");
    match p.dict.get("EncryptionType").and_then(Value::as_string) {
        Some(t @ ("None" | "WEP")) => out.push(Observation::new(
            &catalogue::MC_ENCRYPTION_TYPE_NO_EAP,
            at,
            format!("EncryptionType '{t}' cannot carry 802.1X/EAP; EAPClientConfiguration is ignored"),
        ).with_fix("use WPA2 (joins WPA2 and WPA3 networks on iOS 16+)")),
        Some("WPA3") => out.push(Observation::new(
            &catalogue::MC_ENCRYPTION_TYPE_WPA3_ONLY,
            at,
            "EncryptionType WPA3 joins WPA3-only networks; WPA2/WPA3 transition networks are not joined",
        ).with_fix("use WPA2 unless every access point is WPA3-only")),
        _ => {}
    }
}
