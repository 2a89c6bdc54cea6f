//! Generated .mobileconfig: passes our lint and Apple's schema, reads back with an independent
//! plist parser (Python's plistlib), carries a 3DES/SHA-1 PKCS#12 (checked by openssl), stable UUIDs.

mod common;

use common::*;
use hs20_core::rules::catalogue;
use hs20_profiles::lint::{lint, LintOptions};
use hs20_profiles::{mobileconfig, schema::IosVersion, TlsVersion};

/// Observations a good generated profile may carry: informational facts only.
const EXPECTED_INFO: &[&str] = &[
    catalogue::MC_UNSIGNED.id,
    catalogue::MC_PKCS12_NO_PASSWORD.id,
    catalogue::MC_PKCS12_PASSWORD_IN_PROFILE.id,
];

fn profile_xml(spec: &hs20_profiles::ProfileSpec) -> Vec<u8> {
    mobileconfig::to_xml(&mobileconfig::build(spec).unwrap())
}

#[test]
fn generated_profiles_pass_lint_and_schema() {
    let mut variants = vec![demo_spec()];
    let mut s = demo_spec();
    s.roaming_consortium_ois = vec!["5a03ba0000".into(), "001bc50460".into()];
    s.nai_realms = vec!["example.com".into()];
    s.mcc_mnc = vec!["310410".into()];
    s.ssid = Some("Example-Enterprise".into());
    s.embed_password = true;
    variants.push(s);
    let mut s = demo_spec();
    s.tls_max = TlsVersion::V1_3;
    s.tls_min = TlsVersion::V1_3;
    variants.push(s);
    for (i, spec) in variants.iter().enumerate() {
        let xml = profile_xml(spec);
        let opts = LintOptions {
            min_ios: IosVersion::parse("17.0").unwrap(),
            ..Default::default()
        };
        let out = lint(&xml, "generated", &opts).unwrap();
        let unexpected: Vec<_> = out
            .observations
            .iter()
            .filter(|o| !EXPECTED_INFO.contains(&o.rule.id))
            .collect();
        assert!(unexpected.is_empty(), "variant {i}: {unexpected:#?}");
        let facts = out.profile.unwrap();
        assert_eq!(facts.identities.len(), 1);
        assert!(facts
            .networks
            .iter()
            .all(|n| n.anchor_certificates.len() == 1 && n.eap_types == [13]));
        assert!(facts.removal_date.is_some());
    }
}

#[test]
fn rcois_and_realms_go_to_separate_passpoint_payloads_uppercased() {
    let mut s = demo_spec();
    s.roaming_consortium_ois = vec!["5a03ba0000".into()];
    s.nai_realms = vec!["example.com".into()];
    let out = lint(&profile_xml(&s), "g", &LintOptions::default()).unwrap();
    let nets = out.profile.unwrap().networks;
    assert_eq!(nets.len(), 2);
    assert_eq!(nets[0].roaming_consortium_ois, ["5A03BA0000"]);
    assert!(nets[0].nai_realm_names.is_empty());
    assert_eq!(nets[1].nai_realm_names, ["example.com"]);
    assert!(nets
        .iter()
        .all(|n| n.domain_name.as_deref() == Some("example.com") && n.is_hotspot));
}

#[test]
fn same_input_gives_same_uuids_unless_fresh() {
    let a = mobileconfig::build(&demo_spec()).unwrap();
    let b = mobileconfig::build(&demo_spec()).unwrap();
    let uuids = |d: &plist::Dictionary| -> Vec<String> {
        let mut v = vec![d["PayloadUUID"].as_string().unwrap().to_string()];
        for p in d["PayloadContent"].as_array().unwrap() {
            v.push(
                p.as_dictionary().unwrap()["PayloadUUID"]
                    .as_string()
                    .unwrap()
                    .to_string(),
            );
        }
        v
    };
    assert_eq!(uuids(&a), uuids(&b));
    let mut fresh = demo_spec();
    fresh.fresh_uuids = true;
    let c = mobileconfig::build(&fresh).unwrap();
    assert!(uuids(&a).iter().zip(uuids(&c)).all(|(x, y)| *x != y));
}

#[test]
fn python_plistlib_reads_the_profile_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.mobileconfig");
    let mut spec = demo_spec();
    spec.ssid = Some("Example-Enterprise".into());
    std::fs::write(&path, profile_xml(&spec)).unwrap();
    let script = r#"
import plistlib, sys, datetime
p = plistlib.load(open(sys.argv[1], 'rb'))
assert p['PayloadType'] == 'Configuration' and p['PayloadVersion'] == 1
assert isinstance(p['RemovalDate'], datetime.datetime)
types = [x['PayloadType'] for x in p['PayloadContent']]
assert types.count('com.apple.security.pkcs12') == 1, types
assert types.count('com.apple.security.root') == 1, types
wifi = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.wifi.managed']
uuids = {x['PayloadUUID']: x['PayloadType'] for x in p['PayloadContent']}
for w in wifi:
    assert uuids[w['PayloadCertificateUUID']] == 'com.apple.security.pkcs12'
    eap = w['EAPClientConfiguration']
    assert eap['AcceptEAPTypes'] == [13]
    assert eap['TLSTrustedServerNames'] == ['radius.example.com']
    assert all(uuids[a] == 'com.apple.security.root' for a in eap['PayloadCertificateAnchorUUID'])
assert [w.get('IsHotspot', False) for w in wifi] == [True, False]
p12 = [x for x in p['PayloadContent'] if x['PayloadType'] == 'com.apple.security.pkcs12'][0]
assert isinstance(p12['PayloadContent'], bytes) and 'Password' not in p12
print('ok', len(p['PayloadContent']))
"#;
    let o = run(
        "python3",
        "python3",
        &["-c", script, path.to_str().unwrap()],
    );
    ok(&o, "plistlib read-back");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ok 4");
}

#[test]
fn embedded_pkcs12_is_3des_with_sha1_mac_per_openssl() {
    let spec = demo_spec();
    let p12 = spec
        .identity
        .to_legacy_pkcs12(&spec.identity.password)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.p12");
    std::fs::write(&path, &p12).unwrap();
    let pass = format!("pass:{}", demo_password().expose());
    let o = openssl(&[
        "pkcs12",
        "-in",
        path.to_str().unwrap(),
        "-info",
        "-noout",
        "-passin",
        &pass,
    ]);
    ok(&o, "openssl pkcs12 -info");
    let info = String::from_utf8_lossy(&o.stderr).to_string() + &String::from_utf8_lossy(&o.stdout);
    assert!(info.contains("MAC: sha1"), "{info}");
    assert!(
        info.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC"),
        "{info}"
    );
    assert!(!info.contains("AES"), "{info}");
    // Leaf + issuing CA, no self-signed root (P12-04).
    let o = openssl(&[
        "pkcs12",
        "-in",
        path.to_str().unwrap(),
        "-nokeys",
        "-passin",
        &pass,
    ]);
    ok(&o, "openssl pkcs12 -nokeys");
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 2, "{text}");
    assert!(
        !text.contains("subject=O=Example, CN=Example Root CA"),
        "{text}"
    );
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let spec = demo_spec();
    let dbg = format!("{spec:?}");
    assert!(!dbg.contains(demo_password().expose()), "{dbg}");
}
