//! The RADIUS/EAP-TLS engine without sockets: a simulated NAS and an in-memory rustls client
//! (the supplicant) drive `Engine::handle` with bytes and time. Also replays ClientHellos that
//! eapol_test sent (recorded in tests/fixtures/) to check the diagnoses and the alerts.
//! No clock is read: the server and the test client both run at fixed dates.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lab_radius::proto::eap::packet as eap;
use lab_radius::proto::eap::SessionLimits;
use lab_radius::proto::engine::clients::{Client, ClientTable};
use lab_radius::proto::engine::{Engine, EngineConfig, Event};
use lab_radius::proto::radius::attr::*;
use lab_radius::proto::radius::auth::{hmac_md5, response_authenticator};
use lab_radius::proto::radius::mppe::decrypt_key;
use lab_radius::proto::radius::packet::split_attribute;
use lab_radius::proto::radius::{Attribute, Packet};
use lab_radius::proto::tls::certfacts;
use lab_radius::proto::tls::setup::{TlsSetup, TlsVersion};
use lab_radius::shell::render::{render_all, Line as Report, Verdict};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};

const SECRET: &[u8] = b"sans-io-secret";

#[path = "engine_sans_io/hardening.rs"]
mod hardening;

fn certs_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../certs")
}

fn setup(min: TlsVersion, max: TlsVersion) -> Arc<TlsSetup> {
    let d = certs_dir();
    let read = |name: &str| std::fs::read(d.join(name)).unwrap();
    // The engine takes TLS material as bytes; reading the files is the caller's job.
    Arc::new(
        TlsSetup::from_pem(
            &read("server-chain.pem"),
            &read("server.key"),
            &[&read("root-ca.pem")],
            min,
            max,
        )
        .unwrap(),
    )
}

fn engine_with(min: TlsVersion, max: TlsVersion, fragment_size: usize) -> Engine {
    let mut counter = 0u8;
    Engine::new(
        EngineConfig {
            limits: SessionLimits {
                fragment_size,
                ..SessionLimits::default()
            },
            ..EngineConfig::default()
        },
        setup(min, max),
        ClientTable::new(vec![
            Client::parse_spec("127.0.0.1/32=sans-io-secret").unwrap()
        ]),
        // Deterministic "randomness": the engine takes it from the caller.
        Box::new(move |buf: &mut [u8]| {
            for b in buf {
                counter = counter.wrapping_add(1);
                *b = counter;
            }
        }),
    )
}

fn engine() -> Engine {
    engine_with(TlsVersion::Tls12, TlsVersion::Tls13, 1398)
}

/// Plays the NAS: wraps EAP in signed Access-Requests and checks the replies' authenticators.
struct Nas {
    source: SocketAddr,
    id: u8,
    state: Option<Vec<u8>>,
    extra: Vec<Attribute>,
    last_request: Vec<u8>,
}

impl Nas {
    fn new() -> Nas {
        Nas {
            source: "127.0.0.1:40000".parse().unwrap(),
            id: 0,
            state: None,
            extra: Vec::new(),
            last_request: Vec::new(),
        }
    }

    fn request(&mut self, eap: &[u8]) -> Vec<u8> {
        self.id = self.id.wrapping_add(1);
        let mut attributes = vec![Attribute::new(USER_NAME, b"alice@example.com".to_vec())];
        if !self.extra.iter().any(|a| a.kind == CALLING_STATION_ID) {
            attributes.push(Attribute::new(
                CALLING_STATION_ID,
                b"02-00-00-00-00-01".to_vec(),
            ));
        }
        attributes.extend(split_attribute(EAP_MESSAGE, eap));
        if let Some(state) = &self.state {
            attributes.push(Attribute::new(STATE, state.clone()));
        }
        attributes.extend(self.extra.iter().cloned());
        attributes.push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
        let packet = Packet {
            code: ACCESS_REQUEST,
            identifier: self.id,
            authenticator: [self.id; 16],
            attributes,
        };
        let mut bytes = packet.encode();
        let mac = hmac_md5(SECRET, &bytes);
        let at = bytes.len() - 16;
        bytes[at..].copy_from_slice(&mac);
        self.last_request = bytes.clone();
        bytes
    }

