//! `hs20check probe <P12> --realm R --radius HOST[:PORT] …`: the shell around the sans-IO
//! client (lab_radius::proto::client): the UDP socket, the clock, the retransmission timer,
//! and rendering. One authentication, or many with `--count` (see `super::load`).

use super::input::{self, PasswordSource};
use super::{input_error, use_color, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use hs20check::commands::probe::{self, Prepared, ProbeExit, ProbeReport, ProbeRequest};
use hs20check::report::{findings_human, verdict_line, Style};
use hs20check::x509::pem;
use lab_radius::proto::client::{Exchange, NasSettings, StopAfter};
use lab_radius::proto::tls::setup::TlsVersion;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stop {
    Identity,
    ServerHello,
}

#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The PKCS#12 identity (.p12 / .pfx) the client authenticates with.
    #[arg(value_name = "P12")]
    pub p12: PathBuf,
    /// The home realm; trustedServerNames defaults to it, as in `check`.
    #[arg(long)]
    pub realm: String,
    #[command(flatten)]
    pub password: PasswordSource,
    /// The RADIUS server: HOST or HOST:PORT (default port 1812).
    #[arg(long, value_name = "HOST[:PORT]")]
    pub radius: String,
    /// Read the RADIUS shared secret from this environment variable.
    #[arg(long, value_name = "VAR", group = "shared_secret")]
    pub secret_env: Option<String>,
    /// Read the RADIUS shared secret from the first line of this file.
    #[arg(long, value_name = "FILE", group = "shared_secret")]
    pub secret_file: Option<PathBuf>,
    /// CA certificate(s) (PEM) the server chain must reach. Repeatable.
    #[arg(long = "ca", value_name = "PEM")]
    pub ca: Vec<PathBuf>,
    /// A name the app puts in trustedServerNames. Repeatable (default: the realm).
    #[arg(long = "trusted-server-name", value_name = "NAME")]
    pub trusted_server_name: Vec<String>,
    /// The EAP identity to send (default: the certificate's CN).
    #[arg(long, value_name = "ID")]
    pub outer_identity: Option<String>,
    /// Only this TLS version (default: 1.3 and 1.2).
    #[arg(long, value_name = "1.2|1.3", value_parser = ["1.2", "1.3"])]
    pub tls_version: Option<String>,
    /// Write the server chain as sent (PEM) to this file.
    #[arg(long, value_name = "FILE")]
    pub save_server_chain: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Seconds before the first retransmission (doubles on each retry, up to 16 s).
    #[arg(long, value_name = "SECONDS", default_value = "1")]
    pub timeout: f64,
    /// Retransmissions of one request before giving up.
    #[arg(long, value_name = "N", default_value = "2")]
    pub retries: u32,
    /// Skip the Status-Server probe before the authentication.
    #[arg(long)]
    pub no_status_server: bool,
    /// Load mode: run this many independent authentications.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Load mode: authentications in flight at once.
    #[arg(long, value_name = "C", default_value = "16")]
    pub concurrency: usize,
    /// Load mode: start at most this many authentications per second.
    #[arg(long, value_name = "R")]
    pub rate: Option<f64>,
    /// Load mode: drop this fraction of datagrams in each direction (0.0–1.0).
    #[arg(long, value_name = "P", default_value = "0")]
    pub loss: f64,
    /// Load mode: spread sessions over K NAS source addresses (127.0.0.1 … 127.0.0.K).
    #[arg(long, value_name = "K", default_value = "1")]
    pub nas_count: u8,
    /// Load mode: leave every session half-open after this stage.
    #[arg(long, value_enum, value_name = "STAGE")]
    pub stop_after: Option<Stop>,
}

/// The shared secret, never printed.
pub fn read_secret(args: &ProbeArgs) -> Result<Vec<u8>, String> {
    if let Some(var) = &args.secret_env {
        return std::env::var(var)
            .map(String::into_bytes)
            .map_err(|_| format!("--secret-env: environment variable {var} is not set"));
    }
    if let Some(file) = &args.secret_file {
        let bytes = input::read_secret_file(file, "the shared-secret file")?;
        let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        return Ok(line.to_vec());
    }
    Err("the shared secret: use --secret-env VAR or --secret-file FILE".into())
}

