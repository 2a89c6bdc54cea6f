//! Issue 14, defects 2 and 3, at the command line: inputs that are endless, not files, or never
//! written end quickly with exit 2 and a message naming the file; a deeply nested plist is a
//! lint error, not a stack overflow (exit 134).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Outcome {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Runs hs20check in the fixtures directory and kills it after `limit` (a hang is a failure,
/// not a stuck test run).
fn run_with_timeout(args: &[&str], limit: Duration) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hs20check"))
        .args(args)
        .current_dir(common::fixtures())
        .env("HS20CHECK_NOW", common::generated_at())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hs20check starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return Outcome {
                code: status.code(),
                stderr,
                elapsed: start.elapsed(),
            };
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("hs20check {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn expect_exit_2(args: &[&str], needles: &[&str]) {
    let o = run_with_timeout(args, Duration::from_secs(20));
    assert_eq!(o.code, Some(2), "hs20check {args:?}: {}", o.stderr);
    for n in needles {
        assert!(
            o.stderr.contains(n),
            "hs20check {args:?}: no '{n}' in: {}",
            o.stderr
        );
    }
    assert!(
        o.elapsed < Duration::from_secs(10),
        "hs20check {args:?} took {:?}",
        o.elapsed
    );
}

fn fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    path
}

#[test]
fn dev_zero_as_the_pkcs12_is_refused_by_type() {
    expect_exit_2(
        &[
            "check",
            "/dev/zero",
            "--realm",
            "example.com",
            "--password",
            "x",
        ],
        &["/dev/zero", "the PKCS#12 file", "character device"],
    );
}

#[test]
fn dev_zero_as_the_password_file_is_refused_by_type() {
    expect_exit_2(
        &[
            "check",
            "p12/good.p12",
            "--realm",
            "example.com",
            "--password-file",
            "/dev/zero",
        ],
        &["/dev/zero", "the password file", "character device"],
    );
}

#[test]
fn dev_zero_as_ca_and_lint_input_is_refused() {
    expect_exit_2(
        &[
            "check",
            "p12/good.p12",
            "--realm",
            "example.com",
            "--password-file",
            "password.txt",
            "--ca",
            "/dev/zero",
        ],
        &["/dev/zero", "--ca", "character device"],
    );
    expect_exit_2(&["lint", "/dev/zero"], &["/dev/zero", "character device"]);
}

#[test]
fn a_fifo_without_writer_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = fifo(dir.path(), "identity.p12");
    let pw = fifo(dir.path(), "password");
    let p12 = p12.to_str().unwrap();
    let pw = pw.to_str().unwrap();
    // No writer: hs20check waits the 10 s idle bound for one, then names the file.
    for (args, file) in [
        (
            vec!["check", p12, "--realm", "example.com", "--password", "x"],
            p12,
        ),
        (
            vec![
                "check",
                "p12/good.p12",
                "--realm",
                "example.com",
                "--password-file",
                pw,
            ],
            pw,
        ),
    ] {
        let o = run_with_timeout(&args, Duration::from_secs(30));
        assert_eq!(o.code, Some(2), "{}", o.stderr);
        assert!(o.stderr.contains(file), "{}", o.stderr);
        assert!(
            o.stderr.contains("nothing written to the pipe"),
            "{}",
            o.stderr
        );
        assert!(o.elapsed < Duration::from_secs(20), "took {:?}", o.elapsed);
    }
}

#[test]
fn a_fifo_with_a_writer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let pw = fifo(dir.path(), "password");
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "sleep 1; cat '{}' > '{}'",
            common::fixtures().join("password.txt").display(),
            pw.display()
        ))
        .spawn()
        .unwrap();
    let o = run_with_timeout(
        &[
            "check",
            "p12/good.p12",
            "--realm",
            "example.com",
            "--password-file",
            pw.to_str().unwrap(),
        ],
        Duration::from_secs(30),
    );
    writer.wait().unwrap();
    assert!(o.code == Some(0) || o.code == Some(1), "{}", o.stderr);
}

#[test]
fn an_endless_pipe_stops_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = fifo(dir.path(), "endless.p12");
    // A writer that never stops: the read must end after 4 MiB + 1 bytes.
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(format!("cat /dev/zero > '{}'", p12.display()))
        .spawn()
        .unwrap();
    let p12 = p12.to_str().unwrap();
    let o = run_with_timeout(
        &["check", p12, "--realm", "example.com", "--password", "x"],
        Duration::from_secs(20),
    );
    writer.kill().ok();
    writer.wait().ok();
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(o.stderr.contains("too large"), "{}", o.stderr);
    assert!(o.stderr.contains(p12), "{}", o.stderr);
}

#[test]
fn a_plist_nested_150000_deep_is_a_lint_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.mobileconfig");
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>PayloadContent</key>"#,
    );
    s.push_str(&"<array>".repeat(150_000));
    s.push_str(&"</array>".repeat(150_000));
    s.push_str("</dict></plist>");
    assert!(s.len() > 2_000_000);
    std::fs::write(&path, s).unwrap();
    let path = path.to_str().unwrap();
    expect_exit_2(&["lint", path], &[path, "nested more than 64 deep"]);
}

#[test]
fn swift_nested_50000_deep_is_linted_without_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Deep.swift");
    let n = 50_000;
    std::fs::write(
        &path,
        format!("let x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
    )
    .unwrap();
    let o = run_with_timeout(&["lint", path.to_str().unwrap()], Duration::from_secs(60));
    assert!(
        matches!(o.code, Some(0) | Some(1)),
        "{:?}: {}",
        o.code,
        o.stderr
    );
}
