//! One diagnosis per station from the attempt model: outcome, failing layer, the rule from the
//! hs20-core catalogue (core/rules/air.toml), cause and fix sentences, and frames as evidence.

use crate::dot11::{join, Elements, Rsne};
use crate::model::{Attempt, Bss, Capture, Event, Station};
use crate::names;
use crate::pcap::ReadSummary;
use crate::Mac;
use hs20_core::finding::{verdict, Finding, Verdict};
use hs20_core::rules::catalogue as c;
use hs20_core::rules::Rule;
use hs20_core::x509::CertFacts;
use serde::Serialize;

#[derive(Default)]
pub struct Options {
    pub station: Option<Mac>,
    pub bssid: Option<Mac>,
    pub anchors: Vec<CertFacts>,
    pub trusted_names: Vec<String>,
    /// A TLS key log (`--keylog`): TLS 1.3 handshakes whose client_random it names are decrypted.
    pub keylog: Option<crate::keylog::KeyLog>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub what: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Advertised {
    pub bssid: Mac,
    pub ssid: Option<String>,
    pub band: String,
    pub channel: Option<u16>,
    pub freq: Option<u16>,
    pub akms: Vec<String>,
    pub pairwise: Vec<String>,
    pub group: Option<String>,
    pub group_mgmt: Option<String>,
    pub pmf: &'static str,
    pub sae_h2e: bool,
    pub sae_pk: bool,
    pub rsn_override: usize,
    pub mobility_domain: bool,
    pub he: bool,
    pub eht: bool,
    pub multi_link: bool,
    pub beacon_protection: bool,
    pub frame: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chosen {
    pub akm: Option<String>,
    pub pairwise: Option<String>,
    pub group: Option<String>,
    pub group_mgmt: Option<String>,
    pub pmf: &'static str,
    pub frame: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StationDiagnosis {
    pub mac: Mac,
    pub bssid: Option<Mac>,
    /// `connected` | `not-connected`
    pub outcome: &'static str,
    /// network-selection, authentication, association, eap, 4way-handshake, radius, none, unknown
    pub layer: &'static str,
    pub rule: &'static str,
    pub cause: String,
    pub fix: String,
    pub evidence: Vec<Evidence>,
    pub attempts: usize,
    pub advertised: Option<Advertised>,
    pub chosen: Option<Chosen>,
    pub identity: Option<String>,
    pub tls: Option<crate::tls::Handshake>,
    /// The last attempt, frame by frame (station ↔ AP ↔ authentication server).
    pub ladder: Vec<Event>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub stations: Vec<StationDiagnosis>,
    pub input: ReadSummary,
    pub file: String,
}

struct Verdict1 {
    layer: &'static str,
    rule: &'static Rule,
    cause: String,
    fix: Option<String>,
    evidence: Vec<(u64, String)>,
}

fn v(
    layer: &'static str,
    rule: &'static Rule,
    cause: String,
    evidence: Vec<(u64, String)>,
) -> Verdict1 {
    Verdict1 {
        layer,
        rule,
        cause,
        fix: None,
        evidence,
    }
}

pub fn diagnose(cap: &Capture, input: ReadSummary, opts: &Options) -> Report {
    let decrypted;
    let cap = match &opts.keylog {
        Some(keylog) => {
            let mut c = cap.clone();
            for st in c.stations.values_mut() {
                for a in &mut st.attempts {
                    a.tls.decrypt(keylog);
                }
            }
            decrypted = c;
            &decrypted
        }
        None => cap,
    };
    let mut findings = Vec::new();
    let mut stations = Vec::new();
    let file = cap.file.clone();
    let ev = |list: Vec<(u64, String)>| -> Vec<Evidence> {
        list.into_iter()
            .map(|(frame, what)| Evidence {
                file: file.clone(),
                frame: Some(frame),
                line: None,
                what,
            })
            .collect()
    };
    let wanted = |m: &Mac| opts.station.is_none_or(|s| s == *m);
    let mut seen_wanted = false;
    // with no attempt at all, a station that asked for an advertised SSID by name and then sent
    // nothing is the one that skipped the BSS
    let nobody_tried = cap.stations.values().all(|s| s.attempts.is_empty());
    let advertised_ssids: Vec<&str> = cap
        .bss
        .values()
        .filter(|b| b.ies.rsne.is_some())
        .filter_map(|b| b.ies.ssid.as_deref())
        .collect();
    for st in cap.stations.values() {
        if !wanted(&st.mac) {
            continue;
        }
        let attempts: Vec<&Attempt> = st
            .attempts
            .iter()
            .filter(|a| opts.bssid.is_none_or(|b| b == a.bssid))
            .collect();
        if attempts.is_empty() {
            // only probe requests: a station that probed and never tried, reported when asked for
            let probed_ours = st
                .probed_ssids
                .iter()
                .any(|x| advertised_ssids.contains(&x.as_str()))
                || st
                    .answered_by
                    .iter()
                    .any(|b| cap.bss.get(b).is_some_and(|b| b.ies.rsne.is_some()));
            if opts.station.is_none() && !(nobody_tried && probed_ours) {
                continue;
            }
        }
        seen_wanted = true;
        let d = match attempts.last() {
            Some(a) => attempt(cap, st, a, opts, &mut findings),
            None => silent(cap, st.mac, opts, Some(st)),
        };
        findings.push(
            Finding::new(d.0.rule, format!("station {}: {}", st.mac, d.0.cause))
                .with_fix(d.0.fix.clone().unwrap_or_else(|| d.0.rule.fix.to_string())),
        );
        stations.push(station_report(st.mac, attempts.len(), d, &ev, cap));
    }
    if let (Some(s), false) = (opts.station, seen_wanted) {
        let d = silent(cap, s, opts, None);
        findings.push(Finding::new(
            d.0.rule,
            format!("station {s}: {}", d.0.cause),
        ));
        stations.push(station_report(s, 0, d, &ev, cap));
    }
    if let Some(why) = &input.stopped {
        findings.push(Finding::new(&c::AIR_CAPTURE_INCOMPLETE, why.clone()));
    }
    if cap.cut_frames > 0 {
        findings.push(Finding::new(
            &c::AIR_CAPTURE_INCOMPLETE,
            format!(
                "{} frame(s) were cut by the capture's snap length",
                cap.cut_frames
            ),
        ));
    }
    for (link, n) in &cap.unsupported_links {
        findings.push(Finding::new(
            &c::AIR_CAPTURE_INCOMPLETE,
            format!("{n} frame(s) of link type {link} were not read (supported: radiotap 127, 802.11 105, Ethernet 1, Linux cooked 113/276, loopback 0/108, raw IP 101/228)"),
        ));
    }
    Report {
        verdict: verdict(&findings),
        findings,
        stations,
        input,
        file: cap.file.clone(),
    }
}

type Diag = (
    Verdict1,
    Option<Mac>,
    Option<Advertised>,
    Option<Chosen>,
    Option<&'static Attempt>,
);

fn station_report(
    mac: Mac,
    attempts: usize,
    d: (
        Verdict1,
        Option<Mac>,
        Option<Advertised>,
        Option<Chosen>,
        Option<Attempt>,
    ),
    ev: &dyn Fn(Vec<(u64, String)>) -> Vec<Evidence>,
    _cap: &Capture,
) -> StationDiagnosis {
    let (vd, bssid, advertised, chosen, a) = d;
    let connected = std::ptr::eq(vd.rule, &c::AIR_CONNECTED);
    StationDiagnosis {
        mac,
        bssid,
        outcome: if connected {
            "connected"
        } else {
            "not-connected"
        },
        layer: vd.layer,
        rule: vd.rule.id,
        fix: vd.fix.clone().unwrap_or_else(|| vd.rule.fix.to_string()),
        cause: vd.cause,
        evidence: ev(vd.evidence),
        attempts,
        advertised,
        chosen,
        identity: a
            .as_ref()
            .and_then(|a| a.identity.as_ref().map(|i| i.1.clone())),
        tls: a
            .as_ref()
            .filter(|a| a.tls.client_hello.is_some() || a.tls.server_hello.is_some())
            .map(|a| a.tls.clone()),
        ladder: a.map(|a| a.events).unwrap_or_default(),
    }
}

#[allow(dead_code)]
fn _unused(_: Diag) {}

fn advertised(b: &Bss) -> Advertised {
    let r = b.ies.rsne.clone().unwrap_or_default();
    let freq = b.freq;
    let (band, ch) = freq.map(names::band_channel).unwrap_or(("?", None));
    Advertised {
        bssid: b.bssid,
        ssid: b.ies.ssid.clone(),
        band: band.into(),
        channel: ch.or(b.ies.channel.map(u16::from)),
        freq,
        akms: r.akms.iter().map(|x| names::akm(*x)).collect(),
        pairwise: r.pairwise.iter().map(|x| names::cipher(*x)).collect(),
        group: r.group.map(names::cipher),
        group_mgmt: r.group_mgmt_or_default().map(names::cipher),
        pmf: pmf(&r),
        sae_h2e: b.ies.h2e || b.ies.h2e_only,
        sae_pk: b.ies.sae_pk,
        rsn_override: b.ies.rsn_override.len(),
        mobility_domain: b.ies.mobility_domain,
        he: b.ies.he,
        eht: b.ies.eht,
        multi_link: b.ies.multi_link,
        beacon_protection: b.ies.beacon_protection,
        frame: b.first_frame,
    }
}

fn pmf(r: &Rsne) -> &'static str {
    if r.mfpr() {
        "required"
    } else if r.mfpc() {
        "capable"
    } else {
        "off"
    }
}

fn chosen(frame: u64, ies: &Elements) -> Option<Chosen> {
    let r = ies.rsne.as_ref()?;
    Some(Chosen {
        akm: r.akms.first().map(|x| names::akm(*x)),
        pairwise: r.pairwise.first().map(|x| names::cipher(*x)),
        group: r.group.map(names::cipher),
        group_mgmt: r.group_mgmt_or_default().map(names::cipher),
        pmf: pmf(r),
        frame,
    })
}

/// A station that sent nothing to the AP: say what the AP offers that stations commonly lack.
fn silent(
    cap: &Capture,
    mac: Mac,
    opts: &Options,
    st: Option<&Station>,
) -> (
    Verdict1,
    Option<Mac>,
    Option<Advertised>,
    Option<Chosen>,
    Option<Attempt>,
) {
    let probed = |b: &&Bss| {
        st.is_none_or(|s| {
            b.ies
                .ssid
                .as_ref()
                .is_some_and(|x| s.probed_ssids.contains(x))
                || s.answered_by.contains(&b.bssid)
                || s.probed_ssids.is_empty()
        })
    };
    let bss = opts
        .bssid
        .and_then(|b| cap.bss.get(&b))
        .or_else(|| cap.bss.values().find(|b| b.ies.rsne.is_some() && probed(b)))
        .or_else(|| cap.bss.values().find(|b| b.ies.rsne.is_some()));
    let mut evidence = Vec::new();
    if let Some(s) = st.and_then(|s| s.first_probe) {
        evidence.push((
            s,
            format!(
                "the station probed ({} probe request(s)) and then sent nothing to the AP",
                st.map(|s| s.probes).unwrap_or(0)
            ),
        ));
    }
    let Some(b) = bss else {
        return (
            v("network-selection", &c::AIR_STATION_SILENT, format!("station {mac} sent nothing, and the capture holds no Beacon or Probe Response with an RSNE to compare with"), evidence),
            None,
            None,
            None,
            None,
        );
    };
    let r = b.ies.rsne.clone().unwrap_or_default();
    evidence.push((b.first_frame, format!("the AP advertises {}", r.describe())));
    let only = |xs: &[u32], sel: u32| xs.len() == 1 && xs[0] == sel;
    let fac = |n: u32| 0x000fac00 | n;
    let (rule, what, scenario): (&'static Rule, String, &str) = if !r.pairwise.contains(&fac(4))
        && r.pairwise.contains(&fac(9))
    {
        (&c::AIR_RSN_PAIRWISE_MISMATCH, "the AP offers only GCMP-256 as pairwise cipher: the station evidently does not support GCMP-256 (no CCMP-128 offered to fall back to)".into(), "gcmp256-pairwise-mismatch")
    } else if r.group == Some(fac(9)) {
        (&c::AIR_RSN_GROUP_MISMATCH, "the AP's group cipher is GCMP-256: the station evidently does not support GCMP-256 as group cipher".into(), "gcmp256-group-mismatch")
    } else if !r.akms.is_empty() && r.akms.iter().all(|a| !matches!(a & 0xff, 1 | 2 | 8))
        || only(&r.akms, fac(24))
    {
        (
            &c::AIR_RSN_AKM_MISMATCH,
            format!(
                "the AP offers only AKM {}: the station evidently allows none of them",
                join(&r.akms, names::akm)
            ),
            "akm-mismatch",
        )
    } else if b.ies.h2e_only && !b.freq.is_some_and(|f| (5955..=7115).contains(&f)) {
        // outside 6 GHz (where every station uses H2E) a station without H2E skips the BSS
        (
            &c::AIR_SAE_H2E_ONLY_SKIPPED,
            "the AP is SAE hash-to-element only (BSS membership selector 123): the station evidently uses hunting-and-pecking only".into(),
            "sae-h2e-only-5g-hnp-client",
        )
    } else if r.mfpr() {
        (
            &c::AIR_RSN_PMF_REQUIRED,
            "the AP requires PMF (MFPR): the station evidently has PMF off or unsupported".into(),
            "pmf-required-vs-incapable",
        )
    } else {
        let mut needs = Vec::new();
        if b.ies.h2e_only {
            needs.push("SAE hash-to-element (the AP is H2E-only: BSS membership selector 123; a station with sae_pwe=0 skips it)");
        }
        if b.freq.is_some_and(|f| (5955..=7115).contains(&f)) {
            needs.push("6 GHz (which also requires WPA3, PMF and SAE H2E)");
        }
        if b.ies.eht && b.ies.multi_link {
            needs.push("EHT / multi-link operation");
        }
        if !b.ies.rsn_override.is_empty() {
            needs.push("RSN override elements (a station that reads only the base RSNE sees the compatibility offer)");
        }
        let lack = if needs.is_empty() {
            "nothing in the capture says what the station lacks".to_string()
        } else {
            format!("the station may lack: {}", needs.join("; "))
        };
        (
            &c::AIR_STATION_SILENT,
            format!("the AP offers {}; {lack}", r.describe()),
            "",
        )
    };
    let cause = format!(
        "station {mac} never authenticated with {}: {what}{}",
        b.bssid,
        if scenario.is_empty() {
            String::new()
        } else {
            format!(" (the lab scenario {scenario} reproduces this)")
        }
    );
    (
        v("network-selection", rule, cause, evidence),
        Some(b.bssid),
        Some(advertised(b)),
        None,
        None,
    )
}

fn attempt(
    cap: &Capture,
    st: &Station,
    a: &Attempt,
    opts: &Options,
    findings: &mut Vec<Finding>,
) -> (
    Verdict1,
    Option<Mac>,
    Option<Advertised>,
    Option<Chosen>,
    Option<Attempt>,
) {
    let bss = cap.bss.get(&a.bssid);
    let adv = bss.map(advertised);
    let ch = a.assoc_req.as_ref().and_then(|(f, ies)| chosen(*f, ies));
    let offer = bss.and_then(|b| b.ies.rsne.clone());
    let choice = a.assoc_req.as_ref().and_then(|(_, ies)| ies.rsne.clone());
    // the station's choice against the offer
    if let (Some(o), Some(ch), Some((f, _))) = (&offer, &choice, &a.assoc_req) {
        let mut off = Vec::new();
        if let Some(p) = ch.pairwise.first() {
            if !o.pairwise.contains(p) {
                off.push(format!(
                    "pairwise {} (offered: {})",
                    names::cipher(*p),
                    join(&o.pairwise, names::cipher)
                ));
            }
        }
        if let Some(k) = ch.akms.first() {
            if !o.akms.contains(k) {
                off.push(format!(
                    "AKM {} (offered: {})",
                    names::akm(*k),
                    join(&o.akms, names::akm)
                ));
            }
        }
        if ch.group.is_some() && ch.group != o.group {
            off.push(format!(
                "group {} (the AP's: {})",
                ch.group.map(names::cipher).unwrap_or_default(),
                o.group.map(names::cipher).unwrap_or_default()
            ));
        }
        if !off.is_empty() {
            findings.push(Finding::new(
                &c::AIR_CHOICE_NOT_OFFERED,
                format!("station {} frame {f}: asked for {}", st.mac, off.join("; ")),
            ));
        }
    }
    let akm = choice.as_ref().and_then(|r| r.akms.first().copied());
    let sae_group = a.auth_sta.iter().rev().find_map(|m| m.group);
    // MIC length against the AKM
    if let Some(k) = akm {
        let want = names::mic_len(k, sae_group);
        if let Some(bad) = a
            .keys
            .iter()
            .find(|m| m.msg != 1 && m.mic_len.is_some_and(|l| l != want && l != 0))
        {
            findings.push(Finding::new(
                &c::AIR_4WAY_MIC_LENGTH,
                format!(
                    "station {} frame {}: EAPOL-Key MIC of {} bytes, AKM {} needs {want}",
                    st.mac,
                    bad.frame,
                    bad.mic_len.unwrap_or(0),
                    names::akm(k)
                ),
            ));
        }
    }
    if a.tls.tls13() && !a.tls.decrypted() {
        let keylog = match &a.tls.decryption {
            None => String::new(),
            Some(d) if !d.matched => "; the key log holds no secrets for this ClientHello's client_random".into(),
            Some(d) if d.unsupported_suite => format!("; the key log names this handshake, but its cipher suite {} is not one this reader decrypts", a.tls.server_hello.as_ref().map(|h| h.suite.as_str()).unwrap_or("?")),
            Some(d) => format!("; with the key log, {} of {} protected record(s) did not decrypt (secrets from another handshake, or missing lines)", d.failed, d.failed + d.records),
        };
        findings.push(Finding::new(
            &c::AIR_EAP_TLS13_ENCRYPTED,
            format!("station {}: TLS 1.3 negotiated (frame {}): the server's certificate and any alert after the ServerHello are encrypted on the air{keylog}", st.mac, a.tls.server_hello.as_ref().map(|h| h.frame).unwrap_or(0)),
        ));
    }
    // the server chain through the server-certificate rules, at the capture's time
    if !a.tls.server_chain.is_empty()
        && (!opts.anchors.is_empty() || !opts.trusted_names.is_empty())
    {
        let chain: Vec<CertFacts> = a
            .tls
            .server_chain
            .iter()
            .filter_map(|d| CertFacts::from_der(d).ok())
            .collect();
        if !chain.is_empty() {
            let now = cap
                .first_time
                .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t as i64).ok())
                .unwrap_or_else(time::OffsetDateTime::now_utc);
            for f in
                hs20_core::check::server_findings(&chain, &opts.trusted_names, &opts.anchors, now)
            {
                let detail = format!(
                    "server chain in frame {}{}: {}",
                    a.tls.server_chain_frame.unwrap_or(0),
                    if a.tls.tls13() {
                        " (TLS 1.3, decrypted with the key log)"
                    } else {
                        ""
                    },
                    f.detail
                );
                findings.push(Finding { detail, ..f });
            }
        }
    }
    // group key handshake after the connection
    if a.completed.is_some() {
        let g1 = a.keys.iter().rfind(|k| k.msg == 5);
        let g2 = a.keys.iter().rfind(|k| k.msg == 6);
        if let Some(g1) = g1 {
            if g2.is_none_or(|g2| g2.frame < g1.frame) {
                findings.push(Finding::new(
                    &c::AIR_GROUP_KEY_FAILED,
                    format!(
                        "station {}: group key message 1/2 in frame {} was not answered",
                        st.mac, g1.frame
                    ),
                ));
            }
        }
    }
    let vd = verdict_for(a, offer.as_ref(), choice.as_ref(), akm, sae_group);
    (vd, Some(a.bssid), adv, ch, Some(a.clone()))
}

fn verdict_for(
    a: &Attempt,
    offer: Option<&Rsne>,
    choice: Option<&Rsne>,
    akm: Option<u32>,
    sae_group: Option<u16>,
) -> Verdict1 {
    let deauth_note = |a: &Attempt| -> Vec<(u64, String)> {
        a.deauths
            .iter()
            .take(3)
            .map(|d| {
                (
                    d.frame,
                    format!(
                        "{} by the {} reason {} ({})",
                        if d.disassoc {
                            "disassociation"
                        } else {
                            "deauthentication"
                        },
                        if d.from_sta { "station" } else { "AP" },
                        d.reason,
                        names::reason(d.reason)
                    ),
                )
            })
            .collect()
    };
    if let Some(done) = a.completed {
        let what = match (a.wired, choice) {
            (true, _) if a.radius_accept.is_some() => {
                "Access-Accept from the authentication server".to_string()
            }
            (true, _) => "EAP-Success on the wired port".to_string(),
            (false, Some(r)) => format!(
                "{} complete: AKM {}, pairwise {}, group {}",
                if a.auth_sta.iter().any(|m| m.algorithm == 2) {
                    "FT reassociation"
                } else {
                    "4-way handshake"
                },
                join(&r.akms, names::akm),
                join(&r.pairwise, names::cipher),
                r.group.map(names::cipher).unwrap_or_default()
            ),
            (false, None) => "4-way handshake complete".into(),
        };
        let tls = a
            .tls
            .server_hello
            .as_ref()
            .map(|h| format!(" (EAP {} {})", h.version, h.suite))
            .unwrap_or_default();
        return v(
            "none",
            &c::AIR_CONNECTED,
            format!("connected: {what}{tls}"),
            vec![(done, what)],
        );
    }
    // 802.11 authentication
    let sae = a.auth_sta.iter().any(|m| m.algorithm == 3);
    if !a.wired && !a.auth_sta.is_empty() {
        if let Some(rej) = a
            .auth_ap
            .iter()
            .find(|m| m.status != 0 && !matches!(m.status, 76 | 126 | 127))
        {
            let commit = a
                .auth_sta
                .iter()
                .rfind(|m| m.seq == 1 && m.frame < rej.frame);
            let mut evidence = vec![(
                rej.frame,
                format!(
                    "AP: Authentication status {} ({})",
                    rej.status,
                    names::status(rej.status)
                ),
            )];
            if let Some(cm) = commit {
                evidence.insert(
                    0,
                    (
                        cm.frame,
                        format!(
                            "station: SAE commit group {}",
                            cm.group.map(|g| g.to_string()).unwrap_or("?".into())
                        ),
                    ),
                );
            }
            let (rule, cause): (&'static Rule, String) = match (sae, rej.status) {
                (true, 77) => (&c::AIR_SAE_GROUP_UNSUPPORTED, format!(
                    "the AP rejected the SAE commit for group {} with status 77 (unsupported finite cyclic group)",
                    commit.and_then(|c| c.group).map(|g| g.to_string()).unwrap_or("?".into()))),
                (true, 15) => (&c::AIR_SAE_CONFIRM_MISMATCH, "the AP rejected the SAE confirm with status 15: the passwords differ".into()),
                // a hunting-and-pecking commit (status 0; H2E commits carry 126) to an H2E-only AP
                (true, 1) if commit.is_some_and(|c| c.status == 0) => (&c::AIR_SAE_PWE_REJECTED,
                    "the AP answered the station's hunting-and-pecking SAE commit with status 1: it requires hash-to-element (H2E-only, sae_pwe=1)".into()),
                (_, s) => (&c::AIR_AUTH_REJECTED, format!("the AP rejected authentication with status {s} ({})", names::status(s))),
            };
            return v("authentication", rule, cause, evidence);
        }
        let answered = a.auth_ap.iter().any(|m| m.status == 0 || m.status == 126);
        if !answered && a.assoc_req.is_none() {
            let n = a.auth_sta.len();
            let anti = a.auth_ap.iter().any(|m| m.status == 76);
            return v(
                "authentication",
                &c::AIR_AUTH_NO_RESPONSE,
                format!(
                    "the station sent {n} {} frame(s) and the AP never accepted one{}",
                    if sae { "SAE commit" } else { "Authentication" },
                    if anti {
                        " (it asked for an anti-clogging token)"
                    } else {
                        ""
                    }
                ),
                a.auth_sta
                    .iter()
                    .take(3)
                    .map(|m| {
                        (
                            m.frame,
                            format!("station: Authentication seq {} status {}", m.seq, m.status),
                        )
                    })
                    .collect(),
            );
        }
    }
    // association
    if let Some((f, status)) = a.assoc_resp {
        if status != 0 {
            let rule: &'static Rule = match status {
                41 => &c::AIR_ASSOC_REJECTED_GROUP_CIPHER,
                42 => &c::AIR_ASSOC_REJECTED_PAIRWISE_CIPHER,
                43 => &c::AIR_ASSOC_REJECTED_AKM,
                31 | 45 | 46 => &c::AIR_ASSOC_REJECTED_PMF,
                _ => &c::AIR_ASSOC_REJECTED,
            };
            let mut cause = format!(
                "association rejected with status {status} ({})",
                names::status(status)
            );
            if let (Some(o), Some(ch)) = (offer, choice) {
                match status {
                    41 => cause += &format!("; the station asked for group cipher {} and the AP advertises {} — the station associated from a stale scan entry or another configuration", ch.group.map(names::cipher).unwrap_or_default(), o.group.map(names::cipher).unwrap_or_default()),
                    42 => cause += &format!("; the station asked for pairwise {} and the AP offers {}", join(&ch.pairwise, names::cipher), join(&o.pairwise, names::cipher)),
                    43 => cause += &format!("; the station asked for AKM {} and the AP offers {}", join(&ch.akms, names::akm), join(&o.akms, names::akm)),
                    _ => {}
                }
            }
            return v(
                "association",
                rule,
                cause,
                vec![(f, format!("AP: Association Response status {status}"))],
            );
        }
    } else if let Some((f, _)) = &a.assoc_req {
        if a.keys.is_empty() && a.eap_requests + a.eap_responses == 0 {
            return v(
                "association",
                &c::AIR_ASSOC_NO_RESPONSE,
                "the AP never answered the (Re)Association Request".into(),
                vec![(*f, "station: Association Request".into())],
            );
        }
    }
    // EAP
    let eap_akm =
        akm.is_some_and(names::akm_is_eap) || a.wired || a.eap_requests + a.eap_responses > 0;
    if eap_akm && a.keys.is_empty() {
        if let Some(r) = eap_verdict(a) {
            return r;
        }
    }
    // 4-way handshake
    let m = |n: u8| a.keys.iter().filter(move |k| k.msg == n);
    let (m1, m2, m3) = (m(1).count(), m(2).count(), m(3).count());
    let mut evidence: Vec<(u64, String)> = a
        .keys
        .iter()
        .filter(|k| k.msg <= 4 && k.msg >= 1)
        .take(6)
        .map(|k| {
            (
                k.frame,
                format!(
                    "{} M{} replay counter {}",
                    if k.from_sta { "station:" } else { "AP:" },
                    k.msg,
                    k.replay
                ),
            )
        })
        .collect();
    evidence.extend(deauth_note(a));
    let mic = akm
        .map(|k| {
            format!(
                " (AKM {} expects a {}-byte MIC)",
                names::akm(k),
                names::mic_len(k, sae_group)
            )
        })
        .unwrap_or_default();
    if m3 > 0 {
        return v(
            "4way-handshake",
            &c::AIR_4WAY_NO_M4,
            format!("the AP sent M3 {m3} time(s) and the station never answered with M4"),
            evidence,
        );
    }
    if m2 > 0 {
        return v("4way-handshake", &c::AIR_4WAY_PMK_MISMATCH, format!("the station answered M1 with M2 {m2} time(s) but the AP never sent M3: M2's MIC did not verify — the station and the AP derived different PMKs{mic}"), evidence);
    }
    if m1 > 0 {
        return v(
            "4way-handshake",
            &c::AIR_4WAY_NO_M2,
            format!("the AP sent M1 {m1} time(s) and the station never answered with M2{mic}"),
            evidence,
        );
    }
    if let Some(d) = a.deauths.first() {
        return v("unknown", &c::AIR_TIMEOUT, format!("the attempt ended with a {} by the {} (reason {}: {}) before any failure the capture explains", if d.disassoc { "disassociation" } else { "deauthentication" }, if d.from_sta { "station" } else { "AP" }, d.reason, names::reason(d.reason)), deauth_note(a));
    }
    v(
        "unknown",
        &c::AIR_TIMEOUT,
        "the capture ends before the attempt connected or failed".into(),
        a.events
            .last()
            .map(|e| vec![(e.frame, format!("last frame of the attempt: {}", e.what))])
            .unwrap_or_default(),
    )
}

