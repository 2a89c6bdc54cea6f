//! TLS versions for EAP and what they require (MC-05): a consistent range, an OuterIdentity
//! with TLS 1.3, and an iOS that knows TLS 1.3.

use super::{eap_at, NetworkFacts, EAP_CONFIGURATION};
use crate::lint::payload::Payload;
use crate::lint::Observation;
use crate::schema::IosVersion;
use hs20_core::rules::catalogue;

/// The values Apple's schema allows for TLSMinimumVersion and TLSMaximumVersion.
const VERSIONS: [&str; 4] = ["1.0", "1.1", "1.2", "1.3"];

/// The effective range: missing keys take the schema's defaults, 1.0 and 1.2.
fn versions(n: &NetworkFacts) -> (String, String) {
    (
        n.tls_minimum.clone().unwrap_or_else(|| "1.0".into()),
        n.tls_maximum.clone().unwrap_or_else(|| "1.2".into()),
    )
}

/// A minimum above the maximum, e.g. a minimum of 1.3 left with the default maximum.
/// Unknown values are the schema's to report.
pub(super) fn version_order(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    let (min, max) = versions(n);
    if VERSIONS.contains(&min.as_str()) && VERSIONS.contains(&max.as_str()) && min > max {
        out.push(
            Observation::new(
                &catalogue::MC_TLS_MIN_ABOVE_MAX,
                p.at(EAP_CONFIGURATION),
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
}

/// Apple's schema requires OuterIdentity when the minimum is TLS 1.3; the fix suggests an
/// anonymous identity in the payload's own realm.
pub(super) fn outer_identity(p: &Payload, n: &NetworkFacts, out: &mut Vec<Observation>) {
    let (min, _) = versions(n);
    let missing = n
        .outer_identity
        .as_deref()
        .is_none_or(|s| s.trim().is_empty());
    if min != "1.3" || !missing {
        return;
    }
    out.push(
        Observation::new(
            &catalogue::MC_TLS13_WITHOUT_OUTER_IDENTITY,
            eap_at(p, "OuterIdentity"),
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

/// TLS 1.3 for EAP in profiles exists from iOS 17.
pub(super) fn tls13_needs_ios17(
    p: &Payload,
    n: &NetworkFacts,
    min_ios: &IosVersion,
    out: &mut Vec<Observation>,
) {
    let (min, max) = versions(n);
    if (min == "1.3" || max == "1.3") && min_ios.major() < 17 {
        out.push(Observation::new(
            &catalogue::MC_TLS13_NEEDS_IOS17,
            p.at(EAP_CONFIGURATION),
            format!("TLS 1.3 for EAP in profiles exists from iOS 17; the minimum target is iOS {min_ios}"),
        ));
    }
}
