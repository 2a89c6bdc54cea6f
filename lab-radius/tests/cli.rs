//! The command line: check-config, --config lab.toml, and clear errors for bad input.

mod common;

use common::*;
use std::process::Command;
use std::time::Duration;

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
    assert!(
        out.contains("/nonexistent/chain.pem: cannot read the file given as --server-cert"),
        "{out}"
    );
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
    // The log reaches the test through a pipe and a reader thread: eapol_test may be done
    // before the server's last line is read, so wait for it.
    assert!(
        server
            .wait_for("\"outcome\":\"success\"", Duration::from_secs(5))
            .is_some(),
        "{}",
        server.logs()
    );
}

#[test]
fn a_ca_file_that_is_no_ca_is_a_problem() {
    // A leaf given as --ca is accepted by rustls as an anchor, yet no client chains to it.
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        &demo("server-chain.pem"),
        "--server-key",
        &demo("server.key"),
        "--ca",
        &demo("alice.pem"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("PROBLEM: --ca certificate 'O=Example, CN=alice@example.com' is not a CA"),
        "{out}"
    );
    assert!(!out.contains("configuration OK"), "{out}");
}

#[test]
fn key_problems_say_what_to_do() {
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
    assert!(
        out.contains(
            "its public key is not the certificate's: give the key made with that certificate"
        ),
        "{out}"
    );
    assert!(!out.contains("KeyMismatch"), "rustls' name leaked: {out}");
    let dir = tempfile::tempdir().unwrap();
    let encrypted = dir.path().join("enc.key");
    let made = Command::new(require("openssl", "openssl"))
        .args(["pkey", "-aes256", "-passout", "pass:key-pass", "-in"])
        .arg(demo("server.key"))
        .arg("-out")
        .arg(&encrypted)
        .status()
        .unwrap();
    assert!(made.success());
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        &demo("server-chain.pem"),
        "--server-key",
        encrypted.to_str().unwrap(),
        "--ca",
        &demo("root-ca.pem"),
    ]);
    assert_eq!(code, 2);
    assert!(
        out.contains("enc.key: the private key is encrypted") && out.contains("openssl pkey -in"),
        "{out}"
    );
}

#[test]
fn a_port_in_use_is_explained() {
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let listen = taken.local_addr().unwrap().to_string();
    let (code, out) = lab_radius(&["--listen", &listen]);
    assert_eq!(code, 1, "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("lab-radius: cannot listen"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains(&format!("cannot listen on {listen}"))
            && line.contains("already uses UDP port")
            && line.contains("--listen 127.0.0.1:PORT"),
        "{line}"
    );
}

#[test]
fn client_and_config_errors_keep_the_secret() {
    for spec in ["127.0.0.1:hunter2-s3cr3t", "hunter2-s3cr3t=127.0.0.1"] {
        let (code, out) = lab_radius(&["check-config", "--client", spec]);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("ADDR/PREFIX=SECRET"), "{out}");
        assert!(!out.contains("hunter2"), "{spec}: {out}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lab.toml");
    std::fs::write(&path, "secret = hunter2-s3cr3t\n").unwrap();
    let (code, out) = lab_radius(&["--config", path.to_str().unwrap(), "check-config"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("lab.toml: line 1, column 10"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
}

/// A secret that starts with '-' is a value, not flags for clap to reject (and echo in part).
#[test]
fn a_secret_starting_with_a_dash_is_taken_as_the_secret() {
    let (code, out) = lab_radius(&["check-config", "--secret", "-hunter2"]);
    assert!(!out.contains("unexpected argument"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
    assert!(code == 0 || code == 1, "check-config ran: {code} {out}");
}

/// Every FAILURE code the README documents is an entry of the one catalogue that
/// `lab-radius explain` prints with its cause, fix and sources.
#[test]
fn every_failure_code_has_an_explanation() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("- Codes:").expect("README lists the codes");
    let end = start
        + readme[start..]
            .find("\n- Success")
            .expect("end of the code list");
    let documented: Vec<&str> = readme[start..end]
        .split('`')
        .filter(|s| s.starts_with("tls.") || s.starts_with("eap.") || s.starts_with("radius."))
        .collect();
    assert!(documented.len() >= 28, "{documented:?}");
    let (code, list) = lab_radius(&["explain", "list"]);
    assert_eq!(code, 0, "{list}");
    assert_eq!(list.lines().count(), documented.len(), "{list}");
    for id in documented {
        assert!(list.contains(id), "{id} missing from `explain list`");
        let (code, text) = lab_radius(&["explain", id]);
        assert_eq!(code, 0, "{text}");
        assert!(text.starts_with(id), "{text}");
        for part in ["What happens: ", "Fix: ", "Sources ("] {
            assert!(text.contains(part), "explain {id} lacks {part}: {text}");
        }
    }
    let (code, text) = lab_radius(&["explain", "tls.no-such-code"]);
    assert_eq!(code, 2);
    assert!(text.contains("tls.no-such-code"), "{text}");
}

/// check-config judges the server chain with the catalogue's server-certificate rules, the ones
/// `hs20check check --server-cert` runs: an expired certificate is a problem named by its rule.
#[test]
fn check_config_runs_the_server_certificate_rules() {
    let pki = pki();
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        &pki.path("server-expired.pem"),
        "--server-key",
        &pki.path("server-expired.key"),
        "--ca",
        &pki.path("p256-ca.pem"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("PROBLEM server-expired: "), "{out}");
    assert!(out.contains("expired on 2021-01-01"), "{out}");
    // A client certificate used as the server's is refused by supplicants: serverAuth missing.
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        &demo("alice.pem"),
        "--server-key",
        &demo("alice.key"),
        "--ca",
        &demo("root-ca.pem"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("PROBLEM server-eku-missing-server-auth: "),
        "{out}"
    );
}

/// Issue 14: /dev/zero as a TLS file or as lab.toml is refused by type (it used to be read
/// until memory ran out), and a lab.toml nested 100,000 deep is a parse error naming the file.
#[test]
fn endless_and_deep_inputs_end_with_a_message() {
    let (code, out) = lab_radius(&[
        "check-config",
        "--server-cert",
        "/dev/zero",
        "--server-key",
        &demo("server.key"),
        "--ca",
        &demo("root-ca.pem"),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("/dev/zero"), "{out}");
    assert!(out.contains("character device"), "{out}");
    let (code, out) = lab_radius(&["check-config", "--config", "/dev/zero"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("/dev/zero: cannot read the config file") || out.contains("character device"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("lab.toml");
    let n = 100_000;
    std::fs::write(
        &deep,
        format!("listen = {}{}\n", "[".repeat(n), "]".repeat(n)),
    )
    .unwrap();
    let (code, out) = lab_radius(&["check-config", "--config", deep.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("lab.toml"), "{out}");
    assert!(out.contains("recursion"), "{out}");
}

/// SIGTERM (systemd, docker stop) and SIGINT (Ctrl-C) end the server cleanly: a log line and
/// exit status 0, without waiting for a datagram.
#[test]
fn a_signal_stops_the_server_cleanly() {
    for (signal, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGINT, "SIGINT")] {
        let mut server = Server::with_pki("p256", &[]);
        server.signal(signal);
        let status = server
            .wait_exit(Duration::from_secs(3))
            .unwrap_or_else(|| panic!("{name}: still running after 3 s:\n{}", server.logs()));
        assert!(status.success(), "{name}: {status}\n{}", server.logs());
        assert!(
            server
                .wait_for("shutting down", Duration::from_secs(2))
                .is_some(),
            "{name}:\n{}",
            server.logs()
        );
    }
}
