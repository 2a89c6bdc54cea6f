//! The client core (`proto::client`: the EAP-TLS peer and the NAS) against the server engine,
//! both sans-IO, in memory, at a fixed date: TLS 1.2 and 1.3 with MPPE keys equal to the MSK,
//! small fragments both ways, a lost reply retransmitted, a wrong secret, a refused chain.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lab_radius::proto::client::{
    Alert, ChainJudge, Exchange, NasSettings, NoAnswer, Outcome, PeerSetup, Stage, StopAfter,
};
use lab_radius::proto::eap::SessionLimits;
use lab_radius::proto::engine::clients::{Client, ClientTable};
use lab_radius::proto::engine::{Engine, EngineConfig, RandomSource};
use lab_radius::proto::tls::setup::{TlsSetup, TlsVersion};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const SECRET: &[u8] = b"client-sans-io";

fn read(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../certs")
            .join(name),
    )
    .unwrap()
}

/// 2030-01-01: inside the demo PKI's validity.
fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_893_456_000)
}

fn counter_random(seed: u8) -> RandomSource {
    let mut counter = seed;
    Box::new(move |buf: &mut [u8]| {
        for b in buf {
            counter = counter.wrapping_add(1);
            *b = counter;
        }
    })
}

fn engine(fragment_size: usize) -> Engine {
    engine_with(fragment_size, Arc::new(tls_setup()))
}

fn tls_setup() -> TlsSetup {
    TlsSetup::from_pem(
        &read("server-chain.pem"),
        &read("server.key"),
        &[&read("root-ca.pem")],
        TlsVersion::Tls12,
        TlsVersion::Tls13,
    )
    .unwrap()
}

fn engine_with(fragment_size: usize, setup: Arc<TlsSetup>) -> Engine {
    Engine::new(
        EngineConfig {
            limits: SessionLimits {
                fragment_size,
                ..SessionLimits::default()
            },
            ..EngineConfig::default()
        },
        setup,
        ClientTable::new(vec![
            Client::parse_spec("127.0.0.1/32=client-sans-io").unwrap()
        ]),
        counter_random(0),
    )
}

fn accept_all() -> ChainJudge {
    Arc::new(|_, _| Ok(()))
}

fn peer_setup(version: Option<TlsVersion>, judge: ChainJudge) -> PeerSetup {
    let mut chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(&read("alice.pem"))
            .map(Result::unwrap)
            .collect();
    chain.extend(CertificateDer::pem_slice_iter(&read("issuing-ca.pem")).map(Result::unwrap));
    let key = PrivateKeyDer::from_pem_slice(&read("alice.key")).unwrap();
    PeerSetup::new(
        Arc::new(rustls::crypto::ring::default_provider()),
        chain,
        key,
        version,
        judge,
        "alice@example.com".into(),
    )
    .unwrap()
}

fn nas(secret: &[u8]) -> NasSettings {
    NasSettings {
        secret: secret.to_vec(),
        timeout: Duration::from_secs(1),
        retries: 2,
        ..NasSettings::default()
    }
}

/// Runs the exchange against the engine; `drop_reply(n)` loses the n-th reply.
fn run(mut x: Exchange, server: &mut Engine, drop_reply: impl Fn(u32) -> bool) -> Exchange {
    let source: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let mut now = t0();
    let mut replies = 0u32;
    for _ in 0..200 {
        if x.outcome().is_some() {
            return x;
        }
        if let Some(request) = x.poll_transmit() {
            let handled = server.handle(now, source, &request);
            if let Some(reply) = handled.reply {
                replies += 1;
                if !drop_reply(replies) {
                    x.handle_datagram(now, &reply);
                    continue;
                }
            }
        }
        // Nothing came back: the timer fires.
        now = x.poll_timeout().expect("a pending request");
        x.handle_timeout(now);
    }
    panic!("the exchange did not finish");
}

fn accepted(x: &Exchange) {
    match x.outcome() {
        Some(Outcome::Accepted { mppe, premature }) => {
            assert!(mppe.present, "no MPPE keys");
            assert!(mppe.matches, "MPPE keys differ from the client's MSK");
            assert!(!premature);
        }
        other => panic!("not accepted: {other:?}"),
    }
    assert_eq!(x.peer().stage(), Stage::Success);
}

#[test]
fn both_versions_authenticate_with_mppe_keys_equal_to_the_msk() {
    for (version, name) in [
        (TlsVersion::Tls12, "TLSv1_2"),
        (TlsVersion::Tls13, "TLSv1_3"),
    ] {
        let setup = peer_setup(Some(version), accept_all());
        let mut server = engine(1398);
        let x = Exchange::new(nas(SECRET), setup.peer(t0()), counter_random(100), t0());
        let x = run(x, &mut server, |_| false);
        accepted(&x);
        let info = x.peer().info();
        assert_eq!(format!("{:?}", info.version.unwrap()), name);
        assert_eq!(x.status_server, Some(true));
        assert!(info.signature_scheme.is_some());
        assert_eq!(x.peer().server_record().chain.len(), 2, "the chain as sent");
    }
}

/// The demo server key is P-256 (128-bit strength): the server picks AES-128-GCM with SHA-256
/// although the client (rustls' default order) lists AES-256-GCM with SHA-384 first.
#[test]
fn a_p256_server_picks_aes_128_gcm_over_the_clients_first_choice() {
    for (version, suite) in [
        (
            TlsVersion::Tls12,
            rustls::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ),
        (
            TlsVersion::Tls13,
            rustls::CipherSuite::TLS13_AES_128_GCM_SHA256,
        ),
    ] {
        let setup = peer_setup(Some(version), accept_all());
        let mut server = engine(1398);
        let x = Exchange::new(nas(SECRET), setup.peer(t0()), counter_random(100), t0());
        let x = run(x, &mut server, |_| false);
        accepted(&x);
        assert_eq!(x.peer().info().suite, Some(suite));
    }
}

