//! `hs20check lint <FILE>`: a .mobileconfig (signed or not), an app's .entitlements or its
//! embedded.mobileprovision. Lint observations (hs20-profiles) become findings; an embedded
//! PKCS#12 whose password is known is run through the full check.

use super::input::{self, P12Options, PasswordSource};
use super::{input_error, use_color, EXIT_FINDINGS, EXIT_OK};
use hs20_profiles::lint::{LintOptions, LintOutcome, NetworkFacts, Observation};
use hs20_profiles::schema::IosVersion;
use hs20check::check::{self, CheckRequest, InputError, Password, Report};
use hs20check::finding::{verdict, Finding, Verdict};
use hs20check::pkcs12::{self, P12Error};
use hs20check::report::{self, Style};
use hs20check::rules::catalogue::MC_CERTIFICATE_UNREADABLE;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// A .mobileconfig (signed or unsigned), an .entitlements plist or an embedded.mobileprovision.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Oldest iOS the profile must work on (key availability, TLS 1.3).
    #[arg(long, value_name = "VERSION", default_value = "16.0")]
    pub min_ios: String,
    /// Password of an embedded PKCS#12 that carries none (then the identity is checked too).
    #[command(flatten)]
    pub password: PasswordSource,
    #[command(flatten)]
    pub p12: P12Options,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub fn run(args: LintArgs) -> ExitCode {
    let Some(min_ios) = IosVersion::parse(&args.min_ios) else {
        return input_error(format!(
            "--min-ios: '{}' is not a version like 16 or 17.2",
            args.min_ios
        ));
    };
    let bytes = match input::read(&args.file, "the file to lint") {
        Ok(b) => b,
        Err(e) => return input_error(e),
    };
    let given = args.password.password_env.is_some()
        || args.password.password_file.is_some()
        || args.password.password.is_some();
    let pkcs12_password = if given {
        match args.password.resolve(&args.file) {
            Ok(p) => Some(hs20_profiles::Secret::new(p.0)),
            Err(e) => return input_error(e),
        }
    } else {
        None
    };
    let opts = LintOptions {
        min_ios: min_ios.clone(),
        pkcs12_password,
        now: std::time::SystemTime::now(),
    };
    let name = args.file.display().to_string();
    let outcome = match hs20_profiles::lint(&bytes, &name, &opts) {
        Ok(o) => o,
        Err(e) => return input_error(e),
    };
    let mut findings = to_findings(&outcome.observations);
    let mut checks = Vec::new();
    if let Some(profile) = &outcome.profile {
        for identity in &profile.identities {
            let what = format!(
                "PayloadContent[{}] (com.apple.security.pkcs12)",
                identity.payload_index
            );
            if identity.pkcs12.is_empty() {
                continue; // a missing PayloadContent is a schema finding already
            }
            let Some(password) = &identity.password else {
                // No password: still read what the device will be handed.
                match pkcs12::inspect(&identity.pkcs12) {
                    Ok(inventory) => {
                        findings.extend(check::container_findings(&inventory).into_iter().map(
                            |mut f| {
                                f.detail = format!("{what}: {}", f.detail);
                                f
                            },
                        ))
                    }
                    Err(e) => findings.push(unreadable_pkcs12(&what, &e, false)),
                }
                continue;
            };
            let network = profile
                .networks
                .iter()
                .find(|n| n.certificate_uuid.is_some() && n.certificate_uuid == identity.uuid);
            let mut req = embedded_request(&identity.pkcs12, password.expose(), network, &min_ios);
            req.platform = args.p12.platform();
            req.max_kdf_iterations = args.p12.max_kdf_iterations;
            match check::run(&req) {
                Ok(r) => {
                    findings.extend(r.findings.iter().cloned().map(|mut f| {
                        f.detail = format!("{what}: {}", f.detail);
                        f
                    }));
                    checks.push(r);
                }
                // The user's own --password being wrong is bad input; a wrong Password stored
                // in the profile, or a payload that is no PKCS#12 at all, is the profile's defect.
                Err(InputError::Pkcs12(e))
                    if identity.password_in_profile
                        || !matches!(
                            e,
                            P12Error::WrongPassword | P12Error::DecryptionFailed(_)
                        ) =>
                {
                    findings.push(unreadable_pkcs12(&what, &e, identity.password_in_profile));
                }
                Err(e) => {
                    return input_error(format!(
                        "{name}: embedded PKCS#12 (PayloadContent[{}]): {e}",
                        identity.payload_index
                    ))
                }
            }
        }
    }
    let v = verdict(&findings);
    match args.format {
        Format::Json => println!("{}", json(&outcome, &findings, v, &checks)),
        Format::Human => print!("{}", human(&name, &outcome, &findings, v)),
    }
    ExitCode::from(if v == Verdict::Fail {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// An embedded PKCS#12 the device cannot open: with the profile's own Password, or at all.
fn unreadable_pkcs12(what: &str, error: &P12Error, password_in_profile: bool) -> Finding {
    let wrong_password = matches!(
        error,
        P12Error::WrongPassword | P12Error::DecryptionFailed(_)
    );
    let (detail, fix) = if wrong_password && password_in_profile {
        (
            format!("{what} › Password: the PKCS#12 does not open with the Password stored in the profile: {error}"),
            "Put the PKCS#12's real password into Password, or remove Password so the device asks for it.",
        )
    } else {
        (
            format!("{what} › PayloadContent: {error}"),
            "Put the client identity as a PKCS#12 file (3DES + SHA-1 MAC, e.g. `hs20check profile` or `openssl pkcs12 -export -legacy`) into PayloadContent.",
        )
    };
    Finding::new(&MC_CERTIFICATE_UNREADABLE, detail).with_fix(fix)
}

/// Observations → findings (the location leads the detail).
pub fn to_findings(observations: &[Observation]) -> Vec<Finding> {
    observations
        .iter()
        .map(|o| {
            let rule = o.rule;
            let detail = match &o.location {
                Some(l) => format!("{l}: {}", o.detail),
                None => o.detail.clone(),
            };
            let f = Finding::new(rule, detail);
            match &o.fix {
                Some(fix) => f.with_fix(fix.clone()),
                None => f,
            }
        })
        .collect()
}

/// The check request for an identity embedded in a profile, with the network it serves.
fn embedded_request(
    p12: &[u8],
    password: &str,
    network: Option<&NetworkFacts>,
    min_ios: &IosVersion,
) -> CheckRequest {
    let realm = network
        .and_then(|n| {
            n.nai_realm_names
                .first()
                .cloned()
                .or_else(|| n.domain_name.clone())
        })
        .unwrap_or_default();
    CheckRequest {
        p12: p12.to_vec(),
        password: Password(password.to_string()),
        realm,
        ca_certs: network
            .map(|n| n.anchor_certificates.clone())
            .unwrap_or_default(),
        server_chain: None,
        trusted_server_names: network
            .map(|n| n.trusted_server_names.clone())
            .filter(|v| !v.is_empty()),
        domain_name: network.and_then(|n| n.domain_name.clone()),
        nai_realms: network
            .map(|n| n.nai_realm_names.clone())
            .unwrap_or_default(),
        roaming_consortium_ois: network
            .map(|n| n.roaming_consortium_ois.clone())
            .unwrap_or_default(),
        mcc_mncs: network.map(|n| n.mcc_and_mncs.clone()).unwrap_or_default(),
        roaming: false,
        outer_identity: network.and_then(|n| n.outer_identity.clone()),
        tls_version: None,
        min_ios: Some((min_ios.major(), 0)),
        now: time::OffsetDateTime::now_utc(),
        platform: Default::default(),
        max_kdf_iterations: hs20check::pkcs12::DEFAULT_MAX_ITERATIONS,
    }
}

fn human(name: &str, outcome: &LintOutcome, findings: &[Finding], v: Verdict) -> String {
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

fn json(outcome: &LintOutcome, findings: &[Finding], v: Verdict, checks: &[Report]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "verdict": v,
        "kind": outcome.kind,
        "signature": outcome.signature,
        "findings": findings,
        "profile": outcome.profile,
        "app": outcome.app,
        "embedded_identity_checks": checks,
    }))
    .expect("serialisable")
}

/// For `profile`: lints bytes we generated and returns the findings.
pub fn lint_generated(bytes: &[u8], min_ios: &IosVersion) -> Result<Vec<Finding>, String> {
    let opts = LintOptions {
        min_ios: min_ios.clone(),
        pkcs12_password: None,
        now: std::time::SystemTime::now(),
    };
    hs20_profiles::lint(bytes, "generated profile", &opts)
        .map(|o| to_findings(&o.observations))
        .map_err(|e| format!("hs20check bug: the generated profile does not lint: {e}"))
}
