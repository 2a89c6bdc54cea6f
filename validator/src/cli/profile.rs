//! `hs20check profile <P12> --realm R --ca CA.pem … -o OUT`: a signed or unsigned .mobileconfig
//! (default), an Android `application/x-wifi-config` document or a wpa_supplicant configuration.
//! Arguments, files and rendering here; the work (check, build, lint, refuse) is
//! `commands::profile`. A profile with error findings is not written unless --force.

use super::input::{self, P12Options, PasswordSource};
use super::{input_error, use_color, EXIT_FINDINGS, EXIT_OK};
use hs20_profiles::schema::IosVersion;
use hs20_profiles::TlsVersion;
use hs20check::commands::profile::{self, Output, ProfileOutcome, ProfileRequest, SignerInput};
use hs20check::finding::Verdict;
use hs20check::report::{self, Style};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Apple .mobileconfig (signed with --sign-cert/--sign-key).
    Apple,
    /// Android Passpoint `application/x-wifi-config` (serve with that Content-Type, base64).
    Android,
    /// wpa_supplicant.conf with a Hotspot 2.0 cred block (+ OUT-ca.pem, OUT-client.p12 beside it).
    WpaSupplicant,
    /// A Swift function (NEHotspotConfiguration) that provisions these settings; the PKCS#12 and
    /// its password are its parameters.
    Swift,
    /// The same as an Objective-C function.
    Objc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ProfileArgs {
    /// The client identity (.p12 / .pfx).
    #[arg(value_name = "P12")]
    pub p12: PathBuf,
    /// Home realm (NAI realm of the users).
    #[arg(long)]
    pub realm: String,
    /// CA certificate(s) of the RADIUS server (PEM). Repeatable.
    #[arg(long = "ca", value_name = "PEM", required = true)]
    pub ca: Vec<PathBuf>,
    /// The RADIUS server's certificate chain (PEM, leaf first): its names are compared with
    /// --trusted-server-name and its chain with --ca before anything is written.
    #[arg(long, value_name = "PEM chain")]
    pub server_cert: Option<PathBuf>,
    /// Name in the RADIUS server certificate (TLSTrustedServerNames, domain_suffix_match). Repeatable.
    #[arg(long = "trusted-server-name", value_name = "NAME")]
    pub trusted_server_name: Vec<String>,
    /// Hotspot 2.0 home domain (default: the realm).
    #[arg(long)]
    pub domain_name: Option<String>,
    /// NAI realm to match (default: the realm when no OI or MCC/MNC is given). Repeatable.
    #[arg(long = "nai-realm", value_name = "R")]
    pub nai_realm: Vec<String>,
    /// Roaming consortium OI (6 or 10 hex digits). Repeatable.
    #[arg(long = "roaming-consortium", value_name = "OI")]
    pub roaming_consortium: Vec<String>,
    /// MCC+MNC (six digits). Repeatable.
    #[arg(long = "mcc-mnc", value_name = "NNNNNN")]
    pub mcc_mnc: Vec<String>,
    /// Also configure this SSID (WPA2/WPA3-Enterprise).
    #[arg(long)]
    pub ssid: Option<String>,
    /// Operator name shown on the device (default: the realm).
    #[arg(long)]
    pub operator_name: Option<String>,
    /// Profile identifier, reverse DNS (default: <reversed realm>.hotspot20).
    #[arg(long)]
    pub identifier: Option<String>,
    /// Highest TLS version for EAP-TLS (1.3 needs iOS 17).
    #[arg(long, value_name = "1.2|1.3", default_value = "1.2", value_parser = ["1.2", "1.3"])]
    pub tls_max: String,
    /// Lowest TLS version for EAP-TLS.
    #[arg(long, value_name = "1.2|1.3", default_value = "1.2", value_parser = ["1.2", "1.3"])]
    pub tls_min: String,
    /// Put the PKCS#12 password into the output (default: the device prompts for it).
    #[arg(long)]
    pub embed_password: bool,
    /// Embed the PKCS#12 as given instead of re-encrypting it with 3DES + SHA-1 MAC (P12-02).
    #[arg(long)]
    pub keep_p12: bool,
    /// New payload UUIDs (default: derived from the input, so a new profile replaces the old one).
    #[arg(long)]
    pub fresh_uuids: bool,
    /// Signing certificate (PEM) for the .mobileconfig.
    #[arg(long, value_name = "PEM", requires = "sign_key")]
    pub sign_cert: Option<PathBuf>,
    /// Signing key (unencrypted PEM: PKCS#8, SEC1 EC or PKCS#1 RSA).
    #[arg(long, value_name = "PEM", requires = "sign_cert")]
    pub sign_key: Option<PathBuf>,
    /// Intermediate certificates to include in the signature (PEM).
    #[arg(long, value_name = "PEM", requires = "sign_cert")]
    pub sign_chain: Option<PathBuf>,
    #[command(flatten)]
    pub password: PasswordSource,
    #[command(flatten)]
    pub p12_options: P12Options,
    /// What to write.
    #[arg(long, value_enum, default_value = "apple")]
    pub format: OutputFormat,
    /// Oldest iOS the profile must work on.
    #[arg(long, value_name = "VERSION", default_value = "16.0")]
    pub min_ios: String,
    /// Write the output even when the check finds errors.
    #[arg(long)]
    pub force: bool,
    /// Format of the report printed on stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub report: ReportFormat,
    /// Output file.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(args: ProfileArgs) -> ExitCode {
    match request(&args).and_then(|req| profile::run(&req).map_err(|e| e.to_string())) {
        Ok(outcome) => match write_and_report(&args, &outcome) {
            Ok(()) => ExitCode::from(if outcome.verdict == Verdict::Fail {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }),
            Err(message) => input_error(message),
        },
        Err(message) => input_error(message),
    }
}

