//! IEEE 802.11 frames (IEEE 802.11-2020 clause 9): the MAC header, the management frames a join
//! passes through, data frames carrying EAPOL (LLC/SNAP EtherType 0x888E) and the elements
//! (9.4.2) the diagnosis reads: SSID, DS Parameter Set, RSNE (9.4.2.24), RSNXE (9.4.2.241), Mobility
//! Domain, HT/VHT/HE/EHT, Multi-Link, Extended Capabilities and the WFA RSN Override elements.

use crate::{u16le, Mac};
use serde::Serialize;

/// The RSN element (IEEE 802.11-2020 9.4.2.24): suites as 32-bit OUI:type values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rsne {
    pub group: Option<u32>,
    pub pairwise: Vec<u32>,
    pub akms: Vec<u32>,
    pub caps: Option<u16>,
    pub group_mgmt: Option<u32>,
}

impl Rsne {
    pub fn mfpr(&self) -> bool {
        self.caps.is_some_and(|c| c & 0x40 != 0)
    }
    pub fn mfpc(&self) -> bool {
        self.caps.is_some_and(|c| c & 0x80 != 0)
    }
    /// The group management cipher: BIP-CMAC-128 by default when PMF is on.
    pub fn group_mgmt_or_default(&self) -> Option<u32> {
        self.group_mgmt
            .or(if self.mfpc() { Some(0x000fac06) } else { None })
    }

    pub fn parse(body: &[u8]) -> Option<Rsne> {
        let mut r = Rsne::default();
        if body.len() < 2 {
            return None;
        }
        let mut i = 2;
        let suite = |i: usize| -> Option<u32> {
            body.get(i..i + 4)
                .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        };
        let Some(g) = suite(i) else { return Some(r) };
        r.group = Some(g);
        i += 4;
        let Some(n) = u16le(body, i) else {
            return Some(r);
        };
        i += 2;
        for _ in 0..n {
            r.pairwise.push(suite(i)?);
            i += 4;
        }
        let Some(n) = u16le(body, i) else {
            return Some(r);
        };
        i += 2;
        for _ in 0..n {
            r.akms.push(suite(i)?);
            i += 4;
        }
        r.caps = u16le(body, i);
        if r.caps.is_none() {
            return Some(r);
        }
        i += 2;
        let Some(n) = u16le(body, i) else {
            return Some(r);
        };
        i += 2 + 16 * n as usize;
        r.group_mgmt = suite(i);
        Some(r)
    }

    pub fn describe(&self) -> String {
        let pmf = if self.mfpr() {
            "required"
        } else if self.mfpc() {
            "capable"
        } else {
            "off"
        };
        let mut s = format!(
            "AKM {}; pairwise {}; group {}; PMF {pmf}",
            join(&self.akms, crate::names::akm),
            join(&self.pairwise, crate::names::cipher),
            self.group
                .map(crate::names::cipher)
                .unwrap_or_else(|| "?".into()),
        );
        if let Some(g) = self.group_mgmt {
            s += &format!("; group mgmt {}", crate::names::cipher(g));
        }
        s
    }
}

pub fn join(xs: &[u32], f: fn(u32) -> String) -> String {
    if xs.is_empty() {
        return "?".into();
    }
    xs.iter().map(|x| f(*x)).collect::<Vec<_>>().join(", ")
}

/// What a Beacon, Probe Response or (Re)Association Request says about security and the PHY.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Elements {
    pub ssid: Option<String>,
    pub channel: Option<u8>,
    pub rsne: Option<Rsne>,
    /// RSNXE: SAE hash-to-element (bit 5), SAE-PK (bit 6).
    pub h2e: bool,
    pub sae_pk: bool,
    pub rsnxe_present: bool,
    /// WFA RSN Override elements (RSNE override, override 2, RSNXE override).
    pub rsn_override: Vec<Rsne>,
    pub mobility_domain: bool,
    pub ht: bool,
    pub vht: bool,
    pub he: bool,
    pub eht: bool,
    pub multi_link: bool,
    pub beacon_protection: bool,
    /// BSS membership selector 123 (SAE hash-to-element only) in the rates.
    pub h2e_only: bool,
    /// Interworking element (107) or the Extended Capabilities Interworking bit (31).
    pub interworking: bool,
    /// Hotspot 2.0 Indication element (vendor 50:6F:9A type 0x10).
    pub hs20_indication: bool,
    /// OIs of the Roaming Consortium element (111), at most three.
    pub roaming_consortium: Vec<Vec<u8>>,
}

