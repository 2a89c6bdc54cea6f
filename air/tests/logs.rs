//! `hs20check logs` diagnosis over the lab's recorded runs (tests/lab/fixtures): every scenario's
//! expected outcome, layer and rule, with lab-radius and with hostapd's RADIUS server as the AS.

use hs20_air::logs::{diagnose, Logs};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/lab/fixtures")
}

fn load(parts: &[&str]) -> Logs {
    let mut p = fixtures();
    for x in parts {
        p.push(x);
    }
    Logs::read(&[p]).expect("fixture logs")
}

const EXPECT: &[(&str, &str, &str)] = &[
    ("akm-mismatch", "network-selection", "air.rsn-akm-mismatch"),
    ("eap-tls-unknown-ca", "eap", "air.eap-tls-client-unknown-ca"),
    (
        "gcmp256-group-mismatch",
        "network-selection",
        "air.rsn-group-mismatch",
    ),
    (
        "gcmp256-pairwise-mismatch",
        "network-selection",
        "air.rsn-pairwise-mismatch",
    ),
    ("gcmp256-workaround", "none", "air.connected"),
    (
        "pmf-required-vs-incapable",
        "network-selection",
        "air.rsn-pmf-required",
    ),
    (
        "stale-assoc-group",
        "association",
        "air.assoc-rejected-group-cipher",
    ),
    (
        "stale-assoc-pairwise",
        "association",
        "air.assoc-rejected-pairwise-cipher",
    ),
    ("transition-legacy-client", "none", "air.connected"),
    ("transition-wpa3-client", "none", "air.connected"),
    ("wired-eap-tls", "none", "air.connected"),
    (
        "wired-eap-tls-unknown-ca",
        "eap",
        "air.eap-tls-client-unknown-ca",
    ),
    (
        "wired-radius-wrong-secret",
        "radius",
        "air.radius-bad-secret",
    ),
    ("wpa2-ent-ccmp", "none", "air.connected"),
    ("wpa3-192-2g4", "none", "air.connected"),
    ("wpa3-192-6g", "none", "air.connected"),
    (
        "wpa3-192-p256-cert",
        "eap",
        "air.eap-tls-suiteb-server-cert",
    ),
    (
        "wpa3-192-rsa2048-cert",
        "eap",
        "air.eap-tls-suiteb-server-cert",
    ),
    ("wpa3-ent-only", "none", "air.connected"),
    // Passpoint selection (the station's INTERWORKING-* lines, its bss dump and its cred block)
    ("pp-home", "none", "air.connected"),
    ("pp-oi-match", "none", "air.connected"),
    ("pp-roaming-domain", "none", "air.connected"),
    (
        "pp-realm-not-listed",
        "network-selection",
        "selection.realm-not-listed",
    ),
    (
        "pp-realm-ttls-peap-only",
        "network-selection",
        "selection.realm-eap-mismatch",
    ),
    (
        "pp-oi-mismatch",
        "network-selection",
        "selection.oi-mismatch",
    ),
    (
        "pp-no-hs20",
        "network-selection",
        "selection.no-hs20-indication",
    ),
    (
        "pp-anqp-no-response",
        "network-selection",
        "selection.anqp-no-response",
    ),
    // ---- WPA3-Personal (SAE, SAE-EXT-KEY, FT, 6 GHz; hostapd/wpa_supplicant 2.11) ----
    ("sae-h2e-6g", "none", "air.connected"),
    ("sae-ext-key-g19-6g", "none", "air.connected"),
    ("sae-ext-key-g20-6g", "none", "air.connected"),
    ("sae-ext-key-g21-6g", "none", "air.connected"),
    ("split-akm24-ccmp", "none", "air.connected"),
    ("split-akm8-gcmp256", "none", "air.connected"),
    ("compat-ap-legacy-client", "none", "air.connected"),
    ("compat-ap-wifi7-client", "none", "air.connected"),
    ("sae-h2e-only-6g-hnp-client", "none", "air.connected"),
    ("ft-sae-ext-key-roam", "none", "air.connected"),
    ("wpa3-ent-gcmp256-6g", "none", "air.connected"),
    (
        "akm24-ap-vs-akm8-client",
        "network-selection",
        "air.rsn-akm-mismatch",
    ),
    (
        "sae-gcmp256-group-mismatch",
        "network-selection",
        "air.rsn-group-mismatch",
    ),
    (
        "sae-group-not-enabled",
        "authentication",
        "air.sae-group-unsupported",
    ),
    (
        "sae-h2e-only-5g-hnp-client",
        "network-selection",
        "air.sae-h2e-only-skipped",
    ),
    (
        "sae-h2e-only-5g-forced-hnp",
        "authentication",
        "air.sae-pwe-rejected",
    ),
    (
        "sae-wrong-password",
        "authentication",
        "air.sae-confirm-mismatch",
    ),
    (
        "sae-pmf-disabled-client-6g",
        "network-selection",
        "air.rsn-pmf-required",
    ),
];

