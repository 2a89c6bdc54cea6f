//! `hs20check [check] <P12> --realm <REALM> …`

use super::input::{self, P12Options, PasswordSource};
use super::{input_error, use_color, EXIT_FINDINGS, EXIT_OK};
use hs20check::check::{self, CheckRequest, InputError};
use hs20check::finding::Verdict;
use hs20check::report::{self, Style};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The PKCS#12 identity (.p12 / .pfx) the app imports.
    #[arg(value_name = "P12")]
    pub p12: PathBuf,
    /// The home realm (NAI realm); domainName, naiRealmNames and trustedServerNames default to it.
    #[arg(long)]
    pub realm: String,
    #[command(flatten)]
    pub password: PasswordSource,
    #[command(flatten)]
    pub p12_options: P12Options,
    /// CA certificate(s) (PEM): anchors for both the client chain and the server chain. Repeatable.
    #[arg(long = "ca", value_name = "PEM")]
    pub ca: Vec<PathBuf>,
    /// The RADIUS server's certificate chain (PEM, leaf first), e.g. from `eapol_test -o`.
    #[arg(long, value_name = "PEM chain")]
    pub server_cert: Option<PathBuf>,
    /// A name the app puts in trustedServerNames. Repeatable; an empty value means "none".
    #[arg(long = "trusted-server-name", value_name = "NAME")]
    pub trusted_server_name: Vec<String>,
    #[command(flatten)]
    pub settings: Hs20SettingsArgs,
    /// outerIdentity the app sets.
    #[arg(long, value_name = "ID")]
    pub outer_identity: Option<String>,
    /// preferredTLSVersion the app sets (or the TLS version the RADIUS server requires).
    #[arg(long, value_name = "1.0|1.1|1.2|1.3", value_parser = ["1.0", "1.1", "1.2", "1.3"])]
    pub tls_version: Option<String>,
    /// The app's minimum iOS deployment target, e.g. 15.0.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub min_ios: Option<(u32, u32)>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

/// NEHotspotHS20Settings values: `check` validates them, `match` selects APs with them.
#[derive(Debug, Clone, clap::Args)]
pub struct Hs20SettingsArgs {
    /// NEHotspotHS20Settings domainName (default: the realm).
    #[arg(long)]
    pub domain_name: Option<String>,
    /// naiRealmNames entry (default: the realm). Repeatable; an empty value means "none".
    #[arg(long = "nai-realm", value_name = "R")]
    pub nai_realm: Vec<String>,
    /// roamingConsortiumOIs entry (hex). Repeatable.
    #[arg(long = "roaming-consortium", value_name = "OI")]
    pub roaming_consortium: Vec<String>,
    /// MCCAndMNCs entry (six digits). Repeatable.
    #[arg(long = "mcc-mnc", value_name = "NNNNNN")]
    pub mcc_mnc: Vec<String>,
    /// The app creates the settings with roamingEnabled: true.
    #[arg(long)]
    pub roaming: bool,
}

impl Hs20SettingsArgs {
    /// naiRealmNames as the app sets them: the flags, else the realm; an empty value means none.
    pub fn nai_realms(&self, realm: &str) -> Vec<String> {
        if self.nai_realm.is_empty() {
            vec![realm.to_string()]
        } else {
            self.nai_realm
                .iter()
                .filter(|r| !r.is_empty())
                .cloned()
                .collect()
        }
    }
}

fn parse_version(s: &str) -> Result<(u32, u32), String> {
    let mut parts = s.split('.');
    let major = parts
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("'{s}' is not a version like 15 or 15.2"))?;
    let minor = match parts.next() {
        Some(p) => p
            .parse()
            .map_err(|_| format!("'{s}' is not a version like 15 or 15.2"))?,
        None => 0,
    };
    Ok((major, minor))
}

pub fn run(args: CheckArgs) -> ExitCode {
    match build_request(&args) {
        Ok(req) => match check::run(&req) {
            Ok(report) => {
                let text = match args.format {
                    Format::Json => report::json(&report),
                    Format::Human => report::human(
                        &report,
                        &format!("{} (realm {})", args.p12.display(), args.realm),
                        Style { color: use_color() },
                    ),
                };
                println!("{text}");
                ExitCode::from(if report.verdict == Verdict::Fail {
                    EXIT_FINDINGS
                } else {
                    EXIT_OK
                })
            }
            Err(InputError::Pkcs12(e)) => input_error(format!("{}: {e}", args.p12.display())),
            Err(e) => input_error(e),
        },
        Err(message) => input_error(message),
    }
}

fn build_request(args: &CheckArgs) -> Result<CheckRequest, String> {
    let p12 = input::read(&args.p12, "the PKCS#12 file")?;
    let mut ca_certs = Vec::new();
    for path in &args.ca {
        ca_certs.extend(input::certificates(path, "--ca")?);
    }
    let server_chain = match &args.server_cert {
        Some(path) => Some(input::certificates(path, "--server-cert")?),
        None => None,
    };
    let password = args.password.resolve(&args.p12)?;
    Ok(CheckRequest {
        p12,
        password,
        realm: args.realm.clone(),
        ca_certs,
        server_chain,
        trusted_server_names: if args.trusted_server_name.is_empty() {
            None
        } else {
            Some(args.trusted_server_name.clone())
        },
        domain_name: args.settings.domain_name.clone(),
        nai_realms: args.settings.nai_realm.clone(),
        roaming_consortium_ois: args.settings.roaming_consortium.clone(),
        mcc_mncs: args.settings.mcc_mnc.clone(),
        roaming: args.settings.roaming,
        outer_identity: args.outer_identity.clone(),
        tls_version: args.tls_version.clone(),
        min_ios: args.min_ios,
        now: super::now()?,
        platform: args.p12_options.platform(),
        max_kdf_iterations: args.p12_options.max_kdf_iterations,
    })
}
