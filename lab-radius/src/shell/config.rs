//! `lab.toml` and the resolved settings: command line over file over defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

pub use super::cli::{Cli, Command, LogFormat};

use crate::proto::eap::session::{DEFAULT_FRAGMENT_SIZE, DEFAULT_MAX_MESSAGE};
use crate::proto::engine::clients::{Client, ClientSpecError, ClientTable};
use crate::proto::tls::setup::TlsVersion;

/// The documented demo secret, used only when no secret and no client is configured.
pub const DEMO_SECRET: &str = "testing123";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:1812";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub secret: Option<String>,
    pub server_cert: Option<PathBuf>,
    pub server_key: Option<PathBuf>,
    #[serde(default)]
    pub ca: Vec<PathBuf>,
    pub tls_min: Option<String>,
    pub tls_max: Option<String>,
    pub fragment_size: Option<usize>,
    pub max_tls_message: Option<usize>,
    pub session_timeout: Option<u64>,
    pub max_sessions: Option<usize>,
    pub tls_memory_budget: Option<usize>,
    pub retry_window: Option<u64>,
    pub log_format: Option<LogFormat>,
    #[serde(default, rename = "client")]
    pub clients: Vec<FileClient>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileClient {
    pub address: String,
    pub secret: String,
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{source}")]
    Read {
        source: hs20_core::input::InputError,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{0}")]
    Client(#[from] ClientSpecError),
    #[error("{flag} '{value}' is not a TLS version (use 1.2 or 1.3)")]
    Version { flag: &'static str, value: String },
    #[error("--fragment-size {0} is outside 64..=16384")]
    FragmentSize(usize),
    #[error("--max-tls-message {0} is outside 1024..=1048576")]
    MaxMessage(usize),
    #[error("give --server-cert, --server-key and --ca together (missing: {0})")]
    PartialPki(String),
    #[error("no demo PKI found: looked for server-chain.pem in {0}; give --server-cert, --server-key and --ca")]
    NoDemoPki(String),
    #[error("--secret is empty")]
    EmptySecret,
}

/// Fully resolved settings.
#[derive(Debug)]
pub struct Settings {
    pub listen: SocketAddr,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub ca: Vec<PathBuf>,
    pub clients: ClientTable,
    pub uses_demo_secret: bool,
    pub uses_demo_pki: bool,
    pub tls_min: TlsVersion,
    pub tls_max: TlsVersion,
    pub fragment_size: usize,
    pub max_tls_message: usize,
    pub session_timeout: Duration,
    pub max_sessions: usize,
    /// Bytes of TLS data and state all sessions together may hold.
    pub tls_memory_budget: usize,
    /// How long a reply stays answerable for the NAS's retransmissions.
    pub retry_window: Duration,
    pub log_format: LogFormat,
    pub verbose: bool,
    pub quiet: bool,
    /// Lab only: the NSS key-log file TLS secrets are appended to (command line only).
    pub tls_keylog: Option<PathBuf>,
}

fn relative_to(base: Option<&Path>, p: PathBuf) -> PathBuf {
    match base {
        Some(dir) if p.is_relative() => dir.join(p),
        _ => p,
    }
}

/// Where the demo PKI lives: ./certs, else the repository's certs/ (known at build time).
pub fn demo_pki_dir() -> Result<PathBuf, ConfigError> {
    let candidates = [
        PathBuf::from("certs"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../certs"),
    ];
    candidates
        .iter()
        .find(|d| d.join("server-chain.pem").is_file())
        .cloned()
        .ok_or_else(|| {
            ConfigError::NoDemoPki(
                candidates
                    .iter()
                    .map(|c| c.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" and "),
            )
        })
}

/// A TOML error as `line L, column C: message`, without the quoted source line toml's Display
/// adds (on a `secret = …` line that would print the secret), and with every value of a `secret`
/// key replaced by `<redacted>` (type errors quote the value, e.g. `integer `123``).
fn toml_error_text(text: &str, e: &toml::de::Error) -> String {
    let mut message = e.message().trim_end().to_string();
    if let Ok(table) = text.parse::<toml::Table>() {
        let mut secrets = Vec::new();
        collect_secrets(&toml::Value::Table(table), &mut secrets);
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            message = message.replace(secret.as_str(), "<redacted>");
        }
    }
    match e.span().and_then(|span| text.get(..span.start)) {
        Some(before) => {
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

fn collect_secrets(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(t) => {
            for (key, v) in t {
                if key.eq_ignore_ascii_case("secret") {
                    match v {
                        toml::Value::String(s) => out.push(s.clone()),
                        toml::Value::Table(_) | toml::Value::Array(_) => {}
                        other => out.push(other.to_string()),
                    }
                }
                collect_secrets(v, out);
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|v| collect_secrets(v, out)),
        _ => {}
    }
}

fn version(
    flag: &'static str,
    value: Option<String>,
    default: TlsVersion,
) -> Result<TlsVersion, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => TlsVersion::parse(&v).ok_or(ConfigError::Version { flag, value: v }),
    }
}

/// The TLS files: given, or the demo PKI when none is.
struct PkiFiles {
    server_cert: PathBuf,
    server_key: PathBuf,
    ca: Vec<PathBuf>,
    uses_demo_pki: bool,
}

/// No lab.toml comes near this; a bigger file is a mistake (or /dev/zero).
const CONFIG_LIMIT: u64 = 1024 * 1024;

/// `lab.toml` and the directory its relative paths are relative to.
fn read_file_config(path: Option<&Path>) -> Result<(FileConfig, Option<PathBuf>), ConfigError> {
    let Some(path) = path else {
        return Ok((FileConfig::default(), None));
    };
    let limits = hs20_core::input::Limits::bytes(CONFIG_LIMIT);
    let text = hs20_core::input::read_text(path, "the config file", limits)
        .map_err(|source| ConfigError::Read { source })?;
    let file = parse_file_config(&text, path)?;
    Ok((file, path.parent().map(Path::to_path_buf)))
}

/// Parses the text of `lab.toml`; `path` names the file in the error.
pub fn parse_file_config(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: toml_error_text(text, &e),
    })
}

/// --server-cert, --server-key and --ca come together, or not at all (the demo PKI).
fn pki_files(
    cli: (Option<PathBuf>, Option<PathBuf>, Vec<PathBuf>),
    file: (Option<PathBuf>, Option<PathBuf>, Vec<PathBuf>),
    base: Option<&Path>,
) -> Result<PkiFiles, ConfigError> {
    let server_cert = cli.0.or(file.0.map(|p| relative_to(base, p)));
    let server_key = cli.1.or(file.1.map(|p| relative_to(base, p)));
    let ca = if cli.2.is_empty() {
        file.2.into_iter().map(|p| relative_to(base, p)).collect()
    } else {
        cli.2
    };
    match (server_cert, server_key, ca.is_empty()) {
        (None, None, true) => {
            let dir = demo_pki_dir()?;
            Ok(PkiFiles {
                server_cert: dir.join("server-chain.pem"),
                server_key: dir.join("server.key"),
                ca: vec![dir.join("root-ca.pem")],
                uses_demo_pki: true,
            })
        }
        (Some(server_cert), Some(server_key), false) => Ok(PkiFiles {
            server_cert,
            server_key,
            ca,
            uses_demo_pki: false,
        }),
        (c, k, _) => {
            let mut missing = Vec::new();
            if c.is_none() {
                missing.push("--server-cert");
            }
            if k.is_none() {
                missing.push("--server-key");
            }
            if ca.is_empty() {
                missing.push("--ca");
            }
            Err(ConfigError::PartialPki(missing.join(", ")))
        }
    }
}

/// The --client entries (or the file's), then --secret for every other source; with neither,
/// the demo secret. Returns the table and whether the demo secret is in use.
fn client_table(
    cli_clients: &[String],
    file_clients: &[FileClient],
    secret: Option<String>,
) -> Result<(ClientTable, bool), ConfigError> {
    let mut clients = Vec::new();
    for spec in cli_clients {
        clients.push(Client::parse_spec(spec)?);
    }
    if cli_clients.is_empty() {
        for c in file_clients {
            clients.push(Client::parse_spec(&format!("{}={}", c.address, c.secret))?);
        }
    }
    if secret.as_deref() == Some("") {
        return Err(ConfigError::EmptySecret);
    }
    let uses_demo_secret = secret.is_none() && clients.is_empty();
    if let Some(secret) = secret.or(uses_demo_secret.then(|| DEMO_SECRET.to_string())) {
        for any in ["0.0.0.0/0", "::/0"] {
            clients.push(Client::parse_spec(&format!("{any}={secret}"))?);
        }
    }
    Ok((ClientTable::new(clients), uses_demo_secret))
}

fn fragment_size(value: Option<usize>) -> Result<usize, ConfigError> {
    let size = value.unwrap_or(DEFAULT_FRAGMENT_SIZE);
    if !(64..=16384).contains(&size) {
        return Err(ConfigError::FragmentSize(size));
    }
    Ok(size)
}

fn max_tls_message(value: Option<usize>) -> Result<usize, ConfigError> {
    let size = value.unwrap_or(DEFAULT_MAX_MESSAGE);
    if !(1024..=1 << 20).contains(&size) {
        return Err(ConfigError::MaxMessage(size));
    }
    Ok(size)
}

impl Settings {
    /// Command line over `lab.toml` over defaults; the first problem found is the error.
    pub fn resolve(cli: Cli) -> Result<Settings, ConfigError> {
        let (file, base) = read_file_config(cli.config.as_deref())?;
        let pki = pki_files(
            (cli.server_cert, cli.server_key, cli.ca),
            (file.server_cert, file.server_key, file.ca),
            base.as_deref(),
        )?;
        let (clients, uses_demo_secret) =
            client_table(&cli.clients, &file.clients, cli.secret.or(file.secret))?;
        let fragment_size = fragment_size(cli.fragment_size.or(file.fragment_size))?;
        let max_tls_message = max_tls_message(cli.max_tls_message.or(file.max_tls_message))?;
        Ok(Settings {
            listen: cli
                .listen
                .or(file.listen)
                .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("valid default")),
            server_cert: pki.server_cert,
            server_key: pki.server_key,
            ca: pki.ca,
            clients,
            uses_demo_secret,
            uses_demo_pki: pki.uses_demo_pki,
            tls_min: version("--tls-min", cli.tls_min.or(file.tls_min), TlsVersion::Tls12)?,
            tls_max: version("--tls-max", cli.tls_max.or(file.tls_max), TlsVersion::Tls13)?,
            fragment_size,
            max_tls_message,
            session_timeout: Duration::from_secs(
                cli.session_timeout
                    .or(file.session_timeout)
                    .unwrap_or(30)
                    .max(1),
            ),
            max_sessions: cli
                .max_sessions
                .or(file.max_sessions)
                .unwrap_or(crate::proto::engine::DEFAULT_MAX_SESSIONS)
                .max(1),
            tls_memory_budget: cli
                .tls_memory_budget
                .or(file.tls_memory_budget)
                .map_or(crate::proto::engine::DEFAULT_TLS_MEMORY_BUDGET, |mb| {
                    mb.max(1).saturating_mul(1024 * 1024)
                }),
            retry_window: cli
                .retry_window
                .or(file.retry_window)
                .map_or(crate::proto::engine::DEFAULT_DUPLICATE_TTL, |s| {
                    Duration::from_secs(s.max(1))
                }),
            log_format: cli
                .log_format
                .or(file.log_format)
                .unwrap_or(LogFormat::Human),
            verbose: cli.verbose,
            quiet: cli.quiet,
            tls_keylog: cli.tls_keylog,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("lab-radius").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn no_flags_means_demo_pki_and_demo_secret() {
        let s = Settings::resolve(cli(&[])).unwrap();
        assert!(s.uses_demo_pki && s.uses_demo_secret);
        assert_eq!(s.listen.to_string(), DEFAULT_LISTEN);
        assert!(s.server_cert.ends_with("server-chain.pem"));
        assert!(s.ca[0].ends_with("root-ca.pem"));
        let c = s.clients.lookup("127.0.0.1".parse().unwrap()).unwrap();
        assert_eq!(c.secret, DEMO_SECRET.as_bytes());
        // lab only, never on by default
        assert!(s.tls_keylog.is_none());
    }

    #[test]
    fn file_settings_and_flag_override() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lab.toml");
        std::fs::write(
            &path,
            r#"
listen = "127.0.0.1:11812"
server_cert = "chain.pem"
server_key = "key.pem"
ca = ["ca.pem"]
tls_min = "1.3"
fragment_size = 1024
log_format = "json"
[[client]]
address = "127.0.0.0/8"
secret = "from-file"
"#,
        )
        .unwrap();
        let p = path.to_str().unwrap();
        let s = Settings::resolve(cli(&["--config", p, "--fragment-size", "300"])).unwrap();
        assert_eq!(s.listen.port(), 11812);
        assert_eq!(s.server_cert, dir.path().join("chain.pem"));
        assert_eq!(s.tls_min, TlsVersion::Tls13);
        assert_eq!(s.fragment_size, 300);
        assert_eq!(s.log_format, LogFormat::Json);
        assert!(!s.uses_demo_secret);
        assert_eq!(
            s.clients
                .lookup("127.0.0.9".parse().unwrap())
                .unwrap()
                .secret,
            b"from-file"
        );
        assert!(s.clients.lookup("192.0.2.1".parse().unwrap()).is_none());
    }

    #[test]
    fn bad_settings_are_named() {
        let e = Settings::resolve(cli(&["--server-cert", "x.pem"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "give --server-cert, --server-key and --ca together (missing: --server-key, --ca)"
        );
        let e = Settings::resolve(cli(&["--tls-min", "1.1"])).unwrap_err();
        assert!(e.to_string().contains("'1.1' is not a TLS version"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lab.toml");
        std::fs::write(&path, "listn = 1").unwrap();
        let e = Settings::resolve(cli(&["--config", path.to_str().unwrap()])).unwrap_err();
        assert!(e.to_string().contains("lab.toml"), "{e}");
    }

    #[test]
    fn config_errors_never_print_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lab.toml");
        for (text, says) in [
            // unquoted: a syntax error on the secret's own line (toml quotes that line)
            (
                "listen = \"127.0.0.1:1812\"\nsecret = hunter2-s3cr3t\n",
                "line 2, column 10",
            ),
            // unterminated string
            ("secret = \"hunter2-s3cr3t\n", "line 1"),
            // wrong type: the message quotes the value
            ("secret = 4242424242\n", "line 1"),
            (
                "[[client]]\naddress = \"127.0.0.1\"\nsecret = 4242424242\n",
                "line 3",
            ),
            // a typo elsewhere still names the key and the line
            (
                "secret = \"hunter2-s3cr3t\"\ncas = [\"ca.pem\"]\n",
                "line 2, column 1: unknown field `cas`",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let e = Settings::resolve(cli(&["--config", path.to_str().unwrap()]))
                .unwrap_err()
                .to_string();
            assert!(e.contains("lab.toml") && e.contains(says), "{text:?}: {e}");
            assert!(
                !e.contains("hunter2") && !e.contains("4242424242"),
                "{text:?}: {e}"
            );
        }
    }
}
