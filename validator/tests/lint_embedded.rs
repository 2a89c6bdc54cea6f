//! `hs20check lint` on the PKCS#12 a profile carries: a wrong Password stored in the profile or a
//! payload that is no PKCS#12 is a finding about the profile (exit 1), not an input error; an
//! embedded file whose password is unknown still gets the container rules that need none.

mod common;

use common::{fixtures, hs20check, password, Run};
use std::path::Path;

/// `hs20check profile` with the corpus identity and CA; returns the written profile's XML.
fn make_profile(dir: &Path, p12: &str, extra: &[&str]) -> String {
    make_profile_exiting(dir, p12, extra, 0)
}

/// `make_profile` for a profile with error findings: `--force` writes it and exits `code` (1).
fn make_profile_exiting(dir: &Path, p12: &str, extra: &[&str], code: i32) -> String {
    let out = dir.join("p.mobileconfig");
    let out_s = out.display().to_string();
    let mut args = vec![
        "profile",
        p12,
        "--realm",
        "example.com",
        "--ca",
        "pem/ca-bundle.pem",
        "--trusted-server-name",
        "radius.example.com",
        "--password-file",
        "password.txt",
        "-o",
        &out_s,
    ];
    args.extend_from_slice(extra);
    let run = hs20check(&args);
    assert!(run.code == code, "profile: {run:?}");
    std::fs::read_to_string(&out).unwrap()
}

fn lint(dir: &Path, xml: &str, extra: &[&str]) -> Run {
    let path = dir.join("edited.mobileconfig");
    std::fs::write(&path, xml).unwrap();
    let path = path.display().to_string();
    let mut args = vec!["lint", &path, "--format", "json"];
    args.extend_from_slice(extra);
    hs20check(&args)
}

fn finding(run: &Run, id: &str) -> serde_json::Value {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id}: {}", run.stdout))
        .clone()
}

/// Replaces the pkcs12 payload's PayloadContent data.
fn replace_pkcs12_data(xml: &str, base64: &str) -> String {
    let payload = xml.find("com.apple.security.pkcs12").unwrap();
    let start = payload + xml[payload..].find("<data>").unwrap() + "<data>".len();
    let end = start + xml[start..].find("</data>").unwrap();
    format!("{}{base64}{}", &xml[..start], &xml[end..])
}

#[test]
fn a_wrong_password_stored_in_the_profile_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let xml = make_profile(dir.path(), "p12/good.p12", &["--embed-password"]);
    let secret = format!("<string>{}</string>", password());
    assert!(xml.contains(&secret), "the password is embedded");
    let edited = xml.replace(&secret, "<string>not-the-password</string>");
    let run = lint(dir.path(), &edited, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    let f = finding(&run, "mc-certificate-unreadable");
    assert_eq!(f["severity"], "error");
    let detail = f["detail"].as_str().unwrap();
    assert!(
        detail.contains("PayloadContent[0] (com.apple.security.pkcs12) › Password")
            && detail.contains("wrong password"),
        "{detail}"
    );
    assert!(f["fix"].as_str().unwrap().contains("real password"), "{f}");
}

#[test]
fn a_wrong_password_given_by_the_user_stays_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let xml = make_profile(dir.path(), "p12/good.p12", &[]);
    let run = lint(dir.path(), &xml, &["--password", "not-the-password"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("wrong password"), "{}", run.stderr);
}

#[test]
fn a_payload_that_is_no_pkcs12_is_a_finding_with_or_without_a_password() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--embed-password"][..]] {
        let xml = make_profile(dir.path(), "p12/good.p12", extra);
        // base64 of "not a p12"
        let run = lint(dir.path(), &replace_pkcs12_data(&xml, "bm90IGEgcDEy"), &[]);
        assert_eq!(run.code, 1, "{extra:?}: {run:?}");
        let f = finding(&run, "mc-certificate-unreadable");
        let detail = f["detail"].as_str().unwrap();
        assert!(
            detail.contains("› PayloadContent") && detail.contains("not a PKCS#12 file"),
            "{detail}"
        );
    }
}

