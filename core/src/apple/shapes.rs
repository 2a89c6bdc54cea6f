//! The shapes Apple expects of NEHotspotHS20Settings / Passpoint payload values, as predicates
//! every delivery path shares (API-06, API-07, MC-06): one answer per value, whichever tool asks.

/// An MCC/MNC entry (API-06).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MccMnc {
    /// Six ASCII digits: valid on every path.
    Digits,
    /// Six characters with `F` as the fourth (a two-digit MNC padded the 3GPP way): accepted by
    /// NEHotspotHS20Settings (decompiled iOS 26.1), outside the six-digit pattern of Apple's
    /// profile schema and documentation.
    PaddedWithF,
    Invalid,
}

pub fn mcc_mnc_shape(entry: &str) -> MccMnc {
    let b = entry.as_bytes();
    if b.len() != 6 {
        return MccMnc::Invalid;
    }
    if b.iter().all(u8::is_ascii_digit) {
        return MccMnc::Digits;
    }
    let rest_digits = b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 3 || c.is_ascii_digit());
    if rest_digits && b[3] == b'F' {
        MccMnc::PaddedWithF
    } else {
        MccMnc::Invalid
    }
}

/// `234F15` → `234015`: the digit padding every path accepts. Only for [`MccMnc::PaddedWithF`].
pub fn digit_padded(entry: &str) -> String {
    format!("{}0{}", &entry[..3], &entry[4..])
}

/// A roaming consortium OI (API-07, MC-06).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oi {
    Valid,
    /// Valid hex, but lowercase: iOS 16.3 did not match lowercase OIs.
    Lowercase,
    /// Not 6 or 10 hex digits.
    Invalid,
}

pub fn oi_shape(oi: &str) -> Oi {
    let hex = oi.chars().all(|c| c.is_ascii_hexdigit());
    if !hex || !(oi.len() == 6 || oi.len() == 10) {
        Oi::Invalid
    } else if oi.chars().any(|c| c.is_ascii_lowercase()) {
        Oi::Lowercase
    } else {
        Oi::Valid
    }
}

/// domainName must be 1..=128 UTF-16 code units (API-03).
pub fn domain_name_length_ok(domain_name: &str) -> bool {
    let units = domain_name.encode_utf16().count();
    (1..=128).contains(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mcc_mnc_shapes() {
        assert_eq!(mcc_mnc_shape("310026"), MccMnc::Digits);
        assert_eq!(mcc_mnc_shape("234F15"), MccMnc::PaddedWithF);
        assert_eq!(mcc_mnc_shape("23415"), MccMnc::Invalid);
        assert_eq!(mcc_mnc_shape("2341a5"), MccMnc::Invalid);
        assert_eq!(mcc_mnc_shape("F34015"), MccMnc::Invalid);
        assert_eq!(digit_padded("234F15"), "234015");
    }

    #[test]
    fn oi_shapes() {
        assert_eq!(oi_shape("5A03BA0000"), Oi::Valid);
        assert_eq!(oi_shape("001BC5"), Oi::Valid);
        assert_eq!(oi_shape("5a03ba0000"), Oi::Lowercase);
        assert_eq!(oi_shape("5A03BA00"), Oi::Invalid);
        assert_eq!(oi_shape("XYZ123"), Oi::Invalid);
    }

    #[test]
    fn domain_name_lengths() {
        assert!(domain_name_length_ok("example.com"));
        assert!(!domain_name_length_ok(""));
        assert!(!domain_name_length_ok(&"a".repeat(129)));
    }
}
