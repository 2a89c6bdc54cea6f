//! WPA3-Personal in the daemon logs: SAE authentication rejections (status 77, 15, 1), the station
//! that skips an H2E-only BSS, the negotiated SAE group / H2E / EAPOL-Key MIC length, and an FT roam.
//! A child of `logs` (it builds the same `D` diagnoses from the same files).

use super::{conf, kv, strip, Logs, D};
use crate::names;
use hs20_core::rules::catalogue as c;
use hs20_core::rules::Rule;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The AKM suite number of wpa_supplicant's `key_mgmt=` name in `wpa_cli status`.
fn akm_suite(name: &str) -> Option<u32> {
    Some(match name {
        "SAE" => 8,
        "FT-SAE" => 9,
        "SAE-EXT-KEY" => 24,
        "FT-SAE-EXT-KEY" => 25,
        _ => return None,
    })
}

/// Adds what an SAE connection negotiated: `sae_group`, `sae_h2e` (wpa_cli status), `mic_len` (the
/// EAPOL-Key MIC length in octets the AKM and group imply) and `roam=ft` after an FT transition.
pub(super) fn negotiated(logs: &Logs, n: &mut BTreeMap<String, String>) {
    let st = kv(logs.text("wpa_cli-status.txt"));
    for k in ["sae_group", "sae_h2e"] {
        if let Some(v) = st.get(k).filter(|v| !v.is_empty()) {
            n.insert(k.into(), v.clone());
        }
    }
    if let Some(akm) = n.get("akm").and_then(|a| akm_suite(a)) {
        let group = n
            .get("sae_group")
            .and_then(|g| g.parse().ok())
            .or_else(|| first_sae_group(logs));
        n.insert(
            "mic_len".into(),
            names::mic_len(0x000fac00 | akm, group).to_string(),
        );
    }
    if let Some(to) = ft_roam(logs) {
        n.insert("roam".into(), "ft".into());
        n.insert("roamed_to".into(), to);
    }
}

/// The group of the station's first accepted SAE exchange (the status dump after an FT roam has none).
fn first_sae_group(logs: &Logs) -> Option<u16> {
    static G: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"SAE: Selecting supported ECC group (\d+)").unwrap());
    logs.lines("wpas.log")
        .find_map(|(_, l)| G.captures(l).and_then(|m| m[1].parse().ok()))
}

/// The BSSID of a second connection reached through FT authentication (algorithm 2, accepted by
/// the target AP), if any.
fn ft_roam(logs: &Logs) -> Option<String> {
    static CONN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"CTRL-EVENT-CONNECTED - Connection to ([0-9a-f:]{17}) completed").unwrap()
    });
    let mut bssids: Vec<String> = Vec::new();
    let mut ft_auth = false;
    for (_, l) in logs.lines("wpas.log") {
        if let Some(m) = CONN.captures(l) {
            if bssids.first().is_some_and(|b| b != &m[1]) && ft_auth {
                return Some(m[1].to_string());
            }
            bssids.push(m[1].to_string());
        } else if !bssids.is_empty()
            && l.contains("SME: Authentication response")
            && l.contains("auth_type=2 ")
            && l.contains("status_code=0")
        {
            ft_auth = true;
        }
    }
    None
}

/// Extra words for the connected line: "sae_group=20 (H2E) EAPOL-Key MIC 24 octets, FT roam to …".
pub(super) fn connected_detail(n: &BTreeMap<String, String>) -> String {
    let mut out = Vec::new();
    if let Some(g) = n.get("sae_group") {
        let h2e = match n.get("sae_h2e").map(|s| s.as_str()) {
            Some("1") => " (hash-to-element)",
            Some("0") => " (hunting-and-pecking)",
            _ => "",
        };
        out.push(format!("SAE group {g}{h2e}"));
    }
    if let Some(m) = n.get("mic_len") {
        out.push(format!("EAPOL-Key MIC {m} octets"));
    }
    if let Some(to) = n.get("roamed_to") {
        out.push(format!("FT roam to {to} (FT authentication, no new SAE)"));
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("; {}", out.join(", "))
    }
}

fn groups(v: Option<&String>, default: &str) -> String {
    v.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| format!("{default} (default)"))
}

/// `SME: Authentication response: peer=… auth_type=3 auth_transaction=1 status_code=77`: a failure
/// status wpa_supplicant does not always turn into CTRL-EVENT-AUTH-REJECT (status 77 with no other
/// group left ends in "SME: SAE group not supported"). 76 (token), 126 (H2E), 127 (SAE-PK) are not
/// failures.
pub(super) fn auth_status_failure(line: &str) -> bool {
    static AUTH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"SME: Authentication response: .*status_code=(\d+)").unwrap());
    AUTH.captures(line)
        .and_then(|m| m[1].parse::<u16>().ok())
        .is_some_and(|s| !matches!(s, 0 | 76 | 126 | 127))
}

