//! radclient (Debian package `freeradius-utils`) against lab-radius: Status-Server (RFC 5997),
//! Message-Authenticator required, wrong secrets dropped, per-client secrets, Proxy-State.

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

struct Reply {
    success: bool,
    output: String,
}

fn radclient(port: u16, kind: &str, secret: &str, attributes: &str) -> Reply {
    let binary = require("radclient", "freeradius-utils");
    let mut child = Command::new(binary)
        .args(["-x", "-r", "1", "-t", "1"])
        .arg(format!("127.0.0.1:{port}"))
        .args([kind, secret])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run radclient");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(attributes.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Reply {
        success: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn status_server_is_answered() {
    let server = Server::with_pki("p256", &[]);
    let reply = radclient(
        server.port,
        "status",
        SECRET,
        "Message-Authenticator = 0x00\n",
    );
    assert!(reply.success, "{}", reply.output);
    assert!(
        reply.output.contains("Received Access-Accept"),
        "{}",
        reply.output
    );
    assert!(server
        .wait_for("Status-Server from 127.0.0.1", Duration::from_secs(2))
        .is_some());
}

#[test]
fn access_request_without_message_authenticator_is_dropped() {
    let server = Server::with_pki("p256", &[]);
    let reply = radclient(
        server.port,
        "auth",
        SECRET,
        "User-Name = \"bob\", User-Password = \"x\"\n",
    );
    assert!(!reply.success);
    assert!(
        reply.output.contains("No reply from server"),
        "{}",
        reply.output
    );
    let line = server.failure_line();
    assert!(
        line.contains("radius.no-message-authenticator") && line.contains("Blast-RADIUS"),
        "{line}"
    );
}

#[test]
fn wrong_secret_is_dropped_and_named() {
    let server = Server::with_pki("p256", &[]);
    let reply = radclient(
        server.port,
        "status",
        "wrong",
        "Message-Authenticator = 0x00\n",
    );
    assert!(!reply.success);
    assert!(
        reply.output.contains("No reply from server"),
        "{}",
        reply.output
    );
    let line = server.failure_line();
    assert!(
        line.contains("wrong shared secret from 127.0.0.1: Message-Authenticator did not verify"),
        "{line}"
    );
}

#[test]
fn per_client_secret_by_prefix() {
    let pki = pki();
    let (cert, key, ca) = (
        pki.path("server-p256.pem"),
        pki.path("server-p256.key"),
        pki.path("p256-ca.pem"),
    );
    let server = Server::start(&[
        "--server-cert",
        &cert,
        "--server-key",
        &key,
        "--ca",
        &ca,
        "--client",
        "127.0.0.0/8=loopback-secret",
        "--client",
        "127.0.0.1/32=host-secret",
    ]);
    let most_specific = radclient(
        server.port,
        "status",
        "host-secret",
        "Message-Authenticator = 0x00\n",
    );
    assert!(most_specific.success, "{}", most_specific.output);
    let shorter = radclient(
        server.port,
        "status",
        "loopback-secret",
        "Message-Authenticator = 0x00\n",
    );
    assert!(!shorter.success, "the /32 entry must win for 127.0.0.1");
    let line = server.failure_line();
    assert!(line.contains("configured for 127.0.0.1/32"), "{line}");
    assert!(!server.logs().contains("host-secret") && !server.logs().contains("loopback-secret"));
}

#[test]
fn proxy_state_is_echoed() {
    let server = Server::with_pki("p256", &[]);
    let reply = radclient(
        server.port,
        "auth",
        SECRET,
        "User-Name = \"bob\", Message-Authenticator = 0x00, Proxy-State = 0x41424344\n",
    );
    assert!(
        reply.output.contains("Received Access-Reject"),
        "{}",
        reply.output
    );
    let received = reply.output.split("Received").nth(1).unwrap();
    assert!(
        received.contains("Proxy-State = 0x41424344"),
        "{}",
        reply.output
    );
    assert!(
        received.contains("carries no EAP-Message"),
        "{}",
        reply.output
    );
}

/// The shell's clock: a session that makes no progress is expired and diagnosed by the
/// once-a-second tick, with no further datagram to wake the server.
#[test]
fn an_idle_session_is_expired_by_the_clock() {
    let server = Server::with_pki("p256", &["--session-timeout", "1"]);
    // EAP-Response/Identity "alice@example.com": the server answers with EAP-TLS Start and
    // keeps the session; nothing follows it.
    let reply = radclient(
        server.port,
        "auth",
        SECRET,
        "User-Name = \"alice@example.com\"\n\
         EAP-Message = 0x0200001601616c696365406578616d706c652e636f6d\n\
         Message-Authenticator = 0x00\n",
    );
    assert!(
        reply.output.contains("Received Access-Challenge"),
        "{}",
        reply.output
    );
    let line = server
        .wait_for("FAILURE eap.timeout", Duration::from_secs(6))
        .unwrap_or_else(|| panic!("no timeout diagnosis:\n{}", server.logs()));
    assert!(line.contains("127.0.0.1"), "{line}");
}