    /// Checks a reply and returns it decoded; remembers State.
    fn accept_reply(&mut self, reply: &[u8]) -> Packet {
        let packet = Packet::decode(reply).unwrap();
        assert_eq!(packet.identifier, self.id);
        let request_auth = [self.id; 16];
        assert_eq!(
            response_authenticator(reply, &request_auth, SECRET)[..],
            reply[4..20],
            "Response Authenticator"
        );
        assert_eq!(
            packet.attributes[0].kind, MESSAGE_AUTHENTICATOR,
            "Message-Authenticator first"
        );
        let mut check = reply.to_vec();
        check[4..20].copy_from_slice(&request_auth);
        check[22..38].fill(0);
        assert_eq!(
            hmac_md5(SECRET, &check)[..],
            reply[22..38],
            "Message-Authenticator"
        );
        self.state = packet.first(STATE).map(<[u8]>::to_vec);
        packet
    }
}

/// The demo client certificate alice.pem, and the dates the tests run at.
fn alice() -> certfacts::CertFacts {
    let der = CertificateDer::from_pem_file(certs_dir().join("alice.pem")).unwrap();
    certfacts::parse(&der).unwrap()
}

fn at(t: time::OffsetDateTime) -> SystemTime {
    hs20_core::time::to_system_time(t)
}

/// A day after alice.pem (and the rest of the demo PKI) became valid.
fn now() -> SystemTime {
    at(alice().not_before + time::Duration::days(1))
}

fn handle(engine: &mut Engine, nas: &Nas, datagram: &[u8]) -> Handled {
    handle_at(engine, nas, datagram, now())
}

/// What one datagram led to: the engine's typed events, and the log lines the shell renders
/// from them (what users see and grep).
struct Handled {
    reply: Option<Vec<u8>>,
    events: Vec<Event>,
    reports: Vec<Report>,
}

fn handle_at(engine: &mut Engine, nas: &Nas, datagram: &[u8], now: SystemTime) -> Handled {
    let handled = engine.handle(now, nas.source, datagram);
    Handled {
        reports: render_all(&handled.events),
        reply: handled.reply,
        events: handled.events,
    }
}

impl Nas {
    fn send(&mut self, engine: &mut Engine, eap: &[u8]) -> Handled {
        let request = self.request(eap);
        handle(engine, self, &request)
    }
}

fn client_config(
    with_cert: bool,
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> Arc<rustls::ClientConfig> {
    let d = certs_dir();
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(d.join("root-ca.pem")).unwrap())
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // The supplicant checks the server's certificate at the same fixed date, not the OS clock.
    let builder = rustls::ClientConfig::builder_with_details(provider, Arc::new(FixedTime(now())))
        .with_protocol_versions(versions)
        .unwrap()
        .with_root_certificates(roots);
    let config = if with_cert {
        let chain = vec![
            CertificateDer::from_pem_file(d.join("alice.pem")).unwrap(),
            CertificateDer::from_pem_file(d.join("issuing-ca.pem")).unwrap(),
        ];
        let key = PrivateKeyDer::from_pem_file(d.join("alice.key")).unwrap();
        builder.with_client_auth_cert(chain, key).unwrap()
    } else {
        builder.with_no_client_auth()
    };
    Arc::new(config)
}

#[derive(Debug)]
struct FixedTime(SystemTime);

impl rustls::time_provider::TimeProvider for FixedTime {
    fn current_time(&self) -> Option<UnixTime> {
        Some(UnixTime::since_unix_epoch(
            self.0.duration_since(UNIX_EPOCH).unwrap(),
        ))
    }
}

struct Outcome {
    last: Packet,
    client: rustls::ClientConnection,
    client_error: Option<rustls::Error>,
    reports: Vec<String>,
    events: Vec<Event>,
    challenges: usize,
}

/// Runs one EAP-TLS conversation: Identity, then EAP-TLS until Accept or Reject.
fn converse(
    engine: &mut Engine,
    config: Arc<rustls::ClientConfig>,
    client_fragment: usize,
) -> Outcome {
    converse_at(engine, config, client_fragment, now())
}

