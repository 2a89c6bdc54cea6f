//! Diagnoses of synthetic captures built frame by frame (radiotap + 802.11, pcap and pcapng), one per
//! failure kind the air shows, and hostile inputs that must never panic. Real captures recorded
//! from the lab are in tests/lab/fixtures/captures and tested in captures.rs.

use hs20_air::{diagnose, model, Mac, Options, Report};

const AP: [u8; 6] = [2, 0, 0, 0, 0, 0];
const STA: [u8; 6] = [2, 0, 0, 0, 1, 0];
const BC: [u8; 6] = [0xff; 6];

fn suite(n: u8) -> [u8; 4] {
    [0, 0x0f, 0xac, n]
}

/// RSNE body: version, group, pairwise list, AKM list, capabilities, [0 PMKIDs, group mgmt].
fn rsne(group: u8, pairwise: &[u8], akms: &[u8], caps: u16, mgmt: Option<u8>) -> Vec<u8> {
    let mut b = vec![1, 0];
    b.extend(suite(group));
    b.extend((pairwise.len() as u16).to_le_bytes());
    for p in pairwise {
        b.extend(suite(*p));
    }
    b.extend((akms.len() as u16).to_le_bytes());
    for a in akms {
        b.extend(suite(*a));
    }
    b.extend(caps.to_le_bytes());
    if let Some(m) = mgmt {
        b.extend([0, 0]);
        b.extend(suite(m));
    }
    let mut e = vec![48, b.len() as u8];
    e.extend(b);
    e
}

fn hdr(fc: [u8; 2], a1: [u8; 6], a2: [u8; 6], a3: [u8; 6]) -> Vec<u8> {
    let mut f = fc.to_vec();
    f.extend([0, 0]);
    f.extend(a1);
    f.extend(a2);
    f.extend(a3);
    f.extend([0, 0]);
    f
}

fn beacon(rsn: &[u8]) -> Vec<u8> {
    let mut f = hdr([0x80, 0], BC, AP, AP);
    f.extend([0u8; 8]);
    f.extend([100, 0, 0x11, 0x04]);
    f.extend([0, 3]);
    f.extend(b"lab");
    f.extend([3, 1, 1]);
    f.extend(rsn);
    f
}

fn auth(from_sta: bool, alg: u16, seq: u16, status: u16, group: Option<u16>) -> Vec<u8> {
    let (a1, a2) = if from_sta { (AP, STA) } else { (STA, AP) };
    let mut f = hdr([0xb0, 0], a1, a2, AP);
    f.extend(alg.to_le_bytes());
    f.extend(seq.to_le_bytes());
    f.extend(status.to_le_bytes());
    if let Some(g) = group {
        f.extend(g.to_le_bytes());
        f.extend([0u8; 32]);
    }
    f
}

fn assoc_req(rsn: &[u8]) -> Vec<u8> {
    let mut f = hdr([0x00, 0], AP, STA, AP);
    f.extend([0x11, 0x04, 10, 0]);
    f.extend([0, 3]);
    f.extend(b"lab");
    f.extend(rsn);
    f
}

fn assoc_resp(status: u16) -> Vec<u8> {
    let mut f = hdr([0x10, 0], STA, AP, AP);
    f.extend([0x11, 0x04]);
    f.extend(status.to_le_bytes());
    f.extend([1, 0xc0]);
    f
}

fn deauth(to: [u8; 6], reason: u16) -> Vec<u8> {
    let mut f = hdr([0xc0, 0], to, AP, AP);
    f.extend(reason.to_le_bytes());
    f
}

fn data_eapol(from_sta: bool, eapol: &[u8]) -> Vec<u8> {
    let mut f = if from_sta {
        hdr([0x08, 0x01], AP, STA, AP)
    } else {
        hdr([0x08, 0x02], STA, AP, AP)
    };
    f.extend([0xaa, 0xaa, 3, 0, 0, 0, 0x88, 0x8e]);
    f.extend(eapol);
    f
}

fn eap(code: u8, id: u8, method: Option<u8>, data: &[u8]) -> Vec<u8> {
    let mut e = vec![code, id];
    let len = 4 + method.map(|_| 1).unwrap_or(0) + data.len();
    e.extend((len as u16).to_be_bytes());
    if let Some(m) = method {
        e.push(m);
    }
    e.extend(data);
    let mut p = vec![2, 0];
    p.extend((e.len() as u16).to_be_bytes());
    p.extend(e);
    p
}

