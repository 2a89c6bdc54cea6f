//! Turns the rule catalogue (`core/rules/*.toml`, one `[[rule]]` per entry) and the rule-source
//! documents (`docs/apple-rules.md`, `docs/protocol-sources.md`) into Rust statics, so every
//! rule is data in one place and code refers to it by a name derived from its id
//! (`server-name-mismatch` → `SERVER_NAME_MISMATCH`, `tls.version-mismatch` → `TLS_VERSION_MISMATCH`).
//! Malformed entries stop the build with the file and the entry named.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    id: String,
    severity: String,
    subject: String,
    #[serde(default)]
    paths: Vec<String>,
    title: String,
    consequence: String,
    fix: String,
    sources: Vec<String>,
    explanation: String,
    #[serde(default)]
    severity_decision: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Rule files in report order; a new family is added here and in `rules::Family`.
const FAMILIES: &[(&str, &str)] = &[
    ("container", "Container"),
    ("identity", "Identity"),
    ("server", "Server"),
    ("settings", "Settings"),
    ("profile", "Profile"),
    ("guidance", "Guidance"),
    ("lab-radius", "LabRadius"),
    ("probe", "Probe"),
    ("importer", "Importer"),
    ("code", "Code"),
    ("air", "Air"),
    ("selection", "Selection"),
];

const SEVERITIES: &[(&str, &str)] = &[("error", "Error"), ("warning", "Warning"), ("info", "Info")];
const SUBJECTS: &[(&str, &str)] = &[
    ("container", "Container"),
    ("identity", "Identity"),
    ("server", "Server"),
    ("settings", "Settings"),
    ("profile", "Profile"),
    ("guidance", "Guidance"),
    ("radius", "Radius"),
    ("eap", "Eap"),
    ("tls", "Tls"),
    ("code", "Code"),
    ("wlan", "Wlan"),
];
const PATHS: &[(&str, &str)] = &[
    ("api", "Api"),
    ("mobileconfig", "Mobileconfig"),
    ("android", "Android"),
    ("wpa-supplicant", "WpaSupplicant"),
    ("radius-server", "RadiusServer"),
];

