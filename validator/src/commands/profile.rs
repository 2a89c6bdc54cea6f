//! `profile`: check the identity and settings, build the output for one delivery path, lint what
//! was built, and decide whether it may be written. Findings are those of the rules that apply to
//! the output's delivery path, so `check`, `profile` and `lint` agree where paths share a rule.

use hs20_core::check::{self, CheckRequest, InputError, Platform};
use hs20_core::finding::{verdict, Finding, Verdict};
use hs20_core::pkcs12::OpenOptions;
use hs20_core::rules::DeliveryPath;
use hs20_core::secret::Secret;
use hs20_profiles::cms::Signer;
use hs20_profiles::schema::IosVersion;
use hs20_profiles::wpa_supplicant::WpaFiles;
use hs20_profiles::{
    android, mobileconfig, Identity, Pkcs12Form, ProfileError, ProfileSpec, TlsVersion,
};
use std::path::PathBuf;
use thiserror::Error;
use time::OffsetDateTime;

use super::lint::lint_generated;

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A .mobileconfig, signed when a signer is given.
    Apple { signer: Option<SignerInput> },
    /// Android's application/x-wifi-config.
    Android,
    /// wpa_supplicant.conf; the CA and the client PKCS#12 go to the two paths named here.
    WpaSupplicant { ca_path: PathBuf, key_path: PathBuf },
    /// Swift that provisions the settings through NEHotspotConfiguration (hs20-codelint).
    Swift,
    /// The same in Objective-C.
    ObjC,
}

impl Output {
    pub fn delivery_path(&self) -> DeliveryPath {
        match self {
            Output::Apple { .. } => DeliveryPath::Mobileconfig,
            Output::Android => DeliveryPath::Android,
            Output::WpaSupplicant { .. } => DeliveryPath::WpaSupplicant,
            Output::Swift | Output::ObjC => DeliveryPath::Api,
        }
    }
}

/// The signing material, already read; the names appear in error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerInput {
    pub cert: Vec<u8>,
    pub cert_name: String,
    pub key: Vec<u8>,
    pub key_name: String,
    pub chain: Vec<u8>,
    pub chain_name: String,
}

#[derive(Debug, Clone)]
pub struct ProfileRequest {
    pub p12: Vec<u8>,
    /// The PKCS#12's name in messages (its path).
    pub p12_name: String,
    pub password: Secret,
    pub realm: String,
    pub ca_certs: Vec<Vec<u8>>,
    pub server_chain: Option<Vec<Vec<u8>>>,
    pub trusted_server_names: Vec<String>,
    pub domain_name: Option<String>,
    pub nai_realms: Vec<String>,
    pub roaming_consortium_ois: Vec<String>,
    pub mcc_mncs: Vec<String>,
    pub ssid: Option<String>,
    pub operator_name: Option<String>,
    pub identifier: Option<String>,
    pub tls_min: TlsVersion,
    pub tls_max: TlsVersion,
    pub embed_password: bool,
    /// Embed the PKCS#12 as given instead of re-writing it (Apple output only).
    pub keep_p12: bool,
    pub fresh_uuids: bool,
    pub min_ios: IosVersion,
    pub output: Output,
    pub now: OffsetDateTime,
    /// The Apple platform whose PKCS#12 importer is modelled.
    pub platform: Platform,
    /// Bound on PKCS#12 key-derivation work (hash iterations for the whole file).
    pub max_kdf_iterations: u64,
}

/// A file to write beside the main output.
#[derive(Debug, Clone)]
pub struct ExtraFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Holds a key or a password: write it readable by the owner only.
    pub secret: bool,
}

#[derive(Debug)]
pub struct ProfileOutcome {
    pub findings: Vec<Finding>,
    pub verdict: Verdict,
    /// The output, whether or not it may be written; `None` when the identity itself cannot be
    /// put into one (no key, two keys, a key for another certificate): the findings say why.
    pub bytes: Option<Vec<u8>>,
    pub extra_files: Vec<ExtraFile>,
    /// Holds the password (embedded, or the wpa_supplicant configuration's key file).
    pub output_is_secret: bool,
}

