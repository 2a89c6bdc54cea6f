//! The rule catalogue: every finding hs20check can report is a [`Rule`] with a stable id.
//! Rules are data (like rustc's error index): `hs20check explain ID` prints one.

pub mod catalogue;

use serde::Serialize;

pub use catalogue::ALL;

/// How bad a finding is for the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The device rejects the configuration or cannot authenticate.
    Error,
    /// Works on some devices or versions, or relies on an unconfirmed fact.
    Warning,
    /// Context the user should know; never changes the verdict.
    Info,
}

/// What part of the input a rule is about (the human report groups by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Container,
    Identity,
    Server,
    Settings,
    Profile,
    Guidance,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Stable id, kebab-case; scripts and `explain` rely on it.
    pub id: &'static str,
    pub severity: Severity,
    pub subject: Subject,
    /// One line: what is wrong.
    pub title: &'static str,
    /// What the device does because of it (error code or symptom).
    pub consequence: &'static str,
    /// The generic fix; a finding may give a more specific one.
    pub fix: &'static str,
    /// Rule ids of shared/domain/apple-rules.md (API-*, TRUST-*, P12-*, CERT-*, MC-*, AND-*).
    pub sources: &'static [&'static str],
    /// The long explanation `explain` prints.
    pub explanation: &'static str,
}

/// Looks a rule up by id (case-insensitive).
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_texts_complete() {
        let mut seen = HashSet::new();
        for rule in ALL.iter() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                rule.id
            );
            for (field, text) in [
                ("title", rule.title),
                ("consequence", rule.consequence),
                ("fix", rule.fix),
                ("explanation", rule.explanation),
            ] {
                assert!(!text.trim().is_empty(), "{} has an empty {field}", rule.id);
            }
            assert!(!rule.sources.is_empty(), "{} cites no source", rule.id);
        }
    }

    #[test]
    fn find_is_case_insensitive_and_rejects_unknown_ids() {
        assert_eq!(
            find("SERVER-NAME-MISMATCH").unwrap().id,
            "server-name-mismatch"
        );
        assert!(find("no-such-rule").is_none());
    }

    /// Every cited source id exists in the rule catalogue the team keeps in shared/.
    #[test]
    fn sources_exist_in_apple_rules() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/domain/apple-rules.md"
        );
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (shared/ must sit beside the checkout)"));
        for rule in ALL.iter() {
            for source in rule.sources {
                // AND-05 style ids appear as **AND-05**, ### API-03, or "* **CERT-01**".
                assert!(
                    text.contains(source),
                    "{} cites {source}, which apple-rules.md does not define",
                    rule.id
                );
            }
        }
    }
}
