//! Issue 14 (hardening): one regression test per engine defect, each failing without its fix.
//! Uses the simulated NAS and supplicant of the parent file.

use super::*;
use lab_radius::proto::engine::{Eviction, TLS_SESSION_CHARGE};

fn engine_for(clients: &[&str], config: EngineConfig) -> Engine {
    let mut counter = 0u32;
    Engine::new(
        config,
        setup(TlsVersion::Tls12, TlsVersion::Tls13),
        ClientTable::new(
            clients
                .iter()
                .map(|c| Client::parse_spec(c).unwrap())
                .collect(),
        ),
        Box::new(move |buf: &mut [u8]| {
            for chunk in buf.chunks_mut(4) {
                counter = counter.wrapping_add(1);
                let bytes = counter.to_be_bytes();
                chunk.copy_from_slice(&bytes[..chunk.len()]);
            }
        }),
    )
}

fn identity() -> Vec<u8> {
    eap::build(eap::RESPONSE, 0, Some((eap::TYPE_IDENTITY, b"alice")))
}

fn nas_at(source: &str, station: &str) -> Nas {
    let mut nas = Nas::new();
    nas.source = source.parse().unwrap();
    nas.extra.push(Attribute::new(
        CALLING_STATION_ID,
        station.as_bytes().to_vec(),
    ));
    nas
}

/// The FAILURE code a datagram led to, if any.
fn failure_code(h: &Handled) -> Option<String> {
    h.reports.iter().find_map(|r| match &r.verdict {
        Some(Verdict::Failure(d)) => Some(d.code.to_string()),
        _ => None,
    })
}

/// The EAP-Request in a challenge: its identifier.
fn eap_id(reply: &Packet) -> u8 {
    eap::EapPacket::parse(&reply.eap_message().unwrap())
        .unwrap()
        .identifier
}

/// Identity, then the supplicant's ClientHello: a session that made progress and holds TLS
/// state. Returns the reply to the ClientHello.
fn start_tls(engine: &mut Engine, nas: &mut Nas) -> Handled {
    let start = nas.send(engine, &identity());
    let start = nas.accept_reply(&start.reply.unwrap());
    let mut client = rustls::ClientConnection::new(
        client_config(true, &[&rustls::version::TLS13]),
        ServerName::try_from("radius.example.com").unwrap(),
    )
    .unwrap();
    let mut hello = Vec::new();
    while client.wants_write() {
        client.write_tls(&mut hello).unwrap();
    }
    let mut body = vec![0x80];
    body.extend_from_slice(&(hello.len() as u32).to_be_bytes());
    body.extend_from_slice(&hello);
    let response = eap::build(eap::RESPONSE, eap_id(&start), Some((eap::TYPE_TLS, &body)));
    nas.send(engine, &response)
}

/// Defect 7: two Message-Authenticators, or one of the wrong length, are named as what they
/// are, not as a wrong shared secret.
#[test]
fn malformed_message_authenticators_have_their_own_causes() {
    let mut engine = engine();
    let mut nas = Nas::new();
    nas.extra
        .push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
    let h = nas.send(&mut engine, &identity());
    assert!(h.reply.is_none());
    assert_eq!(
        failure_code(&h).as_deref(),
        Some("radius.duplicate-message-authenticator")
    );
    let mut nas = Nas::new();
    nas.extra
        .push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 4]));
    let h = nas.send(&mut engine, &identity());
    assert!(h.reply.is_none());
    assert_eq!(
        failure_code(&h).as_deref(),
        Some("radius.message-authenticator-length")
    );
    assert!(
        h.reports[0].text.contains("length 6"),
        "{}",
        h.reports[0].text
    );
    assert_eq!(engine.session_count(), 0);
}

/// Defect 9 (RFC 3579 §2.6.2): an EAP-Request from the NAS, or a State of a length we never
/// issue, is rejected with its cause and starts no session.
#[test]
fn eap_requests_and_foreign_states_start_no_session() {
    let mut engine = engine();
    let mut nas = Nas::new();
    let request = eap::build(eap::REQUEST, 0, Some((eap::TYPE_IDENTITY, b"")));
    let h = nas.send(&mut engine, &request);
    assert_eq!(
        nas.accept_reply(h.reply.as_ref().unwrap()).code,
        ACCESS_REJECT
    );
    assert_eq!(
        failure_code(&h).as_deref(),
        Some("radius.eap-request-from-nas")
    );
    nas.state = Some(vec![7; 5]);
    let h = nas.send(&mut engine, &identity());
    assert_eq!(
        nas.accept_reply(h.reply.as_ref().unwrap()).code,
        ACCESS_REJECT
    );
    assert_eq!(
        failure_code(&h).as_deref(),
        Some("radius.state-wrong-length")
    );
    assert_eq!(engine.session_count(), 0);
}

