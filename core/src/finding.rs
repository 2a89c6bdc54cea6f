//! Findings: one occurrence of a rule, with the specifics of this input.

use crate::rules::{Rule, Severity};
use serde::ser::{Serialize, SerializeStruct, Serializer};

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    /// What exactly was found in this input.
    pub detail: String,
    /// A fix specific to this input (e.g. "use radius.example.com"); else the rule's.
    pub fix: Option<String>,
}

impl Finding {
    pub fn new(rule: &'static Rule, detail: impl Into<String>) -> Self {
        Self {
            rule,
            detail: detail.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn fix_text(&self) -> &str {
        self.fix.as_deref().unwrap_or(self.rule.fix)
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Finding", 8)?;
        st.serialize_field("id", self.rule.id)?;
        st.serialize_field("severity", &self.rule.severity)?;
        st.serialize_field("subject", &self.rule.subject)?;
        st.serialize_field("title", self.rule.title)?;
        st.serialize_field("detail", &self.detail)?;
        st.serialize_field("consequence", self.rule.consequence)?;
        st.serialize_field("fix", self.fix_text())?;
        st.serialize_field("source", &self.rule.sources.join(", "))?;
        st.end()
    }
}

/// pass: no findings above info; warn: warnings only; fail: at least one error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

pub fn verdict(findings: &[Finding]) -> Verdict {
    if findings.iter().any(|f| f.severity() == Severity::Error) {
        Verdict::Fail
    } else if findings.iter().any(|f| f.severity() == Severity::Warning) {
        Verdict::Warn
    } else {
        Verdict::Pass
    }
}
