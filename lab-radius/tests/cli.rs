//! The command line: check-config, --config lab.toml, and clear errors for bad input.

mod common;

use common::*;
use std::process::Command;

fn lab_radius(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lab-radius"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn check_config_with_the_demo_pki() {
    let (code, out) = lab_radius(&["check-config"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("configuration OK"), "{out}");
    assert!(out.contains("radius.example.com"), "{out}");
    assert!(out.contains("demo secret"), "{out}");
    assert!(
        !out.contains("testing123"),
        "the secret must not be printed: {out}"
    );
}

#[test]
fn bad_files_are_named() {
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        "/nonexistent/chain.pem",
        "--server-key",
        &demo("server.key"),
        "--ca",
        &demo("root-ca.pem"),
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("cannot read /nonexistent/chain.pem"), "{out}");
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        &demo("server-chain.pem"),
        "--server-key",
        &demo("alice.key"),
        "--ca",
        &demo("root-ca.pem"),
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("alice.key does not belong to"), "{out}");
    let (code, out) = lab_radius(&["check-config", "--tls-min", "1.3", "--tls-max", "1.2"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("--tls-min 1.3 is above --tls-max 1.2"),
        "{out}"
    );
}

#[test]
fn config_file_runs_the_server() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lab.toml");
    std::fs::write(
        &path,
        format!(
            r#"listen = "127.0.0.1:0"
server_cert = "{}"
server_key = "{}"
ca = ["{}"]
tls_min = "1.3"
log_format = "json"

[[client]]
address = "127.0.0.1/32"
secret = "{SECRET}"
"#,
            pki.path("server-p256.pem"),
            pki.path("server-p256.key"),
            pki.path("p256-ca.pem")
        ),
    )
    .unwrap();
    let (code, out) = lab_radius(&["--config", path.to_str().unwrap(), "check-config"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("TLS           1.3 to 1.3"), "{out}");
    let mut command = Command::new(env!("CARGO_BIN_EXE_lab-radius"));
    command.args(["--config", path.to_str().unwrap()]);
    let server = Server::spawn(command);
    let conf = client_network("p256-ca.pem", "client-p256", TLS_ANY, &[]);
    let run = eapol_test(&conf, server.port, SECRET, &[]);
    assert!(
        run.success && run.mppe_ok(),
        "{}\n{}",
        tail(&run.output),
        server.logs()
    );
    assert!(
        server.logs().contains("\"outcome\":\"success\""),
        "{}",
        server.logs()
    );
}
