//! Every rule of the catalogue (except guidance-*, always printed, and the profile/lint rules,
//! which tests/profiles covers) has a failing and a passing case in the committed corpus
//! (tests/validator/fixtures, made by tests/validator/make-fixtures.sh). A failing case must
//! report exactly the rule (with the catalogue's severity) plus the findings listed in `also`;
//! a passing case must not report the rule. A new rule without a case here fails
//! `every_catalogue_rule_has_cases`.

mod common;

use common::{catalogue, check_json, Run};
use std::collections::BTreeSet;

/// The complete, healthy context: CA bundle (corpus root + RSA root), the good server chain and
/// the name it presents.
const CA: &str = "pem/ca-bundle.pem";
const SERVER: &str = "pem/server-chain.pem";

struct Invocation {
    p12: &'static str,
    args: &'static [&'static str],
    /// Other findings the failing case reports besides the rule under test (exact set).
    also: &'static [&'static str],
}

struct RuleCase {
    id: &'static str,
    severity: &'static str,
    fails: &'static [Invocation],
    passes: &'static [Invocation],
}

macro_rules! inv {
    ($p12:expr, [$($arg:expr),* $(,)?]) => { Invocation { p12: $p12, args: &[$($arg),*], also: &[] } };
    ($p12:expr, [$($arg:expr),* $(,)?], also [$($also:expr),* $(,)?]) => {
        Invocation { p12: $p12, args: &[$($arg),*], also: &[$($also),*] }
    };
}

/// `--ca`, `--server-cert` and `--trusted-server-name` of the healthy context, plus `extra`.
macro_rules! full {
    ($p12:expr $(, $arg:expr)* $(; also [$($also:expr),*])?) => {
        Invocation {
            p12: $p12,
            args: &["--ca", CA, "--server-cert", SERVER, "--trusted-server-name", "radius.example.com" $(, $arg)*],
            also: &[$($($also),*)?],
        }
    };
}

/// The good identity with a given server chain and trusted name.
macro_rules! server {
    ($chain:expr, $name:expr $(; also [$($also:expr),*])?) => {
        Invocation {
            p12: "p12/good.p12",
            args: &["--ca", CA, "--server-cert", $chain, "--trusted-server-name", $name],
            also: &[$($($also),*)?],
        }
    };
}

const GOOD: &str = "p12/good.p12";
const A129: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const A128: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

