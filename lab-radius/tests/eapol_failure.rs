//! eapol_test (Debian package `eapoltest`) fails against lab-radius for each classic mistake;
//! lab-radius keeps serving and its final `FAILURE` line names the cause and the fix. Where the
//! client can receive our TLS alert, eapol_test's own log shows it.

mod common;

use common::*;
use std::time::Duration;

/// Runs one failing client, returns (eapol output, final FAILURE line), and proves the server
/// still authenticates a good client afterwards.
fn fail_with(server: &mut Server, conf: &str, secret: &str, extra: &[&str]) -> (String, String) {
    let run = eapol_test(conf, server.port, secret, extra);
    assert!(
        !run.success,
        "eapol_test should fail:\n{}",
        tail(&run.output)
    );
    let line = server.failure_line();
    assert!(server.is_running(), "lab-radius died:\n{}", server.logs());
    (run.output, line)
}

fn still_serves(server: &Server, ca: &str, client: &str) {
    let conf = client_network(ca, client, TLS_ANY, &[]);
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert!(
        run.success && run.mppe_ok(),
        "a good client failed after the bad one:\n{}\n{}",
        tail(&run.output),
        server.logs()
    );
}

fn assert_contains(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "missing '{n}' in: {haystack}");
    }
}

/// eapol_test received our alert (OpenSSL reports it as "SSL3 alert: read ... :fatal:<desc>").
fn assert_client_got_alert(eapol: &str, description: &str) {
    let line = eapol
        .lines()
        .find(|l| l.contains("alert: read") || l.contains("SSL3 alert read"))
        .unwrap_or_else(|| panic!("eapol_test never read a TLS alert:\n{}", tail(eapol)));
    assert!(
        line.to_lowercase().contains(&description.to_lowercase()),
        "expected alert '{description}': {line}"
    );
}

#[test]
fn unknown_ca() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-rogue", TLS12_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.client-cert-unknown-ca",
            "unknown CA: issuer",
            "Rogue CA",
            "Lab P-256 Root CA",
        ],
    );
    assert_client_got_alert(&eapol, "unknown CA");
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn expired_client_certificate() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-expired", TLS12_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.client-cert-expired",
            "expired on 2021-01-01",
            "(now ",
            "reissue it",
        ],
    );
    assert_client_got_alert(&eapol, "certificate expired");
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn expired_client_certificate_tls13() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-expired", TLS13_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(&line, &["tls.client-cert-expired", "expired on 2021-01-01"]);
    assert_client_got_alert(&eapol, "certificate expired");
}

#[test]
fn not_yet_valid_client_certificate() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-notyet", TLS12_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.client-cert-not-yet-valid",
            "not valid before 2099-01-01",
        ],
    );
    assert_client_got_alert(&eapol, "alert");
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn wrong_eku() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-wrong-eku", TLS12_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.client-cert-wrong-eku",
            "serverAuth",
            "extendedKeyUsage=clientAuth",
        ],
    );
    assert_client_got_alert(&eapol, "alert");
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn no_client_certificate_configured() {
    let mut server = Server::with_pki("p256", &[]);
    let pki = pki();
    let conf = network(&[
        ("identity", &quoted("client@example.com")),
        ("ca_cert", &quoted(&pki.path("p256-ca.pem"))),
        ("phase1", &quoted(TLS12_ONLY)),
    ]);
    // wpa_supplicant will not start EAP-TLS without a key: it answers Start with a Nak.
    // (A TLS client that sends an empty Certificate is covered by the engine's unit tests.)
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert!(
        eapol.contains("Private key not configured"),
        "{}",
        tail(&eapol)
    );
    assert_contains(
        &line,
        &[
            "eap.client-cannot-start-eap-tls",
            "no client certificate or private key",
            "configure client_cert and private_key",
        ],
    );
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn client_tls12_only_server_requires_tls13() {
    let mut server = Server::with_pki("p256", &["--tls-min", "1.3"]);
    let conf = client_network("p256-ca.pem", "client-p256", TLS12_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.version-mismatch",
            "client offers only TLS 1.2 but the server requires 1.3",
            "lower --tls-min or enable TLS 1.3 on the supplicant",
        ],
    );
    assert_client_got_alert(&eapol, "protocol version");
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn client_tls13_only_server_allows_only_tls12() {
    let mut server = Server::with_pki("p256", &["--tls-max", "1.2"]);
    let conf = client_network("p256-ca.pem", "client-p256", TLS13_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.version-mismatch",
            "client offers only TLS 1.3 but the server requires 1.2",
            "raise --tls-max",
        ],
    );
    assert_client_got_alert(&eapol, "protocol version");
}

#[test]
fn no_common_cipher_suite() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network(
        "p256-ca.pem",
        "client-p256",
        TLS12_ONLY,
        &[("openssl_ciphers", quoted("ECDHE-ECDSA-AES128-SHA"))],
    );
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.no-common-cipher-suite",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "AES-GCM",
        ],
    );
    // An ECDSA server cannot use ECDHE_RSA suites, so it must not list them as supported.
    assert!(
        !line.contains("TLS_ECDHE_RSA"),
        "suites listed that our ECDSA certificate cannot use: {line}"
    );
    assert_client_got_alert(&eapol, "handshake failure");
    still_serves(&server, "p256-ca.pem", "client-p256");
}

