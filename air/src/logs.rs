//! The same diagnosis from daemon logs: hostapd and wpa_supplicant debug logs (`-dd`, with or
//! without `-t` timestamps, syslog and logread prefixes), the wpa_cli event monitor and state dumps,
//! and lab-radius's log (JSON or human). One implementation: the lab harness calls
//! `hs20check logs` for its diagnosis. Order of the layers as a connection passes them:
//! network-selection, association, eap, radius, 4way-handshake; `none` means connected.

use crate::diagnose::{Evidence, StationDiagnosis};
use crate::dot11::{join, Rsne};
use crate::{names, Mac};
use hs20_core::finding::{verdict, Finding, Verdict};
use hs20_core::rules::catalogue as c;
use hs20_core::rules::Rule;
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

#[path = "logs_sae.rs"]
mod sae;

/// The log files of one run, by role: `wpas.log`, `hostapd.log`, `as.log`, `events.log`,
/// `wpa_cli-*.txt`, `hostapd_cli-*.txt`, `ap.conf`, `sta.conf`.
#[derive(Debug, Default, Clone)]
pub struct Logs {
    pub files: BTreeMap<String, String>,
    /// role → the path it was read from (for evidence).
    pub paths: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogsReport {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub stations: Vec<StationDiagnosis>,
    /// What a connection negotiated (AKM, ciphers, PMF, frequency, TLS), from the state dumps.
    pub negotiated: BTreeMap<String, String>,
    pub files: Vec<String>,
    /// Passpoint selection as wpa_supplicant logged it: home | roaming | unknown | no-match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<String>,
}

static TS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ [\w.\-\[\]]+: |\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} \S+ [\w.\-\[\]]+: )?(\[\w+\] )?(\d+\.\d+: )*").unwrap()
});
static IFACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(wlan\d+|vsupp|vauth|eth\d+|p2p-dev-wlan\d+): ").unwrap());

/// Drops timestamps (`-t`, syslog, logread) and the interface prefix.
pub fn strip(line: &str) -> String {
    let l = TS.replace(line, "");
    IFACE.replace(&l, "").trim().to_string()
}

/// Per file: a day of hostapd -dd debug output is far less. The diagnosis reads a file as a
/// whole, so this bounds its memory.
pub const LOG_LIMIT: u64 = 64 * 1024 * 1024;

impl Logs {
    /// Reads files and directories (every file in a directory). A file's role comes from its name,
    /// else from its content.
    pub fn read(paths: &[impl AsRef<Path>]) -> Result<Logs, String> {
        let mut logs = Logs::default();
        for p in paths {
            let p = p.as_ref();
            if p.is_dir() {
                let mut entries: Vec<_> = std::fs::read_dir(p)
                    .map_err(|e| format!("{}: {e}", p.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect();
                entries.sort();
                for f in entries {
                    logs.add_file(&f)?;
                }
            } else {
                logs.add_file(p)?;
            }
        }
        if logs.files.is_empty() {
            return Err("no log files given".into());
        }
        Ok(logs)
    }

    fn add_file(&mut self, p: &Path) -> Result<(), String> {
        let bytes =
            hs20_core::input::read_file(p, "the log", hs20_core::input::Limits::bytes(LOG_LIMIT))
                .map_err(|e| e.to_string())?;
        if bytes.contains(&0) {
            // a capture or another binary file in the directory
            return Ok(());
        }
        let text = String::from_utf8_lossy(&bytes).replace('\r', "");
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let role = role(name, &text);
        self.paths.insert(role.clone(), p.display().to_string());
        self.files.entry(role).or_default().push_str(&text);
        Ok(())
    }

    pub fn add(&mut self, role: &str, text: &str) {
        self.files.insert(role.into(), text.replace('\r', ""));
        self.paths.insert(role.into(), role.into());
    }

    pub fn text(&self, role: &str) -> &str {
        self.files.get(role).map(|s| s.as_str()).unwrap_or("")
    }

    pub fn lines(&self, role: &str) -> impl Iterator<Item = (usize, &str)> {
        self.text(role).lines().enumerate().map(|(i, l)| (i + 1, l))
    }

    fn path(&self, role: &str) -> String {
        self.paths.get(role).cloned().unwrap_or_else(|| role.into())
    }
}

fn role(name: &str, text: &str) -> String {
    const KNOWN: &[&str] = &[
        "wpas.log",
        "hostapd.log",
        "as.log",
        "events.log",
        "ap.conf",
        "sta.conf",
    ];
    if KNOWN.contains(&name) || name.starts_with("wpa_cli-") || name.starts_with("hostapd_cli-") {
        return name.into();
    }
    let head: String = text.lines().take(200).collect::<Vec<_>>().join("\n");
    if head.contains("wpa_supplicant v")
        || head.contains("wpa_supplicant[")
        || head.contains("CTRL-EVENT-") && head.contains("wlan") && !head.contains("hostapd")
    {
        "wpas.log".into()
    } else if head.contains("\"outcome\"")
        || head.contains("lab-radius")
        || head.contains("FAILURE ") && head.contains("fix")
    {
        "as.log".into()
    } else if head.contains("hostapd") || head.contains("AP-ENABLED") {
        "hostapd.log".into()
    } else {
        name.into()
    }
}

fn kv(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if let Some((k, v)) = line.split_once('=') {
            out.entry(k.trim().to_string())
                .or_insert_with(|| v.trim().to_string());
        }
    }
    out
}

fn conf(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.ends_with('{') {
            continue;
        }
        if let Some((k, v)) = l.split_once('=') {
            out.entry(k.trim().to_string())
                .or_insert_with(|| v.trim().trim_matches('"').to_string());
        }
    }
    out
}

