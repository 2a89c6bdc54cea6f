//! The Passpoint (Hotspot 2.0) part of a Wi-Fi payload (MC-06, MC-07): the hotspot block, its
//! organisation identifiers, MCC/MNC pairs, and NAI realms beside RCOIs.

use hs20_core::apple::shapes::{self, MccMnc, Oi};
use hs20_core::rules::catalogue;

use super::NetworkFacts;
use crate::lint::payload::Payload;
use crate::lint::Observation;

/// The keys that only mean something when IsHotspot is true.
const HOTSPOT_KEYS: [&str; 4] = [
    "DomainName",
    "RoamingConsortiumOIs",
    "NAIRealmNames",
    "MCCAndMNCs",
];

/// MC-06: a hotspot needs a DomainName and something to match hotspots with; without
/// IsHotspot the Hotspot 2.0 keys are ignored.
pub(super) fn hotspot_block(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    if !n.is_hotspot {
        keys_without_is_hotspot(p, out);
        return;
    }
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
}

/// Present keys count, whatever their type: the device ignores them all the same.
fn keys_without_is_hotspot(p: &Payload, out: &mut Vec<Observation>) {
    let present: Vec<&str> = HOTSPOT_KEYS
        .into_iter()
        .filter(|k| p.dict.contains_key(k))
        .collect();
    if present.is_empty() {
        return;
    }
    out.push(
        Observation::new(
            &catalogue::MC_HOTSPOT_KEYS_WITHOUT_ISHOTSPOT,
            Some(p.loc.clone()),
            format!(
                "{} set but IsHotspot is not true: the keys are ignored",
                present.join(", ")
            ),
        )
        .with_fix("add <key>IsHotspot</key><true/>"),
    );
}

/// RoamingConsortiumOIs: 6 or 10 hex digits, uppercase.
pub(super) fn organisation_identifiers(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    for (i, oi) in n.roaming_consortium_ois.iter().enumerate() {
        let loc = p.at(&format!("RoamingConsortiumOIs[{i}]"));
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
}

/// MCCAndMNCs: the schema's pattern is six digits; the 'F' padding NEHotspotHS20Settings
/// accepts is still a finding here (with the digit-padded value as the fix).
pub(super) fn mcc_and_mncs(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    for (i, m) in n.mcc_and_mncs.iter().enumerate() {
        let loc = p.at(&format!("MCCAndMNCs[{i}]"));
        match shapes::mcc_mnc_shape(m) {
            MccMnc::Digits => {}
            MccMnc::PaddedWithF => out.push(
                Observation::new(
                    &catalogue::MC_INVALID_MCC_MNC,
                    loc,
                    format!("'{m}' uses 'F' padding; the profile schema asks for exactly six digits"),
                )
                .with_fix(format!(
                    "write it as '{}', the only form the schema allows; whether the device then matches the network's two-digit MNC is unconfirmed (3GPP marks a two-digit MNC with 'F'): test on a device, or match this network by NAI realm or roaming consortium instead",
                    shapes::digit_padded(m)
                )),
            ),
            MccMnc::Invalid => out.push(Observation::new(
                &catalogue::MC_INVALID_MCC_MNC,
                loc,
                format!("'{m}' is not exactly six digits (3-digit MCC + 3-digit MNC, a 2-digit MNC padded with 0)"),
            )),
        }
    }
}

/// MC-07: in eduroam CAT's field tests a block with both lists did not join hotspots that
/// advertise only an OI.
pub(super) fn nai_realms_with_ois(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
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
}
