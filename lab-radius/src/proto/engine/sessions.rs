//! Access-Requests carrying EAP: opening a session (Identity, session limit and eviction,
//! Framed-MTU), continuing one (by State, from the client that started it, within the memory
//! budget), and turning the session's outcome into the reply.

use std::net::SocketAddr;
use std::time::SystemTime;

use super::admission::Refusal;
use super::event::{DropReason, Event, Eviction, SessionInfo};
use super::half_open::Slot;
use super::reply::Replier;
use super::{failure, Engine, Owner, SessionEntry, TLS_SESSION_CHARGE};
use crate::proto::diagnose;
use crate::proto::eap::packet::{EapPacket, REQUEST, TYPE_IDENTITY};
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
        owner: &Owner,
        events: &mut Vec<Event>,
    ) -> Option<Vec<u8>> {
        let replier = Replier::new(request, &owner.secret);
        let stepped = match request.eap_message() {
            None => Err(Refusal::Fail(diagnose::radius::no_eap(
                source,
                &request.text(USER_NAME).unwrap_or_default(),
            ))),
            // RFC 3579 §2.6.2: no role reversal; the NAS forwards responses only.
            Some(eap) if eap.first() == Some(&REQUEST) => Err(Refusal::Fail(
                diagnose::radius::eap_request_from_nas(source),
            )),
            Some(eap) => match request.first(STATE) {
                Some(state) => match state.try_into() {
                    Ok(state) => self.continue_session(now, source, owner, state, &eap),
                    Err(_) => Err(Refusal::Fail(diagnose::radius::state_wrong_length(
                        source,
                        state.len(),
                    ))),
                },
                None => self.open_session(now, source, owner, request, &eap, events),
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

    /// The next EAP-Response of a session we know by its State, from the client entry and
    /// address that started it. Only progress (not a discarded response) keeps the session
    /// alive; its buffers are charged to the global TLS memory budget.
    fn continue_session(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        owner: &Owner,
        state: [u8; 16],
        eap: &[u8],
    ) -> Result<Stepped, Refusal> {
        let budget = self.config.tls_memory_budget;
        let Some(entry) = self.sessions.get_mut(&state) else {
            return Err(Refusal::Fail(diagnose::radius::unknown_state(
                source,
                self.config.session_timeout.as_secs(),
            )));
        };
        // The source port may change (NASes rotate it); the address and client entry may not.
        if entry.owner != *owner || entry.info.source.ip() != source.ip() {
            return Err(Refusal::Fail(diagnose::radius::session_other_client(
                source,
                entry.info.source,
            )));
        }
        let mut outcome = entry.eap.handle(now, eap);
        if matches!(outcome, Outcome::Discard(_)) {
            return Ok((state, outcome));
        }
        entry.last_seen = now;
        if !entry.progressed && entry.eap.rounds() > 0 {
            entry.progressed = true;
            self.half_open.remove(&entry.slot);
        }
        let charge = entry.eap.buffered() + TLS_SESSION_CHARGE;
        let grew = charge > entry.charged;
        self.tls_bytes = self.tls_bytes - entry.charged + charge;
        entry.charged = charge;
        if grew && self.tls_bytes > budget && matches!(outcome, Outcome::Challenge(_)) {
            outcome = entry.eap.abort(diagnose::radius::tls_memory_budget(budget));
        }
        Ok((state, outcome))
    }

    /// A request without State must start a conversation with EAP-Response/Identity.
    fn open_session(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        owner: &Owner,
        request: &Packet,
        eap: &[u8],
        events: &mut Vec<Event>,
    ) -> Result<Stepped, Refusal> {
        let parsed =
            EapPacket::parse(eap).map_err(|e| Refusal::Drop(DropReason::BadEapMessage(e)))?;
        let Some((TYPE_IDENTITY, identity)) = parsed.method else {
            return Err(Refusal::Fail(diagnose::eap::no_identity(source)));
        };
        let station = request.text(CALLING_STATION_ID).unwrap_or_default();
        self.make_room(source, &station, events)?;
        let info = SessionInfo {
            id: self.next_session,
            source,
            nas: request
                .text(NAS_IDENTIFIER)
                .or_else(|| request.first(NAS_IP_ADDRESS).and_then(ipv4_text))
                .unwrap_or_else(|| source.ip().to_string()),
            station,
            identity: String::from_utf8_lossy(identity).into_owned(),
        };
        let slot = Slot {
            nas: source.ip(),
            station: info.station.clone(),
            id: info.id,
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
        self.half_open.insert(&slot, state);
        self.sessions.insert(
            state,
            SessionEntry {
                eap: session,
                info,
                owner: owner.clone(),
                slot,
                last_seen: now,
                progressed: false,
                charged: 0,
            },
        );
        Ok((state, Outcome::Challenge(start)))
    }

    /// Room for one more session: a station beyond its share of sessions without progress
    /// loses its oldest one; a full table loses the oldest session without progress of the
    /// busiest NAS. Refused only when every session has made progress.
    fn make_room(
        &mut self,
        source: SocketAddr,
        station: &str,
        events: &mut Vec<Event>,
    ) -> Result<(), Refusal> {
        let per_station = self.config.half_open_per_station;
        if !station.is_empty() && self.half_open.of_station(source.ip(), station) >= per_station {
            if let Some(victim) = self.half_open.oldest_of_station(source.ip(), station) {
                self.evict(&victim, Eviction::StationShare { per_station }, events);
            }
        }
        let max_sessions = self.config.max_sessions;
        if self.sessions.len() < max_sessions {
            return Ok(());
        }
        match self.half_open.victim() {
            Some(victim) => {
                self.evict(&victim, Eviction::TableFull { max_sessions }, events);
                Ok(())
            }
            None => Err(Refusal::Fail(diagnose::radius::too_many_sessions(
                self.sessions.len(),
                source,
            ))),
        }
    }

    fn evict(&mut self, state: &[u8; 16], cause: Eviction, events: &mut Vec<Event>) {
        if let Some(entry) = self.remove_session(state) {
            events.push(Event::SessionEvicted {
                session: entry.info,
                cause,
            });
        }
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
                self.remove_session(&state);
                let reply = replier.reject(Some(&eap), &diagnosis);
                events.push(failure(Some(&info), diagnosis));
                Some(reply)
            }
            Outcome::Success { eap, keys } => {
                self.remove_session(&state);
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
