//! The Hotspot 2.0 value shapes of `check` (API-03, API-06, API-07), applied to string literals
//! in the app's code: the shape logic is core's (`hs20_core::apple::shapes`), the rules are the
//! settings rules of the catalogue, so `check` and `lint` give the same answer.

use hs20_core::apple::shapes::{self, digit_padded, mcc_mnc_shape, MccMnc, Oi};
use hs20_core::finding::Finding;
use hs20_core::rules::catalogue::*;

pub fn domain_name_finding(domain_name: &str) -> Option<Finding> {
    (!shapes::domain_name_length_ok(domain_name)).then(|| {
        Finding::new(
            &SETTINGS_DOMAIN_NAME_INVALID,
            format!(
                "domainName has {} characters",
                domain_name.encode_utf16().count()
            ),
        )
    })
}

pub fn mcc_mnc_finding(entry: &str) -> Option<Finding> {
    match mcc_mnc_shape(entry) {
        MccMnc::Digits => None,
        MccMnc::PaddedWithF => Some(Finding::new(
            &SETTINGS_MCC_MNC_F_PADDING,
            format!(
                "'{entry}' (accepted by validate() on iOS 26.1; a .mobileconfig needs '{}' if the MNC really is three digits)",
                digit_padded(entry)
            ),
        )),
        MccMnc::Invalid => Some(Finding::new(
            &SETTINGS_MCC_MNC_INVALID,
            format!("'{entry}' is not six digits"),
        )),
    }
}

pub fn oi_finding(oi: &str) -> Option<Finding> {
    match shapes::oi_shape(oi) {
        Oi::Valid => None,
        Oi::Invalid => {
            let hex = oi.chars().all(|c| c.is_ascii_hexdigit());
            Some(Finding::new(
                &SETTINGS_OI_INVALID,
                format!(
                    "'{oi}' is {} characters{}",
                    oi.len(),
                    if hex { "" } else { " and not all hex digits" }
                ),
            ))
        }
        Oi::Lowercase => Some(
            Finding::new(&SETTINGS_OI_LOWERCASE, format!("'{oi}'"))
                .with_fix(format!("Use '{}'.", oi.to_ascii_uppercase())),
        ),
    }
}
