//! EAPOL (IEEE 802.1X-2020 clause 11), EAP (RFC 3748) and EAPOL-Key frames (IEEE 802.11-2020 12.7.2).

use crate::u16be;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eapol<'a> {
    Eap(Eap<'a>),
    Start,
    Logoff,
    Key(Key),
    Other(u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eap<'a> {
    /// 1 Request, 2 Response, 3 Success, 4 Failure.
    pub code: u8,
    pub id: u8,
    /// Method type (1 Identity, 3 Nak, 13 EAP-TLS, ...), for requests and responses.
    pub method: Option<u8>,
    /// Method data after the type byte.
    pub data: &'a [u8],
}

/// An EAPOL-Key frame, its message number worked out from the key information bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub descriptor_type: u8,
    pub key_info: u16,
    pub replay_counter: u64,
    /// MIC length that makes the frame's lengths consistent (16, 24, 32; 0 for AEAD-only).
    pub mic_len: Option<usize>,
    pub key_data_len: Option<usize>,
}

impl Key {
    pub fn version(&self) -> u16 {
        self.key_info & 7
    }
    pub fn pairwise(&self) -> bool {
        self.key_info & 0x0008 != 0
    }
    pub fn install(&self) -> bool {
        self.key_info & 0x0040 != 0
    }
    pub fn ack(&self) -> bool {
        self.key_info & 0x0080 != 0
    }
    pub fn mic(&self) -> bool {
        self.key_info & 0x0100 != 0
    }
    pub fn secure(&self) -> bool {
        self.key_info & 0x0200 != 0
    }
    pub fn error(&self) -> bool {
        self.key_info & 0x0400 != 0
    }
    pub fn request(&self) -> bool {
        self.key_info & 0x0800 != 0
    }
    /// 1–4 for the 4-way handshake, 5/6 for group key messages 1/2 and 2/2, 0 otherwise.
    pub fn message(&self) -> u8 {
        if self.request() {
            return 0;
        }
        if self.pairwise() {
            match (self.ack(), self.install(), self.mic() || self.secure()) {
                (true, false, _) => 1,
                (true, true, _) => 3,
                (false, _, _) if !self.secure() => 2,
                (false, _, _) => 4,
            }
        } else if self.ack() {
            5
        } else {
            6
        }
    }
}

pub fn parse(b: &[u8]) -> Option<Eapol<'_>> {
    let ptype = *b.get(1)?;
    let len = u16be(b, 2)? as usize;
    let body = b.get(4..)?;
    let body = &body[..len.min(body.len())];
    Some(match ptype {
        0 => Eapol::Eap(parse_eap(body)?),
        1 => Eapol::Start,
        2 => Eapol::Logoff,
        3 => Eapol::Key(parse_key(body)?),
        t => Eapol::Other(t),
    })
}

pub fn parse_eap(b: &[u8]) -> Option<Eap<'_>> {
    let code = *b.first()?;
    let id = *b.get(1)?;
    let len = (u16be(b, 2)? as usize).clamp(4, b.len().max(4));
    let body = b.get(4..len).unwrap_or_default();
    let (method, data) = if matches!(code, 1 | 2) {
        (body.first().copied(), body.get(1..).unwrap_or_default())
    } else {
        (None, &[][..])
    };
    Some(Eap {
        code,
        id,
        method,
        data,
    })
}

fn parse_key(b: &[u8]) -> Option<Key> {
    let descriptor_type = *b.first()?;
    let key_info = u16be(b, 1)?;
    let replay_counter = u64::from_be_bytes(b.get(5..13)?.try_into().ok()?);
    // fixed part: type 1, info 2, length 2, replay 8, nonce 32, IV 16, RSC 8, reserved 8 = 77,
    // then MIC (variable), key data length 2, key data
    let consistent =
        |m: usize| u16be(b, 77 + m).is_some_and(|kdl| 77 + m + 2 + kdl as usize == b.len());
    let mic_len = [16usize, 24, 32, 0].into_iter().find(|m| consistent(*m));
    let key_data_len = mic_len.and_then(|m| u16be(b, 77 + m)).map(|x| x as usize);
    Some(Key {
        descriptor_type,
        key_info,
        replay_counter,
        mic_len,
        key_data_len,
    })
}

/// EAP-TLS (RFC 5216 §3.1) and PEAP/TTLS-style flags: L length included, M more fragments, S start.
pub struct TlsFragment<'a> {
    pub start: bool,
    pub more: bool,
    pub data: &'a [u8],
}

pub fn tls_fragment(data: &[u8]) -> Option<TlsFragment<'_>> {
    let flags = *data.first()?;
    let mut off = 1;
    if flags & 0x80 != 0 {
        off += 4;
    }
    Some(TlsFragment {
        start: flags & 0x20 != 0,
        more: flags & 0x40 != 0,
        data: data.get(off..).unwrap_or_default(),
    })
}

pub fn method_name(t: u8) -> String {
    match t {
        1 => "Identity".into(),
        2 => "Notification".into(),
        3 => "Nak".into(),
        4 => "MD5-Challenge".into(),
        13 => "EAP-TLS".into(),
        21 => "EAP-TTLS".into(),
        25 => "PEAP".into(),
        43 => "EAP-FAST".into(),
        t => format!("type {t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(info: u16, mic: usize, kd: usize) -> Vec<u8> {
        let mut b = vec![2u8];
        b.extend_from_slice(&info.to_be_bytes());
        b.extend_from_slice(&[0, 16]);
        b.extend_from_slice(&1u64.to_be_bytes());
        b.extend_from_slice(&[0u8; 64]);
        b.extend_from_slice(&vec![0u8; mic]);
        b.extend_from_slice(&(kd as u16).to_be_bytes());
        b.extend_from_slice(&vec![0u8; kd]);
        b
    }

    #[test]
    fn message_numbers_and_mic_lengths() {
        let m1 = parse_key(&key(0x008a, 16, 22)).unwrap();
        assert_eq!((m1.message(), m1.mic_len, m1.version()), (1, Some(16), 2));
        let m2 = parse_key(&key(0x010a, 24, 22)).unwrap();
        assert_eq!((m2.message(), m2.mic_len), (2, Some(24)));
        let m3 = parse_key(&key(0x13ca, 16, 56)).unwrap();
        assert_eq!(m3.message(), 3);
        let m4 = parse_key(&key(0x030a, 16, 0)).unwrap();
        assert_eq!(m4.message(), 4);
        let g1 = parse_key(&key(0x1382, 16, 40)).unwrap();
        assert_eq!(g1.message(), 5);
    }

    #[test]
    fn truncated_input_is_none_or_partial() {
        let full = key(0x008a, 16, 22);
        for n in 0..full.len() {
            let _ = parse_key(&full[..n]);
            let _ = parse(&full[..n]);
        }
        assert_eq!(parse(&[1, 1, 0, 0]), Some(Eapol::Start));
    }
}
