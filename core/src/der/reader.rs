//! A minimal, bounded DER reader for the parts of PKCS#12 and PKCS#8 we inspect. BER input is
//! normalised to DER first by `crate::der::ber` (p12-keystore reads DER only). Every length
//! is checked against the bytes actually present.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Asn1Error {
    #[error("truncated ASN.1: a length says {claimed} bytes but only {available} remain")]
    Truncated { claimed: usize, available: usize },
    #[error("unsupported ASN.1 encoding: {0}")]
    Unsupported(&'static str),
    #[error("unexpected ASN.1 structure: expected {expected}")]
    Unexpected { expected: &'static str },
}

pub const TAG_INTEGER: u8 = 0x02;
pub const TAG_OCTET_STRING: u8 = 0x04;
pub const TAG_OID: u8 = 0x06;
pub const TAG_SEQUENCE: u8 = 0x30;
pub const TAG_SET: u8 = 0x31;
pub const TAG_CONTEXT_0: u8 = 0xA0;

/// One decoded DER element (single-byte tags only: all PKCS#12 tags are).
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub value: &'a [u8],
}

impl<'a> Tlv<'a> {
    pub fn expect(self, tag: u8, expected: &'static str) -> Result<Tlv<'a>, Asn1Error> {
        if self.tag == tag {
            Ok(self)
        } else {
            Err(Asn1Error::Unexpected { expected })
        }
    }

    /// Iterates over the children of a constructed element.
    pub fn children(&self) -> Reader<'a> {
        Reader::new(self.value)
    }

    pub fn as_u64(&self) -> Result<u64, Asn1Error> {
        if self.tag != TAG_INTEGER || self.value.is_empty() || self.value.len() > 9 {
            return Err(Asn1Error::Unexpected {
                expected: "a small INTEGER",
            });
        }
        if self.value[0] & 0x80 != 0 {
            return Err(Asn1Error::Unexpected {
                expected: "a non-negative INTEGER",
            });
        }
        let bytes = if self.value.len() == 9 {
            if self.value[0] != 0 {
                return Err(Asn1Error::Unexpected {
                    expected: "an INTEGER below 2^64",
                });
            }
            &self.value[1..]
        } else {
            self.value
        };
        Ok(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// Dotted form of an OBJECT IDENTIFIER.
    pub fn as_oid(&self) -> Result<String, Asn1Error> {
        if self.tag != TAG_OID || self.value.is_empty() {
            return Err(Asn1Error::Unexpected {
                expected: "an OBJECT IDENTIFIER",
            });
        }
        oid_to_string(self.value).ok_or(Asn1Error::Unexpected {
            expected: "a well-formed OBJECT IDENTIFIER",
        })
    }
}

fn oid_to_string(bytes: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for (i, b) in bytes.iter().enumerate() {
        if acc > (u64::MAX >> 7) {
            return None;
        }
        acc = (acc << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        } else if i + 1 == bytes.len() {
            return None;
        }
    }
    Some(
        arcs.iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// Sequential reader over DER elements.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    pub fn next_tlv(&mut self) -> Result<Tlv<'a>, Asn1Error> {
        let (header, len) = read_header(self.rest)?;
        let Some(len) = len else {
            return Err(Asn1Error::Unsupported("indefinite length in DER"));
        };
        let tag = self.rest[0];
        let value = &self.rest[header..header + len];
        self.rest = &self.rest[header + len..];
        Ok(Tlv { tag, value })
    }

    pub fn next_expect(&mut self, tag: u8, expected: &'static str) -> Result<Tlv<'a>, Asn1Error> {
        self.next_tlv()
            .map_err(|e| match e {
                Asn1Error::Truncated { .. } if self.rest.is_empty() => {
                    Asn1Error::Unexpected { expected }
                }
                other => other,
            })?
            .expect(tag, expected)
    }
}

/// Reads tag and length; returns the header size and the length (None = indefinite).
/// Checks that a definite length fits in the bytes present.
fn read_header(bytes: &[u8]) -> Result<(usize, Option<usize>), Asn1Error> {
    if bytes.len() < 2 {
        return Err(Asn1Error::Truncated {
            claimed: 2,
            available: bytes.len(),
        });
    }
    if bytes[0] & 0x1f == 0x1f {
        return Err(Asn1Error::Unsupported("multi-byte tag"));
    }
    let first = bytes[1];
    let (header, len) = if first < 0x80 {
        (2, usize::from(first))
    } else if first == 0x80 {
        return Ok((2, None));
    } else {
        let n = usize::from(first & 0x7f);
        if n > 4 {
            return Err(Asn1Error::Unsupported("length field longer than 4 bytes"));
        }
        if bytes.len() < 2 + n {
            return Err(Asn1Error::Truncated {
                claimed: 2 + n,
                available: bytes.len(),
            });
        }
        let len = bytes[2..2 + n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (2 + n, len)
    };
    let available = bytes.len() - header;
    if len > available {
        return Err(Asn1Error::Truncated {
            claimed: len,
            available,
        });
    }
    Ok((header, Some(len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_decode() {
        // 1.2.840.113549.1.12.1.3 pbeWithSHAAnd3-KeyTripleDES-CBC
        let tlv = Tlv {
            tag: TAG_OID,
            value: &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03],
        };
        assert_eq!(tlv.as_oid().unwrap(), "1.2.840.113549.1.12.1.3");
    }

    #[test]
    fn integers_decode() {
        let tlv = Tlv {
            tag: TAG_INTEGER,
            value: &[0x00, 0x80, 0x00],
        };
        assert_eq!(tlv.as_u64().unwrap(), 0x8000);
    }
}