fn conf_cipher(c: &str) -> String {
    match c {
        "CCMP" => "CCMP-128",
        "GCMP" => "GCMP-128",
        "AES-128-CMAC" => "BIP-CMAC-128",
        other => other,
    }
    .to_string()
}

fn ciphers(v: Option<&String>) -> Vec<String> {
    v.map(|v| v.split_whitespace().map(conf_cipher).collect())
        .unwrap_or_default()
}

fn first(xs: &[String]) -> &str {
    xs.first().map(|s| s.as_str()).unwrap_or("?")
}

fn only(xs: &[String]) -> String {
    format!(
        "{}{}",
        if xs.len() == 1 { "only " } else { "" },
        xs.join(" + ")
    )
}

/// The negotiated parameters of a connection (wpa_cli status, hostapd_cli all_sta, -dd lines).
pub fn negotiated(logs: &Logs) -> BTreeMap<String, String> {
    let st = kv(logs.text("wpa_cli-status.txt"));
    let ap = kv(logs.text("hostapd_cli-all_sta.txt"));
    let g = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let mut n = BTreeMap::new();
    n.insert("akm".into(), g(&st, "key_mgmt"));
    n.insert("pairwise".into(), g(&st, "pairwise_cipher"));
    n.insert("group".into(), g(&st, "group_cipher"));
    let mgmt = match g(&st, "mgmt_group_cipher").as_str() {
        "BIP" => "BIP-CMAC-128".to_string(),
        "" if st.contains_key("key_mgmt") => "none".into(),
        m => m.to_string(),
    };
    n.insert("mgmt".into(), mgmt);
    n.insert(
        "pmf".into(),
        st.get("pmf").cloned().unwrap_or_else(|| "0".into()),
    );
    n.insert("freq".into(), g(&st, "freq"));
    let tls = [g(&st, "eap_tls_version"), g(&st, "EAP TLS cipher")]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    n.insert("tls".into(), tls);
    n.insert("ap_akm".into(), g(&ap, "AKMSuiteSelector"));
    static KEYS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"Key negotiation completed with \S+ \[PTK=(\S+) GTK=(\S+)\]").unwrap()
    });
    for (_, l) in logs.lines("wpas.log") {
        if let Some(m) = KEYS.captures(l) {
            n.entry("pairwise".into()).and_modify(|v| {
                if v.is_empty() {
                    *v = m[1].to_string()
                }
            });
            n.entry("group".into()).and_modify(|v| {
                if v.is_empty() {
                    *v = m[2].to_string()
                }
            });
        }
    }
    sae::negotiated(logs, &mut n);
    n.retain(|_, v| !v.is_empty());
    n
}

/// The AP's RSNE as the station saw it (wpa_cli bss ie=), else from the AP's configuration.
fn ap_rsne(logs: &Logs) -> Option<Rsne> {
    for (_, l) in logs.lines("wpa_cli-bss.txt") {
        if let Some(hex) = l.strip_prefix("ie=") {
            if let Some(r) = unhex(hex.trim()).and_then(|b| crate::dot11::elements(&b).rsne) {
                return Some(r);
            }
        }
    }
    None
}

/// The AP's offer from its configuration (what runs now), as names.
struct ConfRsn {
    group: String,
    pairwise: Vec<String>,
    akms: Vec<String>,
    group_mgmt: Option<String>,
}

fn ap_conf_rsn(logs: &Logs) -> Option<ConfRsn> {
    let gc = kv(logs.text("hostapd_cli-get_config.txt"));
    let ap = conf(logs.text("ap.conf"));
    let akm = gc.get("key_mgmt").or(ap.get("wpa_key_mgmt"))?;
    let pw = ciphers(
        gc.get("rsn_pairwise_cipher")
            .or(ap.get("rsn_pairwise"))
            .or(Some(&"CCMP".to_string())),
    );
    let grp = ciphers(gc.get("group_cipher").or(ap.get("group_cipher")));
    let order = ["TKIP", "CCMP-128", "GCMP-128", "GCMP-256", "CCMP-256"];
    let group = grp.first().cloned().unwrap_or_else(|| {
        pw.iter()
            .min_by_key(|c| order.iter().position(|o| o == c).unwrap_or(9))
            .cloned()
            .unwrap_or_default()
    });
    Some(ConfRsn {
        group,
        pairwise: pw,
        akms: akm.split_whitespace().map(String::from).collect(),
        group_mgmt: ciphers(gc.get("group_mgmt_cipher").or(ap.get("group_mgmt_cipher")))
            .first()
            .cloned(),
    })
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

fn hexdump(line: &str) -> Vec<u8> {
    static H: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"hexdump\(len=\d+\):((?: [0-9a-f]{2})+)").unwrap());
    H.captures(line)
        .and_then(|m| unhex(&m[1]))
        .unwrap_or_default()
}