fn key(info: u16, replay: u64, mic: usize, kd: usize) -> Vec<u8> {
    let mut b = vec![2u8];
    b.extend(info.to_be_bytes());
    b.extend([0, 16]);
    b.extend(replay.to_be_bytes());
    b.extend([0u8; 64]);
    b.extend(vec![0u8; mic]);
    b.extend((kd as u16).to_be_bytes());
    b.extend(vec![0u8; kd]);
    let mut p = vec![2, 3];
    p.extend((b.len() as u16).to_be_bytes());
    p.extend(b);
    p
}

/// TLS records: a ClientHello with the given suites, or an alert.
fn client_hello(suites: &[u16]) -> Vec<u8> {
    let mut body = vec![3, 3];
    body.extend([7u8; 32]);
    body.push(0);
    body.extend(((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        body.extend(s.to_be_bytes());
    }
    body.extend([1, 0]);
    // supported_groups: secp384r1
    let ext = [0u8, 10, 0, 4, 0, 2, 0, 24];
    body.extend((ext.len() as u16).to_be_bytes());
    body.extend(ext);
    let mut hs = vec![1, 0];
    hs.extend((body.len() as u16).to_be_bytes());
    hs.extend(body);
    let mut rec = vec![22, 3, 1];
    rec.extend((hs.len() as u16).to_be_bytes());
    rec.extend(hs);
    rec
}

fn tls_msg(flags: u8, rec: &[u8]) -> Vec<u8> {
    let mut d = vec![flags];
    d.extend(rec);
    d
}

fn radiotap(f: &[u8], fcs: bool) -> Vec<u8> {
    // present: flags, rate, channel; 2412 MHz
    let mut r = vec![
        0,
        0,
        14,
        0,
        0x0e,
        0,
        0,
        0,
        if fcs { 0x10 } else { 0 },
        2,
        0x6c,
        0x09,
        0xa0,
        0,
    ];
    r.extend(f);
    if fcs {
        let crc = hs20_air::radiotap::crc32(f);
        r.extend(crc.to_le_bytes());
    }
    r
}

fn pcap(link: u32, frames: &[Vec<u8>]) -> Vec<u8> {
    let mut o = vec![
        0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0,
    ];
    o.extend(link.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        o.extend((1_700_000_000u32 + i as u32).to_le_bytes());
        o.extend(0u32.to_le_bytes());
        o.extend((f.len() as u32).to_le_bytes());
        o.extend((f.len() as u32).to_le_bytes());
        o.extend(f);
    }
    o
}

fn pcapng(link: u16, frames: &[Vec<u8>]) -> Vec<u8> {
    let mut o = Vec::new();
    let block = |o: &mut Vec<u8>, t: u32, body: &[u8]| {
        let mut body = body.to_vec();
        while body.len() % 4 != 0 {
            body.push(0);
        }
        let len = (12 + body.len()) as u32;
        o.extend(t.to_le_bytes());
        o.extend(len.to_le_bytes());
        o.extend(&body);
        o.extend(len.to_le_bytes());
    };
    block(
        &mut o,
        0x0a0d0d0a,
        &[
            0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ],
    );
    let mut idb = link.to_le_bytes().to_vec();
    idb.extend([0, 0, 0, 0, 4, 0]);
    block(&mut o, 1, &idb);
    for (i, f) in frames.iter().enumerate() {
        let ts = (1_700_000_000u64 + i as u64) * 1_000_000;
        let mut b = 0u32.to_le_bytes().to_vec();
        b.extend(((ts >> 32) as u32).to_le_bytes());
        b.extend((ts as u32).to_le_bytes());
        b.extend((f.len() as u32).to_le_bytes());
        b.extend((f.len() as u32).to_le_bytes());
        b.extend(f);
        block(&mut o, 6, &b);
    }
    o
}

fn run(bytes: &[u8], opts: Options) -> Report {
    let (cap, s) = model::read("synth.pcap", bytes, |_| {}).expect("readable");
    diagnose(&cap, s, &opts)
}

fn rt(frames: &[Vec<u8>]) -> Vec<u8> {
    pcap(
        127,
        &frames.iter().map(|f| radiotap(f, true)).collect::<Vec<_>>(),
    )
}

fn wpa2_ent() -> Vec<u8> {
    rsne(4, &[4], &[1], 0, None)
}

fn connected_frames() -> Vec<Vec<u8>> {
    vec![
        deauth(BC, 2), // hostapd's start-up flush: not part of any attempt
        beacon(&wpa2_ent()),
        auth(true, 0, 1, 0, None),
        auth(false, 0, 2, 0, None),
        assoc_req(&wpa2_ent()),
        assoc_resp(0),
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice@example.com")),
        data_eapol(false, &eap(3, 2, None, b"")),
        data_eapol(false, &key(0x008a, 1, 16, 22)),
        data_eapol(true, &key(0x010a, 1, 16, 22)),
        data_eapol(false, &key(0x13ca, 2, 16, 56)),
        data_eapol(true, &key(0x030a, 2, 16, 0)),
        deauth(STA, 3), // teardown after success
        deauth(BC, 3),
    ]
}

fn only(r: &Report) -> &hs20_air::StationDiagnosis {
    assert_eq!(r.stations.len(), 1, "{:#?}", r.stations);
    &r.stations[0]
}

#[test]
fn connected_despite_startup_flush_and_teardown() {
    let r = run(&rt(&connected_frames()), Options::default());
    let s = only(&r);
    assert_eq!(
        (s.outcome, s.layer, s.rule),
        ("connected", "none", "air.connected"),
        "{}",
        s.cause
    );
    assert_eq!(s.mac, Mac(STA));
    assert_eq!(s.identity.as_deref(), Some("alice@example.com"));
    assert!(
        s.cause.contains("AKM 802.1X (WPA-EAP), pairwise CCMP-128"),
        "{}",
        s.cause
    );
    assert_eq!(s.evidence[0].frame, Some(13));
    let a = s.advertised.as_ref().unwrap();
    assert_eq!((a.band.as_str(), a.channel), ("2.4 GHz", Some(1)));
}

#[test]
fn pcapng_and_plain_80211_with_fcs_read_the_same() {
    let frames = connected_frames();
    let with_fcs: Vec<Vec<u8>> = frames
        .iter()
        .map(|f| {
            let mut g = f.clone();
            g.extend(hs20_air::radiotap::crc32(f).to_le_bytes());
            g
        })
        .collect();
    for bytes in [
        pcapng(
            127,
            &frames
                .iter()
                .map(|f| radiotap(f, false))
                .collect::<Vec<_>>(),
        ),
        pcap(105, &with_fcs),
        pcap(105, &frames),
    ] {
        let r = run(&bytes, Options::default());
        assert_eq!(only(&r).rule, "air.connected");
    }
}

#[test]
fn sae_group_77() {
    let sae = rsne(4, &[4], &[8], 0x80, None);
    let r = run(
        &rt(&[
            beacon(&sae),
            auth(true, 3, 1, 0, Some(21)),
            auth(false, 3, 1, 77, None),
        ]),
        Options::default(),
    );
    let s = only(&r);
    assert_eq!(
        (s.layer, s.rule),
        ("authentication", "air.sae-group-unsupported")
    );
    assert!(s.cause.contains("group 21 with status 77"), "{}", s.cause);
    assert_eq!(
        s.evidence
            .iter()
            .map(|e| e.frame.unwrap())
            .collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn sae_commits_unanswered() {
    let sae = rsne(4, &[4], &[8], 0x80, None);
    let r = run(
        &rt(&[
            beacon(&sae),
            auth(true, 3, 1, 0, Some(19)),
            auth(true, 3, 1, 0, Some(19)),
        ]),
        Options::default(),
    );
    assert_eq!(only(&r).rule, "air.auth-no-response");
}

#[test]
fn assoc_rejected_41_from_a_stale_choice() {
    let ap = rsne(9, &[4, 9], &[1], 0, None);
    let sta = rsne(4, &[4], &[1], 0, None);
    let r = run(
        &rt(&[
            beacon(&ap),
            auth(true, 0, 1, 0, None),
            auth(false, 0, 2, 0, None),
            assoc_req(&sta),
            assoc_resp(41),
        ]),
        Options::default(),
    );
    let s = only(&r);
    assert_eq!(
        (s.layer, s.rule),
        ("association", "air.assoc-rejected-group-cipher")
    );
    assert!(
        s.cause
            .contains("group cipher CCMP-128 and the AP advertises GCMP-256"),
        "{}",
        s.cause
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.id == "air.choice-not-offered"));
    assert_eq!(s.chosen.as_ref().unwrap().frame, 4);
}

#[test]
fn four_way_no_m2_names_the_mic_length() {
    let ap = rsne(9, &[9], &[24], 0xc0, Some(12));
    let mut frames = vec![
        beacon(&ap),
        auth(true, 3, 1, 0, Some(20)),
        auth(false, 3, 1, 0, None),
        auth(true, 3, 2, 0, None),
        auth(false, 3, 2, 0, None),
        assoc_req(&ap),
        assoc_resp(0),
    ];
    for i in 1..=3 {
        frames.push(data_eapol(false, &key(0x008b, i, 24, 22)));
    }
    frames.push(deauth(STA, 15));
    let r = run(&rt(&frames), Options::default());
    let s = only(&r);
    assert_eq!((s.layer, s.rule), ("4way-handshake", "air.4way-no-m2"));
    assert!(s.cause.contains("M1 3 time(s)"), "{}", s.cause);
    assert!(
        s.cause.contains("SAE-EXT-KEY expects a 24-byte MIC"),
        "{}",
        s.cause
    );
    assert!(s.evidence.iter().any(|e| e.what.contains("reason 15")));
}

#[test]
fn pmk_mismatch_is_m2_without_m3() {
    let mut frames = connected_frames()[..12].to_vec();
    frames.truncate(11);
    frames.push(data_eapol(false, &key(0x008a, 2, 16, 22)));
    let r = run(&rt(&frames), Options::default());
    assert_eq!(only(&r).rule, "air.4way-pmk-mismatch");
}

#[test]
fn silent_station_skipping_a_gcmp256_only_bss() {
    let ap = rsne(9, &[9], &[12], 0xc0, Some(12));
    let r = run(
        &rt(&[beacon(&ap)]),
        Options {
            station: Some(Mac(STA)),
            ..Options::default()
        },
    );
    let s = only(&r);
    assert_eq!(
        (s.outcome, s.layer, s.rule),
        (
            "not-connected",
            "network-selection",
            "air.rsn-pairwise-mismatch"
        )
    );
    assert!(s.cause.contains("gcmp256-pairwise-mismatch"), "{}", s.cause);
}

#[test]
fn suite_b_handshake_failure() {
    let ap = rsne(9, &[9], &[12], 0xc0, Some(12));
    let alert = [21u8, 3, 3, 0, 2, 2, 40];
    let frames = vec![
        beacon(&ap),
        auth(true, 0, 1, 0, None),
        auth(false, 0, 2, 0, None),
        assoc_req(&ap),
        assoc_resp(0),
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice")),
        data_eapol(false, &eap(1, 2, Some(13), &[0x20])),
        data_eapol(
            true,
            &eap(
                2,
                2,
                Some(13),
                &tls_msg(0, &client_hello(&[0xc02c, 0x00ff])),
            ),
        ),
        data_eapol(false, &eap(1, 3, Some(13), &tls_msg(0, &alert))),
        data_eapol(true, &eap(2, 3, Some(13), &[0])),
        data_eapol(false, &eap(4, 3, None, b"")),
    ];
    let r = run(&rt(&frames), Options::default());
    let s = only(&r);
    assert_eq!(
        (s.layer, s.rule),
        ("eap", "air.eap-tls-suiteb-server-cert"),
        "{}",
        s.cause
    );
    let ch = s.tls.as_ref().unwrap().client_hello.as_ref().unwrap();
    assert_eq!(
        ch.suites,
        vec![
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"
        ]
    );
    assert_eq!(ch.groups, vec!["secp384r1"]);
    assert!(s
        .evidence
        .iter()
        .any(|e| e.frame == Some(10) && e.what.contains("handshake_failure")));
}

#[test]
fn hostile_inputs_never_panic() {
    let good = rt(&connected_frames());
    for n in 0..good.len() {
        if let Ok((cap, s)) = model::read("cut.pcap", &good[..n], |_| {}) {
            let _ = diagnose(&cap, s, &Options::default());
        }
    }
    // flipped bytes everywhere after the file header
    let mut seed = 0x2545_f491u32;
    for _ in 0..120 {
        let mut b = good.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let i = 24 + (seed as usize % (b.len() - 24));
            b[i] = (seed >> 8) as u8;
        }
        if let Ok((cap, s)) = model::read("flip.pcap", &b[..], |_| {}) {
            let _ = diagnose(&cap, s, &Options::default());
        }
    }
    assert!(model::read("empty", &[][..], |_| {}).is_err());
    assert!(model::read("text", &b"hello world, not a capture"[..], |_| {}).is_err());
}

#[test]
fn a_truncated_file_says_so() {
    let good = rt(&connected_frames());
    let (cap, s) = model::read("cut.pcap", &good[..good.len() - 10], |_| {}).unwrap();
    assert!(
        s.stopped.as_deref().unwrap_or("").contains("truncated"),
        "{s:?}"
    );
    let r = diagnose(&cap, s, &Options::default());
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.id == "air.capture-incomplete"));
}

