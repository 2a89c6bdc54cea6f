//! The lab-radius engine driven by a sequence of datagrams, as the shell drives it. Each record
//! of the input is one datagram; its control byte says whether it goes raw (any bytes from
//! anywhere) or as a correctly signed Access-Request from the configured NAS carrying the
//! payload as EAP, with or without the State of the last reply, and how far time moves.
#![no_main]
use std::net::SocketAddr;
use std::time::Duration;

use hs20_fuzz::{access_request, engine, nas, records, start_time};
use lab_radius::proto::radius::attr::STATE;
use lab_radius::proto::radius::Packet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut engine = engine();
    let mut now = start_time();
    let mut state: Option<Vec<u8>> = None;
    let stranger: SocketAddr = "192.0.2.9:1812".parse().unwrap();
    for (i, (control, payload)) in records(data).into_iter().enumerate() {
        // Bits 4–7: seconds that pass before this datagram (0–15, past the 10 s duplicate cache).
        now += Duration::from_secs(u64::from(control >> 4));
        let handled = match control & 0x3 {
            0 => engine.handle(now, nas(), payload),
            1 => engine.handle(now, stranger, payload),
            2 => engine.handle(now, nas(), &access_request(i as u8, payload, None)),
            _ => engine.handle(
                now,
                nas(),
                &access_request(i as u8, payload, state.as_deref()),
            ),
        };
        if let Some(reply) = handled.reply {
            let p = Packet::decode(&reply).expect("the engine's replies decode");
            if let Some(s) = p.first(STATE) {
                state = Some(s.to_vec());
            }
        }
        if control & 0x4 != 0 {
            let _ = engine.expire(now);
        }
        assert!(engine.session_count() <= 8, "the session cap holds");
    }
    let _ = engine.expire(now + Duration::from_secs(3600));
    assert_eq!(engine.session_count(), 0, "every session expires");
});
