//! `lab-radius`: parse settings, load TLS material, serve (or `check-config`).

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use lab_radius::server::config::{Cli, Command, Settings};
use lab_radius::server::{logging, shell};
use lab_radius::tls::certfacts::{date, CertFacts};
use lab_radius::tls::setup::TlsSetup;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let check_only = matches!(cli.command, Some(Command::CheckConfig));
    let settings = match Settings::resolve(cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lab-radius: {e}");
            return ExitCode::from(2);
        }
    };
    let setup = match TlsSetup::load(
        &settings.server_cert,
        &settings.server_key,
        &settings.ca,
        settings.tls_min,
        settings.tls_max,
    ) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("lab-radius: {e}");
            return ExitCode::from(2);
        }
    };
    if check_only {
        return check_config(&settings, &setup);
    }
    logging::init(settings.log_format, settings.verbose);
    if settings.uses_demo_pki {
        tracing::warn!(
            "using the demo PKI from {} (not for production)",
            settings
                .server_cert
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    }
    if settings.uses_demo_secret {
        tracing::warn!(
            "using the documented demo shared secret (see --help); set --secret for anything else"
        );
    }
    for c in &setup.server_chain {
        tracing::info!("server certificate: {c}");
    }
    // The same problems check-config counts, so a plain start does not hide them.
    let now = unix_now();
    for c in setup.server_chain.iter().filter(|c| c.not_after < now) {
        tracing::warn!(
            "server certificate '{}' expired on {}: every supplicant will reject it; reissue it",
            c.subject,
            date(c.not_after)
        );
    }
    for c in setup.cas.iter().filter(|c| !c.may_issue) {
        tracing::warn!("{}", not_a_ca(c));
    }
    tracing::info!(
        "client certificates must chain to: {}; TLS {}..{}; fragment size {}",
        setup.ca_subjects(),
        setup.tls_min.label(),
        setup.tls_max.label(),
        settings.fragment_size
    );
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lab-radius: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(shell::serve(settings, setup)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lab-radius: {e}");
            ExitCode::FAILURE
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A --ca certificate without basicConstraints CA:TRUE (often the client's or the server's own
/// leaf): rustls takes it as a trust anchor, but no client certificate will chain to it.
fn not_a_ca(c: &CertFacts) -> String {
    format!(
        "--ca certificate '{}' is not a CA (no basicConstraints CA:TRUE), so client certificates cannot chain to it: give the CA that issued them (`openssl x509 -noout -issuer -in client.pem` names it)",
        c.subject
    )
}

fn check_config(settings: &Settings, setup: &TlsSetup) -> ExitCode {
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
