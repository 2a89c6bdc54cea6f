//! The corpus: Swift and Objective-C provisioning functions written by the team, modelled on the
//! patterns of public Passpoint / eduroam apps (written anew). Every line that must produce a
//! finding ends with `// expect: rule-id[, rule-id…]`; every other line must produce none.
//! A file may start with `// lint-options: server-names=a,b trusted-server-names=c` for the
//! options a finding depends on.

use hs20_codelint::{lint_source, LintOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files = Vec::new();
    for lang in ["swift", "objc"] {
        for e in std::fs::read_dir(root.join(lang)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    files.sort();
    files
}

fn options(source: &str) -> LintOptions {
    let mut opts = LintOptions::default();
    if let Some(line) = source
        .lines()
        .find_map(|l| l.strip_prefix("// lint-options:"))
    {
        for part in line.split_whitespace() {
            let (k, v) = part.split_once('=').expect("key=value");
            let list: Vec<String> = v.split(',').map(String::from).collect();
            match k {
                "server-names" => opts.server_names = Some(list),
                "trusted-server-names" => opts.trusted_server_names = list,
                _ => panic!("unknown lint option {k}"),
            }
        }
    }
    opts
}

/// (line, rule id) pairs from `// expect:` comments.
fn expected(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if let Some((_, ids)) = line.split_once("// expect: ") {
            for id in ids.split(',') {
                out.push((i + 1, id.trim().to_string()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_corpus_file_gives_exactly_its_expected_findings() {
    let files = corpus_files();
    assert!(files.len() >= 12, "corpus has {} files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.display().to_string();
        let findings = lint_source(&name, &source, &options(&source)).unwrap();
        let mut got: Vec<(usize, String)> = findings
            .iter()
            .map(|f| (f.location.line, f.finding.rule.id.to_string()))
            .collect();
        got.sort();
        let want = expected(&source);
        if got != want {
            failures.push(format!(
                "{name}:\n  expected {want:?}\n  got      {got:?}\n  details: {:#?}",
                findings
                    .iter()
                    .map(|f| format!(
                        "{}:{} {} {}",
                        f.location.line, f.location.column, f.finding.rule.id, f.finding.detail
                    ))
                    .collect::<Vec<_>>()
            ));
        }
        for f in &findings {
            assert!(f.location.column >= 1 && f.location.file == name);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule the code linter can report has a bad variant in the corpus (Swift and
/// Objective-C where the construct exists in both), and every `good_*` file is clean.
#[test]
fn every_rule_has_a_bad_and_a_good_variant() {
    let mut fired: BTreeSet<String> = BTreeSet::new();
    let mut good = 0;
    for path in corpus_files() {
        let source = std::fs::read_to_string(&path).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let want = expected(&source);
        if stem.starts_with("good") {
            assert!(
                want.is_empty(),
                "{stem} is a good variant with expectations"
            );
            good += 1;
        }
        fired.extend(want.into_iter().map(|(_, id)| id));
    }
    assert!(good >= 2, "a good variant in each language");
    let mut missing = Vec::new();
    for rule in hs20_core::rules::catalogue::CODE {
        // Reported by the directory layer (tests/files.rs), not by one source text.
        if rule.id == "code-no-entitlements-file" {
            continue;
        }
        if !fired.contains(rule.id) {
            missing.push(rule.id);
        }
    }
    for reused in [
        "trusted-name-invalid-wildcard",
        "server-name-mismatch",
        "settings-domain-name-invalid",
        "settings-oi-invalid",
        "settings-oi-lowercase",
        "settings-mcc-mnc-invalid",
        "settings-mcc-mnc-f-padding",
        "settings-too-many-trusted-certificates",
    ] {
        if !fired.contains(reused) {
            missing.push(reused);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a bad variant: {missing:?}"
    );
}

/// The good variants also parse without a single ERROR or MISSING node.
#[test]
fn good_variants_parse_cleanly() {
    for path in corpus_files() {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if !stem.starts_with("good") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let lang = hs20_codelint::SourceLanguage::from_path(&path.display().to_string()).unwrap();
        assert_eq!(
            hs20_codelint::syntax_error_count(lang, &source),
            0,
            "{stem}"
        );
    }
}
