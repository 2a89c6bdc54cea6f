//! NEHotspotHS20Settings / NEHotspotEAPSettings rules (API-03..API-17), modelling the values an
//! app passes. Defaults follow the app code people write: domainName and naiRealmNames = realm,
//! trustedServerNames = [realm].

use super::{CheckRequest, IdentitySummary, SettingsSummary};
use crate::apple::shapes::{self, digit_padded, mcc_mnc_shape, MccMnc, Oi};
use crate::finding::Finding;
use crate::rules::catalogue::*;

/// setTrustedServerCertificates accepts at most this many (API-13).
pub const MAX_TRUSTED_CERTIFICATES: usize = 10;

/// Non-empty values; an explicitly empty value means "the app sets none".
fn given(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

pub fn check(
    req: &CheckRequest,
    _identity: &IdentitySummary,
    out: &mut Vec<Finding>,
) -> SettingsSummary {
    let domain_name = req.domain_name.clone().unwrap_or_else(|| req.realm.clone());
    if !shapes::domain_name_length_ok(&domain_name) {
        let units = domain_name.encode_utf16().count();
        out.push(Finding::new(
            &SETTINGS_DOMAIN_NAME_INVALID,
            format!("domainName has {units} characters"),
        ));
    }

    let nai_realm_names = if req.nai_realms.is_empty() {
        vec![req.realm.clone()]
    } else {
        given(&req.nai_realms)
    };
    let ois = given(&req.roaming_consortium_ois);
    if req.roaming && ois.is_empty() && nai_realm_names.is_empty() {
        out.push(Finding::new(
            &SETTINGS_ROAMING_WITHOUT_IDENTIFIER,
            "roamingEnabled = true with empty roamingConsortiumOIs and naiRealmNames",
        ));
    }

    for entry in &req.mcc_mncs {
        match mcc_mnc_shape(entry) {
            MccMnc::Digits => {}
            MccMnc::PaddedWithF => out.push(
                Finding::new(
                    &SETTINGS_MCC_MNC_F_PADDING,
                    format!("'{entry}' (accepted by validate() on iOS 26.1)"),
                )
                .with_fix(format!(
                    "Nothing to change for the NEHotspot API. A .mobileconfig needs six digits: '{}' if your operator's MNC really is the three-digit {} (the 'F' marks a two-digit MNC).",
                    digit_padded(entry),
                    &digit_padded(entry)[3..]
                )),
            ),
            MccMnc::Invalid => out.push(Finding::new(
                &SETTINGS_MCC_MNC_INVALID,
                format!("'{entry}' is not six digits"),
            )),
        }
    }

    for oi in &ois {
        match shapes::oi_shape(oi) {
            Oi::Valid => {}
            Oi::Invalid => {
                let hex = oi.chars().all(|c| c.is_ascii_hexdigit());
                out.push(Finding::new(
                    &SETTINGS_OI_INVALID,
                    format!(
                        "'{oi}' is {} characters{}",
                        oi.len(),
                        if hex { "" } else { " and not all hex digits" }
                    ),
                ));
            }
            Oi::Lowercase => out.push(
                Finding::new(&SETTINGS_OI_LOWERCASE, format!("'{oi}'"))
                    .with_fix(format!("Use '{}'.", oi.to_ascii_uppercase())),
            ),
        }
    }

    let (trusted_server_names, assumed) = match &req.trusted_server_names {
        Some(names) => (given(names), false),
        None => (vec![req.realm.clone()], true),
    };
    if assumed {
        out.push(Finding::new(
            &SETTINGS_TRUSTED_NAMES_ASSUMED,
            format!("checked with trustedServerNames = [\"{}\"]", req.realm),
        ));
    }
    if trusted_server_names.is_empty() && req.ca_certs.is_empty() {
        out.push(Finding::new(
            &SETTINGS_NO_SERVER_TRUST,
            "trustedServerNames is empty and no --ca (trusted server certificates) is given",
        ));
    }
    if req.ca_certs.len() > MAX_TRUSTED_CERTIFICATES {
        out.push(Finding::new(
            &SETTINGS_TOO_MANY_TRUSTED_CERTIFICATES,
            format!("{} certificates given with --ca", req.ca_certs.len()),
        ));
    }
    if let Some(min) = req.min_ios {
        if min < (15, 2) && !req.ca_certs.is_empty() {
            out.push(Finding::new(
                &SETTINGS_IOS15_TRUSTED_CERTIFICATES,
                format!("deployment target iOS {}.{}", min.0, min.1),
            ));
        }
    }
    match req.tls_version.as_deref() {
        Some("1.3") => out.push(Finding::new(
            &SETTINGS_TLS13_UNAVAILABLE,
            "--tls-version 1.3 requested",
        )),
        Some(v @ ("1.0" | "1.1")) => out.push(Finding::new(
            &SETTINGS_TLS_VERSION_IGNORED,
            format!("preferredTLSVersion {v} becomes 1.2"),
        )),
        _ => {}
    }
    if let Some(outer) = &req.outer_identity {
        out.push(Finding::new(
            &SETTINGS_OUTER_IDENTITY_IGNORED,
            format!("outerIdentity '{outer}'"),
        ));
    }

    SettingsSummary {
        domain_name,
        nai_realm_names,
        roaming_consortium_ois: ois,
        mcc_and_mncs: req.mcc_mncs.clone(),
        roaming_enabled: req.roaming,
        trusted_server_names,
        trusted_server_names_assumed: assumed,
    }
}
