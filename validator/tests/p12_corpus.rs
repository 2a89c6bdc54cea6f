//! Issue #9: PKCS#12 as Apple reads it. Every file of the producer corpus
//! (tests/validator/fixtures/p12-corpus, made by tests/validator/make-p12-corpus.sh from real
//! OpenSSL, NSS pk12util, keytool and pyca runs, plus labelled look-alikes) decodes, and the
//! verdict matches the EXPECTED table: exit status, exactly the expected error rules (Apple's
//! importer refusals), and no key/certificate mismatch where openssl says the key matches.

mod common;

use common::{check_json, Run};
use std::collections::BTreeSet;
use std::time::Duration;

struct Row {
    file: String,
    producer: String,
    empty_password: bool,
    platform: String,
    exit: i32,
    errors: BTreeSet<String>,
    key_matches: Option<bool>,
}

fn rows() -> Vec<Row> {
    let path = common::fixtures().join("p12-corpus/EXPECTED");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run tests/validator/make-p12-corpus.sh)",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 8, "EXPECTED row has {} fields: {l}", f.len());
            Row {
                file: format!("p12-corpus/{}.p12", f[0]),
                producer: f[1].to_string(),
                empty_password: f[3] == "empty",
                platform: f[4].to_string(),
                exit: f[5].parse().expect("exit status"),
                errors: if f[6] == "-" {
                    BTreeSet::new()
                } else {
                    f[6].split(',').map(str::to_string).collect()
                },
                key_matches: match f[7] {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                },
            }
        })
        .collect()
}

fn run(row: &Row, extra: &[&str]) -> Run {
    let mut args = vec!["--platform", row.platform.as_str()];
    if row.empty_password {
        args.extend(["--password", ""]);
    }
    args.extend_from_slice(extra);
    check_json(&row.file, &args)
}

