//! What APs advertised, from a capture: Beacons and Probe Responses (Interworking, Hotspot 2.0
//! Indication, Roaming Consortium element) and the GAS exchanges carrying ANQP (Public Action
//! frames 10–13, IEEE 802.11-2020 9.6.7.12–15), with comeback fragments reassembled. A GAS
//! Initial Request that never gets an Initial Response marks the AP as not answering.

use super::{anqp, Advertisement, Anqp};
use crate::pcap::Packet;
use crate::{dot11, radiotap, u16le, Mac};
use std::collections::BTreeMap;

const GAS_INITIAL_REQUEST: u8 = 10;
const GAS_INITIAL_RESPONSE: u8 = 11;
const GAS_COMEBACK_RESPONSE: u8 = 13;
const ADVERTISEMENT_PROTOCOL: u8 = 108;

/// Collects advertisements packet by packet.
#[derive(Debug, Default)]
pub struct Collector {
    aps: BTreeMap<Mac, Seen>,
    /// (AP, station, dialog token) → the response bytes so far
    queries: BTreeMap<(Mac, Mac, u8), Query>,
}

#[derive(Debug, Default)]
struct Seen {
    ssid: Option<String>,
    interworking: bool,
    hs20_indication: bool,
    beacon_ois: Vec<Vec<u8>>,
    anqp: Option<Anqp>,
}

#[derive(Debug, Default)]
struct Query {
    answered: bool,
    response: Vec<u8>,
}

impl Collector {
    pub fn packet(&mut self, p: &Packet) {
        let d = p.data;
        let frame = match p.linktype {
            127 => match radiotap::parse(d) {
                Some(rt) => {
                    let f = &d[rt.len..];
                    if rt.fcs && f.len() >= 4 {
                        &f[..f.len() - 4]
                    } else {
                        f
                    }
                }
                None => return,
            },
            105 if radiotap::has_fcs(d) => &d[..d.len() - 4],
            105 => d,
            _ => return,
        };
        self.frame(frame);
    }

    /// One 802.11 frame (no FCS).
    pub fn frame(&mut self, f: &[u8]) {
        match dot11::parse(f) {
            Some(dot11::Frame::Beacon { bssid, ies })
            | Some(dot11::Frame::ProbeResponse { bssid, ies, .. }) => {
                let s = self.aps.entry(bssid).or_default();
                if ies.ssid.is_some() {
                    s.ssid = ies.ssid;
                }
                s.interworking = ies.interworking;
                s.hs20_indication = ies.hs20_indication;
                s.beacon_ois = ies.roaming_consortium;
            }
            _ => self.action(f),
        }
    }

    fn action(&mut self, f: &[u8]) {
        // management (type 0), subtype 13 (Action); category 4 Public or 9 Protected Dual
        if f.len() < 27 || (f[0] >> 2) & 3 != 0 || f[0] >> 4 != 13 || !matches!(f[24], 4 | 9) {
            return;
        }
        let (Some(a1), Some(a2)) = (Mac::from_slice(&f[4..10]), Mac::from_slice(&f[10..16])) else {
            return;
        };
        let body = &f[24..];
        let (action, token) = (body[1], body[2]);
        match action {
            GAS_INITIAL_REQUEST => {
                // a station asks AP a1
                self.queries.entry((a1, a2, token)).or_default();
            }
            GAS_INITIAL_RESPONSE | GAS_COMEBACK_RESPONSE => {
                let q = self.queries.entry((a2, a1, token)).or_default();
                q.answered = true;
                let Some(status) = u16le(body, 3) else {
                    return;
                };
                // the comeback response has the fragment id before the comeback delay
                let at = if action == GAS_COMEBACK_RESPONSE {
                    8
                } else {
                    7
                };
                if status != 0 || body.get(at - 2).is_none() {
                    return;
                }
                if body.get(at) != Some(&ADVERTISEMENT_PROTOCOL) {
                    return;
                }
                let Some(&adv_len) = body.get(at + 1) else {
                    return;
                };
                let p = at + 2 + adv_len as usize;
                let Some(len) = u16le(body, p) else {
                    return;
                };
                if let Some(resp) = body.get(p + 2..p + 2 + len as usize) {
                    q.response.extend_from_slice(resp);
                }
            }
            _ => {}
        }
    }

