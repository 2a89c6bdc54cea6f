//! hs20-codelint: lints an app's own Swift and Objective-C NEHotspotConfiguration provisioning
//! code for the Passpoint EAP-TLS pitfalls (keychain, setIdentity, trust, EAP types, Hotspot 2.0
//! settings, entitlements), and generates Swift that passes the lint.
//!
//! Sans-IO: [`lint_source`] and [`lint_entitlements`] work on (file name, contents) and return
//! [`CodeFinding`]s — a core [`Finding`] (one rule of the catalogue, `core/rules/code.toml` and the
//! reused settings/server/profile rules) plus its [`Location`]. Reading files and walking
//! directories is the thin [`files`] layer; rendering is [`report`].
//!
//! Locations live here, in a wrapper, rather than in core's `Finding`: every other command's JSON
//! stays byte-for-byte the same, and a location is a property of source code, which no other
//! input of the workspace has.

pub mod files;
pub mod generate;
pub mod model;
pub mod report;
mod rules;
mod shapes;

use hs20_core::finding::Finding;
use model::{Language, Model};
use serde::ser::{Serialize, SerializeStruct, Serializer};

pub use model::Language as SourceLanguage;

/// Where a finding is: 1-based line and column (characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One finding in one file.
#[derive(Debug, Clone)]
pub struct CodeFinding {
    pub finding: Finding,
    pub location: Location,
}

/// The core finding's fields (`id`, `severity`, `subject`, `title`, `detail`, `consequence`,
/// `fix`, `source`) plus `location: {file, line, column}`.
impl Serialize for CodeFinding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = &self.finding;
        let mut st = s.serialize_struct("CodeFinding", 9)?;
        st.serialize_field("id", f.rule.id)?;
        st.serialize_field("severity", &f.rule.severity)?;
        st.serialize_field("subject", &f.rule.subject)?;
        st.serialize_field("title", f.rule.title)?;
        st.serialize_field("detail", &f.detail)?;
        st.serialize_field("consequence", f.rule.consequence)?;
        st.serialize_field("fix", f.fix_text())?;
        st.serialize_field("source", &f.rule.sources.join(", "))?;
        st.serialize_field("location", &self.location)?;
        st.end()
    }
}

/// What the lint knows beyond the code.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Names the RADIUS server certificate presents (SAN dNSNames, else DNS-shaped CNs), from
    /// `--server-cert`: trusted-name literals are matched against them the way Apple does.
    pub server_names: Option<Vec<String>>,
    /// `--trusted-server-name`: the names the app should put in trustedServerNames.
    pub trusted_server_names: Vec<String>,
}

/// Input that cannot be linted at all (the CLI exits 2 with this message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeLintError {
    #[error("{file}: not a Swift (.swift) or Objective-C (.m, .mm) file")]
    UnknownLanguage { file: String },
    #[error("{file}: not UTF-8 text (byte {offset}); save the source as UTF-8")]
    NotUtf8 { file: String, offset: usize },
    #[error("{file}: cannot read: {reason}")]
    Unreadable { file: String, reason: String },
    /// Missing, too large or not a file (hs20-core's bounded reader names the file).
    #[error("{0}")]
    Input(#[from] hs20_core::input::InputError),
    #[error("{dir}: no Swift (.swift) or Objective-C (.m, .mm) files in this directory")]
    NoSources { dir: String },
    #[error("{file}: the {language} parser gave up on this file")]
    ParserFailed {
        file: String,
        language: &'static str,
    },
}

/// Lints one source file. The language comes from the file name's extension.
pub fn lint_source(
    file: &str,
    source: &str,
    opts: &LintOptions,
) -> Result<Vec<CodeFinding>, CodeLintError> {
    let lang = Language::from_path(file).ok_or_else(|| CodeLintError::UnknownLanguage {
        file: file.to_string(),
    })?;
    lint_source_as(lang, file, source, opts)
}

/// Lints one source text in a given language.
pub fn lint_source_as(
    lang: Language,
    file: &str,
    source: &str,
    opts: &LintOptions,
) -> Result<Vec<CodeFinding>, CodeLintError> {
    let tree = parse(lang, source).ok_or_else(|| CodeLintError::ParserFailed {
        file: file.to_string(),
        language: language_name(lang),
    })?;
    let m = Model::build(lang, source, tree.root_node());
    let hits = rules::check(&m, opts);
    Ok(hits
        .into_iter()
        .map(|h| {
            let p = model::pos(h.node);
            // Columns in characters, not bytes.
            let start = h.node.start_byte();
            let column = source
                .get(..start)
                .map(|before| {
                    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
                    before[line_start..].chars().count() + 1
                })
                .unwrap_or(p.column);
            CodeFinding {
                finding: h.finding,
                location: Location {
                    file: file.to_string(),
                    line: p.line,
                    column,
                },
            }
        })
        .collect())
}

/// Parses with the tree-sitter grammar of `lang`.
pub fn parse(lang: Language, source: &str) -> Option<tree_sitter::Tree> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&lang.grammar()).ok()?;
    parser.parse(source, None)
}

/// The number of ERROR and MISSING nodes in `source` (0 for code the grammar fully reads).
pub fn syntax_error_count(lang: Language, source: &str) -> usize {
    parse(lang, source)
        .map(|t| {
            let root = t.root_node();
            Model::build(lang, source, root).errors.len()
        })
        .unwrap_or(usize::MAX)
}

fn language_name(lang: Language) -> &'static str {
    match lang {
        Language::Swift => "Swift",
        Language::ObjC => "Objective-C",
    }
}

/// An app's `.entitlements` plist found beside the code: the HotspotConfiguration entitlement
/// and the networkextensionsharing keychain group (the rules of `hs20check lint App.entitlements`).
pub fn lint_entitlements(file: &str, bytes: &[u8]) -> Result<Vec<CodeFinding>, CodeLintError> {
    let outcome = hs20_profiles::lint(bytes, file, &hs20_profiles::lint::LintOptions::default())
        .map_err(|e| CodeLintError::Unreadable {
            file: file.to_string(),
            reason: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(bytes);
    Ok(outcome
        .observations
        .into_iter()
        .map(|o| {
            // The line of the key the rule is about, when the plist is XML and has it.
            let key = if o.rule.id.contains("keychain") {
                "keychain-access-groups"
            } else {
                "HotspotConfiguration"
            };
            let line = text
                .lines()
                .position(|l| l.contains(key))
                .map(|i| i + 1)
                .unwrap_or(1);
            let detail = match &o.location {
                Some(l) => format!("{l}: {}", o.detail),
                None => o.detail.clone(),
            };
            let mut finding = Finding::new(o.rule, detail);
            finding.fix = o.fix;
            CodeFinding {
                finding,
                location: Location {
                    file: file.to_string(),
                    line,
                    column: 1,
                },
            }
        })
        .collect())
}
