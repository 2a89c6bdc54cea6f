//! Same input, same verdict: `check`, `profile` and `lint` of the written profile agree on every
//! rule the app's API path and the .mobileconfig path share, for every fixture of the corpus; and
//! a bad value is a finding on every path, never exit 2 (which is for unreadable input).

mod common;

use common::{fixtures, hs20check};
use hs20check::commands::profile::REWRITTEN_INPUT_RULES;
use hs20check::rules::{self, DeliveryPath, Family};
use std::collections::BTreeSet;

/// Rules both the NEHotspot API path and the .mobileconfig path apply, minus the container
/// rules and the others about the input file itself: `profile` re-writes the PKCS#12
/// (3DES + SHA-1, no root), so the input's encoding never reaches the profile.
fn shared_rules() -> BTreeSet<&'static str> {
    rules::ALL
        .iter()
        .filter(|r| {
            r.applies_to(DeliveryPath::Api)
                && r.applies_to(DeliveryPath::Mobileconfig)
                && r.family != Family::Container
                && r.family != Family::Guidance
                && !REWRITTEN_INPUT_RULES.contains(&r.id)
        })
        .map(|r| r.id)
        .collect()
}

fn shared_ids(json: &serde_json::Value, shared: &BTreeSet<&str>) -> BTreeSet<String> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .filter(|id| shared.contains(id.as_str()))
        .collect()
}

fn p_ids(run: &common::Run, shared: &BTreeSet<&str>) -> BTreeSet<String> {
    shared_ids(&run.json(), shared)
}

fn has_error(json: &serde_json::Value) -> bool {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["severity"] == "error")
}

const SETTINGS: &[&str] = &[
    "--realm",
    "example.com",
    "--password-file",
    "password.txt",
    "--ca",
    "pem/root-ca.pem",
    "--trusted-server-name",
    "radius.example.com",
];

#[test]
fn check_profile_and_lint_agree_on_every_fixture() {
    let shared = shared_rules();
    assert!(shared.len() > 10, "{shared:?}");
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    let mut disagreements = Vec::new();
    let mut p12s: Vec<_> = std::fs::read_dir(fixtures().join("p12"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    p12s.sort();
    for path in p12s {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name == "empty-password.p12" {
            continue; // needs --password ""; covered in rules_corpus
        }
        let p12 = format!("p12/{name}");
        let mut args = vec!["check", &p12, "--format", "json"];
        args.extend_from_slice(SETTINGS);
        let check = hs20check(&args);
        if check.code == 2 {
            continue; // unreadable input (no key, two keys): profile cannot be made either
        }
        let c = shared_ids(&check.json(), &shared);
        let out = dir.path().join(format!("{name}.mobileconfig"));
        let out_s = out.to_str().unwrap();
        let mut args = vec!["profile", &p12, "--force", "--report", "json", "-o", out_s];
        args.extend_from_slice(SETTINGS);
        let profile = hs20check(&args);
        if profile.code == 2 {
            disagreements.push(format!(
                "{name}: check read it, profile exits 2: {}",
                profile.stderr
            ));
            continue;
        }
        if !out.exists() {
            // The identity cannot go into a profile (no key, two keys): profile says why with
            // the check's own errors and exits 1.
            assert_eq!(profile.code, 1, "{name}: {}", profile.stdout);
            assert_eq!(c, p_ids(&profile, &shared), "{name}");
            compared += 1;
            continue;
        }
        let lint = hs20check(&[
            "lint",
            out_s,
            "--password-file",
            "password.txt",
            "--format",
            "json",
        ]);
        assert_ne!(
            lint.code, 2,
            "{name}: lint of the written profile: {}",
            lint.stderr
        );
        let (p, l) = (
            shared_ids(&profile.json(), &shared),
            shared_ids(&lint.json(), &shared),
        );
        if c != p || p != l {
            disagreements.push(format!("{name}: check {c:?} / profile {p:?} / lint {l:?}"));
        }
        // profile refuses exactly when one of its findings is an error.
        assert_eq!(
            profile.code == 1,
            has_error(&profile.json()),
            "{name}: profile exit {} vs its findings",
            profile.code
        );
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} fixtures compared");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn a_whole_leftmost_wildcard_trusted_name_is_accepted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wild.mobileconfig");
    let out_s = out.to_str().unwrap();
    let settings = [
        "--realm",
        "example.com",
        "--password-file",
        "password.txt",
        "--ca",
        "pem/root-ca.pem",
        "--server-cert",
        "pem/server-chain.pem",
        "--trusted-server-name",
        "*.example.com",
    ];
    let mut args = vec!["check", "p12/good.p12", "--format", "json"];
    args.extend_from_slice(&settings);
    let check = hs20check(&args);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let mut args = vec!["profile", "p12/good.p12", "--report", "json", "-o", out_s];
    args.extend_from_slice(&settings);
    let profile = hs20check(&args);
    assert_eq!(profile.code, 0, "{}{}", profile.stdout, profile.stderr);
    assert!(out.exists());
    let lint = hs20check(&[
        "lint",
        out_s,
        "--password-file",
        "password.txt",
        "--format",
        "json",
    ]);
    for run in [&check, &profile, &lint] {
        let ids = run.ids();
        assert!(
            !ids.iter()
                .any(|i| i.starts_with("trusted-name-") || i.starts_with("server-name")),
            "{ids:?}"
        );
    }
    assert_ne!(lint.code, 1, "{}", lint.stdout);
}

#[test]
fn an_f_padded_mcc_mnc_is_valid_for_the_api_and_a_finding_in_a_mobileconfig() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mcc.mobileconfig");
    let out_s = out.to_str().unwrap();
    let mut settings = SETTINGS.to_vec();
    settings.extend(["--mcc-mnc", "234F15"]);
    let mut args = vec!["check", "p12/good.p12", "--format", "json"];
    args.extend_from_slice(&settings);
    let check = hs20check(&args);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let findings = check.json()["findings"].as_array().unwrap().clone();
    let mcc: Vec<_> = findings
        .iter()
        .filter(|f| f["id"].as_str().unwrap().contains("mcc-mnc"))
        .collect();
    assert!(
        mcc.iter().all(|f| f["severity"] == "info"),
        "the API accepts 234F15: {mcc:?}"
    );

    let mut args = vec!["profile", "p12/good.p12", "--report", "json", "-o", out_s];
    args.extend_from_slice(&settings);
    let profile = hs20check(&args);
    assert_ne!(
        profile.code, 2,
        "a bad value is not an input error: {}",
        profile.stderr
    );
    assert!(
        profile.ids().contains(&"mc-invalid-mcc-mnc".to_string()),
        "{}",
        profile.stdout
    );
    let fix = profile.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "mc-invalid-mcc-mnc")
        .map(|f| f["fix"].as_str().unwrap().to_string())
        .unwrap();
    assert!(fix.contains("234015"), "{fix}");
}

