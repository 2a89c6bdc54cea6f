//! hs20-air: diagnoses a Wi-Fi (or wired IEEE 802.1X) negotiation from a capture.
//!
//! Sans-IO layers, each a pure function over bytes: [`pcap`] (pcap and pcapng through the
//! `pcap-parser` crate, streamed with a bounded buffer), [`radiotap`], [`dot11`] (802.11 management
//! and data frames, information elements), [`eapol`] (EAPOL, EAP, EAPOL-Key), [`tls`] (the EAP-TLS
//! handshake in the clear, records parsed by `tls-parser`), [`keylog`] (TLS 1.3 records decrypted with
//! an NSS key log), [`radius`] (RADIUS over UDP). Frames
//! feed the per-station attempt model in [`model`]; [`diagnose`] turns each station's attempts into
//! one diagnosis with a rule id from the hs20-core catalogue.

pub mod diagnose;
pub mod dot11;
pub mod eapol;
pub mod html;
pub mod keylog;
pub mod logs;
pub mod model;
pub mod names;
pub mod passpoint;
pub mod pcap;
pub mod radiotap;
pub mod radius;
pub mod tls;

pub use diagnose::{diagnose, Options, Report, StationDiagnosis};
pub use model::Capture;

/// A MAC address.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Mac(pub [u8; 6]);

impl Mac {
    pub fn from_slice(b: &[u8]) -> Option<Mac> {
        b.get(..6).map(|s| {
            let mut m = [0u8; 6];
            m.copy_from_slice(s);
            Mac(m)
        })
    }
    pub fn is_group(&self) -> bool {
        self.0[0] & 1 == 1
    }
    pub fn parse(s: &str) -> Option<Mac> {
        let parts: Vec<&str> = s.split([':', '-']).collect();
        if parts.len() != 6 {
            return None;
        }
        let mut m = [0u8; 6];
        for (i, p) in parts.iter().enumerate() {
            m[i] = u8::from_str_radix(p, 16).ok()?;
        }
        Some(Mac(m))
    }
}

impl std::fmt::Display for Mac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            b[0], b[1], b[2], b[3], b[4], b[5]
        )
    }
}

impl std::fmt::Debug for Mac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Mac {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub(crate) fn u16le(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

pub(crate) fn u16be(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}
