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

fn load(server: &Server, extra: &[&str]) -> serde_json::Value {
    let run = probe(
        &server.radius(),
        SECRET,
        &[&["--ca", &demo("root-ca.pem")][..], &TRUSTED, extra].concat(),
    );
    assert!(
        run.code == 0 || run.code == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    run.json()
}

#[test]
fn load_mode_survives_loss_over_several_nas_addresses() {
    let server = Server::lab_radius(&demo("root-ca.pem"));
    let j = load(
        &server,
        &[
            "--count",
            "40",
            "--concurrency",
            "8",
            "--nas-count",
            "3",
            "--loss",
            "0.1",
            "--timeout",
            "0.2",
            "--retries",
            "6",
        ],
    );
    assert_eq!(j["outcomes"]["accepted"], 40, "{j}");
    assert_eq!(j["failures"], 0, "{j}");
    assert!(
        j["retransmissions"].as_u64().unwrap() > 0,
        "10% loss and no retransmission: {j}"
    );
    assert!(j["latency_ms"]["p99"].as_f64().unwrap() >= j["latency_ms"]["p50"].as_f64().unwrap());
    // Sessions came from three NAS source addresses (the NAS-Identifier names each).
    for nas in ["127.0.0.1", "127.0.0.2", "127.0.0.3"] {
        let needle = format!("nas=hs20check-{nas} ");
        assert!(server.logs().contains(&needle), "no session from {nas}");
    }
}

#[test]
fn load_mode_leaves_sessions_half_open_on_purpose() {
    let server = Server::lab_radius(&demo("root-ca.pem"));
    for stage in ["identity", "server-hello"] {
        let j = load(
            &server,
            &[
                "--count",
                "20",
                "--concurrency",
                "20",
                "--stop-after",
                stage,
            ],
        );
        assert_eq!(j["outcomes"]["stopped"], 20, "{stage}: {j}");
        assert_eq!(j["failures"], 0, "{j}");
    }
}