#[test]
fn peers_on_one_shared_config_each_authenticate_and_each_chain_is_judged() {
    let judged = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = judged.clone();
    let judge: ChainJudge = Arc::new(move |chain, _| {
        assert_eq!(chain.len(), 2);
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    });
    let setup = peer_setup(Some(TlsVersion::Tls13), judge);
    let shared = setup.shared(t0());
    let mut server = engine(1398);
    for seed in 0..3u8 {
        let peer = shared.peer();
        assert!(shared.owns(&peer), "one ClientConfig for every peer");
        let x = Exchange::new(nas(SECRET), peer, counter_random(50 + seed), t0());
        let x = run(x, &mut server, |_| false);
        accepted(&x);
        assert!(
            x.peer().server_record().chain.is_empty(),
            "shared peers record nothing"
        );
    }
    assert_eq!(judged.load(std::sync::atomic::Ordering::Relaxed), 3);
    assert!(
        !shared.owns(&setup.peer(t0())),
        "a single peer has its own config"
    );

    // A refusing judge still ends every shared session in a reject.
    let refuse: ChainJudge = Arc::new(|_, _| {
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ))
    });
    let setup = peer_setup(None, refuse);
    let shared = setup.shared(t0());
    for seed in 0..2u8 {
        let x = Exchange::new(nas(SECRET), shared.peer(), counter_random(60 + seed), t0());
        let x = run(x, &mut server, |_| false);
        assert!(
            matches!(x.outcome(), Some(Outcome::Rejected { .. })),
            "{:?}",
            x.outcome()
        );
        assert_eq!(
            x.peer().info().alert,
            Some(Alert::Sent(rustls::AlertDescription::UnknownCA))
        );
    }
}

#[test]
fn the_servers_path_cache_serves_the_second_authentication() {
    // alice sends the issuing CA: the first authentication verifies alice <- issuing CA <- root,
    // the next ones only alice against the cached issuing CA.
    let tls = Arc::new(tls_setup());
    let mut server = engine_with(1398, tls.clone());
    let setup = peer_setup(Some(TlsVersion::Tls13), accept_all());
    for (seed, hits) in [(70u8, 0u64), (71, 1), (72, 2)] {
        let x = Exchange::new(nas(SECRET), setup.peer(t0()), counter_random(seed), t0());
        accepted(&run(x, &mut server, |_| false));
        assert_eq!(tls.cached_path_hits(), hits);
    }
}

#[test]
fn small_fragments_both_ways() {
    let mut setup = peer_setup(None, accept_all());
    setup.fragment_size = 300;
    let mut server = engine(200);
    let x = Exchange::new(nas(SECRET), setup.peer(t0()), counter_random(7), t0());
    let x = run(x, &mut server, |_| false);
    accepted(&x);
    let info = x.peer().info();
    assert!(info.fragments_sent.iter().all(|&n| n <= 300));
    assert!(info.fragments_sent.iter().filter(|&&n| n == 300).count() >= 3);
    assert!(info.fragments_received.iter().all(|&n| n <= 200));
    assert!(x.round_trips > 10);
}

#[test]
fn a_lost_reply_is_retransmitted_and_answered_from_the_duplicate_cache() {
    let setup = peer_setup(None, accept_all());
    let mut server = engine(1398);
    let x = Exchange::new(nas(SECRET), setup.peer(t0()), counter_random(9), t0());
    let x = run(x, &mut server, |n| n == 3);
    accepted(&x);
    assert_eq!(x.retransmissions, 1);
}

#[test]
fn a_wrong_secret_gets_silence() {
    let setup = peer_setup(None, accept_all());
    let mut server = engine(1398);
    let x = Exchange::new(nas(b"wrong"), setup.peer(t0()), counter_random(1), t0());
    let x = run(x, &mut server, |_| false);
    assert_eq!(x.outcome(), Some(&Outcome::NoAnswer(NoAnswer::Silent)));
    assert_eq!(x.status_server, Some(false));
    assert_eq!(x.retransmissions, 2);
}

#[test]
fn a_refused_chain_sends_an_alert_and_ends_in_reject() {
    let judge: ChainJudge = Arc::new(|chain, _| {
        assert_eq!(chain.len(), 2);
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ))
    });
    let setup = peer_setup(None, judge);
    let mut server = engine(1398);
    let x = Exchange::new(nas(SECRET), setup.peer(t0()), counter_random(3), t0());
    let x = run(x, &mut server, |_| false);
    assert!(
        matches!(x.outcome(), Some(Outcome::Rejected { .. })),
        "{:?}",
        x.outcome()
    );
    assert_eq!(
        x.peer().info().alert,
        Some(Alert::Sent(rustls::AlertDescription::UnknownCA))
    );
}

#[test]
fn stop_after_leaves_the_session_half_open() {
    let setup = peer_setup(None, accept_all());
    let mut server = engine(1398);
    for (stop, stage) in [
        (StopAfter::Identity, Stage::Identity),
        (StopAfter::ServerHello, Stage::ServerHello),
    ] {
        let settings = NasSettings {
            stop_after: Some(stop),
            status_server: false,
            ..nas(SECRET)
        };
        let x = Exchange::new(settings, setup.peer(t0()), counter_random(5), t0());
        let x = run(x, &mut server, |_| false);
        assert_eq!(x.outcome(), Some(&Outcome::Stopped));
        // (With TLS 1.3 the server's first flight completes the handshake on our side; the
        // server still waits for our Finished.)
        assert!(
            x.peer().stage() >= stage && x.peer().stage() < Stage::Success,
            "{:?}",
            x.peer().stage()
        );
    }
}