/// [`converse`] with the server's time set to `now`.
fn converse_at(
    engine: &mut Engine,
    config: Arc<rustls::ClientConfig>,
    client_fragment: usize,
    now: SystemTime,
) -> Outcome {
    let mut nas = Nas::new();
    let mut client =
        rustls::ClientConnection::new(config, ServerName::try_from("radius.example.com").unwrap())
            .unwrap();
    let mut reports = Vec::new();
    let mut events = Vec::new();
    let mut collect = |h: &Handled, reports: &mut Vec<String>| {
        reports.extend(h.reports.iter().map(|r| r.text.clone()));
        events.extend(h.events.iter().cloned());
    };
    let identity = eap::build(
        eap::RESPONSE,
        0,
        Some((eap::TYPE_IDENTITY, b"alice@example.com")),
    );
    let request = nas.request(&identity);
    let handled = handle_at(engine, &nas, &request, now);
    collect(&handled, &mut reports);
    let mut reply = nas.accept_reply(&handled.reply.expect("a reply"));
    let mut incoming = Vec::new();
    let mut outgoing: Vec<u8> = Vec::new();
    let mut out_pos = 0;
    let mut client_error = None;
    for challenges in 1..=100 {
        if reply.code != ACCESS_CHALLENGE {
            return Outcome {
                last: reply,
                client,
                client_error,
                reports,
                events,
                challenges: challenges - 1,
            };
        }
        let eap_bytes = reply.eap_message().unwrap();
        let request_eap = eap::EapPacket::parse(&eap_bytes).unwrap();
        assert_eq!(request_eap.code, eap::REQUEST);
        let (kind, data) = request_eap.method.unwrap();
        assert_eq!(kind, eap::TYPE_TLS);
        let flags = data[0];
        let payload = if flags & 0x80 != 0 {
            &data[5..]
        } else {
            &data[1..]
        };
        let response_body: Vec<u8> = if out_pos < outgoing.len() {
            // The server ACKed our fragment: send the next one.
            assert!(payload.is_empty(), "expected an ACK");
            next_fragment(&outgoing, &mut out_pos, client_fragment)
        } else {
            incoming.extend_from_slice(payload);
            if flags & 0x40 != 0 {
                vec![0] // ACK their fragment
            } else {
                if flags & 0x20 == 0 {
                    let mut rd = &incoming[..];
                    while !rd.is_empty() {
                        client.read_tls(&mut rd).unwrap();
                        if let Err(e) = client.process_new_packets() {
                            client_error = Some(e);
                            break;
                        }
                    }
                    incoming.clear();
                    let mut sink = [0u8; 16];
                    let _ = std::io::Read::read(&mut client.reader(), &mut sink);
                }
                outgoing.clear();
                out_pos = 0;
                while client.wants_write() {
                    client.write_tls(&mut outgoing).unwrap();
                }
                if outgoing.is_empty() {
                    vec![0]
                } else {
                    next_fragment(&outgoing, &mut out_pos, client_fragment)
                }
            }
        };
        let response = eap::build(
            eap::RESPONSE,
            request_eap.identifier,
            Some((eap::TYPE_TLS, &response_body)),
        );
        let request = nas.request(&response);
        let handled = handle_at(engine, &nas, &request, now);
        collect(&handled, &mut reports);
        reply = nas.accept_reply(&handled.reply.expect("a reply"));
    }
    panic!("no end after 100 rounds");
}

fn next_fragment(outgoing: &[u8], pos: &mut usize, size: usize) -> Vec<u8> {
    let n = (outgoing.len() - *pos).min(size);
    let more = *pos + n < outgoing.len();
    let mut body = vec![if more { 0x40 } else { 0 }];
    if *pos == 0 {
        body[0] |= 0x80;
        body.extend_from_slice(&(outgoing.len() as u32).to_be_bytes());
    }
    body.extend_from_slice(&outgoing[*pos..*pos + n]);
    *pos += n;
    body
}