static CASES: &[RuleCase] = &[
    // ---- container (P12-*) ----
    RuleCase {
        id: "p12-modern-encryption",
        severity: "error",
        fails: &[
            full!("p12/modern.p12"; also ["p12-mac-not-sha1"]),
            full!("tools/openssl-default.p12"; also ["p12-mac-not-sha1"]),
        ],
        passes: &[full!(GOOD), full!("tools/openssl-legacy.p12")],
    },
    RuleCase {
        id: "p12-mac-not-sha1",
        severity: "error",
        fails: &[full!("p12/mac-sha256.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "p12-empty-password",
        severity: "warning",
        fails: &[full!("p12/empty-password.p12", "--password", "")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "p12-unencrypted-key",
        severity: "warning",
        fails: &[full!("p12/plain-key.p12"; also ["p12-import-plain-key-only"])],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "p12-ber-encoded",
        severity: "info",
        fails: &[full!("tools/ber-indefinite.p12")],
        passes: &[full!(GOOD)],
    },
    // ---- identity ----
    RuleCase {
        id: "identity-no-private-key",
        severity: "error",
        fails: &[full!("p12/no-key.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-multiple-keys",
        severity: "error",
        fails: &[full!("p12/two-keys.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-key-certificate-mismatch",
        severity: "error",
        // bob's certificate without its issuing CA, next to alice's key.
        fails: &[full!("p12/key-cert-mismatch.p12"; also ["identity-intermediates-missing"])],
        passes: &[full!(GOOD)],
    },
    // ---- Apple's importer (P12-IMPORT-*), files from tests/validator/make-p12-corpus.sh ----
    RuleCase {
        id: "p12-import-no-mac",
        severity: "error",
        fails: &[
            full!("p12/no-mac.p12"),
            full!("p12-corpus/openssl3-nomac.p12"),
            full!("p12-corpus/keytool-nomac.p12"),
        ],
        passes: &[full!(GOOD), full!("p12-corpus/keytool-legacy.p12")],
    },
    RuleCase {
        id: "p12-import-mac-algorithm",
        severity: "error",
        fails: &[
            full!("p12-corpus/openssl3-mac-md5.p12"),
            full!("p12-corpus/lookalike-openssl34-pbmac1.p12"; also ["p12-modern-encryption"]),
        ],
        passes: &[
            full!(GOOD),
            full!("p12-corpus/openssl3-mac-sha512.p12"; also ["p12-mac-not-sha1"]),
        ],
    },
    RuleCase {
        id: "p12-import-2key-3des",
        severity: "error",
        fails: &[full!("p12-corpus/openssl3-2des.p12")],
        passes: &[full!(GOOD), full!("p12-corpus/openssl3-rc4-128.p12")],
    },
    RuleCase {
        id: "p12-import-pbes2-variant",
        severity: "error",
        fails: &[
            full!("p12-corpus/openssl3-aes128.p12"; also ["p12-mac-not-sha1"]),
            full!("p12-corpus/openssl3-camellia256.p12"; also ["p12-mac-not-sha1"]),
            full!("p12-corpus/lookalike-forge-default.p12"),
            full!("p12-corpus/keytool-aes128-sha1.p12"),
            full!("p12-corpus/nss-default.p12"; also ["p12-modern-encryption", "p12-mac-not-sha1", "p12-ber-encoded"]),
        ],
        passes: &[full!(GOOD), full!("tools/openssl-default.p12")],
    },
    RuleCase {
        id: "p12-import-unknown-scheme",
        severity: "error",
        fails: &[full!("p12-corpus/lookalike-pbes2-scrypt.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "p12-import-plain-key-only",
        severity: "error",
        fails: &[full!("p12-corpus/openssl3-keypbe-none.p12"; also ["p12-unencrypted-key"])],
        passes: &[full!(GOOD), full!("p12-corpus/openssl3-certpbe-none.p12")],
    },
    RuleCase {
        id: "p12-import-key-type",
        severity: "error",
        fails: &[full!("p12/ed25519.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "p12-import-empty-password-encoding",
        severity: "error",
        fails: &[
            full!("p12/empty-password.p12", "--password", "", "--platform", "macos"; also ["p12-empty-password"]),
            full!("p12-corpus/lookalike-windows-nopassword.p12", "--password", ""; also ["p12-empty-password"]),
        ],
        passes: &[
            full!(GOOD),
            full!("p12/empty-password.p12", "--password", ""; also ["p12-empty-password"]),
        ],
    },
    RuleCase {
        id: "p12-import-skipped-bags",
        severity: "info",
        fails: &[full!("p12-corpus/lookalike-secret-bag.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-key-weak",
        severity: "warning",
        fails: &[full!("p12/rsa1024.p12")],
        passes: &[full!(GOOD), full!("p12/rsa-root-sha256.p12")],
    },
    RuleCase {
        id: "identity-key-unusual",
        severity: "warning",
        fails: &[full!("p12/p521.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-signature-md5",
        severity: "error",
        fails: &[full!("p12/md5.p12"; also ["identity-chain-unverifiable"])],
        passes: &[full!("p12/rsa-root-sha256.p12")],
    },
    RuleCase {
        id: "identity-signature-sha1",
        severity: "warning",
        fails: &[full!("p12/sha1.p12"; also ["identity-chain-unverifiable"])],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-eku-missing-client-auth",
        severity: "error",
        fails: &[full!("p12/eku-no-client-auth.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-key-usage-missing-digital-signature",
        severity: "error",
        fails: &[full!("p12/ku-no-digital-signature.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-expired",
        severity: "error",
        fails: &[full!("p12/expired.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-not-yet-valid",
        severity: "error",
        fails: &[full!("p12/not-yet-valid.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-expiring-soon",
        severity: "warning",
        fails: &[full!("p12/expiring-soon.p12")],
        passes: &[full!("p12/expires-in-40-days.p12")],
    },
    RuleCase {
        id: "identity-no-common-name",
        severity: "warning",
        fails: &[full!("p12/no-cn.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-cn-not-nai",
        severity: "warning",
        fails: &[full!("p12/cn-not-nai.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-cn-realm-mismatch",
        severity: "warning",
        fails: &[full!("p12/cn-realm-mismatch.p12")],
        // A subdomain of the realm routes home; so does an extra --nai-realm naming the CN's realm.
        passes: &[
            full!("p12/cn-subrealm.p12"),
            full!(
                "p12/cn-realm-mismatch.p12",
                "--nai-realm",
                "example.com",
                "--nai-realm",
                "example.org"
            ),
        ],
    },
    RuleCase {
        id: "identity-intermediates-missing",
        severity: "error",
        fails: &[full!("p12/no-intermediate.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-chain-untrusted",
        severity: "error",
        fails: &[full!("p12/other-ca.p12")],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-chain-unverifiable",
        severity: "warning",
        fails: &[full!("p12/sha1.p12"; also ["identity-signature-sha1"])],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-chain-not-checked",
        severity: "info",
        fails: &[inv!(
            GOOD,
            [
                "--server-cert",
                SERVER,
                "--trusted-server-name",
                "radius.example.com"
            ]
        )],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "identity-root-ca-inside",
        severity: "info",
        fails: &[full!("p12/with-root.p12")],
        passes: &[full!(GOOD)],
    },
    // ---- RADIUS server certificate and trustedServerNames ----
    RuleCase {
        id: "server-name-mismatch",
        severity: "error",
        // The classic: trustedServerNames = [realm], certificate names radius.example.com.
        fails: &[
            inv!(
                GOOD,
                ["--ca", CA, "--server-cert", SERVER],
                also["settings-trusted-names-assumed"]
            ),
            server!("pem/server-cn-differs-chain.pem", "aaa.example.com"; also ["server-cn-ignored"]),
        ],
        passes: &[
            full!(GOOD),
            server!("pem/server-cn-only-chain.pem", "radius.example.com"),
        ],
    },
    RuleCase {
        id: "server-name-wildcard-mismatch",
        severity: "error",
        fails: &[server!(
            "pem/server-wildcard-chain.pem",
            "radius.example.com"
        )],
        passes: &[server!("pem/server-wildcard-chain.pem", "*.example.com")],
    },
    RuleCase {
        id: "trusted-name-invalid-wildcard",
        severity: "error",
        fails: &[
            server!(SERVER, "radius*.example.com"; also ["server-name-wildcard-mismatch"]),
            server!(SERVER, "radius.*.com"; also ["server-name-wildcard-mismatch"]),
        ],
        passes: &[server!(SERVER, "*.example.com")],
    },
    RuleCase {
        id: "trusted-name-not-dns-name",
        severity: "error",
        fails: &[
            server!(SERVER, "RADIUS Server"; also ["server-name-mismatch"]),
            server!(SERVER, "radius.example.com."; also ["server-name-mismatch"]),
        ],
        passes: &[server!(SERVER, "radius.example.com")],
    },
    RuleCase {
        id: "server-no-dns-name",
        severity: "error",
        fails: &[server!("pem/server-no-dns-chain.pem", "radius.example.com")],
        passes: &[server!(
            "pem/server-cn-only-chain.pem",
            "radius.example.com"
        )],
    },
    RuleCase {
        id: "server-cn-ignored",
        severity: "info",
        fails: &[server!(
            "pem/server-cn-differs-chain.pem",
            "radius.example.com"
        )],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-cn-san-case-differs",
        severity: "warning",
        fails: &[server!(
            "pem/server-cn-case-chain.pem",
            "radius.example.com"
        )],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-eku-missing-server-auth",
        severity: "error",
        fails: &[server!(
            "pem/server-eku-client-chain.pem",
            "radius.example.com"
        )],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-chain-untrusted",
        severity: "error",
        fails: &[server!(
            "pem/server-other-ca-chain.pem",
            "radius.example.com"
        )],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-chain-unverifiable",
        severity: "warning",
        fails: &[
            server!("pem/server-sha1-chain.pem", "radius.example.com"; also ["server-signature-sha1"]),
        ],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-expired",
        severity: "error",
        fails: &[
            server!("pem/server-expired-chain.pem", "radius.example.com"),
            server!("pem/server-future-chain.pem", "radius.example.com"),
        ],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-expiring-soon",
        severity: "warning",
        fails: &[server!(
            "pem/server-expiring-chain.pem",
            "radius.example.com"
        )],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-key-weak",
        severity: "warning",
        fails: &[server!(
            "pem/server-rsa1024-chain.pem",
            "radius.example.com"
        )],
        passes: &[
            full!(GOOD),
            server!("pem/server-rsa-sha256-chain.pem", "radius.example.com"),
        ],
    },
    RuleCase {
        id: "server-signature-md5",
        severity: "error",
        fails: &[
            server!("pem/server-md5-chain.pem", "radius.example.com"; also ["server-chain-unverifiable"]),
        ],
        passes: &[server!(
            "pem/server-rsa-sha256-chain.pem",
            "radius.example.com"
        )],
    },
    RuleCase {
        id: "server-signature-sha1",
        severity: "warning",
        fails: &[
            server!("pem/server-sha1-chain.pem", "radius.example.com"; also ["server-chain-unverifiable"]),
        ],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "server-not-checked",
        severity: "info",
        fails: &[inv!(
            GOOD,
            ["--ca", CA, "--trusted-server-name", "radius.example.com"]
        )],
        passes: &[full!(GOOD)],
    },
    // ---- NEHotspotHS20Settings / NEHotspotEAPSettings ----
    RuleCase {
        id: "settings-domain-name-invalid",
        severity: "error",
        fails: &[
            full!(GOOD, "--domain-name", ""),
            full!(GOOD, "--domain-name", A129),
        ],
        passes: &[full!(GOOD), full!(GOOD, "--domain-name", A128)],
    },
    RuleCase {
        id: "settings-roaming-without-identifier",
        severity: "error",
        fails: &[full!(GOOD, "--roaming", "--nai-realm", "")],
        passes: &[
            full!(GOOD, "--roaming"),
            full!(
                GOOD,
                "--roaming",
                "--nai-realm",
                "",
                "--roaming-consortium",
                "5A03BA0000"
            ),
            full!(GOOD, "--nai-realm", ""),
        ],
    },
    RuleCase {
        id: "settings-mcc-mnc-invalid",
        severity: "error",
        fails: &[
            full!(GOOD, "--mcc-mnc", "31026"),
            full!(GOOD, "--mcc-mnc", "310026", "--mcc-mnc", "31002a"),
        ],
        passes: &[full!(GOOD, "--mcc-mnc", "310026")],
    },
    RuleCase {
        id: "settings-mcc-mnc-f-padding",
        severity: "info",
        fails: &[full!(GOOD, "--mcc-mnc", "234F15")],
        passes: &[full!(GOOD, "--mcc-mnc", "234015")],
    },
    RuleCase {
        id: "settings-oi-invalid",
        severity: "error",
        fails: &[
            full!(GOOD, "--roaming-consortium", "5A03BA0"),
            full!(GOOD, "--roaming-consortium", "5A03BG0000"),
        ],
        passes: &[full!(
            GOOD,
            "--roaming-consortium",
            "5A03BA0000",
            "--roaming-consortium",
            "001BC5"
        )],
    },
    RuleCase {
        id: "settings-oi-lowercase",
        severity: "warning",
        fails: &[full!(GOOD, "--roaming-consortium", "5a03ba0000")],
        passes: &[full!(GOOD, "--roaming-consortium", "5A03BA0000")],
    },
    RuleCase {
        id: "settings-no-server-trust",
        severity: "error",
        fails: &[inv!(
            GOOD,
            ["--server-cert", SERVER, "--trusted-server-name", ""],
            also["identity-chain-not-checked"]
        )],
        // Trusted server certificates alone satisfy validation.
        passes: &[
            inv!(
                GOOD,
                [
                    "--ca",
                    CA,
                    "--server-cert",
                    SERVER,
                    "--trusted-server-name",
                    ""
                ]
            ),
            full!(GOOD),
        ],
    },
    RuleCase {
        id: "settings-too-many-trusted-certificates",
        severity: "error",
        fails: &[inv!(
            GOOD,
            [
                "--ca",
                "pem/eleven-cas.pem",
                "--server-cert",
                SERVER,
                "--trusted-server-name",
                "radius.example.com"
            ]
        )],
        passes: &[inv!(
            GOOD,
            [
                "--ca",
                "pem/ten-cas.pem",
                "--server-cert",
                SERVER,
                "--trusted-server-name",
                "radius.example.com"
            ]
        )],
    },
    RuleCase {
        id: "settings-ios15-trusted-certificates",
        severity: "error",
        fails: &[
            full!(GOOD, "--min-ios", "15.1"),
            full!(GOOD, "--min-ios", "14"),
        ],
        passes: &[
            full!(GOOD, "--min-ios", "15.2"),
            full!(GOOD, "--min-ios", "16.0"),
        ],
    },
    RuleCase {
        id: "settings-tls13-unavailable",
        severity: "warning",
        fails: &[full!(GOOD, "--tls-version", "1.3")],
        passes: &[full!(GOOD, "--tls-version", "1.2")],
    },
    RuleCase {
        id: "settings-tls-version-ignored",
        severity: "info",
        fails: &[
            full!(GOOD, "--tls-version", "1.0"),
            full!(GOOD, "--tls-version", "1.1"),
        ],
        passes: &[full!(GOOD, "--tls-version", "1.2")],
    },
    RuleCase {
        id: "settings-trusted-names-assumed",
        severity: "info",
        fails: &[inv!(GOOD, ["--ca", CA], also["server-not-checked"])],
        passes: &[full!(GOOD)],
    },
    RuleCase {
        id: "settings-outer-identity-ignored",
        severity: "info",
        fails: &[full!(GOOD, "--outer-identity", "anonymous@example.com")],
        passes: &[full!(GOOD)],
    },
];

fn run(inv: &Invocation) -> Run {
    check_json(inv.p12, inv.args)
}

fn describe(inv: &Invocation) -> String {
    format!("{} {}", inv.p12, inv.args.join(" "))
}

#[test]
fn healthy_context_passes_with_no_findings() {
    let r = run(&full!(GOOD));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["verdict"], "pass");
    assert_eq!(r.ids(), Vec::<String>::new());
}

#[test]
fn failing_cases_report_exactly_the_rule() {
    let severities: std::collections::HashMap<String, String> = catalogue()
        .into_iter()
        .map(|(id, severity, _)| (id, severity))
        .collect();
    let mut problems = Vec::new();
    for case in CASES {
        assert_eq!(
            severities.get(case.id).map(String::as_str),
            Some(case.severity),
            "{}: severity in the catalogue differs from the one the issue's rules imply",
            case.id
        );
        for inv in case.fails {
            let r = run(inv);
            if r.code == 2 {
                problems.push(format!(
                    "{} [{}]: exit 2: {}",
                    case.id,
                    describe(inv),
                    r.stderr
                ));
                continue;
            }
            let json = r.json();
            let got: BTreeSet<String> = r.ids().into_iter().collect();
            let want: BTreeSet<String> = std::iter::once(case.id)
                .chain(inv.also.iter().copied())
                .map(String::from)
                .collect();
            if got != want {
                problems.push(format!(
                    "{} [{}]: findings {got:?}, expected {want:?}",
                    case.id,
                    describe(inv)
                ));
                continue;
            }
            let finding = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["id"] == case.id)
                .unwrap();
            if finding["severity"] != case.severity {
                problems.push(format!(
                    "{}: severity {} in the report",
                    case.id, finding["severity"]
                ));
            }
            if finding["detail"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{}: empty detail", case.id));
            }
            // Exit status and verdict follow the worst severity (0 pass/warn, 1 fail).
            let worst = want
                .iter()
                .map(|id| severities[id].as_str())
                .collect::<Vec<_>>();
            let (verdict, code) = if worst.contains(&"error") {
                ("fail", 1)
            } else if worst.contains(&"warning") {
                ("warn", 0)
            } else {
                ("pass", 0)
            };
            if json["verdict"] != verdict || r.code != code {
                problems.push(format!(
                    "{} [{}]: verdict {} exit {}, expected {verdict} exit {code}",
                    case.id,
                    describe(inv),
                    json["verdict"],
                    r.code
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn passing_cases_do_not_report_the_rule() {
    let mut problems = Vec::new();
    for case in CASES {
        for inv in case.passes {
            let r = run(inv);
            if r.code == 2 {
                problems.push(format!(
                    "{} [{}]: exit 2: {}",
                    case.id,
                    describe(inv),
                    r.stderr
                ));
            } else if r.ids().iter().any(|id| id == case.id) {
                problems.push(format!(
                    "{} [{}]: reported {:?}",
                    case.id,
                    describe(inv),
                    r.ids()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Read from the binary, so a rule added to the catalogue without fixtures fails here.
#[test]
fn every_catalogue_rule_has_cases() {
    let catalogue = catalogue();
    let listed: BTreeSet<&str> = catalogue.iter().map(|(id, _, _)| id.as_str()).collect();
    let mut missing = Vec::new();
    for (id, _, subject) in &catalogue {
        // Guidance is printed on every run; profile/lint rules have their own corpus (tests/profiles), lab-radius codes theirs (lab-radius/tests),
        // app-code rules theirs (codelint/tests/corpus, checked by codelint/tests/corpus.rs).
        if matches!(
            subject.as_str(),
            "Guidance" | "Profile" | "Radius" | "Eap" | "Tls" | "Code"
        ) {
            continue;
        }
        match CASES.iter().find(|c| c.id == id) {
            Some(case) if !case.fails.is_empty() && !case.passes.is_empty() => {}
            _ => missing.push(id.clone()),
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a failing and a passing case: {missing:?}"
    );
    for case in CASES {
        assert!(
            listed.contains(case.id),
            "{} is not in `hs20check explain list`",
            case.id
        );
    }
    assert!(
        catalogue.iter().filter(|(_, _, s)| s == "Guidance").count() == 4,
        "expected the four guidance-* rules"
    );
}
