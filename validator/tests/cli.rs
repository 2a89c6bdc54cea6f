//! The command line as scripts and new users meet it: exit codes, the JSON shape, `explain`,
//! password handling, the short form, files made by other tools, and hostile input.

mod common;

use common::{catalogue, check_json, hs20check, hs20check_with, password};
use std::time::Duration;

const FULL: &[&str] = &[
    "--ca",
    "pem/ca-bundle.pem",
    "--server-cert",
    "pem/server-chain.pem",
    "--trusted-server-name",
    "radius.example.com",
];

fn with_full(extra: &[&'static str]) -> Vec<&'static str> {
    FULL.iter().chain(extra).copied().collect()
}

#[test]
fn json_report_has_the_documented_shape() {
    // Errors, warnings and infos at once: wrong trusted name, SHA-1 client, outer identity.
    let r = check_json(
        "p12/sha1.p12",
        &[
            "--ca",
            "pem/ca-bundle.pem",
            "--server-cert",
            "pem/server-chain.pem",
            "--outer-identity",
            "anon@example.com",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    assert_eq!(json["verdict"], "fail");
    let findings = json["findings"].as_array().expect("findings[]");
    assert!(findings.len() >= 4, "{findings:?}");
    for f in findings {
        for key in [
            "id",
            "severity",
            "title",
            "detail",
            "consequence",
            "fix",
            "source",
        ] {
            let value = f[key]
                .as_str()
                .unwrap_or_else(|| panic!("finding lacks string '{key}': {f}"));
            assert!(!value.trim().is_empty(), "empty '{key}' in {f}");
        }
        assert!(
            ["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()),
            "{f}"
        );
        // Sources cite apple-rules.md ids.
        let source = f["source"].as_str().unwrap();
        assert!(
            source
                .split(", ")
                .all(|s| ["API-", "TRUST-", "P12-", "CERT-", "MC-", "AND-"]
                    .iter()
                    .any(|p| s.starts_with(p))),
            "source '{source}' of {}",
            f["id"]
        );
    }
    // Errors first within a subject group is the human report's job; JSON keeps every finding.
    let ids: Vec<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    for id in [
        "identity-signature-sha1",
        "server-name-mismatch",
        "settings-trusted-names-assumed",
        "settings-outer-identity-ignored",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let mismatch = findings
        .iter()
        .find(|f| f["id"] == "server-name-mismatch")
        .unwrap();
    assert!(
        mismatch["fix"]
            .as_str()
            .unwrap()
            .contains("radius.example.com"),
        "the fix names the name that would match: {mismatch}"
    );
    assert!(json["identity"].is_object());
    assert_eq!(json["identity"]["eap_identity"], "sha1@example.com");
    assert_eq!(
        json["identity"]["certificate"]["signature_hash"], "SHA-1",
        "{}",
        json["identity"]
    );
    assert!(json["server"].is_object());
    assert_eq!(json["server"]["presented_names"][0], "radius.example.com");
}

#[test]
fn exit_codes_follow_the_worst_finding() {
    let pass = check_json("p12/good.p12", FULL);
    assert_eq!(
        (pass.code, pass.json()["verdict"].clone()),
        (0, "pass".into())
    );
    // RSA-1024 client key: identity-key-weak, a warning. (p12/modern.p12 served here until
    // PBES2/AES and SHA-256 MACs became errors under the severity policy, docs/severity.md.)
    let warn = check_json("p12/rsa1024.p12", FULL);
    assert_eq!(
        (warn.code, warn.json()["verdict"].clone()),
        (0, "warn".into())
    );
    let fail = check_json("p12/expired.p12", FULL);
    assert_eq!(
        (fail.code, fail.json()["verdict"].clone()),
        (1, "fail".into())
    );
}

#[test]
fn explain_works_for_every_listed_id() {
    let catalogue = catalogue(); // runs `explain <id>` for every id and checks exit 0
    assert!(catalogue.len() >= 50, "{}", catalogue.len());
    for (id, _, _) in &catalogue {
        let r = hs20check(&["explain", id]);
        assert_eq!(r.code, 0);
        assert!(
            r.stdout.starts_with(id.as_str()),
            "explain {id}: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains("Sources (") && r.stdout.contains("\n    - "),
            "explain {id} names no source with its upstream references"
        );
        assert!(r.stdout.contains("Fix: "), "explain {id} gives no fix");
    }
    // Ids are case-insensitive on input.
    assert_eq!(hs20check(&["explain", "SERVER-NAME-MISMATCH"]).code, 0);
}

#[test]
fn explain_unknown_id_exits_2_with_one_line() {
    let r = hs20check(&["explain", "no-such-rule"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("no-such-rule"), "{}", r.stderr);
}

#[test]
fn short_form_equals_check_subcommand() {
    let args = with_full(&[
        "--realm",
        "example.com",
        "--password-file",
        "password.txt",
        "--format",
        "json",
    ]);
    let mut long = vec!["check", "p12/cn-realm-mismatch.p12"];
    long.extend(&args);
    let mut short = vec!["p12/cn-realm-mismatch.p12"];
    short.extend(&args);
    let (l, s) = (hs20check(&long), hs20check(&short));
    assert_eq!(l.code, 0);
    assert_eq!(
        (l.code, &l.stdout, &l.stderr),
        (s.code, &s.stdout, &s.stderr)
    );
    assert!(l.stdout.contains("identity-cn-realm-mismatch"));
}

#[test]
fn no_password_and_no_terminal_exits_2() {
    // stdin is /dev/null (common::hs20check): there is no terminal to prompt on.
    let r = hs20check(&["p12/good.p12", "--realm", "example.com"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("p12/good.p12") && r.stderr.contains("terminal"),
        "{}",
        r.stderr
    );
}

#[test]
fn password_sources_are_equivalent_and_never_echoed() {
    let secret = password();
    let base = ["p12/good.p12", "--realm", "example.com", "--format", "json"];
    let by_file = hs20check(&[&base[..], &["--password-file", "password.txt"]].concat());
    let by_flag = hs20check(&[&base[..], &["--password", &secret]].concat());
    let by_env = hs20check_with(
        &[&base[..], &["--password-env", "CORPUS_PW"]].concat(),
        |c| {
            c.env("CORPUS_PW", &secret);
        },
    );
    assert_eq!(by_file.code, 0, "{}", by_file.stderr);
    assert_eq!(by_file.stdout, by_flag.stdout);
    assert_eq!(by_file.stdout, by_env.stdout);
    // Unset variable: exit 2 naming the variable (common::hs20check asserts no password in output).
    let unset = hs20check(&[&base[..], &["--password-env", "HS20CHECK_TEST_UNSET_VAR"]].concat());
    assert_eq!(unset.code, 2);
    assert!(
        unset.stderr.contains("HS20CHECK_TEST_UNSET_VAR"),
        "{}",
        unset.stderr
    );
}

#[test]
fn wrong_password_exits_2_without_echoing_it() {
    let wrong = "Wrong-Secret-93817";
    let r = hs20check(&[
        "p12/good.p12",
        "--realm",
        "example.com",
        "--password",
        wrong,
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("p12/good.p12") && r.stderr.contains("wrong password"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(wrong) && !r.stdout.contains(wrong));
    // A password that starts with '-' is a password, not a flag clap would echo in its error.
    let dashed = "-Wrong-Secret-93817";
    let r = hs20check(&[
        "p12/good.p12",
        "--realm",
        "example.com",
        "--password",
        dashed,
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("wrong password"), "{}", r.stderr);
    assert!(!r.stderr.contains("Secret-93817") && !r.stdout.contains("Secret-93817"));
    // The empty-password file with the corpus password is also a wrong password.
    let r = check_json("p12/empty-password.p12", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("wrong password"), "{}", r.stderr);
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_file() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "check",
                "missing.p12",
                "--realm",
                "example.com",
                "--password",
                "x",
            ],
            "missing.p12",
        ),
        (
            &[
                "check",
                "p12/good.p12",
                "--realm",
                "example.com",
                "--password-file",
                "nope.txt",
            ],
            "nope.txt",
        ),
        (
            &[
                "check",
                "p12/good.p12",
                "--realm",
                "example.com",
                "--password-file",
                "password.txt",
                "--ca",
                "nope.pem",
            ],
            "nope.pem",
        ),
        (
            &[
                "check",
                "p12/good.p12",
                "--realm",
                "example.com",
                "--password-file",
                "password.txt",
                "--ca",
                "password.txt",
            ],
            "password.txt",
        ),
        (
            &[
                "check",
                "p12/good.p12",
                "--realm",
                "example.com",
                "--password-file",
                "password.txt",
                "--server-cert",
                "GENERATED_AT",
            ],
            "GENERATED_AT",
        ),
    ];
    for (args, name) in cases {
        let r = hs20check(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert_eq!(r.stderr.trim().lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(name), "{args:?}: {}", r.stderr);
    }
    // Bad flags and values: exit 2 (clap's usage text may take several lines).
    for args in [
        &["check", "p12/good.p12", "--realm", "example.com", "--bogus"][..],
        &["check", "p12/good.p12"][..],
        &[
            "check",
            "p12/good.p12",
            "--realm",
            "x",
            "--tls-version",
            "1.4",
        ][..],
        &[
            "check",
            "p12/good.p12",
            "--realm",
            "x",
            "--min-ios",
            "fifteen",
        ][..],
        &["check", "p12/good.p12", "--realm", "x", "--format", "xml"][..],
    ] {
        assert_eq!(hs20check(args).code, 2, "{args:?}");
    }
}

#[test]
fn hostile_files_end_fast_with_exit_2() {
    let cases = [
        // The message names the work needed and the option that raises the bound.
        (
            "hostile/mac-iterations-2pow31.p12",
            "hash iterations, above the bound of 10000000 per file; if the file is trusted, raise it with --max-kdf-iterations",
        ),
        ("hostile/mac-iterations-2pow63.p12", "--max-kdf-iterations"),
        (
            "hostile/pbe-iterations-2pow31.p12",
            "--max-kdf-iterations",
        ),
        ("hostile/deep-nesting.p12", "nesting"),
        ("hostile/lying-outer-length.p12", "truncated"),
        ("hostile/lying-inner-length.p12", "truncated"),
        ("hostile/truncated.p12", "truncated"),
        ("hostile/random.p12", "not a PKCS#12"),
        ("hostile/trailing-bytes.p12", "trailing"),
        ("hostile/pem-certificate.p12", "PEM"),
        ("hostile/empty.p12", "empty"),
    ];
    for (file, reason) in cases {
        let r = check_json(file, FULL);
        assert_eq!(r.code, 2, "{file}: exit {}; stderr {}", r.code, r.stderr);
        assert!(r.stdout.is_empty(), "{file}: {}", r.stdout);
        let lines: Vec<&str> = r.stderr.trim().lines().collect();
        assert_eq!(lines.len(), 1, "{file}: {}", r.stderr);
        assert!(
            lines[0].contains(file),
            "{file}: the message does not name the file: {}",
            lines[0]
        );
        assert!(
            lines[0].contains(reason),
            "{file}: expected '{reason}' in: {}",
            lines[0]
        );
        assert!(
            r.elapsed < Duration::from_secs(10),
            "{file} took {:?}",
            r.elapsed
        );
    }
}

/// Issue #2: "Tried as a new user would, on files made by other tools, the verdicts are right."
#[test]
fn files_made_by_other_tools() {
    let modern = ["p12-mac-not-sha1", "p12-modern-encryption"];
    let cases: &[(&str, &[&str], &str, &[&str])] = &[
        // OpenSSL 3 defaults: PBES2/AES-256 + HMAC-SHA256 → two errors (P12-02, P12-06), exit 1.
        ("tools/openssl-default.p12", FULL, "fail", &modern),
        ("tools/openssl-legacy.p12", FULL, "pass", &[]),
        ("tools/python-best-available.p12", FULL, "fail", &modern),
        ("tools/python-legacy-3des.p12", FULL, "pass", &[]),
        ("tools/keytool-import.p12", FULL, "fail", &modern),
        ("tools/keytool-import-legacy.p12", FULL, "pass", &[]),
        // keytool -genkeypair: self-signed, so no --ca to chain to.
        (
            "tools/keytool-genkeypair.p12",
            &[
                "--server-cert",
                "pem/server-chain.pem",
                "--trusted-server-name",
                "radius.example.com",
            ],
            "fail",
            &[
                "identity-chain-not-checked",
                "p12-mac-not-sha1",
                "p12-modern-encryption",
            ],
        ),
        (
            "tools/ber-indefinite.p12",
            FULL,
            "pass",
            &["p12-ber-encoded"],
        ),
    ];
    for (file, args, verdict, ids) in cases {
        let r = check_json(file, args);
        // Exit status follows the verdict: 1 for fail, 0 for warn and pass.
        let code = if *verdict == "fail" { 1 } else { 0 };
        assert_eq!(r.code, code, "{file}: {}", r.stderr);
        let json = r.json();
        assert_eq!(json["verdict"], *verdict, "{file}");
        let mut got = r.ids();
        got.sort();
        assert_eq!(got, ids.to_vec(), "{file}");
        assert!(
            json["identity"]["certificate"].is_object(),
            "{file}: no client certificate found"
        );
        assert!(
            json["identity"]["private_key"].is_object(),
            "{file}: no private key found"
        );
    }
    // The inventory names what each exporter used.
    let legacy = check_json("tools/openssl-legacy.p12", FULL).json();
    let container = &legacy["identity"]["container"];
    assert_eq!(container["mac"]["algorithm"], "SHA-1");
    assert_eq!(
        container["certificate_encryption"][0]["name"],
        "pbeWithSHAAnd40BitRC2-CBC"
    );
    assert_eq!(
        container["key_encryption"][0]["name"],
        "pbeWithSHAAnd3-KeyTripleDES-CBC"
    );
    let default = check_json("tools/openssl-default.p12", FULL).json();
    let container = &default["identity"]["container"];
    assert_eq!(container["mac"]["algorithm"], "SHA-256");
    assert_eq!(
        container["key_encryption"][0]["name"],
        "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)"
    );
    let ber = check_json("tools/ber-indefinite.p12", FULL).json();
    assert_eq!(ber["identity"]["container"]["ber_encoded"], true);
}

#[test]
fn human_report_without_terminal_has_no_colour_and_names_rules() {
    let mut args = vec![
        "check",
        "p12/expired.p12",
        "--realm",
        "example.com",
        "--password-file",
        "password.txt",
    ];
    args.extend(FULL);
    let r = hs20check_with(&args, |c| {
        c.env_remove("NO_COLOR");
    });
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains('\u{1b}'), "ANSI escapes in piped output");
    assert!(r.stdout.contains("identity-expired"), "{}", r.stdout);
    // Guidance rules appear in the human report.
    assert!(r.stdout.contains("guidance-keychain-import") || r.stdout.contains("SecPKCS12Import"));
}

fn tls13_capture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../air/tests/fixtures/tls13-keylog")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// `capture --keylog`: the TLS 1.3 server certificate, decrypted, goes through the
/// trustedServerNames rules; without the key log the diagnosis says it is encrypted.
#[test]
fn capture_keylog_decrypts_tls13_and_checks_the_server_name() {
    let pcap = tls13_capture("radius.pcap");
    let keylog = tls13_capture("keylog.txt");
    let plain = hs20check(&[
        "capture",
        &pcap,
        "--trusted-server-name",
        "wrong.example.com",
        "--format",
        "json",
    ]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(plain.ids().contains(&"air.eap-tls13-encrypted".to_string()));
    let r = hs20check(&[
        "capture",
        &pcap,
        "--keylog",
        &keylog,
        "--trusted-server-name",
        "wrong.example.com",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ids = r.ids();
    assert!(ids.contains(&"server-name-mismatch".to_string()), "{ids:?}");
    assert!(
        !ids.contains(&"air.eap-tls13-encrypted".to_string()),
        "{ids:?}"
    );
    assert!(r.stdout.contains("radius.example.com"));
    // no secret from the key log in the output
    let text = std::fs::read_to_string(&keylog).unwrap();
    for line in text.lines() {
        let secret = line.split_whitespace().nth(2).unwrap();
        assert!(!r.stdout.contains(secret) && !r.stderr.contains(secret));
    }
}

#[test]
fn capture_with_a_bad_keylog_names_the_file_and_prints_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad-keylog.txt");
    let secret = "5ec2e7".repeat(8);
    std::fs::write(
        &bad,
        format!(
            "# a key log\nSERVER_HANDSHAKE_TRAFFIC_SECRET {} {secret}\nCLIENT_HANDSHAKE_TRAFFIC_SECRET 00 {secret}\n",
            "00".repeat(32)
        ),
    )
    .unwrap();
    let r = hs20check(&[
        "capture",
        &tls13_capture("radius.pcap"),
        "--keylog",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad-keylog.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    assert!(!r.stderr.contains(&secret) && !r.stdout.contains(&secret));
}
