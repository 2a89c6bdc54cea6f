//! What lint returns: observations keyed by stable rule ids, for the validator to turn into findings.

use hs20_core::rules::Rule;
use serde::Serialize;

/// One occurrence of a rule.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    /// The catalogue entry (core/rules/profile.toml).
    #[serde(serialize_with = "rule_id")]
    pub rule: &'static Rule,
    /// Where in the input, e.g. `PayloadContent[2] (com.apple.wifi.managed) › EAPClientConfiguration › TLSMinimumVersion`.
    pub location: Option<String>,
    /// What was found, for this occurrence.
    pub detail: String,
    /// A fix specific to this occurrence (the catalogue has the generic one).
    pub fix: Option<String>,
}

impl Observation {
    pub fn new(rule: &'static Rule, location: Option<String>, detail: impl Into<String>) -> Self {
        Observation {
            rule,
            location,
            detail: detail.into(),
            fix: None,
        }
    }
    /// A core check's finding, placed at `location` in the profile.
    pub fn from_finding(f: hs20_core::finding::Finding, location: Option<String>) -> Self {
        Observation {
            rule: f.rule,
            location,
            detail: f.detail,
            fix: f.fix,
        }
    }
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

fn rule_id<S: serde::Serializer>(rule: &&'static Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.id)
}
