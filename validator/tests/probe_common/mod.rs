//! Real RADIUS servers for the probe tests: lab-radius (the workspace's binary) and FreeRADIUS
//! (Debian's `freeradius`, configured by tests/probe/freeradius-config.sh in a private tree on
//! an ephemeral port), both with the demo PKI in certs/. A missing peer fails the test with the
//! package to install.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const SECRET: &str = "probe-test-secret";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn demo(name: &str) -> String {
    repo()
        .join("certs")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

pub fn require(binary: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    dirs.extend(["/usr/sbin", "/sbin", "/usr/bin"].map(PathBuf::from));
    dirs.into_iter()
        .map(|d| d.join(binary))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{binary} not found: install the Debian package '{package}' (apt-get install -y {package})")
        })
}

/// A UDP port nothing listens on right now (bound by the OS, then released).
pub fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The lab-radius binary cargo built beside hs20check (built on demand when a single test
/// binary runs alone).
pub fn lab_radius_binary() -> PathBuf {
    let dir = Path::new(env!("CARGO_BIN_EXE_hs20check")).parent().unwrap();
    let bin = dir.join("lab-radius");
    if !bin.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "-q", "-p", "lab-radius", "--bin", "lab-radius"]);
        if dir.ends_with("release") {
            cmd.arg("--release");
        }
        let status = cmd
            .current_dir(repo())
            .status()
            .expect("cargo build lab-radius");
        assert!(status.success(), "cargo build -p lab-radius failed");
    }
    bin
}