#[test]
fn an_embedded_modern_pkcs12_without_password_still_gets_the_container_rules() {
    let dir = tempfile::tempdir().unwrap();
    // PBES2/AES and a SHA-256 MAC are errors (P12-02, P12-06; docs/severity.md), so `profile`
    // refuses this file as given and `--force` writes it (exit 1).
    let xml = make_profile_exiting(dir.path(), "p12/modern.p12", &["--keep-p12", "--force"], 1);
    let run = lint(dir.path(), &xml, &[]);
    assert_eq!(run.code, 1, "the container errors: {run:?}");
    assert_eq!(run.json()["verdict"], "fail", "{}", run.stdout);
    let f = finding(&run, "p12-modern-encryption");
    assert!(
        f["detail"]
            .as_str()
            .unwrap()
            .starts_with("PayloadContent[0] (com.apple.security.pkcs12): certificates: PBES2"),
        "{f}"
    );
    // The re-encrypted default form raises nothing of the kind.
    let xml = make_profile(dir.path(), "p12/modern.p12", &[]);
    let run = lint(dir.path(), &xml, &[]);
    assert!(
        !run.ids().iter().any(|id| id.starts_with("p12-")),
        "{}",
        run.stdout
    );
    assert!(fixtures().join("p12/modern.p12").exists());
}

/// `profile --report json` ids; the run must exit `code`.
fn profile_ids(dir: &Path, p12: &str, extra: &[&str], code: i32) -> Vec<String> {
    let out = dir.join("r.out").display().to_string();
    let mut args = vec![
        "profile",
        p12,
        "--realm",
        "example.com",
        "--ca",
        "pem/ca-bundle.pem",
        "--trusted-server-name",
        "radius.example.com",
        "--password-file",
        "password.txt",
        "--report",
        "json",
        "-o",
        &out,
    ];
    args.extend_from_slice(extra);
    let run = hs20check(&args);
    assert_eq!(run.code, code, "{run:?}");
    run.ids()
}

#[test]
fn profile_does_not_warn_about_an_input_encoding_it_rewrites() {
    let dir = tempfile::tempdir().unwrap();
    let modern = ["p12-mac-not-sha1", "p12-modern-encryption"];
    for format in ["apple", "android", "wpa-supplicant"] {
        let ids = profile_ids(dir.path(), "p12/modern.p12", &["--format", format], 0);
        assert!(
            !ids.iter().any(|id| modern.contains(&id.as_str())),
            "{format}: the written PKCS#12 is 3DES/SHA-1 (or password-less), yet {ids:?}"
        );
    }
    // Embedded as given, the input's encoding is what the device gets: errors, so the profile is
    // refused (exit 1) and the report still names them.
    let ids = profile_ids(dir.path(), "p12/modern.p12", &["--keep-p12"], 1);
    for id in modern {
        assert!(
            ids.iter().any(|i| i == id),
            "--keep-p12 must keep {id}: {ids:?}"
        );
    }
}

/// settings-ios15-trusted-certificates has paths = ["api"]: the iOS 15.0–15.1 failure is
/// setTrustedServerCertificates', which no profile output calls, so `profile` and `lint` with an
/// old --min-ios do not report it (`check --min-ios 15.1` does: tests/rules_corpus.rs).
#[test]
fn the_api_only_ios15_rule_stays_off_the_profile_path() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["apple", "android", "wpa-supplicant"] {
        let ids = profile_ids(
            dir.path(),
            "p12/good.p12",
            &["--format", format, "--min-ios", "15"],
            0,
        );
        assert!(
            !ids.iter()
                .any(|id| id == "settings-ios15-trusted-certificates"),
            "{format}: {ids:?}"
        );
    }
    let xml = make_profile(dir.path(), "p12/good.p12", &["--embed-password"]);
    let run = lint(dir.path(), &xml, &["--min-ios", "15"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        !run.ids()
            .iter()
            .any(|id| id == "settings-ios15-trusted-certificates"),
        "{}",
        run.stdout
    );
}
