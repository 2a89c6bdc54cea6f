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