pub fn server_address(radius: &str) -> Result<SocketAddr, String> {
    let with_port = if radius.parse::<SocketAddr>().is_ok()
        || (radius
            .rsplit_once(':')
            .is_some_and(|(h, p)| !h.contains(':') && p.parse::<u16>().is_ok()))
    {
        radius.to_string()
    } else if radius.contains(':') && !radius.starts_with('[') {
        format!("[{radius}]:1812")
    } else {
        format!("{radius}:1812")
    };
    with_port
        .to_socket_addrs()
        .map_err(|e| format!("--radius {radius}: {e}"))?
        .next()
        .ok_or_else(|| format!("--radius {radius}: no address"))
}

pub struct Setup {
    pub prepared: Prepared,
    pub server: SocketAddr,
    pub nas: NasSettings,
}

fn build(args: &ProbeArgs) -> Result<Setup, String> {
    let p12 = input::read(&args.p12, "the PKCS#12 file")?;
    let mut ca_certs = Vec::new();
    for path in &args.ca {
        ca_certs.extend(input::certificates(path, "--ca")?);
    }
    let password = args.password.resolve(&args.p12)?;
    let secret = read_secret(args)?;
    let server = server_address(&args.radius)?;
    if !(args.timeout > 0.0 && args.timeout < 3600.0) {
        return Err("--timeout: give seconds above 0".into());
    }
    let req = ProbeRequest {
        p12,
        password,
        realm: args.realm.clone(),
        ca_certs,
        trusted_server_names: if args.trusted_server_name.is_empty() {
            None
        } else {
            Some(args.trusted_server_name.clone())
        },
        outer_identity: args.outer_identity.clone(),
        tls_version: args.tls_version.as_deref().and_then(TlsVersion::parse),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let prepared = probe::prepare(&req, provider).map_err(|e| match e {
        probe::ProbeInputError::Pkcs12(e) => format!("{}: {e}", args.p12.display()),
        e => format!("{}: {e}", args.p12.display()),
    })?;
    let nas = NasSettings {
        secret,
        timeout: Duration::from_secs_f64(args.timeout),
        retries: args.retries,
        status_server: !args.no_status_server,
        stop_after: args.stop_after.map(|s| match s {
            Stop::Identity => StopAfter::Identity,
            Stop::ServerHello => StopAfter::ServerHello,
        }),
        ..NasSettings::default()
    };
    Ok(Setup {
        prepared,
        server,
        nas,
    })
}

/// Unpredictable bytes for Request Authenticators.
pub fn system_random() -> lab_radius::proto::engine::RandomSource {
    let rng = ring::rand::SystemRandom::new();
    Box::new(move |buf: &mut [u8]| {
        ring::rand::SecureRandom::fill(&rng, buf).expect("the OS has randomness")
    })
}

pub fn run(args: ProbeArgs) -> ExitCode {
    let setup = match build(&args) {
        Ok(s) => s,
        Err(e) => return input_error(e),
    };
    if args.count.is_some() {
        return super::load::run(&args, setup);
    }
    let now = match super::now() {
        Ok(n) => n,
        Err(e) => return input_error(e),
    };
    let exchange = match drive_one(&setup, now) {
        Ok(x) => x,
        Err(e) => return input_error(format!("--radius {}: {e}", setup.server)),
    };
    let report = probe::report(&setup.prepared, &exchange, now);
    if let Some(path) = &args.save_server_chain {
        if report.server_chain_der.is_empty() {
            eprintln!(
                "hs20check: the server sent no certificate chain; {} not written",
                path.display()
            );
        } else if let Err(e) = std::fs::write(path, pem::to_pem(&report.server_chain_der)) {
            return input_error(format!(
                "{}: cannot write the server chain: {e}",
                path.display()
            ));
        }
    }
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        ),
        Format::Human => print!(
            "{}",
            human(&report, &args, &setup, Style { color: use_color() })
        ),
    }
    ExitCode::from(match report.exit {
        ProbeExit::Ok => EXIT_OK,
        ProbeExit::Findings => EXIT_FINDINGS,
        ProbeExit::NoAnswer => EXIT_INPUT,
    })
}

