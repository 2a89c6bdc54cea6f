//! `hs20check capture FILE`: diagnoses every station's attempt in a pcap/pcapng capture.

use super::{input_error, EXIT_FINDINGS, EXIT_OK};
use clap::{Args, ValueEnum};
use hs20_air::{Mac, Options, Report};
use hs20_core::x509::CertFacts;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CaptureArgs {
    /// A pcap or pcapng file (radiotap, 802.11, Ethernet, Linux cooked, RADIUS over UDP); `-` reads standard input.
    pub file: PathBuf,
    /// Only this station (MAC address); named even when it sent nothing.
    #[arg(long)]
    pub station: Option<String>,
    /// Only this BSS (the AP's MAC address).
    #[arg(long)]
    pub bssid: Option<String>,
    /// Trust anchors for the server chain seen in EAP-TLS (PEM).
    #[arg(long = "ca")]
    pub ca: Vec<PathBuf>,
    /// The trustedServerNames the device uses; the server chain is matched against them.
    #[arg(long = "trusted-server-name")]
    pub trusted_server_name: Vec<String>,
    /// A TLS key log (NSS key-log format, SSLKEYLOGFILE; lab-radius writes one with
    /// --tls-keylog): TLS 1.3 EAP-TLS handshakes it has secrets for are decrypted, so the
    /// server's certificate and the alerts are read as with TLS 1.2. Secrets are never printed.
    #[arg(long, value_name = "KEYLOG")]
    pub keylog: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Also write one self-contained HTML page: the ladder diagram per station and the
    /// advertised-versus-chosen security table.
    #[arg(long)]
    pub html: Option<PathBuf>,
}