/// Status code of an (Re)Association Response frame dump.
pub fn assoc_resp_status(frame: &[u8]) -> Option<u16> {
    if frame.len() >= 28 && matches!(frame[0], 0x10 | 0x30) && frame[1] == 0 {
        Some(u16::from_le_bytes([frame[26], frame[27]]))
    } else {
        None
    }
}

fn hostapd_bits(mask: u32) -> String {
    let names = [
        (0x1, "none"),
        (0x2, "WEP-40"),
        (0x4, "WEP-104"),
        (0x8, "TKIP"),
        (0x10, "CCMP-128"),
        (0x40, "GCMP-128"),
        (0x100, "GCMP-256"),
        (0x200, "CCMP-256"),
    ];
    let v: Vec<&str> = names
        .iter()
        .filter(|(b, _)| mask & b != 0)
        .map(|(_, n)| *n)
        .collect();
    if v.is_empty() {
        format!("0x{mask:x}")
    } else {
        v.join("+")
    }
}

/// A diagnosis under construction: rule, layer, cause, fix, evidence lines.
struct D {
    layer: &'static str,
    rule: &'static Rule,
    cause: String,
    fix: Option<String>,
    evidence: Vec<Evidence>,
}

impl Logs {
    fn ev(&self, role: &str, line: usize, what: impl Into<String>) -> Evidence {
        Evidence {
            file: self.path(role),
            frame: None,
            line: Some(line as u64),
            what: what.into(),
        }
    }
}

/// lab-radius's last FAILURE line: (code, cause, fix, line).
fn lab_radius_failure(logs: &Logs) -> Option<(String, String, String, usize)> {
    let mut last = None;
    static HUMAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"FAILURE (\S+): (.*)$").unwrap());
    for (n, l) in logs.lines("as.log") {
        let l = l.trim();
        if l.starts_with('{') {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
                continue;
            };
            let get = |k: &str| {
                v.get(k)
                    .or_else(|| v.get("fields").and_then(|f| f.get(k)))
                    .and_then(|x| x.as_str())
                    .map(String::from)
            };
            let msg = get("message").or(get("msg")).unwrap_or_default();
            if msg.starts_with("FAILURE")
                || (get("code").is_some() && get("cause").is_some() && get("fix").is_some())
            {
                last = Some((
                    get("code").unwrap_or_default(),
                    get("cause").unwrap_or_default(),
                    get("fix").unwrap_or_default(),
                    n,
                ));
            }
        } else if let Some(m) = HUMAN.captures(l) {
            let rest = m[2].to_string();
            let (cause, fix) = rest
                .rsplit_once(": ")
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .unwrap_or((rest, String::new()));
            last = Some((m[1].to_string(), cause, fix, n));
        }
    }
    last
}

/// The authentication server's account: (kind, text, fix, line).
fn as_failure(logs: &Logs) -> Option<(String, String, String, usize)> {
    if let Some((code, cause, fix, n)) = lab_radius_failure(logs) {
        let kind = match code.as_str() {
            "tls.client-cert-unknown-ca" => "unknown-ca",
            "tls.no-common-cipher-suite" => "no-common-cipher",
            "tls.no-common-signature-scheme" => "no-sigalg",
            "tls.no-common-group" => "no-common-group",
            "tls.client-rejected-server" => "client-rejected-server",
            "radius.bad-secret" => "radius-bad-secret",
            "" => "failure",
            other => other,
        };
        return Some((kind.into(), format!("lab-radius {code}: {cause}"), fix, n));
    }
    static CERT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"TLS: Certificate verification failed, error (\d+) \(([^)]*)\).*?for '([^']*)'")
            .unwrap()
    });
    static HS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"OpenSSL: (?:openssl_handshake|tls_connection_handshake).*?(no shared cipher|no suitable signature algorithm|[a-z ]+)$").unwrap()
    });
    static ALERT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"SSL: SSL3 alert: write \(local SSL3 detected an error\):fatal:(.+)$").unwrap()
    });
    static SECRET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"RADIUS SRV: Invalid Message-Authenticator from (\S+)").unwrap()
    });
    let mut found = None;
    for (n, l) in logs.lines("as.log") {
        if let Some(m) = CERT.captures(l) {
            let kind = if matches!(&m[1], "2" | "19" | "20" | "21") {
                "unknown-ca"
            } else {
                "cert"
            };
            return Some((
                kind.into(),
                format!(
                    "hostapd AS: certificate of '{}' rejected: {} (error {})",
                    &m[3], &m[2], &m[1]
                ),
                String::new(),
                n,
            ));
        }
        if SECRET.is_match(l) {
            return Some((
                "radius-bad-secret".into(),
                format!("hostapd AS: {} (the shared secrets differ)", strip(l)),
                "use the same RADIUS shared secret on the AP and the AS".into(),
                n,
            ));
        }
        if found.is_none() && (HS.is_match(l) || ALERT.is_match(l)) {
            found = Some((
                "handshake".into(),
                format!("hostapd AS: {}", strip(l)),
                String::new(),
                n,
            ));
        }
    }
    found
}

