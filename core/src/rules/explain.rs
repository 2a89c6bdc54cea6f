//! The text `hs20check explain ID` and `lab-radius explain CODE` print: one renderer, so both
//! tools explain a rule the same way, with the upstream references of every source it cites.

use std::fmt::Write as _;

use super::{citing, source, Rule, Severity, Source, Subject};

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn paths_text(rule: &Rule) -> String {
    if rule.paths.is_empty() {
        return "every delivery path".to_string();
    }
    rule.paths
        .iter()
        .map(|p| {
            serde_json::to_value(p)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_source(out: &mut String, s: &Source, indent: &str) {
    let _ = writeln!(out, "{indent}{}: {}", s.id, s.title);
    for u in s.upstream {
        let _ = writeln!(out, "{indent}  - {u}");
    }
}

/// The long form of one rule. The first line is `<id> (<severity>, <Subject>)`.
pub fn rule(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {:?})\n{}\n\n{}\n",
        rule.id,
        severity_word(rule.severity),
        rule.subject,
        rule.title,
        rule.explanation
    );
    let consequence_label = match rule.subject {
        Subject::Radius | Subject::Eap | Subject::Tls | Subject::Wlan => "What happens",
        _ => "On the device",
    };
    let _ = writeln!(out, "{consequence_label}: {}", rule.consequence);
    let _ = writeln!(out, "Fix: {}", rule.fix);
    let _ = writeln!(out, "Applies to: {}", paths_text(rule));
    if !rule.severity_decision.is_empty() {
        let _ = writeln!(
            out,
            "Why {}: {}",
            severity_word(rule.severity),
            rule.severity_decision
        );
    }
    if !rule.aliases.is_empty() {
        let _ = writeln!(out, "Former ids: {}", rule.aliases.join(", "));
    }
    let _ = writeln!(out, "Sources ({}):", rule.sources.join(", "));
    for id in rule.sources {
        match source(id) {
            Some(s) => write_source(&mut out, s, "  "),
            None => {
                let _ = writeln!(out, "  {id}");
            }
        }
    }
    out
}

/// A source id (`TRUST-02`) with its references and the rules that cite it; `None` if unknown.
pub fn source_entry(id: &str) -> Option<String> {
    let s = source(id)?;
    let mut out = String::new();
    write_source(&mut out, s, "");
    let rules = citing(s.id);
    if rules.is_empty() {
        let _ = writeln!(out, "\nNo rule cites it.");
    } else {
        let _ = writeln!(out, "\nCited by:");
        for r in rules {
            let _ = writeln!(out, "  {:<48} {}", r.id, r.title);
        }
    }
    Some(out)
}

/// One line per rule: id, severity, title (`explain list`).
pub fn list<'a>(rules: impl IntoIterator<Item = &'a &'static Rule>) -> String {
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{:<48} {:<8} {}",
            r.id,
            severity_word(r.severity),
            r.title
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{catalogue, ALL};

    #[test]
    fn a_rule_prints_its_sources_upstream_references() {
        let text = rule(&catalogue::SERVER_NAME_MISMATCH);
        assert!(
            text.starts_with("server-name-mismatch (error, Server)\n"),
            "{text}"
        );
        assert!(text.contains("TRUST-01: "), "{text}");
        assert!(text.contains("  - "), "{text}");
    }

    #[test]
    fn a_lab_radius_code_says_what_happens() {
        let text = rule(&catalogue::TLS_CLIENT_CERT_EXPIRED);
        assert!(text.contains("What happens: "), "{text}");
        assert!(text.contains("rfc5280"), "{text}");
    }

    #[test]
    fn a_source_lists_the_rules_citing_it() {
        let text = source_entry("trust-02").expect("TRUST-02 is documented");
        assert!(text.contains("server-name-mismatch"), "{text}");
        assert!(source_entry("NOPE-1").is_none());
    }

    #[test]
    fn list_has_one_line_per_rule() {
        assert_eq!(list(ALL.iter()).lines().count(), ALL.len());
    }
}
