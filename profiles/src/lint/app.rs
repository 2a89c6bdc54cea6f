//! App side of NEHotspotConfiguration (API-19): the HotspotConfiguration entitlement and the
//! `<prefix>.com.apple.networkextensionsharing` keychain group, in an `.entitlements` plist or in
//! the `Entitlements` of an `embedded.mobileprovision`.

use plist::{Dictionary, Value};
use serde::Serialize;

use super::{InputKind, LintOptions, Observation, SignatureFacts};
use hs20_core::rules::catalogue;
use hs20_core::time::iso8601;
use time::OffsetDateTime;

const HOTSPOT: &str = "com.apple.developer.networking.HotspotConfiguration";
const GROUP_SUFFIX: &str = "com.apple.networkextensionsharing";

/// What the app's files say.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AppFacts {
    pub application_identifier: Option<String>,
    /// The App ID prefix (`$(AppIdentifierPrefix)` without the dot), when known.
    pub app_identifier_prefix: Option<String>,
    pub team_identifier: Option<String>,
    pub hotspot_entitlement: bool,
    pub keychain_access_groups: Vec<String>,
    /// The group the app must pass as kSecAttrAccessGroup.
    pub required_access_group: Option<String>,
    pub expiration_date: Option<String>,
    pub name: Option<String>,
}

pub(super) fn lint(
    root: &Dictionary,
    kind: InputKind,
    _signature: Option<&SignatureFacts>,
    opts: &LintOptions,
    out: &mut Vec<Observation>,
) -> AppFacts {
    let empty = Dictionary::new();
    let ent = if kind == InputKind::ProvisioningProfile {
        root.get("Entitlements")
            .and_then(Value::as_dictionary)
            .unwrap_or(&empty)
    } else {
        root
    };
    let first_string = |d: &Dictionary, k: &str| match d.get(k) {
        Some(Value::Array(a)) => a.first().and_then(Value::as_string).map(String::from),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let mut f = AppFacts {
        application_identifier: ent
            .get("application-identifier")
            .and_then(Value::as_string)
            .map(String::from),
        team_identifier: ent
            .get("com.apple.developer.team-identifier")
            .and_then(Value::as_string)
            .map(String::from)
            .or_else(|| first_string(root, "TeamIdentifier")),
        hotspot_entitlement: matches!(ent.get(HOTSPOT), Some(Value::Boolean(true))),
        keychain_access_groups: match ent.get("keychain-access-groups") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_string)
                .map(String::from)
                .collect(),
            _ => vec![],
        },
        expiration_date: root
            .get("ExpirationDate")
            .and_then(Value::as_date)
            .map(|d| iso8601(OffsetDateTime::from(std::time::SystemTime::from(d)))),
        name: root
            .get("Name")
            .and_then(Value::as_string)
            .map(String::from),
        ..Default::default()
    };
    f.app_identifier_prefix = first_string(root, "ApplicationIdentifierPrefix").or_else(|| {
        f.application_identifier
            .as_deref()
            .and_then(|a| a.split_once('.'))
            .map(|(p, _)| p.to_string())
            .filter(|p| !p.starts_with("$("))
    });
    // An .entitlements file that spells the group out literally names the prefix itself.
    let prefix_from_group = f.app_identifier_prefix.is_none().then(|| {
        f.keychain_access_groups.iter().find_map(|g| {
            g.trim()
                .strip_suffix(&format!(".{GROUP_SUFFIX}"))
                .filter(|p| !p.is_empty() && !p.contains("$(") && !p.contains('.'))
                .map(String::from)
        })
    });

    match ent.get(HOTSPOT) {
        Some(Value::Boolean(true)) => {}
        Some(other) => out.push(
            Observation::new(
                &catalogue::ENTITLEMENT_MISSING_HOTSPOT,
                Some(HOTSPOT.into()),
                match other {
                    Value::Boolean(false) => format!("{HOTSPOT} is false"),
                    _ => format!(
                        "{HOTSPOT} is {} instead of the boolean true",
                        crate::schema::type_name(other)
                    ),
                },
            )
            .with_fix(format!("<key>{HOTSPOT}</key><true/>")),
        ),
        None => out.push(
            Observation::new(
                &catalogue::ENTITLEMENT_MISSING_HOTSPOT,
                None,
                format!("{HOTSPOT} is missing"),
            )
            .with_fix(format!(
                "enable the Hotspot Configuration capability (adds <key>{HOTSPOT}</key><true/>)"
            )),
        ),
    }

    let prefix_text = f
        .app_identifier_prefix
        .clone()
        .unwrap_or_else(|| "$(AppIdentifierPrefix)".into());
    let required = format!("{}.{GROUP_SUFFIX}", prefix_text.trim_end_matches('.'));
    let required = if prefix_text.starts_with("$(") {
        format!("$(AppIdentifierPrefix){GROUP_SUFFIX}")
    } else {
        required
    };
    f.required_access_group = Some(required.clone());
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
    out.push(Observation::new(
        &catalogue::ENTITLEMENT_APP_PREFIX,
        None,
        match &f.app_identifier_prefix {
            Some(p) => format!(
                "App ID prefix {p}: store the identity with kSecAttrAccessGroup = \"{p}.{GROUP_SUFFIX}\"{}",
                f.team_identifier.as_ref().map(|t| format!(" (team {t})")).unwrap_or_default()
            ),
            None => match prefix_from_group.flatten() {
                Some(p) => format!(
                    "keychain-access-groups names the prefix {p}: store the identity with kSecAttrAccessGroup = \"{p}.{GROUP_SUFFIX}\" (the file has no application-identifier to confirm it is the App ID prefix)"
                ),
                None => format!("App ID prefix unknown from this file: the access group is \"<prefix>.{GROUP_SUFFIX}\""),
            },
        },
    ));
    if let (Some(p), Some(t)) = (&f.app_identifier_prefix, &f.team_identifier) {
        if p != t {
            out.push(Observation::new(
                &catalogue::ENTITLEMENT_PREFIX_DIFFERS_FROM_TEAM,
                None,
                format!("App ID prefix {p} differs from team ID {t} (a legacy App ID prefix); Apple's docs name the team prefix for this keychain group"),
            ));
        }
    }
    if kind == InputKind::ProvisioningProfile {
        if let Some(exp) = root.get("ExpirationDate").and_then(Value::as_date) {
            if OffsetDateTime::from(std::time::SystemTime::from(exp)) < opts.now {
                out.push(Observation::new(
                    &catalogue::PROVISION_EXPIRED,
                    Some("ExpirationDate".into()),
                    format!(
                        "the provisioning profile expired on {}",
                        iso8601(OffsetDateTime::from(std::time::SystemTime::from(exp)))
                    ),
                ));
            }
        }
    }
    f
}
