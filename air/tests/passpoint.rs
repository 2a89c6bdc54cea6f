//! Passpoint selection over the lab's recorded Passpoint runs: the prediction from the recorded
//! capture (beacons + GAS/ANQP) and wpa_supplicant's logged selection agree with the scenario table
//! (tests/lab/labkit/scenarios.py, PASSPOINT_SCENARIOS).

use hs20_air::logs::{diagnose, Logs};
use hs20_air::passpoint::{capture, select, Credential};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/lab/fixtures")
}

/// PASSPOINT_CRED as `hs20check match --realm example.com --roaming-consortium 5A03BA0000` sees it.
fn apple_settings() -> Credential {
    Credential {
        realms: vec!["example.com".into()],
        home_domain: Some("example.com".into()),
        ois: vec!["5A03BA0000".into()],
        mcc_mncs: vec![],
        roaming_enabled: false,
    }
}

/// (scenario, wpa_supplicant's selection, Apple joins, rule of the prediction)
const EXPECT: &[(&str, &str, bool, &str)] = &[
    ("pp-home", "home", true, "selection.home"),
    ("pp-oi-match", "home", true, "selection.home"),
    (
        "pp-roaming-domain",
        "roaming",
        false,
        "selection.roaming-not-enabled",
    ),
    (
        "pp-realm-not-listed",
        "no-match",
        false,
        "selection.realm-not-listed",
    ),
    (
        "pp-realm-ttls-peap-only",
        "no-match",
        false,
        "selection.realm-eap-mismatch",
    ),
    ("pp-oi-mismatch", "no-match", false, "selection.oi-mismatch"),
    (
        "pp-no-hs20",
        "no-match",
        false,
        "selection.no-hs20-indication",
    ),
    (
        "pp-anqp-no-response",
        "no-match",
        false,
        "selection.anqp-no-response",
    ),
];

#[test]
fn capture_prediction_and_logged_selection_agree() {
    for (name, selection, joins, rule) in EXPECT {
        let pcap = fixtures()
            .join("captures-passpoint")
            .join(name)
            .join("air.pcap");
        let aps = capture::read(std::fs::File::open(&pcap).unwrap()).unwrap();
        assert_eq!(aps.len(), 1, "{name}");
        let p = select::predict(&aps[0], &apple_settings());
        assert_eq!(
            (p.selection.as_str(), p.joins, p.rule.id),
            (*selection, *joins, *rule),
            "{name}: {}",
            p.reason
        );
        let logs = Logs::read(&[fixtures().join("runs").join(name)]).unwrap();
        let r = diagnose(&logs, None);
        assert_eq!(r.selection.as_deref(), Some(*selection), "{name}");
    }
}

#[test]
fn capture_carries_the_advertised_anqp_elements() {
    let pcap = fixtures().join("captures-passpoint/pp-home/air.pcap");
    let ap = capture::read(std::fs::File::open(pcap).unwrap())
        .unwrap()
        .remove(0);
    assert!(ap.interworking && ap.hs20_indication);
    let anqp = ap.anqp.unwrap();
    let realm = &anqp.nai_realms.unwrap()[0];
    assert_eq!(realm.realms, vec!["example.com"]);
    assert_eq!(realm.eap_methods[0].method, 13);
    assert_eq!(realm.eap_methods[0].auth_params, vec![(5, vec![6])]);
    assert_eq!(anqp.domain_names, Some(vec!["example.com".to_string()]));
}
