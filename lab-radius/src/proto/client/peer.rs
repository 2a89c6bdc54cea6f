//! The EAP-TLS peer (the supplicant side of RFC 5216 / RFC 9190), sans-IO: one EAP-Request in,
//! one EAP-Response (or the end) out. rustls runs in memory; the server chain goes to the
//! caller's judge ([`super::verifier`]); keys are exported as the server exports them.

use std::fmt;
use std::io::Read;
use std::sync::Arc;
use std::time::SystemTime;

use rustls::client::{ResolvesClientCert, Resumption};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::sign::CertifiedKey;
use rustls::{
    AlertDescription, ClientConfig, ClientConnection, ProtocolVersion, SignatureScheme,
    SupportedProtocolVersion,
};

use super::verifier::{ChainJudge, JudgingVerifier, ServerRecord, ServerSlot};
use crate::proto::eap::frame::{self, TlsFrame, FLAG_MORE, FLAG_START};
use crate::proto::eap::packet::{
    self, EapPacket, FAILURE, REQUEST, RESPONSE, SUCCESS, TYPE_IDENTITY, TYPE_NAK,
    TYPE_NOTIFICATION, TYPE_TLS,
};
use crate::proto::tls::clock::SuppliedTime;
use crate::proto::tls::hello;
use crate::proto::tls::setup::TlsVersion;

/// wpa_supplicant's (and Apple's) EAP-TLS fragment size.
pub const DEFAULT_FRAGMENT_SIZE: usize = 1398;
/// The largest reassembled message accepted from a server (hostapd's cap).
pub const MAX_MESSAGE: usize = 64 * 1024;

/// The client's private key cannot be used for signing.
#[derive(Debug, thiserror::Error)]
#[error("the client private key cannot be used: {0}")]
pub struct KeyError(pub String);

/// Everything that stays the same from one authentication to the next.
pub struct PeerSetup {
    provider: Arc<CryptoProvider>,
    versions: Vec<&'static SupportedProtocolVersion>,
    certified_key: Arc<CertifiedKey>,
    judge: ChainJudge,
    /// The EAP-Response/Identity (the outer identity).
    pub identity: String,
    /// The name given to rustls (it is not sent: SNI is off, as for EAP-TLS supplicants).
    pub server_name: ServerName<'static>,
    pub fragment_size: usize,
}

impl fmt::Debug for PeerSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerSetup")
            .field("identity", &self.identity)
            .field("fragment_size", &self.fragment_size)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct OneIdentity(Arc<CertifiedKey>);

impl ResolvesClientCert for OneIdentity {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
    fn has_certs(&self) -> bool {
        true
    }
}

impl PeerSetup {
    /// `chain` is the client certificate and the intermediates it sends, leaf first; `key` its
    /// private key; `version` restricts TLS to one version (None: 1.2 and 1.3).
    pub fn new(
        provider: Arc<CryptoProvider>,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
        version: Option<TlsVersion>,
        judge: ChainJudge,
        identity: String,
    ) -> Result<PeerSetup, KeyError> {
        let signing = provider
            .key_provider
            .load_private_key(key)
            .map_err(|e| KeyError(e.to_string()))?;
        let versions = match version {
            Some(TlsVersion::Tls12) => vec![&rustls::version::TLS12],
            Some(TlsVersion::Tls13) => vec![&rustls::version::TLS13],
            None => vec![&rustls::version::TLS13, &rustls::version::TLS12],
        };
        Ok(PeerSetup {
            certified_key: Arc::new(CertifiedKey::new(chain, signing)),
            provider,
            versions,
            judge,
            identity,
            server_name: ServerName::try_from("radius.invalid").expect("a DNS name"),
            fragment_size: DEFAULT_FRAGMENT_SIZE,
        })
    }

    /// A fresh peer for one authentication; `now` is the time the server chain is judged at.
    /// Its [`EapTlsPeer::server_record`] holds the server chain as sent.
    pub fn peer(&self, now: SystemTime) -> EapTlsPeer {
        let clock = Arc::new(SuppliedTime::new(now));
        let (verifier, slot) = JudgingVerifier::new(
            self.judge.clone(),
            self.provider.signature_verification_algorithms,
        );
        let config = self.client_config(verifier, clock.clone());
        self.peer_with(config, clock, slot)
    }