const SUITEB_OFFER: &str = "offers only ECDHE-ECDSA-AES256-GCM-SHA384 with P-384 and signature scheme ecdsa_secp384r1_sha384";
const SUITEB_FIX: &str =
    "give the AS an ECDSA P-384 server certificate signed with SHA-384 (CNSA / Suite B)";

fn rsn_skip(reason: &str, logs: &Logs) -> (&'static Rule, String, String) {
    let ap = ap_rsne(logs);
    let apc = ap_conf_rsn(logs);
    let sta = conf(logs.text("sta.conf"));
    let sta_pw = ciphers(
        Some(
            sta.get("pairwise")
                .cloned()
                .unwrap_or_else(|| "CCMP".into()),
        )
        .as_ref(),
    );
    let sta_grp =
        ciphers(Some(sta.get("group").cloned().unwrap_or_else(|| "CCMP".into())).as_ref());
    let sta_akm: Vec<String> = sta
        .get("key_mgmt")
        .map(|s| s.split_whitespace().map(String::from).collect())
        .unwrap_or_else(|| vec!["?".into()]);
    let ap_pw: Vec<String> = ap
        .as_ref()
        .map(|r| r.pairwise.iter().map(|x| names::cipher(*x)).collect())
        .or(apc.as_ref().map(|r| r.pairwise.clone()))
        .unwrap_or_else(|| vec!["?".into()]);
    let ap_grp = ap
        .as_ref()
        .and_then(|r| r.group.map(names::cipher))
        .or(apc.as_ref().map(|r| r.group.clone()))
        .unwrap_or_else(|| "?".into());
    let ap_akm: Vec<String> = ap
        .as_ref()
        .map(|r| r.akms.iter().map(|x| names::akm(*x)).collect())
        .or(apc.as_ref().map(|r| r.akms.clone()))
        .unwrap_or_else(|| vec!["?".into()]);
    let p = "the station skipped the BSS";
    match reason {
        "PTK cipher mismatch" => (&c::AIR_RSN_PAIRWISE_MISMATCH,
            format!("{p}: the AP offers {} as pairwise cipher and the station supports {}", only(&ap_pw), only(&sta_pw)),
            format!("add {} to the AP (rsn_pairwise) or enable {} on the station", first(&sta_pw), first(&ap_pw))),
        "GTK cipher mismatch" => (&c::AIR_RSN_GROUP_MISMATCH,
            format!("{p}: the AP's group cipher is {ap_grp} and the station supports {} as group cipher (pairwise would match)", only(&sta_grp)),
            format!("set the AP's group cipher to {} (hostapd group_cipher; every client must support it) or enable {ap_grp} on the station", first(&sta_grp))),
        "key mgmt mismatch" => (&c::AIR_RSN_AKM_MISMATCH,
            format!("{p}: the AP offers AKM {} and the station allows {}", only(&ap_akm), only(&sta_akm)),
            sae::akm_fix(&ap_akm, &sta_akm).unwrap_or_else(|| "add a common AKM: enable WPA-EAP (transition mode) on the AP (wpa_key_mgmt) or enable WPA-EAP-SHA256 on the station".into())),
        "no mgmt frame protection enabled but AP requires it" if sae::six_ghz(logs) => (&c::AIR_RSN_PMF_REQUIRED,
            format!("{p}: the AP requires PMF (RSN capabilities MFPR; mandatory on 6 GHz) and the station has PMF disabled"),
            "enable PMF on the station (ieee80211w=2 for WPA3-Personal; on 6 GHz the AP cannot make PMF optional)".into()),
        "no mgmt frame protection enabled but AP requires it" => (&c::AIR_RSN_PMF_REQUIRED,
            format!("{p}: the AP requires PMF (RSN capabilities MFPR, ieee80211w=2) and the station has PMF disabled"),
            "set ieee80211w=1 (PMF optional) on the AP or enable PMF on the station".into()),
        "no mgmt frame protection" => (&c::AIR_RSN_PMF_NOT_OFFERED,
            format!("{p}: the station requires PMF and the AP does not offer it (no MFPC)"),
            "enable PMF on the AP (ieee80211w=1 or 2) or make PMF optional on the station".into()),
        "group mgmt cipher mismatch" => (&c::AIR_RSN_GROUP_MGMT_MISMATCH,
            format!("{p}: the AP's group management cipher is {} and the station's is {}", ap.as_ref().and_then(|r| r.group_mgmt).map(names::cipher).or(apc.and_then(|r| r.group_mgmt)).unwrap_or_else(|| "?".into()), sta.get("group_mgmt").cloned().unwrap_or_else(|| "BIP-CMAC-128".into())),
            "use the same group_mgmt_cipher on both".into()),
        "proto mismatch" => (&c::AIR_RSN_PROTO_MISMATCH, format!("{p}: WPA/RSN protocol mismatch"), "use RSN (WPA2/WPA3) on both".into()),
        other => (&c::AIR_RSN_PROTO_MISMATCH, format!("{p}: {other}"), "compare the AP's RSNE with the station's network block".into()),
    }
}

