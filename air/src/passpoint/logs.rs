//! wpa_supplicant's Passpoint selection as its `-dd` log tells it: `INTERWORKING-AP <bssid>
//! type=home|roaming|unknown`, `INTERWORKING-NO-MATCH` (or, with auto_interworking, "Continue
//! scanning after ANQP fetch"), `Starting ANQP fetch for <bssid>`, `GAS-QUERY-DONE … result=TIMEOUT`,
//! `ANQP-QUERY-DONE … result=FAILURE`, and the ANQP elements it received (`ANQP: NAI Realm -
//! hexdump_ascii(len=N):` with the bytes on the following lines). The credential comes from the
//! `cred` block of the station's configuration. For a run without a match the reason is the
//! selection core's, applied to what the station really received.

use super::{anqp, select, Advertisement, Anqp, Credential};
use hs20_core::rules::Rule;

/// What the log says about Passpoint selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedSelection {
    /// home | roaming | unknown (wpa_supplicant's type) | no-match
    pub selection: String,
    /// 1-based line numbers and text of the lines it rests on.
    pub evidence: Vec<(usize, String)>,
    /// For no-match: the rule, the reason and the fix.
    pub no_match: Option<(&'static Rule, String, String)>,
}

/// None when the log shows no interworking activity (not a Passpoint run). `bss_dump` is
/// `wpa_cli bss <bssid>` output (`ie=` the beacon's elements, `anqp_*=` the ANQP elements, in hex),
/// when the run recorded one.
pub fn read(wpas_log: &str, sta_conf: &str, bss_dump: &str) -> Option<LoggedSelection> {
    let lines: Vec<&str> = wpas_log.lines().collect();
    let mut evidence = Vec::new();
    let mut ap_type = None;
    let mut no_match = false;
    let mut fetch_started = false;
    let mut gas_failed = false;
    let mut interworking_seen = false;
    let mut got = Anqp::default();
    let mut got_any = false;
    for (i, l) in lines.iter().enumerate() {
        let n = i + 1;
        if l.contains("Interworking:") || l.contains("INTERWORKING-") || l.contains("ANQP") {
            interworking_seen = true;
        }
        if let Some(rest) = after(l, "INTERWORKING-AP ") {
            if ap_type.is_none() {
                ap_type = rest
                    .split_whitespace()
                    .find_map(|t| t.strip_prefix("type="))
                    .map(str::to_string);
                evidence.push((n, trimmed(l, "INTERWORKING-AP ")));
            }
        } else if (l.contains("INTERWORKING-NO-MATCH")
            || l.contains("Continue scanning after ANQP fetch"))
            && ap_type.is_none()
            && !no_match
        {
            no_match = true;
            evidence.push((n, trimmed(l, "Interworking: ")));
        } else if l.contains("Starting ANQP fetch for ") {
            fetch_started = true;
        } else if (l.contains("GAS-QUERY-DONE") && l.contains("result=TIMEOUT"))
            || (l.contains("ANQP-QUERY-DONE") && l.contains("result=FAILURE"))
        {
            if !gas_failed {
                evidence.push((
                    n,
                    trimmed(
                        l,
                        if l.contains("GAS-QUERY-DONE") {
                            "GAS-QUERY-DONE"
                        } else {
                            "ANQP-QUERY-DONE"
                        },
                    ),
                ));
            }
            gas_failed = true;
        } else if let Some((id, len)) = hexdump_header(l) {
            if let Some(bytes) = hexdump_body(&lines[i + 1..], len) {
                anqp::apply(id, &bytes, &mut got);
                got_any = true;
            }
        }
    }
    if !interworking_seen {
        return None;
    }
    if let Some(t) = ap_type {
        return Some(LoggedSelection {
            selection: t,
            evidence,
            no_match: None,
        });
    }
    if !no_match {
        return None;
    }
    let cred = credential(sta_conf);
    let mut ad = Advertisement {
        ssid: String::new(),
        // the station queries only APs that advertise Interworking; an AP it never asked is not Passpoint for it
        interworking: fetch_started,
        hs20_indication: fetch_started,
        anqp: got_any.then_some(got),
        anqp_unanswered: gas_failed && !got_any,
        ..Advertisement::default()
    };
    bss(bss_dump, &mut ad);
    let p = select::predict(&ad, &cred);
    Some(LoggedSelection {
        selection: "no-match".into(),
        evidence,
        no_match: Some((p.rule, p.reason, p.fix)),
    })
}

