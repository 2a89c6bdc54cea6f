//! `hs20check profile <P12> --realm R --ca CA.pem … -o OUT`: a signed or unsigned .mobileconfig
//! (default), an Android `application/x-wifi-config` document or a wpa_supplicant configuration.
//! The identity and settings are checked first; a profile with error findings is not written
//! unless --force.

use super::input::{self, P12Options, PasswordSource};
use super::lint::lint_generated;
use super::{input_error, use_color, EXIT_FINDINGS, EXIT_OK};
use hs20_profiles::schema::IosVersion;
use hs20_profiles::wpa_supplicant::WpaFiles;
use hs20_profiles::{android, mobileconfig, Identity, Pkcs12Form, ProfileSpec, Secret, TlsVersion};
use hs20check::check::{self, CheckRequest};
use hs20check::finding::{verdict, Finding, Verdict};
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

/// Container rules about the input file's encoding, moot once the PKCS#12 is re-written.
const REWRITTEN_CONTAINER_RULES: &[&str] = &[
    "p12-modern-encryption",
    "p12-mac-not-sha1",
    "p12-unencrypted-key",
    "p12-ber-encoded",
    // Apple's importer refusals that the rewrite (3DES, shrouded key, SHA-1 MAC, the password
    // given) removes; a key type a SecIdentity cannot hold stays.
    "p12-import-no-mac",
    "p12-import-mac-algorithm",
    "p12-import-2key-3des",
    "p12-import-pbes2-variant",
    "p12-import-unknown-scheme",
    "p12-import-plain-key-only",
    "p12-import-skipped-bags",
];

pub fn run(args: ProfileArgs) -> ExitCode {
    match generate(&args) {
        Ok(code) => code,
        Err(message) => input_error(message),
    }
}

