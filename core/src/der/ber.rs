//! BER → DER normalisation, run before every DER decoder (PKCS#12 files, CMS-signed profiles).
//! Apple's tools, Java and Windows write indefinite lengths and constructed OCTET STRINGs; the
//! `der`-based crates (cms, p12-keystore) read DER only. Signatures and MACs survive: signed
//! attributes are DER already, and digests and MACs cover the content octets, which
//! concatenation preserves. Every length is checked against the bytes present and nesting is
//! bounded, so hostile input ends with an error, never a hang.

use thiserror::Error;

/// Deepest nesting followed; real PKCS#12 and CMS files use about 12–20 levels.
pub const MAX_DEPTH: usize = 48;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum BerError {
    #[error("truncated ASN.1: a length says {claimed} bytes but only {available} remain")]
    Truncated { claimed: usize, available: usize },
    #[error("ASN.1 nesting deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("unsupported ASN.1 encoding: {0}")]
    Unsupported(&'static str),
    #[error("{0} trailing bytes after the outer ASN.1 element")]
    Trailing(usize),
    #[error("a constructed OCTET STRING holds something other than OCTET STRING segments")]
    BadSegment,
}

/// Re-encodes one BER element as DER (definite minimal lengths, constructed OCTET STRINGs
/// flattened); DER input comes back unchanged. SET OF is not re-sorted: the readers downstream
/// accept unsorted SETs.
pub fn to_der(input: &[u8]) -> Result<Vec<u8>, BerError> {
    let mut out = Vec::with_capacity(input.len());
    let used = element(input, 0, &mut out)?;
    if used != input.len() {
        return Err(BerError::Trailing(input.len() - used));
    }
    Ok(out)
}

/// Tag bytes (one, or several for high tag numbers) at the start of `input`.
fn tag_len(input: &[u8]) -> Result<usize, BerError> {
    let first = *input.first().ok_or(BerError::Truncated {
        claimed: 1,
        available: 0,
    })?;
    if first & 0x1f != 0x1f {
        return Ok(1);
    }
    let mut i = 1;
    loop {
        let b = *input.get(i).ok_or(BerError::Truncated {
            claimed: i + 1,
            available: input.len(),
        })?;
        i += 1;
        if b & 0x80 == 0 {
            return Ok(i);
        }
        if i > 5 {
            return Err(BerError::Unsupported("tag number too large"));
        }
    }
}

/// Reads the length after the tag; returns the length-field size and the length
/// (None = indefinite). A definite length must fit in the bytes present.
fn read_length(input: &[u8]) -> Result<(usize, Option<usize>), BerError> {
    let first = *input.first().ok_or(BerError::Truncated {
        claimed: 1,
        available: 0,
    })?;
    let (field, len) = if first < 0x80 {
        (1, usize::from(first))
    } else if first == 0x80 {
        return Ok((1, None));
    } else {
        let n = usize::from(first & 0x7f);
        if n > 4 {
            return Err(BerError::Unsupported("length field longer than 4 bytes"));
        }
        let bytes = input.get(1..=n).ok_or(BerError::Truncated {
            claimed: 1 + n,
            available: input.len(),
        })?;
        (
            1 + n,
            bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b)),
        )
    };
    let available = input.len() - field;
    if len > available {
        return Err(BerError::Truncated {
            claimed: len,
            available,
        });
    }
    Ok((field, Some(len)))
}

/// Normalises one element at `input[0]`, appends its DER to `out`, returns the bytes consumed.
fn element(input: &[u8], depth: usize, out: &mut Vec<u8>) -> Result<usize, BerError> {
    if depth > MAX_DEPTH {
        return Err(BerError::TooDeep);
    }
    let tl = tag_len(input)?;
    let tag = &input[..tl];
    let (field, len) = read_length(&input[tl..])?;
    let header = tl + field;
    let constructed = input[0] & 0x20 != 0;

    if !constructed {
        let len = len.ok_or(BerError::Unsupported("indefinite length on a primitive"))?;
        write_tlv(out, tag, &input[header..header + len]);
        return Ok(header + len);
    }

    let mut content = Vec::new();
    let consumed = match len {
        Some(len) => {
            let body = &input[header..header + len];
            let mut pos = 0;
            while pos < body.len() {
                pos += element(&body[pos..], depth + 1, &mut content)?;
            }
            header + len
        }
        None => {
            let mut pos = header;
            loop {
                if input.len() < pos + 2 {
                    return Err(BerError::Truncated {
                        claimed: pos + 2,
                        available: input.len(),
                    });
                }
                if input[pos] == 0 && input[pos + 1] == 0 {
                    break pos + 2;
                }
                pos += element(&input[pos..], depth + 1, &mut content)?;
            }
        }
    };

    // Universal OCTET STRING in constructed form (0x24) is BER-only: flatten it into 0x04.
    if tag == [0x24] {
        let mut joined = Vec::with_capacity(content.len());
        let mut pos = 0;
        while pos < content.len() {
            let segment = &content[pos..];
            if segment[0] != 0x04 {
                return Err(BerError::BadSegment);
            }
            let (field, len) = read_length(&segment[1..])?;
            let len = len.ok_or(BerError::BadSegment)?;
            joined.extend_from_slice(&segment[1 + field..1 + field + len]);
            pos += 1 + field + len;
        }
        write_tlv(out, &[0x04], &joined);
    } else {
        write_tlv(out, tag, &content);
    }
    Ok(consumed)
}

/// Appends tag, minimal definite length and value.
pub fn write_tlv(out: &mut Vec<u8>, tag: &[u8], value: &[u8]) {
    out.extend_from_slice(tag);
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
        let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xaa];
        assert_eq!(to_der(&der).unwrap(), der);
    }

    #[test]
    fn indefinite_lengths_and_constructed_octet_strings_are_normalised() {
        // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        assert_eq!(
            to_der(&ber).unwrap(),
            [0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c']
        );
    }

    #[test]
    fn non_minimal_length_is_rewritten() {
        assert_eq!(
            to_der(&[0x04, 0x81, 0x01, 0xFF]).unwrap(),
            [0x04, 0x01, 0xFF]
        );
    }

    #[test]
    fn high_tag_numbers_pass_through() {
        // [APPLICATION 31] primitive, two tag bytes.
        let der = [0x5f, 0x1f, 0x01, 0x00];
        assert_eq!(to_der(&der).unwrap(), der);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(to_der(&[0x30, 0x80, 0x04]).is_err());
        assert!(to_der(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_err());
        assert!(to_der(&[]).is_err());
    }

    #[test]
    fn lying_length_is_truncated() {
        let lying = [0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00];
        assert!(matches!(to_der(&lying), Err(BerError::Truncated { .. })));
    }

    #[test]
    fn unterminated_indefinite_length_is_truncated() {
        let ber = [0x30, 0x80, 0x02, 0x01, 0x00];
        assert!(matches!(to_der(&ber), Err(BerError::Truncated { .. })));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let ber: Vec<u8> = std::iter::repeat_n([0x30, 0x80], 10_000)
            .flatten()
            .collect();
        assert_eq!(to_der(&ber), Err(BerError::TooDeep));
    }

    #[test]
    fn trailing_bytes_are_named() {
        assert_eq!(to_der(&[0x05, 0x00, 0xff]), Err(BerError::Trailing(1)));
    }
}