fn probe_req(ssid: &[u8]) -> Vec<u8> {
    let mut f = hdr([0x40, 0], BC, STA, BC);
    f.extend([0, ssid.len() as u8]);
    f.extend(ssid);
    f.extend([1, 1, 0x82]);
    f
}

#[test]
fn a_station_that_probed_for_the_ssid_and_never_tried_is_diagnosed_without_being_named() {
    let ap = rsne(9, &[9], &[12], 0xc0, Some(12));
    let r = run(
        &rt(&[beacon(&ap), probe_req(b"lab"), probe_req(b"lab")]),
        Options::default(),
    );
    let s = only(&r);
    assert_eq!(
        (s.layer, s.rule),
        ("network-selection", "air.rsn-pairwise-mismatch")
    );
    assert!(
        s.evidence
            .iter()
            .any(|e| e.frame == Some(2) && e.what.contains("2 probe request(s)")),
        "{:?}",
        s.evidence
    );
    // a probe for another network is not a failed join
    let r = run(&rt(&[beacon(&ap), probe_req(b"other")]), Options::default());
    assert!(r.stations.is_empty());
}

/// The HTML page: self-contained, the ladder and the advertised-versus-chosen table; when Debian's
/// chromium is installed it is rendered headless to a screenshot (target/air-html/).
#[test]
fn html_page_with_ladder_and_security_table() {
    let ap = rsne(9, &[4, 9], &[1], 0, None);
    let sta = rsne(4, &[4], &[1], 0, None);
    let r = run(
        &rt(&[
            beacon(&ap),
            auth(true, 0, 1, 0, None),
            auth(false, 0, 2, 0, None),
            assoc_req(&sta),
            assoc_resp(41),
        ]),
        Options::default(),
    );
    let page = hs20_air::html::render(&r);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !page.contains("http://")
            || page
                .matches("http://")
                .all(|_| page.contains("xmlns='http://www.w3.org/2000/svg'"))
    );
    assert!(!page.contains("<script"));
    assert!(page.contains("<svg"));
    assert!(page.contains("air.assoc-rejected-group-cipher"));
    assert!(page.contains("#5 Association Response status 41"));
    // the station's group cipher (CCMP-128) is not the AP's (GCMP-256): marked
    assert!(page.contains("<td class='bad'>CCMP-128</td>"), "{page}");
    let Some(chromium) = ["chromium", "chromium-browser"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        // The test command (tests/run.sh) installs chromium, so CI never skips this.
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing under CI: tests/run.sh installs it (Debian package chromium)"
        );
        eprintln!("chromium not installed: screenshot skipped");
        return;
    };
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("air-html");
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("assoc-41.html");
    let png = dir.join("assoc-41.png");
    std::fs::write(&html, &page).unwrap();
    let _ = std::fs::remove_file(&png);
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=900,700",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let shot = std::fs::read(&png)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(&shot[1..4], b"PNG");
    assert!(shot.len() > 10_000, "a blank page would be tiny");
}

