//! `check-config`, and the same problems as warnings on a normal start. The rules are in
//! `proto::diagnose::setup`; this prints them, section by section.

use std::process::ExitCode;
use std::time::SystemTime;

use super::config::Settings;
use crate::proto::diagnose::setup::{self, CaProblem, ServerCertProblem};
use crate::proto::tls::certfacts::{date, CertFacts};
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
    let expired = setup.server_chain.iter().flat_map(|c| {
        setup::server_certificate(c, now)
            .into_iter()
            .filter_map(move |p| match p {
                ServerCertProblem::Expired { not_after } => Some(format!(
                    "server certificate '{}' expired on {}: every supplicant will reject it; reissue it",
                    c.subject,
                    date(not_after)
                )),
                _ => None,
            })
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
        println!("  {c}");
        for p in setup::server_certificate(c, now) {
            println!("  PROBLEM: {}", server_problem(p));
            problems += 1;
        }
    }
    if let Some(leaf) = setup.server_chain.first() {
        for p in setup::server_leaf(leaf) {
            println!("  PROBLEM: {}", server_problem(p));
            problems += 1;
        }
        if setup::server_leaf_lacks_dns_name(leaf) {
            println!("  NOTE: no DNS name in subjectAltName; supplicants matching a server name (domain_match, trustedServerNames) will refuse it");
        }
    }
    println!(
        "server key    {} (matches the certificate)",
        settings.server_key.display()
    );
    problems
}

fn server_problem(p: ServerCertProblem) -> String {
    match p {
        ServerCertProblem::Expired { not_after } => format!("expired on {}: reissue it", date(not_after)),
        ServerCertProblem::NotYetValid { not_before } => {
            format!("not valid before {}", date(not_before))
        }
        ServerCertProblem::NoServerAuth => "the server certificate lacks EKU serverAuth; Windows, Apple and Android supplicants refuse it".into(),
    }
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
        println!("  {c}");
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
