//! The directory layer and the renderers: what a developer meets on the command line and in
//! Xcode. Bad input gets a clear error naming the file, never a panic.

use hs20_codelint::files::{is_code_path, lint_path};
use hs20_codelint::{report, CodeLintError, LintOptions};
use std::path::Path;

const BAD: &str = "import NetworkExtension\nfunc f(realm: String) {\n    let eap = NEHotspotEAPSettings()\n    eap.supportedEAPTypes = [13, 25]\n    eap.trustedServerNames = [realm]\n}\n";
const GOOD_ENTITLEMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>com.apple.developer.networking.HotspotConfiguration</key>
	<true/>
	<key>keychain-access-groups</key>
	<array>
		<string>$(AppIdentifierPrefix)com.apple.networkextensionsharing</string>
	</array>
</dict>
</plist>
"#;
const NO_GROUP_ENTITLEMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>com.apple.developer.networking.HotspotConfiguration</key>
	<true/>
	<key>keychain-access-groups</key>
	<array>
		<string>$(AppIdentifierPrefix)com.example.shared</string>
	</array>
</dict>
</plist>
"#;

fn ids(run: &hs20_codelint::files::LintRun) -> Vec<(String, usize, String)> {
    run.findings
        .iter()
        .map(|f| {
            let file = Path::new(&f.location.file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            (file, f.location.line, f.finding.rule.id.to_string())
        })
        .collect()
}

#[test]
fn a_directory_is_walked_and_its_entitlements_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("App/Sources")).unwrap();
    std::fs::create_dir_all(dir.path().join("Pods/Lib")).unwrap();
    std::fs::write(dir.path().join("App/Sources/Provision.swift"), BAD).unwrap();
    std::fs::write(dir.path().join("Pods/Lib/Ignored.swift"), BAD).unwrap();
    std::fs::write(
        dir.path().join("App/App.entitlements"),
        NO_GROUP_ENTITLEMENTS,
    )
    .unwrap();
    let run = lint_path(dir.path(), &LintOptions::default()).unwrap();
    assert_eq!(run.sources.len(), 1, "Pods is skipped: {:?}", run.sources);
    assert_eq!(run.entitlements.len(), 1);
    let got = ids(&run);
    assert!(
        got.contains(&("Provision.swift".into(), 4, "code-eap-tls-combined".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "Provision.swift".into(),
            5,
            "code-trusted-names-realm".into()
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "App.entitlements".into(),
            6,
            "entitlement-missing-keychain-group".into()
        )),
        "{got:?}"
    );
    assert!(!got
        .iter()
        .any(|(_, _, id)| id == "code-no-entitlements-file"));
    assert_eq!(
        report::code_verdict(&run.findings),
        hs20_core::finding::Verdict::Fail
    );
}

#[test]
fn a_file_is_linted_with_the_entitlements_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Provision.swift");
    std::fs::write(&file, BAD).unwrap();
    let run = lint_path(&file, &LintOptions::default()).unwrap();
    assert!(ids(&run).contains(&(
        "Provision.swift".into(),
        1,
        "code-no-entitlements-file".into()
    )));
    std::fs::write(dir.path().join("App.entitlements"), GOOD_ENTITLEMENTS).unwrap();
    let run = lint_path(&file, &LintOptions::default()).unwrap();
    assert_eq!(run.entitlements.len(), 1);
    // Only notes (the prefix to use) from good entitlements.
    assert!(
        !run.findings
            .iter()
            .any(|f| f.location.file.ends_with("App.entitlements")
                && f.finding.rule.severity != hs20_core::rules::Severity::Info),
        "{:?}",
        ids(&run)
    );
    assert!(!ids(&run)
        .iter()
        .any(|(_, _, id)| id == "code-no-entitlements-file"));
}

#[test]
fn bad_input_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // A directory without sources.
    std::fs::write(dir.path().join("README.md"), "nothing here").unwrap();
    let e = lint_path(dir.path(), &LintOptions::default()).unwrap_err();
    assert!(matches!(e, CodeLintError::NoSources { .. }));
    assert!(e.to_string().contains(&dir.path().display().to_string()));
    assert!(e.to_string().contains("no Swift"));
    // Not UTF-8.
    let latin1 = dir.path().join("Latin1.swift");
    std::fs::write(&latin1, b"let name = \"caf\xe9\"\n").unwrap();
    let e = lint_path(&latin1, &LintOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: not UTF-8 text (byte 15); save the source as UTF-8",
            latin1.display()
        )
    );
    // Missing.
    let missing = dir.path().join("Missing.swift");
    let e = lint_path(&missing, &LintOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot read", missing.display())),
        "{e}"
    );
    // An entitlements file that is no plist.
    std::fs::remove_file(&latin1).unwrap();
    std::fs::write(dir.path().join("Ok.swift"), "let x = 1\n").unwrap();
    std::fs::write(dir.path().join("App.entitlements"), "not a plist").unwrap();
    let e = lint_path(dir.path(), &LintOptions::default()).unwrap_err();
    assert!(e.to_string().contains("App.entitlements"), "{e}");
    // Unknown extension through the sans-IO API.
    let e = hs20_codelint::lint_source("x.kt", "fun x() {}", &LintOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.kt: not a Swift (.swift) or Objective-C (.m, .mm) file"
    );
    assert!(is_code_path(Path::new("a/b.mm")) && !is_code_path(Path::new("a/App.entitlements")));
}

