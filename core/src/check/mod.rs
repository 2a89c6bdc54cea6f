//! The check: PKCS#12 + CA + server chain + NEHotspot settings → findings.
//! Pure: no file access, no clock (the caller passes `now`), no printing.

mod certs;
mod container;
mod identity;
mod importer;
mod server;
pub use server::trusted_name_finding;

/// The server-certificate rules on a RADIUS server's own chain (leaf first), as every Apple
/// device judges it before any trusted name is compared: EKU serverAuth, validity, a DNS name to
/// match, key, signature hash. lab-radius check-config runs exactly these.
pub fn server_chain_findings(chain: &[CertFacts], now: OffsetDateTime) -> Vec<Finding> {
    server_findings(chain, &[], &[], now)
}

/// Every server-certificate and trustedServerNames rule on a server's chain (leaf first), the
/// names the app trusts and the anchors (`--ca`), exactly as `check --server-cert` runs them;
/// `hs20check probe` runs them on the chain a live server sent, `hs20check capture` on the one an
/// EAP-TLS Certificate message carried (judged at the capture's time).
pub fn server_findings(
    chain: &[CertFacts],
    trusted_names: &[String],
    anchors: &[CertFacts],
    now: OffsetDateTime,
) -> Vec<Finding> {
    let mut out = Vec::new();
    server::check(Some(chain), trusted_names, anchors, now, &mut out);
    out
}
mod settings;

use crate::finding::{verdict, Finding, Verdict};
use crate::pkcs12::{self, inventory::Inventory, P12Error};
use crate::rules::{catalogue, Rule};
use crate::x509::{CertFacts, KeyKind};
use serde::Serialize;
use time::OffsetDateTime;

/// The PKCS#12 password: the one secret type of the workspace.
pub use crate::secret::Secret as Password;

/// Which Apple platform's importer to model (they differ on the empty password, P12-IMPORT-07).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    #[default]
    Ios,
    Macos,
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Platform::Ios => "iOS",
            Platform::Macos => "macOS",
        })
    }
}

/// Everything the check needs, already read from disk.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    pub p12: Vec<u8>,
    pub password: Password,
    pub realm: String,
    /// DER certificates from every --ca file: anchors for both chains.
    pub ca_certs: Vec<Vec<u8>>,
    /// DER certificates of the RADIUS server chain, leaf first.
    pub server_chain: Option<Vec<Vec<u8>>>,
    /// None when the user gave none (then `[realm]` is assumed).
    pub trusted_server_names: Option<Vec<String>>,
    pub domain_name: Option<String>,
    pub nai_realms: Vec<String>,
    pub roaming_consortium_ois: Vec<String>,
    pub mcc_mncs: Vec<String>,
    pub roaming: bool,
    pub outer_identity: Option<String>,
    pub tls_version: Option<String>,
    /// e.g. (15, 0); None = no deployment-target specific checks.
    pub min_ios: Option<(u32, u32)>,
    pub now: OffsetDateTime,
    /// The Apple platform whose importer is modelled.
    pub platform: Platform,
    /// Bound on PKCS#12 key-derivation work (hash iterations for the whole file).
    pub max_kdf_iterations: u64,
}

/// Input that cannot be evaluated at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}")]
    Pkcs12(#[from] P12Error),
    #[error("certificate {index} of {what} is not valid X.509: {reason}")]
    Certificate {
        what: &'static str,
        index: usize,
        reason: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct IdentitySummary {
    pub container: Inventory,
    /// The client certificate (the one matching the private key, else the first leaf).
    pub certificate: Option<CertFacts>,
    pub private_key: Option<KeyKind>,
    /// What the device sends as EAP identity (the certificate CN).
    pub eap_identity: Option<String>,
    /// Subjects of the other certificates in the file.
    pub other_certificates: Vec<String>,
    /// The verified path to a --ca anchor, when there is one.
    pub chain: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServerSummary {
    pub certificate: CertFacts,
    /// Names Apple compares (SAN dNSNames, else DNS-shaped CNs).
    pub presented_names: Vec<String>,
    pub trusted_server_names: Vec<String>,
    /// trusted name → certificate name it matched.
    pub matches: Vec<(String, String)>,
    pub chain: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingsSummary {
    pub domain_name: String,
    pub nai_realm_names: Vec<String>,
    pub roaming_consortium_ois: Vec<String>,
    pub mcc_and_mncs: Vec<String>,
    pub roaming_enabled: bool,
    pub trusted_server_names: Vec<String>,
    pub trusted_server_names_assumed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub identity: IdentitySummary,
    pub server: Option<ServerSummary>,
    pub settings: SettingsSummary,
    #[serde(serialize_with = "serialize_rules")]
    pub guidance: Vec<&'static Rule>,
}

fn serialize_rules<S: serde::Serializer>(rules: &[&'static Rule], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(rules.len()))?;
    for r in rules {
        seq.serialize_element(&serde_json::json!({
            "id": r.id, "title": r.title, "consequence": r.consequence, "fix": r.fix,
            "source": r.sources.join(", "),
        }))?;
    }
    seq.end()
}

fn parse_all(ders: &[Vec<u8>], what: &'static str) -> Result<Vec<CertFacts>, InputError> {
    ders.iter()
        .enumerate()
        .map(|(i, d)| {
            CertFacts::from_der(d).map_err(|e| InputError::Certificate {
                what,
                index: i + 1,
                reason: e.0,
            })
        })
        .collect()
}

/// Runs every rule against the request.
pub fn run(req: &CheckRequest) -> Result<Report, InputError> {
    let opened = pkcs12::open_with(
        &req.p12,
        req.password.expose(),
        &pkcs12::OpenOptions {
            max_kdf_iterations: req.max_kdf_iterations,
        },
    )?;
    let anchors = parse_all(&req.ca_certs, "--ca")?;
    let server_chain = match &req.server_chain {
        Some(ders) => Some(parse_all(ders, "--server-cert")?),
        None => None,
    };
    let mut findings = Vec::new();

    container::check(&opened.inventory, &req.password, &mut findings);
    importer::check(&opened.inventory, req.platform, &mut findings);
    let identity = identity::check(&opened, req, &anchors, &mut findings)?;
    let settings = settings::check(req, &identity, &mut findings);
    let server = server::check(
        server_chain.as_deref(),
        &settings.trusted_server_names,
        &anchors,
        req.now,
        &mut findings,
    );

    findings.sort_by_key(|f| (f.rule.subject, f.rule.severity));
    Ok(Report {
        verdict: verdict(&findings),
        findings,
        identity,
        server,
        settings,
        guidance: catalogue::GUIDANCE.to_vec(),
    })
}

/// The container rules that need no password (a profile's embedded PKCS#12 without one).
pub fn container_findings(inventory: &Inventory) -> Vec<Finding> {
    let mut out = Vec::new();
    container::algorithms(inventory, false, &mut out);
    importer::check(inventory, Platform::Ios, &mut out);
    out
}

/// YYYY-MM-DD, as findings print dates.
pub fn identity_date(t: OffsetDateTime) -> String {
    certs::date(t)
}
