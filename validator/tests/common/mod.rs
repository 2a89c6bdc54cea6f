//! Runs the built `hs20check` binary over the committed corpus in tests/validator/fixtures
//! (made by tests/validator/make-fixtures.sh). Every run pins the clock to the corpus's
//! GENERATED_AT, so validity-based verdicts never rot, and checks that the corpus password never
//! shows up in the output.
#![allow(dead_code)] // each test binary uses a different part

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/validator/fixtures"
    ))
}

fn read_line(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run tests/validator/make-fixtures.sh)",
                path.display()
            )
        })
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The password of every corpus file (except p12/empty-password.p12).
pub fn password() -> String {
    read_line("password.txt")
}

pub fn generated_at() -> String {
    read_line("GENERATED_AT")
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); exit {}, stderr: {}\nstdout: {}",
                self.code, self.stderr, self.stdout
            )
        })
    }

    /// Finding ids in report order.
    pub fn ids(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .expect("findings is an array")
            .iter()
            .map(|f| f["id"].as_str().expect("id is a string").to_string())
            .collect()
    }
}

/// Runs hs20check with `args` in the fixtures directory, stdin from /dev/null.
pub fn hs20check(args: &[&str]) -> Run {
    hs20check_with(args, |_| {})
}

pub fn hs20check_with(args: &[&str], configure: impl FnOnce(&mut Command)) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hs20check"));
    cmd.args(args)
        .current_dir(fixtures())
        .env("HS20CHECK_NOW", generated_at())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    configure(&mut cmd);
    let start = Instant::now();
    let out: Output = cmd.output().expect("hs20check runs");
    let run = Run {
        code: out
            .status
            .code()
            .expect("hs20check exited (not killed by a signal)"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    };
    let secret = password();
    assert!(
        !run.stdout.contains(&secret) && !run.stderr.contains(&secret),
        "the PKCS#12 password appears in the output of hs20check {args:?}"
    );
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(
            !run.stderr.contains(bad),
            "hs20check {args:?} printed '{bad}': {}",
            run.stderr
        );
    }
    run
}

/// `check <p12> --realm example.com --password-file password.txt --format json <args>`; a
/// `--password` in `args` replaces the password file.
pub fn check_json(p12: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", p12, "--realm", "example.com", "--format", "json"];
    if !args.iter().any(|a| a.starts_with("--password")) {
        all.extend(["--password-file", "password.txt"]);
    }
    all.extend_from_slice(args);
    hs20check(&all)
}

/// (id, severity, subject) of every rule `hs20check explain list` / `explain ID` report.
pub fn catalogue() -> Vec<(String, String, String)> {
    let list = hs20check(&["explain", "list"]);
    assert_eq!(list.code, 0, "explain list: {}", list.stderr);
    list.stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cols = line.split_whitespace();
            let id = cols.next().expect("id column").to_string();
            let severity = cols.next().expect("severity column").to_string();
            let explained = hs20check(&["explain", &id]);
            assert_eq!(explained.code, 0, "explain {id}: {}", explained.stderr);
            // First line: "<id> (<severity>, <Subject>)".
            let first = explained
                .stdout
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            let subject = first
                .rsplit_once(", ")
                .map(|(_, s)| s.trim_end_matches(')').to_string())
                .unwrap_or_else(|| panic!("explain {id}: unexpected first line '{first}'"));
            (id, severity, subject)
        })
        .collect()
}
