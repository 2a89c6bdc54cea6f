//! The shell around the sans-IO protocol part: the command line and `lab.toml`, reading the
//! TLS files, the UDP socket and the once-a-second tick, the clock and the random source, and
//! logging (the engine's typed events rendered as human or JSON lines).

pub mod chain_text;
pub mod check;
pub mod cli;
pub mod config;
pub mod files;
pub mod keylog;
pub mod logging;
pub mod quench;
pub mod render;
pub mod serve;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::SystemTime;

use clap::Parser;

use check::{check_config, startup_warnings};
use config::{Cli, Command, Settings};

/// `lab-radius explain CODE`: the catalogue entry of a FAILURE code (the same entry and text
/// `hs20check explain` prints), or `list`. Reads no configuration.
fn explain(code: &str) -> ExitCode {
    use hs20_core::rules::{self, explain, Family};
    if code == "list" {
        // The FAILURE codes (core/rules/lab-radius.toml); hs20check probe's rules also apply to
        // the radius-server path but are hs20check's findings, not lab-radius codes.
        let ours: Vec<_> = rules::ALL
            .iter()
            .filter(|r| r.family == Family::LabRadius)
            .collect();
        print!("{}", explain::list(ours.into_iter()));
        return ExitCode::SUCCESS;
    }
    match rules::find(code) {
        Some(rule) => {
            print!("{}", explain::rule(rule));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "lab-radius: unknown FAILURE code '{code}' (`lab-radius explain list` lists them)"
            );
            ExitCode::from(2)
        }
    }
}

/// The program: parse settings, load TLS material, serve (or `check-config`).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Explain { code }) = &cli.command {
        return explain(code);
    }
    let check_only = matches!(cli.command, Some(Command::CheckConfig));
    let settings = match Settings::resolve(cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lab-radius: {e}");
            return ExitCode::from(2);
        }
    };
    let mut setup = match files::load_settings_tls(&settings) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lab-radius: {e}");
            return ExitCode::from(2);
        }
    };
    if let (Some(path), false) = (&settings.tls_keylog, check_only) {
        match keylog::FileKeyLog::open(path) {
            Ok(k) => setup.set_key_log(Arc::new(k)),
            Err(e) => {
                eprintln!("lab-radius: --tls-keylog {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let setup = Arc::new(setup);
    if check_only {
        return check_config(&settings, &setup, SystemTime::now());
    }
    logging::init(settings.log_format, settings.verbose, settings.quiet);
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
    if let Some(path) = &settings.tls_keylog {
        tracing::warn!(
            "--tls-keylog: appending every session's TLS secrets to {} (lab only: whoever holds it can decrypt the sessions)",
            path.display()
        );
    }
    if settings.uses_demo_secret {
        tracing::warn!(
            "using the documented demo shared secret (see --help); set --secret for anything else"
        );
    }
    for c in &setup.server_chain {
        tracing::info!(
            "server certificate: {}",
            crate::proto::tls::certfacts::Shown(c)
        );
    }
    for warning in startup_warnings(&setup, SystemTime::now()) {
        tracing::warn!("{warning}");
    }
    tracing::info!(
        "client certificates must chain to: {}; TLS {}..{}; fragment size {}",
        setup.ca_subjects(),
        setup.tls_min.label(),
        setup.tls_max.label(),
        settings.fragment_size
    );
    match serve::serve(settings, setup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lab-radius: {e}");
            ExitCode::FAILURE
        }
    }
}
