//! The one rule catalogue: every finding hs20check reports, every lint rule and every lab-radius
//! FAILURE code is a [`Rule`] with a stable id. The entries are data in `core/rules/*.toml`
//! (rustc's error index and ruff's rules are the model); `build.rs` turns them into statics
//! named after their ids, so code says `catalogue::SERVER_NAME_MISMATCH`. `hs20check explain ID`
//! and `lab-radius explain CODE` print an entry with its sources' upstream references.

pub mod catalogue {
    //! Generated from `core/rules/*.toml` and `docs/*.md` by `build.rs`.
    use super::{DeliveryPath, Family, Rule, Severity, Source, Subject};
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

pub mod explain;

use serde::Serialize;

pub use catalogue::{ALL, SOURCES};

/// How bad a finding is (the severity policy, docs/severity.md): error where the sources show the
/// device, the import or the server refuses or fails; warning for a real risk that is not a
/// refusal; info for facts. Doubt about the newest iOS goes into the text, never into a lower
/// severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
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
    Radius,
    Eap,
    Tls,
    /// The app's own Swift / Objective-C provisioning code (`hs20check lint FILE.swift`).
    Code,
    Wlan,
}

/// The catalogue file a rule lives in (`core/rules/<family>.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Container,
    Identity,
    Server,
    Settings,
    Profile,
    Guidance,
    LabRadius,
    Probe,
    Importer,
    /// `core/rules/code.toml`: the app's provisioning code.
    Code,
    Air,
    /// `core/rules/selection.toml`: Passpoint network selection (`hs20check match`).
    Selection,
}

/// How a configuration reaches a device (or a server); a rule declares the paths it applies to.
/// Where two paths share a rule they must give the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryPath {
    /// The app's NEHotspotConfiguration API (`hs20check check`).
    Api,
    /// A .mobileconfig (`hs20check profile`, `hs20check lint`).
    Mobileconfig,
    /// Android's application/x-wifi-config.
    Android,
    /// wpa_supplicant's interworking `cred` block.
    WpaSupplicant,
    /// The RADIUS server (lab-radius).
    RadiusServer,
}

/// One entry of the catalogue.
#[derive(Serialize)]
pub struct Rule {
    /// Stable id; scripts and `explain` rely on it.
    pub id: &'static str,
    pub severity: Severity,
    pub subject: Subject,
    pub family: Family,
    /// The delivery paths the rule applies to; empty means every path that reads the material.
    pub paths: &'static [DeliveryPath],
    /// One line: what is wrong.
    pub title: &'static str,
    /// What the device (or server) does because of it.
    pub consequence: &'static str,
    /// The generic fix; a finding may give a more specific one.
    pub fix: &'static str,
    /// Source ids of docs/apple-rules.md (API-*, TRUST-*, P12-*, CERT-*, MC-*, AND-*) and
    /// docs/protocol-sources.md (RFC-*, HOSTAP-*).
    pub sources: &'static [&'static str],
    /// The long explanation `explain` prints.
    pub explanation: &'static str,
    /// Why this severity, against the policy, with its source (required for warnings).
    pub severity_decision: &'static str,
    /// Former ids, still accepted by `explain` and `find`.
    pub aliases: &'static [&'static str],
}

/// A rule shows as its id (the texts are one `explain` away).
impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({})", self.id)
    }
}

/// A rule is its id: two references are the same rule when their ids are equal.
impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Rule {}

impl Rule {
    pub fn applies_to(&self, path: DeliveryPath) -> bool {
        self.paths.is_empty() || self.paths.contains(&path)
    }
}

/// One upstream source a rule cites.
#[derive(Debug, Serialize)]
pub struct Source {
    pub id: &'static str,
    pub title: &'static str,
    /// Documentation pages, open-source files and functions, RFC sections, public reports.
    pub upstream: &'static [&'static str],
}

/// Looks a rule up by id or former id (case-insensitive).
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| {
        r.id.eq_ignore_ascii_case(id) || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    })
}

/// Looks a source up by id (case-insensitive), e.g. `TRUST-02`.
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id.eq_ignore_ascii_case(id))
}

/// The rules that cite a source.
pub fn citing(source_id: &str) -> Vec<&'static Rule> {
    ALL.iter()
        .copied()
        .filter(|r| r.sources.iter().any(|s| s.eq_ignore_ascii_case(source_id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_is_case_insensitive_and_rejects_unknown_ids() {
        assert_eq!(
            find("SERVER-NAME-MISMATCH").unwrap().id,
            "server-name-mismatch"
        );
        assert!(find("no-such-rule").is_none());
    }

    #[test]
    fn every_source_has_upstream_references() {
        assert!(SOURCES.len() > 60);
        for s in SOURCES {
            assert!(!s.upstream.is_empty(), "{} has no upstream reference", s.id);
        }
        assert!(source("trust-02").is_some());
    }

    /// The severity policy: every warning records why it is not an error, with its source.
    #[test]
    fn every_warning_records_its_severity_decision() {
        let missing: Vec<&str> = ALL
            .iter()
            .filter(|r| r.severity == Severity::Warning && r.severity_decision.trim().is_empty())
            .map(|r| r.id)
            .collect();
        assert!(
            missing.is_empty(),
            "warnings without severity_decision: {missing:?}"
        );
    }
}
