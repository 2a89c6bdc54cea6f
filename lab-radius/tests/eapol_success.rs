//! eapol_test (Debian package `eapoltest`) authenticates against lab-radius and checks the
//! MPPE keys: certificate kinds × TLS versions, .p12 keys, Suite B 192, fragment sizes, a
//! SHA-384 PRF suite under TLS 1.2, EAP-Key-Name, and the README demo.

mod common;

use common::*;
use std::time::Duration;

fn assert_success(server: &Server, run: &Run, version: &str) {
    assert!(
        run.success && run.mppe_ok(),
        "eapol_test failed (exit {:?}):\n{}\n--- server log ---\n{}",
        run.code,
        tail(&run.output),
        server.logs()
    );
    server
        .wait_for("SUCCESS identity", Duration::from_secs(5))
        .unwrap_or_else(|| panic!("no SUCCESS line:\n{}", server.logs()));
    let done = server
        .wait_for("handshake complete", Duration::from_secs(1))
        .unwrap();
    assert!(done.contains(version), "expected {version}: {done}");
}

fn kind_and_version(kind: &str, phase1: &str, version: &str) {
    let server = Server::with_pki(kind, &[]);
    let conf = client_network(
        &format!("{kind}-ca.pem"),
        &format!("client-{kind}"),
        phase1,
        &[],
    );
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert_success(&server, &run, version);
}

#[test]
fn rsa2048_tls12() {
    kind_and_version("rsa", TLS12_ONLY, "TLS 1.2");
}

#[test]
fn rsa2048_tls13() {
    kind_and_version("rsa", TLS13_ONLY, "TLS 1.3");
}

#[test]
fn p256_tls12() {
    kind_and_version("p256", TLS12_ONLY, "TLS 1.2");
}

#[test]
fn p256_tls13() {
    kind_and_version("p256", TLS13_ONLY, "TLS 1.3");
}

#[test]
fn p384_tls12() {
    kind_and_version("p384", TLS12_ONLY, "TLS 1.2");
}

#[test]
fn p384_tls13() {
    kind_and_version("p384", TLS13_ONLY, "TLS 1.3");
}

#[test]
fn pkcs12_client_key() {
    let server = Server::with_pki("rsa", &[]);
    let pki = pki();
    let conf = network(&[
        ("identity", &quoted("client@example.com")),
        ("ca_cert", &quoted(&pki.path("rsa-ca.pem"))),
        ("private_key", &quoted(&pki.path("client-rsa.p12"))),
        ("private_key_passwd", &quoted("test-pass")),
        ("domain_match", &quoted("radius.example.com")),
        ("phase1", &quoted(TLS_ANY)),
    ]);
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert_success(&server, &run, "TLS 1.3");
}

