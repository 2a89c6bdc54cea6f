//! The decision: for each AP, does a station with this credential select it, as home or roaming,
//! and would an Apple device with these settings join it? Mirrors wpa_supplicant's
//! interworking_credentials_available() and interworking_home_sp_cred() (realm with EAP-TLS for a
//! certificate credential, OIs from the beacon or ANQP, exact home-domain match), with Apple's
//! documented `roamingEnabled` on top.

use super::{eap_name, oi_bytes, oi_hex, Advertisement, Credential, NaiRealm};
use hs20_core::apple::shapes::{oi_shape, Oi};
use hs20_core::finding::{Finding, Verdict};
use hs20_core::rules::catalogue::{
    SELECTION_ANQP_NO_RESPONSE, SELECTION_HOME, SELECTION_NO_HS20_INDICATION,
    SELECTION_OI_MISMATCH, SELECTION_REALM_EAP_MISMATCH, SELECTION_REALM_NOT_LISTED,
    SELECTION_ROAMING, SELECTION_ROAMING_NOT_ENABLED, SETTINGS_OI_INVALID, SETTINGS_OI_LOWERCASE,
};
use hs20_core::rules::{Rule, Severity};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Selection {
    Home,
    Roaming,
    NoMatch,
}

impl Selection {
    pub fn as_str(self) -> &'static str {
        match self {
            Selection::Home => "home",
            Selection::Roaming => "roaming",
            Selection::NoMatch => "no-match",
        }
    }
}

/// The prediction for one AP.
#[derive(Debug, Clone, Serialize)]
pub struct ApPrediction {
    pub bssid: Option<String>,
    pub ssid: String,
    pub selection: Selection,
    /// Would an Apple device with these settings try to join (a roaming match with
    /// roamingEnabled false does not)?
    pub joins: bool,
    #[serde(serialize_with = "rule_id")]
    pub rule: &'static Rule,
    pub reason: String,
    pub fix: String,
}

fn rule_id<S: serde::Serializer>(r: &&'static Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.id)
}

/// The whole answer of `hs20check match`.
#[derive(Debug, Clone, Serialize)]
pub struct MatchReport {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub aps: Vec<ApPrediction>,
}

impl MatchReport {
    pub fn any_joins(&self) -> bool {
        self.aps.iter().any(|a| a.joins)
    }
}

/// Predicts every AP and collects the findings (one per AP, plus the credential's own shape).
pub fn run(aps: &[Advertisement], cred: &Credential) -> MatchReport {
    let mut findings = credential_findings(cred);
    let predictions: Vec<ApPrediction> = aps.iter().map(|a| predict(a, cred)).collect();
    for p in &predictions {
        let who = match &p.bssid {
            Some(b) => format!("{b} ({})", p.ssid),
            None => format!("'{}'", p.ssid),
        };
        findings.push(Finding::new(p.rule, format!("{who}: {}", p.reason)).with_fix(p.fix.clone()));
    }
    let joins = predictions.iter().any(|p| p.joins);
    let verdict = if !joins {
        Verdict::Fail
    } else if findings
        .iter()
        .any(|f| f.severity() != Severity::Info && !is_other_ap_miss(f))
    {
        Verdict::Warn
    } else {
        Verdict::Pass
    };
    MatchReport {
        verdict,
        findings,
        aps: predictions,
    }
}

/// With some AP joined, another AP's no-match does not make the answer worse than a warning.
fn is_other_ap_miss(f: &Finding) -> bool {
    f.rule.family == hs20_core::rules::Family::Selection && f.severity() == Severity::Error
}

/// The OI shape rules `check` applies to roamingConsortiumOIs, so both commands agree.
fn credential_findings(cred: &Credential) -> Vec<Finding> {
    let mut out = Vec::new();
    for oi in &cred.ois {
        match oi_shape(oi) {
            Oi::Valid => {}
            Oi::Lowercase => out.push(
                Finding::new(&SETTINGS_OI_LOWERCASE, format!("'{oi}'"))
                    .with_fix(format!("use '{}'", oi.to_ascii_uppercase())),
            ),
            Oi::Invalid => out.push(Finding::new(&SETTINGS_OI_INVALID, format!("'{oi}'"))),
        }
    }
    out
}

/// One AP.
pub fn predict(ap: &Advertisement, cred: &Credential) -> ApPrediction {
    let (selection, joins, rule, reason, fix) = decide(ap, cred);
    ApPrediction {
        bssid: ap.bssid.clone(),
        ssid: ap.ssid.clone(),
        selection,
        joins,
        rule,
        reason,
        fix,
    }
}

