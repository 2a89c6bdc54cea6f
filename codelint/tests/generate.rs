//! `profile --format swift`: the generated Swift lints with zero findings, parses with zero
//! ERROR/MISSING nodes, takes the PKCS#12 and password as parameters, and names only rule ids
//! that exist.

use hs20_codelint::generate::{objc, swift, ProvisioningSpec};
use hs20_codelint::{lint_source, syntax_error_count, LintOptions, SourceLanguage};

fn specs() -> Vec<ProvisioningSpec> {
    let mut plain = ProvisioningSpec::new("example.com");
    plain.trusted_server_names = vec!["radius.example.com".into()];

    let mut full = ProvisioningSpec::new("campus.example.edu");
    full.trusted_server_names = vec![
        "radius.campus.example.edu".into(),
        "*.eduroam.example.edu".into(),
    ];
    full.roaming_consortium_ois = vec!["001BC50460".into(), "5A03BA0000".into()];
    full.mcc_mncs = vec!["310026".into()];
    full.nai_realms = vec![];
    full.ca_certificates = vec![vec![0x30, 0x03, 0x02, 0x01, 0x01], vec![0x30, 0x00]];
    full.function_name = "provisionCampusWiFi".into();

    let mut hostile = ProvisioningSpec::new("we\"ird\\realm.example");
    hostile.trusted_server_names = vec!["radius.example.com".into()];
    hostile.label = "label \"with\" quotes\nand a newline".into();
    hostile.function_name = "1 bad-name()".into();
    // A server certificate issued for the realm itself.
    let mut realm_named = ProvisioningSpec::new("realm.example");
    realm_named.trusted_server_names = vec!["realm.example".into()];
    vec![plain, full, hostile, realm_named]
}

#[test]
fn generated_swift_lints_clean_and_parses_without_errors() {
    for spec in specs() {
        let code = swift(&spec);
        assert_eq!(
            syntax_error_count(SourceLanguage::Swift, &code),
            0,
            "syntax errors in the code for {}:\n{code}",
            spec.realm
        );
        // Linted against the server names it was generated for (what `profile` checked).
        let opts = LintOptions {
            server_names: Some(spec.trusted_server_names.clone()),
            trusted_server_names: vec![],
        };
        let findings = lint_source("HotspotProvisioning.swift", &code, &opts).unwrap();
        assert!(
            findings.is_empty(),
            "{}: {:?}",
            spec.realm,
            findings
                .iter()
                .map(|f| format!(
                    "{}:{} {} {}",
                    f.location.line, f.location.column, f.finding.rule.id, f.finding.detail
                ))
                .collect::<Vec<_>>()
        );
        // Without the certificate, only a trusted name equal to the realm is questioned.
        let without: Vec<&str> =
            lint_source("HotspotProvisioning.swift", &code, &LintOptions::default())
                .unwrap()
                .iter()
                .map(|f| f.finding.rule.id)
                .collect();
        if spec.trusted_server_names.contains(&spec.realm) {
            assert_eq!(without, vec!["code-trusted-names-realm"]);
        } else {
            assert!(without.is_empty(), "{without:?}");
        }
    }
}

