//! Real captures recorded by the lab: `tests/lab/run.sh netns` runs tcpdump on the veth and on the
//! authenticator's loopback (wired IEEE 802.1X EAPOL over Ethernet, RADIUS/UDP at the server); the
//! qemu guest runs tcpdump on hwsim0 (radiotap + 802.11 of both radios: `air.pcap`).

use hs20_air::{diagnose, model, Options, Report};
use hs20_core::x509::CertFacts;
use std::path::PathBuf;

fn file(scenario: &str, name: &str) -> PathBuf {
    // captures recorded outside the lab's scenario table (tls13-keylog) live with this crate
    let own = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(scenario);
    if own.is_dir() {
        return own.join(name);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/lab/fixtures/captures")
        .join(scenario)
        .join(name)
}

fn run(scenario: &str, name: &str, opts: Options) -> Report {
    let p = file(scenario, name);
    let f = std::fs::File::open(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let (cap, s) = model::read(name, f, |_| {}).expect("readable capture");
    diagnose(&cap, s, &opts)
}

const EXPECT: &[(&str, &str, &str, &str)] = &[
    ("wired-eap-tls", "wired.pcap", "none", "air.connected"),
    ("wired-eap-tls", "radius.pcap", "none", "air.connected"),
    (
        "wired-eap-tls-unknown-ca",
        "wired.pcap",
        "eap",
        "air.eap-tls-client-unknown-ca",
    ),
    (
        "wired-eap-tls-unknown-ca",
        "radius.pcap",
        "eap",
        "air.eap-tls-client-unknown-ca",
    ),
    // the air cannot see the secret: the AS's silence is what it shows
    (
        "wired-radius-wrong-secret",
        "wired.pcap",
        "radius",
        "air.radius-no-response",
    ),
    (
        "wired-radius-wrong-secret",
        "radius.pcap",
        "radius",
        "air.radius-no-response",
    ),
    // ---- WPA3-Personal over mac80211_hwsim (hostapd/wpa_supplicant 2.11): radiotap from hwsim0 ----
    (
        "sae-group-not-enabled",
        "air.pcap",
        "authentication",
        "air.sae-group-unsupported",
    ),
    (
        "sae-wrong-password",
        "air.pcap",
        "authentication",
        "air.sae-confirm-mismatch",
    ),
    (
        "sae-h2e-only-5g-forced-hnp",
        "air.pcap",
        "authentication",
        "air.sae-pwe-rejected",
    ),
    (
        "sae-h2e-only-5g-hnp-client",
        "air.pcap",
        "network-selection",
        "air.sae-h2e-only-skipped",
    ),
    ("ft-sae-ext-key-roam", "air.pcap", "none", "air.connected"),
    ("sae-ext-key-g21-6g", "air.pcap", "none", "air.connected"),
];

#[test]
fn every_recorded_capture_gets_its_layer_and_rule() {
    for (scenario, name, layer, rule) in EXPECT {
        let r = run(scenario, name, Options::default());
        assert_eq!(r.stations.len(), 1, "{scenario}/{name}");
        let s = &r.stations[0];
        assert_eq!(
            (s.layer, s.rule),
            (*layer, *rule),
            "{scenario}/{name}: {}",
            s.cause
        );
        assert!(s
            .evidence
            .iter()
            .all(|e| e.frame.is_some_and(|f| f <= r.input.frames)));
        assert!(r.input.stopped.is_none());
    }
}

#[test]
fn the_unknown_ca_failure_shows_the_handshake_in_the_clear() {
    let r = run("wired-eap-tls-unknown-ca", "wired.pcap", Options::default());
    let s = &r.stations[0];
    assert_eq!(s.identity.as_deref(), Some("mallory@example.com"));
    let tls = s.tls.as_ref().unwrap();
    assert_eq!(tls.client_hello.as_ref().unwrap().versions, vec!["TLS 1.2"]);
    assert_eq!(tls.server_chain_frame, Some(15));
    assert!(tls
        .alerts
        .iter()
        .any(|a| !a.from_station && a.description == "unknown_ca" && a.frame == 17));
    assert!(s
        .evidence
        .iter()
        .any(|e| e.frame == Some(19) && e.what == "EAP-Failure"));
}

#[test]
fn the_server_chain_goes_through_the_trusted_server_name_rules_at_capture_time() {
    let root = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../certs/root-ca.pem"),
    )
    .unwrap();
    let ders = hs20_core::x509::pem::certificates(root.as_bytes()).unwrap();
    let anchors: Vec<CertFacts> = ders
        .iter()
        .map(|d| CertFacts::from_der(d).unwrap())
        .collect();
    let opts = |name: &str| Options {
        anchors: anchors.clone(),
        trusted_names: vec![name.into()],
        ..Options::default()
    };
    let bad = run("wired-eap-tls", "radius.pcap", opts("example.com"));
    let f = bad
        .findings
        .iter()
        .find(|f| f.rule.id == "server-name-mismatch")
        .expect("server-name-mismatch");
    assert!(f.detail.contains("radius.example.com"), "{}", f.detail);
    assert_eq!(bad.stations[0].rule, "air.connected");
    let good = run("wired-eap-tls", "radius.pcap", opts("radius.example.com"));
    assert!(
        !good
            .findings
            .iter()
            .any(|f| f.rule.id == "server-name-mismatch"),
        "{:?}",
        good.findings
    );
}

#[test]
fn the_192_bit_join_from_the_air() {
    let r = run("wpa3-192-2g4", "air.pcap", Options::default());
    let s = &r.stations[0];
    let a = s.advertised.as_ref().unwrap();
    assert_eq!(a.akms, vec!["802.1X Suite-B-192 (WPA-EAP-SUITE-B-192)"]);
    assert_eq!(
        (a.pmf, a.group_mgmt.as_deref()),
        ("required", Some("BIP-GMAC-256"))
    );
    assert_eq!(
        s.chosen.as_ref().unwrap().pairwise.as_deref(),
        Some("GCMP-256")
    );
    assert!(
        s.cause
            .contains("TLS 1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
        "{}",
        s.cause
    );
    // AKM 12 needs a 24-byte EAPOL-Key MIC: no air.4way-mic-length finding
    assert!(s
        .ladder
        .iter()
        .any(|e| e.what.contains("M2") && e.what.contains("MIC 24 bytes")));
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule.id == "air.4way-mic-length"));
    // hostapd's start-up and teardown broadcast deauthentications are not part of the attempt
    assert_eq!(s.outcome, "connected");
}