fn mppe_keys(accept: &Packet, request_auth: [u8; 16]) -> (Vec<u8>, Vec<u8>) {
    let mut recv = None;
    let mut send = None;
    for vsa in accept.all(VENDOR_SPECIFIC) {
        assert_eq!(&vsa[..4], &311u32.to_be_bytes());
        let key = decrypt_key(&vsa[6..], SECRET, &request_auth).unwrap();
        match vsa[4] {
            MS_MPPE_RECV_KEY => recv = Some(key),
            MS_MPPE_SEND_KEY => send = Some(key),
            _ => {}
        }
    }
    (recv.unwrap(), send.unwrap())
}

fn full_handshake(
    version: &'static rustls::SupportedProtocolVersion,
    label: &[u8],
    context: Option<&[u8]>,
) {
    let mut engine = engine();
    let out = converse(&mut engine, client_config(true, &[version]), 1398);
    assert_eq!(out.last.code, ACCESS_ACCEPT, "{:#?}", out.reports);
    let eap_success = out.last.eap_message().unwrap();
    assert_eq!(eap_success[0], eap::SUCCESS);
    let request_auth = [out.last.identifier; 16];
    let (recv, send) = mppe_keys(&out.last, request_auth);
    // 128 bytes as the server exports them: the TLS 1.3 exporter output depends on its length.
    let mut msk = [0u8; 128];
    out.client
        .export_keying_material(&mut msk, label, context)
        .unwrap();
    assert_eq!(recv, msk[..32], "MS-MPPE-Recv-Key = MSK[0..32]");
    assert_eq!(send, msk[32..64], "MS-MPPE-Send-Key = MSK[32..64]");
    assert!(out.reports.iter().any(|r| r.starts_with("SUCCESS")));
    assert_eq!(engine.session_count(), 0);
}

#[test]
fn tls12_handshake_keys_match_the_client_exporter() {
    // RFC 5216: no context at all (an empty context would give a different key).
    full_handshake(&rustls::version::TLS12, b"client EAP encryption", None);
}

#[test]
fn tls13_handshake_keys_match_the_client_exporter() {
    full_handshake(
        &rustls::version::TLS13,
        b"EXPORTER_EAP_TLS_Key_Material",
        Some(&[13]),
    );
}

/// The engine reports what happened as typed events, in order, each tied to its session.
#[test]
fn a_handshake_is_reported_as_typed_events() {
    use lab_radius::proto::eap::EapEvent;
    let mut engine = engine();
    let out = converse(
        &mut engine,
        client_config(true, &[&rustls::version::TLS13]),
        1398,
    );
    assert_eq!(out.last.code, ACCESS_ACCEPT, "{:#?}", out.reports);
    let mut steps = Vec::new();
    for event in &out.events {
        if !matches!(event, Event::RequestReceived { .. }) {
            let session = event.session().expect("every step belongs to the session");
            assert_eq!(session.identity, "alice@example.com");
            assert_eq!(session.station, "02-00-00-00-00-01");
        }
        let step = match event {
            Event::SessionStarted { .. } => "session",
            Event::Eap { event, .. } => match event {
                EapEvent::Start { .. } => "start",
                EapEvent::ClientHello(hello) => {
                    assert!(hello.offers(0x0304));
                    "hello"
                }
                EapEvent::ServerChainSent { chain } => {
                    assert!(chain[0].subject.contains("radius.example.com"));
                    "server chain"
                }
                EapEvent::ClientChainReceived { chain } => {
                    assert!(chain[0].subject.contains("alice@example.com"));
                    "client chain"
                }
                EapEvent::ClientChainVerified => "verified",
                EapEvent::HandshakeComplete { version, suite } => {
                    assert_eq!(*version, Some(rustls::ProtocolVersion::TLSv1_3));
                    assert!(suite.is_some());
                    "complete"
                }
                _ => continue,
            },
            Event::Success { rounds, .. } => {
                assert_eq!(*rounds, out.challenges as u32);
                "success"
            }
            Event::Failure { diagnosis, .. } => panic!("{diagnosis}"),
            _ => continue,
        };
        steps.push(step);
    }
    assert_eq!(
        steps,
        [
            "session",
            "start",
            "hello",
            "server chain",
            "client chain",
            "verified",
            "complete",
            "success"
        ]
    );
}

