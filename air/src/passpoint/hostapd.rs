//! What a hostapd configuration makes the AP advertise for Passpoint (hostap hostapd/hostapd.conf):
//! `interworking`, `hs20`, `roaming_consortium` (the first three also in the beacon), `nai_realm`,
//! `domain_name`, `anqp_3gpp_cell_net`, `venue_name`, `hs20_oper_friendly_name`, `anqp_elem`
//! overrides. Each `bss=` line starts another BSS.

use super::{anqp, oi_bytes, Advertisement, Anqp, EapMethod, NaiRealm};

/// A line hostapd itself would refuse, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ConfigError {
    pub line: usize,
    pub reason: String,
}

/// Every BSS of the configuration, in file order.
pub fn parse(text: &str) -> Result<Vec<Advertisement>, ConfigError> {
    let mut out = Vec::new();
    let mut cur = Bss::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(ConfigError {
                line: i + 1,
                reason: format!("'{line}' is not key=value"),
            });
        };
        let err = |reason: String| ConfigError {
            line: i + 1,
            reason,
        };
        match key {
            "bss" => {
                out.push(std::mem::take(&mut cur).finish());
            }
            "bssid" => cur.ad.bssid = Some(value.to_ascii_lowercase()),
            "ssid" => cur.ad.ssid = value.to_string(),
            "ssid2" => cur.ad.ssid = ssid2(value),
            "interworking" => cur.ad.interworking = value == "1",
            "hs20" => cur.ad.hs20_indication = value == "1",
            "roaming_consortium" => cur.ois.push(oi_bytes(value).ok_or_else(|| {
                err(format!(
                    "roaming_consortium '{value}' is not 3 to 15 octets of hex"
                ))
            })?),
            "domain_name" => {
                cur.anqp.domain_names = Some(value.split(',').map(str::to_string).collect())
            }
            "nai_realm" => cur.realms.push(nai_realm(value).map_err(err)?),
            "anqp_3gpp_cell_net" => cur.anqp.plmns = Some(plmns(value).map_err(err)?),
            "venue_name" => cur.anqp.venue_names.push(lang_name(value)),
            "hs20_oper_friendly_name" => cur.anqp.operator_names.push(lang_name(value)),
            "anqp_elem" => {
                let (id, hex) = value
                    .split_once(':')
                    .ok_or_else(|| err(format!("anqp_elem '{value}' is not <InfoID>:<hex>")))?;
                let id: u16 = id
                    .parse()
                    .map_err(|_| err(format!("anqp_elem info id '{id}' is not a number")))?;
                let payload = if hex.is_empty() {
                    Vec::new()
                } else {
                    oi_bytes(hex)
                        .ok_or_else(|| err(format!("anqp_elem payload '{hex}' is not hex")))?
                };
                cur.overrides.push((id, payload));
            }
            _ => {}
        }
    }
    out.push(cur.finish());
    Ok(out)
}

#[derive(Default)]
struct Bss {
    ad: Advertisement,
    anqp: Anqp,
    ois: Vec<Vec<u8>>,
    realms: Vec<NaiRealm>,
    overrides: Vec<(u16, Vec<u8>)>,
}

impl Bss {
    fn finish(mut self) -> Advertisement {
        if !self.realms.is_empty() {
            self.anqp.nai_realms = Some(self.realms);
        }
        if !self.ois.is_empty() {
            // hostapd puts the first three OIs in the beacon's Roaming Consortium element
            self.ad.beacon_ois = self.ois.iter().take(3).cloned().collect();
            self.anqp.roaming_consortium = Some(self.ois);
        }
        // anqp_elem overrides the element built from the higher-level parameters
        for (id, payload) in &self.overrides {
            anqp::apply(*id, payload, &mut self.anqp);
        }
        // without interworking=1 hostapd neither advertises nor answers ANQP
        if self.ad.interworking {
            self.ad.anqp = Some(self.anqp);
        } else {
            self.ad.beacon_ois.clear();
        }
        self.ad
    }
}

