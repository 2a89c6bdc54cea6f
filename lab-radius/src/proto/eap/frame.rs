//! EAP-TLS type data (RFC 5216 §3.1, §3.2): Flags (L, M, S), optional TLS Message Length,
//! TLS data.

use thiserror::Error;

pub const FLAG_LENGTH: u8 = 0x80;
pub const FLAG_MORE: u8 = 0x40;
pub const FLAG_START: u8 = 0x20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFrame<'a> {
    pub flags: u8,
    pub message_length: Option<u32>,
    pub data: &'a [u8],
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum FrameError {
    #[error("EAP-TLS packet has no Flags octet")]
    Empty,
    #[error(
        "EAP-TLS L flag set but only {0} bytes follow the flags (need 4 for TLS Message Length)"
    )]
    TruncatedLength(usize),
}

impl<'a> TlsFrame<'a> {
    pub fn parse(type_data: &'a [u8]) -> Result<Self, FrameError> {
        let (&flags, rest) = type_data.split_first().ok_or(FrameError::Empty)?;
        if flags & FLAG_LENGTH != 0 {
            if rest.len() < 4 {
                return Err(FrameError::TruncatedLength(rest.len()));
            }
            let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
            Ok(TlsFrame {
                flags,
                message_length: Some(len),
                data: &rest[4..],
            })
        } else {
            Ok(TlsFrame {
                flags,
                message_length: None,
                data: rest,
            })
        }
    }

    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }

    /// An empty response with no flags acknowledges a fragment (RFC 5216 §2.1.5).
    pub fn is_ack(&self) -> bool {
        self.data.is_empty() && self.flags & (FLAG_MORE | FLAG_LENGTH) == 0
    }
}

pub fn encode(flags: u8, message_length: Option<u32>, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(5 + data.len());
    let flags = if message_length.is_some() {
        flags | FLAG_LENGTH
    } else {
        flags & !FLAG_LENGTH
    };
    out.push(flags);
    if let Some(len) = message_length {
        out.extend_from_slice(&len.to_be_bytes());
    }
    out.extend_from_slice(data);
    out
}

pub fn flags_text(flags: u8) -> String {
    let mut s = String::new();
    for (bit, name) in [(FLAG_LENGTH, 'L'), (FLAG_MORE, 'M'), (FLAG_START, 'S')] {
        if flags & bit != 0 {
            s.push(name);
        }
    }
    if s.is_empty() {
        s.push('-');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_and_without_length() {
        let with = encode(FLAG_MORE, Some(5000), b"abc");
        assert_eq!(with, [0xc0, 0, 0, 0x13, 0x88, b'a', b'b', b'c']);
        let f = TlsFrame::parse(&with).unwrap();
        assert_eq!(f.message_length, Some(5000));
        assert!(f.more());
        assert_eq!(f.data, b"abc");
        let ack = TlsFrame::parse(&[0]).unwrap();
        assert!(ack.is_ack());
        assert_eq!(TlsFrame::parse(&[]), Err(FrameError::Empty));
        assert_eq!(
            TlsFrame::parse(&[0x80, 1]),
            Err(FrameError::TruncatedLength(1))
        );
        assert_eq!(flags_text(0xe0), "LMS");
    }
}