type Decision = (Selection, bool, &'static Rule, String, String);

fn decide(ap: &Advertisement, cred: &Credential) -> Decision {
    let no = |rule: &'static Rule, reason: String, fix: String| {
        (Selection::NoMatch, false, rule, reason, fix)
    };
    if !ap.interworking || !ap.hs20_indication {
        let missing = match (ap.interworking, ap.hs20_indication) {
            (false, false) => {
                "neither the Interworking element nor the Hotspot 2.0 Indication element"
            }
            (false, true) => "no Interworking element (Extended Capabilities bit 31)",
            _ => "no Hotspot 2.0 Indication element",
        };
        return no(
            &SELECTION_NO_HS20_INDICATION,
            format!("the AP's beacon carries {missing}: it is not a Passpoint network"),
            "on the AP: interworking=1 and hs20=1".into(),
        );
    }
    let empty = super::Anqp::default();
    let anqp = ap.anqp.as_ref().unwrap_or(&empty);
    let cred_ois: Vec<(String, Vec<u8>)> = cred
        .ois
        .iter()
        .filter_map(|o| oi_bytes(o).map(|b| (o.clone(), b)))
        .collect();
    let anqp_ois = anqp.roaming_consortium.as_deref().unwrap_or_default();
    let oi_hit = cred_ois
        .iter()
        .find(|(_, b)| ap.beacon_ois.contains(b) || anqp_ois.contains(b));
    let realms = anqp.nai_realms.as_deref().unwrap_or_default();
    let listed: Vec<(&String, &NaiRealm)> = cred
        .realms
        .iter()
        .flat_map(|r| {
            realms
                .iter()
                .filter(move |e| e.names(r))
                .map(move |e| (r, e))
        })
        .collect();
    let realm_hit = listed.iter().find(|(_, e)| e.offers_eap_tls());

    let matched_by = match (realm_hit, oi_hit) {
        (Some((r, _)), _) => format!("realm {r} is listed with EAP-TLS"),
        (None, Some((o, _))) => format!(
            "roaming consortium OI {} is advertised",
            o.to_ascii_uppercase()
        ),
        (None, None) => {
            return no_match(ap, cred, &listed, realms, anqp_ois);
        }
    };
    let domains = anqp.domain_names.as_deref();
    let home = cred.home_domain.as_deref().is_some_and(|d| {
        domains.is_some_and(|list| list.iter().any(|x| x.eq_ignore_ascii_case(d)))
    });
    if home {
        return (
            Selection::Home,
            true,
            &SELECTION_HOME,
            format!(
                "{matched_by} and the Domain Name list contains {}",
                cred.home_domain.as_deref().unwrap_or_default()
            ),
            "nothing to fix".into(),
        );
    }
    let why_roaming = match (domains, cred.home_domain.as_deref()) {
        (None, _) => "the AP sends no Domain Name list".to_string(),
        (Some(list), Some(d)) => format!(
            "the Domain Name list ({}) does not contain {d}",
            list.join(", ")
        ),
        (Some(list), None) => format!(
            "the credential has no home domain to find in the Domain Name list ({})",
            list.join(", ")
        ),
    };
    let domain_fix = match cred.home_domain.as_deref() {
        Some(d) => format!("add {d} to the AP's domain_name if it is the home operator's AP"),
        None => "set domainName to the home operator's domain".into(),
    };
    if cred.roaming_enabled {
        (
            Selection::Roaming,
            true,
            &SELECTION_ROAMING,
            format!("{matched_by}, but {why_roaming}: a roaming partner's network"),
            format!("nothing to fix if roaming is intended; else {domain_fix}"),
        )
    } else {
        (
            Selection::Roaming,
            false,
            &SELECTION_ROAMING_NOT_ENABLED,
            format!("{matched_by}, but {why_roaming}: a roaming match, and roamingEnabled is false"),
            format!("set roamingEnabled = true (ServiceProviderRoamingEnabled in a profile), or {domain_fix}"),
        )
    }
}