    /// Every AP that sent a beacon or probe response, or was asked over GAS.
    pub fn finish(mut self) -> Vec<Advertisement> {
        let mut unanswered: BTreeMap<Mac, bool> = BTreeMap::new();
        for ((ap, _, _), q) in std::mem::take(&mut self.queries) {
            let seen = self.aps.entry(ap).or_default();
            if q.answered {
                let a = seen.anqp.get_or_insert_with(Anqp::default);
                anqp::parse_response(&q.response, a);
                unanswered.insert(ap, false);
            } else {
                unanswered.entry(ap).or_insert(true);
            }
        }
        self.aps
            .into_iter()
            .map(|(bssid, s)| Advertisement {
                bssid: Some(bssid.to_string()),
                ssid: s.ssid.unwrap_or_default(),
                interworking: s.interworking,
                hs20_indication: s.hs20_indication,
                beacon_ois: s.beacon_ois,
                anqp: s.anqp,
                anqp_unanswered: unanswered.get(&bssid).copied().unwrap_or(false),
            })
            .collect()
    }
}

/// Reads a whole capture (pcap or pcapng).
pub fn read<R: std::io::Read + Send>(
    input: R,
) -> Result<Vec<Advertisement>, crate::pcap::ReadError> {
    let mut c = Collector::default();
    crate::pcap::read(input, |p| c.packet(p), |_| {})?;
    Ok(c.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mgmt(subtype: u8, a1: [u8; 6], a2: [u8; 6], a3: [u8; 6], body: &[u8]) -> Vec<u8> {
        let mut f = vec![subtype << 4, 0, 0, 0];
        f.extend_from_slice(&a1);
        f.extend_from_slice(&a2);
        f.extend_from_slice(&a3);
        f.extend_from_slice(&[0, 0]);
        f.extend_from_slice(body);
        f
    }

    const AP: [u8; 6] = [2, 0, 0, 0, 0, 0];
    const STA: [u8; 6] = [2, 0, 0, 0, 1, 0];

    fn beacon() -> Vec<u8> {
        let mut body = vec![0u8; 12];
        body.extend_from_slice(&[0, 3, b'l', b'a', b'b']);
        body.extend_from_slice(&[127, 4, 0, 0, 0, 0x80]);
        body.extend_from_slice(&[107, 1, 0x02]);
        body.extend_from_slice(&[111, 7, 0, 0x05, 0x5a, 0x03, 0xba, 0, 0]);
        body.extend_from_slice(&[221, 5, 0x50, 0x6f, 0x9a, 0x10, 0x20]);
        mgmt(8, [0xff; 6], AP, AP, &body)
    }

    #[test]
    fn beacon_elements_and_answered_gas() {
        let mut c = Collector::default();
        c.frame(&beacon());
        c.frame(&mgmt(
            13,
            AP,
            STA,
            AP,
            &[4, GAS_INITIAL_REQUEST, 7, 108, 2, 0, 0, 0, 0],
        ));
        // initial response: status 0, comeback 0, adv proto ANQP, one Domain Name element
        let mut resp = Vec::new();
        resp.extend_from_slice(&anqp::DOMAIN_NAME.to_le_bytes());
        resp.extend_from_slice(&12u16.to_le_bytes());
        resp.push(11);
        resp.extend_from_slice(b"example.com");
        let mut body = vec![4, GAS_INITIAL_RESPONSE, 7, 0, 0, 0, 0, 108, 2, 0x7f, 0];
        body.extend_from_slice(&(resp.len() as u16).to_le_bytes());
        body.extend_from_slice(&resp);
        c.frame(&mgmt(13, STA, AP, AP, &body));
        let ads = c.finish();
        assert_eq!(ads.len(), 1);
        let a = &ads[0];
        assert!(a.interworking && a.hs20_indication && !a.anqp_unanswered);
        assert_eq!(a.ssid, "lab");
        assert_eq!(a.beacon_ois, vec![vec![0x5a, 0x03, 0xba, 0, 0]]);
        assert_eq!(
            a.anqp.as_ref().unwrap().domain_names,
            Some(vec!["example.com".to_string()])
        );
    }

    #[test]
    fn request_without_response_is_unanswered() {
        let mut c = Collector::default();
        c.frame(&beacon());
        c.frame(&mgmt(
            13,
            AP,
            STA,
            AP,
            &[4, GAS_INITIAL_REQUEST, 9, 108, 2, 0, 0, 0, 0],
        ));
        let a = &c.finish()[0];
        assert!(a.anqp_unanswered && a.anqp.is_none());
    }
}
