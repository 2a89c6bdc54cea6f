//! `lint`: a .mobileconfig (signed or not), an app's .entitlements or embedded.mobileprovision.
//! Lint observations (hs20-profiles) become findings; an embedded PKCS#12 gets the container
//! rules, and with its password the whole check, exactly as `check` runs it.

use hs20_core::check::{self, CheckRequest, InputError, Platform, Report};
use hs20_core::finding::{verdict, Finding, Verdict};
use hs20_core::pkcs12::{self, P12Error};
use hs20_core::rules::catalogue::MC_CERTIFICATE_UNREADABLE;
use hs20_core::rules::DeliveryPath;
use hs20_core::secret::Secret;
use hs20_profiles::lint::{EmbeddedIdentity, LintOptions, LintOutcome, NetworkFacts, Observation};
use hs20_profiles::schema::IosVersion;
use hs20_profiles::ProfileError;
use thiserror::Error;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct LintRequest {
    pub bytes: Vec<u8>,
    /// The input's name in messages (its path).
    pub name: String,
    pub min_ios: IosVersion,
    /// The user's password for an embedded PKCS#12 that carries none.
    pub pkcs12_password: Option<Secret>,
    pub now: OffsetDateTime,
    /// The Apple platform whose PKCS#12 importer is modelled.
    pub platform: Platform,
    /// Bound on PKCS#12 key-derivation work (hash iterations for the whole file).
    pub max_kdf_iterations: u64,
}

#[derive(Debug)]
pub struct LintReport {
    pub outcome: LintOutcome,
    pub findings: Vec<Finding>,
    pub verdict: Verdict,
    /// The full check of every embedded identity that opened.
    pub checks: Vec<Report>,
}

#[derive(Debug, Error)]
pub enum LintError {
    #[error("{0}")]
    Unreadable(#[from] ProfileError),
    /// The password the user gave does not open the embedded PKCS#12 (bad input, not a defect
    /// of the profile).
    #[error("{name}: embedded PKCS#12 (PayloadContent[{index}]): {source}")]
    UserPassword {
        name: String,
        index: usize,
        #[source]
        source: InputError,
    },
}

pub fn run(req: &LintRequest) -> Result<LintReport, LintError> {
    let opts = LintOptions {
        min_ios: req.min_ios.clone(),
        pkcs12_password: req.pkcs12_password.clone(),
        now: req.now,
    };
    let outcome = hs20_profiles::lint(&req.bytes, &req.name, &opts)?;
    let mut findings = to_findings(&outcome.observations);
    let mut checks = Vec::new();
    if let Some(profile) = &outcome.profile {
        for identity in &profile.identities {
            if identity.pkcs12.is_empty() {
                continue; // a missing PayloadContent is a schema finding already
            }
            let network = profile
                .networks
                .iter()
                .find(|n| n.certificate_uuid.is_some() && n.certificate_uuid == identity.uuid);
            if let Some(report) = embedded_identity(req, identity, network, &mut findings)? {
                checks.push(report);
            }
        }
    }
    Ok(LintReport {
        verdict: verdict(&findings),
        outcome,
        findings,
        checks,
    })
}

/// The rules an embedded PKCS#12 gets: the container rules always, the whole check when its
/// password is known (from the profile or the user).
fn embedded_identity(
    req: &LintRequest,
    identity: &EmbeddedIdentity,
    network: Option<&NetworkFacts>,
    findings: &mut Vec<Finding>,
) -> Result<Option<Report>, LintError> {
    let what = format!(
        "PayloadContent[{}] (com.apple.security.pkcs12)",
        identity.payload_index
    );
    let at = |mut f: Finding| {
        f.detail = format!("{what}: {}", f.detail);
        f
    };
    let Some(password) = &identity.password else {
        // No password: still read what the device will be handed.
        match pkcs12::inspect(&identity.pkcs12) {
            Ok(inventory) => {
                findings.extend(check::container_findings(&inventory).into_iter().map(at))
            }
            Err(e) => findings.push(unreadable_pkcs12(&what, &e, false)),
        }
        return Ok(None);
    };
    let mut check_req = embedded_request(&identity.pkcs12, password, network, req.now);
    check_req.platform = req.platform;
    check_req.max_kdf_iterations = req.max_kdf_iterations;
    match check::run(&check_req) {
        Ok(r) => {
            // A profile is the .mobileconfig delivery path: the app-API-only rules (the
            // NEHotspotHS20Settings shapes) are not its findings.
            findings.extend(
                r.findings
                    .iter()
                    .filter(|f| f.rule.applies_to(DeliveryPath::Mobileconfig))
                    .cloned()
                    .map(at),
            );
            Ok(Some(r))
        }
        // The user's own --password being wrong is bad input; a wrong Password stored in the
        // profile, or a payload that is no PKCS#12 at all, is the profile's defect.
        Err(InputError::Pkcs12(e))
            if identity.password_in_profile
                || !matches!(e, P12Error::WrongPassword | P12Error::DecryptionFailed(_)) =>
        {
            findings.push(unreadable_pkcs12(&what, &e, identity.password_in_profile));
            Ok(None)
        }
        Err(source) => Err(LintError::UserPassword {
            name: req.name.clone(),
            index: identity.payload_index,
            source,
        }),
    }
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
            let detail = match &o.location {
                Some(l) => format!("{l}: {}", o.detail),
                None => o.detail.clone(),
            };
            let f = Finding::new(o.rule, detail);
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
    password: &Secret,
    network: Option<&NetworkFacts>,
    now: OffsetDateTime,
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
        password: password.clone(),
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
        // The check's only deployment-target rule (settings-ios15-trusted-certificates) has
        // paths = ["api"]: setTrustedServerCertificates is not how a profile delivers anchors.
        min_ios: None,
        now,
        platform: Platform::default(),
        max_kdf_iterations: hs20_core::pkcs12::DEFAULT_MAX_ITERATIONS,
    }
}

/// For `profile`: lints bytes we generated and returns the findings.
pub fn lint_generated(
    bytes: &[u8],
    min_ios: &IosVersion,
    now: OffsetDateTime,
) -> Result<Vec<Finding>, super::profile::ProfileCommandError> {
    let opts = LintOptions {
        min_ios: min_ios.clone(),
        pkcs12_password: None,
        now,
    };
    hs20_profiles::lint(bytes, "generated profile", &opts)
        .map(|o| to_findings(&o.observations))
        .map_err(|e| super::profile::ProfileCommandError::GeneratedProfileUnreadable(e.to_string()))
}
