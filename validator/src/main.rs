//! `hs20check`: explains why a Passpoint / EAP-TLS setup fails on Apple devices.

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "hs20check",
    version,
    about = "Validate a Passpoint (Hotspot 2.0) EAP-TLS identity, its chains and trustedServerNames against what Apple devices enforce",
    after_help = "Exit status: 0 no error findings (warnings allowed), 1 at least one error finding, 2 input could not be evaluated.\n`hs20check <P12> --realm R` is short for `hs20check check <P12> --realm R`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a PKCS#12 identity, CA, RADIUS server certificate and NEHotspot settings.
    Check(cli::check::CheckArgs),
    /// Generate a .mobileconfig (optionally signed), Android x-wifi-config or wpa_supplicant configuration.
    Profile(cli::profile::ProfileArgs),
    /// Authenticate once (or many times, --count) with EAP-TLS against a live RADIUS server and judge its chain.
    Probe(cli::probe::ProbeArgs),
    /// Lint a .mobileconfig (signed or not), an app's .entitlements or embedded.mobileprovision.
    Lint(cli::lint::LintArgs),
    /// Diagnose every station's join attempt in a pcap/pcapng capture (802.11, 802.1X, RADIUS).
    Capture(cli::capture::CaptureArgs),
    /// Will a Passpoint credential select these APs (home / roaming / no match), and would an Apple device join?
    #[command(name = "match")]
    Match(cli::selection::MatchArgs),
    /// The same diagnosis from hostapd / wpa_supplicant debug logs and lab-radius logs.
    Logs(cli::logs::LogsArgs),
    /// Print the long explanation of a rule (`hs20check explain list` lists every id).
    Explain {
        /// A rule id, e.g. server-name-mismatch, or `list`.
        id: String,
    },
}

const SUBCOMMANDS: &[&str] = &[
    "check", "profile", "probe", "lint", "capture", "logs", "match", "explain", "help",
];

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `hs20check creds.p12 --realm …`: the check subcommand is optional.
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        if !first.starts_with('-') && !SUBCOMMANDS.contains(&first) {
            args.insert(1, "check".into());
        }
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => cli::check::run(args),
        Command::Profile(args) => cli::profile::run(args),
        Command::Probe(args) => cli::probe::run(args),
        Command::Lint(args) => cli::lint::run(args),
        Command::Capture(args) => cli::capture::run(args),
        Command::Logs(args) => cli::logs::run(args),
        Command::Match(args) => cli::selection::run(args),
        Command::Explain { id } => explain(&id),
    }
}

fn explain(id: &str) -> ExitCode {
    use hs20check::rules::{self, explain};
    if id == "list" {
        print!("{}", explain::list(rules::ALL.iter()));
        return ExitCode::SUCCESS;
    }
    // A rule id (or former id), else a source id (TRUST-02, P12-02, RFC-5216, …).
    if let Some(rule) = rules::find(id) {
        print!("{}", explain::rule(rule));
        return ExitCode::SUCCESS;
    }
    match explain::source_entry(id) {
        Some(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        None => cli::input_error(format!(
            "unknown rule id '{id}' (`hs20check explain list` lists them)"
        )),
    }
}
