//! RADIUS packet codec (RFC 2865 §3, §5).

use thiserror::Error;

/// RFC 2865 §3: packets are 20..=4096 bytes.
pub const MAX_PACKET: usize = 4096;
pub const HEADER_LEN: usize = 20;
/// An attribute value holds at most 253 bytes (length byte covers type and length).
pub const MAX_ATTR_VALUE: usize = 253;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub kind: u8,
    pub value: Vec<u8>,
}

impl Attribute {
    pub fn new(kind: u8, value: impl Into<Vec<u8>>) -> Self {
        Attribute {
            kind,
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    pub code: u8,
    pub identifier: u8,
    pub authenticator: [u8; 16],
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("datagram of {0} bytes is shorter than the 20-byte RADIUS header")]
    TooShort(usize),
    #[error(
        "Length field {length} is outside 20..=4096 or larger than the {received}-byte datagram"
    )]
    BadLength { length: usize, received: usize },
    #[error("attribute at offset {offset} has invalid length {length}")]
    BadAttribute { offset: usize, length: usize },
}

impl Packet {
    /// Decodes a datagram. Octets past the Length field are padding and ignored (RFC 2865 §3).
    pub fn decode(datagram: &[u8]) -> Result<Packet, DecodeError> {
        if datagram.len() < HEADER_LEN {
            return Err(DecodeError::TooShort(datagram.len()));
        }
        let length = u16::from_be_bytes([datagram[2], datagram[3]]) as usize;
        if !(HEADER_LEN..=MAX_PACKET).contains(&length) || length > datagram.len() {
            return Err(DecodeError::BadLength {
                length,
                received: datagram.len(),
            });
        }
        let mut authenticator = [0u8; 16];
        authenticator.copy_from_slice(&datagram[4..20]);
        let mut attributes = Vec::new();
        let mut offset = HEADER_LEN;
        while offset < length {
            if offset + 2 > length {
                return Err(DecodeError::BadAttribute { offset, length: 1 });
            }
            let attr_len = datagram[offset + 1] as usize;
            if attr_len < 2 || offset + attr_len > length {
                return Err(DecodeError::BadAttribute {
                    offset,
                    length: attr_len,
                });
            }
            attributes.push(Attribute::new(
                datagram[offset],
                &datagram[offset + 2..offset + attr_len],
            ));
            offset += attr_len;
        }
        Ok(Packet {
            code: datagram[0],
            identifier: datagram[1],
            authenticator,
            attributes,
        })
    }

    /// Encodes header and attributes as they are (authenticators are the caller's business).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.attributes.len() * 20);
        out.push(self.code);
        out.push(self.identifier);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.authenticator);
        for attribute in &self.attributes {
            debug_assert!(attribute.value.len() <= MAX_ATTR_VALUE);
            out.push(attribute.kind);
            out.push((attribute.value.len() + 2) as u8);
            out.extend_from_slice(&attribute.value);
        }
        let length = out.len() as u16;
        out[2..4].copy_from_slice(&length.to_be_bytes());
        out
    }

    pub fn first(&self, kind: u8) -> Option<&[u8]> {
        self.attributes
            .iter()
            .find(|a| a.kind == kind)
            .map(|a| a.value.as_slice())
    }

    pub fn all(&self, kind: u8) -> impl Iterator<Item = &[u8]> {
        self.attributes
            .iter()
            .filter(move |a| a.kind == kind)
            .map(|a| a.value.as_slice())
    }

    pub fn has(&self, kind: u8) -> bool {
        self.attributes.iter().any(|a| a.kind == kind)
    }

    /// RFC 3579 §3.1: an EAP packet is the concatenation of all EAP-Message attributes.
    pub fn eap_message(&self) -> Option<Vec<u8>> {
        if !self.has(super::attr::EAP_MESSAGE) {
            return None;
        }
        Some(
            self.all(super::attr::EAP_MESSAGE)
                .flatten()
                .copied()
                .collect(),
        )
    }

    pub fn text(&self, kind: u8) -> Option<String> {
        self.first(kind)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}

/// Splits a long value (EAP-Message, RFC 3579 §3.1) into consecutive 253-byte attributes.
pub fn split_attribute(kind: u8, value: &[u8]) -> Vec<Attribute> {
    if value.is_empty() {
        return vec![Attribute::new(kind, Vec::new())];
    }
    value
        .chunks(MAX_ATTR_VALUE)
        .map(|chunk| Attribute::new(kind, chunk))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::radius::attr::*;

    // RFC 2865 §7.1 Access-Request (User-Name "nemo", NAS-IP 192.168.1.16, NAS-Port 3).
    const RFC2865_7_1_REQUEST: &str = "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003";

    #[test]
    fn decodes_and_reencodes_rfc2865_example() {
        let bytes = hex::decode(RFC2865_7_1_REQUEST).unwrap();
        let packet = Packet::decode(&bytes).unwrap();
        assert_eq!(packet.code, ACCESS_REQUEST);
        assert_eq!(packet.identifier, 0);
        assert_eq!(packet.text(USER_NAME).as_deref(), Some("nemo"));
        assert_eq!(packet.first(NAS_IP_ADDRESS), Some(&[192, 168, 1, 16][..]));
        assert_eq!(packet.encode(), bytes);
    }

    #[test]
    fn rejects_truncated_and_lying_lengths() {
        assert_eq!(Packet::decode(&[1, 2, 3]), Err(DecodeError::TooShort(3)));
        let mut bytes = hex::decode(RFC2865_7_1_REQUEST).unwrap();
        bytes[3] = 0xff;
        assert!(matches!(
            Packet::decode(&bytes),
            Err(DecodeError::BadLength { .. })
        ));
        let mut bytes = hex::decode(RFC2865_7_1_REQUEST).unwrap();
        bytes[21] = 1; // User-Name with length 1
        assert!(matches!(
            Packet::decode(&bytes),
            Err(DecodeError::BadAttribute { .. })
        ));
        let mut bytes = hex::decode(RFC2865_7_1_REQUEST).unwrap();
        bytes[21] = 0x40; // runs past the end
        assert!(matches!(
            Packet::decode(&bytes),
            Err(DecodeError::BadAttribute { .. })
        ));
    }

    #[test]
    fn ignores_padding_after_length() {
        let mut bytes = hex::decode(RFC2865_7_1_REQUEST).unwrap();
        bytes.extend_from_slice(&[0xde, 0xad]);
        assert_eq!(Packet::decode(&bytes).unwrap().attributes.len(), 4);
    }

    #[test]
    fn splits_and_joins_eap_message() {
        let eap: Vec<u8> = (0..600u32).map(|i| i as u8).collect();
        let attrs = split_attribute(EAP_MESSAGE, &eap);
        assert_eq!(
            attrs.iter().map(|a| a.value.len()).collect::<Vec<_>>(),
            [253, 253, 94]
        );
        let packet = Packet {
            code: ACCESS_REQUEST,
            identifier: 1,
            authenticator: [0; 16],
            attributes: attrs,
        };
        let decoded = Packet::decode(&packet.encode()).unwrap();
        assert_eq!(decoded.eap_message().unwrap(), eap);
    }
}
