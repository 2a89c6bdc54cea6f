//! `check-config`, and the same problems as warnings on a normal start.

use std::process::ExitCode;

use super::config::Settings;
use crate::proto::tls::certfacts::{date, CertFacts};
use crate::proto::tls::setup::TlsSetup;

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A --ca certificate without basicConstraints CA:TRUE (often the client's or the server's own
/// leaf): rustls takes it as a trust anchor, but no client certificate will chain to it.
pub fn not_a_ca(c: &CertFacts) -> String {
    format!(
        "--ca certificate '{}' is not a CA (no basicConstraints CA:TRUE), so client certificates cannot chain to it: give the CA that issued them (`openssl x509 -noout -issuer -in client.pem` names it)",
        c.subject
    )
}

pub fn check_config(settings: &Settings, setup: &TlsSetup) -> ExitCode {
    let now = unix_now();
    let mut problems = 0;
    println!("listen        {}", settings.listen);
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
        if c.not_after < now {
            println!("  PROBLEM: expired on {}: reissue it", date(c.not_after));
            problems += 1;
        }
        if c.not_before > now {
            println!("  PROBLEM: not valid before {}", date(c.not_before));
            problems += 1;
        }
    }
    if let Some(leaf) = setup.server_chain.first() {
        if let Some(eku) = &leaf.eku {
            if !eku
                .iter()
                .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage")
            {
                println!("  PROBLEM: the server certificate lacks EKU serverAuth; Windows, Apple and Android supplicants refuse it");
                problems += 1;
            }
        }
        if leaf.dns_names.is_empty() {
            println!("  NOTE: no DNS name in subjectAltName; supplicants matching a server name (domain_match, trustedServerNames) will refuse it");
        }
    }
    println!(
        "server key    {} (matches the certificate)",
        settings.server_key.display()
    );
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
        if c.not_after < now {
            println!("  PROBLEM: CA expired on {}", date(c.not_after));
            problems += 1;
        }
        if !c.may_issue {
            println!("  PROBLEM: {}", not_a_ca(c));
            problems += 1;
        }
    }
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
