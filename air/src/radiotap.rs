//! Radiotap headers (https://www.radiotap.org): the header length, the FCS flag and the channel.

/// What the diagnosis needs from a radiotap header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Radiotap {
    /// Length of the whole radiotap header: the 802.11 frame starts here.
    pub len: usize,
    /// Flags field bit 0x10: the frame ends with a 4-byte FCS.
    pub fcs: bool,
    /// Channel field frequency in MHz.
    pub freq: Option<u16>,
}

/// (alignment, size) of the fields before Channel (bit 3) in the it_present order.
const FIELDS: [(usize, usize); 4] = [(8, 8), (1, 1), (1, 1), (2, 4)];

/// Parses a radiotap header; None when it is shorter than it claims.
pub fn parse(b: &[u8]) -> Option<Radiotap> {
    if b.len() < 8 || b[0] != 0 {
        return None;
    }
    let len = crate::u16le(b, 2)? as usize;
    if len < 8 || len > b.len() {
        return None;
    }
    let mut present = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
    let first = present;
    // extended presence bitmaps (bit 31) follow the first one
    let mut off = 8;
    while present & 0x8000_0000 != 0 {
        present = u32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?);
        off += 4;
        if off > len {
            return None;
        }
    }
    let mut r = Radiotap {
        len,
        ..Radiotap::default()
    };
    for (bit, (align, size)) in FIELDS.iter().enumerate() {
        if first & (1 << bit) == 0 {
            continue;
        }
        off = off.div_ceil(*align) * align;
        if off + size > len {
            return Some(r);
        }
        match bit {
            1 => r.fcs = b[off] & 0x10 != 0,
            3 => r.freq = crate::u16le(b, off).filter(|f| *f != 0),
            _ => {}
        }
        off += size;
    }
    Some(r)
}

/// IEEE 802.3 CRC-32, used to recognise a trailing FCS when the link type does not say.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= byte as u32;
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

/// True when the last four bytes are the CRC-32 of the rest.
pub fn has_fcs(frame: &[u8]) -> bool {
    frame.len() > 4 && {
        let (body, fcs) = frame.split_at(frame.len() - 4);
        crc32(body) == u32::from_le_bytes([fcs[0], fcs[1], fcs[2], fcs[3]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_channel() {
        // present: flags (1), rate (2), channel (3); flags=0x10 (FCS), rate, pad, 5975 MHz
        let h = [
            0, 0, 14, 0, 0x0e, 0, 0, 0, 0x10, 0x02, 0x57, 0x17, 0x00, 0x01,
        ];
        let r = parse(&h).unwrap();
        assert_eq!(r.len, 14);
        assert!(r.fcs);
        assert_eq!(r.freq, Some(5975));
    }

    #[test]
    fn truncated_headers_are_refused() {
        assert_eq!(parse(&[0, 0, 40, 0, 0, 0, 0, 0]), None);
        assert_eq!(parse(&[0, 0, 8]), None);
        assert_eq!(parse(&[0, 0, 12, 0, 0, 0, 0, 0x80, 0, 0, 0, 0x80]), None);
    }

    #[test]
    fn crc() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }
}
