//! The EAP-TLS server state machine (RFC 5216 for TLS 1.2, RFC 9190 for TLS 1.3).
//!
//! Sans-IO: `handle` takes one EAP-Response and returns what to send next; rustls runs fully in
//! memory over byte buffers. Typed events (`EapEvent`) accumulate and are drained by the caller.

use std::io::Write;
use std::sync::Arc;
use std::time::SystemTime;

use rustls::{ProtocolVersion, ServerConnection};

use super::event::{DiscardReason, EapEvent};
use super::frame::{self, TlsFrame, FLAG_MORE, FLAG_START};
use super::packet::{self, EapPacket, RESPONSE, TYPE_IDENTITY, TYPE_NAK, TYPE_TLS};
use crate::proto::diagnose::eap::Stall;
use crate::proto::diagnose::{self, Diagnosis, TlsContext};
use crate::proto::tls::clock::SuppliedTime;
use crate::proto::tls::hello::{self, ClientHello};
use crate::proto::tls::setup::TlsSetup;
use crate::proto::tls::verifier::{ClientCertRecord, RecordSlot};

/// hostapd/wpa_supplicant's default EAP-TLS fragment size.
pub const DEFAULT_FRAGMENT_SIZE: usize = 1398;
/// hostapd's cap on a reassembled EAP-TLS message; anything above is refused before buffering.
pub const DEFAULT_MAX_MESSAGE: usize = 64 * 1024;
/// APs give up after roughly 40–50 rounds; a session that needs more is broken.
pub const DEFAULT_MAX_ROUNDS: u32 = 64;

#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// TLS data bytes per EAP-TLS packet we send.
    pub fragment_size: usize,
    /// Largest TLS Message Length we accept from the peer.
    pub max_message: usize,
    pub max_rounds: u32,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            fragment_size: DEFAULT_FRAGMENT_SIZE,
            max_message: DEFAULT_MAX_MESSAGE,
            max_rounds: DEFAULT_MAX_ROUNDS,
        }
    }
}

/// Keying material exported at the end of a successful handshake.
#[derive(Clone)]
pub struct Keys {
    pub msk: [u8; 64],
    pub emsk: [u8; 64],
    /// EAP Session-Id (RFC 5247), carried as EAP-Key-Name when the NAS asks for it.
    pub session_id: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

#[derive(Debug)]
pub enum Outcome {
    /// Send this EAP-Request (in an Access-Challenge).
    Challenge(Vec<u8>),
    /// Send EAP-Success with these keys (in an Access-Accept).
    Success { eap: Vec<u8>, keys: Box<Keys> },
    /// Send EAP-Failure (in an Access-Reject).
    Failure { eap: Vec<u8>, diagnosis: Diagnosis },
    /// Silently discard the response (RFC 3748 §4.1), keeping the session.
    Discard(DiscardReason),
}

#[derive(Debug)]
enum Phase {
    Started,
    Handshaking,
    HandshakeDone,
    /// A TLS alert is on its way to the peer; the next response gets EAP-Failure.
    AlertSent(Diagnosis),
}

pub struct EapTlsSession {
    setup: Arc<TlsSetup>,
    conn: ServerConnection,
    /// rustls' time: set from the caller's `now` before every call into rustls.
    clock: Arc<SuppliedTime>,
    record: RecordSlot,
    limits: SessionLimits,
    request_id: u8,
    phase: Phase,
    incoming: Vec<u8>,
    incoming_expected: Option<usize>,
    outgoing: Vec<u8>,
    out_pos: usize,
    hello: Option<ClientHello>,
    server_random: Option<[u8; 32]>,
    server_certificate_sent: bool,
    chain_logged: bool,
    rounds: u32,
    fragments_in: u32,
    fragments_out: u32,
    events: Vec<EapEvent>,
    keys: Option<Keys>,
}

impl EapTlsSession {
    /// Starts EAP-TLS after an EAP-Response/Identity with identifier `identity_id`, at `now`.
    /// Returns the session and the EAP-Request/EAP-TLS Start to send.
    pub fn start(
        setup: Arc<TlsSetup>,
        identity_id: u8,
        limits: SessionLimits,
        now: SystemTime,
    ) -> (EapTlsSession, Vec<u8>) {
        let clock = Arc::new(SuppliedTime::new(now));
        let (config, record) = setup.session_config(clock.clone());
        let conn = ServerConnection::new(config).expect("a fresh server config is valid");
        let request_id = identity_id.wrapping_add(1);
        let mut session = EapTlsSession {
            setup,
            conn,
            clock,
            record,
            limits,
            request_id,
            phase: Phase::Started,
            incoming: Vec::new(),
            incoming_expected: None,
            outgoing: Vec::new(),
            out_pos: 0,
            hello: None,
            server_random: None,
            server_certificate_sent: false,
            chain_logged: false,
            rounds: 0,
            fragments_in: 0,
            fragments_out: 0,
            events: Vec::new(),
            keys: None,
        };
        session.events.push(EapEvent::Start {
            identifier: request_id,
            fragment_size: limits.fragment_size,
        });
        let start = packet::build(
            packet::REQUEST,
            request_id,
            Some((TYPE_TLS, &frame::encode(FLAG_START, None, &[]))),
        );
        (session, start)
    }

