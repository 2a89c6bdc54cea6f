//! The broken-profile corpus (tests/profiles/corpus, made by tests/profiles/make-corpus.py with
//! Python's plistlib): each file must produce the rule ids EXPECTED lists; the good profile none
//! beyond informational ones.

use std::path::Path;

use hs20_core::rules::catalogue;
use hs20_profiles::lint::{lint, LintOptions};

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/profiles/corpus")
}

#[test]
fn good_profile_has_only_informational_observations() {
    let bytes = std::fs::read(corpus().join("good.mobileconfig")).unwrap();
    let out = lint(&bytes, "good.mobileconfig", &LintOptions::default()).unwrap();
    let rules: Vec<&str> = out.observations.iter().map(|o| o.rule.id).collect();
    assert_eq!(
        rules,
        [
            catalogue::MC_UNSIGNED.id,
            catalogue::MC_PKCS12_NO_PASSWORD.id
        ],
        "{:#?}",
        out.observations
    );
}

#[test]
fn every_broken_profile_is_caught_with_its_rule_id() {
    let expected = std::fs::read_to_string(corpus().join("EXPECTED")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (file, rules) = line.split_once(':').unwrap();
        let bytes = std::fs::read(corpus().join(file)).unwrap();
        let out = lint(&bytes, file, &LintOptions::default()).unwrap();
        for rule in rules.split_whitespace() {
            assert!(
                hs20_core::rules::find(rule).is_some(),
                "{file}: {rule} is not a known rule id"
            );
            if !out.has(rule) {
                failures.push(format!(
                    "{file}: expected {rule}, got {:?}",
                    out.observations
                ));
            }
        }
        // The mistake is the only difference from good.mobileconfig: no unrelated schema noise.
        let noise: Vec<_> = out
            .observations
            .iter()
            .filter(|o| o.rule.id.starts_with("schema-") && !rules.contains(o.rule.id))
            .collect();
        if !noise.is_empty() {
            failures.push(format!("{file}: unexpected {noise:?}"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 35, "corpus shrank to {checked} cases");
}

#[test]
fn garbage_inputs_are_errors_not_panics() {
    for (bytes, name) in [
        (&b"hello"[..], "text"),
        (&[0x30, 0x03, 0x02, 0x01][..], "short der"),
        (&b""[..], "empty"),
    ] {
        assert!(
            lint(bytes, name, &LintOptions::default()).is_err(),
            "{name}"
        );
    }
    let array_plist = br#"<?xml version="1.0"?><plist version="1.0"><array/></plist>"#;
    let e = lint(array_plist, "array.plist", &LintOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("array.plist"), "{e}");
}

#[test]
fn a_pkcs12_handed_to_lint_is_named_as_such() {
    let p12 =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../certs/alice.p12")).unwrap();
    let e = lint(&p12, "alice.p12", &LintOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("alice.p12: this is a PKCS#12 identity")
            && e.contains("hs20check check alice.p12"),
        "{e}"
    );
    // Long-form and BER indefinite lengths too; a profile is not mistaken for one.
    for head in [
        &[0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03][..],
        &[0x30, 0x80, 0x02, 0x01, 0x03],
    ] {
        let e = lint(head, "x.pfx", &LintOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("PKCS#12 identity"), "{e}");
    }
    let good = std::fs::read(corpus().join("good.mobileconfig")).unwrap();
    assert!(lint(&good, "good", &LintOptions::default()).is_ok());
}
