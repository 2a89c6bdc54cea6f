//! `hs20check probe` against lab-radius (the workspace's server binary).

mod probe_common;
use probe_common::*;

#[test]
fn every_case_against_lab_radius() {
    let server = Server::lab_radius(&demo("root-ca.pem"));
    success(&server);
    untrusted_ca(&server);
    name_mismatch(&server);
    wrong_secret(&server);
    // lab-radius still serves after all of them.
    success(&server);
}

#[test]
fn lab_radius_refusing_the_client_certificate_says_why() {
    let server = Server::lab_radius(&demo("profile-signer.pem"));
    let j = client_refused(&server);
    let a = &j["authentication"];
    // lab-radius sends its alert before EAP-Failure (RFC 5216 §2.1.3) and a Reply-Message.
    assert_eq!(a["alert"]["direction"], "received");
    assert_eq!(a["alert"]["description"], "unknown_ca");
    assert!(
        a["reply_message"].as_str().unwrap().contains("unknown CA"),
        "{a}"
    );
}

#[test]
fn a_server_that_is_down_is_told_from_silence() {
    server_down();
}
