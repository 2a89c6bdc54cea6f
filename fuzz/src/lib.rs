//! Helpers shared by the fuzz targets: the demo PKI as a TLS setup, a deterministic random
//! source, and the framing that turns one fuzz input into a sequence of datagrams.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lab_radius::proto::eap::SessionLimits;
use lab_radius::proto::engine::clients::{Client, ClientTable};
use lab_radius::proto::engine::{Engine, EngineConfig};
use lab_radius::proto::radius::attr::{EAP_MESSAGE, MESSAGE_AUTHENTICATOR, STATE, USER_NAME};
use lab_radius::proto::radius::auth::hmac_md5;
use lab_radius::proto::radius::packet::split_attribute;
use lab_radius::proto::radius::{Attribute, Packet};
use lab_radius::proto::tls::setup::{TlsSetup, TlsVersion};

/// The shared secret of the one configured client (127.0.0.1).
pub const SECRET: &[u8] = b"fuzz-secret";

/// A fixed "now" inside the demo certificates' validity.
pub fn start_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_780_000_000)
}

/// The demo PKI of the repository, compiled in (the fuzz binary reads no files).
pub fn tls_setup() -> Arc<TlsSetup> {
    static SETUP: OnceLock<Arc<TlsSetup>> = OnceLock::new();
    SETUP
        .get_or_init(|| {
            Arc::new(
                TlsSetup::from_pem(
                    include_bytes!("../../certs/server-chain.pem"),
                    include_bytes!("../../certs/server.key"),
                    &[include_bytes!("../../certs/root-ca.pem")],
                    TlsVersion::Tls12,
                    TlsVersion::Tls13,
                )
                .expect("the demo PKI makes a valid TLS setup"),
            )
        })
        .clone()
}

/// Counter bytes: deterministic, so every crash reproduces.
pub fn counter_random() -> Box<dyn FnMut(&mut [u8]) + Send> {
    let mut counter = 0u8;
    Box::new(move |buf: &mut [u8]| {
        for b in buf {
            counter = counter.wrapping_add(1);
            *b = counter;
        }
    })
}

/// An engine with one client, 127.0.0.1/32, and small limits so a fuzz input can reach them.
pub fn engine() -> Engine {
    let client = format!("127.0.0.1/32={}", std::str::from_utf8(SECRET).unwrap());
    Engine::new(
        EngineConfig {
            limits: SessionLimits {
                fragment_size: 1024,
                ..SessionLimits::default()
            },
            max_sessions: 8,
            ..EngineConfig::default()
        },
        tls_setup(),
        ClientTable::new(vec![Client::parse_spec(&client).expect("valid client spec")]),
        counter_random(),
    )
}

/// Splits `data` into records `[control u8][length u16 big-endian][payload]`; a short tail is
/// the last record's payload.
pub fn records(mut data: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while data.len() >= 3 {
        let control = data[0];
        let len = u16::from_be_bytes([data[1], data[2]]) as usize;
        let rest = &data[3..];
        let len = len.min(rest.len());
        out.push((control, &rest[..len]));
        data = &rest[len..];
    }
    out
}

/// A signed Access-Request from 127.0.0.1 carrying `eap` (split into EAP-Message attributes)
/// and `state`, with a valid Message-Authenticator: the way a real NAS wraps a station's EAP.
pub fn access_request(identifier: u8, eap: &[u8], state: Option<&[u8]>) -> Vec<u8> {
    let mut attributes = vec![Attribute::new(USER_NAME, b"fuzz@example.com".to_vec())];
    attributes.extend(split_attribute(EAP_MESSAGE, eap));
    if let Some(state) = state {
        attributes.push(Attribute::new(STATE, state.to_vec()));
    }
    attributes.push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
    let packet = Packet {
        code: 1,
        identifier,
        authenticator: [identifier; 16],
        attributes,
    };
    let mut bytes = packet.encode();
    if bytes.len() >= 16 {
        let mac = hmac_md5(SECRET, &bytes);
        let at = bytes.len() - 16;
        bytes[at..].copy_from_slice(&mac);
    }
    bytes
}

/// The NAS address the engine knows.
pub fn nas() -> SocketAddr {
    "127.0.0.1:40000".parse().unwrap()
}