    /// One rustls ClientConfig for many authentications (load mode): building a config per
    /// session costs more than some of the TLS messages. The judge still rules on every server
    /// chain, but the peers record no server chain (their `server_record` is empty). The clock
    /// is shared: each peer sets it before every call into rustls, so peers of one
    /// [`SharedPeers`] belong to one thread.
    pub fn shared(&self, now: SystemTime) -> SharedPeers<'_> {
        let clock = Arc::new(SuppliedTime::new(now));
        let verifier = JudgingVerifier::unrecorded(
            self.judge.clone(),
            self.provider.signature_verification_algorithms,
        );
        SharedPeers {
            setup: self,
            config: self.client_config(verifier, clock.clone()),
            clock,
        }
    }

    fn client_config(
        &self,
        verifier: JudgingVerifier,
        clock: Arc<SuppliedTime>,
    ) -> Arc<ClientConfig> {
        let mut config = ClientConfig::builder_with_details(self.provider.clone(), clock)
            .with_protocol_versions(&self.versions)
            .expect("versions and provider are compatible")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_client_cert_resolver(Arc::new(OneIdentity(self.certified_key.clone())));
        config.enable_sni = false;
        config.resumption = Resumption::disabled();
        Arc::new(config)
    }

    fn peer_with(
        &self,
        config: Arc<ClientConfig>,
        clock: Arc<SuppliedTime>,
        slot: ServerSlot,
    ) -> EapTlsPeer {
        EapTlsPeer {
            config,
            server_name: self.server_name.clone(),
            identity: self.identity.clone(),
            fragment_size: self.fragment_size.max(1),
            clock,
            slot,
            conn: None,
            incoming: Vec::new(),
            outgoing: Vec::new(),
            out_pos: 0,
            stage: Stage::Identity,
            info: TlsInfo::default(),
            keys: None,
            client_random: None,
            server_random: None,
        }
    }
}

/// Peers sharing one ClientConfig (see [`PeerSetup::shared`]).
pub struct SharedPeers<'a> {
    setup: &'a PeerSetup,
    config: Arc<ClientConfig>,
    clock: Arc<SuppliedTime>,
}

impl SharedPeers<'_> {
    /// A fresh peer for one authentication, on the shared config.
    pub fn peer(&self) -> EapTlsPeer {
        self.setup.peer_with(
            self.config.clone(),
            self.clock.clone(),
            ServerSlot::default(),
        )
    }

    /// Whether `peer` runs on this shared config.
    pub fn owns(&self, peer: &EapTlsPeer) -> bool {
        Arc::ptr_eq(&self.config, &peer.config)
    }
}

/// How far the peer got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Nothing yet (or only Identity exchanged).
    Identity,
    /// EAP-TLS Start received, ClientHello sent.
    ClientHello,
    /// The server's first flight (ServerHello…) was received.
    ServerHello,
    /// The handshake finished on our side.
    HandshakeDone,
    /// EAP-Success.
    Success,
    /// EAP-Failure, or the peer gave up.
    Failed,
}

/// A TLS alert and who sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    Sent(AlertDescription),
    Received(AlertDescription),
}

/// What was negotiated and how the bytes travelled.
#[derive(Debug, Clone, Default)]
pub struct TlsInfo {
    pub version: Option<ProtocolVersion>,
    pub suite: Option<rustls::CipherSuite>,
    pub group: Option<rustls::NamedGroup>,
    pub signature_scheme: Option<SignatureScheme>,
    /// TLS data bytes of every EAP-TLS fragment we sent / received.
    pub fragments_sent: Vec<usize>,
    pub fragments_received: Vec<usize>,
    pub alert: Option<Alert>,
    /// rustls' error when the handshake failed on our side.
    pub error: Option<rustls::Error>,
    /// The server sent the TLS 1.3 protected success indication (RFC 9190 §2.5).
    pub success_indication: bool,
}

/// MSK and EMSK (RFC 5216 §2.3, RFC 9190 §2.3).
#[derive(Clone)]
pub struct PeerKeys {
    pub msk: [u8; 64],
    pub emsk: [u8; 64],
}

impl fmt::Debug for PeerKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PeerKeys(<redacted>)")
    }
}

/// What to do after one EAP packet from the server.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Send this EAP-Response.
    Respond(Vec<u8>),
    /// EAP-Success arrived (keys are in [`EapTlsPeer::keys`] if the handshake finished).
    Success,
    /// EAP-Failure arrived.
    Failure,
    /// Not for us (wrong code, malformed): discard silently (RFC 3748 §4.1).
    Ignore(String),
}

pub struct EapTlsPeer {
    config: Arc<ClientConfig>,
    server_name: ServerName<'static>,
    identity: String,
    fragment_size: usize,
    clock: Arc<SuppliedTime>,
    slot: ServerSlot,
    conn: Option<ClientConnection>,
    incoming: Vec<u8>,
    outgoing: Vec<u8>,
    out_pos: usize,
    stage: Stage,
    info: TlsInfo,
    keys: Option<PeerKeys>,
    client_random: Option<[u8; 32]>,
    server_random: Option<[u8; 32]>,
}

impl fmt::Debug for EapTlsPeer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EapTlsPeer")
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