#[test]
fn hostile_sources_never_panic() {
    let inputs = [
        String::new(),
        "\u{feff}".to_string(),
        "}}}}]]]".repeat(1000),
        "let a = [".repeat(2000),
        "@interface X\n- (void)f:(".to_string(),
        "eap.setIdentity(eap.setIdentity(eap.setIdentity(x)))".to_string(),
        "var x = x\nvar y = x\nx = y\neap.setIdentity(x)".to_string(),
        "é🙂 = \"\\(\"".to_string(),
    ];
    for src in &inputs {
        for name in ["a.swift", "a.m"] {
            let _ = hs20_codelint::lint_source(name, src, &LintOptions::default()).unwrap();
        }
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let src = "let é = \"ü\"; let eap = NEHotspotEAPSettings()\n";
    let f = hs20_codelint::lint_source("a.swift", src, &LintOptions::default()).unwrap();
    let nst = f
        .iter()
        .find(|f| f.finding.rule.id == "code-no-server-trust")
        .unwrap();
    assert_eq!((nst.location.line, nst.location.column), (1, 24));
}

#[test]
fn renderers_xcode_sarif_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Provision.swift");
    std::fs::write(&file, BAD).unwrap();
    let run = lint_path(&file, &LintOptions::default()).unwrap();
    let path = file.display().to_string();

    let xcode = report::xcode(&run);
    let lines: Vec<&str> = xcode.lines().collect();
    assert_eq!(lines.len(), run.findings.len());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{path}:4:5: error: [code-eap-tls-combined] "))),
        "{xcode}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{path}:5:31: warning: [code-trusted-names-realm] "
        ))),
        "{xcode}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{path}:1:1: note: [code-no-entitlements-file] "))),
        "{xcode}"
    );
    assert!(lines.iter().all(|l| l.contains(" Fix: ")));

    let sarif: serde_json::Value = serde_json::from_str(&report::sarif(&run)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), run.findings.len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }

    let json: serde_json::Value = serde_json::from_str(&report::json(&run)).unwrap();
    assert_eq!(json["verdict"], "fail");
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "code-eap-tls-combined")
        .unwrap();
    assert_eq!(f["location"]["file"], path.as_str());
    assert_eq!(f["location"]["line"], 4);
    assert_eq!(f["location"]["column"], 5);
    assert!(f["consequence"]
        .as_str()
        .unwrap()
        .contains("NEHotspotConfigurationError 4"));

    let human = report::human(&run);
    assert!(human.contains(&format!("{path}:4:5: error[code-eap-tls-combined]")));
    assert!(human.contains("verdict: FAIL"));
}

/// A PKCS#12 imported for a URLSession client certificate is not hotspot provisioning.
#[test]
fn keychain_code_for_other_purposes_is_not_judged() {
    let src = r#"import Foundation
func clientCredential(p12: Data, password: String) -> URLCredential? {
    var items: CFArray?
    guard SecPKCS12Import(p12 as CFData, [kSecImportExportPassphrase as String: password] as CFDictionary, &items) == errSecSuccess,
          let first = (items as? [[String: Any]])?.first else { return nil }
    let identity = first[kSecImportItemIdentity as String] as! SecIdentity
    return URLCredential(identity: identity, certificates: nil, persistence: .forSession)
}
"#;
    let f = hs20_codelint::lint_source("Client.swift", src, &LintOptions::default()).unwrap();
    assert!(
        f.is_empty(),
        "{:?}",
        f.iter().map(|f| f.finding.rule.id).collect::<Vec<_>>()
    );
    // The same import in a file that provisions a hotspot is judged.
    let hotspot = src.replace(
        "import Foundation",
        "import NetworkExtension\nlet unused = NEHotspotEAPSettings.self",
    );
    let f = hs20_codelint::lint_source("Hotspot.swift", &hotspot, &LintOptions::default()).unwrap();
    assert!(f
        .iter()
        .any(|f| f.finding.rule.id == "code-identity-not-in-keychain"));
}