/// Defect 8: a discarded response (wrong EAP identifier) does not keep a session alive.
#[test]
fn only_progress_keeps_a_session_alive() {
    let mut engine = engine();
    let mut nas = Nas::new();
    let t0 = now();
    let request = nas.request(&identity());
    let start = handle_at(&mut engine, &nas, &request, t0);
    let start = nas.accept_reply(&start.reply.unwrap());
    let wrong_id = eap_id(&start).wrapping_add(100);
    for secs in [10, 20, 29] {
        let junk = eap::build(eap::RESPONSE, wrong_id, Some((eap::TYPE_TLS, &[0u8][..])));
        let request = nas.request(&junk);
        let h = handle_at(&mut engine, &nas, &request, t0 + Duration::from_secs(secs));
        assert!(h.reply.is_none(), "discarded");
        assert!(h
            .events
            .iter()
            .any(|e| matches!(e, Event::EapDiscarded { .. })));
    }
    let expired = engine.expire(t0 + Duration::from_secs(31));
    assert_eq!(expired.len(), 1, "idle since its last progress at t0");
    assert_eq!(engine.session_count(), 0);
}

/// Defect 6: a session belongs to the client entry and address that started it; another
/// configured client (same or other secret) holding its State is rejected and logged, and the
/// session stays with its NAS, whatever source port that NAS uses next.
#[test]
fn sessions_are_bound_to_the_client_that_started_them() {
    let mut engine = engine_for(&["127.0.0.0/8=sans-io-secret"], EngineConfig::default());
    let mut nas = Nas::new();
    let start = nas.send(&mut engine, &identity());
    let start = nas.accept_reply(&start.reply.unwrap());
    let ack = eap::build(
        eap::RESPONSE,
        eap_id(&start),
        Some((eap::TYPE_TLS, &[0u8][..])),
    );

    let mut other = Nas::new();
    other.source = "127.0.0.2:40000".parse().unwrap();
    other.state = nas.state.clone();
    other.id = 100;
    let h = other.send(&mut engine, &ack);
    assert_eq!(
        other.accept_reply(h.reply.as_ref().unwrap()).code,
        ACCESS_REJECT
    );
    assert_eq!(
        failure_code(&h).as_deref(),
        Some("radius.session-other-client")
    );
    assert!(
        h.reports[0].text.contains("127.0.0.2"),
        "{}",
        h.reports[0].text
    );
    assert_eq!(engine.session_count(), 1, "the session stays with its NAS");

    // The NAS itself, from another source port, still owns it.
    nas.source = "127.0.0.1:40001".parse().unwrap();
    let h = nas.send(&mut engine, &ack);
    assert_ne!(
        failure_code(&h).as_deref(),
        Some("radius.session-other-client")
    );

    // A second client entry with its own secret: same verdict.
    let mut engine = engine_for(
        &["127.0.0.1/32=sans-io-secret", "127.0.0.3/32=other-secret"],
        EngineConfig::default(),
    );
    let mut nas = Nas::new();
    let start = nas.send(&mut engine, &identity());
    let start = nas.accept_reply(&start.reply.unwrap());
    let ack = eap::build(
        eap::RESPONSE,
        eap_id(&start),
        Some((eap::TYPE_TLS, &[0u8][..])),
    );
    // Signed with other-secret: build by hand.
    let mut p = Packet::decode(&nas.request(&ack)).unwrap();
    p.attributes.retain(|a| a.kind != MESSAGE_AUTHENTICATOR);
    p.attributes
        .push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
    let mut bytes = p.encode();
    let mac = hmac_md5(b"other-secret", &bytes);
    let at = bytes.len() - 16;
    bytes[at..].copy_from_slice(&mac);
    let h = engine.handle(now(), "127.0.0.3:5000".parse().unwrap(), &bytes);
    let reports = render_all(&h.events);
    assert!(
        reports
            .iter()
            .any(|r| r.text.starts_with("FAILURE radius.session-other-client")),
        "{reports:?}"
    );
    assert_eq!(engine.session_count(), 1);
}