impl EapTlsPeer {
    /// The EAP-Response/Identity to an EAP-Request/Identity with `identifier` (also used to
    /// start: a NAS sends it in the first Access-Request, RFC 3579 §2.1).
    pub fn identity_response(&self, identifier: u8) -> Vec<u8> {
        packet::build(
            RESPONSE,
            identifier,
            Some((TYPE_IDENTITY, self.identity.as_bytes())),
        )
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn info(&self) -> &TlsInfo {
        &self.info
    }

    pub fn keys(&self) -> Option<&PeerKeys> {
        self.keys.as_ref()
    }

    /// The server chain as sent and the judge's verdict (empty for a peer of [`SharedPeers`]).
    pub fn server_record(&self) -> ServerRecord {
        let mut record = self.slot.lock().map(|r| r.clone()).unwrap_or_default();
        if record.signature_scheme.is_none() {
            record.signature_scheme = self.info.signature_scheme;
        }
        record
    }

    /// Handles one EAP packet from the server at `now`.
    pub fn handle(&mut self, now: SystemTime, eap: &[u8]) -> Step {
        self.clock.set(now);
        let request = match EapPacket::parse(eap) {
            Ok(p) => p,
            Err(e) => return Step::Ignore(e.to_string()),
        };
        match request.code {
            SUCCESS => {
                self.stage = Stage::Success;
                return Step::Success;
            }
            FAILURE => {
                self.stage = Stage::Failed;
                return Step::Failure;
            }
            REQUEST => {}
            other => return Step::Ignore(format!("EAP code {other} is not a request")),
        }
        let id = request.identifier;
        let (kind, data) = request.method.expect("requests carry a type");
        match kind {
            TYPE_IDENTITY => Step::Respond(self.identity_response(id)),
            TYPE_NOTIFICATION => Step::Respond(packet::build(RESPONSE, id, Some((kind, &[])))),
            TYPE_TLS => match TlsFrame::parse(data) {
                Ok(tls) => self.tls(id, tls),
                Err(e) => Step::Ignore(e.to_string()),
            },
            // RFC 3748 §5.3.1: a Nak proposing EAP-TLS.
            _ => Step::Respond(packet::build(RESPONSE, id, Some((TYPE_NAK, &[TYPE_TLS])))),
        }
    }

    fn respond(&self, id: u8, flags: u8, length: Option<u32>, data: &[u8]) -> Step {
        Step::Respond(packet::build(
            RESPONSE,
            id,
            Some((TYPE_TLS, &frame::encode(flags, length, data))),
        ))
    }

    fn ack(&self, id: u8) -> Step {
        self.respond(id, 0, None, &[])
    }

    fn tls(&mut self, id: u8, tls: TlsFrame<'_>) -> Step {
        if tls.flags & FLAG_START != 0 {
            return self.start(id);
        }
        let Some(_) = self.conn else {
            return Step::Ignore("EAP-TLS data before EAP-TLS Start".into());
        };
        if self.out_pos < self.outgoing.len() {
            // The server acknowledges our fragment (RFC 5216 §2.1.5).
            return self.next_fragment(id);
        }
        if tls.data.is_empty() && !tls.more() {
            // An empty request after our last flight: answer with an empty response.
            return self.ack(id);
        }
        self.info.fragments_received.push(tls.data.len());
        if self.incoming.len() + tls.data.len() > MAX_MESSAGE {
            self.stage = Stage::Failed;
            return Step::Ignore(format!(
                "the server's TLS message exceeds {MAX_MESSAGE} bytes"
            ));
        }
        self.incoming.extend_from_slice(tls.data);
        if tls.more() {
            return self.ack(id);
        }
        let message = std::mem::take(&mut self.incoming);
        self.feed(id, &message)
    }

    fn start(&mut self, id: u8) -> Step {
        let conn = match ClientConnection::new(self.config.clone(), self.server_name.clone()) {
            Ok(c) => c,
            Err(e) => {
                self.info.error = Some(e);
                self.stage = Stage::Failed;
                return Step::Ignore("rustls refused to start".into());
            }
        };
        self.conn = Some(conn);
        self.incoming.clear();
        self.stage = Stage::ClientHello;
        let flight = self.write_tls();
        self.client_random = hello::parse_client_hello(&flight).map(|h| h.random);
        self.start_flight(id, flight)
    }

    fn feed(&mut self, id: u8, message: &[u8]) -> Step {
        if self.stage < Stage::ServerHello {
            self.stage = Stage::ServerHello;
        }
        if self.server_random.is_none() {
            self.server_random = hello::parse_server_random(message);
        }
        if let Some((_, d)) = hello::leading_alert(message) {
            self.info.alert = Some(Alert::Received(AlertDescription::from(d)));
        }
        let conn = self.conn.as_mut().expect("started");
        let mut rest = message;
        let mut result = Ok(());
        while !rest.is_empty() {
            match conn.read_tls(&mut rest) {
                Ok(0) => break,
                Ok(_) => {
                    if let Err(e) = conn.process_new_packets() {
                        result = Err(e);
                        break;
                    }
                }
                Err(e) => {
                    result = Err(rustls::Error::General(format!("TLS input: {e}")));
                    break;
                }
            }
        }
        let mut app = [0u8; 16];
        if let Ok(n) = conn.reader().read(&mut app) {
            if n > 0 {
                self.info.success_indication = true;
            }
        }
        if let Some(scheme) = self.slot.lock().ok().and_then(|r| r.signature_scheme) {
            self.info.signature_scheme = Some(scheme);
        }
        // What was negotiated so far (known from the ServerHello on, even if it fails later).
        if self.info.version.is_none() {
            self.info.version = conn.protocol_version();
        }
        if self.info.suite.is_none() {
            self.info.suite = conn.negotiated_cipher_suite().map(|s| s.suite());
        }
        if self.info.group.is_none() {
            self.info.group = conn.negotiated_key_exchange_group().map(|g| g.name());
        }
        if let Err(error) = result {
            return self.failed(id, error);
        }
        let conn = self.conn.as_ref().expect("started");
        if !conn.is_handshaking() && self.stage < Stage::HandshakeDone {
            self.stage = Stage::HandshakeDone;
            match self.export_keys() {
                Ok(keys) => self.keys = Some(keys),
                Err(e) => return self.failed(id, e),
            }
        }
        let flight = self.write_tls();
        if flight.is_empty() {
            return self.ack(id);
        }
        self.start_flight(id, flight)
    }

    /// Our side failed (or the server's alert arrived): send whatever alert rustls queued.
    fn failed(&mut self, id: u8, error: rustls::Error) -> Step {
        match &error {
            rustls::Error::AlertReceived(d) => self.info.alert = Some(Alert::Received(*d)),
            e => {
                let description = match e {
                    rustls::Error::InvalidCertificate(c) => AlertDescription::from(c.clone()),
                    rustls::Error::InvalidMessage(_) => AlertDescription::DecodeError,
                    rustls::Error::PeerIncompatible(_) => AlertDescription::HandshakeFailure,
                    rustls::Error::PeerMisbehaved(_) => AlertDescription::IllegalParameter,
                    _ => AlertDescription::InternalError,
                };
                self.info.alert = Some(Alert::Sent(description));
            }
        }
        self.info.error = Some(error);
        self.stage = Stage::Failed;
        let flight = self.write_tls();
        if flight.is_empty() {
            return self.ack(id);
        }
        self.start_flight(id, flight)
    }

    fn write_tls(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(conn) = self.conn.as_mut() {
            while conn.wants_write() {
                match conn.write_tls(&mut out) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
        out
    }

    fn start_flight(&mut self, id: u8, flight: Vec<u8>) -> Step {
        self.outgoing = flight;
        self.out_pos = 0;
        self.next_fragment(id)
    }

    fn next_fragment(&mut self, id: u8) -> Step {
        let total = self.outgoing.len();
        let first = self.out_pos == 0;
        let n = (total - self.out_pos).min(self.fragment_size);
        let more = self.out_pos + n < total;
        let start = self.out_pos;
        self.out_pos += n;
        self.info.fragments_sent.push(n);
        // The L flag on the first fragment of a fragmented message (RFC 5216 §2.1.5).
        let length = (first && more).then_some(total as u32);
        let step = self.respond(
            id,
            if more { FLAG_MORE } else { 0 },
            length,
            &self.outgoing[start..start + n],
        );
        if !more {
            self.outgoing.clear();
            self.out_pos = 0;
        }
        step
    }

    fn export_keys(&self) -> Result<PeerKeys, rustls::Error> {
        let conn = self.conn.as_ref().expect("started");
        let mut material = [0u8; 128];
        match conn.protocol_version() {
            Some(ProtocolVersion::TLSv1_3) => {
                conn.export_keying_material(
                    &mut material,
                    b"EXPORTER_EAP_TLS_Key_Material",
                    Some(&[TYPE_TLS]),
                )?;
            }
            _ => {
                // RFC 5216 §2.3: no context at all (an empty one gives another key).
                conn.export_keying_material(&mut material, b"client EAP encryption", None)?;
            }
        }
        let mut msk = [0u8; 64];
        let mut emsk = [0u8; 64];
        msk.copy_from_slice(&material[..64]);
        emsk.copy_from_slice(&material[64..]);
        Ok(PeerKeys { msk, emsk })
    }
}
