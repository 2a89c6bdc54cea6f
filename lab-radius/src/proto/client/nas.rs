//! The NAS side of one authentication, sans-IO: it wraps the EAP-TLS peer in Access-Requests
//! (Message-Authenticator on every packet, State echoed, EAP-Message split), verifies every
//! reply against the request it answers, retransmits on the caller's timer, decrypts the
//! MS-MPPE keys of an Access-Accept and compares them with the MSK the peer derived.
//! Status-Server (RFC 5997) goes first when asked; a server that ignores it is not an error.

use std::time::{Duration, SystemTime};

use super::peer::{EapTlsPeer, Stage, Step};
use crate::proto::engine::RandomSource;
use crate::proto::radius::attr::*;
use crate::proto::radius::auth;
use crate::proto::radius::mppe;
use crate::proto::radius::packet::split_attribute;
use crate::proto::radius::{Attribute, Packet};

/// NAS-Port-Type Wireless-802.11 (RFC 2865 §5.41).
const NAS_PORT_TYPE: u8 = 61;
const WIRELESS_80211: u32 = 19;

/// Where a deliberately half-open session stops answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopAfter {
    /// After the server's EAP-TLS Start (the session exists on the server, no TLS yet).
    Identity,
    /// After the server's first TLS flight (ServerHello … ServerHelloDone / Finished).
    ServerHello,
}

/// RFC 5080 §2.2.1: the retransmission timeout doubles up to MRT, 16 s by default, so that many
/// retries under loss do not wait minutes.
pub const MAX_RETRANSMISSION_TIMEOUT: Duration = Duration::from_secs(16);

#[derive(Clone)]
pub struct NasSettings {
    pub secret: Vec<u8>,
    pub calling_station_id: String,
    pub nas_identifier: String,
    pub framed_mtu: u32,
    /// First retransmission timeout; it doubles on each retry up to
    /// `MAX_RETRANSMISSION_TIMEOUT` (RFC 5080 §2.2.1).
    pub timeout: Duration,
    /// Retransmissions of one request before giving up.
    pub retries: u32,
    pub status_server: bool,
    pub stop_after: Option<StopAfter>,
    /// This session's identifiers: `first .. first + count` (a shared socket gives each
    /// session its own window), reused in turn.
    pub identifiers: (u8, u16),
}

impl std::fmt::Debug for NasSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NasSettings")
            .field("secret", &"<redacted>")
            .field("calling_station_id", &self.calling_station_id)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

impl Default for NasSettings {
    fn default() -> Self {
        NasSettings {
            secret: Vec::new(),
            calling_station_id: "02-00-00-00-00-01".into(),
            nas_identifier: "hs20check-probe".into(),
            framed_mtu: 1400,
            timeout: Duration::from_secs(1),
            retries: 3,
            status_server: true,
            stop_after: None,
            identifiers: (0, 256),
        }
    }
}

/// Why nothing usable came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// Silence: a wrong shared secret (servers drop such requests), an unknown client
    /// address, or a firewall. The wire cannot tell these apart.
    Silent,
    /// The host said nothing listens there (ICMP port unreachable).
    Refused,
    /// Replies came, but their authenticators do not verify with our secret.
    BadAuthenticator,
}

/// MS-MPPE keys of the Access-Accept against the peer's MSK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MppeCheck {
    pub present: bool,
    pub matches: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Accepted {
        mppe: MppeCheck,
        /// EAP-Success came before our handshake finished.
        premature: bool,
    },
    Rejected {
        reply_message: Option<String>,
    },
    NoAnswer(NoAnswer),
    /// Stopped on purpose (`StopAfter`), the session left half-open on the server.
    Stopped,
    /// The server sent something the peer cannot go on with.
    ProtocolError(String),
}

struct Pending {
    bytes: Vec<u8>,
    identifier: u8,
    authenticator: [u8; 16],
    deadline: SystemTime,
    timeout: Duration,
    tries: u32,
    status_server: bool,
}

/// One authentication, from Status-Server to Access-Accept / Reject / silence.
pub struct Exchange {
    settings: NasSettings,
    peer: EapTlsPeer,
    random: RandomSource,
    next_id: u16,
    pending: Option<Pending>,
    transmit: Option<Vec<u8>>,
    state: Option<Vec<u8>>,
    outcome: Option<Outcome>,
    /// Access-Request / reply pairs (Status-Server not counted).
    pub round_trips: u32,
    pub retransmissions: u32,
    /// Replies whose authenticators did not verify.
    pub bad_replies: u32,
    /// None: not asked; Some(answered).
    pub status_server: Option<bool>,
    started: SystemTime,
    finished: Option<SystemTime>,
}

