//! Identity payloads (com.apple.security.pkcs12): where the password comes from, and the
//! client certificate's expiry for the RemovalDate rules.

use plist::Value;
use serde::Serialize;
use time::OffsetDateTime;

use super::payload::Payload;
use super::values::string;
use super::{LintOptions, Observation};
use crate::pkcs12::Identity;
use crate::secret::Secret;
use hs20_core::rules::catalogue;

/// A com.apple.security.pkcs12 payload.
#[derive(Debug, Clone, Serialize)]
pub struct EmbeddedIdentity {
    pub payload_index: usize,
    pub uuid: Option<String>,
    pub file_name: Option<String>,
    #[serde(skip)]
    pub pkcs12: Vec<u8>,
    /// The profile's `Password`, else the one given to lint.
    #[serde(skip)]
    pub password: Option<Secret>,
    pub password_in_profile: bool,
}

/// The identity, and its leaf's notAfter when the PKCS#12 opens with the password at hand.
pub(super) fn identity_payload(
    p: &Payload,
    opts: &LintOptions,
    out: &mut Vec<Observation>,
) -> (EmbeddedIdentity, Option<OffsetDateTime>) {
    let in_profile = string(p.dict, "Password").map(Secret::new);
    let password_in_profile = in_profile.is_some();
    password_source(p, password_in_profile, out);
    let password = in_profile.or_else(|| opts.pkcs12_password.clone());
    let pkcs12 = p
        .dict
        .get("PayloadContent")
        .and_then(Value::as_data)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let not_after = password
        .as_ref()
        .and_then(|pw| Identity::open(&pkcs12, pw, &p.loc).ok())
        .map(|id| id.leaf.not_after);
    let identity = EmbeddedIdentity {
        payload_index: p.index,
        uuid: string(p.dict, "PayloadUUID"),
        file_name: string(p.dict, "PayloadCertificateFileName"),
        pkcs12,
        password,
        password_in_profile,
    };
    (identity, not_after)
}

/// Either way is a trade-off worth telling: a stored password travels with the key, a missing
/// one makes the user type it during installation.
fn password_source(p: &Payload, password_in_profile: bool, out: &mut Vec<Observation>) {
    if password_in_profile {
        out.push(Observation::new(
            &catalogue::MC_PKCS12_PASSWORD_IN_PROFILE,
            p.at("Password"),
            "the PKCS#12 password is stored in the profile: whoever has the file has the private key",
        ));
    } else {
        out.push(Observation::new(
            &catalogue::MC_PKCS12_NO_PASSWORD,
            Some(p.loc.clone()),
            "no Password: the device asks the user for the PKCS#12 password during installation",
        ));
    }
}