pub fn run(args: CaptureArgs) -> ExitCode {
    let mac = |s: &Option<String>, what: &str| -> Result<Option<Mac>, String> {
        s.as_deref()
            .map(|m| {
                Mac::parse(m)
                    .ok_or_else(|| format!("{what} '{m}' is not a MAC address (aa:bb:cc:dd:ee:ff)"))
            })
            .transpose()
    };
    let (station, bssid) = match (mac(&args.station, "--station"), mac(&args.bssid, "--bssid")) {
        (Ok(s), Ok(b)) => (s, b),
        (Err(e), _) | (_, Err(e)) => return input_error(e),
    };
    let mut anchors = Vec::new();
    for p in &args.ca {
        match super::input::certificates(p, "--ca") {
            Ok(ders) => {
                for d in ders {
                    match CertFacts::from_der(&d) {
                        Ok(f) => anchors.push(f),
                        Err(e) => return input_error(format!("{}: {e}", p.display())),
                    }
                }
            }
            Err(e) => return input_error(e),
        }
    }
    let keylog = match &args.keylog {
        None => None,
        Some(p) => {
            let bytes = match super::input::read(p, "the --keylog file") {
                Ok(b) => b,
                Err(e) => return input_error(e),
            };
            match hs20_air::keylog::KeyLog::parse(&bytes) {
                Ok(k) => Some(k),
                Err(e) => return input_error(format!("--keylog {}: {e}", p.display())),
            }
        }
    };
    let name = args.file.display().to_string();
    let input: Box<dyn Read + Send> = if name == "-" {
        Box::new(std::io::stdin())
    } else {
        // A FIFO opens without blocking; devices and directories are refused by type.
        match hs20check::input::open_stream(&args.file, "the capture") {
            Ok(f) => Box::new(f),
            Err(e) => return input_error(e.to_string()),
        }
    };
    let total = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let tty = std::io::stderr().is_terminal() && name != "-";
    let mut last_shown = 0u64;
    let progress = |done: u64| {
        if tty && total > 32 << 20 && done - last_shown > 8 << 20 {
            last_shown = done;
            eprint!(
                "\r{name}: {:>3}% ({} MB)",
                done * 100 / total.max(1),
                done >> 20
            );
            let _ = std::io::stderr().flush();
        }
    };
    let (cap, summary) = match hs20_air::model::read(
        &name,
        std::io::BufReader::with_capacity(1 << 16, input),
        progress,
    ) {
        Ok(x) => x,
        Err(e) => return input_error(format!("{name}: {e}")),
    };
    if tty && total > 32 << 20 {
        eprintln!();
    }
    let report = hs20_air::diagnose(
        &cap,
        summary,
        &Options {
            station,
            bssid,
            anchors,
            trusted_names: args.trusted_server_name,
            keylog,
        },
    );
    if let Some(p) = &args.html {
        if let Err(e) = std::fs::write(p, hs20_air::html::render(&report)) {
            return input_error(format!("{}: {e}", p.display()));
        }
    }
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        ),
        Format::Human => print!("{}", human(&report)),
    }
    let failed = report.stations.iter().any(|s| s.outcome != "connected")
        || report
            .findings
            .iter()
            .any(|f| f.severity() == hs20_core::rules::Severity::Error);
    ExitCode::from(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

pub fn human(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}: {} {} frame(s){}",
        r.file,
        r.input.format,
        r.input.frames,
        r.input
            .stopped
            .as_deref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default()
    );
    if r.stations.is_empty() {
        let _ = writeln!(o, "no station attempted to join (no authentication, association or EAPOL frames); use --station MAC to ask about one");
    }
    for s in &r.stations {
        let _ = writeln!(
            o,
            "\nstation {}{}: {} (layer {}) [{}]",
            s.mac,
            s.bssid.map(|b| format!(" → {b}")).unwrap_or_default(),
            s.outcome,
            s.layer,
            s.rule
        );
        let _ = writeln!(o, "  cause: {}", s.cause);
        if s.outcome != "connected" {
            let _ = writeln!(o, "  fix:   {}", s.fix);
        }
        if let Some(a) = &s.advertised {
            let _ = writeln!(
                o,
                "  advertised: SSID {:?} {} ch {} | AKM {} | pairwise {} | group {} | PMF {} | mgmt {}{}{}{}{}",
                a.ssid.clone().unwrap_or_default(),
                a.band,
                a.channel.map(|c| c.to_string()).unwrap_or("?".into()),
                a.akms.join(", "),
                a.pairwise.join(", "),
                a.group.clone().unwrap_or_default(),
                a.pmf,
                a.group_mgmt.clone().unwrap_or("-".into()),
                if a.sae_h2e { " | SAE H2E" } else { "" },
                if a.rsn_override > 0 { " | RSN override" } else { "" },
                if a.eht { " | EHT" } else if a.he { " | HE" } else { "" },
                if a.multi_link { " | multi-link" } else { "" },
            );
        }
        if let Some(c) = &s.chosen {
            let _ = writeln!(
                o,
                "  chosen (frame {}): AKM {} | pairwise {} | group {} | PMF {}",
                c.frame,
                c.akm.clone().unwrap_or_default(),
                c.pairwise.clone().unwrap_or_default(),
                c.group.clone().unwrap_or_default(),
                c.pmf
            );
        }
        for e in &s.evidence {
            let _ = writeln!(o, "  frame {:>6}: {}", e.frame.unwrap_or(0), e.what);
        }
        if !s.ladder.is_empty() {
            let _ = writeln!(o, "  ladder (last attempt of {}):", s.attempts);
            for e in &s.ladder {
                let arrow = match e.dir {
                    hs20_air::model::Dir::StaToAp => "STA → AP ",
                    hs20_air::model::Dir::ApToSta => "STA ← AP ",
                    hs20_air::model::Dir::ApToAs => "AP → AS  ",
                    hs20_air::model::Dir::AsToAp => "AP ← AS  ",
                };
                let _ = writeln!(o, "    {:>6} {arrow} {}", e.frame, e.what);
            }
        }
    }
    let other: Vec<_> = r
        .findings
        .iter()
        .filter(|f| {
            !r.stations.iter().any(|s| {
                s.rule == f.rule.id
                    && f.detail.contains(&s.mac.to_string())
                    && f.detail.contains(&s.cause)
            })
        })
        .collect();
    if !other.is_empty() {
        let _ = writeln!(o, "\nfindings:");
        for f in other {
            let _ = writeln!(o, "  {:?}[{}] {}", f.severity(), f.rule.id, f.detail);
        }
    }
    let _ = writeln!(o, "\nverdict: {:?}", r.verdict);
    o
}
