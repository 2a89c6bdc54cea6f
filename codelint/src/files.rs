//! The thin I/O layer: a file or a directory → the sources and `.entitlements` files in it,
//! each linted with the sans-IO functions of the crate.

use crate::{lint_entitlements, lint_source, CodeFinding, CodeLintError, LintOptions, Location};
use hs20_core::finding::Finding;
use hs20_core::rules::catalogue::CODE_NO_ENTITLEMENTS_FILE;
use std::path::{Path, PathBuf};

/// Directories never descended into (dependencies and build output).
const SKIP_DIRS: &[&str] = &["Pods", "Carthage", "DerivedData", "build", "node_modules"];

/// What one `hs20check lint FILE|DIR` run read and found.
#[derive(Debug, Clone, Default)]
pub struct LintRun {
    /// Source files linted, in order.
    pub sources: Vec<String>,
    /// `.entitlements` files linted.
    pub entitlements: Vec<String>,
    pub findings: Vec<CodeFinding>,
}

/// True for paths `hs20check lint` hands to this crate: a directory or a .swift/.m/.mm file.
pub fn is_code_path(path: &Path) -> bool {
    path.is_dir()
        || matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("swift" | "m" | "mm")
        )
}

/// Lints a source file (with the `.entitlements` files beside it) or every source and
/// `.entitlements` file under a directory.
pub fn lint_path(path: &Path, opts: &LintOptions) -> Result<LintRun, CodeLintError> {
    let display = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| CodeLintError::Unreadable {
        file: display.clone(),
        reason: e.to_string(),
    })?;
    let (sources, entitlements) = if meta.is_dir() {
        let mut sources = Vec::new();
        let mut ents = Vec::new();
        walk(path, &mut sources, &mut ents)?;
        if sources.is_empty() {
            return Err(CodeLintError::NoSources { dir: display });
        }
        (sources, ents)
    } else {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut ents = Vec::new();
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "entitlements") && p.is_file() {
                    ents.push(p);
                }
            }
        }
        ents.sort();
        (vec![path.to_path_buf()], ents)
    };

    let mut run = LintRun::default();
    for src in &sources {
        let name = src.display().to_string();
        let bytes = hs20_core::input::read_file(src, "the source file", Default::default())?;
        let text = String::from_utf8(bytes).map_err(|e| CodeLintError::NotUtf8 {
            file: name.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        run.findings.extend(lint_source(&name, &text, opts)?);
        run.sources.push(name);
    }
    for ent in &entitlements {
        let name = ent.display().to_string();
        let bytes = hs20_core::input::read_file(ent, "the entitlements file", Default::default())?;
        run.findings.extend(lint_entitlements(&name, &bytes)?);
        run.entitlements.push(name);
    }
    if entitlements.is_empty() {
        run.findings.push(CodeFinding {
            finding: Finding::new(
                &CODE_NO_ENTITLEMENTS_FILE,
                format!(
                    "no .entitlements file {} {display}",
                    if meta.is_dir() { "under" } else { "beside" }
                ),
            ),
            location: Location {
                file: run.sources[0].clone(),
                line: 1,
                column: 1,
            },
        });
    }
    Ok(run)
}

fn walk(
    dir: &Path,
    sources: &mut Vec<PathBuf>,
    ents: &mut Vec<PathBuf>,
) -> Result<(), CodeLintError> {
    let rd = std::fs::read_dir(dir).map_err(|e| CodeLintError::Unreadable {
        file: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        // Symbolic links are not followed (no cycles).
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if !SKIP_DIRS.contains(&name) {
                walk(&p, sources, ents)?;
            }
        } else if meta.is_file() {
            match p.extension().and_then(|e| e.to_str()) {
                Some("swift" | "m" | "mm") => sources.push(p),
                Some("entitlements") => ents.push(p),
                _ => {}
            }
        }
    }
    Ok(())
}