fn assoc(
    status: u16,
    logs: &Logs,
    ev: &mut Vec<Evidence>,
) -> (&'static Rule, String, Option<String>) {
    static INV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(Invalid [^()]*?(?:cipher|key mgmt)[^()]*) \((0x[0-9a-f]+)\)").unwrap()
    });
    let mut ap_reason = None;
    for (n, l) in logs.lines("hostapd.log") {
        if let Some(m) = INV.captures(l) {
            let r = format!(
                "{} ({} = {})",
                &m[1],
                &m[2],
                hostapd_bits(u32::from_str_radix(&m[2][2..], 16).unwrap_or(0))
            );
            ev.push(logs.ev("hostapd.log", n, strip(l)));
            ap_reason = Some(r);
            break;
        }
        if l.contains("Management frame protection required") {
            ev.push(logs.ev("hostapd.log", n, strip(l)));
            ap_reason = Some(strip(l));
            break;
        }
    }
    let mut sta_rsne = None;
    for (_, l) in logs.lines("wpas.log") {
        if l.contains("Association Request IEs - hexdump") {
            sta_rsne = crate::dot11::elements(&hexdump(l)).rsne;
        }
    }
    let ap = ap_conf_rsn(logs);
    let mut text = format!(
        "association rejected with status {status} ({})",
        names::status(status)
    );
    if let Some(r) = &ap_reason {
        text += &format!(": hostapd says '{r}'");
    }
    let mut fix = None;
    let rule: &'static Rule = match status {
        41 => &c::AIR_ASSOC_REJECTED_GROUP_CIPHER,
        42 => &c::AIR_ASSOC_REJECTED_PAIRWISE_CIPHER,
        43 => &c::AIR_ASSOC_REJECTED_AKM,
        31 | 45 | 46 => &c::AIR_ASSOC_REJECTED_PMF,
        _ => &c::AIR_ASSOC_REJECTED,
    };
    match (status, &sta_rsne, &ap) {
        (41, Some(s), Some(a)) => {
            let sg = s.group.map(names::cipher).unwrap_or_default();
            text += &format!("; the station asked for group cipher {sg} but the AP now uses {} — the station associated from a stale scan entry", a.group);
            fix = Some(format!(
                "make the AP's group cipher {sg} (group_cipher) or enable {} on the station",
                a.group
            ));
        }
        (42, Some(s), Some(a)) => {
            text += &format!("; the station asked for pairwise {} but the AP offers {} — the station associated from a stale scan entry", join(&s.pairwise, names::cipher), only(&a.pairwise));
            fix = Some(format!(
                "add {} to the AP (rsn_pairwise) or enable {} on the station",
                s.pairwise
                    .first()
                    .map(|x| names::cipher(*x))
                    .unwrap_or_default(),
                a.pairwise.first().cloned().unwrap_or_default()
            ));
        }
        _ => {}
    }
    (rule, text, fix)
}

