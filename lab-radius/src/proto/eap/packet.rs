//! EAP packet framing (RFC 3748 §4).

use thiserror::Error;

pub const REQUEST: u8 = 1;
pub const RESPONSE: u8 = 2;
pub const SUCCESS: u8 = 3;
pub const FAILURE: u8 = 4;

pub const TYPE_IDENTITY: u8 = 1;
pub const TYPE_NOTIFICATION: u8 = 2;
pub const TYPE_NAK: u8 = 3;
pub const TYPE_TLS: u8 = 13;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EapPacket<'a> {
    pub code: u8,
    pub identifier: u8,
    /// Type and type data; present for Request and Response only.
    pub method: Option<(u8, &'a [u8])>,
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum EapError {
    #[error("EAP packet of {0} bytes is shorter than its 4-byte header")]
    TooShort(usize),
    #[error("EAP Length field {length} does not match the {received} bytes carried")]
    BadLength { length: usize, received: usize },
    #[error("EAP Request/Response without a Type")]
    NoType,
}

impl<'a> EapPacket<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, EapError> {
        if bytes.len() < 4 {
            return Err(EapError::TooShort(bytes.len()));
        }
        let length = u16::from_be_bytes([bytes[2], bytes[3]]) as usize;
        // RFC 3748 §4.1: octets beyond Length are padding; fewer is an error.
        if length < 4 || length > bytes.len() {
            return Err(EapError::BadLength {
                length,
                received: bytes.len(),
            });
        }
        let body = &bytes[4..length];
        let method = match bytes[0] {
            REQUEST | RESPONSE => {
                let (&kind, data) = body.split_first().ok_or(EapError::NoType)?;
                Some((kind, data))
            }
            _ => None,
        };
        Ok(EapPacket {
            code: bytes[0],
            identifier: bytes[1],
            method,
        })
    }
}

pub fn build(code: u8, identifier: u8, method: Option<(u8, &[u8])>) -> Vec<u8> {
    let mut out = vec![code, identifier, 0, 0];
    if let Some((kind, data)) = method {
        out.push(kind);
        out.extend_from_slice(data);
    }
    let len = out.len() as u16;
    out[2..4].copy_from_slice(&len.to_be_bytes());
    out
}

pub fn success(identifier: u8) -> Vec<u8> {
    build(SUCCESS, identifier, None)
}

pub fn failure(identifier: u8) -> Vec<u8> {
    build(FAILURE, identifier, None)
}

pub fn type_name(kind: u8) -> String {
    match kind {
        1 => "Identity".into(),
        2 => "Notification".into(),
        3 => "Nak".into(),
        4 => "MD5-Challenge".into(),
        13 => "EAP-TLS".into(),
        21 => "EAP-TTLS".into(),
        25 => "PEAP".into(),
        26 => "MSCHAPv2".into(),
        43 => "EAP-FAST".into(),
        52 => "EAP-PWD".into(),
        55 => "TEAP".into(),
        other => format!("type {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_identity_response() {
        let bytes = [2, 7, 0, 10, 1, b'a', b'l', b'i', b'c', b'e'];
        let p = EapPacket::parse(&bytes).unwrap();
        assert_eq!(p.code, RESPONSE);
        assert_eq!(p.identifier, 7);
        assert_eq!(p.method, Some((TYPE_IDENTITY, &b"alice"[..])));
        assert_eq!(build(RESPONSE, 7, Some((1, b"alice"))), bytes);
    }

    #[test]
    fn rejects_bad_lengths() {
        assert_eq!(EapPacket::parse(&[2, 1, 0]), Err(EapError::TooShort(3)));
        assert!(matches!(
            EapPacket::parse(&[2, 1, 0, 9, 1]),
            Err(EapError::BadLength { .. })
        ));
        assert_eq!(EapPacket::parse(&[2, 1, 0, 4]), Err(EapError::NoType));
        assert_eq!(success(3), [3, 3, 0, 4]);
        assert_eq!(failure(3), [4, 3, 0, 4]);
    }
}