    pub fn drain_events(&mut self) -> Vec<EapEvent> {
        std::mem::take(&mut self.events)
    }

    pub fn rounds(&self) -> u32 {
        self.rounds
    }

    /// Bytes of TLS data this session holds in its own buffers (a message being reassembled,
    /// a flight being sent): what the engine charges to its global memory budget.
    pub fn buffered(&self) -> usize {
        self.incoming.capacity() + self.outgoing.capacity()
    }

    /// Ends the session from outside (the engine's memory budget): EAP-Failure with `diagnosis`.
    pub fn abort(&mut self, diagnosis: Diagnosis) -> Outcome {
        self.incoming = Vec::new();
        self.outgoing = Vec::new();
        self.failure(diagnosis)
    }

    pub fn client_hello(&self) -> Option<&ClientHello> {
        self.hello.as_ref()
    }

    /// Where the session was when the client stopped answering.
    pub fn stall(&self) -> Stall {
        match &self.phase {
            Phase::Started => Stall::Start,
            Phase::Handshaking if self.server_certificate_sent => Stall::AfterServerChain {
                rounds: self.rounds,
            },
            Phase::Handshaking => Stall::Handshake {
                rounds: self.rounds,
            },
            Phase::HandshakeDone => Stall::FinalFlight,
            Phase::AlertSent(d) => Stall::AfterAlert(d.clone()),
        }
    }

    /// The timeout diagnosis for a session that stopped getting answers.
    pub fn stalled_diagnosis(&self) -> Diagnosis {
        diagnose::eap::timeout(&self.stall())
    }

    fn push(&mut self, event: EapEvent) {
        self.events.push(event);
    }

    fn failure(&mut self, diagnosis: Diagnosis) -> Outcome {
        Outcome::Failure {
            eap: packet::failure(self.request_id),
            diagnosis,
        }
    }

    fn protocol_failure(&mut self, cause: String) -> Outcome {
        self.failure(diagnose::eap::protocol_error(cause))
    }

    /// Handles one EAP-Response (the reassembled EAP-Message of an Access-Request) at `now`,
    /// the time client certificates are checked against.
    pub fn handle(&mut self, now: SystemTime, eap: &[u8]) -> Outcome {
        self.clock.set(now);
        let response = match self.accept_response(eap) {
            Ok(r) => r,
            Err(reason) => return Outcome::Discard(reason),
        };
        self.rounds += 1;
        if self.rounds > self.limits.max_rounds {
            return self.failure(diagnose::eap::too_many_rounds(self.limits.max_rounds));
        }
        let (kind, data) = response.method.expect("responses carry a type");
        if let Err(outcome) = self.check_method(kind, data) {
            return outcome;
        }
        let tls = match TlsFrame::parse(data) {
            Ok(f) => f,
            Err(e) => return self.protocol_failure(e.to_string()),
        };
        self.tls_data(tls)
    }