/// `<encoding>,<realm>[;<realm>...][,<EAP method>[<param id>:<value>]...]...`, e.g.
/// `0,example.com,13[5:6],21[2:4][5:7]`.
pub fn nai_realm(value: &str) -> Result<NaiRealm, String> {
    let mut parts = value.split(',');
    let encoding = parts.next().unwrap_or_default();
    if encoding != "0" && encoding != "1" {
        return Err(format!(
            "nai_realm '{value}': the encoding must be 0 or 1, then the realm"
        ));
    }
    let realm = parts
        .next()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| format!("nai_realm '{value}' names no realm"))?;
    let mut eap_methods = Vec::new();
    for m in parts {
        let (num, mut rest) = m.split_at(m.find('[').unwrap_or(m.len()));
        let method = num
            .trim()
            .parse()
            .map_err(|_| format!("nai_realm '{value}': EAP method '{num}' is not a number"))?;
        let mut auth_params = Vec::new();
        while let Some(open) = rest.strip_prefix('[') {
            let close = open
                .find(']')
                .ok_or_else(|| format!("nai_realm '{value}': '[' without ']'"))?;
            let (id, val) = open[..close].split_once(':').ok_or_else(|| {
                format!(
                    "nai_realm '{value}': parameter '{}' is not id:value",
                    &open[..close]
                )
            })?;
            let id: u8 = id
                .parse()
                .map_err(|_| format!("nai_realm '{value}': parameter id '{id}' is not a number"))?;
            let val: u8 = val.parse().map_err(|_| {
                format!("nai_realm '{value}': parameter value '{val}' is not a number")
            })?;
            auth_params.push((id, vec![val]));
            rest = &open[close + 1..];
        }
        eap_methods.push(EapMethod {
            method,
            auth_params,
        });
    }
    Ok(NaiRealm {
        realms: realm.split(';').map(str::to_string).collect(),
        eap_methods,
    })
}

/// `<MCC1,MNC1>[;<MCC2,MNC2>]...`
fn plmns(value: &str) -> Result<Vec<(String, String)>, String> {
    value
        .split(';')
        .map(|p| {
            let (mcc, mnc) = p
                .split_once(',')
                .ok_or_else(|| format!("anqp_3gpp_cell_net '{p}' is not MCC,MNC"))?;
            let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
                n.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
            };
            if !digits(mcc, 3..=3) || !digits(mnc, 2..=3) {
                return Err(format!(
                    "anqp_3gpp_cell_net '{p}': MCC is 3 digits, MNC 2 or 3"
                ));
            }
            Ok((mcc.to_string(), mnc.to_string()))
        })
        .collect()
}

/// `eng:Example venue` (or `P"eng:…"`) → the name.
fn lang_name(value: &str) -> String {
    let v = value
        .strip_prefix("P\"")
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    v.split_once(':').map_or(v, |(_, n)| n).to_string()
}

/// `ssid2` is a quoted string, P"..." or hex.
fn ssid2(value: &str) -> String {
    if let Some(q) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return q.to_string();
    }
    if let Some(q) = value.strip_prefix("P\"").and_then(|v| v.strip_suffix('"')) {
        return q.to_string();
    }
    oi_bytes(value)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "interface=wlan0\nssid=lab-passpoint\ninterworking=1\nhs20=1\n\
        domain_name=example.com,example.net\nnai_realm=0,example.com;example.org,13[5:6],21[2:4][5:7]\n\
        roaming_consortium=5A03BA0000\nroaming_consortium=001bc50460\nroaming_consortium=112233\nroaming_consortium=445566\n\
        anqp_3gpp_cell_net=244,91;310,026\nvenue_name=eng:Lab venue\nhs20_oper_friendly_name=eng:Lab operator\n";

    #[test]
    fn parses_the_passpoint_parameters() {
        let ads = parse(HOME).unwrap();
        assert_eq!(ads.len(), 1);
        let a = &ads[0];
        assert!(a.interworking && a.hs20_indication);
        assert_eq!(a.ssid, "lab-passpoint");
        assert_eq!(a.beacon_ois.len(), 3, "only three OIs fit the beacon");
        let q = a.anqp.as_ref().unwrap();
        assert_eq!(q.roaming_consortium.as_ref().unwrap().len(), 4);
        let r = &q.nai_realms.as_ref().unwrap()[0];
        assert_eq!(r.realms, vec!["example.com", "example.org"]);
        assert_eq!(r.eap_methods.len(), 2);
        assert_eq!(
            r.eap_methods[1].auth_params,
            vec![(2, vec![4]), (5, vec![7])]
        );
        assert_eq!(q.plmns.as_ref().unwrap()[1], ("310".into(), "026".into()));
        assert_eq!(q.venue_names, vec!["Lab venue"]);
        assert_eq!(q.operator_names, vec!["Lab operator"]);
    }

    #[test]
    fn without_interworking_nothing_is_advertised() {
        let a = &parse("ssid=x\nnai_realm=0,example.com,13[5:6]\nroaming_consortium=112233\n")
            .unwrap()[0];
        assert!(!a.interworking && a.anqp.is_none() && a.beacon_ois.is_empty());
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = parse("ssid=x\nnai_realm=0,example.com,13[5:6\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("ssid=x\n\nroaming_consortium=5A03B\n").unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn bss_sections_and_anqp_elem_override() {
        let ads = parse("ssid=a\ninterworking=1\nbss=wlan0_1\nssid=b\ninterworking=1\nanqp_elem=268:0b6578616d706c652e636f6d\n").unwrap();
        assert_eq!(ads.len(), 2);
        assert_eq!(
            ads[1].anqp.as_ref().unwrap().domain_names,
            Some(vec!["example.com".to_string()])
        );
    }
}
