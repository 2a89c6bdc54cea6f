//! Lint of what a user was handed: a `.mobileconfig` (signed or not), an app's `.entitlements`
//! plist or its `embedded.mobileprovision`. Returns observations keyed by stable rule ids plus the
//! facts the validator needs to go further (embedded PKCS#12, CA certificates, server names).

// A profile: `profile` walks it, one module per payload type (`certificate`, `identity`,
// `wifi`) or cross-payload concern (`identifiers`, `removal_date`). An app: `app`.
mod app;
pub mod bounds;
mod certificate;
mod identifiers;
mod identity;
mod observation;
mod payload;
mod profile;
mod removal_date;
mod signature;
mod values;
mod wifi;

use plist::{Dictionary, Value};
use serde::Serialize;

pub use app::AppFacts;
pub use certificate::EmbeddedCertificate;
pub use identity::EmbeddedIdentity;
pub use observation::Observation;
pub use profile::ProfileFacts;
pub use signature::{SignatureFacts, SignerFacts};
pub use wifi::NetworkFacts;

use crate::error::{ProfileError, Result};
use crate::schema::IosVersion;
use crate::secret::Secret;
use hs20_core::rules::catalogue;

/// What lint was asked to do.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Oldest iOS the profile must work on (schema availability, MC-05).
    pub min_ios: IosVersion,
    /// Password for embedded PKCS#12 payloads that do not carry one.
    pub pkcs12_password: Option<Secret>,
    /// "Now", for expiry checks (a parameter so tests are deterministic).
    pub now: time::OffsetDateTime,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            min_ios: IosVersion::parse("16.0").expect("valid"),
            pkcs12_password: None,
            now: time::OffsetDateTime::now_utc(),
        }
    }
}

/// What kind of file was linted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Profile,
    Entitlements,
    ProvisioningProfile,
}

/// Everything lint found.
#[derive(Debug, Clone, Serialize)]
pub struct LintOutcome {
    pub kind: InputKind,
    /// Present when the file was a CMS SignedData.
    pub signature: Option<SignatureFacts>,
    pub observations: Vec<Observation>,
    /// For profiles.
    pub profile: Option<ProfileFacts>,
    /// For entitlements and provisioning profiles.
    pub app: Option<AppFacts>,
}

impl LintOutcome {
    /// True when some observation has `rule`.
    pub fn has(&self, rule: &str) -> bool {
        self.observations.iter().any(|o| o.rule.id == rule)
    }
}

/// Lints `bytes`; `name` (usually the file path) appears in error messages.
pub fn lint(bytes: &[u8], name: &str, options: &LintOptions) -> Result<LintOutcome> {
    // `openssl smime -sign -outform PEM` output: the same CMS, base64-armoured.
    let unarmoured = pem_cms(bytes);
    let bytes = unarmoured.as_deref().unwrap_or(bytes);
    if looks_like_pkcs12(bytes) {
        return Err(ProfileError::Pkcs12NotProfile { what: name.into() });
    }
    let (plist_bytes, signature) = unwrap_signed(bytes, name, options)?;
    let root = plist_root(&plist_bytes, name)?;
    let kind = classify(&root)
        .or_else(|| {
            name.ends_with(".entitlements")
                .then_some(InputKind::Entitlements)
        })
        .ok_or_else(|| ProfileError::UnknownInput { what: name.into() })?;
    let mut observations = Vec::new();
    signature_observations(signature.as_ref(), kind, &mut observations);
    let (profile, app) = match kind {
        InputKind::Profile => (Some(profile::lint(&root, options, &mut observations)), None),
        InputKind::Entitlements | InputKind::ProvisioningProfile => (
            None,
            Some(app::lint(
                &root,
                kind,
                signature.as_ref(),
                options,
                &mut observations,
            )),
        ),
    };
    Ok(LintOutcome {
        kind,
        signature,
        observations,
        profile,
        app,
    })
}

