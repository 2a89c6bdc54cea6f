//! Passpoint (Hotspot 2.0) network selection, sans-IO: what an AP advertises (beacon elements and
//! ANQP), what a credential holds, and whether a station picks the AP — home, roaming or no match —
//! by the Passpoint rules as wpa_supplicant implements them (hostap interworking.c) plus Apple's
//! documented `roamingEnabled` behaviour. The advertisement comes from a hostapd configuration
//! ([`hostapd`]) or from a capture's beacons and GAS/ANQP responses ([`capture`]); [`anqp`] decodes
//! the ANQP elements; [`select`] decides, naming a rule of `core/rules/selection.toml`.

pub mod anqp;
pub mod capture;
pub mod hostapd;
pub mod logs;
pub mod select;

use serde::Serialize;

/// One EAP method of an NAI Realm entry, with its authentication parameters (id, value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EapMethod {
    pub method: u8,
    pub auth_params: Vec<(u8, Vec<u8>)>,
}

/// One entry of the NAI Realm list: one or more realms (';'-separated on the air) and their EAP methods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NaiRealm {
    pub realms: Vec<String>,
    pub eap_methods: Vec<EapMethod>,
}

impl NaiRealm {
    pub fn names(&self, realm: &str) -> bool {
        self.realms.iter().any(|r| r.eq_ignore_ascii_case(realm))
    }
    pub fn offers_eap_tls(&self) -> bool {
        self.eap_methods.iter().any(|m| m.method == EAP_TLS)
    }
}

pub const EAP_TLS: u8 = 13;

/// The ANQP elements a station received (None: the element was not in the answer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Anqp {
    pub nai_realms: Option<Vec<NaiRealm>>,
    pub roaming_consortium: Option<Vec<Vec<u8>>>,
    pub domain_names: Option<Vec<String>>,
    /// 3GPP Cellular Network information: (MCC, MNC) pairs.
    pub plmns: Option<Vec<(String, String)>>,
    pub venue_names: Vec<String>,
    pub operator_names: Vec<String>,
}

/// What one AP (BSS) advertises.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Advertisement {
    /// The BSSID when known (captures; hostapd's `bssid=`).
    pub bssid: Option<String>,
    pub ssid: String,
    /// Interworking element / Extended Capabilities bit 31.
    pub interworking: bool,
    /// Hotspot 2.0 Indication element (50:6F:9A type 0x10).
    pub hs20_indication: bool,
    /// OIs of the beacon's Roaming Consortium element (at most three).
    pub beacon_ois: Vec<Vec<u8>>,
    /// The ANQP answer (None: not known — not queried, or not answered).
    pub anqp: Option<Anqp>,
    /// A station asked over GAS/ANQP and the AP never answered (captures, logs).
    pub anqp_unanswered: bool,
}

/// The credential side: NEHotspotHS20Settings / a Passpoint profile / a wpa_supplicant `cred` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Credential {
    /// NAI realms (naiRealmNames; the cred's `realm`).
    pub realms: Vec<String>,
    /// The home domain (domainName; the cred's `domain`).
    pub home_domain: Option<String>,
    /// Roaming consortium OIs as written (hex).
    pub ois: Vec<String>,
    pub mcc_mncs: Vec<String>,
    pub roaming_enabled: bool,
}

/// Hex text ("5A03BA0000") to bytes; None when it is not an even number of hex digits.
pub fn oi_bytes(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.trim();
    if hex.is_empty() || hex.len() % 2 != 0 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

/// Bytes to upper-case hex, the way Apple's settings and hostapd write OIs.
pub fn oi_hex(oi: &[u8]) -> String {
    oi.iter().map(|b| format!("{b:02X}")).collect()
}

/// The EAP method's common name (IANA EAP registry).
pub fn eap_name(method: u8) -> String {
    match method {
        13 => "EAP-TLS".into(),
        18 => "EAP-SIM".into(),
        21 => "EAP-TTLS".into(),
        23 => "EAP-AKA".into(),
        25 => "PEAP".into(),
        43 => "EAP-FAST".into(),
        50 => "EAP-AKA'".into(),
        m => format!("EAP type {m}"),
    }
}