pub fn elements(mut b: &[u8]) -> Elements {
    let mut e = Elements::default();
    while b.len() >= 2 {
        let (id, len) = (b[0], b[1] as usize);
        let Some(body) = b.get(2..2 + len) else {
            break;
        };
        match id {
            0 => e.ssid = Some(String::from_utf8_lossy(body).into_owned()),
            1 | 50 if body.contains(&(0x80 | 123)) => e.h2e_only = true,
            3 => e.channel = body.first().copied(),
            45 => e.ht = true,
            48 => e.rsne = Rsne::parse(body),
            54 => e.mobility_domain = true,
            127 => {
                e.beacon_protection = body.get(10).is_some_and(|x| x & 0x10 != 0);
                e.interworking |= body.get(3).is_some_and(|x| x & 0x80 != 0);
            }
            107 => e.interworking = true,
            111 => e.roaming_consortium = roaming_consortium_element(body),
            191 => e.vht = true,
            221 if body.len() >= 4 && body[..3] == [0x50, 0x6f, 0x9a] => match body[3] {
                0x29 | 0x2a => {
                    // the override carries an RSNE body without the version field
                    let mut v = vec![1, 0];
                    v.extend_from_slice(&body[4..]);
                    if let Some(r) = Rsne::parse(&v) {
                        e.rsn_override.push(r);
                    }
                }
                0x2b => e.rsnxe_present = true,
                0x10 => e.hs20_indication = true,
                _ => {}
            },
            244 => {
                e.rsnxe_present = true;
                if let Some(x) = body.first() {
                    e.h2e = x & 0x20 != 0;
                    e.sae_pk = x & 0x40 != 0;
                }
            }
            255 => match body.first() {
                Some(35) => e.he = true,
                Some(108) => e.eht = true,
                Some(107) => e.multi_link = true,
                _ => {}
            },
            _ => {}
        }
        b = &b[2 + len..];
    }
    e
}

/// Roaming Consortium element body: number of ANQP OIs, OI #1 and #2 lengths (one nibble each),
/// the OIs; whatever follows OI #2 is OI #3 (IEEE 802.11-2020 9.4.2.95).
fn roaming_consortium_element(body: &[u8]) -> Vec<Vec<u8>> {
    let Some(&lens) = body.get(1) else {
        return Vec::new();
    };
    let (l1, l2) = ((lens & 0x0f) as usize, (lens >> 4) as usize);
    let mut out = Vec::new();
    let rest = body.get(2..).unwrap_or_default();
    if let Some(o) = rest.get(..l1).filter(|o| !o.is_empty()) {
        out.push(o.to_vec());
    }
    if let Some(o) = rest.get(l1..l1 + l2).filter(|o| !o.is_empty()) {
        out.push(o.to_vec());
    }
    if let Some(o) = rest.get(l1 + l2..).filter(|o| !o.is_empty()) {
        out.push(o.to_vec());
    }
    out
}

/// One 802.11 frame, as far as the diagnosis cares.
#[derive(Debug, Clone)]
pub enum Frame<'a> {
    Beacon {
        bssid: Mac,
        ies: Elements,
    },
    ProbeResponse {
        bssid: Mac,
        sta: Mac,
        ies: Elements,
    },
    ProbeRequest {
        sta: Mac,
        ssid: Option<String>,
    },
    Auth {
        from: Mac,
        to: Mac,
        bssid: Mac,
        algorithm: u16,
        seq: u16,
        status: u16,
        /// SAE finite cyclic group (commit messages).
        group: Option<u16>,
        retry: bool,
    },
    AssocRequest {
        sta: Mac,
        bssid: Mac,
        reassoc: bool,
        ies: Elements,
    },
    AssocResponse {
        sta: Mac,
        bssid: Mac,
        status: u16,
    },
    Deauth {
        from: Mac,
        to: Mac,
        bssid: Mac,
        reason: u16,
        disassoc: bool,
        protected: bool,
    },
    /// EAPOL in a data frame; `from_ap` says the direction.
    Eapol {
        sta: Mac,
        bssid: Mac,
        from_ap: bool,
        body: &'a [u8],
    },
    Other,
}

