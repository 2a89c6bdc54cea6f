//! App side of NEHotspotConfiguration (API-19): the HotspotConfiguration entitlement and the
//! `<prefix>.com.apple.networkextensionsharing` keychain group, in an `.entitlements` plist or in
//! the `Entitlements` of an `embedded.mobileprovision`.

mod keychain;

use plist::{Dictionary, Value};
use serde::Serialize;

use super::values::{plist_date, string, strings};
use super::{InputKind, LintOptions, Observation, SignatureFacts};
use hs20_core::rules::catalogue;
use hs20_core::time::iso8601;

const HOTSPOT: &str = "com.apple.developer.networking.HotspotConfiguration";

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
    // A provisioning profile wraps the entitlements; an .entitlements file is them.
    let entitlements = if kind == InputKind::ProvisioningProfile {
        root.get("Entitlements")
            .and_then(Value::as_dictionary)
            .unwrap_or(&empty)
    } else {
        root
    };
    let mut f = app_facts(root, entitlements);
    hotspot_entitlement(entitlements, out);
    f.required_access_group = Some(keychain::access_group(&f, kind, out));
    keychain::unexpanded_variables(&f, out);
    keychain::app_prefix(&f, out);
    keychain::prefix_differs_from_team(&f, out);
    if kind == InputKind::ProvisioningProfile {
        provisioning_expiry(root, opts, out);
    }
    f
}

/// The facts, less the required access group (keychain::access_group works it out).
fn app_facts(root: &Dictionary, entitlements: &Dictionary) -> AppFacts {
    let mut f = AppFacts {
        application_identifier: string(entitlements, "application-identifier"),
        team_identifier: string(entitlements, "com.apple.developer.team-identifier")
            .or_else(|| first_string(root, "TeamIdentifier")),
        hotspot_entitlement: matches!(entitlements.get(HOTSPOT), Some(Value::Boolean(true))),
        keychain_access_groups: strings(entitlements, "keychain-access-groups"),
        expiration_date: root
            .get("ExpirationDate")
            .and_then(Value::as_date)
            .map(|d| iso8601(plist_date(d))),
        name: string(root, "Name"),
        ..Default::default()
    };
    // A provisioning profile names the prefix; otherwise the application identifier starts
    // with it, unless Xcode has yet to substitute it.
    f.app_identifier_prefix = first_string(root, "ApplicationIdentifierPrefix").or_else(|| {
        f.application_identifier
            .as_deref()
            .and_then(|a| a.split_once('.'))
            .map(|(p, _)| p.to_string())
            .filter(|p| !p.starts_with("$("))
    });
    f
}

/// The first string of an array, or the string itself (provisioning profiles use arrays).
fn first_string(d: &Dictionary, key: &str) -> Option<String> {
    match d.get(key) {
        Some(Value::Array(a)) => a.first().and_then(Value::as_string).map(String::from),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

/// The entitlement must be the boolean true; anything else is as good as missing.
fn hotspot_entitlement(entitlements: &Dictionary, out: &mut Vec<Observation>) {
    match entitlements.get(HOTSPOT) {
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
}

/// An expired provisioning profile: the app no longer installs or launches.
fn provisioning_expiry(root: &Dictionary, opts: &LintOptions, out: &mut Vec<Observation>) {
    let Some(expiry) = root
        .get("ExpirationDate")
        .and_then(Value::as_date)
        .map(plist_date)
    else {
        return;
    };
    if expiry < opts.now {
        out.push(Observation::new(
            &catalogue::PROVISION_EXPIRED,
            Some("ExpirationDate".into()),
            format!("the provisioning profile expired on {}", iso8601(expiry)),
        ));
    }
}
