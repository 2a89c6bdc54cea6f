//! Access-Requests carrying EAP: opening a session (Identity, session limit, Framed-MTU),
//! continuing one (by State), and turning the session's outcome into the reply.

use std::net::SocketAddr;
use std::time::SystemTime;

use super::admission::Refusal;
use super::event::{DropReason, Event, SessionInfo};
use super::reply::Replier;
use super::{failure, Engine, SessionEntry};
use crate::proto::diagnose;
use crate::proto::eap::packet::{EapPacket, TYPE_IDENTITY};
use crate::proto::eap::{EapTlsSession, Outcome, SessionLimits};
use crate::proto::radius::attr::*;
use crate::proto::radius::Packet;

/// A session key (the State attribute) and what its session answered.
type Stepped = ([u8; 16], Outcome);

impl Engine {
    pub(super) fn access_request(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        request: &Packet,
        secret: &[u8],
        events: &mut Vec<Event>,
    ) -> Option<Vec<u8>> {
        let replier = Replier::new(request, secret);
        let stepped = match request.eap_message() {
            None => Err(Refusal::Fail(diagnose::radius::no_eap(
                source,
                &request.text(USER_NAME).unwrap_or_default(),
            ))),
            Some(eap) => match request.first(STATE).and_then(|s| s.try_into().ok()) {
                Some(state) => self.continue_session(now, source, state, &eap),
                None => self.open_session(now, source, request, &eap, events),
            },
        };
        match stepped {
            Ok((state, outcome)) => self.answer(state, outcome, &replier, events),
            Err(Refusal::Drop(reason)) => {
                events.push(Event::Dropped { source, reason });
                None
            }
            Err(Refusal::Fail(diagnosis)) => {
                let reply = replier.reject(None, &diagnosis);
                events.push(failure(None, diagnosis));
                Some(reply)
            }
        }
    }

    /// The next EAP-Response of a session we know by its State.
    fn continue_session(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        state: [u8; 16],
        eap: &[u8],
    ) -> Result<Stepped, Refusal> {
        let Some(entry) = self.sessions.get_mut(&state) else {
            return Err(Refusal::Fail(diagnose::radius::unknown_state(
                source,
                self.config.session_timeout.as_secs(),
            )));
        };
        entry.last_seen = now;
        Ok((state, entry.eap.handle(now, eap)))
    }

    /// A request without State must start a conversation with EAP-Response/Identity.
    fn open_session(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        request: &Packet,
        eap: &[u8],
        events: &mut Vec<Event>,
    ) -> Result<Stepped, Refusal> {
        let parsed =
            EapPacket::parse(eap).map_err(|e| Refusal::Drop(DropReason::BadEapMessage(e)))?;
        let Some((TYPE_IDENTITY, identity)) = parsed.method else {
            return Err(Refusal::Fail(diagnose::eap::no_identity(source)));
        };
        if self.sessions.len() >= self.config.max_sessions {
            return Err(Refusal::Fail(diagnose::radius::too_many_sessions(
                self.sessions.len(),
                source,
            )));
        }
        let info = SessionInfo {
            id: self.next_session,
            source,
            nas: request
                .text(NAS_IDENTIFIER)
                .or_else(|| request.first(NAS_IP_ADDRESS).and_then(ipv4_text))
                .unwrap_or_else(|| source.ip().to_string()),
            station: request.text(CALLING_STATION_ID).unwrap_or_default(),
            identity: String::from_utf8_lossy(identity).into_owned(),
        };
        self.next_session += 1;
        let limits = self.limits_for(request, &info, events);
        let (session, start) =
            EapTlsSession::start(self.setup.clone(), parsed.identifier, limits, now);
        let mut state = [0u8; 16];
        (self.random)(&mut state);
        events.push(Event::SessionStarted {
            session: info.clone(),
        });
        self.sessions.insert(
            state,
            SessionEntry {
                eap: session,
                info,
                last_seen: now,
            },
        );
        Ok((state, Outcome::Challenge(start)))
    }

    /// The configured limits, with fragments made smaller to fit the NAS's Framed-MTU.
    fn limits_for(
        &self,
        request: &Packet,
        info: &SessionInfo,
        events: &mut Vec<Event>,
    ) -> SessionLimits {
        let mut limits = self.config.limits;
        if let Some(mtu) = request.first(FRAMED_MTU).and_then(u32_value) {
            // Framed-MTU is the link MTU; EAP (4) + EAP-TLS type, flags and length (6)
            // + EAPOL (4) ride in it (as FreeRADIUS computes it).
            let allowed = (mtu as usize).saturating_sub(14).max(64);
            if allowed < limits.fragment_size {
                events.push(Event::FragmentSizeLimited {
                    session: info.clone(),
                    mtu,
                    fragment_size: allowed,
                });
                limits.fragment_size = allowed;
            }
        }
        limits
    }

    /// The session's events, then the reply its outcome calls for; a finished session is
    /// removed.
    fn answer(
        &mut self,
        state: [u8; 16],
        outcome: Outcome,
        replier: &Replier<'_>,
        events: &mut Vec<Event>,
    ) -> Option<Vec<u8>> {
        let entry = self.sessions.get_mut(&state).expect("present");
        let info = entry.info.clone();
        let rounds = entry.eap.rounds();
        events.extend(
            entry
                .eap
                .drain_events()
                .into_iter()
                .map(|event| Event::Eap {
                    session: info.clone(),
                    event,
                }),
        );
        match outcome {
            Outcome::Challenge(eap) => Some(replier.challenge(&eap, &state)),
            Outcome::Discard(reason) => {
                events.push(Event::EapDiscarded {
                    session: info,
                    reason,
                });
                None
            }
            Outcome::Failure { eap, diagnosis } => {
                self.sessions.remove(&state);
                let reply = replier.reject(Some(&eap), &diagnosis);
                events.push(failure(Some(&info), diagnosis));
                Some(reply)
            }
            Outcome::Success { eap, keys } => {
                self.sessions.remove(&state);
                let mut salts = [0u8; 4];
                (self.random)(&mut salts);
                let (reply, key_name) = replier.accept(&eap, &info.identity, &keys, salts);
                events.push(Event::Success {
                    session: info,
                    key_name,
                    rounds,
                });
                Some(reply)
            }
        }
    }
}

fn u32_value(v: &[u8]) -> Option<u32> {
    let bytes: [u8; 4] = v.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

fn ipv4_text(v: &[u8]) -> Option<String> {
    let bytes: [u8; 4] = v.try_into().ok()?;
    Some(std::net::Ipv4Addr::from(bytes).to_string())
}