fn eap(logs: &Logs) -> Option<D> {
    static ALERT_RX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"SSL3 alert: read \(remote end reported an error\):fatal:(.+)$").unwrap()
    });
    static CERT_ERR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"reason=(\d+) depth=(\d+) subject='([^']*)' err='([^']*)'").unwrap()
    });
    let roles = ["wpas.log", "events.log"];
    let wl: Vec<(&str, usize, &str)> = roles
        .iter()
        .flat_map(|r| logs.lines(r).map(move |(n, l)| (*r, n, l)))
        .collect();
    let suite_b = wl
        .iter()
        .any(|(_, _, l)| l.contains("Override ciphers for Suite B"))
        || conf(logs.text("sta.conf"))
            .get("openssl_ciphers")
            .is_some_and(|v| v == "SUITEB192");
    let alert_rx = wl
        .iter()
        .find_map(|(r, n, l)| ALERT_RX.captures(l).map(|m| (m[1].to_string(), *r, *n)));
    let cert_err = wl
        .iter()
        .find(|(_, _, l)| l.contains("CTRL-EVENT-EAP-TLS-CERT-ERROR"));
    let as_fail = as_failure(logs);
    let mut ev = Vec::new();
    if let Some((_, t, _, n)) = &as_fail {
        ev.push(logs.ev("as.log", *n, t.clone()));
    }
    if let Some((a, r, n)) = &alert_rx {
        ev.push(logs.ev(r, *n, format!("station: received TLS alert {a}")));
    }
    if let Some((r, n, l)) = cert_err {
        ev.push(logs.ev(r, *n, strip(l)));
    }
    let says = as_fail
        .as_ref()
        .map(|f| format!(" — {}", f.1))
        .unwrap_or_default();
    let as_fix = as_fail
        .as_ref()
        .map(|f| f.2.clone())
        .filter(|f| !f.is_empty());
    let alert = alert_rx
        .as_ref()
        .map(|a| format!(" (the station received TLS alert '{}')", a.0))
        .unwrap_or_default();
    let d = |rule: &'static Rule, cause: String, fix: Option<String>, ev: Vec<Evidence>| {
        Some(D {
            layer: if std::ptr::eq(rule, &c::AIR_RADIUS_BAD_SECRET)
                || std::ptr::eq(rule, &c::AIR_RADIUS_NO_RESPONSE)
            {
                "radius"
            } else {
                "eap"
            },
            rule,
            cause,
            fix,
            evidence: ev,
        })
    };
    if let Some((_, _, l)) = cert_err {
        let why = CERT_ERR
            .captures(l)
            .map(|m| format!("'{}' for '{}'", &m[4], &m[3]))
            .unwrap_or_else(|| strip(l));
        return d(&c::AIR_EAP_TLS_SERVER_UNTRUSTED, format!("EAP-TLS failed: the station rejected the AS's certificate: {why}{says}"),
            Some("give the station the CA that issued the AS's certificate (ca_cert) or give the AS a certificate from the CA the station trusts".into()), ev);
    }
    let kind = as_fail.as_ref().map(|f| f.0.as_str()).unwrap_or("");
    if kind.starts_with("radius") {
        let resent = logs
            .lines("hostapd.log")
            .filter(|(_, l)| l.contains("Resending RADIUS message"))
            .count();
        let ap = if resent > 0 {
            format!("; the AP got no valid reply and resent its Access-Request {resent} time(s)")
        } else {
            String::new()
        };
        let rule = if kind == "radius-bad-secret" {
            &c::AIR_RADIUS_BAD_SECRET
        } else {
            &c::AIR_RADIUS_NO_RESPONSE
        };
        return d(
            rule,
            format!("RADIUS: the AS dropped the AP's requests{says}{ap}"),
            as_fix,
            ev,
        );
    }
    let alert_l = alert_rx
        .as_ref()
        .map(|a| a.0.to_lowercase().replace('_', " "))
        .unwrap_or_default();
    if kind == "unknown-ca" || alert_l == "unknown ca" {
        return d(&c::AIR_EAP_TLS_CLIENT_UNKNOWN_CA, format!("EAP-TLS failed: the AS rejected the station's certificate, issued by a CA it does not trust{says}{alert}"),
            Some(as_fix.unwrap_or_else(|| "add the issuing CA to the AS's client CA list (--ca) or enrol the station with a certificate from a trusted CA".into())), ev);
    }
    if suite_b
        && (matches!(
            kind,
            "handshake" | "no-common-cipher" | "no-sigalg" | "no-common-group"
        ) || matches!(
            alert_l.as_str(),
            "handshake failure" | "insufficient security"
        ))
    {
        return d(&c::AIR_EAP_TLS_SUITEB_SERVER_CERT, format!("EAP-TLS failed: the station is in WPA3-Enterprise 192-bit mode and {SUITEB_OFFER}; the AS's certificate cannot satisfy that{says}{alert}"), Some(SUITEB_FIX.into()), ev);
    }
    if as_fail.is_some() {
        let rule = if matches!(
            kind,
            "no-common-cipher" | "no-sigalg" | "no-common-group" | "handshake"
        ) {
            &c::AIR_EAP_TLS_HANDSHAKE_FAILURE
        } else {
            &c::AIR_EAP_TLS_ALERT
        };
        return d(rule, format!("EAP-TLS failed{says}{alert}"), as_fix, ev);
    }
    if let Some((a, _, _)) = &alert_rx {
        return d(
            &c::AIR_EAP_TLS_ALERT,
            format!("EAP-TLS failed: the AS sent TLS alert '{a}' and logged nothing more"),
            None,
            ev,
        );
    }
    None
}

fn radius(logs: &Logs) -> Option<D> {
    static REPLY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"code=(2|3|11) \(Access-").unwrap());
    for (n, l) in logs.lines("hostapd.log") {
        let s = strip(l);
        if s.contains("did not have correct Authenticator")
            || s.contains("Invalid Message-Authenticator")
            || (s.contains("Message-Authenticator") && s.to_lowercase().contains("invalid"))
        {
            return Some(D { layer: "radius", rule: &c::AIR_RADIUS_BAD_SECRET, cause: "RADIUS: the AP dropped the AS's replies because their authenticator did not verify — the shared secret differs between the AP (auth_server_shared_secret) and the AS (--secret)".into(), fix: None, evidence: vec![logs.ev("hostapd.log", n, s)] });
        }
        if s.contains("No response from Authentication server") || s.contains("RADIUS: No server") {
            return Some(D {
                layer: "radius",
                rule: &c::AIR_RADIUS_NO_RESPONSE,
                cause: "RADIUS: the AS never answered the AP's Access-Request".into(),
                fix: None,
                evidence: vec![logs.ev("hostapd.log", n, s)],
            });
        }
    }
    let requests = logs
        .lines("hostapd.log")
        .filter(|(_, l)| l.contains("(Access-Request)"))
        .count();
    let replies = logs
        .lines("hostapd.log")
        .filter(|(_, l)| REPLY.is_match(l))
        .count();
    if requests > 0 && replies == 0 {
        let tail = logs
            .text("as.log")
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .map(|l| strip(l).chars().take(200).collect::<String>());
        return Some(D {
            layer: "radius",
            rule: &c::AIR_RADIUS_NO_RESPONSE,
            cause: format!(
                "RADIUS: the AS never answered the AP's {requests} Access-Request(s){}",
                tail.map(|t| format!(" (the AS log ends with: {t})"))
                    .unwrap_or_else(|| " (the AS logged nothing)".into())
            ),
            fix: None,
            evidence: vec![],
        });
    }
    if logs.text("hostapd.log").contains("Access-Reject") {
        return Some(D {
            layer: "radius",
            rule: &c::AIR_RADIUS_ACCESS_REJECT,
            cause:
                "RADIUS: the AS answered Access-Reject without an EAP-TLS failure the logs explain"
                    .into(),
            fix: None,
            evidence: vec![],
        });
    }
    None
}

