//! What an EAP-TLS session did, as typed events. The engine attaches the session they belong
//! to; the shell renders them as log lines (`shell::render`).

use std::sync::Arc;

use rustls::{AlertDescription, CipherSuite, ProtocolVersion};
use thiserror::Error;

use super::packet::EapError;
use crate::proto::tls::certfacts::CertFacts;
use crate::proto::tls::hello::ClientHello;

#[derive(Debug, Clone, PartialEq)]
pub enum EapEvent {
    /// Sent EAP-Request/EAP-TLS Start.
    Start {
        identifier: u8,
        fragment_size: usize,
    },
    /// A fragment with the M flag arrived; an ACK goes back.
    FragmentReceived {
        len: usize,
        flags: u8,
        /// Bytes of the message received so far.
        received: usize,
        /// TLS Message Length, when the first fragment announced it.
        expected: Option<usize>,
    },
    /// A whole TLS message arrived (one round trip of the handshake).
    MessageReceived {
        len: usize,
        fragments: u32,
        round: u32,
    },
    /// The client's first flight, parsed.
    ClientHello(Box<ClientHello>),
    /// The client's message starts with a plaintext TLS alert.
    AlertReceived { level: u8, description: u8 },
    /// The client's certificate chain, leaf first, as the verifier saw it.
    ClientChainReceived { chain: Arc<[CertFacts]> },
    /// The client's chain verified against the configured CAs.
    ClientChainVerified,
    /// The client's chain did not verify (the FAILURE event says why in plain words).
    ClientChainRejected { error: rustls::Error },
    /// The TLS handshake finished.
    HandshakeComplete {
        version: Option<ProtocolVersion>,
        suite: Option<CipherSuite>,
    },
    /// RFC 9190 §2.5: the TLS 1.3 protected success indication is queued.
    SuccessIndicationQueued,
    /// Our first flight (with our certificate chain) is on its way.
    ServerChainSent { chain: Arc<[CertFacts]> },
    /// One fragment of a flight that needs several, or a later one.
    FragmentSent {
        /// 1-based fragment number within the flight.
        index: u32,
        len: usize,
        flags: u8,
        /// Bytes of the flight sent so far, this fragment included.
        sent: usize,
        total: usize,
    },
    /// The last fragment of a flight went out.
    FlightSent {
        len: usize,
        fragments: u32,
        fragment_size: usize,
    },
    /// rustls failed; its own error, for experts (the diagnosis gives the real cause).
    TlsError { error: rustls::Error },
    /// A fatal TLS alert goes to the client inside EAP-TLS before EAP-Failure.
    AlertSent {
        /// None when the record is encrypted and the description is unknown.
        description: Option<AlertDescription>,
        encrypted: bool,
    },
    /// The client acknowledged our alert; EAP-Failure follows.
    AlertAcknowledged,
    /// The client acknowledged the final flight; EAP-Success follows.
    FinalFlightAcknowledged { rounds: u32 },
}

/// Why an EAP-Response was silently discarded (RFC 3748 §4.1); the session goes on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DiscardReason {
    #[error("malformed EAP packet: {0}")]
    Malformed(EapError),
    #[error("EAP code {0} is not a Response")]
    NotAResponse(u8),
    #[error("EAP identifier {got} does not match the outstanding request {expected}")]
    WrongIdentifier { got: u8, expected: u8 },
    #[error("unexpected Identity in the middle of EAP-TLS")]
    IdentityMidway,
}