    /// RFC 3748 §4.1: what is silently discarded (the session goes on).
    fn accept_response<'a>(&self, eap: &'a [u8]) -> Result<EapPacket<'a>, DiscardReason> {
        let response = EapPacket::parse(eap).map_err(DiscardReason::Malformed)?;
        if response.code != RESPONSE {
            return Err(DiscardReason::NotAResponse(response.code));
        }
        if response.identifier != self.request_id {
            return Err(DiscardReason::WrongIdentifier {
                got: response.identifier,
                expected: self.request_id,
            });
        }
        Ok(response)
    }

    /// The client must answer with EAP-TLS: a Nak ends the session, a stray Identity is
    /// discarded, anything else is a protocol error.
    fn check_method(&mut self, kind: u8, data: &[u8]) -> Result<(), Outcome> {
        match kind {
            TYPE_TLS => Ok(()),
            TYPE_NAK => Err(self.failure(diagnose::eap::nak(data))),
            TYPE_IDENTITY => Err(Outcome::Discard(DiscardReason::IdentityMidway)),
            other => Err(self.protocol_failure(format!(
                "the client answered with {} instead of EAP-TLS",
                packet::type_name(other)
            ))),
        }
    }

    /// An EAP-TLS frame: the answer to our alert, an ACK of our fragment, or TLS data.
    fn tls_data(&mut self, tls: TlsFrame<'_>) -> Outcome {
        if let Phase::AlertSent(d) = &self.phase {
            let d = d.clone();
            self.push(EapEvent::AlertAcknowledged);
            return self.failure(d);
        }
        if self.out_pos < self.outgoing.len() {
            if !tls.is_ack() {
                return self.protocol_failure(format!(
                    "the client sent {} bytes (flags {}) instead of acknowledging our fragment",
                    tls.data.len(),
                    frame::flags_text(tls.flags)
                ));
            }
            return self.send_next_fragment();
        }
        self.receive(tls)
    }

    fn receive(&mut self, tls: TlsFrame<'_>) -> Outcome {
        self.fragments_in += 1;
        if let Err(cause) = self.check_length(&tls) {
            return self.protocol_failure(cause);
        }
        self.incoming.extend_from_slice(tls.data);
        if tls.more() {
            self.push(EapEvent::FragmentReceived {
                len: tls.data.len(),
                flags: tls.flags,
                received: self.incoming.len(),
                expected: self.incoming_expected,
            });
            self.request_id = self.request_id.wrapping_add(1);
            return Outcome::Challenge(packet::build(
                packet::REQUEST,
                self.request_id,
                Some((TYPE_TLS, &frame::encode(0, None, &[]))),
            ));
        }
        if let Some(expected) = self.incoming_expected.take() {
            if self.incoming.len() != expected {
                return self.protocol_failure(format!(
                    "TLS Message Length announced {expected} bytes but {} arrived",
                    self.incoming.len()
                ));
            }
        }
        let message = std::mem::take(&mut self.incoming);
        let fragments = std::mem::take(&mut self.fragments_in);
        if message.is_empty() {
            return self.acknowledged();
        }
        self.push(EapEvent::MessageReceived {
            len: message.len(),
            fragments,
            round: self.rounds,
        });
        self.feed(&message)
    }

    /// RFC 5216 §2.1.5 TLS Message Length rules, checked before anything is buffered: within
    /// the limit, not smaller than the first fragment, the same in every fragment, and never
    /// exceeded by the data.
    fn check_length(&mut self, tls: &TlsFrame<'_>) -> Result<(), String> {
        if let Some(total) = tls.message_length {
            let total = total as usize;
            if total > self.limits.max_message {
                return Err(format!(
                    "TLS Message Length {total} exceeds the {}-byte limit (refused before buffering)",
                    self.limits.max_message
                ));
            }
            if self.incoming.is_empty() {
                if total < tls.data.len() {
                    return Err(format!(
                        "TLS Message Length {total} is smaller than the {} bytes in the first fragment",
                        tls.data.len()
                    ));
                }
                self.incoming_expected = Some(total);
            } else if self.incoming_expected != Some(total) {
                return Err(format!(
                    "TLS Message Length changed between fragments ({:?} then {total})",
                    self.incoming_expected
                ));
            }
        }
        let limit = self.incoming_expected.unwrap_or(self.limits.max_message);
        if self.incoming.len() + tls.data.len() > limit {
            return Err(format!(
                "the client sent more than the {limit} bytes announced (TLS Message Length lie or oversize message)"
            ));
        }
        Ok(())
    }

    /// The client acknowledged our last flight and had nothing more to say.
    fn acknowledged(&mut self) -> Outcome {
        match (&self.phase, self.keys.take()) {
            (Phase::HandshakeDone, Some(keys)) => {
                self.push(EapEvent::FinalFlightAcknowledged {
                    rounds: self.rounds,
                });
                Outcome::Success {
                    eap: packet::success(self.request_id),
                    keys: Box::new(keys),
                }
            }
            _ => self.protocol_failure(
                "the client sent an empty EAP-TLS response in the middle of the handshake (it probably failed locally without sending an alert)".into(),
            ),
        }
    }

    fn feed(&mut self, message: &[u8]) -> Outcome {
        if self.hello.is_none() {
            if let Some(hello) = hello::parse_client_hello(message) {
                self.push(EapEvent::ClientHello(Box::new(hello.clone())));
                self.hello = Some(hello);
            }
            self.phase = Phase::Handshaking;
        }
        if let Some((level, description)) = hello::leading_alert(message) {
            self.push(EapEvent::AlertReceived { level, description });
        }
        let result = self.read_into_rustls(message);
        self.log_client_chain();
        if let Err(error) = result {
            return self.tls_failed(error);
        }
        let was_done = matches!(self.phase, Phase::HandshakeDone);
        if !self.conn.is_handshaking() && !was_done {
            self.phase = Phase::HandshakeDone;
            let version = self.conn.protocol_version();
            let suite = self.conn.negotiated_cipher_suite().map(|s| s.suite());
            self.push(EapEvent::HandshakeComplete { version, suite });
            if version == Some(ProtocolVersion::TLSv1_3) {
                // RFC 9190 §2.5: the protected success indication, one application-data byte 0x00.
                if let Err(e) = self.conn.writer().write_all(&[0]) {
                    return self.tls_failed(rustls::Error::General(e.to_string()));
                }
                self.push(EapEvent::SuccessIndicationQueued);
            }
            match self.export_keys() {
                Ok(keys) => self.keys = Some(keys),
                Err(e) => return self.tls_failed(e),
            }
        }
        let flight = self.write_from_rustls();
        if self.server_random.is_none() {
            self.server_random = hello::parse_server_random(&flight);
        }
        if flight.is_empty() {
            if matches!(self.phase, Phase::HandshakeDone) {
                return self.acknowledged();
            }
            self.request_id = self.request_id.wrapping_add(1);
            return Outcome::Challenge(packet::build(
                packet::REQUEST,
                self.request_id,
                Some((TYPE_TLS, &frame::encode(0, None, &[]))),
            ));
        }
        if !self.server_certificate_sent {
            let chain = self.setup.shared_server_chain();
            self.push(EapEvent::ServerChainSent { chain });
        }
        self.server_certificate_sent = true;
        self.start_flight(flight)
    }

    fn read_into_rustls(&mut self, message: &[u8]) -> Result<(), rustls::Error> {
        let mut rest = message;
        while !rest.is_empty() {
            match self.conn.read_tls(&mut rest) {
                Ok(0) => break,
                Ok(_) => {
                    self.conn.process_new_packets()?;
                }
                Err(e) => return Err(rustls::Error::General(format!("TLS input: {e}"))),
            }
        }
        Ok(())
    }

    fn write_from_rustls(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while self.conn.wants_write() {
            match self.conn.write_tls(&mut out) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        out
    }

    fn log_client_chain(&mut self) {
        if self.chain_logged {
            return;
        }
        let record: Option<ClientCertRecord> = self.record.lock().ok().and_then(|r| r.clone());
        if let Some(record) = record {
            self.chain_logged = true;
            self.push(EapEvent::ClientChainReceived {
                chain: record.chain,
            });
            self.push(match record.verdict {
                Ok(()) => EapEvent::ClientChainVerified,
                Err(error) => EapEvent::ClientChainRejected { error },
            });
        }
    }

    fn tls_failed(&mut self, error: rustls::Error) -> Outcome {
        let record = self.record.lock().ok().and_then(|r| r.clone());
        let diagnosis = diagnose::tls_failure(
            &error,
            &TlsContext {
                setup: &self.setup,
                hello: self.hello.as_ref(),
                client_cert: record.as_ref(),
                server_certificate_sent: self.server_certificate_sent,
            },
        );
        // rustls' own error names can mislead (a TLS 1.1 client shows as a missing extension);
        // keep them for experts, labelled, and let the FAILURE line below give the real cause.
        self.push(EapEvent::TlsError {
            error: error.clone(),
        });
        let mut alert = self.write_from_rustls();
        if alert.is_empty() && !self.server_certificate_sent {
            // rustls sends no alert for some failures (e.g. "incompatible signing key"). Before
            // our first flight nothing is encrypted yet, so we can tell the client ourselves.
            let description =
                if diagnosis.code == hs20_core::rules::catalogue::TLS_VERSION_MISMATCH.id {
                    70 // protocol_version
                } else {
                    40 // handshake_failure
                };
            alert = vec![21, 3, 3, 0, 2, 2, description];
        }
        if alert.is_empty() {
            return self.failure(diagnosis);
        }
        let (description, encrypted) = match (hello::leading_alert(&alert), &error) {
            (Some((_, d)), _) => (Some(rustls::AlertDescription::from(d)), false),
            // TLS 1.3 after ServerHello: the record is encrypted; rustls derives the description
            // from the certificate error.
            (None, rustls::Error::InvalidCertificate(e)) => {
                (Some(rustls::AlertDescription::from(e.clone())), true)
            }
            (None, rustls::Error::NoCertificatesPresented) => {
                (Some(rustls::AlertDescription::CertificateRequired), true)
            }
            (None, _) => (None, true),
        };
        self.push(EapEvent::AlertSent {
            description,
            encrypted,
        });
        self.phase = Phase::AlertSent(diagnosis);
        self.start_flight(alert)
    }

    fn start_flight(&mut self, flight: Vec<u8>) -> Outcome {
        self.outgoing = flight;
        self.out_pos = 0;
        self.fragments_out = 0;
        self.send_next_fragment()
    }

    fn send_next_fragment(&mut self) -> Outcome {
        let total = self.outgoing.len();
        let first = self.out_pos == 0;
        let n = (total - self.out_pos).min(self.limits.fragment_size.max(1));
        let more = self.out_pos + n < total;
        let data = &self.outgoing[self.out_pos..self.out_pos + n];
        let length = first.then_some(total as u32);
        let body = frame::encode(if more { FLAG_MORE } else { 0 }, length, data);
        self.request_id = self.request_id.wrapping_add(1);
        let request = packet::build(packet::REQUEST, self.request_id, Some((TYPE_TLS, &body)));
        self.out_pos += n;
        self.fragments_out += 1;
        if more || self.fragments_out > 1 {
            self.push(EapEvent::FragmentSent {
                index: self.fragments_out,
                len: n,
                flags: body[0],
                sent: self.out_pos,
                total,
            });
        }
        if !more {
            self.push(EapEvent::FlightSent {
                len: total,
                fragments: self.fragments_out,
                fragment_size: self.limits.fragment_size,
            });
            self.outgoing.clear();
            self.out_pos = 0;
        }
        Outcome::Challenge(request)
    }

    fn export_keys(&self) -> Result<Keys, rustls::Error> {
        let mut material = [0u8; 128];
        let session_id = match self.conn.protocol_version() {
            Some(ProtocolVersion::TLSv1_3) => {
                // RFC 9190 §2.3: context is the EAP Type-Code.
                self.conn.export_keying_material(
                    &mut material,
                    b"EXPORTER_EAP_TLS_Key_Material",
                    Some(&[TYPE_TLS]),
                )?;
                let mut method_id = [0u8; 64];
                self.conn.export_keying_material(
                    &mut method_id,
                    b"EXPORTER_EAP_TLS_Method-Id",
                    Some(&[TYPE_TLS]),
                )?;
                [&[TYPE_TLS][..], &method_id].concat()
            }
            _ => {
                // RFC 5216 §2.3: PRF(master, "client EAP encryption", randoms) — the exporter
                // with *no* context (an empty context gives a different, wrong key).
                self.conn
                    .export_keying_material(&mut material, b"client EAP encryption", None)?;
                let client = self.hello.as_ref().map(|h| h.random).unwrap_or([0; 32]);
                let server = self.server_random.unwrap_or([0; 32]);
                [&[TYPE_TLS][..], &client, &server].concat()
            }
        };
        let mut msk = [0u8; 64];
        let mut emsk = [0u8; 64];
        msk.copy_from_slice(&material[..64]);
        emsk.copy_from_slice(&material[64..]);
        Ok(Keys {
            msk,
            emsk,
            session_id,
        })
    }
}
