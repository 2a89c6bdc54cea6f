//! What lint returns: observations keyed by stable rule ids, for the validator to turn into findings.

use serde::Serialize;

/// One occurrence of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    /// A stable id from [`crate::RULE_IDS`].
    pub rule: &'static str,
    /// Where in the input, e.g. `PayloadContent[2] (com.apple.wifi.managed) › EAPClientConfiguration › TLSMinimumVersion`.
    pub location: Option<String>,
    /// What was found, for this occurrence.
    pub detail: String,
    /// A fix specific to this occurrence (the catalogue has the generic one).
    pub fix: Option<String>,
}

impl Observation {
    pub fn new(rule: &'static str, location: Option<String>, detail: impl Into<String>) -> Self {
        Observation {
            rule,
            location,
            detail: detail.into(),
            fix: None,
        }
    }
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}