/// The signed content and its signature's facts when `bytes` is a CMS SignedData, else `bytes`.
fn unwrap_signed(
    bytes: &[u8],
    name: &str,
    options: &LintOptions,
) -> Result<(Vec<u8>, Option<SignatureFacts>)> {
    if !crate::cms::looks_like_cms(bytes) {
        return Ok((bytes.to_vec(), None));
    }
    let env = crate::cms::open(bytes).map_err(|reason| ProfileError::BadCms {
        what: name.into(),
        reason,
    })?;
    let facts = signature::facts(&env, options.now);
    Ok((env.content, Some(facts)))
}

/// The root dictionary of an XML or binary property list.
fn plist_root(plist_bytes: &[u8], name: &str) -> Result<Dictionary> {
    let head = String::from_utf8_lossy(&plist_bytes[..plist_bytes.len().min(512)]).to_string();
    if !plist_bytes.starts_with(b"bplist") && !head.contains("<plist") {
        return Err(ProfileError::NotPlist {
            what: name.into(),
            reason: "neither an XML nor a binary property list, nor a CMS-signed one".into(),
        });
    }
    bounds::check(plist_bytes).map_err(|reason| ProfileError::NotPlist {
        what: name.into(),
        reason,
    })?;
    let value = Value::from_reader(std::io::Cursor::new(plist_bytes)).map_err(|e| {
        ProfileError::NotPlist {
            what: name.into(),
            reason: e.to_string(),
        }
    })?;
    let Value::Dictionary(root) = value else {
        return Err(ProfileError::UnknownInput { what: name.into() });
    };
    Ok(root)
}

/// The signature's observations; an unsigned profile is one too (iOS flags it at install).
fn signature_observations(
    signature: Option<&SignatureFacts>,
    kind: InputKind,
    out: &mut Vec<Observation>,
) {
    if let Some(sig) = signature {
        signature::observe(sig, kind, out);
    } else if kind == InputKind::Profile {
        out.push(Observation::new(
            &catalogue::MC_UNSIGNED,
            None,
            "the profile is not signed; iOS shows it as \"Not Verified\" when installing",
        ));
    }
}

fn classify(root: &Dictionary) -> Option<InputKind> {
    if root.get("PayloadType").and_then(Value::as_string) == Some("Configuration")
        || root.contains_key("PayloadContent")
    {
        return Some(InputKind::Profile);
    }
    if root.contains_key("Entitlements")
        && (root.contains_key("TeamIdentifier") || root.contains_key("ApplicationIdentifierPrefix"))
    {
        return Some(InputKind::ProvisioningProfile);
    }
    let app_keys = [
        "application-identifier",
        "keychain-access-groups",
        "com.apple.developer.team-identifier",
    ];
    if root
        .keys()
        .any(|k| app_keys.contains(&k.as_str()) || k.starts_with("com.apple.developer."))
    {
        return Some(InputKind::Entitlements);
    }
    // A profile missing PayloadType and PayloadContent still has Payload* keys: lint it as one.
    if root.keys().any(|k| k.starts_with("Payload")) {
        return Some(InputKind::Profile);
    }
    None
}

/// The DER inside a `-----BEGIN PKCS7-----` / `CMS` PEM block, if the input is one.
fn pem_cms(bytes: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine;
    let text = std::str::from_utf8(bytes).ok()?.trim();
    let label = ["PKCS7", "CMS"]
        .into_iter()
        .find(|l| text.starts_with(&format!("-----BEGIN {l}-----")))?;
    let body = text
        .strip_prefix(&format!("-----BEGIN {label}-----"))?
        .trim_end()
        .strip_suffix(&format!("-----END {label}-----"))?;
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// A PFX starts SEQUENCE { INTEGER 3, …}: users hand `lint` their .p12 by mistake.
fn looks_like_pkcs12(bytes: &[u8]) -> bool {
    let (Some(&0x30), Some(&len)) = (bytes.first(), bytes.get(1)) else {
        return false;
    };
    let start = match len {
        0x80 => 2, // BER indefinite length (Keychain Access, Java)
        l if l > 0x80 => 2 + usize::from(l & 0x7f),
        _ => 2,
    };
    bytes.get(start..start + 3) == Some(&[0x02, 0x01, 0x03][..])
}
