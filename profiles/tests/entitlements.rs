//! API-19: .entitlements plists and embedded.mobileprovision (a CMS-signed plist; here signed by a
//! test CA made with the openssl CLI, as Apple's is by Apple).

mod common;

use std::path::Path;

use common::*;
use hs20_core::rules::catalogue;
use hs20_profiles::cms::Signer;
use hs20_profiles::lint::{lint, InputKind, LintOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/profiles/entitlements")
            .join(name),
    )
    .unwrap()
}

#[test]
fn good_entitlements_pass_with_prefix_guidance() {
    let out = lint(
        &fixture("good.entitlements"),
        "good",
        &LintOptions::default(),
    )
    .unwrap();
    assert_eq!(out.kind, InputKind::Entitlements);
    assert!(
        !out.has(catalogue::ENTITLEMENT_MISSING_HOTSPOT.id)
            && !out.has(catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP.id),
        "{:?}",
        out.observations
    );
    assert!(
        out.has(catalogue::ENTITLEMENT_APP_PREFIX.id)
            && out.has(catalogue::ENTITLEMENT_UNEXPANDED_VARIABLE.id)
    );
}

#[test]
fn an_empty_entitlements_file_is_linted_by_its_name() {
    let empty = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict/></plist>"#;
    let out = lint(empty, "App.entitlements", &LintOptions::default()).unwrap();
    assert_eq!(out.kind, InputKind::Entitlements);
    assert!(
        out.has(catalogue::ENTITLEMENT_MISSING_HOTSPOT.id)
            && out.has(catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP.id),
        "{:?}",
        out.observations
    );
    assert!(lint(empty, "unknown.plist", &LintOptions::default()).is_err());
}

#[test]
fn missing_entitlement_and_group_are_errors() {
    let out = lint(
        &fixture("missing-both.entitlements"),
        "bad",
        &LintOptions::default(),
    )
    .unwrap();
    assert!(
        out.has(catalogue::ENTITLEMENT_MISSING_HOTSPOT.id)
            && out.has(catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP.id),
        "{:?}",
        out.observations
    );
}

#[test]
fn hotspot_entitlement_must_be_boolean_true_and_prefix_is_reported() {
    let out = lint(
        &fixture("hotspot-as-string.entitlements"),
        "x",
        &LintOptions::default(),
    )
    .unwrap();
    assert!(out.has(catalogue::ENTITLEMENT_MISSING_HOTSPOT.id));
    assert!(
        !out.has(catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP.id),
        "{:?}",
        out.observations
    );
    let app = out.app.unwrap();
    assert_eq!(app.app_identifier_prefix.as_deref(), Some("ABCDE12345"));
    assert_eq!(
        app.required_access_group.as_deref(),
        Some("ABCDE12345.com.apple.networkextensionsharing")
    );
}

fn provisioning_plist(expiration: &str, groups: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>Name</key><string>Wi-Fi App</string>
<key>ApplicationIdentifierPrefix</key><array><string>OLDPREFIX1</string></array>
<key>TeamIdentifier</key><array><string>TEAM123456</string></array>
<key>ExpirationDate</key><date>{expiration}</date>
<key>Entitlements</key><dict>
  <key>application-identifier</key><string>OLDPREFIX1.com.example.wifi</string>
  <key>com.apple.developer.networking.HotspotConfiguration</key><true/>
  <key>keychain-access-groups</key><array>{groups}</array>
</dict></dict></plist>"#
    )
}

fn sign(dir: &Path, content: &[u8]) -> Vec<u8> {
    let p = |f: &str| dir.join(f).to_str().unwrap().to_string();
    ok(
        &openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &p("k.pem"),
            "-out",
            &p("c.pem"),
            "-days",
            "2",
            "-subj",
            "/CN=Test Provisioning Signer",
        ]),
        "openssl req",
    );
    let r = |f: &str| std::fs::read(dir.join(f)).unwrap();
    Signer::load(&r("c.pem"), "c.pem", &r("k.pem"), "k.pem", &[], "")
        .unwrap()
        .sign(content)
        .unwrap()
}

#[test]
fn provisioning_profile_wildcard_group_prefix_mismatch_and_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let signed = sign(
        dir.path(),
        provisioning_plist("2020-01-01T00:00:00Z", "<string>OLDPREFIX1.*</string>").as_bytes(),
    );
    let out = lint(&signed, "embedded.mobileprovision", &LintOptions::default()).unwrap();
    assert_eq!(out.kind, InputKind::ProvisioningProfile);
    assert!(out.signature.as_ref().unwrap().valid);
    assert!(
        !out.has(catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP.id),
        "{:?}",
        out.observations
    );
    assert!(out.has(catalogue::ENTITLEMENT_PREFIX_DIFFERS_FROM_TEAM.id));
    assert!(out.has(catalogue::PROVISION_EXPIRED.id));
    assert!(
        !out.has(catalogue::MC_SIGNED.id),
        "provisioning profiles are not reported as signed profiles"
    );

    let at = signed.windows(10).position(|w| w == b"OLDPREFIX1").unwrap();
    let mut tampered = signed.clone();
    tampered[at] = b'X';
    let out = lint(
        &tampered,
        "embedded.mobileprovision",
        &LintOptions::default(),
    )
    .unwrap();
    assert!(
        out.has(catalogue::PROVISION_SIGNATURE_INVALID.id),
        "{:?}",
        out.observations
    );
}

#[test]
fn provisioning_profile_without_the_group() {
    let dir = tempfile::tempdir().unwrap();
    let signed = sign(
        dir.path(),
        provisioning_plist(
            "2099-01-01T00:00:00Z",
            "<string>OLDPREFIX1.com.example.shared</string>",
        )
        .as_bytes(),
    );
    let out = lint(&signed, "embedded.mobileprovision", &LintOptions::default()).unwrap();
    assert!(
        out.has(catalogue::ENTITLEMENT_MISSING_KEYCHAIN_GROUP.id)
            && !out.has(catalogue::PROVISION_EXPIRED.id),
        "{:?}",
        out.observations
    );
}

fn entitlements(hotspot: &str, groups: &[&str]) -> Vec<u8> {
    let groups: String = groups
        .iter()
        .map(|g| format!("<string>{g}</string>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>com.apple.developer.networking.HotspotConfiguration</key>{hotspot}
<key>keychain-access-groups</key><array>{groups}</array>
</dict></plist>"#
    )
    .into_bytes()
}

fn detail_of(bytes: &[u8], rule: &str) -> String {
    let out = lint(bytes, "app.entitlements", &LintOptions::default()).unwrap();
    out.observations
        .iter()
        .find(|o| o.rule.id == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:?}", out.observations))
        .detail
        .clone()
}

#[test]
fn a_literal_keychain_group_names_the_prefix_the_app_must_use() {
    let bytes = entitlements("<true/>", &["ABCDE12345.com.apple.networkextensionsharing"]);
    let detail = detail_of(&bytes, catalogue::ENTITLEMENT_APP_PREFIX.id);
    assert!(
        detail.contains("\"ABCDE12345.com.apple.networkextensionsharing\"")
            && !detail.contains("unknown"),
        "{detail}"
    );
}

#[test]
fn a_false_hotspot_entitlement_is_called_false() {
    let bytes = entitlements(
        "<false/>",
        &["$(AppIdentifierPrefix)com.apple.networkextensionsharing"],
    );
    let detail = detail_of(&bytes, catalogue::ENTITLEMENT_MISSING_HOTSPOT.id);
    assert!(
        detail.ends_with("is false") && !detail.contains("boolean true"),
        "{detail}"
    );
}
