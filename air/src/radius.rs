//! RADIUS over UDP (RFC 2865, RFC 3579): code, identifier, Calling-Station-Id and the EAP messages
//! carried in EAP-Message attributes (split at 253 bytes).

use crate::u16be;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// 1 Access-Request, 2 Access-Accept, 3 Access-Reject, 11 Access-Challenge.
    pub code: u8,
    pub id: u8,
    pub calling_station: Option<String>,
    pub eap: Vec<u8>,
    pub message_authenticator: bool,
}

pub fn parse(b: &[u8]) -> Option<Packet> {
    let code = *b.first()?;
    let id = *b.get(1)?;
    let len = u16be(b, 2)? as usize;
    if !(20..=4096).contains(&len) || len > b.len() {
        return None;
    }
    let mut p = Packet {
        code,
        id,
        calling_station: None,
        eap: Vec::new(),
        message_authenticator: false,
    };
    let mut i = 20;
    while i + 2 <= len {
        let (t, l) = (b[i], b[i + 1] as usize);
        if l < 2 || i + l > len {
            return None;
        }
        let v = &b[i + 2..i + l];
        match t {
            31 => p.calling_station = Some(String::from_utf8_lossy(v).into_owned()),
            79 => p.eap.extend_from_slice(v),
            80 => p.message_authenticator = true,
            _ => {}
        }
        i += l;
    }
    Some(p)
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
