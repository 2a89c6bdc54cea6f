//! `hs20check probe` against FreeRADIUS (Debian's package, private configuration, ephemeral
//! port; tests/run.sh installs it).

mod probe_common;
use probe_common::*;

#[test]
fn every_case_against_freeradius() {
    let server = Server::freeradius(&demo("root-ca.pem"));
    success(&server);
    untrusted_ca(&server);
    name_mismatch(&server);
    wrong_secret(&server);
    success(&server);
}

#[test]
fn freeradius_refusing_the_client_certificate() {
    let server = Server::freeradius(&demo("profile-signer.pem"));
    let j = client_refused(&server);
    // FreeRADIUS logs "send TLS Alert" but sends only a bare EAP-Failure.
    assert!(j["authentication"]["alert"].is_null(), "{j}");
}
