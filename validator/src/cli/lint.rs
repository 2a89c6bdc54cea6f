//! `hs20check lint <FILE>`: arguments, files and rendering; the work is `commands::lint`.

use super::input::{self, P12Options, PasswordSource};
use super::{input_error, use_color, EXIT_FINDINGS, EXIT_OK};
use hs20_profiles::schema::IosVersion;
use hs20check::commands::lint::{self, LintReport, LintRequest};
use hs20check::finding::Verdict;
use hs20check::report::{self, Style};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// `file:line:column: error: …` for an Xcode build phase (Swift / Objective-C only).
    Xcode,
    /// SARIF 2.1.0 (Swift / Objective-C only).
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// A .mobileconfig (signed or unsigned), an .entitlements plist, an embedded.mobileprovision,
    /// or the app's provisioning code: a .swift / .m / .mm file or a directory of them.
    #[arg(value_name = "FILE|DIR")]
    pub file: PathBuf,
    /// Oldest iOS the profile must work on (key availability, TLS 1.3).
    #[arg(long, value_name = "VERSION", default_value = "16.0")]
    pub min_ios: String,
    /// Password of an embedded PKCS#12 that carries none (then the identity is checked too).
    #[command(flatten)]
    pub password: PasswordSource,
    #[command(flatten)]
    pub p12: P12Options,
    /// Output format (xcode and sarif: for Swift / Objective-C code).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Code lint: the RADIUS server's certificate (PEM); trustedServerNames are matched against it.
    #[arg(long, value_name = "PEM chain")]
    pub server_cert: Option<PathBuf>,
    /// Code lint: the name(s) trustedServerNames should hold. Repeatable.
    #[arg(long = "trusted-server-name", value_name = "NAME")]
    pub trusted_server_name: Vec<String>,
}

pub fn run(args: LintArgs) -> ExitCode {
    if super::codelint::is_code_path(&args.file) {
        return super::codelint::run(&args);
    }
    if matches!(args.format, Format::Xcode | Format::Sarif) {
        return input_error(format!(
            "{}: --format xcode and sarif are for Swift / Objective-C code (.swift, .m, .mm or a directory)",
            args.file.display()
        ));
    }
    match request(&args) {
        Ok(req) => match lint::run(&req) {
            Ok(report) => {
                match args.format {
                    Format::Json => println!("{}", json(&report)),
                    Format::Human | Format::Xcode | Format::Sarif => {
                        print!("{}", human(&req.name, &report))
                    }
                }
                ExitCode::from(if report.verdict == Verdict::Fail {
                    EXIT_FINDINGS
                } else {
                    EXIT_OK
                })
            }
            Err(e) => input_error(e),
        },
        Err(message) => input_error(message),
    }
}

fn request(args: &LintArgs) -> Result<LintRequest, String> {
    let min_ios = IosVersion::parse(&args.min_ios).ok_or_else(|| {
        format!(
            "--min-ios: '{}' is not a version like 16 or 17.2",
            args.min_ios
        )
    })?;
    let now = super::now()?;
    let bytes = input::read(&args.file, "the file to lint")?;
    let given = args.password.password_env.is_some()
        || args.password.password_file.is_some()
        || args.password.password.is_some();
    let pkcs12_password = if given {
        Some(args.password.resolve(&args.file)?)
    } else {
        None
    };
    Ok(LintRequest {
        bytes,
        name: args.file.display().to_string(),
        min_ios,
        pkcs12_password,
        now,
        platform: args.p12.platform(),
        max_kdf_iterations: args.p12.max_kdf_iterations,
    })
}

fn human(name: &str, report: &LintReport) -> String {
    let (outcome, findings, v) = (&report.outcome, &report.findings, report.verdict);
    let style = Style { color: use_color() };
    let mut out = format!("hs20check lint {name} ({:?})\n", outcome.kind);
    if let Some(sig) = &outcome.signature {
        for s in &sig.signers {
            out.push_str(&format!(
                "  signer: {} ({})\n",
                s.subject.as_deref().unwrap_or("?"),
                if s.problem.is_none() {
                    "signature verifies"
                } else {
                    "signature does NOT verify"
                }
            ));
        }
    }
    if let Some(app) = &outcome.app {
        if let Some(group) = &app.required_access_group {
            out.push_str(&format!("  keychain access group: {group}\n"));
        }
    }
    out.push_str(&report::findings_human(findings, style));
    out.push('\n');
    out.push_str(&report::verdict_line(v, findings, style));
    out
}

fn json(report: &LintReport) -> String {
    let outcome = &report.outcome;
    serde_json::to_string_pretty(&serde_json::json!({
        "verdict": report.verdict,
        "kind": outcome.kind,
        "signature": outcome.signature,
        "findings": report.findings,
        "profile": outcome.profile,
        "app": outcome.app,
        "embedded_identity_checks": report.checks,
    }))
    .expect("serialisable")
}
