//! The layering rule: everything under src/proto is sans-IO. No files, sockets, runtimes,
//! logging, clocks, OS randomness or printing there, and no way back into the shell. Bytes and
//! time come in as arguments; bytes and events go out as return values.

use std::path::{Path, PathBuf};

/// What proto code must not mention, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "files are read by the shell (shell::files)"),
    (
        "tokio",
        "sockets and timers belong to the shell (shell::serve)",
    ),
    ("tracing", "logging belongs to the shell (shell::logging)"),
    ("std::net::UdpSocket", "sockets belong to the shell"),
    ("std::net::TcpStream", "sockets belong to the shell"),
    ("std::env", "settings come from the shell (shell::config)"),
    ("std::process", "exit codes belong to the shell"),
    ("std::thread", "the engine is driven by its caller"),
    ("SystemTime::now", "the caller supplies `now`"),
    ("Instant::now", "the caller supplies `now`"),
    ("UnixTime::now", "the caller supplies `now`"),
    (
        "DefaultTimeProvider",
        "rustls must use the supplied time (proto::tls::clock)",
    ),
    (
        "ServerConfig::builder(",
        "reads the OS clock: use builder_with_details and SuppliedTime",
    ),
    (
        "ServerConfig::builder_with_provider",
        "reads the OS clock: use builder_with_details and SuppliedTime",
    ),
    (
        "SystemRandom",
        "the caller supplies randomness (RandomSource)",
    ),
    ("println!", "the shell renders events"),
    ("eprintln!", "the shell renders events"),
    ("print!", "the shell renders events"),
    ("eprint!", "the shell renders events"),
    ("dbg!", "the shell renders events"),
    ("std::io::stdout", "the shell renders events"),
    ("std::io::stderr", "the shell renders events"),
    ("crate::shell", "proto must not depend on the shell"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line without its `//` comment (doc comments may name what is forbidden).
fn code(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    // A `//` inside a string literal (a URL) would cut the line short: that only hides text,
    // and proto has no such strings today.
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

fn violations(text: &str) -> Vec<(usize, &'static str, &'static str)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = code(line);
        for (needle, why) in FORBIDDEN {
            if code.contains(needle) {
                found.push((n + 1, *needle, *why));
            }
        }
    }
    found
}

#[test]
fn proto_is_sans_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/proto");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() >= 20,
        "expected the proto modules, found {files:?}"
    );
    let mut report = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, needle, why) in violations(&text) {
            report.push(format!(
                "{}:{line}: `{needle}`: {why}",
                file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap()
                    .display()
            ));
        }
    }
    assert!(
        report.is_empty(),
        "src/proto must stay sans-IO:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_forbids() {
    let sample = "use tokio::net::UdpSocket;\n\
                  //! tracing is named in a comment only\n\
                  let now = std::time::SystemTime::now(); // the clock\n\
                  let t = Instant::now();\n\
                  println!(\"hi\");\n\
                  let b = std::fs::read(p);\n";
    let found: Vec<&str> = violations(sample).iter().map(|v| v.1).collect();
    assert_eq!(
        found,
        [
            "tokio",
            "SystemTime::now",
            "Instant::now",
            "println!",
            "std::fs"
        ]
    );
}
