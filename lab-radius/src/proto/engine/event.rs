//! What the engine did, as typed events: returned by `Engine::handle` and `Engine::expire`,
//! rendered as log lines by the shell (`shell::render`). Nothing here is text for the log
//! except the diagnosis, which is the product: a cause and a fix in plain words.

use std::net::SocketAddr;

use thiserror::Error;

use crate::proto::diagnose::Diagnosis;
use crate::proto::eap::packet::EapError;
use crate::proto::eap::{DiscardReason, EapEvent};
use crate::proto::radius::DecodeError;

/// Who an EAP session belongs to, for log spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: u64,
    pub source: SocketAddr,
    pub nas: String,
    pub station: String,
    pub identity: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A datagram decoded as RADIUS (before the client and its authenticator are checked).
    RequestReceived {
        source: SocketAddr,
        code: u8,
        identifier: u8,
    },
    /// A datagram got no answer, and no diagnosis either: see the reason.
    Dropped {
        source: SocketAddr,
        reason: DropReason,
    },
    /// RFC 5080 §2.2.2: a retransmission got the cached reply again.
    DuplicateAnswered {
        source: SocketAddr,
        code: u8,
        identifier: u8,
    },
    /// RFC 5997: Status-Server got an Access-Accept.
    StatusServerAnswered { source: SocketAddr },
    /// An EAP-Response/Identity opened a session.
    SessionStarted { session: SessionInfo },
    /// The NAS's Framed-MTU makes our EAP-TLS fragments smaller.
    FragmentSizeLimited {
        session: SessionInfo,
        mtu: u32,
        fragment_size: usize,
    },
    /// Something the EAP-TLS session did (ClientHello, chains, version and suite, fragments,
    /// round trips, alerts).
    Eap {
        session: SessionInfo,
        event: EapEvent,
    },
    /// An EAP-Response was silently discarded; the session goes on.
    EapDiscarded {
        session: SessionInfo,
        reason: DiscardReason,
    },
    /// A session without progress was dropped to admit a new one (see `Eviction`). The
    /// shell quenches these: a flood makes many.
    SessionEvicted {
        session: SessionInfo,
        cause: Eviction,
    },
    /// Access-Accept with EAP-Success and the MPPE keys: the last event of a session.
    Success {
        session: SessionInfo,
        /// The Accept also carries EAP-Key-Name (the NAS asked for it).
        key_name: bool,
        rounds: u32,
    },
    /// The last event of a failed exchange (rejected, dropped or timed out), with its cause
    /// and fix. `session` is None when no EAP session was involved (RADIUS-level failures).
    Failure {
        session: Option<SessionInfo>,
        diagnosis: Diagnosis,
    },
}

impl Event {
    /// The EAP session the event belongs to, if any.
    pub fn session(&self) -> Option<&SessionInfo> {
        match self {
            Event::SessionStarted { session }
            | Event::FragmentSizeLimited { session, .. }
            | Event::Eap { session, .. }
            | Event::EapDiscarded { session, .. }
            | Event::SessionEvicted { session, .. }
            | Event::Success { session, .. } => Some(session),
            Event::Failure { session, .. } => session.as_ref(),
            Event::RequestReceived { .. }
            | Event::Dropped { .. }
            | Event::DuplicateAnswered { .. }
            | Event::StatusServerAnswered { .. } => None,
        }
    }

    /// The diagnosis, on a failure.
    pub fn diagnosis(&self) -> Option<&Diagnosis> {
        match self {
            Event::Failure { diagnosis, .. } => Some(diagnosis),
            _ => None,
        }
    }
}

/// Why a session without progress made room for a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eviction {
    /// The table held `max_sessions`; the NAS with the most sessions without progress lost
    /// its oldest.
    TableFull { max_sessions: usize },
    /// The same station (Calling-Station-Id behind the same NAS) already held its share.
    StationShare { per_station: usize },
}

/// Why a datagram got no answer (and is not a failure with a diagnosis).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DropReason {
    /// Not a RADIUS packet at all.
    #[error("{0}")]
    NotRadius(DecodeError),
    /// A RADIUS code lab-radius does not answer (Accounting-Request, replies, …).
    #[error("code {code} is not answered")]
    NotAnswered { code: u8 },
    /// An Access-Request without State whose EAP-Message does not parse.
    #[error("{0}")]
    BadEapMessage(EapError),
}