fn no_match(
    ap: &Advertisement,
    cred: &Credential,
    listed: &[(&String, &NaiRealm)],
    realms: &[NaiRealm],
    anqp_ois: &[Vec<u8>],
) -> Decision {
    let no = |rule: &'static Rule, reason: String, fix: String| {
        (Selection::NoMatch, false, rule, reason, fix)
    };
    let oi_note = if cred.ois.is_empty() {
        String::new()
    } else {
        let mut advertised: Vec<String> = ap.beacon_ois.iter().map(|o| oi_hex(o)).collect();
        for o in anqp_ois {
            let h = oi_hex(o);
            if !advertised.contains(&h) {
                advertised.push(h);
            }
        }
        format!(
            "; none of the OIs {} is advertised ({})",
            cred.ois.join(", "),
            if advertised.is_empty() {
                "the AP advertises no OI".to_string()
            } else {
                format!("AP: {}", advertised.join(", "))
            }
        )
    };
    let oi_note = oi_note + &plmn_note(ap, cred);
    if ap.anqp_unanswered {
        return no(
            &SELECTION_ANQP_NO_RESPONSE,
            format!("the station asked for the ANQP elements and the AP never answered{oi_note}"),
            SELECTION_ANQP_NO_RESPONSE.fix.into(),
        );
    }
    let realm = cred.realms.first().cloned().unwrap_or_default();
    if let Some((r, e)) = listed.first() {
        let methods: Vec<String> = e.eap_methods.iter().map(|m| eap_name(m.method)).collect();
        return no(
            &SELECTION_REALM_EAP_MISMATCH,
            format!(
                "realm {r} is listed with {} only, and the credential is a certificate (EAP-TLS){oi_note}",
                if methods.is_empty() { "no EAP method".into() } else { methods.join(", ") }
            ),
            format!("on the AP: add EAP-TLS to the realm, e.g. nai_realm=0,{r},13[5:6]"),
        );
    }
    let ap_realms: Vec<String> = realms.iter().flat_map(|e| e.realms.clone()).collect();
    let list_text = if ap
        .anqp
        .as_ref()
        .and_then(|a| a.nai_realms.as_ref())
        .is_none()
    {
        "the AP sends no NAI Realm list".to_string()
    } else {
        format!("the NAI Realm list names {}", ap_realms.join(", "))
    };
    let ap_has_oi = !ap.beacon_ois.is_empty() || !anqp_ois.is_empty();
    if cred.realms.is_empty() || (!cred.ois.is_empty() && ap_realms.is_empty() && ap_has_oi) {
        let ours = cred
            .ois
            .first()
            .map(|o| o.to_ascii_uppercase())
            .unwrap_or_default();
        return no(
            &SELECTION_OI_MISMATCH,
            format!(
                "{}{oi_note}",
                if cred.realms.is_empty() {
                    "the credential has no realm".to_string()
                } else {
                    list_text
                }
            ),
            if ours.is_empty() {
                "give the credential the AP's OI (roamingConsortiumOIs) or a realm the AP lists"
                    .into()
            } else {
                format!("on the AP: roaming_consortium={ours}; or add the AP's OI to roamingConsortiumOIs (upper-case hex)")
            },
        );
    }
    no(
        &SELECTION_REALM_NOT_LISTED,
        format!("{list_text}, not {}{oi_note}", cred.realms.join(", ")),
        format!("on the AP: nai_realm=0,{realm},13[5:6]"),
    )
}

