//! RADIUS over UDP (RFC 2865, RFC 3579): code, identifier, Calling-Station-Id and the EAP messages
//! carried in EAP-Message attributes (split at 253 bytes).

use lab_radius::proto::radius::{attr, packet as codec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// 1 Access-Request, 2 Access-Accept, 3 Access-Reject, 11 Access-Challenge.
    pub code: u8,
    pub id: u8,
    pub calling_station: Option<String>,
    pub eap: Vec<u8>,
    pub message_authenticator: bool,
}

/// The fields the diagnosis needs, decoded by lab-radius's codec (the workspace's one RADIUS
/// decoder); `None` for anything it rejects (short, lying lengths, bad attributes).
pub fn parse(b: &[u8]) -> Option<Packet> {
    let p = codec::Packet::decode(b).ok()?;
    Some(Packet {
        code: p.code,
        id: p.identifier,
        calling_station: p
            .first(attr::CALLING_STATION_ID)
            .map(|v| String::from_utf8_lossy(v).into_owned()),
        eap: p
            .attributes
            .iter()
            .filter(|a| a.kind == attr::EAP_MESSAGE)
            .flat_map(|a| a.value.iter().copied())
            .collect(),
        message_authenticator: p.first(attr::MESSAGE_AUTHENTICATOR).is_some(),
    })
}

pub fn code_name(c: u8) -> &'static str {
    match c {
        1 => "Access-Request",
        2 => "Access-Accept",
        3 => "Access-Reject",
        11 => "Access-Challenge",
        12 => "Status-Server",
        _ => "RADIUS",
    }
}

/// A Calling-Station-Id ("02-00-00-00-01-00", "020000000100", "02:00:..") as a MAC.
pub fn station_mac(s: &str) -> Option<crate::Mac> {
    let hex: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    if hex.len() != 12 {
        return None;
    }
    let mut m = [0u8; 6];
    for (i, b) in m.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(crate::Mac(m))
}
