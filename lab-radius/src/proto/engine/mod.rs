//! The RADIUS server core, sans-IO: `handle(now, source, datagram)` returns the reply to send
//! (if any) and typed events for the log (`event::Event`). Owns the duplicate cache (RFC 5080
//! §2.2.2) and the EAP session table (keyed by State). The caller supplies randomness and
//! time: one `now` (wall-clock `SystemTime`) drives session timeouts, the duplicate cache and
//! the validity check of client certificates in rustls (see `proto::tls::clock`), so a test can
//! run the whole server at any fixed date.
//!
//! One module per rule family: `admission` (which datagrams are answered at all), `sessions`
//! (opening, continuing and finishing EAP sessions), `reply` (what each reply carries),
//! `half_open` (the cheap sessions that go first when the table is full), `cache` (the
//! duplicate cache, bounded in time and bytes).
//!
//! Limits against floods (issue 14): a session cap where sessions without progress are evicted
//! (busiest NAS first, a share per station) before anything is refused; only progress keeps a
//! session alive; a global memory budget for buffered TLS data; a session is bound to the
//! RADIUS client entry and address that started it.

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
mod cache;
pub mod clients;
pub mod event;
mod half_open;
mod reply;
mod sessions;

use admission::Refusal;
use cache::ReplyCache;
use clients::{ClientTable, IpPrefix};
pub use event::{DropReason, Event, Eviction, SessionInfo};
use half_open::{HalfOpen, Slot};
use reply::Replier;

/// Fills a buffer with unpredictable bytes (State values, MPPE salts); the caller supplies it.
pub type RandomSource = Box<dyn FnMut(&mut [u8]) + Send>;

/// Default session cap: admits the benchmark's 10,000 half-open sessions with room to spare;
/// at a few KB per session without progress it stays far below the memory bound.
pub const DEFAULT_MAX_SESSIONS: usize = 16384;
/// Default share of one station (Calling-Station-Id behind one NAS) in sessions without progress.
pub const DEFAULT_HALF_OPEN_PER_STATION: usize = 8;
/// Default budget for TLS data buffered by all sessions together (plus their TLS state).
pub const DEFAULT_TLS_MEMORY_BUDGET: usize = 64 * 1024 * 1024;
/// What a session that has started TLS is charged on top of its buffers: rustls' own state
/// and records (measured: a few KB to a few tens of KB per handshake in progress).
pub const TLS_SESSION_CHARGE: usize = 16 * 1024;
/// eapol_test retries after 12 s under loss and NASes retry for up to ~30 s: the final reply
/// of a session must still be in the duplicate cache then.
pub const DEFAULT_DUPLICATE_TTL: Duration = Duration::from_secs(30);
/// Default budget for the duplicate cache (replies kept for retransmissions).
pub const DEFAULT_REPLY_CACHE_BUDGET: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub limits: SessionLimits,
    /// A session with no progress for this long is dropped (and diagnosed).
    pub session_timeout: Duration,
    /// How long replies stay in the duplicate cache (the NAS's whole retry window).
    pub duplicate_ttl: Duration,
    /// Bytes the duplicate cache may hold; the oldest replies go first beyond it.
    pub reply_cache_budget: usize,
    /// Sessions kept at once; beyond it sessions without progress are evicted, then new ones
    /// refused.
    pub max_sessions: usize,
    /// Sessions without progress one station may hold behind one NAS.
    pub half_open_per_station: usize,
    /// Bytes of TLS data (and TLS state) all sessions together may hold.
    pub tls_memory_budget: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            limits: SessionLimits::default(),
            session_timeout: Duration::from_secs(30),
            duplicate_ttl: DEFAULT_DUPLICATE_TTL,
            reply_cache_budget: DEFAULT_REPLY_CACHE_BUDGET,
            max_sessions: DEFAULT_MAX_SESSIONS,
            half_open_per_station: DEFAULT_HALF_OPEN_PER_STATION,
            tls_memory_budget: DEFAULT_TLS_MEMORY_BUDGET,
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

/// The engine's tables at one moment, for the shell's status line and the soak tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub sessions: usize,
    /// Sessions that have made no progress yet.
    pub half_open: usize,
    /// Bytes charged to the TLS memory budget.
    pub tls_bytes: usize,
    pub cached_replies: usize,
    pub cached_bytes: usize,
}

/// The RADIUS client entry a session belongs to: its prefix and secret.
#[derive(Clone, PartialEq, Eq)]
struct Owner {
    prefix: IpPrefix,
    secret: Vec<u8>,
}

struct SessionEntry {
    eap: EapTlsSession,
    info: SessionInfo,
    owner: Owner,
    slot: Slot,
    /// Last time the session made progress (not merely received something).
    last_seen: SystemTime,
    progressed: bool,
    /// Bytes charged to the TLS memory budget.
    charged: usize,
}

pub struct Engine {
    config: EngineConfig,
    setup: Arc<TlsSetup>,
    clients: ClientTable,
    sessions: HashMap<[u8; 16], SessionEntry>,
    half_open: HalfOpen,
    tls_bytes: usize,
    cache: ReplyCache,
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
            half_open: HalfOpen::default(),
            tls_bytes: 0,
            cache: ReplyCache::default(),
            next_session: 1,
            random,
        }
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    pub fn stats(&self) -> Stats {
        Stats {
            sessions: self.sessions.len(),
            half_open: self.half_open.len(),
            tls_bytes: self.tls_bytes,
            cached_replies: self.cache.len(),
            cached_bytes: self.cache.bytes(),
        }
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
        let owner = match admission::admit(&self.clients, source, datagram, &request) {
            Ok(client) => Owner {
                prefix: client.prefix,
                secret: client.secret.clone(),
            },
            Err(Refusal::Drop(reason)) => {
                events.push(Event::Dropped { source, reason });
                return None;
            }
            Err(Refusal::Fail(diagnosis)) => {
                events.push(failure(None, diagnosis));
                return None;
            }
        };
        if let Some(reply) = self.cache.get(now, source, &request) {
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
            return Some(Replier::new(&request, &owner.secret).status_server());
        }
        let reply = self.access_request(now, source, &request, &owner, events)?;
        let (ttl, budget) = (self.config.duplicate_ttl, self.config.reply_cache_budget);
        self.cache
            .insert(now, ttl, budget, source, &request, &reply);
        Some(reply)
    }

    /// Drops idle sessions and stale cache entries; each dropped session gets a diagnosis.
    pub fn expire(&mut self, now: SystemTime) -> Vec<Event> {
        self.cache.expire(now, self.config.duplicate_ttl);
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
        let events = stale
            .into_iter()
            .filter_map(|k| self.remove_session(&k))
            .map(|e| failure(Some(&e.info), e.eap.stalled_diagnosis()))
            .collect();
        // After a burst, give back the table's capacity (entries are large: a session holds
        // its TLS connection inline).
        if self.sessions.is_empty() && self.sessions.capacity() > 0 {
            self.sessions.shrink_to_fit();
        }
        events
    }

    /// Removes a session from every table and the memory budget.
    fn remove_session(&mut self, state: &[u8; 16]) -> Option<SessionEntry> {
        let entry = self.sessions.remove(state)?;
        self.half_open.remove(&entry.slot);
        self.tls_bytes -= entry.charged;
        Some(entry)
    }
}