#[test]
fn silent_station_names_the_first_mismatch_the_way_wpa_supplicant_checks() {
    let silent = |rsn: Vec<u8>| {
        let r = run(&rt(&[beacon(&rsn), probe_req(b"lab")]), Options::default());
        only(&r).rule
    };
    // WPA3-Enterprise only (AKM 5, PMF required) vs an AKM-1 client: the AKM, not PMF
    assert_eq!(
        silent(rsne(4, &[4], &[5], 0xc0, None)),
        "air.rsn-akm-mismatch"
    );
    // WPA2-Enterprise with PMF required: PMF
    assert_eq!(
        silent(rsne(4, &[4], &[1], 0xc0, None)),
        "air.rsn-pmf-required"
    );
    // group GCMP-256 with CCMP-128 pairwise
    assert_eq!(
        silent(rsne(9, &[4, 9], &[1], 0, None)),
        "air.rsn-group-mismatch"
    );
}

fn joined(ap: &[u8]) -> Vec<Vec<u8>> {
    vec![
        beacon(ap),
        auth(true, 0, 1, 0, None),
        auth(false, 0, 2, 0, None),
        assoc_req(ap),
        assoc_resp(0),
    ]
}

fn eap_tls_frames(server_records: &[u8], station_records: &[u8], fail: bool) -> Vec<Vec<u8>> {
    let mut f = vec![
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice@example.com")),
        data_eapol(false, &eap(1, 2, Some(13), &[0x20])),
        data_eapol(
            true,
            &eap(
                2,
                2,
                Some(13),
                &tls_msg(0, &client_hello(&[0xc02c, 0xc030])),
            ),
        ),
        data_eapol(false, &eap(1, 3, Some(13), &tls_msg(0, server_records))),
        data_eapol(true, &eap(2, 3, Some(13), &tls_msg(0, station_records))),
    ];
    if fail {
        f.push(data_eapol(false, &eap(4, 3, None, b"")));
    }
    f
}