#[test]
fn tls12_empty_context_would_be_wrong() {
    let mut engine = engine();
    let out = converse(
        &mut engine,
        client_config(true, &[&rustls::version::TLS12]),
        1398,
    );
    let (recv, _) = mppe_keys(&out.last, [out.last.identifier; 16]);
    let mut wrong = [0u8; 64];
    out.client
        .export_keying_material(&mut wrong, b"client EAP encryption", Some(&[]))
        .unwrap();
    assert_ne!(recv, wrong[..32]);
}

#[test]
fn small_fragments_both_ways() {
    let mut engine = engine_with(TlsVersion::Tls12, TlsVersion::Tls13, 100);
    let out = converse(
        &mut engine,
        client_config(true, &[&rustls::version::TLS13]),
        120,
    );
    assert_eq!(out.last.code, ACCESS_ACCEPT, "{:#?}", out.reports);
    assert!(
        out.challenges > 10,
        "fragments mean many rounds: {}",
        out.challenges
    );
    assert!(out
        .reports
        .iter()
        .any(|r| r.contains("fragment(s) of at most 100")));
}

/// rustls checks the client certificate against the time given to `Engine::handle`, not the
/// OS clock: the same certificate is accepted inside its validity, and rejected as expired
/// after its notAfter and as not yet valid before its notBefore.
#[test]
fn client_certificate_validity_follows_the_supplied_time() {
    let alice = alice();
    for version in [&rustls::version::TLS12, &rustls::version::TLS13] {
        let inside = at(alice.not_before + time::Duration::days(1));
        let mut server = engine();
        let out = converse_at(&mut server, client_config(true, &[version]), 1398, inside);
        assert_eq!(out.last.code, ACCESS_ACCEPT, "{:#?}", out.reports);

        let expired_at = alice.not_after + time::Duration::days(1);
        let mut server = engine();
        let out = converse_at(
            &mut server,
            client_config(true, &[version]),
            1398,
            at(expired_at),
        );
        assert_eq!(out.last.code, ACCESS_REJECT, "{:#?}", out.reports);
        let line = out
            .reports
            .iter()
            .find(|r| r.starts_with("FAILURE"))
            .unwrap();
        assert!(
            line.starts_with("FAILURE tls.client-cert-expired: ")
                && line.contains(&format!(
                    "expired on {} (now {})",
                    certfacts::date(alice.not_after),
                    certfacts::date(expired_at)
                )),
            "{line}"
        );
        assert!(
            matches!(
                out.client_error,
                Some(rustls::Error::AlertReceived(
                    rustls::AlertDescription::CertificateExpired
                ))
            ),
            "{:?}",
            out.client_error
        );

        let mut server = engine();
        let out = converse_at(
            &mut server,
            client_config(true, &[version]),
            1398,
            at(alice.not_before - time::Duration::days(1)),
        );
        assert_eq!(out.last.code, ACCESS_REJECT, "{:#?}", out.reports);
        assert!(
            out.reports
                .iter()
                .any(|r| r.starts_with("FAILURE tls.client-cert-not-yet-valid: ")),
            "{:#?}",
            out.reports
        );
    }
}

#[test]
fn tls_message_length_lies_are_refused() {
    for (length, data_len, needle) in [
        (100_000u32, 10usize, "exceeds the 65536-byte limit"),
        (10, 20, "smaller than the 20 bytes"),
    ] {
        let mut engine = engine();
        let mut nas = Nas::new();
        let identity = eap::build(eap::RESPONSE, 0, Some((eap::TYPE_IDENTITY, b"x")));
        let reply = nas.send(&mut engine, &identity).reply.unwrap();
        let start = nas.accept_reply(&reply).eap_message().unwrap();
        let mut body = vec![0xc0];
        body.extend_from_slice(&length.to_be_bytes());
        body.extend(std::iter::repeat_n(0x16, data_len));
        let response = eap::build(eap::RESPONSE, start[1], Some((eap::TYPE_TLS, &body)));
        let handled = nas.send(&mut engine, &response);
        let reject = nas.accept_reply(&handled.reply.unwrap());
        assert_eq!(reject.code, ACCESS_REJECT);
        let line = handled.reports.last().unwrap().text.clone();
        assert!(
            line.starts_with("FAILURE eap.protocol-error") && line.contains(needle),
            "{line}"
        );
    }
}

