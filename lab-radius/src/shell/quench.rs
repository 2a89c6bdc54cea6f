//! Log quenching for traffic anyone can send or spoof (junk datagrams, unknown clients, wrong
//! secrets, missing or malformed Message-Authenticator, evictions and timeouts of sessions a
//! flood opened): at most one line per cause and source per second, at most `PER_CAUSE` lines
//! per cause per second whatever the sources (they can be spoofed), and a line with the count
//! of what was suppressed. Memory is bounded the same way: a source is remembered only when
//! its line is written. Sans-IO: the caller passes the time.

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use crate::proto::engine::{DropReason, Event};

/// Lines per cause per second, over all sources.
pub const PER_CAUSE: u32 = 10;

/// The quench key of an event: its cause and the address it came from. None for events that
/// are always logged (the lines of sessions that made progress, successes).
pub fn key(event: &Event, source: Option<SocketAddr>) -> Option<(&'static str, IpAddr)> {
    let cause = match event {
        Event::Dropped { reason, .. } => match reason {
            DropReason::NotRadius(_) => "dropped: not RADIUS",
            DropReason::NotAnswered { .. } => "ignored: code not answered",
            DropReason::BadEapMessage(_) => "dropped: EAP-Message does not parse",
        },
        Event::Failure {
            session: None,
            diagnosis,
        } => diagnosis.code,
        // Timeouts come in bursts when a flood's sessions expire, and budget endings when a
        // flood of handshakes fills the TLS memory budget.
        Event::Failure {
            session: Some(_),
            diagnosis,
        } if matches!(diagnosis.code, "eap.timeout" | "radius.tls-memory-budget") => diagnosis.code,
        Event::SessionEvicted { .. } => "session evicted",
        _ => return None,
    };
    let ip = event
        .session()
        .map(|s| s.source)
        .or(source)
        .map(|s| s.ip())?;
    Some((cause, ip))
}

#[derive(Default)]
struct CauseWindow {
    written: u32,
    sources: HashSet<IpAddr>,
    suppressed: u64,
}

/// Which lines to write, per one-second window.
pub struct Quench {
    window: Option<Instant>,
    causes: BTreeMap<&'static str, CauseWindow>,
    /// Suppressed counts of finished windows, not yet reported.
    pending: BTreeMap<&'static str, (u64, Instant)>,
}

impl Default for Quench {
    fn default() -> Self {
        Quench::new()
    }
}

impl Quench {
    pub fn new() -> Self {
        Quench {
            window: None,
            causes: BTreeMap::new(),
            pending: BTreeMap::new(),
        }
    }

    fn roll(&mut self, now: Instant) {
        let start = *self.window.get_or_insert(now);
        if now.duration_since(start).as_secs() >= 1 {
            for (cause, w) in std::mem::take(&mut self.causes) {
                if w.suppressed > 0 {
                    let entry = self.pending.entry(cause).or_insert((0, start));
                    entry.0 += w.suppressed;
                }
            }
            self.window = Some(now);
        }
    }

    /// Whether the line for (`cause`, `source`) is written now.
    pub fn admit(&mut self, cause: &'static str, source: IpAddr, now: Instant) -> bool {
        self.roll(now);
        let w = self.causes.entry(cause).or_default();
        if w.written < PER_CAUSE && w.sources.insert(source) {
            w.written += 1;
            true
        } else {
            w.suppressed += 1;
            false
        }
    }

    /// The report lines for suppressed lines of finished windows (one per cause), to log now.
    pub fn reports(&mut self, now: Instant) -> Vec<String> {
        self.roll(now);
        std::mem::take(&mut self.pending)
            .into_iter()
            .map(|(cause, (count, since))| {
                format!(
                    "log quenched: {count} more line(s) of '{cause}' in the last {} s (at most 1 per source and {PER_CAUSE} in all per second; sources of such traffic can be spoofed)",
                    now.duration_since(since).as_secs().max(1)
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Issue 14, defect 5: a junk flood from many (spoofed) sources writes at most one line per
    /// source and cause per second, at most PER_CAUSE in all, and reports the rest as a count.
    #[test]
    fn spoofable_lines_are_quenched_with_counts() {
        let mut q = Quench::new();
        let t0 = Instant::now();
        let one: IpAddr = "192.0.2.1".parse().unwrap();
        let mut written = 0;
        for i in 0..1000u32 {
            let t = t0 + Duration::from_micros(i as u64 * 500); // 0.5 s of junk
            if q.admit("dropped: not RADIUS", one, t) {
                written += 1;
            }
        }
        assert_eq!(written, 1, "one line per cause and source per second");
        let mut written = 0;
        for i in 0..1000u32 {
            let spoofed = IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + i));
            if q.admit(
                "radius.bad-secret",
                spoofed,
                t0 + Duration::from_millis(600),
            ) {
                written += 1;
            }
        }
        assert_eq!(written, PER_CAUSE, "a total bound per cause");
        assert!(q.reports(t0 + Duration::from_millis(900)).is_empty());
        let reports = q.reports(t0 + Duration::from_millis(1100));
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert!(
            reports.iter().any(|r| r.contains("999 more")),
            "{reports:?}"
        );
        assert!(
            reports.iter().any(|r| r.contains("990 more")),
            "{reports:?}"
        );
        // A new second: the source may write again.
        assert!(q.admit("dropped: not RADIUS", one, t0 + Duration::from_millis(2200)));
    }

    #[test]
    fn only_spoofable_causes_are_keyed() {
        let source: SocketAddr = "192.0.2.1:5".parse().unwrap();
        let junk = Event::Dropped {
            source,
            reason: DropReason::NotAnswered { code: 4 },
        };
        assert!(key(&junk, Some(source)).is_some());
        assert!(key(&Event::StatusServerAnswered { source }, Some(source)).is_none());
    }
}