fn four_way(logs: &Logs) -> Option<D> {
    static FW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"invalid MIC in msg 2/4|MIC verification failed|4-Way Handshake failed|PTKSTART: Retry limit|EAPOL-Key timeout|reason=15\b").unwrap()
    });
    for role in ["hostapd.log", "wpas.log"] {
        for (n, l) in logs.lines(role) {
            let s = strip(l);
            if FW.is_match(&s) {
                return Some(D { layer: "4way-handshake", rule: &c::AIR_4WAY_PMK_MISMATCH, cause: format!("4-way handshake failed ('{s}'): the station and the AP derived different PMKs — the AS's MS-MPPE keys (MSK) do not match what the station derived from EAP-TLS"), fix: Some("check the AS's key export (MS-MPPE-Recv/Send-Key from the TLS exporter)".into()), evidence: vec![logs.ev(role, n, s)] });
            }
        }
    }
    None
}

/// One diagnosis for the run the logs describe.
pub fn diagnose(logs: &Logs, timeout_s: Option<f64>) -> LogsReport {
    let selection = crate::passpoint::logs::read(
        logs.text("wpas.log"),
        logs.text("sta.conf"),
        logs.text("wpa_cli-bss.txt"),
    );
    let mut d = diagnose_one(logs, timeout_s, selection.as_ref());
    if let Some(s) = selection.as_ref().filter(|s| s.no_match.is_none()) {
        d.cause += &format!(" — Passpoint selection: type={}", s.selection);
    }
    let n = negotiated(logs);
    let mac = kv(logs.text("wpa_cli-status.txt"))
        .get("address")
        .and_then(|a| Mac::parse(a))
        .unwrap_or_default();
    let bssid = kv(logs.text("wpa_cli-status.txt"))
        .get("bssid")
        .and_then(|a| Mac::parse(a));
    let connected = std::ptr::eq(d.rule, &c::AIR_CONNECTED);
    let fix = d.fix.clone().unwrap_or_else(|| d.rule.fix.to_string());
    let mut finding = Finding::new(d.rule, d.cause.clone());
    if d.fix.is_some() {
        finding = finding.with_fix(fix.clone());
    }
    let findings = vec![finding];
    LogsReport {
        verdict: verdict(&findings),
        findings,
        stations: vec![StationDiagnosis {
            mac,
            bssid,
            outcome: if connected {
                "connected"
            } else {
                "not-connected"
            },
            layer: d.layer,
            rule: d.rule.id,
            cause: d.cause,
            fix,
            evidence: d.evidence,
            attempts: 1,
            advertised: None,
            chosen: None,
            identity: None,
            tls: None,
            ladder: Vec::new(),
        }],
        negotiated: n,
        files: logs.paths.values().cloned().collect(),
        selection: selection.map(|s| s.selection),
    }
}

