//! Log output: human (default) or JSON lines, on stdout. The engine's events, rendered as lines
//! (`render`), become tracing events inside a span per EAP session.
//!
//! Everything written passes through `proto::untrusted`: span fields (identity, station, NAS)
//! as escaped fields, the text as a whole line, so what a station or NAS chose can never start
//! a line of its own or reach the operator's terminal as an escape sequence.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tracing::level_filters::LevelFilter;
use tracing::{debug, info, info_span, warn};

use super::config::LogFormat;
use super::render::{render, Level, Line, Verdict};
use crate::proto::engine::{Event, Stats};
use crate::proto::untrusted;

static JSON: AtomicBool = AtomicBool::new(false);
/// `--quiet`: only warnings and FAILURE lines; other events are not even formatted.
static QUIET: AtomicBool = AtomicBool::new(false);

pub fn init(format: LogFormat, verbose: bool, quiet: bool) {
    JSON.store(format == LogFormat::Json, Ordering::Relaxed);
    QUIET.store(quiet, Ordering::Relaxed);
    let level = if quiet {
        LevelFilter::WARN
    } else if verbose {
        LevelFilter::DEBUG
    } else {
        LevelFilter::INFO
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_writer(std::io::stdout);
    match format {
        LogFormat::Human => builder.with_ansi(std::io::stdout().is_terminal()).init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

fn emit(r: &Line, json: bool) {
    let text = untrusted::line(&r.text);
    match &r.verdict {
        // Human lines already say everything in the message; JSON gets separate fields.
        Some(Verdict::Failure(_)) if !json => warn!("{text}"),
        Some(Verdict::Failure(d)) => warn!(
            outcome = "failure",
            code = d.code,
            cause = %untrusted::line(&d.cause),
            fix = %untrusted::line(&d.fix),
            diagnosis = %untrusted::line(&d.to_string()),
            "{text}"
        ),
        Some(Verdict::Success) if !json => info!("{text}"),
        Some(Verdict::Success) => info!(outcome = "success", "{text}"),
        None => match r.level {
            Level::Debug => debug!("{text}"),
            Level::Info => info!("{text}"),
            Level::Warn => warn!("{text}"),
        },
    }
}

fn log_line_as(r: &Line, json: bool) {
    match &r.session {
        Some(s) => info_span!(
            "eap",
            session = s.id,
            nas = %untrusted::field(&s.nas),
            station = %untrusted::field(&s.station),
            identity = %untrusted::field(&s.identity)
        )
        .in_scope(|| emit(r, json)),
        None => emit(r, json),
    }
}

pub fn log_line(r: &Line) {
    log_line_as(r, JSON.load(Ordering::Relaxed));
}

/// Logs an engine event (if the log shows it).
pub fn log_event(event: &Event) {
    if QUIET.load(Ordering::Relaxed) && !super::render::is_warning(event) {
        return;
    }
    if let Some(line) = render(event) {
        log_line(&line);
    }
}

/// The server's log: engine events through the quench for spoofable traffic, the quench's
/// counts, and a status line with the engine's tables when they change (at most every
/// `STATUS_EVERY`, and at once when the last session ends).
pub struct EventLog {
    quench: super::quench::Quench,
    last_status: Option<(Instant, Stats)>,
    tls_budget: usize,
}

const STATUS_EVERY: Duration = Duration::from_secs(10);

impl EventLog {
    pub fn new(tls_budget: usize) -> Self {
        EventLog {
            quench: super::quench::Quench::new(),
            last_status: None,
            tls_budget,
        }
    }

    /// Logs what one datagram from `source` (or the expiry timer: None) led to.
    pub fn events(&mut self, now: Instant, source: Option<SocketAddr>, events: &[Event]) {
        for event in events {
            if let Some((cause, ip)) = super::quench::key(event, source) {
                if !self.quench.admit(cause, ip, now) {
                    continue;
                }
            }
            log_event(event);
        }
    }

    /// Once a second: the quench's counts and, if due, the status line.
    pub fn tick(&mut self, now: Instant, stats: Stats) {
        for report in self.quench.reports(now) {
            warn!("{report}");
        }
        let due = match self.last_status {
            None => stats.sessions > 0,
            Some((at, last)) => {
                let changed = (last.sessions, last.half_open, last.cached_replies)
                    != (stats.sessions, stats.half_open, stats.cached_replies);
                changed
                    && (now.duration_since(at) >= STATUS_EVERY
                        || (stats.sessions == 0 && last.sessions > 0))
            }
        };
        if due {
            self.last_status = Some((now, stats));
            info!("{}", status_text(&stats, self.tls_budget));
        }
    }
}

/// `status: …`: what the soak and flood tests read (sessions back to 0, memory in use).
pub fn status_text(s: &Stats, tls_budget: usize) -> String {
    format!(
        "status: {} EAP sessions ({} without progress), TLS memory {} KiB of {} MiB, {} cached replies ({} KiB)",
        s.sessions,
        s.half_open,
        s.tls_bytes / 1024,
        tls_budget / (1024 * 1024),
        s.cached_replies,
        s.cached_bytes / 1024
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::diagnose;
    use crate::proto::engine::SessionInfo;
    use std::sync::{Arc, Mutex};

    /// What the real subscriber of one format writes for `events`.
    fn written(format: LogFormat, events: &[Event]) -> String {
        let out = Arc::new(Mutex::new(Vec::<u8>::new()));
        let sink = out.clone();
        let writer = move || Sink(sink.clone());
        let builder = tracing_subscriber::fmt()
            .with_max_level(LevelFilter::DEBUG)
            .with_target(false)
            .with_ansi(false)
            .with_writer(writer);
        let json = format == LogFormat::Json;
        let run = || {
            for e in events {
                if let Some(line) = render(e) {
                    log_line_as(&line, json);
                }
            }
        };
        if json {
            let sub = builder
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .finish();
            tracing::subscriber::with_default(sub, run);
        } else {
            tracing::subscriber::with_default(builder.finish(), run);
        }
        let bytes = out.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Issue 14, defect 1: a station's identity, Calling-Station-Id, a NAS-Identifier and a
    /// User-Name holding newlines, ESC/CSI and fake log text stay inside their own line in
    /// both formats.
    #[test]
    fn client_chosen_text_cannot_forge_lines_or_reach_the_terminal() {
        let forged = "2026-01-01T00:00:00Z  WARN FAILURE radius.bad-secret: rotate";
        let source: std::net::SocketAddr = "192.0.2.1:4000".parse().unwrap();
        let session = SessionInfo {
            id: 7,
            source,
            nas: format!("ap1\r\n{forged}"),
            station: "02-00\x1b]0;owned\x07\u{9b}31m".into(),
            identity: format!("alice'\n{forged}\u{202e}"),
        };
        let events = [
            Event::SessionStarted {
                session: session.clone(),
            },
            Event::Success {
                session: session.clone(),
                key_name: false,
                rounds: 4,
            },
            Event::Failure {
                session: None,
                diagnosis: diagnose::radius::no_eap(source, &format!("bob\n{forged}")),
            },
        ];
        for format in [LogFormat::Human, LogFormat::Json] {
            let out = written(format, &events);
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 3, "{format:?}: one line per event:\n{out}");
            for l in &lines {
                assert!(
                    !l.chars().any(|c| c.is_control() || c == '\u{202e}'),
                    "{format:?}: control character written: {l:?}"
                );
                assert!(
                    !l.contains(&format!("\n{forged}")),
                    "{format:?}: forged line: {l}"
                );
            }
            // The real FAILURE line is there, with its own code.
            assert!(out.contains("FAILURE radius.no-eap"), "{format:?}:\n{out}");
            if format == LogFormat::Json {
                for l in &lines {
                    serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON");
                }
            }
        }
    }

    /// Issue 14, defect 5, through the log the server writes: 1,000 junk datagrams from
    /// spoofed sources in one second become PER_CAUSE lines and one count.
    #[test]
    fn a_junk_flood_writes_a_bounded_number_of_lines() {
        use crate::proto::engine::DropReason;
        use crate::proto::radius::DecodeError;
        let out = Arc::new(Mutex::new(Vec::<u8>::new()));
        let sink = out.clone();
        let sub = tracing_subscriber::fmt()
            .with_max_level(LevelFilter::DEBUG)
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::with_default(sub, || {
            let mut log = EventLog::new(1 << 20);
            let t0 = Instant::now();
            for i in 0..1000u32 {
                let source =
                    std::net::SocketAddr::from((std::net::Ipv4Addr::from(0x0a00_0000 + i), 1812));
                let junk = Event::Dropped {
                    source,
                    reason: DropReason::NotRadius(DecodeError::TooShort(3)),
                };
                log.events(t0, Some(source), &[junk]);
            }
            log.tick(t0 + Duration::from_millis(1100), Stats::default());
        });
        let text = String::from_utf8(out.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len(),
            super::super::quench::PER_CAUSE as usize + 1,
            "{text}"
        );
        assert!(lines.last().unwrap().contains("990 more line(s)"), "{text}");
    }
}