/// The first BSS of a `wpa_cli bss` dump: the beacon's elements and the ANQP elements received.
fn bss(dump: &str, ad: &mut Advertisement) {
    const ANQP: &[(&str, u16)] = &[
        ("anqp_nai_realm", anqp::NAI_REALM),
        ("anqp_domain_name", anqp::DOMAIN_NAME),
        ("anqp_roaming_consortium", anqp::ROAMING_CONSORTIUM),
        ("anqp_3gpp", anqp::CELLULAR_3GPP),
    ];
    for l in dump.lines() {
        let Some((k, v)) = l.split_once('=') else {
            continue;
        };
        if k == "id" && !ad.ssid.is_empty() {
            break; // the next BSS
        }
        let Some(bytes) = super::oi_bytes(v) else {
            continue;
        };
        if k == "ie" {
            let e = crate::dot11::elements(&bytes);
            ad.ssid = e.ssid.unwrap_or_default();
            ad.interworking = e.interworking;
            ad.hs20_indication = e.hs20_indication;
            ad.beacon_ois = e.roaming_consortium;
        } else if let Some((_, id)) = ANQP.iter().find(|(name, _)| *name == k) {
            anqp::apply(*id, &bytes, ad.anqp.get_or_insert_with(Anqp::default));
            ad.anqp_unanswered = false;
        }
    }
}

fn after<'a>(l: &'a str, key: &str) -> Option<&'a str> {
    l.find(key).map(|i| &l[i + key.len()..])
}

fn trimmed(l: &str, key: &str) -> String {
    l.find(key).map_or(l, |i| &l[i..]).trim().to_string()
}

/// `ANQP: <element> - hexdump_ascii(len=N):` → (ANQP info id, N).
fn hexdump_header(l: &str) -> Option<(u16, usize)> {
    const NAMES: &[(&str, u16)] = &[
        ("ANQP: NAI Realm - ", anqp::NAI_REALM),
        ("ANQP: Domain Name - ", anqp::DOMAIN_NAME),
        ("ANQP: Roaming Consortium - ", anqp::ROAMING_CONSORTIUM),
        ("ANQP: 3GPP Cellular Network - ", anqp::CELLULAR_3GPP),
    ];
    let (id, rest) = NAMES
        .iter()
        .find_map(|(k, id)| after(l, k).map(|r| (*id, r)))?;
    let len = after(rest, "(len=")?.split(')').next()?.parse().ok()?;
    Some((id, len))
}

/// The bytes of a hexdump: continuation lines of up to 16 two-digit hex bytes, then the ASCII column.
fn hexdump_body(next: &[&str], len: usize) -> Option<Vec<u8>> {
    // `len` comes from the log text: reserve only what the following lines can hold (16 bytes each)
    let mut out = Vec::with_capacity(len.min(next.len().saturating_mul(16)));
    for l in next {
        if out.len() >= len || !l.starts_with(char::is_whitespace) {
            break;
        }
        for t in l.split_whitespace().take(16) {
            if out.len() >= len {
                break;
            }
            match (t.len(), u8::from_str_radix(t, 16)) {
                (2, Ok(b)) => out.push(b),
                _ => break,
            }
        }
    }
    (out.len() == len).then_some(out)
}

