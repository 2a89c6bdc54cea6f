//! The per-station attempt model: every frame of a capture lands in the BSS it advertises or in
//! the current attempt of the station it belongs to. Frames outside any attempt (a daemon's
//! start-up flush, broadcast deauthentications) are kept apart and never decide an outcome.

use crate::dot11::{self, Elements, Frame};
use crate::eapol::{self, Eapol};
use crate::pcap::Packet;
use crate::tls::Handshake;
use crate::{names, radiotap, radius, Mac};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Events kept per attempt for the ladder; later ones are counted only.
const MAX_EVENTS: usize = 400;
/// Attempts kept per station (the first and the latest ones matter).
const MAX_ATTEMPTS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dir {
    /// station → AP (or authenticator)
    StaToAp,
    ApToSta,
    /// AP (NAS) → authentication server
    ApToAs,
    AsToAp,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub frame: u64,
    pub time: f64,
    pub dir: Dir,
    pub what: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Bss {
    pub bssid: Mac,
    pub first_frame: u64,
    pub freq: Option<u16>,
    pub ies: Elements,
    /// Group-addressed deauthentications / disassociations (start-up flushes, teardowns).
    pub broadcast_deauths: Vec<(u64, u16)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthMsg {
    pub frame: u64,
    pub algorithm: u16,
    pub seq: u16,
    pub status: u16,
    pub group: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyMsg {
    pub frame: u64,
    pub from_sta: bool,
    /// 1–4 pairwise, 5/6 group key 1/2 and 2/2.
    pub msg: u8,
    pub replay: u64,
    pub version: u16,
    pub mic_len: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeauthMsg {
    pub frame: u64,
    pub from_sta: bool,
    pub reason: u16,
    pub disassoc: bool,
    pub protected: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Attempt {
    pub bssid: Mac,
    pub wired: bool,
    pub start_frame: u64,
    pub events: Vec<Event>,
    pub events_dropped: u64,
    pub auth_sta: Vec<AuthMsg>,
    pub auth_ap: Vec<AuthMsg>,
    pub assoc_req: Option<(u64, Elements)>,
    pub assoc_resp: Option<(u64, u16)>,
    pub eapol_start: Option<u64>,
    pub identity: Option<(u64, String)>,
    /// EAP methods the server proposed (frame, type).
    pub methods_offered: Vec<(u64, u8)>,
    /// Methods the station asked for in a Nak.
    pub nak: Option<(u64, Vec<u8>)>,
    pub eap_requests: u32,
    pub eap_responses: u32,
    pub last_eap: Option<(u64, bool)>,
    pub eap_success: Option<u64>,
    pub eap_failure: Option<u64>,
    pub tls: Handshake,
    pub keys: Vec<KeyMsg>,
    pub deauths: Vec<DeauthMsg>,
    pub radius_requests: u32,
    pub radius_answers: u32,
    pub radius_last_request: Option<u64>,
    pub radius_reject: Option<u64>,
    pub radius_accept: Option<u64>,
    /// Frame of 4-way message 4 (or, wired, EAP-Success): the attempt connected here.
    pub completed: Option<u64>,
    #[serde(skip)]
    last_eap_fed: Option<(bool, u8)>,
}

impl Attempt {
    fn push(&mut self, frame: u64, time: f64, dir: Dir, what: String) {
        if self.events.len() < MAX_EVENTS {
            self.events.push(Event {
                frame,
                time,
                dir,
                what,
            });
        } else {
            self.events_dropped += 1;
        }
    }
    /// Anything beyond authentication frames happened.
    fn progressed(&self) -> bool {
        self.assoc_req.is_some()
            || self.eap_requests + self.eap_responses > 0
            || !self.keys.is_empty()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Station {
    pub mac: Mac,
    pub attempts: Vec<Attempt>,
    pub attempts_dropped: u64,
    /// Probe requests seen (frame of the first, count) and the SSIDs asked for by name.
    pub probes: u32,
    pub first_probe: Option<u64>,
    pub probed_ssids: Vec<String>,
    /// BSSs that answered the station's probes with a Probe Response.
    pub answered_by: Vec<Mac>,
}

impl Station {
    pub fn current(&mut self, bssid: Mac, wired: bool, frame: u64) -> &mut Attempt {
        if let Some(a) = self.attempts.last_mut() {
            // wired: the authenticator first known by the PAE group address, then by its own
            if a.wired && wired && a.bssid != bssid && (a.bssid.is_group() || bssid.is_group()) {
                if a.bssid.is_group() {
                    a.bssid = bssid;
                }
                return self.attempts.last_mut().expect("an attempt");
            }
        }
        if self.attempts.last().is_none_or(|a| a.bssid != bssid) {
            self.new_attempt(bssid, wired, frame);
        }
        self.attempts.last_mut().expect("an attempt")
    }
    fn new_attempt(&mut self, bssid: Mac, wired: bool, frame: u64) -> &mut Attempt {
        if self.attempts.len() >= MAX_ATTEMPTS {
            // keep the first attempt and the latest ones
            self.attempts.remove(1);
            self.attempts_dropped += 1;
        }
        self.attempts.push(Attempt {
            bssid,
            wired,
            start_frame: frame,
            ..Attempt::default()
        });
        self.attempts.last_mut().expect("an attempt")
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Capture {
    pub file: String,
    pub bss: BTreeMap<Mac, Bss>,
    pub stations: BTreeMap<Mac, Station>,
    /// Link types seen that this tool does not read, with counts.
    pub unsupported_links: BTreeMap<i32, u64>,
    pub malformed: u64,
    pub cut_frames: u64,
    pub first_time: Option<f64>,
    /// Wired: authenticator → the supplicant it last talked to (EAP requests go to a group address).
    #[serde(skip)]
    wired_peer: HashMap<Mac, Mac>,
    /// Wired: supplicant → its authenticator's own address.
    #[serde(skip)]
    wired_auth: HashMap<Mac, Mac>,
    /// RADIUS: identifier → (station, NAS address key).
    #[serde(skip)]
    radius_pending: HashMap<(u8, [u8; 4]), Mac>,
}

struct Ctx {
    frame: u64,
    time: f64,
}

impl Capture {
    pub fn new(file: &str) -> Self {
        Capture {
            file: file.into(),
            ..Capture::default()
        }
    }

    pub fn packet(&mut self, p: &Packet) {
        if p.cut {
            self.cut_frames += 1;
        }
        self.first_time.get_or_insert(p.time);
        let ctx = Ctx {
            frame: p.number,
            time: p.time,
        };
        let d = p.data;
        match p.linktype {
            127 => match radiotap::parse(d) {
                Some(rt) => {
                    let mut f = &d[rt.len..];
                    if rt.fcs && f.len() >= 4 {
                        f = &f[..f.len() - 4];
                    }
                    self.dot11(&ctx, f, rt.freq);
                }
                None => self.malformed += 1,
            },
            105 => {
                let f = if radiotap::has_fcs(d) {
                    &d[..d.len() - 4]
                } else {
                    d
                };
                self.dot11(&ctx, f, None);
            }
            1 => self.ethernet(&ctx, d),
            113 if d.len() >= 16 => self.ethertype(
                &ctx,
                crate::u16be(d, 14).unwrap_or(0),
                d.get(6..12),
                &d[16..],
            ),
            276 if d.len() >= 20 => self.ethertype(
                &ctx,
                crate::u16be(d, 0).unwrap_or(0),
                d.get(12..18),
                &d[20..],
            ),
            0 | 108 if d.len() >= 4 => self.ip(&ctx, &d[4..]),
            101 | 228 => self.ip(&ctx, d),
            other => *self.unsupported_links.entry(other).or_default() += 1,
        }
    }

    fn ethernet(&mut self, ctx: &Ctx, d: &[u8]) {
        let Some(mut et) = crate::u16be(d, 12) else {
            self.malformed += 1;
            return;
        };
        let mut off = 14;
        while et == 0x8100 || et == 0x88a8 {
            let Some(x) = crate::u16be(d, off + 2) else {
                return;
            };
            et = x;
            off += 4;
        }
        let (dst, src) = (Mac::from_slice(&d[0..6]), Mac::from_slice(&d[6..12]));
        match (et, dst, src) {
            (0x888e, Some(dst), Some(src)) => self.wired_eapol(ctx, dst, src, &d[off..]),
            (0x0800, _, _) => self.ip(ctx, &d[off..]),
            _ => {}
        }
    }

    fn ethertype(&mut self, ctx: &Ctx, et: u16, src: Option<&[u8]>, rest: &[u8]) {
        match et {
            0x0800 => self.ip(ctx, rest),
            0x888e => {
                // cooked captures keep only the source address
                if let Some(src) = src.and_then(Mac::from_slice) {
                    self.wired_eapol(ctx, Mac([0x01, 0x80, 0xc2, 0, 0, 3]), src, rest)
                }
            }
            _ => {}
        }
    }

    fn ip(&mut self, ctx: &Ctx, d: &[u8]) {
        if d.len() < 20 || d[0] >> 4 != 4 || d[9] != 17 {
            return;
        }
        let ihl = (d[0] & 0x0f) as usize * 4;
        let Some(udp) = d.get(ihl..) else { return };
        let (Some(sport), Some(dport)) = (crate::u16be(udp, 0), crate::u16be(udp, 2)) else {
            return;
        };
        let (src, dst) = ([d[12], d[13], d[14], d[15]], [d[16], d[17], d[18], d[19]]);
        let Some(payload) = udp.get(8..) else { return };
        if matches!(dport, 1812 | 1645) {
            self.radius(ctx, true, src, payload);
        } else if matches!(sport, 1812 | 1645) {
            self.radius(ctx, false, dst, payload);
        }
    }

    fn radius(&mut self, ctx: &Ctx, request: bool, nas: [u8; 4], d: &[u8]) {
        let Some(p) = radius::parse(d) else {
            self.malformed += 1;
            return;
        };
        let server = Mac([0, 0, nas[0], nas[1], nas[2], nas[3]]);
        let sta = if request {
            let Some(sta) = p.calling_station.as_deref().and_then(radius::station_mac) else {
                return;
            };
            self.radius_pending.insert((p.id, nas), sta);
            sta
        } else {
            match self.radius_pending.get(&(p.id, nas)) {
                Some(s) => *s,
                None => return,
            }
        };
        let what = format!("{} id={}", radius::code_name(p.code), p.id);
        let eap = eapol::parse_eap(&p.eap);
        let st = self.stations.entry(sta).or_insert_with(|| Station {
            mac: sta,
            ..Station::default()
        });
        let a = st.current(server, true, ctx.frame);
        if request {
            a.radius_requests += 1;
            a.radius_last_request = Some(ctx.frame);
            a.push(ctx.frame, ctx.time, Dir::ApToAs, what);
        } else {
            a.radius_answers += 1;
            match p.code {
                2 => {
                    a.radius_accept = Some(ctx.frame);
                    // seen at the server, Access-Accept is the end of a successful attempt
                    a.completed.get_or_insert(ctx.frame);
                }
                3 => a.radius_reject = Some(ctx.frame),
                _ => {}
            }
            a.push(ctx.frame, ctx.time, Dir::AsToAp, what);
        }
        if let Some(e) = eap {
            self.eap(ctx, sta, server, true, request, &e, false);
        }
    }

    fn wired_eapol(&mut self, ctx: &Ctx, dst: Mac, src: Mac, d: &[u8]) {
        let Some(e) = eapol::parse(d) else {
            self.malformed += 1;
            return;
        };
        let from_sta = match &e {
            Eapol::Start | Eapol::Logoff => true,
            Eapol::Eap(x) => x.code == 2,
            Eapol::Key(k) => !k.ack(),
            Eapol::Other(_) => return,
        };
        // both ends often address the PAE group address (01-80-C2-00-00-03): pair them up
        let (sta, auth) = if from_sta {
            let auth = if dst.is_group() {
                self.wired_auth.get(&src).copied().unwrap_or(dst)
            } else {
                dst
            };
            (src, auth)
        } else {
            let sta = if dst.is_group() {
                match self
                    .wired_peer
                    .get(&src)
                    .or_else(|| self.wired_peer.get(&dst))
                {
                    Some(s) => *s,
                    // an authenticator's request before any supplicant spoke: not part of an attempt
                    None => return,
                }
            } else {
                dst
            };
            (sta, src)
        };
        self.wired_peer.insert(auth, sta);
        if dst.is_group() {
            self.wired_peer.insert(dst, sta);
        }
        if !auth.is_group() {
            self.wired_auth.insert(sta, auth);
        }
        self.eapol(ctx, sta, auth, from_sta, e, true);
    }

    fn dot11(&mut self, ctx: &Ctx, f: &[u8], freq: Option<u16>) {
        let Some(frame) = dot11::parse(f) else {
            self.malformed += 1;
            return;
        };
        match frame {
            Frame::Beacon { bssid, ies } => self.advertisement(ctx, bssid, ies, freq),
            Frame::ProbeResponse { bssid, sta, ies } => {
                if !sta.is_group() {
                    let s = self.station(sta);
                    if !s.answered_by.contains(&bssid) && s.answered_by.len() < 16 {
                        s.answered_by.push(bssid);
                    }
                }
                self.advertisement(ctx, bssid, ies, freq)
            }
            Frame::ProbeRequest { sta, ssid } => {
                if !sta.is_group() {
                    let s = self.station(sta);
                    s.probes += 1;
                    s.first_probe.get_or_insert(ctx.frame);
                    if let Some(ssid) = ssid.filter(|x| !x.is_empty()) {
                        if !s.probed_ssids.contains(&ssid) && s.probed_ssids.len() < 16 {
                            s.probed_ssids.push(ssid);
                        }
                    }
                }
            }
            Frame::Auth {
                from,
                to,
                bssid,
                algorithm,
                seq,
                status,
                group,
                retry,
            } => {
                let from_sta = from != bssid;
                let sta = if from_sta { from } else { to };
                let msg = AuthMsg {
                    frame: ctx.frame,
                    algorithm,
                    seq,
                    status,
                    group,
                };
                let st = self.station(sta);
                let a = st.current(bssid, false, ctx.frame);
                if from_sta && (a.progressed() || a.completed.is_some()) && !retry {
                    st.new_attempt(bssid, false, ctx.frame);
                }
                let a = st.attempts.last_mut().expect("an attempt");
                let what = auth_text(&msg);
                if from_sta {
                    a.auth_sta.push(msg);
                    a.push(ctx.frame, ctx.time, Dir::StaToAp, what);
                } else {
                    a.auth_ap.push(msg);
                    a.push(ctx.frame, ctx.time, Dir::ApToSta, what);
                }
            }
            Frame::AssocRequest {
                sta,
                bssid,
                reassoc,
                ies,
            } => {
                let st = self.station(sta);
                let a = st.current(bssid, false, ctx.frame);
                if a.assoc_req.is_some() && a.assoc_resp.is_some() {
                    st.new_attempt(bssid, false, ctx.frame);
                }
                let a = st.attempts.last_mut().expect("an attempt");
                let what = format!(
                    "{}Association Request{}",
                    if reassoc { "Re" } else { "" },
                    ies.rsne
                        .as_ref()
                        .map(|r| format!(" (RSNE: {})", r.describe()))
                        .unwrap_or_default()
                );
                a.assoc_req = Some((ctx.frame, ies));
                a.push(ctx.frame, ctx.time, Dir::StaToAp, what);
            }
            Frame::AssocResponse { sta, bssid, status } => {
                let a = self.station(sta).current(bssid, false, ctx.frame);
                if a.assoc_resp.is_none_or(|(_, s)| s != 0) {
                    a.assoc_resp = Some((ctx.frame, status));
                }
                // fast BSS transition: FT authentication (algorithm 2) derived the PTK and the
                // Reassociation Response carries the GTK: no 4-way handshake follows
                if status == 0
                    && a.completed.is_none()
                    && a.auth_sta.iter().any(|m| m.algorithm == 2)
                {
                    a.completed = Some(ctx.frame);
                }
                a.push(
                    ctx.frame,
                    ctx.time,
                    Dir::ApToSta,
                    format!(
                        "Association Response status {status} ({})",
                        names::status(status)
                    ),
                );
            }
            Frame::Deauth {
                from,
                to,
                bssid,
                reason,
                disassoc,
                protected,
            } => {
                if to.is_group() {
                    if let Some(b) = self.bss.get_mut(&bssid) {
                        b.broadcast_deauths.push((ctx.frame, reason));
                        b.broadcast_deauths.truncate(32);
                    }
                    return;
                }
                let from_sta = from != bssid;
                let sta = if from_sta { from } else { to };
                // a deauthentication before any attempt (start-up flush) is not part of one
                let Some(st) = self.stations.get_mut(&sta) else {
                    return;
                };
                let Some(a) = st.attempts.last_mut().filter(|a| a.bssid == bssid) else {
                    return;
                };
                let kind = if disassoc {
                    "Disassociation"
                } else {
                    "Deauthentication"
                };
                let what = if protected {
                    format!("{kind} (protected: reason encrypted)")
                } else {
                    format!("{kind} reason {reason} ({})", names::reason(reason))
                };
                a.deauths.push(DeauthMsg {
                    frame: ctx.frame,
                    from_sta,
                    reason,
                    disassoc,
                    protected,
                });
                a.deauths.truncate(64);
                a.push(
                    ctx.frame,
                    ctx.time,
                    if from_sta { Dir::StaToAp } else { Dir::ApToSta },
                    what,
                );
            }
            Frame::Eapol {
                sta,
                bssid,
                from_ap,
                body,
            } => match eapol::parse(body) {
                Some(e) => self.eapol(ctx, sta, bssid, !from_ap, e, false),
                None => self.malformed += 1,
            },
            Frame::Other => {}
        }
    }

    fn advertisement(&mut self, ctx: &Ctx, bssid: Mac, ies: Elements, freq: Option<u16>) {
        let b = self.bss.entry(bssid).or_insert_with(|| Bss {
            bssid,
            first_frame: ctx.frame,
            ..Bss::default()
        });
        if freq.is_some() {
            b.freq = freq;
        }
        // keep the first complete advertisement; a later one with an RSNE replaces one without
        if b.ies.rsne.is_none() || b.ies.ssid.is_none() {
            b.ies = ies;
        } else if ies.rsne.is_some() && ies.rsne != b.ies.rsne {
            // the AP changed its RSNE (restart with another configuration): the latest counts
            b.ies = ies;
            b.first_frame = ctx.frame;
        }
    }

    fn station(&mut self, sta: Mac) -> &mut Station {
        self.stations.entry(sta).or_insert_with(|| Station {
            mac: sta,
            ..Station::default()
        })
    }

    fn eapol(&mut self, ctx: &Ctx, sta: Mac, bssid: Mac, from_sta: bool, e: Eapol, wired: bool) {
        let dir = if from_sta { Dir::StaToAp } else { Dir::ApToSta };
        match e {
            Eapol::Start => {
                let st = self.station(sta);
                let a = st.current(bssid, wired, ctx.frame);
                if wired && (a.eap_success.is_some() || a.eap_failure.is_some()) {
                    st.new_attempt(bssid, wired, ctx.frame);
                }
                let a = st.attempts.last_mut().expect("an attempt");
                a.eapol_start.get_or_insert(ctx.frame);
                a.push(ctx.frame, ctx.time, dir, "EAPOL-Start".into());
            }
            Eapol::Logoff => {
                let a = self.station(sta).current(bssid, wired, ctx.frame);
                a.push(ctx.frame, ctx.time, dir, "EAPOL-Logoff".into());
            }
            Eapol::Other(t) => {
                let a = self.station(sta).current(bssid, wired, ctx.frame);
                a.push(ctx.frame, ctx.time, dir, format!("EAPOL type {t}"));
            }
            Eapol::Key(k) => {
                let a = self.station(sta).current(bssid, wired, ctx.frame);
                let msg = k.message();
                let what = match msg {
                    1..=4 => format!(
                        "EAPOL-Key 4-way M{msg} (replay counter {}, key descriptor version {}, MIC {} bytes)",
                        k.replay_counter,
                        k.version(),
                        k.mic_len.map(|m| m.to_string()).unwrap_or_else(|| "?".into())
                    ),
                    5 | 6 => format!("EAPOL-Key group key {}/2 (replay counter {})", msg - 4, k.replay_counter),
                    _ => format!("EAPOL-Key (key info 0x{:04x})", k.key_info),
                };
                if msg == 4 && a.completed.is_none() {
                    a.completed = Some(ctx.frame);
                }
                if a.keys.len() < 64 {
                    a.keys.push(KeyMsg {
                        frame: ctx.frame,
                        from_sta,
                        msg,
                        replay: k.replay_counter,
                        version: k.version(),
                        mic_len: k.mic_len,
                    });
                }
                a.push(ctx.frame, ctx.time, dir, what);
            }
            Eapol::Eap(x) => self.eap(ctx, sta, bssid, wired, from_sta, &x, true),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eap(
        &mut self,
        ctx: &Ctx,
        sta: Mac,
        bssid: Mac,
        wired: bool,
        from_sta: bool,
        x: &eapol::Eap,
        on_link: bool,
    ) {
        let st = self.station(sta);
        let a = st.current(bssid, wired, ctx.frame);
        if wired
            && from_sta
            && x.method == Some(1)
            && (a.eap_success.is_some() || a.eap_failure.is_some())
        {
            st.new_attempt(bssid, wired, ctx.frame);
        }
        let a = st.attempts.last_mut().expect("an attempt");
        let dir = match (on_link, from_sta) {
            (true, true) => Dir::StaToAp,
            (true, false) => Dir::ApToSta,
            (false, true) => Dir::ApToAs,
            (false, false) => Dir::AsToAp,
        };
        let mut what = match x.code {
            1 => format!(
                "EAP-Request/{} id={}",
                x.method.map(eapol::method_name).unwrap_or_default(),
                x.id
            ),
            2 => format!(
                "EAP-Response/{} id={}",
                x.method.map(eapol::method_name).unwrap_or_default(),
                x.id
            ),
            3 => format!("EAP-Success id={}", x.id),
            4 => format!("EAP-Failure id={}", x.id),
            c => format!("EAP code {c}"),
        };
        match x.code {
            1 => {
                a.eap_requests += 1;
                if let Some(m) = x.method.filter(|m| *m > 3) {
                    if !a.methods_offered.iter().any(|(_, t)| *t == m) {
                        a.methods_offered.push((ctx.frame, m));
                    }
                }
            }
            2 => {
                a.eap_responses += 1;
                if x.method == Some(1) {
                    let id = String::from_utf8_lossy(x.data).into_owned();
                    what += &format!(" identity '{id}'");
                    a.identity.get_or_insert((ctx.frame, id));
                }
                if x.method == Some(3) {
                    a.nak = Some((ctx.frame, x.data.to_vec()));
                }
            }
            3 => {
                a.eap_success.get_or_insert(ctx.frame);
                if wired && on_link && a.completed.is_none() {
                    a.completed = Some(ctx.frame);
                }
            }
            4 => {
                a.eap_failure.get_or_insert(ctx.frame);
            }
            _ => {}
        }
        if matches!(x.code, 1 | 2) {
            a.last_eap = Some((ctx.frame, from_sta));
        }
        if x.method == Some(13) {
            if let Some(frag) = eapol::tls_fragment(x.data) {
                // a retransmission (same identifier, same direction) is fed once
                let key = (from_sta, x.id);
                if a.last_eap_fed != Some(key) {
                    a.last_eap_fed = Some(key);
                    let before = (
                        a.tls.alerts.len(),
                        a.tls.client_hello.is_some(),
                        a.tls.server_chain_frame,
                    );
                    a.tls.feed(from_sta, frag.data, ctx.frame);
                    if frag.start {
                        what += " (TLS start)";
                    }
                    if a.tls.client_hello.is_some() && !before.1 {
                        what += " ClientHello";
                    }
                    if a.tls.server_chain_frame != before.2 && a.tls.server_chain_frame.is_some() {
                        what += &format!(" Certificate ({} certs)", a.tls.server_chain.len());
                    }
                    for al in a.tls.alerts.iter().skip(before.0) {
                        what += &format!(" TLS alert {}", al.description);
                    }
                }
            }
        }
        a.push(ctx.frame, ctx.time, dir, what);
    }
}

fn auth_text(m: &AuthMsg) -> String {
    let alg = match m.algorithm {
        0 => "Open System",
        3 => "SAE",
        2 => "FT",
        4 => "FILS",
        _ => "other",
    };
    let kind = if m.algorithm == 3 {
        match m.seq {
            1 => " commit",
            2 => " confirm",
            _ => "",
        }
    } else {
        ""
    };
    let mut s = format!(
        "Authentication {alg}{kind} seq {} status {} ({})",
        m.seq,
        m.status,
        names::status(m.status)
    );
    if let Some(g) = m.group {
        s += &format!(" group {g}");
    }
    s
}

/// Reads a whole capture into the model.
pub fn read<R: std::io::Read + Send>(
    file: &str,
    input: R,
    progress: impl FnMut(u64),
) -> Result<(Capture, crate::pcap::ReadSummary), crate::pcap::ReadError> {
    let mut c = Capture::new(file);
    let s = crate::pcap::read(input, |p| c.packet(p), progress)?;
    Ok((c, s))
}
