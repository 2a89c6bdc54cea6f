//! The command line (clap): flags, `check-config`, and the help text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Parser)]
#[command(
    name = "lab-radius",
    version,
    about = "A lab RADIUS server with EAP-TLS (TLS 1.2 and 1.3) that explains every failed negotiation",
    after_help = "With no flags lab-radius listens on 127.0.0.1:1812 with the demo PKI from certs/ \
(server-chain.pem, server.key, --ca root-ca.pem) and the demo shared secret 'testing123'.\n\
Every failed negotiation ends with one log line starting with 'FAILURE <code>: <cause>: <fix>' \
(JSON: fields 'diagnosis', 'code', 'cause', 'fix'); every success with 'SUCCESS'.\n\
Try: eapol_test -c lab-radius/examples/eapol_test-demo.conf -a 127.0.0.1 -p 1812 -s testing123"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// TOML file with the same settings (command-line flags override it).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// UDP address to listen on (port 0: let the OS pick; the chosen port is logged).
    #[arg(long, global = true, value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,
    /// Shared secret for every source address not matched by a --client.
    // allow_hyphen_values: a secret starting with '-' must not be parsed (and echoed) as a flag.
    #[arg(
        long,
        global = true,
        env = "LAB_RADIUS_SECRET",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub secret: Option<String>,
    /// Server certificate chain (PEM: leaf first, then intermediates).
    #[arg(long, global = true, value_name = "PEM")]
    pub server_cert: Option<PathBuf>,
    /// Server private key (PEM: PKCS#8, SEC1 or PKCS#1).
    #[arg(long, global = true, value_name = "PEM")]
    pub server_key: Option<PathBuf>,
    /// CA certificate(s) that client certificates must chain to (repeatable; a file may hold several).
    #[arg(long, global = true, value_name = "PEM")]
    pub ca: Vec<PathBuf>,
    /// A RADIUS client and its secret: ADDR/PREFIX=SECRET (repeatable; longest prefix wins).
    #[arg(long = "client", global = true, value_name = "ADDR/PREFIX=SECRET")]
    pub clients: Vec<String>,
    /// Lowest TLS version accepted: 1.2 or 1.3.
    #[arg(long, global = true, value_name = "VERSION")]
    pub tls_min: Option<String>,
    /// Highest TLS version accepted: 1.2 or 1.3.
    #[arg(long, global = true, value_name = "VERSION")]
    pub tls_max: Option<String>,
    /// TLS bytes per EAP-TLS fragment we send (default 1398; Framed-MTU may lower it).
    #[arg(long, global = true, value_name = "BYTES")]
    pub fragment_size: Option<usize>,
    /// Largest TLS Message Length accepted from a client (default 65536).
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_tls_message: Option<usize>,
    /// Seconds of silence after which an EAP session is dropped and diagnosed (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub session_timeout: Option<u64>,
    /// EAP sessions kept at once (default 16384). When full, the oldest session without
    /// progress of the busiest NAS makes room; a new one is refused only if all made progress.
    #[arg(long, global = true, value_name = "N")]
    pub max_sessions: Option<usize>,
    /// Memory budget in MiB for the TLS data and state of all sessions together (default 64);
    /// a session that needs more beyond it is ended with a diagnosis.
    #[arg(long, global = true, value_name = "MIB")]
    pub tls_memory_budget: Option<usize>,
    /// Seconds a reply stays answerable for the NAS's retransmissions (default 30, covering
    /// eapol_test's and hostapd's retries).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub retry_window: Option<u64>,
    /// LAB ONLY, never on by default: append the TLS secrets of every session to FILE in the
    /// NSS key-log format (SSLKEYLOGFILE), so `hs20check capture --keylog FILE` can decrypt
    /// TLS 1.3 in a capture. Anyone holding the file can read those sessions.
    #[arg(long, global = true, value_name = "FILE")]
    pub tls_keylog: Option<PathBuf>,
    /// Log format.
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Also log every fragment (debug level).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Log only warnings and FAILURE lines (no per-session lines; for load and benchmarks).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and check the configuration (files, keys, CAs, clients), print what would run, exit.
    CheckConfig,
    /// Print the long explanation of a FAILURE code (`lab-radius explain list` lists them all).
    Explain {
        /// A code, e.g. tls.client-cert-expired, or `list`.
        code: String,
    },
}