/// hostapd's own EAP server sends EAP-Failure without a TLS alert: the air still shows that it
/// stopped right after the station's certificate.
#[test]
fn hostapd_as_rejecting_the_client_certificate_without_an_alert() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/lab/fixtures/captures-hostapd-as/wired-eap-tls-unknown-ca/wired.pcap");
    let (cap, s) = model::read("wired.pcap", std::fs::File::open(p).unwrap(), |_| {}).unwrap();
    let r = diagnose(&cap, s, &Options::default());
    let st = &r.stations[0];
    assert_eq!(
        (st.layer, st.rule),
        ("eap", "air.eap-tls-client-unknown-ca"),
        "{}",
        st.cause
    );
    assert!(st.cause.contains("without a TLS alert"));
    assert!(st.tls.as_ref().unwrap().alerts.is_empty());
}

/// lab-radius `--tls-keylog` and eapol_test with TLS 1.3 only (TLS13_AES_256_GCM_SHA384, so the
/// SHA-384 key schedule), RADIUS captured on loopback (`tcpdump -i lo udp port 1812`):
/// `tests/fixtures/tls13-keylog/radius.pcap` and the key log lab-radius wrote for that session,
/// `keylog.txt`.
fn tls13_keylog() -> hs20_air::keylog::KeyLog {
    let text = std::fs::read(file("tls13-keylog", "keylog.txt")).unwrap();
    hs20_air::keylog::KeyLog::parse(&text).unwrap()
}

#[test]
fn tls13_without_a_key_log_is_encrypted_on_the_air() {
    let r = run("tls13-keylog", "radius.pcap", Options::default());
    let s = &r.stations[0];
    assert_eq!(s.rule, "air.connected", "{}", s.cause);
    let tls = s.tls.as_ref().unwrap();
    assert!(tls.server_hello.as_ref().unwrap().tls13);
    assert!(tls.server_chain.is_empty() && tls.decryption.is_none());
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.id == "air.eap-tls13-encrypted"));
}