/// Runs one authentication over a connected UDP socket (so ICMP port unreachable is seen).
fn drive_one(setup: &Setup, now: time::OffsetDateTime) -> std::io::Result<Exchange> {
    let bind: SocketAddr = if setup.server.is_ipv4() {
        "0.0.0.0:0".parse().unwrap()
    } else {
        "[::]:0".parse().unwrap()
    };
    let socket = UdpSocket::bind(bind)?;
    socket.connect(setup.server)?;
    let wall = hs20check::time::to_system_time(now);
    // Certificates are judged at `now` (HS20CHECK_NOW); timers run on the real clock.
    let peer = setup.prepared.setup.peer(wall);
    let mut exchange = Exchange::new(setup.nas.clone(), peer, system_random(), SystemTime::now());
    let mut buf = vec![0u8; 4096];
    while exchange.outcome().is_none() {
        if let Some(datagram) = exchange.poll_transmit() {
            if let Err(e) = socket.send(&datagram) {
                if e.kind() == std::io::ErrorKind::ConnectionRefused {
                    exchange.handle_unreachable(SystemTime::now());
                    continue;
                }
                return Err(e);
            }
        }
        let Some(deadline) = exchange.poll_timeout() else {
            break;
        };
        let wait = deadline
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            .max(Duration::from_millis(1));
        socket.set_read_timeout(Some(wait))?;
        match socket.recv(&mut buf) {
            Ok(n) => exchange.handle_datagram(SystemTime::now(), &buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                exchange.handle_unreachable(SystemTime::now())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                exchange.handle_timeout(SystemTime::now())
            }
            Err(e) => return Err(e),
        }
    }
    Ok(exchange)
}

fn human(report: &ProbeReport, args: &ProbeArgs, setup: &Setup, style: Style) -> String {
    let a = &report.authentication;
    let mut out = format!(
        "{} probe {} → {} as {}\n",
        style.bold("hs20check"),
        args.p12.display(),
        setup.server,
        setup.prepared.identity
    );
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    out.push_str(&format!("  outcome:     {}", a.outcome));
    if let Some(m) = &a.reply_message {
        // The server chose this text: escaped, so it cannot forge lines or drive the terminal.
        out.push_str(&format!(
            " (Reply-Message \"{}\")",
            lab_radius::proto::untrusted::field(m)
        ));
    }
    out.push('\n');
    if let Some(alert) = &a.alert {
        out.push_str(&format!(
            "  TLS alert:   {} {}\n",
            alert.direction, alert.description
        ));
    }
    out.push_str(&format!(
        "  TLS:         {}, {}, group {}, server signature {}\n",
        or_dash(&a.tls_version),
        or_dash(&a.cipher_suite),
        or_dash(&a.group),
        or_dash(&a.signature_scheme)
    ));
    let sizes = |v: &[usize]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.iter().map(usize::to_string).collect::<Vec<_>>().join(" ")
        }
    };
    out.push_str(&format!(
        "  RADIUS:      {} round trip(s), {} retransmission(s), Status-Server {}{}\n",
        a.round_trips,
        a.retransmissions,
        match a.status_server {
            Some(true) => "answered",
            Some(false) => "not answered",
            None => "not asked",
        },
        a.elapsed_ms
            .map(|ms| format!(", {ms} ms"))
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "  fragments:   sent {} / received {} (TLS bytes)\n",
        sizes(&a.fragments_sent),
        sizes(&a.fragments_received)
    ));
    if let Some(m) = &a.mppe_keys {
        out.push_str(&format!(
            "  MPPE keys:   {}, match: {}\n",
            if m.present { "present" } else { "absent" },
            if m.matches { "yes" } else { "no" }
        ));
    }
    if !a.server_chain.is_empty() {
        out.push_str("  server chain as sent:\n");
        for (i, c) in a.server_chain.iter().enumerate() {
            out.push_str(&format!(
                "    {i}: {} (issuer {}, until {})\n",
                c.subject, c.issuer, c.not_after
            ));
        }
    }
    out.push_str(&format!(
        "  trustedServerNames {:?}\n",
        setup.prepared.trusted_server_names
    ));
    out.push_str(&findings_human(&report.findings, style));
    out.push('\n');
    out.push_str(&verdict_line(report.verdict, &report.findings, style));
    out
}