impl Exchange {
    /// Starts at `now`: queues Status-Server, or the first Access-Request with the identity.
    pub fn new(
        settings: NasSettings,
        peer: EapTlsPeer,
        random: RandomSource,
        now: SystemTime,
    ) -> Self {
        let mut x = Exchange {
            next_id: 0,
            settings,
            peer,
            random,
            pending: None,
            transmit: None,
            state: None,
            outcome: None,
            round_trips: 0,
            retransmissions: 0,
            bad_replies: 0,
            status_server: None,
            started: now,
            finished: None,
        };
        if x.settings.status_server {
            x.send_status_server(now);
        } else {
            x.send_identity(now);
        }
        x
    }

    pub fn peer(&self) -> &EapTlsPeer {
        &self.peer
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// From start to outcome.
    pub fn elapsed(&self) -> Option<Duration> {
        self.finished
            .map(|f| f.duration_since(self.started).unwrap_or_default())
    }

    /// The datagram to send now, if any.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.transmit.take()
    }

    /// When [`Exchange::handle_timeout`] should be called next.
    pub fn poll_timeout(&self) -> Option<SystemTime> {
        if self.outcome.is_some() {
            return None;
        }
        self.pending.as_ref().map(|p| p.deadline)
    }

    /// The identifier of the request waiting for its reply (the shell demultiplexes by it).
    pub fn pending_identifier(&self) -> Option<u8> {
        self.pending.as_ref().map(|p| p.identifier)
    }

    fn finish(&mut self, now: SystemTime, outcome: Outcome) {
        self.pending = None;
        self.outcome = Some(outcome);
        self.finished = Some(now);
    }