impl ProfileOutcome {
    /// Refused: the device would reject it (an error finding). `--force` writes it anyway.
    pub fn refused(&self) -> bool {
        self.verdict == Verdict::Fail
    }
}

#[derive(Debug, Error)]
pub enum ProfileCommandError {
    #[error("{name}: {source}")]
    Check {
        name: String,
        #[source]
        source: InputError,
    },
    #[error("{0}")]
    Profile(#[from] ProfileError),
    #[error("hs20check bug: the generated profile does not lint: {0}")]
    GeneratedProfileUnreadable(String),
    #[error("hs20check bug: the generated code does not pass hs20check lint: {0}")]
    GeneratedCodeFinding(String),
}

/// Rules about the input file's encoding and extra content, moot once the PKCS#12 is re-written
/// (3DES + SHA-1 MAC over DER, shrouded key, the root dropped).
pub const REWRITTEN_INPUT_RULES: &[&str] = &[
    "p12-modern-encryption",
    "p12-mac-not-sha1",
    "p12-unencrypted-key",
    "p12-ber-encoded",
    "identity-root-ca-inside",
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

pub fn run(req: &ProfileRequest) -> Result<ProfileOutcome, ProfileCommandError> {
    let path = req.output.delivery_path();
    let mut findings = checked_findings(req)?;
    let keeps_input_p12 = req.keep_p12 && matches!(req.output, Output::Apple { .. });
    if !keeps_input_p12 {
        // The output carries a re-written PKCS#12 (3DES, shrouded key, HMAC-SHA-1 over DER), so
        // what the input file's own encoding gets wrong does not reach the device.
        findings.retain(|f| !REWRITTEN_INPUT_RULES.contains(&f.rule.id));
        // An empty password is re-written as two zero bytes (RFC 7292 B.1), iOS's form; for
        // macOS the finding stays.
        if req.platform == Platform::Ios {
            findings.retain(|f| f.rule.id != "p12-import-empty-password-encoding");
        }
    }
    let spec = match spec(req) {
        Ok(spec) => spec,
        // The check has said why (identity-no-private-key, identity-multiple-keys, …): that is
        // the answer, the same as `check` gives, not an input error.
        Err(ProfileCommandError::Profile(ProfileError::Pkcs12KeyCount { .. }))
            if verdict(&findings) == Verdict::Fail =>
        {
            findings.retain(|f| f.rule.applies_to(path));
            return Ok(ProfileOutcome {
                verdict: verdict(&findings),
                findings,
                bytes: None,
                extra_files: Vec::new(),
                output_is_secret: false,
            });
        }
        Err(e) => return Err(e),
    };
    let mut extra_files = Vec::new();
    let bytes = match &req.output {
        Output::Apple { signer } => {
            let xml = mobileconfig::to_xml(&mobileconfig::build(&spec)?);
            findings.extend(lint_generated(&xml, &req.min_ios, req.now)?);
            match signer {
                Some(s) => {
                    let signed = Signer::load(
                        &s.cert,
                        &s.cert_name,
                        &s.key,
                        &s.key_name,
                        &s.chain,
                        &s.chain_name,
                    )?
                    .sign(&xml)?;
                    // Lint the signed file again: this verifies our own signature.
                    findings.retain(|f| f.rule.id != "mc-unsigned");
                    findings.extend(
                        lint_generated(&signed, &req.min_ios, req.now)?
                            .into_iter()
                            .filter(|f| f.rule.id.starts_with("mc-sign")),
                    );
                    signed
                }
                None => xml,
            }
        }
        Output::Android => android::build(&spec)?.into_bytes(),
        Output::WpaSupplicant { ca_path, key_path } => {
            let files = WpaFiles {
                ca_cert: ca_path.display().to_string(),
                private_key: key_path.display().to_string(),
                private_key_passwd: req.embed_password.then(|| req.password.clone()),
            };
            extra_files.push(ExtraFile {
                path: ca_path.clone(),
                bytes: hs20_core::x509::pem::to_pem(&spec.ca_certs).into_bytes(),
                secret: false,
            });
            extra_files.push(ExtraFile {
                path: key_path.clone(),
                bytes: spec.identity.to_legacy_pkcs12(&req.password)?,
                secret: true,
            });
            hs20_profiles::wpa_supplicant::build(&spec, &files)?.into_bytes()
        }
        Output::Swift | Output::ObjC => {
            let lang = if req.output == Output::Swift {
                hs20_codelint::SourceLanguage::Swift
            } else {
                hs20_codelint::SourceLanguage::ObjC
            };
            hs20_codelint::generate::for_profile(&spec, req.server_chain.as_deref(), lang)
                .map_err(ProfileCommandError::GeneratedCodeFinding)?
                .into_bytes()
        }
    };
    findings.retain(|f| f.rule.applies_to(path));
    Ok(ProfileOutcome {
        verdict: verdict(&findings),
        findings,
        bytes: Some(bytes),
        extra_files,
        output_is_secret: req.embed_password || matches!(req.output, Output::WpaSupplicant { .. }),
    })
}

/// The check of the identity, CA and settings the profile will carry.
fn checked_findings(req: &ProfileRequest) -> Result<Vec<Finding>, ProfileCommandError> {
    let check_req = CheckRequest {
        p12: req.p12.clone(),
        password: req.password.clone(),
        realm: req.realm.clone(),
        ca_certs: req.ca_certs.clone(),
        server_chain: req.server_chain.clone(),
        trusted_server_names: (!req.trusted_server_names.is_empty())
            .then(|| req.trusted_server_names.clone()),
        domain_name: req.domain_name.clone(),
        nai_realms: req.nai_realms.clone(),
        roaming_consortium_ois: req.roaming_consortium_ois.clone(),
        mcc_mncs: req.mcc_mncs.clone(),
        roaming: true,
        outer_identity: None,
        tls_version: None,
        // The check's only deployment-target rule (settings-ios15-trusted-certificates) has
        // paths = ["api"]: setTrustedServerCertificates is not how a profile delivers anchors.
        min_ios: None,
        now: req.now,
        platform: req.platform,
        max_kdf_iterations: req.max_kdf_iterations,
    };
    check::run(&check_req)
        .map(|r| r.findings)
        .map_err(|source| ProfileCommandError::Check {
            name: req.p12_name.clone(),
            source,
        })
}

fn spec(req: &ProfileRequest) -> Result<ProfileSpec, ProfileCommandError> {
    let identity = Identity::open_with(
        &req.p12,
        &req.password,
        &req.p12_name,
        &OpenOptions {
            max_kdf_iterations: req.max_kdf_iterations,
        },
    )?;
    let mut spec = ProfileSpec::new(req.realm.clone(), identity, req.ca_certs.clone());
    spec.trusted_server_names = req.trusted_server_names.clone();
    spec.domain_name = req.domain_name.clone();
    spec.nai_realms = req.nai_realms.clone();
    spec.roaming_consortium_ois = req.roaming_consortium_ois.clone();
    spec.mcc_mnc = req.mcc_mncs.clone();
    spec.ssid = req.ssid.clone();
    spec.operator_name = req.operator_name.clone();
    spec.identifier = req.identifier.clone();
    spec.tls_max = req.tls_max;
    spec.tls_min = req.tls_min;
    spec.embed_password = req.embed_password;
    spec.pkcs12_form = if req.keep_p12 {
        Pkcs12Form::AsGiven
    } else {
        Pkcs12Form::Legacy
    };
    spec.fresh_uuids = req.fresh_uuids;
    spec.check()?;
    Ok(spec)
}
