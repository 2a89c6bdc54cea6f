//! `hs20check lint` on an app's Swift / Objective-C provisioning code, and
//! `profile --format swift`: exit codes, the Xcode and SARIF formats, bad input, and generated
//! code that passes the lint.

mod common;

use common::hs20check;
use std::path::{Path, PathBuf};

fn corpus(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codelint/tests/corpus")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn bad_code_exits_1_with_xcode_lines_good_code_exits_0() {
    let bad = corpus("swift/bad_forum_example.swift");
    let r = hs20check(&["lint", &bad, "--format", "xcode"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.lines().any(|l| l.starts_with(&format!(
            "{bad}:13:18: error: [code-identity-not-in-keychain] "
        ))),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("NEHotspotConfigurationError 4"));
    for line in r.stdout.lines() {
        let kind = line.split(':').nth(3).unwrap_or_default().trim();
        assert!(["error", "warning", "note"].contains(&kind), "{line}");
    }

    let good = corpus("objc/good_keychain_recipe.m");
    let r = hs20check(&["lint", &good]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("verdict: PASS"), "{}", r.stdout);
}

#[test]
fn json_and_sarif_carry_locations() {
    let bad = corpus("objc/bad_eap_types.m");
    let r = hs20check(&["lint", &bad, "--format", "json"]);
    assert_eq!(r.code, 1);
    let json = r.json();
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "code-join-once-hs20")
        .expect("joinOnce finding");
    assert_eq!(f["location"]["line"], 12);
    assert_eq!(f["location"]["file"], bad.as_str());

    let r = hs20check(&["lint", &bad, "--format", "sarif"]);
    assert_eq!(r.code, 1);
    let sarif = r.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() >= 6);
}

#[test]
fn server_cert_turns_a_realm_variable_into_the_name_to_use() {
    let bad = corpus("swift/bad_forum_example.swift");
    let r = hs20check(&[
        "lint",
        &bad,
        "--server-cert",
        "pem/server-chain.pem",
        "--format",
        "json",
    ]);
    let json = r.json();
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "code-trusted-names-realm")
        .unwrap();
    assert!(
        f["fix"].as_str().unwrap().contains("radius.example.com"),
        "{f}"
    );
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let r = hs20check(&["lint", &dir.path().display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&dir.path().display().to_string()),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("no Swift"), "{}", r.stderr);

    let latin1 = dir.path().join("Latin1.m");
    std::fs::write(&latin1, b"NSString *s = @\"caf\xe9\";\n").unwrap();
    let r = hs20check(&["lint", &latin1.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Latin1.m: not UTF-8"), "{}", r.stderr);

    let missing = dir.path().join("Missing.swift");
    let r = hs20check(&["lint", &missing.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("Missing.swift: cannot read"),
        "{}",
        r.stderr
    );

    // xcode / sarif are for code.
    let ent = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/profiles/entitlements/good.entitlements")
        .display()
        .to_string();
    let r = hs20check(&["lint", &ent, "--format", "sarif"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("for Swift / Objective-C code"),
        "{}",
        r.stderr
    );
}

#[test]
fn profile_format_swift_writes_code_that_passes_the_lint() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("HotspotProvisioning.swift");
    let r = hs20check(&[
        "profile",
        "p12/good.p12",
        "--realm",
        "example.com",
        "--password-file",
        "password.txt",
        "--ca",
        "pem/ca-bundle.pem",
        "--server-cert",
        "pem/server-chain.pem",
        "--trusted-server-name",
        "radius.example.com",
        "--roaming-consortium",
        "5a03ba0000",
        "--format",
        "swift",
        "-o",
        &out.display().to_string(),
    ]);
    assert!(r.code == 0, "{}\n{}", r.stdout, r.stderr);
    let code = std::fs::read_to_string(&out).unwrap();
    assert!(code.contains(r#"eapSettings.trustedServerNames = ["radius.example.com"]"#));
    assert!(code.contains(r#"hs20Settings.roamingConsortiumOIs = ["5A03BA0000"]"#));
    assert!(code.contains("func provisionHotspot(pkcs12: Data, password: String"));
    assert!(!code.contains(&common::password()));
    let r = hs20check(&[
        "lint",
        &out.display().to_string(),
        "--server-cert",
        "pem/server-chain.pem",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let ids = r.ids();
    assert_eq!(ids, vec!["code-no-entitlements-file"], "{}", r.stdout);

    // The Objective-C variant, with the trusted names read from --server-cert.
    let out_m = dir.path().join("HotspotProvisioning.m");
    let r = hs20check(&[
        "profile",
        "p12/good.p12",
        "--realm",
        "example.com",
        "--password-file",
        "password.txt",
        "--ca",
        "pem/ca-bundle.pem",
        "--server-cert",
        "pem/server-chain.pem",
        "--trusted-server-name",
        "radius.example.com",
        "--format",
        "objc",
        "-o",
        &out_m.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let code = std::fs::read_to_string(&out_m).unwrap();
    assert!(code.contains(r#"eapSettings.trustedServerNames = @[ @"radius.example.com" ];"#));
    let r = hs20check(&["lint", &out_m.display().to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.ids(), vec!["code-no-entitlements-file"], "{}", r.stdout);
}