#[test]
fn tls13_with_the_key_log_reads_the_server_chain_and_its_trusted_server_names() {
    let opts = |names: Vec<String>| Options {
        keylog: Some(tls13_keylog()),
        trusted_names: names,
        ..Options::default()
    };
    let r = run("tls13-keylog", "radius.pcap", opts(vec![]));
    let s = &r.stations[0];
    assert_eq!(s.rule, "air.connected", "{}", s.cause);
    let tls = s.tls.as_ref().unwrap();
    let d = tls.decryption.as_ref().unwrap();
    assert!(d.matched && d.records > 0 && d.failed == 0, "{d:?}");
    assert!(tls.decrypted());
    assert_eq!(tls.server_chain.len(), 2);
    let leaf = CertFacts::from_der(&tls.server_chain[0]).unwrap();
    assert!(
        leaf.subject.contains("CN=radius.example.com"),
        "{}",
        leaf.subject
    );
    // the client's certificate, sent under the client handshake traffic secret
    assert!(!tls.client_chain.is_empty());
    assert!(tls.server_chain_frame.is_some() && tls.client_chain_frame.is_some());
    assert!(tls.alerts.is_empty());
    assert!(
        !r.findings
            .iter()
            .any(|f| f.rule.id == "air.eap-tls13-encrypted"),
        "{:?}",
        r.findings
    );
    let bad = run(
        "tls13-keylog",
        "radius.pcap",
        opts(vec!["wrong.example.com".into()]),
    );
    let f = bad
        .findings
        .iter()
        .find(|f| f.rule.id == "server-name-mismatch")
        .expect("server-name-mismatch");
    assert!(f.detail.contains("radius.example.com"), "{}", f.detail);
    assert!(
        f.detail.contains("decrypted with the key log"),
        "{}",
        f.detail
    );
    let good = run(
        "tls13-keylog",
        "radius.pcap",
        opts(vec!["radius.example.com".into()]),
    );
    assert!(!good
        .findings
        .iter()
        .any(|f| f.rule.id == "server-name-mismatch"));
}

#[test]
fn tls13_with_a_key_log_of_another_session_says_so() {
    let other = format!(
        "SERVER_HANDSHAKE_TRAFFIC_SECRET {} {}\n",
        "ab".repeat(32),
        "cd".repeat(48)
    );
    let r = run(
        "tls13-keylog",
        "radius.pcap",
        Options {
            keylog: Some(hs20_air::keylog::KeyLog::parse(other.as_bytes()).unwrap()),
            ..Options::default()
        },
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule.id == "air.eap-tls13-encrypted")
        .expect("still encrypted");
    assert!(
        f.detail.contains("no secrets for this ClientHello"),
        "{}",
        f.detail
    );
}

/// The same TLS 1.3 lab session against a lab-radius whose --ca does not issue alice's
/// certificate: the server's unknown_ca alert is encrypted; with the key log it is read and the
/// diagnosis is the one the TLS 1.2 path gives.
#[test]
fn tls13_alert_decrypted_with_the_key_log() {
    let plain = run("tls13-keylog", "radius-unknown-ca.pcap", Options::default());
    assert_eq!(plain.stations[0].rule, "air.radius-access-reject");
    let text = std::fs::read(file("tls13-keylog", "keylog-unknown-ca.txt")).unwrap();
    let r = run(
        "tls13-keylog",
        "radius-unknown-ca.pcap",
        Options {
            keylog: Some(hs20_air::keylog::KeyLog::parse(&text).unwrap()),
            ..Options::default()
        },
    );
    let s = &r.stations[0];
    assert_eq!(
        (s.layer, s.rule),
        ("eap", "air.eap-tls-client-unknown-ca"),
        "{}",
        s.cause
    );
    let tls = s.tls.as_ref().unwrap();
    assert!(tls
        .alerts
        .iter()
        .any(|a| !a.from_station && a.fatal && a.description == "unknown_ca" && a.decrypted));
    assert!(s
        .evidence
        .iter()
        .any(|e| e.what == "server: TLS alert unknown_ca (decrypted with the key log)"));
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule.id == "air.eap-tls13-encrypted"));
}

#[test]
fn sae_ext_key_group_21_from_the_air() {
    // AKM 24 with SAE group 21: the EAPOL-Key MIC is 32 octets, and the reader finds no MIC-length
    // warning (air.4way-mic-length) on a correct handshake
    let r = run("sae-ext-key-g21-6g", "air.pcap", Options::default());
    let s = &r.stations[0];
    assert_eq!(s.rule, "air.connected", "{}", s.cause);
    assert!(s.cause.contains("SAE-EXT-KEY"), "{}", s.cause);
    assert!(
        r.findings
            .iter()
            .all(|f| f.rule.id != "air.4way-mic-length"),
        "{:?}",
        r.findings.iter().map(|f| f.rule.id).collect::<Vec<_>>()
    );
}

#[test]
fn ft_roam_from_the_air() {
    // the second BSS is joined by FT authentication + reassociation, without a 4-way handshake
    let r = run("ft-sae-ext-key-roam", "air.pcap", Options::default());
    let s = &r.stations[0];
    assert_eq!(s.rule, "air.connected", "{}", s.cause);
    assert!(s.cause.contains("FT reassociation complete"), "{}", s.cause);
}
