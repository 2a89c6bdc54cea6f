//! The RADIUS server core, sans-IO: `handle(now, source, datagram)` returns the reply to send
//! (if any) and typed events for the log (`event::Event`). Owns the duplicate cache (RFC 5080
//! §2.2.2) and the EAP session table (keyed by State). The caller supplies randomness and
//! time: one `now` (wall-clock `SystemTime`) drives session timeouts, the duplicate cache and
//! the validity check of client certificates in rustls (see `proto::tls::clock`), so a test can
//! run the whole server at any fixed date.
//!
//! One module per rule family: `admission` (which datagrams are answered at all), `sessions`
//! (opening, continuing and finishing EAP sessions), `reply` (what each reply carries).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::proto::diagnose::Diagnosis;
use crate::proto::eap::session::SessionLimits;
use crate::proto::eap::EapTlsSession;
use crate::proto::radius::attr::STATUS_SERVER;
use crate::proto::radius::Packet;
use crate::proto::tls::setup::TlsSetup;

mod admission;
pub mod clients;
pub mod event;
mod reply;
mod sessions;

use admission::Refusal;
use clients::ClientTable;
pub use event::{DropReason, Event, SessionInfo};
use reply::Replier;

/// Fills a buffer with unpredictable bytes (State values, MPPE salts); the caller supplies it.
pub type RandomSource = Box<dyn FnMut(&mut [u8]) + Send>;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub limits: SessionLimits,
    /// A session with no request for this long is dropped (and diagnosed).
    pub session_timeout: Duration,
    /// How long replies stay in the duplicate cache.
    pub duplicate_ttl: Duration,
    pub max_sessions: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            limits: SessionLimits::default(),
            session_timeout: Duration::from_secs(30),
            duplicate_ttl: Duration::from_secs(10),
            max_sessions: 4096,
        }
    }
}

/// What one datagram led to.
#[derive(Debug, Default)]
pub struct Handled {
    /// The datagram to send back to the source, if any.
    pub reply: Option<Vec<u8>>,
    pub events: Vec<Event>,
}

struct SessionEntry {
    eap: EapTlsSession,
    info: SessionInfo,
    last_seen: SystemTime,
}

struct CachedReply {
    authenticator: [u8; 16],
    reply: Vec<u8>,
    expires: SystemTime,
}

pub struct Engine {
    config: EngineConfig,
    setup: Arc<TlsSetup>,
    clients: ClientTable,
    sessions: HashMap<[u8; 16], SessionEntry>,
    cache: HashMap<(SocketAddr, u8), CachedReply>,
    next_session: u64,
    random: RandomSource,
}

fn failure(session: Option<&SessionInfo>, diagnosis: Diagnosis) -> Event {
    Event::Failure {
        session: session.cloned(),
        diagnosis,
    }
}

impl Engine {
    pub fn new(
        config: EngineConfig,
        setup: Arc<TlsSetup>,
        clients: ClientTable,
        random: RandomSource,
    ) -> Self {
        Engine {
            config,
            setup,
            clients,
            sessions: HashMap::new(),
            cache: HashMap::new(),
            next_session: 1,
            random,
        }
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// One datagram from `source`, at `now`: the reply to send back (if any) and what happened.
    pub fn handle(&mut self, now: SystemTime, source: SocketAddr, datagram: &[u8]) -> Handled {
        // An IPv4 NAS seen through a dual-stack socket ([::]:1812) arrives as ::ffff:a.b.c.d;
        // logs and the suggested --client must name the IPv4 address the operator knows.
        let source = SocketAddr::new(source.ip().to_canonical(), source.port());
        let mut events = Vec::new();
        let reply = self.datagram(now, source, datagram, &mut events);
        Handled { reply, events }
    }

    fn datagram(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        datagram: &[u8],
        events: &mut Vec<Event>,
    ) -> Option<Vec<u8>> {
        let request = match Packet::decode(datagram) {
            Ok(p) => p,
            Err(e) => {
                events.push(Event::Dropped {
                    source,
                    reason: DropReason::NotRadius(e),
                });
                return None;
            }
        };
        events.push(Event::RequestReceived {
            source,
            code: request.code,
            identifier: request.identifier,
        });
        let secret = match admission::admit(&self.clients, source, datagram, &request) {
            Ok(client) => client.secret.clone(),
            Err(Refusal::Drop(reason)) => {
                events.push(Event::Dropped { source, reason });
                return None;
            }
            Err(Refusal::Fail(diagnosis)) => {
                events.push(failure(None, diagnosis));
                return None;
            }
        };
        if let Some(reply) = self.cached_reply(now, source, &request) {
            events.push(Event::DuplicateAnswered {
                source,
                code: request.code,
                identifier: request.identifier,
            });
            return Some(reply);
        }
        if request.code == STATUS_SERVER {
            events.push(Event::StatusServerAnswered { source });
            // RFC 5997 §3: not cached; a fresh answer each time.
            return Some(Replier::new(&request, &secret).status_server());
        }
        let reply = self.access_request(now, source, &request, &secret, events)?;
        self.cache_reply(now, source, &request, &reply);
        Some(reply)
    }

    /// RFC 5080 §2.2.2: same source, ID and authenticator → the same reply, not a new round.
    fn cached_reply(
        &self,
        now: SystemTime,
        source: SocketAddr,
        request: &Packet,
    ) -> Option<Vec<u8>> {
        self.cache
            .get(&(source, request.identifier))
            .filter(|c| c.authenticator == request.authenticator && c.expires > now)
            .map(|c| c.reply.clone())
    }

    fn cache_reply(&mut self, now: SystemTime, source: SocketAddr, request: &Packet, reply: &[u8]) {
        if self.cache.len() > 65536 {
            self.cache.retain(|_, c| c.expires > now);
        }
        self.cache.insert(
            (source, request.identifier),
            CachedReply {
                authenticator: request.authenticator,
                reply: reply.to_vec(),
                expires: now + self.config.duplicate_ttl,
            },
        );
    }

    /// Drops idle sessions and stale cache entries; each dropped session gets a diagnosis.
    pub fn expire(&mut self, now: SystemTime) -> Vec<Event> {
        let ttl = self.config.duplicate_ttl;
        // An entry further in the future than its lifetime means the clock went back: drop it.
        self.cache
            .retain(|_, c| c.expires > now && c.expires <= now + ttl);
        let timeout = self.config.session_timeout;
        for entry in self.sessions.values_mut() {
            // The clock went back: count idleness from now rather than freezing it.
            entry.last_seen = entry.last_seen.min(now);
        }
        let stale: Vec<[u8; 16]> = self
            .sessions
            .iter()
            .filter(|(_, e)| {
                now.duration_since(e.last_seen)
                    .is_ok_and(|idle| idle >= timeout)
            })
            .map(|(k, _)| *k)
            .collect();
        stale
            .into_iter()
            .filter_map(|k| self.sessions.remove(&k))
            .map(|e| failure(Some(&e.info), e.eap.stalled_diagnosis()))
            .collect()
    }
}