/// One capture per remaining kind of failure: each gets its layer and rule.
#[test]
fn every_failure_kind_gets_its_rule() {
    let wpa2 = wpa2_ent();
    let sae = rsne(4, &[4], &[8], 0x80, None);
    let alert = |code: u8| vec![21u8, 3, 3, 0, 2, 2, code];
    let mut cases: Vec<(&str, Vec<Vec<u8>>, &str, &str)> = Vec::new();
    cases.push((
        "SAE confirm rejected with 15",
        vec![
            beacon(&sae),
            auth(true, 3, 1, 0, Some(19)),
            auth(false, 3, 1, 0, Some(19)),
            auth(true, 3, 2, 0, None),
            auth(false, 3, 2, 15, None),
        ],
        "authentication",
        "air.sae-confirm-mismatch",
    ));
    cases.push((
        "open authentication refused",
        vec![
            beacon(&wpa2),
            auth(true, 0, 1, 0, None),
            auth(false, 0, 2, 17, None),
        ],
        "authentication",
        "air.auth-rejected",
    ));
    let mut f = joined(&wpa2);
    f.pop();
    cases.push((
        "association unanswered",
        f,
        "association",
        "air.assoc-no-response",
    ));
    let mut f = joined(&wpa2);
    f[4] = assoc_resp(43);
    cases.push((
        "association status 43",
        f,
        "association",
        "air.assoc-rejected-akm",
    ));
    let mut f = joined(&wpa2);
    f[4] = assoc_resp(31);
    cases.push((
        "association status 31",
        f,
        "association",
        "air.assoc-rejected-pmf",
    ));
    let mut f = joined(&wpa2);
    f[4] = assoc_resp(17);
    cases.push((
        "association status 17",
        f,
        "association",
        "air.assoc-rejected",
    ));
    let mut f = joined(&wpa2);
    f.extend(eap_tls_frames(
        &[22, 3, 3, 0, 4, 14, 0, 0, 0],
        &alert(48),
        true,
    ));
    cases.push((
        "station alert unknown_ca",
        f,
        "eap",
        "air.eap-tls-server-untrusted",
    ));
    let mut f = joined(&wpa2);
    f.extend(eap_tls_frames(&alert(40), &[], true));
    cases.push((
        "server handshake_failure, no Suite B",
        f,
        "eap",
        "air.eap-tls-handshake-failure",
    ));
    let mut f = joined(&wpa2);
    f.extend(eap_tls_frames(&alert(80), &[], true));
    cases.push(("server internal_error", f, "eap", "air.eap-tls-alert"));
    let mut f = joined(&wpa2);
    f.extend([
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice")),
        data_eapol(false, &eap(1, 2, Some(25), &[0x20])),
        data_eapol(true, &eap(2, 2, Some(3), &[13])),
        data_eapol(false, &eap(4, 2, None, b"")),
    ]);
    cases.push(("Nak", f, "eap", "air.eap-method-refused"));
    let mut f = joined(&wpa2);
    f.extend([
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice")),
        data_eapol(false, &eap(4, 2, None, b"")),
    ]);
    cases.push(("bare EAP-Failure", f, "eap", "air.eap-failure"));
    let mut f = joined(&wpa2);
    f.extend([
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(false, &eap(1, 1, Some(1), b"")),
    ]);
    cases.push(("station silent in EAP", f, "eap", "air.eap-no-response"));
    let mut f = joined(&wpa2);
    f.extend([
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice")),
    ]);
    cases.push(("AS silent", f, "radius", "air.radius-no-response"));
    let mut f = connected_frames()[1..12].to_vec();
    f.push(data_eapol(false, &key(0x13ca, 3, 16, 56)));
    f.push(deauth(STA, 15));
    cases.push(("M3 without M4", f, "4way-handshake", "air.4way-no-m4"));
    let mut f = joined(&wpa2);
    f.push(deauth(STA, 1));
    cases.push((
        "deauthenticated before anything",
        f,
        "unknown",
        "air.timeout",
    ));
    let mut f = joined(&wpa2);
    f.extend([
        data_eapol(false, &eap(1, 1, Some(1), b"")),
        data_eapol(true, &eap(2, 1, Some(1), b"alice")),
        data_eapol(false, &eap(1, 2, Some(13), &[0x20])),
        data_eapol(
            true,
            &eap(
                2,
                2,
                Some(13),
                &tls_msg(0, &client_hello(&[0xc02c, 0x00ff])),
            ),
        ),
        data_eapol(false, &eap(4, 2, None, b"")),
    ]);
    cases.push((
        "Suite B ClientHello refused without an alert",
        f,
        "eap",
        "air.eap-tls-suiteb-server-cert",
    ));
    for (what, frames, layer, rule) in cases {
        let r = run(&rt(&frames), Options::default());
        let s = only(&r);
        assert_eq!((s.layer, s.rule), (layer, rule), "{what}: {}", s.cause);
        assert_eq!(s.outcome, "not-connected", "{what}");
    }
}