#[test]
fn generated_swift_provisions_exactly_the_given_settings() {
    let specs = specs();
    let full = swift(&specs[1]);
    assert!(full.contains(
        "func provisionCampusWiFi(pkcs12: Data, password: String, appIdentifierPrefix: String,"
    ));
    assert!(full.contains(
        r#"eapSettings.trustedServerNames = ["radius.campus.example.edu", "*.eduroam.example.edu"]"#
    ));
    assert!(full.contains(r#"hs20Settings.roamingConsortiumOIs = ["001BC50460", "5A03BA0000"]"#));
    assert!(full.contains(r#"hs20Settings.mccAndMNCs = ["310026"]"#));
    assert!(!full.contains("naiRealmNames"));
    assert!(full.contains(
        r#"NEHotspotHS20Settings(domainName: "campus.example.edu", roamingEnabled: true)"#
    ));
    assert!(full.contains("guard eapSettings.setTrustedServerCertificates(anchors) else"));
    assert!(
        full.contains(r#""MAMCAQE=","#),
        "the CA is embedded as base64 DER"
    );
    assert!(!full.contains(".joinOnce ="));
    assert!(full.contains("kSecReturnRef as String: true"));
    assert!(!full.contains("kSecReturnPersistentRef"));

    let plain = swift(&specs[0]);
    assert!(
        !plain.contains("eapSettings.setTrustedServerCertificates("),
        "no CA, no pinning"
    );
    assert!(plain.contains(r#"hs20Settings.naiRealmNames = ["example.com"]"#));

    let hostile = swift(&specs[2]);
    assert!(hostile.contains(r#"let label = "label \"with\" quotes\nand a newline""#));
    assert!(hostile.contains("func provision1badname(pkcs12: Data"));
}

#[test]
fn error_messages_name_rules_that_exist() {
    let code = swift(&specs()[1]);
    let mut cited = 0;
    for part in code.split('[').skip(1) {
        let Some((inside, _)) = part.split_once(']') else {
            continue;
        };
        for id in inside.split(", ") {
            if id.contains('-')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            {
                assert!(
                    hs20_core::rules::find(id).is_some(),
                    "the generated code cites unknown rule {id}"
                );
                cited += 1;
            }
        }
    }
    assert!(cited >= 10, "only {cited} rule ids cited");
    for code_name in [
        "invalidEAPSettings",
        "invalidHS20Settings",
        "invalidHS20DomainName",
        "joinOnceNotSupported",
    ] {
        assert!(
            code.contains(&format!("case .{code_name}?:")),
            "{code_name} is mapped"
        );
    }
}

#[test]
fn generated_objc_lints_clean_and_parses_without_errors() {
    for spec in specs() {
        let code = objc(&spec);
        assert_eq!(
            syntax_error_count(SourceLanguage::ObjC, &code),
            0,
            "syntax errors in the Objective-C for {}:\n{code}",
            spec.realm
        );
        let opts = LintOptions {
            server_names: Some(spec.trusted_server_names.clone()),
            trusted_server_names: vec![],
        };
        let findings = lint_source("HotspotProvisioning.m", &code, &opts).unwrap();
        assert!(
            findings.is_empty(),
            "{}: {:?}",
            spec.realm,
            findings
                .iter()
                .map(|f| format!(
                    "{}:{} {} {}",
                    f.location.line, f.location.column, f.finding.rule.id, f.finding.detail
                ))
                .collect::<Vec<_>>()
        );
    }
    let full = objc(&specs()[1]);
    assert!(full.contains("void provisionCampusWiFi(NSData *pkcs12, NSString *password, NSString *appIdentifierPrefix,"));
    assert!(full.contains(r#"eapSettings.trustedServerNames = @[ @"radius.campus.example.edu", @"*.eduroam.example.edu" ];"#));
    assert!(full.contains(r#"hs20Settings.MCCAndMNCs = @[ @"310026" ];"#));
    assert!(full.contains("[eapSettings setTrustedServerCertificates:anchors]"));
    let hostile = objc(&specs()[2]);
    assert!(hostile.contains(r#"NSString *label = @"label \"with\" quotes\nand a newline";"#));
}

/// The lint really reads the generated code: breaking one step of it gives that step's finding.
#[test]
fn breaking_the_generated_code_gives_the_matching_finding() {
    let spec = &specs()[1];
    let ids = |name: &str, code: &str| -> Vec<&'static str> {
        lint_source(name, code, &LintOptions::default())
            .unwrap()
            .iter()
            .map(|f| f.finding.rule.id)
            .collect()
    };
    let swift_code = swift(spec);
    let objc_code = objc(spec);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a.swift",
            swift_code.replace(
                "guard eapSettings.setIdentity(identity) else {",
                "eapSettings.setIdentity(identity)\n    if identity == nil {",
            ),
            "code-set-identity-result-ignored",
        ),
        (
            "a.swift",
            swift_code.replace("kSecReturnRef as String: true", "kSecReturnPersistentRef as String: true"),
            "code-persistent-ref-as-identity",
        ),
        (
            "a.swift",
            swift_code.replace("errSecDuplicateItem", "errSecSuccess"),
            "code-duplicate-item-failure",
        ),
        (
            "a.swift",
            swift_code.replace(
                "return NEHotspotConfiguration(hs20Settings: hs20Settings, eapSettings: eapSettings)",
                "let c = NEHotspotConfiguration(hs20Settings: hs20Settings, eapSettings: eapSettings)\n    c.joinOnce = true\n    return c",
            ),
            "code-join-once-hs20",
        ),
        (
            "a.swift",
            swift_code.replace(
                "kSecValueRef as String: importedIdentity,",
                "kSecClass as String: kSecClassIdentity,\n        kSecValueRef as String: importedIdentity,",
            ),
            "code-add-identity-with-class",
        ),
        (
            "a.m",
            objc_code.replace(
                "BOOL identitySet = [eapSettings setIdentity:identity];",
                "[eapSettings setIdentity:identity];\n    BOOL identitySet = YES;",
            ),
            "code-set-identity-result-ignored",
        ),
        (
            "a.m",
            objc_code.replace("(__bridge id)kSecReturnRef: @YES", "(__bridge id)kSecReturnPersistentRef: @YES"),
            "code-persistent-ref-as-identity",
        ),
        (
            "a.m",
            objc_code.replace("kSecAttrAccessibleAfterFirstUnlock", "kSecAttrAccessibleWhenUnlocked"),
            "code-keychain-accessible-locked",
        ),
        (
            "a.m",
            objc_code.replace("SecItemDelete((__bridge CFDictionaryRef)stale);", ""),
            "code-stale-identity-not-deleted",
        ),
        (
            "a.m",
            objc_code
                .replace("chainCertificate", "extraCertificate")
                .replace("chain[index]", "first"),
            "code-chain-not-added",
        ),
    ];
    for (name, code, rule) in cases {
        let got = ids(name, &code);
        assert!(got.contains(&rule), "{name}: expected {rule}, got {got:?}");
    }
}
