//! `hs20check match` as scripts meet it: the JSON shape, exit 0 / 1 / 2, both AP sources (the lab's
//! rendered hostapd.conf of a Passpoint scenario and its recorded capture), both credential sources
//! (settings flags and a .mobileconfig), and unreadable input naming the file.

mod common;

use common::{hs20check, Run};
use std::path::PathBuf;

/// `hs20check match ARGS --format json`.
fn match_json(args: &[&str]) -> Run {
    let mut all = vec!["match"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    hs20check(&all)
}

fn lab(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/lab/fixtures")
        .join(rel)
        .display()
        .to_string()
}

fn corpus(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/profiles/corpus")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn json_shape_and_exit_zero_for_the_home_ap() {
    let conf = lab("runs/pp-home/ap.conf");
    let r = match_json(&["--ap-config", &conf, "--realm", "example.com"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["verdict"], "pass");
    let ap = &j["aps"][0];
    for key in [
        "bssid",
        "ssid",
        "selection",
        "joins",
        "rule",
        "reason",
        "fix",
    ] {
        assert!(ap.get(key).is_some(), "aps[0].{key} missing: {ap}");
    }
    assert_eq!(ap["selection"], "home");
    assert_eq!(ap["joins"], true);
    assert_eq!(ap["rule"], "selection.home");
    assert_eq!(ap["ssid"], "lab-passpoint");
    assert!(j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "selection.home"));
}

#[test]
fn roaming_match_exits_one_until_roaming_is_enabled() {
    let conf = lab("runs/pp-roaming-domain/ap.conf");
    let r = match_json(&["--ap-config", &conf, "--realm", "example.com"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = r.json();
    assert_eq!(j["verdict"], "fail");
    assert_eq!(j["aps"][0]["selection"], "roaming");
    assert_eq!(j["aps"][0]["joins"], false);
    assert_eq!(j["aps"][0]["rule"], "selection.roaming-not-enabled");
    let r = match_json(&["--ap-config", &conf, "--realm", "example.com", "--roaming"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.json()["aps"][0]["rule"], "selection.roaming");
}

#[test]
fn capture_source_names_the_bssid_and_the_fix_on_the_ap() {
    let pcap = lab("captures-passpoint/pp-realm-ttls-peap-only/air.pcap");
    let r = match_json(&["--capture", &pcap, "--realm", "example.com"]);
    assert_eq!(r.code, 1);
    let ap = &r.json()["aps"][0];
    assert_eq!(ap["bssid"], "02:00:00:00:00:00");
    assert_eq!(ap["rule"], "selection.realm-eap-mismatch");
    assert!(ap["fix"]
        .as_str()
        .unwrap()
        .contains("nai_realm=0,example.com,13[5:6]"));
    // the human form says the same
    let r = hs20check(&["match", "--capture", &pcap, "--realm", "example.com"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("no-match") && r.stdout.contains("selection.realm-eap-mismatch"),
        "{}",
        r.stdout
    );
}

#[test]
fn oi_flags_lowercase_warns_and_uppercase_fix_is_named() {
    let conf = lab("runs/pp-oi-match/ap.conf");
    let r = match_json(&[
        "--ap-config",
        &conf,
        "--realm",
        "example.com",
        "--roaming-consortium",
        "5a03ba0000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let j = r.json();
    assert_eq!(j["verdict"], "warn");
    assert!(j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "settings-oi-lowercase"
            && f["fix"].as_str().unwrap().contains("5A03BA0000")));
}

#[test]
fn mobileconfig_credential() {
    // good.mobileconfig: DomainName and NAIRealmNames example.com, ServiceProviderRoamingEnabled true
    let profile = corpus("good.mobileconfig");
    let r = match_json(&[
        "--ap-config",
        &lab("runs/pp-roaming-domain/ap.conf"),
        "--profile",
        &profile,
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let ap = &r.json()["aps"][0];
    assert_eq!(
        (ap["selection"].as_str(), ap["joins"].as_bool()),
        (Some("roaming"), Some(true))
    );
    let r = hs20check(&[
        "match",
        "--ap-config",
        &lab("runs/pp-realm-not-listed/ap.conf"),
        "--profile",
        &profile,
    ]);
    assert_eq!(r.code, 1);
}

#[test]
fn unreadable_input_exits_two_naming_the_file() {
    let r = hs20check(&[
        "match",
        "--ap-config",
        "/nonexistent/hostapd.conf",
        "--realm",
        "example.com",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("/nonexistent/hostapd.conf"),
        "{}",
        r.stderr
    );
    let dir = std::env::temp_dir().join(format!("hs20check-match-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.conf");
    std::fs::write(&bad, "ssid=x\nnai_realm=0,example.com,13[5:6\n").unwrap();
    let r = hs20check(&[
        "match",
        "--ap-config",
        bad.to_str().unwrap(),
        "--realm",
        "example.com",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad.conf") && r.stderr.contains("line 2"),
        "{}",
        r.stderr
    );
    let notpcap = dir.join("not.pcap");
    std::fs::write(&notpcap, "hello").unwrap();
    let r = hs20check(&[
        "match",
        "--capture",
        notpcap.to_str().unwrap(),
        "--realm",
        "example.com",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not.pcap"), "{}", r.stderr);
    let r = hs20check(&[
        "match",
        "--ap-config",
        &lab("runs/pp-home/ap.conf"),
        "--profile",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.conf"), "{}", r.stderr);
    std::fs::remove_dir_all(&dir).ok();
}