fn diagnose_one(
    logs: &Logs,
    timeout_s: Option<f64>,
    selection: Option<&crate::passpoint::logs::LoggedSelection>,
) -> D {
    static SKIP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"skip RSN IE - (.+?)\s*$").unwrap());
    static STATUS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"status_code=(\d+)").unwrap());
    static DISC15: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"CTRL-EVENT-DISCONNECTED .*reason=15\b").unwrap());
    let mut first: Option<(&str, usize, &str)> = None;
    let mut eap_started = false;
    for (n, l) in logs.lines("wpas.log") {
        eap_started |= l.contains("CTRL-EVENT-EAP-STARTED");
        if first.is_some() {
            continue;
        }
        let k = if l.contains("skip RSN IE - ") {
            "skip"
        } else if l.contains("CTRL-EVENT-ASSOC-REJECT") {
            "assoc-reject"
        } else if l.contains("CTRL-EVENT-AUTH-REJECT") || sae::auth_status_failure(l) {
            "auth-reject"
        } else if l.contains("CTRL-EVENT-EAP-FAILURE") {
            "eap-failure"
        } else if l.contains("CTRL-EVENT-CONNECTED") {
            "connected"
        } else if l.contains("4-Way Handshake failed") || DISC15.is_match(l) {
            "4way"
        } else {
            continue;
        };
        first = Some((k, n, l));
    }
    let w = |n: usize, l: &str| logs.ev("wpas.log", n, strip(l));
    if let Some(("connected", n, l)) = first {
        let neg = negotiated(logs);
        let what = ["akm", "pairwise", "group", "mgmt"]
            .iter()
            .filter_map(|k| neg.get(*k).map(|v| format!("{k}={v}")))
            .collect::<Vec<_>>()
            .join(" ");
        let tls = neg
            .get("tls")
            .map(|t| format!(" (EAP {t})"))
            .unwrap_or_default();
        let sae = sae::connected_detail(&neg);
        return D {
            layer: "none",
            rule: &c::AIR_CONNECTED,
            cause: format!("connected: {what}{tls}{sae}"),
            fix: None,
            evidence: vec![w(n, l)],
        };
    }
    for (n, l) in logs.lines("hostapd.log") {
        if l.contains("Interface initialization failed") || l.contains("Failed to initialize") {
            return D {
                layer: "unknown",
                rule: &c::AIR_HARNESS_FAILED,
                cause: format!("hostapd did not start: {}", strip(l)),
                fix: None,
                evidence: vec![logs.ev("hostapd.log", n, strip(l))],
            };
        }
    }
    if logs.text("wpas.log").contains("Failed to initialize TLS") {
        return D {
            layer: "unknown",
            rule: &c::AIR_HARNESS_FAILED,
            cause: "wpa_supplicant could not initialise TLS".into(),
            fix: None,
            evidence: vec![],
        };
    }
    match first {
        Some(("skip", n, l)) => {
            let reason = SKIP
                .captures(l)
                .map(|m| m[1].to_string())
                .unwrap_or_default();
            let (rule, cause, fix) = rsn_skip(&reason, logs);
            let mut ev = vec![w(n, l)];
            if let Some((m, _)) = logs
                .lines("events.log")
                .find(|(_, x)| x.contains("CTRL-EVENT-NETWORK-NOT-FOUND"))
            {
                ev.push(logs.ev("events.log", m, "CTRL-EVENT-NETWORK-NOT-FOUND"));
            }
            return D {
                layer: "network-selection",
                rule,
                cause,
                fix: Some(fix),
                evidence: ev,
            };
        }
        Some(("auth-reject", n, l)) => return sae::auth_reject(logs, n, l),
        Some(("assoc-reject", n, l)) => {
            let ap_status = logs
                .lines("hostapd.log")
                .filter(|(_, x)| x.contains("CMD_FRAME - hexdump") || x.contains("send_mlme"))
                .find_map(|(_, x)| assoc_resp_status(&hexdump(x)));
            let status = STATUS
                .captures(l)
                .and_then(|m| m[1].parse().ok())
                .or(ap_status)
                .unwrap_or(0);
            let mut ev = vec![w(n, l)];
            let (rule, mut cause, fix) = assoc(status, logs, &mut ev);
            if let Some(s) = ap_status.filter(|s| *s != status) {
                cause += &format!(" (the AP's Association Response frame says status {s})");
            }
            return D {
                layer: "association",
                rule,
                cause,
                fix,
                evidence: ev,
            };
        }
        _ => {}
    }
    if matches!(first, Some(("eap-failure", _, _))) || eap_started {
        if let Some(d) = eap(logs) {
            return d;
        }
        if let Some(d) = radius(logs) {
            return d;
        }
        if let Some(d) = four_way(logs) {
            return d;
        }
        if let Some(("eap-failure", n, l)) = first {
            return D {
                layer: "eap",
                rule: &c::AIR_EAP_FAILURE,
                cause: "EAP failed and neither the AS nor the station logged why".into(),
                fix: None,
                evidence: vec![w(n, l)],
            };
        }
    }
    if let Some(("4way", _, _)) = first {
        if let Some(d) = four_way(logs) {
            return d;
        }
    }
    if let Some((rule, reason, fix)) = selection.and_then(|s| s.no_match.clone()) {
        let ev = selection
            .map(|s| {
                s.evidence
                    .iter()
                    .map(|(n, l)| logs.ev("wpas.log", *n, l.clone()))
                    .collect()
            })
            .unwrap_or_default();
        return D {
            layer: "network-selection",
            rule,
            cause: format!("Passpoint: the station selected no network: {reason}"),
            fix: Some(fix),
            evidence: ev,
        };
    }
    if let Some(d) = sae::h2e_skip(logs) {
        return d;
    }
    if logs.text("wpas.log").contains("No suitable network found") {
        return D {
            layer: "network-selection",
            rule: &c::AIR_AP_NOT_FOUND,
            cause: "the station never saw the AP in its scans (SSID, channel, regulatory domain?)"
                .into(),
            fix: None,
            evidence: vec![],
        };
    }
    D {
        layer: "unknown",
        rule: &c::AIR_TIMEOUT,
        cause: format!("no connection and no failure event within {} s", timeout_s.map(|t| t.to_string()).unwrap_or_else(|| "?".into())),
        fix: Some("if the run was only slow, raise LAB_TIMEOUT (wired 802.1X needs more than 2 s: wpa_supplicant waits 2 s before its EAPOL-Start); otherwise read hostapd.log, wpas.log and as.log in the scenario's log directory".into()),
        evidence: vec![],
    }
}
