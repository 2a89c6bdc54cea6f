//! The engine's typed events as log lines: the text users read and grep (`FAILURE <code>:
//! <cause>: <fix>`, `SUCCESS identity …`), the level, the session span and, on the final line
//! of an exchange, the verdict that the JSON format adds as fields.

use rustls::{AlertDescription, ProtocolVersion};

use crate::proto::diagnose::Diagnosis;
use crate::proto::eap::frame::flags_text;
use crate::proto::eap::EapEvent;
use crate::proto::engine::{DropReason, Event, Eviction, SessionInfo};
use crate::proto::radius::attr::{code_name, ACCOUNTING_REQUEST};
use crate::proto::tls::certfacts::CertFacts;
use crate::proto::untrusted::field;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Success,
    Failure(Diagnosis),
}

/// One log line.
#[derive(Debug, Clone)]
pub struct Line {
    pub session: Option<SessionInfo>,
    pub level: Level,
    pub text: String,
    /// Set on the final line of an exchange.
    pub verdict: Option<Verdict>,
}

/// The log line for an event; None for events the log does not show (`RequestReceived`: the
/// log shows what a request led to).
pub fn render(event: &Event) -> Option<Line> {
    let (level, text) = match event {
        Event::RequestReceived { .. } => return None,
        Event::Dropped { source, reason } => dropped(*source, reason),
        Event::DuplicateAnswered {
            source,
            code,
            identifier,
        } => (
            Level::Debug,
            format!(
                "duplicate {} id {identifier} from {source}: resent the cached reply",
                code_name(*code)
            ),
        ),
        Event::StatusServerAnswered { source } => (
            Level::Info,
            format!("Status-Server from {source} answered (RFC 5997)"),
        ),
        Event::SessionStarted { session } => (
            Level::Info,
            format!(
                "new EAP session: identity '{}' station '{}' NAS '{}'",
                field(&session.identity),
                field(&session.station),
                field(&session.nas)
            ),
        ),
        Event::FragmentSizeLimited {
            mtu, fragment_size, ..
        } => (
            Level::Info,
            format!("Framed-MTU {mtu} limits EAP-TLS fragments to {fragment_size} bytes"),
        ),
        Event::Eap { event, .. } => eap(event),
        Event::EapDiscarded { reason, .. } => {
            (Level::Warn, format!("discarded EAP response: {reason}"))
        }
        Event::SessionEvicted { session, cause } => (Level::Warn, evicted(session, cause)),
        Event::Success {
            session,
            key_name,
            rounds,
        } => {
            return Some(Line {
                session: Some(session.clone()),
                level: Level::Info,
                text: format!(
                    "SUCCESS identity '{}': EAP-Success with MS-MPPE-Recv-Key/Send-Key{} after {rounds} round trips",
                    field(&session.identity),
                    if *key_name { " and EAP-Key-Name" } else { "" },
                ),
                verdict: Some(Verdict::Success),
            })
        }
        Event::Failure { session, diagnosis } => {
            return Some(Line {
                session: session.clone(),
                level: Level::Warn,
                text: format!("FAILURE {}: {}", diagnosis.code, diagnosis),
                verdict: Some(Verdict::Failure(diagnosis.clone())),
            })
        }
    };
    Some(Line {
        session: event.session().cloned(),
        level,
        text,
        verdict: None,
    })
}

/// Whether `render` gives this event a warning line (or the FAILURE line), decided without
/// formatting anything: `--quiet` renders only these.
pub fn is_warning(event: &Event) -> bool {
    match event {
        Event::Failure { .. } | Event::EapDiscarded { .. } | Event::SessionEvicted { .. } => true,
        Event::Dropped { reason, .. } => !matches!(reason, DropReason::NotAnswered { .. }),
        Event::Eap { event, .. } => matches!(event, EapEvent::ClientChainRejected { .. }),
        _ => false,
    }
}

/// Every event's line, in order, without the ones the log does not show.
pub fn render_all<'a>(events: impl IntoIterator<Item = &'a Event>) -> Vec<Line> {
    events.into_iter().filter_map(render).collect()
}

fn evicted(session: &SessionInfo, cause: &Eviction) -> String {
    let why = match cause {
        Eviction::TableFull { max_sessions } => format!(
            "the session table is full ({max_sessions} sessions, --max-sessions): dropped the oldest session without progress of the busiest NAS"
        ),
        Eviction::StationShare { per_station } => format!(
            "station '{}' already holds {per_station} sessions without progress behind this NAS: dropped its oldest",
            field(&session.station)
        ),
    };
    format!(
        "{why} (identity '{}', NAS {}) to admit a new one; a flood of EAP-Response/Identity looks like this",
        field(&session.identity),
        session.source.ip()
    )
}

fn dropped(source: std::net::SocketAddr, reason: &DropReason) -> (Level, String) {
    match reason {
        DropReason::NotRadius(e) => (
            Level::Warn,
            format!(
                "dropped malformed datagram from {source}: {e}: this is not RADIUS (RFC 2865); check that the NAS sends authentication to this port and nothing else does"
            ),
        ),
        DropReason::NotAnswered { code } => (
            Level::Info,
            format!(
                "ignored {} (code {code}) from {source}: lab-radius answers Access-Request and Status-Server only{}",
                code_name(*code),
                if *code == ACCOUNTING_REQUEST {
                    "; send accounting to port 1813 or disable it on the NAS"
                } else {
                    ""
                }
            ),
        ),
        DropReason::BadEapMessage(e) => (
            Level::Warn,
            format!("dropped Access-Request from {source}: {e}"),
        ),
    }
}