pub struct Server {
    child: Child,
    pub port: u16,
    lines: Arc<Mutex<Vec<String>>>,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    fn spawn(
        mut command: Command,
        port: u16,
        ready: &str,
        dir: Option<tempfile::TempDir>,
    ) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .expect("spawn the server");
        let lines = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let mut server = Server {
            child,
            port,
            lines,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !server.logs().contains(ready) {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "server exited ({status}) before it was ready:\n{}",
                    server.logs()
                );
            }
            assert!(
                Instant::now() < deadline,
                "server not ready:\n{}",
                server.logs()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// lab-radius with the demo server identity; `client_ca` is the CA client certificates
    /// must chain to.
    pub fn lab_radius(client_ca: &str) -> Server {
        let port = free_port();
        let mut cmd = Command::new(lab_radius_binary());
        cmd.args(["--listen", &format!("127.0.0.1:{port}"), "--secret", SECRET])
            .args(["--server-cert", &demo("server-chain.pem")])
            .args(["--server-key", &demo("server.key")])
            .args(["--ca", client_ca]);
        Server::spawn(cmd, port, "listening on", None)
    }

    /// FreeRADIUS (private configuration, `-f`) with the demo server identity.
    pub fn freeradius(client_ca: &str) -> Server {
        let binary = require("freeradius", "freeradius");
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let conf = dir.path().join("raddb");
        let status = Command::new("bash")
            .arg(repo().join("tests/probe/freeradius-config.sh"))
            .arg(&conf)
            .arg(port.to_string())
            .arg(SECRET)
            .args([
                demo("server-chain.pem"),
                demo("server.key"),
                client_ca.to_string(),
            ])
            .status()
            .expect("run freeradius-config.sh");
        assert!(status.success(), "freeradius-config.sh failed");
        let mut cmd = Command::new(binary);
        cmd.arg("-d").arg(&conf).args(["-f", "-l", "stdout"]);
        Server::spawn(cmd, port, "Ready to process requests", Some(dir))
    }

    pub fn logs(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    pub fn radius(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Probe {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Probe {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}); exit {}\nstderr: {}\nstdout: {}",
                self.code, self.stderr, self.stdout
            )
        })
    }
    pub fn ids(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect()
    }
    pub fn outcome(&self) -> String {
        self.json()["authentication"]["outcome"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// `hs20check probe certs/alice.p12 --realm example.com … --radius ADDR --format json ARGS`
/// with the shared secret from the environment.
pub fn probe(radius: &str, secret: &str, args: &[&str]) -> Probe {
    let out = Command::new(env!("CARGO_BIN_EXE_hs20check"))
        .args(["probe", &demo("alice.p12"), "--realm", "example.com"])
        .args(["--password-file", &demo("alice.p12.password")])
        .args([
            "--radius",
            radius,
            "--secret-env",
            "PROBE_SECRET",
            "--format",
            "json",
        ])
        .args(if args.contains(&"--timeout") {
            &[][..]
        } else {
            &["--timeout", "0.3", "--retries", "1"][..]
        })
        .args(args)
        .env("PROBE_SECRET", secret)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("hs20check runs");
    let run = Probe {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let password = std::fs::read_to_string(demo("alice.p12.password")).unwrap();
    for secret in [secret, password.trim()] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret appears in the probe's output"
        );
    }
    run
}

pub const TRUSTED: [&str; 2] = ["--trusted-server-name", "radius.example.com"];

/// Every case of the issue against one kind of server: success (TLS 1.3 and 1.2, MPPE keys
/// equal to the MSK), an untrusted server CA, a name that does not match, a wrong secret, and
/// the server refusing the client certificate (`refusing`, a server whose client CA is another).
pub fn success(server: &Server) {
    for version in ["1.3", "1.2"] {
        let run = probe(
            &server.radius(),
            SECRET,
            &[
                &["--ca", &demo("root-ca.pem"), "--tls-version", version][..],
                &TRUSTED,
            ]
            .concat(),
        );
        assert_eq!(
            run.code,
            0,
            "TLS {version}: {}\n{}",
            run.stdout,
            server.logs()
        );
        let j = run.json();
        let a = &j["authentication"];
        assert_eq!(a["outcome"], "accepted");
        assert_eq!(a["tls_version"], format!("TLS {version}"));
        assert_eq!(a["mppe_keys"]["present"], true);
        assert_eq!(
            a["mppe_keys"]["match"], true,
            "MPPE keys differ from the MSK"
        );
        assert_eq!(a["server_chain"].as_array().unwrap().len(), 2);
        assert!(a["round_trips"].as_u64().unwrap() >= 3);
        assert!(a["cipher_suite"].as_str().unwrap().starts_with("TLS"));
        assert!(a["signature_scheme"].as_str().unwrap().contains("ECDSA"));
        assert_eq!(j["verdict"], "pass");
    }
}

pub fn untrusted_ca(server: &Server) {
    let run = probe(
        &server.radius(),
        SECRET,
        &[&["--ca", &demo("profile-signer.pem")][..], &TRUSTED].concat(),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.outcome(), "rejected");
    assert_eq!(run.ids(), ["server-chain-untrusted"]);
    let a = &run.json()["authentication"];
    assert_eq!(a["alert"]["direction"], "sent");
    assert_eq!(a["alert"]["description"], "unknown_ca");
}

/// The mismatch, and the chain saved with --save-server-chain gives `check --server-cert`
/// the same server findings.
pub fn name_mismatch(server: &Server) {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("chain.pem");
    let run = probe(
        &server.radius(),
        SECRET,
        &[
            "--ca",
            &demo("root-ca.pem"),
            "--trusted-server-name",
            "example.com",
            "--save-server-chain",
            saved.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.outcome(), "rejected");
    assert_eq!(run.ids(), ["server-name-mismatch"]);
    assert_eq!(
        run.json()["authentication"]["alert"]["description"],
        "bad_certificate"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_hs20check"))
        .args(["check", &demo("alice.p12"), "--realm", "example.com"])
        .args([
            "--password-file",
            &demo("alice.p12.password"),
            "--format",
            "json",
        ])
        .args([
            "--ca",
            &demo("root-ca.pem"),
            "--trusted-server-name",
            "example.com",
        ])
        .arg("--server-cert")
        .arg(&saved)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let server_ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subject"] == "server")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(server_ids, ["server-name-mismatch"]);
}

pub fn wrong_secret(server: &Server) {
    let run = probe(
        &server.radius(),
        "not-the-secret",
        &[&["--ca", &demo("root-ca.pem")][..], &TRUSTED].concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.outcome(), "no-answer");
    assert_eq!(run.ids(), ["probe.no-answer"]);
}

pub fn server_down() {
    let run = probe(
        &format!("127.0.0.1:{}", free_port()),
        SECRET,
        &[&["--ca", &demo("root-ca.pem")][..], &TRUSTED].concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.outcome(), "unreachable");
    assert_eq!(run.ids(), ["probe.unreachable"]);
}

pub fn client_refused(refusing: &Server) -> serde_json::Value {
    let run = probe(
        &refusing.radius(),
        SECRET,
        &[&["--ca", &demo("root-ca.pem")][..], &TRUSTED].concat(),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, refusing.logs());
    assert_eq!(run.outcome(), "rejected");
    assert_eq!(run.ids(), ["probe.rejected"]);
    run.json()
}