/// An MCC/MNC of the settings in the AP's 3GPP Cellular Network list selects nothing for a
/// certificate: 3GPP matching is for SIM credentials (EAP-SIM/AKA) only.
fn plmn_note(ap: &Advertisement, cred: &Credential) -> String {
    let plmns = ap
        .anqp
        .as_ref()
        .and_then(|a| a.plmns.as_deref())
        .unwrap_or_default();
    let hit = cred.mcc_mncs.iter().find(|m| {
        plmns.iter().any(|(mcc, mnc)| {
            m.len() == 6 && m[..3] == *mcc && m[3..].trim_start_matches(['F', 'f']) == mnc.as_str()
        })
    });
    match hit {
        Some(m) => format!("; MCC/MNC {m} is in the AP's 3GPP list, but 3GPP selection needs a SIM credential, not a certificate"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::hostapd;
    use super::*;

    fn ap(extra: &str) -> Advertisement {
        hostapd::parse(&format!(
            "ssid=lab-passpoint\ninterworking=1\nhs20=1\n{extra}"
        ))
        .unwrap()
        .remove(0)
    }

    fn cred() -> Credential {
        Credential {
            realms: vec!["example.com".into()],
            home_domain: Some("example.com".into()),
            ois: vec!["5A03BA0000".into()],
            mcc_mncs: vec![],
            roaming_enabled: false,
        }
    }

    #[test]
    fn home_by_realm_and_domain() {
        let p = predict(
            &ap("domain_name=example.com\nnai_realm=0,EXAMPLE.com,13[5:6]\n"),
            &cred(),
        );
        assert_eq!(
            (p.selection, p.joins, p.rule.id),
            (Selection::Home, true, "selection.home")
        );
    }

    #[test]
    fn realm_not_listed_and_only_ttls_peap() {
        let p = predict(
            &ap("domain_name=example.com\nnai_realm=0,other.example,13[5:6]\n"),
            &cred(),
        );
        assert_eq!(p.rule.id, "selection.realm-not-listed");
        assert!(
            p.fix.contains("nai_realm=0,example.com,13[5:6]"),
            "{}",
            p.fix
        );
        let p = predict(
            &ap("domain_name=example.com\nnai_realm=0,example.com,21[2:4][5:7],25[2:4][5:7]\n"),
            &cred(),
        );
        assert_eq!(
            (p.selection, p.rule.id),
            (Selection::NoMatch, "selection.realm-eap-mismatch")
        );
        assert!(p.reason.contains("EAP-TTLS, PEAP"), "{}", p.reason);
    }

    #[test]
    fn realm_entry_without_methods_does_not_match() {
        let p = predict(
            &ap("domain_name=example.com\nnai_realm=0,example.com\n"),
            &cred(),
        );
        assert_eq!(p.rule.id, "selection.realm-eap-mismatch");
    }

    #[test]
    fn oi_match_and_mismatch() {
        let p = predict(
            &ap("domain_name=example.com\nroaming_consortium=5a03ba0000\n"),
            &cred(),
        );
        assert_eq!((p.selection, p.joins), (Selection::Home, true));
        assert!(p.reason.contains("5A03BA0000"));
        let p = predict(
            &ap("domain_name=example.com\nroaming_consortium=001BC50460\n"),
            &cred(),
        );
        assert_eq!(p.rule.id, "selection.oi-mismatch");
        assert!(p.fix.contains("roaming_consortium=5A03BA0000"));
    }

    #[test]
    fn other_operators_domain_is_roaming_and_apple_needs_roaming_enabled() {
        let a = ap("domain_name=operator.example\nnai_realm=0,example.com,13[5:6]\n");
        let p = predict(&a, &cred());
        assert_eq!(
            (p.selection, p.joins, p.rule.id),
            (Selection::Roaming, false, "selection.roaming-not-enabled")
        );
        assert!(p.fix.contains("roamingEnabled"));
        let roaming = Credential {
            roaming_enabled: true,
            ..cred()
        };
        let p = predict(&a, &roaming);
        assert_eq!(
            (p.selection, p.joins, p.rule.id),
            (Selection::Roaming, true, "selection.roaming")
        );
    }

    #[test]
    fn plmn_in_the_3gpp_list_is_named_but_does_not_select() {
        let c = Credential {
            mcc_mncs: vec!["310026".into(), "244F91".into()],
            ..cred()
        };
        let p = predict(
            &ap("nai_realm=0,other.example,13[5:6]\nanqp_3gpp_cell_net=244,91\n"),
            &c,
        );
        assert_eq!(p.selection, Selection::NoMatch);
        assert!(
            p.reason.contains("MCC/MNC 244F91") && p.reason.contains("SIM"),
            "{}",
            p.reason
        );
    }

    #[test]
    fn no_hs20_and_unanswered_anqp() {
        let plain = hostapd::parse("ssid=x\nnai_realm=0,example.com,13[5:6]\n")
            .unwrap()
            .remove(0);
        assert_eq!(
            predict(&plain, &cred()).rule.id,
            "selection.no-hs20-indication"
        );
        let mut hung = ap("");
        hung.anqp = None;
        hung.anqp_unanswered = true;
        assert_eq!(
            predict(&hung, &cred()).rule.id,
            "selection.anqp-no-response"
        );
    }

    #[test]
    fn report_exit_semantics_and_lowercase_oi() {
        let c = Credential {
            ois: vec!["5a03ba0000".into()],
            ..cred()
        };
        let r = run(
            &[
                ap("domain_name=example.com\nnai_realm=0,example.com,13[5:6]\n"),
                ap(""),
            ],
            &c,
        );
        assert!(r.any_joins());
        assert_eq!(r.verdict, Verdict::Warn, "the lowercase OI warns");
        assert!(r
            .findings
            .iter()
            .any(|f| f.rule.id == "settings-oi-lowercase"));
        let r = run(&[ap("")], &cred());
        assert!(!r.any_joins());
        assert_eq!(r.verdict, Verdict::Fail);
    }
}