#[test]
fn findings_beside_the_outcome() {
    // AKM 24 with SAE group 20 needs a 24-byte MIC; a 16-byte one is flagged
    let ap = rsne(9, &[9], &[24], 0xc0, Some(12));
    let mut frames = vec![
        beacon(&ap),
        auth(true, 3, 1, 0, Some(20)),
        auth(false, 3, 1, 0, Some(20)),
        auth(true, 3, 2, 0, None),
        auth(false, 3, 2, 0, None),
        assoc_req(&ap),
        assoc_resp(0),
    ];
    frames.push(data_eapol(false, &key(0x008b, 1, 16, 22)));
    frames.push(data_eapol(true, &key(0x010b, 1, 16, 22)));
    frames.push(data_eapol(false, &key(0x13cb, 2, 16, 56)));
    frames.push(data_eapol(true, &key(0x030b, 2, 16, 0)));
    // then a group rekey the station never answers
    frames.push(data_eapol(false, &key(0x1383, 3, 16, 40)));
    let r = run(&rt(&frames), Options::default());
    assert_eq!(only(&r).rule, "air.connected");
    let ids: Vec<&str> = r.findings.iter().map(|f| f.rule.id).collect();
    assert!(ids.contains(&"air.4way-mic-length"), "{ids:?}");
    assert!(ids.contains(&"air.group-key-failed"), "{ids:?}");
    // TLS 1.3: said so
    let mut f = joined(&wpa2_ent());
    let mut sh = vec![2u8, 0, 0, 0, 3, 3];
    sh.extend([1u8; 32]);
    sh.extend([0, 0x13, 0x02, 0]);
    let ext = [0u8, 43, 0, 2, 3, 4];
    sh.extend((ext.len() as u16).to_be_bytes());
    sh.extend(ext);
    let n = sh.len() - 4;
    sh[1..4].copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    let mut rec = vec![22u8, 3, 3];
    rec.extend((sh.len() as u16).to_be_bytes());
    rec.extend(&sh);
    rec.extend([23, 3, 3, 0, 3, 1, 2, 3]);
    f.extend(eap_tls_frames(&rec, &[], true));
    let r = run(&rt(&f), Options::default());
    assert_eq!(only(&r).rule, "air.eap-failure");
    assert!(only(&r).cause.contains("TLS 1.3"), "{}", only(&r).cause);
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.id == "air.eap-tls13-encrypted"));
}
