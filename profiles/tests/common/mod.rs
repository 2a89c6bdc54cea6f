//! Shared test helpers: the demo identity in certs/ and real peers (which must exist: a missing
//! peer fails the test with the Debian package to install).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hs20_profiles::{Identity, ProfileSpec, Secret};

pub fn certs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../certs")
}

pub fn demo_password() -> Secret {
    let text = std::fs::read_to_string(certs_dir().join("alice.p12.password"))
        .expect("certs/alice.p12.password");
    Secret::new(text.trim_end_matches(['\n', '\r']))
}

pub fn demo_identity() -> Identity {
    let bytes = std::fs::read(certs_dir().join("alice.p12")).expect("certs/alice.p12");
    Identity::open(&bytes, &demo_password(), "alice.p12").expect("demo identity opens")
}

pub fn demo_cas() -> Vec<Vec<u8>> {
    let pem = std::fs::read(certs_dir().join("root-ca.pem")).unwrap();
    hs20_profiles::error::read_certificates(&pem, "root-ca.pem").unwrap()
}

/// The spec of the README example: realm example.com, root CA, server radius.example.com.
pub fn demo_spec() -> ProfileSpec {
    let mut spec = ProfileSpec::new("example.com", demo_identity(), demo_cas());
    spec.trusted_server_names = vec!["radius.example.com".into()];
    spec.operator_name = Some("Example Wi-Fi".into());
    spec
}

/// Runs a real peer; panics naming the apt package when the program is missing.
pub fn run(program: &str, apt_package: &str, args: &[&str]) -> Output {
    match Command::new(program).args(args).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`{program}` is not installed: apt-get install {apt_package}")
        }
        Err(e) => panic!("cannot run {program}: {e}"),
    }
}

pub fn openssl(args: &[&str]) -> Output {
    run("openssl", "openssl", args)
}

pub fn ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
