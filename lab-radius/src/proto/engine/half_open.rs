//! Sessions that have made no progress yet (an Identity answered with EAP-TLS Start, no
//! ClientHello back): the cheap ones, and the first to go when the table is full. Indexed per
//! NAS (source address) and per station (Calling-Station-Id behind that NAS), oldest first,
//! so eviction is fair: the NAS holding the most half-open sessions loses its oldest one, and
//! one station cannot hold more than its share.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

/// A session's place in the index: its NAS, station and creation order (the session id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Slot {
    pub nas: IpAddr,
    pub station: String,
    pub id: u64,
}

#[derive(Default)]
pub(super) struct HalfOpen {
    by_nas: HashMap<IpAddr, BTreeMap<u64, [u8; 16]>>,
    by_station: HashMap<(IpAddr, String), BTreeSet<u64>>,
    len: usize,
}

impl HalfOpen {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn insert(&mut self, slot: &Slot, state: [u8; 16]) {
        self.by_nas
            .entry(slot.nas)
            .or_default()
            .insert(slot.id, state);
        if !slot.station.is_empty() {
            self.by_station
                .entry((slot.nas, slot.station.clone()))
                .or_default()
                .insert(slot.id);
        }
        self.len += 1;
    }

    /// Forgets a session (it made progress or ended); false if it was not half-open.
    pub fn remove(&mut self, slot: &Slot) -> bool {
        let Some(sessions) = self.by_nas.get_mut(&slot.nas) else {
            return false;
        };
        if sessions.remove(&slot.id).is_none() {
            return false;
        }
        if sessions.is_empty() {
            self.by_nas.remove(&slot.nas);
        }
        let key = (slot.nas, slot.station.clone());
        if let Some(ids) = self.by_station.get_mut(&key) {
            ids.remove(&slot.id);
            if ids.is_empty() {
                self.by_station.remove(&key);
            }
        }
        self.len -= 1;
        true
    }

    /// How many half-open sessions this station holds behind this NAS.
    pub fn of_station(&self, nas: IpAddr, station: &str) -> usize {
        self.by_station
            .get(&(nas, station.to_string()))
            .map_or(0, BTreeSet::len)
    }

    /// The oldest half-open session of one station behind one NAS.
    pub fn oldest_of_station(&self, nas: IpAddr, station: &str) -> Option<[u8; 16]> {
        let id = *self.by_station.get(&(nas, station.to_string()))?.first()?;
        self.by_nas.get(&nas)?.get(&id).copied()
    }

    /// The session to evict when the table is full: the oldest of the NAS that holds the most
    /// half-open sessions (a flooding NAS pays for its own flood first).
    pub fn victim(&self) -> Option<[u8; 16]> {
        let (_, sessions) = self
            .by_nas
            .iter()
            .max_by_key(|(nas, sessions)| (sessions.len(), std::cmp::Reverse(**nas)))?;
        sessions.values().next().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(nas: &str, station: &str, id: u64) -> Slot {
        Slot {
            nas: nas.parse().unwrap(),
            station: station.into(),
            id,
        }
    }

    #[test]
    fn the_busiest_nas_loses_its_oldest_first() {
        let mut h = HalfOpen::default();
        h.insert(&slot("10.0.0.1", "a", 1), [1; 16]);
        h.insert(&slot("10.0.0.2", "b", 2), [2; 16]);
        h.insert(&slot("10.0.0.2", "c", 3), [3; 16]);
        assert_eq!(h.victim(), Some([2; 16]));
        assert!(h.remove(&slot("10.0.0.2", "b", 2)));
        assert!(!h.remove(&slot("10.0.0.2", "b", 2)));
        assert_eq!(h.len(), 2);
        assert_eq!(h.of_station("10.0.0.2".parse().unwrap(), "c"), 1);
        assert_eq!(
            h.oldest_of_station("10.0.0.1".parse().unwrap(), "a"),
            Some([1; 16])
        );
    }
}