#[test]
fn a_bad_oi_is_a_finding_not_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("oi.mobileconfig");
    let mut args = vec![
        "profile",
        "p12/good.p12",
        "--report",
        "json",
        "-o",
        out.to_str().unwrap(),
        "--roaming-consortium",
        "XYZ",
    ];
    args.extend_from_slice(SETTINGS);
    let profile = hs20check(&args);
    assert_eq!(profile.code, 1, "{}{}", profile.stdout, profile.stderr);
    assert!(
        profile.ids().contains(&"mc-invalid-oi".to_string()),
        "{}",
        profile.stdout
    );
    assert!(!out.exists(), "refused profiles are not written");
}

#[test]
fn hs20check_now_applies_to_every_command_and_must_parse() {
    // good.p12 is valid at GENERATED_AT and expired in 2100: every command says so.
    let common_args = SETTINGS;
    let later = |args: &[&str]| {
        common::hs20check_with(args, |c| {
            c.env("HS20CHECK_NOW", "2100-01-01T00:00:00Z");
        })
    };
    let mut args = vec!["check", "p12/good.p12", "--format", "json"];
    args.extend_from_slice(common_args);
    assert!(later(&args).ids().contains(&"identity-expired".to_string()));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("later.mobileconfig");
    let mut args = vec![
        "profile",
        "p12/good.p12",
        "--report",
        "json",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(common_args);
    let profile = later(&args);
    assert_eq!(profile.code, 1);
    assert!(
        profile.ids().contains(&"identity-expired".to_string()),
        "{}",
        profile.stdout
    );

    let bad = common::hs20check_with(
        &[
            "check",
            "p12/good.p12",
            "--realm",
            "example.com",
            "--password-file",
            "password.txt",
        ],
        |c| {
            c.env("HS20CHECK_NOW", "next tuesday");
        },
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("HS20CHECK_NOW"), "{}", bad.stderr);
}
