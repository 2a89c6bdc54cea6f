//! Shared helpers for tests with real peers: a test PKI made by make-test-pki.sh, a running
//! lab-radius on an OS-chosen port with its log captured, and eapol_test / radclient runs.
//! A missing peer binary fails the test with the Debian package to install.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

pub const SECRET: &str = "lab-test-secret";

/// Finds a peer binary or fails naming the apt package that provides it.
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

pub struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    pub fn path(&self, name: &str) -> String {
        let p = self.dir.path().join(name);
        assert!(p.is_file(), "test PKI has no {name}");
        p.to_str().unwrap().to_string()
    }
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        require("openssl", "openssl");
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/make-test-pki.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg(dir.path())
            .output()
            .expect("run make-test-pki.sh");
        assert!(
            out.status.success(),
            "make-test-pki.sh failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Pki { dir }
    })
}

pub fn demo(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../certs")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

pub struct Server {
    child: Child,
    pub port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts lab-radius on 127.0.0.1 with an OS-chosen port and the given extra arguments.
    pub fn start(args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lab-radius"));
        command.args(["--listen", "127.0.0.1:0"]).args(args);
        Server::spawn(command)
    }

    /// Starts lab-radius with a server identity from the test PKI and the test secret.
    pub fn with_pki(kind: &str, extra: &[&str]) -> Server {
        let pki = pki();
        let cert = pki.path(&format!("server-{kind}.pem"));
        let key = pki.path(&format!("server-{kind}.key"));
        let mut args = vec![
            "--secret".to_string(),
            SECRET.to_string(),
            "--server-cert".to_string(),
            cert,
            "--server-key".to_string(),
            key,
        ];
        for ca in ["rsa-ca.pem", "p256-ca.pem", "p384-ca.pem"] {
            args.push("--ca".into());
            args.push(pki.path(ca));
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        Server::start(&refs)
    }

    pub fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn lab-radius");
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
            port: 0,
            lines,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(port) = server.logs().lines().find_map(|l| {
                let rest = l.split("listening on 127.0.0.1:").nth(1)?;
                rest.trim_end_matches('"')
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            }) {
                server.port = port;
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "lab-radius exited ({status}) before listening:\n{}",
                    server.logs()
                );
            }
            assert!(
                Instant::now() < deadline,
                "lab-radius did not start:\n{}",
                server.logs()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn logs(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    /// Waits until a log line contains `needle`; returns that line.
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> Option<String> {
        poll(timeout, Duration::from_millis(20), || {
            self.lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
                .cloned()
        })
    }

    /// Waits until at least `n` log lines contain `needle`; returns how many do (fewer than `n`
    /// only after `timeout`). The log arrives through a pipe and a reader thread, so a line the
    /// server wrote before its last reply can still be in flight when the client is done.
    pub fn wait_for_count(&self, needle: &str, n: usize, timeout: Duration) -> usize {
        let count = || {
            self.lines
                .lock()
                .unwrap()
                .iter()
                .filter(|l| l.contains(needle))
                .count()
        };
        poll(timeout, Duration::from_millis(20), || {
            Some(count()).filter(|&c| c >= n)
        })
        .unwrap_or_else(count)
    }

    /// The final diagnosis line (the last one with the FAILURE marker).
    pub fn failure_line(&self) -> String {
        self.wait_for("FAILURE ", Duration::from_secs(5));
        self.lines
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|l| l.contains("FAILURE "))
            .cloned()
            .unwrap_or_else(|| panic!("no FAILURE line in the server log:\n{}", self.logs()))
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends a signal (libc::SIGTERM, ...) to the server process.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill has no memory preconditions; the pid is our own child's.
        let rc = unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        assert_eq!(rc, 0, "kill({}, {signal})", self.child.id());
    }

    /// Waits for the server to exit; None if it still runs after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        poll(timeout, Duration::from_millis(10), || {
            self.child.try_wait().ok().flatten()
        })
    }
}

/// Calls `check` every `every` until it gives a value or `timeout` has passed.
fn poll<T>(timeout: Duration, every: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(every);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Run {
    pub success: bool,
    pub code: Option<i32>,
    pub output: String,
}

impl Run {
    pub fn mppe_ok(&self) -> bool {
        self.output.contains("MPPE keys OK: 1  mismatch: 0")
    }
}

/// An eapol_test network block from key=value pairs (values written as given).
pub fn network(options: &[(&str, &str)]) -> String {
    let mut s = String::from("network={\n\tkey_mgmt=IEEE8021X\n\teap=TLS\n\teapol_flags=0\n");
    for (k, v) in options {
        s.push_str(&format!("\t{k}={v}\n"));
    }
    s.push_str("}\n");
    s
}

pub fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// A client network for the test PKI: `kind` selects ca/client files; `phase1` the versions.
pub fn client_network(ca: &str, client: &str, phase1: &str, extra: &[(&str, String)]) -> String {
    let pki = pki();
    let mut opts: Vec<(&str, String)> = vec![
        ("identity", quoted("client@example.com")),
        ("ca_cert", quoted(&pki.path(ca))),
        ("client_cert", quoted(&pki.path(&format!("{client}.pem")))),
        ("private_key", quoted(&pki.path(&format!("{client}.key")))),
        ("domain_match", quoted("radius.example.com")),
        ("phase1", quoted(phase1)),
    ];
    opts.extend(extra.iter().cloned());
    let refs: Vec<(&str, &str)> = opts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    network(&refs)
}

pub const TLS12_ONLY: &str = "tls_disable_tlsv1_3=1";
pub const TLS13_ONLY: &str =
    "tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_2=1 tls_disable_tlsv1_3=0";
pub const TLS_ANY: &str = "tls_disable_tlsv1_3=0";

pub fn eapol_test(conf: &str, port: u16, secret: &str, extra: &[&str]) -> Run {
    let binary = require("eapol_test", "eapoltest");
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(conf.as_bytes()).unwrap();
    let port = port.to_string();
    let out = Command::new(binary)
        .args(["-c", file.path().to_str().unwrap(), "-a", "127.0.0.1", "-p"])
        .arg(&port)
        .args(["-s", secret, "-t", "10"])
        .args(extra)
        .output()
        .expect("run eapol_test");
    Run {
        success: out.status.success(),
        code: out.status.code(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Tail of a long output for assertion messages.
pub fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