/// The first `cred` block of a wpa_supplicant configuration.
pub fn credential(conf: &str) -> Credential {
    let mut c = Credential::default();
    let mut inside = false;
    for l in conf.lines() {
        let l = l.trim();
        if l.starts_with("cred={") {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if l.starts_with('}') {
            break;
        }
        let Some((k, v)) = l.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match k.trim() {
            "realm" => c.realms.push(v.to_string()),
            "domain" if c.home_domain.is_none() => c.home_domain = Some(v.to_string()),
            "roaming_consortium" => c.ois.push(v.to_string()),
            "roaming_consortiums" => c.ois.extend(v.split(',').map(str::to_string)),
            _ => {}
        }
    }
    // wpa_supplicant has no roamingEnabled: it selects roaming partners' networks too
    c.roaming_enabled = true;
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRED: &str = "interworking=1\ncred={\n\trealm=\"example.com\"\n\tdomain=\"example.com\"\n\troaming_consortium=5A03BA0000\n\teap=TLS\n}\n";

    #[test]
    fn home_from_interworking_ap() {
        let log = "1.0: wlan1: Starting ANQP fetch for 02:00:00:00:00:00 (HESSID 02:00:00:00:00:00)\n\
                   2.0: wlan1: INTERWORKING-AP 02:00:00:00:00:00 type=home id=0 priority=0 sp_priority=0\n";
        let s = read(log, CRED, "").unwrap();
        assert_eq!(s.selection, "home");
        assert_eq!(s.evidence[0].0, 2);
    }

    /// Found by the `logs` fuzz target: a hexdump header may claim any length; the reader must not
    /// reserve memory for it before the bytes are there.
    #[test]
    fn a_lying_hexdump_length_allocates_nothing_for_it() {
        let log =
            "1.5: wlan1: ANQP: NAI Realm - hexdump_ascii(len=7035661778608921713):\n     00 0b\n";
        assert_eq!(
            hexdump_header("1.5: wlan1: ANQP: NAI Realm - hexdump_ascii(len=7035661778608921713):"),
            Some((anqp::NAI_REALM, 7035661778608921713))
        );
        assert_eq!(hexdump_body(&["     00 0b"], 7035661778608921713), None);
        let _ = read(log, CRED, "");
    }

    /// `wpa_hexdump_ascii` as wpa_supplicant prints it: a header, then 16 bytes a line, hex then ASCII.
    fn hexdump(title: &str, bytes: &[u8]) -> String {
        let mut s = format!(
            "1.5: wlan1: {title} - hexdump_ascii(len={}):\n",
            bytes.len()
        );
        for chunk in bytes.chunks(16) {
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let ascii: String = chunk
                .iter()
                .map(|b| {
                    if b.is_ascii_graphic() {
                        *b as char
                    } else {
                        '_'
                    }
                })
                .collect();
            s += &format!("     {:<48}  {ascii}\n", hex.join(" "));
        }
        s
    }

    #[test]
    fn no_match_reason_from_the_received_nai_realm_list() {
        // NAI Realm list: one entry, example.com, EAP-TTLS (21) with no parameters
        let mut entry = vec![0u8, 11];
        entry.extend_from_slice(b"example.com");
        entry.extend_from_slice(&[1, 2, 21, 0]);
        let mut list = vec![1, 0, entry.len() as u8, 0];
        list.extend_from_slice(&entry);
        let log = format!(
            "1.0: wlan1: Starting ANQP fetch for 02:00:00:00:00:00 (HESSID 02:00:00:00:00:00)\n{}\
             2.0: wlan1: Interworking: Continue scanning after ANQP fetch\n",
            hexdump("ANQP: NAI Realm", &list)
        );
        let s = read(&log, CRED, "").unwrap();
        assert_eq!(s.selection, "no-match");
        let (rule, reason, _) = s.no_match.unwrap();
        assert_eq!(rule.id, "selection.realm-eap-mismatch", "{reason}");
        assert!(reason.contains("EAP-TTLS"), "{reason}");
    }

    #[test]
    fn unanswered_gas_and_no_fetch() {
        let log = "1.0: wlan1: Starting ANQP fetch for 02:00:00:00:00:00 (HESSID 02:00:00:00:00:00)\n\
                   3.0: wlan1: GAS-QUERY-DONE addr=02:00:00:00:00:00 dialog_token=0 freq=2412 status_code=0 result=TIMEOUT\n\
                   3.1: wlan1: ANQP-QUERY-DONE addr=02:00:00:00:00:00 result=FAILURE\n\
                   3.2: wlan1: Interworking: Continue scanning after ANQP fetch\n";
        assert_eq!(
            read(log, CRED, "").unwrap().no_match.unwrap().0.id,
            "selection.anqp-no-response"
        );
        let log = "1.0: wlan1: ANQP fetch completed\n2.0: wlan1: Interworking: Continue scanning after ANQP fetch\n";
        assert_eq!(
            read(log, CRED, "").unwrap().no_match.unwrap().0.id,
            "selection.no-hs20-indication"
        );
        assert_eq!(read("1.0: wlan1: CTRL-EVENT-CONNECTED\n", CRED, ""), None);
    }
}