/// Formatted once per distinct chain (see [`super::chain_text`]).
fn chain(chain: &[CertFacts]) -> std::sync::Arc<str> {
    super::chain_text::chain_text(chain)
}

fn eap(event: &EapEvent) -> (Level, String) {
    match event {
        EapEvent::Start {
            identifier,
            fragment_size,
        } => (
            Level::Info,
            format!("EAP-TLS Start (id {identifier}), fragment size {fragment_size}"),
        ),
        EapEvent::FragmentReceived {
            len,
            flags,
            received,
            expected,
        } => (
            Level::Debug,
            format!(
                "<- fragment {len} bytes (flags {}), {received} of {} so far; sending ACK",
                flags_text(*flags),
                expected
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| "?".into())
            ),
        ),
        EapEvent::MessageReceived {
            len,
            fragments,
            round,
        } => (
            Level::Info,
            format!("<- TLS message {len} bytes in {fragments} fragment(s), round {round}"),
        ),
        EapEvent::ClientHello(hello) => (Level::Info, format!("ClientHello: {}", hello.summary())),
        EapEvent::AlertReceived { level, description } => (
            Level::Info,
            format!("<- TLS alert from the client (level {level}, description {description})"),
        ),
        EapEvent::ClientChainReceived { chain: c } => (
            Level::Info,
            format!(
                "client chain received ({} certificate(s)): [{}]",
                c.len(),
                chain(c)
            ),
        ),
        EapEvent::ClientChainVerified => (
            Level::Info,
            "client chain verified against the configured CA(s)".into(),
        ),
        EapEvent::ClientChainRejected { error } => (
            Level::Warn,
            format!("client chain did not verify: {error}"),
        ),
        EapEvent::HandshakeComplete { version, suite } => (
            Level::Info,
            format!(
                "handshake complete: {} {}",
                match version {
                    Some(ProtocolVersion::TLSv1_3) => "TLS 1.3",
                    Some(ProtocolVersion::TLSv1_2) => "TLS 1.2",
                    _ => "TLS ?",
                },
                suite.map(|s| format!("{s:?}")).unwrap_or_default()
            ),
        ),
        EapEvent::SuccessIndicationQueued => (
            Level::Debug,
            "queued the TLS 1.3 success indication (0x00)".into(),
        ),
        EapEvent::ServerChainSent { chain: c } => {
            (Level::Info, format!("server chain sent: [{}]", chain(c)))
        }
        EapEvent::FragmentSent {
            index,
            len,
            flags,
            sent,
            total,
        } => (
            Level::Debug,
            format!(
                "-> fragment {index} ({len} bytes, flags {}), {sent} of {total} sent",
                flags_text(*flags)
            ),
        ),
        EapEvent::FlightSent {
            len,
            fragments,
            fragment_size,
        } => (
            Level::Info,
            format!("-> TLS flight {len} bytes in {fragments} fragment(s) of at most {fragment_size}"),
        ),
        EapEvent::TlsError { error } => (
            Level::Debug,
            format!("rustls' internal error name (see the FAILURE line for the cause): {error}"),
        ),
        EapEvent::AlertSent {
            description,
            encrypted,
        } => (
            Level::Info,
            format!(
                "-> sending TLS alert {} to the client inside EAP-TLS before EAP-Failure (RFC 5216 §2.1.3)",
                alert_text(*description, *encrypted)
            ),
        ),
        EapEvent::AlertAcknowledged => (
            Level::Info,
            "the client acknowledged our TLS alert; sending EAP-Failure".into(),
        ),
        EapEvent::FinalFlightAcknowledged { rounds } => (
            Level::Info,
            format!("the client acknowledged the final flight after {rounds} round trips"),
        ),
    }
}

fn alert_text(description: Option<AlertDescription>, encrypted: bool) -> String {
    match (description, encrypted) {
        (Some(d), false) => format!("{d:?}"),
        (Some(d), true) => format!("{d:?} (encrypted)"),
        (None, _) => "(encrypted)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::radius::DecodeError;

    /// `--quiet` keeps exactly the lines `render` makes warnings (FAILURE included).
    #[test]
    fn is_warning_agrees_with_render() {
        let source: std::net::SocketAddr = "127.0.0.1:1".parse().unwrap();
        let events = [
            Event::StatusServerAnswered { source },
            Event::Dropped {
                source,
                reason: DropReason::NotAnswered { code: 4 },
            },
            Event::Dropped {
                source,
                reason: DropReason::NotRadius(DecodeError::TooShort(3)),
            },
            Event::RequestReceived {
                source,
                code: 1,
                identifier: 0,
            },
        ];
        for event in &events {
            let warn = render(event).is_some_and(|l| l.level == Level::Warn);
            assert_eq!(is_warning(event), warn, "{event:?}");
        }
    }
}
