//! Names for the numbers on the air: cipher and AKM suite selectors (IEEE 802.11-2020 Table 9-149 and
//! Table 9-151), status codes (Table 9-50), reason codes (Table 9-49), TLS alerts (RFC 8446 §6).

/// Cipher suite selector 00-0F-AC:n.
pub fn cipher(suite: u32) -> String {
    if suite >> 8 != 0x000fac {
        return format!("{:06x}:{}", suite >> 8, suite & 0xff);
    }
    match suite & 0xff {
        1 => "WEP-40",
        2 => "TKIP",
        4 => "CCMP-128",
        5 => "WEP-104",
        6 => "BIP-CMAC-128",
        7 => "group addressed traffic not allowed",
        8 => "GCMP-128",
        9 => "GCMP-256",
        10 => "CCMP-256",
        11 => "BIP-GMAC-128",
        12 => "BIP-GMAC-256",
        13 => "BIP-CMAC-256",
        n => return format!("00-0f-ac:{n}"),
    }
    .to_string()
}

/// AKM suite selector 00-0F-AC:n.
pub fn akm(suite: u32) -> String {
    if suite >> 8 != 0x000fac {
        return format!("{:06x}:{}", suite >> 8, suite & 0xff);
    }
    match suite & 0xff {
        1 => "802.1X (WPA-EAP)",
        2 => "PSK",
        3 => "FT-802.1X",
        4 => "FT-PSK",
        5 => "802.1X-SHA256 (WPA-EAP-SHA256)",
        6 => "PSK-SHA256",
        8 => "SAE",
        9 => "FT-SAE",
        11 => "802.1X Suite-B",
        12 => "802.1X Suite-B-192 (WPA-EAP-SUITE-B-192)",
        13 => "FT-802.1X-SHA384",
        18 => "OWE",
        23 => "802.1X-SHA384",
        24 => "SAE-EXT-KEY",
        25 => "FT-SAE-EXT-KEY",
        n => return format!("00-0f-ac:{n}"),
    }
    .to_string()
}

/// AKMs that authenticate with IEEE 802.1X / EAP.
pub fn akm_is_eap(suite: u32) -> bool {
    suite >> 8 == 0x000fac && matches!(suite & 0xff, 1 | 3 | 5 | 11 | 12 | 13 | 22 | 23)
}

/// AKMs that authenticate with SAE.
pub fn akm_is_sae(suite: u32) -> bool {
    suite >> 8 == 0x000fac && matches!(suite & 0xff, 8 | 9 | 24 | 25)
}

/// EAPOL-Key MIC length in bytes for an AKM (and, for SAE-EXT-KEY, the SAE group), as in
/// IEEE 802.11-2020 Table 12-11 and hostap src/common/wpa_common.c wpa_mic_len().
pub fn mic_len(akm: u32, sae_group: Option<u16>) -> usize {
    match akm & 0xff {
        12 | 13 | 23 => 24,
        24 | 25 => match sae_group {
            Some(20) => 24,
            Some(21) => 32,
            _ => 16,
        },
        _ => 16,
    }
}

/// IEEE 802.11 status code text (Table 9-50).
pub fn status(code: u16) -> &'static str {
    match code {
        0 => "success",
        1 => "unspecified failure",
        10 => "cannot support all requested capabilities",
        12 => "association denied for another reason",
        13 => "the AP does not support the authentication algorithm",
        14 => "authentication transaction sequence number out of expected sequence",
        15 => "authentication rejected: challenge failure (SAE confirm did not verify)",
        16 => "authentication rejected: timeout waiting for the next frame",
        17 => "the AP is unable to handle additional associated STAs",
        30 => "association rejected temporarily (PMF SA Query in progress)",
        31 => "robust management frame policy violation",
        40 => "invalid information element",
        41 => "invalid group cipher",
        42 => "invalid pairwise cipher",
        43 => "invalid AKMP",
        44 => "unsupported RSNE version",
        45 => "invalid RSNE capabilities",
        46 => "cipher suite rejected because of security policy",
        53 => "invalid PMKID",
        72 => "invalid RSNE contents (SAE/OWE)",
        76 => "anti-clogging token required",
        77 => "unsupported finite cyclic group",
        123 => "unknown SAE password identifier",
        126 => "SAE hash-to-element",
        127 => "SAE-PK",
        135 => "denied: EHT not supported",
        _ => "see IEEE 802.11 Table 9-50",
    }
}

/// IEEE 802.11 reason code text (Table 9-49).
pub fn reason(code: u16) -> &'static str {
    match code {
        1 => "unspecified",
        2 => "previous authentication no longer valid",
        3 => "leaving (the station left or the AP shut down)",
        4 => "inactivity",
        6 => "class 2 frame from a non-authenticated station",
        7 => "class 3 frame from a non-associated station",
        8 => "leaving the BSS",
        13 => "invalid element",
        14 => "MIC failure",
        15 => "4-way handshake timeout",
        16 => "group key handshake timeout",
        17 => "element in the 4-way handshake differs from the (Re)Association Request/Beacon",
        18 => "invalid group cipher",
        19 => "invalid pairwise cipher",
        20 => "invalid AKMP",
        23 => "IEEE 802.1X authentication failed",
        24 => "cipher suite rejected because of security policy",
        _ => "see IEEE 802.11 Table 9-49",
    }
}

/// TLS alert description (RFC 8446 §6, RFC 5246 §7.2).
pub fn tls_alert(code: u8) -> String {
    match code {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        n => return format!("alert {n}"),
    }
    .to_string()
}

pub fn tls_version(v: u16) -> String {
    match v {
        0x0300 => "SSLv3".into(),
        0x0301 => "TLS 1.0".into(),
        0x0302 => "TLS 1.1".into(),
        0x0303 => "TLS 1.2".into(),
        0x0304 => "TLS 1.3".into(),
        v => format!("0x{v:04x}"),
    }
}

pub fn tls_group(g: u16) -> String {
    match g {
        23 => "secp256r1".into(),
        24 => "secp384r1".into(),
        25 => "secp521r1".into(),
        29 => "x25519".into(),
        30 => "x448".into(),
        256 => "ffdhe2048".into(),
        257 => "ffdhe3072".into(),
        0x11ec => "X25519MLKEM768".into(),
        g => format!("0x{g:04x}"),
    }
}

pub fn tls_suite(s: u16) -> String {
    tls_parser::TlsCipherSuite::from_id(s)
        .map(|c| c.name.to_string())
        .unwrap_or_else(|| format!("0x{s:04x}"))
}

/// Frequency (MHz) to (band, channel).
pub fn band_channel(freq: u16) -> (&'static str, Option<u16>) {
    match freq {
        2412..=2472 => ("2.4 GHz", Some((freq - 2407) / 5)),
        2484 => ("2.4 GHz", Some(14)),
        5955..=7115 => ("6 GHz", Some((freq - 5950) / 5)),
        5160..=5885 => ("5 GHz", Some((freq - 5000) / 5)),
        _ => ("?", None),
    }
}