/// The suites the diagnosis says we support are those our certificate's key can sign for:
/// an RSA server never lists ECDHE_ECDSA suites.
#[test]
fn no_common_cipher_suite_lists_only_suites_our_rsa_key_can_use() {
    let mut server = Server::with_pki("rsa", &[]);
    let conf = client_network(
        "rsa-ca.pem",
        "client-rsa",
        TLS12_ONLY,
        &[("openssl_ciphers", quoted("ECDHE-ECDSA-AES128-SHA"))],
    );
    let (_eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(&line, &["tls.no-common-cipher-suite", "server supports ["]);
    let ours = line.split("server supports [").nth(1).unwrap_or_default();
    let ours = ours.split(']').next().unwrap_or_default();
    assert!(
        ours.contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
        "{line}"
    );
    assert!(
        !ours.contains("ECDHE_ECDSA"),
        "an RSA server listed ECDSA suites: {line}"
    );
}

#[test]
fn wrong_shared_secret() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("p256-ca.pem", "client-p256", TLS_ANY, &[]);
    let run = eapol_test(&conf, server.port, "not-the-secret", &["-t", "2"]);
    assert!(!run.success);
    let line = server.failure_line();
    assert_contains(
        &line,
        &[
            "radius.bad-secret",
            "wrong shared secret from 127.0.0.1: Message-Authenticator did not verify",
        ],
    );
    assert!(!server.logs().contains("not-the-secret"), "secret leaked");
    assert!(!server.logs().contains(SECRET), "secret leaked");
    assert!(server.is_running());
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn client_rejects_server_domain_mismatch() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network(
        "p256-ca.pem",
        "client-p256",
        TLS12_ONLY,
        &[("domain_match", quoted("wrong.example.com"))],
    );
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert!(eapol.contains("Domain mismatch"), "{}", tail(&eapol));
    assert_contains(
        &line,
        &[
            "tls.client-rejected-server",
            "the client rejected our certificate (alert",
            "check the client's CA and server-name settings",
            "radius.example.com",
        ],
    );
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn client_rejects_server_unknown_ca() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network("rogue-ca.pem", "client-p256", TLS12_ONLY, &[]);
    let (_eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.client-rejected-server",
            "alert unknown_ca",
            "check the client's CA and server-name settings",
        ],
    );
    still_serves(&server, "p256-ca.pem", "client-p256");
}

#[test]
fn client_rejects_expired_server_certificate() {
    let mut server = Server::with_pki("expired", &[]);
    let conf = client_network("p256-ca.pem", "client-p256", TLS12_ONLY, &[]);
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert!(
        eapol.contains("certificate has expired"),
        "{}",
        tail(&eapol)
    );
    assert_contains(
        &line,
        &[
            "tls.client-rejected-server",
            "rejected our certificate as expired (alert certificate_expired)",
            "'O=Lab Test, CN=radius.example.com' valid 2020-01-01 00:00:00 UTC .. 2021-01-01 00:00:00 UTC",
            "reissue the server certificate",
        ],
    );
    // not the trust/server-name advice, which would send the operator to the wrong place
    assert!(!line.contains("server-name settings"), "{line}");
    assert!(
        server
            .logs()
            .contains("expired on 2021-01-01 00:00:00 UTC: every supplicant will reject it"),
        "start-up warning missing:\n{}",
        server.logs()
    );
}

#[test]
fn json_log_has_diagnosis_field() {
    let mut server = Server::with_pki("p256", &["--log-format", "json"]);
    let conf = client_network("p256-ca.pem", "client-expired", TLS12_ONLY, &[]);
    let (_eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(value["code"], "tls.client-cert-expired");
    assert!(value["diagnosis"]
        .as_str()
        .unwrap()
        .contains("expired on 2021-01-01"));
    assert_eq!(value["span"]["identity"], "client@example.com");
    assert!(server
        .wait_for("\"outcome\":\"failure\"", Duration::from_secs(1))
        .is_some());
}

/// A WPA3-Enterprise 192-bit client (SUITEB192: P-384 only) against a P-256 server: rustls
/// sends no alert of its own here, so lab-radius sends handshake_failure before EAP-Failure.
#[test]
fn suite_b_client_against_rsa_server_is_told_to_use_p384() {
    let mut server = Server::with_pki("rsa", &[]);
    let conf = client_network(
        "rsa-ca.pem",
        "client-p384",
        TLS12_ONLY,
        &[("openssl_ciphers", quoted("SUITEB192"))],
    );
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.no-common-cipher-suite",
            "WPA3-Enterprise 192-bit",
            "ECDSA P-384 server certificate",
        ],
    );
    assert_client_got_alert(&eapol, "handshake failure");
    still_serves(&server, "rsa-ca.pem", "client-rsa");
}

#[test]
fn suite_b_client_against_p256_server() {
    let mut server = Server::with_pki("p256", &[]);
    let conf = client_network(
        "p256-ca.pem",
        "client-p384",
        TLS12_ONLY,
        &[("openssl_ciphers", quoted("SUITEB192"))],
    );
    let (eapol, line) = fail_with(&mut server, &conf, SECRET, &[]);
    assert_contains(
        &line,
        &[
            "tls.no-common-signature-scheme",
            "ECDSA P-256",
            "P-384 server certificate",
        ],
    );
    assert_client_got_alert(&eapol, "handshake failure");
    still_serves(&server, "p256-ca.pem", "client-p256");
}