#[test]
fn no_client_certificate_gets_an_alert_then_reject() {
    let mut engine = engine();
    let out = converse(
        &mut engine,
        client_config(false, &[&rustls::version::TLS13]),
        1398,
    );
    assert_eq!(out.last.code, ACCESS_REJECT);
    assert_eq!(out.last.eap_message().unwrap()[0], eap::FAILURE);
    let line = out
        .reports
        .iter()
        .find(|r| r.starts_with("FAILURE"))
        .unwrap();
    assert!(
        line.contains("tls.no-client-cert") && line.contains("client sent no certificate"),
        "{line}"
    );
    // The alert reached the client before EAP-Failure (RFC 5216 §2.1.3).
    assert!(
        matches!(
            out.client_error,
            Some(rustls::Error::AlertReceived(
                rustls::AlertDescription::CertificateRequired
            ))
        ),
        "{:?}",
        out.client_error
    );
    assert!(out
        .last
        .text(REPLY_MESSAGE)
        .unwrap()
        .contains("client sent no certificate"));
}

#[test]
fn duplicates_get_the_cached_reply_and_bad_authenticators_do_not_touch_the_cache() {
    let mut engine = engine();
    let mut nas = Nas::new();
    nas.extra
        .push(Attribute::new(PROXY_STATE, b"proxy-1".to_vec()));
    let identity = eap::build(eap::RESPONSE, 0, Some((eap::TYPE_IDENTITY, b"alice")));
    let request = nas.request(&identity);
    let first = handle(&mut engine, &nas, &request).reply.unwrap();
    let again = handle(&mut engine, &nas, &request);
    assert_eq!(
        again.reply.as_deref(),
        Some(&first[..]),
        "same reply for a duplicate"
    );
    assert!(again.reports[0].text.contains("duplicate"));
    assert_eq!(
        engine.session_count(),
        1,
        "a duplicate must not start a second session"
    );
    let reply = nas.accept_reply(&first);
    assert_eq!(reply.first(PROXY_STATE), Some(&b"proxy-1"[..]));

    // Same ID and authenticator but a forged Message-Authenticator: dropped, not answered.
    let mut forged = request.clone();
    let n = forged.len();
    forged[n - 1] ^= 0xff;
    let dropped = handle(&mut engine, &nas, &forged);
    assert!(dropped.reply.is_none());
    assert!(dropped.reports[0]
        .text
        .starts_with("FAILURE radius.bad-secret"));
}

#[test]
fn silent_clients_are_diagnosed_on_expiry() {
    let mut engine = engine();
    let nas = Nas::new();
    let mut nas = nas;
    let identity = eap::build(eap::RESPONSE, 0, Some((eap::TYPE_IDENTITY, b"alice")));
    let t0 = now();
    engine.handle(t0, nas.source, &nas.request(&identity));
    assert!(engine.expire(t0 + Duration::from_secs(5)).is_empty());
    let expired = render_all(&engine.expire(t0 + Duration::from_secs(31)));
    assert_eq!(expired.len(), 1);
    assert!(matches!(&expired[0].verdict, Some(Verdict::Failure(d)) if d.code == "eap.timeout"));
    assert!(expired[0].text.contains("never answered EAP-TLS Start"));
    assert_eq!(engine.session_count(), 0);
}

/// Time is wall-clock time from the caller; if it goes back, idle sessions still expire.
#[test]
fn sessions_expire_after_the_clock_goes_back() {
    let mut engine = engine();
    let mut nas = Nas::new();
    let identity = eap::build(eap::RESPONSE, 0, Some((eap::TYPE_IDENTITY, b"alice")));
    let t0 = now();
    engine.handle(t0, nas.source, &nas.request(&identity));
    let back = t0 - Duration::from_secs(3600);
    assert!(engine.expire(back).is_empty());
    assert_eq!(engine.session_count(), 1);
    assert_eq!(engine.expire(back + Duration::from_secs(31)).len(), 1);
    assert_eq!(engine.session_count(), 0);
}