/// `CTRL-EVENT-AUTH-REJECT … status_code=N`: SAE status 77 (group), 15 (confirm: password), 1 (a
/// hunting-and-pecking commit to an H2E-only AP), anything else as a plain rejection.
pub(super) fn auth_reject(logs: &Logs, n: usize, line: &str) -> D {
    static STATUS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"status_code=(\d+)").unwrap());
    static AUTH_TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"auth_type=(\d+)").unwrap());
    let status: u16 = STATUS
        .captures(line)
        .and_then(|m| m[1].parse().ok())
        .unwrap_or(0);
    let sae = AUTH_TYPE.captures(line).is_some_and(|m| &m[1] == "3");
    let mut evidence = vec![logs.ev("wpas.log", n, strip(line))];
    let ap = conf(logs.text("ap.conf"));
    let sta = conf(logs.text("sta.conf"));
    let ap_says = |pat: &str, evidence: &mut Vec<_>| {
        if let Some((m, l)) = logs.lines("hostapd.log").find(|(_, l)| l.contains(pat)) {
            evidence.push(logs.ev("hostapd.log", m, strip(l)));
            true
        } else {
            false
        }
    };
    let ext_key = ap
        .get("wpa_key_mgmt")
        .is_some_and(|k| k.contains("SAE-EXT-KEY"));
    let ap_groups = groups(ap.get("sae_groups"), if ext_key { "19 20" } else { "19" });
    let sta_groups = groups(sta.get("sae_groups"), "19 20 21");
    let (rule, cause, fix): (&'static Rule, String, Option<String>) = match (sae, status) {
        (true, 77) => {
            ap_says("Unsupported finite cyclic group", &mut evidence);
            if let Some((m, l)) = logs
                .lines("wpas.log")
                .find(|(_, l)| l.contains("SAE: Failed to select group"))
            {
                evidence.push(logs.ev("wpas.log", m, strip(l)));
            }
            (
                &c::AIR_SAE_GROUP_UNSUPPORTED,
                format!("the AP rejected the SAE commit with status 77 (unsupported finite cyclic group): the station offers SAE group(s) {sta_groups}, the AP enables {ap_groups}"),
                Some(format!("enable the station's group on the AP (sae_groups={ap_groups} plus the station's) or give the station one of the AP's groups (sae_groups)")),
            )
        }
        (true, 15) => {
            ap_says("SAE: Confirm mismatch", &mut evidence);
            (
                &c::AIR_SAE_CONFIRM_MISMATCH,
                "the SAE commits were accepted, the AP answered the station's confirm with status 15 (challenge failure): the two ends used different passwords".into(),
                Some("use the same SAE password (sae_password) on the AP and the station".into()),
            )
        }
        (true, 1) if ap.get("sae_pwe").map(|s| s.as_str()) == Some("1")
            && sta.get("sae_pwe").is_none_or(|p| p == "0" || p == "3") =>
        {
            (
                &c::AIR_SAE_PWE_REJECTED,
                format!("the AP is hash-to-element only (sae_pwe=1) and answered the station's hunting-and-pecking commit (sae_pwe={}) with status 1", sta.get("sae_pwe").map(|s| s.as_str()).unwrap_or("0")),
                Some("allow both SAE methods on the AP (sae_pwe=2) or enable hash-to-element on the station (sae_pwe=1 or 2)".into()),
            )
        }
        (_, s) => (
            &c::AIR_AUTH_REJECTED,
            format!(
                "the AP rejected {} with status {s} ({})",
                if sae { "the SAE authentication" } else { "authentication" },
                names::status(s)
            ),
            None,
        ),
    };
    D {
        layer: "authentication",
        rule,
        cause,
        fix,
        evidence,
    }
}