fn eap_verdict(a: &Attempt) -> Option<Verdict1> {
    let tls = &a.tls;
    let fatal = tls.alerts.iter().find(|x| x.fatal);
    let mut evidence: Vec<(u64, String)> = Vec::new();
    if let Some((f, id)) = &a.identity {
        evidence.push((*f, format!("station: EAP identity '{id}'")));
    }
    if let Some(ch) = &tls.client_hello {
        let suites = if ch.suites.len() > 6 {
            format!(
                "{}, … ({} in all)",
                ch.suites[..6].join(", "),
                ch.suites.len()
            )
        } else {
            ch.suites.join(", ")
        };
        evidence.push((
            ch.frame,
            format!(
                "station: ClientHello {} suites [{suites}] groups [{}]",
                ch.versions.join("/"),
                ch.groups.join(", ")
            ),
        ));
    }
    if let Some(f) = tls.server_chain_frame {
        evidence.push((
            f,
            format!(
                "server: Certificate ({} certificate(s)){}",
                tls.server_chain.len(),
                if tls.tls13() {
                    ", decrypted with the key log"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(al) = fatal {
        evidence.push((
            al.frame,
            format!(
                "{}: TLS alert {}{}",
                if al.from_station { "station" } else { "server" },
                al.description,
                if al.decrypted {
                    " (decrypted with the key log)"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(f) = a.eap_failure {
        evidence.push((f, "EAP-Failure".into()));
    }
    // Suite B 192-bit: ECDHE-ECDSA-AES256-GCM-SHA384 only (signalling suites such as the
    // renegotiation SCSV 0x00ff and the fallback SCSV 0x5600 do not count)
    let suite_b = tls.client_hello.as_ref().is_some_and(|c| {
        let real: Vec<u16> = c
            .suite_ids
            .iter()
            .copied()
            .filter(|s| !matches!(s, 0x00ff | 0x5600))
            .collect();
        !real.is_empty() && real.iter().all(|s| *s == 0xc02c)
    });
    if let Some(al) = fatal {
        let (rule, cause): (&'static Rule, String) = match (al.from_station, al.code) {
            (true, 42..=46 | 48) => (&c::AIR_EAP_TLS_SERVER_UNTRUSTED, format!("the station rejected the server's certificate: it sent TLS alert {}", al.description)),
            (false, 48 | 42 | 46) => (&c::AIR_EAP_TLS_CLIENT_UNKNOWN_CA, format!("the authentication server rejected the station's certificate: it sent TLS alert {}", al.description)),
            (false, 40 | 71) if suite_b => (&c::AIR_EAP_TLS_SUITEB_SERVER_CERT, format!("the station is in WPA3-Enterprise 192-bit mode and offers only ECDHE-ECDSA-AES256-GCM-SHA384; the server answered TLS alert {}: its certificate cannot satisfy that", al.description)),
            (_, 40 | 70 | 71) => (&c::AIR_EAP_TLS_HANDSHAKE_FAILURE, format!("the {} sent TLS alert {}: no common TLS parameters", if al.from_station { "station" } else { "server" }, al.description)),
            _ => (&c::AIR_EAP_TLS_ALERT, format!("the {} sent TLS alert {}", if al.from_station { "station" } else { "server" }, al.description)),
        };
        return Some(v("eap", rule, cause, evidence));
    }
    if let Some((f, methods)) = &a.nak {
        let offered: Vec<String> = a
            .methods_offered
            .iter()
            .map(|(_, t)| crate::eapol::method_name(*t))
            .collect();
        let wanted: Vec<String> = methods
            .iter()
            .map(|t| crate::eapol::method_name(*t))
            .collect();
        if a.eap_failure.is_some() {
            evidence.push((*f, format!("station: Nak, wants {}", wanted.join(", "))));
            return Some(v(
                "eap",
                &c::AIR_EAP_METHOD_REFUSED,
                format!(
                    "the server proposed {} and the station asked for {} instead",
                    offered.join(", "),
                    wanted.join(", ")
                ),
                evidence,
            ));
        }
    }
    if let (Some(fail), Some(ch)) = (a.eap_failure, &tls.client_hello) {
        if tls.server_hello.is_none() && ch.frame < fail {
            // the server refused the ClientHello without an alert on the wire
            return Some(if suite_b {
                v("eap", &c::AIR_EAP_TLS_SUITEB_SERVER_CERT, "the station is in WPA3-Enterprise 192-bit mode and offers only ECDHE-ECDSA-AES256-GCM-SHA384; the server ended EAP without a ServerHello: its certificate cannot satisfy that".into(), evidence)
            } else {
                v("eap", &c::AIR_EAP_TLS_HANDSHAKE_FAILURE, "the server ended EAP right after the ClientHello, without a ServerHello: no TLS version, cipher suite or group in common".into(), evidence)
            });
        }
    }
    if let (Some(fail), Some(cf)) = (a.eap_failure, tls.client_chain_frame) {
        if tls.server_ccs_frame.is_none() && !tls.tls13() && cf < fail {
            // hostapd's own EAP server ends with EAP-Failure and no alert on the wire
            evidence.push((cf, format!("station: Certificate ({} certificate(s)), then no ChangeCipherSpec from the server", tls.client_chain.len())));
            return Some(v("eap", &c::AIR_EAP_TLS_CLIENT_UNKNOWN_CA, "the authentication server ended EAP-TLS right after the station's certificate, without a TLS alert and without its ChangeCipherSpec: it rejected the station's certificate (most often an issuing CA it does not trust; its log names the reason)".into(), evidence));
        }
    }
    if a.eap_failure.is_some() {
        if let Some(f) = a.radius_reject {
            evidence.push((f, "Access-Reject".into()));
            return Some(v("radius", &c::AIR_RADIUS_ACCESS_REJECT, "the authentication server answered Access-Reject and the capture shows no TLS alert explaining it".into(), evidence));
        }
        let enc = if tls.tls13() && !tls.decrypted() {
            " (TLS 1.3: the alert, if any, is encrypted on the air)"
        } else {
            ""
        };
        return Some(v("eap", &c::AIR_EAP_FAILURE, format!("EAP-Failure without a TLS alert or Nak in the clear{enc}; the authentication server's log says why"), evidence));
    }
    if a.eap_success.is_some() {
        return None; // on to the 4-way handshake
    }
    if a.radius_requests > 0 && a.radius_answers == 0 {
        evidence.push((
            a.radius_last_request.unwrap_or(0),
            format!("{} Access-Request(s) without an answer", a.radius_requests),
        ));
        return Some(v("radius", &c::AIR_RADIUS_NO_RESPONSE, format!("the authentication server never answered the {} Access-Request(s) (a wrong shared secret looks exactly like this)", a.radius_requests), evidence));
    }
    match a.last_eap {
        Some((f, true)) => {
            evidence.push((
                f,
                "station: last EAP-Response, never followed by a request".into(),
            ));
            Some(v("radius", &c::AIR_RADIUS_NO_RESPONSE, format!("EAP stalls after the station's {}: the AP never followed with another request — its authentication server did not answer (unreachable, unknown client, or a shared secret mismatch)", if a.identity.is_some() && a.tls.client_hello.is_none() { "identity" } else { "response" }), evidence))
        }
        Some((f, false)) => {
            evidence.push((f, "AP: EAP-Request, never answered".into()));
            Some(v(
                "eap",
                &c::AIR_EAP_NO_RESPONSE,
                "the station stopped answering EAP requests".into(),
                evidence,
            ))
        }
        None => None,
    }
}