/// Reads every file and the clock; nothing is decided here.
fn request(args: &ProfileArgs) -> Result<ProfileRequest, String> {
    let min_ios = IosVersion::parse(&args.min_ios).ok_or_else(|| {
        format!(
            "--min-ios: '{}' is not a version like 16 or 17.2",
            args.min_ios
        )
    })?;
    let now = super::now()?;
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
    let output = match args.format {
        OutputFormat::Apple => Output::Apple {
            signer: signer(args)?,
        },
        OutputFormat::Android => Output::Android,
        OutputFormat::Swift => Output::Swift,
        OutputFormat::Objc => Output::ObjC,
        OutputFormat::WpaSupplicant => {
            let (ca_path, key_path) = sibling_paths(&args.output)?;
            Output::WpaSupplicant { ca_path, key_path }
        }
    };
    Ok(ProfileRequest {
        p12,
        p12_name: args.p12.display().to_string(),
        password,
        realm: args.realm.clone(),
        ca_certs,
        server_chain,
        trusted_server_names: args.trusted_server_name.clone(),
        domain_name: args.domain_name.clone(),
        nai_realms: args.nai_realm.clone(),
        roaming_consortium_ois: args.roaming_consortium.clone(),
        mcc_mncs: args.mcc_mnc.clone(),
        ssid: args.ssid.clone(),
        operator_name: args.operator_name.clone(),
        identifier: args.identifier.clone(),
        tls_max: TlsVersion::parse(&args.tls_max).expect("clap restricts the values"),
        tls_min: TlsVersion::parse(&args.tls_min).expect("clap restricts the values"),
        embed_password: args.embed_password,
        keep_p12: args.keep_p12,
        fresh_uuids: args.fresh_uuids,
        min_ios,
        output,
        now,
        platform: args.p12_options.platform(),
        max_kdf_iterations: args.p12_options.max_kdf_iterations,
    })
}

fn signer(args: &ProfileArgs) -> Result<Option<SignerInput>, String> {
    let (Some(cert), Some(key)) = (&args.sign_cert, &args.sign_key) else {
        return Ok(None);
    };
    let chain = match &args.sign_chain {
        Some(p) => input::read(p, "--sign-chain")?,
        None => Vec::new(),
    };
    Ok(Some(SignerInput {
        cert: input::read(cert, "--sign-cert")?,
        cert_name: cert.display().to_string(),
        key: input::read(key, "--sign-key")?,
        key_name: key.display().to_string(),
        chain,
        chain_name: args
            .sign_chain
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    }))
}

/// Writes the files unless refused (or forced), then prints the report.
fn write_and_report(args: &ProfileArgs, outcome: &ProfileOutcome) -> Result<(), String> {
    let refused = (outcome.refused() && !args.force) || outcome.bytes.is_none();
    if let (false, Some(bytes)) = (refused, &outcome.bytes) {
        for f in &outcome.extra_files {
            write(&f.path, &f.bytes, f.secret)?;
        }
        write(&args.output, bytes, outcome.output_is_secret)?;
    }
    let findings = &outcome.findings;
    let v = outcome.verdict;
    match args.report {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "verdict": v,
                "written": (!refused).then(|| args.output.display().to_string()),
                "findings": findings,
            }))
            .expect("serialisable")
        ),
        ReportFormat::Human => {
            let style = Style { color: use_color() };
            println!(
                "hs20check profile {} (realm {}, {:?} output)",
                args.p12.display(),
                args.realm,
                args.format
            );
            print!("{}", report::findings_human(findings, style));
            println!();
            print!("{}", report::verdict_line(v, findings, style));
            if outcome.bytes.is_none() {
                println!(
                    "not written: the identity cannot be put into a profile (see the errors above)"
                );
            } else if refused {
                println!("not written: the device would reject this configuration (use --force to write it anyway)");
            } else {
                println!("written: {}", args.output.display());
                for f in &outcome.extra_files {
                    println!("written: {}", f.path.display());
                }
            }
        }
    }
    Ok(())
}

/// `OUT-ca.pem` and `OUT-client.p12` beside OUT, as absolute paths (wpa_supplicant runs elsewhere).
fn sibling_paths(out: &Path) -> Result<(PathBuf, PathBuf), String> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let stem = out
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("wpa_supplicant");
    Ok((
        dir.join(format!("{stem}-ca.pem")),
        dir.join(format!("{stem}-client.p12")),
    ))
}

fn write(path: &Path, data: &[u8], secret: bool) -> Result<(), String> {
    std::fs::write(path, data).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("{}: cannot restrict permissions: {e}", path.display()))?;
    }
    Ok(())
}
