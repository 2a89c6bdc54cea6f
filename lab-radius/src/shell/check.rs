//! `check-config`, and the same problems as warnings on a normal start. The rules are in
//! `proto::diagnose::setup`; this prints them, section by section.

use std::process::ExitCode;
use std::time::SystemTime;

use super::config::Settings;
use hs20_core::rules::Severity;

use crate::proto::diagnose::setup::{self, CaProblem};
use crate::proto::tls::certfacts::{date, CertFacts, Shown};
use crate::proto::tls::setup::TlsSetup;

/// A --ca certificate without basicConstraints CA:TRUE (often the client's or the server's own
/// leaf): rustls takes it as a trust anchor, but no client certificate will chain to it.
pub fn not_a_ca(c: &CertFacts) -> String {
    format!(
        "--ca certificate '{}' is not a CA (no basicConstraints CA:TRUE), so client certificates cannot chain to it: give the CA that issued them (`openssl x509 -noout -issuer -in client.pem` names it)",
        c.subject
    )
}

/// The start-up warnings: problems check-config counts, so a plain start does not hide them.
pub fn startup_warnings(setup: &TlsSetup, now: SystemTime) -> Vec<String> {
    let expired = setup::expired(&setup.server_chain, now).map(|c| {
        format!(
            "server certificate '{}' expired on {}: every supplicant will reject it; reissue it",
            c.subject,
            date(c.not_after)
        )
    });
    let not_cas = setup.cas.iter().flat_map(|c| {
        setup::ca_certificate(c, now)
            .into_iter()
            .filter(|p| *p == CaProblem::NotACa)
            .map(move |_| not_a_ca(c))
    });
    expired.chain(not_cas).collect()
}

/// Prints what would run and every problem; exit 0 (OK) or 1 (problems).
pub fn check_config(settings: &Settings, setup: &TlsSetup, now: SystemTime) -> ExitCode {
    println!("listen        {}", settings.listen);
    let problems = server_chain(settings, setup, now) + client_cas(settings, setup, now);
    println!(
        "TLS           {} to {}",
        setup.tls_min.label(),
        setup.tls_max.label()
    );
    println!(
        "clients       {}{}",
        settings.clients.prefixes().join(", "),
        if settings.uses_demo_secret {
            " (demo secret, see --help)"
        } else {
            ""
        }
    );
    println!("fragment size {}", settings.fragment_size);
    println!(
        "limits        {} sessions (the oldest without progress of the busiest NAS make room), idle timeout {} s, TLS memory {} MiB, retry window {} s",
        settings.max_sessions,
        settings.session_timeout.as_secs(),
        settings.tls_memory_budget / (1024 * 1024),
        settings.retry_window.as_secs()
    );
    if problems == 0 {
        println!("configuration OK");
        ExitCode::SUCCESS
    } else {
        println!("{problems} problem(s)");
        ExitCode::from(1)
    }
}

/// The server chain and key section; returns the number of problems.
fn server_chain(settings: &Settings, setup: &TlsSetup, now: SystemTime) -> usize {
    let mut problems = 0;
    println!(
        "server chain  {}{}",
        settings.server_cert.display(),
        if settings.uses_demo_pki {
            " (demo PKI)"
        } else {
            ""
        }
    );
    for c in &setup.server_chain {
        println!("  {}", Shown(c));
    }
    // The catalogue's server-certificate rules, as `hs20check check --server-cert` runs them:
    // errors are problems (a supplicant refuses), the rest are notes.
    for f in setup::server_chain(&setup.server_chain, now) {
        match f.rule.severity {
            Severity::Error => {
                println!("  PROBLEM {}: {}: {}", f.rule.id, f.detail, f.fix_text());
                problems += 1;
            }
            Severity::Warning | Severity::Info => {
                println!("  NOTE {}: {}: {}", f.rule.id, f.detail, f.fix_text())
            }
        }
    }
    println!(
        "server key    {} (matches the certificate)",
        settings.server_key.display()
    );
    problems
}

/// The client CA section; returns the number of problems.
fn client_cas(settings: &Settings, setup: &TlsSetup, now: SystemTime) -> usize {
    let mut problems = 0;
    println!(
        "client CAs    {}",
        settings
            .ca
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for c in &setup.cas {
        println!("  {}", Shown(c));
        for p in setup::ca_certificate(c, now) {
            let text = match p {
                CaProblem::Expired { not_after } => format!("CA expired on {}", date(not_after)),
                CaProblem::NotACa => not_a_ca(c),
            };
            println!("  PROBLEM: {text}");
            problems += 1;
        }
    }
    problems
}
