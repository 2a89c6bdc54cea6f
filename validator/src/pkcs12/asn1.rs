//! A minimal, bounded ASN.1 reader for the parts of PKCS#12 we inspect, and a BER→DER normaliser.
//!
//! p12-keystore rejects BER (indefinite lengths, constructed strings), which Apple, Java and
//! Windows exporters produce; the MAC covers the *contents* of the authSafe OCTET STRING, so
//! re-encoding to DER keeps the MAC valid. Every length is checked against the bytes actually
//! present and nesting is bounded, so hostile input ends with an error, never a hang.

use thiserror::Error;

/// Deepest nesting we follow; real PKCS#12 files use about 12 levels.
pub const MAX_DEPTH: usize = 48;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Asn1Error {
    #[error("truncated ASN.1: a length says {claimed} bytes but only {available} remain")]
    Truncated { claimed: usize, available: usize },
    #[error("ASN.1 nesting deeper than {MAX_DEPTH} levels")]
    TooDeep,
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

/// True when the input uses any BER-only feature (indefinite length, constructed string,
/// non-minimal length).
pub fn needs_normalising(bytes: &[u8]) -> bool {
    normalise_ber(bytes)
        .map(|der| der != bytes)
        .unwrap_or(false)
}

/// Re-encodes BER as DER: definite minimal lengths, constructed OCTET STRINGs flattened.
/// (Sorting SET OF is not needed: p12-keystore accepts unsorted SETs.)
pub fn normalise_ber(bytes: &[u8]) -> Result<Vec<u8>, Asn1Error> {
    let mut out = Vec::with_capacity(bytes.len());
    let used = normalise_element(bytes, 0, &mut out)?;
    if used != bytes.len() {
        return Err(Asn1Error::Unexpected {
            expected: "one ASN.1 element (trailing bytes after the PKCS#12 structure)",
        });
    }
    Ok(out)
}

/// Normalises one element starting at `bytes[0]`, appends DER to `out`, returns bytes consumed.
fn normalise_element(bytes: &[u8], depth: usize, out: &mut Vec<u8>) -> Result<usize, Asn1Error> {
    if depth > MAX_DEPTH {
        return Err(Asn1Error::TooDeep);
    }
    let (header, len) = read_header(bytes)?;
    let tag = bytes[0];
    let constructed = tag & 0x20 != 0;
    // Universal OCTET STRING in constructed form (0x24): BER-only, flatten into 0x04.
    let flatten_string = tag == 0x24;

    if !constructed {
        let len = len.ok_or(Asn1Error::Unsupported("indefinite length on a primitive"))?;
        write_tlv(out, tag, &bytes[header..header + len]);
        return Ok(header + len);
    }

    let mut content = Vec::new();
    let consumed = match len {
        Some(len) => {
            let body = &bytes[header..header + len];
            let mut pos = 0;
            while pos < body.len() {
                pos += normalise_element(&body[pos..], depth + 1, &mut content)?;
            }
            header + len
        }
        None => {
            let mut pos = header;
            loop {
                if bytes.len() < pos + 2 {
                    return Err(Asn1Error::Truncated {
                        claimed: pos + 2,
                        available: bytes.len(),
                    });
                }
                if bytes[pos] == 0 && bytes[pos + 1] == 0 {
                    pos += 2;
                    break;
                }
                pos += normalise_element(&bytes[pos..], depth + 1, &mut content)?;
            }
            pos
        }
    };

    if flatten_string {
        let mut joined = Vec::with_capacity(content.len());
        let mut reader = Reader::new(&content);
        while !reader.is_empty() {
            let part = reader.next_tlv()?;
            if part.tag != TAG_OCTET_STRING {
                return Err(Asn1Error::Unexpected {
                    expected: "OCTET STRING segments inside a constructed OCTET STRING",
                });
            }
            joined.extend_from_slice(part.value);
        }
        write_tlv(out, TAG_OCTET_STRING, &joined);
    } else {
        write_tlv(out, tag, &content);
    }
    Ok(consumed)
}

pub fn write_tlv(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_passes_through_unchanged() {
        let der = [0x30, 0x06, 0x02, 0x01, 0x03, 0x04, 0x01, 0xAA];
        assert_eq!(normalise_ber(&der).unwrap(), der);
        assert!(!needs_normalising(&der));
    }

    #[test]
    fn indefinite_length_and_constructed_octet_string_become_der() {
        // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        let der = normalise_ber(&ber).unwrap();
        assert_eq!(der, [0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c']);
        assert!(needs_normalising(&ber));
    }

    #[test]
    fn non_minimal_length_is_rewritten() {
        let ber = [0x04, 0x81, 0x01, 0xFF];
        assert_eq!(normalise_ber(&ber).unwrap(), [0x04, 0x01, 0xFF]);
    }

    #[test]
    fn lying_length_is_an_error_not_a_panic() {
        let lying = [0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00];
        assert!(matches!(
            normalise_ber(&lying),
            Err(Asn1Error::Truncated { .. })
        ));
    }

    #[test]
    fn unterminated_indefinite_length_is_an_error() {
        let ber = [0x30, 0x80, 0x02, 0x01, 0x00];
        assert!(matches!(
            normalise_ber(&ber),
            Err(Asn1Error::Truncated { .. })
        ));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut ber = Vec::new();
        for _ in 0..10_000 {
            ber.extend_from_slice(&[0x30, 0x80]);
        }
        assert_eq!(normalise_ber(&ber), Err(Asn1Error::TooDeep));
    }

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