#[test]
fn unknown_clients_get_a_client_flag_that_works() {
    let identity = eap::build(eap::RESPONSE, 0, Some((eap::TYPE_IDENTITY, b"alice")));
    // An IPv4 NAS through a dual-stack socket ([::]:1812) shows up IPv4-mapped; an IPv6 NAS
    // needs /128, not /32.
    for (source, flag) in [
        ("[::ffff:127.0.0.9]:40000", "--client 127.0.0.9/32=SECRET"),
        ("[::2]:40000", "--client ::2/128=SECRET"),
    ] {
        let mut engine = engine();
        let mut nas = Nas::new();
        nas.source = source.parse().unwrap();
        let request = nas.request(&identity);
        let handled = handle(&mut engine, &nas, &request);
        assert!(handled.reply.is_none());
        let d = match &handled.reports[0].verdict {
            Some(Verdict::Failure(d)) => d.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(d.code, "radius.unknown-client");
        assert_eq!(d.fix, format!("add {flag}"), "{source}");
        assert!(!d.cause.contains("::ffff:"), "{}", d.cause);
        // following the advice lets that NAS in
        let spec = flag
            .trim_start_matches("--client ")
            .replace("SECRET", "sans-io-secret");
        let table = ClientTable::new(vec![Client::parse_spec(&spec).unwrap()]);
        assert!(
            table
                .lookup(source.parse::<SocketAddr>().unwrap().ip())
                .is_some(),
            "{spec}"
        );
    }
    // the mapped source itself is served like its IPv4 form
    let mut engine = engine();
    let mut nas = Nas::new();
    nas.source = "[::ffff:127.0.0.1]:40000".parse().unwrap();
    let request = nas.request(&identity);
    let handled = handle(&mut engine, &nas, &request);
    assert!(handled.reply.is_some(), "{:?}", handled.reports);
}

// ---- replays of ClientHellos recorded from eapol_test (wpa_supplicant 2.10, OpenSSL 3.0) ----

fn fixture(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap();
    hex::decode(text.split_whitespace().collect::<String>()).unwrap()
}

/// Sends Identity, then the recorded EAP-Response carrying the ClientHello (its EAP id is
/// rewritten to match our Start). Returns the reports and the reply.
fn replay(engine: &mut Engine, recorded: &[u8]) -> (Vec<String>, Packet, Nas) {
    let mut nas = Nas::new();
    let identity = eap::build(
        eap::RESPONSE,
        7,
        Some((eap::TYPE_IDENTITY, b"alice@example.com")),
    );
    let reply = nas.send(engine, &identity).reply.unwrap();
    let start = nas.accept_reply(&reply).eap_message().unwrap();
    let mut response = recorded.to_vec();
    response[1] = start[1];
    let handled = nas.send(engine, &response);
    let reports = handled.reports.iter().map(|r| r.text.clone()).collect();
    let reply = nas.accept_reply(&handled.reply.unwrap());
    (reports, reply, nas)
}

/// The EAP-TLS Request carries a plaintext fatal alert with this description.
fn assert_alert(reply: &Packet, description: u8) {
    assert_eq!(reply.code, ACCESS_CHALLENGE);
    let eap_bytes = reply.eap_message().unwrap();
    let p = eap::EapPacket::parse(&eap_bytes).unwrap();
    let (_, data) = p.method.unwrap();
    let tls = &data[5..];
    assert_eq!(&tls[..1], &[21], "an alert record");
    assert_eq!(tls[5..7], [2, description], "fatal alert {description}");
}

fn finish_after_alert(engine: &mut Engine, reply: &Packet, nas: &mut Nas) -> Vec<String> {
    let id = reply.eap_message().unwrap()[1];
    let ack = eap::build(eap::RESPONSE, id, Some((eap::TYPE_TLS, &[0])));
    let handled = nas.send(engine, &ack);
    let reject = nas.accept_reply(&handled.reply.unwrap());
    assert_eq!(reject.code, ACCESS_REJECT);
    assert_eq!(reject.eap_message().unwrap()[0], eap::FAILURE);
    handled.reports.iter().map(|r| r.text.clone()).collect()
}

#[test]
fn replay_tls12_only_client_against_tls13_only_server() {
    let mut engine = engine_with(TlsVersion::Tls13, TlsVersion::Tls13, 1398);
    let (reports, reply, mut nas) = replay(
        &mut engine,
        &fixture("eapol_test-tls12-only-clienthello.hex"),
    );
    assert!(
        reports
            .iter()
            .any(|r| r.starts_with("ClientHello: versions [TLS 1.2")),
        "{reports:#?}"
    );
    assert_alert(&reply, 70); // protocol_version
    let reports = finish_after_alert(&mut engine, &reply, &mut nas);
    let line = reports.iter().find(|r| r.starts_with("FAILURE")).unwrap();
    assert!(
        line.contains("client offers only TLS 1.2 but the server requires 1.3: lower --tls-min or enable TLS 1.3 on the supplicant"),
        "{line}"
    );
}

#[test]
fn replay_tls13_only_client_against_tls12_only_server() {
    let mut engine = engine_with(TlsVersion::Tls12, TlsVersion::Tls12, 1398);
    let (_, reply, mut nas) = replay(
        &mut engine,
        &fixture("eapol_test-tls13-only-clienthello.hex"),
    );
    assert_alert(&reply, 70);
    let reports = finish_after_alert(&mut engine, &reply, &mut nas);
    let line = reports.iter().find(|r| r.starts_with("FAILURE")).unwrap();
    assert!(
        line.contains("client offers only TLS 1.3 but the server requires 1.2"),
        "{line}"
    );
}

#[test]
fn replay_suite_b_client_against_p256_server() {
    let mut engine = engine();
    let (_, reply, mut nas) = replay(
        &mut engine,
        &fixture("eapol_test-suiteb192-clienthello.hex"),
    );
    assert_alert(&reply, 40); // handshake_failure
    let reports = finish_after_alert(&mut engine, &reply, &mut nas);
    let line = reports.iter().find(|r| r.starts_with("FAILURE")).unwrap();
    assert!(
        line.contains("tls.no-common-signature-scheme")
            && line.contains("P-384 server certificate"),
        "{line}"
    );
}

#[test]
fn replay_tls12_client_against_default_server_continues() {
    let mut engine = engine();
    let (reports, reply, _) = replay(
        &mut engine,
        &fixture("eapol_test-tls12-only-clienthello.hex"),
    );
    assert_eq!(reply.code, ACCESS_CHALLENGE);
    assert!(
        reports.iter().any(|r| r.starts_with("server chain sent")),
        "{reports:#?}"
    );
    let eap_bytes = reply.eap_message().unwrap();
    // L flag and a ServerHello at the start of the TLS data.
    assert_eq!(eap_bytes[5] & 0x80, 0x80);
    assert_eq!(&eap_bytes[10..11], &[22]);
    assert_eq!(eap_bytes[15], 2, "ServerHello");
}

/// Traffic that is not ours is dropped, and the log line says what to change.
#[test]
fn accounting_and_garbage_are_dropped_with_a_fix() {
    let mut engine = engine();
    let nas = Nas::new();
    let accounting = Packet {
        code: lab_radius::proto::radius::attr::ACCOUNTING_REQUEST,
        identifier: 7,
        authenticator: [0; 16],
        attributes: vec![Attribute::new(USER_NAME, b"alice@example.com".to_vec())],
    }
    .encode();
    let out = handle(&mut engine, &nas, &accounting);
    assert!(out.reply.is_none());
    assert!(
        out.reports
            .iter()
            .any(|r| r.text.contains("Accounting-Request") && r.text.contains("port 1813")),
        "{:?}",
        out.reports.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let out = handle(&mut engine, &nas, b"GET / HTTP/1.1\r\n\r\n");
    assert!(out.reply.is_none());
    assert!(
        out.reports
            .iter()
            .any(|r| r.text.contains("malformed") && r.text.contains("not RADIUS")),
        "{:?}",
        out.reports.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
}
