//! Renderers for code findings: human, JSON, Xcode (`file:line:column: error: …`, so the command
//! runs as a Run Script build phase) and SARIF 2.1.0 (code-scanning uploads). Pure functions
//! returning strings.

use crate::files::LintRun;
use crate::CodeFinding;
use hs20_core::finding::{verdict, Finding, Verdict};
use hs20_core::rules::{self, Severity};
use serde_json::json;

fn sorted(findings: &[CodeFinding]) -> Vec<&CodeFinding> {
    let mut v: Vec<&CodeFinding> = findings.iter().collect();
    v.sort_by(|a, b| (&a.location, a.finding.rule.id).cmp(&(&b.location, b.finding.rule.id)));
    v
}

/// The verdict over code findings (pass / warn / fail).
pub fn code_verdict(findings: &[CodeFinding]) -> Verdict {
    let plain: Vec<Finding> = findings.iter().map(|f| f.finding.clone()).collect();
    verdict(&plain)
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// `file:line:column: error[id] title`, then what was found, the device consequence, the fix.
pub fn human(run: &LintRun) -> String {
    let mut out = format!(
        "hs20check lint: {} source file(s){}\n",
        run.sources.len(),
        if run.entitlements.is_empty() {
            String::new()
        } else {
            format!(", entitlements {}", run.entitlements.join(", "))
        }
    );
    for f in sorted(&run.findings) {
        let r = f.finding.rule;
        out.push_str(&format!(
            "\n{}:{}:{}: {}[{}] {}\n",
            f.location.file,
            f.location.line,
            f.location.column,
            severity_word(r.severity),
            r.id,
            r.title
        ));
        out.push_str(&format!("    found: {}\n", f.finding.detail));
        if r.severity != Severity::Info {
            out.push_str(&format!("    on the device: {}\n", r.consequence));
        }
        out.push_str(&format!("    fix: {}\n", f.finding.fix_text()));
        out.push_str(&format!("    source: {}\n", r.sources.join(", ")));
    }
    let count = |s| {
        run.findings
            .iter()
            .filter(|f| f.finding.rule.severity == s)
            .count()
    };
    let word = match code_verdict(&run.findings) {
        Verdict::Pass => "PASS",
        Verdict::Warn => "WARN",
        Verdict::Fail => "FAIL",
    };
    out.push_str(&format!(
        "\nverdict: {word} — {} error(s), {} warning(s), {} note(s)\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    out
}

/// `{"verdict", "sources", "entitlements", "findings": [{…, "location": {file, line, column}}]}`.
pub fn json(run: &LintRun) -> String {
    serde_json::to_string_pretty(&json!({
        "verdict": code_verdict(&run.findings),
        "sources": run.sources,
        "entitlements": run.entitlements,
        "findings": sorted(&run.findings),
    }))
    .expect("serialisable")
}

/// One line per finding in the format Xcode shows in the Issue navigator:
/// `file:line:column: error: [id] title — detail. On the device: … Fix: …`; info becomes `note:`.
pub fn xcode(run: &LintRun) -> String {
    let mut out = String::new();
    for f in sorted(&run.findings) {
        let r = f.finding.rule;
        let kind = match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        let mut line = format!(
            "{}:{}:{}: {kind}: [{}] {} — {}.",
            f.location.file, f.location.line, f.location.column, r.id, r.title, f.finding.detail
        );
        if r.severity != Severity::Info {
            line.push_str(&format!(" On the device: {}", r.consequence));
        }
        line.push_str(&format!(" Fix: {}", f.finding.fix_text()));
        // Xcode reads one issue per line.
        out.push_str(&line.replace('\n', " "));
        out.push('\n');
    }
    out
}

/// SARIF 2.1.0: one run, the rules that fired as `tool.driver.rules`, one result per finding.
pub fn sarif(run: &LintRun) -> String {
    let findings = sorted(&run.findings);
    let mut rule_ids: Vec<&str> = findings.iter().map(|f| f.finding.rule.id).collect();
    rule_ids.sort();
    rule_ids.dedup();
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules_json: Vec<_> = rule_ids
        .iter()
        .filter_map(|id| rules::find(id))
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.explanation},
                "help": {"text": format!("On the device: {} Fix: {}", r.consequence, r.fix)},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"sources": r.sources, "subject": r.subject},
            })
        })
        .collect();
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            let r = f.finding.rule;
            json!({
                "ruleId": r.id,
                "ruleIndex": rule_ids.iter().position(|x| *x == r.id),
                "level": level(r.severity),
                "message": {"text": format!("{}: {}. On the device: {} Fix: {}", r.title, f.finding.detail, r.consequence, f.finding.fix_text())},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.location.file)},
                        "region": {"startLine": f.location.line, "startColumn": f.location.column}
                    }
                }]
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hs20check",
                "informationUri": "https://developer.apple.com/documentation/networkextension/nehotspoteapsettings",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json
            }},
            "results": results
        }]
    }))
    .expect("serialisable")
}

/// A relative URI reference for a path (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.replace('%', "%25").replace(' ', "%20")
}