/// WPA3-Enterprise 192-bit: the client offers only TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
/// with P-384 (openssl_ciphers="SUITEB192").
#[test]
fn suite_b_192() {
    let server = Server::with_pki("p384", &[]);
    let conf = client_network(
        "p384-ca.pem",
        "client-p384",
        TLS12_ONLY,
        &[("openssl_ciphers", quoted("SUITEB192"))],
    );
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert_success(&server, &run, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    let hello = server
        .wait_for("ClientHello", Duration::from_secs(1))
        .unwrap();
    assert!(hello.contains("secp384r1"), "{hello}");
}

/// Microsoft KB3121002: MPPE keys from a SHA-384 PRF under TLS 1.2 must still match.
#[test]
fn sha384_prf_suite_tls12() {
    let server = Server::with_pki("rsa", &[]);
    let conf = client_network(
        "rsa-ca.pem",
        "client-rsa",
        TLS12_ONLY,
        &[("openssl_ciphers", quoted("ECDHE-RSA-AES256-GCM-SHA384"))],
    );
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert_success(&server, &run, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
}

fn fragment_size(size: usize) {
    let size_arg = size.to_string();
    let server = Server::with_pki("rsa", &["--fragment-size", &size_arg, "-v"]);
    let conf = client_network(
        "rsa-ca.pem",
        "client-rsa",
        TLS12_ONLY,
        &[("fragment_size", size.to_string())],
    );
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert_success(&server, &run, "TLS 1.2");
    // eapol_test sends Framed-MTU 1400, which caps fragments at 1386.
    let effective = size.min(1386);
    let flight = server
        .wait_for(
            &format!("fragment(s) of at most {effective}"),
            Duration::from_secs(1),
        )
        .unwrap_or_else(|| panic!("no flight line for {effective}:\n{}", server.logs()));
    let fragments: usize = flight
        .split(" in ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    if size <= 1024 {
        assert!(
            fragments > 1,
            "an RSA flight must need several fragments at {size}: {flight}"
        );
    }
    // The client fragments its own flight too; we must have ACKed.
    if size == 300 {
        assert!(
            server
                .wait_for("sending ACK", Duration::from_secs(5))
                .is_some(),
            "{}",
            server.logs()
        );
    }
}

#[test]
fn fragment_size_300() {
    fragment_size(300);
}

#[test]
fn fragment_size_1024() {
    fragment_size(1024);
}

#[test]
fn fragment_size_1398() {
    fragment_size(1398);
}

#[test]
fn eap_key_name_matches_session_id_tls12_and_tls13() {
    let server = Server::with_pki("p256", &[]);
    for phase1 in [TLS12_ONLY, TLS13_ONLY] {
        let conf = client_network("p256-ca.pem", "client-p256", phase1, &[]);
        let run = eapol_test(&conf, server.port, SECRET, &["-e"]);
        assert!(run.success && run.mppe_ok(), "{}", tail(&run.output));
        assert!(
            run.output
                .contains("Locally derived EAP Session-Id matches EAP-Key-Name from server"),
            "{phase1}: {}",
            tail(&run.output)
        );
    }
}

/// Several full handshakes in one eapol_test run (-r 2): the server keeps serving.
#[test]
fn repeated_authentications() {
    let server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-p256", TLS_ANY, &[]);
    let run = eapol_test(&conf, server.port, SECRET, &["-r", "2"]);
    assert!(run.success, "{}", tail(&run.output));
    assert!(
        run.output.contains("MPPE keys OK: 3  mismatch: 0"),
        "{}",
        tail(&run.output)
    );
    let successes = server.wait_for_count("SUCCESS identity", 3, Duration::from_secs(5));
    assert!(
        successes >= 3,
        "{successes} successes logged:\n{}",
        server.logs()
    );
}

/// The README flow: lab-radius with no PKI flags (demo PKI, demo secret) and the committed
/// example network block, run from the repository root.
#[test]
fn readme_demo() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lab-radius"));
    command.current_dir(&root).args(["--listen", "127.0.0.1:0"]);
    let server = Server::spawn(command);
    let binary = require("eapol_test", "eapoltest");
    let out = std::process::Command::new(binary)
        .current_dir(&root)
        .args([
            "-c",
            "lab-radius/examples/eapol_test-demo.conf",
            "-a",
            "127.0.0.1",
            "-p",
            &server.port.to_string(),
            "-s",
            "testing123",
            "-t",
            "10",
        ])
        .output()
        .unwrap();
    let output = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && output.contains("MPPE keys OK: 1  mismatch: 0"),
        "{}\n{}",
        tail(&output),
        server.logs()
    );
}

/// `--tls-keylog` (lab only): rustls hands each session's secrets to the file, one NSS key-log
/// line per secret, all for the same client_random; `hs20check capture --keylog` reads them.
#[test]
fn tls13_keylog_file_holds_the_session_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keylog.txt");
    let server = Server::with_pki("p256", &["--tls-keylog", path.to_str().unwrap()]);
    let conf = client_network("p256-ca.pem", "client-p256", TLS13_ONLY, &[]);
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert_success(&server, &run, "TLS 1.3");
    assert!(
        server.logs().contains("--tls-keylog"),
        "the lab-only warning"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
    let labels: Vec<&str> = lines.iter().map(|l| l[0]).collect();
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(labels.contains(&label), "{label} missing: {labels:?}");
    }
    for l in &lines {
        assert_eq!(l.len(), 3, "{l:?}");
        assert_eq!(l[1], lines[0][1], "one client_random");
        assert_eq!(l[1].len(), 64);
        assert!(l[2].len() >= 64 && l[2].bytes().all(|b| b.is_ascii_hexdigit()));
    }
    // the secrets are not in the server's log
    assert!(!server.logs().contains(lines[0][2]));
}