/// Defect 10: a reply stays answerable for the NAS's whole retry window (eapol_test retries
/// after 12 s, NASes for up to 30 s), and the cache is bounded in bytes.
#[test]
fn replies_stay_answerable_for_the_retry_window_in_bounded_memory() {
    let mut engine = engine();
    let mut nas = Nas::new();
    let t0 = now();
    let request = nas.request(&identity());
    let first = handle_at(&mut engine, &nas, &request, t0).reply.unwrap();
    for secs in [12, 25] {
        let t = t0 + Duration::from_secs(secs);
        engine.expire(t);
        let again = handle_at(&mut engine, &nas, &request, t);
        assert_eq!(again.reply.as_deref(), Some(&first[..]), "after {secs} s");
    }

    let budget = 4000;
    let mut engine = engine_for(
        &["127.0.0.1/32=sans-io-secret"],
        EngineConfig {
            reply_cache_budget: budget,
            ..EngineConfig::default()
        },
    );
    let mut nas = Nas::new();
    for _ in 0..200 {
        let request = nas.request(&identity());
        handle_at(&mut engine, &nas, &request, t0);
    }
    let stats = engine.stats();
    assert!(stats.cached_bytes <= budget, "{stats:?}");
    assert!(stats.cached_replies > 0, "{stats:?}");
}

/// Defect 4: an identity flood through the same NAS does not keep legitimate users out: the
/// table evicts sessions without progress (the flood's) instead of refusing new ones.
#[test]
fn an_identity_flood_does_not_keep_users_out() {
    let mut engine = engine_for(
        &["127.0.0.0/8=sans-io-secret"],
        EngineConfig {
            max_sessions: 50,
            ..EngineConfig::default()
        },
    );
    let mut evicted = 0;
    for round in 0..5 {
        for i in 0..100 {
            // A new source port per round: otherwise the duplicate cache answers.
            let source = format!("127.0.0.1:{}", 41000 + round);
            let mut flood = nas_at(&source, &format!("02-00-00-00-{round:02x}-{i:02x}"));
            flood.id = i as u8;
            let h = flood.send(&mut engine, &identity());
            assert!(h.reply.is_some());
            evicted += h
                .events
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        Event::SessionEvicted {
                            cause: Eviction::TableFull { .. },
                            ..
                        }
                    )
                })
                .count();
        }
        let out = converse(
            &mut engine,
            client_config(true, &[&rustls::version::TLS13]),
            1398,
        );
        assert_eq!(
            out.last.code, ACCESS_ACCEPT,
            "round {round}: {:#?}",
            out.reports
        );
    }
    assert!(evicted >= 400, "{evicted}");
    assert!(engine.session_count() <= 50);
}

/// Defect 4, fairness: the NAS that floods loses its own sessions first, and one station
/// holds at most its share of sessions without progress.
#[test]
fn eviction_is_fair_per_nas_and_per_station() {
    let mut engine = engine_for(
        &["127.0.0.0/8=sans-io-secret"],
        EngineConfig {
            max_sessions: 10,
            ..EngineConfig::default()
        },
    );
    let mut legit = nas_at("127.0.0.1:40000", "02-00-00-00-00-01");
    let start = legit.send(&mut engine, &identity());
    let start = legit.accept_reply(&start.reply.unwrap());
    for i in 0..50u8 {
        let mut flood = nas_at("127.0.0.9:40000", &format!("02-00-00-00-01-{i:02x}"));
        flood.id = i;
        flood.send(&mut engine, &identity());
    }
    assert_eq!(engine.session_count(), 10);
    // The legitimate session (the oldest of all) is still there.
    let ack = eap::build(
        eap::RESPONSE,
        eap_id(&start),
        Some((eap::TYPE_TLS, &[0u8][..])),
    );
    let h = legit.send(&mut engine, &ack);
    assert_ne!(failure_code(&h).as_deref(), Some("radius.unknown-state"));

    let mut engine = super::engine();
    for i in 0..20u8 {
        let mut same = nas_at("127.0.0.1:40000", "02-00-00-00-00-02");
        same.id = i;
        same.send(&mut engine, &identity());
    }
    assert_eq!(engine.stats().half_open, 8, "one station's share");
}

/// Defect 4, memory: TLS data and state of all sessions together stay within a budget; the
/// session that would exceed it ends with its own cause.
#[test]
fn buffered_tls_stays_within_the_memory_budget() {
    let budget = 3 * TLS_SESSION_CHARGE + 8 * 1024;
    let mut engine = engine_for(
        &["127.0.0.0/8=sans-io-secret"],
        EngineConfig {
            tls_memory_budget: budget,
            ..EngineConfig::default()
        },
    );
    let mut codes = Vec::new();
    for i in 0..6u8 {
        let mut nas = nas_at("127.0.0.1:40000", &format!("02-00-00-00-02-{i:02x}"));
        nas.id = i * 10;
        let h = start_tls(&mut engine, &mut nas);
        codes.push(failure_code(&h));
        assert!(engine.stats().tls_bytes <= budget, "{:?}", engine.stats());
    }
    assert!(codes[0].is_none(), "{codes:?}");
    assert!(
        codes
            .iter()
            .any(|c| c.as_deref() == Some("radius.tls-memory-budget")),
        "{codes:?}"
    );
}
