//! The duplicate cache (RFC 5080 §2.2.2): the same source, identifier and authenticator get
//! the same reply again, not a second run of the protocol. Entries live for the NAS's whole
//! retry window (`duplicate_ttl`), and the cache holds at most `budget` bytes: beyond it the
//! oldest replies go first.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use crate::proto::radius::Packet;

type Key = (SocketAddr, u8);

/// Bookkeeping per entry on top of the reply itself (key, authenticator, times, indexes).
const ENTRY_OVERHEAD: usize = 96;

struct CachedReply {
    authenticator: [u8; 16],
    reply: Vec<u8>,
    expires: SystemTime,
    seq: u64,
}

#[derive(Default)]
pub(super) struct ReplyCache {
    entries: HashMap<Key, CachedReply>,
    /// Insertion order, for expiry and eviction; entries replaced since are skipped by `seq`.
    order: VecDeque<(Key, u64)>,
    bytes: usize,
    seq: u64,
}

fn cost(reply: &[u8]) -> usize {
    reply.len() + ENTRY_OVERHEAD
}

impl ReplyCache {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn get(&self, now: SystemTime, source: SocketAddr, request: &Packet) -> Option<Vec<u8>> {
        self.entries
            .get(&(source, request.identifier))
            .filter(|c| c.authenticator == request.authenticator && c.expires > now)
            .map(|c| c.reply.clone())
    }

    pub fn insert(
        &mut self,
        now: SystemTime,
        ttl: Duration,
        budget: usize,
        source: SocketAddr,
        request: &Packet,
        reply: &[u8],
    ) {
        self.seq += 1;
        let key = (source, request.identifier);
        let entry = CachedReply {
            authenticator: request.authenticator,
            reply: reply.to_vec(),
            expires: now + ttl,
            seq: self.seq,
        };
        self.bytes += cost(reply);
        if let Some(old) = self.entries.insert(key, entry) {
            self.bytes -= cost(&old.reply);
        }
        self.order.push_back((key, self.seq));
        while self.bytes > budget {
            if !self.pop_oldest() {
                break;
            }
        }
    }

    /// Removes the oldest entry (or a stale index); false when nothing is left.
    fn pop_oldest(&mut self) -> bool {
        let Some((key, seq)) = self.order.pop_front() else {
            return false;
        };
        if self.entries.get(&key).is_some_and(|c| c.seq == seq) {
            let old = self.entries.remove(&key).expect("present");
            self.bytes -= cost(&old.reply);
        }
        true
    }

    /// Drops expired entries, and entries further in the future than their lifetime (the
    /// clock went back).
    pub fn expire(&mut self, now: SystemTime, ttl: Duration) {
        while let Some((key, seq)) = self.order.front() {
            let live = match self.entries.get(key) {
                Some(c) if c.seq == *seq => c.expires > now && c.expires <= now + ttl,
                _ => false, // replaced since: only the index is stale
            };
            if live {
                break;
            }
            self.pop_oldest();
        }
        if self.entries.is_empty() && self.entries.capacity() > 0 {
            self.entries.shrink_to_fit();
            self.order.clear();
            self.order.shrink_to_fit();
        }
        if self.entries.values().any(|c| c.expires > now + ttl) {
            let before = self.entries.len();
            self.entries
                .retain(|_, c| c.expires > now && c.expires <= now + ttl);
            if self.entries.len() != before {
                self.bytes = self.entries.values().map(|c| cost(&c.reply)).sum();
            }
        }
    }
}