fn variant(table: &[(&str, &'static str)], value: &str, what: &str, ctx: &str) -> &'static str {
    table
        .iter()
        .find(|(k, _)| *k == value)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| {
            let allowed: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            panic!("{ctx}: {what} {value:?} is not one of {allowed:?}")
        })
}

/// `server-name-mismatch` / `tls.version-mismatch` → `SERVER_NAME_MISMATCH` / `TLS_VERSION_MISMATCH`.
fn const_name(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '-' | '.' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !id.starts_with(['-', '.'])
}

struct Source {
    id: String,
    title: String,
    upstream: Vec<String>,
}

/// Entries of a rule-source document: `### ID: title`, then an `Upstream:` list of `- ` items.
fn parse_sources(path: &Path) -> Vec<Source> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out: Vec<Source> = Vec::new();
    let mut in_upstream = false;
    for (n, line) in text.lines().enumerate() {
        if let Some(head) = line.strip_prefix("### ") {
            let (id, title) = head.split_once(": ").unwrap_or_else(|| {
                panic!(
                    "{}:{}: a source heading is `### ID: title`",
                    path.display(),
                    n + 1
                )
            });
            out.push(Source {
                id: id.trim().to_string(),
                title: title.trim().to_string(),
                upstream: Vec::new(),
            });
            in_upstream = false;
        } else if line.starts_with("## ") {
            in_upstream = false;
        } else if line.trim() == "Upstream:" {
            in_upstream = true;
        } else if in_upstream {
            if let Some(item) = line.strip_prefix("- ") {
                if let Some(last) = out.last_mut() {
                    last.upstream.push(item.trim().to_string());
                }
            } else if let Some(cont) = line.strip_prefix("  ") {
                // A wrapped list item continues the previous reference.
                if let Some(last) = out.last_mut().and_then(|s| s.upstream.last_mut()) {
                    last.push(' ');
                    last.push_str(cont.trim());
                }
            } else if !line.trim().is_empty() {
                in_upstream = false;
            }
        }
    }
    for s in &out {
        assert!(
            !s.upstream.is_empty(),
            "{}: source {} has no `Upstream:` references",
            path.display(),
            s.id
        );
    }
    out
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rules_dir = manifest.join("rules");
    let docs_dir = manifest.join("../docs");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    let source_files = [
        docs_dir.join("apple-rules.md"),
        docs_dir.join("protocol-sources.md"),
        docs_dir.join("apple-importer.md"),
        docs_dir.join("wlan-sources.md"),
    ];
    let mut sources = Vec::new();
    for f in &source_files {
        println!("cargo:rerun-if-changed={}", f.display());
        sources.extend(parse_sources(f));
    }
    let source_ids: BTreeSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        source_ids.len(),
        sources.len(),
        "a source id is defined twice in docs/*.md"
    );

    let mut code = String::new();
    let mut seen = BTreeSet::new();
    let mut families = String::new();
    let mut all = String::new();
    for (file, family) in FAMILIES {
        let path = rules_dir.join(format!("{file}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let parsed: RuleFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut members = Vec::new();
        for r in parsed.rule {
            let ctx = format!("{} rule {:?}", path.display(), r.id);
            assert!(
                valid_id(&r.id),
                "{ctx}: ids are lowercase kebab-case, dots allowed"
            );
            for alias in &r.aliases {
                assert!(valid_id(alias), "{ctx}: alias {alias:?} is not a valid id");
                assert!(
                    seen.insert(alias.clone()),
                    "{ctx}: alias {alias:?} is taken"
                );
            }
            assert!(seen.insert(r.id.clone()), "{ctx}: duplicate id");
            for (field, text) in [
                ("title", &r.title),
                ("consequence", &r.consequence),
                ("fix", &r.fix),
                ("explanation", &r.explanation),
            ] {
                assert!(!text.trim().is_empty(), "{ctx}: empty {field}");
            }
            assert!(!r.sources.is_empty(), "{ctx}: cites no source");
            for s in &r.sources {
                assert!(
                    source_ids.contains(s.as_str()),
                    "{ctx}: cites {s}, which docs/apple-rules.md, docs/apple-importer.md and docs/protocol-sources.md do not define"
                );
            }
            let severity = variant(SEVERITIES, &r.severity, "severity", &ctx);
            let subject = variant(SUBJECTS, &r.subject, "subject", &ctx);
            let paths: Vec<String> = r
                .paths
                .iter()
                .map(|p| format!("DeliveryPath::{}", variant(PATHS, p, "path", &ctx)))
                .collect();
            let name = const_name(&r.id);
            writeln!(
                code,
                "pub static {name}: Rule = Rule {{ id: {:?}, severity: Severity::{severity}, subject: Subject::{subject}, family: Family::{family}, paths: &[{}], title: {:?}, consequence: {:?}, fix: {:?}, sources: &[{}], explanation: {:?}, severity_decision: {:?}, aliases: &[{}] }};",
                r.id,
                paths.join(", "),
                r.title,
                r.consequence,
                r.fix,
                r.sources.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "),
                r.explanation,
                r.severity_decision,
                r.aliases.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "),
            )
            .unwrap();
            members.push(format!("&{name}"));
        }
        let list = const_name(file);
        writeln!(
            families,
            "/// The rules of `core/rules/{file}.toml`, in file order.\npub static {list}: &[&Rule] = &[{}];",
            members.join(", ")
        )
        .unwrap();
        all.push_str(&members.join(", "));
        all.push_str(", ");
    }
    writeln!(code, "{families}").unwrap();
    writeln!(
        code,
        "/// Every rule, in report order.\npub static ALL: &[&Rule] = &[{all}];"
    )
    .unwrap();
    writeln!(code, "/// Every cited source, from docs/apple-rules.md and docs/protocol-sources.md.\npub static SOURCES: &[Source] = &[").unwrap();
    for s in &sources {
        writeln!(
            code,
            "    Source {{ id: {:?}, title: {:?}, upstream: &[{}] }},",
            s.id,
            s.title,
            s.upstream
                .iter()
                .map(|u| format!("{u:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalogue.rs");
    std::fs::write(&out, code).unwrap();
}