#[test]
fn every_recorded_run_gets_its_expected_layer_and_rule() {
    let have: std::collections::BTreeSet<String> = std::fs::read_dir(fixtures().join("runs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(have, EXPECT.iter().map(|e| e.0.to_string()).collect());
    for (name, layer, rule) in EXPECT {
        let r = diagnose(&load(&["runs", name]), None);
        let s = &r.stations[0];
        assert_eq!((s.layer, s.rule), (*layer, *rule), "{name}: {}", s.cause);
        assert_eq!(
            s.outcome,
            if *layer == "none" {
                "connected"
            } else {
                "not-connected"
            },
            "{name}"
        );
        assert!(!s.cause.contains('\n'), "{name}");
        if matches!(*layer, "eap" | "radius") {
            assert!(
                s.evidence
                    .iter()
                    .any(|e| e.what.starts_with("lab-radius ") && e.line.is_some()),
                "{name}: lab-radius must explain it: {:?}",
                s.evidence
            );
        }
    }
}

#[test]
fn hostapd_as_runs() {
    for (name, layer, rule) in EXPECT {
        let dir = fixtures().join("runs-hostapd-as").join(name);
        if !dir.exists() {
            continue;
        }
        let r = diagnose(&Logs::read(&[dir]).unwrap(), None);
        assert_eq!(
            (r.stations[0].layer, r.stations[0].rule),
            (*layer, *rule),
            "{name}: {}",
            r.stations[0].cause
        );
    }
}

#[test]
fn connected_runs_report_what_was_negotiated() {
    for name in ["wpa3-192-2g4", "wpa3-192-6g"] {
        let r = diagnose(&load(&["runs", name]), None);
        let n = &r.negotiated;
        assert_eq!(n["akm"], "WPA2-EAP-SUITE-B-192");
        assert_eq!(
            (
                n["pairwise"].as_str(),
                n["group"].as_str(),
                n["mgmt"].as_str()
            ),
            ("GCMP-256", "GCMP-256", "BIP-GMAC-256")
        );
        assert_eq!(n["tls"], "TLSv1.2/ECDHE-ECDSA-AES256-GCM-SHA384");
        assert_eq!(r.stations[0].mac.to_string(), "02:00:00:00:01:00");
    }
    assert_eq!(
        diagnose(&load(&["runs", "wpa3-192-6g"]), None).negotiated["freq"],
        "5975"
    );
    assert_eq!(
        diagnose(&load(&["runs", "transition-legacy-client"]), None).negotiated["mgmt"],
        "none"
    );
    assert_eq!(
        diagnose(&load(&["runs", "wpa3-ent-only"]), None).negotiated["mgmt"],
        "BIP-CMAC-128"
    );
}

#[test]
fn notes_excerpts() {
    let b1 = diagnose(&load(&["notes", "b1-gcmp-noscan"]), None);
    let s = &b1.stations[0];
    assert_eq!(s.rule, "air.rsn-pairwise-mismatch");
    assert!(
        s.cause
            .contains("the AP offers only GCMP-256 as pairwise cipher"),
        "{}",
        s.cause
    );
    assert!(
        s.cause.contains("station supports only CCMP-128"),
        "{}",
        s.cause
    );
    assert!(!s.cause.contains("MFP"));
    assert!(s
        .evidence
        .iter()
        .any(|e| e.what == "CTRL-EVENT-NETWORK-NOT-FOUND"));
    let b2 = diagnose(&load(&["notes", "b2-gcmp-grp-noscan"]), None);
    assert!(b2.stations[0].cause.contains("group cipher is GCMP-256"));
    let b3 = diagnose(&load(&["notes", "b3-assocreject-41"]), None);
    let s = &b3.stations[0];
    assert_eq!(
        (s.layer, s.rule),
        ("association", "air.assoc-rejected-group-cipher")
    );
    assert!(
        s.cause.contains("status 41 (invalid group cipher)"),
        "{}",
        s.cause
    );
    assert!(
        s.cause
            .contains("Invalid WPA group cipher (0x10 = CCMP-128)"),
        "{}",
        s.cause
    );
    assert!(s.cause.contains("AP now uses GCMP-256"), "{}", s.cause);
    let b4 = diagnose(&load(&["notes", "b4-assocreject-42"]), None);
    assert_eq!(b4.stations[0].rule, "air.assoc-rejected-pairwise-cipher");
    // the status from the AP's frame dump when the station's line lacks it
    let mut logs = load(&["notes", "b3-assocreject-41"]);
    let w = logs.text("wpas.log").replace(" status_code=41", "");
    logs.add("wpas.log", &w);
    assert!(diagnose(&logs, None).stations[0]
        .cause
        .contains("status 41"));
}

#[test]
fn unknown_ca_names_the_rogue_issuer_and_a_timeout_says_what_to_do() {
    for name in ["eap-tls-unknown-ca", "wired-eap-tls-unknown-ca"] {
        let r = diagnose(&load(&["runs", name]), None);
        assert!(r.stations[0].cause.contains("Rogue Root CA"), "{name}");
    }
    let mut logs = load(&["runs", "wired-eap-tls"]);
    let w: String = logs
        .text("wpas.log")
        .lines()
        .filter(|l| !l.contains("CTRL-EVENT-"))
        .collect::<Vec<_>>()
        .join("\n");
    logs.add("wpas.log", &w);
    let r = diagnose(&logs, Some(1.0));
    let s = &r.stations[0];
    assert_eq!(
        (s.outcome, s.layer, s.rule),
        ("not-connected", "unknown", "air.timeout")
    );
    assert!(s.cause.contains("within 1 s"));
    assert!(s.fix.contains("raise LAB_TIMEOUT"));
}

#[test]
fn syslog_prefixes_are_stripped() {
    assert_eq!(
        hs20_air::logs::strip(
            "Nov 29 03:12:01 host wpa_supplicant[123]: wlan0: CTRL-EVENT-CONNECTED - Connection"
        ),
        "CTRL-EVENT-CONNECTED - Connection"
    );
    assert_eq!(
        hs20_air::logs::strip("1795678031.928031: wlan1: skip RSN IE - x"),
        "skip RSN IE - x"
    );
}

#[test]
fn logread_prefixes_and_files_named_anything() {
    assert_eq!(
        hs20_air::logs::strip("Sun Nov 29 03:12:01 2026 daemon.info hostapd: wlan0: AP-ENABLED"),
        "AP-ENABLED"
    );
    // a wpa_supplicant log under another name, with syslog prefixes: the role comes from the content
    let src = fixtures().join("notes/b1-gcmp-noscan/wpas.log");
    let text = std::fs::read_to_string(src).unwrap();
    let dir = std::env::temp_dir().join(format!("hs20-air-logs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("station-debug.txt");
    let syslog: String = std::iter::once(
        "Nov 29 03:12:00 host wpa_supplicant[99]: wpa_supplicant v2.10\n".to_string(),
    )
    .chain(text.lines().map(|l| {
        format!(
            "Nov 29 03:12:01 host wpa_supplicant[99]: {}\n",
            hs20_air::logs::strip(l)
        )
    }))
    .collect();
    std::fs::write(&f, syslog).unwrap();
    let r = diagnose(&Logs::read(&[&f]).unwrap(), None);
    assert_eq!(
        (r.stations[0].layer, r.stations[0].rule),
        ("network-selection", "air.rsn-pairwise-mismatch"),
        "{}",
        r.stations[0].cause
    );
    assert!(r.stations[0].evidence[0]
        .file
        .ends_with("station-debug.txt"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(Logs::read(&[dir]).is_err());
}

#[test]
fn odd_logs_never_panic() {
    let runs = fixtures().join("runs");
    let mut seed = 0x9e37_79b9u32;
    for name in [
        "stale-assoc-group",
        "akm-mismatch",
        "wpa3-192-p256-cert",
        "wired-radius-wrong-secret",
    ] {
        let logs = load(&["runs", name]);
        // every file cut at random points, lines shuffled out, empty config values
        for _ in 0..20 {
            let mut l = logs.clone();
            for (role, text) in logs.files.iter() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let cut = (seed as usize) % (text.len() + 1);
                let cut = (0..=cut)
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                l.add(role, &text[..cut]);
            }
            l.add(
                "sta.conf",
                "network={\n pairwise=\n group=\n key_mgmt=\n}\n",
            );
            l.add("ap.conf", "wpa_key_mgmt=\nrsn_pairwise=\n");
            let _ = diagnose(&l, Some(1.0));
        }
    }
    let _ = runs;
    let mut empty = Logs::default();
    empty.add("wpas.log", "skip RSN IE - PTK cipher mismatch\nCTRL-EVENT-ASSOC-REJECT status_code=99999999999\nhexdump(len=3): 10 00 00");
    let r = diagnose(&empty, None);
    assert_eq!(r.stations[0].layer, "network-selection");
}

#[test]
fn sae_runs_report_group_h2e_mic_length_and_ft_roam() {
    // SAE-EXT-KEY (AKM 24): the EAPOL-Key MIC length follows the SAE group (16/24/32 octets)
    for (name, group, mic) in [
        ("sae-ext-key-g19-6g", "19", "16"),
        ("sae-ext-key-g20-6g", "20", "24"),
        ("sae-ext-key-g21-6g", "21", "32"),
    ] {
        let r = diagnose(&load(&["runs", name]), None);
        let n = &r.negotiated;
        assert_eq!(
            (
                n["akm"].as_str(),
                n["pairwise"].as_str(),
                n["group"].as_str(),
                n["mgmt"].as_str()
            ),
            ("SAE-EXT-KEY", "GCMP-256", "GCMP-256", "BIP-GMAC-256"),
            "{name}"
        );
        assert_eq!(
            (
                n["sae_group"].as_str(),
                n["sae_h2e"].as_str(),
                n["mic_len"].as_str()
            ),
            (group, "1", mic),
            "{name}"
        );
        assert!(
            r.stations[0]
                .cause
                .contains(&format!("EAPOL-Key MIC {mic} octets")),
            "{name}: {}",
            r.stations[0].cause
        );
    }
    // the compatibility AP: each client ends up with what it supports
    let legacy = diagnose(&load(&["runs", "compat-ap-legacy-client"]), None).negotiated;
    assert_eq!(
        (legacy["akm"].as_str(), legacy["pairwise"].as_str()),
        ("SAE", "CCMP")
    );
    let wifi7 = diagnose(&load(&["runs", "compat-ap-wifi7-client"]), None).negotiated;
    assert_eq!(
        (
            wifi7["akm"].as_str(),
            wifi7["pairwise"].as_str(),
            wifi7["group"].as_str()
        ),
        ("SAE-EXT-KEY", "GCMP-256", "CCMP")
    );
    // on 6 GHz a sae_pwe=0 client still uses hash-to-element
    let hnp = diagnose(&load(&["runs", "sae-h2e-only-6g-hnp-client"]), None).negotiated;
    assert_eq!(hnp["sae_h2e"], "1");
    // FT-SAE-EXT-KEY: the second connection came through FT authentication
    let ft = diagnose(&load(&["runs", "ft-sae-ext-key-roam"]), None);
    assert_eq!(ft.negotiated["akm"], "FT-SAE-EXT-KEY");
    assert_eq!(ft.negotiated["roam"], "ft");
    assert!(
        ft.stations[0].cause.contains("FT roam to"),
        "{}",
        ft.stations[0].cause
    );
}

#[test]
fn sae_failures_name_the_setting_to_change() {
    let cause = |name: &str| {
        let r = diagnose(&load(&["runs", name]), None);
        (r.stations[0].cause.clone(), r.stations[0].fix.clone())
    };
    let (c, f) = cause("sae-group-not-enabled");
    assert!(
        c.contains("status 77") && c.contains("21") && c.contains("19 20"),
        "{c}"
    );
    assert!(f.contains("sae_groups"), "{f}");
    let (c, _) = cause("sae-wrong-password");
    assert!(c.contains("status 15"), "{c}");
    let (c, f) = cause("sae-h2e-only-5g-forced-hnp");
    assert!(c.contains("status 1") && c.contains("sae_pwe=3"), "{c}");
    assert!(f.contains("sae_pwe=2"), "{f}");
    let (_, f) = cause("akm24-ap-vs-akm8-client");
    assert!(f.contains("SAE SAE-EXT-KEY"), "{f}");
    let (_, f) = cause("sae-pmf-disabled-client-6g");
    assert!(f.contains("6 GHz"), "{f}");
}