fn generate(args: &ProfileArgs) -> Result<ExitCode, String> {
    let min_ios = IosVersion::parse(&args.min_ios).ok_or_else(|| {
        format!(
            "--min-ios: '{}' is not a version like 16 or 17.2",
            args.min_ios
        )
    })?;
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

    // 1. The validator on the identity, CA and settings.
    let req = CheckRequest {
        p12: p12.clone(),
        password: password.clone(),
        realm: args.realm.clone(),
        ca_certs: ca_certs.clone(),
        server_chain,
        trusted_server_names: (!args.trusted_server_name.is_empty())
            .then(|| args.trusted_server_name.clone()),
        domain_name: args.domain_name.clone(),
        nai_realms: args.nai_realm.clone(),
        roaming_consortium_ois: args.roaming_consortium.clone(),
        mcc_mncs: args.mcc_mnc.clone(),
        roaming: true,
        outer_identity: None,
        tls_version: None,
        min_ios: Some((min_ios.major(), 0)),
        now: time::OffsetDateTime::now_utc(),
        platform: args.p12_options.platform(),
        max_kdf_iterations: args.p12_options.max_kdf_iterations,
    };
    let checked = check::run(&req).map_err(|e| format!("{}: {e}", args.p12.display()))?;
    let mut findings: Vec<Finding> = checked.findings.clone();
    if !(args.keep_p12 && args.format == OutputFormat::Apple) {
        // The output carries a re-written PKCS#12 (3DES, shrouded key, HMAC-SHA-1 over DER), so
        // what the input file's own encoding gets wrong does not reach the device.
        findings.retain(|f| !REWRITTEN_CONTAINER_RULES.contains(&f.rule.id));
        // An empty password is re-written as two zero bytes (RFC 7292 B.1), iOS's form; for
        // macOS the finding stays.
        if args.p12_options.platform() == hs20check::check::Platform::Ios {
            findings.retain(|f| f.rule.id != "p12-import-empty-password-encoding");
        }
    }

    // 2. The output.
    let secret = Secret::new(password.0.clone());
    let identity = Identity::open_with(
        &p12,
        &secret,
        &args.p12.display().to_string(),
        &args.p12_options.open_options(),
    )
    .map_err(|e| e.to_string())?;
    let mut spec = ProfileSpec::new(args.realm.clone(), identity, ca_certs);
    spec.trusted_server_names = args.trusted_server_name.clone();
    spec.domain_name = args.domain_name.clone();
    spec.nai_realms = args.nai_realm.clone();
    spec.roaming_consortium_ois = args.roaming_consortium.clone();
    spec.mcc_mnc = args.mcc_mnc.clone();
    spec.ssid = args.ssid.clone();
    spec.operator_name = args.operator_name.clone();
    spec.identifier = args.identifier.clone();
    spec.tls_max = TlsVersion::parse(&args.tls_max).expect("clap restricts the values");
    spec.tls_min = TlsVersion::parse(&args.tls_min).expect("clap restricts the values");
    spec.embed_password = args.embed_password;
    spec.pkcs12_form = if args.keep_p12 {
        Pkcs12Form::AsGiven
    } else {
        Pkcs12Form::Legacy
    };
    spec.fresh_uuids = args.fresh_uuids;
    spec.check().map_err(|e| e.to_string())?;

    let mut extra_files: Vec<(PathBuf, Vec<u8>, bool)> = Vec::new();
    let bytes = match args.format {
        OutputFormat::Apple => {
            let xml = mobileconfig::to_xml(&mobileconfig::build(&spec).map_err(|e| e.to_string())?);
            findings.extend(lint_generated(&xml, &min_ios)?);
            match (&args.sign_cert, &args.sign_key) {
                (Some(cert), Some(key)) => {
                    let chain = match &args.sign_chain {
                        Some(p) => input::read(p, "--sign-chain")?,
                        None => Vec::new(),
                    };
                    let signer = hs20_profiles::cms::Signer::load(
                        &input::read(cert, "--sign-cert")?,
                        &cert.display().to_string(),
                        &input::read(key, "--sign-key")?,
                        &key.display().to_string(),
                        &chain,
                        &args
                            .sign_chain
                            .as_ref()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                    )
                    .map_err(|e| e.to_string())?;
                    let signed = signer.sign(&xml).map_err(|e| e.to_string())?;
                    // Lint the signed file again: this verifies our own signature.
                    findings.retain(|f| f.rule.id != "mc-unsigned");
                    let signed_findings = lint_generated(&signed, &min_ios)?;
                    findings.extend(
                        signed_findings
                            .into_iter()
                            .filter(|f| f.rule.id.starts_with("mc-sign")),
                    );
                    signed
                }
                _ => xml,
            }
        }
        OutputFormat::Android => android::build(&spec)
            .map_err(|e| e.to_string())?
            .into_bytes(),
        OutputFormat::WpaSupplicant => {
            let (ca_path, key_path) = sibling_paths(&args.output)?;
            let files = WpaFiles {
                ca_cert: ca_path.display().to_string(),
                private_key: key_path.display().to_string(),
                private_key_passwd: args.embed_password.then(|| secret.clone()),
            };
            extra_files.push((
                ca_path,
                hs20_profiles::certs::to_pem(&spec.ca_certs).into_bytes(),
                false,
            ));
            extra_files.push((
                key_path,
                spec.identity
                    .to_legacy_pkcs12(&secret)
                    .map_err(|e| e.to_string())?,
                true,
            ));
            hs20_profiles::wpa_supplicant::build(&spec, &files)
                .map_err(|e| e.to_string())?
                .into_bytes()
        }
    };

    // 3. Refuse or write.
    let v = verdict(&findings);
    let style = Style { color: use_color() };
    let refused = v == Verdict::Fail && !args.force;
    if !refused {
        for (path, data, secret_file) in &extra_files {
            write(path, data, *secret_file)?;
        }
        let secret_out = args.embed_password || args.format == OutputFormat::WpaSupplicant;
        write(&args.output, &bytes, secret_out)?;
    }
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
            println!(
                "hs20check profile {} (realm {}, {:?} output)",
                args.p12.display(),
                args.realm,
                args.format
            );
            print!("{}", report::findings_human(&findings, style));
            println!();
            print!("{}", report::verdict_line(v, &findings, style));
            if refused {
                println!("not written: the device would reject this configuration (use --force to write it anyway)");
            } else {
                println!("written: {}", args.output.display());
                for (p, _, _) in &extra_files {
                    println!("written: {}", p.display());
                }
            }
        }
    }
    Ok(ExitCode::from(if v == Verdict::Fail {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }))
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
