//! Renderers: human (grouped by subject, errors first) and JSON; `explain` for one rule.
//! Nothing else in the library prints.

use crate::check::{identity_date, Report};
use crate::finding::{Finding, Verdict};
use crate::rules::{Severity, Subject};

/// ANSI styling, off unless the caller says the output is a colour terminal.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Info => self.paint("1;36", "info"),
        }
    }
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

fn subject_heading(s: Subject) -> &'static str {
    match s {
        Subject::Container => "PKCS#12 container",
        Subject::Identity => "Client identity",
        Subject::Server => "RADIUS server certificate and trustedServerNames",
        Subject::Settings => "NEHotspotHS20Settings / NEHotspotEAPSettings",
        Subject::Profile => "Configuration profile",
        Subject::Guidance => "Guidance",
        Subject::Radius => "RADIUS",
        Subject::Eap => "EAP",
        Subject::Tls => "TLS",
        Subject::Code => "App provisioning code (Swift / Objective-C)",
        Subject::Wlan => "Wi-Fi (802.11 / 802.1X)",
    }
}

/// Renders a list of findings grouped by subject, errors first within each group.
pub fn findings_human(findings: &[Finding], style: Style) -> String {
    let mut out = String::new();
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.rule.subject, f.rule.severity));
    let mut current = None;
    for f in sorted {
        if current != Some(f.rule.subject) {
            current = Some(f.rule.subject);
            out.push_str(&format!(
                "\n{}\n",
                style.bold(subject_heading(f.rule.subject))
            ));
        }
        out.push_str(&format!(
            "  {}[{}] {}\n",
            style.severity(f.rule.severity),
            f.rule.id,
            f.rule.title
        ));
        out.push_str(&format!("      found: {}\n", f.detail));
        if f.rule.severity != Severity::Info {
            out.push_str(&format!("      on the device: {}\n", f.rule.consequence));
        }
        out.push_str(&format!("      fix: {}\n", f.fix_text()));
        out.push_str(&format!("      source: {}\n", f.rule.sources.join(", ")));
    }
    out
}

/// One summary line: verdict and counts.
pub fn verdict_line(verdict: Verdict, findings: &[Finding], style: Style) -> String {
    let count = |s| findings.iter().filter(|f| f.rule.severity == s).count();
    let word = match verdict {
        Verdict::Pass => style.paint("1;32", "PASS"),
        Verdict::Warn => style.paint("1;33", "WARN"),
        Verdict::Fail => style.paint("1;31", "FAIL"),
    };
    format!(
        "verdict: {word} — {} error(s), {} warning(s), {} note(s)\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )
}

/// The full human report of `hs20check check`.
pub fn human(report: &Report, input_name: &str, style: Style) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} {input_name}\n", style.bold("hs20check")));
    let id = &report.identity;
    let inv = &id.container;
    let list = |pbes: &[crate::pkcs12::inventory::PbeInfo]| {
        if pbes.is_empty() {
            "none".to_string()
        } else {
            pbes.iter()
                .map(|p| format!("{} ×{} ({}-byte salt)", p.name, p.iterations, p.salt_len))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    out.push_str(&format!(
        "  container: certificates {}; key {}; MAC {}{}\n",
        list(&inv.certificate_encryption),
        list(&inv.key_encryption),
        inv.mac
            .as_ref()
            .map(|m| match (&m.prf, &m.hmac) {
                (Some(prf), Some(hmac)) => {
                    format!("{} (PBKDF2-{prf}, {hmac}) ×{}", m.algorithm, m.iterations)
                }
                _ => format!("{} ×{}", m.algorithm, m.iterations),
            })
            .unwrap_or_else(|| "none".into()),
        if inv.ber_encoded { " (BER)" } else { "" }
    ));
    if !inv.keys.is_empty() || inv.empty_password_encoding.is_some() {
        let keys: Vec<String> = inv
            .keys
            .iter()
            .map(|k| format!("{} in a {}", k.algorithm.as_deref().unwrap_or("key"), k.bag))
            .collect();
        out.push_str(&format!(
            "  contents:  {}{}\n",
            if keys.is_empty() {
                "no key".to_string()
            } else {
                keys.join(", ")
            },
            inv.empty_password_encoding
                .map(|e| format!("; empty password encoded as {e}"))
                .unwrap_or_default()
        ));
    }
    if let Some(cert) = &id.certificate {
        out.push_str(&format!(
            "  identity:  {} — {} certificate ({} private key), signed {}, valid {} → {}\n",
            cert.subject,
            cert.key,
            id.private_key
                .as_ref()
                .map(|k| k.to_string())
                .unwrap_or_else(|| "no".into()),
            cert.signature_algorithm,
            identity_date(cert.not_before),
            identity_date(cert.not_after)
        ));
        if let Some(eap) = &id.eap_identity {
            out.push_str(&format!("  EAP identity the device sends: {eap}\n"));
        }
    }
    if let Some(chain) = &id.chain {
        out.push_str(&format!("  client chain: {}\n", chain.join(" → ")));
    }
    let s = &report.settings;
    out.push_str(&format!(
        "  settings:  domainName {:?}, naiRealmNames {:?}, OIs {:?}, roaming {}, trustedServerNames {:?}{}\n",
        s.domain_name,
        s.nai_realm_names,
        s.roaming_consortium_ois,
        s.roaming_enabled,
        s.trusted_server_names,
        if s.trusted_server_names_assumed { " (assumed)" } else { "" }
    ));
    if let Some(server) = &report.server {
        out.push_str(&format!(
            "  server:    {} presents {:?}",
            server.certificate.subject, server.presented_names
        ));
        if !server.matches.is_empty() {
            let m: Vec<String> = server
                .matches
                .iter()
                .map(|(t, n)| format!("{t} ↔ {n}"))
                .collect();
            out.push_str(&format!("; matched {}", m.join(", ")));
        }
        out.push('\n');
        if let Some(chain) = &server.chain {
            out.push_str(&format!("  server chain: {}\n", chain.join(" → ")));
        }
    }
    out.push_str(&findings_human(&report.findings, style));
    out.push_str(&format!(
        "\n{}\n",
        style.bold("Guidance for the app code (no file shows these; not counted as findings)")
    ));
    for g in &report.guidance {
        out.push_str(&format!("  [{}] {}\n      fix: {}\n", g.id, g.title, g.fix));
    }
    out.push('\n');
    out.push_str(&verdict_line(report.verdict, &report.findings, style));
    out
}

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("report serialises")
}