fn errors(r: &Run) -> BTreeSet<String> {
    r.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_producer_file_gets_its_expected_verdict() {
    let rows = rows();
    assert!(rows.len() >= 40, "the corpus has {} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let r = run(row, &[]);
        if r.code != row.exit {
            failures.push(format!(
                "{} ({}, {}): exit {} (expected {}); stderr: {}",
                row.file, row.producer, row.platform, r.code, row.exit, r.stderr
            ));
            continue;
        }
        if r.code == 2 {
            assert!(r.stderr.contains(&row.file), "{}: {}", row.file, r.stderr);
            continue;
        }
        let got = errors(&r);
        if got != row.errors {
            failures.push(format!(
                "{} ({}, {}): errors {got:?}, expected {:?}",
                row.file, row.producer, row.platform, row.errors
            ));
        }
        let ids = r.ids();
        if row.key_matches == Some(true)
            && ids.iter().any(|i| i == "identity-key-certificate-mismatch")
        {
            failures.push(format!(
                "{}: key/certificate mismatch reported, openssl says they match",
                row.file
            ));
        }
        // Every refusal carries its source and a fix.
        for f in r.json()["findings"].as_array().unwrap() {
            if f["severity"] == "error" && f["id"].as_str().unwrap().starts_with("p12-import-") {
                assert!(
                    f["source"].as_str().unwrap().contains("P12-IMPORT-"),
                    "{}: {f}",
                    row.file
                );
                assert!(!f["fix"].as_str().unwrap().is_empty(), "{}: {f}", row.file);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn container(file: &str, extra: &[&str]) -> serde_json::Value {
    let r = check_json(file, extra);
    assert!(r.code < 2, "{file}: exit {}: {}", r.code, r.stderr);
    r.json()["identity"]["container"].clone()
}

#[test]
fn every_algorithm_is_named_with_its_parameters() {
    let c = container("p12-corpus/openssl3-rc4-128.p12", &[]);
    assert_eq!(c["key_encryption"][0]["name"], "pbeWithSHAAnd128BitRC4");
    assert_eq!(c["key_encryption"][0]["key_bits"], 128);
    assert_eq!(c["key_encryption"][0]["iterations"], 2048);
    assert_eq!(c["key_encryption"][0]["salt_len"], 8);

    let c = container("p12-corpus/openssl3-camellia256.p12", &[]);
    assert_eq!(c["key_encryption"][0]["cipher"], "Camellia-256-CBC");
    assert_eq!(c["key_encryption"][0]["prf"], "HMAC-SHA256");

    let c = container("p12-corpus/lookalike-forge-default.p12", &[]);
    assert_eq!(
        c["key_encryption"][0]["name"],
        "PBES2 (PBKDF2-HMAC-SHA1, AES-256-CBC)"
    );

    let c = container("p12-corpus/nss-default.p12", &[]);
    assert_eq!(c["ber_encoded"], true);
    assert_eq!(c["mac"]["iterations"], 600000);

    let c = container("p12-corpus/lookalike-openssl34-pbmac1.p12", &[]);
    assert_eq!(c["mac"]["algorithm"], "PBMAC1");
    assert_eq!(c["mac"]["prf"], "HMAC-SHA256");
    assert_eq!(c["mac"]["hmac"], "HMAC-SHA256");

    let c = container("p12-corpus/pyca-key-ed448.p12", &[]);
    assert_eq!(c["keys"][0]["algorithm"], "Ed448");
}

#[test]
fn the_empty_password_encoding_that_matched_is_reported() {
    let c = container(
        "p12-corpus/lookalike-windows-nopassword.p12",
        &["--password", "", "--platform", "macos"],
    );
    assert_eq!(c["empty_password_encoding"], "zero-length");
    let c = container(
        "p12-corpus/openssl3-empty-password.p12",
        &["--password", ""],
    );
    assert_eq!(c["empty_password_encoding"], "two-zero-bytes");
}

#[test]
fn key_derivation_is_bounded_and_the_bound_can_be_raised() {
    let file = "p12-corpus/openssl3-iter-2000000.p12";
    let r = check_json(file, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(file), "{}", r.stderr);
    assert!(r.stderr.contains("--max-kdf-iterations"), "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);

    let r = check_json(file, &["--max-kdf-iterations", "13000000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // A cheap file under a tiny bound: the same message.
    let r = check_json(
        "p12-corpus/openssl3-legacy.p12",
        &["--max-kdf-iterations", "1000"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--max-kdf-iterations"), "{}", r.stderr);
}

/// The core-crate issue: one opener. The BER file the profile generator used to refuse
/// ("BER-encoded files must be re-exported") passes `check`, and `profile` writes from it.
#[test]
fn ber_indefinite_passes_check_and_profile_writes_a_profile_from_it() {
    let file = "tools/ber-indefinite.p12";
    let r = check_json(file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ber.mobileconfig");
    let out_s = out.to_str().unwrap();
    let r = common::hs20check(&[
        "profile",
        file,
        "--realm",
        "example.com",
        "--password-file",
        "password.txt",
        "--ca",
        "pem/ca-bundle.pem",
        "--trusted-server-name",
        "radius.example.com",
        "-o",
        out_s,
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(out.exists());
    // The written profile carries a DER 3DES/SHA-1 re-encoding: lint finds nothing wrong with it.
    let r = common::hs20check(&["lint", out_s, "--password-file", "password.txt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// A profile embedding a producer's file as is (`--keep-p12`) is linted with the same reader
/// and the same importer rules as `check`, with or without the password.
#[test]
fn embedded_producer_files_are_linted_like_check() {
    let dir = tempfile::tempdir().unwrap();
    for (file, rule) in [
        ("p12-corpus/nss-default.p12", "p12-import-pbes2-variant"),
        ("p12-corpus/openssl3-nomac.p12", "p12-import-no-mac"),
    ] {
        let out = dir.path().join("kept.mobileconfig");
        let out_s = out.to_str().unwrap();
        let r = common::hs20check(&[
            "profile",
            file,
            "--realm",
            "example.com",
            "--password-file",
            "password.txt",
            "--ca",
            "pem/ca-bundle.pem",
            "--trusted-server-name",
            "radius.example.com",
            "--keep-p12",
            "--force",
            "-o",
            out_s,
        ]);
        assert_eq!(r.code, 1, "{file}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains(rule), "{file}: {}", r.stdout);
        for with_password in [true, false] {
            let mut args = vec!["lint", out_s, "--format", "json"];
            if with_password {
                args.extend(["--password-file", "password.txt"]);
            }
            let r = common::hs20check(&args);
            assert_eq!(r.code, 1, "{file} lint: {}{}", r.stdout, r.stderr);
            assert!(
                r.ids().iter().any(|i| i == rule),
                "{file} (password {with_password}): {:?}",
                r.ids()
            );
        }
    }
}
