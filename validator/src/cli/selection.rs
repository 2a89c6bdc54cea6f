//! `hs20check match (--ap-config F | --capture F) (--realm R [settings] | --profile P)`

use super::check::{Format, Hs20SettingsArgs};
use super::{input, input_error, EXIT_FINDINGS, EXIT_OK};
use hs20_air::passpoint::Credential;
use hs20check::commands::selection::{self, ApSource, CredentialSource};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("ap").required(true).args(["ap_config", "capture"])))]
#[command(group(clap::ArgGroup::new("credential").required(true).args(["realm", "profile"])))]
pub struct MatchArgs {
    /// The AP's hostapd configuration (interworking, hs20, nai_realm, domain_name, roaming_consortium, …).
    #[arg(long, value_name = "HOSTAPD.CONF")]
    pub ap_config: Option<PathBuf>,
    /// A capture (pcap/pcapng, radiotap or 802.11) with the APs' Beacons and GAS/ANQP responses.
    #[arg(long, value_name = "FILE")]
    pub capture: Option<PathBuf>,
    /// The home realm; domainName and naiRealmNames default to it.
    #[arg(long)]
    pub realm: Option<String>,
    #[command(flatten)]
    pub settings: Hs20SettingsArgs,
    /// A .mobileconfig (signed or not): the credential is its Passpoint Wi-Fi payload.
    #[arg(long, value_name = "X.mobileconfig", conflicts_with_all = ["domain_name", "nai_realm", "roaming_consortium", "mcc_mnc", "roaming"])]
    pub profile: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub fn run(args: MatchArgs) -> ExitCode {
    let (ap, title) = match ap_source(&args) {
        Ok(x) => x,
        Err(m) => return input_error(m),
    };
    let cred = match credential_source(&args) {
        Ok(c) => c,
        Err(m) => return input_error(m),
    };
    match selection::run(&ap, &cred) {
        Ok(report) => {
            match args.format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serialises")
                ),
                Format::Human => print!("{}", selection::human(&report, &title)),
            }
            ExitCode::from(if report.any_joins() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            })
        }
        Err(e) => input_error(e),
    }
}

fn ap_source(args: &MatchArgs) -> Result<(ApSource, String), String> {
    if let Some(path) = &args.ap_config {
        let bytes = input::read(path, "the hostapd configuration")?;
        let text = String::from_utf8(bytes).map_err(|_| {
            format!(
                "{}: not a hostapd configuration (not UTF-8 text)",
                path.display()
            )
        })?;
        let name = path.display().to_string();
        return Ok((
            ApSource::HostapdConf {
                name: name.clone(),
                text,
            },
            name,
        ));
    }
    let path = args
        .capture
        .as_ref()
        .expect("clap requires --ap-config or --capture");
    let bytes = input::read(path, "the capture")?;
    let name = path.display().to_string();
    Ok((
        ApSource::Capture {
            name: name.clone(),
            bytes,
        },
        name,
    ))
}

fn credential_source(args: &MatchArgs) -> Result<CredentialSource, String> {
    if let Some(path) = &args.profile {
        return Ok(CredentialSource::Mobileconfig {
            name: path.display().to_string(),
            bytes: input::read(path, "the profile")?,
            now: super::now()?,
        });
    }
    let realm = args
        .realm
        .clone()
        .expect("clap requires --realm or --profile");
    let s = &args.settings;
    Ok(CredentialSource::Settings(Credential {
        realms: s.nai_realms(&realm),
        home_domain: Some(s.domain_name.clone().unwrap_or(realm)),
        ois: s.roaming_consortium.clone(),
        mcc_mncs: s.mcc_mnc.clone(),
        roaming_enabled: s.roaming,
    }))
}
