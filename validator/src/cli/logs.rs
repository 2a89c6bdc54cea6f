//! `hs20check logs FILE...`: the diagnosis from hostapd / wpa_supplicant debug logs and lab-radius logs.

use super::capture::Format;
use super::{input_error, EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Log files or directories: wpa_supplicant -dd (wpas.log), hostapd -dd (hostapd.log), lab-radius
    /// (as.log), the wpa_cli event monitor (events.log), wpa_cli/hostapd_cli dumps, ap.conf, sta.conf.
    /// A file's role comes from its name, else from its content.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Seconds the run waited (named in a timeout diagnosis).
    #[arg(long)]
    pub timeout: Option<f64>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub fn run(args: LogsArgs) -> ExitCode {
    let logs = match hs20_air::logs::Logs::read(&args.files) {
        Ok(l) => l,
        Err(e) => return input_error(e),
    };
    let r = hs20_air::logs::diagnose(&logs, args.timeout);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&r).expect("report serialises")
        ),
        Format::Human => {
            for s in &r.stations {
                println!("outcome={} layer={} rule={}", s.outcome, s.layer, s.rule);
                println!("cause: {}", s.cause);
                if s.outcome != "connected" {
                    println!("fix:   {}", s.fix);
                }
                for e in &s.evidence {
                    println!("  {}:{}: {}", e.file, e.line.unwrap_or(0), e.what);
                }
            }
            if !r.negotiated.is_empty() {
                let n: Vec<String> = r
                    .negotiated
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                println!("negotiated: {}", n.join(" "));
            }
        }
    }
    let failed = r.stations.iter().any(|s| s.outcome != "connected");
    ExitCode::from(if failed { EXIT_FINDINGS } else { EXIT_OK })
}