/// Parses one 802.11 frame (no FCS). None when it is too short to be one.
pub fn parse(f: &[u8]) -> Option<Frame<'_>> {
    let fc0 = *f.first()?;
    let fc1 = *f.get(1)?;
    let ftype = (fc0 >> 2) & 3;
    let subtype = fc0 >> 4;
    let protected = fc1 & 0x40 != 0;
    let retry = fc1 & 0x08 != 0;
    let a1 = Mac::from_slice(f.get(4..10)?)?;
    if ftype == 1 {
        return Some(Frame::Other);
    }
    let a2 = Mac::from_slice(f.get(10..16)?)?;
    let a3 = Mac::from_slice(f.get(16..22)?)?;
    let mut hdr = 24;
    if f.len() < hdr {
        return None;
    }
    match ftype {
        0 => {
            if fc1 & 0x80 != 0 {
                hdr += 4;
            }
            let body = f.get(hdr..)?;
            Some(match subtype {
                8 => Frame::Beacon {
                    bssid: a3,
                    ies: elements(body.get(12..).unwrap_or_default()),
                },
                5 => Frame::ProbeResponse {
                    bssid: a3,
                    sta: a1,
                    ies: elements(body.get(12..).unwrap_or_default()),
                },
                4 => Frame::ProbeRequest {
                    sta: a2,
                    ssid: elements(body).ssid,
                },
                11 if !protected => {
                    let algorithm = u16le(body, 0)?;
                    let seq = u16le(body, 2)?;
                    let status = u16le(body, 4)?;
                    let group = if algorithm == 3 && seq == 1 && matches!(status, 0 | 126 | 127) {
                        u16le(body, 6)
                    } else {
                        None
                    };
                    Frame::Auth {
                        from: a2,
                        to: a1,
                        bssid: a3,
                        algorithm,
                        seq,
                        status,
                        group,
                        retry,
                    }
                }
                0 | 2 => Frame::AssocRequest {
                    sta: a2,
                    bssid: a3,
                    reassoc: subtype == 2,
                    ies: elements(
                        body.get(if subtype == 2 { 10 } else { 4 }..)
                            .unwrap_or_default(),
                    ),
                },
                1 | 3 => Frame::AssocResponse {
                    sta: a1,
                    bssid: a3,
                    status: u16le(body, 2)?,
                },
                10 | 12 => Frame::Deauth {
                    from: a2,
                    to: a1,
                    bssid: a3,
                    // a protected deauth's reason is encrypted
                    reason: if protected { 0 } else { u16le(body, 0)? },
                    disassoc: subtype == 10,
                    protected,
                },
                _ => Frame::Other,
            })
        }
        2 => {
            let to_ds = fc1 & 1 != 0;
            let from_ds = fc1 & 2 != 0;
            if to_ds && from_ds {
                hdr += 6;
            }
            let qos = subtype & 0x08 != 0;
            if qos {
                hdr += 2;
                if fc1 & 0x80 != 0 {
                    hdr += 4;
                }
            }
            if subtype & 0x04 != 0 || protected {
                return Some(Frame::Other);
            }
            let body = f.get(hdr..)?;
            if body.len() < 8
                || body[..6] != [0xaa, 0xaa, 0x03, 0, 0, 0]
                || body[6..8] != [0x88, 0x8e]
            {
                return Some(Frame::Other);
            }
            let (sta, bssid, from_ap) = match (to_ds, from_ds) {
                (true, false) => (a2, a1, false),
                (false, true) => (a1, a2, true),
                // IBSS / mesh: no AP; not a join
                _ => return Some(Frame::Other),
            };
            let _ = a3;
            Some(Frame::Eapol {
                sta,
                bssid,
                from_ap,
                body: &body[8..],
            })
        }
        _ => Some(Frame::Other),
    }
}
