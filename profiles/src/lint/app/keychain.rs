//! The keychain access group NEHotspotConfiguration reads identities from:
//! `<App ID prefix>.com.apple.networkextensionsharing`, which must be among the app's
//! keychain-access-groups.

use super::AppFacts;
use crate::lint::{InputKind, Observation};
use hs20_core::rules::catalogue;

const GROUP_SUFFIX: &str = "com.apple.networkextensionsharing";

/// The group the app must use, reported when keychain-access-groups does not cover it.
pub(super) fn access_group(f: &AppFacts, kind: InputKind, out: &mut Vec<Observation>) -> String {
    let prefix_text = f
        .app_identifier_prefix
        .clone()
        .unwrap_or_else(|| "$(AppIdentifierPrefix)".into());
    let required = if prefix_text.starts_with("$(") {
        format!("$(AppIdentifierPrefix){GROUP_SUFFIX}")
    } else {
        format!("{}.{GROUP_SUFFIX}", prefix_text.trim_end_matches('.'))
    };
    // Xcode's variables, any prefix when this file does not say which, and a provisioning
    // profile's `<prefix>.*` wildcard all cover the group.
    let covers = |g: &str| {
        let g = g.trim();
        g == required
            || g.ends_with(&format!(".{GROUP_SUFFIX}")) && f.app_identifier_prefix.is_none()
            || g == format!("$(AppIdentifierPrefix){GROUP_SUFFIX}")
            || g == format!("$(TeamIdentifierPrefix){GROUP_SUFFIX}")
            || (kind == InputKind::ProvisioningProfile
                && g == format!("{}.*", prefix_text.trim_end_matches('.')))
    };
    if !f.keychain_access_groups.iter().any(|g| covers(g)) {
        out.push(Observation::new(
            &catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP,
            Some("keychain-access-groups".into()),
            if f.keychain_access_groups.is_empty() {
                "keychain-access-groups is missing".to_string()
            } else {
                format!("keychain-access-groups {:?} does not contain {required}", f.keychain_access_groups)
            },
        ).with_fix(format!("add <string>$(AppIdentifierPrefix){GROUP_SUFFIX}</string> to keychain-access-groups (Keychain Sharing capability)")));
    }
    required
}

/// An unbuilt .entitlements file cannot tell the real prefix.
pub(super) fn unexpanded_variables(f: &AppFacts, out: &mut Vec<Observation>) {
    if f.keychain_access_groups
        .iter()
        .chain(f.application_identifier.iter())
        .any(|g| g.contains("$("))
    {
        out.push(Observation::new(
            &catalogue::ENTITLEMENT_UNEXPANDED_VARIABLE,
            None,
            "the file uses $(AppIdentifierPrefix)/$(TeamIdentifierPrefix); Xcode substitutes them when signing — lint the built app's embedded.mobileprovision to see the real prefix",
        ));
    }
}

/// The access group to store the identity with, as exactly as this file allows.
pub(super) fn app_prefix(f: &AppFacts, out: &mut Vec<Observation>) {
    out.push(Observation::new(
        &catalogue::ENTITLEMENT_APP_PREFIX,
        None,
        match &f.app_identifier_prefix {
            Some(p) => format!(
                "App ID prefix {p}: store the identity with kSecAttrAccessGroup = \"{p}.{GROUP_SUFFIX}\"{}",
                f.team_identifier.as_ref().map(|t| format!(" (team {t})")).unwrap_or_default()
            ),
            None => match prefix_from_group(f) {
                Some(p) => format!(
                    "keychain-access-groups names the prefix {p}: store the identity with kSecAttrAccessGroup = \"{p}.{GROUP_SUFFIX}\" (the file has no application-identifier to confirm it is the App ID prefix)"
                ),
                None => format!("App ID prefix unknown from this file: the access group is \"<prefix>.{GROUP_SUFFIX}\""),
            },
        },
    ));
}

/// An .entitlements file that spells the group out literally names the prefix itself.
fn prefix_from_group(f: &AppFacts) -> Option<String> {
    f.keychain_access_groups.iter().find_map(|g| {
        g.trim()
            .strip_suffix(&format!(".{GROUP_SUFFIX}"))
            .filter(|p| !p.is_empty() && !p.contains("$(") && !p.contains('.'))
            .map(String::from)
    })
}

/// A legacy App ID prefix differs from the team ID that Apple's docs name for this group.
pub(super) fn prefix_differs_from_team(f: &AppFacts, out: &mut Vec<Observation>) {
    if let (Some(p), Some(t)) = (&f.app_identifier_prefix, &f.team_identifier) {
        if p != t {
            out.push(Observation::new(
                &catalogue::ENTITLEMENT_PREFIX_DIFFERS_FROM_TEAM,
                None,
                format!("App ID prefix {p} differs from team ID {t} (a legacy App ID prefix); Apple's docs name the team prefix for this keychain group"),
            ));
        }
    }
}