    fn identifier(&mut self) -> u8 {
        let (first, count) = self.settings.identifiers;
        let id = (first as u16 + self.next_id % count.max(1)) as u8;
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    fn send(&mut self, now: SystemTime, code: u8, attributes: Vec<Attribute>, status: bool) {
        let identifier = self.identifier();
        let mut authenticator = [0u8; 16];
        (self.random)(&mut authenticator);
        let bytes = auth::build_request(
            code,
            identifier,
            authenticator,
            attributes,
            &self.settings.secret,
        );
        self.transmit = Some(bytes.clone());
        self.pending = Some(Pending {
            bytes,
            identifier,
            authenticator,
            deadline: now + self.settings.timeout,
            timeout: self.settings.timeout,
            tries: 0,
            status_server: status,
        });
    }

    fn send_status_server(&mut self, now: SystemTime) {
        let attrs = vec![Attribute::new(
            NAS_IDENTIFIER,
            self.settings.nas_identifier.as_bytes().to_vec(),
        )];
        self.send(now, STATUS_SERVER, attrs, true);
    }

    fn send_identity(&mut self, now: SystemTime) {
        let eap = self.peer.identity_response(0);
        self.send_eap(now, &eap);
    }

    fn send_eap(&mut self, now: SystemTime, eap: &[u8]) {
        let s = &self.settings;
        let identity = self.peer_identity();
        let mut attrs = vec![
            Attribute::new(USER_NAME, identity),
            Attribute::new(NAS_IDENTIFIER, s.nas_identifier.as_bytes().to_vec()),
            Attribute::new(CALLING_STATION_ID, s.calling_station_id.as_bytes().to_vec()),
            Attribute::new(NAS_PORT_TYPE, WIRELESS_80211.to_be_bytes().to_vec()),
            Attribute::new(FRAMED_MTU, s.framed_mtu.to_be_bytes().to_vec()),
        ];
        if let Some(state) = &self.state {
            attrs.push(Attribute::new(STATE, state.clone()));
        }
        attrs.extend(split_attribute(EAP_MESSAGE, eap));
        self.send(now, ACCESS_REQUEST, attrs, false);
    }

    fn peer_identity(&self) -> Vec<u8> {
        // The identity response carries it; User-Name repeats it (RFC 3579 §2.1).
        let eap = self.peer.identity_response(0);
        eap[5..].to_vec()
    }

    /// The retransmission timer fired.
    pub fn handle_timeout(&mut self, now: SystemTime) {
        let Some(p) = self.pending.as_mut() else {
            return;
        };
        if now < p.deadline {
            return;
        }
        if p.status_server {
            // One try: a server that ignores Status-Server may still authenticate.
            self.status_server = Some(false);
            self.pending = None;
            if self.bad_replies > 0 {
                return self.finish(now, Outcome::NoAnswer(NoAnswer::BadAuthenticator));
            }
            return self.send_identity(now);
        }
        if p.tries < self.settings.retries {
            p.tries += 1;
            p.timeout = (p.timeout * 2).min(MAX_RETRANSMISSION_TIMEOUT.max(self.settings.timeout));
            p.deadline = now + p.timeout;
            self.transmit = Some(p.bytes.clone());
            self.retransmissions += 1;
            return;
        }
        let cause = if self.bad_replies > 0 {
            NoAnswer::BadAuthenticator
        } else {
            NoAnswer::Silent
        };
        self.finish(now, Outcome::NoAnswer(cause));
    }

    /// The socket reported ICMP port unreachable for our last datagram.
    pub fn handle_unreachable(&mut self, now: SystemTime) {
        if self.outcome.is_none() {
            self.finish(now, Outcome::NoAnswer(NoAnswer::Refused));
        }
    }

    /// A datagram from the server.
    pub fn handle_datagram(&mut self, now: SystemTime, datagram: &[u8]) {
        let Some(p) = self.pending.as_ref() else {
            return;
        };
        let Ok(reply) = Packet::decode(datagram) else {
            return;
        };
        if reply.identifier != p.identifier {
            return;
        }
        let check = auth::verify_reply(datagram, &p.authenticator, &self.settings.secret);
        if !check.is_valid_for(reply.has(EAP_MESSAGE)) {
            self.bad_replies += 1;
            return;
        }
        let request_auth = p.authenticator;
        if p.status_server {
            self.status_server = Some(true);
            self.pending = None;
            return self.send_identity(now);
        }
        self.pending = None;
        self.round_trips += 1;
        let eap = reply.eap_message();
        match reply.code {
            ACCESS_CHALLENGE => {
                self.state = reply.first(STATE).map(<[u8]>::to_vec);
                let Some(eap) = eap else {
                    return self.finish(
                        now,
                        Outcome::ProtocolError("Access-Challenge without EAP-Message".into()),
                    );
                };
                if self.settings.stop_after == Some(StopAfter::Identity) {
                    return self.finish(now, Outcome::Stopped);
                }
                match self.peer.handle(now, &eap) {
                    Step::Respond(response) => {
                        if self.settings.stop_after == Some(StopAfter::ServerHello)
                            && self.peer.stage() >= Stage::ServerHello
                        {
                            return self.finish(now, Outcome::Stopped);
                        }
                        self.send_eap(now, &response);
                    }
                    Step::Success | Step::Failure => self.finish(
                        now,
                        Outcome::ProtocolError(
                            "EAP-Success/Failure inside an Access-Challenge".into(),
                        ),
                    ),
                    Step::Ignore(why) => self.finish(now, Outcome::ProtocolError(why)),
                }
            }
            ACCESS_ACCEPT => {
                let premature = self.peer.stage() < Stage::HandshakeDone;
                if let Some(eap) = eap {
                    self.peer.handle(now, &eap);
                }
                let mppe = self.mppe(&reply, &request_auth);
                self.finish(now, Outcome::Accepted { mppe, premature });
            }
            ACCESS_REJECT => {
                if let Some(eap) = eap {
                    self.peer.handle(now, &eap);
                }
                let reply_message = {
                    let parts: Vec<String> = reply
                        .all(REPLY_MESSAGE)
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                        .collect();
                    (!parts.is_empty()).then(|| parts.concat())
                };
                self.finish(now, Outcome::Rejected { reply_message });
            }
            other => self.finish(
                now,
                Outcome::ProtocolError(format!("unexpected {} reply", code_name(other))),
            ),
        }
    }

    fn mppe(&self, reply: &Packet, request_auth: &[u8; 16]) -> MppeCheck {
        let mut recv = None;
        let mut send = None;
        for vsa in reply.all(VENDOR_SPECIFIC) {
            if vsa.len() < 6
                || u32::from_be_bytes([vsa[0], vsa[1], vsa[2], vsa[3]]) != VENDOR_MICROSOFT
            {
                continue;
            }
            let (kind, len) = (vsa[4], vsa[5] as usize);
            if len < 2 || 4 + len > vsa.len() {
                continue;
            }
            let value = &vsa[6..4 + len];
            let key = mppe::decrypt_key(value, &self.settings.secret, request_auth);
            match kind {
                MS_MPPE_RECV_KEY => recv = key,
                MS_MPPE_SEND_KEY => send = key,
                _ => {}
            }
        }
        let present = recv.is_some() && send.is_some();
        let matches = match (self.peer.keys(), recv, send) {
            (Some(k), Some(r), Some(s)) => r == k.msk[..32] && s == k.msk[32..],
            _ => false,
        };
        MppeCheck { present, matches }
    }
}
