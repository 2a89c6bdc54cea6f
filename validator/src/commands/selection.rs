//! `hs20check match`: will a station with this credential select these APs (home, roaming, no
//! match), and would an Apple device with these settings join? The AP side is a hostapd
//! configuration or a capture, the credential side NEHotspotHS20Settings values or a
//! .mobileconfig; the decision is hs20-air's Passpoint selection core.

use hs20_air::passpoint::{self, select::MatchReport, Advertisement, Credential};
use hs20_profiles::lint::{InputKind, LintOptions};

/// What the AP advertises, as read by the CLI.
pub enum ApSource {
    /// A hostapd configuration file's text.
    HostapdConf { name: String, text: String },
    /// A pcap / pcapng capture's bytes.
    Capture { name: String, bytes: Vec<u8> },
}

/// The credential side.
pub enum CredentialSource {
    Settings(Credential),
    /// A .mobileconfig (signed or not): its first Passpoint Wi-Fi payload.
    Mobileconfig {
        name: String,
        bytes: Vec<u8>,
        now: time::OffsetDateTime,
    },
}

/// Input `match` cannot evaluate; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("{file}: not a hostapd configuration hostapd would accept: {source}")]
    ApConfig {
        file: String,
        source: passpoint::hostapd::ConfigError,
    },
    #[error("{file}: {reason}")]
    Capture { file: String, reason: String },
    #[error("{file}: the capture holds no Beacon, Probe Response or GAS frame of any AP")]
    NoAps { file: String },
    #[error("{file}: {reason}")]
    Profile { file: String, reason: String },
    #[error("{file}: the profile has no Passpoint (IsHotspot) Wi-Fi payload")]
    NoPasspoint { file: String },
}

pub fn advertisements(src: &ApSource) -> Result<Vec<Advertisement>, MatchError> {
    match src {
        ApSource::HostapdConf { name, text } => {
            passpoint::hostapd::parse(text).map_err(|source| MatchError::ApConfig {
                file: name.clone(),
                source,
            })
        }
        ApSource::Capture { name, bytes } => {
            let aps =
                passpoint::capture::read(bytes.as_slice()).map_err(|e| MatchError::Capture {
                    file: name.clone(),
                    reason: e.to_string(),
                })?;
            if aps.is_empty() {
                return Err(MatchError::NoAps { file: name.clone() });
            }
            Ok(aps)
        }
    }
}

pub fn credential(src: &CredentialSource) -> Result<Credential, MatchError> {
    match src {
        CredentialSource::Settings(c) => Ok(c.clone()),
        CredentialSource::Mobileconfig { name, bytes, now } => {
            let opts = LintOptions {
                now: *now,
                ..LintOptions::default()
            };
            let outcome =
                hs20_profiles::lint(bytes, name, &opts).map_err(|e| MatchError::Profile {
                    file: name.clone(),
                    reason: e.to_string(),
                })?;
            if outcome.kind != InputKind::Profile {
                return Err(MatchError::Profile {
                    file: name.clone(),
                    reason: "not a configuration profile".into(),
                });
            }
            let network = outcome
                .profile
                .into_iter()
                .flat_map(|p| p.networks)
                .find(|n| n.is_hotspot)
                .ok_or_else(|| MatchError::NoPasspoint { file: name.clone() })?;
            Ok(Credential {
                realms: network.nai_realm_names,
                home_domain: network.domain_name,
                ois: network.roaming_consortium_ois,
                mcc_mncs: network.mcc_and_mncs,
                roaming_enabled: network.roaming_enabled,
            })
        }
    }
}

/// Reads nothing, decides everything.
pub fn run(ap: &ApSource, cred: &CredentialSource) -> Result<MatchReport, MatchError> {
    let aps = advertisements(ap)?;
    let cred = credential(cred)?;
    Ok(passpoint::select::run(&aps, &cred))
}

/// The human report: one block per AP, then the findings' fixes.
pub fn human(report: &MatchReport, title: &str) -> String {
    let mut s = format!("hs20check match: {title}\n");
    for ap in &report.aps {
        let who = match &ap.bssid {
            Some(b) => format!("{b} \"{}\"", ap.ssid),
            None => format!("\"{}\"", ap.ssid),
        };
        s += &format!(
            "\n{who}: {} — {}\n  reason: {}\n  fix:    {}\n  rule:   {} (hs20check explain {})\n",
            ap.selection.as_str(),
            if ap.joins {
                "an Apple device with these settings joins"
            } else {
                "an Apple device with these settings does NOT join"
            },
            ap.reason,
            ap.fix,
            ap.rule.id,
            ap.rule.id,
        );
    }
    let other: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule.family != hs20_core::rules::Family::Selection)
        .collect();
    for f in other {
        s += &format!(
            "\n{}: {} — {} (fix: {})\n",
            f.rule.id,
            f.rule.title,
            f.detail,
            f.fix_text()
        );
    }
    s += &format!(
        "\nverdict: {} ({} of {} AP(s) joined)\n",
        match report.verdict {
            hs20_core::finding::Verdict::Pass => "pass",
            hs20_core::finding::Verdict::Warn => "warn",
            hs20_core::finding::Verdict::Fail => "fail",
        },
        report.aps.iter().filter(|a| a.joins).count(),
        report.aps.len()
    );
    s
}