/// "skip - rate sets do not match" for an H2E-only BSS (selector 123) and a station without H2E.
pub(super) fn h2e_skip(logs: &Logs) -> Option<D> {
    let (n, l) = logs
        .lines("wpas.log")
        .find(|(_, l)| l.contains("   skip - rate sets do not match"))?;
    let ap = conf(logs.text("ap.conf"));
    let sta = conf(logs.text("sta.conf"));
    let h2e_only = ap.get("sae_pwe").map(|s| s.as_str()) == Some("1")
        || logs.text("wpa_cli-scan_results.txt").contains("[SAE-H2E]");
    let sta_pwe = sta.get("sae_pwe").map(|s| s.as_str()).unwrap_or("0");
    if !h2e_only || sta_pwe != "0" {
        return None;
    }
    let mut evidence = vec![logs.ev("wpas.log", n, strip(l))];
    if let Some((m, x)) = logs
        .lines("wpas.log")
        .find(|(_, x)| x.contains("SAE H2E disabled") || x.contains("Hash-to-Element"))
    {
        evidence.insert(0, logs.ev("wpas.log", m, strip(x)));
    }
    Some(D {
        layer: "network-selection",
        rule: &c::AIR_SAE_H2E_ONLY_SKIPPED,
        cause: "the station skipped the BSS: the AP is SAE hash-to-element only (BSS membership selector 123 in its rates, sae_pwe=1) and the station uses hunting-and-pecking only (sae_pwe=0)".into(),
        fix: Some("allow both SAE methods on the AP (sae_pwe=2) on 2.4/5 GHz, or enable hash-to-element on the station (sae_pwe=1 or 2)".into()),
        evidence,
    })
}

/// The AP runs on 6 GHz (PMF, SAE H2E and WPA3-only are mandatory there).
pub(super) fn six_ghz(logs: &Logs) -> bool {
    let ap = conf(logs.text("ap.conf"));
    ap.get("op_class")
        .is_some_and(|c| matches!(c.as_str(), "131" | "132" | "133" | "134" | "135" | "136"))
        || logs.lines("wpa_cli-bss.txt").any(|(_, l)| {
            l.strip_prefix("freq=")
                .and_then(|f| f.trim().parse::<u32>().ok())
                .is_some_and(|f| (5955..=7115).contains(&f))
        })
}

/// The fix for an AKM mismatch between SAE (AKM 8) and SAE-EXT-KEY (AKM 24), if that is the case.
pub(super) fn akm_fix(ap_akm: &[String], sta_akm: &[String]) -> Option<String> {
    let has = |xs: &[String], a: &str| xs.iter().any(|x| x == a || x.starts_with(&format!("{a} ")));
    if has(ap_akm, "SAE-EXT-KEY") && !has(ap_akm, "SAE") && has(sta_akm, "SAE") {
        return Some("add SAE (AKM 8) next to SAE-EXT-KEY on the AP (wpa_key_mgmt=SAE SAE-EXT-KEY: the compatibility setting) or use a station with SAE-EXT-KEY (AKM 24)".into());
    }
    if has(ap_akm, "SAE") && !has(ap_akm, "SAE-EXT-KEY") && has(sta_akm, "SAE-EXT-KEY") {
        return Some(
            "add SAE-EXT-KEY (AKM 24) on the AP next to SAE, or enable SAE (AKM 8) on the station"
                .into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sme_status_lines_that_are_failures() {
        let l = |s: u16| {
            format!("wlan1: SME: Authentication response: peer=02:00:00:00:00:00 auth_type=3 auth_transaction=1 status_code={s}")
        };
        assert!(auth_status_failure(&l(77)));
        assert!(auth_status_failure(&l(1)));
        assert!(auth_status_failure(&l(15)));
        // success, anti-clogging token, H2E and SAE-PK commits are not failures
        for s in [0, 76, 126, 127] {
            assert!(!auth_status_failure(&l(s)), "{s}");
        }
    }

    #[test]
    fn akm_fix_names_the_missing_sae_akm() {
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(akm_fix(&v(&["SAE-EXT-KEY"]), &v(&["SAE"]))
            .unwrap()
            .contains("SAE SAE-EXT-KEY"));
        assert!(akm_fix(&v(&["SAE"]), &v(&["SAE-EXT-KEY"]))
            .unwrap()
            .contains("SAE-EXT-KEY (AKM 24) on the AP"));
        assert_eq!(akm_fix(&v(&["WPA-EAP-SHA256"]), &v(&["WPA-EAP"])), None);
    }

    #[test]
    fn auth_reject_without_an_sae_explanation_is_a_plain_rejection() {
        let mut logs = Logs::default();
        logs.add("wpas.log", "wlan1: CTRL-EVENT-AUTH-REJECT 02:00:00:00:00:00 auth_type=0 auth_transaction=2 status_code=17\n");
        let d = auth_reject(&logs, 1, logs.text("wpas.log").lines().next().unwrap());
        assert!(std::ptr::eq(d.rule, &c::AIR_AUTH_REJECTED));
        assert!(d.cause.contains("status 17"), "{}", d.cause);
    }
}
